"""Rendering case versions as the values a court's platform writes, per habit.

What belongs here: date and date-time styles, case-number quirks (full-width digits,
half-width or 〔〕 brackets, zero-padded serials, stray spaces), amounts (plain, thousands
separators, 元, numbers), Traditional vocabulary, and the assembly of one DataFrame per
court with the habit's columns plus `_`-prefixed meta columns (export index, file part,
day numbers) that the fault injector and the writers use and never write.

CSV values are all text ("" when empty). XLSX and JSONL values are typed: numbers stay
numbers, Excel-style dates are serial numbers (float) that the XLSX writer stores as date
cells or as plain numbers, and empty values are None.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from .days import EXCEL_EPOCH_OFFSET, NEVER, date_table
from .deltas import Rows
from .habits import Habit
from .registry import court_name_column
from .simulate import CAUSE_ARR, DISP_ARR, PROC_ARR, TYPE_ARR, CourtSetup
from .text import cents_text, int_text

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
BRACKETS = {"full": ("（", "）"), "half": ("(", ")"), "tortoise": ("〔", "〕")}
ENFORCEMENT_CATEGORY = {"执", "执恢", "执异", "执保", "执复", "财保"}


def _fmt_day(style: str):
    return {
        "iso": lambda d: d.strftime("%Y-%m-%d"),
        "iso_time": lambda d: d.strftime("%Y-%m-%d 00:00:00"),
        "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
        "slash_pad": lambda d: d.strftime("%Y/%m/%d"),
        "dot": lambda d: f"{d.year}.{d.month}.{d.day}",
        "cjk": lambda d: f"{d.year}年{d.month}月{d.day}日",
        "compact": lambda d: d.strftime("%Y%m%d"),
    }[style]


class DateStyle:
    """Formats day numbers and timestamps for one habit over a fixed day range."""

    def __init__(self, habit: Habit, first: int, last: int):
        self.habit = habit
        self.first = first
        self.numeric = habit.date_style in ("excel", "serial")
        if not self.numeric:
            self.table = _table(habit.date_style, first, last)
            self.dt_table = self.table if habit.date_style != "iso_time" else _table("iso", first, last)

    def days(self, days: np.ndarray, empty) -> np.ndarray:
        """Date column values; NEVER → empty."""
        days = np.asarray(days, dtype=np.int64)
        never = days == NEVER
        if self.numeric:
            out = (days + EXCEL_EPOCH_OFFSET).astype(float).astype(object)
        else:
            out = self.table[np.where(never, 0, days - self.first)].copy()
        out[never] = empty
        return out

    def day(self, day: int):
        return self.days(np.array([day]), None)[0]

    def stamps(self, seconds: np.ndarray) -> np.ndarray:
        seconds = np.asarray(seconds, dtype=np.int64)
        if self.numeric:  # date cells keep full precision; raw serials carry 6 decimals (±0.05 s)
            serial = seconds / 86400.0 + EXCEL_EPOCH_OFFSET
            return (serial.round(6) if self.habit.date_style == "serial" else serial).astype(object)
        return self.dt_table[seconds // 86400 - self.first] + _spaced_times(self.habit.time_style)[seconds % 86400]


@lru_cache(maxsize=32)
def _table(style: str, first: int, last: int) -> np.ndarray:
    return date_table(first, last, _fmt_day(style))


@lru_cache(maxsize=2)
def _times(style: str) -> np.ndarray:
    s = np.arange(86400)
    hh, mm, ss = s // 3600, (s // 60) % 60, s % 60
    if style == "hm":
        return np.array([f"{h:02d}:{m:02d}" for h, m in zip(hh, mm, strict=True)], dtype=object)
    return np.array([f"{h:02d}:{m:02d}:{x:02d}" for h, m, x in zip(hh, mm, ss, strict=True)], dtype=object)


@lru_cache(maxsize=2)
def _spaced_times(style: str) -> np.ndarray:
    return " " + _times(style)


@lru_cache(maxsize=1)
def _traditional() -> dict[str, str]:
    import opencc

    cc = opencc.OpenCC("s2t")
    out = {}
    for v in list(DISP_ARR) + list(PROC_ARR):
        t = cc.convert(v)
        out[v] = "準" + t[1:] if t.startswith("准") else t  # 準予撤訴: the form older portals use
    return out


def _money_plain(x: np.ndarray) -> np.ndarray:
    if len(x) == 0:
        return np.array([], dtype=object)
    return cents_text(np.rint(np.nan_to_num(x) * 100).astype(np.int64))


def money(x: np.ndarray, style: str, typed: bool) -> np.ndarray:
    """Amounts; NaN (not an enforcement case) → empty. Only the amounts are formatted."""
    empty = None if typed else ""
    nan = np.isnan(x)
    out = np.full(len(x), empty, dtype=object)
    v = x[~nan]
    if style == "number":
        out[~nan] = np.round(v, 2).astype(object)
    elif style == "thousands":
        out[~nan] = np.array([f"{a:,.2f}" for a in v], dtype=object)
    elif style == "yuan":
        out[~nan] = _money_plain(v) + "元"
    else:
        out[~nan] = _money_plain(v)
    return out


def case_number_column(rng, habit: Habit, code, year, type_code, serial, suffix, number) -> np.ndarray:
    """The 案号 column: the case's number (`number`, as simulate.case_numbers wrote it)
    or, for a habit that zero-pads serials, the number rebuilt; then the habit's quirks."""
    n = len(year)
    left, right = BRACKETS["full"]
    if habit.zero_pad:
        ser = np.strings.zfill(serial.astype(str), habit.zero_pad)
        num = ("（" + year.astype(str).astype(object) + "）" + code + type_code + ser.astype(object) + "号" + suffix)
    else:
        num = number.copy()
    if habit.bracket_share:
        hit = rng.random(n) < habit.bracket_share
        bl, br = BRACKETS[habit.bracket]
        num[hit] = pd.Series(num[hit], dtype=object).str.replace(left, bl).str.replace(right, br).to_numpy(object)
    if habit.fullwidth_share:
        hit = rng.random(n) < habit.fullwidth_share
        num[hit] = np.array([s.translate(FULLWIDTH) for s in num[hit]], dtype=object)
    if habit.stray_space_share:
        num = stray_spaces(rng, num, habit.stray_space_share, inside=True)
    return num


