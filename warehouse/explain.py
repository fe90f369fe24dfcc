"""The cases behind a number: `courts explain --court 甘3001 --quarter 2024Q1 --indicator
within_limit_rate` lists the cases in an indicator's numerator and denominator, recomputes
the value from them and checks it against `court_quarter_performance` (or
`court_ytd_performance` with `--ytd`). For 案件比 (`--indicator matter_ratio`, …) it lists
the families of court_quarter_matter_ratio / court_ytd_matter_ratio (docs/matter_ratio.md).

The case sets come from the same case flags the tables are built from (the macro
`performance_case_facts`, warehouse/sql/macros/performance.sql); what each indicator
counts is declared once in `INDICATORS` below. A table value that no longer matches the
recomputation (the table is older than `cases`, or wrong) is reported as an error.
docs/explain.md shows the same in plain SQL over `cases`, for analysts.

What belongs here: the indicator → case-set map and `explain()`. Not the formulas (they
are SQL) nor the command and its output formats (pipelines/commands/explain.py).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import duckdb

from warehouse import indicators as declared_indicators
from warehouse import models
from warehouse.periods import quarter_bounds
from warehouse.tables import table

BASE_COLUMNS = ("case_number", "case_type", "category", "judge", "filing_date", "closing_date")
LIMIT_COLUMNS = ("procedure", "limit_label", "extension_days", "excluded_days", "deadline_date", "closed_within_limit")


@dataclass(frozen=True)
class Side:
    """One side of an indicator: the cases (a predicate over performance_case_facts) and
    the quantity aggregated over them (count, sum, mean, …)."""

    label: str
    where: str
    measure: str = "count(*)"


@dataclass(frozen=True)
class Indicator:
    # value   — numerator quantity is the value (counts, means, medians)
    # ratio   — numerator / denominator
    # days_ratio — days in period × numerator / denominator (CEPEJ disposition time)
    formula: str
    numerator: Side
    denominator: Side | None = None
    columns: tuple[str, ...] = ()


CLOSED = Side("closed in the period", "is_closed")
ACTIVE = Side("carried over + received", "is_carried_over or is_received")
FIRST_CLOSED = Side("first-instance cases (民初, 刑初, 行初) closed", "is_first_instance_closed")
APPEAL_COLS = ("disposition_group", "appeal_case_numbers", "appeal_reversed_remanded")
ENF_COLS = ("disposition_group", "amount_claimed", "amount_recovered", "duration_days")

INDICATORS: dict[str, Indicator] = {
    "carried_over": Indicator("value", Side("filed before the start and pending at it", "is_carried_over")),
    "received": Indicator("value", Side("filed in the period", "is_received")),
    "closed": Indicator("value", CLOSED, columns=("disposition_group", "duration_days")),
    "pending_end": Indicator("value", Side("pending at the end", "is_pending_end"), columns=("deadline_date",)),
    "closure_to_filing_ratio": Indicator("ratio", CLOSED, Side("filed in the period", "is_received")),
    "closure_rate": Indicator("ratio", CLOSED, ACTIVE),
    "closed_with_limit": Indicator("value", Side("closed, type with a limit", "is_closed_with_limit"), columns=LIMIT_COLUMNS),
    "closed_within_limit": Indicator("value", Side("closed on or before the deadline", "is_closed_within_limit"),
                                     columns=LIMIT_COLUMNS),
    "within_limit_rate": Indicator(
        "ratio",
        Side("closed on or before the deadline", "is_closed_within_limit"),
        Side("closed, type with a limit", "is_closed_with_limit"),
        columns=LIMIT_COLUMNS + ("duration_days",),
    ),
    "avg_duration_days": Indicator("value", Side("closed in the period", "is_closed", "avg(duration_days)"),
                                   columns=("excluded_days", "duration_days")),
    "median_duration_days": Indicator("value", Side("closed in the period", "is_closed", "quantile_cont(duration_days, 0.5)"),
                                      columns=("excluded_days", "duration_days")),
    "long_pending_12m": Indicator("value", Side("pending at the end, filed > 12 months before it", "is_long_pending_12m")),
    "long_pending_18m": Indicator("value", Side("pending at the end, filed > 18 months before it", "is_long_pending_18m")),
    "long_pending_36m": Indicator("value", Side("pending at the end, filed > 36 months before it", "is_long_pending_36m")),
    "long_pending_12m_share": Indicator(
        "ratio", Side("pending at the end, filed > 12 months before it", "is_long_pending_12m"),
        Side("pending at the end", "is_pending_end"),
    ),
    "mediation_withdrawal_rate": Indicator(
        "ratio", Side("民初 closed by mediation or withdrawal", "is_mediation_withdrawal"),
        Side("民初 closed", "is_civil_first_closed"), columns=("disposition", "disposition_group"),
    ),
    "appeal_rate": Indicator("ratio", Side("appealed (民终/刑终/行终 at any court)", "is_appealed"), FIRST_CLOSED,
                             columns=APPEAL_COLS),
    # 1 − appeal_rate: the first-instance cases closed without an appeal, over all of them
    "first_instance_acceptance_rate": Indicator(
        "ratio", Side("not appealed (服判息诉)", "is_first_instance_closed and not is_appealed"), FIRST_CLOSED,
        columns=APPEAL_COLS,
    ),
    "reversed_remanded_rate": Indicator(
        "ratio", Side("appeal closed as reversed or remanded", "is_reversed_remanded"), FIRST_CLOSED, columns=APPEAL_COLS,
    ),
    "enforcement_recovery_rate": Indicator(
        "ratio",
        Side("执/执恢 closed with amount_claimed > 0: Σ amount_recovered (NULL = 0)", "is_enforcement_claimed",
             "sum(recovered_amount)"),
        Side("执/执恢 closed with amount_claimed > 0: Σ amount_claimed", "is_enforcement_claimed", "sum(amount_claimed)"),
        columns=ENF_COLS,
    ),
    "enforcement_completion_rate": Indicator(
        "ratio", Side("执/执恢 closed as enforced", "is_enforcement_enforced"),
        Side("执/执恢 closed", "is_enforcement_closed"), columns=ENF_COLS,
    ),
    "first_enforcement_no_assets_rate": Indicator(
        "ratio", Side("执 closed as terminated_no_assets", "is_first_enforcement_no_assets"),
        Side("执 closed", "is_first_enforcement_closed"), columns=ENF_COLS,
    ),
    "first_enforcement_avg_days": Indicator(
        "value", Side("执 closed", "is_first_enforcement_closed", "avg(duration_days)"), columns=ENF_COLS,
    ),
    "judges": Indicator("value", Side("closed in the period: distinct judges", "is_closed", "count(distinct judge)")),
    "closed_per_judge": Indicator(
        "ratio", CLOSED, Side("closed in the period: distinct judges", "is_closed", "count(distinct judge)"),
    ),
    "disposition_time_days": Indicator(
        "days_ratio", Side("pending at the end", "is_pending_end"), CLOSED, columns=("disposition_group",),
    ),
}


class ExplainError(ValueError):
    """Bad request (unknown indicator, quarter, court or category row)."""


# 案件比 (docs/matter_ratio.md): the families behind court_quarter_matter_ratio /
# court_ytd_matter_ratio, from the macro matter_ratio_facts (one row per case of a
# counted family). indicator: (formula, numerator side, denominator side) where a side is
# (label, what it lists: "cases" or "families", predicate over the family rows).
MATTER_INDICATORS: dict[str, tuple[str, tuple, tuple | None]] = {
    "matters": ("value", ("disputes (件): originating roots filed in the period", "families", "true"), None),
    "case_numbers": ("value", ("case numbers (案): the disputes and their derived cases filed by the end", "cases", "true"), None),
    "derived_cases": ("value", ("derived cases filed by the end", "cases", "not is_root"), None),
    "matter_ratio": ("ratio", ("case numbers (案): the disputes and their derived cases filed by the end", "cases", "true"),
                     ("disputes (件): originating roots filed in the period", "families", "true")),
    "derived_matter_share": ("ratio", ("disputes with at least one derived case", "families", "derived_cases > 0"),
                             ("disputes (件): originating roots filed in the period", "families", "true")),
}


def _explain_matter(con, court: str, quarter: str, indicator: str, period: str) -> dict:
    start, end = quarter_bounds(quarter)
    table_name = "court_quarter_matter_ratio" if period == "quarter" else "court_ytd_matter_ratio"
    rows = con.execute(f'SELECT "{indicator}", period_start, period_end FROM {table_name} '
                       "WHERE court_code = ? AND quarter = ?", [court, quarter]).fetchall()
    if not rows:
        raise ExplainError(f"{table_name} has no row for court {court}, quarter {quarter}")
    table_value, period_start, period_end = rows[0]
    models.register_macros(con)
    first = date(start.year, 1, 1) if period == "ytd" else start
    con.execute("CREATE OR REPLACE TEMP TABLE explain_periods AS "
                "SELECT ?::VARCHAR AS quarter, ?::DATE AS period_start, ?::DATE AS period_end", [quarter, first, end])
    con.execute("CREATE OR REPLACE TEMP TABLE explain_matter AS SELECT * FROM matter_ratio_facts('explain_periods') "
                "WHERE court_code = ?", [court])
    con.execute("""CREATE OR REPLACE TEMP TABLE explain_families AS
        SELECT m.root_case_number, f.root_case_type, f.root_filing_date,
               count(*) FILTER (WHERE NOT m.is_root) AS derived_cases,
               list(m.case_number ORDER BY m.filing_date, m.case_number) FILTER (WHERE NOT m.is_root) AS derived
        FROM explain_matter m JOIN case_families f USING (root_case_number)
        GROUP BY ALL""")

    def side(spec):
        label, what, where = spec
        if what == "families":
            cur = con.execute(f"SELECT * FROM explain_families WHERE {where} ORDER BY root_filing_date, root_case_number")
        else:
            cur = con.execute("SELECT m.case_number, m.root_case_number, coalesce(m.link_kind, 'root') AS link_kind, "
                              "c.court_code, c.case_type, m.filing_date FROM explain_matter m "
                              f"JOIN cases c USING (case_number) WHERE {where} ORDER BY m.root_case_number, "
                              "m.filing_date, m.case_number")
        cols = [d[0] for d in cur.description]
        items = [{c: _plain(v) for c, v in zip(cols, r, strict=True)} for r in cur.fetchall()]
        return {"label": label, "count": len(items), "value": len(items), "cases": items}

    formula, num_spec, den_spec = MATTER_INDICATORS[indicator]
    numerator = side(num_spec)
    denominator = side(den_spec) if den_spec else None
    if formula == "value":
        recomputed = numerator["value"]
    else:
        recomputed = numerator["value"] / denominator["value"] if denominator["value"] else None
    col = table(table_name).column(indicator)
    declared = declared_indicators.indicators().get(indicator)
    return {
        "table": table_name, "court_code": court, "quarter": quarter, "category": "all",
        "period_start": _plain(period_start), "period_end": _plain(period_end),
        "days_in_period": (end - first).days + 1, "indicator": indicator,
        "indicator_zh": declared.zh if declared else col.zh,
        "definition": col.en, "formula": formula, "value": _plain(table_value), "recomputed": _plain(recomputed),
        "matches": _close(table_value, recomputed), "numerator": numerator, "denominator": denominator,
        "assessment": _assessment(indicator),
    }


def _plain(v):
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, list):
        return [_plain(x) for x in v]
    return v


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)


def _side(con, ind: Side, columns: tuple[str, ...]) -> dict:
    quantity, count = con.execute(
        f"SELECT {ind.measure}, count(*) FROM explain_facts WHERE {ind.where}"
    ).fetchall()[0]
    cols = list(dict.fromkeys(BASE_COLUMNS + columns))
    cur = con.execute(
        f"SELECT {', '.join(cols)} FROM explain_facts WHERE {ind.where} ORDER BY filing_date, case_number"
    )
    cases = [{c: _plain(v) for c, v in zip(cols, row, strict=True)} for row in cur.fetchall()]
    return {"label": ind.label, "count": int(count), "value": _plain(quantity), "cases": cases}


def explain(
    con: duckdb.DuckDBPyConnection,
    court: str,
    quarter: str,
    indicator: str,
    category: str = "all",
    period: str = "quarter",
) -> dict:
    """The cases behind `indicator` for one court, quarter and category.

    Returns a dict: the table's `value`, the `recomputed` value, `matches`, and
    `numerator` / `denominator` (each: label, count of cases, the aggregated `value` and
    the `cases` as dicts). For indicators that are not rates, `denominator` is None and
    `numerator` holds the cases behind the value. `period` is `quarter` or `ytd`.
    """
    if period not in ("quarter", "ytd"):
        raise ExplainError(f"period must be quarter or ytd, not {period!r}")
    if indicator not in INDICATORS and indicator not in MATTER_INDICATORS:
        raise ExplainError(f"unknown indicator {indicator!r}; one of: {', '.join([*INDICATORS, *MATTER_INDICATORS])}")
    try:
        start, end = quarter_bounds(quarter)
    except ValueError as exc:
        raise ExplainError(str(exc)) from None
    if indicator in MATTER_INDICATORS:
        return _explain_matter(con, court, quarter, indicator, period)
    table_name = "court_quarter_performance" if period == "quarter" else "court_ytd_performance"
    spec = INDICATORS[indicator]
    table_value, period_start, period_end = _table_row(con, table_name, court, quarter, category, indicator)
    first = date(start.year, 1, 1) if period == "ytd" else start
    _case_facts(con, quarter, first, end, court, category)
    numerator = _side(con, spec.numerator, spec.columns)
    denominator = _side(con, spec.denominator, spec.columns) if spec.denominator else None
    days = (end - first).days + 1
    recomputed = _recompute(spec.formula, numerator["value"], denominator["value"] if denominator else None, days)
    column = table(table_name).column(indicator)
    return {
        "table": table_name,
        "court_code": court,
        "quarter": quarter,
        "category": category,
        "period_start": _plain(period_start),
        "period_end": _plain(period_end),
        "days_in_period": days,
        "indicator": indicator,
        "indicator_zh": column.zh,
        "definition": column.en,
        "formula": spec.formula,
        "value": _plain(table_value),
        "recomputed": _plain(recomputed),
        "matches": _close(table_value, recomputed),
        "numerator": numerator,
        "denominator": denominator,
        "assessment": _assessment(indicator),
    }


def _table_row(con, table_name: str, court: str, quarter: str, category: str, indicator: str) -> tuple:
    """(value, period_start, period_end) of the table's row, or an ExplainError saying why
    there is none."""
    rows = con.execute(
        f'SELECT "{indicator}", period_start, period_end FROM {table_name} '
        "WHERE court_code = ? AND quarter = ? AND category = ?",
        [court, quarter, category],
    ).fetchall()
    if rows:
        return rows[0]
    known = con.execute(
        f"SELECT count(*) FROM {table_name} WHERE court_code = ? AND quarter = ?", [court, quarter]
    ).fetchall()[0][0]
    raise ExplainError(
        f"{table_name} has no row for court {court}, quarter {quarter}, category {category}"
        + (" (a category row exists only when the category had cases)" if known else "")
    )


def _case_facts(con, quarter: str, first: date, end: date, court: str, category: str) -> None:
    """The temp table explain_facts: the court's case flags for the period, from the same
    macro the tables are built from."""
    models.register_macros(con)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE explain_periods AS "
        "SELECT ?::VARCHAR AS quarter, ?::DATE AS period_start, ?::DATE AS period_end",
        [quarter, first, end],
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE explain_facts AS "
        "SELECT * FROM performance_case_facts('explain_periods') "
        "WHERE court_code = ? AND (? = 'all' OR category = ?)",
        [court, category, category],
    )


def _recompute(formula: str, n, d, days: int):
    """The indicator's value from its numerator and denominator sides."""
    if formula == "value":
        return n
    if not d or n is None:
        return None
    if formula == "ratio":
        return float(n) / float(d)
    return days * float(n) / float(d)  # days_ratio


def _assessment(indicator: str) -> dict | None:
    """How an indicator is assessed, from its one declaration (warehouse/reference/
    indicators.csv): direction, target, range, counts, and whether and with what sample it
    is ranked; None for columns the declaration does not list."""
    ind = declared_indicators.indicators().get(indicator)
    if ind is None:
        return None
    return {"direction": ind.direction, "target": ind.target, "range_low": ind.range_low,
            "range_high": ind.range_high, "numerator_counts": ind.numerator, "denominator_counts": ind.denominator,
            "ranked": ind.ranked, "source": ind.source,
            "min_sample": ind.min_sample, "judge_min_sample": ind.judge_min_sample}
