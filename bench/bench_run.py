"""Whole-run benchmark: `courts run` (pipelines.runner.run_pipeline: ingest, quarterly,
weekly and monthly jobs, publishing) on the Gannan demo inbox, first run against a run
with no new files and against a run with one new court-day file, on one Dagster instance
(as `courts run` keeps its history in DAGSTER_HOME).

    .venv/bin/python bench/bench_run.py [--scale 1.0] [--keep DIR]

Each phase prints wall seconds, CPU seconds (this process and its finished children: the
XLSX parsers, the report workers) and the fraction of the first run, measured in one run.
The jobs a phase skipped (already run on the same inputs, pipelines.uptodate) are named.
All data is synthetic.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_incremental import deliver, hold_back_newest  # noqa: E402


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="generator scale (default 1.0, the make run demo)")
    ap.add_argument("--preset", default="gannan", help="generator preset and registry (default gannan; national "
                    "with --scale 0.0233 --start 2024-01-01 --end 2024-12-31 makes a 1 M-case year)")
    ap.add_argument("--start", type=date.fromisoformat, help="first day of the generated exports (default: the preset's)")
    ap.add_argument("--end", type=date.fromisoformat, help="last day of the generated exports")
    ap.add_argument("--courts", type=int, help="a national-shaped sample of at most this many courts")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    a = ap.parse_args(argv)
    import dagster as dg

    from generator import generate
    from pipelines.runner import run_pipeline
    from warehouse.settings import Settings

    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-run-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        shutil.rmtree(work / "home", ignore_errors=True)
        span = {k: v for k, v in (("start", a.start), ("end", a.end)) if v}
        generate(work / "home", preset=a.preset, scale=a.scale, courts=a.courts, faults=0.0 if a.preset == "national"
                 else 0.01, **span)
        inbox = work / "home" / "inbox"
        held = hold_back_newest(inbox, work / "held")
        settings = Settings.under(work / "home", registry=a.preset)
        instance = dg.DagsterInstance.ephemeral()
        first = None
        for phase in ("first run", "no new files", "one court-day file"):
            if phase == "one court-day file":
                deliver(held, inbox, work / "held")
            t, c = time.perf_counter(), _cpu()
            result = run_pipeline(settings, instance=instance)
            wall, cpu = time.perf_counter() - t, _cpu() - c
            first = first or (wall, cpu)
            skipped = ", ".join(result["skipped"]) or "none"
            rebuilt = ", ".join(result.get("quarters_run", [])) or "none"
            print(f"{phase:19s} {wall:7.2f}s (cpu {cpu:7.2f}s)  {wall / first[0]:.3f} of the first run "
                  f"(cpu {cpu / first[1]:.3f}); {result['cases']} cases; skipped: {skipped}; quarters rebuilt: "
                  f"{rebuilt}", flush=True)
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
