"""CSV files safe to open in a spreadsheet (CSV formula injection, OWASP).

What belongs here: the one writer every CSV the project writes goes through. A cell that
starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what Excel and LibreOffice
run as a formula (`+cmd|' /C calc'!A0`, `@SUM(1)`): such a cell is written with a leading
single quote, so the spreadsheet shows it as text (OWASP "CSV Injection"). Plain numbers
(`-3`, `+1.5`) are not formulas and stay as they are, so negative day counts remain numbers.
Quoting of separators and quotes is the `csv` module's. XLSX files are written with
strings as strings (xlsxwriter `strings_to_formulas: False`) and need no escaping.
"""
from __future__ import annotations

import csv
import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")


def cell(value) -> str:
    """The text of one CSV cell, escaped when a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class Writer:
    """`csv.writer` whose rows are escaped cell by cell."""

    def __init__(self, f, **kwargs):
        self._w = csv.writer(f, **kwargs)

    def writerow(self, row) -> None:
        self._w.writerow([cell(v) for v in row])

    def writerows(self, rows) -> None:
        for r in rows:
            self.writerow(r)


def writer(f, **kwargs) -> Writer:
    return Writer(f, **kwargs)
