# Rencontres: `make run` serves the demo, `make test` runs everything CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEBIAN_RUNTIME := gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk
DEBIAN_TEST := postgresql chromium fonts-liberation poppler-utils nginx

.PHONY: run serve test lint lock audit migrations-check i18n messages pytest-sqlite pytest-postgres production-check bench bench-pretalx clean

# The exact versions and hashes of requirements.lock (reproducible installs), then the
# project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock
	@scripts/ensure-debian $(DEBIAN_RUNTIME)
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(PY) -m pip install -q --require-hashes -r requirements.lock 2>&1 | { grep -v '^WARNING: Location' || true; }
	$(PY) -m pip install -q --no-deps -e . 2>&1 | { grep -v '^WARNING: Location' || true; }
	@touch $@

# After changing the dependencies in pyproject.toml: pin them all again, with their hashes,
# for every platform and Python 3.12+ (commit requirements.lock with pyproject.toml).
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
	  --generate-hashes --index-url https://pypi.org/simple -o requirements.lock $(LOCK_ARGS)

audit: $(VENV)/.installed
	$(PY) scripts/audit-dependencies $(VENV)/bin/pip-audit

var/.compiled: $(VENV)/.installed $(wildcard rencontres/*/locale/*/LC_MESSAGES/django.po)
	@mkdir -p var
	cd rencontres && ../$(PY) ../manage.py compilemessages -v0
	@touch $@

run: var/.compiled
	$(MANAGE) migrate -v0
	$(MANAGE) bootstrap
	@echo "Serving on http://127.0.0.1:8000 with two task workers: mails, and long jobs (Ctrl-C stops all)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(MANAGE) db_worker --queue-name '*' --exclude-queues long & \
	  $(MANAGE) db_worker --queue-name long & \
	  DEBUG=$${DEBUG:-1} $(MANAGE) runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: $(VENV)/.installed
	$(MANAGE) makemigrations --check --dry-run

i18n: $(VENV)/.installed
	$(MANAGE) checktranslations

messages: $(VENV)/.installed
	$(MANAGE) checktranslations --update

# The quick checks side by side (pip-audit mostly waits for the registry), each one's output
# in one piece; then the two pytest passes and the production check, which use both cores.
test: var/.compiled
	@scripts/ensure-debian $(DEBIAN_TEST)
	$(MAKE) --jobs --output-sync=target lint audit migrations-check i18n
	$(MAKE) pytest-sqlite
	$(MAKE) pytest-postgres
	$(MAKE) production-check

# One worker per core (xdist). `--dist load` hands tests out in collection order, where
# pytest-django puts transactional tests last: as in a single process, no test runs after
# a transactional test's flush has emptied the rows that migrations insert (themes…), which
# `loadfile` would allow. Session fixtures (Chromium, live server) start once per worker.
PYTEST_WORKERS ?= auto
PYTEST := $(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist load

# Two passes, each test at least once (conftest.py sorts them). PostgreSQL (production): every
# test that touches the database, but the browser ones. SQLite (the default of `make run`):
# the browser tests, which click through the pages as `make run` serves them, the tests that
# touch no database, and the transactional ones (concurrency, workers, live server), whose
# commits and locks are where SQLite differs (WAL, IMMEDIATE transactions: settings.py). The
# other database tests, each in a transaction rolled back, run on PostgreSQL only: on both
# databases, `make test` took 10 minutes on 2 cores, close to its budget.
# `make pytest-sqlite RENCONTRES_SQLITE_PASS=` runs every test on SQLite;
# `make pytest-postgres POSTGRES_MARKS=` adds the browser tests on PostgreSQL.
POSTGRES_MARKS ?= not browser
pytest-sqlite:
	RENCONTRES_SQLITE_PASS=$${RENCONTRES_SQLITE_PASS-1} $(PYTEST) $(PYTEST_ARGS)

pytest-postgres:
	RENCONTRES_DATABASE_TESTS_ONLY=$${RENCONTRES_DATABASE_TESTS_ONLY-1} scripts/with-postgres \
	  $(PYTEST) -m "$(POSTGRES_MARKS)" $(PYTEST_ARGS)

# nginx, two gunicorn, two workers, PostgreSQL and SMTP on this machine; processes killed
# mid-run (deploy/check.py).
production-check: var/.compiled
	scripts/production-check

# The scale figure runs the production stack: nginx and PostgreSQL are needed.
bench: var/.compiled
	@scripts/ensure-debian nginx postgresql
	$(PY) bench/run.py $(BENCH_ARGS)

# Our program pages against pretalx 2025.2 installed into var/pretalx-venv (bench/against_pretalx.py).
bench-pretalx: var/.compiled
	$(PY) bench/against_pretalx.py $(BENCH_ARGS)

clean:
	rm -rf var/test* var/cache var/cache-gw*
