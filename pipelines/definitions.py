"""The code location: `Definitions` assembled from the registries of assets, checks,
jobs, schedules, sensors and the one resource. `build_defs(settings)` is the seam tests
and the CLI use to point the same definitions at other paths.

Runs execute in process so that one run's steps never fight over the DuckDB file lock;
across runs the `duckdb` pool (limit 1 in the instance's dagster.yaml) serializes them.
"""
import dagster as dg

import assets
from pipelines.jobs import JOBS
from pipelines.progress import progress_logger
from pipelines.schedules import SCHEDULES
from pipelines.sensors import SENSORS
from runtime.resources import WarehouseResource
from warehouse.settings import Settings


def build_defs(settings: Settings | None = None) -> dg.Definitions:
    settings = settings or Settings.from_env()
    return dg.Definitions(
        assets=assets.ASSETS,
        asset_checks=assets.CHECKS,
        jobs=JOBS,
        schedules=SCHEDULES,
        sensors=SENSORS,
        resources={"warehouse": WarehouseResource.from_settings(settings)},
        executor=dg.in_process_executor,
        # console is Dagster's default; progress is switched on by `courts run` only
        loggers={"console": dg.colored_console_logger, "progress": progress_logger},
    )


defs = build_defs()
