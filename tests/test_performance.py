"""court_quarter_performance and court_ytd_performance on a small hand-made set of cases
(inserted straight into `cases`, deadlines computed by hand), compared column by column
with values computed by hand; plus the Dagster assets over a two-quarter range.

The hand-made set (`load_gannan_cases`) is shared by test_judges.py and test_explain.py.
Courts: 甘3001 (basic, most cases), 甘30 (intermediate: appeals against 甘3001 and one
民初), 甘3021 (registered, no cases at all). Quarters 2024Q1 (91 days) and 2024Q2 (91 days).

| case | filed | closed | deadline (hand) | why it is here |
|---|---|---|---|---|
| C1 (2023)甘3001民初100号 | 2023-10-10 | 2024-01-15 | 2024-04-20 (6 m + 10 excluded days) | carried over; mediation; duration 97 − 10 = 87 |
| C2 (2024)甘3001民初1号 | 2024-01-31 | 2024-04-30 | 2024-04-30 (简易 3 m, clamped to month end) | closed on the deadline day: within |
| C3 (2024)甘3001民初2号 | 2024-01-31 | 2024-04-01 | 2024-03-31 (小额 2 m) | one day late; withdrawal |
| C4 (2024)甘3001民初3号 | 2024-02-05 | 2024-03-20 | 2024-08-05 | appealed at 甘30 (A1), reversed |
| C5 (2024)甘3001民初4号 | 2024-02-10 | 2024-03-25 | 2024-08-10 | appealed (A2), appeal pending |
| C6 (2024)甘3001民初5号 | 2024-03-01 | — | 2024-09-01 | pending |
| C7 (2022)甘3001民初50号 | 2022-12-15 | — | 2023-07-15 (+30 extension) | long-pending 12 m at Q1, 18 m at Q2 |
| C8 (2023)甘3001民初200号 | 2023-03-31 | — | 2023-09-30 | exactly 12 months at 2024-03-31: not long-pending |
| C9 (2024)甘3001民督1号 | 2024-01-10 | 2024-01-20 | none | type without a limit |
| C10 (2023)甘3001民初150号 | 2023-05-01 | 2023-11-30 | 2023-11-01 | closed before 2024: in no row |
| C11 (2023)甘3001民初300号 | 2023-12-01 | 2024-01-01 | 2024-06-01 | closed on the first day: carried over and closed |
| C12 (2024)甘3001民初9号 | 2024-07-05 | — | 2025-01-05 | filed after the quarters: in no row |
| K1 (2024)甘3001刑初1号 | 2024-01-05 | 2024-01-15 | 2024-01-15 (速裁 10 days) | closed on the deadline day |
| K2 (2024)甘3001刑初2号 | 2024-02-01 | 2024-03-29 | 2024-05-01 | appealed at 甘30 (A3), upheld |
| K3 (2024)甘3001刑初3号 | 2024-03-15 | — | 2024-06-15 | pending; overdue at Q2's end |
| E1 (2024)甘3001执1号 | 2024-01-08 | 2024-03-10 | 2024-07-08 | enforced, 10000 of 10000 |
| E2 (2024)甘3001执2号 | 2024-01-20 | 2024-03-30 | 2024-07-20 | 终本, claimed 50000, recovered NULL (= 0) |
| E3 (2024)甘3001执3号 | 2024-02-02 | 2024-03-05 | 2024-08-02 | enforced, no amount claimed |
| E4 (2024)甘3001执恢1号 | 2024-02-15 | 2024-03-28 | 2024-08-15 | 执恢 enforced, 15000 of 20000 |
| E5 (2023)甘3001执100号 | 2023-09-01 | 2024-03-15 | 2024-03-01 | carried over, late, 终本, claimed 0 |
| E6 (2024)甘3001执保1号 | 2024-03-01 | 2024-03-02 | none | preservation, no limit |
| A1 (2024)甘30民终1号 | 2024-04-10 | 2024-05-20 | 2024-07-10 | appeal of C4: 改判 |
| A2 (2024)甘30民终2号 | 2024-04-15 | — | 2024-07-15 | appeal of C5, pending |
| A3 (2024)甘30刑终1号 | 2024-04-08 | 2024-05-30 | 2024-06-08 | appeal of K2: 维持原判 |
| A4 (2024)甘30民初1号 | 2024-01-02 | 2024-03-29 | 2024-07-02 | 甘30's own first instance, mediation |

No administrative case anywhere, so no administrative row.
"""
import re
from datetime import date

import dagster as dg
import duckdb
import pytest

from warehouse import db, models
from warehouse.tables import table

