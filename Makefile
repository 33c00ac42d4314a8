# One task runner for people, the README and CI.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run serve browser test lint typecheck unit bench docs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job on the embedded data: load it on first run, then the latest bulletin.
run: setup
	$(BIN)/tradepulse summary
	$(BIN)/tradepulse bulletin --format md --out out/bulletin-latest.md
	$(BIN)/tradepulse bulletin --format html --out out/bulletin-latest.html

## The web site and JSON API on http://127.0.0.1:8000/ (docs at /docs).
serve: setup
	$(BIN)/tradepulse serve

## Debian's Chromium for the browser tests, installed only where it is missing and apt-get
## can run (as root); otherwise those tests skip and say why.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: /usr/bin/chromium"; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	    && echo "chromium: installed" || echo "chromium: apt-get failed; browser tests will skip"; \
	else echo "chromium: not installed (needs apt-get as root); browser tests will skip"; fi

## Everything CI checks: lint, types, tests (with the browser tests in Chromium).
test: setup browser lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/indicators_bench.py --rows 1000000
	$(BIN)/python bench/check_bench.py
	$(BIN)/python bench/web_load.py

docs: setup
	$(BIN)/python -m tradepulse.docs > docs/cli.md
	$(BIN)/python -m tradepulse.data.describe
	$(BIN)/python -m tradepulse.data.exceptions
	$(BIN)/python -m tradepulse.data.plausibility_exceptions

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
