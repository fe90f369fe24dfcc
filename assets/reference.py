"""Reference tables loaded from data files: the court registry (`courts`), case types,
statutory time limits and the disposition vocabulary. Each is rebuilt whole from
`warehouse/reference/` every time it runs.
"""

import dagster as dg

from assets.common import guarded, table_asset_kwargs
from runtime.resources import WarehouseResource
from warehouse import models


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

    return _asset


ASSETS = [_reference_asset(n) for n in ("courts", "case_types", "time_limits", "dispositions")]