D = date.fromisoformat
PERF_COLUMNS = table("court_quarter_performance").column_names
_NUMBER = re.compile(r"^\((\d{4})\)(甘\d+)(.+?)(\d+)号$")

COURTS = [
    ("甘30", "甘南藏族自治州中级人民法院", "甘南中院", "intermediate", "甘", "623000", "intermediate:甘"),
    ("甘3001", "合作市人民法院", "合作法院", "basic", "甘30", "623001", "basic:甘30"),
    ("甘3021", "临潭县人民法院", "临潭法院", "basic", "甘30", "623021", "basic:甘30"),
]


def add_courts(con, courts=COURTS):
    con.executemany("INSERT INTO courts VALUES (?, ?, ?, ?, ?, ?, ?)", courts)


def add_case(con, number, filed, closed=None, deadline=None, disposition=None, judge=None, *,
             procedure=None, extension_days=0, excluded_days=0, origin=None, claimed=None, recovered=None):
    """Insert one row into `cases` as cases.sql would leave it: court, year and type from
    the case number, category/instance from case_types, the disposition group from the
    vocabulary; closed_within_limit and duration_days follow spec/time-limits.md from the
    hand-computed deadline."""
    year, court, case_type, _ = _NUMBER.match(number).groups()
    category, instance = con.execute(
        "SELECT category, instance FROM case_types WHERE case_type = ?", [case_type]).fetchall()[0]
    group = None
    if disposition:
        group = con.execute("SELECT disposition_group FROM dispositions WHERE disposition = ?",
                            [disposition]).fetchall()[0][0]
    filed, closed, deadline = D(filed), closed and D(closed), deadline and D(deadline)
    within = (closed <= deadline) if closed and deadline else None
    duration = (closed - filed).days - excluded_days if closed else None
    con.execute(
        """INSERT INTO cases (case_number, court_code, case_year, case_type, category, instance, procedure,
               filing_date, closing_date, disposition, disposition_group, judge, extension_days, excluded_days,
               limit_label, deadline_date, closed_within_limit, duration_days, origin_case_number,
               amount_claimed, amount_recovered, first_file, last_file, last_row_number, versions)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'test', 'test', 1, 1)""",
        [number, court, int(year), case_type, category, instance, procedure, filed, closed, disposition, group,
         judge, extension_days, excluded_days, "hand" if deadline else None, deadline, within, duration, origin,
         claimed, recovered],
    )


C4, C5, K2 = "(2024)甘3001民初3号", "(2024)甘3001民初4号", "(2024)甘3001刑初2号"


def load_gannan_cases(con):
    """The hand-made case set of the module docstring, and the three courts."""
    add_courts(con)
    a = add_case
    # civil, 甘3001
    a(con, "(2023)甘3001民初100号", "2023-10-10", "2024-01-15", "2024-04-20", "调解", "张三", procedure="普通程序", excluded_days=10)
    a(con, "(2024)甘3001民初1号", "2024-01-31", "2024-04-30", "2024-04-30", "判决", "张三", procedure="简易程序")
    a(con, "(2024)甘3001民初2号", "2024-01-31", "2024-04-01", "2024-03-31", "准予撤诉", "李四", procedure="小额诉讼程序")
    a(con, C4, "2024-02-05", "2024-03-20", "2024-08-05", "判决", "李四")
    a(con, C5, "2024-02-10", "2024-03-25", "2024-08-10", "判决", "王五")
    a(con, "(2024)甘3001民初5号", "2024-03-01", None, "2024-09-01", None, "郑十")
    a(con, "(2022)甘3001民初50号", "2022-12-15", None, "2023-07-15", None, "王五", extension_days=30)
    a(con, "(2023)甘3001民初200号", "2023-03-31", None, "2023-09-30", None, "张三")
    a(con, "(2024)甘3001民督1号", "2024-01-10", "2024-01-20", None, "其他", "赵六")
    a(con, "(2023)甘3001民初150号", "2023-05-01", "2023-11-30", "2023-11-01", "判决", "张三")
    a(con, "(2023)甘3001民初300号", "2023-12-01", "2024-01-01", "2024-06-01", "准予撤诉", "张三")
    a(con, "(2024)甘3001民初9号", "2024-07-05", None, "2025-01-05", None, "张三")
    # criminal, 甘3001
    a(con, "(2024)甘3001刑初1号", "2024-01-05", "2024-01-15", "2024-01-15", "判决", "孙七", procedure="速裁程序")
    a(con, K2, "2024-02-01", "2024-03-29", "2024-05-01", "判决", "孙七")
    a(con, "(2024)甘3001刑初3号", "2024-03-15", None, "2024-06-15", None, "孙七")
    # enforcement and preservation, 甘3001
    a(con, "(2024)甘3001执1号", "2024-01-08", "2024-03-10", "2024-07-08", "执行完毕", "周八", claimed=10000, recovered=10000)
    a(con, "(2024)甘3001执2号", "2024-01-20", "2024-03-30", "2024-07-20", "终结本次执行程序", "周八", claimed=50000)
    a(con, "(2024)甘3001执3号", "2024-02-02", "2024-03-05", "2024-08-02", "执行完毕", "吴九", recovered=500)
    a(con, "(2024)甘3001执恢1号", "2024-02-15", "2024-03-28", "2024-08-15", "执行完毕", "周八", claimed=20000, recovered=15000)
    a(con, "(2023)甘3001执100号", "2023-09-01", "2024-03-15", "2024-03-01", "终结本次执行程序", "吴九", claimed=0)
    a(con, "(2024)甘3001执保1号", "2024-03-01", "2024-03-02", None, "其他", "周八")
    # 甘30: appeals at another court than the first instance, and one 民初 of its own
    a(con, "(2024)甘30民终1号", "2024-04-10", "2024-05-20", "2024-07-10", "改判", "钱一", origin=C4)
    a(con, "(2024)甘30民终2号", "2024-04-15", None, "2024-07-15", None, "钱一", origin=C5)
    a(con, "(2024)甘30刑终1号", "2024-04-08", "2024-05-30", "2024-06-08", "维持原判", "钱二", origin=K2)
    a(con, "(2024)甘30民初1号", "2024-01-02", "2024-03-29", "2024-07-02", "调解", "钱一")


