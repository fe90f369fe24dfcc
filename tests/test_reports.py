"""Reports people read: the quarterly bulletin (HTML + XLSX, with and without rankings),
the weekly reminder and the monthly bulletin, on a small Gannan warehouse built here from
synthetic cases through the real SQL models; the `courts report` command; the report
assets. Parties' names must never appear in any output."""
import argparse
import calendar
import csv
import json
import random
import re
from datetime import date, datetime, timedelta

import dagster as dg
import duckdb
import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from pipelines.commands.report import add_arguments, run
from warehouse import db, models
from warehouse.ddl import ensure_schema
from warehouse.periods import quarters_between
from warehouse.reports import (
    default_month,
    monthly_figures,
    write_monthly_bulletin,
    write_quarterly_bulletin,
    write_weekly_reminder,
)
from warehouse.settings import REFERENCE_DIR

# the tables the bulletin prints its lists from
BULLETIN_LISTS = ("court_quarter_standings", "quarter_end_long_pending", "quarter_end_deadline_alerts")
PARTY = "欧阳测试当事人"          # a party's name that must never reach a report
QUARTERS = quarters_between("2022Q3", "2024Q1")
AS_OF = date(2024, 4, 8)          # the latest export date of the demo
INDICATORS = ["within_limit_rate", "closure_rate", "closure_to_filing_ratio", "avg_duration_days",
              "long_pending_12m_share", "mediation_withdrawal_rate", "first_instance_acceptance_rate",
              "reversed_remanded_rate", "enforcement_recovery_rate", "enforcement_completion_rate",
              "first_enforcement_no_assets_rate", "disposition_time_days"]
SHEETS = ["审判执行指标", "年度累计指标", "指标排名", "法官指标", "长期未结案件", "审限预警", "数据质量-各院文件",
          "数据质量-问题文件", "数据质量-拒收原因", "案件比", "年度累计案件比"]

# --- a small synthetic Gannan warehouse --------------------------------------------------------

# court: (size factor, mean days to close, share of mediation/withdrawal in 民初)
COURTS = {
    "甘30": (0.25, 45, 0.3), "甘3001": (1.0, 35, 0.55), "甘3021": (0.55, 40, 0.5), "甘3022": (0.4, 50, 0.6),
    "甘3023": (0.45, 38, 0.45), "甘3024": (0.25, 55, 0.5), "甘3025": (0.12, 30, 0.35), "甘3026": (0.15, 60, 0.65),
    "甘3027": (0.35, 42, 0.5),
}
JUDGES = ["马文", "杨青", "李海", "张岚", "丁一", "赵明", "才让", "卓玛"]     # fictional
TYPES = [("民初", 0.58), ("刑初", 0.08), ("行初", 0.03), ("执", 0.25), ("执恢", 0.03), ("民特", 0.03)]
LIMITS = {("民初", "简易程序"): (3, "month"), ("民初", "普通程序"): (6, "month"), ("刑初", "普通程序"): (3, "month"),
          ("行初", "普通程序"): (6, "month"), ("执", None): (6, "month"), ("执恢", None): (6, "month"),
          ("民特", "特别程序"): (30, "day"), ("民终", None): (3, "month")}
DISPOSITION = {"judgment": "判决", "mediation": "调解", "withdrawal": "准予撤诉", "enforced": "执行完毕",
               "terminated_no_assets": "终结本次执行程序", "termination": "终结执行", "upheld": "维持原判",
               "reversed": "改判", "remanded": "发回重审"}


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _case(rng, court, case_type, serials, filing, procedure, group, duration, origin=None, judge=None):
    serials[(court, case_type, filing.year)] = serials.get((court, case_type, filing.year), 0) + 1
    number = f"（{filing.year}）{court}{case_type}{serials[(court, case_type, filing.year)]}号"
    value, unit = LIMITS[(case_type, procedure)]
    extension = 90 if procedure == "普通程序" and rng.random() < 0.1 else 0
    deadline = (add_months(filing, value) if unit == "month" else filing + timedelta(days=value)) + timedelta(days=extension)
    closing = filing + timedelta(days=duration)
    if closing > AS_OF:
        closing, group = None, None
    claimed = recovered = None
    if case_type in ("执", "执恢"):
        claimed = round(rng.uniform(5_000, 300_000), 2)
        share = {"enforced": 1.0, "terminated_no_assets": rng.uniform(0, 0.1)}.get(group, rng.uniform(0, 0.6))
        recovered = round(claimed * share, 2) if closing else None
    return {
        "case_number": number, "court_code": court, "case_year": filing.year, "case_type": case_type,
        "procedure": procedure, "filing_date": filing, "closing_date": closing,
        "disposition": DISPOSITION.get(group) if closing else None, "disposition_group": group if closing else None,
        "judge": judge or rng.choice(JUDGES[:5] if court != "甘3001" else JUDGES), "extension_days": extension,
        "excluded_days": 0, "limit_label": f"{value} {unit}s", "deadline_date": deadline,
        "closed_within_limit": (closing <= deadline) if closing else None,
        "duration_days": duration if closing else None, "origin_case_number": origin,
        "amount_claimed": claimed, "amount_recovered": recovered, "first_file": f"{court}/fixture.csv",
        "last_file": f"{court}/fixture.csv", "updated_at": datetime(2024, 4, 8, 9, 0), "versions": 1,
    }


