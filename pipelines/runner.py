"""One whole pipeline pass through Dagster, as `courts run` and `courts demo` do it:

1. `ingest_job` — reference data, new inbox files, cases;
2. `quarterly_job` over the quarters the data covers (from the quarter of the first
   export to the last quarter complete at the latest export) that changed cases can have
   moved since its last complete run (`pipelines.incremental`), as one partition-range run;
3. `weekly_job` for the as-of dates asked for (default: the latest export date);
4. `monthly_job` for the latest complete month.

A job that already succeeded on the same inputs (same file log, registry, settings and
code: `pipelines.uptodate`) is skipped, unless quarters are asked for (a backfill). The
quarterly job rebuilds only the quarters that the cases changed since its last complete
run can have moved (`pipelines.incremental`). Each
job ends by publishing the analysts' copy when it runs on its own (a schedule, the UI); in
this pass only the last job launched publishes, once; when every job is skipped, the copy
is published again only if it was changed or replaced by hand since. Runs are recorded in the Dagster instance
passed in (`courts run` passes the persistent one that `make dev` shows, see
`runtime.instance`), else in an ephemeral one.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import dagster as dg

from pipelines import incremental, uptodate
from pipelines.definitions import build_defs
from pipelines.progress import finish_progress
from pipelines.schedules import monthly_run_config, weekly_run_config
from runtime.partitions import COURTS_TAG, QUARTERLY
from warehouse import affected, db, models
from warehouse import publish as publishing
from warehouse.periods import last_complete_quarter, quarter_of, quarters_between
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
        models.register_macros(con, models.LOADED_FILES)
        first, last = db.one(con, "SELECT min(export_date), max(export_date) FROM loaded_files()")
    if not first:
        return Coverage(None, None)
    q0, q1 = quarter_of(first), last_complete_quarter(last)
    quarters = quarters_between(q0, q1) if q0 <= q1 else []
    return Coverage(first, last, quarters)


class UnknownQuarter(ValueError):
    pass


def check_quarters(quarters: list[str]) -> list[str]:
    """The quarters, if every one is a partition of the code location; else an error
    naming the missing ones and the partition range."""
    keys = QUARTERLY.get_partition_keys()
    missing = [q for q in quarters if q not in keys]
    if missing:
        raise UnknownQuarter(
            f"quarter {', '.join(missing)} is not a partition ({keys[0]}..{keys[-1]}); "
            "set COURTS_FIRST_QUARTER to start the partitions earlier"
        )
    return quarters


def root_cause(error) -> str:
    """The first line of the innermost error of a Dagster SerializableErrorInfo chain:
    DuckDB's own message rather than "Error occurred while executing op …"."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    lines = (error.message or "").strip().splitlines()
    return lines[0] if lines else error.cls_name or "unknown error"


PUBLISHED = dg.AssetKey("published_warehouse")
RESTATED = frozenset({dg.AssetKey("restatements")})


def _execute(defs: dg.Definitions, instance, job: str, run_config: dict | None = None, publish: bool = True,
             leave_out: frozenset = frozenset(), **kwargs):
    """Run one job in process: on a terminal a live status line (`pipelines.progress`),
    then one line with the outcome on stderr. Dagster's own console log is kept at
    COURTS_LOG_LEVEL (default WARNING; DEBUG shows every event). `publish=False` leaves
    out the job's `published_warehouse` step (a later job of the same run publishes);
    `leave_out` other assets an earlier job of the same run has just built."""
    level = os.environ.get("COURTS_LOG_LEVEL", "WARNING").upper()
    config = {**(run_config or {}), "loggers": {"console": {"config": {"log_level": level}}, "progress": {}}}
    job_def = defs.resolve_job_def(job)
    if not publish or leave_out:
        left = set(leave_out) | (set() if publish else {PUBLISHED})
        kwargs["asset_selection"] = sorted(job_def.asset_layer.executable_asset_keys - left)
    started = time.monotonic()
    try:
        result = job_def.execute_in_process(
            instance=instance, raise_on_error=False, run_config=config, **kwargs
        )
    finally:
        finish_progress()
    print(f"{job}: {'ok' if result.success else 'FAILED'} in {time.monotonic() - started:.1f} s",
          file=sys.stderr, flush=True)
    if not result.success:
        failures = [
            f"{e.step_key}: {root_cause(e.event_specific_data.error)}"
            for e in result.all_events if e.event_type_value == "STEP_FAILURE"
        ]
        raise RunFailed(f"{job} failed: " + "; ".join(failures))
    return result


