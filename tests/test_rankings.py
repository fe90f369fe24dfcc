"""court_quarter_rankings against hand-computed expectations: competition ranks with ties,
NULL values, a peer group of one, direction, scores, the weighted composite with missing
indicators, previous rank and change, standing boundaries, reasonable ranges, Wilson
intervals and "not distinguishable from noise", year-on-year and quarter-on-quarter
change, the counts behind each rate (from the performance table), configuration errors, and the asset."""
import math
from datetime import date

import dagster as dg
import duckdb
import pytest

import checks
from tests.relaxed import relaxed_reference
from warehouse import models
from warehouse.periods import quarter_bounds
from warehouse.tables import table

GROUP = "basic:甘30"
# every count column of the performance table, 0 unless a test says otherwise
COUNTS = {c.name: 0 for c in table("court_quarter_performance").columns if c.type == "BIGINT"}


def add_court(con, code, group=GROUP, level="basic", parent="甘30"):
    con.execute("INSERT INTO courts VALUES (?, ?, ?, ?, ?, ?, ?)",
                [code, f"{code}人民法院", f"{code}法院", level, parent, None, group])


def add_perf(con, quarter, court, **values):
    start, end = quarter_bounds(quarter)
    row = {"court_code": court, "quarter": quarter, "category": "all", "period_start": start, "period_end": end,
           **COUNTS, **values}
    con.execute(f"INSERT INTO court_quarter_performance ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()))


def build(con, *quarters, reference=None):
    models.set_quarters(con, quarters)
    return models.replace_partitions(con, "court_quarter_rankings", list(quarters), reference)


def get(con, quarter, indicator) -> dict[str, dict]:
    cur = con.execute("SELECT * FROM court_quarter_rankings WHERE quarter = ? AND indicator = ?", [quarter, indicator])
    cols = [d[0] for d in cur.description]
    return {r[cols.index("court_code")]: dict(zip(cols, r, strict=True)) for r in cur.fetchall()}


@pytest.fixture(autouse=True)
def config(tmp_path, monkeypatch):
    """A private copy of warehouse/reference/ the test may edit, without minimum samples
    and with min_peer_group 1 (tests/relaxed.py): these tests are about the mechanics."""
    return relaxed_reference(tmp_path, monkeypatch)


def test_ties_at_six_decimals_share_a_rank_and_the_next_rank_is_skipped(con):
    for code, v in [("A", 0.9), ("B", 0.8000001), ("C", 0.8000004), ("D", 0.7)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=v)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "within_limit_rate")
    assert [r[c]["rank"] for c in "ABCD"] == [1, 2, 2, 4]
    assert {r[c]["peer_count"] for c in "ABCD"} == {4}
    # Scores at the tie precision: 100 × (v − 0.7) / (0.9 − 0.7), B and C both at 0.8,
    # so the courts tied on rank share their score (the blocking rule check agrees).
    assert r["A"]["score"] == pytest.approx(100)
    assert r["B"]["score"] == r["C"]["score"] == pytest.approx(50)
    assert r["D"]["score"] == pytest.approx(0)
    labels = next(c for c in checks.evaluate(con, "court_quarter_rankings") if c.check_name == "labels_match_counts")
    assert labels.passed, labels.metadata
    assert r["A"]["peer_mean"] == pytest.approx((0.9 + 0.8000001 + 0.8000004 + 0.7) / 4)
    assert r["A"]["peer_median"] == pytest.approx((0.8000001 + 0.8000004) / 2)
    assert r["A"]["direction"] == "higher_better" and r["A"]["peer_group"] == GROUP


def test_null_value_has_no_rank_and_is_not_counted(con):
    for code, v in [("A", 0.9), ("B", None), ("C", 0.7), ("D", 0.8)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=v)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "within_limit_rate")
    assert r["B"]["value"] is None
    assert r["B"]["rank"] is None and r["B"]["score"] is None and r["B"]["standing"] is None
    assert [r[c]["rank"] for c in "ACD"] == [1, 3, 2]
    assert r["B"]["peer_count"] == 3 and r["A"]["peer_count"] == 3
    assert r["A"]["peer_mean"] == pytest.approx(0.8) and r["A"]["peer_median"] == pytest.approx(0.8)
    # n = 3: ⌈3/3⌉ = 1 → rank 1 strength, rank 2 middle, rank 3 weakness.
    assert [r[c]["standing"] for c in "ADC"] == ["strength", "middle", "weakness"]


