"""Assessment semantics with the SHIPPED configuration (warehouse/reference/indicators.csv,
ranking_rules.csv), on small hand-made peer groups: equal values share label and rank,
rates of exactly 0 and 1 have exact interval ends and are never called different from an
equal mean, groups of one and two courts are not ranked, a target_range indicator is
judged by its distance from the range (never a strength outside it), courts and judges
below the minimum sample are shown but not ranked, a change that rounds to zero reads
持平, and every invariant rule passes on these rows."""
import pytest

import checks
from tests.test_judges import add_judge_cases
from tests.test_performance import add_courts
from tests.test_performance import build as build_table
from tests.test_rankings import add_court, add_perf, build, get
from warehouse import indicators
from warehouse.reports.common import change_class, fmt_change

INVARIANTS = {"no_strength_outside_range", "no_rank_in_small_group", "labels_match_counts",
              "standing_consistent", "rank_within_peer_count", "score_in_range", "ranked_among_enough_peers",
              "ranks_follow_values"}


def rate(con, quarter, court, indicator, k, n):
    """A court whose rate is k / n, with the counts behind it."""
    add_perf(con, quarter, court, **counts_of(indicator, k, n))


def counts_of(indicator, k, n) -> dict:
    ind = indicators.get(indicator)
    counts = {ind.denominator: n}
    if ind.numerator == "first_instance_closed-appealed":
        counts["appealed"] = n - k
    else:
        counts[ind.numerator] = k
    return {indicator: k / n if n else None, **counts}


def courts(con, codes, group="basic:甘30"):
    for c in codes:
        add_court(con, c, group=group)


def invariants_pass(con):
    results = {r.check_name: r for r in checks.evaluate(con, "court_quarter_rankings")}
    assert INVARIANTS <= set(results)
    assert [n for n in INVARIANTS if not results[n].passed] == []


def test_equal_values_share_rank_score_and_labels(con):
    courts(con, "ABCD")
    for c, k in [("A", 18), ("B", 18), ("C", 18), ("D", 10)]:
        rate(con, "2024Q4", c, "within_limit_rate", k, 20)
    build(con, "2024Q4")
    r = get(con, "2024Q4", "within_limit_rate")
    assert [r[c]["rank"] for c in "ABCD"] == [1, 1, 1, 4]
    assert {(r[c]["score"], r[c]["standing"], r[c]["range_status"], r[c]["vs_peer"]) for c in "ABC"} == {
        (100.0, "strength", "within", r["A"]["vs_peer"])}
    assert r["D"]["standing"] == "weakness"
    invariants_pass(con)


@pytest.mark.parametrize("indicator, values", [
    ("within_limit_rate", [(18, 20), (19, 20), (17, 20), (10, 20)]),           # higher is better
    ("closure_to_filing_ratio", [(100, 100), (130, 100), (80, 100), (97, 100)]),  # distance from its range
])
def test_a_rank_that_does_not_follow_the_values_is_caught(con, indicator, values):
    """The first-ranked court moved to last place (and the last to first): the rows stay
    self-consistent in every other way, and the rule that recomputes the order catches it."""
    courts(con, "ABCD")
    for c, (k, n) in zip("ABCD", values, strict=True):
        rate(con, "2024Q4", c, indicator, k, n)
    build(con, "2024Q4")
    invariants_pass(con)
    r = get(con, "2024Q4", indicator)
    first = min("ABCD", key=lambda c: r[c]["rank"])
    last = max("ABCD", key=lambda c: r[c]["rank"])
    con.execute("UPDATE court_quarter_rankings SET rank = CASE court_code WHEN ? THEN ? ELSE ? END "
                "WHERE indicator = ? AND court_code IN (?, ?)",
                [first, r[last]["rank"], r[first]["rank"], indicator, first, last])
    found = {x.check_name: x for x in checks.evaluate(con, "court_quarter_rankings")}["ranks_follow_values"]
    assert not found.passed and found.metadata["failing"].value == 2


