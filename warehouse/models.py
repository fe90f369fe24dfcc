"""Runs the `.sql` model files in `warehouse/sql/`, one file per table, named after it.

A model file is one SELECT whose output columns are matched BY NAME to the table's
declared columns; a model too large for one statement within the memory limit may first
create temp tables (`CREATE OR REPLACE TEMP TABLE <model>_…`), its last statement being
the SELECT (`statements`; they are dropped after the write). Models read their
parameters from temp tables the runner creates first, never from string formatting:

- `params_quarters(quarter, period_start, period_end, year_start)` — the quarters asked
  for (quarterly marts);
- `params_as_of(as_of_date)` — the as-of dates asked for (alerts, long-pending lists);
- `params_courts(court_code)` with the views `scoped_cases`, `scoped_courts` and
  `scoped_families` (`set_courts`) — the courts whose rows a per-court mart rebuilds:
  the macros read a court's OWN cases, registered row and families through these views,
  which hold every row unless a run narrows them; what a court's figures read of other
  courts (the appeals of its cases, the members of its families) reads `main` directly;
- `ref_<name>` — a view over every configuration CSV in `warehouse/reference/`
  (e.g. `ref_alert_thresholds`).

Formulas shared by several models are temp macros in `warehouse/sql/macros/`
(`performance.sql`: `court_performance(periods)`, used by the quarterly and year-to-date
tables; `matter_ratio.sql`: `court_matter_ratio(periods)`, the 案件比 of the quarterly and
year-to-date matter-ratio tables; `as_of_lists.sql`: `long_pending_at(dates)` and
`deadline_alerts_at(dates)`, the weekly lists and the quarter-end lists of the bulletin;
`loaded_files.sql`: `is_loaded(status)`, `loaded_files()`, `latest_export_date()`, which
files count, for models, reports, rules and the partition range alike; `latest_run.sql`:
`latest_loaded_run()`; `rates.sql`: the rates recomputed from counts, for the marts and
the report totals; `bulletin_groups.sql`: the quarterly bulletin's courts and their
peer groups, registered by the bulletin, not before models; `affected_summary.sql`: what
the rules of `sql/affected/` return, registered by `warehouse.affected`);
`register_macros` creates those listed in `SHARED_MACROS` before every model runs.
(`case_number.sql` is a template filled by `warehouse.casenumber`, which registers it.)

Writes are whole-table (`rebuild`) or per partition value (`replace_partitions`); the
caller wraps them in one transaction, so a failure leaves the previous state and a re-run
gives the same rows.
"""
from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.periods import quarter_bounds
from warehouse.settings import REFERENCE_DIR
from warehouse.tables import table

SQL_DIR = Path(__file__).resolve().parent / "sql"
MACRO_DIR = SQL_DIR / "macros"
SHARED_MACROS = ("loaded_files", "latest_run", "rates", "performance", "wilson", "matter_ratio", "as_of_lists",
                 "score")
# Macros bind to the tables they read when created, so a connection that has no reference
# views (the published copy, a check's connection) registers only those it uses:
LOADED_FILES = ("loaded_files",)  # is_loaded(status), loaded_files(), latest_export_date()
REPORT_MACROS = (*LOADED_FILES, "rates", "html")  # … the rates of summed counts and html(), for the report queries
CHECK_MACROS = (*LOADED_FILES, "latest_run")  # … and latest_loaded_run()
BULLETIN_MACROS = ("bulletin_groups",)  # bulletin_groups(quarter), for the quarterly bulletin's queries


def sql_text(name: str) -> str:
    path = SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


_PREPARED_TABLE = re.compile(r"^\s*create\s+or\s+replace\s+temp\s+table\s+(\w+)\s", re.IGNORECASE)


def statements(name: str) -> tuple[list[tuple[str, str]], str]:
    """A model file's statements: (temp table, statement creating it) for those before
    the last, and the SELECT of its rows (the last). Only `CREATE OR REPLACE TEMP TABLE
    <name>_…` may come before it."""
    *prepare, query = [s.query for s in duckdb.extract_statements(sql_text(name))]
    tables = []
    for stmt in prepare:
        m = _PREPARED_TABLE.match(_without_comments(stmt))
        if not m or not m.group(1).startswith(f"{name}_"):
            raise ValueError(f"warehouse/sql/{name}.sql: a statement before the last must be "
                             f"CREATE OR REPLACE TEMP TABLE {name}_…, not: {stmt.strip()[:80]}")
        tables.append((m.group(1), stmt))
    return tables, query


