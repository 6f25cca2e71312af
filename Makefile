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
# Links in texts, emails and the calendar feed point here (`make run PORT=8010` sends links to 8010).
RUN_BASE_URL := $(if $(FOLLOWON_BASE_URL),$(FOLLOWON_BASE_URL),http://$(HOST):$(PORT))
# `make test` and `make bench` use PostgreSQL; `make run` uses SQLite unless DATABASE_URL is set.
TEST_DATABASE_URL ?= $(if $(DATABASE_URL),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/followon)

.PHONY: help setup run test test-fast test-clocks lint format audit restore-drill bench bench-scale bench-load eval-screen train-screen safety-case dpia accessibility-statement clean

help:
	@echo "make run    set up and start FollowOn with demo data at http://$(HOST):$(PORT)"
	@echo "make test   set up and run every test (PostgreSQL and Chromium included)"
	@echo "make lint   ruff + djlint + the app layers + hazard log + change procedure;  make bench  benchmarks"
	@echo "make safety-case   the clinical safety case report as one HTML document (build/safety-case/)"
	@echo "make audit   known vulnerabilities in the pinned packages;  make restore-drill  dump, restore, compare"

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
	FOLLOWON_BASE_URL=$(RUN_BASE_URL) $(PY) manage.py load_demo_data --url $(RUN_BASE_URL)/
	@FOLLOWON_BASE_URL=$(RUN_BASE_URL) scripts/run-demo.sh $(HOST) $(PORT)

test: setup
	@scripts/ensure-chromium.sh
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest $(PYTEST_ARGS)

test-fast: setup
	DATABASE_URL="$(TEST_DATABASE_URL)" $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

# The non-browser suite once per instant of CLOCKS (the test-session clock, `--clock` in conftest.py;
# docs/architecture.md "Testing"): quiet hours on a weekday, a minute before they end, a Sunday noon, the
# night the clocks go forward, the last minute of the year, a leap day. Not part of `make test`.
CLOCKS ?= 2026-12-08T21:30 Europe/London;2026-12-09T07:59 Europe/London;2026-12-06T12:00 Europe/London;2027-03-28T01:30Z;2026-12-31T23:59 Europe/London;2028-02-29T12:00 Europe/London
test-clocks: setup
	@clocks='$(CLOCKS)'; IFS=';'; failed=""; for clock in $$clocks; do \
		echo "== test clock: $$clock"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" FOLLOWON_TEST_CLOCK="$$clock" $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS) \
			|| failed="$$failed [$$clock]"; \
	done; if [ -n "$$failed" ]; then echo "failed at:$$failed"; exit 1; fi

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

# Known vulnerabilities in the pinned packages (pip-audit, in its own virtualenv so it never changes
# the app's) and in the front-end build (npm audit). Needs a route to PyPI's vulnerability API and the
# npm registry's advisory endpoint: README "Dependency audit". Exit 1 fixable, 2 could not audit.
AUDIT_VENV := .venv-audit
audit: $(DEPS_STAMP)
	@test -x $(AUDIT_VENV)/bin/pip-audit || ($(PYTHON) -m venv $(AUDIT_VENV) && $(AUDIT_VENV)/bin/pip install --quiet pip-audit==2.10.1)
	$(PY) -m followon.assurance.dependency_audit --pip-audit $(AUDIT_VENV)/bin/pip-audit

# Dump the database, restore it into a fresh one, compare every table's rows and the key tables'
# checksums (docs/deploy.md "Restore drill"). RESTORE_DRILL_URL: the database to drill.
RESTORE_DRILL_URL ?= $(TEST_DATABASE_URL)
restore-drill: $(DEPS_STAMP)
	@scripts/ensure-postgres.sh "$(RESTORE_DRILL_URL)"
	DATABASE_URL="$(RESTORE_DRILL_URL)" $(PY) manage.py restore_drill $(DRILL_ARGS)

bench: setup
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	BENCH_DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m bench

# Every key page at two NHS-wide scales (issue 16; bench/README.md). Not part of `make test`.
# SCALES=0.1,0.3 where S = 1 does not fit the time; BENCH_SCALE_ARGS=--reuse keeps loaded databases.
SCALES ?= 0.1,1
bench-scale: setup
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	BENCH_DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m bench.scale --scales $(SCALES) $(BENCH_SCALE_ARGS)

# Closed-loop load test of mixed journeys (issue 16 item 3; bench/README.md): two gunicorn app processes
# and two workers on one loaded database, Django's connection pool off then on. Not part of `make test`.
# It writes to LOAD_DATABASE (posts, answers, texts): the S = 1 database of `make bench-scale` by default,
# or a copy (`createdb -T scale_s1 mycopy`, then LOAD_DATABASE=mycopy). BENCH_LOAD_ARGS="--seconds 30".
LOAD_DATABASE ?= scale_s1
bench-load: setup
	@scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"
	BENCH_DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m bench.load --database $(LOAD_DATABASE) $(BENCH_LOAD_ARGS)

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
