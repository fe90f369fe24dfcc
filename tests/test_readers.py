"""Readers and header mapping: every encoding, shape and header variant of
spec/export-format.md becomes the same rows, numbered from the first data row; files that
cannot be used are refused with a reason; rows that cannot be split are kept."""
import datetime as dt
import json

import duckdb
import pytest
import xlsxwriter

from warehouse import headers, readers

HEAD = "案号,立案日期,结案日期,结案方式,当事人"
ROWS = [
    "（2024）甘3001民初1号,2024-01-05,2024-02-01,判决,张三；李四",
    '（2024）甘3001民初2号,2024/1/6,,,"王五,（法定代理人）"',
    "（2024）甘3001民初3号,2024年1月7日,,,",
]


@pytest.fixture
def con():
    c = duckdb.connect()
    yield c
    c.close()


def rows_of(con, src):
    cols = [src.field_sql(i) for i in range(len(src.header.own))]
    return con.execute(f"SELECT rowid + 1, {', '.join(cols)}, _malformed FROM {src.table} ORDER BY rowid").fetchall()


def write(path, text, encoding="utf-8", bom=False):
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.mark.parametrize("encoding, bom, expect", [
    ("utf-8", False, "utf-8"), ("utf-8", True, "utf-8-sig"), ("gb18030", False, "gb18030"), ("gbk", False, "gb18030"),
])
def test_csv_encodings_give_the_same_rows(con, tmp_path, encoding, bom, expect):
    text = "甘南州中级人民法院案件明细表\r\n" + HEAD + "\r\n" + "\r\n".join(ROWS) + "\r\n"
    src = readers.read(con, write(tmp_path / "a.csv", text, encoding, bom), "csv", "t", tmp_path)
    assert src.encoding == expect and src.rows == 3 and src.header.variant == "simplified"
    assert rows_of(con, src) == [
        (1, "（2024）甘3001民初1号", "2024-01-05", "2024-02-01", "判决", "张三；李四", None),
        (2, "（2024）甘3001民初2号", "2024/1/6", None, None, "王五,（法定代理人）", None),
        (3, "（2024）甘3001民初3号", "2024年1月7日", None, None, None, None),
    ]


def test_big5_is_refused_not_loaded_as_garbage(con, tmp_path):
    text = "案號,立案日期,結案日期\n（2024）甘3001民初1號,2024-01-05,\n"
    path = write(tmp_path / "big5.csv", text, "big5")
    with pytest.raises(readers.FileRejected, match="unrecognized encoding"):
        readers.read(con, path, "csv", "t", tmp_path)


@pytest.mark.parametrize("header, variant", [
    ("案号,立案日期,结案日期,承办部门", "simplified"),
    ("案號,立案日期,結案日期,承辦部門", "traditional"),
    ("案號(号),立案日期,結(结)案日期,承辦(办)部門(门)", "broken"),
    ("案號（号）, 立案日期 ,結（结）案日期,承辦（办）部門（门）", "broken"),
    ("case_number,filing_date,Closing Date, division ", "english"),
    ("案号,立案日期,結案日期,承辦部門", "mixed"),
])
def test_header_variants_map_to_the_same_columns(con, tmp_path, header, variant):
    path = write(tmp_path / "h.csv", header + "\n（2024）甘3001民初1号,2024-01-05,,民事审判第一庭\n")
    src = readers.read(con, path, "csv", "t", tmp_path)
    assert src.header.canonical == ("case_number", "filing_date", "closing_date", "division")
    assert src.header.variant == variant
    assert rows_of(con, src)[0][1:5] == ("（2024）甘3001民初1号", "2024-01-05", None, "民事审判第一庭")


def test_unknown_and_duplicate_headers():
    h = headers.map_header(["序号", "案号", "备注", "立案日期", "备注", None])
    assert h.canonical == (None, "case_number", None, "filing_date", None, None)
    assert h.own == ("序号", "案号", "备注", "立案日期", "备注#2", "_column_6")
    assert h.problem is None
    assert "given twice" in headers.map_header(["案号", "案號", "立案日期"]).problem
    assert headers.map_header(["案号", "结案日期"]).problem == "required column missing: 立案日期 (filing_date)"


def test_header_only_csv_has_no_rows(con, tmp_path):
    src = readers.read(con, write(tmp_path / "e.csv", HEAD + "\n"), "csv", "t", tmp_path)
    assert src.rows == 0


@pytest.mark.parametrize("text, reason", [
    ("结案日期,立案日期\n2024-01-01,2024-01-01\n", "required column missing: 案号 (case_number)"),
    ("案号,结案日期\n（2024）甘3001民初1号,\n", "required column missing: 立案日期 (filing_date)"),
    ("", "no header row"),
    ("just some text\nmore text\n", "no header row"),
])
def test_files_without_the_required_columns_are_refused(con, tmp_path, text, reason):
    with pytest.raises(readers.FileRejected, match=reason.replace("(", r"\(").replace(")", r"\)")):
        readers.read(con, write(tmp_path / "m.csv", text), "csv", "t", tmp_path)


