"""Bulletins frozen as issued (warehouse/reports/issued.py): issuing records the files'
hashes and every printed figure, issuing again leaves the files alone, --reissue writes
a new version beside the old one, and after a late correction `restatements` lists
exactly the figures it changed with the case behind them. On the synthetic Gannan
warehouse of test_reports (cases inserted straight into `cases`)."""
import hashlib
from datetime import date, datetime

import pytest

from tests.test_reports import build_demo
from warehouse import db, models
from warehouse.ddl import ensure_schema
from warehouse.reports.issued import issue_quarterly_bulletin, rebuild_restatements
from warehouse.tables import table

MARTS = ("court_quarter_performance", "court_ytd_performance", "court_quarter_matter_ratio",
         "court_ytd_matter_ratio", "quarter_end_long_pending", "quarter_end_deadline_alerts")


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def issued(tmp_path):
    path = tmp_path / "warehouse.duckdb"
    con = db.open_connection(path, False, None, None, 10)
    ensure_schema(con)
    models.register_reference_views(con)
    for name in ("case_types", "time_limits", "dispositions"):
        models.rebuild(con, name)
    build_demo(con, scale=15)
    models.rebuild(con, "case_links")
    models.rebuild(con, "case_families")
    models.set_quarters(con, ["2023Q4", "2024Q1"])
    for name in MARTS[2:]:
        models.replace_partitions(con, name, ["2023Q4", "2024Q1"])
    out = tmp_path / "reports"
    record = issue_quarterly_bulletin(con, "2024Q1", out, now=datetime(2024, 4, 10, 9))
    yield con, out, record
    con.close()


def late_correction(con, number: str, closing: date, quarters=("2024Q1",)):
    """A file ingested after the issue carries a corrected closing date for `number`."""
    con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, export_date, rows_read, "
                "rows_loaded, rows_rejected, status, ingested_at) VALUES ('甘3001/20240420.csv', '甘3001', 'late', "
                "1, DATE '2024-04-20', 1, 1, 0, 'loaded', TIMESTAMP '2024-04-20 10:00')")
    con.execute("INSERT INTO case_versions (case_number, court_code, filing_date, closing_date, extension_days, "
                "excluded_days, file_path, sha256, row_number) SELECT case_number, court_code, filing_date, ?, 0, 0, "
                "'甘3001/20240420.csv', 'late', 1 FROM cases WHERE case_number = ?", [closing, number])
    con.execute("UPDATE cases SET closing_date = ?, duration_days = ? - filing_date, closed_within_limit = "
                "? <= deadline_date WHERE case_number = ?", [closing, closing, closing, number])
    models.set_quarters(con, list(quarters))
    for name in MARTS:
        models.replace_partitions(con, name, list(quarters))


def test_issue_records_file_hashes_and_every_printed_figure(issued):
    con, out, record = issued
    assert record["new"] and record["report_id"] == "quarterly/2024Q1/v1"
    extracts = [f"2024Q1/extracts/{name}.{suffix}" for name in ("ingested_files", "judge_quarter_performance",
                                                                "quarter_end_deadline_alerts", "quarter_end_long_pending")
                for suffix in ("csv", "parquet")]
    # the bulletin, its workbook and the full lists beside them, all frozen
    assert record["file_paths"] == ["2024Q1/bulletin.html", "2024Q1/bulletin.xlsx", *extracts]
    assert record["file_sha256"] == [digest(out / p) for p in record["file_paths"]]
    assert str(record["as_of_date"]) == "2024-04-08"
    value, num, den = con.execute(
        "SELECT value, numerator, denominator FROM issued_figures WHERE report_id = 'quarterly/2024Q1/v1' "
        "AND source = 'court_quarter_performance' AND court_code = '甘3001' AND category = 'all' "
        "AND indicator = 'within_limit_rate'").fetchall()[0]
    table_row = con.execute("SELECT within_limit_rate, closed_within_limit, closed_with_limit FROM "
                            "court_quarter_performance WHERE court_code = '甘3001' AND quarter = '2024Q1' "
                            "AND category = 'all'").fetchall()[0]
    assert (value, num, den) == pytest.approx(table_row)
    courts = con.execute("SELECT count(*) FROM court_quarter_performance WHERE quarter = '2024Q1'").fetchall()[0][0]
    per_row = con.execute("SELECT count(*) FROM issued_figures WHERE source = 'court_quarter_performance' "
                          "AND court_code = '甘3001' AND category = 'all'").fetchall()[0][0]
    numeric = [c for c in table("court_quarter_performance").columns
               if c.type in ("BIGINT", "DOUBLE") and c.name not in ("court_code", "quarter", "category")]
    assert per_row == len(numeric) and courts > 0   # every numeric column of the row
    assert con.execute("SELECT count(*) FROM issued_figures WHERE source = 'court_quarter_matter_ratio' "
                       "AND indicator = 'matter_ratio'").fetchall()[0][0] == 9


