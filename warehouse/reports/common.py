"""What the three reports share: running the report SQL files of `warehouse/reports/sql/`,
the Jinja environment over `templates/` with the number-formatting filters, how each
indicator is displayed (name and unit from the declaration `warehouse/indicators.py`),
the vocabulary that translates every code shown to a reader
(`warehouse/reference/vocabulary.csv`), and the XLSX writer. Nothing here decides what a report contains (see quarterly/weekly/monthly).
"""
from __future__ import annotations

import csv
import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import duckdb
import jinja2
import xlsxwriter

from warehouse import indicators as declared_indicators
from warehouse import models
from warehouse.settings import REFERENCE_DIR
from warehouse.tables import table

HERE = Path(__file__).resolve().parent
SQL_DIR = HERE / "sql"
TEMPLATE_DIR = HERE / "templates"

# How each ranked indicator is shown, from the one declaration (warehouse/reference/
# indicators.csv): rate / ratio / amount_ratio shown as %, days as days, score 0–100.
_SHOWN_AS = {"rate": "rate", "ratio": "ratio", "amount_ratio": "rate", "days": "days", "score": "score"}
INDICATOR_KINDS: dict[str, str] = {i.key: _SHOWN_AS[i.unit] for i in declared_indicators.ranked()}
INDICATORS = [k for k in INDICATOR_KINDS if k != "composite"]
COMPOSITE_ZH = declared_indicators.get("composite").zh
QUARTER_ZH = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def _vocabulary() -> dict[str, dict[str, str]]:
    """warehouse/reference/vocabulary.csv: every code a reader may see → its Chinese."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    with (REFERENCE_DIR / "vocabulary.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["domain"]][r["code"]] = r["zh"]
    return dict(out)


VOCABULARY = _vocabulary()
LEVEL_ZH = VOCABULARY["level"]
STANDING_ZH = VOCABULARY["standing"]
RANGE_ZH = VOCABULARY["range_status"]
VS_PEER_ZH = VOCABULARY["vs_peer"]
STATUS_ZH = VOCABULARY["status"]


def zh(code, domain: str) -> str:
    """The Chinese of a code of `domain` (vocabulary.csv); "—" for none. An unknown code
    raises: no English code may reach a reader."""
    if code is None:
        return "—"
    try:
        return VOCABULARY[domain][code]
    except KeyError:
        raise KeyError(f"warehouse/reference/vocabulary.csv has no {domain} code {code!r}") from None


def indicator_zh(name: str) -> str:
    return declared_indicators.get(name).zh


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
    """Rows of report SQL file `name` as dicts (named parameters `$x` from `params`). The
    loaded-files and rate macros (`warehouse/sql/macros/loaded_files.sql`, `rates.sql`) are
    there to use."""
    models.register_macros(con, models.REPORT_MACROS)
    cur = con.execute(sql_file(name, **fill), params or {})
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


# --- formatting --------------------------------------------------------------------------

def _num(v) -> float | None:
    if v is None:
        return None
    v = float(v)
    return None if math.isnan(v) else v


def _scaled(v: float, kind: str) -> tuple[float, str]:
    """A value of an indicator of `kind` as it is printed: rates and ratios in percent,
    days in 天, anything else as is; with its unit."""
    if kind in ("rate", "ratio"):
        return v * 100, "%"
    if kind == "days":
        return v, "天"
    return v, ""


def fmt_value(v, kind: str, missing: str = "—") -> str:
    """The one number format of every report and chart: one decimal, in the unit of
    `_scaled` (12.3%, 45.6天, 1.2); `missing` for no value (None, NaN)."""
    v = _num(v)
    if v is None:
        return missing
    shown, unit = _scaled(v, kind)
    return f"{shown:.1f}{unit}"


def fmt_tick(v: float, kind: str) -> str:
    """An axis tick: as `fmt_value`, but no decimal on a whole number and no 天 (the axis
    is titled with the indicator and its unit)."""
    shown, unit = _scaled(v, kind)
    unit = "" if kind == "days" else unit
    return f"{shown:.0f}{unit}" if abs(shown - round(shown)) < 1e-6 else f"{shown:.1f}{unit}"


def shown_change(d: float, kind: str) -> float:
    """The change as printed (one decimal): rates in percentage points."""
    return round(_scaled(d, kind)[0], 1)


def fmt_change(d, kind: str) -> str:
    """A difference between two values: percentage points for rates, days, points. A
    change that rounds to zero at the printed precision is 持平 (never "-0.0")."""
    d = _num(d)
    if d is None:
        return "—"
    shown = shown_change(d, kind)
    if shown == 0:
        return "持平"
    if kind in ("rate", "ratio"):
        return f"{shown:+.1f}个百分点"
    if kind == "days":
        return f"{shown:+.1f}天"
    return f"{shown:+.1f}"


def fmt_int(v) -> str:
    return "—" if v is None else f"{int(v):,}"


def shown_pct_change(new, old) -> float:
    """Relative change of a count as printed: percent, one decimal."""
    return round((new - old) / old * 100, 1)


def fmt_pct_change(new, old) -> str:
    """Relative change of a count: +12.3%; 持平 when it rounds to zero."""
    if new is None or not old:
        return "—"
    shown = shown_pct_change(new, old)
    return "持平" if shown == 0 else f"{shown:+.1f}%"


def change_class(d, direction: str | None, kind: str = "rate") -> str:
    """CSS class of a change: better / worse for the indicator's direction; none for a
    change printed as 持平 or for a target_range indicator (better depends on the range)."""
    d = _num(d)
    if d is None or shown_change(d, kind) == 0 or direction not in ("higher_better", "lower_better"):
        return ""
    better = d > 0 if direction == "higher_better" else d < 0
    return "better" if better else "worse"


def _exact(v) -> Fraction | None:
    """A value or bound as an exact fraction: a decimal bound from a CSV (0.9) is 9/10, a
    (numerator, denominator) pair of counts is their exact quotient."""
    if v is None:
        return None
    if isinstance(v, tuple):
        num, den = v
        return None if num is None or not den else Fraction(int(num), int(den))
    if isinstance(v, Fraction):
        return v
    v = _num(v)
    return None if v is None else Fraction(str(v))


def range_distance(value, low, high, target=None) -> Fraction | None:
    """How far `value` lies from the reasonable range [low, high] (0 inside it), or from
    `target` when no range is configured; exact (see `_exact`). None without either."""
    v, lo, hi, t = _exact(value), _exact(low), _exact(high), _exact(target)
    if v is None:
        return None
    if lo is not None or hi is not None:
        if lo is not None and v < lo:
            return lo - v
        if hi is not None and v > hi:
            return v - hi
        return Fraction(0)
    return abs(v - t) if t is not None else None


def target_change_class(new, old, low, high, target=None, kind: str = "ratio") -> str:
    """CSS class of the change old → new of a target_range indicator: better when the value
    moved closer to its range (or target), worse when further, none when the distance is
    unchanged (e.g. inside the range both times) or the change prints as 持平. `new` and
    `old` are values or (numerator, denominator) count pairs, compared exactly."""
    n, o = _exact(new), _exact(old)
    if n is None or o is None or shown_change(float(n - o), kind) == 0:
        return ""
    dn, do = range_distance(n, low, high, target), range_distance(o, low, high, target)
    if dn is None or do is None or dn == do:
        return ""
    return "better" if dn < do else "worse"


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
        range=fmt_range, zh=zh, standing_zh=lambda s: zh(s, "standing"), range_zh=lambda s: zh(s, "range_status"),
        vs_peer_zh=lambda s: zh(s, "vs_peer"), status_zh=lambda s: zh(s, "status"),
    )
    return env


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


# --- XLSX --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    key: str
    header: str
    fmt: str = ""  # "", "pct", "int", "date", "num", "datetime", "by_kind" (pct or num by the row's `kind`)
    width: int = 12


@dataclass(frozen=True)
class Sheet:
    """One workbook sheet. `note` (with `link`, a path relative to the workbook) is
    written below the rows: how the sheet is bounded and where the full list is."""

    name: str
    columns: Sequence[Col]
    rows: Iterable[dict]
    note: str = ""
    link: str = ""


RATE_COLUMNS = {
    "closure_to_filing_ratio", "closure_rate", "within_limit_rate", "long_pending_12m_share",
    "mediation_withdrawal_rate", "appeal_rate", "first_instance_acceptance_rate", "reversed_remanded_rate",
    "enforcement_recovery_rate", "enforcement_completion_rate", "first_enforcement_no_assets_rate",
    "within_limit_ci_low", "within_limit_ci_high", "mediation_withdrawal_ci_low", "mediation_withdrawal_ci_high",
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
    """Write `sheets` to an XLSX file (temp name, then rename). Empty values (None, NaN)
    are left as empty cells, not written: a national workbook has ~100,000 of them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    wb = xlsxwriter.Workbook(str(tmp), {"default_date_format": "yyyy-mm-dd", "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False,
                                        "remove_timezone": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "top"})
    formats = {
        "pct": wb.add_format({"num_format": "0.0%"}),
        "int": wb.add_format({"num_format": "#,##0"}),
        "num": wb.add_format({"num_format": "#,##0.0"}),
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
        # print: A4 landscape, one page wide, the header row on every page
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        n = _write_rows(ws, sheet, formats)
        if sheet.columns:
            ws.autofilter(0, 0, max(n, 1), len(sheet.columns) - 1)
        if sheet.note:
            if sheet.link:
                ws.write_url(n + 2, 0, f"external:{sheet.link}", string=sheet.note)
            else:
                ws.write_string(n + 2, 0, sheet.note)
    wb.close()
    tmp.replace(path)
    return path


def _write_rows(ws, sheet: Sheet, formats: dict) -> int:
    """Write the sheet's rows from row 1; returns the last row written. The writer of a
    value is looked up by its type once per cell (no chain of isinstance tests)."""
    number, string = ws.write_number, ws.write_string

    def write_date(i, j, v, fmt):
        ws.write_datetime(i, j, datetime(v.year, v.month, v.day), fmt)

    def write_float(i, j, v, fmt):
        if v == v:  # not NaN
            number(i, j, v, fmt)

    def write_list(i, j, v, fmt):
        string(i, j, "；".join(str(x) for x in v))

    def write_other(i, j, v, fmt):
        if hasattr(v, "as_integer_ratio"):   # Decimal and other numbers
            write_float(i, j, float(v), fmt)
        else:
            string(i, j, str(v))

    def write_text(i, j, v, fmt):
        string(i, j, v)

    writers = {str: write_text, float: write_float, int: number, bool: ws.write_boolean, date: write_date,
               datetime: ws.write_datetime, list: write_list, tuple: write_list}
    plain = [(j, c.key, formats[c.fmt]) for j, c in enumerate(sheet.columns) if c.fmt != "by_kind"]
    by_kind = [(j, c.key) for j, c in enumerate(sheet.columns) if c.fmt == "by_kind"]
    n = 0
    for i, row in enumerate(sheet.rows, start=1):
        n = i
        get = row.get
        for j, key, fmt in plain:
            v = get(key)
            if v is not None:
                writers.get(type(v), write_other)(i, j, v, fmt)
        if by_kind:
            fmt = formats["pct"] if get("kind") in ("rate", "ratio") else formats["num"]
            for j, key in by_kind:
                v = get(key)
                if v is not None:
                    writers.get(type(v), write_other)(i, j, v, fmt)
    return n


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a file whole (temp name, then rename), so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding=encoding)
    tmp.replace(path)
    return path
