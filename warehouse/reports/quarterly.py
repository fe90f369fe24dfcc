"""The quarterly bulletin (季度审判执行运行态势通报): `write_quarterly_bulletin` reads the
quarter's marts and writes `<out>/<quarter>/bulletin.html` (Chinese, self-contained: inline
CSS and SVG), `<out>/<quarter>/bulletin.xlsx` (one sheet per table) and the full lists in
`<out>/<quarter>/extracts/` (warehouse/reports/extracts.py). Case, judge and file lists
print at most COURTS_LIST_LIMIT rows per court, the first in the list's order (bounded in
SQL), and say how many more there are and which extract has them.

Two versions: with rankings (ranks, scores, strengths and weaknesses, the composite) and
range-first (`rankings=False`: no rank anywhere; each indicator judged against its
reasonable range and its year-on-year and quarter-on-quarter change, as the SPC has asked
since 2024-09). Every list the bulletin prints is read from a published table, so an
analyst gets the same list with SQL on the analysts' copy: the long-pending and overdue
cases as of the quarter's last day from `quarter_end_long_pending` and
`quarter_end_deadline_alerts`, each court's strengths, weaknesses and indicators outside
their range from `court_quarter_standings`. Parties' names are never read.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import duckdb

from warehouse import indicators as declared_indicators
from warehouse import issuers as registry
from warehouse import models
from warehouse.periods import previous_quarter, quarter_bounds
from warehouse.reports import charts, extracts, sections
from warehouse.reports.common import (
    INDICATOR_KINDS,
    INDICATORS,
    Col,
    Sheet,
    change_class,
    fmt_change,
    fmt_range,
    fmt_value,
    indicator_zh,
    peer_group_zh,
    quarter_zh,
    query,
    render,
    shown_change,
    shown_pct_change,
    table_columns,
    target_change_class,
    write_text,
    write_workbook,
    zh,
)
from warehouse.settings import Settings

TREND_QUARTERS = 8       # quarters in the trend charts
RANK_COLUMNS = ("rank", "score", "previous_rank", "rank_change", "standing")
# The marts listed court by court: narrowed to bulletin_courts while the bulletin reads them.
LISTED_TABLES = ("court_quarter_performance", "court_ytd_performance", "court_quarter_rankings",
                 "judge_quarter_performance", "court_quarter_matter_ratio", "court_ytd_matter_ratio",
                 "court_quarter_standings", "quarter_end_long_pending", "quarter_end_deadline_alerts")


class QuarterNotFound(ValueError):
    """The warehouse has no performance rows (or no rankings) for the quarter."""


def available_quarters(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r["quarter"] for r in query(con, "available_quarters")]


def write_quarterly_bulletin(con: duckdb.DuckDBPyConnection, quarter: str, out_dir: Path | str,
                             rankings: bool = True, configuration: dict[str, str] | None = None,
                             folder: Path | str | None = None, list_limit: int | None = None) -> dict[str, Path]:
    """Write the bulletin of `quarter` (HTML + XLSX) under `out_dir/<quarter>/` (or
    `folder` when given: an issuer's folder) and the full lists beside them
    (`extracts/<table>.csv|parquet`); returns {"html": path, "xlsx": path}. The HTML and
    the workbook list at most `list_limit` (COURTS_LIST_LIMIT) cases, judges and files
    per court and list. Raises QuarterNotFound when the quarter is missing."""
    quarter_bounds(quarter)  # ValueError for a malformed label
    have = available_quarters(con)
    if quarter not in have:
        span = f"{have[0]} … {have[-1]}" if have else "none"
        raise QuarterNotFound(f"quarter {quarter} is not in the warehouse (court_quarter_performance has: {span})")
    if not query(con, "quarterly_rankings", {"quarter": quarter}):
        raise QuarterNotFound(f"court_quarter_rankings has no rows for {quarter}: materialize it for that quarter first")
    if list_limit is None or not configuration:
        settings = Settings.from_env()
        list_limit = settings.list_limit if list_limit is None else list_limit
        configuration = configuration or settings.configuration_zh
    folder = Path(folder) if folder is not None else Path(out_dir) / quarter
    data = _collect(con, quarter, list_limit, folder)
    context = _context(data, quarter, rankings)
    context["court_count"] = (data["totals"].get("quarter") or {}).get("courts") or len(data["courts"])
    context["shown_count"] = len(data["courts"])
    context["config"] = {**configuration,
                         "min_peer_group": data["min_peer_group"]}
    html = render("quarterly.html.j2", **context)
    return {
        "html": write_text(folder / "bulletin.html", html),
        "xlsx": write_workbook(folder / "bulletin.xlsx", _sheets(data, rankings)),
    }


# --- reading --------------------------------------------------------------------------------

def bulletin_courts(con: duckdb.DuckDBPyConnection, quarter: str) -> list[str]:
    """The courts the bulletin of `quarter` lists (sql/bulletin_courts.sql): the peer
    groups in which some court has cases."""
    models.register_macros(con, models.BULLETIN_MACROS)
    return [r["court_code"] for r in query(con, "bulletin_courts", {"quarter": quarter})]


def _collect(con: duckdb.DuckDBPyConnection, quarter: str, limit: int, folder: Path) -> dict:
    """The bulletin's rows, and its extracts written to `folder`. Totals are over every
    court of the scope; everything listed court by court (tables, charts, profiles,
    workbook sheets, extracts) only over `bulletin_courts`, so a registry of thousands of
    courts without cases costs nothing. Lists stop at `limit` rows per court."""
    start, end = quarter_bounds(quarter)
    prev, last_year = previous_quarter(quarter), previous_quarter(quarter, 4)
    models.register_reference_views(con)
    totals = {r["period"]: r for r in query(con, "quarterly_totals", {
        "quarter": quarter, "previous_quarter": prev, "last_year_quarter": last_year})}
    with registry.scope(con, bulletin_courts(con, quarter), tables=LISTED_TABLES):
        data = _collect_listed(con, quarter, start, end, totals, limit)
        extracts.write_extracts(con, extracts.QUARTERLY, folder, {"quarter": quarter})
        return data


def _collect_listed(con: duckdb.DuckDBPyConnection, quarter: str, start: date, end: date, totals: dict,
                    limit: int) -> dict:
    q = {"quarter": quarter}
    bounded = {"quarter": quarter, "limit": limit}
    models.register_macros(con, models.BULLETIN_MACROS)
    data = {
        "period_start": start,
        "period_end": end,
        "courts": query(con, "quarterly_courts", q),
        "totals": totals,
        "rankings": query(con, "quarterly_rankings", q),
        "trends": query(con, "quarterly_trends", {"first_quarter": previous_quarter(quarter, TREND_QUARTERS - 1),
                                                  "quarter": quarter}),
        "performance": query(con, "quarterly_table", q, table="court_quarter_performance"),
        "ytd": query(con, "quarterly_table", q, table="court_ytd_performance"),
        "list_limit": limit,
        "judges": query(con, "quarterly_judges", bounded),
        "files": query(con, "quality_files"),
        "rejections": query(con, "quality_rejections"),
        "problem_files": query(con, "quality_problem_files", {"limit": limit}),
        "cutoff": query(con, "data_cutoff")[0]["last_export"],
        "min_peer_group": con.execute(
            "SELECT coalesce(max(try_cast(cast(value AS VARCHAR) AS INTEGER)), 3) FROM ref_ranking_rules "
            "WHERE setting = 'min_peer_group'").fetchone()[0],
    }
    data["matter_ratio"] = sections.matter_ratio_data(con, quarter)
    data["restatements"] = sections.restatement_rows(con, "quarterly", before_period=quarter)
    _require_lists(con, quarter)
    data["long_pending"] = query(con, "quarterly_long_pending", bounded)
    data["alerts"] = query(con, "quarterly_alerts", bounded)
    data["overdue"] = query(con, "quarterly_overdue", bounded)
    data["list_counts"] = query(con, "quarterly_list_counts", q)
    data["standings"] = query(con, "quarterly_standings", q)
    return data


def _require_lists(con: duckdb.DuckDBPyConnection, quarter: str) -> None:
    """Refuse to print lists that were not built for the quarter: the list tables must
    add up to the counts they are derived from."""
    built = query(con, "quarterly_lists_built", {"quarter": quarter})[0]
    for name, rows, expected in (
        ("quarter_end_long_pending", built["long_pending_rows"], built["long_pending_expected"]),
        ("court_quarter_standings", built["standings_rows"], built["standings_expected"]),
    ):
        if int(rows) != int(expected):
            raise QuarterNotFound(f"{name} has {int(rows)} rows for {quarter}, {int(expected)} expected: "
                                  "materialize it for that quarter first")


# --- the HTML context --------------------------------------------------------------------------

def _context(data: dict, quarter: str, rankings: bool) -> dict:
    """Everything the bulletin's template prints, from `_collect`'s rows."""
    courts = data["courts"]
    court_by_code = {c["court_code"]: c for c in courts}
    group_order, group_labels, group_sizes = _peer_groups(courts)
    by_indicator: dict[str, list[dict]] = defaultdict(list)
    for r in data["rankings"]:
        by_indicator[r["indicator"]].append(r)
    shown = INDICATORS + (["composite"] if rankings else [])
    indicators = [_indicator_section(name, by_indicator.get(name, []), quarter, rankings, group_order, group_labels)
                  for name in shown]

    trends = _trends(data["trends"], court_by_code, group_order, by_indicator, shown)
    profiles = _profiles(courts, by_indicator, shown, rankings, group_labels, group_sizes,
                         (data["totals"].get("quarter") or {}), data["standings"])
    lists = _lists(data, courts)
    judges = _by_court(data["judges"], courts)
    totals = data["totals"]
    ranges = {name: (rows[0]["range_low"], rows[0]["range_high"]) for name, rows in by_indicator.items() if rows}
    summary = _summary(totals, (totals.get("quarter") or {}).get("courts") or len(courts), ranges)
    range_overview = _range_overview(by_indicator, group_order)
    rejection_by_reason, files_total = _quality_totals(data)

    return {
        "title": f"{quarter_zh(quarter)}审判执行运行态势通报",
        "quarter": quarter,
        "quarter_zh": quarter_zh(quarter),
        "period_start": data["period_start"],
        "period_end": data["period_end"],
        "cutoff": data["cutoff"],
        "rankings": rankings,
        "court_count": len(courts),
        "groups": [{"label": group_labels[g], "size": group_sizes[g]} for g in group_order],
        "summary": summary,
        "totals": totals,
        "range_overview": range_overview,
        "indicators": indicators,
        "trends": trends,
        "trend_quarters": sorted({r["quarter"] for r in data["trends"]}),
        "profiles": profiles,
        "lists": lists,
        "list_limit": data["list_limit"],
        "extract": {e.name: e.relative() for e in extracts.QUARTERLY},
        "judges": judges,
        "files": data["files"],
        "files_total": files_total,
        "rejection_by_reason": rejection_by_reason,
        "fix_files": _fix_files(data["files"]),
        "mr": sections.matter_ratio_context(data["matter_ratio"], quarter),
        "restatements": data["restatements"],
        "restatement_limit": sections.RESTATEMENT_LIMIT,
    }


def _peer_groups(courts: list[dict]) -> tuple[list[str], dict[str, str], dict[str, int]]:
    """The peer groups in the order their courts come, their printed labels and sizes."""
    group_order: list[str] = []
    for c in courts:
        if c["peer_group"] not in group_order:
            group_order.append(c["peer_group"])
    parent_names = {c["peer_group"]: c["parent_short_name"] for c in courts}
    group_labels = {g: peer_group_zh(g, parent_names.get(g)) for g in group_order}
    group_sizes: dict[str, int] = defaultdict(int)
    for c in courts:
        group_sizes[c["peer_group"]] += 1
    return group_order, group_labels, group_sizes


def _indicator_section(name: str, rows: list[dict], quarter: str, rankings: bool, group_order: list[str],
                       group_labels: dict[str, str]) -> dict:
    """One indicator's section: its bar chart by peer group and the table beside it
    (courts by rank, or by code in the range-first version)."""
    kind = INDICATOR_KINDS[name]
    first = rows[0] if rows else {}
    low, high = first.get("range_low"), first.get("range_high")
    groups, table_rows = [], []
    for g in group_order:
        members = [r for r in rows if r["peer_group"] == g]
        if rankings:
            members.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["court_code"]))
        else:
            members.sort(key=lambda r: r["court_code"])
        if not members:
            continue
        groups.append(charts.BarGroup(
            label=group_labels[g], mean=members[0]["peer_mean"],
            bars=[charts.Bar(r["short_name"], r["value"], r["ci_low"], r["ci_high"], r["range_status"])
                  for r in members]))
        table_rows.append({"group": group_labels[g], "rows": members, "peer_count": members[0]["peer_count"],
                           "peer_mean": members[0]["peer_mean"], "peer_median": members[0]["peer_median"]})
    title = f"{indicator_zh(name)}（{quarter}，按法院）"
    return {
        "name": name, "zh": indicator_zh(name), "kind": kind, "direction": first.get("direction"),
        "direction_zh": zh(first.get("direction"), "direction"),
        "range": fmt_range(low, high, kind), "has_range": low is not None or high is not None,
        "is_rate": any(r["ci_low"] is not None for r in rows),
        "chart": charts.bar_chart(title, groups, kind, low, high),
        "groups": table_rows,
    }


def _quality_totals(data: dict) -> tuple[list, dict]:
    """Rejected rows by reason (most first) and the file register's totals."""
    rejection_by_reason: dict[tuple[str, str], int] = defaultdict(int)
    for r in data["rejections"]:
        rejection_by_reason[(r["reason"], r["reason_zh"])] += int(r["rows"])
    files_total = {k: sum(int(f[k] or 0) for f in data["files"]) for k in (
        "files", "loaded", "partially_loaded", "rejected", "duplicate", "rows_read", "rows_loaded", "rows_rejected")}
    return sorted(rejection_by_reason.items(), key=lambda kv: -kv[1]), files_total


def _fix_files(files: list[dict]) -> dict | None:
    """The files that need re-exporting or fixing (not fully loaded), counted by court
    from the per-court file totals (details: workbook and the file register's extract)."""
    courts = [{"short_name": f["short_name"], "files": int(f["files"]) - int(f["loaded"]),
               "rows_rejected": int(f["rows_rejected"] or 0)} for f in files if int(f["files"]) > int(f["loaded"])]
    if not courts:
        return None
    return {"total": sum(c["files"] for c in courts), "courts": sorted(courts, key=lambda c: -c["files"])}


def _summary_change_class(key: str, kind: str, direction: str | None, new: dict, old: dict,
                          ranges: dict) -> str:
    """Colour of a summary change: by direction for higher/lower-better indicators; for a
    target_range indicator (结收比) closer to / further from its range, decided from the
    summed counts exactly; none when the change prints as 持平."""
    if not (new or {}).get("courts") or not (old or {}).get("courts") or new.get(key) is None \
            or old.get(key) is None:
        return ""
    if direction != "target_range":
        return change_class(new[key] - old[key], direction, kind)
    ind = declared_indicators.get(key)

    def counts(t: dict) -> tuple[int, int]:
        return tuple(sum(sign * int(t.get(c) or 0) for sign, c in declared_indicators.terms(expr))
                     for expr in (ind.numerator, ind.denominator))

    low, high = ranges.get(key, (ind.range_low, ind.range_high))
    return target_change_class(counts(new), counts(old), low, high, ind.target, kind)


def _summary(totals: dict, court_count: int, ranges: dict | None = None) -> dict:
    ranges = ranges or {}
    cur, ly = totals.get("quarter") or {}, totals.get("last_year") or {}
    ytd, ytd_ly = totals.get("ytd") or {}, totals.get("ytd_last_year") or {}
    has_ly = bool(ly.get("courts"))

    def count_change(key: str, a: dict, b: dict) -> str:
        if not b.get("courts") or not b.get(key):
            return "（无去年同期数据）" if not b.get("courts") else ""
        pct = shown_pct_change(a[key], b[key])
        if pct == 0:
            return "，同比持平"
        return f"，同比{'增长' if pct > 0 else '下降'}{abs(pct):.1f}%"

    def rate_change(key: str, kind: str = "rate") -> str:
        if not has_ly or ly.get(key) is None or cur.get(key) is None:
            return ""
        d = shown_change(cur[key] - ly[key], kind)
        if d == 0:
            return "，同比持平"
        if kind == "days":
            return f"，同比{'增加' if d > 0 else '减少'}{abs(d):.1f}天"
        return f"，同比{'上升' if d > 0 else '下降'}{abs(d):.1f}个百分点"

    sentences = [
        f"本季度全辖{court_count}家法院旧存案件{cur.get('carried_over') or 0:,}件，新收{cur.get('received') or 0:,}件"
        f"{count_change('received', cur, ly)}；审结{cur.get('closed') or 0:,}件{count_change('closed', cur, ly)}；"
        f"期末未结{cur.get('pending_end') or 0:,}件。",
        f"结案率{fmt_value(cur.get('closure_rate'), 'rate')}{rate_change('closure_rate')}；"
        f"结收比{fmt_value(cur.get('closure_to_filing_ratio'), 'ratio')}{rate_change('closure_to_filing_ratio')}；"
        f"法定审限内结案率{fmt_value(cur.get('within_limit_rate'), 'rate')}{rate_change('within_limit_rate')}；"
        f"平均审理天数{fmt_value(cur.get('avg_duration_days'), 'days')}{rate_change('avg_duration_days', 'days')}。",
        f"期末超12个月未结案件{cur.get('long_pending_12m') or 0:,}件，占未结案件的"
        f"{fmt_value(cur.get('long_pending_12m_share'), 'rate')}{rate_change('long_pending_12m_share')}。",
        f"今年以来累计新收{ytd.get('received') or 0:,}件{count_change('received', ytd, ytd_ly)}，"
        f"累计审结{ytd.get('closed') or 0:,}件{count_change('closed', ytd, ytd_ly)}。",
    ]
    keys = [("carried_over", "旧存", "count"), ("received", "新收", "count"), ("closed", "已结", "count"),
            ("pending_end", "未结", "count"), ("closure_rate", "结案率", "rate"),
            ("closure_to_filing_ratio", "结收比", "ratio"), ("within_limit_rate", "法定审限内结案率", "rate"),
            ("avg_duration_days", "平均审理天数", "days"), ("long_pending_12m", "超12个月未结案件数", "count"),
            ("long_pending_12m_share", "超12个月未结案件占比", "rate")]
    # directions from the declaration (结收比 is target_range: coloured by distance from its range)
    direction = {k: declared_indicators.get(k).direction for k, _, kind in keys if kind != "count"}
    direction["long_pending_12m"] = "lower_better"
    rows = []
    for key, name_zh, kind in keys:
        row = {"zh": name_zh, "kind": kind, "direction": direction.get(key)}
        for p in ("quarter", "previous", "last_year", "ytd", "ytd_last_year"):
            t = totals.get(p) or {}
            row[p] = t.get(key) if t.get("courts") else None
        if kind != "count":
            row["yoy_class"] = _summary_change_class(key, kind, row["direction"], totals.get("quarter"),
                                                     totals.get("last_year"), ranges)
            row["ytd_class"] = _summary_change_class(key, kind, row["direction"], totals.get("ytd"),
                                                     totals.get("ytd_last_year"), ranges)
        rows.append(row)
    return {"sentences": sentences, "rows": rows}


def _range_overview(by_indicator: dict, group_order: list[str]) -> list[dict]:
    out = []
    for name in INDICATORS:
        rows = by_indicator.get(name, [])
        if not rows or (rows[0]["range_low"] is None and rows[0]["range_high"] is None):
            continue
        kind = INDICATOR_KINDS[name]
        status = defaultdict(list)
        for r in sorted(rows, key=lambda r: r["court_code"]):
            status[r["range_status"] or "none"].append(r["short_name"])
        out.append({"zh": indicator_zh(name), "range": fmt_range(rows[0]["range_low"], rows[0]["range_high"], kind),
                    "below": status["below"], "within": status["within"], "above": status["above"],
                    "none": status["none"]})
    return out


def _trends(rows: list[dict], court_by_code: dict, group_order: list[str], by_indicator: dict,
            shown: list[str]) -> list[dict]:
    quarters = sorted({r["quarter"] for r in rows})
    codes = [c for g in group_order for c, v in court_by_code.items() if v["peer_group"] == g]
    values = {(r["quarter"], r["court_code"]): r for r in rows}
    out = []
    for name in shown:
        kind = INDICATOR_KINDS[name]
        ranked = by_indicator.get(name, [{}])
        low, high = ranked[0].get("range_low"), ranked[0].get("range_high")
        series = [charts.Series(court_by_code[c]["short_name"],
                                [(values.get((q, c)) or {}).get(name) for q in quarters]) for c in codes]
        title = f"{indicator_zh(name)}走势（{quarters[0]}–{quarters[-1]}）" if quarters else indicator_zh(name)
        out.append({"zh": indicator_zh(name), "chart": charts.line_chart(title, quarters, series, kind, low, high)})
    return out


def _item(r: dict, kind: str) -> dict:
    """One indicator of a court's profile as printed (a rankings or a standings row)."""
    # A bound the court missed that lies inside its 95 % interval: the miss may be chance.
    bound = r["range_low"] if r["range_status"] == "below" else (
        r["range_high"] if r["range_status"] == "above" else None)
    return {"indicator": r["indicator"], "zh": indicator_zh(r["indicator"]), "value": fmt_value(r["value"], kind),
            "rank": r["rank"], "peer_count": r["peer_count"], "noise": r["vs_peer"] == "not_distinguishable",
            "n": r["denominator"], "range": fmt_range(r["range_low"], r["range_high"], kind),
            "status": r["range_status"],
            "range_noise": bound is not None and r["ci_low"] is not None and r["ci_low"] <= bound <= r["ci_high"],
            "ci": f"{fmt_value(r['ci_low'], 'rate')}–{fmt_value(r['ci_high'], 'rate')}"}


PROFILE_LISTS = {"strength": "strengths", "weakness": "weaknesses", "outside_range": "outside"}


def _profiles(courts: list[dict], by_indicator: dict, shown: list[str], rankings: bool, group_labels: dict,
              group_sizes: dict, total: dict | None = None, standings: list[dict] | None = None) -> list[dict]:
    """Each court's profile; its strengths, weaknesses and indicators outside their range
    are the rows of court_quarter_standings (`standings`), in that table's order."""
    total = total or {}
    row_of = {(name, r["court_code"]): r for name in shown for r in reversed(by_indicator.get(name, []))}
    listed: dict[str, list[dict]] = defaultdict(list)
    for s in standings or []:
        listed[s["court_code"]].append(s)
    out = []
    for c in courts:
        code = c["court_code"]
        rows = {name: row_of.get((name, code)) for name in shown}
        p = {"court_code": code, "short_name": c["short_name"], "group": group_labels[c["peer_group"]],
             "alone": any((r or {}).get("unranked_reason") == "small_group" for r in rows.values()),
             "versus_total": [], "strengths": [], "weaknesses": [], "outside": [],
             "improved": [], "worsened": [], "composite": rows.get("composite")}
        for s in listed[code]:
            if s["list_kind"] == "outside_range" or rankings:
                p[PROFILE_LISTS[s["list_kind"]]].append(_item(s, INDICATOR_KINDS[s["indicator"]]))
        for name in INDICATORS:
            r = rows.get(name)
            if r is None or r["value"] is None:
                continue
            kind = INDICATOR_KINDS[name]
            item = _item(r, kind)
            if p["alone"]:
                p["versus_total"].append({**item, "total": fmt_value(total.get(name), kind)})
            if r["yoy_change"] is not None and fmt_change(r["yoy_change"], kind) != "持平" \
                    and r["direction"] in ("higher_better", "lower_better"):
                better = (r["yoy_change"] > 0) == (r["direction"] == "higher_better")
                change = {**item, "change": fmt_change(r["yoy_change"], kind)}
                p["improved" if better else "worsened"].append(change)
            elif r["direction"] == "target_range":
                # closer to / further from the range (or target) than a year before
                moved = target_change_class(r["value"], r["last_year_value"], r["range_low"], r["range_high"],
                                            declared_indicators.get(name).target, kind)
                if moved:
                    change = {**item, "change": fmt_change(r["value"] - r["last_year_value"], kind)}
                    p["improved" if moved == "better" else "worsened"].append(change)
        out.append(p)
    return out


def _by_court(rows: list[dict], courts: list[dict]) -> list[dict]:
    """Bounded rows (with `court_total`) grouped by court, in the courts' order; `more`
    is how many the court has beyond those printed."""
    grouped = defaultdict(list)
    for r in rows:
        grouped[r["court_code"]].append(r)
    return [{"court_code": c["court_code"], "short_name": c["short_name"], "rows": grouped[c["court_code"]],
             "more": grouped[c["court_code"]][0]["court_total"] - len(grouped[c["court_code"]])}
            for c in courts if grouped[c["court_code"]]]


def _lists(data: dict, courts: list[dict]) -> list[dict]:
    """Per court: the printed long-pending and overdue cases (at most the list limit, in
    the lists' order), each list's whole count and how many are not printed."""
    long_pending, overdue = defaultdict(list), defaultdict(list)
    for r in data["long_pending"]:
        long_pending[r["court_code"]].append(r)
    for r in data["overdue"]:
        overdue[r["court_code"]].append(r)
    counts = {r["court_code"]: r for r in data["list_counts"]}
    zero = {"long_pending": 0, "long_pending_18m": 0, "long_pending_36m": 0, "overdue": 0}
    out = []
    for c in courts:
        code = c["court_code"]
        n = counts.get(code, zero)
        out.append({"court_code": code, "short_name": c["short_name"], "counts": n,
                    "long_pending": long_pending[code], "long_pending_more": n["long_pending"] - len(long_pending[code]),
                    "overdue": overdue[code], "overdue_more": n["overdue"] - len(overdue[code])})
    return out


# --- the workbook ---------------------------------------------------------------------------

def _bound_note(rows: list[dict], limit: int, what: str, order: str, extract: extracts.Extract) -> dict:
    """The note under a bounded sheet: the bound, how many rows are left out, and the
    extract holding them all (a link relative to the workbook). `what` is the measure
    word and the noun (件案件, 名法官)."""
    measure = what[0]
    shown, total = len(rows), _total(rows)
    note = f"每院最多列{limit}{what}（按{order}排列）；共{total:,}{measure}，列出{shown:,}{measure}"
    note += f"，另有 {total - shown:,} {measure}未列出" if total > shown else ""
    return {"note": f"{note}。完整清单见 {extract.relative()}", "link": extract.relative()}


def _total(rows: list[dict]) -> int:
    """The whole count of a bounded list: each court's `court_total`, once per court."""
    return sum({r["court_code"]: int(r["court_total"]) for r in rows}.values())


def _sheets(data: dict, rankings: bool) -> list[Sheet]:
    short = (Col("short_name", "法院简称", "", 12),)
    rank_cols = table_columns("court_quarter_rankings", drop=() if rankings else RANK_COLUMNS, after_court=short)
    at = next(i for i, c in enumerate(rank_cols) if c.key == "indicator") + 1
    rank_cols.insert(at, Col("indicator_zh", "指标名称", "", 18))
    for i, c in enumerate(rank_cols):
        if c.key in ("value", "peer_mean", "peer_median", "previous_value", "qoq_change", "last_year_value",
                     "yoy_change", "ci_low", "ci_high", "range_low", "range_high"):
            rank_cols[i] = Col(c.key, c.header, "by_kind", c.width)  # mixed units: % or days/score
        elif c.key in ("direction", "standing", "range_status", "vs_peer", "unranked_reason"):
            rank_cols[i] = Col(c.key, c.header, "", c.width)
    rank_rows = [{**r, "indicator_zh": indicator_zh(r["indicator"]), "kind": INDICATOR_KINDS[r["indicator"]],
                  **{k: zh(r[k], k) for k in ("direction", "standing", "range_status", "vs_peer", "unranked_reason")
                     if k in r}}
                 for r in data["rankings"] if rankings or r["indicator"] != "composite"]
    rejected_cols = [Col("court_code", "法院代字", "", 10), Col("short_name", "法院简称", "", 12),
                     Col("reason", "拒收原因", "", 26), Col("reason_zh", "原因说明", "", 40),
                     Col("rows", "行数", "int", 10)]
    limit = data["list_limit"]
    file_cols = [c for c in table_columns("ingested_files", after_court=short)
                 if c.key in ("file_path", "court_code", "short_name", "export_date", "status", "rows_read",
                              "rows_loaded", "rows_rejected", "error")]
    court_file_cols = [Col("court_code", "法院代字", "", 10), Col("short_name", "法院简称", "", 12)] + [
        Col(k, h, "int", 10) for k, h in (("files", "文件数"), ("loaded", "已入库"), ("partially_loaded", "部分入库"),
                                         ("rejected", "拒收"), ("duplicate", "重复"), ("rows_read", "读取行数"),
                                         ("rows_loaded", "入库行数"), ("rows_rejected", "拒收行数"))] + [
        Col("last_export", "最新导出日期", "date", 12)]
    return [
        Sheet("审判执行指标", table_columns("court_quarter_performance", after_court=short), data["performance"]),
        Sheet("年度累计指标", table_columns("court_ytd_performance", after_court=short), data["ytd"]),
        Sheet("指标排名" if rankings else "区间与同比", rank_cols, rank_rows),
        Sheet("法官指标", table_columns("judge_quarter_performance", drop=() if rankings else ("rank_in_court",),
                                       after_court=short),
              [{**r, "unranked_reason": zh(r["unranked_reason"], "unranked_reason")} for r in data["judges"]],
              **_bound_note(data["judges"], limit, "名法官", "院内排名、结案数", extracts.JUDGES)),
        Sheet("长期未结案件", table_columns("quarter_end_long_pending", after_court=short), data["long_pending"],
              **_bound_note(data["long_pending"], limit, "件案件", "已立案天数从长到短", extracts.LONG_PENDING)),
        Sheet("审限预警", table_columns("quarter_end_deadline_alerts", after_court=short), data["alerts"],
              **_bound_note(data["alerts"], limit, "件案件", "预警等级、剩余天数从紧到宽", extracts.DEADLINE_ALERTS)),
        Sheet("数据质量-各院文件", court_file_cols, data["files"],
              note=f"每院一行；逐个文件的完整登记见 {extracts.FILES.relative()}", link=extracts.FILES.relative()),
        Sheet("数据质量-问题文件", file_cols,
              [{**r, "status": zh(r["status"], "status")} for r in data["problem_files"]],
              **_bound_note(data["problem_files"], limit, "个未完全入库的文件", "拒收、部分入库、重复", extracts.FILES)),
        Sheet("数据质量-拒收原因", rejected_cols, data["rejections"]),
        *sections.matter_ratio_sheets(data["matter_ratio"]),
    ]

