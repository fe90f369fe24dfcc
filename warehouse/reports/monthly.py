"""The monthly bulletin (月通报): per court, the month's 收结存 (carried over, received,
closed, pending at month end), closure and within-limit rates, overdue and long-pending
counts at month end, and the year to date, written to `<out>/monthly/<YYYY-MM>.html`.
The numbers use the same per-case definitions as the quarterly tables (the
`court_performance` and `performance_case_facts` macros), over the month instead of a
quarter: see `sql/monthly_bulletin.sql`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb

from warehouse import models
from warehouse.reports.common import fmt_value, query, render, write_text

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
COUNTS = ("carried_over", "received", "closed", "pending_end", "closed_with_limit", "closed_within_limit",
          "ytd_carried_over", "ytd_received", "ytd_closed", "ytd_closed_with_limit", "ytd_closed_within_limit", "overdue_pending",
          "long_pending_12m")


def month_bounds(month: str) -> tuple[date, date]:
    m = _MONTH.match(month)
    if not m:
        raise ValueError(f"not a month (YYYY-MM): {month!r}")
    year, mon = int(m.group(1)), int(m.group(2))
    start = date(year, mon, 1)
    end = (date(year + 1, 1, 1) if mon == 12 else date(year, mon + 1, 1)) - timedelta(days=1)
    return start, end


def default_month(con: duckdb.DuckDBPyConnection) -> str | None:
    """The latest complete month on or before the latest export date (a month is complete
    when its last day is not after that date); None for an empty warehouse."""
    last = query(con, "latest_export_date")[0]["last_date"]
    if last is None:
        return None
    _, end = month_bounds(f"{last.year:04d}-{last.month:02d}")
    if end <= last:
        return f"{last.year:04d}-{last.month:02d}"
    prev = last.replace(day=1) - timedelta(days=1)
    return f"{prev.year:04d}-{prev.month:02d}"


def monthly_figures(con: duckdb.DuckDBPyConnection, month: str) -> tuple[list[dict], dict]:
    """Per-court rows of the month (see sql/monthly_bulletin.sql) and the prefecture total
    (counts summed, rates recomputed from the sums, mean duration weighted by closed)."""
    start, end = month_bounds(month)
    models.register_macros(con)
    con.execute("CREATE OR REPLACE TEMP TABLE report_periods (quarter VARCHAR, period_start DATE, period_end DATE)")
    con.execute("INSERT INTO report_periods VALUES ('month', ?, ?), ('ytd', ?, ?)",
                [start, end, date(start.year, 1, 1), end])
    rows = query(con, "monthly_bulletin")
    total = {k: sum(int(r[k] or 0) for r in rows) for k in COUNTS}
    total.update(_rates(total), short_name="全辖合计", court_code="")
    weighted = [(r["avg_duration_days"], r["closed"]) for r in rows if r["avg_duration_days"] is not None]
    closed = sum(n for _, n in weighted)
    total["avg_duration_days"] = sum(a * n for a, n in weighted) / closed if closed else None
    return rows, total


def write_monthly_bulletin(con: duckdb.DuckDBPyConnection, month: str, out_dir: Path | str) -> dict[str, Path]:
    """Write `<out>/monthly/<YYYY-MM>.html`; returns {"html": path}."""
    start, end = month_bounds(month)
    rows, total = monthly_figures(con, month)
    year, mon = start.year, start.month
    # every court of the scope (the rows leave out groups without cases, whose figures are 0)
    courts = con.execute("SELECT count(*) FROM courts").fetchall()[0][0] or len(rows)
    sentences = [
        f"{year}年{mon}月，全辖{courts}家法院新收案件{total['received']:,}件，审结{total['closed']:,}件，"
        f"月末未结{total['pending_end']:,}件；结案率{fmt_value(total['closure_rate'], 'rate')}，"
        f"法定审限内结案率{fmt_value(total['within_limit_rate'], 'rate')}。",
        f"月末超审限未结案件{total['overdue_pending']:,}件，超12个月未结案件{total['long_pending_12m']:,}件。",
        f"今年以来累计新收{total['ytd_received']:,}件，累计审结{total['ytd_closed']:,}件，"
        f"累计法定审限内结案率{fmt_value(total['ytd_within_limit_rate'], 'rate')}。",
    ]
    # 更正说明: restatements of the quarterly bulletin of the month's quarter and the one before
    from warehouse.periods import previous_quarter
    from warehouse.reports.sections import RESTATEMENT_LIMIT, restatement_rows

    quarter = f"{year}Q{(mon - 1) // 3 + 1}"
    restatements = restatement_rows(con, "quarterly", periods=[previous_quarter(quarter), quarter])
    html = render("monthly.html.j2", title=f"{year}年{mon}月审判执行工作月通报", month_start=start, month_end=end,
                  year_start=date(year, 1, 1), cutoff=query(con, "data_cutoff")[0]["last_export"],
                  sentences=sentences, rows=rows, total=total, restatements=restatements,
                  restatement_limit=RESTATEMENT_LIMIT)
    return {"html": write_text(Path(out_dir) / "monthly" / f"{month}.html", html)}


def _rates(t: dict) -> dict:
    def ratio(a, b):
        return a / b if b else None

    return {
        "closure_rate": ratio(t["closed"], t["carried_over"] + t["received"]),
        "closure_to_filing_ratio": ratio(t["closed"], t["received"]),
        "within_limit_rate": ratio(t["closed_within_limit"], t["closed_with_limit"]),
        "ytd_within_limit_rate": ratio(t["ytd_closed_within_limit"], t["ytd_closed_with_limit"]),
        "ytd_closure_rate": ratio(t["ytd_closed"], t["ytd_carried_over"] + t["ytd_received"]),
    }
