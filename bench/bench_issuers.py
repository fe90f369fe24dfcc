"""Benchmark: bulletins for every issuer of the hierarchy (issue 17).

    .venv/bin/python bench/bench_issuers.py [--cases 20000] [--spread 200] [--workers 2] [--threads 2]

Part 1 — the quarterly job at three registry sizes for the same cases. The same
synthetic cases (bench_marts.synthesize: random types, dates, durations, amounts drawn in
SQL, never real data) are given to Gannan's nine courts, in a warehouse whose registry is
gannan (9 courts), gansu (~100) or national (~3,500). For each, it times the quarterly
job's work on the production code path: the four quarterly marts over 2023Q1–2024Q4 (one
statement each, as a single-run backfill) and `write_issuer_bulletins` for 2024Q4 (default
selection: the issuers with data). Ratios are against Gannan, measured in the same run.

Part 2 — rendering at national size: the same number of cases spread over `--spread`
courts of the national registry (every prefecture of the first provinces, in registry
order); every issuer with data is rendered. Prints seconds per issuer (slowest and
median), the total with `--workers` processes and with one, and the largest bulletin.
Nothing is asserted: it measures.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_marts import QUARTERLY, QUARTERS, synthesize  # noqa: E402
from warehouse import db, models  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.reports.issuers import write_issuer_bulletins  # noqa: E402
from warehouse.settings import REFERENCE_DIR  # noqa: E402

QUARTER = "2024Q4"


def build(path: Path, registry: str, cases: int, courts_sql: str, threads: int) -> dict:
    """A warehouse with `registry`, `cases` synthetic cases moved to the courts chosen by
    `courts_sql`, and the quarterly marts; returns the marts' seconds."""
    csv = (REFERENCE_DIR / "courts" / f"{registry}.csv").as_posix()
    with db.connect(path, threads=threads) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        synthesize(con, cases)
        con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{csv}', "
                    "header = true, all_varchar = true)")
        models.rebuild(con, "courts")
        con.execute("SELECT 1").fetchall()
        chosen = [r[0] for r in con.execute(courts_sql).fetchall()]
        con.execute("CREATE OR REPLACE TEMP TABLE chosen AS SELECT unnest(?::VARCHAR[]) AS court_code, "
                    "generate_subscripts(?::VARCHAR[], 1) - 1 AS i", [chosen, chosen])
        con.execute(f"UPDATE cases SET court_code = c.court_code FROM chosen c "
                    f"WHERE c.i = hash(cases.case_number) % {len(chosen)}")
        con.execute("CHECKPOINT")
        models.set_quarters(con, QUARTERS)
        times = {}
        for name in QUARTERLY:
            t0 = time.perf_counter()
            models.replace_partitions(con, name, QUARTERS)
            times[name] = time.perf_counter() - t0
        con.execute("CHECKPOINT")
    return times


GANNAN_COURTS = "SELECT court_code FROM courts WHERE court_code = '甘30' OR parent_code = '甘30' ORDER BY 1"


def part1(cases: int, workers: int, threads: int, tmp: Path) -> None:
    print(f"\nPart 1: quarterly job, {cases:,} synthetic cases in Gannan's 9 courts, registry size varies "
          f"({threads} DuckDB threads, {workers} rendering processes)")
    print(f"  {'registry':10} {'courts':>7} {'marts s':>8} {'render s':>9} {'issuers':>8} {'job s':>7} {'× gannan':>9}")
    base = None
    for registry in ("gannan", "gansu", "national"):
        path = tmp / f"p1_{registry}.duckdb"
        marts = build(path, registry, cases, GANNAN_COURTS, threads)
        run = write_issuer_bulletins(path, QUARTER, tmp / f"p1_{registry}_reports", workers=workers)
        with db.connect(path, read_only=True) as con:
            n_courts = con.execute("SELECT count(*) FROM courts").fetchall()[0][0]
        job = sum(marts.values()) + run.seconds
        base = base or job
        print(f"  {registry:10} {n_courts:7,} {sum(marts.values()):8.2f} {run.seconds:9.2f} {len(run.rendered):8} "
              f"{job:7.2f} {job / base:9.2f}")
        path.unlink()


def part2(cases: int, spread: int, workers: int, threads: int, tmp: Path) -> None:
    path = tmp / "p2.duckdb"
    courts_sql = (f"SELECT court_code FROM courts WHERE level IN ('basic', 'intermediate') "
                  f"ORDER BY division_code, court_code LIMIT {spread}")
    build(path, "national", cases, courts_sql, threads)
    one = write_issuer_bulletins(path, QUARTER, tmp / "p2_one", workers=1)
    many = write_issuer_bulletins(path, QUARTER, tmp / "p2_many", workers=workers)
    again = write_issuer_bulletins(path, QUARTER, tmp / "p2_many", workers=workers)
    secs = sorted(one.rendered.items(), key=lambda kv: -kv[1])
    sizes = sorted(((p.stat().st_size, p) for p in (tmp / "p2_many" / QUARTER).glob("*/bulletin.html")), reverse=True)
    print(f"\nPart 2: national registry, {cases:,} cases over {spread} courts; {len(one.rendered)} issuers with data "
          f"({len(one.no_data)} without)")
    print(f"  per issuer: median {statistics.median(s for _, s in secs):.2f} s, slowest "
          + ", ".join(f"{c} {s:.2f} s" for c, s in secs[:4]))
    print(f"  total, 1 process            {one.seconds:8.2f} s")
    print(f"  total, {workers} processes          {many.seconds:8.2f} s   (ratio {one.seconds / many.seconds:.2f}×)")
    print(f"  again, nothing changed      {again.seconds:8.2f} s   ({len(again.unchanged)} unchanged, "
          f"{len(again.rendered)} rendered)")
    print(f"  largest bulletin: {sizes[0][1].parent.name} {sizes[0][0] / 1e6:.2f} MB; "
          f"all ≤ 2 MB: {all(s <= 2_000_000 for s, _ in sizes)}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=20_000)
    ap.add_argument("--spread", type=int, default=200, help="courts the cases are spread over in part 2")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--part", type=int, choices=(1, 2))
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_issuers_") as tmp:
        if args.part in (None, 1):
            part1(args.cases, args.workers, args.threads, Path(tmp))
        if args.part in (None, 2):
            part2(args.cases, args.spread, args.workers, args.threads, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
