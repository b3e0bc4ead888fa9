# Two commands for a newcomer: `make run` and `make test`. Both create and reuse .venv/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/doorbraak
DEMO_HOUSEHOLDS ?= 300
# pytest-xdist: one process per core (at most 4), each with its own PostgreSQL and Redis database.
PYTEST_WORKERS ?= auto

.PHONY: run test install lint format migrate demo messages openapi worker bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

## make run: the app on SQLite with eager Celery and demo data, at http://127.0.0.1:8000
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_regulations
	$(MANAGE) load_legal_levers
	$(MANAGE) seed_demo --households $(DEMO_HOUSEHOLDS) --if-empty
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend $(MANAGE) seed_breakthroughs
	$(MANAGE) runserver 127.0.0.1:8000

## make test: lint, import contracts, migrations check and the full suite on PostgreSQL and Redis
test: install
	bash bin/ensure-services.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	DJANGO_SETTINGS_MODULE=config.settings.dev $(MANAGE) makemigrations --check --dry-run
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest --create-db -n $(PYTEST_WORKERS) --maxprocesses 4

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## make openapi: regenerate the committed openapi.yaml (PostgreSQL settings: field ranges follow
## the production database)
openapi: install
	DJANGO_SETTINGS_MODULE=config.settings.test DATABASE_URL=$(TEST_DATABASE_URL) \
		$(MANAGE) spectacular --validate --fail-on-warn --file openapi.yaml

## make messages: extract and compile the translation catalogues
messages: install
	$(MANAGE) makemessages --locale en --ignore ".venv/*" --ignore "node_modules/*"
	$(MANAGE) compilemessages --ignore ".venv/*" --ignore "node_modules/*"

## make worker: a Celery worker with embedded beat against the configured Redis
worker: install
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO

## make bench: every benchmark against PostgreSQL and Redis (prints figures)
bench: install
	bash bin/ensure-services.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
