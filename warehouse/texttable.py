"""Tables as text: the one place rows become a markdown table (Dagster metadata, check
examples) or an aligned plain-text table for a terminal (`courts sql`, `courts demo`,
`courts explain`). Terminal alignment counts East Asian wide characters (Chinese) as
two columns, so 法院 names line up with ASCII figures.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence


def display_width(text: str) -> int:
    """Columns a string occupies on a terminal (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _text(v) -> str:
    return "" if v is None else str(v)


def markdown(columns: Sequence[str], rows: Sequence[Sequence], limit: int | None = None,
             empty: str = "", cell: Callable[[object], str] = _text) -> str:
    """A markdown table of `rows` (at most `limit` of them); `empty` when there are none.
    A `|` inside a cell is escaped so it cannot split the cell."""
    if not rows:
        return empty
    shown = rows if limit is None else rows[:limit]

    def line(values) -> str:
        return "| " + " | ".join(cell(v).replace("|", "\\|").replace("\n", " ") for v in values) + " |"

    return "\n".join([line(columns), "|" + "---|" * len(columns), *(line(r) for r in shown)])


def aligned(columns: Sequence[str], rows: Sequence[Sequence], indent: str = "",
            cell: Callable[[object], str] = _text) -> str:
    """A plain-text table: a header, a rule of dashes, one line per row, columns padded to
    their display width."""
    cells = [[cell(v) for v in r] for r in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values) -> str:
        return (indent + "  ".join(v + " " * (w - display_width(v)) for v, w in zip(values, widths, strict=True))).rstrip()

    return "\n".join([line(list(columns)), line(["-" * w for w in widths]), *(line(r) for r in cells)])