def run_pipeline(
    settings: Settings,
    as_of: list[date] | None = None,
    quarters: list[str] | None = None,
    instance: dg.DagsterInstance | None = None,
) -> dict:
    """Run the jobs in order; `quarters` (labels) replaces the quarters the data covers
    for the quarterly job (a backfill of those partitions). The analysts' copy is
    published once, by the last publishing job of the run (each job publishes when run
    on its own, by a schedule or from the UI)."""
    if quarters:
        check_quarters(quarters)
    defs = build_defs(settings)
    instance = instance or dg.DagsterInstance.ephemeral()
    setup = uptodate.setup_fingerprint(settings)
    ingested = uptodate.inbox_done_before(settings, instance, setup)
    if ingested is None:
        _execute(defs, instance, "ingest_job", publish=False, tags={uptodate.SETUP_TAG: setup})
    else:
        print(f"ingest_job: up to date, skipped (no new or changed file in the inbox since run "
              f"{ingested.run_id[:8]})", file=sys.stderr, flush=True)
    cov = coverage(settings)
    dates = as_of_dates(cov, as_of)
    plan = job_plan(cov, quarters, dates)
    todo, skipped = _tag_and_skip(settings, instance, plan, force=bool(quarters))
    pending, courts = ({}, None) if quarters else _pending(settings)
    todo, rebuilt = (todo, None) if quarters else _narrow_quarterly(settings, instance, todo, pending, courts)
    for i, (job, kwargs) in enumerate(todo):
        # restatements: the quarterly job of this pass rebuilt them from the same cases
        leave_out = RESTATED if job == "monthly_job" and any(j == "quarterly_job" for j, _ in todo[:i]) else frozenset()
        _execute(defs, instance, job, publish=i == len(todo) - 1, leave_out=leave_out, **kwargs)
        if job == incremental.JOB and rebuilt is not None and pending:
            with db.connect(settings.warehouse) as con:  # taken in: the next run need not rebuild for them
                affected.consume(con, list(pending))
    if not plan:  # nothing loaded yet: publish the (empty) tables all the same
        _execute(defs, instance, "ingest_job", asset_selection=[PUBLISHED])
    elif not todo and (why := _copy_changed(settings, instance)):
        print(f"published_warehouse: {why}; publishing again", file=sys.stderr, flush=True)
        _execute(defs, instance, "ingest_job", asset_selection=[PUBLISHED])
    result = summary(settings, cov, dates)
    result["skipped"] = ([] if ingested is None else ["ingest_job"]) + skipped
    if quarters:
        result["quarters_run"] = list(quarters)
    elif rebuilt is not None:
        result["quarters_run"], result["quarters_reason"] = rebuilt.quarters, rebuilt.reason
        result["quarters_courts"] = rebuilt.courts  # None: every court's rows
    result["dagster_home"] = str(Path(instance.root_directory).resolve()) if instance.is_persistent else None
    return result


def _copy_changed(settings: Settings, instance: dg.DagsterInstance) -> str | None:
    """Why the analysts' copy is not the one the last publish left (written to or replaced
    by hand: `warehouse.publish.signature`), or None. Checked when every job is skipped,
    since then no job would publish."""
    event = instance.get_latest_materialization_event(PUBLISHED)
    meta = event.asset_materialization.metadata if event and event.asset_materialization else {}
    recorded = meta.get("file_signature")
    if recorded is None:
        return None if event else "no publish is recorded"
    if recorded.value != publishing.signature(settings.published):
        return "the copy was changed or replaced since the last publish"
    return None


