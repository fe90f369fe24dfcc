"""Report assets (group `reports`): files people read, not tables, so no table checks.

- `quarterly_bulletin` — quarterly partitioned, a range of quarters in one run: one
  bulletin (HTML + XLSX) per quarter under `<reports>/<quarter>/`.
- `issuer_bulletins` — quarterly partitioned: every issuer's quarterly bulletin, monthly
  bulletin and weekly reminder (COURTS_ISSUERS; only issuers whose courts changed) under
  `<reports>/<quarter>/<issuer>/`, and the quarter's index page. In `quarterly_job`.
- `issuer_bulletin` — the same for one issuer and quarter (issuer × quarter partitions,
  issuers from the registry), always re-rendered: to redo one bulletin from the UI.
  bulletin (HTML + XLSX) per quarter under `<reports>/<quarter>/`, issued once and frozen
  (`warehouse/reports/issued.py`: issued_reports, issued_figures); a later run leaves an
  issued quarter's files alone unless its config asks `reissue`.
- `weekly_reminder` — 周提醒 for an as-of date (config `as_of_date`, default the latest
  as-of date in deadline_alerts) under `<reports>/weekly/`.
- `monthly_bulletin` — 月通报 for a month (config `month`, default the latest complete
  month on or before the latest export date) under `<reports>/monthly/`.

Only the asset wiring lives here; what the reports contain is `warehouse.reports`.
"""
from datetime import date
from typing import Optional

import dagster as dg

import checks
from assets.common import table_spec
from checks.guard import raise_if_blocking
from checks.structural import Written
from runtime import POOL
from runtime.partitions import ISSUER_QUARTER, QUARTERLY, SINGLE_RUN
from runtime.resources import WarehouseResource
from warehouse.ddl import quote_literal
from warehouse.reports import (
    available_quarters,
    default_month,
    latest_as_of,
    write_monthly_bulletin,
    write_weekly_reminder,
)
from warehouse.reports.issued import issue_quarterly_bulletin
from warehouse.reports.issuers import write_issuer_bulletins, write_quarters_issuer_bulletins
from warehouse.reports.quarterly import QuarterNotFound
from warehouse.tables import table

GROUP = "reports"


def _key(name: str) -> dg.AssetKey:
    return dg.AssetKey(name)


class QuarterlyBulletinConfig(dg.Config):
    """rankings=False writes the range-first version (no ranks or league tables).
    A quarter's bulletin is issued once (issued_reports, issued_figures); reissue=True
    writes a new version beside the old one."""

    rankings: bool = True
    reissue: bool = False


ISSUED_TABLES = ("issued_reports", "issued_figures")


