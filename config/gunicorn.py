"""gunicorn for the web service. The Dockerfile, compose and `benchmarks/load.py` all start it
with this file (`gunicorn -c config/gunicorn.py`), so the load benchmark measures what
production runs. The address comes from the command line (`--bind`).

Threads rather than one request per process: a page spends part of its time waiting for
PostgreSQL, and a thread keeps an idle keep-alive connection without holding a process. Measured
with `python benchmarks/load.py`: 3 processes x 4 threads served as much as 5 single-threaded
processes and more than 2 x 6 (one process cannot use more than one core).
"""

import os

wsgi_app = "config.wsgi:application"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
# Longer than a client's pause between two requests on one connection, shorter than a proxy's
# idle timeout: a connection closed just as the client reuses it is a reset for that client.
keepalive = 5
