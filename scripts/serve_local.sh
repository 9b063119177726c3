#!/usr/bin/env bash
# Run the background job worker (manage.py db_worker) next to the web server given as arguments,
# with the same environment, and stop the worker when the server ends (Ctrl+C included).
# Used by `make run` and `make serve`:  scripts/serve_local.sh .venv/bin/gunicorn bapas.wsgi ...
set -euo pipefail
PYTHON="${PYTHON:-.venv/bin/python}"

"$PYTHON" manage.py db_worker --no-startup-delay &
worker=$!
stop_worker() {
    kill "$worker" 2>/dev/null || true
    wait "$worker" 2>/dev/null || true
}
trap stop_worker EXIT

"$@"
