"""The weekly reminder (周提醒): the deadline_alerts of one as-of date, grouped by court and
tier (超期 → 督办 → 催办 → 提示, as configured in alert_thresholds.csv), as
`<out>/weekly/<date>.html` for reading and `<out>/weekly/<date>.csv` (UTF-8 with BOM, opens
in Excel) for the case-management office. The page lists at most COURTS_LIST_LIMIT cases
per court and tier, the most urgent first; the CSV (written by DuckDB, `extracts.write_csv`)
has every case. No parties: case numbers, types, judges, dates.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb
from markupsafe import Markup

from warehouse import models
from warehouse.reports import extracts
from warehouse.reports.common import query, render, sql_file, write_text
from warehouse.settings import DEFAULT_LIST_LIMIT
from warehouse.tables import table

CSV_COLUMNS = ("court_code", "short_name", "tier", "case_number", "case_type", "judge", "filing_date",
               "deadline_date", "days_remaining")


def latest_as_of(con: duckdb.DuckDBPyConnection) -> date | None:
    """The latest as-of date deadline_alerts has rows for."""
    return query(con, "latest_alert_date")[0]["as_of_date"]


def tier_note(t: dict) -> str:
    """What a tier means, in Chinese, from its configured bounds."""
    lo, hi = t["min_days_remaining"], t["max_days_remaining"]
    if lo is None and hi is not None and hi < 0:
        text = "已超过审限届满日"
    elif lo is not None and hi is not None:
        text = f"距审限届满{lo}–{hi}天"
    elif lo is not None:
        text = f"距审限届满不少于{lo}天"
    else:
        text = f"距审限届满不超过{hi}天"
    if t["elapsed_share_numerator"] and t["elapsed_share_denominator"]:
        text += f"，或已用审限{t['elapsed_share_numerator']}/{t['elapsed_share_denominator']}"
    return text


def write_weekly_reminder(con: duckdb.DuckDBPyConnection, as_of_date: date | str,
                          out_dir: Path | str, list_limit: int | None = DEFAULT_LIST_LIMIT) -> dict[str, Path]:
    """Write `<out>/weekly/<date>.html` and `.csv`; returns {"html": path, "csv": path}.
    `list_limit` bounds the cases the HTML lists per court and tier (the most urgent
    first; None: all); the CSV always has them all."""
    as_of = date.fromisoformat(as_of_date) if isinstance(as_of_date, str) else as_of_date
    models.register_reference_views(con)
    tiers = [{**t, "note": tier_note(t)} for t in query(con, "weekly_tiers")]
    listed = query(con, "weekly_sections", {"as_of_date": as_of, "limit": list_limit},
                   weekly_listed=sql_file("weekly_listed"))
    status = query(con, "weekly_status", {"as_of_date": as_of})
    built = bool(status and status[0]["built"])

    by_court: dict[str, dict[int, dict]] = defaultdict(dict)
    for s in listed:
        by_court[s["court_code"]][s["tier_rank"]] = {**s, "rows_html": Markup(s["rows_html"])}
    courts = [(s["court_code"], s["short_name"]) for s in status]
    known = {c for c, _ in courts}
    courts += [(code, next(iter(group.values()))["short_name"]) for code, group in by_court.items()
               if code not in known]

    def count(code: str, tier_rank: int) -> int:
        section = by_court.get(code, {}).get(tier_rank)
        return int(section["tier_total"]) if section else 0

    summary = []
    for code, short in courts:
        counts = {t["tier_rank"]: count(code, t["tier_rank"]) for t in tiers}
        summary.append({"court_code": code, "short_name": short, "counts": counts, "total": sum(counts.values())})
    totals = {t["tier_rank"]: sum(s["counts"][t["tier_rank"]] for s in summary) for t in tiers}
    sections = [
        {"court_code": code, "short_name": short,
         "tiers": [{**t, "rows_html": by_court[code][t["tier_rank"]]["rows_html"],
                    "listed": by_court[code][t["tier_rank"]]["listed"], "count": count(code, t["tier_rank"])}
                   for t in tiers if t["tier_rank"] in by_court[code]]}
        for code, short in courts if code in by_court
    ]
    folder = Path(out_dir) / "weekly"
    csv_name = f"{as_of.isoformat()}.csv"
    html = render("weekly.html.j2", title=f"审限预警周提醒（{as_of.isoformat()}）", as_of=as_of, built=built,
                  tiers=tiers, summary=summary, totals=totals, total=sum(totals.values()), sections=sections,
                  csv_name=csv_name)
    t = table("deadline_alerts")
    headers = [(c, "法院简称" if c == "short_name" else t.column(c).zh,
                c == "short_name" or t.column(c).type.upper() == "VARCHAR") for c in CSV_COLUMNS]
    csv = extracts.write_csv(con, sql_file("weekly_listed"), headers, folder / csv_name,
                             {"as_of_date": as_of, "limit": None})
    return {"html": write_text(folder / f"{as_of.isoformat()}.html", html), "csv": csv}
