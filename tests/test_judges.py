"""judge_quarter_performance on the hand-made case set of test_performance.py: every
column for every judge and quarter, computed by hand, including rank_in_court ties
(standard competition rank: five judges at 100 % share rank 1, the next is 6th) and
judges without a rate (no rank)."""
import pytest

from tests.relaxed import relaxed_reference
from tests.test_performance import build, load_gannan_cases
from warehouse.tables import table

COLUMNS = table("judge_quarter_performance").column_names
FIELDS = ("received", "closed", "pending_end", "closed_with_limit", "within_limit_rate", "avg_duration_days",
          "long_pending_12m", "overdue_pending", "mediation_withdrawal_rate", "rank_in_court")

# (court, judge, quarter): received, closed, pending_end, closed_with_limit, within_limit_rate,
# avg_duration_days, long_pending_12m, overdue_pending, mediation_withdrawal_rate, rank_in_court
EXPECTED = {
    # 张三: C1 (carried, mediation, 87 d), C11 (carried, withdrawal, 31 d), C2 (received, pending),
    # C8 (carried, pending, exactly 12 months old, deadline 2023-09-30 passed)
    ("甘3001", "张三", "2024Q1"): (1, 2, 2, 2, 1.0, 59.0, 0, 1, 1.0, 1),
    # 李四: C4 (received, closed within, judgment, 44 d), C3 (received; deadline = the quarter's
    # last day, so not yet overdue)
    ("甘3001", "李四", "2024Q1"): (2, 1, 1, 1, 1.0, 44.0, 0, 0, 0.0, 1),
    # 王五: C5 (closed within, 44 d), C7 (carried, 12 months old, overdue)
    ("甘3001", "王五", "2024Q1"): (1, 1, 1, 1, 1.0, 44.0, 1, 1, 0.0, 1),
    # 赵六: C9 民督, no statutory limit → no rate, no rank
    ("甘3001", "赵六", "2024Q1"): (1, 1, 0, 0, None, 10.0, 0, 0, None, None),
    # 郑十: C6 pending only
    ("甘3001", "郑十", "2024Q1"): (1, 0, 1, 0, None, None, 0, 0, None, None),
    # 孙七: K1 (10 d), K2 (57 d) within; K3 pending, deadline 2024-06-15
    ("甘3001", "孙七", "2024Q1"): (3, 2, 1, 2, 1.0, 33.5, 0, 0, None, 1),
    # 周八: E1 62, E2 70, E4 42 (limits, within), E6 执保 1 d (no limit)
    ("甘3001", "周八", "2024Q1"): (4, 4, 0, 3, 1.0, 43.75, 0, 0, None, 1),
    # 吴九: E3 within (32 d), E5 carried over and late (196 d) → 0.5, rank 6 after five ties
    ("甘3001", "吴九", "2024Q1"): (1, 2, 0, 2, 0.5, 114.0, 0, 0, None, 6),
    ("甘30", "钱一", "2024Q1"): (1, 1, 0, 1, 1.0, 87.0, 0, 0, 1.0, 1),
    # Q2: 张三 closes C2 on its deadline day (90 d, judgment); C8 now 12 months old and overdue
    ("甘3001", "张三", "2024Q2"): (0, 1, 1, 1, 1.0, 90.0, 1, 1, 0.0, 1),
    # 李四 closes C3 one day late (61 d, withdrawal)
    ("甘3001", "李四", "2024Q2"): (0, 1, 0, 1, 0.0, 61.0, 0, 0, 1.0, 2),
    ("甘3001", "王五", "2024Q2"): (0, 0, 1, 0, None, None, 1, 1, None, None),
    ("甘3001", "郑十", "2024Q2"): (0, 0, 1, 0, None, None, 0, 0, None, None),
    # K3's deadline 2024-06-15 has passed at 2024-06-30
    ("甘3001", "孙七", "2024Q2"): (0, 0, 1, 0, None, None, 0, 1, None, None),
    # 钱一: A1 (民终, 40 d, within), A2 pending; no 民初 → no mediation rate
    ("甘30", "钱一", "2024Q2"): (2, 1, 1, 1, 1.0, 40.0, 0, 0, None, 1),
    ("甘30", "钱二", "2024Q2"): (1, 1, 0, 1, 1.0, 52.0, 0, 0, None, 1),
}


