"""The same marts on Spark: the DuckDB model SQL, translated (`warehouse.engines.translate`)
and run by PySpark in local mode over the Parquet lake, gives DuckDB's rows cell for cell
(rates within 1e-12) on a gansu-preset sample: several prefectures, peer groups ranked and
too small to rank, registered courts without data, three quarters across a year end. One
sample, not two: each pass costs about a minute of per-stage overhead whatever the size.
Skipped only when no Java runtime exists (`.ci/run` installs one, so CI always runs these)."""
import math

import duckdb
import pytest

from warehouse import lake
from warehouse.engines import engine_from_env, translate
from warehouse.engines import spark as S

needs_java = pytest.mark.skipif(not S.java_available(), reason="no Java runtime (install openjdk-17-jre-headless)")


# --- the shims, on their own ------------------------------------------------------------

def test_macros_are_inlined_with_the_relation_passed_in():
    sql = translate.expand_macros("with q as (select * from params_quarters) select * from court_performance('q')")
    assert "court_performance(" not in sql and "performance_case_facts(" not in sql
    assert "query_table" not in sql
    assert ") AS court_performance__q" in sql


def test_duckdb_only_star_forms_become_explicit_columns():
    spark_sql = translate.to_spark(
        "with t as (select case_number, filing_date, closing_date from cases) "
        "select * exclude (closing_date) replace (upper(case_number) as case_number) from t"
    )
    assert "EXCLUDE" not in spark_sql.upper() and "REPLACE" not in spark_sql.upper()
    assert "UPPER(case_number) AS case_number" in spark_sql and "filing_date" in spark_sql
    assert "closing_date" not in spark_sql.split("FROM t")[-1] and spark_sql.count("closing_date") == 1


def test_sum_of_columns_and_union_by_name_are_expanded_in_the_left_branch_order():
    spark_sql = translate.to_spark(
        "with t as (select court_code, case_year, versions from cases) "
        "select * from t union all by name "
        "select court_code, sum(columns(* exclude (court_code))) from t group by court_code"
    )
    assert "BY NAME" not in spark_sql.upper() and "COLUMNS" not in spark_sql.upper()
    assert "SUM(case_year) AS case_year" in spark_sql and "SUM(versions) AS versions" in spark_sql


def test_date_differences_and_quantiles_use_spark_functions():
    spark_sql = translate.to_spark(
        "select closing_date - filing_date as d, quantile_cont(duration_days, 0.5) as m from main.cases group by all"
    )
    assert "DATEDIFF(closing_date, filing_date)" in spark_sql
    assert "PERCENTILE(duration_days, 0.5)" in spark_sql
    assert "main." not in spark_sql


def test_engine_choice_comes_from_the_environment():
    assert engine_from_env({}) == "duckdb"
    assert engine_from_env({"COURTS_ENGINE": "Spark"}) == "spark"
    with pytest.raises(ValueError, match="COURTS_ENGINE='hive'"):
        engine_from_env({"COURTS_ENGINE": "hive"})


# --- parity ---------------------------------------------------------------------------

@pytest.fixture(scope="session")
def spark():
    if not S.java_available():
        pytest.skip("no Java runtime")
    # The rows are few, so every stage is pure overhead: one task thread and one shuffle
    # partition (a fifth less wall time), the JVM's quick compiler only and one GC thread,
    # no adaptive re-planning and interpreted expressions instead of generated code (the
    # same semantics, which Spark's own tests check both ways). The JVM's CPU for the
    # parity pass went from 116 s to 45 s, so the test worker beside this one keeps its core.
    session = S.session(master="local[1]", java_options="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    for key, value in (("spark.sql.shuffle.partitions", "1"), ("spark.sql.adaptive.enabled", "false"),
                       ("spark.sql.codegen.wholeStage", "false"), ("spark.sql.codegen.factoryMode", "NO_CODEGEN")):
        session.conf.set(key, value)
    S.register_reference(session)
    yield session
    session.stop()


