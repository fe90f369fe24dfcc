"""The inputs fingerprint that lets `courts run` skip a job already run on the same
inputs (pipelines.uptodate): it moves with the file log, the registry and the ranking
settings, and only with them; the run key also separates jobs and launch arguments. (The
skip itself, end to end: tests/test_late_corrections.py.)"""
import dataclasses

import duckdb

from pipelines import uptodate
from warehouse.ddl import ensure_schema


def _warehouse(settings):
    settings.warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(settings.warehouse)) as con:
        ensure_schema(con)
    return settings


def _log_a_file(settings, name):
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, rows_read, rows_loaded, "
                    "rows_rejected, status, ingested_at) VALUES (?, '甘30', ?, 1, 0, 0, 0, 'duplicate', now())",
                    [name, name])


def test_the_fingerprint_moves_with_the_file_log_and_the_settings_only(settings):
    settings = _warehouse(settings)
    first = uptodate.inputs_fingerprint(settings)
    assert uptodate.inputs_fingerprint(settings) == first  # nothing changed
    assert uptodate.inputs_fingerprint(dataclasses.replace(settings, weights="none")) != first
    assert uptodate.inputs_fingerprint(dataclasses.replace(settings, ranges="none")) != first
    _log_a_file(settings, "甘30/20240301_resent.csv")  # even a duplicate: the bulletin lists the files
    assert uptodate.inputs_fingerprint(settings) != first


def test_the_run_key_separates_jobs_and_launch_arguments():
    a = uptodate.run_key("f", "quarterly_job", {"tags": {"dagster/asset_partition_range_start": "2024Q1"}})
    assert a == uptodate.run_key("f", "quarterly_job", {"tags": {"dagster/asset_partition_range_start": "2024Q1"}})
    assert a != uptodate.run_key("f", "quarterly_job", {"tags": {"dagster/asset_partition_range_start": "2024Q2"}})
    assert a != uptodate.run_key("f", "weekly_job", {"tags": {"dagster/asset_partition_range_start": "2024Q1"}})
    assert a != uptodate.run_key("g", "quarterly_job", {"tags": {"dagster/asset_partition_range_start": "2024Q1"}})
