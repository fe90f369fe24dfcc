"""Core assets derived from case_versions: `cases` (one row per case, its latest state,
deadline and duration) and `case_parties` (the parties of each case's latest version),
each by one SQL statement (`warehouse/sql/cases.sql`, `case_parties.sql`) under their
blocking checks, in one transaction: a failed check keeps the last good table.

Both are refreshed, not rebuilt, when they can be (`models.refresh`), so a day's new file
costs what it changed, not the whole history:
- `cases` recomputes the cases whose number of versions differs from the table's (new
  versions, or a case gone). It is rebuilt whole when the table is empty, or when the
  reference tables a case's deadline comes from (time_limits, case_types) differ from
  those of its last materialization (their fingerprint is kept in its metadata);
- `case_parties` recomputes the cases with versions from files loaded after its last
  materialization (`loaded_until` in its metadata): a case's parties change only when a
  new version can win.
Either is rebuilt whole when its last materialization was of another warehouse file (one
Dagster instance may serve several), or when asked (`full_rebuild`, e.g. after restoring
the warehouse from a backup).
"""

from pathlib import Path

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse import db, models, values


class CoreConfig(dg.Config):
    full_rebuild: bool = False  # recompute every row (after restoring the warehouse from a backup)


# The cases whose versions the table does not reflect: a count differs, or one side has none.
CHANGED_CASES = """
select coalesce(v.case_number, c.case_number)
from (select case_number, count(*) as n from main.case_versions group by case_number) v
full join main.cases c on c.case_number = v.case_number
where v.n is distinct from c.versions
"""

# The cases with a version from a file loaded after {since} (a timestamp literal).
CASES_LOADED_SINCE = """
select distinct case_number from main.case_versions
where sha256 in (select sha256 from loaded_files() where ingested_at > {since})
"""


def reference_fingerprint(con) -> str:
    """A hash of the reference rows a case's category, instance and deadline come from."""
    parts = [db.scalar(con, f"SELECT count(*) || ':' || coalesce(bit_xor(hash(t)), 0) FROM main.{n} t")
             for n in ("time_limits", "case_types")]
    return "/".join(str(p) for p in parts)


def _previous(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: CoreConfig) -> dict:
    """The metadata of the asset's last materialization, if it was of this warehouse file
    and no full rebuild is asked for; else {} (rebuild whole)."""
    event = context.instance.get_latest_materialization_event(context.asset_key)
    if config.full_rebuild or event is None or event.asset_materialization is None:
        return {}
    meta = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    return meta if meta.get("warehouse_file") == _file(warehouse) else {}


def _file(warehouse: WarehouseResource) -> str:
    return str(Path(warehouse.warehouse).resolve())


@dg.asset(
    **table_asset_kwargs(
        "cases",
        deps=[dg.AssetKey("case_versions"), dg.AssetKey("case_types"), dg.AssetKey("time_limits"),
              dg.AssetKey("courts")],
    )
)
def cases(context: dg.AssetExecutionContext, config: CoreConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        reference = reference_fingerprint(con)
        whole = _previous(context, warehouse, config).get("reference") != reference or \
            db.scalar(con, "SELECT count(*) = 0 FROM main.cases")
        mark = {"reference": reference, "warehouse_file": _file(warehouse)}

        def write(c):
            if whole:
                return {"mode": "rebuilt", "written": models.rebuild(c, "cases"), **mark}
            return {"mode": "refreshed", "cases_recomputed": models.refresh(c, "cases", CHANGED_CASES), **mark}

        yield from guarded(con, ["cases"], write)


@dg.asset(
    **table_asset_kwargs(
        "case_parties",
        deps=[dg.AssetKey("cases"), dg.AssetKey(["raw", "case_rows"]), dg.AssetKey("case_versions")],
    )
)
def case_parties(context: dg.AssetExecutionContext, config: CoreConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        models.register_macros(con, models.LOADED_FILES)
        since = _previous(context, warehouse, config).get("loaded_until")
        mark = {"loaded_until": db.scalar(con, "SELECT coalesce(max(ingested_at)::VARCHAR, '') FROM loaded_files()"),
                "warehouse_file": _file(warehouse)}

        def write(c):
            if not since:
                return {"mode": "rebuilt", "written": models.rebuild(c, "case_parties"), **mark}
            scope = CASES_LOADED_SINCE.format(since=f"TIMESTAMP '{since}'")
            return {"mode": "refreshed", "cases_recomputed": models.refresh(c, "case_parties", scope), **mark}

        yield from guarded(con, ["case_parties"], write)


ASSETS = [cases, case_parties]
