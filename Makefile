# FollowOn: two commands for a new user — `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DEPS_STAMP := $(VENV)/.deps-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)
ASSETS_STAMP := node_modules/.assets-$(shell cat package-lock.json followon/assets/*.scss | sha1sum | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000
# `make test` and `make bench` use PostgreSQL; `make run` uses SQLite unless DATABASE_URL is set.
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/followon)

.PHONY: help setup run test test-fast lint format bench eval-screen train-screen safety-case dpia accessibility-statement clean

help:
	@echo "make run    set up and start FollowOn with demo data at http://$(HOST):$(PORT)"
	@echo "make test   set up and run every test (PostgreSQL and Chromium included)"
	@echo "make lint   ruff + djlint + the app layers + hazard log + change procedure;  make bench  benchmarks"
	@echo "make safety-case   the clinical safety case report as one HTML document (build/safety-case/)"

$(DEPS_STAMP): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	@rm -f $(VENV)/.deps-* && touch $@

$(ASSETS_STAMP): package.json package-lock.json $(wildcard followon/assets/*.scss)
	@command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm)
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	@rm -f node_modules/.assets-* && touch $@

# Compiled translation catalogues (git-ignored), rebuilt when a .po changes (docs/adr/0027-languages.md).
CATALOGUES_MO := $(patsubst %.po,%.mo,$(wildcard followon/locale/*/LC_MESSAGES/django.po))

$(CATALOGUES_MO): %.mo: %.po $(DEPS_STAMP)
	$(PY) manage.py catalogues compile -v0

setup: $(DEPS_STAMP) $(ASSETS_STAMP) $(CATALOGUES_MO)

run: setup
	@mkdir -p staticfiles
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_demo_data --url http://$(HOST):$(PORT)/
	@scripts/run-demo.sh $(HOST) $(PORT)

test: setup
	@scripts/ensure-chromium.sh
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: setup
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint followon --lint
	$(VENV)/bin/lint-imports
	$(PY) -m followon.assurance.hazard_log
	$(PY) -m followon.assurance.change_check

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	BENCH_DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m bench

# The message screen on its labelled set (one line of figures), then on every blind portion in
# followon/safety/data/eval/ ("screen first_seen portion=..." lines). Pure Python: no database, no assets.
eval-screen: $(DEPS_STAMP)
	@$(PY) -m followon.safety.screen.evaluate

# Train the screen's learned layer on followon/safety/data/train/ (scikit-learn, a dev dependency):
# cross-validates, chooses thresholds, writes followon/safety/screen/learned_weights.json. Deterministic.
train-screen: $(DEPS_STAMP)
	@$(PY) -m followon.safety.screen.train

# The clinical safety case report, the hazard log and the current figures as one HTML document
# (docs/safety/; screen figures from eval-screen's command, benchmarks from bench/results/latest.json).
safety-case: $(DEPS_STAMP)
	@$(PY) -m followon.assurance.safety_case

# The DPIA's data inventory (docs/assurance/dpia.md) from the models and docs/assurance/data-classification.yaml.
dpia: $(DEPS_STAMP)
	@$(PY) manage.py dpia_inventory

# The figures /accessibility/ quotes, from the last complete run of the browser journeys (make test).
accessibility-statement: $(DEPS_STAMP)
	@$(PY) -m followon.assurance.accessibility

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 .pytest_cache test-artifacts build
