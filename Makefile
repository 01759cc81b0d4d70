# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate seed bench messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python -m portal migrate

seed: migrate
	$(BIN)/python -m portal seed-demo --if-empty

run: seed
	$(BIN)/python -m portal logins
	$(BIN)/python -m portal serve --host $(HOST) --port $(PORT)

test: install
	bash scripts/run-tests.sh

bench: install
	$(BIN)/python -m bench

messages: install
	$(BIN)/pybabel extract -F babel.cfg -o src/portal/locale/messages.pot src templates

clean:
	rm -rf $(VENV) data
