"""Who issues bulletins, and for which courts: the registry (`courts`) read as a
hierarchy. Each intermediate court reviews its basic courts (and itself), each high court
its province (every court below it), and the national issuer `全国` every court. The
mapping is `warehouse/reports/sql/issuer_courts.sql`; the issuers with their quarter's
figures are `issuers.sql`.

What belongs here: the mapping, choosing issuers (`COURTS_ISSUERS`), and `scope`, which
restricts a connection to one issuer's courts so the existing report SQL (quarterly,
monthly, weekly) reads only those courts. What does not: rendering (warehouse/reports/issuers.py).

How `scope` works: for each court-keyed table it creates a TEMP view of the same name
that keeps the issuer's rows of the file's table (`"<catalog>".main.<table>`). DuckDB
binds unqualified names (and `main.x` inside temp macros) to the temp catalog first, so
every report query and macro sees the issuer's courts only; leaving the block drops the
views (and puts back those of an enclosing scope: scopes nest). Temp objects only: it
works on a read-only connection.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import duckdb

from warehouse.reports.common import query

NATIONAL = "全国"
ALL = "all"

# Tables restricted by court_code, and rejected_rows by the files of those courts.
COURT_TABLES = (
    "courts", "cases", "case_versions", "ingested_files", "court_quarter_performance", "court_ytd_performance",
    "court_quarter_rankings", "judge_quarter_performance", "deadline_alerts", "long_pending_cases",
    "court_quarter_matter_ratio", "court_ytd_matter_ratio", "restatements",
    "court_quarter_standings", "quarter_end_long_pending", "quarter_end_deadline_alerts",
)


@dataclass(frozen=True)
class Issuer:
    code: str
    name: str
    short_name: str
    level: str                 # national / high / intermediate
    parent_code: str | None
    courts: int                # courts covered (itself included)
    courts_with_data: int      # of them, with cases carried over or received in the quarter
    cases: int
    fingerprint: str

    @property
    def has_data(self) -> bool:
        return self.courts_with_data > 0


def register_issuer_courts(con: duckdb.DuckDBPyConnection) -> None:
    """Temp table issuer_courts(issuer_code, court_code) from the registry."""
    con.execute("CREATE OR REPLACE TEMP TABLE issuer_courts AS " + _sql("issuer_courts"))


def _sql(name: str) -> str:
    from warehouse.reports.common import sql_file
    return sql_file(name)


def issuers(con: duckdb.DuckDBPyConnection, quarter: str) -> list[Issuer]:
    """Every issuer of the registry with its figures for `quarter`: national first, then
    high courts, then intermediate courts, by code."""
    register_issuer_courts(con)
    return [Issuer(code=r["issuer_code"], name=r["issuer_name"], short_name=r["issuer_short_name"],
                   level=r["issuer_level"], parent_code=r["issuer_parent_code"], courts=int(r["courts"]),
                   courts_with_data=int(r["courts_with_data"]), cases=int(r["cases"]),
                   fingerprint=r["fingerprint"])
            for r in query(con, "issuers", {"quarter": quarter})]


def issuer_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every issuer code of the registry."""
    register_issuer_courts(con)
    return [r[0] for r in con.execute("SELECT DISTINCT issuer_code FROM issuer_courts ORDER BY 1").fetchall()]


def covered_courts(con: duckdb.DuckDBPyConnection, issuer_code: str) -> list[str]:
    """The courts `issuer_code` covers, itself included (issuer_courts is built once per
    connection)."""
    if not con.execute("SELECT 1 FROM duckdb_tables() WHERE temporary AND table_name = 'issuer_courts'").fetchall():
        register_issuer_courts(con)
    return [r[0] for r in con.execute(
        "SELECT court_code FROM issuer_courts WHERE issuer_code = ? ORDER BY court_code", [issuer_code]).fetchall()]


def parse_selection(text: str | None) -> str | list[str] | None:
    """COURTS_ISSUERS: empty = the issuers with data, `all`, or codes separated by commas
    (`甘30,甘`; full-width commas accepted)."""
    text = (text or "").strip()
    if not text:
        return None
    if text.lower() == ALL:
        return ALL
    codes = [c.strip() for c in text.replace("，", ",").split(",") if c.strip()]
    return codes or None


def select(all_issuers: Iterable[Issuer], selection: str | list[str] | None) -> list[Issuer]:
    """The issuers to render: with data (None), every one (`all`) or the listed codes,
    which must be issuers of the registry."""
    all_issuers = list(all_issuers)
    if selection is None:
        return [i for i in all_issuers if i.has_data]
    if selection == ALL:
        return all_issuers
    by_code = {i.code: i for i in all_issuers}
    unknown = [c for c in selection if c not in by_code]
    if unknown:
        known = ", ".join(list(by_code)[:12]) + (" …" if len(by_code) > 12 else "")
        raise ValueError(f"COURTS_ISSUERS: {', '.join(unknown)} is not an issuer of the registry (intermediate "
                         f"or high court code, or {NATIONAL}); known: {known or 'none'}")
    return [by_code[c] for c in selection]


@contextlib.contextmanager
def scope(con: duckdb.DuckDBPyConnection, court_codes: Iterable[str],
          tables: Iterable[str] = COURT_TABLES) -> Iterator[None]:
    """Inside the block, the court-keyed `tables` of `con` show only `court_codes`.

    Scopes nest: an inner scope narrows some tables further (the quarterly bulletin keeps
    only the peer groups with data of the marts, `quarterly.bulletin_courts`) and, on
    leaving, puts back the views it replaced, so the outer scope holds again. Court codes
    go in with one statement, not a row each (the national issuer covers every court)."""
    tables = tuple(tables)
    catalog = con.execute("SELECT current_database()").fetchall()[0][0].replace('"', '""')
    depth = con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary "
                        "AND table_name LIKE 'scope_courts%'").fetchall()[0][0]
    holder = f"scope_courts_{depth}"
    views = (*tables, "rejected_rows") if "ingested_files" in tables else tables
    saved = dict(con.execute(
        "SELECT view_name, sql FROM duckdb_views() WHERE temporary AND list_contains(?, view_name)",
        [list(views)]).fetchall())
    con.execute(f"CREATE OR REPLACE TEMP TABLE {holder} (court_code VARCHAR PRIMARY KEY)")
    # an inner scope never widens the outer one
    outer = f" AND c IN (SELECT court_code FROM temp.main.scope_courts_{depth - 1})" if depth else ""
    con.execute(f"INSERT INTO temp.main.{holder} SELECT DISTINCT c FROM unnest(?::VARCHAR[]) u(c) "
                f"WHERE c IS NOT NULL{outer}", [list(court_codes)])
    try:
        for name in tables:
            con.execute(f'CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM "{catalog}".main.{name} '
                        f"WHERE court_code IN (SELECT court_code FROM temp.main.{holder})")
        if "ingested_files" in tables:
            con.execute(f'CREATE OR REPLACE TEMP VIEW rejected_rows AS SELECT * FROM "{catalog}".main.rejected_rows '
                        "WHERE file_path IN (SELECT file_path FROM temp.main.ingested_files)")
        yield
    finally:
        for name in views:
            con.execute(f"DROP VIEW IF EXISTS temp.main.{name}")
        for sql in saved.values():
            con.execute(sql)
        con.execute(f"DROP TABLE IF EXISTS temp.main.{holder}")
