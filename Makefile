# One task runner for people, the README and CI.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup run test lint typecheck unit bench docs clean

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

## Everything CI checks: lint, types, tests.
test: setup lint typecheck unit

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/indicators_bench.py --rows 1000000

docs: setup
	$(BIN)/python -m tradepulse.docs > docs/cli.md
	$(BIN)/python -m tradepulse.data.describe
	$(BIN)/python -m tradepulse.data.exceptions
	$(BIN)/python -m tradepulse.data.plausibility_exceptions

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
