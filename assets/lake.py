"""The Parquet lake (`warehouse.lake`): kept up to date from the published copy after
each publish, rewriting only the partitions whose rows changed. Not part of the jobs (a
one-server deployment does not need it): it runs when materialized, or eagerly after
`published_warehouse` when the automation sensor is on."""
import dagster as dg

from runtime.resources import WarehouseResource
from warehouse import db
from warehouse.lake import export_lake


@dg.asset(
    description="Parquet 数据湖：Case-level tables and every mart as hive-partitioned Parquet with a "
    "manifest of the run that wrote each partition; only changed partitions are rewritten.",
    group_name="publish",
    kinds={"parquet"},
    deps=[dg.AssetKey("published_warehouse")],
    automation_condition=dg.AutomationCondition.eager(),
)
def parquet_lake(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    with db.connect(settings.published, read_only=True) as con:
        result = export_lake(con, settings.lake_root, run_id=context.run_id)
    written = {k: v["written"] for k, v in result["tables"].items() if v["written"]}
    context.log.info(f"lake {result['root']}: partitions written {written or 'none'}")
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(result["root"]),
        "partitions_written": int(sum(v["written"] for v in result["tables"].values())),
        "partitions_removed": int(sum(v["removed"] for v in result["tables"].values())),
        "cases": int(result["tables"]["cases"]["rows"]),
    })


ASSETS = [parquet_lake]
