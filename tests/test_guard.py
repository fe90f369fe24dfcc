"""Failure injection at the Dagster level: a write whose blocking check fails is rolled
back — the table keeps its last good state — the failed check is reported with its
examples, and nothing downstream runs (not even publishing)."""
from dataclasses import replace

import dagster as dg
import duckdb

import assets
from runtime.resources import WarehouseResource

HEADER = "court_code,court_name,short_name,level,parent_code,division_code\n"
GOOD = HEADER + "甘30,甘南州中级人民法院,甘南中院,intermediate,甘,623000\n甘3001,合作市人民法院,合作法院,basic,甘30,623001\n"
BAD = GOOD + "甘3001,合作市人民法院（重复）,合作法院,basic,甘30,623001\n"


def _run(settings):
    selected = [a for a in assets.ASSETS if {k.path[-1] for k in a.keys} & {"courts", "published_warehouse"}]
    return dg.materialize(selected, resources={"warehouse": WarehouseResource.from_settings(settings)},
                          raise_on_error=False)


def test_failed_blocking_check_rolls_back_and_stops_downstream(settings, tmp_path):
    registry = tmp_path / "registry.csv"
    settings = replace(settings, registry=str(registry))
    registry.write_text(GOOD, encoding="utf-8")
    assert _run(settings).success

    registry.write_text(BAD, encoding="utf-8")
    result = _run(settings)
    assert not result.success
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed = [ev for ev in evaluations if not ev.passed]
    assert [ev.check_name for ev in failed] == ["key_unique"]
    assert "甘3001" in str(failed[0].metadata["examples"].value)
    materialized = {e.asset_key.path[-1] for e in result.all_events if e.event_type_value == "ASSET_MATERIALIZATION"}
    assert materialized == set(), "neither the bad table nor the published copy may be materialized"

    con = duckdb.connect(str(settings.warehouse), read_only=True)
    assert con.execute("SELECT count(*) FROM courts").fetchone()[0] == 2, "the last good state is kept"
    con.close()
    published = duckdb.connect(str(settings.published), read_only=True)
    assert published.execute("SELECT count(*) FROM courts").fetchone()[0] == 2


def test_key_unique_counts_every_repeated_key_and_shows_the_most_repeated_first():
    from checks.structural import key_unique
    from warehouse.tables import C, Table

    t = Table("t", "表", "a table", "core", (C("a", "VARCHAR", "甲", "a"), C("b", "INTEGER", "乙", "b")), key=("a", "b"))
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('x', 1), ('x', 1), ('y', 2), ('y', 2), ('y', 2), "
                "('z', 3), ('x', 2)) v(a, b)")
    assert key_unique(con, t) == (2, [("y", 2, 3), ("x", 1, 2)])
    con.execute("DELETE FROM t WHERE a IN ('x', 'y')")
    assert key_unique(con, t) == (0, [])