def test_with_min_peer_group_1_a_group_of_one_is_rank_one_and_never_weak(con):
    add_court(con, "甘30", group="intermediate:甘", level="intermediate", parent="甘")
    add_court(con, "A")
    add_court(con, "B")
    add_perf(con, "2024Q1", "甘30", within_limit_rate=0.5, avg_duration_days=400.0)
    add_perf(con, "2024Q1", "A", within_limit_rate=0.9, avg_duration_days=50.0)
    add_perf(con, "2024Q1", "B", within_limit_rate=0.95, avg_duration_days=40.0)
    build(con, "2024Q1")
    for indicator in ("within_limit_rate", "avg_duration_days", "composite"):
        one = get(con, "2024Q1", indicator)["甘30"]
        # 0.5 is below the within-limit range (≥ 90 %): rank 1 of 1, yet not a strength
        standing = "middle" if indicator == "within_limit_rate" else "strength"
        assert (one["rank"], one["peer_count"], one["score"], one["standing"]) == (1, 1, 100.0, standing)
        assert one["peer_group"] == "intermediate:甘"
    # The basic courts are ranked only against each other.
    r = get(con, "2024Q1", "within_limit_rate")
    assert (r["A"]["rank"], r["B"]["rank"], r["A"]["peer_count"]) == (2, 1, 2)
    # n = 2: rank 2 is middle, never weakness.
    assert (r["B"]["standing"], r["A"]["standing"]) == ("strength", "middle")


def test_lower_better_ranks_the_smallest_first(con):
    for code, days in [("A", 30.0), ("B", 10.0), ("C", 20.0)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, avg_duration_days=days, disposition_time_days=days * 2)
    build(con, "2024Q1")
    for indicator in ("avg_duration_days", "disposition_time_days"):
        r = get(con, "2024Q1", indicator)
        assert [r[c]["rank"] for c in "ABC"] == [3, 1, 2]
        assert [r[c]["score"] for c in "ABC"] == pytest.approx([0, 100, 50])
        assert r["A"]["direction"] == "lower_better"
        assert [r[c]["standing"] for c in "ABC"] == ["weakness", "strength", "middle"]


def test_all_equal_values_score_100_and_tie_at_rank_one(con):
    for code in "ABC":
        add_court(con, code)
        add_perf(con, "2024Q1", code, closure_rate=0.5)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "closure_rate")
    assert [(r[c]["rank"], r[c]["score"], r[c]["standing"]) for c in "ABC"] == [(1, 100.0, "strength")] * 3


def composite_fixture(con):
    # within_limit_rate: A .9, B .8, C .7 → scores 100, 50, 0
    # avg_duration_days (lower better): A 30, B 10, C NULL → scores 0, 100, NULL
    # D has no value at all.
    for code, wl, days in [("A", 0.9, 30.0), ("B", 0.8, 10.0), ("C", 0.7, None), ("D", None, None)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=wl, avg_duration_days=days)


def test_composite_is_the_weighted_mean_over_available_scores(con):
    composite_fixture(con)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "composite")
    # A (100 + 0) / 2 = 50; B (50 + 100) / 2 = 75; C 0 / 1 = 0 (its missing indicator is skipped).
    assert [r[c]["value"] for c in "ABC"] == pytest.approx([50, 75, 0])
    assert r["D"]["value"] is None and r["D"]["rank"] is None
    assert [r[c]["rank"] for c in "ABC"] == [2, 1, 3]
    assert r["A"]["peer_count"] == 3 and r["A"]["direction"] == "higher_better"
    # The composite's own score normalizes the composite values: 100 × (v − 0) / (75 − 0).
    assert [r[c]["score"] for c in "ABC"] == pytest.approx([200 / 3, 100, 0])
    assert [r[c]["standing"] for c in "ABC"] == ["middle", "strength", "weakness"]
    assert r["A"]["range_status"] is None and r["A"]["ci_low"] is None and r["A"]["vs_peer"] is None


def test_composite_weights_come_from_the_configuration(con, config):
    (config / "ranking_weights.csv").write_text(
        "indicator,weight,note\nwithin_limit_rate,3,\navg_duration_days,1,\nclosure_rate,0,\n", encoding="utf-8")
    composite_fixture(con)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "composite")
    # A (3·100 + 0) / 4 = 75; B (3·50 + 100) / 4 = 62.5; C (3·0) / 3 = 0.
    assert [r[c]["value"] for c in "ABC"] == pytest.approx([75, 62.5, 0])
    assert [r[c]["rank"] for c in "ABC"] == [1, 2, 3]