def demo_cases(scale: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    rows, serials = [], {}
    for court, (size, mean_days, settle) in COURTS.items():
        for q in QUARTERS + ["2024Q2"]:
            start = date(int(q[:4]), 3 * int(q[-1]) - 2, 1)
            for _ in range(max(1, round(scale * size))):
                filing = start + timedelta(days=rng.randrange(0, 90 if q != "2024Q2" else 8))
                case_type = rng.choices([t for t, _ in TYPES], [w for _, w in TYPES])[0]
                procedure = {"民初": rng.choice(["简易程序", "简易程序", "普通程序"]), "刑初": "普通程序",
                             "行初": "普通程序", "民特": "特别程序"}.get(case_type)
                duration = int(rng.expovariate(1 / mean_days)) + 5
                if rng.random() < 0.03:
                    duration = rng.randrange(400, 1200)            # long-pending
                if case_type == "民初":
                    group = "mediation" if rng.random() < settle / 2 else (
                        "withdrawal" if rng.random() < settle else "judgment")
                elif case_type in ("执", "执恢"):
                    group = rng.choices(["enforced", "terminated_no_assets", "termination"], [0.45, 0.4, 0.15])[0]
                else:
                    group = "judgment"
                case = _case(rng, court, case_type, serials, filing, procedure, group, duration)
                rows.append(case)
                if case_type == "民初" and case["disposition_group"] == "judgment" and rng.random() < 0.2:
                    appeal_filed = case["closing_date"] + timedelta(days=20)
                    if appeal_filed <= AS_OF:
                        outcome = rng.choices(["upheld", "reversed", "remanded"], [0.78, 0.12, 0.1])[0]
                        rows.append(_case(rng, "甘30", "民终", serials, appeal_filed, None, outcome,
                                          int(rng.expovariate(1 / 60)) + 15, origin=case["case_number"]))
    return rows


def build_demo(con: duckdb.DuckDBPyConnection, scale: int = 40, seed: int = 7) -> None:
    """Fill `con` (schema and reference tables present) with synthetic Gannan cases and
    build every mart through the real SQL models."""
    registry = (REFERENCE_DIR / "courts" / "gannan.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry}', "
                "header = true, all_varchar = true)")
    models.rebuild(con, "courts")
    con.execute("SELECT 1").fetchall()  # models.rebuild leaves its count result open; close it
    frame = pd.DataFrame(demo_cases(scale, seed))
    con.register("demo_cases", frame)
    con.execute("""
        INSERT INTO cases BY NAME
        SELECT d.* EXCLUDE (filing_date, closing_date, deadline_date),
               d.filing_date::DATE AS filing_date, d.closing_date::DATE AS closing_date,
               d.deadline_date::DATE AS deadline_date, t.category, t.instance
        FROM demo_cases d LEFT JOIN case_types t USING (case_type)""")
    con.unregister("demo_cases")
    parties = con.execute("SELECT case_number FROM cases ORDER BY case_number LIMIT 25").fetchall()
    con.executemany("INSERT INTO case_parties VALUES (?, ?, 1)", [(n, PARTY) for (n,) in parties])
    files = [
        ("甘3001/20240408.csv", "甘3001", "loaded", 120, 120, 0, None),
        ("甘3021/20240408.xlsx", "甘3021", "partially_loaded", 60, 58, 2, None),
        ("甘3099/20240408.csv", "甘3099", "rejected", 0, 0, 0, "folder 甘3099 is not a registered court"),
        ("甘3022/20240408_copy.csv", "甘3022", "duplicate", 0, 0, 0, "same bytes as 甘3022/20240408.csv"),
    ]
    for path, court, status, read, loaded, rejected, error in files:
        con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, export_date, rows_read, "
                    "rows_loaded, rows_rejected, status, error, ingested_at) VALUES (?, ?, ?, 100, ?, ?, ?, ?, ?, ?, ?)",
                    [path, court, path, AS_OF, read, loaded, rejected, status, error, datetime(2024, 4, 8, 10)])
    for row, reasons in ((3, ["invalid_case_number"]), (9, ["closing_before_filing", "future_date"])):
        con.execute("INSERT INTO rejected_rows VALUES (?, ?, ?, ?, ?)",
                    ["甘3021/20240408.xlsx", "甘3021/20240408.xlsx", row,
                     json.dumps({"案号": "（2024）甘3021民初x号", "当事人": PARTY}, ensure_ascii=False), reasons])
    models.set_quarters(con, QUARTERS)
    for name in ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
                 "court_quarter_rankings", *BULLETIN_LISTS):
        models.replace_partitions(con, name, QUARTERS)
    models.set_as_of(con, [date(2024, 3, 31), AS_OF])
    for name in ("deadline_alerts", "long_pending_cases"):
        models.replace_partitions(con, name, [date(2024, 3, 31), AS_OF])


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "warehouse.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        build_demo(con)
    return path


