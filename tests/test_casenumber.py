"""The case-number parser (spec/case-number.md): Python and SQL give identical results,
real numbers of every province parse, legacy numbers and document numbers are told
apart, and `courts parse-case-number` prints one JSON object per input in order."""
import argparse
import io
import json
import random

import duckdb
import pytest

from pipelines.commands import parse_case_number
from warehouse import casenumber as cn

# One real-world-shaped number per court-code prefix of the SPC rules (high, intermediate,
# basic and special courts), with what the parser must read from it.
PROVINCES = [
    ("（2021）京0105民初12345号", "京0105", "民初"),
    ("（2020）津01民终1234号", "津01", "民终"),
    ("（2019）冀0102民初567号", "冀0102", "民初"),
    ("（2022）晋01刑终88号", "晋01", "刑终"),
    ("（2023）内0102执1001号", "内0102", "执"),
    ("（2018）辽02民终3456号", "辽02", "民终"),
    ("（2020）吉0104刑初45号", "吉0104", "刑初"),
    ("（2021）黑01民初789号", "黑01", "民初"),
    ("（2019）沪0115民初98765号", "沪0115", "民初"),
    ("（2020）苏05民终2345号", "苏05", "民终"),
    ("（2021）浙0106执恢12号", "浙0106", "执恢"),
    ("（2022）皖01行初56号", "皖01", "行初"),
    ("（2019）闽02民终1111号", "闽02", "民终"),
    ("（2020）赣0102民特3号", "赣0102", "民特"),
    ("（2021）鲁01民终6543号", "鲁01", "民终"),
    ("（2022）豫0105刑初321号", "豫0105", "刑初"),
    ("（2018）鄂01执异77号", "鄂01", "执异"),
    ("（2019）湘0102民初4321号", "湘0102", "民初"),
    ("（2023）粤03民终15000号", "粤03", "民终"),
    ("（2020）桂0103执保9号", "桂0103", "执保"),
    ("（2021）琼96民初100号", "琼96", "民初"),
    ("（2022）渝0103民初2020号", "渝0103", "民初"),
    ("（2019）川01刑更5000号", "川01", "刑更"),
    ("（2020）黔0102财保15号", "黔0102", "财保"),
    ("（2021）云01民申30号", "云01", "民申"),
    ("（2022）藏0102民初40号", "藏0102", "民初"),
    ("（2019）陕01行终66号", "陕01", "行终"),
    ("（2024）甘3001民初123号", "甘3001", "民初"),
    ("（2020）青01执复2号", "青01", "执复"),
    ("（2021）宁0104民初808号", "宁0104", "民初"),
    ("（2022）新01民终909号", "新01", "民终"),
    ("（2020）兵0101民初11号", "兵0101", "民初"),
    ("（2019）军刑终4号", "军", "刑终"),
    ("（2019）最高法民申1234号", "最高法", "民申"),
    ("（2023）甘民终100号", "甘", "民终"),
    ("（2020）京73民初1500号", "京73", "民初"),  # Beijing IP court (special code 73)
    ("（2018）苏8602民初1号", "苏8602", "民初"),  # cross-region court
]


@pytest.mark.parametrize("text, court, ctype", PROVINCES)
def test_real_numbers_of_every_province(text, court, ctype):
    p = cn.parse(text)
    assert p.valid and p.style == "standard" and p.error is None
    assert (p.court_code, p.case_type) == (court, ctype)
    assert p.normalized == text


def test_every_province_abbreviation_is_known():
    for abbr in "京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新兵军":
        for court in (abbr, abbr + "01", abbr + "0102"):
            p = cn.parse(f"（2024）{court}民初7号")
            assert p.valid and p.court_code == court, (court, p)
    assert cn.parse("（2024）最高法民终7号").court_code == "最高法"
    assert not cn.parse("（2024）最高法01民终7号").valid  # the SPC has no digits
    assert not cn.parse("（2024）港01民终7号").valid  # not a court code of the rules


