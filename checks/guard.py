"""Write a table and check it in one transaction: if a blocking check fails the write is
rolled back (the table keeps its last good state), the failed results are reported and
the step fails, so nothing downstream runs on bad data. Also the one rule for what makes
a set of check results fail a step (`raise_if_blocking`), shared with the ingest asset
whose batches commit under their own pre-commit checks.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

from checks.registry import evaluate
from checks.structural import Written
from warehouse import db

# The key of `write`'s result naming the rows each table's write replaced ({table: Written}),
# for writes that refresh a few keys of a large table: their checks read only those rows.
WRITTEN = "_written"


class _BlockingChecksFailed(Exception):
    """Raised inside the transaction to roll it back; carries the results to report."""

    def __init__(self, results: list[dg.AssetCheckResult]):
        super().__init__("blocking checks failed")
        self.results = results


def blocking_failures(results: list[dg.AssetCheckResult]) -> list[dg.AssetCheckResult]:
    """The results that fail the step: not passed, severity ERROR."""
    return [r for r in results if not r.passed and r.severity == dg.AssetCheckSeverity.ERROR]


def raise_if_blocking(results: list[dg.AssetCheckResult], where: str = "", then: str = "") -> None:
    """Raise `dg.Failure` naming the failed blocking checks, if any: "blocking checks
    failed <where> (<names>); <then>" — `then` says what state the tables were left in."""
    failed = blocking_failures(results)
    if failed:
        names = ", ".join(f"{r.asset_key.to_user_string()}:{r.check_name}" for r in failed)
        raise dg.Failure(
            description=f"blocking checks failed{' ' + where if where else ''} ({names})" + (f"; {then}" if then else ""),
            metadata={"failed_checks": names},
        )


def guarded_write(
    con: duckdb.DuckDBPyConnection,
    tables: list[str],
    write: Callable[[duckdb.DuckDBPyConnection], dict],
) -> Iterator[dg.AssetCheckResult | dict]:
    """Run `write(con)` in a transaction, evaluate the checks of `tables`, commit only if
    no blocking check failed. Yields the check results, then the metadata `write`
    returned (as a dict) on success; raises `dg.Failure` after rolling back otherwise.
    When that metadata holds `WRITTEN`, the structural checks of those tables read the
    rows written only (`checks.structural.Written`)."""
    try:
        with db.transaction(con):
            meta = write(con) or {}
            written: dict[str, Written] = meta.pop(WRITTEN, {})
            results = [r for t in tables for r in evaluate(con, t, written.get(t))]
            if blocking_failures(results):
                raise _BlockingChecksFailed(results)
    except _BlockingChecksFailed as rolled_back:
        yield from rolled_back.results
        raise_if_blocking(rolled_back.results, then="the write was rolled back, tables keep their last good state")
    yield from results
    yield meta