def test_ragged_rows_are_kept_as_malformed_and_numbering_holds(con, tmp_path):
    text = HEAD + "\n" + "\n".join([
        ROWS[0],
        "（2024）甘3001民初9号,2024-01-05",  # too few fields
        '（2024）甘3001民初10号,2024-01-05,,,"多行\n当事人"',  # a quoted newline is one row
        "（2024）甘3001民初11号,2024-01-05,,,,extra,more",  # too many
        ROWS[2],
    ]) + "\n"
    src = readers.read(con, write(tmp_path / "r.csv", text), "csv", "t", tmp_path)
    got = rows_of(con, src)
    assert [r[0] for r in got] == [1, 2, 3, 4, 5] and src.rows == 5
    assert [r[-1] for r in got] == [None, "expected 5 fields, found 2", None, "expected 5 fields, found 7", None]
    assert got[2][5] == "多行\n当事人"
    raw = con.execute(f"SELECT {src.raw_record_sql()} FROM {src.table} ORDER BY rowid").fetchall()
    assert json.loads(raw[3][0]) == {"案号": "（2024）甘3001民初11号", "立案日期": "2024-01-05", "结案日期": None,
                                     "结案方式": None, "当事人": None, "_extra_fields": ["extra", "more"]}
    assert json.loads(raw[0][0])["当事人"] == "张三；李四"


def test_transcode_streams_and_refuses_invalid_bytes(tmp_path):
    good = tmp_path / "g.csv"
    good.write_bytes(("案号\n" + "（2024）甘3001民初1号\n" * 200_000).encode("gb18030"))
    out = tmp_path / "g8.csv"
    readers.transcode(good, out, "gb18030")
    assert out.read_text(encoding="utf-8").count("甘3001") == 200_000
    bad = tmp_path / "b.csv"
    bad.write_bytes("案号\n".encode("gb18030") + b"\x81\x20\n")
    with pytest.raises(readers.FileRejected, match="invalid GB18030 byte sequence at byte 5"):
        readers.transcode(bad, tmp_path / "b8.csv", "gb18030")


def _xlsx(path, rows, date_cells=()):
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("案件明细")
    fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if v is None:
                continue
            if (r, c) in date_cells:
                ws.write_datetime(r, c, v, fmt)
            elif isinstance(v, (int, float)):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, v)
    wb.close()
    return path


def test_xlsx_title_blank_total_rows_and_excel_dates(con, tmp_path):
    path = _xlsx(tmp_path / "a.xlsx", [
        ["合作市人民法院案件明细表"],
        [],
        ["序号", "案號", "立案日期", "结案日期", "申请执行标的金额"],
        [1, "（2024）甘3001执1号", dt.datetime(2024, 1, 5), 45326, 1200.5],
        [2, "（2024）甘3001执2号", "2024.1.6", None, 3000],
        [],
        ["合计", None, None, None, 4200.5],
    ], date_cells={(3, 2)})
    src = readers.read(con, path, "xlsx", "t", tmp_path)
    assert src.rows == 2 and src.header.own == ("序号", "案號", "立案日期", "结案日期", "申请执行标的金额")
    assert rows_of(con, src) == [
        (1, "1", "（2024）甘3001执1号", "2024-01-05", "45326", "1200.5", None),
        (2, "2", "（2024）甘3001执2号", "2024.1.6", None, "3000", None),
    ]


@pytest.mark.parametrize("label", ["合计", " 合计 ", "合　计", "合 计", "合\u00a0计", "總　計"])
def test_xlsx_total_row_with_stray_spaces_is_not_a_case(con, tmp_path, label):
    """Stray spaces are insignificant (spec/export-format.md): a 合计 row padded as
    Chinese tables often write it (合　计) is the total, not a rejected case."""
    path = _xlsx(tmp_path / "s.xlsx", [
        ["案号", "立案日期", "执行到位金额"],
        ["（2024）甘3001执1号", "2024-01-05", 10.5],
        [label, None, 10.5],
    ])
    src = readers.read(con, path, "xlsx", "t", tmp_path)
    assert src.rows == 1
    assert rows_of(con, src) == [(1, "（2024）甘3001执1号", "2024-01-05", "10.5", None)]


def test_xlsx_header_far_down_the_sheet_is_found(con, tmp_path):
    """The header is the first row with a 案号 cell, however many rows of notes are above it."""
    path = _xlsx(tmp_path / "far.xlsx", [[f"说明第{i}行"] for i in range(80)] + [
        ["案号", "立案日期"], ["（2024）甘3001执1号", "2024-01-05"]])
    src = readers.read(con, path, "xlsx", "t", tmp_path)
    assert src.rows == 1 and rows_of(con, src) == [(1, "（2024）甘3001执1号", "2024-01-05", None)]


