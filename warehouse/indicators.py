"""Every indicator a bulletin assesses, declared once in `warehouse/reference/indicators.csv`:
key, Chinese and English name, unit, kind (`higher_better`, `lower_better`,
`target_range`), target, whether it is ranked, the table holding its value and counts
(`source`; empty = `court_quarter_performance`), the count columns of that table behind
it (numerator and denominator as sums/differences of count columns, e.g.
`first_instance_closed-appealed`), the default reasonable range, and the minimum sample
(denominator) for ranking a court and a judge. Only indicators of
`court_quarter_performance` can be ranked (the rankings read that table); 案件比
(`matter_ratio`, source `court_quarter_matter_ratio`) is declared but not ranked
(docs/matter_ratio.md §Assessment).

The rankings SQL reads the same file as the view `ref_indicators`; the reports, the
workbook and `courts explain` read it through this module. What belongs here: loading and
validating the declaration, and small pure helpers over it — no SQL that builds a table.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from warehouse.settings import REFERENCE_DIR, parse_number

PATH = REFERENCE_DIR / "indicators.csv"
KINDS = ("higher_better", "lower_better", "target_range")
UNITS = ("rate", "ratio", "days", "amount_ratio", "score")
DEFAULT_SOURCE = "court_quarter_performance"
SOURCES = (DEFAULT_SOURCE, "court_quarter_matter_ratio")
TERM = re.compile(r"([+-]?)([a-z_0-9]+)")


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: str
    en: str
    unit: str
    direction: str
    target: float | None
    ranked: bool
    numerator: str | None
    denominator: str | None
    range_low: float | None
    range_high: float | None
    range_source: str | None
    min_sample: int | None
    judge_min_sample: int | None
    sort_order: int
    source: str = DEFAULT_SOURCE

    @property
    def is_rate(self) -> bool:
        """A binomial proportion: gets a Wilson interval and is shown as a percent."""
        return self.unit == "rate"

    @property
    def percent(self) -> bool:
        return self.unit in ("rate", "ratio", "amount_ratio")


def sql_expression(expression: str | None) -> str | None:
    """`first_instance_closed-appealed` → `first_instance_closed - appealed` (SQL over a row
    of the indicator's source table); None for no expression."""
    parts = terms(expression)
    if not parts:
        return None
    text = " ".join(f"{'-' if sign < 0 else '+'} {c}" for sign, c in parts)
    return text[2:] if text.startswith("+ ") else text


def terms(expression: str | None) -> list[tuple[int, str]]:
    """`a+b-c` → [(1, 'a'), (1, 'b'), (-1, 'c')]."""
    if not expression:
        return []
    found = TERM.findall(expression.replace(" ", ""))
    if "".join(s + c for s, c in found) != expression.replace(" ", "") or not found:
        raise ValueError(f"{expression!r} is not a sum or difference of count columns")
    return [(-1 if s == "-" else 1, c) for s, c in found]


def _num(text: str, path: Path, row: int, column: str, kind=float):
    return parse_number(text, f"{path}, row {row}", column, kind)


def load(path: Path = PATH) -> dict[str, Indicator]:
    """The declaration, in sort order; a bad row raises naming the file, row and reason."""
    from warehouse.tables import table

    counts = {s: {c.name for c in table(s).columns if c.type == "BIGINT"} for s in SOURCES}
    out: dict[str, Indicator] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row, r in enumerate(csv.DictReader(fh), start=2):
            key = (r.get("indicator") or "").strip()
            where = f"{path}, row {row}"
            if not key:
                raise ValueError(f"{where}: empty indicator")
            if key in out:
                raise ValueError(f"{where}: indicator {key} is listed more than once")
            if r["direction"] not in KINDS:
                raise ValueError(f"{where}: direction {r['direction']!r} is not one of {', '.join(KINDS)}")
            if r["unit"] not in UNITS:
                raise ValueError(f"{where}: unit {r['unit']!r} is not one of {', '.join(UNITS)}")
            source = (r.get("source") or "").strip() or DEFAULT_SOURCE
            if source not in SOURCES:
                raise ValueError(f"{where}: source {source!r} is not one of {', '.join(SOURCES)}")
            is_ranked = (r["ranked"] or "").strip().lower() == "true"
            if is_ranked and source != DEFAULT_SOURCE:
                raise ValueError(f"{where}: only indicators of {DEFAULT_SOURCE} can be ranked ({key} comes from {source})")
            for column in ("numerator", "denominator"):
                try:
                    parts = terms(r[column])
                except ValueError as e:
                    raise ValueError(f"{where}: {column} {e}") from None
                for _, c in parts:
                    if c not in counts[source]:
                        raise ValueError(f"{where}: {column} names {c}, not a count column of {source}")
            ind = Indicator(
                key=key, zh=r["zh"].strip(), en=r["en"].strip(), unit=r["unit"], direction=r["direction"],
                target=_num(r["target"], path, row, "target"),
                ranked=is_ranked,
                numerator=r["numerator"].strip() or None, denominator=r["denominator"].strip() or None,
                range_low=_num(r["range_low"], path, row, "range_low"),
                range_high=_num(r["range_high"], path, row, "range_high"),
                range_source=(r["range_source"] or "").strip() or None,
                min_sample=_num(r["min_sample"], path, row, "min_sample", int),
                judge_min_sample=_num(r["judge_min_sample"], path, row, "judge_min_sample", int),
                sort_order=_num(r["sort_order"], path, row, "sort_order", int) or 0,
                source=source,
            )
            if ind.range_low is not None and ind.range_high is not None and ind.range_low > ind.range_high:
                raise ValueError(f"{where}: range_low {ind.range_low} is above range_high {ind.range_high}")
            if ind.direction == "target_range" and ind.target is None and ind.range_low is None:
                raise ValueError(f"{where}: a target_range indicator needs a target or a range")
            out[key] = ind
    return dict(sorted(out.items(), key=lambda kv: kv[1].sort_order))


@cache
def indicators() -> dict[str, Indicator]:
    return load(PATH)


def get(key: str) -> Indicator:
    try:
        return indicators()[key]
    except KeyError:
        raise KeyError(f"{key!r} is not declared in {PATH}") from None


def ranked() -> list[Indicator]:
    return [i for i in indicators().values() if i.ranked]


def of_source(source: str) -> list[Indicator]:
    """The declared indicators whose value is a column of `source`, in sort order."""
    return [i for i in indicators().values() if i.source == source]
