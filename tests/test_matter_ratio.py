"""案件比 from case linkage (docs/matter_ratio.md) on hand-made families inserted straight
into `cases`: case_links (chains of any depth, across the basic and intermediate court,
a cycle, a dangling link, a malformed origin), case_families, and the quarterly and
year-to-date matter-ratio tables compared with hand counts; plus the Dagster assets.

| family | cases (filed) | why |
|---|---|---|
| F1 | (2024)甘3001民初1号 01-10 ← 甘30民终1号 03-01 (appeal, at the intermediate court) ← 甘30民再1号 06-01 (retrial after appeal); 民终1号 ← 甘3001执1号 03-20 (enforcement after appeal) ← 执恢1号 06-10 (restoration), ← 执异1号 03-25 (objection) | depth 3 across two court levels |
| F2 | (2024)甘3001民初2号 02-01 | a dispute with no derived case |
| F3 | (2024)甘3001执2号 02-15, no origin | enforcement of a non-litigation instrument: a dispute |
| F4 | (2024)甘3001民初3号 03-05 ← 执3号 04-02 | derived case filed after Q1's end |
| F5 | (2024)甘30民初1号 01-05 | the intermediate court's own dispute |
| dangling | (2024)甘30民终2号 02-20 → (2023)甘3021民初999号, not in the warehouse | reported, own family, not a dispute |
| cycle | 甘30民终3号 ⇄ 甘30民申3号, and 甘30民再3号 → 民申3号 | reported, one family, no loop |
| malformed | (2024)甘30民终4号 whose 原审案号 is （2015）1743号 | reported, own family |

Hand counts, 甘3001: 2024Q1 件 4 (F1–F4), derived by 03-31: 民终1, 执1, 执异1 = 3, 案 7,
案件比 7/4 = 1.75, disputes with a derived case 1/4. YTD 2024Q2: 件 4, derived by 06-30:
+ 民再1, 执恢1, 执3 = 6, 案 10, 案件比 2.5, disputes with a derived case 2/4.
"""
import dagster as dg
import duckdb
import pytest

from tests.test_performance import add_case, add_courts, build, failing_checks, prepare_warehouse
from warehouse import db, models

ROOT1, APPEAL1 = "(2024)甘3001民初1号", "(2024)甘30民终1号"
CYC_A, CYC_B, CYC_IN = "(2024)甘30民终3号", "(2024)甘30民申3号", "(2024)甘30民再3号"
DANGLING, MALFORMED = "(2024)甘30民终2号", "(2024)甘30民终4号"


def load_families(con):
    add_courts(con)
    a = add_case
    a(con, ROOT1, "2024-01-10", "2024-02-20", "2024-07-10", "判决")
    a(con, APPEAL1, "2024-03-01", "2024-03-30", "2024-06-01", "改判", origin=ROOT1)
    a(con, "(2024)甘30民再1号", "2024-06-01", None, "2024-12-01", origin=APPEAL1)
    a(con, "(2024)甘3001执1号", "2024-03-20", None, "2024-09-20", origin=APPEAL1)
    a(con, "(2024)甘3001执恢1号", "2024-06-10", None, "2024-12-10", origin="(2024)甘3001执1号")
    a(con, "(2024)甘3001执异1号", "2024-03-25", "2024-04-10", "2024-04-09", origin="(2024)甘3001执1号")
    a(con, "(2024)甘3001民初2号", "2024-02-01", None, "2024-08-01")
    a(con, "(2024)甘3001执2号", "2024-02-15", None, "2024-08-15")
    a(con, "(2024)甘3001民初3号", "2024-03-05", "2024-03-30", "2024-09-05", "判决")
    a(con, "(2024)甘3001执3号", "2024-04-02", None, "2024-10-02", origin="(2024)甘3001民初3号")
    a(con, "(2024)甘30民初1号", "2024-01-05", None, "2024-07-05")
    a(con, DANGLING, "2024-02-20", None, "2024-05-20", origin="(2023)甘3021民初999号")
    a(con, CYC_A, "2024-02-01", None, "2024-05-01", origin=CYC_B)
    a(con, CYC_B, "2024-02-02", None, "2024-05-02", origin=CYC_A)
    a(con, CYC_IN, "2024-02-03", None, "2024-08-03", origin=CYC_B)
    # a malformed 原审案号: NULL in cases, kept as written in the winning version's raw row
    a(con, MALFORMED, "2024-02-25", None, "2024-05-25")
    con.execute("UPDATE cases SET last_file = 'm.csv', last_row_number = 7 WHERE case_number = ?", [MALFORMED])
    con.execute(
        "INSERT INTO case_versions (case_number, court_code, filing_date, extension_days, excluded_days, "
        "file_path, sha256, row_number) VALUES (?, '甘30', DATE '2024-02-25', 0, 0, 'm.csv', 'h', 7)", [MALFORMED])
    con.execute("INSERT INTO raw.case_rows (sha256, file_path, row_number, origin_case_number) "
                "VALUES ('h', 'm.csv', 7, '（2015）1743号')")


