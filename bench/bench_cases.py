"""`cases` and `case_parties` after one new court-day file: the refreshes their assets run
(only the cases whose versions changed, `models.refresh`) against the whole rebuilds they
replaced (`models.rebuild`), on a warehouse of about --rows versions.

    .venv/bin/python bench/bench_cases.py [--rows 1000000] [--new 200] [--threads N]

Builds the warehouse from bench_ingest's synthetic rows (one court, 甘3001; --rows rows in
200 files, about 0.75 case per row), builds `cases` once, then ingests one more file of
--new rows (new versions of existing cases, as a court's next daily export brings) and
times, in one run and on the same file: the refresh and the rebuild of each table, each in
its own transaction, with the query that finds the changed cases included in the refresh.
Prints wall and CPU seconds, the refresh as a fraction of the rebuild, and checks both
give the same rows.
All data is synthetic.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assets.core import changed_cases  # noqa: E402
from bench.bench_ingest import _prepare_registry, _split, make_inputs  # noqa: E402
from warehouse import db, models, values  # noqa: E402
from warehouse.ingest import ingest_inbox  # noqa: E402


def _timed(con, write) -> tuple[float, float, int]:
    t, c = time.perf_counter(), time.process_time()
    with db.transaction(con):
        n = write(con)
    con.execute("CHECKPOINT")
    return time.perf_counter() - t, time.process_time() - c, n


def _fingerprint(con, name: str) -> tuple:
    return con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {name} t").fetchone()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--new", type=int, default=200, help="rows in the new court-day file")
    ap.add_argument("--threads", type=int)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_cases_") as tmp:
        work = Path(tmp)
        src = make_inputs(work, a.rows, xlsx=False)["utf8"]
        inbox = work / "inbox" / "甘3001"
        inbox.mkdir(parents=True)
        parts = _split(src, 200, "utf-8")
        for k, p in enumerate(parts):
            p.rename(inbox / f"202506{k // 10 + 1:02d}_{k % 10}.csv")
        con = duckdb.connect(str(work / "wh.duckdb"), config={"threads": a.threads} if a.threads else {})
        con.execute("SET enable_progress_bar = false")
        _prepare_registry(con)
        values.register_sql(con)
        ingest_inbox(con, inbox.parent)
        _timed(con, lambda c: models.rebuild(c, "cases"))
        _timed(con, lambda c: models.rebuild(c, "case_parties"))
        cases, versions = con.execute("SELECT count(*), sum(versions) FROM cases").fetchone()
        models.register_macros(con, models.LOADED_FILES)
        since = db.scalar(con, "SELECT max(ingested_at)::VARCHAR FROM loaded_files()")
        # the next day's export: the first --new rows again, as new versions of their cases
        lines = (inbox / "20250601_0.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        (inbox / "20250630_0.csv").write_text("".join(lines[:a.new + 1]), encoding="utf-8")
        ingest_inbox(con, inbox.parent)
        # the core asset's scope, found once before cases changes (timed with the cases refresh)
        results = {}
        for name in ("cases", "case_parties"):
            def refresh(c, n=name):
                if n == "cases":
                    scope, _ = changed_cases(c, f"TIMESTAMP '{since}'")
                    c.execute(f"CREATE OR REPLACE TEMP TABLE core_scope AS {scope}")
                return models.refresh(c, n, "select * from core_scope")
            r_wall, r_cpu, changed = _timed(con, refresh)
            refreshed = _fingerprint(con, name)
            f_wall, f_cpu, rows = _timed(con, lambda c, n=name: models.rebuild(c, n))
            assert _fingerprint(con, name) == refreshed, f"{name}: refresh and rebuild disagree"
            results[name] = (r_wall, r_cpu, changed, f_wall, f_cpu, rows)
        con.close()
    print(f"warehouse: {cases:,} cases, {versions:,} versions; new file: {a.new} rows")
    for name, (r_wall, r_cpu, changed, f_wall, f_cpu, rows) in results.items():
        print(f"{name}: rebuild (whole)   {f_wall:7.2f} s wall, {f_cpu:7.2f} s CPU, {rows:,} rows")
        print(f"{name}: refresh ({changed} cases) {r_wall:7.2f} s wall, {r_cpu:7.2f} s CPU")
        print(f"{name}: refresh / rebuild {r_wall / f_wall:.3f} wall, {r_cpu / f_cpu:.3f} CPU (same rows: yes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
