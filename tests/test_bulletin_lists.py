"""The quarterly bulletin's lists are reproducible with SQL: on the gansu sample (built by
the whole pipeline, tests/conftest.py), the long-pending and overdue cases, the judges and
each court's strengths, weaknesses and indicators outside their range printed in the
bulletin are what a query on the analysts' published copy returns for the same quarter.
The printed lists stop at the list limit (COURTS_LIST_LIMIT) per court — the first rows
in the documented order — and say how many are left; the extracts beside the bulletin
hold every row of the published table, for the whole warehouse or an issuer's courts."""
import re
from pathlib import Path

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from tests.privacy import leaks, party_names
from warehouse import issuers as registry
from warehouse.indicators import indicators
from warehouse.reports import write_quarterly_bulletin
from warehouse.reports.extracts import QUARTERLY
from warehouse.tables import table

LISTS = ("quarter_end_long_pending", "quarter_end_deadline_alerts", "court_quarter_standings")
CASE = re.compile(r'<tr><td class="code">([^<]+)</td>')
ITEM = re.compile(r"<li>([^：<]+)：")
MORE = re.compile(r'<tr class="more"><td colspan="\d+" class="note">另有 ([\d,]+) (?:件|名法官)，完整清单见 '
                  r'<a href="([^"]+)">')
SMALL = 2   # a list limit the sample's courts exceed, so truncation really happens

# The documented order of each bounded list within a court (the extracts' order too).
LONG_PENDING = ("SELECT court_code, case_number FROM quarter_end_long_pending WHERE quarter = ? {more} "
                "QUALIFY row_number() OVER (PARTITION BY court_code ORDER BY age_days DESC, case_number) <= ? "
                "ORDER BY court_code, age_days DESC, case_number")
OVERDUE = ("SELECT court_code, case_number FROM quarter_end_deadline_alerts WHERE quarter = ? AND tier = '超期' {more} "
           "QUALIFY row_number() OVER (PARTITION BY court_code ORDER BY days_remaining, case_number) <= ? "
           "ORDER BY court_code, days_remaining, case_number")
ALERTS = ("SELECT court_code, case_number FROM quarter_end_deadline_alerts WHERE quarter = ? {more} "
          "QUALIFY row_number() OVER (PARTITION BY court_code ORDER BY tier_rank, days_remaining, case_number) <= ? "
          "ORDER BY court_code, tier_rank, days_remaining, case_number")
JUDGES = ("SELECT court_code, judge FROM judge_quarter_performance WHERE quarter = ? {more} "
          "QUALIFY row_number() OVER (PARTITION BY court_code "
          "ORDER BY rank_in_court NULLS LAST, closed DESC, judge) <= ? "
          "ORDER BY court_code, rank_in_court NULLS LAST, closed DESC, judge")


def cards(html: str, section: str, end: str) -> dict[str, str]:
    """{court_code: the card's HTML} of one section of the bulletin."""
    part = html.split(f'<section id="{section}">', 1)[1].split(end, 1)[0]
    out = {}
    for card in part.split('<div class="card">')[1:]:
        code = re.search(r"<h3>[^<（]+（([^）]+)）", card).group(1)
        out[code] = card
    return out


def between(text: str, start: str, end: str | None) -> str:
    if start not in text:
        return ""
    rest = text.split(start, 1)[1]
    return rest.split(end, 1)[0] if end and end in rest else rest


@pytest.fixture(scope="module")
def demo(gansu_warehouse, tmp_path_factory):
    """(published copy, quarter, {limit: bulletin paths}) for the sample's latest quarter,
    with the default list limit and with a small one."""
    with duckdb.connect(str(gansu_warehouse), read_only=True) as con:
        quarter = con.execute("SELECT max(quarter) FROM court_quarter_rankings").fetchone()[0]
        paths = {limit: write_quarterly_bulletin(con, quarter, tmp_path_factory.mktemp(f"bulletin{limit}"),
                                                 configuration={"ranges": "默认区间", "weights": "默认权重"},
                                                 list_limit=limit)
                 for limit in (30, SMALL)}
    return gansu_warehouse, quarter, paths


def sql(published, text: str, params: list) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(text, params).fetchall()


def counts(published, template: str, quarter: str) -> dict[str, int]:
    """Each court's whole count of a list (the query without its bound)."""
    rows = sql(published, template.format(more="").replace("<= ?", "<= 1000000"), [quarter])
    out: dict[str, int] = {}
    for code, *_ in rows:
        out[code] = out.get(code, 0) + 1
    return out