def build(con, name, quarters):
    models.set_quarters(con, quarters)
    return models.replace_partitions(con, name, quarters)


def rows(con, name, where="true") -> dict:
    cur = con.execute(f"SELECT * FROM {name} WHERE {where}")
    cols = [d[0] for d in cur.description]
    out = {}
    for r in cur.fetchall():
        rec = dict(zip(cols, r, strict=True))
        out[(rec["court_code"], rec["quarter"], rec["category"])] = rec
    return out


def assert_row(actual: dict, expected: dict):
    assert set(expected) == set(PERF_COLUMNS), "an expected row must give every column"
    for col in PERF_COLUMNS:
        want, got = expected[col], actual[col]
        if isinstance(want, float):
            assert got == pytest.approx(want, rel=1e-12), col
        else:
            assert got == want, col


def empty_row(court, quarter, category, start, end) -> dict:
    """A row with no cases: zero counts, NULL for every rate, mean and median."""
    return dict(
        court_code=court, quarter=quarter, category=category, period_start=D(start), period_end=D(end),
        carried_over=0, received=0, closed=0, pending_end=0, closure_to_filing_ratio=None, closure_rate=None,
        closed_with_limit=0, closed_within_limit=0, within_limit_rate=None, avg_duration_days=None,
        median_duration_days=None, long_pending_12m=0, long_pending_18m=0, long_pending_36m=0,
        long_pending_12m_share=None, mediation_withdrawal_rate=None, appeal_rate=None,
        first_instance_acceptance_rate=None, reversed_remanded_rate=None, enforcement_recovery_rate=None,
        enforcement_completion_rate=None, first_enforcement_no_assets_rate=None, first_enforcement_avg_days=None,
        judges=0, closed_per_judge=None, disposition_time_days=None,
        civil_first_closed=0, mediation_withdrawal=0, first_instance_closed=0, appealed=0, reversed_remanded=0,
        enforcement_closed=0, enforcement_enforced=0, first_enforcement_closed=0, first_enforcement_no_assets=0,
    )


Q1 = ("2024-01-01", "2024-03-31")
Q2 = ("2024-04-01", "2024-06-30")
H1 = ("2024-01-01", "2024-06-30")