def test_exactly_one_and_exactly_zero_have_exact_interval_ends(con):
    # every court at 100 %: the peer mean is 1.0 and nobody is "below" it
    courts(con, "ABC")
    for c in "ABC":
        # one performance row: 30 first-instance closed, none appealed, none reversed
        add_perf(con, "2024Q4", c, **{**counts_of("first_instance_acceptance_rate", 30, 30),
                                      **counts_of("reversed_remanded_rate", 0, 30)})
    build(con, "2024Q4")
    acc = get(con, "2024Q4", "first_instance_acceptance_rate")
    for c in "ABC":
        assert acc[c]["ci_high"] == 1.0 and acc[c]["value"] == 1.0
        assert acc[c]["vs_peer"] == "not_distinguishable" and acc[c]["rank"] == 1
    rev = get(con, "2024Q4", "reversed_remanded_rate")
    for c in "ABC":
        assert rev[c]["ci_low"] == 0.0 and rev[c]["value"] == 0.0
        assert rev[c]["vs_peer"] == "not_distinguishable"
    # Wilson 30/30: 0.886 … 1; 0/30: 0 … 0.114
    assert round(acc["A"]["ci_low"], 3) == 0.886 and round(rev["A"]["ci_high"], 3) == 0.114
    invariants_pass(con)


@pytest.mark.parametrize("size", [1, 2])
def test_a_group_of_one_or_two_is_not_ranked(con, size):
    courts(con, [f"M{i}" for i in range(size)], group="intermediate:甘")
    courts(con, "ABC")
    for i in range(size):
        rate(con, "2024Q4", f"M{i}", "within_limit_rate", 10 + i, 20)   # 50 %, below the 90 % range
    for c, k in zip("ABC", (19, 18, 17), strict=True):
        rate(con, "2024Q4", c, "within_limit_rate", k, 20)
    build(con, "2024Q4")
    for indicator in ("within_limit_rate", "composite"):
        r = get(con, "2024Q4", indicator)
        for i in range(size):
            m = r[f"M{i}"]
            assert (m["rank"], m["score"], m["standing"], m["unranked_reason"]) == (None, None, None, "small_group")
            assert m["group_size"] == size
        assert r["A"]["rank"] == 1 and r["A"]["unranked_reason"] is None
    # the value is still judged against its range
    assert get(con, "2024Q4", "within_limit_rate")["M0"]["range_status"] == "below"
    invariants_pass(con)


def test_target_range_is_judged_by_distance_from_the_range(con):
    # 结收比 with range 90–110 %: 132 % above, 104 % and 95 % inside, 80 % below
    courts(con, "ABCD")
    for c, closed in [("A", 132), ("B", 104), ("C", 95), ("D", 80)]:
        rate(con, "2024Q4", c, "closure_to_filing_ratio", closed, 100)
    build(con, "2024Q4")
    r = get(con, "2024Q4", "closure_to_filing_ratio")
    assert r["A"]["direction"] == "target_range"
    assert [r[c]["range_status"] for c in "ABCD"] == ["above", "within", "within", "below"]
    # inside = best (shared rank 1), then by distance: D 0.10 below, A 0.22 above
    assert [r[c]["rank"] for c in "ABCD"] == [4, 1, 1, 3]
    assert [r[c]["standing"] for c in "ABCD"] == ["weakness", "strength", "strength", "weakness"]
    assert [r[c]["score"] for c in "ABCD"] == pytest.approx([0, 100, 100, 100 * (0.22 - 0.10) / 0.22])
    invariants_pass(con)


def test_target_range_without_ranges_uses_the_target(con, tmp_path):
    courts(con, "ABCD")
    for c, closed in [("A", 132), ("B", 104), ("C", 95), ("D", 80)]:
        rate(con, "2024Q4", c, "closure_to_filing_ratio", closed, 100)
    build(con, "2024Q4", reference={"indicator_ranges": None})   # COURTS_RANGES=none
    r = get(con, "2024Q4", "closure_to_filing_ratio")
    assert [r[c]["range_status"] for c in "ABCD"] == [None] * 4
    assert [r[c]["rank"] for c in "ABCD"] == [4, 1, 2, 3]          # |v − 1.0|: .32, .04, .05, .20


def test_outside_the_range_is_never_a_strength(con):
    # all four courts below the 90 % within-limit range: the best is rank 1 but not 优势
    courts(con, "ABCD")
    for c, k in [("A", 17), ("B", 16), ("C", 15), ("D", 14)]:
        rate(con, "2024Q4", c, "within_limit_rate", k, 20)
    build(con, "2024Q4")
    r = get(con, "2024Q4", "within_limit_rate")
    assert r["A"]["rank"] == 1 and r["A"]["standing"] == "middle"
    assert not any(r[c]["standing"] == "strength" for c in "ABCD")
    invariants_pass(con)


