"""Generator throughput benchmark: the national preset (about 3,500 courts) over one year.

    .venv/bin/python bench/bench_generate.py [--cases 600000] [--start 2024-01-01] [--end 2024-12-31]
                                             [--seed 0] [--faults 0] [--workers 2] [--courts N]
                                             [--tmp DIR] [--keep DIR]

Picks --scale so that about --cases cases are exported (national ≈ 46 million cases a
year at scale 1), generates into a temp dir under --tmp (default: the system's; /dev/shm
takes the disk out of the figure) or into --keep DIR, and prints plain lines: cases,
rows, files, MB written, wall and CPU seconds (this process and its workers; CPU also
split into user and system, the system part being mostly the file system creating the
~41,000 files), cases/s and cases per CPU second, the ratio to the goal of 100,000
cases/s (#13), rows/s and peak RSS (ru_maxrss of this process and of the largest
worker). Every court exports monthly, so the file count (~41,000 a year) hardly depends
on --cases. All data is synthetic.
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

from generator import generate  # noqa: E402
from generator.calibration import NATIONAL_ANNUAL  # noqa: E402

# Exported cases per case of the calibrated annual volume (measured on the national preset
# for 2024: pending-at-start cases come on top, the derived types fall a little short).
EXPORTED_PER_ANNUAL_CASE = 0.93
GOAL_CASES_PER_S = 100_000


def scale_for(cases: int, start: date, end: date) -> float:
    years = ((end - start).days + 1) / 365.25
    return cases / (NATIONAL_ANNUAL * years * EXPORTED_PER_ANNUAL_CASE)


def cpu_split() -> tuple[float, float]:
    """(user, system) CPU seconds of this process and its finished children (the workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + kids.ru_utime, me.ru_stime + kids.ru_stime


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (the workers)."""
    return sum(cpu_split())


def peak_rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=600_000, help="about this many exported cases")
    ap.add_argument("--start", type=date.fromisoformat, default=date(2024, 1, 1))
    ap.add_argument("--end", type=date.fromisoformat, default=date(2024, 12, 31))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--faults", type=float, default=0.0, help="row-fault rate (default 0: the plain bench)")
    ap.add_argument("--workers", type=int, default=2, help="generator worker processes (default 2)")
    ap.add_argument("--courts", type=int, default=None, help="a national-shaped sample of at most N courts")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the temp output (e.g. /dev/shm)")
    ap.add_argument("--keep", type=Path, help="write here and keep the output (default: a temp dir, removed)")
    a = ap.parse_args()
    scale = scale_for(a.cases, a.start, a.end)
    tmp = None if a.keep else Path(tempfile.mkdtemp(prefix="bench_generate_", dir=a.tmp))
    out = a.keep or tmp / "national"
    try:
        t0, (u0, s0) = time.perf_counter(), cpu_split()
        manifest = generate(out, preset="national", start=a.start, end=a.end, seed=a.seed, scale=scale,
                            faults=a.faults, workers=a.workers, courts=a.courts)
        seconds, (u1, s1) = time.perf_counter() - t0, cpu_split()
        user, system = u1 - u0, s1 - s0
        cpu = user + system
        s = manifest["summary"]
        mb = folder_size(out / "inbox") / 1e6
        rate = s["cases"] / seconds
        print(f"preset national {a.start}..{a.end} scale {scale:.5f} courts {len(manifest['courts'])} "
              f"workers {a.workers}")
        print(f"cases {s['cases']}")
        print(f"rows {s['rows']}")
        print(f"files {s['files']}")
        print(f"MB written {mb:.1f}")
        print(f"seconds {seconds:.1f} wall, {cpu:.1f} CPU ({user:.1f} user, {system:.1f} system)")
        print(f"cases/s {rate:.0f} ({rate / GOAL_CASES_PER_S:.2f} x the goal of {GOAL_CASES_PER_S:,})")
        print(f"cases per CPU second {s['cases'] / cpu:.0f}")
        print(f"rows/s {s['rows'] / seconds:.0f}")
        print(f"peak RSS MB {peak_rss_mb(resource.RUSAGE_SELF):.0f} (this process), "
              f"{peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} (largest worker)")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
