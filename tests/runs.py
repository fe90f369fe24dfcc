"""Helpers for the tests that run `courts run` as a separate process (end to end, two
runs at once): the command itself, and a content fingerprint of the contract tables."""
import json
import os
import subprocess
import sys

import duckdb

from warehouse.tables import TABLES

MAIN_TABLES = [t for t in TABLES if t.schema == "main"]

# Columns that record when and where a bulletin was issued: two warehouses built from the
# same files issue the same figures, at different times, into different folders.
ISSUE_CIRCUMSTANCES = {"issued_reports": "EXCLUDE (issued_at, file_paths, file_sha256)"}


def courts_command(*args) -> list[str]:
    return [sys.executable, "-m", "pipelines.cli", *args]


def run_env(dagster_home=None) -> dict:
    return {**os.environ, **({"DAGSTER_HOME": str(dagster_home)} if dagster_home else {})}


def courts(*args, timeout=900, dagster_home=None) -> dict:
    """`courts …` in a new process; asserts it succeeded and returns its JSON summary."""
    r = subprocess.run(courts_command(*args), capture_output=True, text=True, timeout=timeout,
                       env=run_env(dagster_home))
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-5000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


def snapshot(path, skip_files_like: str | None = None) -> dict:
    """A content fingerprint of every contract table (order-independent); with
    `skip_files_like`, without the ingested_files rows whose path is LIKE it."""
    con = duckdb.connect(str(path), read_only=True)
    out = {}
    for t in MAIN_TABLES:
        cols = ISSUE_CIRCUMSTANCES.get(t.name, "")
        where = "WHERE file_path NOT LIKE ?" if skip_files_like and t.name == "ingested_files" else ""
        out[t.name] = con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM (SELECT * {cols} FROM {t.qualified} {where}) t",
                                  [skip_files_like] if where else []).fetchone()
    con.close()
    return out