def test_a_court_below_the_minimum_sample_is_shown_but_not_ranked(con):
    courts(con, "ABCD")
    for c, k, n in [("A", 5, 5), ("B", 18, 20), ("C", 17, 20), ("D", 16, 20)]:
        rate(con, "2024Q4", c, "within_limit_rate", k, n)
    build(con, "2024Q4")
    r = get(con, "2024Q4", "within_limit_rate")
    assert (r["A"]["value"], r["A"]["rank"], r["A"]["unranked_reason"]) == (1.0, None, "small_sample")
    assert [r[c]["rank"] for c in "BCD"] == [1, 2, 3] and r["B"]["peer_count"] == 3
    invariants_pass(con)


def test_a_group_left_with_fewer_than_three_comparable_courts_ranks_none(con):
    """Rank 1 of 1 compares nothing: in a group of four where two courts are below the
    minimum sample, the other two are not ranked either (few_peers), nobody is called a
    strength, and no score of the indicator reaches the composite."""
    courts(con, "ABCD")
    for c, k, n in [("A", 5, 5), ("B", 4, 6), ("C", 18, 20), ("D", 16, 20)]:
        rate(con, "2024Q4", c, "within_limit_rate", k, n)
    build(con, "2024Q4")
    r = get(con, "2024Q4", "within_limit_rate")
    assert [(r[c]["rank"], r[c]["score"], r[c]["standing"], r[c]["unranked_reason"]) for c in "ABCD"] == [
        (None, None, None, "small_sample"), (None, None, None, "small_sample"),
        (None, None, None, "few_peers"), (None, None, None, "few_peers")]
    assert {r[c]["peer_count"] for c in "ABCD"} == {0}
    assert all(v["rank"] is None and v["score"] is None for v in get(con, "2024Q4", "composite").values())
    invariants_pass(con)
    # the check catches the rank 1 of 1 that the first release printed as a strength
    con.execute("UPDATE court_quarter_rankings SET rank = 1, peer_count = 1, score = 100, standing = 'strength', "
                "unranked_reason = NULL WHERE court_code = 'C' AND indicator = 'within_limit_rate'")
    failed = {r.check_name for r in checks.evaluate(con, "court_quarter_rankings") if not r.passed}
    assert "ranked_among_enough_peers" in failed


def test_a_judge_below_the_minimum_sample_is_not_ranked_and_has_an_interval(con):
    """甲 closed 1 case within the limit (100 %); 乙 closed 12, 11 within (91.7 %). The
    shipped judge_min_sample is 10, so 甲 is not ranked; nor is 乙, the only judge left
    (few_peers: rank 1 of 1 compares nothing) until 丙 and 丁 reach the sample too."""
    add_courts(con)
    add_judge_cases(con, {"甲": (1, 0), "乙": (11, 1)})
    build_table(con, "judge_quarter_performance", ["2024Q1"])
    got = {r[0]: r[1:] for r in con.execute(
        "SELECT judge, within_limit_rate, within_limit_ci_low, within_limit_ci_high, rank_in_court, unranked_reason "
        "FROM judge_quarter_performance").fetchall()}
    rate_a, low_a, high_a, rank_a, why_a = got["甲"]
    assert (rate_a, high_a, rank_a, why_a) == (1.0, 1.0, None, "small_sample")
    assert round(low_a, 3) == 0.207                      # Wilson 1/1: 0.207 … 1
    rate_b, low_b, high_b, rank_b, why_b = got["乙"]
    assert (rank_b, why_b) == (None, "few_peers") and low_b < rate_b < high_b
    assert all(r.passed for r in checks.evaluate(con, "judge_quarter_performance"))
    add_judge_cases(con, {"丙": (12, 0), "丁": (9, 1)})
    build_table(con, "judge_quarter_performance", ["2024Q1"])
    ranks = dict(con.execute("SELECT judge, rank_in_court FROM judge_quarter_performance").fetchall())
    assert ranks == {"甲": None, "乙": 2, "丙": 1, "丁": 3}
    assert all(r.passed for r in checks.evaluate(con, "judge_quarter_performance"))


@pytest.mark.parametrize("d, kind, text", [
    (-0.00004, "rate", "持平"), (0.00004, "rate", "持平"), (-0.0, "rate", "持平"), (0.0004, "rate", "持平"),
    (-0.02, "days", "持平"), (0.0006, "rate", "+0.1个百分点"), (-0.012, "rate", "-1.2个百分点"), (-1.26, "days", "-1.3天"),
])
def test_a_change_that_rounds_to_zero_reads_chiping(d, kind, text):
    assert fmt_change(d, kind) == text
    if text == "持平":
        assert change_class(d, "higher_better", kind) == ""