def stray_spaces(rng, values: np.ndarray, share: float, inside: bool = False) -> np.ndarray:
    out = values.copy()
    hit = np.flatnonzero((rng.random(len(values)) < share) & (values != ""))
    how = rng.integers(0, 4 if inside else 3, len(hit))
    for i, h in zip(hit, how, strict=True):  # only the few rows that get spaces
        v = out[i]
        out[i] = (" " + v, v + " ", "\u3000" + v + " ", v.replace("）", "） ", 1))[h]
    return out


def spaced_dates(values: np.ndarray, share: float) -> np.ndarray:
    """Dates with a stray space beside the separator after the year (`2024 -01-05`,
    `2024-　01-05`): insignificant by the export format. Its own random stream, seeded by
    the column's length, so the simulation's stream is unchanged; a compact 20240105 or
    an empty value is left alone."""
    rng = np.random.default_rng([len(values), 20240105])
    out = values.copy()
    hit = np.flatnonzero(rng.random(len(values)) < share)
    how = rng.integers(0, 3, len(hit))
    for i, h in zip(hit, how, strict=True):  # only the few rows that get spaces
        v = out[i]
        if isinstance(v, str) and len(v) > 5 and v[4] in "-/.年":
            out[i] = (v[:4] + " " + v[4:], v[:5] + "\u3000" + v[5:], v[:4] + " " + v[4] + " " + v[5:])[h]
    return out