def test_previous_rank_change_and_quarter_and_year_comparisons(con):
    for code in "AB":
        add_court(con, code)
    add_perf(con, "2023Q1", "A", within_limit_rate=0.5)
    add_perf(con, "2023Q1", "B", within_limit_rate=0.6)
    add_perf(con, "2023Q4", "A", within_limit_rate=0.7)
    add_perf(con, "2023Q4", "B", within_limit_rate=0.9)
    add_perf(con, "2024Q1", "A", within_limit_rate=0.9)
    add_perf(con, "2024Q1", "B", within_limit_rate=0.7)
    written = build(con, "2024Q1")
    assert written == 2 * 13
    assert con.execute("SELECT DISTINCT quarter FROM court_quarter_rankings").fetchall() == [("2024Q1",)]
    r = get(con, "2024Q1", "within_limit_rate")
    a, b = r["A"], r["B"]
    assert (a["rank"], a["previous_rank"], a["rank_change"]) == (1, 2, 1)
    assert (b["rank"], b["previous_rank"], b["rank_change"]) == (2, 1, -1)
    assert (a["previous_value"], a["qoq_change"]) == pytest.approx((0.7, 0.2))
    assert (a["last_year_value"], a["yoy_change"]) == pytest.approx((0.5, 0.4))
    assert (b["qoq_change"], b["yoy_change"]) == pytest.approx((-0.2, 0.1))
    # The composite has its previous rank and changes too: A scored 0 in 2023Q4, 100 now.
    c = get(con, "2024Q1", "composite")["A"]
    assert (c["previous_rank"], c["rank_change"], c["previous_value"], c["qoq_change"]) == (2, 1, 0.0, 100.0)
    assert c["last_year_value"] == 0.0
    # Without an earlier quarter there is nothing to compare with.
    build(con, "2023Q1")
    first = get(con, "2023Q1", "within_limit_rate")["A"]
    assert first["previous_rank"] is None and first["rank_change"] is None and first["yoy_change"] is None


def test_courts_without_cases_have_every_row_with_their_own_groups_figures(con):
    """Courts without cases are computed once and copied (cost follows the data): each
    still has a row per indicator, unranked, with its own group's size and peer
    statistics and its own previous rank."""
    for code in "ABCD":
        add_court(con, code)
    for code in "EF":
        add_court(con, code, group="basic:甘01", parent="甘01")
    for code, before, now in [("A", 0.6, 0.9), ("B", 0.7, 0.8), ("C", 0.8, 0.7), ("D", 0.9, None)]:
        add_perf(con, "2023Q4", code, within_limit_rate=before, closed=5, received=5)
        if now is not None:
            add_perf(con, "2024Q1", code, within_limit_rate=now, closed=5, received=5)
    for code in "DEF":
        add_perf(con, "2024Q1", code)          # no cases: every count 0, every value NULL
    assert build(con, "2024Q1") == 6 * 13
    r = get(con, "2024Q1", "within_limit_rate")
    d, e = r["D"], r["E"]
    assert (d["value"], d["rank"], d["score"], d["standing"], d["unranked_reason"]) == (None, None, None, None, "no_value")
    assert (d["peer_group"], d["group_size"], d["peer_count"]) == (GROUP, 4, 3)
    assert d["peer_mean"] == pytest.approx(0.8) and d["peer_median"] == pytest.approx(0.8)
    assert (d["previous_rank"], d["previous_value"]) == (1, pytest.approx(0.9))
    assert [r[c]["rank"] for c in "ABC"] == [1, 2, 3]
    assert (e["peer_group"], e["group_size"], e["peer_count"], e["peer_mean"]) == ("basic:甘01", 2, 0, None)
    assert (e["previous_rank"], e["unranked_reason"]) == (None, "no_value")
    closure = get(con, "2024Q1", "closure_rate")
    assert (closure["E"]["numerator"], closure["E"]["denominator"]) == (0, 0)
    assert (closure["A"]["numerator"], closure["A"]["denominator"]) == (5, 5)
    composite = get(con, "2024Q1", "composite")
    assert composite["F"]["value"] is None and composite["D"]["peer_count"] == 3


