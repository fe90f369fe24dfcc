"""A failed check tells the engineer what to do: its metadata names the files and rows,
the reason and the fix; every rule file must state its fix."""
import pytest

from checks import registry
from warehouse.tables import TABLES


def _result(results, name):
    return next(r for r in results if r.check_name == name)


def test_a_failed_rule_names_files_rows_reason_and_fix(con):
    con.execute("""
        INSERT INTO main.ingested_files (file_path, court_code, sha256, size_bytes, rows_read, rows_loaded,
                                         rows_rejected, status, error, ingested_at)
        VALUES ('inbox/X99/20240105_cases.csv', 'X99', 'abc', 10, 0, 0, 0, 'rejected',
                'court folder X99 is not in the registry', TIMESTAMP '2024-01-05 10:00:00')
    """)
    r = _result(registry.evaluate(con, "ingested_files"), "rejected_files")
    assert not r.passed
    meta = {k: getattr(v, "value", v) for k, v in r.metadata.items()}
    assert meta["failing"] == 1
    assert meta["files"] == "inbox/X99/20240105_cases.csv"
    assert "refused as a whole" in meta["reason"]
    assert "ingest_job again" in meta["fix"]
    assert "court folder X99 is not in the registry" in meta["examples"]


def test_rows_are_named_per_file_when_the_rule_returns_them(con):
    meta = registry._where(con, "SELECT * FROM (VALUES ('a.csv', 7), ('a.csv', 3), ('b.csv', 1)) t(file_path, row_number)",
                           ["file_path", "row_number"])
    assert meta["files"].value == "a.csv\nb.csv"
    assert meta["rows"].value == "a.csv: rows 3, 7\nb.csv: rows 1"


def test_passing_checks_carry_no_fix(con):
    results = registry.evaluate(con, "ingested_files")
    assert all("fix" not in r.metadata for r in results if r.passed)


def test_every_rule_states_its_fix():
    for t in TABLES:
        for rule in registry.rules_for(t.name):
            assert rule.fix and "{table}" not in rule.fix, (t.name, rule.name)


def test_a_rule_without_a_fix_is_refused_naming_its_file(tmp_path):
    p = tmp_path / "cases.silent.sql"
    p.write_text("-- severity: error\n-- Something.\nselect 1 where false\n", encoding="utf-8")
    with pytest.raises(ValueError, match="cases.silent.sql.*fix"):
        registry._rule(p, "cases", "silent")
