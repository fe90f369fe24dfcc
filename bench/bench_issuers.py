"""Benchmark: the quarterly job's cost against the registry's size (issue 17).

    .venv/bin/python bench/bench_issuers.py [--cases 5000] [--spread 200] [--workers 2] [--threads 2]

Part 1 — the quarterly job at three registry sizes for the same cases. The same
synthetic cases (bench_marts.synthesize: random types, dates, durations, amounts drawn in
SQL, never real data) are given to Gannan's nine courts, in a warehouse whose registry is
gannan (9 courts), gansu (~100) or national (~3,500). For each, it times the quarterly
job's work on the production code path, in the job's order: the six quarterly marts over
2023Q1–2024Q4 (court and YTD performance, judges, rankings, 案件比 quarter and YTD; one
statement each, as a single-run backfill), restatements (against a 2024Q3 bulletin issued
beforehand, untimed), the issued 2024Q4 bulletin, and `write_issuer_bulletins` for 2024Q4
(default selection: the issuers with data — 1 under the Gannan registry, which has no
high court, 3 under the others: 甘30, 甘 and 全国). Wall and CPU seconds (this process and
its rendering workers); ratios are against Gannan, measured in the same run. A second
ratio renders only 甘30, so the same work is asked of every registry: what is left is
what the registry itself costs. Rendering seconds are printed per issuer.

Part 2 — rendering at national size: the same number of cases spread over `--spread`
courts of the national registry (every prefecture of the first provinces, in registry
order); every issuer with data is rendered. Prints seconds per issuer (slowest and
median), the total with `--workers` processes and with one, a re-run with nothing
changed, whether every issuer with data has its three reports (quarterly bulletin HTML +
XLSX, monthly bulletin, weekly reminder) and their sizes. Nothing is asserted: it measures.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_marts import QUARTERLY, QUARTERS, synthesize  # noqa: E402
from warehouse import db, models  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.reports.issued import issue_quarterly_bulletin, rebuild_restatements  # noqa: E402
from warehouse.reports.issuers import write_issuer_bulletins  # noqa: E402
from warehouse.settings import REFERENCE_DIR  # noqa: E402

QUARTER = "2024Q4"
MARTS = (*QUARTERLY, "court_quarter_matter_ratio", "court_ytd_matter_ratio")


class Clock:
    """Wall and CPU seconds (this process and its finished children) since start."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), self._cpu()

    @staticmethod
    def _cpu() -> float:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.process_time() + kids.ru_utime + kids.ru_stime

    def lap(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, self._cpu() - self.cpu


def build(path: Path, registry: str, cases: int, courts_sql: str, threads: int) -> None:
    """A warehouse with `registry` and `cases` synthetic cases moved to the courts chosen
    by `courts_sql`, with case_links and case_families (ingest-job tables); untimed."""
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
        for name in ("case_links", "case_families"):
            models.rebuild(con, name)
        con.execute("CHECKPOINT")


def quarterly_marts(path: Path, threads: int) -> dict[str, tuple[float, float]]:
    """The quarterly job's tables before its reports: marts, then restatements."""
    out = {}
    with db.connect(path, threads=threads) as con:
        models.set_quarters(con, QUARTERS)
        clock = Clock()
        for name in MARTS:
            models.replace_partitions(con, name, QUARTERS)
        con.execute("CHECKPOINT")
        out["marts"] = clock.lap()
    return out


def issue_and_restate(path: Path, reports: Path, threads: int) -> dict[str, tuple[float, float]]:
    out = {}
    with db.connect(path, threads=threads) as con:
        issue_quarterly_bulletin(con, "2024Q3", reports, configuration={})      # an earlier issue, untimed
        clock = Clock()
        rebuild_restatements(con)
        out["restatements"] = clock.lap()
        clock = Clock()
        issue_quarterly_bulletin(con, QUARTER, reports, configuration={})
        con.execute("CHECKPOINT")
        out["issued"] = clock.lap()
    return out


GANNAN_COURTS = "SELECT court_code FROM courts WHERE court_code = '甘30' OR parent_code = '甘30' ORDER BY 1"


def part1(cases: int, workers: int, threads: int, tmp: Path) -> None:
    print(f"\nPart 1: quarterly job, {cases:,} synthetic cases in Gannan's 9 courts, registry size varies "
          f"({threads} DuckDB threads, {workers} rendering processes); seconds wall / CPU")
    print(f"  {'registry':9} {'courts':>6} {'marts':>11} {'restate':>11} {'issued':>11} {'render':>11} "
          f"{'issuers':>7} {'job':>11} {'× gannan':>13} {'render 甘30':>11} {'job, 甘30':>11} {'× gannan':>13}")
    base = base_one = None
    per_issuer = {}
    for registry in ("gannan", "gansu", "national"):
        path = tmp / f"p1_{registry}.duckdb"
        build(path, registry, cases, GANNAN_COURTS, threads)
        t = quarterly_marts(path, threads)
        t.update(issue_and_restate(path, tmp / f"p1_{registry}_issued", threads))
        clock = Clock()
        run = write_issuer_bulletins(path, QUARTER, tmp / f"p1_{registry}_reports", workers=workers)
        t["render"] = clock.lap()
        clock = Clock()
        write_issuer_bulletins(path, QUARTER, tmp / f"p1_{registry}_one", selection="甘30", workers=1)
        t["render_one"] = clock.lap()
        per_issuer[registry] = run.rendered
        with db.connect(path, read_only=True) as con:
            n_courts = con.execute("SELECT count(*) FROM courts").fetchall()[0][0]
        common = [t[k] for k in ("marts", "restatements", "issued")]
        job = tuple(sum(x[i] for x in common) + t["render"][i] for i in (0, 1))
        job_one = tuple(sum(x[i] for x in common) + t["render_one"][i] for i in (0, 1))
        base, base_one = base or job, base_one or job_one

        def wc(x):
            return f"{x[0]:5.2f}/{x[1]:5.2f}"

        print(f"  {registry:9} {n_courts:6,} {wc(t['marts'])} {wc(t['restatements'])} {wc(t['issued'])} "
              f"{wc(t['render'])} {len(run.rendered):7} {wc(job)} {job[0] / base[0]:6.2f}/{job[1] / base[1]:5.2f} "
              f"{wc(t['render_one'])} {wc(job_one)} {job_one[0] / base_one[0]:6.2f}/{job_one[1] / base_one[1]:5.2f}")
        path.unlink()
    print("  rendering seconds per issuer (wall, in its worker): " + "; ".join(
        f"{reg}: " + ", ".join(f"{code} {sec:.2f}" for code, sec in sorted(secs.items()))
        for reg, secs in per_issuer.items()))


def _report_sizes(base: Path, run) -> tuple[list[str], dict[str, list[int]]]:
    """Issuers of `run` missing one of their three reports, and the sizes of each kind."""
    missing, sizes = [], {"bulletin": [], "workbook": [], "monthly": [], "weekly": []}
    for code, files in run.files.items():
        if code not in run.rendered and code not in run.unchanged:
            continue
        for kind in sizes:
            f = base / files[kind] if kind in files else None
            if f is None or not f.is_file():
                missing.append(f"{code}:{kind}")
            else:
                sizes[kind].append(f.stat().st_size)
    return missing, sizes


def part2(cases: int, spread: int, workers: int, threads: int, tmp: Path) -> None:
    path = tmp / "p2.duckdb"
    courts_sql = (f"SELECT court_code FROM courts WHERE level IN ('basic', 'intermediate') "
                  f"ORDER BY division_code, court_code LIMIT {spread}")
    build(path, "national", cases, courts_sql, threads)
    marts = quarterly_marts(path, threads)["marts"]
    one = write_issuer_bulletins(path, QUARTER, tmp / "p2_one", workers=1)
    many = write_issuer_bulletins(path, QUARTER, tmp / "p2_many", workers=workers)
    again = write_issuer_bulletins(path, QUARTER, tmp / "p2_many", workers=workers)
    secs = sorted(one.rendered.items(), key=lambda kv: -kv[1])
    missing, sizes = _report_sizes(tmp / "p2_many" / QUARTER, many)
    print(f"\nPart 2: national registry, {cases:,} cases over {spread} courts (marts {marts[0]:.2f} s); "
          f"{len(one.rendered)} issuers with data ({len(one.no_data)} without)")
    print(f"  per issuer: median {statistics.median(s for _, s in secs):.2f} s, slowest "
          + ", ".join(f"{c} {s:.2f} s" for c, s in secs[:4]))
    print(f"  total, 1 process            {one.seconds:8.2f} s")
    print(f"  total, {workers} processes          {many.seconds:8.2f} s   (ratio {one.seconds / many.seconds:.2f}×)")
    print(f"  again, nothing changed      {again.seconds:8.2f} s   ({len(again.unchanged)} unchanged, "
          f"{len(again.rendered)} rendered)")
    print(f"  every issuer with data has its three reports: {not missing and len(sizes['bulletin']) == len(many.rendered)}"
          + (f" (missing: {', '.join(missing[:8])})" if missing else ""))
    for kind, values in sizes.items():
        if values:
            print(f"  {kind:9} {len(values):4} files, median {statistics.median(values) / 1e3:8.1f} kB, "
                  f"largest {max(values) / 1e6:6.2f} MB")
    print(f"  every bulletin ≤ 2 MB: {all(v <= 2_000_000 for v in sizes['bulletin'])}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=5_000)
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