def build_links(con):
    models.rebuild(con, "case_links")
    models.rebuild(con, "case_families")


@pytest.fixture
def families(con):
    load_families(con)
    build_links(con)
    return con


def link(con, number) -> dict:
    cur = con.execute("SELECT * FROM case_links WHERE case_number = ?", [number])
    cols = [d[0] for d in cur.description]
    return dict(zip(cols, cur.fetchall()[0], strict=True))


def family(con, root) -> dict:
    cur = con.execute("SELECT * FROM case_families WHERE root_case_number = ?", [root])
    cols = [d[0] for d in cur.description]
    return dict(zip(cols, cur.fetchall()[0], strict=True))


def ratio(con, name, court, quarter) -> dict:
    cur = con.execute(f"SELECT * FROM {name} WHERE court_code = ? AND quarter = ?", [court, quarter])
    cols = [d[0] for d in cur.description]
    return dict(zip(cols, cur.fetchall()[0], strict=True))


def test_chains_across_court_levels_resolve_to_the_first_instance_root(families):
    expect = {  # case: (kind, depth)
        APPEAL1: ("appeal", 1),
        "(2024)甘30民再1号": ("retrial", 2),
        "(2024)甘3001执1号": ("enforcement", 2),
        "(2024)甘3001执恢1号": ("enforcement_restoration", 3),
        "(2024)甘3001执异1号": ("enforcement_review", 3),
    }
    for number, (kind, depth) in expect.items():
        got = link(families, number)
        assert (got["root_case_number"], got["link_kind"], got["depth"], got["origin_status"], got["in_cycle"]) \
            == (ROOT1, kind, depth, "known", False), number
    assert link(families, APPEAL1)["origin_court_code"] == "甘3001"
    f1 = family(families, ROOT1)
    assert (f1["cases"], f1["derived_cases"], f1["appeal"], f1["retrial"], f1["enforcement"],
            f1["enforcement_restoration"], f1["enforcement_review"], f1["depth"], f1["courts"]) \
        == (6, 5, 1, 1, 1, 1, 1, 3, 2)
    assert f1["originating"] and f1["root_reason"] == "no_origin"
    assert str(f1["first_filing_date"]) == "2024-01-10" and str(f1["last_closing_date"]) == "2024-04-10"
    assert f1["pending_cases"] == 3


def test_a_cycle_ends_in_one_family_without_looping(families):
    for number in (CYC_A, CYC_B, CYC_IN):
        got = link(families, number)
        assert got["in_cycle"] and got["root_case_number"] == CYC_B, number
    assert link(families, CYC_B)["depth"] == 0 and link(families, CYC_IN)["depth"] == 1
    fam = family(families, CYC_B)
    assert (fam["cases"], fam["root_reason"], fam["originating"]) == (3, "cycle", False)


def test_dangling_and_malformed_links_keep_their_case_as_a_root(families):
    d = link(families, DANGLING)
    assert (d["origin_status"], d["origin_known"], d["root_case_number"], d["depth"]) == ("unknown", False, DANGLING, 0)
    m = link(families, MALFORMED)
    assert (m["origin_status"], m["origin_text"], m["origin_case_number"]) == ("malformed", "（2015）1743号", None)
    assert family(families, DANGLING)["root_reason"] == "unknown_origin"
    assert family(families, MALFORMED)["root_reason"] == "malformed_origin"
    assert not family(families, DANGLING)["originating"]


def test_every_case_is_in_exactly_one_family(families):
    total = db.scalar(families, "SELECT count(*) FROM cases")
    assert db.scalar(families, "SELECT sum(cases) FROM case_families") == total == 16


