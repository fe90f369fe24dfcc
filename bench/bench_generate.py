"""Generator throughput benchmark: the national preset (about 3,500 courts) over one year.

    .venv/bin/python bench/bench_generate.py [--cases 600000] [--start 2024-01-01] [--end 2024-12-31]
                                             [--seed 0] [--faults 0] [--keep DIR]

Picks --scale so that about --cases cases are exported (national ≈ 46 million cases a
year at scale 1), generates into a temp dir (or --keep DIR), and prints plain lines:
cases, rows, files, MB written, seconds, cases/s, rows/s and peak memory (ru_maxrss).
Every court exports monthly, so the file count (~41,000 a year) hardly depends on --cases.
The default (~600k cases) runs in about a minute and a half on 2 cores; --cases 2000000 in
a little over two minutes. All data is synthetic.
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


def scale_for(cases: int, start: date, end: date) -> float:
    years = ((end - start).days + 1) / 365.25
    return cases / (NATIONAL_ANNUAL * years * EXPORTED_PER_ANNUAL_CASE)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=600_000, help="about this many exported cases")
    ap.add_argument("--start", type=date.fromisoformat, default=date(2024, 1, 1))
    ap.add_argument("--end", type=date.fromisoformat, default=date(2024, 12, 31))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--faults", type=float, default=0.0, help="row-fault rate (default 0: the plain bench)")
    ap.add_argument("--keep", type=Path, help="write here and keep the output (default: a temp dir, removed)")
    a = ap.parse_args()
    scale = scale_for(a.cases, a.start, a.end)
    tmp = None if a.keep else Path(tempfile.mkdtemp(prefix="bench_generate_"))
    out = a.keep or tmp / "national"
    try:
        t0 = time.perf_counter()
        manifest = generate(out, preset="national", start=a.start, end=a.end, seed=a.seed, scale=scale,
                            faults=a.faults)
        seconds = time.perf_counter() - t0
        s = manifest["summary"]
        mb = folder_size(out / "inbox") / 1e6
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"preset national {a.start}..{a.end} scale {scale:.5f} courts {len(manifest['courts'])}")
        print(f"cases {s['cases']}")
        print(f"rows {s['rows']}")
        print(f"files {s['files']}")
        print(f"MB written {mb:.1f}")
        print(f"seconds {seconds:.1f}")
        print(f"cases/s {s['cases'] / seconds:.0f}")
        print(f"rows/s {s['rows'] / seconds:.0f}")
        print(f"peak memory MB {peak_mb:.0f}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