# 甘3001, 2024Q1 — every case of the table above that is active in Q1.
# carried over: C1, C7, C8, C11, E5; received: C2 C3 C4 C5 C6 C9, K1 K2 K3, E1 E2 E3 E4, E6;
# closed: C1 C4 C5 C9 C11, K1 K2, E1 E2 E3 E4 E5, E6; pending at end: C2 C3 C6 C7 C8, K3.
# durations of the 13 closed: 87 44 44 10 31 | 10 57 | 62 70 32 42 196 | 1 → sum 686,
# sorted 1 10 10 31 32 42 [44] 44 57 62 70 87 196.
G3001_Q1_ALL = dict(
    court_code="甘3001", quarter="2024Q1", category="all", period_start=D(Q1[0]), period_end=D(Q1[1]),
    carried_over=5, received=14, closed=13, pending_end=6,
    closure_to_filing_ratio=13 / 14, closure_rate=13 / 19,
    closed_with_limit=11,          # 13 closed minus C9 (民督) and E6 (执保)
    closed_within_limit=10,        # all but E5 (closed 03-15, deadline 03-01); K1 on its deadline day
    within_limit_rate=10 / 11,
    avg_duration_days=686 / 13, median_duration_days=44.0,
    long_pending_12m=1,            # C7; C8 is exactly 12 months old
    long_pending_18m=0, long_pending_36m=0, long_pending_12m_share=1 / 6,
    mediation_withdrawal_rate=2 / 4,  # 民初 closed C1 C4 C5 C11; C1 mediation, C11 withdrawal
    appeal_rate=3 / 6,             # first instance closed C1 C4 C5 C11 K1 K2; appealed C4 C5 K2
    first_instance_acceptance_rate=1 - 3 / 6,
    reversed_remanded_rate=1 / 6,  # C4 (A1 改判 at 甘30)
    enforcement_recovery_rate=25000 / 80000,  # E1 10000/10000, E2 0/50000, E4 15000/20000; E3 no claim, E5 claim 0
    enforcement_completion_rate=3 / 5,        # 执/执恢 closed E1..E5; enforced E1 E3 E4
    first_enforcement_no_assets_rate=2 / 4,   # 执 closed E1 E2 E3 E5; 终本 E2 E5
    first_enforcement_avg_days=(62 + 70 + 32 + 196) / 4,
    civil_first_closed=4, mediation_withdrawal=2, first_instance_closed=6, appealed=3, reversed_remanded=1,
    enforcement_closed=5, enforcement_enforced=3, first_enforcement_closed=4, first_enforcement_no_assets=2,
    judges=7,                      # 张三 李四 王五 赵六 孙七 周八 吴九 (郑十 closed nothing)
    closed_per_judge=13 / 7,
    disposition_time_days=91 * 6 / 13,
)

G3001_Q1_CIVIL = dict(
    court_code="甘3001", quarter="2024Q1", category="civil", period_start=D(Q1[0]), period_end=D(Q1[1]),
    carried_over=4, received=6, closed=5, pending_end=5, closure_to_filing_ratio=5 / 6, closure_rate=5 / 10,
    closed_with_limit=4, closed_within_limit=4, within_limit_rate=1.0,
    avg_duration_days=216 / 5, median_duration_days=44.0,
    long_pending_12m=1, long_pending_18m=0, long_pending_36m=0, long_pending_12m_share=1 / 5,
    mediation_withdrawal_rate=2 / 4, appeal_rate=2 / 4, first_instance_acceptance_rate=0.5,
    reversed_remanded_rate=1 / 4,
    enforcement_recovery_rate=None, enforcement_completion_rate=None, first_enforcement_no_assets_rate=None,
    first_enforcement_avg_days=None,
    civil_first_closed=4, mediation_withdrawal=2, first_instance_closed=4, appealed=2, reversed_remanded=1,
    enforcement_closed=0, enforcement_enforced=0, first_enforcement_closed=0, first_enforcement_no_assets=0,
    judges=4, closed_per_judge=5 / 4, disposition_time_days=91 * 5 / 5,
)

G3001_Q1_CRIMINAL = dict(
    court_code="甘3001", quarter="2024Q1", category="criminal", period_start=D(Q1[0]), period_end=D(Q1[1]),
    carried_over=0, received=3, closed=2, pending_end=1, closure_to_filing_ratio=2 / 3, closure_rate=2 / 3,
    closed_with_limit=2, closed_within_limit=2, within_limit_rate=1.0,
    avg_duration_days=33.5, median_duration_days=33.5,  # even count: (10 + 57) / 2
    long_pending_12m=0, long_pending_18m=0, long_pending_36m=0, long_pending_12m_share=0.0,
    mediation_withdrawal_rate=None,  # no 民初 in the criminal row
    appeal_rate=0.5, first_instance_acceptance_rate=0.5, reversed_remanded_rate=0.0,  # K2 upheld
    enforcement_recovery_rate=None, enforcement_completion_rate=None, first_enforcement_no_assets_rate=None,
    first_enforcement_avg_days=None,
    civil_first_closed=0, mediation_withdrawal=0, first_instance_closed=2, appealed=1, reversed_remanded=0,
    enforcement_closed=0, enforcement_enforced=0, first_enforcement_closed=0, first_enforcement_no_assets=0,
    judges=1, closed_per_judge=2.0, disposition_time_days=91 * 1 / 2,
)

