"""No import cycle between the project's modules, counting imports inside functions; and the pure
report format loads no Django.

`lint-imports` (make test) checks the direction between the apps. This test reads every module's
syntax tree itself, so an import hidden in a function body to dodge a cycle counts like one at the
top. A package counts as its `__init__`; the implicit import of a module's parent package does not
(every package would otherwise form a cycle with the submodules it re-exports).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = (
    "config",
    "core",
    "casework",
    "regulations",
    "breakthroughs",
    "signals",
    "retention",
    "hub",
)


def _modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The project modules `name` imports anywhere in its body."""
    is_package = path.name == "__init__.py"
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from a import b` imports the module a.b when there is one, else a name from a.
            targets = [
                f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_the_project_has_no_import_cycle():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function(tmp_path):
    """The finder itself: a cycle closed by an import inside a function body is reported."""
    graph = {"a.services": {"a.tasks"}, "a.tasks": {"a.services"}, "a.views": {"a.services"}}
    assert cycles(graph) == [["a.services", "a.tasks"]]
    module = tmp_path / "services.py"
    module.write_text("def later():\n    from a.tasks import deliver\n")
    modules = {"a.services": module, "a.tasks": tmp_path / "tasks.py"}
    assert _imports("a.services", module, modules) == {"a.tasks"}


def test_the_report_format_loads_no_django():
    """What the hub and a municipality share must run without Django (and without the apps)."""
    probe = (
        "import sys; import signals.reporting.builder, signals.reporting.disclosure; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'rest_framework', 'celery', 'casework', 'regulations', 'breakthroughs', "
        "'hub', 'config') or (m.startswith('signals.') and not m.startswith('signals.reporting')) "
        "or (m.startswith('core.') and m not in ('core.identifiers', 'core.disclosure'))); "
        "print(loaded)"
    )
    result = subprocess.run(  # noqa: S603 - a fixed probe with this interpreter
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_rules_engine_loads_no_django():
    """The screening engine and the safety net run without Django; of core only the money format
    and the Dutch working days."""
    probe = (
        "import sys; import regulations.schemes.engine, regulations.schemes.safety_net; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('django', 'rest_framework', 'celery', 'casework', 'breakthroughs', 'signals', 'hub', "
        "'config') or (m.startswith('regulations.') and not m.startswith('regulations.schemes')) "
        "or (m.startswith('core.') and m not in "
        "('core.presentation', 'core.presentation.money', 'core.workdays'))); "
        "print(loaded)"
    )
    result = subprocess.run(  # noqa: S603 - a fixed probe with this interpreter
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
