"""The `restatements` asset (更正说明): rebuilt in every quarterly and monthly run before
the bulletins, it compares the latest issued version of every bulletin (issued_reports,
issued_figures — written by the bulletin assets and `courts report --issue`) with the
same figures computed now. Its non-blocking check `restatements:none` warns when any
issued figure has changed. The logic is `warehouse.reports.issued.rebuild_restatements`
and `warehouse/sql/restatements.sql`.
"""
import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse.reports.issued import rebuild_restatements

MARTS = ("court_quarter_performance", "court_ytd_performance", "court_quarter_matter_ratio",
         "court_ytd_matter_ratio", "cases")


@dg.asset(**table_asset_kwargs("restatements", deps=[dg.AssetKey(n) for n in MARTS]))
def restatements(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        yield from guarded(con, ["restatements"], lambda c: {"written": rebuild_restatements(c)})


ASSETS = [restatements]
