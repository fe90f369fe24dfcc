"""How far back, and for which courts, a change of `cases` or `case_links` can move the
quarterly figures.

What belongs here: the snapshot of a table's rows before a step changes them, and what a
quarterly mart can differ in afterwards (`affected`): the earliest date, and the courts
whose rows of the per-court marts can differ, by the rules written in
`warehouse/sql/affected/<table>.sql`. The step that changes both tables (`core`,
assets/core.py) records them in `raw.pending_changes`, in the transaction that changes the
tables (and the date in the metadata of its materialization, for the UI);
`pipelines.incremental` reads those rows to run the quarterly job from the first quarter
that can have changed, for the courts that can have, instead of every quarter and court,
and `consume` deletes the rows a successful quarterly run has taken in.

Every quarterly mart is a function of `cases`, `case_links`/`case_families`, the registry
and the reference data. A quarter before the affected date, and a court not named, has the
same rows before and after the change (the rules say why for each kind of change); a test
rebuilds every quarter and compares (tests/test_incremental_quarters.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from warehouse import db, models

SQL_DIR = Path(__file__).resolve().parent / "sql" / "affected"
ALL = "all"  # recorded when a step rebuilt its table whole: every quarter can have changed


def snapshot(con: duckdb.DuckDBPyConnection, name: str, where: str = "true") -> None:
    """Keep the rows of main.`name` matching `where` as temp table `<name>_before`."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name}_before AS SELECT * FROM main.{name} WHERE {where}")


@dataclass(frozen=True)
class Moved:
    """What a build can have moved: figures from `since` on (None: none), of `courts`
    (None: of any court)."""

    since: date | None
    courts: frozenset[str] | None

    def __or__(self, other: Moved) -> Moved:
        if self.since is None or other.since is None:  # one moved nothing
            return other if self.since is None else self
        courts = None if self.courts is None or other.courts is None else self.courts | other.courts
        return Moved(min(self.since, other.since), courts)


def affected(con: duckdb.DuckDBPyConnection, name: str) -> Moved:
    """What a quarterly figure can differ in since `snapshot(con, name)`."""
    models.register_macros(con, ("affected_summary",))
    since, courts = db.one(con, (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8"))
    return Moved(since, None if courts is None else frozenset(courts))


def as_metadata(day: date | None) -> str:
    """The value recorded in a materialization's metadata: an ISO date, or '' for none."""
    return day.isoformat() if day else ""


PENDING = "raw.pending_changes"


def record_pending(con: duckdb.DuckDBPyConnection, run_id: str, value: str,
                   courts: frozenset[str] | None = None) -> None:
    """Keep a build's `affected_from` (an ISO date, ALL, or '' when no figure can move:
    then nothing is kept) and the courts whose figures can (None: any) in
    raw.pending_changes, inside the build's transaction."""
    if not value:
        return
    day = None if value == ALL else value
    courts = None if day is None or courts is None else sorted(courts)
    con.execute(f"DELETE FROM {PENDING} WHERE run_id = ?", [run_id])  # a re-executed step
    con.execute(f"INSERT INTO {PENDING} VALUES (?, now(), ?::DATE, ?::VARCHAR[])", [run_id, day, courts])


def pending(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(run_id, recorded_at) → affected_from (ISO date, or ALL) of every build the
    quarterly marts have not yet taken in."""
    rows = con.execute(f"SELECT run_id, recorded_at::VARCHAR, coalesce(affected_from::VARCHAR, '{ALL}') "
                       f"FROM {PENDING}").fetchall()
    return {(run_id, at): value for run_id, at, value in rows}


def pending_courts(con: duckdb.DuckDBPyConnection, builds: list[tuple[str, str]]) -> list[str] | None:
    """The courts whose figures these builds (as `pending` returned them) can have moved,
    in order; None when any court's can (a build that names none: whole, or older than
    the column)."""
    courts: set[str] = set()
    for run_id, at in builds:
        found = con.execute(f"SELECT affected_from IS NULL OR court_codes IS NULL, court_codes FROM {PENDING} "
                            "WHERE run_id = ? AND recorded_at::VARCHAR = ?", [run_id, at]).fetchall()
        if not found or found[0][0]:
            return None
        courts.update(found[0][1])
    return sorted(courts)


def consume(con: duckdb.DuckDBPyConnection, builds: list[tuple[str, str]]) -> None:
    """Delete the rows of these builds, as `pending` returned them (a quarterly run has
    taken them in); rows written since they were read stay for the next run, also a row
    the same run wrote again (a retried step)."""
    for run_id, at in builds:
        con.execute(f"DELETE FROM {PENDING} WHERE run_id = ? AND recorded_at::VARCHAR = ?", [run_id, at])
