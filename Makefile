# Matchmaker: `make run` serves the demo region; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install browser migrate demo bench bench-tools bench-quick screenshots translations clean

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

# Debian's Chromium for the browser tests and screenshots (Playwright drives it; never `playwright install`)
browser:
	@test -x /usr/bin/chromium || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver; }

run: demo
	$(BIN)/matchmaker create-user --name "Demo beheerder" --email admin@demo.matchmaker.local --role admin | tail -n 1 > instance/admin-token.txt
	@echo ""
	$(BIN)/matchmaker demo-invitations --base-url http://$(HOST):$(PORT)
	@echo ""
	@echo "Matchmaker is serving the demo region on http://$(HOST):$(PORT)"
	@echo "  Pages:       http://$(HOST):$(PORT)/ (sign in with a link above)"
	@echo "  API docs:    http://$(HOST):$(PORT)/api/docs"
	@echo "  OpenAPI:     http://$(HOST):$(PORT)/api/openapi.json"
	@echo "  Admin token: $$(cat instance/admin-token.txt)   (also in instance/admin-token.txt)"
	@echo ""
	$(BIN)/matchmaker run --host $(HOST) --port $(PORT)

test: install browser
	$(BIN)/python -m pytest

# docs/screenshots/<role>[-<page>].png and their README: each role's start page and main pages on the demo region
screenshots: install browser
	$(BIN)/python -m tests.web.screenshots docs/screenshots

# after changing a message in the code or a template: update the catalogues, then translate the new entries
translations: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -o $(VENV)/messages.pot .
	$(BIN)/pybabel update -i $(VENV)/messages.pot -d matchmaker/translations --omit-header --ignore-obsolete -N -w 120

# wrk for the API under load (C: it leaves the cores to the server; without it a Python client takes its share)
bench-tools:
	@command -v wrk >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

bench: install bench-tools
	$(BIN)/python -m bench

bench-quick: install
	$(BIN)/python -m bench --quick

clean:
	rm -rf $(VENV) instance .pytest_cache
