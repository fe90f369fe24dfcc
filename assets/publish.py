"""The published read-only copy for analysts: the last asset of every job, so it runs
only after everything upstream in the run succeeded."""
import dagster as dg

from runtime import POOL
from runtime.resources import WarehouseResource
from warehouse.publish import publish, signature
from warehouse.tables import TABLES


@dg.asset(
    description="分析用只读副本：Read-only copy of the contract tables (schema main) for analysts, "
    "atomically replaced after each successful run; only the tables that changed are rewritten.",
    group_name="publish",
    kinds={"duckdb"},
    pool=POOL,
    deps=[dg.AssetKey(t.asset_key) for t in TABLES if t.schema == "main"],
)
def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        info = publish(con, warehouse.settings.published)
    changed = sorted([*info["rewritten"], *info["patched"]])
    context.log.info(f"published {info['tables']} tables to {info['path']} ({info['mode']}"
                     + (f": {info['reason']}" if info["reason"] else "") + f"; changed: {', '.join(changed) or 'none'})")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(info["path"]),
            "tables": info["tables"],
            "bytes": int(info["bytes"]),
            "cases": int(info["rows"].get("cases", 0)),
            "mode": info["mode"],
            "whole_because": info["reason"] or "",
            "rewritten": ", ".join(info["rewritten"]),
            "patched": ", ".join(f"{t} (-{c['deleted']} +{c['inserted']})" for t, c in info["patched"].items()),
            "unchanged": len(info["unchanged"]),
            "file_signature": signature(warehouse.settings.published),
        }
    )


ASSETS = [published_warehouse]