@pytest.mark.parametrize("n, expected", [
    (2, ["strength", "middle"]),
    (3, ["strength", "middle", "weakness"]),
    (8, ["strength"] * 3 + ["middle"] * 2 + ["weakness"] * 3),
])
def test_standing_boundaries(con, n, expected):
    for i in range(n):
        code = f"C{i}"
        add_court(con, code, group=f"basic:n{n}")
        add_perf(con, "2024Q1", code, closure_rate=1.0 - i / 10)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "closure_rate")
    assert [r[f"C{i}"]["rank"] for i in range(n)] == list(range(1, n + 1))
    assert [r[f"C{i}"]["standing"] for i in range(n)] == expected


def test_reasonable_range_status(con, config):
    (config / "ranges.csv").write_text(
        "indicator,range_low,range_high,source\n"
        "within_limit_rate,0.9,,test\n"
        "long_pending_12m_share,,0.05,test\n"
        "mediation_withdrawal_rate,0.3,0.7,test\n", encoding="utf-8")
    rows = [("A", 0.85, 0.06, 0.2), ("B", 0.9, 0.05, 0.7), ("C", 0.95, 0.0, 0.75), ("D", None, None, None)]
    for code, wl, lp, mw in rows:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=wl, long_pending_12m_share=lp, mediation_withdrawal_rate=mw)
    build(con, "2024Q1", reference={"indicator_ranges": config / "ranges.csv"})
    wl = get(con, "2024Q1", "within_limit_rate")
    assert [wl[c]["range_status"] for c in "ABCD"] == ["below", "within", "within", None]
    assert (wl["A"]["range_low"], wl["A"]["range_high"]) == (0.9, None)
    lp = get(con, "2024Q1", "long_pending_12m_share")
    assert [lp[c]["range_status"] for c in "ABC"] == ["above", "within", "within"]
    mw = get(con, "2024Q1", "mediation_withdrawal_rate")
    assert [mw[c]["range_status"] for c in "ABC"] == ["below", "within", "above"]
    days = get(con, "2024Q1", "avg_duration_days")["A"]
    assert (days["range_low"], days["range_high"], days["range_status"]) == (None, None, None)


def wilson(k, n, z=1.959963984540054):
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def test_wilson_interval_of_18_out_of_20(con):
    add_court(con, "A")
    add_perf(con, "2024Q1", "A", within_limit_rate=0.9, closed_within_limit=18, closed_with_limit=20)
    build(con, "2024Q1")
    a = get(con, "2024Q1", "within_limit_rate")["A"]
    assert (a["numerator"], a["denominator"]) == (18, 20)
    # The textbook Wilson interval for 18/20 is 0.699 … 0.972.
    assert (round(a["ci_low"], 4), round(a["ci_high"], 4)) == (0.699, 0.9721)
    assert (a["ci_low"], a["ci_high"]) == pytest.approx(wilson(18, 20))
    # Non-rate indicators have no interval.
    d = get(con, "2024Q1", "avg_duration_days")["A"]
    assert (d["numerator"], d["ci_low"], d["vs_peer"]) == (None, None, None)


def test_a_small_court_is_not_called_different_on_chance(con):
    # Peer mean = (0.9 + 0.8 + 0.7) / 3 = 0.8.
    for code, k, n in [("BIG", 900, 1000), ("MID", 800, 1000), ("SMALL", 14, 20)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=k / n, closed_within_limit=k, closed_with_limit=n)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "within_limit_rate")
    small = r["SMALL"]
    assert small["standing"] == "weakness"
    # 14/20: Wilson 0.481 … 0.855 contains 0.8 — last place, but not distinguishable from noise.
    assert small["ci_low"] < 0.8 < small["ci_high"]
    assert small["vs_peer"] == "not_distinguishable"
    # 900/1000: 0.880 … 0.917, above the mean; 800/1000: 0.774 … 0.824 contains it.
    assert r["BIG"]["vs_peer"] == "above"
    assert r["MID"]["vs_peer"] == "not_distinguishable"
    # Zero denominator: no interval, no verdict.
    add_court(con, "EMPTY")
    add_perf(con, "2024Q1", "EMPTY", within_limit_rate=None)
    build(con, "2024Q1")
    e = get(con, "2024Q1", "within_limit_rate")["EMPTY"]
    assert (e["numerator"], e["denominator"], e["ci_low"], e["vs_peer"]) == (0, 0, None, None)


def test_a_court_below_the_mean_beyond_noise_is_below(con):
    for code, k, n in [("A", 950, 1000), ("B", 940, 1000), ("LOW", 600, 1000)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=k / n, closed_within_limit=k, closed_with_limit=n)
    build(con, "2024Q1")
    assert get(con, "2024Q1", "within_limit_rate")["LOW"]["vs_peer"] == "below"


