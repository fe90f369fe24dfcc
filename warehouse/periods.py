"""Quarter labels and period bounds (`2024Q1` = 2024-01-01 … 2024-03-31), the one place
that turns labels into dates. Dagster's quarter partition keys are these labels.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_LABEL = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(d: date) -> str:
    return f"{d.year}Q{(d.month - 1) // 3 + 1}"


def quarter_bounds(label: str) -> tuple[date, date]:
    m = _LABEL.match(label)
    if not m:
        raise ValueError(f"not a quarter label (YYYYQn): {label!r}")
    year, q = int(m.group(1)), int(m.group(2))
    start = date(year, 3 * (q - 1) + 1, 1)
    end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
    return start, end


def previous_quarter(label: str, back: int = 1) -> str:
    start, _ = quarter_bounds(label)
    idx = start.year * 4 + (start.month - 1) // 3 - back
    return f"{idx // 4}Q{idx % 4 + 1}"


def quarters_between(first: str, last: str) -> list[str]:
    out, q = [], first
    quarter_bounds(last)
    while quarter_bounds(q)[0] <= quarter_bounds(last)[0]:
        out.append(q)
        q = previous_quarter(q, -1)
    return out


def last_complete_quarter(as_of: date) -> str:
    """The latest quarter whose last day is on or before `as_of`."""
    q = quarter_of(as_of)
    return q if quarter_bounds(q)[1] <= as_of else previous_quarter(q)