def test_checks_report_the_cycle_the_dangling_and_the_malformed_link(families):
    assert failing_checks(families, "case_links") == {"cycle": 3, "unknown_origin": 1, "malformed_origin": 1}
    assert failing_checks(families, "case_families") == {}
    import checks

    blocking = [r for r in checks.evaluate(families, "case_links") if not r.passed
                and r.severity == dg.AssetCheckSeverity.ERROR]
    assert blocking == []


def test_family_check_catches_a_dropped_case(families):
    families.execute("DELETE FROM case_families WHERE root_case_number = ?", [DANGLING])
    assert "every_case_in_one_family" in failing_checks(families, "case_families")


def test_quarter_ratio_equals_the_hand_count(families):
    build(families, "court_quarter_matter_ratio", ["2024Q1", "2024Q2"])
    q1 = ratio(families, "court_quarter_matter_ratio", "甘3001", "2024Q1")
    assert {k: q1[k] for k in ("matters", "derived_cases", "case_numbers", "derived_appeal", "derived_enforcement",
                               "derived_enforcement_review", "derived_retrial", "derived_enforcement_restoration",
                               "derived_retrial_review", "derived_other", "matters_with_derived")} == dict(
        matters=4, derived_cases=3, case_numbers=7, derived_appeal=1, derived_enforcement=1,
        derived_enforcement_review=1, derived_retrial=0, derived_enforcement_restoration=0,
        derived_retrial_review=0, derived_other=0, matters_with_derived=1)
    assert q1["matter_ratio"] == pytest.approx(1.75) and q1["derived_matter_share"] == pytest.approx(0.25)
    # the intermediate court's own dispute; the appeals it heard count for the basic court
    z = ratio(families, "court_quarter_matter_ratio", "甘30", "2024Q1")
    assert (z["matters"], z["case_numbers"], z["matter_ratio"]) == (1, 1, 1.0)
    # no dispute filed: zeros and NULL rates; the registered court without cases has a row
    q2 = ratio(families, "court_quarter_matter_ratio", "甘3001", "2024Q2")
    assert (q2["matters"], q2["case_numbers"], q2["matter_ratio"], q2["derived_matter_share"]) == (0, 0, None, None)
    assert ratio(families, "court_quarter_matter_ratio", "甘3021", "2024Q1")["matters"] == 0
    assert failing_checks(families, "court_quarter_matter_ratio") == {}


def test_ytd_ratio_counts_derived_cases_to_the_quarter_end(families):
    build(families, "court_ytd_matter_ratio", ["2024Q1", "2024Q2"])
    h1 = ratio(families, "court_ytd_matter_ratio", "甘3001", "2024Q2")
    assert str(h1["period_start"]) == "2024-01-01" and str(h1["period_end"]) == "2024-06-30"
    assert (h1["matters"], h1["derived_cases"], h1["case_numbers"], h1["derived_enforcement"],
            h1["derived_retrial"], h1["derived_enforcement_restoration"], h1["matters_with_derived"]) \
        == (4, 6, 10, 2, 1, 1, 2)
    assert h1["matter_ratio"] == pytest.approx(2.5) and h1["derived_matter_share"] == pytest.approx(0.5)
    assert ratio(families, "court_ytd_matter_ratio", "甘3001", "2024Q1")["case_numbers"] == 7
    assert failing_checks(families, "court_ytd_matter_ratio") == {}


def test_counts_rule_catches_an_inconsistent_row(families):
    build(families, "court_quarter_matter_ratio", ["2024Q1"])
    families.execute("UPDATE court_quarter_matter_ratio SET matter_ratio = 1.5 WHERE court_code = '甘3001'")
    assert "matter_ratio_counts_consistent" in failing_checks(families, "court_quarter_matter_ratio")


def test_assets_build_the_ratios(settings):
    """The two 案件比 assets over links and families built as the core step builds them
    (the core step's own check results: tests/test_end_to_end.py)."""
    from assets import matter
    from runtime.resources import WarehouseResource

    prepare_warehouse(settings)
    with db.connect(settings.warehouse) as c:
        c.execute("DELETE FROM cases; DELETE FROM courts")
        load_families(c)
        build_links(c)
    resources = {"warehouse": WarehouseResource.from_settings(settings)}
    result = dg.materialize(matter.ASSETS, resources=resources, partition_key="2024Q1")
    assert result.success
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    assert con.execute("SELECT case_numbers FROM court_quarter_matter_ratio WHERE court_code = '甘3001' "
                       "AND quarter = '2024Q1'").fetchall() == [(7,)]
    con.close()


