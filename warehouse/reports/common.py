"""What the three reports share: running the report SQL files of `warehouse/reports/sql/`,
the Jinja environment over `templates/` with the number-formatting filters, how each
indicator is displayed (Chinese name from `warehouse/tables.py`, unit), and the XLSX
writer. Nothing here decides what a report contains (see quarterly/weekly/monthly).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import xlsxwriter

from warehouse.tables import table

HERE = Path(__file__).resolve().parent
SQL_DIR = HERE / "sql"
TEMPLATE_DIR = HERE / "templates"

# How each ranked indicator is shown: rate = fraction shown as %, ratio = 结收比 shown as
# %, days = a number of days, score = 0–100. Names come from the table metadata.
INDICATOR_KINDS: dict[str, str] = {
    "within_limit_rate": "rate",
    "closure_rate": "rate",
    "closure_to_filing_ratio": "ratio",
    "avg_duration_days": "days",
    "long_pending_12m_share": "rate",
    "mediation_withdrawal_rate": "rate",
    "first_instance_acceptance_rate": "rate",
    "reversed_remanded_rate": "rate",
    "enforcement_recovery_rate": "rate",
    "enforcement_completion_rate": "rate",
    "first_enforcement_no_assets_rate": "rate",
    "disposition_time_days": "days",
    "composite": "score",
}
INDICATORS = [k for k in INDICATOR_KINDS if k != "composite"]
COMPOSITE_ZH = "综合得分"

LEVEL_ZH = {"supreme": "最高法院", "high": "高级法院", "intermediate": "中级法院", "basic": "基层法院",
            "special": "专门法院"}
STANDING_ZH = {"strength": "优势", "middle": "居中", "weakness": "弱势"}
RANGE_ZH = {"below": "低于区间", "within": "区间内", "above": "高于区间"}
VS_PEER_ZH = {"above": "高于组均值", "below": "低于组均值", "not_distinguishable": "差异不显著"}
QUARTER_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
STATUS_ZH = {"loaded": "已入库", "partially_loaded": "部分入库", "rejected": "拒收", "duplicate": "重复文件"}


def indicator_zh(name: str) -> str:
    if name == "composite":
        return COMPOSITE_ZH
    return table("court_quarter_performance").column(name).zh


def quarter_zh(label: str) -> str:
    return f"{label[:4]}年{QUARTER_ZH[int(label[-1])]}"


def peer_group_zh(peer_group: str, parent_short_name: str | None = None) -> str:
    """`basic:甘30` → 甘南中院辖区基层法院; groups from peer_groups.csv that do not follow
    the level:parent pattern are shown as written."""
    level, _, parent = peer_group.partition(":")
    if level not in LEVEL_ZH:
        return peer_group
    if parent_short_name:
        return f"{parent_short_name}辖区{LEVEL_ZH[level]}"
    if parent and parent != "-":
        return f"{LEVEL_ZH[level]}（上级法院代字：{parent}）"
    return LEVEL_ZH[level]


# --- SQL ---------------------------------------------------------------------------------

def sql_file(name: str, **fill: str) -> str:
    text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    for key, value in fill.items():
        text = text.replace("{" + key + "}", value)
    return text


def query(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None, **fill: str) -> list[dict]:
    """Rows of report SQL file `name` as dicts (named parameters `$x` from `params`)."""
    cur = con.execute(sql_file(name, **fill), params or {})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


# --- formatting --------------------------------------------------------------------------

def _num(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def fmt_value(v, kind: str) -> str:
    v = _num(v)
    if v is None:
        return "—"
    if kind in ("rate", "ratio"):
        return f"{v * 100:.1f}%"
    if kind == "days":
        return f"{v:.1f}天"
    return f"{v:.1f}"


def fmt_change(d, kind: str) -> str:
    """A difference between two values: percentage points for rates, days, points."""
    d = _num(d)
    if d is None:
        return "—"
    if kind in ("rate", "ratio"):
        return f"{d * 100:+.1f}个百分点"
    if kind == "days":
        return f"{d:+.1f}天"
    return f"{d:+.1f}"


def fmt_int(v) -> str:
    return "—" if v is None else f"{int(v):,}"


def fmt_pct_change(new, old) -> str:
    """Relative change of a count: +12.3%."""
    if new is None or not old:
        return "—"
    return f"{(new - old) / old * 100:+.1f}%"


def change_class(d, direction: str | None) -> str:
    """CSS class of a change: better / worse for the indicator's direction."""
    d = _num(d)
    if d is None or abs(d) < 1e-12 or direction not in ("higher_better", "lower_better"):
        return ""
    better = d > 0 if direction == "higher_better" else d < 0
    return "better" if better else "worse"


