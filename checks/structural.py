"""Structural checks generated from the table metadata: the table's columns and types
match `warehouse/tables.py`, its key is unique, its NOT NULL columns hold no NULLs.
Each returns (passed, metadata) and is named `<kind>` on the table's asset.
"""
from __future__ import annotations

import duckdb

from warehouse import db
from warehouse.ddl import drift
from warehouse.tables import Table


def columns_match(con: duckdb.DuckDBPyConnection, t: Table) -> tuple[int, list]:
    problem = drift(con, t)
    return (1, [problem]) if problem else (0, [])


def key_unique(con: duckdb.DuckDBPyConnection, t: Table) -> tuple[int, list]:
    if not t.key:
        return 0, []
    k = ", ".join(f'"{c}"' for c in t.key)
    rows = con.execute(
        f"SELECT {k}, count(*) AS n FROM {t.qualified} GROUP BY ALL HAVING count(*) > 1 ORDER BY n DESC LIMIT 5"
    ).fetchall()
    n = db.scalar(con,
        f"SELECT count(*) FROM (SELECT {k} FROM {t.qualified} GROUP BY ALL HAVING count(*) > 1)"
    )
    return n, rows


def not_null(con: duckdb.DuckDBPyConnection, t: Table) -> tuple[int, list]:
    cols = [c.name for c in t.columns if c.not_null]
    if not cols:
        return 0, []
    sums = ", ".join(f'count(*) FILTER (WHERE "{c}" IS NULL)' for c in cols)
    counts = db.one(con, f"SELECT {sums} FROM {t.qualified}")
    bad = [(c, n) for c, n in zip(cols, counts, strict=True) if n]
    return sum(n for _, n in bad), bad


STRUCTURAL = {
    "columns_match_metadata": (columns_match, "Columns and types match warehouse/tables.py."),
    "key_unique": (key_unique, "One row per declared key."),
    "not_null": (not_null, "Declared NOT NULL columns hold no NULLs."),
}
