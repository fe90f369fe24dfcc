"""The case-number (案号) parser: one grammar, served to Python (`parse`) and to DuckDB SQL
(`register_sql` creates the `cn_*` macros). The `courts parse-case-number` command lives in
pipelines/commands/parse_case_number.py.

What belongs here: the grammar of spec/case-number.md and nothing else. The grammar
(`grammar()`) is built once per process from reference data — court-code prefixes
(`reference/provinces.csv`), specialized-trial codes (`reference/specialized_codes.csv`)
and case types (`reference/case_types.csv`) — into:

- a translation table applied before parsing (whitespace removed, full-width digits and
  the NFKC compatibility forms of the grammar's characters folded, `()` and `〔〕` to
  `（）`, Traditional forms of the grammar's own characters such as 號 執 終 to
  Simplified). Python applies it with `str.translate`, SQL with `translate()`.
- `standard` and `legacy`: regular expressions written in the common subset of Python `re`
  and RE2 (literal characters, `[0-9]`, no `\\d`, no look-around), used verbatim by both.
- `error_rules`: an ordered list of (pattern that must match, error); the first failing
  rule explains why a number is not valid. Both sides evaluate the same list.

The SQL side (`sql/macros/case_number.sql`, filled with the grammar by `macros_sql`):
`cn_parse(s)` (every field of the command's JSON), `cn_fields(s)` (the parsed fields),
`cn_normalize(s)`, and for set-based SQL the two-step `cn_match(s)` then `cn_m_<field>(s,
m)`, which the ingest's normalization uses so the pattern runs once per row.

`tests/test_casenumber.py` runs both implementations over a corpus and asserts identical
outputs.

Readings (decided here, documented for analysts):
- Legacy numbers (`（2014）桃刑初字第108号`) keep their court abbreviation in the normalized
  number; court_code is NULL. Their case type drops the tribunal numeral
  (`民二初` → `民初`, the modern code that absorbed the numbered civil tribunals) and is
  NULL when the result is not a known case type (e.g. `民提`).
- The `之N` suffix is written in Chinese numerals (之一 … 之十二 …), as the SPC rules do.
- Years run 1900–2099; serials have 1–8 significant digits, leading zeros dropped, never 0.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from warehouse.settings import REFERENCE_DIR

FIELDS = (
    "input", "valid", "style", "year", "court_code", "specialized", "case_type", "category",
    "instance", "serial", "suffix", "normalized", "error",
)

NUMERALS = "一二三四五六七八九十百零〇"
# Legacy (pre-2016) type texts: a category character, an optional tribunal numeral, then
# instance characters, just before 字第.
LEGACY_CATEGORY = "民刑行执赔"
LEGACY_INSTANCE = "初终申再监抗特督催他更核提复异恢保辖撤清救"
TRIBUNAL_NUMERALS = "一二三四五六七八九十"


def _read_csv(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _alternation(items) -> str:
    """Regex alternation, longest first, so that both engines prefer the longest code."""
    return "|".join(sorted(set(items), key=lambda s: (-len(s), s)))


def _class_escape(ch: str) -> str:
    return "\\" + ch if ch in "\\]^-[" else ch


@dataclass(frozen=True)
class Grammar:
    translation_from: str  # characters mapped, then characters deleted (SQL translate order)
    translation_to: str
    dirty_class: str  # regex class matching any character the translation changes
    standard: str
    legacy: str
    error_rules: tuple[tuple[str, str], ...]
    final_error: str
    case_types: dict[str, tuple[str, str]]  # case_type -> (category, instance)


def _translation(alphabet: set[str]) -> tuple[dict[str, str], set[str]]:
    """Map of characters to their canonical form, and the characters to delete."""
    mapping: dict[str, str] = {}
    # NFKC compatibility forms of digits, brackets and the grammar's characters
    targets = set("0123456789()") | alphabet
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        n = unicodedata.normalize("NFKC", ch)
        if n != ch and len(n) == 1 and n in targets:
            mapping[ch] = n
    # Traditional forms of the grammar's characters (號, 執, 終, 遼 …)
    from opencc import OpenCC

    t2s = OpenCC("t2s")
    for cfg in ("s2t", "s2tw", "s2hk"):
        cc = OpenCC(cfg)
        for g in alphabet:
            t = cc.convert(g)
            if t != g and len(t) == 1 and t2s.convert(t) == g:
                mapping[t] = g
    # brackets: half-width and 〔〕 become full-width （）
    for ch, tgt in list(mapping.items()):
        if tgt == "(":
            mapping[ch] = "（"
        elif tgt == ")":
            mapping[ch] = "）"
    mapping.update({"(": "（", ")": "）", "〔": "（", "〕": "）"})
    deleted = {
        chr(cp) for cp in range(0x10000)
        if chr(cp).isspace() or unicodedata.category(chr(cp)) == "Zs"
    } | {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
    for ch in deleted:
        mapping.pop(ch, None)
    mapping = {ch: tgt for ch, tgt in mapping.items() if ch != tgt}
    return mapping, deleted


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    provinces = _read_csv("provinces.csv")
    specialized = [r["code"] for r in _read_csv("specialized_codes.csv")]
    types = {r["case_type"]: (r["category"], r["instance"]) for r in _read_csv("case_types.csv")}

    with_digits = [r["code"] for r in provinces if r["takes_digits"].strip().lower() == "true"]
    without_digits = [r["code"] for r in provinces if r["takes_digits"].strip().lower() != "true"]
    court = f"(?:{_alternation(without_digits)}|(?:{_alternation(with_digits)})(?:[0-9]{{2}}(?:[0-9]{{2}})?)?)"
    year = "((?:19|20)[0-9]{2})"
    serial = "0*([1-9][0-9]{0,7})"
    suffix = f"(之[{NUMERALS}]+)?"
    standard = (
        f"^（{year}）({court})({_alternation(specialized)})?({_alternation(types)}){serial}号{suffix}$"
    )
    legacy = (
        f"^（{year}）([一-鿿]{{0,8}}?)"
        f"([{LEGACY_CATEGORY}][{TRIBUNAL_NUMERALS}]?[{LEGACY_INSTANCE}]*)字第{serial}号{suffix}$"
    )
    error_rules = (
        (".", "empty case number"),
        ("^（", "does not start with the year in brackets, e.g. （2024）甘3001民初123号 (text before the number?)"),
        ("^（[0-9]{4}）", "the year must be four digits in brackets"),
        ("^（(?:19|20)[0-9]{2}）", "the year must lie between 1900 and 2099"),
        (f"号(?:之[{NUMERALS}]+)?$", "does not end with 号 or 号之N (text after the number?)"),
        ("^（[0-9]{4}）[^0-9]", "no court code or case type after the year: a document number such as （2015）1743号 is not a case number"),
        (f"(?:^|[^0-9])0*[1-9][0-9]{{0,7}}号(?:之[{NUMERALS}]+)?$", "the serial must be 1 to 8 digits and not zero"),
    )
    final_error = "unknown court code or case type"

    alphabet = set("".join(with_digits + without_digits + specialized + list(types)))
    alphabet |= set("号之字第" + NUMERALS + LEGACY_CATEGORY + LEGACY_INSTANCE)
    mapping, deleted = _translation(alphabet)
    src = "".join(sorted(mapping))
    dst = "".join(mapping[c] for c in src)
    dele = "".join(sorted(deleted))
    dirty = "[" + "".join(_class_escape(c) for c in src + dele) + "]"
    return Grammar(src + dele, dst, dirty, standard, legacy, error_rules, final_error, types)


@lru_cache(maxsize=1)
def _compiled():
    g = grammar()
    table = {ord(c): None for c in g.translation_from[len(g.translation_to):]}
    table.update({ord(a): b for a, b in zip(g.translation_from, g.translation_to, strict=False)})
    return (
        table,
        re.compile(g.standard),
        re.compile(g.legacy),
        [(re.compile(p), e) for p, e in g.error_rules],
        re.compile("[" + TRIBUNAL_NUMERALS + "]"),
    )


@dataclass(frozen=True)
class CaseNumber:
    input: str | None
    valid: bool
    style: str | None = None  # standard / legacy
    year: int | None = None
    court_code: str | None = None
    specialized: str | None = None
    case_type: str | None = None
    category: str | None = None
    instance: str | None = None
    serial: int | None = None
    suffix: str | None = None
    normalized: str | None = None
    error: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def clean(text: str | None) -> str:
    """The translation step alone: whitespace removed, forms folded (see module doc)."""
    table = _compiled()[0]
    return (text or "").translate(table)


def parse(text: str | None) -> CaseNumber:
    """Parse one case number; never raises: invalid input gives valid=False and an error."""
    g = grammar()
    table, std, leg, rules, numerals = _compiled()
    if text is not None and not isinstance(text, str):
        text = str(text)
    c = (text or "").translate(table)
    m = std.search(c)
    if m:
        year, court, spec, ctype, serial, suffix = m.groups()
        cat, inst = g.case_types[ctype]
        normalized = f"（{year}）{court}{spec or ''}{ctype}{serial}号{suffix or ''}"
        return CaseNumber(text, True, "standard", int(year), court, spec, ctype, cat, inst,
                          int(serial), suffix, normalized, None)
    m = leg.search(c)
    if m:
        year, court, type_text, serial, suffix = m.groups()
        ctype = numerals.sub("", type_text)
        ctype = ctype if ctype in g.case_types else None
        cat, inst = g.case_types[ctype] if ctype else (None, None)
        normalized = f"（{year}）{court}{type_text}字第{serial}号{suffix or ''}"
        return CaseNumber(text, True, "legacy", int(year), None, None, ctype, cat, inst,
                          int(serial), suffix, normalized, None)
    for rx, err in rules:
        if not rx.search(c):
            return CaseNumber(text, False, error=err)
    return CaseNumber(text, False, error=g.final_error)


def normalize(text: str | None) -> str | None:
    """The normalized number, or None when `text` is not a valid case number."""
    return parse(text).normalized


# --- SQL -------------------------------------------------------------------------------

MACROS_SQL = Path(__file__).resolve().parent / "sql" / "macros" / "case_number.sql"


def sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def macros_sql() -> str:
    """The macro script with the grammar's patterns filled in as SQL literals."""
    g = grammar()
    error_case = "\n        ".join(
        f"WHEN NOT regexp_matches(c, {sql_literal(p)}) THEN {sql_literal(e)}" for p, e in g.error_rules
    )
    types = sorted(g.case_types)
    subs = {
        "TRANSLATE_FROM": sql_literal(g.translation_from),
        "TRANSLATE_TO": sql_literal(g.translation_to),
        "DIRTY_CLASS": sql_literal(g.dirty_class),
        "STANDARD": sql_literal(g.standard),
        "LEGACY": sql_literal(g.legacy),
        "TRIBUNAL_NUMERALS": sql_literal("[" + TRIBUNAL_NUMERALS + "]"),
        "ERROR_CASE": error_case,
        "FINAL_ERROR": sql_literal(g.final_error),
        "CASE_TYPES": "[" + ", ".join(sql_literal(t) for t in types) + "]",
        "CATEGORY_MAP": "MAP {" + ", ".join(f"{sql_literal(t)}: {sql_literal(g.case_types[t][0])}" for t in types) + "}",
        "INSTANCE_MAP": "MAP {" + ", ".join(f"{sql_literal(t)}: {sql_literal(g.case_types[t][1])}" for t in types) + "}",
    }
    text = MACROS_SQL.read_text(encoding="utf-8")
    for k, v in subs.items():
        text = text.replace("{{" + k + "}}", v)
    left = re.search(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise ValueError(f"{MACROS_SQL}: unfilled placeholder {left.group()}")
    return text


def register_sql(con) -> None:
    """Create the temp `cn_*` macros on a DuckDB connection (idempotent)."""
    con.execute(macros_sql())