def fmt_range(low, high, kind: str) -> str:
    low, high = _num(low), _num(high)
    if low is None and high is None:
        return "未设置"
    if high is None:
        return f"≥ {fmt_value(low, kind)}"
    if low is None:
        return f"≤ {fmt_value(high, kind)}"
    return f"{fmt_value(low, kind)} – {fmt_value(high, kind)}"


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """One environment per process, so each template is compiled once (rendering many
    issuers' bulletins would otherwise recompile them for every file)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        value=fmt_value, change=fmt_change, int=fmt_int, pct_change=fmt_pct_change, change_class=change_class,
        range=fmt_range, standing_zh=lambda s: STANDING_ZH.get(s, "—"), range_zh=lambda s: RANGE_ZH.get(s, "—"),
        vs_peer_zh=lambda s: VS_PEER_ZH.get(s, "—"), status_zh=lambda s: STATUS_ZH.get(s, s),
    )
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


# --- XLSX --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    key: str
    header: str
    fmt: str = ""  # "", "pct", "int", "date", "num", "datetime"
    width: int = 12


@dataclass(frozen=True)
class Sheet:
    name: str
    columns: Sequence[Col]
    rows: Iterable[dict]


RATE_COLUMNS = {
    "closure_to_filing_ratio", "closure_rate", "within_limit_rate", "long_pending_12m_share",
    "mediation_withdrawal_rate", "appeal_rate", "first_instance_acceptance_rate", "reversed_remanded_rate",
    "enforcement_recovery_rate", "enforcement_completion_rate", "first_enforcement_no_assets_rate",
}


def table_columns(table_name: str, drop: Iterable[str] = (), after_court: Sequence[Col] = ()) -> list[Col]:
    """Workbook columns of a declared table: Chinese headers from its metadata, formats
    from its types, the court's short name right after court_code."""
    out: list[Col] = []
    drop = set(drop)
    for c in table(table_name).columns:
        if c.name in drop:
            continue
        t = c.type.upper()
        if c.name in RATE_COLUMNS:
            fmt = "pct"
        elif t in ("BIGINT", "INTEGER"):
            fmt = "int"
        elif t == "DATE":
            fmt = "date"
        elif t == "TIMESTAMP":
            fmt = "datetime"
        elif t == "DOUBLE" or t.startswith("DECIMAL"):
            fmt = "num"
        else:
            fmt = ""
        width = 24 if c.name in ("case_number", "file_path", "error") else max(10, min(24, 2 * len(c.zh) + 2))
        out.append(Col(c.name, c.zh, fmt, width))
        if c.name == "court_code":
            out.extend(after_court)
    return out


def write_workbook(path: Path, sheets: Sequence[Sheet]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb = xlsxwriter.Workbook(str(tmp), {"default_date_format": "yyyy-mm-dd", "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False,
                                        "remove_timezone": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    formats = {
        "pct": wb.add_format({"num_format": "0.0%"}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "0.00"}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
        "": None,
    }
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        for j, col in enumerate(sheet.columns):
            ws.write(0, j, col.header, head)
            ws.set_column(j, j, col.width)
        ws.set_row(0, 32)
        ws.freeze_panes(1, 0)
        n = 0
        for i, row in enumerate(sheet.rows, start=1):
            n = i
            for j, col in enumerate(sheet.columns):
                _write_cell(ws, i, j, row.get(col.key), formats[col.fmt])
        if sheet.columns:
            ws.autofilter(0, 0, max(n, 1), len(sheet.columns) - 1)
    wb.close()
    tmp.replace(path)
    return path


def _write_cell(ws, i: int, j: int, v: Any, fmt) -> None:
    if v is None:
        ws.write_blank(i, j, None, fmt)
    elif isinstance(v, (list, tuple)):
        ws.write_string(i, j, "；".join(str(x) for x in v))
    elif isinstance(v, bool):
        ws.write_boolean(i, j, v)
    elif isinstance(v, (datetime, date)):
        ws.write_datetime(i, j, v if isinstance(v, datetime) else datetime(v.year, v.month, v.day), fmt)
    elif isinstance(v, (int, float)) or hasattr(v, "as_integer_ratio"):
        f = float(v)
        if math.isnan(f):
            ws.write_blank(i, j, None, fmt)
        else:
            ws.write_number(i, j, f, fmt)
    else:
        ws.write_string(i, j, str(v))


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a file whole (temp name, then rename), so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding=encoding)
    tmp.replace(path)
    return path
