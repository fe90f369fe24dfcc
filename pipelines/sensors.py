"""The inbox sensor: starts `ingest_job` when new export files land.

The cursor is a watermark — the newest change time seen — plus the names changed at
exactly that time, so it stays small however many files the inbox holds. A file counts
by max(mtime, ctime): renaming a finished `.part` file updates its ctime, so a renamed
file is seen even when its contents were written before the watermark. Temporary files
are skipped by `warehouse.inbox.scan`. The run key names the files, so the same new
files never start two runs; ingestion itself is idempotent by content hash.
"""
import hashlib
import json

import dagster as dg
from warehouse.inbox import scan

from pipelines.jobs import ingest_job
from pipelines.resources import WarehouseResource


def new_since(files, cursor: str | None) -> tuple[list, str]:
    state = json.loads(cursor) if cursor else {"t": 0, "names": []}
    t0, seen = state["t"], set(state["names"])
    fresh = [f for f in files if f.changed_ns > t0 or (f.changed_ns == t0 and f.path not in seen)]
    if not fresh:
        return [], json.dumps(state)
    t1 = max(f.changed_ns for f in fresh)
    names = sorted(f.path for f in files if f.changed_ns == t1)
    return fresh, json.dumps({"t": t1, "names": names})


@dg.sensor(job=ingest_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED,
           description="Start an ingest run when new files land in the inbox.")
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    fresh, cursor = new_since(scan(warehouse.settings.inbox), context.cursor)
    if not fresh:
        return dg.SkipReason("no new files in the inbox")
    names = sorted(f.path for f in fresh)
    key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    context.log.info(f"{len(names)} new files, e.g. {names[:3]}")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"inbox-{key}", tags={"inbox/new_files": str(len(names))})],
        cursor=cursor,
    )


SENSORS = [inbox_sensor]
