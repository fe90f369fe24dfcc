"""Hostile use, as an attacker or a careless clerk would try it: personal data never
reaches the analysts' copy, `courts sql` touches nothing but the file it was given, and
hostile inbox entries reject only themselves."""
import hashlib
import re

import duckdb
import pytest

from pipelines.cli import main as courts


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- courts sql sandbox -------------------------------------------------------------------


@pytest.fixture
def analyst_files(tmp_path):
    pipeline = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(pipeline))
    con.execute("CREATE TABLE courts AS SELECT '甘3001' AS court_code")
    con.close()
    published = tmp_path / "published.duckdb"
    con = duckdb.connect(str(published))
    con.execute("CREATE TABLE courts AS SELECT '甘3001' AS court_code, '合作市人民法院' AS court_name")
    con.close()
    secret = tmp_path / "secret.txt"
    secret.write_text("张三,李四\n", encoding="utf-8")
    return tmp_path, pipeline, published, secret


ATTACKS = {
    "attach_read_write": "ATTACH '{pipeline}' AS w (READ_WRITE); DELETE FROM w.courts",
    "attach_new_file": "ATTACH '{dir}/new.duckdb' AS n",
    "copy_to": "COPY (SELECT * FROM courts) TO '{dir}/out.csv'",
    "export_database": "EXPORT DATABASE '{dir}/export'",
    "read_text": "SELECT * FROM read_text('{secret}')",
    "read_csv": "SELECT * FROM read_csv('{secret}')",
    "glob": "SELECT * FROM glob('{dir}/*')",
    "install": "INSTALL httpfs",
    "load": "LOAD httpfs",
    "set_option": "SET enable_external_access = true",
    "set_memory": "SET memory_limit = '1TB'",
    "delete": "DELETE FROM courts",
    "drop": "DROP TABLE courts",
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_courts_sql_refuses_each_attack_in_one_line(analyst_files, attack, capsys):
    d, pipeline, published, secret = analyst_files
    before = {p.name: _digest(p) for p in d.iterdir()}
    query = ATTACKS[attack].format(pipeline=pipeline, dir=d, secret=secret)
    code = courts(["sql", "--db", str(published), query])
    out, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("courts sql: error: ") and err.count("\n") == 1, err
    assert "张三" not in out and "甘3001" not in out
    assert {p.name: _digest(p) for p in d.iterdir()} == before  # nothing written, nothing created


def test_courts_sql_still_answers_queries(analyst_files, capsys):
    _, _, published, _ = analyst_files
    assert courts(["sql", "--db", str(published), "SELECT court_name FROM courts"]) == 0
    assert "合作市人民法院" in capsys.readouterr().out


# --- the analysts' copy --------------------------------------------------------------------


def test_published_copy_is_built_from_the_allow_list(con, tmp_path):
    """Personal tables and columns stay in the pipeline's file; rejected rows are published
    with the fields the export format names only, less 当事人 in any spelling (a column it
    does not name may hold names or ID numbers), and unsplittable rows without values."""
    from warehouse.publish import publish
    from warehouse.tables import TABLES

    records = [
        ('{"案号":"（2024）甘3001民初1号","当事人":"张三；李四","承办法官":"王芳"}', ["future_date"]),
        ('{" 當事人\\t":"赵五","case_number":"x"}', ["invalid_case_number"]),
        ('{"ｐａｒｔｉｅｓ ":"钱六","filing_date":"2024-01-01"}', ["missing_required"]),
        ('{"_line":"{\\"当事人\\": \\"孙七\\""}', ["malformed_row"]),
        ('{"案号":"x","立案日期":"y","_extra_fields":["周八"]}', ["malformed_row"]),
        ('{"案号":"x","当事人名称":"吴九","party":"郑十","身份证号":"620000199001011234"}', ["invalid_case_number"]),
    ]
    for i, (raw, reasons) in enumerate(records):
        con.execute("INSERT INTO rejected_rows VALUES ('a/20240101.csv', 'h', ?, ?, ?)", [i + 1, raw, reasons])
    con.execute("INSERT INTO raw.case_rows (sha256, file_path, row_number, parties) VALUES ('h', 'f', 1, '张三')")
    con.execute("INSERT INTO case_parties VALUES ('（2024）甘3001民初1号', '张三', 1)")
    pub = tmp_path / "published.duckdb"
    publish(con, pub)
    with duckdb.connect(str(pub), read_only=True) as p:
        text = "\n".join(str(r) for t in ("rejected_rows", "case_parties")
                         for r in p.execute(f"SELECT * FROM {t}").fetchall())
        for name in ("张三", "李四", "赵五", "钱六", "孙七", "周八", "吴九", "郑十", "620000199001011234"):
            assert name not in text
        assert p.execute("SELECT raw_record FROM rejected_rows WHERE row_number = 6").fetchone()[0] == '{"案号":"x"}'
        first = p.execute("SELECT raw_record FROM rejected_rows WHERE row_number = 1").fetchone()[0]
        assert '"承办法官":"王芳"' in first and "案号" in first  # the rest of the record stays
        assert p.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name <> 'main'").fetchone()[0] == 0
        published_cols = {(r[0], r[1]) for r in p.execute("SELECT table_name, column_name FROM duckdb_columns()").fetchall()}
    for t in TABLES:
        for c in t.columns:
            assert ((t.name, c.name) in published_cols) == (t.published and not c.personal), (t.name, c.name)
    # the pipeline's own copy keeps the full record for fixing files
    assert "张三" in con.execute("SELECT raw_record FROM rejected_rows WHERE row_number = 1").fetchone()[0]


# --- court names ---------------------------------------------------------------------------

from tests.test_ingest import csv_text, put, rejected, wh  # noqa: E402,F401  (wh is a fixture)


def test_every_name_form_of_a_court_matches(wh, tmp_path):
    from warehouse import ingest

    forms = ["甘南州中级人民法院", "甘南中院", "甘南藏族自治州中级人民法院", "甘肃省甘南藏族自治州中级人民法院",
             "甘肃省甘南州中级人民法院", "甘肅省甘南藏族自治州中級人民法院", "甘南　中院", " 甘肃省 甘南州中级人民法院",
             "\u3000甘南州中级人民法院\u00a0"]
    rows = [f"（2024）甘30民初{i + 1}号,2024-01-0{1 + i % 9},,,,,{n}" for i, n in enumerate(forms)]
    put(tmp_path, "甘30/20240110.csv", csv_text(*rows))
    ingest.ingest_inbox(wh, tmp_path)
    assert rejected(wh) == {}
    assert wh.execute("SELECT count(*) FROM case_versions WHERE len(warnings) = 0").fetchone()[0] == len(forms)


def test_unknown_name_loads_with_a_warning_only_when_the_court_code_vouches(wh, tmp_path):
    from warehouse import ingest

    put(tmp_path, "甘30/20240110.csv", csv_text(
        "（2024）甘30民初1号,2024-01-02,,,,,甘南州人民法院",          # unknown name, code = folder: loads
        "（2024）甘3001民初2号,2024-01-02,,,,,甘南州人民法院",        # unknown name, code of another court
        "（2024）甘30民初3号,2024-01-02,,,,,合作市人民法院",          # another registered court's name
        "（2011）甘南民初字第4号,2011-01-02,,,,,甘南州人民法院",        # legacy: no code to vouch
    ))
    ingest.ingest_inbox(wh, tmp_path)
    assert rejected(wh) == {("甘30/20240110.csv", n): ["court_mismatch"] for n in (2, 3, 4)}
    assert wh.execute("SELECT case_number, warnings FROM case_versions").fetchall() == [
        ("（2024）甘30民初1号", ["unknown_court_name"])]


# --- JSONL keys per line -------------------------------------------------------------------


def test_jsonl_keys_are_normalized_per_line(wh, tmp_path):
    """Each line spells its keys its own way (stray spaces and tabs, full-width letters,
    Traditional); every row loads with every field."""
    import json

    from warehouse import ingest

    lines = [
        {" case_number\t": "（2024）甘3001民初1号", "filing_date ": "2024-01-02", "ｊｕｄｇｅ ": "王芳", "extension_days": "3"},
        {"案號": "（2024）甘3001民初2号", "立案日期": "2024-01-03", "judge": "李强", " 延長審限天數": "4"},
        {"ｃａｓｅ　ｎｕｍｂｅｒ": "（2024）甘3001民初3号", "\tFiling Date": "2024-01-04", "承办法官\u3000": "张伟", "extension-days": "5"},
    ]
    put(tmp_path, "甘3001/20240110.jsonl", "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    ingest.ingest_inbox(wh, tmp_path)
    assert rejected(wh) == {}
    assert wh.execute(
        "SELECT row_number, case_number, filing_date::VARCHAR, judge, extension_days FROM case_versions ORDER BY 1"
    ).fetchall() == [
        (1, "（2024）甘3001民初1号", "2024-01-02", "王芳", 3),
        (2, "（2024）甘3001民初2号", "2024-01-03", "李强", 4),
        (3, "（2024）甘3001民初3号", "2024-01-04", "张伟", 5),
    ]


TWICE = {  # a line giving one key twice → the file's error
    "two spellings": ('{"case_number": "（2024）甘3001民初2号", " case_number": "（2024）甘3001民初3号", "filing_date": "2024-01-02"}',
                      'key given twice: 案号 (case_number) as "case_number" and " case_number" in data line 2'),
    # a JSON reader keeps one of the two values and drops the other in silence
    "one spelling": ('{"案号": "（2024）甘3001民初2号", "立案日期": "2024-01-02", "案号": "（2024）甘3001民初3号"}',
                     'key given twice: 案号 (case_number) as "案号" twice in data line 2'),
}


@pytest.mark.parametrize("case", TWICE)
def test_a_jsonl_line_giving_one_key_twice_is_refused_by_name(wh, tmp_path, case):
    """The file is refused, naming the key and the line, and nothing of it loads."""
    from warehouse import ingest

    line, error = TWICE[case]
    put(tmp_path, "甘3001/20240110.jsonl", '{"case_number": "（2024）甘3001民初1号", "filing_date": "2024-01-02"}\n' + line + "\n")
    ingest.ingest_inbox(wh, tmp_path)
    assert wh.execute("SELECT status, error FROM ingested_files").fetchone() == ("rejected", error)
    assert wh.execute("SELECT count(*) FROM case_versions").fetchone()[0] == 0


# --- inbox walk ----------------------------------------------------------------------------


def test_hostile_inbox_entries_reject_only_themselves(wh, tmp_path, monkeypatch):
    """A link out of the inbox, link loops and an unreadable folder are each one rejected
    entry (never opened); every other court's files load."""
    import os

    from warehouse import ingest

    inbox = tmp_path / "inbox"
    row = "（2024）{c}民初1号,2024-01-02,,,,,"
    for court in ("甘3001", "甘3021", "甘3022", "甘3023"):
        put(inbox, f"{court}/20240110.csv", csv_text(row.format(c=court)))
    outside = put(tmp_path, "elsewhere/20240110.csv", csv_text("（2024）甘3024民初9号,2024-01-02,,,,,"))
    put(inbox, "甘3025/20240110.csv", csv_text(row.format(c="甘3025")))
    (inbox / "甘3024").mkdir()
    os.symlink(outside, inbox / "甘3024" / "20240111.csv")                 # points out of the inbox
    os.symlink(tmp_path / "elsewhere", inbox / "甘3024" / "sub")           # a folder out of the inbox
    os.symlink("20240112.csv", inbox / "甘3021" / "20240112.csv")          # points at itself
    os.symlink(inbox / "甘3022", inbox / "甘3022" / "again")               # folder loop
    os.symlink(inbox / "甘3001" / "20240110.csv", inbox / "甘3023" / "20240113.csv")  # inside: followed
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("甘3025"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    ingest.ingest_inbox(wh, inbox)
    got = dict(wh.execute("SELECT file_path, status || ': ' || coalesce(error, '') FROM ingested_files").fetchall())
    assert got["甘3024/20240111.csv"] == "rejected: link: symbolic link points outside the inbox; not followed"
    assert got["甘3024/sub"] == "rejected: link: symbolic link points outside the inbox; not followed"
    assert got["甘3021/20240112.csv"] == "rejected: link: symbolic link is a link loop; not followed"
    assert got["甘3022/again"] == "rejected: link: folder already reached by another path (a loop); not followed"
    assert got["甘3025"] == "rejected: unreadable: folder cannot be listed (Permission denied)"
    assert got["甘3023/20240113.csv"].startswith("duplicate")
    for court in ("甘3001", "甘3021", "甘3022", "甘3023"):
        assert got[f"{court}/20240110.csv"] == "loaded: ", (court, rejected(wh))
    assert "甘3024民初9号" not in str(wh.execute("SELECT * FROM raw.case_rows").fetchall())


def test_a_file_name_that_is_not_utf8_rejects_only_itself(wh, tmp_path):
    """A name in GBK bytes (as a Windows zip or share leaves it) is one rejected entry that
    names the file, shows its bytes and their GBK reading; the court's other file loads,
    and the next run does not take it up again."""
    import os

    from warehouse import ingest

    put(tmp_path, "甘3001/20240110.csv", csv_text("（2024）甘3001民初1号,2024-01-02,,,,,"))
    bad = os.path.join(os.fsencode(tmp_path / "甘3001"), "20240110_审判.csv".encode("gbk"))
    with open(bad, "wb") as f:
        f.write(csv_text("（2024）甘3001民初2号,2024-01-02,,,,,").encode("utf-8"))
    ingest.ingest_inbox(wh, tmp_path)
    got = dict(wh.execute("SELECT file_path, status || ': ' || coalesce(error, '') FROM ingested_files").fetchall())
    assert got == {
        "甘3001/20240110.csv": "loaded: ",
        "甘3001/20240110_\\xc9\\xf3\\xc5\\xd0.csv":
            "rejected: file name is not UTF-8 (read as GBK: 甘3001/20240110_审判.csv): rename it; the file is not opened",
    }
    assert ingest.ingest_inbox(wh, tmp_path)["files"] == []


# --- CSV formula injection -----------------------------------------------------------------

FORMULAS = ["+cmd|' /C calc'!A0", "@SUM(1)", "=HYPERLINK(\"http://x\")", "-2+3", "\t=1", "\r=1"]


def test_weekly_reminder_csv_escapes_formula_cells(con, tmp_path):
    """Judge cells that a spreadsheet would run come out as text ('…); numbers, including
    negative day counts, stay numbers."""
    import csv
    import datetime as dt

    from warehouse.reports.weekly import write_weekly_reminder

    for i, judge in enumerate(FORMULAS):
        con.execute("INSERT INTO deadline_alerts (as_of_date, case_number, court_code, judge, case_type, filing_date, "
                    "deadline_date, days_remaining, tier, tier_rank) VALUES "
                    "('2024-04-08', ?, '甘3001', ?, '民初', '2024-01-01', '2024-04-05', -3, '超期', 1)",
                    [f"（2024）甘3001民初{i + 1}号", judge])
    paths = write_weekly_reminder(con, dt.date(2024, 4, 8), tmp_path)
    with open(paths["csv"], encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["承办法官"] for r in rows) == sorted("'" + j for j in FORMULAS)
    assert {r["剩余天数"] for r in rows} == {"-3"}


def test_weekly_reminder_page_escapes_every_listed_value(con, tmp_path):
    """The page's case rows are built in SQL (weekly_sections.sql): markup in a judge's
    name or a case type is shown as text, never run; a missing judge or type shows —."""
    import datetime as dt

    from warehouse.reports.weekly import write_weekly_reminder

    hostile = [("<script>alert(1)</script>", '民初"&'), ("O'Neil <b>", None), (None, "民初")]
    for i, (judge, case_type) in enumerate(hostile):
        con.execute("INSERT INTO deadline_alerts (as_of_date, case_number, court_code, judge, case_type, filing_date, "
                    "deadline_date, days_remaining, tier, tier_rank) VALUES "
                    "('2024-04-08', ?, '甘3001', ?, ?, '2024-01-01', '2024-04-05', -3, '超期', 1)",
                    [f"（2024）甘3001民初{i + 1}<i>号", judge, case_type])
    page = write_weekly_reminder(con, dt.date(2024, 4, 8), tmp_path)["html"].read_text(encoding="utf-8")
    assert "<script" not in page and "<b>" not in page and "<i>" not in page
    for text in ("&lt;script&gt;alert(1)&lt;/script&gt;", "民初&#34;&amp;", "O&#39;Neil &lt;b&gt;",
                 "（2024）甘3001民初1&lt;i&gt;号"):
        assert text in page
    rows = re.findall(r"<tr><td class=\"code\">（2024）甘3001.*?</tr>", page)
    assert len(rows) == 3 and sum("<td class=\"code\">—</td>" in r for r in rows) == 2
    assert all('<td class="num worse">-3</td>' in r for r in rows)


def test_explain_csv_escapes_formula_cells():
    import csv
    import io

    from pipelines.commands.explain import render

    result = {"numerator": {"cases": [{"case_number": "（2024）甘3001民初1号", "judge": j, "days": -5}
                                      for j in FORMULAS]}, "denominator": None}
    rows = list(csv.reader(io.StringIO(render(result, "csv"), newline="")))
    assert [r[2] for r in rows[1:]] == ["'" + j for j in FORMULAS]
    assert {r[3] for r in rows[1:]} == {"-5"}


# --- amounts and day counts ----------------------------------------------------------------


def test_negative_absurd_and_overflowing_amounts_and_days_are_rejected_never_nulled(wh, tmp_path):
    from warehouse import ingest

    header = "案号,立案日期,延长审限天数,扣除审限天数,申请执行标的金额,执行到位金额"
    cases = {
        1: ("0", "0", "-500", "", ["negative_amount"]),
        2: ("0", "0", "-100000000000000000000", "", ["negative_amount"]),
        3: ("0", "0", "100000000000000000000", "", ["amount_out_of_range"]),
        4: ("0", "0", "", "5000000000000", ["amount_out_of_range"]),   # above the 1e12 cap
        5: ("0", "0", "1e30", "", ["amount_out_of_range"]),
        6: ("99999999999", "0", "", "", ["days_out_of_range"]),
        7: ("0", "4000", "", "", ["days_out_of_range"]),
        8: ("-3", "0", "", "", ["negative_days"]),
        9: ("3", "2", "1,234.50元", "￥100", []),
        10: ("0", "0", "一百元", "", []),                                # unreadable: a warning only
    }
    rows = [f"（2024）甘3001执{n}号,2024-01-02,{e},{x},\"{a}\",\"{r}\"" for n, (e, x, a, r, _) in cases.items()]
    put(tmp_path, "甘3001/20240110.csv", csv_text(*rows, header=header))
    ingest.ingest_inbox(wh, tmp_path)
    got = {n: r for (_, n), r in rejected(wh).items()}
    assert got == {n: c[4] for n, c in cases.items() if c[4]}
    assert wh.execute("SELECT row_number, amount_claimed::VARCHAR, amount_recovered::VARCHAR, extension_days, warnings "
                      "FROM case_versions ORDER BY 1").fetchall() == [
        (9, "1234.50", "100.00", 3, []), (10, None, None, 0, ["unparseable_amount_claimed"])]


# --- CLI errors ----------------------------------------------------------------------------


def test_bad_memory_limit_is_one_line_with_duckdbs_reason(tmp_path, monkeypatch, capsys):
    (tmp_path / "inbox").mkdir()
    monkeypatch.setenv("COURTS_MEMORY_LIMIT", "lots")
    code = courts(["run", "--inbox", str(tmp_path / "inbox"), "--warehouse", str(tmp_path / "w.duckdb")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("courts run: error: COURTS_MEMORY_LIMIT='lots' is not a DuckDB memory limit")
    assert "Memory must have a number" in err and "Traceback" not in err  # DuckDB's own reason
    assert not (tmp_path / "w.duckdb").exists()


def test_an_unexpected_failure_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    import pipelines.cli as cli

    def boom(args):
        try:
            open(tmp_path / "missing.csv")
        except OSError as exc:
            raise RuntimeError("report failed") from exc

    monkeypatch.setattr(cli, "cmd_sql", boom)
    assert courts(["sql", "--db", "x", "SELECT 1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "FileNotFoundError" in err and "missing.csv" in err
    with pytest.raises(RuntimeError):
        courts(["--debug", "sql", "--db", "x", "SELECT 1"])


def test_a_failed_step_reports_the_innermost_cause():
    from dagster._utils.error import SerializableErrorInfo

    from pipelines.runner import root_cause

    inner = SerializableErrorInfo("Out of Memory Error: could not allocate block of size 256KB\nmore", [], "OutOfMemoryException")
    outer = SerializableErrorInfo("Error occurred while executing op \"case_types\":\n", [], "DagsterExecutionStepExecutionError", inner)
    assert root_cause(outer) == "Out of Memory Error: could not allocate block of size 256KB"


# --- disk full during a run ----------------------------------------------------------------


class _DiskFullAfter:
    """A connection whose writes into the published copy fail after `n` tables, as a full
    disk makes them fail (simulated: a tmpfs cannot be mounted in the test sandbox)."""

    def __init__(self, con, n):
        self._con, self._n = con, n

    def execute(self, sql, *args):
        if sql.startswith("INSERT INTO pub."):
            self._n -= 1
            if self._n < 0:
                raise duckdb.IOException('IO Error: Could not write file "published.duckdb": No space left on device')
        return self._con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.mark.parametrize("whole", [False, True], ids=["incremental", "whole"])
def test_disk_full_while_publishing_leaves_both_copies_as_they_were(tmp_path, whole):
    """The incremental publish fails at its first write into the new copy (and so does the
    whole one it falls back to); the whole publish after three tables."""
    from warehouse import db
    from warehouse.ddl import ensure_schema
    from warehouse.publish import publish

    pipeline, pub = tmp_path / "wh" / "warehouse.duckdb", tmp_path / "pub" / "warehouse.duckdb"
    with db.connect(pipeline) as con:
        ensure_schema(con)
        con.execute("INSERT INTO case_types VALUES ('民初', 'civil', 'first', '民事一审')")
        publish(con, pub)
        con.execute("INSERT INTO case_types VALUES ('民终', 'civil', 'second', '民事二审')")
        con.execute("CHECKPOINT")
    before = {p: _digest(p) for p in (pipeline, pub)}
    with db.connect(pipeline) as con:
        with pytest.raises(duckdb.IOException, match="No space left"):
            publish(_DiskFullAfter(con, 3 if whole else 0), pub, whole=whole)
    assert {p: _digest(p) for p in (pipeline, pub)} == before
    assert sorted(p.name for p in pub.parent.iterdir()) == [pub.name]  # no half-written leftovers
    with duckdb.connect(str(pub), read_only=True) as p:
        assert p.execute("SELECT case_type FROM case_types").fetchall() == [("民初",)]


# --- legacy case numbers -------------------------------------------------------------------

LEGACY_OK = ["（2011）甘南民初字第87号", "（2011）临潭县民初字第87号", "（2011）夏河执字第87号",
             "（2011）碌曲法民二初字第87号", "（2009）合民一终字第3号", "（2011）甘南州中法民初字第87号"]
OTHER_AUTHORITIES = ["（2011）释字第87号", "（2011）尸检字第87号", "（2011）刑释字第87号", "（2011）公刑拘字第87号",
                     "（2011）检刑诉字第87号"]


def test_legacy_numbers_take_any_court_abbreviation_and_other_authorities_stay_invalid(con):
    """Python's parser and the SQL macros agree: any abbreviation before a known type is a
    legacy number (court from the folder); prison, autopsy, police numbers are not."""
    from warehouse import casenumber, values

    values.register_sql(con)
    for text in LEGACY_OK + OTHER_AUTHORITIES:
        py = casenumber.parse(text)
        sql = con.execute("SELECT cn_m_valid(?, cn_match(?)), cn_m_style(?, cn_match(?))", [text] * 4).fetchone()
        assert (py.valid, py.style) == (text in LEGACY_OK, "legacy" if text in LEGACY_OK else None), text
        assert tuple(sql) == (py.valid, py.style), text


def _mount_tmpfs(path, size):
    import subprocess

    path.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return r.returncode == 0


def test_a_full_disk_while_publishing_leaves_the_published_copy_as_it_was(tmp_path):
    """A real full disk: the published copy lives on a 2 MB tmpfs and the new copy does not
    fit. Needs permission to mount; the simulated test above covers the rest."""
    import subprocess

    from warehouse import db
    from warehouse.ddl import ensure_schema
    from warehouse.publish import publish

    disk = tmp_path / "small"
    if not _mount_tmpfs(disk, "2m"):
        pytest.skip("cannot mount a tmpfs here (needs root); covered by the simulated write error")
    try:
        pipeline, pub = tmp_path / "warehouse.duckdb", disk / "warehouse.duckdb"
        with db.connect(pipeline) as con:
            ensure_schema(con)
            con.execute("INSERT INTO case_types VALUES ('民初', 'civil', 'first', '民事一审')")
            publish(con, pub)
            con.execute("INSERT INTO case_types SELECT md5(i::VARCHAR), 'civil', 'first', md5((-i)::VARCHAR) "
                        "FROM range(200000) t(i)")
            con.execute("CHECKPOINT")
        before = {p: _digest(p) for p in (pipeline, pub)}
        with db.connect(pipeline) as con:
            with pytest.raises(duckdb.Error, match="write"):
                publish(con, pub)
        assert {p: _digest(p) for p in (pipeline, pub)} == before
        assert sorted(p.name for p in disk.iterdir()) == [pub.name]
        with duckdb.connect(str(pub), read_only=True) as p:
            assert p.execute("SELECT count(*) FROM case_types").fetchone()[0] == 1
    finally:
        subprocess.run(["umount", str(disk)], check=False)
