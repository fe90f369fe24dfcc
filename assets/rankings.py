"""The court_quarter_rankings asset: quarterly partitioned, a range of quarters in one run
(`warehouse/sql/court_quarter_rankings.sql` computes the previous quarter's and last
year's rankings itself, so any quarter can be rebuilt alone). Only the asset lives here;
the ranking rules are in the SQL file and docs/ranking.md, the configuration in
warehouse/reference/{ranking_weights,indicator_ranges,peer_groups}.csv.
"""

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from pipelines.partitions import QUARTERLY, SINGLE_RUN
from pipelines.resources import WarehouseResource
from warehouse import models
from warehouse.periods import partition_key_to_quarter

TABLE = "court_quarter_rankings"


@dg.asset(
    **table_asset_kwargs(
        TABLE,
        partitions_def=QUARTERLY,
        backfill_policy=SINGLE_RUN,
        deps=[dg.AssetKey("court_quarter_performance"), dg.AssetKey("courts"), dg.AssetKey("cases")],
    )
)
def court_quarter_rankings(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    quarters = sorted({partition_key_to_quarter(k) for k in context.partition_keys})
    with warehouse.connect() as con:
        models.set_quarters(con, quarters)
        yield from guarded(
            con,
            [TABLE],
            lambda c: {
                "quarters": ", ".join(quarters),
                "written": models.replace_partitions(c, TABLE, quarters),
            },
        )


ASSETS = [court_quarter_rankings]