def _norm(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def assert_same_rows(name, key, duck_rows, spark_rows, columns):
    assert len(duck_rows) == len(spark_rows), f"{name}: {len(duck_rows)} rows in DuckDB, {len(spark_rows)} on Spark"
    index = [columns.index(k) for k in key]
    d = {tuple(r[i] for i in index): r for r in duck_rows}
    s = {tuple(r[i] for i in index): r for r in spark_rows}
    assert d.keys() == s.keys(), f"{name}: keys differ"
    for k, drow in d.items():
        srow = s[k]
        for col, a, b in zip(columns, drow, srow, strict=True):
            a, b = _norm(a), _norm(b)
            if isinstance(a, float) or isinstance(b, float):
                assert a is not None and b is not None and abs(float(a) - float(b)) <= 1e-12 or a is b is None, \
                    f"{name} {k} {col}: DuckDB {a!r}, Spark {b!r}"
            else:
                assert a == b, f"{name} {k} {col}: DuckDB {a!r}, Spark {b!r}"


def check_parity(spark, warehouse, tmp_path):
    from warehouse.tables import table

    con = duckdb.connect(warehouse, read_only=True)
    lake.export_lake(con, tmp_path / "lake")
    S.register_lake(spark, tmp_path / "lake")
    quarters = [q for (q,) in con.execute("SELECT DISTINCT quarter FROM court_quarter_performance").fetchall()]
    as_of = [d for (d,) in con.execute("SELECT DISTINCT as_of_date FROM deadline_alerts").fetchall()]
    assert quarters and as_of
    S.set_quarters(spark, quarters)
    S.set_as_of(spark, as_of)
    compared = {}
    for name in S.SPARK_MODELS:
        t = table(name)
        columns = t.column_names
        # what the DuckDB engine computed and stored for the same quarters and dates
        duck_rows = con.execute(f"SELECT {', '.join(columns)} FROM main.{name}").fetchall()
        spark_rows = [tuple(r) for r in S.run_model(spark, name).selectExpr(*columns).collect()]
        assert duck_rows, f"{name}: no rows to compare"
        assert_same_rows(name, t.key, duck_rows, spark_rows, columns)
        compared[name] = len(duck_rows)
    con.close()
    return compared


@needs_java
def test_spark_marts_equal_duckdb_on_a_gansu_sample(spark, gansu_warehouse, tmp_path):
    compared = check_parity(spark, gansu_warehouse, tmp_path)
    assert set(compared) == set(S.SPARK_MODELS)
    # what makes the sample worth comparing on: ranked and unranked peer groups, YTD over
    # a year end, courts registered without a case
    with duckdb.connect(gansu_warehouse, read_only=True) as con:
        ranked_groups, too_small = con.execute(
            "select count(distinct peer_group) filter (where rank is not null), "
            "count(*) filter (where unranked_reason = 'small_group') from court_quarter_rankings").fetchone()
        years = con.execute("select count(distinct year(period_end)) from court_ytd_performance").fetchone()[0]
        idle = con.execute("select count(*) from court_quarter_performance "
                           "where category = 'all' and received = 0 and closed = 0").fetchone()[0]
    assert ranked_groups >= 2 and too_small > 0 and years == 2 and idle > 0


def test_rankings_shims_window_filters_ordered_aggregates_error_and_line_numbers():
    spark_sql = translate.to_spark(
        "with r as (select court_code, quarter, closed as value, received as u from court_quarter_performance), "
        "f as (select row_number() over () + 1 as file_row, indicator from ref_ranking_weights) "
        "select count(*) filter (where u is null) over g as a, "
        "avg(value order by court_code) filter (where u is null) over g as b, "
        "max(value) over g - value as c, "
        "sum(value order by court_code) filter (where u > 0) as d "
        "from r cross join f where u is null or error('bad ' || quarter) "
        "group by all window g as (partition by quarter)"
    )
    up = " ".join(spark_sql.upper().split())
    assert "COUNT(CASE WHEN U IS NULL THEN 1 END) OVER G" in up
    assert "AVG(CASE WHEN U IS NULL THEN VALUE END) OVER G" in up
    assert "( MAX(VALUE) OVER G ) - VALUE" in up
    assert "SUM(VALUE) FILTER(WHERE" in up and "ORDER BY COURT_CODE" not in up
    assert "ROW_NUMBER() OVER (ORDER BY MONOTONICALLY_INCREASING_ID() NULLS LAST)" in up or \
        "ROW_NUMBER() OVER (ORDER BY MONOTONICALLY_INCREASING_ID())" in up
    assert "CAST(RAISE_ERROR('BAD ' || QUARTER) AS BOOLEAN)" in up and "ERROR(" not in up.replace("RAISE_ERROR(", "")


def test_unpivot_columns_and_a_star_branch_of_union_by_name_are_expanded():
    spark_sql = translate.to_spark(
        "with p as (select quarter, court_code, received, closed from court_quarter_performance), "
        "a as (select quarter, court_code, 1.0 as x from p), b as (select court_code, quarter, 2.0 as x from p) "
        "select quarter, court_code, col, n from (select * from p) "
        "unpivot include nulls (n for col in (columns(* exclude (quarter, court_code)))) "
        "cross join (select * from a union all by name select * from b) u"
    )
    flat = " ".join(spark_sql.split())
    assert "COLUMNS" not in flat.upper() and "IN (received, closed)" in flat
    assert "BY NAME" not in flat.upper()
    right = flat.split("UNION ALL")[1]
    assert right.index("quarter") < right.index("court_code")


# --- COURTS_ENGINE: the resource chooses the engine of the mart assets -------------------

def test_courts_engine_reaches_the_resource():
    from runtime.resources import WarehouseResource
    from warehouse.settings import Settings

    env = {"COURTS_HOME": "/tmp/x", "COURTS_ENGINE": "spark"}
    assert WarehouseResource.from_settings(Settings.from_env(env)).engine == "spark"
    assert WarehouseResource.from_settings(Settings.from_env({"COURTS_HOME": "/tmp/x"})).engine == "duckdb"
    assert Settings.from_env(env).as_env()["COURTS_ENGINE"] == "spark"


@needs_java
def test_a_mart_asset_materializes_the_same_rows_with_courts_engine_spark(spark, tmp_path):
    """The court_quarter_performance and judge_quarter_performance assets, unchanged, on
    the hand-made cases of test_performance: once with COURTS_ENGINE=duckdb, once with
    spark; same rows. (Every mart asset writes through the same resource method; the
    parity test above covers each model's SQL on Spark, rankings included.)"""
    import dataclasses

    import dagster as dg

    from assets import marts
    from runtime.resources import WarehouseResource
    from tests.test_performance import prepare_warehouse
    from warehouse.settings import Settings
    from warehouse.tables import table

    names = ("court_quarter_performance", "judge_quarter_performance")
    asset = [a for a in marts.ASSETS if a.key.path[-1] in names]
    got = {}
    for engine in ("duckdb", "spark"):
        settings = dataclasses.replace(Settings.under(tmp_path / engine), engine=engine)
        prepare_warehouse(settings)
        result = dg.materialize(asset, resources={"warehouse": WarehouseResource.from_settings(settings)},
                                partition_key="2024Q1")
        assert result.success
        assert all(c.passed for c in result.get_asset_check_evaluations())
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            for name in names:
                t = table(name)
                got[engine, name] = con.execute(f"SELECT {', '.join(t.column_names)} FROM {t.qualified}").fetchall()
        # the Spark run went through the lake: the input tables are there, the mart's rows are not
        assert ((tmp_path / engine / "lake" / "cases").exists()) == (engine == "spark")
    assert len(got["duckdb", "court_quarter_performance"]) == 8 and got["duckdb", "judge_quarter_performance"]
    for name in names:
        t = table(name)
        assert_same_rows(name, t.key, got["duckdb", name], got["spark", name], t.column_names)
