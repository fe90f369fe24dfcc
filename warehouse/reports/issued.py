"""Bulletins frozen as issued: `issue_quarterly_bulletin` writes a quarter's bulletin once
and records it in `issued_reports` (kind, period, version, as-of, issued_at, the SHA-256
of every file) with a snapshot of every number it printed from the marts in
`issued_figures` (report, source table, court, category, indicator, value, numerator,
denominator).

The issued files are the bulletin, its workbook and its extracts (`extracts/*.csv|parquet`,
the full lists the bulletin prints the first rows of), all hashed.

Issuing the same kind and period again does not touch the issued files: it returns the
recorded version, unless `reissue=True`, which writes version n+1 under
`<reports>/<period>/v<n+1>/` and keeps every earlier version's files. Version 1 lives
where the bulletin always did (`<reports>/<period>/`).

What belongs here: the freezing and the figure snapshot (one set-at-a-time UNPIVOT per
source table, `current_figures`), shared with the restatements that compare issued and
current figures. Not what a bulletin contains (quarterly.py).
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from warehouse import db, models
from warehouse import indicators as declared_indicators
from warehouse.db import TIMEZONE
from warehouse.reports.extracts import FOLDER
from warehouse.tables import table

# The marts a quarterly bulletin prints numbers from (tables, workbook sheets).
QUARTERLY_SOURCES = ("court_quarter_performance", "court_ytd_performance",
                     "court_quarter_matter_ratio", "court_ytd_matter_ratio")
NUMERIC = ("BIGINT", "INTEGER", "DOUBLE")
KEY_COLUMNS = {"court_code", "quarter", "category"}

# Rates: the numerator and denominator behind each value (as SQL over the source row):
# those of the declared indicators (warehouse/reference/indicators.csv — 案件比 among
# them) from the declaration, and the few printed rates it does not list.
_UNDECLARED_PARTS: dict[str, tuple[str, str]] = {
    "appeal_rate": ("appealed", "first_instance_closed"),
    "closed_per_judge": ("closed", "judges"),
    "derived_matter_share": ("matters_with_derived", "matters"),
}
RATE_PARTS: dict[str, tuple[str, str]] = {
    **_UNDECLARED_PARTS,
    **{i.key: (declared_indicators.sql_expression(i.numerator), declared_indicators.sql_expression(i.denominator))
       for i in declared_indicators.indicators().values() if i.numerator and i.denominator},
}


def _source_sql(source: str) -> str:
    """SELECT source, court_code, category, indicator, value, numerator, denominator for
    one quarter (parameter ?) of one mart: every numeric column, unpivoted."""
    t = table(source)
    cols = [c.name for c in t.columns if c.type in NUMERIC and c.name not in KEY_COLUMNS]
    category = "category" if "category" in t.column_names else "'all'"
    structs = []
    for c in cols:
        num, den = RATE_PARTS.get(c, ("NULL", "NULL"))
        structs.append(f'{{\'v\': "{c}"::DOUBLE, \'n\': ({num})::DOUBLE, \'d\': ({den})::DOUBLE}} AS "{c}"')
    on = ", ".join(f'"{c}"' for c in cols)
    return (
        f"SELECT '{source}' AS source, court_code, category, indicator, f.v AS value, f.n AS numerator, "
        f"f.d AS denominator FROM (SELECT court_code, {category} AS category, "
        f"{', '.join(structs)} FROM main.{source} WHERE quarter = $quarter) "
        f"UNPIVOT INCLUDE NULLS (f FOR indicator IN ({on}))"
    )


def figures_sql(kind: str) -> str:
    if kind != "quarterly":
        raise ValueError(f"no figure snapshot is defined for {kind!r} reports")
    return " UNION ALL ".join(_source_sql(s) for s in QUARTERLY_SOURCES)


def current_figures(con: duckdb.DuckDBPyConnection, kind: str, period: str) -> list[tuple]:
    return con.execute(figures_sql(kind), {"quarter": period}).fetchall()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def latest_issue(con: duckdb.DuckDBPyConnection, kind: str, period: str) -> dict | None:
    cur = con.execute(
        "SELECT * FROM issued_reports WHERE kind = ? AND period = ? ORDER BY version DESC LIMIT 1", [kind, period])
    cols = [d[0] for d in cur.description]
    rows = cur.fetchall()
    row = rows[0] if rows else None
    return dict(zip(cols, row, strict=True)) if row else None


def issue_quarterly_bulletin(con: duckdb.DuckDBPyConnection, quarter: str, reports_dir: Path | str,
                             rankings: bool = True, reissue: bool = False,
                             configuration: dict[str, str] | None = None,
                             now: datetime | None = None, list_limit: int | None = None) -> dict:
    """Issue the quarterly bulletin of `quarter` (see the module docstring). Returns the
    issued_reports record plus `paths` (absolute) and `new` (False when the recorded
    version was returned untouched). Needs a writable connection."""
    from warehouse.issuers import scope
    from warehouse.reports.quarterly import bulletin_courts, write_quarterly_bulletin

    reports_dir = Path(reports_dir)
    last = latest_issue(con, "quarterly", quarter)
    if last and not reissue:
        paths = {Path(p).suffix.lstrip("."): reports_dir / p for p in last["file_paths"]
                 if Path(p).suffix in (".html", ".xlsx")}
        return {**last, "paths": paths, "new": False}
    version = (last["version"] + 1) if last else 1
    folder = reports_dir / quarter if version == 1 else reports_dir / quarter / f"v{version}"
    with tempfile.TemporaryDirectory(dir=reports_dir.parent if reports_dir.exists() else None) as tmp:
        written = write_quarterly_bulletin(con, quarter, Path(tmp), rankings=rankings,
                                           configuration=configuration, list_limit=list_limit)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for key, p in written.items():
            target = folder / p.name
            shutil.move(str(p), target)
            paths[key] = target
        source = written["html"].parent / FOLDER
        shutil.rmtree(folder / FOLDER, ignore_errors=True)  # left by an issue that failed before its record
        shutil.move(str(source), folder / FOLDER)
    files = [*paths.values(), *sorted((folder / FOLDER).iterdir())]
    rel = [str(p.relative_to(reports_dir)) for p in files]
    hashes = [sha256(p) for p in files]
    report_id = f"quarterly/{quarter}/v{version}"
    issued_at = (now or datetime.now(ZoneInfo(TIMEZONE))).replace(tzinfo=None)
    printed = bulletin_courts(con, quarter)
    models.register_macros(con, models.LOADED_FILES)
    with db.transaction(con):
        # the figures of the courts the bulletin lists (a registry's courts in groups
        # without cases are not printed, so not snapshotted)
        with scope(con, printed, tables=QUARTERLY_SOURCES):
            con.execute(
                f"INSERT INTO issued_figures SELECT $report_id AS report_id, * FROM ({figures_sql('quarterly')})",
                {"report_id": report_id, "quarter": quarter})
        figures = con.execute("SELECT count(*) FROM issued_figures WHERE report_id = ?", [report_id]).fetchall()[0][0]
        as_of = db.scalar(con, "SELECT latest_export_date()")
        con.execute("INSERT INTO issued_reports VALUES (?, 'quarterly', ?, ?, ?, ?, ?, ?, ?)",
                    [report_id, quarter, version, as_of, issued_at, rel, hashes, figures])
    record = latest_issue(con, "quarterly", quarter)
    return {**record, "paths": paths, "new": True}


# --- restatements ------------------------------------------------------------------------------

PERFORMANCE_PERIODS = {"court_quarter_performance": "quarter", "court_ytd_performance": "ytd"}
MATTER_PERIODS = {"court_quarter_matter_ratio": "quarter", "court_ytd_matter_ratio": "ytd"}


def _in_set_sql() -> str:
    """CASE over the figure's indicator: the predicate of `courts explain`'s numerator or
    denominator case set (warehouse/explain.py INDICATORS); NULL when it has none."""
    from warehouse.explain import INDICATORS

    whens = []
    for name, ind in INDICATORS.items():
        preds = [f"({ind.numerator.where})"] + ([f"({ind.denominator.where})"] if ind.denominator else [])
        whens.append(f"WHEN '{name}' THEN coalesce({' OR '.join(preds)}, false)")
    return "CASE d.indicator " + " ".join(whens) + " END"


def latest_reports(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(report_id, kind, period, issued_at) of the latest version of each issued bulletin."""
    return con.execute(
        "SELECT report_id, kind, period, issued_at FROM issued_reports "
        "QUALIFY row_number() OVER (PARTITION BY kind, period ORDER BY version DESC) = 1 ORDER BY report_id").fetchall()


