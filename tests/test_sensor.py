"""The inbox sensor starts an ingest run for files the warehouse has not ingested: not
for files already ingested, not for temporary files, and yes for a `.part` file once it
is renamed to its final name."""
import dagster as dg

from pipelines.sensors import inbox_sensor
from runtime.resources import WarehouseResource
from warehouse import db
from warehouse.ddl import ensure_schema
from warehouse.inbox import scan
from warehouse.publish import publish

HEADER = "案号,立案日期\n"


def _evaluate(settings):
    ctx = dg.build_sensor_context(resources={"warehouse": WarehouseResource.from_settings(settings)})
    return inbox_sensor(ctx)


def _publish_as_ingested(settings):
    """Record every file now in the inbox as ingested, as a finished run would."""
    with db.connect(settings.warehouse) as con:
        ensure_schema(con)
        con.execute("INSERT INTO courts VALUES ('甘3001', '合作市人民法院', '合作法院', 'basic', '甘30', '623001', 'basic:甘30')")
        for f in scan(settings.inbox):
            con.execute(
                "INSERT INTO ingested_files BY NAME SELECT ? AS file_path, '甘3001' AS court_code, 'x' AS sha256, "
                "? AS size_bytes, ? AS modified_at, 0 AS rows_read, 0 AS rows_loaded, 0 AS rows_rejected, "
                "'loaded' AS status, now() AS ingested_at",
                [f.path, f.size, f.modified],
            )
        publish(con, settings.published)


def test_sensor_reacts_to_files_not_yet_ingested(settings):
    court = settings.inbox / "甘3001"
    court.mkdir(parents=True)
    (court / "20240105.csv").write_text(HEADER, encoding="utf-8")
    first = _evaluate(settings)
    assert isinstance(first, dg.RunRequest) and first.tags["inbox/new_files"] == "1"
    assert _evaluate(settings).run_key == first.run_key, "the same new files never start two runs"

    _publish_as_ingested(settings)
    assert isinstance(_evaluate(settings), dg.SkipReason)

    part = court / "20240106.csv.part"
    part.write_text(HEADER + "（2024）甘3001民初1号,2024-01-06\n", encoding="utf-8")
    assert isinstance(_evaluate(settings), dg.SkipReason), "temporary files are ignored"

    part.rename(court / "20240106.csv")
    renamed = _evaluate(settings)
    assert isinstance(renamed, dg.RunRequest) and renamed.tags["inbox/new_files"] == "1"
    assert renamed.run_key != first.run_key
