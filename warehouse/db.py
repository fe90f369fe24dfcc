"""Connections to the warehouse file. Every connection in the project comes from
`connect()`, so they all share one DuckDB configuration (opening the same file twice in
one process with different configs fails in DuckDB).

DuckDB allows one writer per file and the writer's lock also blocks readers in other
processes. Writes are serialized: inside a process by `WRITE_LOCK`, across Dagster runs by
the `duckdb` concurrency pool; a connect that meets another process's lock is retried with
backoff for `wait_seconds` and then fails with a message that says who to look for.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

WRITE_LOCK = threading.RLock()
TIMEZONE = "Asia/Shanghai"


def _config(threads: int | None, memory_limit: str | None) -> dict:
    """The DuckDB config of a connection. Without `threads` or `memory_limit` (a report
    writer's connection, its worker processes') it takes COURTS_THREADS and
    COURTS_MEMORY_LIMIT from the environment, so that the limit holds end to end: the
    issuer bulletins' read-only connection once took 7 GB under the default limit (80 %
    of RAM) at 42.7 M cases with COURTS_MEMORY_LIMIT=4GB."""
    threads = threads or int(os.environ.get("COURTS_THREADS") or 0) or None
    memory_limit = memory_limit or os.environ.get("COURTS_MEMORY_LIMIT") or None
    cfg: dict = {}
    if threads:
        cfg["threads"] = threads
    if memory_limit:
        cfg["memory_limit"] = memory_limit
    return cfg


def open_connection(
    path: Path | str,
    read_only: bool = False,
    threads: int | None = None,
    memory_limit: str | None = None,
    wait_seconds: float = 120.0,
) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only, config=_config(threads, memory_limit))
            # ICU is statically linked but not loaded before connect: set the zone after.
            con.execute(f"SET TimeZone = '{TIMEZONE}'")
            # DuckDB's own progress bar (a long statement's percentage on stdout) would
            # interleave with the run's log lines and fill Dagster's captured stdout
            con.execute("SET enable_progress_bar = false")
            return con
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                raise RuntimeError(
                    f"cannot open {path}: another process holds it ({exc}). Analysts should query the "
                    "published copy, not the pipeline's warehouse file."
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


@contextlib.contextmanager
def sandbox(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for ad-hoc SQL (`courts sql`) that can touch nothing but the
    file's own tables: no ATTACH of other files, no COPY … TO, no read_*/glob of the file
    system, no extension INSTALL/LOAD, and (configuration locked) no SET of options."""
    con = duckdb.connect(str(path), read_only=True, config=SANDBOX_CONFIG)
    try:
        con.execute(f"SET TimeZone = '{TIMEZONE}'")
        con.execute("SET lock_configuration = true")
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def connect(
    path: Path | str,
    read_only: bool = False,
    threads: int | None = None,
    memory_limit: str | None = None,
    wait_seconds: float = 120.0,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; read-write connections hold WRITE_LOCK while open."""
    lock = contextlib.nullcontext() if read_only else WRITE_LOCK
    with lock:
        con = open_connection(path, read_only, threads, memory_limit, wait_seconds)
        try:
            yield con
        finally:
            con.close()


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)?\s*$", re.IGNORECASE)
_UNIT = {"B": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
         "KIB": 2**10, "MIB": 2**20, "GIB": 2**30, "TIB": 2**40}


def memory_share(parts: int) -> str | None:
    """COURTS_MEMORY_LIMIT divided among `parts` processes that run at once (the report
    workers), so that together they stay within it; None when no limit is set, the whole
    limit when it is not a size this can divide."""
    limit = os.environ.get("COURTS_MEMORY_LIMIT")
    m = _SIZE.match(limit or "")
    if not limit or not m or parts <= 1:
        return limit or None
    size = float(m.group(1)) * _UNIT[(m.group(2) or "B").upper()]
    return f"{max(int(size / parts) // 10**6, 64)}MB"


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction: committed when the block ends, rolled back if it raises (any
    exception, also KeyboardInterrupt). The one place in the project that writes
    BEGIN/COMMIT/ROLLBACK."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        _rollback(con)
        raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if any: a COMMIT that failed (disk full) has ended
    it already, and the ROLLBACK's own error must not hide the reason."""
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple | None:
    """The first row of a query, with the result drained: DuckDB 2.0 refuses the next
    `con.sql()` while an `execute()` result is left half-read."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    row = one(con, sql, params)
    return row[0] if row else None
