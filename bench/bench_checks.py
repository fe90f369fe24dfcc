"""Benchmark: the structural checks of a refresh on the rows it wrote against the same
checks on the whole tables (checks.structural.Written), on a warehouse `bench_run.py`
left behind.

    .venv/bin/python bench/bench_run.py --preset national --scale 0.4 --start 2024-01-01 \
        --end 2024-12-31 --memory-limit 2GB --keep /work/run17       # 17 M cases, ~35 min
    .venv/bin/python bench/bench_checks.py /work/run17/home/warehouse.duckdb [--cases 100]

Opens the warehouse read-only and, for the core step's four tables and the ingest step's
four, times the key, NOT NULL and foreign-key checks whole and on a written scope as the
steps pass it: `--cases` sampled cases (and as many families) for the core tables
(`assets.core.written_rows`), the files of the latest ingest run for the ingest tables
(`assets.ingest.written_rows`). The rules of `checks/rules/` are timed apart, whole and as
the steps run them (those filtering on `in_written` read the written rows). Not in
`make bench`: it needs a large warehouse to mean anything. Each check is timed once;
nothing is asserted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assets import core, ingest  # noqa: E402
from checks.registry import rules_for, set_rule_scope  # noqa: E402
from checks.structural import STRUCTURAL, checks_for  # noqa: E402
from warehouse import db, models, values  # noqa: E402
from warehouse.tables import table  # noqa: E402


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--cases", type=int, default=100, help="cases (and families) in the core step's scope")
    ap.add_argument("--memory-limit", default="2GB")
    a = ap.parse_args(argv)
    with db.connect(a.warehouse, read_only=True, memory_limit=a.memory_limit) as con:
        values.register_sql(con)
        models.register_reference_views(con)
        models.register_macros(con)
        con.execute(f"CREATE TEMP TABLE core_scope AS SELECT case_number FROM cases USING SAMPLE {a.cases} ROWS")
        con.execute("CREATE TEMP TABLE links_scope AS SELECT * FROM core_scope")
        con.execute(f"CREATE TEMP TABLE families_scope AS SELECT root_case_number AS k FROM case_families "
                    f"USING SAMPLE {a.cases} ROWS")
        latest = db.scalar(con, "SELECT max(ingested_at)::VARCHAR FROM ingested_files")
        scopes = {**core.written_rows(), **ingest.written_rows(latest)}
        cases = db.scalar(con, "SELECT count(*) FROM cases")
        print(f"warehouse: {cases:,} cases; core scope {a.cases} cases and families; ingest scope: the files "
              f"recorded at {latest}")
        print(f"{'table':16s} {'rows':>12s} {'whole s':>8s} {'written s':>9s} {'ratio':>6s} {'rules s':>8s} "
              f"{'as run s':>8s}")
        totals = [0.0, 0.0, 0.0, 0.0]
        for name, written in scopes.items():
            t = table(name)
            kinds = [STRUCTURAL[k][0] for k in checks_for(t)]
            whole = _timed(lambda t=t, kinds=kinds: [fn(con, t) for fn in kinds])
            scoped = _timed(lambda t=t, kinds=kinds, w=written: [fn(con, t, w) for fn in kinds])
            rules = _timed(lambda n=name: [(set_rule_scope(con, r, None), con.execute(
                f"SELECT count(*) FROM ({r.sql})").fetchall()) for r in rules_for(n)])
            rules_w = _timed(lambda n=name, w=written: [(set_rule_scope(con, r, w), con.execute(
                f"SELECT count(*) FROM ({r.sql})").fetchall()) for r in rules_for(n)])
            rows = db.scalar(con, f"SELECT count(*) FROM {t.qualified}")
            totals = [totals[0] + whole, totals[1] + scoped, totals[2] + rules, totals[3] + rules_w]
            print(f"{name:16s} {rows:12,d} {whole:8.2f} {scoped:9.2f} {scoped / max(whole, 1e-9):6.3f} {rules:8.2f} "
                  f"{rules_w:8.2f}")
        print(f"{'all':16s} {'':12s} {totals[0]:8.2f} {totals[1]:9.2f} {totals[1] / totals[0]:6.3f} {totals[2]:8.2f} "
              f"{totals[3]:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
