# The two commands a newcomer runs: `make run` and `make test`. Every target creates or
# reuses .venv by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false

.PHONY: run test dev bench docs lint clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Generate the Gannan demo inbox, run the whole pipeline, print the latest quarter.
run: $(STAMP)
	$(BIN)/courts demo --home data

## Run the test suite.
test: $(STAMP)
	$(BIN)/python -m pytest

## Dagster UI on http://localhost:3000 with a persistent DAGSTER_HOME in the project.
dev: $(STAMP)
	@mkdir -p .dagster_home
	@cp pipelines/instance/dagster.yaml .dagster_home/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster_home COURTS_HOME=$(CURDIR)/data $(BIN)/dagster dev -w workspace.yaml

## Benchmarks (print ratios measured in one run).
bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py --files 500
	$(BIN)/python bench/bench_incremental.py
	$(BIN)/python bench/bench_marts.py
	$(BIN)/python bench/bench_generate.py

## Regenerate docs/data_dictionary.md and docs/schema.sql from warehouse/tables.py.
docs: $(STAMP)
	$(BIN)/python -m warehouse.docs

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf data .dagster_home
