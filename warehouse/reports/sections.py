"""Bulletin sections added by issue #15, kept apart from the bulletins they appear in:
the 案件比 section of the quarterly bulletin (table, chart, workbook sheet) and the
更正说明 (restatements) of the quarterly and monthly bulletins. Each function reads the
warehouse and returns what its template include (`templates/_matter_ratio.html.j2`,
`_restatements.html.j2`) renders. Nothing here computes a figure: the 案件比 comes from
court_quarter_matter_ratio / court_ytd_matter_ratio, restatements from `restatements`.
"""
from __future__ import annotations

import duckdb

from warehouse import indicators as declared_indicators
from warehouse.reports import charts
from warehouse.reports.common import Col, Sheet, table_columns
from warehouse.tables import table

RESTATEMENT_LIMIT = 40   # rows shown in the HTML


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def matter_ratio_data(con: duckdb.DuckDBPyConnection, quarter: str) -> dict:
    """The quarter's and year-to-date 案件比 per court (registry order), with short names."""
    out = {}
    for key, name in (("quarter", "court_quarter_matter_ratio"), ("ytd", "court_ytd_matter_ratio")):
        out[key] = _rows(con, f"""
            SELECT c.short_name, m.*
            FROM {name} m JOIN courts c USING (court_code)
            WHERE m.quarter = ? ORDER BY c.level, m.court_code""", [quarter])
    return out


def matter_ratio_declared() -> declared_indicators.Indicator:
    """案件比 as declared in warehouse/reference/indicators.csv: its name, its ideal (the
    target) and how it is assessed — the one source of the section's labels."""
    return declared_indicators.get("matter_ratio")


def matter_ratio_context(data: dict, quarter: str) -> dict:
    rows = data["ytd"]
    ind = matter_ratio_declared()
    chart = charts.bar_chart(
        f"{ind.zh}（{quarter[:4]}年1月1日至{quarter}末立案的纠纷，按原审法院）",
        [charts.BarGroup(label="全辖", bars=[charts.Bar(r["short_name"], r["matter_ratio"]) for r in rows])],
        "number",
    ) if rows else ""
    total = {k: sum(r[k] for r in rows) for k in ("matters", "case_numbers", "matters_with_derived")} if rows else {}
    if total:
        total["matter_ratio"] = total["case_numbers"] / total["matters"] if total["matters"] else None
    return {"quarter_rows": data["quarter"], "ytd_rows": rows, "chart": chart, "total": total,
            "name": ind.zh, "ideal": ind.target, "lower_better": ind.direction == "lower_better",
            "ranked": ind.ranked}


def matter_ratio_sheets(data: dict) -> list[Sheet]:
    short = (Col("short_name", "法院简称", "", 12),)
    name = matter_ratio_declared().zh
    return [
        Sheet(name, table_columns("court_quarter_matter_ratio", after_court=short), data["quarter"]),
        Sheet(f"年度累计{name}", table_columns("court_ytd_matter_ratio", after_court=short), data["ytd"]),
    ]


def restatement_rows(con: duckdb.DuckDBPyConnection, kind: str, before_period: str | None = None,
                     periods: list[str] | None = None) -> list[dict]:
    """Restatements of issued `kind` bulletins, either of periods before `before_period`
    or of the listed `periods`, largest differences first within each bulletin."""
    where, params = ["r.kind = ?"], [kind]
    if before_period is not None:
        where.append("r.period < ?")
        params.append(before_period)
    if periods is not None:
        where.append("list_contains(?, r.period)")
        params.append(periods)
    rows = _rows(con, f"""
        SELECT r.*, c.short_name
        FROM restatements r LEFT JOIN courts c USING (court_code)
        WHERE {' AND '.join(where)}
        ORDER BY r.period, r.source, r.court_code, r.category, r.indicator""", params)
    for r in rows:
        t = table(r["source"])
        r["indicator_zh"] = t.column(r["indicator"]).zh
        r["source_zh"] = t.zh
        r["cases_shown"] = "、".join(r["cases"][:5]) + ("等" if len(r["cases"]) > 5 else "")
    return rows
