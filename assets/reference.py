"""Reference tables loaded from data files: the court registry (`courts`), case types,
statutory time limits and the disposition vocabulary. Each is rebuilt whole from
`warehouse/reference/` every time it runs. Building `courts` also adds the registry's
issuers of bulletins to the `issuers` dynamic partitions.
"""

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.partitions import ISSUERS
from runtime.resources import WarehouseResource
from warehouse import issuers, models


def _reference_asset(name: str):
    @dg.asset(**table_asset_kwargs(name))
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        registry = warehouse.settings.registry_path.as_posix()
        with warehouse.connect() as con:
            con.execute(
                "CREATE OR REPLACE TEMP VIEW params_registry AS "
                f"SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)"
            )
            yield from guarded(con, [name], lambda c: {"source_registry": registry, "written": models.rebuild(c, name)})
            if name == "courts":
                # The issuers of bulletins are partitions of issuer_bulletin: keep them in step.
                codes = issuers.issuer_codes(con)
                known = set(context.instance.get_dynamic_partitions(ISSUERS.name))
                if new := [c for c in codes if c not in known]:
                    context.instance.add_dynamic_partitions(ISSUERS.name, new)

    return _asset


ASSETS = [_reference_asset(n) for n in ("courts", "case_types", "time_limits", "dispositions")]
