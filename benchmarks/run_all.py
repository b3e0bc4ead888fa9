"""Run every benchmark with its default size, one after another, printing their figures.

    python benchmarks/run_all.py [--quick]

--quick uses small sizes (a smoke run of the benchmark code itself, not figures to report).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    runs = [
        ["screening.py", "engine", "--households", "5000" if quick else "100000"],
        [
            "screening.py",
            "vector",
            "--households",
            "5000" if quick else "100000",
            "--differential",
            "1000" if quick else "10000",
        ],
        ["screening.py", "bulk", "--households", "2000" if quick else "100000"],
        ["simulation.py", "--households", "2000" if quick else "100000"],
        ["casework.py", "--households", "2000" if quick else "10000"],
        ["levers.py", "--breakthroughs", "2000" if quick else "100000"],
        ["reports.py", "--breakthroughs", "20000" if quick else "1000000"],
        ["load.py", "--users", "50", "--seconds", "15" if quick else "60"],
        ["retention.py", "--households", "200" if quick else "5000"],
        ["logboek.py", "--rows", "2000" if quick else "200000"],
    ]
    for run in runs:
        print(f"\n=== {' '.join(run)} ===", flush=True)
        result = subprocess.run([sys.executable, str(HERE / run[0]), *run[1:]], check=False)  # noqa: S603
        if result.returncode:
            return result.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
