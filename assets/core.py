"""Core assets derived from case_versions: `cases` (one row per case, its latest state,
deadline and duration) and `case_parties` (the parties of each case's latest version).
Both are rebuilt whole by one SQL statement each (`warehouse/sql/cases.sql`,
`case_parties.sql`) under their blocking checks, in one transaction: a failed check
keeps the last good table.
"""

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse import models, values


@dg.asset(
    **table_asset_kwargs(
        "cases",
        deps=[dg.AssetKey("case_versions"), dg.AssetKey("case_types"), dg.AssetKey("time_limits"),
              dg.AssetKey("courts")],
    )
)
def cases(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        yield from guarded(con, ["cases"], lambda c: {"written": models.rebuild(c, "cases")})


@dg.asset(
    **table_asset_kwargs(
        "case_parties",
        deps=[dg.AssetKey("cases"), dg.AssetKey(["raw", "case_rows"]), dg.AssetKey("case_versions")],
    )
)
def case_parties(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        yield from guarded(con, ["case_parties"], lambda c: {"written": models.rebuild(c, "case_parties")})


ASSETS = [cases, case_parties]