def test_xlsx_text_columns_keep_their_text_and_empty_cells_are_null(con, tmp_path):
    """An all-text column (converted by Arrow in one call) reads as a mixed one (cell by
    cell) does: an empty cell is NULL, a blank-looking text is kept as written."""
    path = _xlsx(tmp_path / "t.xlsx", [
        ["案号", "立案日期", "承办法官", "执行到位金额"],
        ["（2024）甘3001执1号", "2024-01-05", None, 10.5],
        ["（2024）甘3001执2号", "2024-01-06", "　张三 ", "12"],
        ["（2024）甘3001执3号", "2024-01-07", " ", None],
    ])
    src = readers.read(con, path, "xlsx", "t", tmp_path)
    assert rows_of(con, src) == [
        (1, "（2024）甘3001执1号", "2024-01-05", None, "10.5", None),
        (2, "（2024）甘3001执2号", "2024-01-06", "　张三 ", "12", None),
        (3, "（2024）甘3001执3号", "2024-01-07", " ", None, None),
    ]


def test_corrupt_xlsx_is_refused(con, tmp_path):
    good = _xlsx(tmp_path / "g.xlsx", [["案号", "立案日期"], ["（2024）甘3001民初1号", "2024-01-05"]])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(readers.FileRejected, match="unreadable XLSX"):
        readers.read(con, bad, "xlsx", "t", tmp_path)


def test_xlsx_parsed_in_worker_processes_gives_the_same_rows_and_reasons(con, tmp_path):
    """XlsxPrefetch parses in other processes: the rows, header and refusals are those of
    the in-process reader, whatever order the files are asked for in."""
    paths = []
    for k in range(5):
        paths.append(_xlsx(tmp_path / f"{k}.xlsx", [
            ["标题"], ["案号", "立案日期", "执行到位金额"],
            [f"（2024）甘3001执{k}号", dt.datetime(2024, 1, 5 + k), 10.5 * k],
            [], ["合计", None, 10.5 * k],
        ], date_cells={(2, 1)}))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(paths[0].read_bytes()[:100])
    paths.insert(2, bad)
    prefetch = readers.XlsxPrefetch(paths, workers=2, ahead=2)
    try:
        got = {p: prefetch.get(p) for p in [paths[0], paths[3], paths[1], paths[2], paths[4], paths[5]]}
    finally:
        prefetch.close()
    for i, p in enumerate(paths):
        here = readers.parse_xlsx(p)
        assert got[p].rejected == here.rejected
        if p == bad:
            assert "unreadable XLSX" in got[p].rejected
            with pytest.raises(readers.FileRejected, match="unreadable XLSX"):
                readers.load_xlsx(con, got[p], f"t{i}")
            continue
        assert got[p].header == here.header and got[p].rows.equals(here.rows)
        src = readers.load_xlsx(con, got[p], f"t{i}")
        assert src.rows == 1 and rows_of(con, src)[0][2] == "2024-01-0" + str(5 + [0, 1, None, 2, 3, 4][i])


def test_jsonl_keys_are_headers_and_bad_lines_are_kept(con, tmp_path):
    lines = [
        {"case_number": "（2024）甘3001民初1号", "filing_date": "20240105", "extension_days": 5, "remark": "x"},
        "not json at all",
        {"case_number": "（2024）甘3001民初2号", "filing_date": 45296.0},
        [1, 2],
    ]
    text = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n"
    src = readers.read(con, write(tmp_path / "a.jsonl", text), "jsonl", "t", tmp_path)
    assert src.rows == 4 and src.header.variant == "english"
    assert src.header.canonical == ("case_number", "filing_date", "extension_days", None)
    got = rows_of(con, src)
    assert got[0] == (1, "（2024）甘3001民初1号", "20240105", "5", "x", None)
    assert got[1][0] == 2 and got[1][-1] == "not a JSON object"
    assert got[2][1:4] == ("（2024）甘3001民初2号", "45296.0", None)
    assert got[3][-1] == "not a JSON object"
    raw = con.execute(f"SELECT {src.raw_record_sql()} FROM {src.table} ORDER BY rowid").fetchall()
    assert json.loads(raw[1][0]) == {"_line": "not json at all"}


def test_empty_jsonl_has_no_rows_and_missing_key_is_refused(con, tmp_path):
    assert readers.read(con, write(tmp_path / "e.jsonl", ""), "jsonl", "t", tmp_path).rows == 0
    with pytest.raises(readers.FileRejected, match="required key missing: 案号"):
        readers.read(con, write(tmp_path / "m.jsonl", '{"filing_date": "2024-01-05"}\n'), "jsonl", "t2", tmp_path)


