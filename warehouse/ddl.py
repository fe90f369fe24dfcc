"""DDL and COMMENT statements generated from `warehouse.tables`, and `ensure_schema`,
which brings a database file up to the declared shape.

NOT NULL is enforced by the blocking `not_null` check (with examples), not by DDL.
Derived tables whose columns drifted from the metadata are dropped and recreated (they
are rebuilt by their assets). A stateful table whose declaration only adds nullable
columns after the existing ones gets them (`ALTER TABLE … ADD COLUMN`, NULL in the rows it
holds: each such column says what NULL means for older rows); any other drift of a
stateful table is an error the operator must resolve, because its history cannot be
regenerated without re-ingesting the inbox.
"""
from __future__ import annotations

import duckdb

from warehouse.tables import TABLES, Table


def quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _name(t: Table, catalog: str | None) -> str:
    return f"{catalog}.{t.qualified}" if catalog else t.qualified


def create_table_sql(t: Table, catalog: str | None = None, columns=None) -> str:
    cols = ",\n    ".join(f'"{c.name}" {c.type}' for c in (t.columns if columns is None else columns))
    return f"CREATE TABLE IF NOT EXISTS {_name(t, catalog)} (\n    {cols}\n);"


def comment_sql(t: Table, catalog: str | None = None, columns=None) -> list[str]:
    name = _name(t, catalog)
    out = [f"COMMENT ON TABLE {name} IS {quote_literal(f'{t.zh}：{t.en}')};"]
    for c in (t.columns if columns is None else columns):
        out.append(f'COMMENT ON COLUMN {name}."{c.name}" IS {quote_literal(f"{c.zh}：{c.en}")};')
    return out


def schema_sql() -> str:
    """The whole warehouse DDL as one script (also written to docs/ for reviewers)."""
    parts = [f"CREATE SCHEMA IF NOT EXISTS {s};" for s in sorted({t.schema for t in TABLES})]
    for t in TABLES:
        parts.append(create_table_sql(t))
        parts.extend(comment_sql(t))
    return "\n".join(parts) + "\n"


def _existing_columns(con: duckdb.DuckDBPyConnection, t: Table) -> list[tuple[str, str]]:
    return con.execute(
        "select column_name, data_type from duckdb_columns() "
        "where schema_name = ? and table_name = ? order by column_index",
        [t.schema, t.name],
    ).fetchall()


def _normalized_type(type_: str) -> str:
    return type_.upper().replace(" ", "")


def drift(con: duckdb.DuckDBPyConnection, t: Table) -> str | None:
    """Describe how the table in the database differs from its declaration, or None."""
    have = _existing_columns(con, t)
    if not have:
        return None
    want = [(c.name, _normalized_type(c.type)) for c in t.columns]
    got = [(n, _normalized_type(ty)) for n, ty in have]
    if want == got:
        return None
    return f"declared {want} but the database has {got}"


def added_columns(con: duckdb.DuckDBPyConnection, t: Table) -> list:
    """The declared columns missing from the end of the table in the database, when that
    is its only difference and they may be NULL; else []."""
    have = [(n, _normalized_type(ty)) for n, ty in _existing_columns(con, t)]
    want = [(c.name, _normalized_type(c.type)) for c in t.columns]
    if not have or len(have) >= len(want) or want[:len(have)] != have:
        return []
    extra = list(t.columns[len(have):])
    return [] if any(c.not_null for c in extra) else extra


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for s in sorted({t.schema for t in TABLES}):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {s}")
    for t in TABLES:
        if t.stateful:
            for c in added_columns(con, t):
                con.execute(f'ALTER TABLE {t.qualified} ADD COLUMN "{c.name}" {c.type}')
        problem = drift(con, t)
        if problem and t.stateful:
            raise RuntimeError(
                f"table {t.qualified} does not match warehouse/tables.py ({problem}); "
                "it holds ingest history: migrate it by hand or rebuild the warehouse from the inbox"
            )
        if problem:
            con.execute(f"DROP TABLE {t.qualified}")
        con.execute(create_table_sql(t))
        for stmt in comment_sql(t):
            con.execute(stmt)
