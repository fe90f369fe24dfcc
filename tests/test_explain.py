"""`courts explain`: the cases behind an indicator, on the hand-made case set of
test_performance.py — the numerator and denominator case lists of within_limit_rate and
others, every indicator of every row reproducing the table, a stale table reported as an
error, the read-only command with its three output formats, and the plain-SQL pattern of
docs/explain.md giving the same numbers."""
import argparse
import json
import re
from pathlib import Path

import duckdb
import pytest

from pipelines.commands import explain as explain_command
from tests.test_performance import build, load_gannan_cases
from warehouse import db, explain, models

DOC = Path(__file__).resolve().parent.parent / "docs" / "explain.md"


@pytest.fixture
def built(con):
    load_gannan_cases(con)
    build(con, "court_quarter_performance", ["2024Q1", "2024Q2"])
    build(con, "court_ytd_performance", ["2024Q1", "2024Q2"])
    return con


def numbers(side):
    return [c["case_number"] for c in side["cases"]]


def test_within_limit_rate_lists_numerator_and_denominator_cases(built):
    r = explain.explain(built, "甘3001", "2024Q1", "within_limit_rate")
    assert r["value"] == pytest.approx(10 / 11) and r["matches"]
    assert r["numerator"]["count"] == 10 and r["denominator"]["count"] == 11
    late = set(numbers(r["denominator"])) - set(numbers(r["numerator"]))
    assert late == {"(2023)甘3001执100号"}  # closed 2024-03-15, deadline 2024-03-01
    # the 民督 and 执保 cases have no limit: in neither list
    assert not {"(2024)甘3001民督1号", "(2024)甘3001执保1号"} & set(numbers(r["denominator"]))
    k1 = next(c for c in r["numerator"]["cases"] if c["case_number"] == "(2024)甘3001刑初1号")
    assert (k1["deadline_date"], k1["closing_date"], k1["closed_within_limit"]) == ("2024-01-15", "2024-01-15", True)


def test_appeal_indicators_show_the_appeals_at_another_court(built):
    r = explain.explain(built, "甘3001", "2024Q1", "reversed_remanded_rate", category="civil")
    assert numbers(r["numerator"]) == ["(2024)甘3001民初3号"]
    assert r["numerator"]["cases"][0]["appeal_case_numbers"] == ["(2024)甘30民终1号"]
    assert r["denominator"]["count"] == 4 and r["value"] == pytest.approx(0.25)


def test_recovery_rate_sums_amounts_of_cases_with_a_claim(built):
    r = explain.explain(built, "甘3001", "2024Q1", "enforcement_recovery_rate")
    assert numbers(r["denominator"]) == ["(2024)甘3001执1号", "(2024)甘3001执2号", "(2024)甘3001执恢1号"]
    assert (r["numerator"]["value"], r["denominator"]["value"]) == (25000.0, 80000.0)
    assert r["recomputed"] == pytest.approx(0.3125) and r["matches"]


def test_count_indicator_has_no_denominator(built):
    r = explain.explain(built, "甘3001", "2024Q2", "long_pending_18m")
    assert r["denominator"] is None and r["value"] == 1
    assert numbers(r["numerator"]) == ["(2022)甘3001民初50号"]


@pytest.mark.parametrize("court,quarter,category,period", [
    ("甘3001", "2024Q1", "all", "quarter"), ("甘3001", "2024Q1", "civil", "quarter"),
    ("甘3001", "2024Q1", "criminal", "quarter"), ("甘3001", "2024Q1", "enforcement", "quarter"),
    ("甘3001", "2024Q2", "all", "quarter"), ("甘3021", "2024Q1", "all", "quarter"),
    ("甘30", "2024Q2", "all", "quarter"), ("甘3001", "2024Q2", "all", "ytd"),
])
def test_every_indicator_is_reproduced_from_its_cases(built, court, quarter, category, period):
    for indicator in explain.INDICATORS:
        r = explain.explain(built, court, quarter, indicator, category, period)
        assert r["matches"], (indicator, r["value"], r["recomputed"])


def test_a_stale_table_is_reported(built):
    built.execute("UPDATE cases SET closed_within_limit = false WHERE case_number = '(2024)甘3001执1号'")
    r = explain.explain(built, "甘3001", "2024Q1", "within_limit_rate")
    assert not r["matches"] and r["recomputed"] == pytest.approx(9 / 11)


def test_bad_requests_are_explained(built):
    with pytest.raises(explain.ExplainError, match="unknown indicator"):
        explain.explain(built, "甘3001", "2024Q1", "speed")
    with pytest.raises(explain.ExplainError, match="category row exists only"):
        explain.explain(built, "甘3001", "2024Q1", "closure_rate", category="administrative")
    with pytest.raises(explain.ExplainError, match="no row"):
        explain.explain(built, "甘9999", "2024Q1", "closure_rate")