def add_judge_cases(con, judges: dict[str, tuple[int, int]]) -> None:
    """For each judge, (within, late) 民初 cases of 甘3021 filed 2024-01-02 with deadline
    2024-02-15: closed 02-01 (within the limit) or 03-01 (late); numbered after the
    court's cases already there."""
    from tests.test_performance import add_case

    n = con.execute("SELECT count(*) FROM cases").fetchone()[0]
    for judge, (within, late) in judges.items():
        for i in range(within + late):
            n += 1
            add_case(con, f"(2024)甘3021民初{n}号", "2024-01-02", "2024-02-01" if i < within else "2024-03-01",
                     "2024-02-15", "判决", judge)


@pytest.fixture(autouse=True)
def no_minimum_sample(tmp_path, monkeypatch):
    """The hand-made judges have one to four cases: rank them without the shipped
    minimum sample (tested in test_assessment.py)."""
    return relaxed_reference(tmp_path, monkeypatch)


@pytest.fixture
def judges(con):
    load_gannan_cases(con)
    build(con, "judge_quarter_performance", ["2024Q1", "2024Q2"])
    cur = con.execute("SELECT * FROM judge_quarter_performance")
    cols = [d[0] for d in cur.description]
    assert cols == COLUMNS
    out = {}
    for r in cur.fetchall():
        rec = dict(zip(cols, r, strict=True))
        out[(rec["court_code"], rec["judge"], rec["quarter"])] = rec
    return con, out


def test_one_row_per_judge_with_a_case_active_in_the_quarter(judges):
    # 赵六, 周八 and 吴九 have nothing active in Q2; C10/C12 (张三) are outside both quarters
    assert set(judges[1]) == set(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda k: "-".join(k))
def test_every_column_matches_hand_computation(judges, key):
    got = judges[1][key]
    for field, want in zip(FIELDS, EXPECTED[key], strict=True):
        assert got[field] == (pytest.approx(want) if isinstance(want, float) else want), field


def test_equal_rates_from_different_counts_tie_and_the_next_rank_skips(con):
    """丙 1/1, 甲 2/3, 乙 4/6, 丁 1/2 within the limit: ranks 1, 2, 2, 4."""
    from tests.test_performance import add_courts

    add_courts(con)
    add_judge_cases(con, {"甲": (2, 1), "乙": (4, 2), "丙": (1, 0), "丁": (1, 1)})
    build(con, "judge_quarter_performance", ["2024Q1"])
    ranks = dict(con.execute("SELECT judge, rank_in_court FROM judge_quarter_performance").fetchall())
    assert ranks == {"丙": 1, "甲": 2, "乙": 2, "丁": 4}


def test_checks_pass_and_catch_a_rank_without_rate(judges):
    import checks

    con, _ = judges
    assert all(r.passed for r in checks.evaluate(con, "judge_quarter_performance"))
    con.execute("UPDATE judge_quarter_performance SET rank_in_court = 3 WHERE judge = '郑十'")
    failed = {r.check_name for r in checks.evaluate(con, "judge_quarter_performance") if not r.passed}
    assert failed == {"counts_consistent", "ranked_among_enough_peers"}


def test_flags_that_are_null_for_every_case_count_zero_not_null(con):
    """冯 has only a pending 民督 (no deadline: overdue unknown), 褚 only a 民初 closed
    without a disposition (mediation unknown): their counts are 0, not NULL."""
    from tests.test_performance import add_case, add_courts

    add_courts(con)
    add_case(con, "(2024)甘3021民督1号", "2024-02-01", None, None, None, "冯")
    add_case(con, "(2024)甘3021民初1号", "2024-02-01", "2024-03-01", "2024-08-01", None, "褚")
    build(con, "judge_quarter_performance", ["2024Q1"])
    got = {r[0]: r[1:] for r in con.execute(
        "SELECT judge, received, closed, pending_end, closed_with_limit, within_limit_rate, overdue_pending, "
        "long_pending_12m, mediation_withdrawal_rate, rank_in_court FROM judge_quarter_performance").fetchall()}
    assert got == {"冯": (1, 0, 1, 0, None, 0, 0, None, None), "褚": (1, 1, 0, 1, 1.0, 0, 0, 0.0, 1)}
    build(con, "court_quarter_performance", ["2024Q1"])
    civil = con.execute("SELECT mediation_withdrawal_rate, appeal_rate, closed_with_limit FROM court_quarter_performance "
                        "WHERE court_code = '甘3021' AND category = 'civil'").fetchall()
    assert civil == [(0.0, 0.0, 1)]
