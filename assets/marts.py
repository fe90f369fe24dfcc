"""Mart assets: the quarterly performance tables and the as-of lists built on `cases`.

- `court_quarter_performance`, `court_ytd_performance`, `judge_quarter_performance` —
  partitioned by quarter (QUARTERLY) with a single-run backfill policy: a range of
  quarters is one run and one set-at-a-time SQL statement per table. Each run replaces
  the rows of its quarters.
- `quarter_end_long_pending`, `quarter_end_deadline_alerts` — the same lists as the two
  below, as of each quarter's last day, partitioned by quarter: what the quarterly
  bulletin prints.
- `deadline_alerts`, `long_pending_cases` — unpartitioned, built for the as-of dates in
  their run config (`as_of_dates`, default: the latest export date loaded); each run
  replaces the rows of those dates and keeps earlier dates' rows (the history of weekly
  reminders).

Only the asset definitions live here: the formulas are in `warehouse/sql/<table>.sql`
and `warehouse/sql/macros/performance.sql`, the alert thresholds in
`warehouse/reference/alert_thresholds.csv`.
"""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from assets.common import guarded, quarterly_table_asset, table_asset_kwargs
from runtime import TIMEZONE
from runtime.resources import WarehouseResource
from warehouse import db, models
from warehouse.settings import REFERENCE_DIR

QUARTERLY_TABLES = ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance")
# The quarterly bulletin's case lists as of each quarter's last day (tables, so analysts can query them).
QUARTER_END_LISTS = ("quarter_end_long_pending", "quarter_end_deadline_alerts")
AS_OF_TABLES = ("deadline_alerts", "long_pending_cases")
THRESHOLDS_FILE = REFERENCE_DIR / "alert_thresholds.csv"


class AsOfConfig(dg.Config):
    """The as-of dates (YYYY-MM-DD) to build; empty = the latest export date among files
    loaded or partially loaded (today in Asia/Shanghai when nothing is loaded yet)."""

    as_of_dates: list[str] = []


def parse_as_of_dates(values: list[str]) -> list[date]:
    dates = []
    for v in values:
        try:
            dates.append(date.fromisoformat(v.strip()))
        except ValueError:
            raise ValueError(f"as_of_dates: not a date (YYYY-MM-DD): {v!r}") from None
    return sorted(set(dates))


def default_as_of(con: duckdb.DuckDBPyConnection) -> date:
    """The latest export date among loaded files, else today in Asia/Shanghai."""
    models.register_macros(con, models.LOADED_FILES)
    latest = db.scalar(con, "SELECT latest_export_date()")
    return latest or datetime.now(ZoneInfo(TIMEZONE)).date()


def validate_thresholds(con: duckdb.DuckDBPyConnection) -> None:
    """Fail with the file, row and reason when alert_thresholds.csv is unusable."""
    rows = con.execute(
        "SELECT tier_rank, tier, min_days_remaining, max_days_remaining, "
        "elapsed_share_numerator, elapsed_share_denominator FROM ref_alert_thresholds"
    ).fetchall()
    problems = []
    ranks, tiers = set(), set()
    for i, (rank, tier, lo, hi, num, den) in enumerate(rows, start=1):
        where = f"{THRESHOLDS_FILE.name} row {i}"
        if rank is None or not tier:
            problems.append(f"{where}: tier_rank and tier are required")
        if rank in ranks or tier in tiers:
            problems.append(f"{where}: tier_rank {rank} / tier {tier} appears twice")
        ranks.add(rank)
        tiers.add(tier)
        if lo is not None and hi is not None and lo > hi:
            problems.append(f"{where}: min_days_remaining {lo} > max_days_remaining {hi}")
        if (num is None) != (den is None) or (den is not None and den <= 0):
            problems.append(f"{where}: elapsed_share_numerator/denominator must both be set, denominator > 0")
        if lo is None and hi is None and num is None:
            problems.append(f"{where}: the tier has no condition")
    if problems:
        raise ValueError(f"invalid alert thresholds in {THRESHOLDS_FILE}: " + "; ".join(problems))


def _as_of_asset(name: str):
    @dg.asset(**table_asset_kwargs(name, deps=[dg.AssetKey("cases")]))
    def _asset(context: dg.AssetExecutionContext, config: AsOfConfig, warehouse: WarehouseResource):
        dates = parse_as_of_dates(config.as_of_dates)
        with warehouse.connect() as con:
            if not dates:
                dates = [default_as_of(con)]
            models.set_as_of(con, dates)
            models.register_reference_views(con)
            validate_thresholds(con)
            context.log.info(f"{name} as of {', '.join(d.isoformat() for d in dates)}")
            yield from guarded(
                con,
                [name],
                lambda c: {
                    "as_of_dates": ", ".join(d.isoformat() for d in dates),
                    "written": warehouse.replace_partitions(c, name, dates),
                },
            )

    return _asset


ASSETS = ([quarterly_table_asset(n, deps=["cases", "courts"], by_court=True) for n in QUARTERLY_TABLES + QUARTER_END_LISTS]
          + [_as_of_asset(n) for n in AS_OF_TABLES])