@dg.multi_asset(
    name="quarterly_bulletin",
    specs=[
        dg.AssetSpec(
            key=_key("quarterly_bulletin"),
            description="季度审判执行运行态势通报: the quarter's bulletin (HTML with charts + XLSX workbook) per "
                        "quarter, issued once and recorded in issued_reports / issued_figures.",
            group_name=GROUP,
            kinds={"html", "xlsx"},
            deps=[_key(n) for n in ("court_quarter_performance", "court_ytd_performance", "court_quarter_rankings",
                                    "judge_quarter_performance", "cases", "ingested_files", "rejected_rows",
                                    "court_quarter_matter_ratio", "court_ytd_matter_ratio", "restatements",
                                    "court_quarter_standings", "quarter_end_long_pending",
                                    "quarter_end_deadline_alerts")],
        ),
        *[table_spec(n) for n in ISSUED_TABLES],
    ],
    check_specs=[s for n in ISSUED_TABLES for s in checks.specs_for(n)],
    pool=POOL,
    partitions_def=QUARTERLY,
    backfill_policy=SINGLE_RUN,
    can_subset=False,
)
def quarterly_bulletin(context: dg.AssetExecutionContext, config: QuarterlyBulletinConfig,
                       warehouse: WarehouseResource):
    quarters = sorted(context.partition_keys)
    out = warehouse.settings.reports
    written, issued, skipped = {}, {}, []
    with warehouse.connect() as con:
        have = set(available_quarters(con))
        for q in quarters:
            if q not in have:
                skipped.append(q)
                continue
            issued[q] = issue_quarterly_bulletin(con, q, out, rankings=config.rankings, reissue=config.reissue,
                                                 configuration=warehouse.settings.configuration_zh,
                                                 list_limit=warehouse.settings.list_limit)
            written[q] = issued[q]["paths"]
        # issued rows are written once, by the issue: the checks read this run's new issues only
        new_ids = [r["report_id"] for r in issued.values() if r["new"]]
        new_rows = Written(f"SELECT unnest([{', '.join(map(quote_literal, new_ids))}]::VARCHAR[])",
                           frozenset(ISSUED_TABLES))
        results = [r for n in ISSUED_TABLES for r in checks.evaluate(con, n, new_rows)]
        rows = {n: int(con.execute(f"SELECT count(*) FROM {table(n).qualified}").fetchall()[0][0])
                for n in ISSUED_TABLES}
    if not written:
        raise dg.Failure(description=f"no performance rows for {', '.join(quarters)}: nothing to report")
    latest = written[max(written)]
    meta = {
        "quarters": ", ".join(sorted(written)),
        "html": dg.MetadataValue.path(str(latest["html"])),
        "xlsx": dg.MetadataValue.path(str(latest["xlsx"])),
        "rankings": bool(config.rankings),
        "issued": ", ".join(r["report_id"] for r in issued.values() if r["new"]),
        "already_issued": ", ".join(r["report_id"] for r in issued.values() if not r["new"]),
    }
    if skipped:
        meta["skipped_quarters"] = ", ".join(skipped)
    yield dg.MaterializeResult(asset_key=_key("quarterly_bulletin"), metadata=meta)
    for n in ISSUED_TABLES:
        yield dg.MaterializeResult(asset_key=_key(n), metadata={"rows": rows[n], "issued": meta["issued"]})
    yield from results
    raise_if_blocking(results, "on the issued reports")


BULLETIN_DEPS = [_key(n) for n in ("court_quarter_performance", "court_ytd_performance", "court_quarter_rankings",
                                   "judge_quarter_performance", "cases", "ingested_files", "rejected_rows",
                                   "deadline_alerts", "courts", "court_quarter_standings",
                                   "quarter_end_long_pending", "quarter_end_deadline_alerts")]


class IssuerBulletinsConfig(dg.Config):
    """issuers: COURTS_ISSUERS for this run (empty = the resource's setting); workers: rendering
    processes (empty = one per core); force: re-render unchanged issuers too."""

    issuers: Optional[str] = None
    rankings: bool = True
    workers: Optional[int] = None
    force: bool = False


def _issuer_meta(runs: list) -> dict:
    last = runs[-1]
    return {
        "quarters": ", ".join(r.quarter for r in runs),
        "index": dg.MetadataValue.path(str(last.index)),
        "rendered": sum(len(r.rendered) for r in runs),
        "unchanged": sum(len(r.unchanged) for r in runs),
        "issuers_without_data": len(last.no_data),
        "seconds": round(max(r.seconds for r in runs), 2),   # the quarters are rendered together
    }


@dg.asset(
    key=_key("issuer_bulletins"),
    description="每个通报单位（中级法院、高级法院、全国）的季度通报、月通报和周提醒, with the quarter's index page.",
    group_name=GROUP,
    kinds={"html", "xlsx"},
    pool=POOL,
    partitions_def=QUARTERLY,
    backfill_policy=SINGLE_RUN,
    deps=BULLETIN_DEPS,
)
def issuer_bulletins(context: dg.AssetExecutionContext, config: IssuerBulletinsConfig, warehouse: WarehouseResource):
    quarters = sorted(set(context.partition_keys))
    settings = warehouse.settings
    selection = config.issuers if config.issuers is not None else settings.issuers
    try:
        runs, missing = write_quarters_issuer_bulletins(settings.warehouse, quarters, settings.reports,
                                                        selection=selection, rankings=config.rankings,
                                                        workers=config.workers, force=config.force,
                                                        list_limit=settings.list_limit)
    except ValueError as exc:
        raise dg.Failure(description=str(exc)) from None
    for exc in missing:
        context.log.warning(str(exc))
    if not runs:
        raise dg.Failure(description=f"no performance rows for {', '.join(quarters)}: nothing to report")
    return dg.MaterializeResult(metadata=_issuer_meta(runs))