def test_explain_lists_the_families_behind_the_ratio(families):
    from warehouse.explain import explain

    build(families, "court_ytd_matter_ratio", ["2024Q2"])
    r = explain(families, "甘3001", "2024Q2", "matter_ratio", period="ytd")
    assert r["matches"] and r["value"] == pytest.approx(2.5)
    roots = {f["root_case_number"]: f for f in r["denominator"]["cases"]}
    assert set(roots) == {ROOT1, "(2024)甘3001民初2号", "(2024)甘3001执2号", "(2024)甘3001民初3号"}
    assert roots[ROOT1]["derived"] == [APPEAL1, "(2024)甘3001执1号", "(2024)甘3001执异1号",
                                       "(2024)甘30民再1号", "(2024)甘3001执恢1号"]
    assert r["numerator"]["count"] == 10
    share = explain(families, "甘3001", "2024Q2", "derived_matter_share", period="ytd")
    assert share["matches"] and share["numerator"]["count"] == 2


def test_matter_ratio_is_declared_once_and_read_from_the_declaration(families):
    """案件比 is a row of indicators.csv (lower_better, ideal 1.0, not ranked, counts of
    court_quarter_matter_ratio); explain, the issued figures and the bulletin section take
    its name, kind and counts from there."""
    from pipelines.commands.explain import render
    from warehouse import indicators
    from warehouse.explain import explain
    from warehouse.reports import sections
    from warehouse.reports.issued import RATE_PARTS

    ind = indicators.get("matter_ratio")
    assert (ind.source, ind.direction, ind.target, ind.ranked) == ("court_quarter_matter_ratio", "lower_better", 1.0, False)
    assert "matter_ratio" not in [i.key for i in indicators.ranked()]
    assert RATE_PARTS["matter_ratio"] == ("case_numbers", "matters")
    build(families, "court_quarter_matter_ratio", ["2024Q1"])
    r = explain(families, "甘3001", "2024Q1", "matter_ratio")
    assert r["indicator_zh"] == "案件比" and r["matches"] and r["value"] == pytest.approx(1.75)
    assert r["assessment"]["direction"] == "lower_better" and r["assessment"]["ranked"] is False
    assert "assessed as: lower_better (target 1.0)" in render(r, "table") and "not ranked" in render(r, "table")
    ctx = sections.matter_ratio_context({"quarter": [], "ytd": []}, "2024Q1")
    assert (ctx["name"], ctx["ideal"], ctx["ranked"]) == ("案件比", 1.0, False)
    assert [s.name for s in sections.matter_ratio_sheets({"quarter": [], "ytd": []})] == ["案件比", "年度累计案件比"]


def test_the_declaration_refuses_ranking_an_indicator_the_rankings_do_not_read(tmp_path):
    from warehouse import indicators

    text = indicators.PATH.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("matter_ratio,"))
    bad = tmp_path / "indicators.csv"
    bad.write_text(text.replace(row, row.replace(",1.0,false,", ",1.0,true,")), encoding="utf-8")
    with pytest.raises(ValueError, match="only indicators of court_quarter_performance can be ranked"):
        indicators.load(bad)
    bad.write_text(text.replace(row, row.replace("case_numbers,matters", "case_numbers,received")), encoding="utf-8")
    with pytest.raises(ValueError, match="received, not a count column of court_quarter_matter_ratio"):
        indicators.load(bad)


