"""Bulletins for every level of the court hierarchy: for each issuer (warehouse/issuers.py)
its quarterly bulletin (HTML + XLSX), monthly bulletin and weekly reminder covering its
courts, under `<out>/<quarter>/<issuer_code>/`, and `<out>/<quarter>/index.html` linking
every issuer's reports (filterable by name and code).

What each level receives: an intermediate court the prefecture bulletin
(`quarterly.write_quarterly_bulletin` over its courts: basic courts ranked in their group,
itself against the range); a high court the province overview and the national issuer
the national overview (`overview.html.j2`: the total, each unit — prefecture or province —
with its totals and its basic courts' distribution, the courts of the level below ranked).
Every report reads the same marts through `issuers.scope`, so numbers and vocabulary are
the ones of the prefecture bulletin.

Cost follows the data: by default only issuers with cases in the quarter are rendered; an
issuer whose fingerprint (issuers.sql) matches the manifest `<out>/<quarter>/issuers.json`
and whose files exist is not rendered again; issuers are rendered in worker processes,
each with its own read-only connection, the issuers of all the quarters of a run in one pool.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from warehouse import db, models
from warehouse import issuers as registry
from warehouse.periods import previous_quarter, quarter_bounds
from warehouse.reports.common import (
    INDICATOR_KINDS,
    INDICATORS,
    LEVEL_ZH,
    Col,
    Sheet,
    fmt_range,
    indicator_zh,
    quarter_zh,
    query,
    render,
    table_columns,
    write_text,
    write_workbook,
)
from warehouse.reports.monthly import default_month, write_monthly_bulletin
from warehouse.reports.quarterly import QuarterNotFound, _summary, available_quarters, write_quarterly_bulletin
from warehouse.reports.weekly import write_weekly_reminder
from warehouse.settings import DEFAULT_LIST_LIMIT, Settings

RENDER_VERSION = "3"     # part of the fingerprint: bump when a report's layout changes
MANIFEST = "issuers.json"
ISSUERS_PER_WORKER = 2   # fewer issuers per process and starting the process costs more than it saves
LEVEL_ISSUER_ZH = {"national": "全国", "high": "高级法院", "intermediate": "中级法院"}
UNIT_ZH = {"national": "省（区、市）", "high": "中级法院辖区"}
RANKED_ZH = {"national": "高级法院", "high": "中级法院"}


@dataclass
class IssuerRun:
    """What one run did: issuers rendered (with seconds each), skipped as unchanged,
    without data, and the index page."""

    quarter: str
    index: Path
    rendered: dict[str, float] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    seconds: float = 0.0


def report_month(con: duckdb.DuckDBPyConnection, quarter: str) -> str:
    """The month of the quarter's monthly bulletin: its last month, or the latest complete
    month when the data ends earlier in the quarter."""
    start, end = quarter_bounds(quarter)
    last = f"{end.year:04d}-{end.month:02d}"
    latest = default_month(con)
    first = f"{start.year:04d}-{start.month:02d}"
    return latest if latest is not None and first <= latest < last else last


def report_as_of(con: duckdb.DuckDBPyConnection, quarter: str) -> date:
    """The weekly reminder's as-of date: the latest date deadline_alerts was built for in
    the quarter, else the quarter's last day."""
    start, end = quarter_bounds(quarter)
    row = con.execute("SELECT max(as_of_date) FROM deadline_alerts WHERE as_of_date BETWEEN ? AND ?",
                      [start, end]).fetchall()[0][0]
    return row or end