def test_fields_of_a_full_number():
    p = cn.parse("（２０２０） 甘03 执０２３号之五")
    assert p.as_dict() == {
        "input": "（２０２０） 甘03 执０２３号之五", "valid": True, "style": "standard", "year": 2020,
        "court_code": "甘03", "specialized": None, "case_type": "执", "category": "enforcement",
        "instance": "execution", "serial": 23, "suffix": "之五", "normalized": "（2020）甘03执23号之五", "error": None,
    }


@pytest.mark.parametrize("text", [
    "(2024)甘3001民初123号", "〔2024〕甘3001民初123号", "（2024）甘3001民初0123号", " （2024）甘3001民初123号\u3000",
    "（2024） 甘3001 民初 123 号", "（２０２４）甘３００１民初１２３号", "（2024）甘3001民初123號", "\t（2024）甘3001民初00000123号\n",
])
def test_written_variants_normalize_to_one_identity(text):
    assert cn.normalize(text) == "（2024）甘3001民初123号"


def test_specialized_code_stays_in_the_number_not_in_the_type():
    p = cn.parse("（2023）甘30环民初1号")
    assert (p.specialized, p.case_type, p.normalized) == ("环", "民初", "（2023）甘30环民初1号")
    p = cn.parse("（2019）最高法知民终1号")
    assert (p.court_code, p.specialized, p.case_type, p.instance) == ("最高法", "知", "民终", "second")


def test_split_off_suffix_is_part_of_the_identity():
    a, b = cn.parse("（2020）甘03执23号之五"), cn.parse("（2020）甘03执23号")
    assert a.normalized != b.normalized and a.suffix == "之五" and b.suffix is None
    assert cn.parse("（2020）甘03执23号之十二").suffix == "之十二"


def test_legacy_numbers():
    p = cn.parse("（2014）桃刑初字第108号")
    assert (p.valid, p.style, p.year, p.court_code, p.case_type, p.serial) == (True, "legacy", 2014, None, "刑初", 108)
    assert p.normalized == "（2014）桃刑初字第108号"
    # 民二初 (the second civil tribunal's first instance) is today's 民初
    p = cn.parse("(2012)兰法民二初字第095号")
    assert (p.style, p.case_type, p.category, p.instance, p.serial) == ("legacy", "民初", "civil", "first", 95)
    assert p.normalized == "（2012）兰法民二初字第95号"
    # a court abbreviation that is itself a category character (民勤法院)
    p = cn.parse("（2013）民刑初字第5号")
    assert p.valid and p.case_type == "刑初"
    # valid, but the type is not one of today's codes
    p = cn.parse("（2013）民提字第1号")
    assert p.valid and p.style == "legacy" and p.case_type is None and p.category is None


@pytest.mark.parametrize("text, error_part", [
    ("（2015）1743号", "document number"),
    ("", "empty"),
    ("   ", "empty"),
    ("案号：（2024）甘3001民初1号", "text before"),
    ("（2024）甘3001民初1号（补录）", "text after"),
    ("甘3001民初1号", "text before"),
    ("（24）甘3001民初1号", "four digits"),
    ("（1850）甘3001民初1号", "between 1900 and 2099"),
    ("（2024）甘3001民初0号", "not zero"),
    ("（2024）甘3001民初123456789号", "1 to 8 digits"),
    ("（2024）甘300民初1号", "unknown court code or case type"),
    ("（2024）甘3001民X1号", "unknown court code or case type"),
    ("（2024）甘3001民初1号之5", "does not end with"),
])
def test_not_case_numbers_say_why(text, error_part):
    p = cn.parse(text)
    assert not p.valid and p.normalized is None and p.style is None
    assert error_part in p.error


def test_parse_never_raises_on_odd_input():
    for odd in (None, 123, "（", "）", "号", "\x00", "（2024）" * 50, "ｘ" * 1000):
        p = cn.parse(odd)
        assert p.valid is False and p.error


