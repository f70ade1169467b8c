# The portal's two commands: `make run` and `make test`. Both set up everything first
# (system packages, .venv, Python packages) and are safe to run again.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
export PORT

.PHONY: help setup run test test-sqlite test-postgis lint format messages backup restore bench loadtest

help:
	@echo "make run     set up, migrate, load the real case and serve http://127.0.0.1:$(PORT)"
	@echo "make test    set up, then run the whole test suite on SpatiaLite and on PostGIS"
	@echo "make lint    ruff (lint and format check), manage.py check, makemigrations --check,"
	@echo "            the layers contract (lint-imports)"
	@echo "make format  format the code with ruff"
	@echo "make backup  write the whole portal to var/backups/portal-<time>.tar.gz"
	@echo "make restore FILE=…  restore a backup into an empty database"
	@echo "make bench   benchmark under gunicorn with national data (ARGS=--spatialite)"
	@echo "make loadtest  50 clients for 60 s, reads and writes; every write checked (ARGS=…)"

setup:
	@scripts/setup.sh

run:
	@scripts/setup.sh
	@scripts/run.sh

test:
	@scripts/setup.sh --test
	@scripts/test.sh

# One database only, for quick runs while developing: make test-sqlite ARGS="-k dialogue"
test-sqlite:
	@scripts/setup.sh --test
	@scripts/test.sh sqlite $(ARGS)

test-postgis:
	@scripts/setup.sh --test
	@scripts/test.sh postgis $(ARGS)

lint:
	@scripts/setup.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python manage.py check --fail-level WARNING
	.venv/bin/python manage.py makemigrations --check --dry-run
	.venv/bin/lint-imports
	scripts/messages.sh

# Collect the translatable messages of the whole portal into locale/sv (one catalogue);
# scripts/messages.sh (in `make lint`) runs the same in a temporary copy and compares.
messages:
	.venv/bin/python manage.py makemessages -l sv --no-location --no-obsolete -v 0 \
	  --ignore=.venv --ignore=var --ignore=tests --ignore='*/locale/*'

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

backup:
	@scripts/setup.sh
	.venv/bin/python manage.py backup

restore:
	@test -n "$(FILE)" || (echo "usage: make restore FILE=var/backups/portal-….tar.gz" && exit 2)
	@scripts/setup.sh
	.venv/bin/python manage.py migrate --noinput -v 0
	.venv/bin/python manage.py restore "$(FILE)"

# Not tests: a benchmark and a load test against gunicorn on 127.0.0.1 with national-scale
# data in a bench database of their own (PostGIS; ARGS=--spatialite for SpatiaLite).
# Results in bench-results/. See README, "Benchmark and load test". PostGIS needs the
# PostgreSQL server and PostGIS that `setup.sh --test` installs and starts.
BENCH_SETUP = scripts/setup.sh $(if $(findstring --spatialite,$(ARGS)),,--test)

bench:
	@$(BENCH_SETUP)
	.venv/bin/python scripts/bench.py $(ARGS)

loadtest:
	@$(BENCH_SETUP)
	.venv/bin/python scripts/loadtest.py $(ARGS)