def write_issuer_reports(con: duckdb.DuckDBPyConnection, issuer: registry.Issuer, quarter: str, out_dir: Path | str,
                         month: str, as_of: date, rankings: bool = True,
                         list_limit: int = DEFAULT_LIST_LIMIT) -> dict[str, str]:
    """Write one issuer's quarterly bulletin, monthly bulletin and weekly reminder under
    `<out>/<quarter>/<code>/`, lists bounded to `list_limit` cases per court (the full
    lists beside them: extracts/, the weekly CSV); returns {kind: path relative to
    `<out>/<quarter>`}."""
    folder = Path(out_dir) / quarter / issuer.code
    courts = registry.covered_courts(con, issuer.code)
    with registry.scope(con, courts):
        if issuer.level == "intermediate":
            bulletin = write_quarterly_bulletin(con, quarter, out_dir, rankings=rankings, folder=folder,
                                                list_limit=list_limit)
        else:
            bulletin = write_overview(con, issuer, quarter, folder, rankings=rankings)
        monthly = write_monthly_bulletin(con, month, folder)
        weekly = write_weekly_reminder(con, as_of, folder, list_limit=list_limit)
    base = Path(out_dir) / quarter
    paths = {"bulletin": bulletin["html"], "workbook": bulletin["xlsx"], "monthly": monthly["html"],
             "weekly": weekly["html"], "weekly_csv": weekly["csv"]}
    return {k: p.relative_to(base).as_posix() for k, p in paths.items()}


# --- the province and national overview --------------------------------------------------------

def write_overview(con: duckdb.DuckDBPyConnection, issuer: registry.Issuer, quarter: str, folder: Path,
                   rankings: bool = True) -> dict[str, Path]:
    """The province (high court) or national overview: `folder/bulletin.html|xlsx`.
    Runs inside `scope` of the issuer's courts."""
    prev, last_year = previous_quarter(quarter), previous_quarter(quarter, 4)
    start, end = quarter_bounds(quarter)
    p = {"issuer": issuer.code, "quarter": quarter}
    totals = {r["period"]: r for r in query(con, "quarterly_totals", {
        "quarter": quarter, "previous_quarter": prev, "last_year_quarter": last_year})}
    units = query(con, "overview_units", p)
    distribution = query(con, "overview_distribution", p)
    ranked = query(con, "overview_ranked", p)
    if not rankings:
        ranked = [r for r in ranked if r["indicator"] != "composite"]
    unit_names = {u["unit_code"]: u["unit_name"] for u in units}

    dist_by_indicator = defaultdict(list)
    for r in distribution:
        dist_by_indicator[r["indicator"]].append({**r, "unit_name": unit_names.get(r["unit_code"], r["unit_code"])})
    ranked_by_indicator = defaultdict(list)
    for r in ranked:
        ranked_by_indicator[r["indicator"]].append(r)
    indicators = []
    for name in INDICATORS + (["composite"] if rankings else []):
        kind = INDICATOR_KINDS[name]
        rows = ranked_by_indicator.get(name, [])
        first = rows[0] if rows else {}
        indicators.append({
            "name": name, "zh": indicator_zh(name), "kind": kind,
            "direction_zh": "越高越好" if first.get("direction", "higher_better") == "higher_better" else "越低越好",
            "range": fmt_range(first.get("range_low"), first.get("range_high"), kind),
            "distribution": dist_by_indicator.get(name, []), "ranked": rows,
        })
    title = f"{issuer.short_name}{quarter_zh(quarter)}审判执行运行态势通报"
    cutoff = query(con, "data_cutoff")[0]["last_export"]
    summary = _summary(totals, issuer.courts)
    html = render("overview.html.j2", title=title, issuer=issuer, quarter=quarter, period_start=start, period_end=end,
                  cutoff=cutoff, rankings=rankings, summary=summary, units=units, indicators=indicators,
                  unit_zh=UNIT_ZH[issuer.level], ranked_zh=RANKED_ZH[issuer.level])
    short = (Col("short_name", "法院简称", "", 12),)
    unit_cols = [Col("unit_code", "单位代字", "", 10), Col("unit_name", "单位", "", 14), Col("courts", "法院数", "int", 8),
                 Col("courts_with_data", "有数据法院数", "int", 10)] + [
        Col(k, indicator_zh(k) if k in INDICATOR_KINDS else zh, fmt, 12) for k, zh, fmt in (
            ("carried_over", "旧存", "int"), ("received", "新收", "int"), ("closed", "已结", "int"),
            ("pending_end", "未结", "int"), ("long_pending_12m", "超12个月未结", "int"), ("closure_rate", "", "pct"),
            ("closure_to_filing_ratio", "", "pct"), ("within_limit_rate", "", "pct"),
            ("long_pending_12m_share", "", "pct"), ("avg_duration_days", "", "num"))]
    dist_cols = [Col("unit_code", "单位代字", "", 10), Col("unit_name", "单位", "", 14), Col("indicator_zh", "指标名称", "", 18),
                 Col("courts", "基层法院数", "int", 10), Col("median", "中位数", "", 10),
                 Col("worst_decile", "最差十分位", "", 10), Col("worst_court", "最差法院", "", 14)]
    rank_cols = table_columns("court_quarter_rankings", after_court=short,
                              drop=() if rankings else ("rank", "score", "previous_rank", "rank_change", "standing"))
    sheets = [
        Sheet("单位汇总", unit_cols, units),
        Sheet("基层法院分布", dist_cols, [{**r, "indicator_zh": indicator_zh(r["indicator"])}
                                    for rows in dist_by_indicator.values() for r in rows]),
        Sheet(f"{RANKED_ZH[issuer.level]}指标", rank_cols, ranked),
    ]
    return {"html": write_text(folder / "bulletin.html", html), "xlsx": write_workbook(folder / "bulletin.xlsx", sheets)}


