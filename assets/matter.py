"""案件比 assets (docs/matter_ratio.md): `case_links` and `case_families`, rebuilt whole
from `cases` after every ingest (core group), and the quarter-partitioned
`court_quarter_matter_ratio` / `court_ytd_matter_ratio`. Only asset definitions live
here: the formulas are in `warehouse/sql/<table>.sql` and
`warehouse/sql/macros/matter_ratio.sql`, the link kinds in
`warehouse/reference/link_kinds.csv`.

`case_links` records `affected_from` in its metadata: the earliest filing date among the
cases whose link changed in the rebuild (`warehouse.affected`), from which the quarterly
案件比 can differ.
"""
import dagster as dg

from assets.common import guarded, quarterly_table_asset, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse import affected, models


@dg.asset(**table_asset_kwargs("case_links", deps=[dg.AssetKey("cases")]))
def case_links(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        affected.snapshot(con, "case_links")

        def write(c):
            written = models.rebuild(c, "case_links")
            return {"written": written, "affected_from": affected.as_metadata(affected.affected_from(c, "case_links"))}

        yield from guarded(con, ["case_links"], write)


@dg.asset(**table_asset_kwargs("case_families", deps=[dg.AssetKey("cases"), dg.AssetKey("case_links")]))
def case_families(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        yield from guarded(con, ["case_families"], lambda c: {"written": models.rebuild(c, "case_families")})


ASSETS = [case_links, case_families] + [
    quarterly_table_asset(n, deps=["cases", "courts", "case_links", "case_families"])
    for n in ("court_quarter_matter_ratio", "court_ytd_matter_ratio")
]
