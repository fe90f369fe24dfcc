"""Core assets derived from case_versions: `cases` (one row per case, its latest state,
deadline and duration) and `case_parties` (the parties of each case's latest version),
each by one SQL statement (`warehouse/sql/cases.sql`, `case_parties.sql`) under their
blocking checks, in one transaction: a failed check keeps the last good table.

`cases` is refreshed, not rebuilt, when it can be: only the cases whose number of
versions differs from the table's (new versions, or a case gone) are recomputed
(`models.refresh`), so a day's new file costs what it changed, not the whole history. It
is rebuilt whole when the table is empty, when the reference tables a case's deadline
comes from (time_limits, case_types) differ from those of the last materialization
of the same warehouse file (their fingerprint is kept in its metadata), or when asked (`full_rebuild`, e.g. after
restoring the warehouse from a backup). `case_parties` is rebuilt whole.
"""

from pathlib import Path

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse import db, models, values


class CasesConfig(dg.Config):
    full_rebuild: bool = False  # recompute every case (after restoring the warehouse from a backup)


# The cases whose versions the table does not reflect: a count differs, or one side has none.
CHANGED_CASES = """
select coalesce(v.case_number, c.case_number)
from (select case_number, count(*) as n from main.case_versions group by case_number) v
full join main.cases c on c.case_number = v.case_number
where v.n is distinct from c.versions
"""


def reference_fingerprint(con, warehouse: WarehouseResource) -> str:
    """The warehouse file and a hash of the reference rows a case's category, instance
    and deadline come from (one Dagster instance may serve several warehouses)."""
    parts = [db.scalar(con, f"SELECT count(*) || ':' || coalesce(bit_xor(hash(t)), 0) FROM main.{n} t")
             for n in ("time_limits", "case_types")]
    return f"{Path(warehouse.warehouse).resolve()} " + "/".join(str(p) for p in parts)


def _last_fingerprint(context: dg.AssetExecutionContext) -> str | None:
    event = context.instance.get_latest_materialization_event(context.asset_key)
    value = event.asset_materialization.metadata.get("reference") if event and event.asset_materialization else None
    return value.value if value is not None else None


@dg.asset(
    **table_asset_kwargs(
        "cases",
        deps=[dg.AssetKey("case_versions"), dg.AssetKey("case_types"), dg.AssetKey("time_limits"),
              dg.AssetKey("courts")],
    )
)
def cases(context: dg.AssetExecutionContext, config: CasesConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        values.register_sql(con)
        fingerprint = reference_fingerprint(con, warehouse)
        whole = config.full_rebuild or _last_fingerprint(context) != fingerprint or \
            db.scalar(con, "SELECT count(*) = 0 FROM main.cases")

        def write(c):
            if whole:
                return {"mode": "rebuilt", "written": models.rebuild(c, "cases"), "reference": fingerprint}
            return {"mode": "refreshed", "cases_recomputed": models.refresh(c, "cases", CHANGED_CASES),
                    "reference": fingerprint}

        yield from guarded(con, ["cases"], write)


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