def add_case(con, number, court, case_type, closing, group=None, origin=None, filing=date(2023, 12, 1)):
    con.execute(
        "INSERT INTO cases (case_number, court_code, case_type, filing_date, closing_date, disposition_group, "
        "origin_case_number, extension_days, excluded_days, first_file, last_file, versions) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, 'f', 'f', 1)",
        [number, court, case_type, filing, closing, group, origin])


def counted_cases(con):
    d = date(2024, 2, 1)
    for code in ("A", "B", "甘30"):
        add_court(con, code, group="intermediate:甘" if code == "甘30" else GROUP)
    add_case(con, "m1", "A", "民初", d, "mediation")
    add_case(con, "m2", "A", "民初", d, "withdrawal")
    add_case(con, "m3", "A", "民初", d, "judgment")        # appealed, reversed
    add_case(con, "m4", "A", "民初", d, "judgment")        # appealed, appeal pending
    add_case(con, "x1", "A", "刑初", d, "judgment")
    add_case(con, "m5", "A", "民初", date(2023, 12, 20), "mediation")   # closed last quarter
    add_case(con, "m6", "A", "民初", None)                               # pending
    add_case(con, "a1", "甘30", "民终", date(2024, 3, 1), "reversed", origin="m3")
    add_case(con, "a2", "甘30", "民终", None, None, origin="m4")
    add_case(con, "e1", "A", "执", d, "enforced")
    add_case(con, "e2", "A", "执", d, "terminated_no_assets")
    add_case(con, "e3", "A", "执恢", d, "enforced")
    add_case(con, "b1", "B", "民初", d, "judgment")
    # the performance table, counts included, built from these cases by the real model
    models.set_quarters(con, ["2024Q1"])
    models.replace_partitions(con, "court_quarter_performance", ["2024Q1"])


def test_rate_counts_are_the_performance_counts_of_the_cases(con):
    counted_cases(con)
    build(con, "2024Q1")
    expect = {
        "mediation_withdrawal_rate": (2, 4),        # m1, m2 of m1–m4
        "first_instance_acceptance_rate": (3, 5),   # m1, m2, x1 not appealed
        "reversed_remanded_rate": (1, 5),           # m3's appeal reversed
        "enforcement_completion_rate": (2, 3),      # e1, e3 of e1–e3
        "first_enforcement_no_assets_rate": (1, 2), # e2 of the two 执
        "within_limit_rate": (0, 0),                # no case here has a statutory deadline
        "closure_rate": (8, 9),                     # 8 closed of 9 carried over (m5 closed in 2023)
    }
    for indicator, (k, n) in expect.items():
        a = get(con, "2024Q1", indicator)["A"]
        assert (a["numerator"], a["denominator"]) == (k, n), indicator
    b = get(con, "2024Q1", "enforcement_completion_rate")["B"]
    assert (b["numerator"], b["denominator"], b["ci_low"]) == (0, 0, None)
    assert get(con, "2024Q1", "mediation_withdrawal_rate")["B"]["denominator"] == 1


def test_rule_checks_pass_on_consistent_rows_and_catch_a_count_mismatch(con):
    counted_cases(con)
    build(con, "2024Q1")
    results = {r.check_name: r for r in checks.evaluate(con, "court_quarter_rankings")}
    assert {"rank_within_peer_count", "standing_consistent", "score_in_range", "complete",
            "rate_counts_match_value", "interval_contains_value"} <= set(results)
    assert [n for n, r in results.items() if not r.passed] == []
    # A performance value that disagrees with the cases behind it blocks the write.
    con.execute("UPDATE court_quarter_performance SET mediation_withdrawal_rate = 0.9 WHERE court_code = 'A'")
    build(con, "2024Q1")
    results = {r.check_name: r for r in checks.evaluate(con, "court_quarter_rankings")}
    assert not results["rate_counts_match_value"].passed
    assert results["rate_counts_match_value"].metadata["failing"].value == 1


def test_peer_groups_file_overrides_the_registry(con, config):
    (config / "peer_groups.csv").write_text("court_code,peer_group\nC,basic:pastoral\n", encoding="utf-8")
    for code, v in [("A", 0.9), ("B", 0.8), ("C", 0.7)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=v)
    build(con, "2024Q1")
    r = get(con, "2024Q1", "within_limit_rate")
    assert (r["C"]["peer_group"], r["C"]["rank"], r["C"]["peer_count"]) == ("basic:pastoral", 1, 1)
    assert (r["B"]["rank"], r["B"]["peer_count"]) == (2, 2)


