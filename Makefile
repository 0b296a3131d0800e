# Self-documenting: `make help` lists the targets.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo runs with DEBUG off (cms/settings/demo.py) so it shows the Chinese error pages.
DEMO_SETTINGS := --settings=cms.settings.demo

.DEFAULT_GOAL := help
.PHONY: help install migrate demo-data demo demo-check serve worker test lint format bench clean messages

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the pinned dependencies

migrate: install ## Apply database migrations
	$(MANAGE) migrate --noinput

demo-data: migrate ## Load the demo county 青山市林源县 and print the demo accounts
	$(MANAGE) load_demo_data

demo: demo-data ## Set everything up and serve the demo on http://$(HOST):$(PORT)
	$(MANAGE) collectstatic --noinput --verbosity 0 $(DEMO_SETTINGS)
	@echo "演示站点: http://$(HOST):$(PORT)/   管理后台: http://$(HOST):$(PORT)/admin/"
	@# The job worker (spreadsheet imports) runs beside the server and stops with it.
	$(MANAGE) db_worker --no-startup-delay $(DEMO_SETTINGS) & WORKER=$$!; \
	trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT) $(DEMO_SETTINGS)

worker: migrate ## Run the background job worker (spreadsheet imports) in the foreground
	$(MANAGE) db_worker

demo-check: demo-data ## Prove the demo setup path: load, then request the home and admin login pages
	$(MANAGE) collectstatic --noinput --verbosity 0 $(DEMO_SETTINGS)
	$(MANAGE) demo_check $(DEMO_SETTINGS)

messages: ## Compile locale/zh_Hans/*.po (the admin's Chinese overrides) to .mo with msgfmt; commit both
	for d in django djangojs; do msgfmt --check -o locale/zh_Hans/LC_MESSAGES/$$d.mo locale/zh_Hans/LC_MESSAGES/$$d.po; done

lint: install ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Format the code with ruff
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: install ## Every gate: system check, migrations check, ruff, import contracts, pytest
	$(MANAGE) check --settings=cms.settings.test
	$(MANAGE) makemigrations --check --dry-run --settings=cms.settings.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest

bench: install ## Benchmarks (ratios against a baseline measured in the same run)
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean: ## Remove the virtualenv, the SQLite database and collected static files
	rm -rf $(VENV) db.sqlite3 staticfiles
