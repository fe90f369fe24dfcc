"""The marts on Spark SQL: a PySpark session (local mode `local[2]` by default; any
cluster through the standard `SPARK_*` / `spark-defaults.conf` configuration or
`COURTS_SPARK_MASTER`) reading the Parquet lake, running the model SQL translated by
`warehouse.engines.translate`.

What belongs here: the session settings the models need (time zone, CTE precedence),
registering the lake's tables, the reference CSVs and the model parameters as temp
views, running one model, and `replace_partitions` — the Spark twin of
`warehouse.models.replace_partitions` that the mart assets use when COURTS_ENGINE=spark
(the lake is brought up to date with the model's input tables, Spark writes the rows as
Parquet, DuckDB swaps them into the warehouse table set-at-a-time). PySpark is imported lazily: the DuckDB engine never
needs Java.
"""
from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from warehouse import models
from warehouse.db import TIMEZONE
from warehouse.engines.translate import model_to_spark
from warehouse.periods import quarter_bounds
from warehouse.settings import REFERENCE_DIR

# the models a Spark engine computes (and the parity test compares), all from lake tables
SPARK_MODELS = (
    "court_quarter_performance",
    "court_ytd_performance",
    "judge_quarter_performance",
    "deadline_alerts",
    "long_pending_cases",
    "court_quarter_rankings",
    "court_quarter_standings",
    "quarter_end_long_pending",
    "quarter_end_deadline_alerts",
    "court_quarter_matter_ratio",
    "court_ytd_matter_ratio",
)


def java_available() -> bool:
    return bool(os.environ.get("JAVA_HOME")) or shutil.which("java") is not None


