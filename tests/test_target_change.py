"""A change of a target_range indicator (结收比, best inside its reasonable range) is
coloured by whether the value moved closer to or further from the range, decided from the
counts exactly — never by the sign of the change — and a change that rounds to zero reads
持平 with no colour."""
import re

import pytest

from warehouse.reports.common import range_distance, target_change_class
from warehouse.reports.quarterly import _summary

RANGE = (0.9, 1.1)


@pytest.mark.parametrize("old,new,expected", [
    ((132, 100), (112, 100), "better"),   # above the range, falling towards it: a fall is better
    ((95, 100), (104, 100), ""),          # inside both times: a 9-point rise is neither
    ((104, 100), (80, 100), "worse"),     # inside, then below it
    ((85, 100), (120, 100), "worse"),     # below by 5 points, then above by 10
    ((120, 100), (85, 100), "better"),    # above by 10 points, then below by 5
    ((111, 100), (110, 100), "better"),   # onto the bound exactly: 110/100 is inside, not 1.1000000000000000888
    ((1000, 1000), (1000, 1000), ""),     # no change
    ((1100, 1000), (1100, 1001), ""),     # a change that prints as 持平 has no colour
])
def test_target_range_change_is_judged_by_distance_from_the_range(old, new, expected):
    assert target_change_class(new, old, *RANGE) == expected


def test_distance_is_exact_and_falls_back_to_the_target():
    assert range_distance((9, 10), *RANGE) == 0
    assert range_distance(0.9, *RANGE) == 0
    assert range_distance((89, 100), *RANGE) == pytest.approx(0.01)
    assert range_distance((105, 100), None, None, 1.0) == pytest.approx(0.05)
    assert target_change_class((95, 100), (120, 100), None, None, 1.0) == "better"  # COURTS_RANGES=none
    assert range_distance((1, 1), None, None, None) is None


def totals(received: int, closed: int) -> dict:
    return {"courts": 9, "carried_over": 100, "received": received, "closed": closed, "pending_end": 50,
            "closed_with_limit": closed, "closed_within_limit": closed, "long_pending_12m": 1,
            "closure_rate": closed / (100 + received), "closure_to_filing_ratio": closed / received,
            "within_limit_rate": 1.0, "long_pending_12m_share": 0.02, "avg_duration_days": 30.0}


def ratio_row(now: dict, last_year: dict) -> dict:
    summary = _summary({"quarter": now, "last_year": last_year, "ytd": now, "ytd_last_year": last_year}, 9,
                       {"closure_to_filing_ratio": RANGE})
    return next(r for r in summary["rows"] if r["zh"] == "结收比")


@pytest.mark.parametrize("last_year,now,expected", [
    ((100, 132), (100, 104), "better"),   # 132 % → 104 %: a fall of 28 points, into the range
    ((100, 95), (100, 104), ""),          # inside both years
    ((100, 104), (100, 80), "worse"),     # out of the range
])
def test_the_summary_colours_the_ratio_by_the_range_not_the_sign(last_year, now, expected):
    row = ratio_row(totals(*now), totals(*last_year))
    assert row["yoy_class"] == expected and row["ytd_class"] == expected


def test_a_higher_better_rate_is_still_coloured_by_direction_and_zero_reads_chiping():
    summary = _summary({"quarter": totals(100, 90), "last_year": totals(100, 80)}, 9, {})
    row = next(r for r in summary["rows"] if r["zh"] == "结案率")
    assert row["yoy_class"] == "better"
    same = _summary({"quarter": totals(1000, 900), "last_year": totals(1000, 900)}, 9, {})
    text = " ".join(same["sentences"])
    assert "结收比90.0%，同比持平" in text and not re.search(r"(上升|下降|增长|增加|减少)0\.0", text)
