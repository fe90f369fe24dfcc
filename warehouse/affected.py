"""How far back a change of `cases` or `case_links` can move the quarterly figures.

What belongs here: the snapshot of a table's rows before a step changes them, and the
earliest date from which a quarterly mart can differ afterwards (`affected_from`), by the
rules written in `warehouse/sql/affected/<table>.sql`. The step that changes both tables
(`core`, assets/core.py) records the earlier date in `raw.pending_changes`, in the
transaction that changes the tables (and in the metadata of its materialization, for the
UI); `pipelines.incremental` reads those rows to run the quarterly job from the first
quarter that can have changed instead of every quarter, and `consume` deletes the rows a
successful quarterly run has taken in.

Every quarterly mart is a function of `cases`, `case_links`/`case_families`, the registry
and the reference data. A quarter before the affected date has the same rows before and
after the change (the rules say why for each kind of change); a test rebuilds every
quarter and compares (tests/test_incremental_quarters.py).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from warehouse import db

SQL_DIR = Path(__file__).resolve().parent / "sql" / "affected"
ALL = "all"  # recorded when a step rebuilt its table whole: every quarter can have changed


def snapshot(con: duckdb.DuckDBPyConnection, name: str, where: str = "true") -> None:
    """Keep the rows of main.`name` matching `where` as temp table `<name>_before`."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name}_before AS SELECT * FROM main.{name} WHERE {where}")


def affected_from(con: duckdb.DuckDBPyConnection, name: str) -> date | None:
    """The earliest date a quarterly figure can differ since `snapshot(con, name)`, or
    None when no figure can."""
    return db.scalar(con, (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))


def as_metadata(day: date | None) -> str:
    """The value recorded in a materialization's metadata: an ISO date, or '' for none."""
    return day.isoformat() if day else ""


PENDING = "raw.pending_changes"


def record_pending(con: duckdb.DuckDBPyConnection, run_id: str, value: str) -> None:
    """Keep a build's `affected_from` (an ISO date, ALL, or '' when no figure can move:
    then nothing is kept) in raw.pending_changes, inside the build's transaction."""
    if not value:
        return
    day = None if value == ALL else value
    con.execute(f"DELETE FROM {PENDING} WHERE run_id = ?", [run_id])  # a re-executed step
    con.execute(f"INSERT INTO {PENDING} VALUES (?, now(), ?::DATE)", [run_id, day])


def pending(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(run_id, recorded_at) → affected_from (ISO date, or ALL) of every build the
    quarterly marts have not yet taken in."""
    rows = con.execute(f"SELECT run_id, recorded_at::VARCHAR, coalesce(affected_from::VARCHAR, '{ALL}') "
                       f"FROM {PENDING}").fetchall()
    return {(run_id, at): value for run_id, at, value in rows}


def consume(con: duckdb.DuckDBPyConnection, builds: list[tuple[str, str]]) -> None:
    """Delete the rows of these builds, as `pending` returned them (a quarterly run has
    taken them in); rows written since they were read stay for the next run, also a row
    the same run wrote again (a retried step)."""
    for run_id, at in builds:
        con.execute(f"DELETE FROM {PENDING} WHERE run_id = ? AND recorded_at::VARCHAR = ?", [run_id, at])
