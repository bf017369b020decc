# csto_press: `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run test lint fmt check migrations translations messages lock

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,dev]"
	touch $@

install: $(VENV)/.installed ## Create .venv and install the project with its test and dev tools (and axe-core via npm)
	@if [ ! -d node_modules/axe-core ]; then \
	  if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund; \
	  else echo "npm not found: the accessibility audit in tests/e2e will be skipped"; fi; \
	fi

run: install translations ## Migrate the SQLite database, load the demo content and serve on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --admin
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install translations ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(VENV)/bin/pytest

lint: install ## Lint and check formatting, system checks, missing migrations
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

fmt: install ## Format the code and fix what ruff can
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

translations: install ## Compile the interface translations (locale/*/LC_MESSAGES/*.po -> .mo) in pure Python
	$(PY) manage.py compile_translations

messages: install ## Re-extract the interface strings into locale/ru/LC_MESSAGES/django.po (needs GNU gettext)
	$(PY) manage.py makemessages -l ru --ignore=.venv --ignore=node_modules --ignore=bench --ignore=tests --no-obsolete

# uv resolves for any Python 3.11 on any platform (markers where they differ), from PyPI
# only: no pip or uv configuration of the machine's (extra indexes, local wheels) is read.
# Existing pins are kept while they still fit; `make lock LOCK_ARGS=--upgrade` moves them on.
lock: install ## Regenerate requirements.lock (pinned, hashed) from pyproject.toml's runtime dependencies
	env -u PIP_FIND_LINKS -u UV_INDEX_URL -u UV_EXTRA_INDEX_URL -u UV_FIND_LINKS UV_NO_CONFIG=1 \
	  $(VENV)/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	  --index-url https://pypi.org/simple $(LOCK_ARGS) --output-file requirements.lock pyproject.toml

.PHONY: prodcheck
prodcheck: install ## Prove the production stack without Docker: nginx + gunicorn + PostgreSQL + Redis, pages, headers, backup/restore
	$(PY) deploy/prodcheck.py

.PHONY: bench
bench: install ## Benchmark at 100k articles (gunicorn + nginx, production config, wrk); not part of `make test`
	$(PY) bench/run.py

.PHONY: bench-import
bench-import: install ## Import 100k generated releases with photos (archive/): time and memory; a database of its own
	$(PY) bench/import_archive.py

.PHONY: journey
journey: install translations ## The press office's hand-off in Chromium (write both languages with a photo, submit, mail, desk, publish): actions counted and time
	$(PY) -m pytest tests/e2e/test_press_office_day.py -k hand_off -q -s -p no:logging -p no:cacheprovider

.PHONY: compose-check
compose-check: install ## Prove docker-compose.yml for real: engine, images, stack, pages, 2 replicas, backup/restore (installs Docker if needed)
	$(PY) -m deploy.compose_check
