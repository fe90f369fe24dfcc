"""Full lists next to a report (extracts): a bulletin prints at most COURTS_LIST_LIMIT rows
per court and list (HTML and workbook alike); every row of the list's published table for
the report's quarter and courts goes to `<report folder>/extracts/<table>.csv` and
`.parquet`, written by DuckDB `COPY (query) TO` — set at a time, never row by row.

What belongs here: which published table each extract holds, the query that reads it
(`sql/extract.sql`, inside the report's court scope, so it is exactly what an analyst's
SQL on the published copy returns for those courts), and the two writers. CSV files are
UTF-8 with a BOM (Excel opens Chinese correctly), headers in Chinese from the table
declaration, text cells escaped against formula injection by the same rule as
`warehouse/csvsafe.py` (`csv_cell` below mirrors `csvsafe.cell` in SQL). Parquet files
keep the table's own column names and types. Only published, non-personal columns are
written. What a report prints from these lists is in quarterly.py / weekly.py.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import csvsafe
from warehouse.reports.common import sql_file
from warehouse.tables import table

FOLDER = "extracts"
BOM = "\ufeff".encode()

# csvsafe.cell in SQL: a text cell starting with a formula trigger, unless it is a plain
# number, gets a leading single quote.
_ESCAPED = {"-": "\\-", "\t": "\\t", "\r": "\\r"}
_TRIGGERS = "".join(_ESCAPED.get(c, c) for c in csvsafe.TRIGGERS)
CSV_CELL_MACRO = (
    "CREATE OR REPLACE TEMP MACRO csv_cell(x) AS "
    f"CASE WHEN regexp_matches(x, '^[{_TRIGGERS}]') "
    f"AND NOT regexp_full_match(x, '{csvsafe._NUMBER.pattern}') THEN '''' || x ELSE x END"
)


@dataclass(frozen=True)
class Extract:
    """One extract: every row of published table `name` for the report (`where`, with
    $quarter when the table is per quarter), in the order the report lists them."""

    name: str
    where: str
    order: str

    def relative(self, suffix: str = "csv") -> str:
        """The path a report next to the `extracts/` folder links to."""
        return f"{FOLDER}/{self.name}.{suffix}"


# The quarterly bulletin's lists (order = the order the bulletin prints them in).
LONG_PENDING = Extract("quarter_end_long_pending", "quarter = $quarter", "court_code, age_days DESC, case_number")
DEADLINE_ALERTS = Extract("quarter_end_deadline_alerts", "quarter = $quarter",
                          "court_code, tier_rank, days_remaining, case_number")
JUDGES = Extract("judge_quarter_performance", "quarter = $quarter",
                 "court_code, rank_in_court NULLS LAST, closed DESC, judge")
FILES = Extract("ingested_files", "true", "court_code, file_path")
QUARTERLY = (LONG_PENDING, DEADLINE_ALERTS, JUDGES, FILES)


def extract_sql(extract: Extract) -> tuple[str, list[str]]:
    """The extract's query (published columns only) and those columns."""
    t = table(extract.name)
    if not t.published:
        raise ValueError(f"{extract.name} is not a published table: no extract of it")
    columns = [c.name for c in t.published_columns]
    select = ", ".join(f'"{c}"' for c in columns)
    return sql_file("extract", table=extract.name, columns=select, where=extract.where, order=extract.order), columns


def write_extracts(con: duckdb.DuckDBPyConnection, extracts: tuple[Extract, ...], folder: Path,
                   params: dict | None = None) -> dict[str, dict[str, Path]]:
    """Write each extract as CSV and Parquet under `folder/extracts/`; returns
    {name: {"csv": path, "parquet": path}}. Runs inside the report's court scope."""
    out = {}
    target = Path(folder) / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    con.execute(CSV_CELL_MACRO)
    for e in extracts:
        sql, columns = extract_sql(e)
        t = table(e.name)
        headers = [(c, t.column(c).zh, t.column(c).type.upper() == "VARCHAR") for c in columns]
        out[e.name] = {"csv": write_csv(con, sql, headers, target / f"{e.name}.csv", params or {}),
                       "parquet": _copy(con, sql, params or {}, target / f"{e.name}.parquet", "FORMAT parquet")}
    return out


def write_csv(con: duckdb.DuckDBPyConnection, sql: str, headers: list[tuple[str, str, bool]], path: Path,
              params: dict | None = None) -> Path:
    """The rows of `sql` as a CSV for Excel: `headers` is (column, Chinese header, is
    text) in order; text cells escaped (csv_cell), UTF-8 with a BOM in front of DuckDB's
    output (one file copy, not per row)."""
    con.execute(CSV_CELL_MACRO)
    cells = [f'{"csv_cell" if text else ""}("{c}") AS "{zh.replace(chr(34), "")}"' for c, zh, text in headers]
    path.parent.mkdir(parents=True, exist_ok=True)
    body = path.with_name(f".{path.name}.body")
    _copy(con, f"SELECT {', '.join(cells)} FROM ({sql})", params or {}, body,
          "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', DATEFORMAT '%Y-%m-%d', "
          "TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S'")
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as dst, body.open("rb") as src:
        dst.write(BOM)
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    body.unlink()
    tmp.replace(path)
    return path


def _copy(con: duckdb.DuckDBPyConnection, sql: str, params: dict, path: Path, options: str) -> Path:
    """COPY (sql) TO a temp name, then rename: a reader never sees half a file."""
    tmp = path.with_name(path.name + ".tmp")
    literal = str(tmp).replace("'", "''")
    used = {k: v for k, v in params.items() if f"${k}" in sql}  # DuckDB refuses unused parameters
    con.execute(f"COPY ({sql}) TO '{literal}' ({options})", used)
    os.replace(tmp, path)
    return path