G3001_Q1_ENFORCEMENT = dict(
    court_code="甘3001", quarter="2024Q1", category="enforcement", period_start=D(Q1[0]), period_end=D(Q1[1]),
    carried_over=1, received=4, closed=5, pending_end=0, closure_to_filing_ratio=5 / 4, closure_rate=1.0,
    closed_with_limit=5, closed_within_limit=4, within_limit_rate=0.8,
    avg_duration_days=402 / 5, median_duration_days=62.0,
    long_pending_12m=0, long_pending_18m=0, long_pending_36m=0,
    long_pending_12m_share=None,  # nothing pending at the end: 0 / 0
    mediation_withdrawal_rate=None, appeal_rate=None, first_instance_acceptance_rate=None,
    reversed_remanded_rate=None,
    enforcement_recovery_rate=0.3125, enforcement_completion_rate=0.6, first_enforcement_no_assets_rate=0.5,
    first_enforcement_avg_days=90.0,
    civil_first_closed=0, mediation_withdrawal=0, first_instance_closed=0, appealed=0, reversed_remanded=0,
    enforcement_closed=5, enforcement_enforced=3, first_enforcement_closed=4, first_enforcement_no_assets=2,
    judges=2, closed_per_judge=2.5, disposition_time_days=0.0,
)

G3001_Q1_PRESERVATION = dict(
    empty_row("甘3001", "2024Q1", "preservation", *Q1),
    received=1, closed=1, closure_to_filing_ratio=1.0, closure_rate=1.0,
    avg_duration_days=1.0, median_duration_days=1.0, judges=1, closed_per_judge=1.0, disposition_time_days=0.0,
)

# 甘3001, 2024Q2: nothing received (closure_to_filing_ratio NULL, not 0).
# carried over C2 C3 C6 C7 C8, K3; closed C2 (on its deadline, 90 days), C3 (late, 61 days).
G3001_Q2_ALL = dict(
    court_code="甘3001", quarter="2024Q2", category="all", period_start=D(Q2[0]), period_end=D(Q2[1]),
    carried_over=6, received=0, closed=2, pending_end=4, closure_to_filing_ratio=None, closure_rate=2 / 6,
    closed_with_limit=2, closed_within_limit=1, within_limit_rate=0.5,
    avg_duration_days=75.5, median_duration_days=75.5,
    long_pending_12m=2,   # C7, C8 (filed before 2023-06-30)
    long_pending_18m=1,   # C7 (filed before 2022-12-30)
    long_pending_36m=0, long_pending_12m_share=2 / 4,
    mediation_withdrawal_rate=0.5, appeal_rate=0.0, first_instance_acceptance_rate=1.0, reversed_remanded_rate=0.0,
    enforcement_recovery_rate=None, enforcement_completion_rate=None, first_enforcement_no_assets_rate=None,
    first_enforcement_avg_days=None,
    civil_first_closed=2, mediation_withdrawal=1, first_instance_closed=2, appealed=0, reversed_remanded=0,
    enforcement_closed=0, enforcement_enforced=0, first_enforcement_closed=0, first_enforcement_no_assets=0,
    judges=2, closed_per_judge=1.0, disposition_time_days=91 * 4 / 2,
)

G3001_Q2_CIVIL = dict(
    G3001_Q2_ALL, category="civil", carried_over=5, pending_end=3, closure_rate=2 / 5, long_pending_12m_share=2 / 3,
    disposition_time_days=91 * 3 / 2,
)

# K3 only: carried over and still pending; nothing closed → every mean and rate NULL.
G3001_Q2_CRIMINAL = dict(
    empty_row("甘3001", "2024Q2", "criminal", *Q2), carried_over=1, pending_end=1, closure_rate=0.0,
    long_pending_12m_share=0.0,
)

G30_Q1_ALL = dict(
    empty_row("甘30", "2024Q1", "all", *Q1),
    received=1, closed=1, closure_to_filing_ratio=1.0, closure_rate=1.0, closed_with_limit=1, closed_within_limit=1,
    within_limit_rate=1.0, avg_duration_days=87.0, median_duration_days=87.0, mediation_withdrawal_rate=1.0,
    civil_first_closed=1, mediation_withdrawal=1, first_instance_closed=1,
    appeal_rate=0.0, first_instance_acceptance_rate=1.0, reversed_remanded_rate=0.0, judges=1, closed_per_judge=1.0,
    disposition_time_days=0.0,
)

