"""The quarterly bulletin's lists are reproducible with SQL: on the gansu sample (built by
the whole pipeline, tests/conftest.py), the long-pending and overdue cases and each court's strengths,
weaknesses and indicators outside their range printed in the bulletin are exactly what a
query on the analysts' published copy returns for the same quarter."""
import re

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from warehouse.indicators import indicators
from warehouse.reports import write_quarterly_bulletin
from warehouse.reports.quarterly import LIST_LIMIT
from warehouse.tables import table

LISTS = ("quarter_end_long_pending", "quarter_end_deadline_alerts", "court_quarter_standings")
CASE = re.compile(r'<tr><td class="code">([^<]+)</td>')
ITEM = re.compile(r"<li>([^：<]+)：")


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
    """(published copy, quarter, bulletin paths) for the demo's latest quarter."""
    with duckdb.connect(str(gansu_warehouse), read_only=True) as con:
        quarter = con.execute("SELECT max(quarter) FROM court_quarter_rankings").fetchone()[0]
        paths = write_quarterly_bulletin(con, quarter, tmp_path_factory.mktemp("bulletin"))
    return gansu_warehouse, quarter, paths


def sql(published, text: str, params: list) -> list[tuple]:
    with duckdb.connect(str(published), read_only=True) as con:
        return con.execute(text, params).fetchall()


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


def test_printed_case_lists_equal_sql_on_the_published_copy(demo):
    published, quarter, paths = demo
    html = paths["html"].read_text(encoding="utf-8")
    printed = cards(html, "lists", "</section>")
    long_pending = sql(published, """
        SELECT court_code, case_number FROM quarter_end_long_pending WHERE quarter = ?
        QUALIFY row_number() OVER (PARTITION BY court_code ORDER BY age_days DESC, case_number) <= ?
        ORDER BY court_code, age_days DESC, case_number""", [quarter, LIST_LIMIT])
    overdue = sql(published, """
        SELECT court_code, case_number FROM quarter_end_deadline_alerts WHERE quarter = ? AND tier = '超期'
        QUALIFY row_number() OVER (PARTITION BY court_code ORDER BY days_remaining, case_number) <= ?
        ORDER BY court_code, days_remaining, case_number""", [quarter, LIST_LIMIT])
    for name, expected, heading, end in (("long-pending", long_pending, "<h4>长期未结案件</h4>", "<h4>超审限未结案件</h4>"),
                                         ("overdue", overdue, "<h4>超审限未结案件</h4>", None)):
        shown = [(code, case) for code, card in sorted(printed.items())
                 for case in CASE.findall(between(card, heading, end))]
        assert expected, name
        assert shown == expected, name
    # the workbook lists every case, not only the first LIST_LIMIT per court
    wb = CalamineWorkbook.from_path(str(paths["xlsx"]))
    for sheet, name in (("长期未结案件", "quarter_end_long_pending"), ("审限预警", "quarter_end_deadline_alerts")):
        header, *rows = wb.get_sheet_by_name(sheet).to_python()
        col = header.index("案号")
        assert sorted(r[col] for r in rows) == [c for (c,) in sql(
            published, f"SELECT case_number FROM {name} WHERE quarter = ? ORDER BY case_number", [quarter])], sheet


def test_printed_strengths_and_weaknesses_equal_sql_on_the_published_copy(demo):
    published, quarter, paths = demo
    html = paths["html"].read_text(encoding="utf-8")
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