def _without_comments(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


# Temp tables whose statement is run in parts, each for the keys `in_model_part(key)`
# holds (a hash partition), so that no part holds more than about `rows per part` rows at
# once: temp table -> (the query counting the rows to split, rows per part). A refresh
# counts only the keys in its scope, so a small one stays one statement.
# The walk of case_links holds one row per start with its path, in memory (a recursive
# CTE does not spill): 8–10 M starts ran out of a 4 GB memory_limit at 42.7 M cases.
PARTS = {"case_links_roots": ("SELECT count(*) FROM case_links_edges WHERE in_model_scope(case_number)", 2_000_000)}

_TEMP_TABLE_QUERY = re.compile(r"^\s*create\s+or\s+replace\s+temp\s+table\s+\w+\s+as\s", re.IGNORECASE)


def _parts(con: duckdb.DuckDBPyConnection, temp: str) -> int:
    """How many parts `temp`'s statement runs in (PARTS; 1 when it is not listed)."""
    if temp not in PARTS:
        return 1
    count, per_part = PARTS[temp]
    return max(1, -(-db.scalar(con, count) // per_part))


def _prepare(con: duckdb.DuckDBPyConnection, temp: str, stmt: str) -> None:
    """Create one of a model's temp tables: in one statement, or (PARTS) the first part
    creating it and each further part inserting its rows."""
    n = _parts(con, temp)
    if n == 1:
        con.execute("CREATE OR REPLACE TEMP MACRO in_model_part(key_value) AS true")
        con.execute(stmt)
        return
    body = _without_comments(stmt)
    query = body[_TEMP_TABLE_QUERY.match(body).end():]
    for i in range(n):
        con.execute(f"CREATE OR REPLACE TEMP MACRO in_model_part(key_value) AS hash(key_value) % {n} = {i}")
        con.execute(stmt if i == 0 else f"INSERT INTO {temp} {query}")
    con.execute("CREATE OR REPLACE TEMP MACRO in_model_part(key_value) AS true")


def _insert(con: duckdb.DuckDBPyConnection, name: str, rows: str = "{query}") -> None:
    """Insert the model's rows into its table: its temp tables first (`_prepare`), then
    `rows` (the model's query, or a SELECT over it as `{query}`); the temp tables are
    dropped after."""
    t = table(name)
    prepare, query = statements(name)
    for temp, stmt in prepare:
        _prepare(con, temp, stmt)
    con.execute(f"INSERT INTO {t.qualified} BY NAME ({rows.format(query=query)})")
    for temp, _ in prepare:
        con.execute(f"DROP TABLE IF EXISTS {temp}")


_VALID_CSV: dict[Path, int] = {}


def validate_reference_csv(path: Path) -> None:
    """Every row of a reference CSV has as many fields as its header: DuckDB's sniffer
    would otherwise silently read a file with a stray comma as one column."""
    mtime = path.stat().st_mtime_ns
    if _VALID_CSV.get(path) == mtime:
        return
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = next(rows, None)
        if not header:
            raise ValueError(f"{path}: empty reference file (a header row is required)")
        for number, row in enumerate(rows, start=2):
            if row and len(row) != len(header):
                raise ValueError(
                    f"{path}, line {number}: {len(row)} fields, the header has {len(header)} "
                    "(quote values that contain commas)"
                )
    _VALID_CSV[path] = mtime


# --- preparing a connection once ---------------------------------------------------------
# Every model run, report query and check asks for the reference views and macros it
# needs; creating them costs ~60 ms a time (measured), so a connection that already holds
# them keeps them. What a connection holds is recorded IN the connection, as a temp view
# `prepared_<what>` whose text carries a key of the files it came from (their paths and
# modification times, and the overrides): a rolled-back transaction drops the marker with
# the views and macros created in it, a closed connection takes both with it, and a
# changed file or other overrides give another key, so they are created again.

def _prepared(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """{marker view name: its SQL} of the connection's `prepared_*` markers."""
    return dict(con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE temporary AND starts_with(view_name, 'prepared_')"
    ).fetchall())


def _key(*parts) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()


def _mark(con: duckdb.DuckDBPyConnection, what: str, key: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP VIEW prepared_{what} AS SELECT '{key}' AS key")


def _stamp(path: Path) -> tuple[str, int]:
    return str(path), path.stat().st_mtime_ns


def register_reference_views(con: duckdb.DuckDBPyConnection, overrides: dict[str, Path | None] | None = None) -> None:
    """`ref_<stem>` for every CSV of `warehouse/reference/`, plus `ref_indicator_ranges`
    (the default reasonable ranges declared in indicators.csv). `overrides` replaces a
    view by another CSV (a deployment's COURTS_RANGES / COURTS_WEIGHTS) or, for None, by
    an empty view with the same columns (no ranges / equal weights). Nothing is done if
    the connection already holds these views from the same files and overrides."""
    paths = sorted(REFERENCE_DIR.glob("*.csv"))
    key = _key([_stamp(p) for p in paths],
               sorted((n, _stamp(Path(p)) if p is not None and Path(p).exists() else p)
                      for n, p in (overrides or {}).items()))
    if key in _prepared(con).get("prepared_reference", ""):
        return
    _create_reference_views(con, paths, overrides)
    _mark(con, "reference", key)


def _create_reference_views(con, paths: list[Path], overrides: dict[str, Path | None] | None) -> None:
    for path in paths:
        validate_reference_csv(path)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW ref_{path.stem} AS "
            f"SELECT * FROM read_csv('{path.as_posix()}', header = true)"
        )
    con.execute(
        "CREATE OR REPLACE TEMP VIEW ref_indicator_ranges AS "
        "SELECT indicator, CAST(range_low AS VARCHAR) AS range_low, CAST(range_high AS VARCHAR) AS range_high, "
        "CAST(range_source AS VARCHAR) AS source "
        "FROM ref_indicators WHERE range_low IS NOT NULL OR range_high IS NOT NULL"
    )
    for name, path in (overrides or {}).items():
        if path is None:
            con.execute(f"CREATE OR REPLACE TEMP TABLE ref_{name}_none AS SELECT * FROM ref_{name} LIMIT 0")
            con.execute(f"CREATE OR REPLACE TEMP VIEW ref_{name} AS SELECT * FROM ref_{name}_none")
            continue
        path = Path(path)
        if not path.exists():
            raise ValueError(f"{path}: configuration file for {name} not found")
        validate_reference_csv(path)
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW ref_{name} AS "
            f"SELECT * FROM read_csv('{path.as_posix()}', header = true, all_varchar = true)"
        )


def register_macros(con: duckdb.DuckDBPyConnection, names: Iterable[str] = SHARED_MACROS) -> None:
    """Create (or replace) the temp macros of `warehouse/sql/macros/<name>.sql` for each
    of `names` (default: all of `SHARED_MACROS`). Temp macros work on read-only
    connections too (they live in the connection's temp catalog). A macro file the
    connection already holds, unchanged, is not created again."""
    prepared = _prepared(con)
    for name in names:
        path = MACRO_DIR / f"{name}.sql"
        key = _key(_stamp(path))
        if key in prepared.get(f"prepared_macros_{name}", ""):
            continue
        if name in SCOPED_MACROS and not db.scalar(
                con, "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'scoped_cases'"):
            set_courts(con, None)  # a macro binds the relations it reads when created
        con.execute(path.read_text(encoding="utf-8"))
        _mark(con, f"macros_{name}", key)


def set_quarters(con: duckdb.DuckDBPyConnection, quarters: Iterable[str]) -> list[str]:
    quarters = sorted(set(quarters))
    rows = []
    for q in quarters:
        start, end = quarter_bounds(q)
        rows.append((q, start, end, date(start.year, 1, 1)))
    con.execute(
        "CREATE OR REPLACE TEMP TABLE params_quarters "
        "(quarter VARCHAR, period_start DATE, period_end DATE, year_start DATE)"
    )
    if rows:
        con.executemany("INSERT INTO params_quarters VALUES (?, ?, ?, ?)", rows)
    return quarters


# The views the macros read a court's own rows through (set_courts), and what they narrow.
SCOPED = {"scoped_cases": "main.cases", "scoped_courts": "main.courts", "scoped_families": "main.case_families"}
SCOPED_MACROS = frozenset({"performance", "matter_ratio", "as_of_lists"})  # the macro files that read them


def set_courts(con: duckdb.DuckDBPyConnection, courts: Iterable[str] | None) -> list[str] | None:
    """Narrow the `scoped_*` views to `courts` (None: every row, the default): what a
    per-court partition rebuild (`replace_partitions`) reads of a court's own rows. Not
    `warehouse.issuers.scope`, which shadows whole tables for the reports: a court's
    figures also read other courts' rows of the same tables (the appeals of its cases,
    its families' members)."""
    courts = None if courts is None else sorted(set(courts))
    con.execute("CREATE OR REPLACE TEMP TABLE params_courts AS SELECT unnest(?::VARCHAR[]) AS court_code",
                [courts or []])
    where = "" if courts is None else " WHERE court_code IN (SELECT court_code FROM params_courts)"
    for view, source in SCOPED.items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM {source}{where}")
    return courts


def set_as_of(con: duckdb.DuckDBPyConnection, dates: Iterable[date]) -> list[date]:
    dates = sorted(set(dates))
    con.execute("CREATE OR REPLACE TEMP TABLE params_as_of (as_of_date DATE)")
    if dates:
        con.executemany("INSERT INTO params_as_of VALUES (?)", [(d,) for d in dates])
    return dates


def rebuild(con: duckdb.DuckDBPyConnection, name: str, reference: dict[str, Path | None] | None = None) -> int:
    """Replace the whole table with the model's rows; returns the row count. The caller
    owns the transaction (`db.transaction` or `checks.guard.guarded_write`)."""
    t = table(name)
    register_reference_views(con, reference)
    register_macros(con)
    con.execute("CREATE OR REPLACE TEMP MACRO in_model_scope(key_value) AS true")
    con.execute(f"DELETE FROM {t.qualified}")
    _insert(con, name)
    return db.scalar(con, f"SELECT count(*) FROM {t.qualified}")


def refresh(con: duckdb.DuckDBPyConnection, name: str, scope_sql: str) -> int:
    """Replace only the rows of `name` whose key is one of `scope_sql`'s rows (one
    column): delete them, then insert the model's rows for them, computed from those keys'
    inputs alone — the model filters its input with `in_model_scope(key)` (true in a
    whole `rebuild`), and rows it yields for other keys are not inserted. Returns the
    number of keys in scope. The caller owns the transaction. The scope must hold every key whose row can differ: a case's own
    versions for `cases`; for `case_links` and `case_families`, whose rows depend on other
    cases too, the scopes of assets/core.py (LINKS_SCOPE, FAMILIES_SCOPE)."""
    t = table(name)
    key = t.key[0]
    register_reference_views(con)
    register_macros(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE model_scope AS SELECT DISTINCT * FROM ({scope_sql}) s(k)")
    con.execute("CREATE OR REPLACE TEMP MACRO in_model_scope(key_value) AS key_value IN (SELECT k FROM model_scope)")
    con.execute(f'DELETE FROM {t.qualified} WHERE "{key}" IN (SELECT k FROM model_scope)')
    # never a row outside the scope: the checks of a refresh read the scope's rows only
    _insert(con, name, f'SELECT * FROM ({{query}}) WHERE "{key}" IN (SELECT k FROM model_scope)')
    return db.scalar(con, "SELECT count(*) FROM model_scope")


def replace_partitions(
    con: duckdb.DuckDBPyConnection, name: str, values: list, reference: dict[str, Path | None] | None = None,
    courts: list[str] | None = None,
) -> int:
    """Replace the rows of the given partition values (and, with `courts`, of those
    courts only: the table must have court_code and its model read a court's own rows
    through the `scoped_*` views); rows the model produces for other values are ignored.
    Returns the number of rows written. The caller owns the transaction."""
    t = table(name)
    col = t.partition_column
    if col is None:
        raise ValueError(f"{name} is not partitioned")
    if courts is not None and "court_code" not in {c.name for c in t.columns}:
        raise ValueError(f"{name} has no court_code: it cannot be rebuilt for some courts")
    register_reference_views(con, reference)
    set_courts(con, courts)
    register_macros(con)
    con.execute("CREATE OR REPLACE TEMP TABLE params_partitions AS SELECT unnest(?) AS v", [list(values)])
    where = f'"{col}" IN (SELECT v FROM params_partitions)' + (
        "" if courts is None else " AND court_code IN (SELECT court_code FROM params_courts)")
    con.execute(f"DELETE FROM {t.qualified} WHERE {where}")
    _insert(con, name, f"SELECT * FROM ({{query}}) WHERE {where}")
    return db.scalar(con, f"SELECT count(*) FROM {t.qualified} WHERE {where}")
