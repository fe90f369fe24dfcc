"""Which quarters `courts run` rebuilds: from the first quarter that the changes since the
last complete quarterly run can have moved, to the last quarter of the data.

What belongs here: finding that quarterly run in the Dagster instance and the first
quarter to rebuild. The rules that say how far back a change reaches are
`warehouse.affected` (SQL in `warehouse/sql/affected/`); `runner` launches the job.

A quarterly run that `courts run` launches leaves every quarter of the data current, so it
is tagged `courts/complete` with the static fingerprint (`uptodate.static_fingerprint`:
code, settings and registry — everything the marts read but the cases). The next
`courts run` with the same static fingerprint takes the latest successful such run as
its base and reads the `affected_from` of every build of `cases` (the `core` step) the
marts have not taken in: the rows of `raw.pending_changes`, which the core step writes in
the transaction that changes the cases and `courts run` deletes once a quarterly run that
read them has succeeded. (The same date is in the metadata of the materialization, for
the UI; it is not read here: a run killed before its events, or deleted, leaves none.
Other code changes the static fingerprint, so a base always ran the code that writes the
table.) It rebuilds from the earliest quarter of:

- the quarter of the earliest affected date;
- the first quarter the data now covers that the base did not (a quarter after its last
  one, or before its first when an older export arrives);
- the last quarter of the data, whose bulletins print the data's cut-off and the files
  loaded. The bulletins of earlier quarters keep the cut-off and file lists of the run
  that last rebuilt them: their figures are unchanged since.

In the quarters it rebuilds, the per-court marts are rebuilt only for the courts the
pending builds name (`raw.pending_changes.court_codes`: of the changed cases, of the cases a
changed appeal appeals, of the roots of changed families), through the run tag
`COURTS_TAG` (runtime/partitions.py); the other courts' rows cannot have moved. Every
court's rows are rebuilt when a build names no courts (whole, or written before the
column), when they are more than `NARROW_MAX`, or when a quarter is rebuilt that the base
did not build. Rankings and standings compare every court, so they are rebuilt whole for
the quarters, from the stored rows.

Every quarter is rebuilt when the latest quarterly run is not such a base (first run; a
run from the UI, a schedule or `--quarter`; a failed run; other code, settings or
registry), or when a build not yet taken in was whole ("all": the reference data of
deadlines changed, or `full_rebuild`).

A warehouse file restored from a backup (its rows are those of the backup's day) needs
`courts run --quarter FIRST..LAST` (every quarter) once, and the core step's
`full_rebuild`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import dagster as dg

from warehouse.affected import ALL
from warehouse.periods import quarter_of

JOB = "quarterly_job"
STATIC_TAG = "courts/static"
COMPLETE_TAG = "courts/complete"
COVERED_FROM_TAG = "courts/covered_from"  # the first quarter of the data when the run was launched
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"
NARROW_MAX = 200  # at most this many courts in a run narrowed to some courts (its tag lists them)


@dataclass
class Quarters:
    quarters: list[str]  # to rebuild, in order
    reason: str          # why these, for the log line and the run's summary
    courts: list[str] | None = None  # whose rows of the per-court marts; None: every court's


def is_base(record: dg.RunRecord | None, static: str) -> bool:
    """Whether the latest quarterly run, whatever launched it, is a successful complete
    run of `courts run` under the same static fingerprint (a later run from the UI, a
    schedule or `--quarter`, a failed run, or one under other code, settings or registry
    may have rewritten quarters in ways no record says)."""
    run = record.dagster_run if record else None
    return (run is not None and run.status == dg.DagsterRunStatus.SUCCESS
            and run.tags.get(STATIC_TAG) == static and run.tags.get(COMPLETE_TAG) == "1")


def quarters_to_run(instance: dg.DagsterInstance, static: str, covered: list[str],
                    pending: dict[tuple[str, str], str], courts: list[str] | None = None) -> Quarters:
    """The quarters of `covered` (every quarter the data covers, in order) to rebuild,
    and for which courts; `pending` is `warehouse.affected.pending` ((run id, recorded at)
    → affected_from), `courts` `warehouse.affected.pending_courts` of the same builds."""
    if not covered:
        return Quarters([], "no quarter of data")
    latest = instance.get_run_records(filters=dg.RunsFilter(job_name=JOB), limit=1)
    base = latest[0] if latest else None
    if not is_base(base, static):
        why = ("no quarterly run yet" if base is None else
               "the last quarterly run was not a complete courts run of this code, settings and registry")
        return Quarters(covered, f"every quarter: {why}")
    recorded = list(pending.values())
    run_id = base.dagster_run.run_id
    if ALL in recorded:
        return Quarters(covered, f"every quarter: cases rebuilt whole since run {run_id[:8]}")
    starts = [covered[-1]]
    reasons = []
    dates = [date.fromisoformat(v) for v in recorded if v]
    if dates:
        starts.append(quarter_of(min(dates)))
        reasons.append(f"changes since run {run_id[:8]} reach back to {min(dates).isoformat()}")
    base_from, base_end = base.dagster_run.tags.get(COVERED_FROM_TAG), base.dagster_run.tags.get(RANGE_END)
    unbuilt = [q for q in covered if base_from is None or base_end is None or q < base_from or q > base_end]
    if unbuilt:
        starts.append(unbuilt[0])
        reasons.append(f"{unbuilt[0]} not covered by run {run_id[:8]}")
    first = max(min(starts), covered[0])
    chosen = [q for q in covered if q >= first]
    because = "; ".join(reasons) or "the latest quarter's bulletins show the latest files"
    # a quarter the base did not build needs every court's rows; else only the named courts' moved
    # (past NARROW_MAX courts, a day's national delivery, narrowing saves little: every court)
    courts = None if unbuilt or courts is None or len(courts) > NARROW_MAX else sorted(courts)
    if courts is not None:
        named = ", ".join(courts) if len(courts) <= 5 else f"{len(courts)} courts"
        because += f"; the figures of {named} only" if courts else "; no court's figures moved"
    if len(chosen) == len(covered):
        return Quarters(chosen, f"every quarter: {because}", courts)
    before = covered[:covered.index(first)]
    kept = (", ".join(before) if len(before) <= 2 else f"{before[0]}..{before[-1]}") + " unchanged"
    return Quarters(chosen, f"{because}; {kept}", courts)
