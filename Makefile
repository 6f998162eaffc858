# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast install install-dev lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, migrate, load the catalog (and demo data), serve at http://127.0.0.1:8000/
run: install
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py load_framework
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST)

## Install the test dependencies and run the whole suite (DATABASE_URL picks the database)
test: install-dev
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(BIN)/pytest -n auto

## The fast part while working: no browser, no PDF rendering, no Hypothesis, no subprocesses
test-fast: install-dev
	SECRET_KEY=$${SECRET_KEY:-test-only-not-secret} $(BIN)/pytest -m "not e2e and not slow"

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) staticfiles test-artifacts .pytest_cache