def test_issuing_again_leaves_the_files_alone_and_reissue_keeps_the_old_version(issued):
    con, out, record = issued
    html = out / "2024Q1" / "bulletin.html"
    before = html.read_bytes()
    html.touch()
    mtime = html.stat().st_mtime_ns
    again = issue_quarterly_bulletin(con, "2024Q1", out)
    assert not again["new"] and again["report_id"] == record["report_id"]
    assert html.stat().st_mtime_ns == mtime and html.read_bytes() == before
    v2 = issue_quarterly_bulletin(con, "2024Q1", out, reissue=True)
    assert v2["new"] and v2["version"] == 2 and v2["paths"]["html"] == out / "2024Q1" / "v2" / "bulletin.html"
    assert html.read_bytes() == before
    assert con.execute("SELECT count(*) FROM issued_reports").fetchall()[0][0] == 2


def test_late_correction_is_restated_with_its_case_and_the_issued_files_stay(issued):
    con, out, record = issued
    number = con.execute("SELECT case_number FROM cases WHERE court_code = '甘3001' AND case_type = '民初' "
                         "AND closing_date BETWEEN '2024-01-01' AND '2024-03-31' ORDER BY 1 LIMIT 1").fetchall()[0][0]
    issued_before = {p: digest(out / p) for p in record["file_paths"]}
    late_correction(con, number, date(2024, 4, 15))   # closed a fortnight after the quarter, not in it
    assert rebuild_restatements(con) > 0
    rows = con.execute("SELECT source, category, indicator, issued_value, current_value, difference, cases "
                       "FROM restatements").fetchall()
    # exactly the figures that differ, by an independent comparison of the issued and current tables
    expected = set()
    for source in ("court_quarter_performance", "court_ytd_performance"):
        for cat in ("all", "civil"):
            now = con.execute(f"SELECT * FROM {source} WHERE court_code = '甘3001' AND quarter = '2024Q1' "
                              "AND category = ?", [cat])
            cols = [d[0] for d in now.description]
            current = dict(zip(cols, now.fetchall()[0], strict=True))
            issued_vals = dict(con.execute(
                "SELECT indicator, value FROM issued_figures WHERE source = ? AND court_code = '甘3001' "
                "AND category = ?", [source, cat]).fetchall())
            for ind, v in issued_vals.items():
                if (v is None) != (current[ind] is None) or (v is not None and abs(v - current[ind]) > 1e-9):
                    expected.add((source, cat, ind))
    assert {(s, c, i) for s, c, i, *_ in rows} == expected
    assert ("court_quarter_performance", "all", "closed") in expected
    assert {tuple(r[6]) for r in rows} == {(number,)}
    closed = next(r for r in rows if r[:3] == ("court_quarter_performance", "all", "closed"))
    assert closed[5] == -1.0
    assert {p: digest(out / p) for p in record["file_paths"]} == issued_before
    # a reissue is compared from now on: nothing left to restate
    issue_quarterly_bulletin(con, "2024Q1", out, reissue=True)
    assert rebuild_restatements(con) == 0


def test_next_bulletins_carry_the_restatement(issued):
    from warehouse.reports import write_monthly_bulletin, write_quarterly_bulletin

    con, out, _ = issued
    q4 = issue_quarterly_bulletin(con, "2023Q4", out, now=datetime(2024, 1, 10, 9))
    number = con.execute("SELECT case_number FROM cases WHERE court_code = '甘3001' AND case_type = '民初' "
                         "AND closing_date BETWEEN '2023-10-01' AND '2023-12-31' ORDER BY 1 LIMIT 1").fetchall()[0][0]
    before = (out / "2023Q4" / "bulletin.html").read_bytes()
    late_correction(con, number, date(2024, 1, 5), quarters=("2023Q4", "2024Q1"))
    rebuild_restatements(con)
    q4_rows = con.execute("SELECT DISTINCT cases FROM restatements WHERE report_id = ?", [q4["report_id"]]).fetchall()
    assert q4_rows == [([number],)]
    html = write_quarterly_bulletin(con, "2024Q1", out / "draft")["html"].read_text(encoding="utf-8")
    assert "更正说明" in html and number in html and "quarterly/2023Q4/v1" in html
    assert "专题：案件比" in html and "<svg" in html.split("专题：案件比")[1].split("</section>")[0]
    monthly = write_monthly_bulletin(con, "2024-01", out)["html"].read_text(encoding="utf-8")
    assert "更正说明" in monthly and number in monthly
    assert (out / "2023Q4" / "bulletin.html").read_bytes() == before
    # a bulletin never lists its own quarter's restatements nor later ones as corrections of earlier issues
    html_q4 = write_quarterly_bulletin(con, "2023Q4", out / "draft")["html"].read_text(encoding="utf-8")
    assert "更正说明" not in html_q4