def test_links_and_families_refreshed_for_the_changed_cases_equal_a_whole_rebuild(families):
    """The core step refreshes case_links and case_families for the cases a delivery
    changed (assets/core.py: every case derived from them, the roots before and after):
    a chain cut in the middle, a cycle broken, a dangling origin that arrives and a case
    gone give the rows a whole rebuild gives."""
    from assets.core import refresh_links
    from warehouse import affected

    con = families
    changed = [APPEAL1, CYC_B, DANGLING, "(2024)甘3001执1号"]
    con.execute("CREATE OR REPLACE TEMP TABLE core_scope AS SELECT unnest(?) AS case_number",
                [[*changed, "(2023)甘3021民初999号"]])
    affected.snapshot(con, "cases", "case_number IN (SELECT case_number FROM core_scope)")  # as the core step does
    con.execute("UPDATE cases SET origin_case_number = NULL WHERE case_number = ?", [APPEAL1])    # cut
    con.execute("UPDATE cases SET origin_case_number = NULL WHERE case_number = ?", [CYC_B])      # no cycle
    add_case(con, "(2023)甘3021民初999号", "2023-06-01", "2023-09-01", "2023-12-01", "判决")          # arrives
    con.execute("UPDATE cases SET origin_case_number = ? WHERE case_number = ?", [ROOT1, DANGLING])
    con.execute("DELETE FROM cases WHERE case_number = '(2024)甘3001执1号'")                          # gone
    written = {}
    moved = refresh_links(con, written)
    assert written["case_links"]["cases_recomputed"] < db.scalar(con, "SELECT count(*) FROM cases")
    refreshed = {n: con.execute(f"SELECT * FROM {n} ORDER BY ALL").fetchall() for n in ("case_links", "case_families")}
    build_links(con)
    for name, rows in refreshed.items():
        assert rows == con.execute(f"SELECT * FROM {name} ORDER BY ALL").fetchall(), name
    assert moved.since.isoformat() == "2024-02-01"   # the cycle's 民终3号, filed first of the cases whose link changed
    # the courts of the roots before and after: 甘3001 (ROOT1 loses the cut chain, gains the
    # dangling appeal), 甘30 (the cut 民终1号, the broken cycle, the dangling appeal's own family)
    assert moved.courts == frozenset({"甘3001", "甘30"})


def test_the_checks_of_a_refresh_read_its_rows_and_still_catch_a_bad_one(families):
    """A refresh's key, NOT NULL and foreign-key checks read the rows it replaced (a day's
    file on a national warehouse: checking every case cost more than the refresh), so a
    bad row among them still fails its check; a foreign key into a table the refresh did
    not write (courts) is checked over the whole table."""
    import checks
    from assets.core import written_rows
    from checks.structural import STRUCTURAL

    con = families
    con.execute("CREATE OR REPLACE TEMP TABLE core_scope AS SELECT ? AS case_number", [APPEAL1])
    con.execute("CREATE OR REPLACE TEMP TABLE links_scope AS SELECT * FROM core_scope")
    con.execute("CREATE OR REPLACE TEMP TABLE families_scope AS SELECT ? AS k", [ROOT1])
    written = written_rows()

    def failing(name):
        return {r.check_name: (r.metadata["failing"].value, r.metadata["checked"].value)
                for r in checks.evaluate(con, name, written[name]) if not r.passed and r.check_name in STRUCTURAL}

    assert all(not failing(n) for n in ("cases", "case_links", "case_families"))
    con.execute("INSERT INTO case_links SELECT * FROM case_links WHERE case_number = ?", [APPEAL1])
    assert failing("case_links")["key_unique"] == (1, "the rows of the 1 key this write replaced")
    con.execute("UPDATE case_families SET court_code = NULL WHERE root_case_number = ?", [ROOT1])
    assert failing("case_families")["not_null"] == (1, "the rows of the 1 key this write replaced")
    # 甘3001's cases are all outside the scope: their court gone from the registry is still found
    outside = db.scalar(con, "SELECT count(*) FROM cases WHERE court_code = '甘3001'")
    con.execute("DELETE FROM courts WHERE court_code = '甘3001'")
    assert outside > 0 and failing("cases")["foreign_keys"] == (outside, "the whole table")


