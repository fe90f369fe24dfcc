"""Consistency rules generated from the indicator declaration
(`warehouse/reference/indicators.csv`), the way the structural checks are generated from
`warehouse/tables.py`: adding or changing an indicator's numerator and denominator changes
the checks, with no hand-written SQL to edit.

For every table of `TABLES` and every declared indicator whose value column and count
columns the table has, the rule `indicator_counts` returns the rows where
- the value is not NULL while its denominator is 0 (every indicator with a denominator);
- for a quotient (numerator and denominator declared): the value is NULL exactly when the
  denominator is 0, and otherwise equals numerator / denominator (within 1e-12);
- for a rate (a share of cases): 0 ≤ numerator ≤ denominator;
- where the table stores a Wilson interval beside the rate (`<stem>_ci_low/_ci_high`, stem
  = the key without `_rate`): the interval is NULL exactly when the rate is, and holds it.
What belongs here: building those rules' SQL from the declaration; evaluating them is
`checks.registry`.
"""
from __future__ import annotations

from warehouse.indicators import Indicator, indicators, terms
from warehouse.tables import table

NAME = "indicator_counts"
TABLES = ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
          "court_quarter_matter_ratio", "court_ytd_matter_ratio")
TOLERANCE = "1e-12"
FIX = ("The write was rolled back, so the table keeps its last good state. The stored counts and the "
       "indicator value disagree with warehouse/reference/indicators.csv: fix warehouse/sql/{table}.sql "
       "(or the macro in warehouse/sql/macros/performance.sql), or the declaration, and re-materialize.")


def _expression(expression: str | None) -> str | None:
    parts = terms(expression)
    if not parts:
        return None
    return "(" + " ".join(f"{'-' if sign < 0 else '+'} \"{c}\"" for sign, c in parts).lstrip("+ ") + ")"


def _conditions(ind: Indicator, columns: set[str]) -> list[str]:
    """The failure conditions of one indicator on a table with `columns`."""
    needed = {c for _, c in terms(ind.numerator) + terms(ind.denominator)}
    if ind.key not in columns or not ind.denominator or not needed <= columns:
        return []
    v, num, den = f'"{ind.key}"', _expression(ind.numerator), _expression(ind.denominator)
    out = [f"({v} is not null and {den} = 0)"]
    if num is not None:
        out.append(f"(({v} is null) <> ({den} = 0))")
        out.append(f"({den} > 0 and abs({v} - {num} / {den}) > {TOLERANCE})")
        if ind.is_rate:
            out.append(f"({num} < 0 or {num} > {den})")
    stem = ind.key.removesuffix("_rate")
    low, high = f"{stem}_ci_low", f"{stem}_ci_high"
    if ind.is_rate and {low, high} <= columns:
        out.append(f'(("{low}" is null) <> ({v} is null))')
        out.append(f'({v} < "{low}" - {TOLERANCE} or {v} > "{high}" + {TOLERANCE})')
    return out


def rule_sql(table_name: str, declared: dict[str, Indicator] | None = None) -> str | None:
    """The rule's SELECT for `table_name` (None when no declared indicator applies): one
    row per failing table row × indicator, with the key, the value and its counts."""
    t = table(table_name)
    columns = set(t.column_names)
    key = ", ".join(f'"{c}"' for c in t.key)
    parts = []
    for ind in (declared if declared is not None else indicators()).values():
        conditions = _conditions(ind, columns)
        if not conditions:
            continue
        num = _expression(ind.numerator) or "null"
        parts.append(
            f"select {key}, '{ind.key}' as indicator, \"{ind.key}\" as value, {num} as numerator, "
            f"{_expression(ind.denominator)} as denominator\nfrom {t.qualified}\nwhere "
            + "\n   or ".join(conditions)
        )
    return "\nunion all\n".join(parts) if parts else None


def description(table_name: str, declared: dict[str, Indicator] | None = None) -> str:
    declared = declared if declared is not None else indicators()
    covered = [i.key for i in declared.values() if _conditions(i, set(table(table_name).column_names))]
    return ("Generated from warehouse/reference/indicators.csv: each declared indicator's value is NULL exactly "
            "when its denominator is 0 and equals numerator / denominator; a rate's numerator lies in "
            "0..denominator and its Wilson interval holds it. Indicators: " + ", ".join(covered) + ".")