def printed_cases(html: str) -> dict[str, list[tuple[str, str]]]:
    printed = cards(html, "lists", "</section>")
    out = {}
    for name, heading, end in (("long-pending", "<h4>长期未结案件</h4>", "<h4>超审限未结案件</h4>"),
                               ("overdue", "<h4>超审限未结案件</h4>", None)):
        out[name] = [(code, case) for code, card in sorted(printed.items())
                     for case in CASE.findall(between(card, heading, end))]
    return out


def sheet_rows(path: Path, sheet: str, column: str) -> tuple[list[tuple[str, str]], list]:
    """(court, `column`) of a workbook sheet's rows, and the note under them."""
    header, *rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    end = next((i for i, r in enumerate(rows) if not any(v not in ("", None) for v in r)), len(rows))
    court, col = header.index("法院代字"), header.index(column)
    return [(r[court], r[col]) for r in rows[:end]], [v for r in rows[end:] for v in r if v not in ("", None)]


def test_the_list_tables_are_published_without_personal_columns(demo):
    published, quarter, _ = demo
    for name in LISTS:
        t = table(name)
        assert t.published and not any(c.personal for c in t.columns), name
        cols = [r[0] for r in sql(published, "SELECT column_name FROM information_schema.columns "
                                             "WHERE table_name = ? ORDER BY ordinal_position", [name])]
        assert cols == t.column_names, name
    counts = {n: sql(published, f"SELECT count(*) FROM {n} WHERE quarter = ?", [quarter])[0][0] for n in LISTS}
    assert all(counts.values()), counts  # the demo quarter has cases on every list


@pytest.mark.parametrize("limit", [30, SMALL])
def test_printed_lists_are_the_first_rows_per_court_of_the_published_tables(demo, limit):
    published, quarter, paths = demo
    html = paths[limit]["html"].read_text(encoding="utf-8")
    shown = printed_cases(html)
    for name, template in (("long-pending", LONG_PENDING), ("overdue", OVERDUE)):
        expected = sql(published, template.format(more=""), [quarter, limit])
        assert expected, name
        assert shown[name] == expected, name
    # the workbook's sheets print the same bound, in the same order
    for sheet, column, template in (("长期未结案件", "案号", LONG_PENDING), ("审限预警", "案号", ALERTS),
                                    ("法官指标", "承办法官", JUDGES)):
        rows, note = sheet_rows(paths[limit]["xlsx"], sheet, column)
        assert rows == sql(published, template.format(more=""), [quarter, limit]), sheet
        assert note and f"每院最多列{limit}" in note[0] and "extracts/" in note[0], sheet


def test_a_small_limit_truncates_and_says_how_many_are_left(demo):
    published, quarter, paths = demo
    html = paths[SMALL]["html"].read_text(encoding="utf-8")
    printed = cards(html, "lists", "</section>")
    whole = {"long-pending": counts(published, LONG_PENDING, quarter), "overdue": counts(published, OVERDUE, quarter)}
    truncated = 0
    for code, card in printed.items():
        for name, heading, end, extract in (
                ("long-pending", "<h4>长期未结案件</h4>", "<h4>超审限未结案件</h4>", "quarter_end_long_pending"),
                ("overdue", "<h4>超审限未结案件</h4>", None, "quarter_end_deadline_alerts")):
            part = between(card, heading, end)
            n = whole[name].get(code, 0)
            more = MORE.findall(part)
            if n > SMALL:
                truncated += 1
                assert more == [(str(n - SMALL), f"extracts/{extract}.csv")], (code, name)
                assert len(CASE.findall(part)) == SMALL
            else:
                assert more == [] and len(CASE.findall(part)) == n, (code, name)
    assert truncated >= 2  # the test means something: several lists are cut
    judges = counts(published, JUDGES, quarter)
    tables = re.findall(r"<h3>[^<（]+（([^）]+)）</h3>\s*<div class=\"scroll\">(.*?)</table>",
                        between(html, '<section id="judges">', "</section>"), re.S)
    assert sorted(code for code, _ in tables) == sorted(judges)
    for code, part in tables:
        assert MORE.findall(part) == ([(str(judges[code] - SMALL), "extracts/judge_quarter_performance.csv")]
                                      if judges[code] > SMALL else []), code
    assert any(n > SMALL for n in judges.values())
    # the workbook note counts the same remainder
    rows, note = sheet_rows(paths[SMALL]["xlsx"], "长期未结案件", "案号")
    total = sum(whole["long-pending"].values())
    assert f"共{total:,}件，列出{len(rows):,}件，另有 {total - len(rows):,} 件未列出" in note[0]


