"""Header normalization: maps a file's own column names to the canonical columns of
`reference/headers.csv` (Simplified, Traditional, broken-conversion and English names).

What belongs here: recognizing header names and describing a file's header (which column
is which, which variant it was written in, what is missing or doubled). Reading files is
`warehouse.readers`; values are normalized in SQL (`warehouse/sql/`).

A header name is normalized by NFKC, removing all whitespace, removing the one-character
parenthesized twins of broken conversion (`結(结)案日期` → `結案日期`), Traditional →
Simplified, and for English names lower-casing and dropping everything but letters and
digits (`Case Number`, `case-number` and `case_number` are the same).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from warehouse.settings import REFERENCE_DIR

_TWIN = re.compile(r"\((.)\)")
_WS = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


@dataclass(frozen=True)
class HeaderSpec:
    column: str
    required: bool
    simplified: str
    traditional: str
    broken: str
    english: str


@lru_cache(maxsize=1)
def specs() -> tuple[HeaderSpec, ...]:
    with open(REFERENCE_DIR / "headers.csv", encoding="utf-8", newline="") as f:
        return tuple(
            HeaderSpec(r["column"], r["required"].strip().lower() == "true", r["simplified"],
                       r["traditional"], r["broken"], r["english"])
            for r in csv.DictReader(f)
        )


def required_columns() -> list[str]:
    return [s.column for s in specs() if s.required]


def display_name(column: str) -> str:
    """`立案日期 (filing_date)` for error messages."""
    for s in specs():
        if s.column == column:
            return f"{s.simplified} ({s.english})"
    return column


def _surface(text: str) -> str:
    """NFKC without any whitespace: the form compared with the reference spellings."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def normalize_name(text: str) -> str:
    s = _TWIN.sub("", _surface(text))
    s = _t2s().convert(s)
    if s.isascii():
        s = re.sub(r"[^0-9a-z]", "", s.lower())
    return s


@lru_cache(maxsize=1)
def _lookup() -> dict[str, str]:
    out: dict[str, str] = {}
    for s in specs():
        for name in (s.simplified, s.traditional, s.broken, s.english):
            out[normalize_name(name)] = s.column
    return out


@lru_cache(maxsize=65536)
def canonical(text: str) -> str | None:
    """The canonical column a header name stands for, or None when it is unknown (cached:
    tens of thousands of files repeat a few dozen header names, and the Traditional →
    Simplified conversion of each costs ~40 µs)."""
    return _lookup().get(normalize_name(text))


def is_case_number_header(text) -> bool:
    return isinstance(text, str) and canonical(text) == "case_number"


def _kind(text: str, spec: HeaderSpec) -> str:
    s = _surface(text)
    if _TWIN.search(s):
        return "broken"
    if s.isascii():
        return "english"
    if s == spec.simplified and s == spec.traditional:
        return "neutral"  # 案由, 立案日期: the same in both scripts
    if s == spec.simplified:
        return "simplified"
    if s == spec.traditional:
        return "traditional"
    return "other"


@dataclass(frozen=True)
class Header:
    own: tuple[str, ...]  # the file's own names, made unique (`备注`, `备注#2`), `_column_N` when empty
    canonical: tuple[str | None, ...]  # canonical column per position, None when unknown
    variant: str  # simplified / traditional / broken / english / mixed
    missing: tuple[str, ...]  # required canonical columns not present
    doubled: tuple[str, ...]  # canonical columns that two headers map to

    @property
    def problem(self) -> str | None:
        """Why the file cannot be used with this header, or None."""
        if self.missing:
            return "required column missing: " + ", ".join(display_name(c) for c in self.missing)
        if self.doubled:
            names = []
            for c in self.doubled:
                own = [o for o, k in zip(self.own, self.canonical, strict=True) if k == c]
                names.append(f"{display_name(c)} given by {' and '.join(own)}")
            return "column given twice: " + "; ".join(names)
        return None

    def position(self, column: str) -> int | None:
        try:
            return self.canonical.index(column)
        except ValueError:
            return None


def map_header(names: list) -> Header:
    """Describe a header row (a list of cell values; None/empty cells allowed). The same
    row gives the same (immutable) Header: it is mapped once per distinct row."""
    try:
        return _map_header(tuple(names))
    except TypeError:  # an unhashable cell value: map it without the cache
        return _map_header.__wrapped__(tuple(names))


@lru_cache(maxsize=4096)
def _map_header(names: tuple) -> Header:
    own: list[str] = []
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        text = "" if n is None else str(n).strip()
        if not text:
            text = f"_column_{i + 1}"
        if text in seen:
            seen[text] += 1
            text = f"{text}#{seen[text]}"
        else:
            seen[text] = 1
        own.append(text)
    cols: list[str | None] = []
    kinds: set[str] = set()
    by_col = {s.column: s for s in specs()}
    for raw in names:
        c = canonical(str(raw)) if raw not in (None, "") else None
        cols.append(c)
        if c:
            kinds.add(_kind(str(raw), by_col[c]))
    kinds.discard("neutral")
    if not kinds:
        variant = "simplified"
    elif len(kinds) == 1 and "other" not in kinds:
        variant = kinds.pop()
    else:
        variant = "mixed"
    present = [c for c in cols if c]
    missing = tuple(c for c in required_columns() if c not in present)
    doubled = tuple(sorted({c for c in present if present.count(c) > 1}))
    return Header(tuple(own), tuple(cols), variant, missing, doubled)
