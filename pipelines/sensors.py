"""The inbox sensor: starts `ingest_job` when the inbox holds files the warehouse has not
ingested in their current form.

It compares a scan of the inbox (`warehouse.inbox.scan`: names and sizes only, temporary
files skipped) with `ingested_files` in the analysts' published copy, opened read-only,
so the sensor never waits for or blocks the pipeline's writer, and keeps no cursor that
grows with the inbox. A `.part` file renamed to its final name is new because its final
path is unknown. While a run is still ingesting, the published copy lags and the same
files are proposed again: the run key names the files, so they never start two runs,
and ingestion is idempotent by content hash anyway.
"""
import hashlib

import dagster as dg
import duckdb

from pipelines.jobs import ingest_job
from runtime.resources import WarehouseResource
from warehouse import db
from warehouse.inbox import new_files, scan


def pending_files(warehouse: WarehouseResource) -> list:
    settings = warehouse.settings
    scanned = scan(settings.inbox)
    if not settings.published.exists():
        return scanned
    try:
        with db.connect(settings.published, read_only=True, wait_seconds=5) as con:
            return new_files(con, scanned)
    except (duckdb.Error, RuntimeError):
        return scanned  # an unreadable or older-format copy: let the run decide


@dg.sensor(job=ingest_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Start an ingest run when new files land in the inbox.")
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    fresh = pending_files(warehouse)
    if not fresh:
        return dg.SkipReason("no new files in the inbox")
    names = sorted(f"{f.path}:{f.size}" for f in fresh)
    key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    context.log.info(f"{len(names)} new files, e.g. {names[:3]}")
    return dg.RunRequest(run_key=f"inbox-{key}", tags={"inbox/new_files": str(len(names))})


SENSORS = [inbox_sensor]
