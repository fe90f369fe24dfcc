"""Jobs: which assets run together. Every job ends with `published_warehouse`, so the
analysts' copy is refreshed after each successful run.

- ingest_job — reference data, new inbox files, cases (daily schedule, inbox sensor)
- quarterly_job — quarterly performance, YTD, judges, rankings, the bulletin's lists as
  tables (standings, quarter-end long-pending and alerts), 案件比, restatements of
  issued bulletins, the issued (frozen) bulletin, every issuer's bulletins and the index
  (partitioned by quarter; a backfill over a range of quarters is one run).
- weekly_job — deadline alerts, long-pending list, weekly reminder (周提醒)
- monthly_job — restatements of issued figures, monthly bulletin (月通报)
"""
import dagster as dg


def _keys(*names: str) -> dg.AssetSelection:
    return dg.AssetSelection.assets(*[dg.AssetKey(n.split("/")) for n in names])


PUBLISH = _keys("published_warehouse")

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.groups("reference", "raw", "quality", "core") | PUBLISH,
    description="Load reference data, ingest new inbox files, rebuild cases; publish.",
)

quarterly_job = dg.define_asset_job(
    "quarterly_job",
    selection=_keys(
        "court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
        "court_quarter_rankings", "court_quarter_standings", "quarter_end_long_pending",
        "quarter_end_deadline_alerts", "court_quarter_matter_ratio", "court_ytd_matter_ratio",
        "restatements", "quarterly_bulletin", "issued_reports", "issued_figures", "issuer_bulletins",
    ) | PUBLISH,
    description="Quarterly performance tables, rankings and every issuer's bulletins (季度通报, 月通报, 周提醒); publish.",
)

weekly_job = dg.define_asset_job(
    "weekly_job",
    selection=_keys("deadline_alerts", "long_pending_cases", "weekly_reminder") | PUBLISH,
    description="Deadline alerts and long-pending lists as of a date, and the weekly reminder (周提醒); publish.",
)

monthly_job = dg.define_asset_job(
    "monthly_job",
    selection=_keys("restatements", "monthly_bulletin") | PUBLISH,
    description="Restatements of issued figures and the monthly bulletin (月通报) for a month; publish.",
)

JOBS = [ingest_job, quarterly_job, weekly_job, monthly_job]
