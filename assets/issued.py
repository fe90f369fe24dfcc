"""The `restatements` asset (更正说明): rebuilt in every quarterly and monthly run before
the bulletins, it compares the latest issued version of every bulletin (issued_reports,
issued_figures — written by the bulletin assets and `courts report --issue`) with the
same figures computed now. Its non-blocking check `restatements:none` warns when any
issued figure has changed. The logic is `warehouse.reports.issued.rebuild_restatements`
and `warehouse/sql/restatements.sql`.

A quarterly run narrowed to some courts (`runtime.partitions.COURTS_TAG`: the marts
moved for those courts only) compares only their issued figures again, when every issued
version the table's last build compared (their ids are in its materialization's
metadata) is still the latest of its bulletin; otherwise, and in every other run, every
figure. A bulletin issued since needs no rows but those courts': it was issued after the
last build, so from marts whose other courts' rows have not moved since (the quarterly
job issues after the restatements step, from the same marts).
"""
import json

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.partitions import run_courts
from runtime.resources import WarehouseResource
from warehouse.reports.issued import latest_reports, rebuild_restatements

MARTS = ("court_quarter_performance", "court_ytd_performance", "court_quarter_matter_ratio",
         "court_ytd_matter_ratio", "cases")
KEY = dg.AssetKey("restatements")


def _narrowed_to(context: dg.AssetExecutionContext, issued: list[str]) -> list[str] | None:
    """The courts to compare again, or None for every court: the run's courts when no
    issued version the last build compared has been superseded since."""
    courts = run_courts(context.run.tags)
    if courts is None:
        return None
    event = context.instance.get_latest_materialization_event(KEY)
    last = event.asset_materialization.metadata if event and event.asset_materialization else {}
    if "issued_versions" not in last:
        return None
    compared = json.loads(last["issued_versions"].value)
    return courts if set(compared) <= set(issued) else None


@dg.asset(**table_asset_kwargs("restatements", deps=[dg.AssetKey(n) for n in MARTS]))
def restatements(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        issued = [r[0] for r in latest_reports(con)]
        courts = _narrowed_to(context, issued)
        compared = "every court" if courts is None else ", ".join(courts) or "none"
        yield from guarded(con, ["restatements"], lambda c: {
            "written": rebuild_restatements(c, courts), "issued_versions": json.dumps(issued),
            "compared_courts": compared})


ASSETS = [restatements]