def render(rng, setups: list[CourtSetup], habit: Habit, cases: dict, rows: Rows, first_day: int,
           last_day: int) -> Rendered:
    """Every row of courts sharing a habit (cases["court"] indexes `setups`), sorted by
    (court, export, part): column values and meta arrays (`_court` among them)."""
    typed = habit.format != "csv"
    empty = None if typed else ""
    c = rows.case
    type_code = TYPE_ARR[cases["type"][c]]
    part = np.zeros(len(c), dtype=np.int64)
    if habit.split_by_category:
        part = np.isin(type_code, list(ENFORCEMENT_CATEGORY)).astype(np.int64)
    order = np.lexsort((np.arange(len(c)), part, rows.export, cases["court"][c]))
    c = c[order]
    court = cases["court"][c]
    judges = np.array([j for s in setups for j in s.judges], dtype=object)
    judge_offset = np.r_[0, np.cumsum([len(s.judges) for s in setups])[:-1]].astype(np.int64)
    divisions = np.array([d for s in setups for d in s.divisions], dtype=object)
    division_offset = np.r_[0, np.cumsum([len(s.divisions) for s in setups])[:-1]].astype(np.int64)
    codes = np.array([s.court.code for s in setups], dtype=object)
    r = {k: getattr(rows, k)[order] for k in ("export", "closed", "extended", "excluded", "partial", "updated")}
    type_code = type_code[order]
    part = part[order]
    dates = DateStyle(habit, first_day, last_day)
    closing = np.where(r["closed"], cases["closing"][c], NEVER)
    disp = np.where(r["closed"], DISP_ARR[cases["disposition"][c]], "").astype(object)
    proc = PROC_ARR[cases["procedure"][c]]
    if habit.traditional_values:
        trad = _traditional()
        disp = np.array([trad.get(v, v) for v in disp], dtype=object)
        proc = np.array([trad.get(v, v) for v in proc], dtype=object)
    ext = np.where(r["extended"], cases["ext_days"][c], 0)
    excl = np.where(r["excluded"], cases["excl_days"][c], 0)
    claimed = cases["claimed"][c]
    recovered = np.where(r["closed"], cases["recovered"][c], np.where(r["partial"], cases["partial"][c], 0.0))
    recovered = np.where(np.isnan(claimed), np.nan, recovered)
    rec_col = money(recovered, habit.amount_style, typed)
    if habit.pending_recovered_empty:
        rec_col[~r["closed"] & ~r["partial"]] = empty
    values = {
        "case_number": case_number_column(rng, habit, codes[court], cases["year"][c], type_code,
                                          cases["serial"][c], cases["suffix"][c], cases["number"][c]),
        "filing_date": dates.days(cases["filing"][c], empty),
        "closing_date": dates.days(closing, empty),
        "disposition": disp,
        "cause": CAUSE_ARR[cases["cause"][c]],
        "procedure": proc,
        "judge": judges[judge_offset[court] + cases["judge"][c]],
        "division": divisions[division_offset[court] + cases["division"][c]],
        "extension_days": _days_col(ext, habit, typed),
        "excluded_days": _days_col(excl, habit, typed),
        "origin_case_number": cases["origin"][c],
        "amount_claimed": money(claimed, habit.amount_style, typed),
        "amount_recovered": rec_col,
        "parties": cases["parties"][c],
        "updated_at": dates.stamps(r["updated"]),
        "court_name": court_name_column(rng.spawn(1)[0], [s.court for s in setups], court),
        "remark": np.where(r["closed"] & (rng.random(len(c)) < 0.2), "已归档", "").astype(object),
    }
    _quirks_and_empties(rng, habit, values, typed)
    values["seq"] = _seq(r["export"], part).astype(object) if typed else int_text(_seq(r["export"], part))
    meta = {"_court": court, "_export": r["export"], "_part": part, "_filing": cases["filing"][c], "_closing": closing,
            "_year": cases["year"][c], "_type": type_code, "_serial": cases["serial"][c],
            "_number": cases["number"][c]}
    return Rendered(list(habit.columns), {col: values[col] for col in habit.columns}, meta, typed)


def _quirks_and_empties(rng, habit: Habit, values: dict[str, np.ndarray], typed: bool) -> None:
    """Stray spaces of the habit; empty text as None in typed formats (XLSX, JSONL)."""
    if habit.stray_space_share:
        for col in ("judge", "cause", "disposition"):
            values[col] = stray_spaces(rng, values[col], habit.stray_space_share)
        if not typed:
            for col in ("filing_date", "closing_date"):
                values[col] = spaced_dates(values[col], habit.stray_space_share)
    if typed:
        for col in ("disposition", "procedure", "origin_case_number", "remark"):
            values[col] = np.where(values[col] == "", None, values[col])


class Rendered:
    """A court's rendered rows: one object array per output column plus meta arrays."""

    def __init__(self, columns: list[str], values: dict[str, np.ndarray], meta: dict[str, np.ndarray],
                 typed: bool):
        self.columns = columns
        self.values = values
        self.meta = meta
        self.typed = typed

    def __len__(self) -> int:
        return len(self.meta["_export"])

    def frame(self, a: int, b: int) -> pd.DataFrame:
        """Rows [a, b) as a DataFrame (object columns keep None and numbers as they are)."""
        data = {c: pd.Series(v[a:b], dtype=object) for c, v in self.values.items()}
        data.update({k: v[a:b] for k, v in self.meta.items()})
        return pd.DataFrame(data)


def _seq(export: np.ndarray, part: np.ndarray) -> np.ndarray:
    key = export * 2 + part
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    first = np.repeat(starts, np.diff(np.r_[starts, len(key)]))
    return np.arange(len(key)) - first + 1


def _days_col(v: np.ndarray, habit: Habit, typed: bool) -> np.ndarray:
    if typed:
        out = v.astype(np.int64).astype(object)
        if habit.zero_days_empty:
            out[v == 0] = None
        return out
    out = int_text(v)
    if habit.zero_days_empty:
        out[v == 0] = ""
    return out


def header_names(habit: Habit, columns, header_table: dict[str, dict[str, str]]) -> list[str]:
    """The header line of a habit: variant, full-width parentheses, padded names."""
    from .habits import EXTRA_HEADERS

    names = []
    for i, col in enumerate(columns):
        table = EXTRA_HEADERS.get(col) or header_table[col]
        name = table[habit.header]
        if habit.header_fullwidth_parens:
            name = name.replace("(", "（").replace(")", "）")
        if habit.header_padding and i % 4 == 2:
            name = f" {name} "
        names.append(name)
    return names
