"""Publishing the analysts' read-only copy of the warehouse.

DuckDB's writer lock also blocks readers, so analysts never open the pipeline's file.
After a successful run the contract tables (schema `main`, with their COMMENTs; never the
raw layer) are copied into a fresh file next to the published path, which is then
atomically renamed over it. An analyst holding the old copy open keeps reading the old
file (same inode) and is never blocked; a new connection sees the new copy whole.

The copy is written in the storage format of DuckDB 1.1 (`PUBLISHED_STORAGE_VERSION`),
so analysts' DuckDB 1.1+ CLIs, drivers and BI tools open it; a file in DuckDB 2.0's own
format is unreadable to them.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.ddl import comment_sql, create_table_sql
from warehouse.tables import TABLES

PUBLISHED_STORAGE_VERSION = "v1.1.0"


def publish(con: duckdb.DuckDBPyConnection, published: Path) -> dict:
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con.execute(f"ATTACH '{tmp.as_posix()}' AS pub (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
    rows = {}
    try:
        for t in TABLES:
            if t.schema != "main":
                continue
            con.execute(create_table_sql(t, "pub"))
            for stmt in comment_sql(t, "pub"):
                con.execute(stmt)
            con.execute(f"INSERT INTO pub.{t.qualified} SELECT * FROM {t.qualified}")
            rows[t.name] = db.scalar(con, f"SELECT count(*) FROM pub.{t.qualified}")
    finally:
        con.execute("DETACH pub")
    os.replace(tmp, published)
    return {"path": str(published), "tables": len(rows), "rows": rows, "bytes": published.stat().st_size}
