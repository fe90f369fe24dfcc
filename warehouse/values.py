"""Normalization helpers for values, used by the ingest's SQL normalization:

- `register_sql(con)` creates the `v_*` macros of `sql/macros/values.sql` (dates in every
  export style, amounts, day counts, full-width folding) and the `cn_*` case-number macros;
- `vocabulary(text)` and `personal_name(text)` normalize one distinct value in Python
  (NFKC, trimmed; Traditional → Simplified for vocabulary only, never for names). The
  ingest applies them to the DISTINCT values of a batch and joins the result back in SQL.

What does not belong here: row-level logic (that is SQL in `warehouse/sql/`).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from warehouse import casenumber

MACROS = Path(__file__).resolve().parent / "sql" / "macros" / "values.sql"
_WS = re.compile(r"\s+")
# Control characters (other than whitespace) and zero-width format characters: never part
# of a name or a vocabulary value; a NUL or ESC left by an export would make a second judge
# beside the real one and reach the bulletin's HTML as raw bytes.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


@lru_cache(maxsize=1)
def _t2s():
    from opencc import OpenCC

    return OpenCC("t2s")


def register_sql(con) -> None:
    """Create the temp `v_*` and `cn_*` macros on a connection (idempotent)."""
    con.execute(MACROS.read_text(encoding="utf-8"))
    casenumber.register_sql(con)


def vocabulary(text: str | None) -> str | None:
    """A vocabulary value (disposition, procedure, cause, division, court name): NFKC,
    whitespace and invisible characters removed, Traditional → Simplified; None when empty."""
    if text is None:
        return None
    s = _WS.sub("", _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)))
    return _t2s().convert(s) if s else None


def personal_name(text: str | None) -> str | None:
    """A personal name (judge): NFKC, invisible characters removed, trimmed, never
    converted; None when empty."""
    if text is None:
        return None
    s = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip()
    return s or None