def rebuild_restatements(con: duckdb.DuckDBPyConnection, courts: list[str] | None = None) -> int:
    """Rebuild `restatements` (warehouse/sql/restatements.sql): compare the latest issued
    version of every bulletin with its figures computed now, and attach the cases that
    arrived or changed after the issue. The caller owns the transaction.

    With `courts`, only those courts' figures are compared again; the other courts'
    restated figures are taken from the table as it is. Only right when nothing else can
    have moved them since the table was built: the same latest issued versions, and marts
    changed for `courts` only (assets/issued.py checks both). Every restated figure's
    cases are found again either way: a case of one court can join another court's list
    (a member of a family rooted there)."""
    models.register_macros(con)
    latest = latest_reports(con)
    _restated_figures(con, latest, courts)
    _case_sets(con, latest)
    return models.rebuild(con, "restatements")


def _restated_figures(con: duckdb.DuckDBPyConnection, latest: list[tuple], courts: list[str] | None) -> None:
    """Temp table restated_figures: the issued figures of `latest` (of `courts`, with the
    other courts' rows as `restatements` has them) whose current value differs."""
    from warehouse.issuers import scope

    con.execute("CREATE OR REPLACE TEMP TABLE restatement_current AS "
                "SELECT ''::VARCHAR AS report_id, * FROM (" + figures_sql("quarterly") + ") WHERE false",
                {"quarter": ""})
    con.execute("CREATE OR REPLACE TEMP TABLE restatement_courts AS SELECT unnest(?::VARCHAR[]) AS court_code",
                [courts or []])
    # the issued figures compared: every court's, or those of `courts`
    con.execute("CREATE OR REPLACE TEMP VIEW restatement_issued AS SELECT * FROM main.issued_figures"
                + ("" if courts is None else " WHERE court_code IN (SELECT court_code FROM restatement_courts)"))
    for report_id, kind, period, _ in latest:
        # only the courts the bulletin printed: the comparison starts from the issued figures
        printed = [r[0] for r in con.execute(
            "SELECT DISTINCT court_code FROM restatement_issued WHERE report_id = ?", [report_id]).fetchall()]
        if not printed:
            continue
        with scope(con, printed, tables=QUARTERLY_SOURCES):
            con.execute(f"INSERT INTO restatement_current SELECT $report_id, * FROM ({figures_sql(kind)})",
                        {"report_id": report_id, "quarter": period})
    # the differing figures, without their cases: every issued figure compared once
    con.execute(f"CREATE OR REPLACE TEMP TABLE restated_figures AS {models.sql_text('restated_figures')}")
    if courts is not None:   # the other courts' restated figures, as the table has them
        con.execute("INSERT INTO restated_figures BY NAME SELECT * EXCLUDE (cases, case_count) "
                    f"FROM {table('restatements').qualified} "
                    "WHERE court_code NOT IN (SELECT court_code FROM restatement_courts)")


