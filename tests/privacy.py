"""Scanning a warehouse file for party names (personal data): used by the tests that keep
the analysts' copy free of them."""
from __future__ import annotations

import duckdb


def party_names(pipeline: duckdb.DuckDBPyConnection) -> set[str]:
    """Every party name the pipeline holds (from raw 当事人), minus names that are also
    (part of) a judge's name: judges' names are work data and are published, and a scan
    cannot tell 李欣 the party from 李欣 in the judge 李欣怡."""
    rows = pipeline.execute(
        r"""SELECT DISTINCT trim(p) FROM (SELECT unnest(string_split_regex(parties, '[；;]')) AS p
            FROM raw.case_rows WHERE parties IS NOT NULL)
            WHERE length(trim(p)) >= 2"""
    ).fetchall()
    judges = "\n".join(r[0] for r in pipeline.execute(
        "SELECT DISTINCT judge FROM main.case_versions WHERE judge IS NOT NULL").fetchall())
    return {r[0] for r in rows if r[0] not in judges}


def text_values(con: duckdb.DuckDBPyConnection, schema: str = "main"):
    """(table, column, distinct text value) for every VARCHAR and VARCHAR[] column."""
    cols = con.execute(
        "SELECT table_name, column_name, data_type FROM duckdb_columns() "
        "WHERE schema_name = ? AND data_type IN ('VARCHAR', 'VARCHAR[]', 'JSON')", [schema]
    ).fetchall()
    for table, column, type_ in cols:
        expr = f'unnest("{column}")' if type_.endswith("[]") else f'"{column}"'
        for (v,) in con.execute(f'SELECT DISTINCT {expr} FROM {schema}."{table}"').fetchall():
            if v:
                yield table, column, v


def leaks(con: duckdb.DuckDBPyConnection, names: set[str], schema: str = "main") -> list[tuple[str, str, str]]:
    """(table, column, name) for every party name found inside a text value."""
    lengths = sorted({len(n) for n in names})
    found = []
    for table, column, v in text_values(con, schema):
        hit = next((v[i:i + n] for n in lengths for i in range(len(v) - n + 1) if v[i:i + n] in names), None)
        if hit:
            found.append((table, column, hit))
    return found
