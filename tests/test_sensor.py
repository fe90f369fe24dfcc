"""The inbox sensor starts an ingest run for new files only: not for files it has seen,
not for temporary files, and yes for a `.part` file renamed to its final name even
though its contents are older than the last file seen."""
import os
import time

import dagster as dg

from pipelines.resources import WarehouseResource
from pipelines.sensors import inbox_sensor


def _evaluate(settings, cursor):
    ctx = dg.build_sensor_context(cursor=cursor, resources={"warehouse": WarehouseResource.from_settings(settings)})
    return inbox_sensor(ctx)


def _requests(result):
    return result.run_requests if isinstance(result, dg.SensorResult) else []


def test_sensor_reacts_to_new_files_only(settings):
    court = settings.inbox / "甘3001"
    court.mkdir(parents=True)
    (court / "20240105.csv").write_text("案号,立案日期\n", encoding="utf-8")
    first = _evaluate(settings, None)
    assert len(_requests(first)) == 1
    cursor = first.cursor

    again = _evaluate(settings, cursor)
    assert isinstance(again, dg.SkipReason)

    part = court / "20240106.csv.part"
    part.write_text("案号,立案日期\n", encoding="utf-8")
    old = time.time() - 3600
    os.utime(part, (old, old))                      # written long before the watermark
    assert isinstance(_evaluate(settings, cursor), dg.SkipReason), "temporary files are ignored"

    time.sleep(0.01)
    part.rename(court / "20240106.csv")             # renamed: now a finished export
    renamed = _evaluate(settings, cursor)
    reqs = _requests(renamed)
    assert len(reqs) == 1 and reqs[0].tags["inbox/new_files"] == "1"
    assert reqs[0].run_key != first.run_requests[0].run_key