def _case_sets(con: duckdb.DuckDBPyConnection, latest: list[tuple]) -> None:
    """Temp table restatement_case_sets: for each restated figure, the cases loaded after
    its bulletin's issue that are active at its court in the period."""
    from datetime import date

    from warehouse.periods import quarter_bounds

    con.execute("CREATE OR REPLACE TEMP TABLE restatement_case_sets (report_id VARCHAR, source VARCHAR, "
                "court_code VARCHAR, category VARCHAR, indicator VARCHAR, case_number VARCHAR, in_set BOOLEAN)")
    for report_id, _kind, period, issued_at in latest:
        if not con.execute("SELECT count(*) FROM restated_figures WHERE report_id = ?", [report_id]).fetchall()[0][0]:
            continue
        start, end = quarter_bounds(period)
        con.execute("CREATE OR REPLACE TEMP TABLE restatement_changed AS "
                    "SELECT DISTINCT v.case_number FROM case_versions v JOIN ingested_files f USING (file_path) "
                    "WHERE f.ingested_at > ?", [issued_at])
        for label, first in (("quarter", start), ("ytd", date(start.year, 1, 1))):
            con.execute(f"CREATE OR REPLACE TEMP TABLE restatement_periods_{label} AS "
                        "SELECT ?::VARCHAR AS quarter, ?::DATE AS period_start, ?::DATE AS period_end",
                        [period, first, end])
        for source, label in PERFORMANCE_PERIODS.items():
            con.execute(
                "INSERT INTO restatement_case_sets "
                f"SELECT d.report_id, d.source, d.court_code, d.category, d.indicator, x.case_number, {_in_set_sql()} "
                f"FROM restated_figures d JOIN performance_case_facts('restatement_periods_{label}') x "
                "  ON x.court_code = d.court_code AND (d.category = 'all' OR x.category = d.category) "
                "JOIN restatement_changed USING (case_number) "
                "WHERE d.report_id = ? AND d.source = ?", [report_id, source])
        for source, label in MATTER_PERIODS.items():
            con.execute(
                "INSERT INTO restatement_case_sets "
                "SELECT d.report_id, d.source, d.court_code, d.category, d.indicator, x.case_number, true "
                f"FROM restated_figures d JOIN matter_ratio_facts('restatement_periods_{label}') x "
                "  ON x.court_code = d.court_code "
                "JOIN restatement_changed USING (case_number) "
                "WHERE d.report_id = ? AND d.source = ?", [report_id, source])
