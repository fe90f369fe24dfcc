"""The table metadata is the single source: the DDL built from it satisfies the analyst
contract's shape, and the committed docs are exactly what it generates."""
import datetime as dt

import duckdb
import pytest

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


def test_a_stateful_table_gains_a_declared_column_and_keeps_its_rows():
    """A warehouse written before raw.pending_changes had court_codes: the column is added
    (NULL in the rows it held: every court, as before), nothing is dropped."""
    con = duckdb.connect()
    con.execute("CREATE SCHEMA raw")
    con.execute("CREATE TABLE raw.pending_changes (run_id VARCHAR, recorded_at TIMESTAMP, affected_from DATE)")
    con.execute("INSERT INTO raw.pending_changes VALUES ('run-a', TIMESTAMP '2024-11-01 10:00', DATE '2024-05-01')")
    ensure_schema(con)
    assert con.execute("SELECT * FROM raw.pending_changes").fetchall() == [
        ("run-a", dt.datetime(2024, 11, 1, 10, 0), dt.date(2024, 5, 1), None)]
    con.execute("ALTER TABLE raw.pending_changes DROP COLUMN court_codes")
    con.execute("ALTER TABLE raw.pending_changes ADD COLUMN stray INTEGER")  # not only added: refused
    with pytest.raises(RuntimeError, match="pending_changes"):
        ensure_schema(con)


def test_reference_csv_with_a_stray_comma_is_refused_with_its_line(tmp_path):
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


def test_a_column_name_means_one_thing_everywhere():
    """Columns are declared once (warehouse.tables.FIELDS): a name used by several tables
    has one type and one text, except the listed homonyms; the raw layer's "as written"
    text columns are the exports' own fields and stand apart."""
    from collections import defaultdict

    from warehouse.tables import HOMONYMS, RAW_FIELDS

    raw = {n for n, _, _ in RAW_FIELDS}
    seen = defaultdict(set)
    for t in TABLES:
        for c in t.columns:
            if t.schema == "raw" and c.name in raw:
                continue
            seen[c.name].add((c.type, c.zh, c.en))
    drifting = {n: v for n, v in seen.items() if len(v) > 1 and n not in HOMONYMS}
    assert drifting == {}
    assert set(HOMONYMS) <= {n for n, v in seen.items() if len(v) > 1}, "a listed homonym is no longer one"


def test_declared_foreign_keys_are_checked_and_a_dangling_value_fails():
    from checks.structural import checks_for, foreign_keys
    from warehouse.tables import table

    con = duckdb.connect()
    ensure_schema(con)
    cases = table("cases")
    assert "foreign_keys" in checks_for(cases) and "foreign_keys" not in checks_for(table("courts"))
    con.execute("INSERT INTO courts (court_code, court_name, short_name, level, peer_group) "
                "VALUES ('甘3001', '合作市人民法院', '合作法院', 'basic', 'basic:甘30')")
    con.execute("INSERT INTO case_parties VALUES ('（2024）甘3001民初1号', '某甲', 1)")
    n, examples = foreign_keys(con, table("case_parties"))
    assert (n, examples) == (1, [("case_number", "（2024）甘3001民初1号", 1)])
    columns = ", ".join(c.name for c in cases.columns if c.not_null)
    values = {"case_number": "'（2024）甘3001民初1号'", "court_code": "'甘9999'", "filing_date": "DATE '2024-01-02'",
              "extension_days": "0", "excluded_days": "0", "first_file": "'f'", "last_file": "'f'",
              "last_row_number": "1", "versions": "1"}
    con.execute(f"INSERT INTO cases ({columns}) VALUES ({', '.join(values[c] for c in columns.split(', '))})")
    assert foreign_keys(con, table("case_parties")) == (0, [])
    assert foreign_keys(con, cases) == (1, [("court_code", "甘9999", 1)])   # an unregistered court
