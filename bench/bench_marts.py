"""Benchmark: building every mart of issue 5 against a bare DuckDB scan of `cases`.

    .venv/bin/python bench/bench_marts.py [--sizes 1000000 5000000] [--threads 2]

For each size it synthesizes that many `cases` rows directly in DuckDB SQL — clearly
synthetic: random courts, case types, dates, judges and amounts drawn with `random()`
(seeded), never real data and never the export generator — into a fresh DuckDB file, then
times, on the production code path (`models.replace_partitions` in one transaction):

- court_quarter_performance, court_ytd_performance, judge_quarter_performance and
  court_quarter_rankings for the eight quarters 2023Q1–2024Q4 (one statement each, as a
  single-run backfill does);
- deadline_alerts and long_pending_cases for four weekly as-of dates;
- the asset checks of those five tables (they run inside the write transaction);

and a bare scan `SELECT count(*), sum(duration_days), min(filing_date), max(closing_date)
FROM cases` (best of three). It prints the times, the ratio marts ÷ scan per size, and how
each grows from the smallest to the largest size. Nothing is asserted: it measures.

Courts scale with the cases (about 13,000 cases per court per year, the national average
of 46 million cases over 3,500 courts); the synthetic filings span 2022-01-01 … 2024-12-31.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import checks  # noqa: E402
from warehouse import db, models  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402

QUARTERS = [f"{y}Q{q}" for y in (2023, 2024) for q in (1, 2, 3, 4)]
AS_OF = [date(2024, 12, 9), date(2024, 12, 16), date(2024, 12, 23), date(2024, 12, 30)]
QUARTERLY = ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
             "court_quarter_rankings")
AS_OF_TABLES = ("deadline_alerts", "long_pending_cases")
CASES_PER_COURT_YEAR = 13_000
YEARS = 3

# case type, category, instance, share of cases, limit in months (0 = none), dispositions
TYPE_MIX = """
    ('民初', 'civil',          'first',       0.40, 6, ['判决','调解','撤诉','驳回']),
    ('民终', 'civil',          'second',      0.05, 3, ['维持','改判','发回','撤回上诉']),
    ('民督', 'civil',          'other',       0.02, 0, ['其他']),
    ('刑初', 'criminal',       'first',       0.08, 3, ['判决']),
    ('刑终', 'criminal',       'second',      0.01, 2, ['维持','改判','发回']),
    ('行初', 'administrative', 'first',       0.02, 6, ['判决','撤诉','驳回']),
    ('行终', 'administrative', 'second',      0.01, 3, ['维持','改判']),
    ('执',   'enforcement',    'execution',   0.30, 6, ['执行完毕','终本','终结执行']),
    ('执恢', 'enforcement',    'execution',   0.03, 6, ['执行完毕','终本']),
    ('执异', 'enforcement',    'enforcement_review', 0.03, 0, ['驳回']),
    ('执保', 'preservation',   'execution',   0.05, 0, ['其他'])