def test_gb18030_after_an_ascii_first_megabyte_is_still_found(con, tmp_path):
    # English headers and ASCII-only rows (no case number yet) fill the first megabyte;
    # the Chinese text comes later
    ascii_rows = [f",2024-01-05,judge {i}" for i in range(60_000)]
    text = "case_number,filing_date,judge\n" + "\n".join(ascii_rows) + "\n（2024）甘3001民初1号,2024-01-05,張三\n"
    path = write(tmp_path / "late.csv", text, "gb18030")
    assert path.stat().st_size > readers.HEAD_BYTES
    src = readers.read(con, path, "csv", "t", tmp_path)
    assert src.encoding == "gb18030" and src.rows == 60_001
    assert rows_of(con, src)[-1] == (60_001, "（2024）甘3001民初1号", "2024-01-05", "張三", None)


def test_utf8_with_a_stray_byte_is_not_loaded_as_garbage(con, tmp_path):
    text = "case_number,filing_date,judge\n" + "".join(f"（2024）甘3001民初{i}号,2024-01-05,张三\n" for i in range(1, 60_000))
    data = text.encode("utf-8") + b"\xff\xfe,2024-01-05,x\n"
    path = tmp_path / "stray.csv"
    path.write_bytes(data)
    with pytest.raises(readers.FileRejected, match="unrecognized encoding|invalid GB18030"):
        readers.read(con, path, "csv", "t", tmp_path)


def test_files_read_together_give_each_file_the_rows_it_gives_alone(con, tmp_path):
    """A seeded differential check of the many-files readers (concatenation and one
    `read_csv` of many files) against the one-file reader: files with quoted values,
    quotes inside values (`张"三`), values left open, CRLF, LF and lone CRs, blank lines,
    short and long rows, title lines, BOMs and GB18030. Every file a group read returns
    must hold, in order, exactly the rows the file gives alone."""
    import random

    rnd = random.Random(20261204)
    head = "案号,立案日期,结案日期,结案方式,法院名称"
    values = ["", "v", "甘南", '"a,b"', '"a""b"', '"q"', 'a"b', '张"三', '"备注', '""', " ", "\t"]
    compared = grouped = 0
    for k in range(60):
        folder = tmp_path / str(k)
        (folder / "tmp").mkdir(parents=True)
        files = []
        for i in range(rnd.randint(2, 5)):
            nl = rnd.choice(["\n", "\n", "\r\n"])
            quoted = rnd.random() < 0.3
            lines = [rnd.choice(["", "", "标题"])] if rnd.random() < 0.2 else []
            lines.append(head)
            for _ in range(rnd.randint(0, 4)):
                n = rnd.choice([5, 5, 5, 5, 4, 6])
                pool = values if quoted else [v for v in values if '"' not in v]
                lines.append(",".join(rnd.choice(pool) if rnd.random() < 0.4 else f"v{i}" for _ in range(n)))
            if rnd.random() < 0.15:
                lines.insert(rnd.randint(1, len(lines)), rnd.choice(["", "x\ry"]))
            text = nl.join(lines) + rnd.choice([nl, nl, "", nl + nl])
            encoding = rnd.choice(["utf-8", "utf-8", "utf-8", "gb18030", "bom"])
            data = b"\xef\xbb\xbf" + text.encode() if encoding == "bom" else text.encode(encoding)
            path = folder / f"{i}.csv"
            path.write_bytes(data)
            files.append(path)
        alone = {}
        for i, path in enumerate(files):
            try:
                src = readers.read_csv(con, path, f"a{k}_{i}", folder / "tmp")
                alone[path] = con.execute(f"SELECT * FROM {src.table} ORDER BY rowid").fetchall()
            except readers.FileRejected:
                alone[path] = None
        plans = [p for i, f in enumerate(files) if (p := readers.plan_csv(f, folder / "tmp", f"p{k}_{i}"))]
        by_dialect = {}
        for p in plans:
            by_dialect.setdefault(p.dialect, []).append(p)
        for g, group in enumerate(by_dialect.values()):
            if len(group) < 2:
                continue
            for path, src in readers.read_csv_group(con, group, f"g{k}_{g}", folder / "tmp").items():
                first = src.shared.first_rowid
                got = con.execute(f"SELECT * EXCLUDE (_file) FROM {src.table} WHERE rowid >= {first} "
                                  f"AND rowid < {first + src.rows} ORDER BY rowid").fetchall()
                assert got == alone[path], (path.read_bytes(), got, alone[path])
                compared += 1
                grouped += src.rows > 0
    assert compared >= 60 and grouped >= 30  # the group readers were exercised, not only skipped
