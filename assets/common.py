"""What every asset module shares: the asset decorator arguments derived from table
metadata (key = table name, description, group, kinds, pool, check specs; `table_spec` for
multi-assets), the `guarded` helper that writes a table under its blocking checks, and
`quarterly_table_asset`, the one shape of every quarter-partitioned table (the per-court
ones rebuilt for the courts a run is narrowed to).
"""
import time
from collections.abc import Callable, Iterator

import dagster as dg
import duckdb

import checks
from checks.guard import guarded_write
from runtime import POOL
from runtime.metadata import table_metadata
from runtime.partitions import QUARTERLY, SINGLE_RUN, run_courts
from runtime.resources import WarehouseResource
from warehouse import db, models
from warehouse.tables import table


def _declared(name: str) -> dict:
    """What the declaration of table `name` says about its asset: key = table name,
    description 中文：English, group = layer, kind duckdb, table metadata."""
    t = table(name)
    return dict(key=dg.AssetKey(t.asset_key), description=f"{t.zh}：{t.en}", group_name=t.layer,
                kinds={"duckdb"}, metadata=table_metadata(t))


def table_asset_kwargs(name: str, **extra) -> dict:
    """Keyword arguments for `@dg.asset` of the asset that builds table `name`."""
    return {**_declared(name), "pool": POOL, "check_specs": checks.specs_for(name), **extra}


def table_spec(name: str, **extra) -> dg.AssetSpec:
    """The `AssetSpec` of table `name` for a `@multi_asset` that writes several tables."""
    return dg.AssetSpec(**{**_declared(name), **extra})


def guarded(
    con: duckdb.DuckDBPyConnection,
    names: list[str],
    write: Callable[[duckdb.DuckDBPyConnection], dict],
) -> Iterator:
    """Yield the check results and one `MaterializeResult` per table in `names`
    (metadata: row count plus what `write` returned), committing only if checks pass."""
    meta = {}
    started = time.monotonic()
    for item in guarded_write(con, names, write):
        if isinstance(item, dict):
            meta = item
        else:
            yield item
    for name in names:
        t = table(name)
        rows = db.scalar(con, f"SELECT count(*) FROM {t.qualified}")
        yield dg.MaterializeResult(
            asset_key=dg.AssetKey(t.asset_key),
            metadata={"rows": int(rows), "dagster/row_count": int(rows),
                      "seconds": round(time.monotonic() - started, 2), **{k: v for k, v in meta.items() if not isinstance(v, dict)},
                      **meta.get(name, {})},
        )


def quarterly_table_asset(name: str, deps: list[str], by_court: bool = False) -> dg.AssetsDefinition:
    """The asset of a quarter-partitioned table built by `warehouse/sql/<name>.sql`: a
    range of quarters is one run (single-run backfill) replacing those quarters' rows.
    `by_court`: a per-court table (its model reads a court's own rows through the
    `scoped_*` views) whose run may be narrowed to some courts (`COURTS_TAG`)."""
    @dg.asset(**table_asset_kwargs(name, partitions_def=QUARTERLY, backfill_policy=SINGLE_RUN,
                                   deps=[dg.AssetKey(d) for d in deps]))
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        quarters = sorted(context.partition_keys)
        courts = run_courts(context.run.tags) if by_court else None
        if courts is not None:
            context.log.info(f"{name}: {', '.join(quarters)}, only the rows of {len(courts)} court(s) "
                             f"whose figures can have moved: {', '.join(courts[:20])}{' …' if len(courts) > 20 else ''}")
        with warehouse.connect() as con:
            models.set_quarters(con, quarters)
            yield from guarded(
                con, [name],
                lambda c: {"quarters": ", ".join(quarters),
                           "courts": "all" if courts is None else ", ".join(courts) or "none",
                           "written": warehouse.replace_partitions(c, name, quarters, courts)},
            )

    return _asset
