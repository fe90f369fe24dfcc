"""Publishing the analysts' read-only copy of the warehouse, built from an allow-list.

DuckDB's writer lock also blocks readers, so analysts never open the pipeline's file.
After a successful run the analyst-facing tables are copied into a fresh file next to the
published path, which is then atomically renamed over it. An analyst holding the old copy
open keeps reading the old file (same inode) and is never blocked; a new connection sees
the new copy whole. A failed write (disk full) leaves the old copy as it was.

What is copied is an explicit allow-list declared in `warehouse/tables.py`: tables with
`Table.published` (schema `main`, not `personal`) and, of those, the columns that are not
`personal`. Personal data (spec/warehouse.md "Personal data") stays in the pipeline's
file only: the raw layer, and `case_parties.party`. `case_parties` itself is published
with `case_number` and `position` only, because the contract (spec/contract.json) lists
the table with `case_number` and the spec says parties' names never reach analysts.
Columns with `published_as` are copied through a redaction of `REDACTIONS`:
`rejected_rows.raw_record` loses its personal fields (any header name that maps to
当事人, in any spelling), and rows that could not be split into columns keep only a note,
since their values cannot be told apart.

The copy is written in the storage format of DuckDB 1.1 (`PUBLISHED_STORAGE_VERSION`),
so analysts' DuckDB 1.1+ CLIs, drivers and BI tools open it; a file in DuckDB 2.0's own
format is unreadable to them.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.ddl import comment_sql, create_table_sql, quote_literal
from warehouse.headers import canonical
from warehouse.tables import PERSONAL_FIELDS, TABLES, Column, Table

PUBLISHED_STORAGE_VERSION = "v1.1.0"

WITHHELD = {"_withheld": "row could not be split into columns; its values are kept in the pipeline's copy only"}


def _raw_record_without_personal_fields(con: duckdb.DuckDBPyConnection, t: Table, c: Column) -> str:
    keys = [k for (k,) in con.execute(
        f'SELECT DISTINCT unnest(json_keys("{c.name}")) FROM {t.qualified} WHERE json_valid("{c.name}")'
    ).fetchall()]
    patch = json.dumps({k: None for k in keys if canonical(k) in PERSONAL_FIELDS}, ensure_ascii=False)
    withheld = json.dumps(WITHHELD, ensure_ascii=False)
    return (
        f"CASE WHEN list_contains(reasons, 'malformed_row') OR NOT json_valid(\"{c.name}\") "
        f"THEN {quote_literal(withheld)} "
        f"ELSE json_merge_patch(\"{c.name}\", {quote_literal(patch)})::VARCHAR END"
    )


REDACTIONS = {"raw_record_without_personal_fields": _raw_record_without_personal_fields}


def published_tables() -> tuple[Table, ...]:
    return tuple(t for t in TABLES if t.published)


def _select_list(con: duckdb.DuckDBPyConnection, t: Table) -> str:
    out = []
    for c in t.published_columns:
        if c.published_as:
            out.append(f'{REDACTIONS[c.published_as](con, t, c)} AS "{c.name}"')
        else:
            out.append(f'"{c.name}"')
    return ", ".join(out)


def publish(con: duckdb.DuckDBPyConnection, published: Path) -> dict:
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    rows = {}
    try:
        con.execute(f"ATTACH '{tmp.as_posix()}' AS pub (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
        try:
            for t in published_tables():
                cols = t.published_columns
                con.execute(create_table_sql(t, "pub", cols))
                for stmt in comment_sql(t, "pub", cols):
                    con.execute(stmt)
                names = ", ".join(f'"{c.name}"' for c in cols)
                con.execute(f"INSERT INTO pub.{t.qualified} ({names}) SELECT {_select_list(con, t)} FROM {t.qualified}")
                rows[t.name] = db.scalar(con, f"SELECT count(*) FROM pub.{t.qualified}")
            con.execute("CHECKPOINT pub")
        finally:
            con.execute("DETACH pub")
        os.replace(tmp, published)
    except BaseException:
        for leftover in (tmp, Path(str(tmp) + ".wal")):
            leftover.unlink(missing_ok=True)
        raise
    return {"path": str(published), "tables": len(rows), "rows": rows, "bytes": published.stat().st_size}