"""
GROUPS = """('判决','judgment'),('调解','mediation'),('撤诉','withdrawal'),('驳回','dismissal'),('维持','upheld'),
    ('改判','reversed'),('发回','remanded'),('撤回上诉','appeal_withdrawn'),('其他','other'),
    ('执行完毕','enforced'),('终本','terminated_no_assets'),('终结执行','termination')"""


def synthesize(con, n: int, seed: float = 0.42) -> int:
    """n synthetic cases (and their courts) straight in SQL; returns the number of courts."""
    courts = max(2, round(n / YEARS / CASES_PER_COURT_YEAR))
    con.execute(f"SELECT setseed({seed})")
    con.execute(f"""
        INSERT INTO courts
        SELECT 'S' || lpad(i::varchar, 4, '0'), '合成法院' || i, '合成' || i, 'basic', 'S0000', NULL, 'basic:S0000'
        FROM range(1, {courts} + 1) t(i)
    """)
    con.execute(f"""
        CREATE TEMP TABLE type_mix AS
        SELECT *, sum(share) OVER (ORDER BY case_type) - share AS lo, sum(share) OVER (ORDER BY case_type) AS hi
        FROM (VALUES {TYPE_MIX}) t(case_type, category, instance, share, limit_months, dispositions)
    """)
    con.execute(f"CREATE TEMP TABLE groups AS SELECT * FROM (VALUES {GROUPS}) t(disposition, disposition_group)")
    con.execute(f"""
        INSERT INTO cases BY NAME
        WITH draws AS (
            SELECT i,
                   random() AS r_type, random() AS r_court, random() AS r_judge, random() AS r_file,
                   random() AS r_dur, random() AS r_disp, random() AS r_amount, random() AS r_recov,
                   random() AS r_ext
            FROM range({n}) t(i)
        ),
        typed AS (
            SELECT d.*, m.case_type, m.category, m.instance, m.limit_months, m.dispositions,
                   'S' || lpad((1 + floor(d.r_court * {courts}))::int::varchar, 4, '0') AS court_code,
                   DATE '2022-01-01' + floor(d.r_file * 1096)::int AS filing_date,
                   -- durations: mostly weeks to months, a long tail of years
                   floor(-ln(1 - d.r_dur) * 80)::int AS raw_duration
            FROM draws d
            JOIN type_mix m ON d.r_type * (SELECT max(hi) FROM type_mix) >= m.lo
                           AND d.r_type * (SELECT max(hi) FROM type_mix) < m.hi
        ),
        dated AS (
            SELECT *,
                   CASE WHEN filing_date + raw_duration <= DATE '2024-12-31' THEN filing_date + raw_duration END
                       AS closing_date,
                   CASE WHEN r_ext < 0.05 THEN 30 ELSE 0 END AS extension_days,
                   CASE WHEN r_ext > 0.97 THEN 15 ELSE 0 END AS excluded_days,
                   CASE WHEN limit_months > 0
                        THEN (filing_date + to_months(limit_months))::date
                             + (CASE WHEN r_ext < 0.05 THEN 30 ELSE 0 END)
                             + (CASE WHEN r_ext > 0.97 THEN 15 ELSE 0 END)
                   END AS deadline_date
            FROM typed
        )
        SELECT
            '(' || year(filing_date) || ')' || court_code || case_type || i || '号' AS case_number,
            court_code, year(filing_date) AS case_year, case_type, category, instance,
            filing_date, closing_date,
            CASE WHEN closing_date IS NOT NULL
                 THEN dispositions[1 + floor(r_disp * len(dispositions))::int] END AS disposition,
            court_code || '-法官' || floor(r_judge * 25)::int AS judge,
            extension_days, excluded_days,
            CASE WHEN deadline_date IS NOT NULL THEN limit_months || ' months' END AS limit_label,
            deadline_date,
            CASE WHEN closing_date IS NOT NULL AND deadline_date IS NOT NULL
                 THEN closing_date <= deadline_date END AS closed_within_limit,
            CASE WHEN closing_date IS NOT NULL THEN closing_date - filing_date - excluded_days END AS duration_days,
            -- appeals point at a random earlier case number (some are first instances)
            CASE WHEN instance = 'second'
                 THEN '(' || year(filing_date) || ')' || court_code || '民初' || floor(r_recov * {n})::bigint || '号'
            END AS origin_case_number,
            CASE WHEN case_type IN ('执', '执恢') AND r_amount > 0.1
                 THEN round(1000 + r_amount * 200000, 2)::decimal(18,2) END AS amount_claimed,
            CASE WHEN case_type IN ('执', '执恢') AND closing_date IS NOT NULL AND r_recov > 0.2
                 THEN round((1000 + r_amount * 200000) * r_recov, 2)::decimal(18,2) END AS amount_recovered,
            'synthetic' AS first_file, 'synthetic' AS last_file, i + 1 AS last_row_number, 1 AS versions
        FROM dated
    """)
    con.execute("""
        UPDATE cases SET disposition_group = g.disposition_group
        FROM groups g WHERE cases.disposition = g.disposition
    """)
    con.execute("CHECKPOINT")
    return courts


def timed(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def bare_scan(con) -> float:
    best = float("inf")
    for _ in range(3):
        t, _ = timed(lambda: con.execute(
            "SELECT count(*), sum(duration_days), min(filing_date), max(closing_date) FROM cases").fetchall())
        best = min(best, t)
    return best


def build_marts(con) -> tuple[dict, dict, dict]:
    times, check_times, rows = {}, {}, {}
    models.set_quarters(con, QUARTERS)
    models.set_as_of(con, AS_OF)
    for name in QUARTERLY + AS_OF_TABLES:
        values = QUARTERS if name in QUARTERLY else AS_OF
        with db.transaction(con):
            times[name], rows[name] = timed(lambda n=name, v=values: models.replace_partitions(con, n, v))
            check_times[name], results = timed(lambda n=name: checks.evaluate(con, n))
        failed = [r.check_name for r in results if not r.passed]
        if failed:
            print(f"  note: {name} checks not passing on synthetic data: {failed}", file=sys.stderr)
    return times, check_times, rows


def run_size(n: int, threads: int, workdir: Path) -> dict:
    path = workdir / f"bench_{n}.duckdb"
    with db.connect(path, threads=threads) as con:
        ensure_schema(con)
        t_syn, courts = timed(lambda: synthesize(con, n))
        scan = bare_scan(con)
        times, check_times, rows = build_marts(con)
    path.unlink()
    total = sum(times.values())
    return dict(n=n, courts=courts, synth=t_syn, scan=scan, times=times, check_times=check_times, rows=rows,
                total=total, checks=sum(check_times.values()))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000], help="numbers of cases")
    ap.add_argument("--threads", type=int, default=2, help="DuckDB threads (default 2, the target server)")
    args = ap.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_marts_") as tmp:
        for n in sorted(args.sizes):
            r = run_size(n, args.threads, Path(tmp))
            results.append(r)
            print(f"\n{n:,} synthetic cases, {r['courts']} courts, {args.threads} threads "
                  f"(synthesized in {r['synth']:.1f} s)")
            print(f"  bare scan of cases                      {r['scan']:8.3f} s")
            for name in QUARTERLY + AS_OF_TABLES:
                print(f"  {name:<28} {r['rows'][name]:>9,} rows {r['times'][name]:8.3f} s"
                      f"   checks {r['check_times'][name]:6.3f} s")
            print(f"  all marts                               {r['total']:8.3f} s   "
                  f"checks {r['checks']:6.3f} s")
            print(f"  ratio marts / bare scan                 {r['total'] / r['scan']:8.1f} ×"
                  f"   (with checks {(r['total'] + r['checks']) / r['scan']:.1f} ×)")
    if len(results) > 1:
        a, b = results[0], results[-1]
        k = b["n"] / a["n"]
        print(f"\ngrowth {a['n']:,} → {b['n']:,} cases (× {k:g}):")
        print(f"  bare scan  × {b['scan'] / a['scan']:.2f}")
        print(f"  all marts  × {b['total'] / a['total']:.2f}")
        for name in QUARTERLY + AS_OF_TABLES:
            print(f"    {name:<28} × {b['times'][name] / a['times'][name]:.2f}")
        print(f"  checks     × {b['checks'] / a['checks']:.2f}")
        print(f"  ratio marts / scan: {a['total'] / a['scan']:.1f} → {b['total'] / b['scan']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
