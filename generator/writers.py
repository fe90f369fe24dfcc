"""Writing export files: CSV, XLSX and JSONL bytes from rendered rows.

What belongs here: turning a header and rendered values (formatting.py) into the exact
bytes of a file — CSV with its encoding, optional title line and line endings; XLSX via
xlsxwriter with title row, blank row, date cells or plain serial numbers and a 合计 row,
and a fixed creation date so that the same input gives the same bytes; JSONL with the
header names as keys. No decisions about which rows go where.
"""

from __future__ import annotations

import io
import json
import math
import zlib
from datetime import datetime

import numpy as np
import pandas as pd
import xlsxwriter

from .days import to_date
from .habits import Habit

DATE_COLUMNS = {"filing_date", "closing_date"}
AMOUNT_COLUMNS = ("amount_claimed", "amount_recovered")


def _csv_texts(col) -> list[str]:
    """One column as a list of str, quoted where a value holds a comma or a quote."""
    values = col.tolist() if isinstance(col, np.ndarray) else list(col)
    try:
        joined = "\x00".join(values)
    except TypeError:  # a non-str value: written as str() writes it
        values = [str(v) for v in values]
        joined = "\x00".join(values)
    if "," in joined or '"' in joined:
        values = ['"' + v.replace('"', '""') + '"' if ("," in v or '"' in v) else v for v in values]
    return values


def csv_lines(columns: list[np.ndarray]) -> list[str]:
    """CSV data lines (no terminators) from one array per column.

    Values are text; those holding a comma or a quote are quoted (RFC 4180). Values never
    contain newlines. A column is checked for commas and quotes once (joined); the lines
    are joined by str.join over the zipped columns, which beats numpy's string ufuncs
    (they copy every value into a fixed-width UTF-32 array first)."""
    if not columns or len(columns[0]) == 0:
        return []
    return list(map(",".join, zip(*[_csv_texts(c) for c in columns], strict=True)))


def csv_bytes(habit: Habit, header: list[str], lines: list[str], title: str | None) -> bytes:
    head = ",".join(f'"{h}"' if ("," in h or '"' in h) else h for h in header)
    parts = ([title] if title else []) + [head] + lines
    return (habit.line_ending.join(parts) + habit.line_ending).encode(habit.encoding)


def _plain(v):
    if v is None:
        return None
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


KEY_NOISE_SHARE = 0.3


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def key_spellings(header: list[str], n: int) -> list[list[str]]:
    """The keys of each of n JSONL lines: real exports spell a key differently from line
    to line (stray spaces and tabs, full-width letters). Its own random stream, seeded by
    the header and the line count, so the simulation's stream is unchanged."""
    rng = np.random.default_rng([zlib.crc32("|".join(header).encode()), n])
    variants = [
        lambda k: k, lambda k: " " + k, lambda k: k + "\t", lambda k: "\t" + k + " ",
        lambda k: _full_width(k), lambda k: _full_width(k) + " ", lambda k: k + "\u3000",
    ]
    noisy = rng.random(n) < KEY_NOISE_SHARE
    picks = rng.integers(0, len(variants), (n, len(header)))
    return [[variants[p](h) for p, h in zip(picks[i], header, strict=True)] if noisy[i] else header
            for i in range(n)]


def jsonl_bytes(header: list[str], frame: pd.DataFrame) -> bytes:
    keys = key_spellings(header, len(frame))
    lines = [json.dumps({h: _plain(v) for h, v in zip(k, row, strict=True)}, ensure_ascii=False)
             for k, row in zip(keys, frame.itertuples(index=False, name=None), strict=True)]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def xlsx_bytes(habit: Habit, header: list[str], columns: list[str], frame: pd.DataFrame,
               title: str | None, export_day: int) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                   "strings_to_formulas": False, "strings_to_urls": False})
    d = to_date(export_day)
    wb.set_properties({"created": datetime(d.year, d.month, d.day, 18, 0, 0), "author": "案件信息管理平台"})
    ws = wb.add_worksheet("案件明细")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    stamp_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    bold = wb.add_format({"bold": True})
    ws.set_column(0, len(columns) - 1, 14)
    r = 0
    if title:
        ws.merge_range(0, 0, 0, max(len(columns) - 1, 1), title, bold)
        r = 2 if habit.blank_after_title else 1
    for j, h in enumerate(header):
        ws.write_string(r, j, h, bold)
    cell_fmt = []
    for col in columns:
        if habit.date_style == "excel" and col in DATE_COLUMNS:
            cell_fmt.append(date_fmt)
        elif habit.date_style == "excel" and col == "updated_at":
            cell_fmt.append(stamp_fmt)
        else:
            cell_fmt.append(None)
    for row in frame.itertuples(index=False, name=None):
        r += 1
        for j, v in enumerate(row):
            v = _plain(v)
            if v is None:
                continue
            if isinstance(v, str):
                ws.write_string(r, j, v)
            elif cell_fmt[j] is not None:
                ws.write_number(r, j, v, cell_fmt[j])
            else:
                ws.write_number(r, j, v)
    if habit.total_row:
        r += 1
        ws.write_string(r, 0, habit.total_label, bold)
        for col in AMOUNT_COLUMNS:
            if col in columns:
                values = pd.to_numeric(frame[col], errors="coerce")
                ws.write_number(r, columns.index(col), round(float(values.sum()), 2), bold)
    wb.close()
    return buf.getvalue()