@pytest.mark.parametrize("file, text, message", [
    ("ranking_weights.csv", "indicator,weight,note\nwithin_limit_rate,1,\nwithin_limit_rat,1,\n",
     "ranking_weights.csv row 3: unknown indicator within_limit_rat"),
    ("ranking_weights.csv", "indicator,weight,note\nwithin_limit_rate,-1,\n",
     "ranking_weights.csv row 2: weight -1 is not a number ≥ 0"),
    ("ranges.csv", "indicator,range_low,range_high,source\nclosure_rate,0.9,0.5,x\n",
     "indicator ranges row 2: range_low 0.9 is above range_high 0.5"),
    ("peer_groups.csv", "court_code,peer_group\n甘9999,basic:x\n",
     "peer_groups.csv row 2: court 甘9999 is not a registered court"),
])
def test_bad_configuration_fails_with_file_row_and_reason(con, config, file, text, message):
    (config / file).write_text(text, encoding="utf-8")
    add_court(con, "A")
    add_perf(con, "2024Q1", "A", within_limit_rate=0.9)
    with pytest.raises(duckdb.Error, match=message):
        build(con, "2024Q1", reference={"indicator_ranges": config / file} if file == "ranges.csv" else None)


def test_the_shipped_configuration_is_valid(con):
    add_court(con, "A")
    add_perf(con, "2024Q1", "A", within_limit_rate=0.95)
    assert build(con, "2024Q1") == 13
    a = get(con, "2024Q1", "within_limit_rate")["A"]
    assert a["range_low"] == 0.9 and a["range_status"] == "within"


def test_asset_writes_the_quarters_of_its_partition_range(settings):
    from assets.rankings import ASSETS
    from runtime.resources import WarehouseResource

    resource = WarehouseResource.from_settings(settings)
    with resource.connect() as con:
        for code in "AB":
            add_court(con, code)
            for q, k in [("2024Q1", 9), ("2024Q2", 8)]:
                k = k if code == "A" else k - 1
                add_perf(con, q, code, within_limit_rate=k / 10, closed_within_limit=k, closed_with_limit=10)
    result = dg.materialize(ASSETS, resources={"warehouse": resource}, tags={
        "dagster/asset_partition_range_start": "2024Q1", "dagster/asset_partition_range_end": "2024Q2"})
    assert result.success
    mats = result.asset_materializations_for_node("court_quarter_rankings")
    assert mats and mats[0].metadata["rows"].value == 2 * 2 * 13
    with resource.connect(read_only=True) as con:
        assert con.execute("SELECT quarter, rank FROM court_quarter_rankings WHERE court_code = 'A' "
                           "AND indicator = 'within_limit_rate' ORDER BY quarter").fetchall() == [
            ("2024Q1", 1), ("2024Q2", 1)]
        assert con.execute("SELECT previous_rank FROM court_quarter_rankings WHERE court_code = 'B' "
                           "AND indicator = 'within_limit_rate' AND quarter = '2024Q2'").fetchone() == (2,)


def test_values_tied_at_six_decimals_at_a_range_bound_get_the_same_labels(con, config):
    """0.8999999 and 0.9000001 tie on rank (equal at 6 decimals): with the range starting
    at 0.9 they must not be one `within` and `strength`, the other `below` and `middle`."""
    (config / "ranges.csv").write_text("indicator,range_low,range_high,source\nwithin_limit_rate,0.9,,test\n",
                                       encoding="utf-8")
    for code, v in [("A", 0.8999999), ("B", 0.9000001), ("C", 0.5), ("D", 0.4)]:
        add_court(con, code)
        add_perf(con, "2024Q1", code, within_limit_rate=v)
    build(con, "2024Q1", reference={"indicator_ranges": config / "ranges.csv"})
    r = get(con, "2024Q1", "within_limit_rate")
    assert r["A"]["rank"] == r["B"]["rank"] == 1 and r["A"]["score"] == r["B"]["score"]
    assert r["A"]["range_status"] == r["B"]["range_status"] == "within"
    assert r["A"]["standing"] == r["B"]["standing"] == "strength"
    rules = {c.check_name: c for c in checks.evaluate(con, "court_quarter_rankings")}
    for name in ("labels_match_counts", "no_strength_outside_range", "standing_consistent"):
        assert rules[name].passed, (name, rules[name].metadata)
