"""Incremental ingest benchmark: on the Gannan demo inbox, the first ingest against a run
with no new files (the sensor's and every scheduled run's common case) and against a run
with one new court-day file.

    .venv/bin/python bench/bench_incremental.py [--inbox DIR] [--keep DIR]

Without --inbox the demo is generated first (`generator.generate`, preset gannan). Each
phase is `warehouse.ingest.ingest_inbox` followed by the declared checks of the four
ingest tables (what the ingest asset runs), timed by wall clock and by this process's CPU
time; the lines print seconds and the fraction of the first ingest, measured in one run.
All data is synthetic.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import checks  # noqa: E402
from warehouse import models, values  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.ingest import ingest_inbox  # noqa: E402

TABLES = ("case_rows", "ingested_files", "rejected_rows", "case_versions")


def _warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    ensure_schema(con)
    models.register_reference_views(con)
    for name in ("case_types", "time_limits", "dispositions"):
        models.rebuild(con, name)
    registry = (ROOT / "warehouse" / "reference" / "courts" / "gannan.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS "
                f"SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)")
    models.rebuild(con, "courts")
    con.execute("CHECKPOINT")
    return con


def _phase(con, inbox: Path) -> tuple[float, float, dict, float]:
    t, c = time.perf_counter(), time.process_time()
    summary = ingest_inbox(con, inbox)
    con.execute("CHECKPOINT")
    ingest_s = time.perf_counter() - t
    for n in TABLES:
        checks.evaluate(con, n)
    return time.perf_counter() - t, time.process_time() - c, summary, ingest_s


def hold_back_newest(inbox: Path, held_dir: Path) -> Path:
    """Move the newest court-day CSV out of the inbox (delivered alone in the last phase)."""
    latest = max((p for p in inbox.rglob("*.csv")), key=lambda p: (p.name, p.parent.name))
    held = held_dir / latest.relative_to(inbox)
    held.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(latest, held)
    return held


def deliver(held: Path, inbox: Path, held_dir: Path) -> None:
    shutil.move(held, inbox / held.relative_to(held_dir))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inbox", type=Path, help="an existing demo inbox (default: generate the Gannan demo)")
    ap.add_argument("--keep", type=Path, help="work folder to keep (default: a temp dir)")
    a = ap.parse_args(argv)
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        inbox = work / "inbox"
        shutil.rmtree(inbox, ignore_errors=True)
        if a.inbox:
            shutil.copytree(a.inbox, inbox)
        else:
            from generator import generate

            generate(work / "demo", preset="gannan")
            shutil.copytree(work / "demo" / "inbox", inbox)
        held = hold_back_newest(inbox, work / "held")
        values.register_sql(duckdb.connect())  # process start-up paid once, as in a running pipeline
        values.vocabulary("預熱")
        db = work / "wh.duckdb"
        db.unlink(missing_ok=True)
        con = _warehouse(db)
        first, first_cpu, s, first_ingest = _phase(con, inbox)
        print(f"first ingest        {first:7.2f}s (cpu {first_cpu:6.2f}s, ingest alone {first_ingest:6.2f}s) "
              f"{s['files_new']} files, {s['rows_read']} rows   1.000")
        noop, noop_cpu, s, noop_ingest = _phase(con, inbox)
        assert s["files_new"] == 0, s
        print(f"no new files        {noop:7.2f}s (cpu {noop_cpu:6.2f}s, ingest alone {noop_ingest:6.2f}s) "
              f"   {noop / first:.3f} (cpu {noop_cpu / first_cpu:.3f}, ingest alone {noop_ingest / first_ingest:.3f})")
        deliver(held, inbox, work / "held")
        one, one_cpu, s, one_ingest = _phase(con, inbox)
        assert s["files_new"] == 1, s
        print(f"one court-day file  {one:7.2f}s (cpu {one_cpu:6.2f}s, ingest alone {one_ingest:6.2f}s) "
              f"{s['rows_read']} rows   {one / first:.3f} (cpu {one_cpu / first_cpu:.3f}, "
              f"ingest alone {one_ingest / first_ingest:.3f})")
        con.close()
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