# --- all issuers of some quarters -----------------------------------------------------------------

def _render_chunk(warehouse: str, out_dir: str, chunk: list[dict], rankings: bool,
                  list_limit: int, memory_limit: str | None = None) -> list[tuple[str, str, dict[str, str], float]]:
    """Worker: render the (quarter, issuer) items of `chunk` on one read-only connection
    (within `memory_limit`: the workers' share of COURTS_MEMORY_LIMIT); returns (quarter,
    issuer code, files, seconds) for each."""
    done = []
    with db.connect(warehouse, read_only=True, memory_limit=memory_limit, wait_seconds=30) as con:
        models.register_reference_views(con)
        for item in chunk:
            t0 = time.perf_counter()
            files = write_issuer_reports(con, registry.Issuer(**item["issuer"]), item["quarter"], out_dir,
                                         item["month"], date.fromisoformat(item["as_of"]), rankings, list_limit)
            done.append((item["quarter"], item["issuer"]["code"], files, time.perf_counter() - t0))
    return done


def write_issuer_bulletins(warehouse: Path | str, quarter: str, out_dir: Path | str, selection: str | None = None,
                           rankings: bool = True, workers: int | None = None, force: bool = False,
                           list_limit: int | None = None) -> IssuerRun:
    """Render the selected issuers' reports for `quarter` (`write_quarters_issuer_bulletins`
    for one quarter). Raises QuarterNotFound / ValueError."""
    runs, missing = write_quarters_issuer_bulletins(warehouse, [quarter], out_dir, selection, rankings, workers,
                                                    force, list_limit)
    if missing:
        raise missing[0]
    return runs[0]


