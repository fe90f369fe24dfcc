"""Engines that compute the marts from the same model SQL (`warehouse/sql/`).

What belongs here: choosing an engine (`COURTS_ENGINE=duckdb|spark`) and the code that
runs the DuckDB model files on another engine — `translate` (DuckDB SQL to Spark SQL:
macro expansion, sqlglot transpilation and the dialect shims) and `spark` (a PySpark
session over the Parquet lake). DuckDB itself runs the models in `warehouse.models`.
"""
from __future__ import annotations

import os

ENGINES = ("duckdb", "spark")


def engine_from_env(env: dict[str, str] | None = None) -> str:
    env = os.environ if env is None else env
    name = env.get("COURTS_ENGINE", "duckdb").strip().lower() or "duckdb"
    if name not in ENGINES:
        raise ValueError(f"COURTS_ENGINE={name!r}: choose one of {', '.join(ENGINES)}")
    return name
