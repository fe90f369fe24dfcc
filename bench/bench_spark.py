"""Benchmark (opt-in, needs Java): the same marts on DuckDB and on Spark (local[2]), and
the Parquet lake's size per million cases.

    .venv/bin/python bench/bench_spark.py [--sizes 1000000 5000000] [--threads 2]

For each size it synthesizes that many `cases` rows in DuckDB SQL (`bench_marts.synthesize`:
clearly synthetic, seeded, never the export generator), then, in one run:

- DuckDB: builds every model Spark computes (`warehouse.engines.spark.SPARK_MODELS`) for
  the eight quarters 2023Q1–2024Q4 and four as-of dates (`CREATE TEMP TABLE … AS model`);
- exports the lake (`warehouse.lake.export_lake`) and measures its bytes;
- Spark: one session, the lake registered, the same models run from the translated SQL
  and forced with the `noop` writer (all rows computed, nothing collected).

It prints the times, Spark ÷ DuckDB per size, and the lake's bytes per million cases
(cases + marts; `case_versions` and `rejected_rows` are empty in synthetic data). Spark is
expected to be slower on two cores: the point is that the same SQL runs unchanged on a
cluster. Nothing is asserted: it measures.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_marts import AS_OF, QUARTERS, synthesize  # noqa: E402

from warehouse import db, lake, models  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.engines import spark as S  # noqa: E402


def duckdb_models(con) -> dict[str, float]:
    models.register_reference_views(con)
    models.register_macros(con)
    models.set_quarters(con, QUARTERS)
    models.set_as_of(con, AS_OF)
    times = {}
    for name in S.SPARK_MODELS:
        t = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TEMP TABLE bench_{name} AS {models.sql_text(name)}")
        times[name] = time.perf_counter() - t
        # keep the marts in the warehouse so that the lake holds them too
        con.execute(f"INSERT INTO main.{name} BY NAME SELECT * FROM bench_{name}")
    return times


def spark_models(spark, root: Path) -> dict[str, float]:
    S.register_lake(spark, root)
    S.set_quarters(spark, QUARTERS)
    S.set_as_of(spark, AS_OF)
    times = {}
    for name in S.SPARK_MODELS:
        t = time.perf_counter()
        S.run_model(spark, name).write.format("noop").mode("overwrite").save()
        times[name] = time.perf_counter() - t
    return times


def size_of(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*.parquet"))


def run_size(n: int, threads: int, workdir: Path, spark) -> dict:
    path = workdir / f"bench_{n}.duckdb"
    with db.connect(path, threads=threads) as con:
        ensure_schema(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.register_reference_views(con)
            models.rebuild(con, name)
        synthesize(con, n)
        duck = duckdb_models(con)
        root = workdir / f"lake_{n}"
        t = time.perf_counter()
        lake.export_lake(con, root)
        export = time.perf_counter() - t
    spk = spark_models(spark, root)
    return {"n": n, "duckdb": duck, "spark": spk, "export": export, "lake_bytes": size_of(root),
            "cases_bytes": size_of(root / "cases")}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 5_000_000])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--workdir", type=Path, default=None)
    args = ap.parse_args(argv)
    if not S.java_available():
        print("bench_spark: no Java runtime (install openjdk-17-jre-headless)", file=sys.stderr)
        return 2
    spark = S.session()
    S.register_reference(spark)
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        for n in args.sizes:
            r = run_size(n, args.threads, Path(tmp), spark)
            d, s = sum(r["duckdb"].values()), sum(r["spark"].values())
            print(f"\n{n:,} cases — DuckDB {args.threads} threads vs Spark local[2]")
            print(f"{'model':<28}{'DuckDB s':>10}{'Spark s':>10}{'ratio':>8}")
            for name in S.SPARK_MODELS:
                a, b = r["duckdb"][name], r["spark"][name]
                print(f"{name:<28}{a:>10.2f}{b:>10.2f}{b / a:>8.1f}")
            print(f"{'all models':<28}{d:>10.2f}{s:>10.2f}{s / d:>8.1f}")
            per_m = 1e6 / n
            print(f"lake export {r['export']:.2f} s; lake {r['lake_bytes'] / 2**20:.1f} MiB "
                  f"({r['lake_bytes'] * per_m / 2**20:.1f} MiB per million cases; "
                  f"cases alone {r['cases_bytes'] * per_m / 2**20:.1f} MiB per million)")
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
