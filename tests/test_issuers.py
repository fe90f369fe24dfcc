"""Bulletins for every level of the hierarchy, on a small two-province warehouse built here
through the real SQL models: Gansu (甘) with two prefectures (甘01 and 甘30, with basic
courts) and a lone intermediate court (甘95, no basic court), and Qinghai (青) with no
case at all. Each issuer gets its three reports in its own folder, covering its courts
only; the province and national overviews aggregate the same marts; an issuer without
data is listed but not rendered; the index links and filters them."""
import json
import random
import re
from datetime import date, timedelta

import pandas as pd
import pytest
from python_calamine import CalamineWorkbook

from tests.test_reports import QUARTERS, _case
from warehouse import db, issuers, models
from warehouse.ddl import ensure_schema
from warehouse.reports.issuers import write_issuer_bulletins, write_quarters_issuer_bulletins

QUARTER = "2024Q1"
REGISTRY = """court_code,court_name,short_name,level,parent_code,division_code,synthetic,note
甘,甘肃省高级人民法院,甘肃高院,high,,620000,false,
甘01,兰州市中级人民法院,兰州中院,intermediate,甘,620100,false,
甘0102,兰州市城关区人民法院,城关区法院,basic,甘01,620102,false,
甘0103,兰州市七里河区人民法院,七里河区法院,basic,甘01,620103,false,
甘30,甘南州中级人民法院,甘南中院,intermediate,甘,623000,false,
甘3001,合作市人民法院,合作法院,basic,甘30,623001,false,
甘3021,临潭县人民法院,临潭法院,basic,甘30,623021,false,
甘3022,卓尼县人民法院,卓尼法院,basic,甘30,623022,false,
甘95,甘肃矿区人民法院,矿区法院,intermediate,甘,629500,true,lone intermediate court without basic courts
青,青海省高级人民法院,青海高院,high,,630000,false,
青01,西宁市中级人民法院,西宁中院,intermediate,青,630100,false,
青0102,西宁市城东区人民法院,城东区法院,basic,青01,630102,false,
"""
SIZES = {"甘": 4, "甘01": 8, "甘0102": 30, "甘0103": 18, "甘30": 6, "甘3001": 25, "甘3021": 12, "甘3022": 9, "甘95": 7}
TYPES = [("民初", "简易程序", "judgment"), ("民初", "普通程序", "mediation"), ("刑初", "普通程序", "judgment"),
         ("执", None, "enforced"), ("执", None, "terminated_no_assets")]


def _cases(seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    rows, serials = [], {}
    for court, n in SIZES.items():
        for q in QUARTERS:
            start = date(int(q[:4]), 3 * int(q[-1]) - 2, 1)
            for _ in range(n):
                case_type, procedure, group = rng.choice(TYPES)
                duration = int(rng.expovariate(1 / 45)) + 5 if rng.random() > 0.04 else rng.randrange(400, 900)
                rows.append(_case(rng, court, case_type, serials, start + timedelta(days=rng.randrange(90)),
                                  procedure, group, duration))
    return rows


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    folder = tmp_path_factory.mktemp("issuers")
    registry = folder / "registry.csv"
    registry.write_text(REGISTRY, encoding="utf-8")
    path = folder / "warehouse.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry.as_posix()}', "
                    "header = true, all_varchar = true)")
        models.rebuild(con, "courts")
        con.execute("SELECT 1").fetchall()
        con.register("demo_cases", pd.DataFrame(_cases()))
        con.execute("""
            INSERT INTO cases BY NAME
            SELECT d.* EXCLUDE (filing_date, closing_date, deadline_date),
                   d.filing_date::DATE AS filing_date, d.closing_date::DATE AS closing_date,
                   d.deadline_date::DATE AS deadline_date, t.category, t.instance
            FROM demo_cases d LEFT JOIN case_types t USING (case_type)""")
        con.unregister("demo_cases")
        models.set_quarters(con, QUARTERS)
        for name in ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
                     "court_quarter_rankings", "court_quarter_standings", "quarter_end_long_pending",
                     "quarter_end_deadline_alerts"):
            models.replace_partitions(con, name, QUARTERS)
        models.set_as_of(con, [date(2024, 3, 31)])
        for name in ("deadline_alerts", "long_pending_cases"):
            models.replace_partitions(con, name, [date(2024, 3, 31)])
    return path


