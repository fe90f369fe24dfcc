"""Reports people read: the quarterly bulletin (季度审判执行运行态势通报, HTML + XLSX, with or
without rankings), the weekly reminder of cases near their deadline (周提醒, HTML + CSV)
and the monthly bulletin (月通报, HTML). Dagster-free: the assets in `assets/reports.py`
and the `courts report` command call these functions with an open connection.

What belongs here: reading the marts (SQL in `sql/`), shaping them for people (Chinese
labels, charts in `charts.py`, templates in `templates/`), writing files. What does not:
computing indicators (that is the warehouse's SQL models). Parties' names (case_parties,
rejected_rows.raw_record) are never read.
"""
from warehouse.reports.monthly import default_month, monthly_figures, write_monthly_bulletin
from warehouse.reports.quarterly import QuarterNotFound, available_quarters, write_quarterly_bulletin
from warehouse.reports.weekly import latest_as_of, write_weekly_reminder

__all__ = [
    "write_quarterly_bulletin", "write_weekly_reminder", "write_monthly_bulletin",
    "available_quarters", "default_month", "monthly_figures", "latest_as_of", "QuarterNotFound",
]