def _corpus() -> list[str]:
    """A few hundred numbers: valid (all types, courts, legacy), written variants and
    invalid shapes, plus random splices of their pieces (fixed seed)."""
    out = [t for t, _, _ in PROVINCES]
    g = cn.grammar()
    for i, t in enumerate(sorted(g.case_types)):
        court = ("甘3001", "甘30", "最高法", "兵0101")[i % 4]
        spec = ("", "知", "环")[i % 3]
        out.append(f"（20{10 + i % 15}）{court}{spec}{t}{i * 37 + 1}号")
        out.append(f"(２０{10 + i % 15}) {court} {t} 00{i + 1}號之{'一二三十'[i % 4]}")
    out += ["（2014）桃刑初字第108号", "（2012）兰法民二初字第95号", "（2013）甘民二终字第0012号", "（2013）民提字第1号",
            "〔2010〕临执字第7号之二", "（2015）1743号", "", " ", "（2024）甘3001民初0号", "（24）甘3001民初1号",
            "（2024）甘3001民初1号（补录）", "甘3001民初1号", "（2024）港01民初1号", "（2024）甘3001民初1号之5",
            "（2024）甘3001民初1号\n（2024）甘3001民初2号", "（2024）甘３００１民初１号", "（２０２４）甘3001民初\u30001号"]
    pieces = ["（", "）", "(", ")", "〔", "〕", "2024", "２０２４", "1999", "甘", "甘30", "甘3001", "最高法", "知", "民初",
              "民二初", "执", "字第", "号", "號", "之五", "之", "0", "007", "123", " ", "\u3000", "1743", "兰法", "x", "執", "終"]
    rng = random.Random(7)
    for _ in range(250):
        out.append("".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))))
    return out


def test_python_and_sql_parsers_agree():
    corpus = _corpus()
    assert len(corpus) > 300
    con = duckdb.connect()
    cn.register_sql(con)
    con.execute("CREATE TABLE corpus (i INTEGER, s VARCHAR)")
    con.executemany("INSERT INTO corpus VALUES (?, ?)", list(enumerate(corpus)))
    rows = con.execute("SELECT i, cn_parse(s) FROM corpus ORDER BY i").fetchall()
    mismatches = [(corpus[i], cn.parse(corpus[i]).as_dict(), sql) for i, sql in rows if cn.parse(corpus[i]).as_dict() != sql]
    assert mismatches == []
    valid = sum(cn.parse(s).valid for s in corpus)
    assert 100 < valid < len(corpus) - 100  # both outcomes well represented
    assert con.execute("SELECT cn_parse(NULL).error, cn_normalize('(2024)甘30民终9号')").fetchall() == [
        ("empty case number", "（2024）甘30民终9号")]


def test_command_prints_one_json_object_per_input_in_order():
    out = io.StringIO()
    rc = parse_case_number.run(argparse.Namespace(texts=["（2024）甘3001民初0123号", "（2015）1743号"]), stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rc == 0 and [x["input"] for x in lines] == ["（2024）甘3001民初0123号", "（2015）1743号"]
    assert lines[0]["normalized"] == "（2024）甘3001民初123号" and lines[0]["valid"] is True
    assert lines[1]["valid"] is False and "document number" in lines[1]["error"]
    assert set(lines[0]) == set(cn.FIELDS)


def test_command_reads_stdin_when_no_text_is_given():
    out = io.StringIO()
    stdin = io.StringIO("（2014）桃刑初字第108号\n\n(2020)甘03执23号之五\r\n")
    assert parse_case_number.run(argparse.Namespace(texts=[]), stdin=stdin, stdout=out) == 0
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["style"] for x in lines] == ["legacy", None, "standard"]
    assert lines[1] == {**{k: None for k in cn.FIELDS}, "input": "", "valid": False, "error": "empty case number"}
    assert lines[2]["normalized"] == "（2020）甘03执23号之五"
