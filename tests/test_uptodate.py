"""The inputs fingerprint that lets `courts run` skip a job already run on the same
inputs (pipelines.uptodate): it moves with the file log, the registry and the ranking
settings, and only with them; the run key also separates jobs and launch arguments; ingest
is skipped only with nothing new since a successful run of the same setup. (The
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


def test_ingest_is_skipped_only_after_a_successful_run_of_the_same_setup_and_with_nothing_new(settings):
    """`courts run` skips ingest when its last run succeeded under the same code and
    settings and the inbox has no new or changed file; a failed last run, other settings
    or a changed file make it ingest again."""
    import dagster as dg

    from warehouse.inbox import scan

    settings = _warehouse(settings)
    export = settings.inbox / "甘30" / "20240301_案件信息.csv"
    export.parent.mkdir(parents=True, exist_ok=True)
    export.write_text("案号,立案日期\n", encoding="utf-8")
    [seen] = scan(settings.inbox)
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, modified_at, rows_read, "
                    "rows_loaded, rows_rejected, status, ingested_at) VALUES (?, '甘30', 'x', ?, ?, 0, 0, 0, "
                    "'loaded', now())", [seen.path, seen.size, seen.modified])
    instance = dg.DagsterInstance.ephemeral()
    setup = uptodate.setup_fingerprint(settings)

    def last_run(status, tags):
        instance.add_run(dg.DagsterRun(job_name="ingest_job", status=status, tags=tags))

    assert uptodate.inbox_done_before(settings, instance, setup) is None  # never ingested
    last_run(dg.DagsterRunStatus.SUCCESS, {uptodate.SETUP_TAG: setup})
    assert uptodate.inbox_done_before(settings, instance, setup) is not None
    assert uptodate.setup_fingerprint(dataclasses.replace(settings, weights="none")) != setup
    last_run(dg.DagsterRunStatus.FAILURE, {uptodate.SETUP_TAG: setup})
    assert uptodate.inbox_done_before(settings, instance, setup) is None
    last_run(dg.DagsterRunStatus.SUCCESS, {uptodate.SETUP_TAG: "other code or settings"})
    assert uptodate.inbox_done_before(settings, instance, setup) is None
    last_run(dg.DagsterRunStatus.SUCCESS, {uptodate.SETUP_TAG: setup})
    assert uptodate.inbox_done_before(settings, instance, setup) is not None
    export.write_text("案号,立案日期,结案日期\n", encoding="utf-8")  # re-delivered with other content
    assert uptodate.inbox_done_before(settings, instance, setup) is None


def test_an_edited_registry_file_changes_the_setup(settings, tmp_path):
    """A deployment's own registry CSV (COURTS_REGISTRY=path) is read by ingest: editing
    it must not let `courts run` skip ingest as if nothing changed."""
    from warehouse.settings import REFERENCE_DIR

    own = tmp_path / "courts.csv"
    own.write_bytes((REFERENCE_DIR / "courts" / "gannan.csv").read_bytes())
    settings = dataclasses.replace(settings, registry=str(own))
    before = uptodate.setup_fingerprint(settings)
    own.write_bytes(own.read_bytes() + b"\n")
    assert uptodate.setup_fingerprint(settings) != before
