"""National-scale rehearsal (#13): generate a national year, run the pipeline, time each phase.

    .venv/bin/python bench/national.py [--cases 1000000 | --scale X] [--courts N] [--workers 2]
                                       [--start 2024-01-01] [--end 2024-12-31] [--seed 0]
                                       [--tmp DIR] [--keep DIR] [--skip PHASE ...]

Opt-in: not part of `make bench` and not run in CI (a 1 M-case run takes many minutes and
gigabytes of disk). Phases, each in its own child process so that its peak RSS is its
own: `generate` (the national preset, --courts for a national-shaped sample, --workers
processes), `bare_scan` (one DuckDB `SELECT count(*) FROM read_csv` of every UTF-8 CSV of
the inbox: reading and parsing only), `bare_read` (the same into a table, checkpointed:
what ingest cannot beat), then the pipeline's jobs as `pipelines.runner.run_pipeline`
runs them against `Settings.under(home, registry="national")`: `ingest_job`,
`quarterly_job` (every quarter the data covers), `weekly_job`, `monthly_job`.

Per phase it prints wall and CPU seconds (the phase's process and its children), rows/s
(rows of the inbox for generate and the bare reads, case versions loaded for ingest,
cases in the warehouse for the later jobs),
peak RSS (ru_maxrss of the phase's process and of its largest child), bytes written
(inbox; the bare table; growth of the home folder outside the inbox for the jobs), and
for ingest its wall and CPU as multiples of the bare read and of the bare scan. All data
is synthetic.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_generate import cpu_seconds, scale_for  # noqa: E402

PHASES = ("generate", "bare_scan", "bare_read", "ingest_job", "quarterly_job", "weekly_job", "monthly_job")


def folder_bytes(path: Path, skip: str | None = None) -> int:
    total = 0
    for p in path.rglob("*"):
        if skip and p.relative_to(path).parts[0] == skip:
            continue
        if p.is_file():
            total += p.stat().st_size
    return total


def inbox_files(home: Path) -> list[str]:
    return sorted(p.as_posix() for p in (home / "inbox").rglob("*.csv"))


# ---------------------------------------------------------------- phases (child process)


def phase_generate(home: Path, a) -> dict:
    from generator import generate

    m = generate(home, preset="national", start=a.start, end=a.end, seed=a.seed, scale=a.scale, faults=0,
                 courts=a.courts, workers=a.workers)
    s = m["summary"]
    return {"rows": s["rows"], "cases": s["cases"], "files": s["files"],
            "bytes": folder_bytes(home / "inbox")}


def _bare(home: Path, into_table: bool) -> dict:
    import duckdb

    files = inbox_files(home)
    path = home.parent / "bare.duckdb"
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    src = (f"read_csv({files!r}, delim = ',', quote = '\"', escape = '\"', header = true, all_varchar = true, "
           "union_by_name = false)")
    if into_table:
        con.execute(f"CREATE TABLE t AS SELECT * FROM {src}")
        con.execute("CHECKPOINT")
        rows = con.execute("SELECT count(*) FROM t").fetchone()[0]
    else:
        rows = con.execute(f"SELECT count(*) FROM {src}").fetchone()[0]
    con.close()
    size = path.stat().st_size if into_table else 0
    path.unlink(missing_ok=True)
    return {"rows": rows, "files": len(files), "bytes": size}


def phase_job(home: Path, job: str) -> dict:
    """One job of pipelines.runner.run_pipeline, configured as it configures it."""
    import dagster as dg

    from pipelines.definitions import build_defs
    from pipelines.runner import _execute, as_of_dates, coverage, job_plan
    from warehouse import db
    from warehouse.settings import Settings

    settings = Settings.under(home, registry="national")
    before = folder_bytes(home, skip="inbox")
    defs, instance = build_defs(settings), dg.DagsterInstance.ephemeral()
    cov = coverage(settings) if job != "ingest_job" else None
    if job == "ingest_job":
        _execute(defs, instance, job)
    else:
        launch = dict(job_plan(cov, dates=as_of_dates(cov)))
        if job in launch:
            _execute(defs, instance, job, **launch[job])
    with db.connect(settings.warehouse, read_only=True) as con:
        rows = db.scalar(con, "SELECT count(*) FROM case_versions") if job == "ingest_job" else \
            db.scalar(con, "SELECT count(*) FROM cases")
    return {"rows": rows, "bytes": folder_bytes(home, skip="inbox") - before,
            "quarters": cov.quarters if cov else None}


def run_phase(phase: str, home: Path, a) -> dict:
    t, c = time.perf_counter(), cpu_seconds()
    if phase == "generate":
        out = phase_generate(home, a)
    elif phase in ("bare_scan", "bare_read"):
        out = _bare(home, phase == "bare_read")
    else:
        out = phase_job(home, phase)
    out.update(phase=phase, wall=time.perf_counter() - t, cpu=cpu_seconds() - c,
               rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
               child_rss_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return out


# ---------------------------------------------------------------- the parent


def child(phase: str, home: Path, a) -> dict:
    """Run one phase in a fresh interpreter; its last stdout line is the JSON result."""
    cmd = [sys.executable, __file__, "--phase", phase, "--home", str(home), "--scale", repr(a.scale),
           "--workers", str(a.workers), "--start", a.start.isoformat(), "--end", a.end.isoformat(),
           "--seed", str(a.seed)] + (["--courts", str(a.courts)] if a.courts else [])
    env = {**os.environ, "DAGSTER_DISABLE_TELEMETRY": "1", "GX_ANALYTICS_ENABLED": "false"}
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict]) -> None:
    print(f"{'phase':14s} {'wall s':>8s} {'CPU s':>8s} {'rows':>11s} {'rows/s':>10s} {'peak RSS MB':>16s} "
          f"{'MB written':>10s}")
    for name, r in results.items():
        rate = r["rows"] / r["wall"] if r["wall"] else 0
        print(f"{name:14s} {r['wall']:8.1f} {r['cpu']:8.1f} {r['rows']:11,d} {rate:10,.0f} "
              f"{r['rss_mb']:7.0f} / {r['child_rss_mb']:6.0f} {r['bytes'] / 1e6:10.1f}")
    g = results.get("generate")
    if g:
        print(f"generate: {g['cases']:,} cases, {g['files']:,} files, {g['cases'] / g['wall']:,.0f} cases/s "
              f"({g['cases'] / g['wall'] / 100_000:.2f} x the 100 k goal)")
    ing = results.get("ingest_job")
    for bare in ("bare_read", "bare_scan"):
        if ing and bare in results:
            b = results[bare]
            print(f"ingest_job / {bare}: wall {ing['wall'] / b['wall']:.2f} x, CPU {ing['cpu'] / b['cpu']:.2f} x")
    print("peak RSS: the phase's process / its largest child (generator workers, XLSX parsers, renderers)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1_000_000, help="about this many exported cases")
    ap.add_argument("--scale", type=float, default=None, help="national volume multiplier (overrides --cases)")
    ap.add_argument("--courts", type=int, default=None, help="a national-shaped sample of at most N courts")
    ap.add_argument("--workers", type=int, default=2, help="generator worker processes")
    ap.add_argument("--start", type=date.fromisoformat, default=date(2024, 1, 1))
    ap.add_argument("--end", type=date.fromisoformat, default=date(2024, 12, 31))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the temp home")
    ap.add_argument("--keep", type=Path, default=None, help="home folder to write and keep")
    ap.add_argument("--skip", nargs="*", default=[], choices=PHASES, help="phases to leave out")
    ap.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    ap.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.scale is None:
        a.scale = scale_for(a.cases, a.start, a.end)
    if a.phase:
        print(json.dumps(run_phase(a.phase, a.home, a)))
        return 0
    tmp = None if a.keep else Path(tempfile.mkdtemp(prefix="bench_national_", dir=a.tmp))
    home = a.keep or tmp / "home"
    results: dict[str, dict] = {}
    try:
        print(f"national {a.start}..{a.end} scale {a.scale:.5f} courts {a.courts or 'all'} workers {a.workers} "
              f"home {home}", flush=True)
        for phase in PHASES:
            if phase not in a.skip:
                results[phase] = child(phase, home, a)
                print(f"  {phase}: {json.dumps(results[phase])}", flush=True)
        report(results)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