def write_quarters_issuer_bulletins(warehouse: Path | str, quarters: list[str], out_dir: Path | str,
                                    selection: str | None = None, rankings: bool = True, workers: int | None = None,
                                    force: bool = False,
                                    list_limit: int | None = None) -> tuple[list[IssuerRun], list[QuarterNotFound]]:
    """Render the selected issuers' reports for each of `quarters` from the warehouse file
    (opened read-only: no other process may hold it read-write) and rewrite each quarter's
    index. `selection` is COURTS_ISSUERS (empty = issuers with data, `all`, or codes);
    unchanged issuers are skipped unless `force`. `list_limit`: COURTS_LIST_LIMIT when None.
    Every quarter's issuers share one pool of workers (≈ 10 % faster apart for 3 quarters ×
    3 issuers, no gain shown in a whole run: docs/performance.md). Returns a run
    per quarter found (each with the whole call's seconds) and a QuarterNotFound for each
    quarter the warehouse does not have. Raises ValueError (a bad quarter or selection)."""
    t_start = time.perf_counter()
    list_limit = Settings.from_env().list_limit if list_limit is None else list_limit
    quarters = sorted(set(quarters))
    for q in quarters:
        quarter_bounds(q)
    wanted = registry.parse_selection(selection)
    plans, missing = [], []
    with db.connect(warehouse, read_only=True, wait_seconds=30) as con:
        have = available_quarters(con)
        for q in quarters:
            if q not in have:
                span = f"{have[0]} … {have[-1]}" if have else "none"
                missing.append(QuarterNotFound(f"quarter {q} is not in the warehouse "
                                               f"(court_quarter_performance has: {span})"))
                continue
            everyone = registry.issuers(con, q)
            plans.append((q, everyone, registry.select(everyone, wanted), report_month(con, q), report_as_of(con, q)))

    runs, manifests, fingerprints, todo = {}, {}, {}, []
    for q, everyone, chosen, month, as_of in plans:
        base = Path(out_dir) / q
        manifest = manifests[q] = _read_manifest(base)
        run = runs[q] = IssuerRun(quarter=q, index=base / "index.html")
        for issuer in chosen:
            fingerprint = f"{RENDER_VERSION}/{rankings}/{list_limit}/{month}/{as_of}/{issuer.fingerprint}"
            old = manifest.get(issuer.code)
            if (not force and old and old.get("fingerprint") == fingerprint
                    and all((base / f).is_file() for f in old.get("files", {}).values())):
                run.unchanged.append(issuer.code)
                continue
            fingerprints[q, issuer.code] = fingerprint
            todo.append({"quarter": q, "month": month, "as_of": as_of.isoformat(), "issuer": asdict(issuer)})
        run.no_data = [i.code for i in everyone if not i.has_data]

    for q, code, files, seconds in _render(str(warehouse), str(out_dir), todo, rankings, workers, list_limit):
        runs[q].rendered[code] = seconds
        manifests[q][code] = {"fingerprint": fingerprints[q, code], "files": files}
    for q, everyone, *_ in plans:
        base, manifest, run = Path(out_dir) / q, manifests[q], runs[q]
        for code, entry in manifest.items():
            run.files[code] = entry.get("files", {})
        base.mkdir(parents=True, exist_ok=True)
        write_text(base / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        write_index(base, q, everyone, manifest)
    seconds = time.perf_counter() - t_start
    for run in runs.values():
        run.seconds = seconds
    return [runs[q] for q, *_ in plans], missing


def _render(warehouse: str, out_dir: str, todo: list[dict], rankings: bool, workers: int | None,
            list_limit: int) -> list[tuple[str, str, dict[str, str], float]]:
    if not todo:
        return []
    # A worker process costs about what rendering one or two small issuers does (start-up,
    # imports, its connection; measured ~1–2 s on the 2-core server), so each worker gets at
    # least ISSUERS_PER_WORKER issuers: three issuers render faster in this process than in two.
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) // ISSUERS_PER_WORKER))
    # Largest issuers first, dealt round-robin so the workers finish together.
    ordered = sorted(todo, key=lambda i: -i["issuer"]["courts"])
    chunks = [ordered[w::workers] for w in range(workers)]
    if workers == 1:
        return _render_chunk(warehouse, out_dir, chunks[0], rankings, list_limit)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        share = db.memory_share(workers)  # two workers under a 4 GB limit took 7 GB each without one
        futures = [pool.submit(_render_chunk, warehouse, out_dir, c, rankings, list_limit, share) for c in chunks]
        return [item for f in futures for item in f.result()]


def _read_manifest(base: Path) -> dict:
    path = base / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}   # a damaged manifest only costs a re-render


def write_index(base: Path, quarter: str, everyone: list[registry.Issuer], manifest: dict) -> Path:
    """`<out>/<quarter>/index.html`: every issuer of the registry with links to the
    reports that exist, or why there are none."""
    rows = []
    for i in everyone:
        files = manifest.get(i.code, {}).get("files", {})
        files = {k: v for k, v in files.items() if (base / v).is_file()}
        rows.append({"code": i.code, "name": i.name, "short_name": i.short_name,
                     "level_zh": LEVEL_ISSUER_ZH.get(i.level, LEVEL_ZH.get(i.level, i.level)),
                     "courts": i.courts, "courts_with_data": i.courts_with_data, "cases": i.cases,
                     "has_data": i.has_data, "files": files})
    html = render("index.html.j2", title=f"{quarter_zh(quarter)}审判执行运行态势通报目录", quarter=quarter,
                  rows=rows, rendered=sum(1 for r in rows if r["files"]))
    return write_text(base / "index.html", html)