# 甘30, 2024Q2: A1 A2 (民终) and A3 (刑终) received; A1 A3 closed. No first instance closed,
# so the appeal indicators are NULL even in the civil row.
G30_Q2_ALL = dict(
    empty_row("甘30", "2024Q2", "all", *Q2),
    received=3, closed=2, pending_end=1, closure_to_filing_ratio=2 / 3, closure_rate=2 / 3, closed_with_limit=2,
    closed_within_limit=2, within_limit_rate=1.0, avg_duration_days=46.0, median_duration_days=46.0,
    long_pending_12m_share=0.0, judges=2, closed_per_judge=1.0, disposition_time_days=91 * 1 / 2,
)
G30_Q2_CIVIL = dict(
    empty_row("甘30", "2024Q2", "civil", *Q2),
    received=2, closed=1, pending_end=1, closure_to_filing_ratio=0.5, closure_rate=0.5, closed_with_limit=1,
    closed_within_limit=1, within_limit_rate=1.0, avg_duration_days=40.0, median_duration_days=40.0,
    long_pending_12m_share=0.0, judges=1, closed_per_judge=1.0, disposition_time_days=91.0,
)
G30_Q2_CRIMINAL = dict(
    empty_row("甘30", "2024Q2", "criminal", *Q2),
    received=1, closed=1, closure_to_filing_ratio=1.0, closure_rate=1.0, closed_with_limit=1, closed_within_limit=1,
    within_limit_rate=1.0, avg_duration_days=52.0, median_duration_days=52.0, judges=1, closed_per_judge=1.0,
    disposition_time_days=0.0,
)

# Year to date at 2024Q2 (2024-01-01 … 2024-06-30, 182 days), 甘3001:
# carried over at Jan 1: C1 C7 C8 C11 E5; received: the 14 of Q1; closed 13 + C2 C3;
# pending at Jun 30: C6 C7 C8 K3. Durations: 686 + 90 + 61 = 837 over 15, median 44.
G3001_YTD_Q2_ALL = dict(
    court_code="甘3001", quarter="2024Q2", category="all", period_start=D(H1[0]), period_end=D(H1[1]),
    carried_over=5, received=14, closed=15, pending_end=4, closure_to_filing_ratio=15 / 14, closure_rate=15 / 19,
    closed_with_limit=13, closed_within_limit=11, within_limit_rate=11 / 13,
    avg_duration_days=837 / 15, median_duration_days=44.0,
    long_pending_12m=2, long_pending_18m=1, long_pending_36m=0, long_pending_12m_share=0.5,
    mediation_withdrawal_rate=3 / 6,   # 民初 closed C1 C4 C5 C11 C2 C3; C1 C11 C3
    appeal_rate=3 / 8, first_instance_acceptance_rate=1 - 3 / 8, reversed_remanded_rate=1 / 8,
    enforcement_recovery_rate=0.3125, enforcement_completion_rate=0.6, first_enforcement_no_assets_rate=0.5,
    first_enforcement_avg_days=90.0,
    civil_first_closed=6, mediation_withdrawal=3, first_instance_closed=8, appealed=3, reversed_remanded=1,
    enforcement_closed=5, enforcement_enforced=3, first_enforcement_closed=4, first_enforcement_no_assets=2,
    judges=7, closed_per_judge=15 / 7, disposition_time_days=182 * 4 / 15,
)


@pytest.fixture
def gannan(con):
    load_gannan_cases(con)
    return con


@pytest.fixture
def quarterly(gannan):
    build(gannan, "court_quarter_performance", ["2024Q1", "2024Q2"])
    return rows(gannan, "court_quarter_performance")


def test_rows_exist_for_every_registered_court_and_active_category_only(quarterly):
    assert sorted(quarterly) == sorted([
        ("甘30", "2024Q1", "all"), ("甘30", "2024Q1", "civil"),
        ("甘3001", "2024Q1", "all"), ("甘3001", "2024Q1", "civil"), ("甘3001", "2024Q1", "criminal"),
        ("甘3001", "2024Q1", "enforcement"), ("甘3001", "2024Q1", "preservation"),
        ("甘3021", "2024Q1", "all"),
        ("甘30", "2024Q2", "all"), ("甘30", "2024Q2", "civil"), ("甘30", "2024Q2", "criminal"),
        ("甘3001", "2024Q2", "all"), ("甘3001", "2024Q2", "civil"), ("甘3001", "2024Q2", "criminal"),
        ("甘3021", "2024Q2", "all"),
    ])  # no administrative row: the category has no cases


@pytest.mark.parametrize("expected", [
    G3001_Q1_ALL, G3001_Q1_CIVIL, G3001_Q1_CRIMINAL, G3001_Q1_ENFORCEMENT, G3001_Q1_PRESERVATION,
    G3001_Q2_ALL, G3001_Q2_CIVIL, G3001_Q2_CRIMINAL,
    G30_Q1_ALL, dict(G30_Q1_ALL, category="civil"), G30_Q2_ALL, G30_Q2_CIVIL, G30_Q2_CRIMINAL,
], ids=lambda e: f"{e['court_code']}-{e['quarter']}-{e['category']}")
def test_quarter_row_matches_hand_computation(quarterly, expected):
    assert_row(quarterly[(expected["court_code"], expected["quarter"], expected["category"])], expected)


