"""`courts explain`: the command over warehouse/explain.py — its arguments, and the result
printed as an aligned table, CSV (formula-escaped) or JSON. Exit 1 when the table's value
no longer matches the cases (the table is stale or wrong), 2 on bad input.
"""
from __future__ import annotations

import argparse
import io
import json
import sys

import duckdb

from warehouse import csvsafe, db, texttable
from warehouse.explain import INDICATORS, MATTER_INDICATORS, ExplainError, explain
from warehouse.settings import Settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="DuckDB file, opened read-only (default: the published copy, $COURTS_PUBLISHED)")
    p.add_argument("--court", required=True, help="court code, e.g. 甘3001")
    p.add_argument("--quarter", required=True, help="quarter label, e.g. 2024Q1")
    p.add_argument("--indicator", required=True, choices=[*INDICATORS, *MATTER_INDICATORS], metavar="INDICATOR",
                   help="a column of court_quarter_performance, e.g. within_limit_rate, or of "
                        "court_quarter_matter_ratio (matter_ratio lists the families behind 案件比)")
    p.add_argument("--category", default="all",
                   help="all (default) or civil / criminal / administrative / enforcement / preservation / other")
    p.add_argument("--ytd", action="store_true", help="explain court_ytd_performance (Jan 1 to the quarter's end)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default table)")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ",".join(str(x) for x in v)
    if isinstance(v, float):
        return f"{v:.6g}"
    return str(v)


def _table(cases: list[dict]) -> str:
    if not cases:
        return "  (no cases)"
    cols = list(cases[0])
    return texttable.aligned(cols, [[c[k] for k in cols] for c in cases], indent="  ", cell=_cell)


def _fmt(v) -> str:
    return "NULL" if v is None else (f"{v:.6f}" if isinstance(v, float) else str(v))


def render(result: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2)
    sides = [("numerator", result["numerator"]), ("denominator", result["denominator"])]
    if fmt == "csv":
        buf = io.StringIO()
        cols = list(dict.fromkeys(k for _, s in sides if s for c in s["cases"] for k in c))
        w = csvsafe.writer(buf, lineterminator="\r\n")  # RFC 4180: a CR or LF in a cell is quoted
        w.writerow(["side", *cols])
        for name, s in sides:
            for c in (s or {}).get("cases", []):
                w.writerow([name, *(_cell(c.get(k)) for k in cols)])
        return buf.getvalue().removesuffix("\r\n")
    r = result
    out = [
        f"{r['indicator']} ({r['indicator_zh']}) — {r['court_code']} {r['quarter']} category {r['category']} "
        f"[{r['period_start']} … {r['period_end']}, {r['days_in_period']} days] from {r['table']}",
        f"definition: {r['definition']}",
        f"value in table: {_fmt(r['value'])}    recomputed from cases: {_fmt(r['recomputed'])}    "
        + ("match" if r["matches"] else "MISMATCH"),
    ]
    a = r.get("assessment")
    if a:
        out.append(
            f"assessed as: {a['direction']}"
            + (f" (target {a['target']})" if a["target"] is not None else "")
            + f"; default range {_fmt(a['range_low'])} … {_fmt(a['range_high'])}"
            + f"; counts {a['numerator_counts'] or '—'} / {a['denominator_counts'] or '—'}"
            + (f"; ranked with ≥ {a['min_sample'] or 0} in the denominator" if a["ranked"] else "; not ranked")
            + (f", judges with ≥ {a['judge_min_sample']}" if a["ranked"] and a["judge_min_sample"] else "")
            + " (warehouse/reference/indicators.csv)")
    for name, s in sides:
        if s is None:
            continue
        out.append("")
        out.append(f"{name}: {s['label']} — {s['count']} cases, value {_fmt(s['value'])}")
        out.append(_table(s["cases"]))
    return "\n".join(out)


def run(args) -> int:
    path = args.db or str(Settings.from_env().published)
    try:
        with db.connect(path, read_only=True, wait_seconds=5) as con:
            result = explain(con, args.court, args.quarter, args.indicator, args.category,
                             "ytd" if getattr(args, "ytd", False) else "quarter")
    except ExplainError as exc:
        sys.stderr.write(f"courts explain: error: {exc}\n")
        return 2
    except (duckdb.Error, RuntimeError) as exc:
        sys.stderr.write(f"courts explain: error: {path}: {str(exc).splitlines()[0]}\n")
        return 2
    print(render(result, args.format))
    if not result["matches"]:
        sys.stderr.write(
            f"courts explain: error: {result['table']}.{result['indicator']} = {_fmt(result['value'])} but the cases give "
            f"{_fmt(result['recomputed'])}: the table is stale or wrong; rebuild quarter {result['quarter']}\n"
        )
        return 1
    return 0
