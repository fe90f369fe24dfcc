"""The consistency rule `indicator_counts` is generated from warehouse/reference/indicators.csv
(checks/indicator_rules.py): a broken count or value is caught on the performance and
judge tables, and an indicator added to the declaration is checked with no SQL to edit."""
import shutil
from datetime import date

import pytest

from checks import indicator_rules, registry
from warehouse import indicators
from warehouse.tables import table


def insert(con, name: str, **values) -> None:
    """One row of `name`: every count 0, the given values, NULL elsewhere."""
    t = table(name)
    row = {c.name: 0 for c in t.columns if c.type == "BIGINT"}
    row.update(court_code="甘3001", quarter="2024Q1")
    if "period_start" in t.column_names:
        row.update(category="all", period_start=date(2024, 1, 1), period_end=date(2024, 3, 31))
    row.update(values)
    cols = ", ".join(f'"{c}"' for c in row)
    con.execute(f"INSERT INTO {t.qualified} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def failing(con, name: str) -> int:
    result = next(r for r in registry.evaluate(con, name) if r.check_name == indicator_rules.NAME)
    return result.metadata["failing"].value


def judge(con, **values):
    base = dict(judge="张法官", received=12, closed=12, closed_with_limit=12, closed_within_limit=11,
                within_limit_rate=11 / 12, within_limit_ci_low=0.646, within_limit_ci_high=0.985,
                avg_duration_days=40.0, unranked_reason=None, rank_in_court=1)
    insert(con, "judge_quarter_performance", **{**base, **values})


def test_the_rule_is_on_every_performance_table_and_covers_the_declared_pairs():
    for name in indicator_rules.TABLES:
        assert indicator_rules.NAME in {r.name for r in registry.rules_for(name)}, name
    for ind in indicators.indicators().values():
        if ind.numerator and ind.denominator:   # checked on the table the indicator comes from
            assert f"'{ind.key}' as indicator" in indicator_rules.rule_sql(ind.source), ind.key


def test_consistent_judge_counts_pass(con):
    judge(con)
    assert failing(con, "judge_quarter_performance") == 0


@pytest.mark.parametrize("broken", [
    {"closed_within_limit": 13},                       # numerator above its denominator
    {"within_limit_rate": 0.5},                        # value is not numerator / denominator
    {"closed_with_limit": 0, "closed_within_limit": 0},  # a rate with a zero denominator
    {"within_limit_ci_high": 0.9},                     # interval does not hold the rate
    {"mediation_withdrawal_rate": 0.5},                # a rate without its counts
])
def test_a_broken_judge_count_is_caught(con, broken):
    judge(con, **broken)
    assert failing(con, "judge_quarter_performance") == 1


def test_a_broken_court_count_is_caught(con):
    ok = dict(received=10, closed=8, carried_over=2, pending_end=4, closure_to_filing_ratio=0.8, closure_rate=8 / 12,
              long_pending_12m_share=0.0,
              avg_duration_days=30.0, disposition_time_days=45.0, judges=2, closed_per_judge=4.0)
    insert(con, "court_quarter_performance", **ok)
    assert failing(con, "court_quarter_performance") == 0
    con.execute("UPDATE court_quarter_performance SET closure_rate = 0.7")
    assert failing(con, "court_quarter_performance") == 1


def test_an_indicator_added_to_the_declaration_is_checked_without_editing_sql(con, tmp_path):
    path = tmp_path / "indicators.csv"
    shutil.copy(indicators.PATH, path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write("appeal_rate,上诉率,Appealed / first-instance closed,rate,lower_better,,false,"
                 "appealed,first_instance_closed,,,,10,,20\n")
    declared = indicators.load(path)
    insert(con, "court_quarter_performance", first_instance_closed=10, appealed=3, appeal_rate=0.4,
           first_instance_acceptance_rate=0.7, reversed_remanded_rate=0.0, closed=10, received=10,
           closure_to_filing_ratio=1.0, closure_rate=1.0, avg_duration_days=20.0, disposition_time_days=0.0)
    before = indicator_rules.rule_sql("court_quarter_performance")
    after = indicator_rules.rule_sql("court_quarter_performance", declared)
    assert con.execute(f"SELECT indicator FROM ({before})").fetchall() == []
    assert con.execute(f"SELECT indicator, value, numerator, denominator FROM ({after})").fetchall() == [
        ("appeal_rate", 0.4, 3, 10)]