@pytest.mark.parametrize("quarter,bounds", [("2024Q1", Q1), ("2024Q2", Q2)])
def test_court_without_cases_has_an_all_row_of_zeros_and_nulls(quarterly, quarter, bounds):
    assert_row(quarterly[("甘3021", quarter, "all")], empty_row("甘3021", quarter, "all", *bounds))


def test_ytd_first_quarter_equals_the_quarter_and_second_quarter_covers_the_half_year(gannan, quarterly):
    build(gannan, "court_ytd_performance", ["2024Q1", "2024Q2"])
    ytd = rows(gannan, "court_ytd_performance")
    assert {k for k in ytd if k[1] == "2024Q1"} == {k for k in quarterly if k[1] == "2024Q1"}
    for key in (k for k in ytd if k[1] == "2024Q1"):
        assert_row(ytd[key], quarterly[key])
    assert_row(ytd[("甘3001", "2024Q2", "all")], G3001_YTD_Q2_ALL)
    # the half year of 甘3001 has an enforcement row (active in Q1) that Q2 alone lacks
    assert ("甘3001", "2024Q2", "enforcement") in ytd and ("甘3001", "2024Q2", "enforcement") not in quarterly
    assert ytd[("甘3001", "2024Q2", "enforcement")]["disposition_time_days"] == 0.0


def test_cases_filed_before_the_first_quarter_only_count_while_pending(gannan):
    build(gannan, "court_quarter_performance", ["2023Q4"])
    civil = rows(gannan, "court_quarter_performance")[("甘3001", "2023Q4", "civil")]
    # carried over at 2023-10-01: C7 (2022-12-15), C8 (2023-03-31), C10 (2023-05-01, closed 11-30);
    # received in Q4: C1 (10-10), C11 (12-01); closed: C10; pending at 12-31: C1 C7 C8 C11
    assert (civil["carried_over"], civil["received"], civil["closed"], civil["pending_end"]) == (3, 2, 1, 4)
    assert civil["within_limit_rate"] == 0.0  # C10 closed 2023-11-30 after its deadline 2023-11-01
    assert civil["long_pending_12m"] == 1     # C7: filed before 2022-12-31 (= 2023-12-31 − 12 months)
    assert civil["long_pending_18m"] == 0     # … but not before 2022-06-30


def test_rebuilding_a_quarter_replaces_only_its_rows(gannan, quarterly):
    gannan.execute("UPDATE cases SET closing_date = DATE '2024-06-01', duration_days = 92, closed_within_limit = true,"
                   " disposition = '判决', disposition_group = 'judgment' WHERE case_number = '(2024)甘3001民初5号'")
    build(gannan, "court_quarter_performance", ["2024Q2"])
    after = rows(gannan, "court_quarter_performance")
    for key in (k for k in quarterly if k[1] == "2024Q1"):
        assert after[key] == quarterly[key]
    assert after[("甘3001", "2024Q2", "all")]["closed"] == 3
    assert after[("甘3001", "2024Q2", "all")]["pending_end"] == 3
    assert len(after) == len(quarterly)


def test_a_court_outside_the_registry_gets_rows_only_where_it_has_cases(gannan):
    add_case(gannan, "(2024)甘3099民初1号", "2024-05-06", None, "2024-11-06", None, "外院")
    build(gannan, "court_quarter_performance", ["2024Q1", "2024Q2"])
    keys = {k for k in rows(gannan, "court_quarter_performance") if k[0] == "甘3099"}
    assert keys == {("甘3099", "2024Q2", "all"), ("甘3099", "2024Q2", "civil")}


def test_a_case_type_outside_the_registry_is_counted_as_other(gannan):
    gannan.execute("UPDATE cases SET category = NULL, instance = NULL WHERE case_number = '(2024)甘3001民督1号'")
    build(gannan, "court_quarter_performance", ["2024Q1"])
    got = rows(gannan, "court_quarter_performance")
    assert got[("甘3001", "2024Q1", "other")]["closed"] == 1
    assert got[("甘3001", "2024Q1", "civil")]["closed"] == 4
    assert got[("甘3001", "2024Q1", "all")]["closed"] == 13


# --- checks ------------------------------------------------------------------------------

def failing_checks(con, name) -> dict:
    import checks

    return {r.check_name: r.metadata["failing"].value for r in checks.evaluate(con, name) if not r.passed}


def test_checks_pass_on_the_built_tables(gannan):
    for name in ("court_quarter_performance", "court_ytd_performance"):
        build(gannan, name, ["2024Q1", "2024Q2"])
        assert failing_checks(gannan, name) == {}


