"""Write a table and check it in one transaction: if a blocking check fails the write is
rolled back (the table keeps its last good state), the failed results are reported and
the step fails, so nothing downstream runs on bad data.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

from checks.registry import evaluate


def guarded_write(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    write: Callable[[duckdb.DuckDBPyConnection], dict],
) -> Iterator[dg.AssetCheckResult | dict]:
    """Run `write(con)` in a transaction, evaluate the checks of `tables`, commit only if
    no blocking check failed. Yields the check results, then the metadata `write`
    returned (as a dict) on success; raises `dg.Failure` after rolling back otherwise."""
    con.execute("BEGIN TRANSACTION")
    try:
        meta = write(con) or {}
        results = [r for t in tables for r in evaluate(con, t)]
    except Exception:
        con.execute("ROLLBACK")
        raise
    failed = [r for r in results if not r.passed and r.severity == dg.AssetCheckSeverity.ERROR]
    if failed:
        con.execute("ROLLBACK")
        yield from results
        names = ", ".join(f"{r.asset_key.to_user_string()}:{r.check_name}" for r in failed)
        raise dg.Failure(
            description=f"blocking checks failed ({names}); the write was rolled back, tables keep their last good state",
            metadata={"failed_checks": names},
        )
    con.execute("COMMIT")
    yield from results
    yield meta