def session(master: str | None = None, app: str = "courts", java_options: str | None = None):
    """A SparkSession configured for the models (created once per process). `java_options`
    go to the driver JVM when this call starts it (local mode), e.g. a lighter JIT for
    short runs on small data."""
    from pyspark.sql import SparkSession

    master = master or os.environ.get("COURTS_SPARK_MASTER", "local[2]")
    builder = SparkSession.builder.master(master).appName(app)
    if java_options:
        builder = builder.config("spark.driver.extraJavaOptions", java_options)
    builder = (
        builder
        .config("spark.sql.session.timeZone", TIMEZONE)
        # local mode: the driver is the executor; Spark's 1 GB default fails at 1 M cases
        # (GC locker retries, then "unread block data" on task results)
        .config("spark.driver.memory", os.environ.get("COURTS_SPARK_DRIVER_MEMORY", "4g"))
        # the performance macros nest CTEs with the same names (period_bounds): inner wins
        .config("spark.sql.legacy.ctePrecedencePolicy", "CORRECTED")
        .config("spark.sql.shuffle.partitions", os.environ.get("COURTS_SPARK_SHUFFLE_PARTITIONS", "2"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.ansi.enabled", "false")
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def register_lake(spark, root: Path | str) -> list[str]:
    """One temp view per lake table, read from its Parquet files as they are."""
    from warehouse.lake import read_manifest

    root = Path(root)
    names = []
    for name, entry in sorted(read_manifest(root)["tables"].items()):
        if not entry["partitions"]:
            continue
        spark.read.option("basePath", str(root / name)).parquet(str(root / name)).createOrReplaceTempView(name)
        names.append(name)
    return names


def register_reference(spark, overrides: dict[str, Path | None] | None = None) -> None:
    """`ref_<name>` views over the configuration CSVs, parsed by DuckDB exactly as the
    DuckDB engine parses them (one reader, one set of types); `overrides` as in
    `warehouse.models.register_reference_views` (COURTS_RANGES / COURTS_WEIGHTS)."""
    import duckdb

    from warehouse.models import register_reference_views

    con = duckdb.connect()
    register_reference_views(con, overrides)
    # every CSV, plus the default reasonable ranges derived from indicators.csv
    for name in [p.stem for p in sorted(REFERENCE_DIR.glob("*.csv"))] + ["indicator_ranges"]:
        types = con.execute(f"DESCRIBE ref_{name}").fetchall()
        ddl = ", ".join(f"`{col}` {_spark_type(typ, name)}" for col, typ, *_ in types)
        rows = con.execute(f"SELECT * FROM ref_{name}").fetchall()
        spark.createDataFrame(rows, ddl).createOrReplaceTempView(f"ref_{name}")
    con.close()


_SPARK_TYPES = {"VARCHAR": "STRING", "BIGINT": "BIGINT", "INTEGER": "INT", "DOUBLE": "DOUBLE",
                "BOOLEAN": "BOOLEAN", "DATE": "DATE", "TIMESTAMP": "TIMESTAMP"}


def _spark_type(duckdb_type: str, name: str) -> str:
    if duckdb_type not in _SPARK_TYPES:
        raise ValueError(f"ref_{name}: column type {duckdb_type} has no Spark mapping (add it to _SPARK_TYPES)")
    return _SPARK_TYPES[duckdb_type]


def set_quarters(spark, quarters: Iterable[str]) -> list[str]:
    from pyspark.sql.types import DateType, StringType, StructField, StructType

    quarters = sorted(set(quarters))
    rows = []
    for q in quarters:
        start, end = quarter_bounds(q)
        rows.append((q, start, end, date(start.year, 1, 1)))
    schema = StructType([StructField("quarter", StringType()), StructField("period_start", DateType()),
                         StructField("period_end", DateType()), StructField("year_start", DateType())])
    spark.createDataFrame(rows, schema).createOrReplaceTempView("params_quarters")
    return quarters


def set_as_of(spark, dates: Iterable[date]) -> list[date]:
    from pyspark.sql.types import DateType, StructField, StructType

    dates = sorted(set(dates))
    spark.createDataFrame([(d,) for d in dates], StructType([StructField("as_of_date", DateType())])) \
        .createOrReplaceTempView("params_as_of")
    return dates


def input_tables(name: str) -> list[str]:
    """The lake tables the translated model reads."""
    import sqlglot
    from sqlglot import exp

    from warehouse.lake import LAKE_TABLES

    lake_names = {t.name for t in LAKE_TABLES}
    read = {t.name for t in sqlglot.parse_one(model_to_spark(name), read="spark").find_all(exp.Table)}
    return sorted(read & lake_names)


def replace_partitions(con, name: str, values: list, lake_root: Path | str,
                       reference: dict[str, Path | None] | None = None, spark=None) -> int:
    """Replace the rows of `values` (quarters or as-of dates) of mart `name` with rows
    computed on Spark: export the model's input tables to the lake (incremental), run
    the translated model, write its rows as Parquet and swap them into the warehouse
    table in one DELETE + INSERT, as the DuckDB engine does. The caller owns the
    transaction. Returns the number of rows written."""
    import tempfile

    from warehouse.lake import export_lake
    from warehouse.tables import table

    t = table(name)
    col = t.partition_column
    if col is None:
        raise ValueError(f"{name} is not partitioned")
    root = Path(lake_root)
    export_lake(con, root, tables=input_tables(name))
    spark = spark or session()
    register_reference(spark, reference)
    # the DuckDB side too, as models.replace_partitions leaves it: the table's checks run
    # on this connection and read the same configuration (ref_ranking_rules …)
    models.register_reference_views(con, reference)
    register_lake(spark, root)
    if col == "quarter":
        set_quarters(spark, values)
    else:
        set_as_of(spark, values)
    with tempfile.TemporaryDirectory(prefix=f"spark_{name}_", dir=root) as tmp:
        out = Path(tmp) / "rows"
        run_model(spark, name).selectExpr(*t.column_names).write.parquet(str(out))
        con.execute("CREATE OR REPLACE TEMP TABLE params_partitions AS SELECT unnest(?) AS v", [list(values)])
        con.execute(f'DELETE FROM {t.qualified} WHERE "{col}" IN (SELECT v FROM params_partitions)')
        con.execute(f"INSERT INTO {t.qualified} BY NAME SELECT * FROM read_parquet('{(out / '*.parquet').as_posix()}') "
                    f'WHERE "{col}" IN (SELECT v FROM params_partitions)')
    return con.execute(f'SELECT count(*) FROM {t.qualified} WHERE "{col}" IN (SELECT v FROM params_partitions)'
                       ).fetchall()[0][0]


def run_model(spark, name: str):
    """The model's rows as a Spark DataFrame (lazy)."""
    if name not in SPARK_MODELS:
        raise ValueError(f"{name} is not translated for Spark; Spark computes: {', '.join(SPARK_MODELS)}")
    return spark.sql(model_to_spark(name))
