"""Structural checks generated from the table metadata: the table's columns and types
match `warehouse/tables.py`, its key is unique, its NOT NULL columns hold no NULLs, and
every value of a column declared with `references` exists in the table it references
(the plain foreign keys; rules with conditions stay SQL files in `checks/rules/`).
Each returns (number of failing rows, examples) and is named `<kind>` on the table's
asset; `checks_for(table)` lists the kinds that apply to a table.

`Written` narrows the key, NOT NULL and foreign-key checks to the rows a write replaced
(those whose first key column is among the keys it wrote), for writes that replace a few
keys of a large table: a national day's file refreshes a hundred of 5.7 M cases, and
checking the whole table cost more than the write. That is sound when every other row is
as it was when it last passed, which the writer guarantees (`models.refresh` inserts no
row outside its scope; ingest writes only its own files' rows). A foreign key is checked
on the written rows only when the table it references was written by the same write and
deleted no key that an unwritten row references (the writer says so in `same_write`);
otherwise on the whole table, since the referenced table may have lost rows on its own.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse import db
from warehouse.ddl import drift
from warehouse.tables import Table, table


@dataclass(frozen=True)
class Written:
    """The rows a write replaced: `keys` is SQL returning values of the table's first key
    column; `same_write` names the tables it wrote under the same scope rule, whose
    foreign keys into each other may be checked on the written rows."""
    keys: str
    same_write: frozenset[str] = frozenset()

    def describe(self, con: duckdb.DuckDBPyConnection) -> str:
        n = db.scalar(con, f"SELECT count(DISTINCT k) FROM ({self.keys}) s(k)")
        if n == 0:
            return "no rows: this write replaced none"
        return f"the rows of the {n} {'key' if n == 1 else 'keys'} this write replaced"


def _rows(t: Table, written: Written | None) -> str:
    """The relation a check reads: the whole table, or its rows this write replaced."""
    if written is None:
        return t.qualified
    return f'(SELECT * FROM {t.qualified} WHERE "{t.key[0]}" IN (SELECT * FROM ({written.keys})))'


def _column_rows(ref_table: str, written: Written | None) -> Written | None:
    """The rows a foreign key into `ref_table` is checked on: the written ones only when
    the same write wrote `ref_table`; else the whole table (None)."""
    return written if written is not None and ref_table in written.same_write else None


def reads_whole_table(kind: str, t: Table, written: Written | None) -> bool:
    """Whether check `kind` reads every row of `t` (for its `checked` metadata)."""
    if written is None:
        return True
    return kind == "foreign_keys" and any(
        _column_rows(c.references.partition(".")[0], written) is None for c in t.columns if c.references)


def columns_match(con: duckdb.DuckDBPyConnection, t: Table, written: Written | None = None) -> tuple[int, list]:
    problem = drift(con, t)
    return (1, [problem]) if problem else (0, [])


def key_unique(con: duckdb.DuckDBPyConnection, t: Table, written: Written | None = None) -> tuple[int, list]:
    """Keys held by more than one row: their number and the five most repeated, from one
    GROUP BY (the whole table is scanned once: 2.6 s on 12.8 M case_parties rows)."""
    if not t.key:
        return 0, []
    k = ", ".join(f'"{c}"' for c in t.key)
    found = con.execute(
        f"SELECT {k}, n, count(*) OVER () AS repeated FROM (SELECT {k}, count(*) AS n FROM {_rows(t, written)} "
        "GROUP BY ALL HAVING count(*) > 1) ORDER BY n DESC LIMIT 5"
    ).fetchall()
    return (found[0][-1] if found else 0), [row[:-1] for row in found]


def not_null(con: duckdb.DuckDBPyConnection, t: Table, written: Written | None = None) -> tuple[int, list]:
    cols = [c.name for c in t.columns if c.not_null]
    if not cols:
        return 0, []
    sums = ", ".join(f'count(*) FILTER (WHERE "{c}" IS NULL)' for c in cols)
    counts = db.one(con, f"SELECT {sums} FROM {_rows(t, written)}")
    bad = [(c, n) for c, n in zip(cols, counts, strict=True) if n]
    return sum(n for _, n in bad), bad


def foreign_keys(con: duckdb.DuckDBPyConnection, t: Table, written: Written | None = None) -> tuple[int, list]:
    """Rows whose non-NULL value of a `references` column is missing from the referenced
    table; examples are (column, value, rows)."""
    n, examples = 0, []
    for c in (c for c in t.columns if c.references):
        ref_table, _, ref_column = c.references.partition(".")
        missing = con.execute(
            f'SELECT "{c.name}" AS value, count(*) AS n FROM {_rows(t, _column_rows(ref_table, written))} x '
            f'WHERE "{c.name}" IS NOT NULL AND NOT EXISTS '
            f'(SELECT 1 FROM {table(ref_table).qualified} r WHERE r."{ref_column}" = x."{c.name}") '
            "GROUP BY ALL ORDER BY n DESC, value"
        ).fetchall()
        n += sum(k for _, k in missing)
        examples += [(c.name, v, k) for v, k in missing[:5]]
    return n, examples


STRUCTURAL = {
    "columns_match_metadata": (columns_match, "Columns and types match warehouse/tables.py."),
    "key_unique": (key_unique, "One row per declared key."),
    "not_null": (not_null, "Declared NOT NULL columns hold no NULLs."),
    "foreign_keys": (foreign_keys, "Every value of a column declared with `references` in warehouse/tables.py "
                                   "exists in the table it references."),
}


def checks_for(t: Table) -> list[str]:
    """The structural checks that apply to a table: foreign keys only where declared."""
    return [name for name in STRUCTURAL
            if name != "foreign_keys" or any(c.references for c in t.columns)]
