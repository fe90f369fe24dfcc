"""The Dagster runtime: what assets, checks and the assembly in `pipelines/` share about
*how* they run, and nothing about *what* they compute.

- `resources` — `WarehouseResource`, the one resource, built from `warehouse.settings`;
- `partitions` — the quarter partitions and the single-run backfill policy;
- `POOL` — the Dagster concurrency pool every warehouse writer joins (limit 1 in the
  instance's dagster.yaml, because DuckDB allows one writer per file);
- `TIMEZONE` — the project's time zone, declared once in `warehouse.db`.

Layers only point down: `pipelines` → `assets` → `checks` → `runtime` → `warehouse`
(tests/test_layers.py enforces it). Nothing here imports `assets`, `checks` or
`pipelines`; `warehouse` never imports Dagster.
"""
from warehouse.db import TIMEZONE

POOL = "duckdb"

__all__ = ["POOL", "TIMEZONE"]