# --- command line ---------------------------------------------------------------------------

@pytest.fixture
def db_file(tmp_path):
    from warehouse.ddl import ensure_schema

    path = tmp_path / "warehouse.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        load_gannan_cases(con)
        build(con, "court_quarter_performance", ["2024Q1"])
    return path


def run(capsys, *argv):
    p = argparse.ArgumentParser()
    explain_command.add_arguments(p)
    code = explain_command.run(p.parse_args(list(argv)))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_prints_value_counts_and_cases(db_file, capsys):
    code, out, err = run(capsys, "--db", str(db_file), "--court", "甘3001", "--quarter", "2024Q1",
                         "--indicator", "within_limit_rate")
    assert code == 0, err
    assert "value in table: 0.909091" in out and "match" in out
    assert re.search(r"numerator: .* 10 cases", out) and re.search(r"denominator: .* 11 cases", out)
    assert "(2023)甘3001执100号" in out


def test_command_formats(db_file, capsys):
    base = ["--db", str(db_file), "--court", "甘3001", "--quarter", "2024Q1", "--indicator", "closure_rate"]
    code, out, _ = run(capsys, *base, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["numerator"]["count"] == 13 and data["denominator"]["count"] == 19
    code, out, _ = run(capsys, *base, "--format", "csv")
    lines = out.splitlines()
    assert lines[0].startswith("side,case_number,")
    assert sum(line.startswith("numerator,") for line in lines) == 13
    assert sum(line.startswith("denominator,") for line in lines) == 19


def test_command_exits_1_on_a_mismatch_and_2_on_a_bad_request(db_file, capsys):
    with db.connect(db_file) as con:
        con.execute("UPDATE court_quarter_performance SET within_limit_rate = 0.5 WHERE court_code = '甘3001'")
    code, _, err = run(capsys, "--db", str(db_file), "--court", "甘3001", "--quarter", "2024Q1",
                       "--indicator", "within_limit_rate")
    assert code == 1 and "stale or wrong" in err
    code, _, err = run(capsys, "--db", str(db_file), "--court", "甘3001", "--quarter", "2031Q1",
                       "--indicator", "within_limit_rate")
    assert code == 2 and "no row" in err
    code, _, err = run(capsys, "--db", str(db_file.parent / "missing.duckdb"), "--court", "甘3001",
                       "--quarter", "2024Q1", "--indicator", "within_limit_rate")
    assert code == 2 and "missing.duckdb" in err


def test_documented_sql_reproduces_the_table(db_file):
    """Every ```sql block of docs/explain.md runs on the warehouse; the within-limit query
    gives 10 / 11 for 甘3001 in 2024Q1 and the reconciliation query finds no difference."""
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    con = duckdb.connect(str(db_file), read_only=True)
    results = [con.execute(b).fetchall() for b in blocks]
    con.close()
    assert results[0] == [(11, 10, pytest.approx(10 / 11))]
    assert len(results[1]) == 11                 # the denominator's cases, one per row
    assert results[2] == []                      # the reconciliation: no row differs


def test_readme_sql_runs_and_agrees(db_file):
    """The README shows analysts the same within-limit query: it must run and agree."""
    readme = DOC.parent.parent / "README.md"
    blocks = re.findall(r"```sql\n(.*?)```", readme.read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    con = duckdb.connect(str(db_file), read_only=True)
    assert con.execute(blocks[0]).fetchall() == [(11, 10, pytest.approx(10 / 11))]
    con.close()


def test_the_cases_behind_each_declared_indicator_are_its_declared_counts(built):
    """For every ranked indicator of warehouse/reference/indicators.csv with counts, the
    cases explain lists add up to the count columns the declaration names (the ones the
    rankings read): the declaration and the case-level definitions cannot drift apart."""
    from warehouse import indicators

    checked = 0
    for ind in indicators.ranked():
        if not ind.numerator:
            continue
        for court in ("甘3001", "甘30"):
            r = explain.explain(built, court, "2024Q1", ind.key)
            counts = {}
            for side, expression in (("numerator", ind.numerator), ("denominator", ind.denominator)):
                cols = indicators.terms(expression)
                row = built.execute(
                    "SELECT " + ", ".join(c for _, c in cols) + " FROM court_quarter_performance "
                    "WHERE court_code = ? AND quarter = '2024Q1' AND category = 'all'", [court]).fetchone()
                counts[side] = sum(sign * v for (sign, _), v in zip(cols, row, strict=True))
            assert r["denominator"]["count"] == counts["denominator"], (ind.key, court)
            assert r["numerator"]["count"] == counts["numerator"], (ind.key, court)
            assert r["assessment"]["direction"] == ind.direction
            checked += 1
    assert checked >= 14