def test_extracts_hold_every_row_of_the_published_tables(demo):
    published, quarter, paths = demo
    folder = paths[SMALL]["html"].parent
    with duckdb.connect(str(published), read_only=True) as con:
        for e in QUARTERLY:
            t = table(e.name)
            cols = ", ".join(f'"{c.name}"' for c in t.published_columns)
            where = e.where.replace("$quarter", f"'{quarter}'")
            expected = con.execute(f"SELECT {cols} FROM {e.name} WHERE {where} ORDER BY {e.order}").fetchall()
            assert expected, e.name
            parquet = con.execute(f"SELECT * FROM read_parquet('{folder / e.relative('parquet')}')").fetchall()
            assert parquet == expected, e.name
            csv_path = folder / e.relative("csv")
            assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf"), e.name   # BOM: Excel reads it as UTF-8
            header = csv_path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
            assert header == [c.zh for c in t.published_columns], e.name
            as_text = con.execute(f"SELECT * FROM read_csv('{csv_path}', header = true, all_varchar = true)").fetchall()
            assert len(as_text) == len(expected), e.name
            first = [c.name for c in t.published_columns].index("court_code")
            assert [r[first] for r in as_text] == [r[first] for r in expected], e.name
    # every link of the HTML to an extract resolves from the bulletin's folder
    links = set(re.findall(r'href="(extracts/[^"]+)"', paths[SMALL]["html"].read_text(encoding="utf-8")))
    assert links == {e.relative() for e in QUARTERLY}
    assert all((folder / link).is_file() for link in links)


def test_an_issuers_extracts_hold_its_courts_rows(gansu_warehouse):
    """The pipeline rendered 甘01's reports (tests/conftest.py): its extracts are the
    published rows of the courts it covers."""
    published = Path(gansu_warehouse)
    with duckdb.connect(str(published), read_only=True) as con:
        quarter = con.execute("SELECT max(quarter) FROM court_quarter_rankings").fetchone()[0]
        courts = registry.covered_courts(con, "甘01")
        folder = published.parent.parent / "reports" / quarter / "甘01"
        for e in QUARTERLY:
            where = e.where.replace("$quarter", f"'{quarter}'")
            expected = con.execute(f"SELECT court_code, count(*) FROM {e.name} WHERE {where} "
                                   "AND list_contains(?, court_code) GROUP BY ALL ORDER BY ALL", [courts]).fetchall()
            got = con.execute(f"SELECT court_code, count(*) FROM read_parquet('{folder / e.relative('parquet')}') "
                              "GROUP BY ALL ORDER BY ALL").fetchall()
            assert got == expected and got, e.name


def test_extracts_carry_no_party_name(demo):
    published, _, paths = demo
    folder = paths[SMALL]["html"].parent / "extracts"
    pipeline = Path(published).parent.parent / "warehouse.duckdb"
    with duckdb.connect(str(pipeline), read_only=True) as con:
        names = party_names(con)
    assert names
    with duckdb.connect() as con:
        for e in QUARTERLY:
            assert not any(c.personal for c in table(e.name).published_columns)
            con.execute(f"CREATE TABLE {e.name} AS SELECT * FROM read_csv('{folder / (e.name + '.csv')}', "
                        "header = true, all_varchar = true)")
        assert leaks(con, names) == []


def test_printed_strengths_and_weaknesses_equal_sql_on_the_published_copy(demo):
    published, quarter, paths = demo
    html = paths[30]["html"].read_text(encoding="utf-8")
    printed = cards(html, "profiles", "</section>")
    zh = {k: i.zh for k, i in indicators().items()}
    rows = sql(published, "SELECT court_code, list_kind, indicator FROM court_quarter_standings WHERE quarter = ? "
                          "ORDER BY court_code, list_kind, sort_order", [quarter])
    expected: dict[tuple[str, str], list[str]] = {}
    for code, kind, indicator in rows:
        expected.setdefault((code, kind), []).append(zh[indicator])
    headings = {"strength": ("<h4>优势指标</h4>", "<h4>弱势指标</h4>"),
                "weakness": ("<h4>弱势指标</h4>", "<h4>合理区间外的指标</h4>"),
                "outside_range": ("<h4>合理区间外的指标</h4>", "<h4>同比变化</h4>")}
    shown = {}
    for code, card in printed.items():
        for kind, (start, end) in headings.items():
            items = ITEM.findall(between(card, start, end))
            if items:
                shown[(code, kind)] = items
    assert {k for _, k in expected} == set(headings)  # the demo has rows on all three lists
    assert shown == expected
