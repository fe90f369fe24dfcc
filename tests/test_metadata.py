"""The table metadata is the single source: the DDL built from it satisfies the analyst
contract's shape, and the committed docs are exactly what it generates."""
import duckdb

from tests.contract import CONTRACT, contract_problems
from warehouse import docs
from warehouse.ddl import ensure_schema
from warehouse.tables import TABLES


def test_empty_warehouse_meets_the_contract_shape():
    con = duckdb.connect()
    ensure_schema(con)
    assert contract_problems(con) == []


def test_every_contract_table_is_declared_as_contract():
    declared = {t.name for t in TABLES if t.contract and t.schema == "main"}
    assert set(CONTRACT["tables"]) <= declared


def test_committed_docs_match_the_metadata():
    assert (docs.DOCS / "data_dictionary.md").read_text(encoding="utf-8") == docs.data_dictionary(), \
        "docs/data_dictionary.md is stale: run `make docs`"
    from warehouse.ddl import schema_sql

    assert (docs.DOCS / "schema.sql").read_text(encoding="utf-8") == schema_sql(), "docs/schema.sql is stale: run `make docs`"


def test_derived_table_drift_is_repaired_but_history_is_protected():
    con = duckdb.connect()
    ensure_schema(con)
    con.execute("ALTER TABLE court_quarter_performance ADD COLUMN stray INTEGER")
    ensure_schema(con)  # derived: dropped and recreated to the declared shape
    assert "stray" not in [r[0] for r in con.execute("DESCRIBE court_quarter_performance").fetchall()]
    con.execute("ALTER TABLE ingested_files ADD COLUMN stray INTEGER")
    try:
        ensure_schema(con)
    except RuntimeError as exc:
        assert "ingested_files" in str(exc)
    else:
        raise AssertionError("a drifted stateful table must not be silently dropped")


def test_reference_csv_with_a_stray_comma_is_refused_with_its_line(tmp_path):
    import pytest

    from warehouse.models import validate_reference_csv

    bad = tmp_path / "ranges.csv"
    bad.write_text("indicator,range_low,range_high\nclosure_rate,0.9,1\nwithin_limit_rate,0.9,1,extra\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"ranges.csv, line 3: 4 fields, the header has 3"):
        validate_reference_csv(bad)


def test_shipped_reference_files_are_well_formed():
    from warehouse.models import validate_reference_csv
    from warehouse.settings import REFERENCE_DIR

    for path in sorted(REFERENCE_DIR.rglob("*.csv")):
        validate_reference_csv(path)
