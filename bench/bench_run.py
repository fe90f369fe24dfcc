"""Whole-run benchmark: `courts run` (pipelines.runner.run_pipeline: ingest, quarterly,
weekly and monthly jobs, publishing) on the Gannan demo inbox, first run against a run
with no new files and against a run with one new court-day file, on one Dagster instance
(as `courts run` keeps its history in DAGSTER_HOME).

    .venv/bin/python bench/bench_run.py [--scale 1.0] [--keep DIR] [--steps]
    .venv/bin/python bench/bench_run.py --preset national --courts 400 --scale 0.12 \
        --start 2024-01-01 --end 2024-12-31 --steps        # a 1 M-case year, 400 courts
    .venv/bin/python bench/bench_run.py --keep DIR --resume --steps   # one more file on DIR's warehouse

Each phase prints wall seconds, CPU seconds (this process and its finished children: the
XLSX parsers, the report workers) and the fraction of the first run, measured in one run.
The jobs a phase skipped (already run on the same inputs, pipelines.uptodate) are named.
All data is synthetic.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_generate import cpu_seconds, peak_rss_mb  # noqa: E402
from bench_incremental import deliver, hold_back_newest  # noqa: E402

FIRST_RUN = "first_run.json"  # under --keep DIR: the first run's wall and CPU seconds, for --resume


def _peak_mb() -> str:
    """Peak resident memory of this process / of its largest finished child, in MB."""
    return f"{peak_rss_mb(resource.RUSAGE_SELF):.0f} / {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f}"


def _print_steps(instance, before: set[str]) -> None:
    """Each job the phase ran, with its steps of 0.3 s or more, slowest first (Dagster's
    step stats)."""
    for record in reversed(instance.get_run_records()):
        run = record.dagster_run
        if run.run_id in before:
            continue
        stats = [(s.step_key, s.end_time - s.start_time) for s in instance.get_run_step_stats(run.run_id)
                 if s.end_time and s.start_time]
        slow = ", ".join(f"{k} {d:.1f}" for k, d in sorted(stats, key=lambda x: -x[1]) if d >= 0.3)
        print(f"    {run.job_name}: steps {sum(d for _, d in stats):.1f} s: {slow}", flush=True)


def _phase(name: str, settings, instance, first: tuple[float, float] | None, steps: bool) -> tuple[float, float]:
    """One `courts run`, printed with its fraction of `first` (wall, CPU; this run's when None)."""
    from pipelines.runner import run_pipeline

    t, c = time.perf_counter(), cpu_seconds()
    before = {r.dagster_run.run_id for r in instance.get_run_records()}
    result = run_pipeline(settings, instance=instance)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    first = first or (wall, cpu)
    skipped = ", ".join(result["skipped"]) or "none"
    rebuilt = ", ".join(result.get("quarters_run", [])) or "none"
    print(f"{name:19s} {wall:7.2f}s (cpu {cpu:7.2f}s)  {wall / first[0]:.3f} of the first run "
          f"(cpu {cpu / first[1]:.3f}); {result['cases']} cases; skipped: {skipped}; quarters rebuilt: "
          f"{rebuilt}; peak RSS so far {_peak_mb()} MB", flush=True)
    if steps:
        _print_steps(instance, before)
    return first


def _resume(work: Path, a) -> int:
    """Deliver DIR/spare's court-day file into DIR/home's inbox and run once, on the
    instance of the earlier run (DIR/dagster), against that run's first-run time."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    from warehouse.settings import Settings

    spare = [p for p in (work / "spare").rglob("*") if p.is_file()]
    if len(spare) != 1:
        raise SystemExit(f"{work / 'spare'}: expected the one held-back file of a --keep run, found {len(spare)}")
    deliver(spare[0], work / "home" / "inbox", work / "spare")
    settings = Settings.under(work / "home", registry=a.preset, memory_limit=a.memory_limit)
    instance = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(work / "dagster")))
    first = json.loads((work / FIRST_RUN).read_text(encoding="utf-8"))
    _phase("one more file", settings, instance, (first["wall"], first["cpu"]), a.steps)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="generator scale (default 1.0, the make run demo)")
    ap.add_argument("--preset", default="gannan", help="generator preset and registry (default gannan; national "
                    "with --scale 0.0233 --start 2024-01-01 --end 2024-12-31 makes a 1 M-case year)")
    ap.add_argument("--start", type=date.fromisoformat, help="first day of the generated exports (default: the preset's)")
    ap.add_argument("--end", type=date.fromisoformat, help="last day of the generated exports")
    ap.add_argument("--courts", type=int, help="a national-shaped sample of at most this many courts")
    ap.add_argument("--steps", action="store_true", help="print each job's slowest steps per phase")
    ap.add_argument("--memory-limit", help="DuckDB memory_limit for the runs (COURTS_MEMORY_LIMIT), e.g. 1GB")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir), with the Dagster instance's "
                    "history (DIR/dagster) and a second court-day file held back (DIR/spare) for --resume")
    ap.add_argument("--resume", action="store_true", help="with --keep DIR of an earlier run: deliver the spare "
                    "court-day file and run once more on that warehouse and history (profile one step at a time "
                    "without a new first run; to repeat it, copy DIR aside first and back after: the run checks its paths)")
    a = ap.parse_args(argv)
    import dagster as dg

    from generator import generate
    from warehouse.settings import Settings

    if a.memory_limit:  # as `courts run` under COURTS_MEMORY_LIMIT: every connection, workers too (warehouse.db)
        os.environ["COURTS_MEMORY_LIMIT"] = a.memory_limit
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-run-"))
    if a.resume:
        if a.keep is None:
            ap.error("--resume needs --keep DIR")
        return _resume(work, a)
    work.mkdir(parents=True, exist_ok=True)
    try:
        shutil.rmtree(work / "home", ignore_errors=True)
        span = {k: v for k, v in (("start", a.start), ("end", a.end)) if v}
        generate(work / "home", preset=a.preset, scale=a.scale, courts=a.courts, faults=0.0 if a.preset == "national"
                 else 0.01, **span)
        inbox = work / "home" / "inbox"
        held = hold_back_newest(inbox, work / "held")
        if a.keep:
            hold_back_newest(inbox, work / "spare")
            shutil.rmtree(work / "dagster", ignore_errors=True)
            (work / "dagster").mkdir()
        settings = Settings.under(work / "home", registry=a.preset, memory_limit=a.memory_limit)
        instance = dg.DagsterInstance.local_temp(str(work / "dagster")) if a.keep else dg.DagsterInstance.ephemeral()
        first = None
        for phase in ("first run", "no new files", "one court-day file"):
            if phase == "one court-day file":
                deliver(held, inbox, work / "held")
            first = _phase(phase, settings, instance, first, a.steps)
            if a.keep and phase == "first run":
                (work / FIRST_RUN).write_text(json.dumps({"wall": first[0], "cpu": first[1]}), encoding="utf-8")
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