@pytest.fixture(scope="module")
def run(warehouse_file, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return out, write_issuer_bulletins(warehouse_file, QUARTER, out, workers=2)


def test_issuers_cover_their_courts(warehouse_file):
    with db.connect(warehouse_file, read_only=True) as con:
        assert issuers.covered_courts(con, "甘30") == ["甘30", "甘3001", "甘3021", "甘3022"]
        assert issuers.covered_courts(con, "甘95") == ["甘95"]
        assert issuers.covered_courts(con, "甘") == sorted(c for c in SIZES)
        assert len(issuers.covered_courts(con, issuers.NATIONAL)) == 12
        found = {i.code: i for i in issuers.issuers(con, QUARTER)}
    assert set(found) == {"全国", "甘", "甘01", "甘30", "甘95", "青", "青01"}
    assert not found["青"].has_data and not found["青01"].has_data
    assert found["甘95"].has_data and found["甘95"].courts == 1


def test_scopes_nest_narrow_never_widen_and_restore_the_outer_scope(warehouse_file):
    def courts(con, name):
        return {r[0] for r in con.execute(f"SELECT DISTINCT court_code FROM {name}").fetchall()}

    with db.connect(warehouse_file, read_only=True) as con:
        prefecture = set(issuers.covered_courts(con, "甘30"))
        with issuers.scope(con, prefecture):
            assert courts(con, "court_quarter_performance") == prefecture
            with issuers.scope(con, ["甘3001", "青01"], tables=("court_quarter_performance",)):
                assert courts(con, "court_quarter_performance") == {"甘3001"}   # 青01 is outside the outer scope
                assert courts(con, "cases") == prefecture                        # tables not named keep the outer scope
            assert courts(con, "court_quarter_performance") == prefecture
            assert courts(con, "courts") == prefecture
        assert len(courts(con, "court_quarter_performance")) == 12


def test_every_issuer_with_data_gets_its_three_reports(run):
    out, result = run
    assert set(result.rendered) == {"全国", "甘", "甘01", "甘30", "甘95"}
    assert set(result.no_data) == {"青", "青01"}
    for code in result.rendered:
        folder = out / QUARTER / code
        assert (folder / "bulletin.html").is_file() and (folder / "bulletin.xlsx").is_file()
        assert len(list((folder / "monthly").glob("2024-03.html"))) == 1
        assert len(list((folder / "weekly").glob("2024-03-31.html"))) == 1
        assert (folder / "bulletin.html").stat().st_size < 2_000_000
    assert not (out / QUARTER / "青").exists()


def test_prefecture_bulletin_covers_only_its_courts(run):
    out, _ = run
    html = (out / QUARTER / "甘30" / "bulletin.html").read_text(encoding="utf-8")
    assert "合作法院" in html and "甘南中院" in html
    assert "城关区法院" not in html and "矿区法院" not in html
    weekly = (out / QUARTER / "甘01" / "weekly" / "2024-03-31.csv").read_text(encoding="utf-8-sig")
    courts = {line.split(",")[0] for line in weekly.splitlines()[1:]}
    assert courts <= {"甘01", "甘0102", "甘0103"}
    lone = (out / QUARTER / "甘95" / "monthly" / "2024-03.html").read_text(encoding="utf-8")
    assert "矿区法院" in lone and "合作法院" not in lone


def _received(con, courts):
    return con.execute("SELECT sum(received) FROM court_quarter_performance WHERE quarter = ? AND category = 'all' "
                       f"AND court_code IN ({','.join('?' * len(courts))})", [QUARTER, *courts]).fetchall()[0][0]


def test_province_overview_has_each_prefecture_as_a_unit(run, warehouse_file):
    out, _ = run
    wb = CalamineWorkbook.from_path(str(out / QUARTER / "甘" / "bulletin.xlsx"))
    units = wb.get_sheet_by_name("单位汇总").to_python()
    header, rows = units[0], units[1:]
    by_code = {r[0]: dict(zip(header, r, strict=True)) for r in rows}
    assert set(by_code) == {"甘01", "甘30", "甘95"}            # prefectures and the lone court; not 青
    with db.connect(warehouse_file, read_only=True) as con:
        assert by_code["甘30"]["新收"] == _received(con, ["甘30", "甘3001", "甘3021", "甘3022"])
        assert by_code["甘95"]["新收"] == _received(con, ["甘95"])
        assert by_code["甘01"]["法院数"] == 3
        # the basic courts' distribution of 甘30 on the closure rate: median of its three courts
        values = sorted(r[0] for r in con.execute(
            "SELECT value FROM court_quarter_rankings WHERE quarter = ? AND indicator = 'closure_rate' "
            "AND court_code IN ('甘3001', '甘3021', '甘3022') AND value IS NOT NULL", [QUARTER]).fetchall())
    dist = wb.get_sheet_by_name("基层法院分布").to_python()
    row = next(dict(zip(dist[0], r, strict=True)) for r in dist[1:] if r[0] == "甘30" and r[2] == "结案率")
    assert row["基层法院数"] == len(values) and row["中位数"] == pytest.approx(values[len(values) // 2])
    ranked = wb.get_sheet_by_name("中级法院指标").to_python()
    code_col = ranked[0].index("法院代字")
    assert {r[code_col] for r in ranked[1:]} == {"甘01", "甘30", "甘95"}    # the intermediate courts, ranked
    html = (out / QUARTER / "甘" / "bulletin.html").read_text(encoding="utf-8")
    assert "兰州中院" in html and "矿区法院" in html and "西宁" not in html


def test_national_overview_is_by_province(run, warehouse_file):
    out, _ = run
    wb = CalamineWorkbook.from_path(str(out / QUARTER / "全国" / "bulletin.xlsx"))
    units = wb.get_sheet_by_name("单位汇总").to_python()
    by_code = {r[0]: dict(zip(units[0], r, strict=True)) for r in units[1:]}
    assert set(by_code) == {"甘", "青"}
    with db.connect(warehouse_file, read_only=True) as con:
        assert by_code["甘"]["新收"] == _received(con, list(SIZES))
    assert by_code["青"]["新收"] == 0 and by_code["青"]["有数据法院数"] == 0


def test_index_links_every_rendered_issuer_and_says_why_others_are_missing(run):
    out, result = run
    html = (out / QUARTER / "index.html").read_text(encoding="utf-8")
    for code in result.rendered:
        assert f'href="{code}/bulletin.html"' in html
        assert f'href="{code}/bulletin.xlsx"' in html
        assert f'href="{code}/monthly/2024-03.html"' in html
    row = re.search(r'<tr data-search="青01 [^"]*">.*?</tr>', html, re.S).group(0)
    assert "本季度无案件数据" in row and "href" not in row
    assert 'id="filter"' in html and "addEventListener" in html


def test_unchanged_issuers_are_not_rendered_again(run, warehouse_file):
    out, first = run
    stamp = (out / QUARTER / "甘30" / "bulletin.html").stat().st_mtime_ns
    again = write_issuer_bulletins(warehouse_file, QUARTER, out, workers=1)
    assert again.rendered == {} and set(again.unchanged) == set(first.rendered)
    assert (out / QUARTER / "甘30" / "bulletin.html").stat().st_mtime_ns == stamp
    one = write_issuer_bulletins(warehouse_file, QUARTER, out, selection="甘30", workers=1, force=True)
    assert set(one.rendered) == {"甘30"}
    manifest = json.loads((out / QUARTER / "issuers.json").read_text(encoding="utf-8"))
    assert set(manifest) == set(first.rendered)


def test_several_quarters_render_in_one_pool_as_each_would_alone(run, warehouse_file, tmp_path):
    """The quarterly job renders the issuers of all its quarters together (one pool of
    workers): each quarter gets the files, manifest and index it gets alone; a quarter the
    warehouse lacks is reported, not fatal."""
    out, alone = run
    runs, missing = write_quarters_issuer_bulletins(warehouse_file, [QUARTERS[-2], QUARTER, "2031Q1"], tmp_path,
                                                    workers=2)
    assert [r.quarter for r in runs] == sorted([QUARTER, QUARTERS[-2]])
    assert len(missing) == 1 and "2031Q1" in str(missing[0])
    together = {r.quarter: r for r in runs}[QUARTER]
    assert set(together.rendered) == set(alone.rendered) and together.files == alone.files
    for files in alone.files.values():
        for kind, path in files.items():
            if kind in ("bulletin", "monthly", "weekly"):
                assert (tmp_path / QUARTER / path).read_bytes() == (out / QUARTER / path).read_bytes(), path
    later = {r.quarter: r for r in runs}[QUARTERS[-2]]
    assert later.rendered and (tmp_path / QUARTERS[-2] / "index.html").is_file()
    assert {r.seconds for r in runs} == {runs[0].seconds}, "one call: one wall time"


def test_an_issuer_without_data_can_be_asked_for_and_unknown_codes_are_refused(warehouse_file, tmp_path):
    result = write_issuer_bulletins(warehouse_file, QUARTER, tmp_path, selection="青01", workers=1)
    assert set(result.rendered) == {"青01"}
    html = (tmp_path / QUARTER / "青01" / "bulletin.html").read_text(encoding="utf-8")
    assert "西宁中院" in html and "甘南" not in html
    with pytest.raises(ValueError, match="甘99"):
        write_issuer_bulletins(warehouse_file, QUARTER, tmp_path, selection="甘30,甘99")


def test_the_whole_warehouse_bulletin_lists_the_peer_groups_with_cases_only(warehouse_file, tmp_path):
    """The registry's courts in groups where nobody has cases (Qinghai's prefecture) are
    not listed; a court without cases in a group with cases (青海高院 beside 甘肃高院) is;
    totals and the court count are over the whole registry."""
    from warehouse.reports.issued import issue_quarterly_bulletin
    from warehouse.reports.quarterly import bulletin_courts

    copy = tmp_path / "warehouse.duckdb"
    copy.write_bytes(warehouse_file.read_bytes())
    with db.connect(copy) as con:
        models.register_reference_views(con)
        listed = bulletin_courts(con, QUARTER)
        issued = issue_quarterly_bulletin(con, QUARTER, tmp_path / "reports", configuration={})
        printed = {r[0] for r in con.execute("SELECT DISTINCT court_code FROM issued_figures").fetchall()}
    assert set(listed) == set(SIZES) | {"青"}
    assert printed == set(listed)
    html = issued["paths"]["html"].read_text(encoding="utf-8")
    assert "青海高院" in html and "西宁中院" not in html and "城东区法院" not in html
    assert "全辖12家法院（列出有案件的比较组10家）" in html
    wb = CalamineWorkbook.from_path(str(issued["paths"]["xlsx"]))
    sheet = wb.get_sheet_by_name("审判执行指标").to_python()
    code_col = sheet[0].index("法院代字")
    assert {r[code_col] for r in sheet[1:]} == set(listed)


def test_assets_render_a_quarter_and_re_render_one_issuer(warehouse_file, tmp_path):
    import dagster as dg

    from assets.reports import ASSETS
    from runtime.partitions import ISSUERS
    from runtime.resources import WarehouseResource

    resource = WarehouseResource(inbox=str(tmp_path / "inbox"), warehouse=str(warehouse_file),
                                 published=str(tmp_path / "pub.duckdb"), reports=str(tmp_path / "reports"))
    by_name = {k.path[-1]: a for a in ASSETS for k in a.keys}
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize([by_name["issuer_bulletins"]], resources={"warehouse": resource}, instance=instance,
                            partition_key="2024Q1", run_config={"ops": {"issuer_bulletins": {"config": {"workers": 1}}}})
    assert result.success
    meta = result.asset_materializations_for_node("issuer_bulletins")[0].metadata
    assert meta["rendered"].value == 5 and meta["issuers_without_data"].value == 2
    assert (tmp_path / "reports" / QUARTER / "index.html").exists()

    instance.add_dynamic_partitions(ISSUERS.name, ["甘30", "甘"])
    stamp = (tmp_path / "reports" / QUARTER / "甘30" / "bulletin.html").stat().st_mtime_ns
    result = dg.materialize([by_name["issuer_bulletin"]], resources={"warehouse": resource}, instance=instance,
                            partition_key=dg.MultiPartitionKey({"issuer": "甘30", "quarter": "2024Q1"}))
    assert result.success
    meta = result.asset_materializations_for_node("issuer_bulletin")[0].metadata
    assert meta["rendered"].value == 1
    assert meta["bulletin"].value == str(tmp_path / "reports" / QUARTER / "甘30" / "bulletin.html")
    assert (tmp_path / "reports" / QUARTER / "甘30" / "bulletin.html").stat().st_mtime_ns > stamp


def test_weekly_page_lists_a_bounded_number_of_cases_and_the_csv_all(warehouse_file, tmp_path):
    from warehouse.reports.weekly import write_weekly_reminder

    with db.connect(warehouse_file, read_only=True) as con:
        counts = dict(con.execute("SELECT court_code, count(*) FROM deadline_alerts WHERE as_of_date = '2024-03-31' "
                                  "AND tier_rank = 1 GROUP BY 1").fetchall())
        court, n = max(counts.items(), key=lambda kv: kv[1])
        assert n >= 3
        paths = write_weekly_reminder(con, date(2024, 3, 31), tmp_path, list_limit=2)
    html = paths["html"].read_text(encoding="utf-8")
    section = html.split(f"（{court}）</h3>")[1].split("</table>")[0]
    assert section.count('<tr><td class="code">（') == 2 and f"（{n} 件）" in section and "仅列出最紧迫的2件" in section
    rows = paths["csv"].read_text(encoding="utf-8-sig").splitlines()[1:]
    assert sum(1 for r in rows if r.startswith(court + ",")) == n + sum(1 for r in rows if r.startswith(court + ",") and ",超期," not in r)