class IssuerBulletinConfig(dg.Config):
    rankings: bool = True


@dg.asset(
    key=_key("issuer_bulletin"),
    description="One issuer's quarterly bulletin, monthly bulletin and weekly reminder (issuer × quarter), re-rendered on demand.",
    group_name=GROUP,
    kinds={"html", "xlsx"},
    pool=POOL,
    partitions_def=ISSUER_QUARTER,
    deps=BULLETIN_DEPS,
)
def issuer_bulletin(context: dg.AssetExecutionContext, config: IssuerBulletinConfig, warehouse: WarehouseResource):
    key = context.partition_key.keys_by_dimension
    quarter = key["quarter"]
    settings = warehouse.settings
    try:
        run = write_issuer_bulletins(settings.warehouse, quarter, settings.reports, selection=key["issuer"],
                                     rankings=config.rankings, workers=1, force=True, list_limit=settings.list_limit)
    except (QuarterNotFound, ValueError) as exc:
        raise dg.Failure(description=str(exc)) from None
    files = run.files.get(key["issuer"], {})
    base = settings.reports / quarter
    return dg.MaterializeResult(metadata={
        **_issuer_meta([run]),
        **{k: dg.MetadataValue.path(str(base / v)) for k, v in files.items()},
    })


class WeeklyReminderConfig(dg.Config):
    """as_of_date YYYY-MM-DD; empty = the latest as-of date in deadline_alerts."""

    as_of_date: Optional[str] = None


@dg.asset(
    key=_key("weekly_reminder"),
    description="周提醒: cases near or past their statutory deadline as of a date, by court and tier (HTML + CSV).",
    group_name=GROUP,
    kinds={"html", "csv"},
    pool=POOL,
    deps=[_key("deadline_alerts"), _key("courts")],
)
def weekly_reminder(context: dg.AssetExecutionContext, config: WeeklyReminderConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        if config.as_of_date:
            try:
                as_of = date.fromisoformat(config.as_of_date)
            except ValueError:
                raise dg.Failure(description=f"as_of_date: not a date (YYYY-MM-DD): {config.as_of_date!r}") from None
        else:
            as_of = latest_as_of(con)
            if as_of is None:
                raise dg.Failure(description="deadline_alerts is empty: build it for an as-of date first")
        paths = write_weekly_reminder(con, as_of, warehouse.settings.reports,
                                      list_limit=warehouse.settings.list_limit)
        alerts = con.execute("SELECT count(*) FROM deadline_alerts WHERE as_of_date = ?", [as_of]).fetchall()[0][0]
    return dg.MaterializeResult(metadata={
        "as_of_date": as_of.isoformat(),
        "alerts": int(alerts),
        "html": dg.MetadataValue.path(str(paths["html"])),
        "csv": dg.MetadataValue.path(str(paths["csv"])),
    })


class MonthlyBulletinConfig(dg.Config):
    """month YYYY-MM; empty = the latest complete month on or before the latest export date."""

    month: Optional[str] = None


@dg.asset(
    key=_key("monthly_bulletin"),
    description="月通报: the month's received, closed and pending cases per court, rates and overdue counts (HTML).",
    group_name=GROUP,
    kinds={"html"},
    pool=POOL,
    deps=[_key("cases"), _key("courts"), _key("ingested_files"), _key("restatements")],
)
def monthly_bulletin(context: dg.AssetExecutionContext, config: MonthlyBulletinConfig, warehouse: WarehouseResource):
    with warehouse.connect() as con:
        month = config.month or default_month(con)
        if month is None:
            raise dg.Failure(description="the warehouse has no cases yet: nothing to report")
        try:
            paths = write_monthly_bulletin(con, month, warehouse.settings.reports)
        except ValueError as exc:
            raise dg.Failure(description=str(exc)) from None
    return dg.MaterializeResult(metadata={"month": month, "html": dg.MetadataValue.path(str(paths["html"]))})


ASSETS = [quarterly_bulletin, issuer_bulletins, issuer_bulletin, weekly_reminder, monthly_bulletin]