@pytest.mark.parametrize("broken,check", [
    ("UPDATE court_quarter_performance SET pending_end = pending_end + 1 WHERE category = 'civil' "
     "AND court_code = '甘3001' AND quarter = '2024Q1'", "identity"),
    ("UPDATE court_quarter_performance SET within_limit_rate = 1.2 WHERE court_code = '甘30'", "rates_in_unit_interval"),
    ("DELETE FROM court_quarter_performance WHERE court_code = '甘3021' AND quarter = '2024Q2'",
     "every_court_every_quarter"),
    ("UPDATE court_quarter_performance SET received = received + 1, pending_end = pending_end + 1 "
     "WHERE court_code = '甘3001' AND quarter = '2024Q1' AND category = 'civil'", "categories_sum_to_all"),
    ("UPDATE court_quarter_performance SET closure_to_filing_ratio = 0 WHERE court_code = '甘3021'", "indicator_counts"),
    ("UPDATE court_quarter_performance SET judges = closed + 1 WHERE court_code = '甘3021'", "counts_consistent"),
    ("UPDATE court_quarter_performance SET period_end = DATE '2024-03-30' WHERE quarter = '2024Q1'",
     "period_is_the_quarter"),
    ("UPDATE cases SET closing_date = NULL, duration_days = NULL, closed_within_limit = NULL "
     "WHERE case_number = '(2024)甘3001执1号'", "reconciles_with_cases"),
])
def test_each_rule_catches_what_it_guards(gannan, broken, check):
    build(gannan, "court_quarter_performance", ["2024Q1", "2024Q2"])
    gannan.execute(broken)
    assert check in failing_checks(gannan, "court_quarter_performance")


def test_ytd_period_rule(gannan):
    build(gannan, "court_ytd_performance", ["2024Q2"])
    gannan.execute("UPDATE court_ytd_performance SET period_start = DATE '2024-04-01'")
    assert "period_is_year_to_date" in failing_checks(gannan, "court_ytd_performance")


# --- Dagster ---------------------------------------------------------------------------------

def prepare_warehouse(settings):
    """A warehouse file with the schema, reference vocabularies, the three courts and the
    hand-made cases (no ingest: cases are inserted directly)."""
    from warehouse.ddl import ensure_schema

    with db.connect(settings.warehouse) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        load_gannan_cases(con)


def test_assets_materialize_a_two_quarter_range_in_one_run(settings):
    from assets import marts
    from runtime.resources import WarehouseResource

    prepare_warehouse(settings)
    quarterly = [a for a in marts.ASSETS if a.partitions_def is not None]
    assert len(quarterly) == 5  # the three performance tables and the two quarter-end lists
    result = dg.materialize(
        quarterly,
        resources={"warehouse": WarehouseResource.from_settings(settings)},
        tags={"dagster/asset_partition_range_start": "2024Q1", "dagster/asset_partition_range_end": "2024Q2"},
    )
    assert result.success
    checks = result.get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    per_quarter = dict(con.execute(
        "SELECT quarter, count(*) FROM court_quarter_performance GROUP BY 1").fetchall())
    assert per_quarter == {"2024Q1": 8, "2024Q2": 7}
    ytd = dict(con.execute("SELECT quarter, count(*) FROM court_ytd_performance GROUP BY 1").fetchall())
    # the half year: 甘30 all/civil/criminal, 甘3001 all/civil/criminal/enforcement/preservation, 甘3021 all
    assert ytd == {"2024Q1": 8, "2024Q2": 9}
    judges = dict(con.execute("SELECT quarter, count(*) FROM judge_quarter_performance GROUP BY 1").fetchall())
    assert judges == {"2024Q1": 9, "2024Q2": 7}
    assert_row(rows(con, "court_quarter_performance", "court_code = '甘3001' AND quarter = '2024Q1' AND category = 'all'")
               [("甘3001", "2024Q1", "all")], G3001_Q1_ALL)
    con.close()


def test_null_recovered_counts_as_zero_not_as_missing(gannan):
    add_case(gannan, "(2024)甘3021执1号", "2024-04-02", "2024-05-02", "2024-10-02", "终结本次执行程序", "马一",
             claimed=8000)
    build(gannan, "court_quarter_performance", ["2024Q2"])
    row = rows(gannan, "court_quarter_performance")[("甘3021", "2024Q2", "enforcement")]
    assert row["enforcement_recovery_rate"] == 0.0  # 0 / 8000, not NULL
    assert row["first_enforcement_no_assets_rate"] == 1.0
    assert row["enforcement_completion_rate"] == 0.0
