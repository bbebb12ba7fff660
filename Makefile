# gongkai: two commands to start: `make run` (platform with demo data on SQLite) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
# make run serves like production (Chinese error pages, no debug pages); `make run DEBUG=1` to debug.
DEBUG ?= 0

.PHONY: install run test lint format typecheck unit bench lock clean e2e-deps

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "gongkai needs Python 3.11 (found %s)" % sys.version.split()[0]'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

run: install
	mkdir -p var
	$(BIN)/gongkai secretkey $${SECRET_KEY_FILE:-$${GONGKAI_VAR_DIR:-var}/secret_key}
	$(BIN)/gongkai migrate --noinput
	$(BIN)/gongkai demo --if-empty
	$(BIN)/gongkai reindex --repair
	$(BIN)/gongkai collectstatic --noinput --verbosity 0
	@echo "gongkai: serving on http://$(HOST):$(PORT)/ (staff login: http://$(HOST):$(PORT)/staff/)"
	@# the task worker (search index, text extraction) runs beside the web server and stops with it
	$(BIN)/gongkai db_worker --no-startup-delay --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$(DEBUG) $(BIN)/gunicorn -c python:gongkai.config.gunicorn gongkai.config.wsgi:application --bind $(HOST):$(PORT) --workers $(WORKERS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

typecheck: install
	$(BIN)/mypy --strict src/gongkai/workdays src/gongkai/annual

test: install lint typecheck
	$(BIN)/gongkai makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

unit: install
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

# `make bench` runs every suite; `make bench BENCH="readers search"` runs those named;
# BENCH_ARGS="--records 1000000" passes options to them.
bench: install
	$(BIN)/python -m bench $(BENCH) $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

# Browser-test helpers from the npm registry: axe-core (accessibility rules) for tests/e2e.
AXE_VERSION ?= 4.14.1
E2E_DEPS := tests/e2e/.deps
e2e-deps: $(E2E_DEPS)/node_modules/axe-core/axe.min.js

$(E2E_DEPS)/node_modules/axe-core/axe.min.js:
	mkdir -p $(E2E_DEPS)
	npm install --silent --no-audit --no-fund --prefix $(E2E_DEPS) axe-core@$(AXE_VERSION)

# Regenerate the lock file after changing pyproject.toml (needs network access to PyPI).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
