# Matchmaker: `make run` serves the demo region; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install migrate demo bench bench-quick clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/matchmaker migrate

demo: migrate
	$(BIN)/matchmaker demo

run: demo
	$(BIN)/matchmaker create-user --name "Demo admin" --email admin@demo.matchmaker.local --role admin | tail -n 1 > instance/admin-token.txt
	@echo ""
	@echo "Matchmaker is serving the demo region on http://$(HOST):$(PORT)"
	@echo "  API docs:    http://$(HOST):$(PORT)/api/docs"
	@echo "  OpenAPI:     http://$(HOST):$(PORT)/api/openapi.json"
	@echo "  Admin token: $$(cat instance/admin-token.txt)   (also in instance/admin-token.txt)"
	@echo ""
	$(BIN)/matchmaker run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python -m bench

bench-quick: install
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) instance .pytest_cache
