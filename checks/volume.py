"""Delivery-volume anomaly warnings, as asset checks on `ingested_files` (severity WARN,
never blocking): a court's delivery ten times its usual size (`delivery_volume_spike`)
and a court silent for a week (`court_silent`). The queries are `checks/volume_*.sql`;
the thresholds are `warehouse/reference/volume_thresholds.csv`.

Readings: a delivery is all rows a court exported on one export date; its usual size is
the median of the court's earlier deliveries; only deliveries of the latest ingest run
are judged. "Silent" is measured against the newest export date in the warehouse (the
inbox's own clock), so replaying old exports does not make every court look silent.
"""
from __future__ import annotations

from pathlib import Path

import dagster as dg

from runtime import POOL
from runtime.resources import WarehouseResource
from warehouse import models, texttable

ASSET = dg.AssetKey("ingested_files")
SQL_DIR = Path(__file__).resolve().parent


def run_query(con, name: str) -> tuple[list[str], list[tuple]]:
    models.register_reference_views(con)
    models.register_macros(con, models.CHECK_MACROS)
    cur = con.execute((SQL_DIR / f"volume_{name}.sql").read_text(encoding="utf-8"))
    columns = [d[0] for d in cur.description]
    return columns, cur.fetchall()


def _md(columns: list[str], rows: list[tuple]) -> str:
    return texttable.markdown(columns, rows, limit=20, empty="none")


def _result(check: str, columns, rows, what: str) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=ASSET,
        check_name=check,
        passed=not rows,
        severity=dg.AssetCheckSeverity.WARN,
        description=f"{len(rows)} {what}" if rows else None,
        metadata={"failing": len(rows), "examples": dg.MetadataValue.md(_md(columns, rows))},
    )


@dg.asset_check(asset=ASSET, name="delivery_volume_spike", blocking=False, pool=POOL,
                description="Warning: a court's delivery in the latest run is at least 10× its usual size "
                            "(median of its earlier deliveries).")
def delivery_volume_spike(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        columns, rows = run_query(con, "delivery_spike")
    return _result("delivery_volume_spike", columns, rows, "deliveries far above their court's usual size")


@dg.asset_check(asset=ASSET, name="court_silent", blocking=False, pool=POOL,
                description="Warning: a registered court has delivered nothing for more than 7 days "
                            "(before the newest export date), or never.")
def court_silent(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with warehouse.connect() as con:
        columns, rows = run_query(con, "court_silent")
    return _result("court_silent", columns, rows, "registered courts silent")


CHECKS = [delivery_volume_spike, court_silent]