def test_the_invariant_rules_of_a_refresh_read_its_rows_and_still_catch_a_bad_one(families):
    """The blocking rules that say which rows they are about (`in_written`: every case in
    one family, a case per set of versions, a link's root is a case) read the refresh's
    rows: a wrong family or case in scope fails, one outside it is left to the whole check."""
    import checks
    from assets.core import written_rows

    con = families
    con.execute("CREATE OR REPLACE TEMP TABLE core_scope AS SELECT ? AS case_number", [APPEAL1])
    con.execute("CREATE OR REPLACE TEMP TABLE links_scope AS SELECT * FROM core_scope")
    con.execute("CREATE OR REPLACE TEMP TABLE families_scope AS SELECT ? AS k", [ROOT1])
    written = written_rows()

    def rule(name, check, scoped=True):
        found = {r.check_name: r for r in checks.evaluate(con, name, written[name] if scoped else None)}[check]
        return found.metadata["failing"].value, found.metadata["checked"].value

    assert rule("case_families", "every_case_in_one_family") == (0, "the rows of the 1 key this write replaced")
    assert rule("case_links", "root_is_a_case") == (0, "the rows of the 1 key this write replaced")
    other = db.scalar(con, "SELECT min(root_case_number) FROM case_families WHERE root_case_number <> ?", [ROOT1])
    con.execute("UPDATE case_families SET cases = cases + 1 WHERE root_case_number IN (?, ?)", [ROOT1, other])
    assert rule("case_families", "every_case_in_one_family") == (1, "the rows of the 1 key this write replaced")
    assert rule("case_families", "every_case_in_one_family", scoped=False) == (2, "the whole table")
    con.execute("UPDATE case_links SET root_case_number = '（2099）甘30民初1号' WHERE case_number = ?", [APPEAL1])
    assert rule("case_links", "root_is_a_case") == (1, "the rows of the 1 key this write replaced")
    # the fixture's cases were written without their versions: one each, as cases.sql counts them
    con.execute("INSERT INTO case_versions (case_number, court_code, filing_date, extension_days, excluded_days, "
                "file_path, sha256, row_number) SELECT case_number, court_code, filing_date, 0, 0, 'test', 'h', "
                "100 + row_number() OVER () FROM cases WHERE case_number NOT IN (SELECT case_number FROM case_versions)")
    assert rule("cases", "one_row_per_versioned_case", scoped=False) == (0, "the whole table")
    assert rule("cases", "one_row_per_versioned_case") == (0, "the rows of the 1 key this write replaced")
    outside = db.scalar(con, "SELECT min(case_number) FROM cases WHERE case_number <> ?", [APPEAL1])
    con.execute("UPDATE cases SET versions = versions + 1 WHERE case_number IN (?, ?)", [APPEAL1, outside])
    assert rule("cases", "one_row_per_versioned_case") == (1, "the rows of the 1 key this write replaced")
    assert rule("cases", "one_row_per_versioned_case", scoped=False) == (2, "the whole table")


def test_a_model_in_several_statements_leaves_no_temp_table_and_admits_only_its_own(families, tmp_path, monkeypatch):
    """case_links builds two temp tables before its rows (models.statements); the write
    drops them, and a statement other than CREATE OR REPLACE TEMP TABLE <model>_… before
    the last is refused, naming the file."""
    temps = families.execute("SELECT table_name FROM duckdb_tables() WHERE temporary "
                             "AND starts_with(table_name, 'case_links_')").fetchall()
    assert temps == [] and db.scalar(families, "SELECT count(*) FROM case_links") > 0
    assert [t for t, _ in models.statements("case_links")[0]] == ["case_links_edges", "case_links_roots"]
    (tmp_path / "case_links.sql").write_text("delete from cases;\nselect 1 as case_number", encoding="utf-8")
    monkeypatch.setattr(models, "SQL_DIR", tmp_path)
    with pytest.raises(ValueError, match=r"warehouse/sql/case_links\.sql: a statement before the last"):
        models.statements("case_links")


def test_the_walk_run_in_parts_gives_the_rows_of_one_walk(families, monkeypatch):
    """The roots' walk holds a row per start in memory, so models.PARTS runs it in hash
    parts of the starts at scale; with a part per two links (chains across court levels, a
    cycle, dangling and malformed origins in several parts) the rows are those of one walk."""
    whole = families.execute("SELECT * FROM case_links ORDER BY case_number").fetchall()
    edges = db.scalar(families, "SELECT count(*) FROM case_links WHERE origin_known")
    count = models.PARTS["case_links_roots"][0]
    monkeypatch.setitem(models.PARTS, "case_links_roots", (count, 2))
    parts = []
    real = models._parts
    monkeypatch.setattr(models, "_parts", lambda con, temp: parts.append(real(con, temp)) or parts[-1])
    with db.transaction(families):
        models.rebuild(families, "case_links")
    assert parts == [1, -(-edges // 2)] and parts[1] >= 3
    assert families.execute("SELECT * FROM case_links ORDER BY case_number").fetchall() == whole
    # a refresh splits only the starts in its scope: one case is one part
    with db.transaction(families):
        models.refresh(families, "case_links", f"SELECT '{APPEAL1}'")
    assert parts[2:] == [1, 1]
    assert families.execute("SELECT * FROM case_links ORDER BY case_number").fetchall() == whole
