"""Benchmark: bounded bulletins (#13) — the report steps of the quarterly job on a national
sample, before and after, in one run.

    .venv/bin/python bench/bench_bounded.py --warehouse /dev/shm/nat400/wh/warehouse.duckdb \\
        --before /work/main [--quarter 2024Q4]

The warehouse is one `courts run` has built (make the sample as docs/performance.md says:
`courts generate --preset national --courts 400 --scale 0.02 ...`, then `courts run`). For
each code base — `--before` (a checkout with its own .venv, e.g. main) and this one — a
worker process, started with that checkout's .venv/bin/python, gets a fresh copy of the
warehouse file and times, on that code's own functions:

1. `quarterly_bulletin`: `issue_quarterly_bulletin(..., reissue=True)` — the whole-warehouse
   bulletin issued and frozen (the copy already holds v1 from the run; v2 does the same work);
2. `issuer_bulletins`: `write_issuer_bulletins(..., force=True)` — every issuer with data.

It prints wall and CPU seconds per step (CPU: the worker and its rendering processes), the
whole-warehouse bulletin's HTML bytes, workbook cells (non-empty, counted with calamine)
and extract bytes, the same summed over every issuer's bulletin, and after / before ratios.
The two workers run one after the other on the same machine and load; nothing is asserted.
COURTS_LIST_LIMIT is left at its default (30).
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
from pathlib import Path

HERE = Path(__file__).resolve()


def _cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime


def _cells(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    return sum(1 for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python()
               for v in row if v not in ("", None))


def _sizes(folder: Path) -> dict:
    """HTML bytes, workbook cells and bytes, extract files and bytes of one bulletin folder."""
    extracts = [p for p in (folder / "extracts").glob("*") if p.is_file()] if (folder / "extracts").is_dir() else []
    return {"html_bytes": (folder / "bulletin.html").stat().st_size,
            "xlsx_bytes": (folder / "bulletin.xlsx").stat().st_size,
            "xlsx_cells": _cells(folder / "bulletin.xlsx"),
            "extract_files": len(extracts), "extract_bytes": sum(p.stat().st_size for p in extracts)}


def worker(warehouse: Path, quarter: str, out: Path) -> dict:
    """Time the two report steps with whichever `warehouse` package this interpreter imports."""
    import warehouse as package
    from warehouse import db
    from warehouse.reports.issued import issue_quarterly_bulletin
    from warehouse.reports.issuers import write_issuer_bulletins

    result = {"code": str(Path(package.__file__).resolve().parent.parent)}
    reports = out / "reports"
    wall, cpu = time.perf_counter(), _cpu()
    with db.connect(warehouse) as con:
        record = issue_quarterly_bulletin(con, quarter, reports, reissue=True, configuration={})
    result["quarterly_bulletin"] = (time.perf_counter() - wall, _cpu() - cpu)
    wall, cpu = time.perf_counter(), _cpu()
    run = write_issuer_bulletins(warehouse, quarter, reports, force=True)
    result["issuer_bulletins"] = (time.perf_counter() - wall, _cpu() - cpu)
    result["issuers"] = len(run.rendered)
    result["issued"] = _sizes(Path(record["paths"]["html"]).parent)
    total: dict[str, int] = {}
    for code in run.rendered:
        folder = reports / quarter / code
        for k, v in _sizes(folder).items():
            total[k] = total.get(k, 0) + v
    result["issuer_totals"] = total
    return result


def run_side(python: Path, cwd: Path, warehouse: Path, quarter: str, tmp: Path) -> dict:
    copy = tmp / "warehouse.duckdb"
    shutil.copyfile(warehouse, copy)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "COURTS_LIST_LIMIT")}
    proc = subprocess.run([str(python), str(HERE), "--worker", "--warehouse", str(copy), "--quarter", quarter,
                           "--out", str(tmp)], cwd=cwd, env=env, capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"worker in {cwd} failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--warehouse", type=Path, required=True)
    ap.add_argument("--before", type=Path, help="checkout to compare with (its .venv is used)")
    ap.add_argument("--quarter", default="2024Q4")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps(worker(args.warehouse, args.quarter, args.out)))
        return
    after_root = HERE.parent.parent
    sides = ([("before", args.before)] if args.before else []) + [("after", after_root)]
    results = {}
    for label, root in sides:
        with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
            results[label] = run_side(root / ".venv" / "bin" / "python", root, args.warehouse, args.quarter, Path(tmp))
        print(f"{label}: {results[label]['code']} ({results[label]['issuers']} issuers rendered)", flush=True)
    with open("/proc/loadavg") as fh:
        load = fh.read().split()[:3]
    print(f"\n{args.warehouse}, {args.quarter}; load average {' '.join(load)}")
    print(f"{'step':24s}" + "".join(f"{label + ' wall / CPU s':>26s}" for label in results)
          + ("   after/before wall / CPU" if len(results) == 2 else ""))
    for step in ("quarterly_bulletin", "issuer_bulletins"):
        cells = [results[label][step] for label in results]
        line = f"{step:24s}" + "".join(f"{w:>16.2f} / {c:7.2f}" for w, c in cells)
        if len(cells) == 2:
            line += f"   {cells[1][0] / cells[0][0]:.3f} / {cells[1][1] / cells[0][1]:.3f}"
        print(line)
    for what, key in (("whole-warehouse bulletin", "issued"), ("all issuers' bulletins", "issuer_totals")):
        print(f"\n{what}:")
        for k in ("html_bytes", "xlsx_cells", "xlsx_bytes", "extract_files", "extract_bytes"):
            vals = [results[label][key].get(k, 0) for label in results]
            line = f"  {k:22s}" + "".join(f"{v:>16,d}" for v in vals)
            if len(vals) == 2 and vals[0]:
                line += f"   {vals[1] / vals[0]:.3f}"
            print(line)


if __name__ == "__main__":
    main()
