"""One whole pipeline pass through Dagster, as `courts run` and `courts demo` do it:

1. `ingest_job` — reference data, new inbox files, cases;
2. `quarterly_job` over every quarter the data covers (from the quarter of the first
   export to the last quarter complete at the latest export), as one partition-range run;
3. `weekly_job` for the as-of dates asked for (default: the latest export date);
4. `monthly_job` for the latest complete month.

Each job ends by publishing the analysts' copy. Runs go to the instance in DAGSTER_HOME
when it is set (so they show in the UI), else to an ephemeral one.
"""
from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import dagster as dg

from pipelines.definitions import build_defs
from pipelines.schedules import monthly_run_config, weekly_run_config
from warehouse import db
from warehouse.periods import last_complete_quarter, quarter_of, quarter_to_partition_key, quarters_between
from warehouse.settings import Settings


class RunFailed(RuntimeError):
    pass


@dataclass
class Coverage:
    first_export: date | None
    last_export: date | None
    quarters: list[str] = field(default_factory=list)

    @property
    def month(self) -> str | None:
        """The latest month complete at the last export."""
        if not self.last_export:
            return None
        month_complete = (self.last_export + timedelta(days=1)).day == 1
        end = self.last_export if month_complete else self.last_export.replace(day=1) - timedelta(days=1)
        return end.strftime("%Y-%m")


def coverage(settings: Settings) -> Coverage:
    with db.connect(settings.warehouse, read_only=True) as con:
        first, last = db.one(con,
            "SELECT min(export_date), max(export_date) FROM ingested_files "
            "WHERE status IN ('loaded', 'partially_loaded')"
        )
    if not first:
        return Coverage(None, None)
    q0, q1 = quarter_of(first), last_complete_quarter(last)
    quarters = quarters_between(q0, q1) if q0 <= q1 else []
    return Coverage(first, last, quarters)


def _instance() -> dg.DagsterInstance:
    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def _execute(defs: dg.Definitions, instance, job: str, run_config: dict | None = None, **kwargs):
    """Run one job in process; one progress line on stderr. Dagster's own console log is
    kept at COURTS_LOG_LEVEL (default WARNING; DEBUG shows every event)."""
    level = os.environ.get("COURTS_LOG_LEVEL", "WARNING").upper()
    config = {**(run_config or {}), "loggers": {"console": {"config": {"log_level": level}}}}
    started = time.monotonic()
    result = defs.resolve_job_def(job).execute_in_process(
        instance=instance, raise_on_error=False, run_config=config, **kwargs
    )
    print(f"{job}: {'ok' if result.success else 'FAILED'} in {time.monotonic() - started:.1f} s",
          file=sys.stderr, flush=True)
    if not result.success:
        failures = [
            f"{e.step_key}: {e.event_specific_data.error.message.strip().splitlines()[0]}"
            for e in result.all_events if e.event_type_value == "STEP_FAILURE"
        ]
        raise RunFailed(f"{job} failed: " + "; ".join(failures))
    return result


def run_pipeline(settings: Settings, as_of: list[date] | None = None) -> dict:
    defs = build_defs(settings)
    instance = _instance()
    _execute(defs, instance, "ingest_job")
    cov = coverage(settings)
    if cov.quarters:
        _execute(defs, instance, "quarterly_job", tags={
            "dagster/asset_partition_range_start": quarter_to_partition_key(cov.quarters[0]),
            "dagster/asset_partition_range_end": quarter_to_partition_key(cov.quarters[-1]),
        })
    dates = sorted(set(as_of or ([cov.last_export] if cov.last_export else [])))
    if dates:
        cfg = weekly_run_config(dates[-1])
        for op in ("deadline_alerts", "long_pending_cases"):
            cfg["ops"][op]["config"]["as_of_dates"] = [d.isoformat() for d in dates]
        _execute(defs, instance, "weekly_job", run_config=cfg)
    if cov.month:
        _execute(defs, instance, "monthly_job", run_config=monthly_run_config(cov.month))
    return summary(settings, cov, dates)


def summary(settings: Settings, cov: Coverage, as_of: list[date]) -> dict:
    with db.connect(settings.published, read_only=True) as con:
        files, loaded, rejected = db.one(con,
            "SELECT count(*), coalesce(sum(rows_loaded), 0), coalesce(sum(rows_rejected), 0) FROM ingested_files"
        )
        by_status = dict(con.execute("SELECT status, count(*) FROM ingested_files GROUP BY 1 ORDER BY 1").fetchall())
        cases = db.scalar(con, "SELECT count(*) FROM cases")
    latest = cov.quarters[-1] if cov.quarters else None
    bulletin = settings.reports / latest / "index.html" if latest else None
    return {
        "warehouse": str(settings.warehouse),
        "published": str(settings.published),
        "reports": str(settings.reports),
        "bulletin": str(bulletin) if bulletin and bulletin.exists() else None,
        "files": int(files),
        "files_by_status": {k: int(v) for k, v in by_status.items()},
        "rows_loaded": int(loaded),
        "rows_rejected": int(rejected),
        "cases": int(cases),
        "quarters": cov.quarters,
        "latest_quarter": latest,
        "as_of": [d.isoformat() for d in as_of],
    }
