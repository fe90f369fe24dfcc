"""Calendar arithmetic on day numbers (int days since 1970-01-01), vectorized with numpy.

What belongs here: converting dates to day numbers and back, calendar-month addition
(the time-limit rule of spec/time-limits.md), weekdays, the Spring Festival dates and the
filing seasonality curve, export schedules. Nothing about courts or cases.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

EPOCH = date(1970, 1, 1)
EXCEL_EPOCH_OFFSET = 25569  # Excel serial number of 1970-01-01 (1900 date system)
NEVER = np.int32(10**6)  # sentinel day number: "does not happen"

# Chinese New Year (春节), the centre of the filing dip.
SPRING_FESTIVAL = {
    2012: date(2012, 1, 23), 2013: date(2013, 2, 10), 2014: date(2014, 1, 31),
    2015: date(2015, 2, 19), 2016: date(2016, 2, 8), 2017: date(2017, 1, 28),
    2018: date(2018, 2, 16), 2019: date(2019, 2, 5), 2020: date(2020, 1, 25),
    2021: date(2021, 2, 12), 2022: date(2022, 2, 1), 2023: date(2023, 1, 22),
    2024: date(2024, 2, 10), 2025: date(2025, 1, 29), 2026: date(2026, 2, 17),
    2027: date(2027, 2, 6), 2028: date(2028, 1, 26), 2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
}


def day_number(d: date) -> int:
    return (d - EPOCH).days


def to_date(n: int) -> date:
    return EPOCH + timedelta(days=int(n))


def weekday(days: np.ndarray) -> np.ndarray:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return (np.asarray(days) + 3) % 7


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Calendar-month addition: 2024-01-31 + 1 month = 2024-02-29 (time-limits.md)."""
    dt = np.asarray(days, dtype=np.int64).astype("datetime64[D]")
    m = dt.astype("datetime64[M]")
    dom = (dt - m.astype("datetime64[D]")).astype(np.int64)
    target = m + np.asarray(months, dtype=np.int64)
    month_len = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    out = target.astype("datetime64[D]") + np.minimum(dom, month_len - 1)
    return out.astype(np.int64)


def spring_festival_day(year: int) -> int:
    sf = SPRING_FESTIVAL.get(year)
    if sf is None:  # outside the table: late January / early February is close enough
        sf = date(year, 2, 1)
    return day_number(sf)


def filing_intensity(first: int, last: int) -> np.ndarray:
    """Relative filing intensity for each day in [first, last], mean ≈ 1 per year.

    Weekdays carry the filings; the Spring Festival week and the National Day week are
    near-empty; the last ten days of December are slowed (收案控制 at year end)."""
    days = np.arange(first, last + 1)
    w = np.where(weekday(days) < 5, 1.0, 0.04)
    dt = days.astype("datetime64[D]")
    month = (dt.astype("datetime64[M]").astype(np.int64) % 12) + 1
    dom = (dt - dt.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64) + 1
    w = np.where((month == 12) & (dom >= 21), w * 0.7, w)
    w = np.where((month == 10) & (dom <= 7), w * 0.15, w)
    w = np.where(month == 3, w * 1.08, w)  # post-festival catch-up
    for y in range(int(year_of(np.array([first]))[0]), int(year_of(np.array([last]))[0]) + 1):
        sf = spring_festival_day(y)
        w = np.where((days >= sf - 4) & (days <= sf + 6), w * 0.2, w)
    return w / w.mean()


def export_days(start: int, end: int, cadence: str, weekdays: tuple[int, ...]) -> np.ndarray:
    """Export dates of one court in [start, end]; the end date is always an export date."""
    days = np.arange(start, end + 1)
    if cadence == "monthly":
        dt = days.astype("datetime64[D]")
        nxt = (dt + 1).astype("datetime64[M]")
        chosen = days[nxt != dt.astype("datetime64[M]")]  # last day of each month
    else:
        chosen = days[np.isin(weekday(days), weekdays)]
    return np.unique(np.append(chosen, end)).astype(np.int64)


def date_table(first: int, last: int, fmt) -> np.ndarray:
    """Formatted strings for every day in [first, last] (index = day - first)."""
    return np.array([fmt(to_date(n)) for n in range(first, last + 1)], dtype=object)
