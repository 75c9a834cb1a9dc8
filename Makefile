# Two commands for a fresh machine: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest services migrate import-sample demo setup clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	@test -f .env || { cp .env.example .env; echo "created .env from .env.example"; }
	@$(BIN)/python -m bot.env_secrets .env
	$(BIN)/python -m bot run

migrate: $(STAMP)
	$(BIN)/python -m bot migrate

import-sample: $(STAMP)
	$(BIN)/python -m bot import-centres samples/centres.csv

# A demo database with 12 weeks of synthetic data and its digest in out/demo (no token needed).
demo: $(STAMP)
	$(BIN)/python -m bot demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The suite runs on SQLite and, for storage, FSM and flow tests, on real PostgreSQL and Redis
# that scripts/services.sh installs (Debian packages) and starts on 127.0.0.1.
pytest: $(STAMP)
	scripts/services.sh start
	set -a; eval "$$(scripts/services.sh env)"; set +a; \
	REQUIRE_SERVICES=1 $(BIN)/pytest -q; status=$$?; scripts/services.sh stop; exit $$status

services:
	scripts/services.sh start

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