@pytest.fixture(scope="module")
def bulletins(warehouse_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    with db.connect(warehouse_file, read_only=True) as con:
        ranked = write_quarterly_bulletin(con, "2024Q1", out / "ranked")
        plain = write_quarterly_bulletin(con, "2024Q1", out / "plain", rankings=False)
    return ranked, plain


def workbook_text(path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


def table_rows(sheet: list[list]) -> list[list]:
    """A sheet's header and rows, without the note a bounded sheet has below a blank row."""
    end = next((i for i, row in enumerate(sheet) if not any(v not in ("", None) for v in row)), len(sheet))
    return sheet[:end]


# --- quarterly bulletin ---------------------------------------------------------------------

def test_bulletin_is_written_with_title_and_a_chart_per_indicator(bulletins):
    ranked, _ = bulletins
    assert ranked["html"].name == "bulletin.html" and ranked["html"].parent.name == "2024Q1"
    html = ranked["html"].read_text(encoding="utf-8")
    assert "<title>2024年第一季度审判执行运行态势通报</title>" in html
    for name in INDICATORS + ["composite"]:
        section = html.split(f'id="ind-{name}"', 1)[1].split('class="indicator"', 1)[0].split("</section>", 1)[0]
        assert section.count("<svg") == 1, name
    # one trend chart per indicator (+ composite) as well
    trends = html.split('id="trends"', 1)[1].split('id="profiles"', 1)[0]
    assert trends.count("<svg") == len(INDICATORS) + 1
    # self-contained: nothing fetched from the network
    assert not re.search(r'(src|href)="https?:', html) and "<script" not in html
    assert "甘南中院辖区基层法院" in html and "合作法院" in html


def test_no_party_name_in_any_output(bulletins):
    for paths in bulletins:
        assert PARTY not in paths["html"].read_text(encoding="utf-8")
        cells = json.dumps(workbook_text(paths["xlsx"]), ensure_ascii=False, default=str)
        assert PARTY not in cells
        assert "合作法院" in cells  # the check reads real content


def test_workbook_has_one_sheet_per_table_with_chinese_headers(bulletins, warehouse_file):
    ranked, plain = bulletins
    sheets = workbook_text(ranked["xlsx"])
    assert list(sheets) == SHEETS
    perf = sheets["审判执行指标"]
    assert perf[0][:4] == ["法院代字", "法院简称", "季度", "案件类别"]
    assert "法定审限内结案率" in perf[0]
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        n_perf = con.execute("SELECT count(*) FROM court_quarter_performance WHERE quarter = '2024Q1'").fetchone()[0]
        n_rank = con.execute("SELECT count(*) FROM court_quarter_rankings WHERE quarter = '2024Q1'").fetchone()[0]
    assert len(perf) - 1 == n_perf
    assert len(sheets["指标排名"]) - 1 == n_rank == 9 * 13
    assert list(workbook_text(plain["xlsx"]))[2] == "区间与同比"


def test_range_first_version_has_no_ranks(bulletins):
    ranked, plain = bulletins
    html_ranked = ranked["html"].read_text(encoding="utf-8")
    html_plain = plain["html"].read_text(encoding="utf-8")
    for header in ("<th>排名</th>", "<th>上期排名</th>", "<th>得分</th>", "<th>优劣势</th>", "<th>院内排名</th>"):
        assert header in html_ranked
        assert header not in html_plain
    assert "综合得分" in html_ranked and "综合得分" not in html_plain
    assert "区间优先版" in html_plain
    # range status and year-on-year change stand beside each indicator instead
    assert html_plain.count("<th>区间状态</th>") == len(INDICATORS)
    assert html_plain.count("<th>同比</th>") >= len(INDICATORS)
    sheet = workbook_text(plain["xlsx"])["区间与同比"]
    assert not {"排名", "得分", "上期排名", "排名变化", "优劣势"} & set(sheet[0])
    assert {"区间状态", "同比变化", "环比变化"} <= set(sheet[0])
    assert all(row[sheet[0].index("指标")] != "composite" for row in sheet[1:])
    assert "院内排名" not in workbook_text(plain["xlsx"])["法官指标"][0]


def test_case_lists_add_up_to_the_quarter_end_counts(bulletins, warehouse_file):
    ranked, _ = bulletins
    sheets = workbook_text(ranked["xlsx"])
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        long_pending = dict(con.execute("SELECT court_code, long_pending_12m FROM court_quarter_performance "
                                        "WHERE quarter = '2024Q1' AND category = 'all'").fetchall())
        overdue = dict(con.execute("SELECT court_code, sum(overdue_pending) FROM judge_quarter_performance "
                                   "WHERE quarter = '2024Q1' GROUP BY 1").fetchall())
    lp = table_rows(sheets["长期未结案件"])
    court_col = lp[0].index("法院代字")
    listed = {}
    for row in lp[1:]:
        listed[row[court_col]] = listed.get(row[court_col], 0) + 1
    assert sum(long_pending.values()) > 0
    assert listed == {k: v for k, v in long_pending.items() if v}
    alerts = table_rows(sheets["审限预警"])
    tier_col, court_col = alerts[0].index("预警级别"), alerts[0].index("法院代字")
    over = {}
    for row in alerts[1:]:
        if row[tier_col] == "超期":
            over[row[court_col]] = over.get(row[court_col], 0) + 1
    # judges' overdue counts cover cases with a judge; the demo gives every case one
    assert over == {k: int(v) for k, v in overdue.items() if v}
    assert {r[alerts[0].index("统计基准日")] for r in alerts[1:]} == {date(2024, 3, 31)}


def test_small_court_weakness_is_flagged_as_noise_when_it_is(bulletins, warehouse_file):
    ranked, _ = bulletins
    html = ranked["html"].read_text(encoding="utf-8")
    with duckdb.connect(str(warehouse_file), read_only=True) as con:
        noisy = con.execute("SELECT count(*) FROM court_quarter_rankings WHERE quarter = '2024Q1' "
                            "AND standing = 'weakness' AND vs_peer = 'not_distinguishable'").fetchone()[0]
    assert noisy > 0
    profiles = html.split('id="profiles"', 1)[1].split('id="lists"', 1)[0]
    assert profiles.count("与组均值差异不显著") >= noisy


def test_unknown_quarter_is_refused(warehouse_file, tmp_path):
    from warehouse.reports import QuarterNotFound

    with db.connect(warehouse_file, read_only=True) as con:
        with pytest.raises(QuarterNotFound, match="2019Q1 is not in the warehouse"):
            write_quarterly_bulletin(con, "2019Q1", tmp_path)


# --- courts report --------------------------------------------------------------------------

def parse(argv):
    p = argparse.ArgumentParser()
    add_arguments(p)
    return p.parse_args(argv)


def test_report_command_writes_both_files(warehouse_file, tmp_path, capsys):
    args = parse(["--warehouse", str(warehouse_file), "--quarter", "2024Q1", "--out", str(tmp_path), "--no-rankings"])
    assert run(args) == 0
    paths = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert paths == {"html": str(tmp_path / "2024Q1" / "bulletin.html"), "xlsx": str(tmp_path / "2024Q1" / "bulletin.xlsx")}
    assert "<th>排名</th>" not in (tmp_path / "2024Q1" / "bulletin.html").read_text(encoding="utf-8")


def test_report_command_missing_quarter_is_one_line_exit_2(warehouse_file, tmp_path, capsys):
    assert run(parse(["--warehouse", str(warehouse_file), "--quarter", "2030Q2", "--out", str(tmp_path)])) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "2030Q2 is not in the warehouse" in err[0] and "2022Q3 … 2024Q1" in err[0]
    assert not (tmp_path / "2030Q2").exists()


# --- weekly reminder -------------------------------------------------------------------------

def test_weekly_reminder_lists_exactly_the_alert_cases(warehouse_file, tmp_path):
    with db.connect(warehouse_file, read_only=True) as con:
        paths = write_weekly_reminder(con, AS_OF, tmp_path)
        expected = con.execute("SELECT case_number, tier, court_code FROM deadline_alerts WHERE as_of_date = ?",
                               [AS_OF]).fetchall()
        other = {n for (n,) in con.execute("SELECT case_number FROM deadline_alerts WHERE as_of_date <> ? "
                                          "EXCEPT SELECT case_number FROM deadline_alerts WHERE as_of_date = ?",
                                          [AS_OF, AS_OF]).fetchall()}
    assert paths["html"] == tmp_path / "weekly" / "2024-04-08.html"
    with open(paths["csv"], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(expected) > 10
    assert sorted((r["案号"], r["预警级别"], r["法院代字"]) for r in rows) == sorted(expected)
    html = paths["html"].read_text(encoding="utf-8")
    for number, _, _ in expected:
        assert number in html
    assert other and not any(n in html for n in other)
    assert PARTY not in html and PARTY not in paths["csv"].read_text(encoding="utf-8-sig")
    # grouped by court, most severe tier first within a court
    codes = [r["法院代字"] for r in rows]
    assert codes == sorted(codes)
    assert "审限预警周提醒（2024-04-08）" in html


# --- monthly bulletin --------------------------------------------------------------------------

def add_case(con, number, court, filing, closing=None, deadline=None, case_type="民初"):
    within = None if closing is None or deadline is None else closing <= deadline
    duration = None if closing is None else (closing - filing).days
    con.execute(
        "INSERT INTO cases (case_number, court_code, case_type, category, filing_date, closing_date, deadline_date, "
        "closed_within_limit, duration_days, judge, extension_days, excluded_days, first_file, last_file, versions) "
        "VALUES (?, ?, ?, 'civil', ?, ?, ?, ?, ?, '马文', 0, 0, 'f', 'f', 1)",
        [number, court, case_type, filing, closing, deadline, within, duration])


def test_monthly_bulletin_matches_a_hand_count(con, tmp_path):
    for code, short in (("A", "甲法院"), ("B", "乙法院")):
        con.execute("INSERT INTO courts VALUES (?, ?, ?, 'basic', 'P', NULL, 'basic:P')", [code, f"{short}全称", short])
    d = date
    # court A, February 2024
    add_case(con, "a1", "A", d(2024, 1, 10), d(2024, 2, 5), d(2024, 4, 10))     # carried over, closed in time
    add_case(con, "a2", "A", d(2023, 6, 1), None, d(2023, 12, 1))               # carried over, overdue at month end
    add_case(con, "a3", "A", d(2024, 2, 3), d(2024, 2, 20), d(2024, 2, 10))     # received, closed late
    add_case(con, "a4", "A", d(2024, 2, 14), None, d(2024, 8, 14))              # received, pending
    add_case(con, "a5", "A", d(2024, 2, 20), d(2024, 3, 2), d(2024, 8, 20))     # received, closed in March
    add_case(con, "a6", "A", d(2022, 12, 1), None, d(2023, 6, 1))               # long-pending, overdue
    add_case(con, "a7", "A", d(2024, 1, 5), d(2024, 1, 25), d(2024, 7, 5))      # January only (YTD)
    # court B: one case received in February
    add_case(con, "b1", "B", d(2024, 2, 1), None, d(2024, 8, 1))
    rows, total = monthly_figures(con, "2024-02")
    a = next(r for r in rows if r["court_code"] == "A")
    assert (a["carried_over"], a["received"], a["closed"], a["pending_end"]) == (3, 3, 2, 4)
    assert a["closure_rate"] == pytest.approx(2 / 6)
    assert (a["closed_with_limit"], a["closed_within_limit"], a["within_limit_rate"]) == (2, 1, 0.5)
    assert (a["overdue_pending"], a["long_pending_12m"]) == (2, 1)
    assert (a["ytd_received"], a["ytd_closed"], a["ytd_within_limit_rate"]) == (5, 3, pytest.approx(2 / 3))
    assert a["avg_duration_days"] == pytest.approx(((d(2024, 2, 5) - d(2024, 1, 10)).days + 17) / 2)
    assert (total["received"], total["closed"], total["pending_end"]) == (4, 2, 5)
    assert total["closure_rate"] == pytest.approx(2 / 7)
    paths = write_monthly_bulletin(con, "2024-02", tmp_path)
    html = paths["html"].read_text(encoding="utf-8")
    assert paths["html"] == tmp_path / "monthly" / "2024-02.html"
    assert "2024年2月审判执行工作月通报" in html
    assert "新收案件4件，审结2件，月末未结5件" in html
    assert "月末超审限未结案件2件，超12个月未结案件1件" in html


def test_default_month_is_the_latest_complete_month(con):
    con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, export_date, rows_read, "
                "rows_loaded, rows_rejected, status, ingested_at) VALUES "
                "('A/20240715.csv', 'A', 'x', 1, '2024-07-15', 1, 1, 0, 'loaded', now()), "
                "('A/20240801.csv', 'A', 'y', 1, '2024-08-01', 1, 0, 0, 'rejected', now())")
    assert default_month(con) == "2024-06"
    con.execute("UPDATE ingested_files SET export_date = '2024-07-31' WHERE file_path = 'A/20240715.csv'")
    assert default_month(con) == "2024-07"


# --- the assets -------------------------------------------------------------------------------

def test_report_assets_write_their_files(warehouse_file, tmp_path):
    from assets.reports import ASSETS
    from runtime.resources import WarehouseResource

    resource = WarehouseResource(inbox=str(tmp_path / "inbox"), warehouse=str(warehouse_file),
                                 published=str(tmp_path / "pub.duckdb"), reports=str(tmp_path / "reports"))
    bulletin = [a for a in ASSETS if dg.AssetKey("quarterly_bulletin") in a.keys]
    result = dg.materialize(bulletin, resources={"warehouse": resource}, tags={
        "dagster/asset_partition_range_start": "2023Q4", "dagster/asset_partition_range_end": "2024Q1"})
    assert result.success
    meta = result.asset_materializations_for_node("quarterly_bulletin")[0].metadata
    assert meta["quarters"].value == "2023Q4, 2024Q1"
    assert (tmp_path / "reports" / "2023Q4" / "bulletin.xlsx").exists()
    assert meta["html"].value == str(tmp_path / "reports" / "2024Q1" / "bulletin.html")
    # the issued tables are checked on the rows this run issued, and nothing else (rows once issued never change)
    first = {e.check_name: e for e in result.get_asset_check_evaluations() if e.asset_key.path == ["issued_figures"]}
    assert all(e.passed for e in first.values()) and first["key_unique"].metadata["checked"].value == \
        "the rows of the 2 keys this write replaced"
    again = dg.materialize(bulletin, resources={"warehouse": resource}, tags={
        "dagster/asset_partition_range_start": "2024Q1", "dagster/asset_partition_range_end": "2024Q1"})
    checked = {e.metadata["checked"].value for e in again.get_asset_check_evaluations()
               if e.check_name in ("key_unique", "not_null", "foreign_keys")}
    assert again.success and checked == {"no rows: this write replaced none"}
    others = [a for a in ASSETS if set(a.keys) & {dg.AssetKey("weekly_reminder"), dg.AssetKey("monthly_bulletin")}]
    result = dg.materialize(others, resources={"warehouse": resource})
    assert result.success
    weekly = result.asset_materializations_for_node("weekly_reminder")[0].metadata
    assert weekly["as_of_date"].value == "2024-04-08" and weekly["alerts"].value > 0
    monthly = result.asset_materializations_for_node("monthly_bulletin")[0].metadata
    assert monthly["month"].value == "2024-03"
    assert (tmp_path / "reports" / "monthly" / "2024-03.html").exists()


# --- what a reader sees: Chinese only, no "-0.0" ------------------------------------------------

def vocabulary_codes() -> set[str]:
    """Every code of warehouse/reference/vocabulary.csv (what a reader must only see
    translated), the lists of court_quarter_standings, and the reject reasons."""
    with (REFERENCE_DIR / "vocabulary.csv").open(encoding="utf-8", newline="") as fh:
        codes = {r["code"] for r in csv.DictReader(fh)}
    with (REFERENCE_DIR / "reject_reasons.csv").open(encoding="utf-8", newline="") as fh:
        codes |= {next(iter(r.values())) for r in csv.DictReader(fh)}
    return codes | {"outside_range", "composite"}


CODES = vocabulary_codes()


def visible_text(html: str) -> str:
    """The text a reader sees: no <style>, tags, attributes or SVG markup."""
    import re

    html = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("version", ["ranked", "plain"])
def test_the_bulletin_shows_no_english_code_and_no_minus_zero(bulletins, version):
    import re

    paths = bulletins[0] if version == "ranked" else bulletins[1]
    text = visible_text(paths["html"].read_text(encoding="utf-8"))
    # the one file name a reader is shown: where a bounded list's full rows are, beside the bulletin
    assert "extracts/quarter_end_long_pending.csv" in text
    text = re.sub(r"extracts/[a-z_]+\.csv", "", text)
    words = set(re.findall(r"[A-Za-z_]+(?::[^\s<]+)?", text))
    assert not words & set(CODES), sorted(words & set(CODES))
    assert not [w for w in words if w.startswith(("basic:", "intermediate:"))]
    # no repository file path or configuration file either
    assert not re.search(r"docs/|warehouse/|\.csv|\.md\b", text), re.search(r".{30}(docs/|\.csv|\.md).{10}", text)
    assert not re.search(r"[-−]0\.0(?!\d)", text), re.search(r".{30}[-−]0\.0(?!\d).{10}", text)
    assert not re.search(r"\+0\.0(?!\d)", text)


def test_the_ranking_sheet_is_translated_and_formatted(bulletins):
    import re
    import zipfile

    sheets = workbook_text(bulletins[0]["xlsx"])
    header, *rows = sheets["指标排名"]
    rows = [dict(zip(header, r, strict=True)) for r in rows]
    assert {r["优劣势"] for r in rows} <= {"优势", "居中", "弱势", "—"}
    assert {r["指标方向"] for r in rows} <= {"越高越好", "越低越好", "合理区间内最好"}
    with zipfile.ZipFile(bulletins[0]["xlsx"]) as z:
        styles = z.read("xl/styles.xml").decode()
        sheet_xml = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    # percent with one decimal and thousands with one decimal are defined; no raw floats format
    assert 'formatCode="0.0%"' in styles and 'formatCode="#,##0.0"' in styles
    for xml in sheet_xml:
        assert re.search(r'<pane [^>]*topLeftCell="A2"[^>]*state="frozen"', xml)
        assert re.search(r'<pageSetup [^>]*orientation="landscape"', xml)
        assert re.search(r'<pageSetup [^>]*fitToHeight="0"', xml) and "<pageSetUpPr fitToPage=\"1\"/>" in xml


def test_the_list_limit_is_one_setting_checked_when_read():
    from warehouse.settings import DEFAULT_LIST_LIMIT, Settings

    assert Settings.from_env({}).list_limit == DEFAULT_LIST_LIMIT
    chosen = Settings.from_env({"COURTS_LIST_LIMIT": "5"})
    assert chosen.list_limit == 5 and chosen.as_env()["COURTS_LIST_LIMIT"] == "5"  # reaches subprocesses and run keys
    for bad in ("0", "-3", "many", "2.5"):
        with pytest.raises(ValueError, match="COURTS_LIST_LIMIT must be a whole number of at least 1"):
            Settings.from_env({"COURTS_LIST_LIMIT": bad})