def _tag_and_skip(settings: Settings, instance: dg.DagsterInstance, plan: list[tuple[str, dict]],
                  force: bool) -> tuple[list[tuple[str, dict]], list[str]]:
    """The plan's jobs tagged with their run key (`pipelines.uptodate`), without those that
    already succeeded on the same inputs (unless `force`), and the names of those skipped.
    A skipped job says so, and which run it would repeat."""
    if not plan:
        return plan, []
    fingerprint = uptodate.inputs_fingerprint(settings)
    todo, skipped = [], []
    for job, kwargs in plan:
        key = uptodate.run_key(fingerprint, job, kwargs)
        before = None if force else uptodate.done_before(instance, job, key)
        if before is not None:
            print(f"{job}: up to date, skipped (inputs unchanged since run {before.run_id[:8]})",
                  file=sys.stderr, flush=True)
            skipped.append(job)
            continue
        tags = {**kwargs.get("tags", {}), uptodate.TAG: key}
        todo.append((job, {**kwargs, "tags": tags}))
    return todo, skipped


def _pending(settings: Settings) -> tuple[dict[tuple[str, str], str], list[str] | None]:
    """The builds of cases the quarterly marts have not taken in (`raw.pending_changes`),
    and the courts whose figures they can have moved (None: any court's)."""
    with db.connect(settings.warehouse, read_only=True) as con:
        pending = affected.pending(con)
        return pending, affected.pending_courts(con, list(pending))


def _narrow_quarterly(settings: Settings, instance: dg.DagsterInstance, todo: list[tuple[str, dict]],
                      pending: dict[tuple[str, str], str], courts: list[str] | None
                      ) -> tuple[list[tuple[str, dict]], incremental.Quarters | None]:
    """The quarterly job of `todo` narrowed to the quarters, and the courts, the changes
    since the last complete quarterly run can have moved (`pipelines.incremental`), tagged
    so that it is the base of the next run; says which quarters and why."""
    out, chosen = [], None
    for job, kwargs in todo:
        if job == incremental.JOB:
            static = uptodate.static_fingerprint(settings)
            tags = kwargs["tags"]
            chosen = incremental.quarters_to_run(
                instance, static, quarters_between(tags[incremental.RANGE_START], tags[incremental.RANGE_END]),
                pending, courts)
            narrowed = {} if chosen.courts is None else {COURTS_TAG: json.dumps(chosen.courts, ensure_ascii=False)}
            kwargs = {**kwargs, "tags": {**tags, incremental.RANGE_START: chosen.quarters[0],
                                         incremental.COVERED_FROM_TAG: tags[incremental.RANGE_START],
                                         incremental.STATIC_TAG: static, incremental.COMPLETE_TAG: "1",
                                         **narrowed}}
            span = chosen.quarters[0] if len(chosen.quarters) == 1 else f"{chosen.quarters[0]}..{chosen.quarters[-1]}"
            print(f"{job}: {span} ({chosen.reason})", file=sys.stderr, flush=True)
        out.append((job, kwargs))
    return out, chosen


def as_of_dates(cov: Coverage, as_of: list[date] | None = None) -> list[date]:
    """The weekly job's as-of dates: those asked for, else the latest export date."""
    return sorted(set(as_of or ([cov.last_export] if cov.last_export else [])))


def job_plan(cov: Coverage, quarters: list[str] | None = None, dates: list[date] | None = None
             ) -> list[tuple[str, dict]]:
    """The jobs after ingest, in order, with what each is launched with: the quarterly job
    over `quarters` (default: every quarter the data covers) as one partition-range run,
    the weekly job for `dates`, the monthly job for the latest complete month."""
    run_quarters = quarters or cov.quarters
    plan: list[tuple[str, dict]] = []
    if run_quarters:
        plan.append(("quarterly_job", {"tags": {"dagster/asset_partition_range_start": run_quarters[0],
                                                "dagster/asset_partition_range_end": run_quarters[-1]}}))
    if dates:
        cfg = weekly_run_config(dates[-1])
        for op in ("deadline_alerts", "long_pending_cases"):
            cfg["ops"][op]["config"]["as_of_dates"] = [d.isoformat() for d in dates]
        plan.append(("weekly_job", {"run_config": cfg}))
    if cov.month:
        plan.append(("monthly_job", {"run_config": monthly_run_config(cov.month)}))
    return plan


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
