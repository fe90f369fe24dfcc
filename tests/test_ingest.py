"""Ingest of an inbox (`warehouse.ingest.ingest_inbox`): every date style, every row
reason and warning, every file status, reconciliation of every file, idempotent re-runs,
re-delivery, crash safety, pre-commit checks, and the volume warnings."""
import datetime as dt
import json
import os
import shutil

import pytest

import checks
from checks import volume
from warehouse import ingest, models
from warehouse.settings import REFERENCE_DIR

HEADER = "案号,立案日期,结案日期,结案方式,延长审限天数,扣除审限天数,法院名称"


@pytest.fixture
def wh(con):
    """The conftest warehouse plus the Gannan court registry in `courts`."""
    registry = (REFERENCE_DIR / "courts" / "gannan.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)")
    models.rebuild(con, "courts")
    return con


def put(inbox, rel, content, encoding="utf-8"):
    path = inbox / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


def csv_text(*rows, header=HEADER):
    return header + "\n" + "".join(r + "\n" for r in rows)


def files(con):
    return {
        p: (s, rr, rl, rj, e)
        for p, s, rr, rl, rj, e in con.execute(
            "SELECT file_path, status, rows_read, rows_loaded, rows_rejected, error FROM ingested_files"
        ).fetchall()
    }


def rejected(con):
    return {(p, n): r for p, n, r in con.execute("SELECT file_path, row_number, reasons FROM rejected_rows").fetchall()}


def snapshot(con):
    out = {}
    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        out[t] = sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall()))
    return out


def state(con):
    """The ingest tables and the file register, everything but the file times."""
    out = snapshot(con)
    out["ingested_files"] = sorted(map(str, con.execute(
        "SELECT * EXCLUDE (modified_at, ingested_at) FROM ingested_files").fetchall()))
    return out


def book(path, rows):
    """An XLSX workbook with `rows` on its first sheet."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


def assert_same_when_read_alone(con, monkeypatch, inbox, together):
    """Ingest `inbox` (a copy of what gave the ingest tables `together`) into emptied
    tables with every CSV file read alone: the tables must come out the same."""
    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        con.execute(f"DELETE FROM {t}")
    monkeypatch.setattr(ingest.readers, "read_csv_group", lambda *args: {})
    ingest.ingest_inbox(con, inbox)
    assert state(con) == together


def blocking_failures(con):
    bad = []
    for t in ("case_rows", "ingested_files", "rejected_rows", "case_versions"):
        bad += [f"{t}.{r.check_name}" for r in checks.evaluate(con, t) if not r.passed and r.severity.value == "ERROR"]
    return bad


# --- values -----------------------------------------------------------------------------


def test_every_date_style_reads_the_same_day(wh, tmp_path):
    styles = ["2024-01-05", "2024/1/5", "2024/01/05", "2024.1.5", "2024年1月5日", "20240105", "45296",
              "2024-01-05 00:00:00", "2024/1/5 14:30", "2024年1月5日 9时5分", "45296.75", "２０２４－０１－０５",
              " 2024-1-5 ", "2024-01-05T10:00:00+08:00",
              # stray spaces (ASCII, ideographic, no-break, tab) around the separators are insignificant
              "2024 年 1 月 5 日", "2024 - 01 - 05", "2024/ 1/5", "2024年\u30001月5日", "2024 . 1 . 5\u00a0",
              "2024年1月5日 9 时 5 分", "2024-01-05  10 : 00", "2024-1-5\t14:30", "2024-01-05 10:00 +08:00"]
    rows = [f"（2024）甘3001民初{i + 1}号,{s},,,,," for i, s in enumerate(styles)]
    put(tmp_path, "甘3001/20240110.csv", csv_text(*rows))
    ingest.ingest_inbox(wh, tmp_path)
    got = wh.execute("SELECT row_number, filing_date::VARCHAR FROM case_versions ORDER BY row_number").fetchall()
    assert got == [(i + 1, "2024-01-05") for i in range(len(styles))]
    assert files(wh)["甘3001/20240110.csv"][:4] == ("loaded", len(styles), len(styles), 0)


def test_row_reasons_each_and_all(wh, tmp_path):
    rows = [
        "（2024）甘3001民初1号,2024-01-02,2024-01-08,判决,0,0,合作市人民法院",  # 1 valid (full name)
        ",2024-01-02,,,,,",  # 2 missing_required (案号)
        "（2024）甘3001民初3号,,,,,,",  # 3 missing_required (立案日期)
        "（2015）1743号,2024-01-02,,,,,",  # 4 invalid_case_number
        "（2024）甘3021民初5号,2024-01-02,,,,,",  # 5 court_mismatch (number)
        "（2024）甘3001民初6号,2024-01-02,,,,,临潭县人民法院",  # 6 court_mismatch (name)
        "（2024）甘3001民初7号,2024-02-30,,,,,",  # 7 unparseable_filing_date
        "（2024）甘3001民初8号,2024-01-02,待补录,判决,,,",  # 8 unparseable_closing_date
        "（2024）甘3001民初9号,1949-09-30,,,,,",  # 9 unparseable_filing_date (before 1949-10-01)
        "（2024）甘3001民初10号,2024-01-02,2024-01-11,判决,,,",  # 10 future_date (export 2024-01-10)
        "（2024）甘3001民初11号,2024-01-05,2024-01-04,判决,,,",  # 11 closing_before_filing
        "（2024）甘3001民初12号,2024-01-02,,,-3,0,",  # 12 negative_days
        "（2015）1743号,2024-01-20,,,0,-1,",  # 13 three reasons
        "（2024）甘3001民初14号,2024-01-02,,,,,合作法院",  # 14 valid (short name)
        "（2014）合刑初字第15号,2024-01-02,,,,,",  # 15 valid legacy: folder's court
        "（2013）合民提字第16号,2024-01-02,,,,,",  # 16 unknown_case_type
        "（2024）甘3001民初17号,2024-01-02,,,3天,abc,",  # 17 unparseable_days
        "（2024）甘3001民初18号,2024-01-02",  # 18 malformed_row (too few fields)
    ]
    put(tmp_path, "甘3001/20240110.csv", csv_text(*rows))
    summary = ingest.ingest_inbox(wh, tmp_path)
    p = "甘3001/20240110.csv"
    assert rejected(wh) == {
        (p, 2): ["missing_required"],
        (p, 3): ["missing_required"],
        (p, 4): ["invalid_case_number"],
        (p, 5): ["court_mismatch"],
        (p, 6): ["court_mismatch"],
        (p, 7): ["unparseable_filing_date"],
        (p, 8): ["unparseable_closing_date"],
        (p, 9): ["unparseable_filing_date"],
        (p, 10): ["future_date"],
        (p, 11): ["closing_before_filing"],
        (p, 12): ["negative_days"],
        (p, 13): ["invalid_case_number", "future_date", "negative_days"],
        (p, 16): ["unknown_case_type"],
        (p, 17): ["unparseable_days"],
        (p, 18): ["malformed_row"],
    }
    assert files(wh)[p] == ("partially_loaded", 18, 3, 15, None)
    assert (summary["rows_read"], summary["rows_loaded"], summary["rows_rejected"]) == (18, 3, 15)
    accepted = wh.execute("SELECT row_number, case_number, court_code, case_type FROM case_versions ORDER BY 1").fetchall()
    assert accepted == [(1, "（2024）甘3001民初1号", "甘3001", "民初"), (14, "（2024）甘3001民初14号", "甘3001", "民初"),
                        (15, "（2014）合刑初字第15号", "甘3001", "刑初")]
    record = wh.execute("SELECT raw_record FROM rejected_rows WHERE row_number = 6").fetchall()[0][0]
    assert json.loads(record) == {"案号": "（2024）甘3001民初6号", "立案日期": "2024-01-02", "结案日期": None, "结案方式": None,
                                  "延长审限天数": None, "扣除审限天数": None, "法院名称": "临潭县人民法院"}
    assert blocking_failures(wh) == []


def test_vocabulary_and_warnings(wh, tmp_path):
    header = "案號,立案日期,結案日期,結案方式,案由,適用程序,承辦法官,承辦部門,原審案號,申請執行標的金額,執行到位金額,更新時間,備註"
    rows = [
        "（2024）甘3001民初1号,2024-01-02,2024-01-05,準予撤訴,民間借貸糾紛,簡易程序,　張三 ,民事審判第一庭,,,,2024-01-05 10:00,x",
        "（2024）甘3001执2号,2024-01-02,2024-01-05,和解,,,李四,執行局,（2023）1号,\"1,200.50元\",N/A,昨天,",
        "（2024）甘3001执3号,2024-01-02,,,,,李四,,（2023）甘3001民初9号,,,,",
    ]
    put(tmp_path, "甘3001/20240110.csv", csv_text(*rows, header=header), "gb18030")
    ingest.ingest_inbox(wh, tmp_path)
    got = wh.execute(
        "SELECT row_number, disposition, disposition_group, cause, procedure, judge, division, origin_case_number, "
        "amount_claimed::VARCHAR, amount_recovered, updated_at::VARCHAR, warnings FROM case_versions ORDER BY 1"
    ).fetchall()
    assert got == [
        (1, "准予撤诉", "withdrawal", "民间借贷纠纷", "简易程序", "張三", "民事审判第一庭", None, None, None,
         "2024-01-05 10:00:00", []),
        (2, "和解", "other", None, None, "李四", "执行局", None, "1200.50", None, None,
         ["unknown_disposition", "invalid_origin_case_number", "unparseable_amount_recovered", "unparseable_updated_at"]),
        (3, None, None, None, None, "李四", None, "（2023）甘3001民初9号", None, None, None, []),
    ]
    meta = wh.execute("SELECT encoding, header_variant, status FROM ingested_files").fetchall()
    assert meta == [("gb18030", "traditional", "loaded")]
    extra = wh.execute("SELECT extra FROM raw.case_rows WHERE row_number = 1").fetchall()[0][0]
    assert json.loads(extra) == {"備註": "x"}


def test_invisible_characters_never_make_a_second_judge_or_cause(wh, tmp_path):
    """A NUL, an ESC or a zero-width space inside a name or a vocabulary value (left by an
    export) is not part of it: the rows count for the one judge and the one cause."""
    header = "案号,立案日期,案由,承办法官"
    rows = ["（2024）甘3001民初1号,2024-01-02,民间借贷纠纷,张三",
            "（2024）甘3001民初2号,2024-01-02,民间借贷\x00纠纷,张\x00三",
            "（2024）甘3001民初3号,2024-01-02,\u200b民间借贷纠纷,\x1b张三\u200b",
            "（2024）甘3001民初4号,2024-01-02,民间\x7f借贷纠纷,John\x07 Smith"]
    put(tmp_path, "甘3001/20240110.csv", csv_text(*rows, header=header))
    ingest.ingest_inbox(wh, tmp_path)
    got = wh.execute("SELECT cause, judge, count(*) FROM case_versions GROUP BY ALL ORDER BY 3 DESC").fetchall()
    assert got == [("民间借贷纠纷", "张三", 3), ("民间借贷纠纷", "John Smith", 1)]


# --- files ------------------------------------------------------------------------------


GOOD = csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", "（2024）甘3001民初2号,2024-01-03,,,,,")


def test_every_file_status(wh, tmp_path):
    put(tmp_path, "甘3001/20240105.csv", GOOD)
    put(tmp_path, "甘3001/20240105_重发.csv", GOOD)  # same bytes, sorts later → duplicate
    put(tmp_path, "甘3001/20240106.csv.part", GOOD[:20])  # temporary: nowhere
    put(tmp_path, "甘3001/20240106.tmp", GOOD)
    put(tmp_path, "甘3001/~$20240106.xlsx", b"lock")
    put(tmp_path, "甘3001/._20240105.csv", b"\x00\x05")
    put(tmp_path, "甘3001/.cache/20240105.csv", GOOD)
    put(tmp_path, "甘9999/20240105.csv", GOOD.replace("甘3001", "甘9999"))
    put(tmp_path, "20240105.csv", GOOD)
    put(tmp_path, "甘3001/notes.txt", "hello")
    put(tmp_path, "甘3001/export.csv", GOOD)
    put(tmp_path, "甘3001/20241399.csv", GOOD)
    put(tmp_path, "甘3001/sub/20240105.csv", GOOD)
    put(tmp_path, "甘3021/20240105.xlsx", b"PK\x03\x04 not really a workbook")
    put(tmp_path, "甘3022/20240105.jsonl", '{"立案日期": "2024-01-02"}\n')
    put(tmp_path, "甘3023/20240105.csv", HEADER + "\n")
    ingest.ingest_inbox(wh, tmp_path)
    got = files(wh)
    assert {p: v[0] for p, v in got.items()} == {
        "甘3001/20240105.csv": "loaded",
        "甘3001/20240105_重发.csv": "duplicate",
        "甘9999/20240105.csv": "rejected",
        "20240105.csv": "rejected",
        "甘3001/notes.txt": "rejected",
        "甘3001/export.csv": "rejected",
        "甘3001/20241399.csv": "rejected",
        "甘3001/sub/20240105.csv": "rejected",
        "甘3021/20240105.xlsx": "rejected",
        "甘3022/20240105.jsonl": "rejected",
        "甘3023/20240105.csv": "loaded",
    }
    errors = {p: v[4] for p, v in got.items()}
    assert errors["甘3001/20240105_重发.csv"] == "same bytes as 甘3001/20240105.csv"
    assert "甘9999 is not in the court registry" in errors["甘9999/20240105.csv"]
    assert "not in a court folder" in errors["20240105.csv"]
    assert "unsupported file type .txt" in errors["甘3001/notes.txt"]
    assert "export date" in errors["甘3001/export.csv"] and "export date" in errors["甘3001/20241399.csv"]
    assert "sub-folder" in errors["甘3001/sub/20240105.csv"]
    assert "unreadable XLSX" in errors["甘3021/20240105.xlsx"]
    assert errors["甘3022/20240105.jsonl"] == "required key missing: 案号 (case_number)"
    assert got["甘3023/20240105.csv"] == ("loaded", 0, 0, 0, None)
    assert wh.execute("SELECT duplicate_of FROM ingested_files WHERE status = 'duplicate'").fetchall() == [("甘3001/20240105.csv",)]
    # nothing of a rejected or duplicate file is loaded, and temporary files appear nowhere
    assert wh.execute("SELECT DISTINCT file_path FROM raw.case_rows").fetchall() == [("甘3001/20240105.csv",)]
    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        paths = {p for (p,) in wh.execute(f"SELECT file_path FROM {t}").fetchall()}
        assert not any(".part" in p or ".tmp" in p or "~$" in p or "/." in p for p in paths)
    assert blocking_failures(wh) == []


def test_the_later_path_of_two_identical_files_is_the_duplicate(wh, tmp_path):
    put(tmp_path, "甘3001/20240106.csv", GOOD)
    put(tmp_path, "甘3001/20240105_b.csv", GOOD)
    ingest.ingest_inbox(wh, tmp_path)
    assert {p: v[0] for p, v in files(wh).items()} == {"甘3001/20240105_b.csv": "loaded", "甘3001/20240106.csv": "duplicate"}


def test_second_run_and_redelivered_copy_change_nothing(wh, tmp_path):
    put(tmp_path, "甘3001/20240105.csv", GOOD)
    put(tmp_path, "甘3001/20240106.csv", csv_text("（2024）甘3001民初3号,2024-01-04,,,,,", "x,2024-01-04,,,,,"))
    first = ingest.ingest_inbox(wh, tmp_path)
    before = snapshot(wh)
    second = ingest.ingest_inbox(wh, tmp_path)
    assert (first["files_new"], second["files_new"]) == (2, 0) and snapshot(wh) == before
    # the same bytes delivered again under a new name: one duplicate row, nothing else
    put(tmp_path, "甘3001/20240107_补发.csv", GOOD)
    ingest.ingest_inbox(wh, tmp_path)
    after = snapshot(wh)
    assert {k: v for k, v in after.items() if k != "ingested_files"} == {k: v for k, v in before.items() if k != "ingested_files"}
    assert files(wh)["甘3001/20240107_补发.csv"][:4] == ("duplicate", 0, 0, 0)
    # the same bytes at the same path with a new modification time: skipped silently
    os.utime(tmp_path / "甘3001/20240105.csv", (1_700_000_000, 1_700_000_000))
    assert ingest.ingest_inbox(wh, tmp_path)["files_new"] == 0
    assert snapshot(wh) == after


def test_a_corrected_redelivery_supersedes_the_earlier_bytes(wh, tmp_path):
    p = "甘3001/20240105.csv"
    put(tmp_path, p, csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", "（2015）1743号,2024-01-02,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    assert files(wh)[p][:4] == ("partially_loaded", 2, 1, 1)
    put(tmp_path, p, csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", "（2024）甘3001民初2号,2024-01-02,,,,,",
                              "（2024）甘3001民初3号,2024-01-03,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    assert files(wh)[p][:4] == ("loaded", 3, 3, 0)
    assert wh.execute("SELECT count(*), count(DISTINCT sha256) FROM case_versions").fetchall() == [(3, 1)]
    assert rejected(wh) == {}
    assert wh.execute("SELECT count(*) FROM raw.case_rows").fetchall() == [(3,)]
    assert blocking_failures(wh) == []


def test_a_copy_of_superseded_bytes_is_loaded_in_their_place(wh, tmp_path):
    """Two files with the same bytes: one loads, the other is its duplicate. When the first
    is re-delivered with other bytes, the copy is all that is left of the old ones: the same
    run loads it (its cases stay), and the next run has nothing to do."""
    old = csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", "（2024）甘3001民初2号,2024-01-02,,,,,")
    put(tmp_path, "甘3001/20240105_a.csv", old)
    put(tmp_path, "甘3001/20240105_b.csv", old)
    ingest.ingest_inbox(wh, tmp_path)
    assert files(wh)["甘3001/20240105_b.csv"][0] == "duplicate"
    put(tmp_path, "甘3001/20240105_a.csv", csv_text("（2024）甘3001民初2号,2024-01-02,2024-01-04,判决,,,"))
    summary = ingest.ingest_inbox(wh, tmp_path)
    assert {p: v[:4] for p, v in files(wh).items()} == {
        "甘3001/20240105_a.csv": ("loaded", 1, 1, 0), "甘3001/20240105_b.csv": ("loaded", 2, 2, 0)}
    assert wh.execute("SELECT case_number, file_path FROM case_versions ORDER BY ALL").fetchall() == [
        ("（2024）甘3001民初1号", "甘3001/20240105_b.csv"), ("（2024）甘3001民初2号", "甘3001/20240105_a.csv"),
        ("（2024）甘3001民初2号", "甘3001/20240105_b.csv")]
    assert summary["files_new"] == 2 and blocking_failures(wh) == []
    assert ingest.ingest_inbox(wh, tmp_path)["files_new"] == 0


def test_unregistered_court_is_retried_once_registered(wh, tmp_path):
    put(tmp_path, "甘3021/20240105.csv", GOOD.replace("甘3001", "甘3021"))
    ingest.ingest_inbox(wh, tmp_path, registry={"甘3001"})
    assert files(wh)["甘3021/20240105.csv"][0] == "rejected"
    ingest.ingest_inbox(wh, tmp_path, registry={"甘3001"})  # still unregistered: unchanged
    assert files(wh)["甘3021/20240105.csv"][0] == "rejected"
    ingest.ingest_inbox(wh, tmp_path)  # the courts table has it
    assert files(wh)["甘3021/20240105.csv"][:4] == ("loaded", 2, 2, 0)


def test_a_crash_mid_run_leaves_no_partial_file_and_the_next_run_finishes(wh, tmp_path, monkeypatch):
    put(tmp_path, "甘3001/20240105.csv", GOOD)
    put(tmp_path, "甘3001/20240106.csv", csv_text("（2024）甘3001民初3号,2024-01-04,,,,,", "bad,2024-01-04,,,,,"))
    real = ingest._vocabulary
    calls = []

    def crash_on_second_batch(con):
        calls.append(1)
        real(con)  # the first file's raw rows are already inserted when this runs
        if len(calls) == 2:
            raise RuntimeError("power cut")

    monkeypatch.setattr(ingest, "_vocabulary", crash_on_second_batch)
    with pytest.raises(RuntimeError, match="power cut"):
        ingest.ingest_inbox(wh, tmp_path, batch_files=1)
    assert set(files(wh)) == {"甘3001/20240105.csv"}
    assert wh.execute("SELECT DISTINCT file_path FROM raw.case_rows").fetchall() == [("甘3001/20240105.csv",)]
    assert wh.execute("SELECT count(*) FROM case_versions").fetchall() == [(2,)]
    monkeypatch.setattr(ingest, "_vocabulary", real)
    assert ingest.ingest_inbox(wh, tmp_path)["files_new"] == 1
    assert {p: v[:4] for p, v in files(wh).items()} == {
        "甘3001/20240105.csv": ("loaded", 2, 2, 0), "甘3001/20240106.csv": ("partially_loaded", 2, 1, 1)}
    assert blocking_failures(wh) == []


def test_a_file_failing_a_pre_commit_check_is_rejected_and_the_others_load(wh, tmp_path, monkeypatch):
    put(tmp_path, "甘3001/20240105.csv", GOOD)
    put(tmp_path, "甘3001/20240106_bad.csv", csv_text("（2024）甘3001民初3号,2024-01-04,,,,,"))
    failing = ("always_fails_for_bad", "test check", "select file_path from params_files where file_path like '%bad%'")
    monkeypatch.setattr(ingest, "BATCH_CHECKS", ingest.BATCH_CHECKS + (failing,))
    ingest.ingest_inbox(wh, tmp_path)
    got = files(wh)
    assert got["甘3001/20240105.csv"][:4] == ("loaded", 2, 2, 0)
    status, read, loaded, rej, error = got["甘3001/20240106_bad.csv"]
    assert (status, read, loaded, rej) == ("rejected", 0, 0, 0)
    assert "pre-commit check always_fails_for_bad failed" in error
    assert wh.execute("SELECT DISTINCT file_path FROM case_versions").fetchall() == [("甘3001/20240105.csv",)]
    assert blocking_failures(wh) == []


def test_failing_files_among_many_are_found_by_halving_and_the_rest_load(wh, tmp_path, monkeypatch):
    """A batch that fails a pre-commit check is retried in halves: every failing file is
    rejected alone with the finding, every other file of the batch loads."""
    for day in range(1, 10):
        tag = "_bad" if day in (2, 7) else ""
        put(tmp_path, f"甘3001/202401{day:02d}{tag}.csv", csv_text(f"（2024）甘3001民初{day}号,2024-01-01,,,,,"))
    failing = ("always_fails_for_bad", "test check", "select file_path from params_files where file_path like '%bad%'")
    monkeypatch.setattr(ingest, "BATCH_CHECKS", ingest.BATCH_CHECKS + (failing,))
    ingest.ingest_inbox(wh, tmp_path)
    got = files(wh)
    assert sorted(p for p, v in got.items() if v[0] == "rejected") == ["甘3001/20240102_bad.csv", "甘3001/20240107_bad.csv"]
    assert all("pre-commit check always_fails_for_bad failed" in got[p][4] for p in got if "bad" in p)
    assert sorted(n for (n,) in wh.execute("SELECT case_number FROM case_versions").fetchall()) == sorted(
        f"（2024）甘3001民初{d}号" for d in (1, 3, 4, 5, 6, 8, 9))
    assert blocking_failures(wh) == []


def test_every_file_reconciles(wh, tmp_path):
    put(tmp_path, "甘3001/20240105.csv", csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", ",,,,,,"), "gb18030")
    put(tmp_path, "甘3001/20240106.jsonl", json.dumps({"case_number": "（2024）甘3001民初5号", "filing_date": "20240104"})
        + "\n{broken\n")
    put(tmp_path, "甘3023/20240105.csv", "\ufeff" + csv_text("（2024）甘3023民初1号,2024-01-02,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    rows = wh.execute(
        "SELECT f.file_path, f.rows_read, f.rows_loaded, f.rows_rejected, "
        "(SELECT count(*) FROM case_versions v WHERE v.sha256 = f.sha256), "
        "(SELECT count(*) FROM rejected_rows r WHERE r.sha256 = f.sha256), "
        "(SELECT count(*) FROM raw.case_rows w WHERE w.sha256 = f.sha256) FROM ingested_files f ORDER BY 1"
    ).fetchall()
    assert rows == [("甘3001/20240105.csv", 2, 1, 1, 1, 1, 2), ("甘3001/20240106.jsonl", 2, 1, 1, 1, 1, 2),
                    ("甘3023/20240105.csv", 1, 1, 0, 1, 0, 1)]


# --- volume warnings ---------------------------------------------------------------------


def _delivery(con, court, day, rows, run):
    con.execute(
        "INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, export_date, rows_read, rows_loaded, "
        "rows_rejected, status, ingested_at) VALUES (?, ?, ?, 1, ?, ?, ?, 0, 'loaded', ?)",
        [f"{court}/{day.replace('-', '')}.csv", court, f"{court}{day}", day, rows, rows, run],
    )


def test_volume_warnings(wh):
    for i, day in enumerate(["2024-02-02", "2024-02-09", "2024-02-16", "2024-02-23"]):
        _delivery(wh, "甘3001", day, 10 + i, "2024-02-24 08:00:00")
        _delivery(wh, "甘3021", day, 10, "2024-02-24 08:00:00")
    _delivery(wh, "甘3001", "2024-03-01", 120, "2024-03-02 08:00:00")  # median 11.5 → 10.4×
    _delivery(wh, "甘3021", "2024-02-22", 90, "2024-03-02 08:00:00")  # 9×: not yet an anomaly
    cols, rows = volume.run_query(wh, "delivery_spike")
    assert [dict(zip(cols, r, strict=True)) for r in rows] == [{
        "court_code": "甘3001", "export_date": dt.date(2024, 3, 1), "rows": 120, "usual_rows": 11.5,
        "times_usual": 10.4, "earlier_deliveries": 4, "files": "甘3001/20240301.csv"}]
    cols, rows = volume.run_query(wh, "court_silent")
    silent = {r[0]: r[3] for r in rows}
    # 甘3021 last delivered 2024-02-23: 7 days before 2024-03-01 is not yet silent; the
    # seven courts that never delivered are
    assert silent == {c: None for c in ("甘30", "甘3022", "甘3023", "甘3024", "甘3025", "甘3026", "甘3027")}
    _delivery(wh, "甘3001", "2024-03-02", 10, "2024-03-03 08:00:00")
    _, rows = volume.run_query(wh, "court_silent")
    assert {r[0]: r[3] for r in rows}["甘3021"] == 8


def test_checks_catch_a_lost_row_and_name_the_file(wh, tmp_path):
    put(tmp_path, "甘3001/20240105.csv", GOOD)
    ingest.ingest_inbox(wh, tmp_path)
    assert blocking_failures(wh) == []
    wh.execute("DELETE FROM case_versions WHERE row_number = 2")
    assert set(blocking_failures(wh)) == {"case_rows.accounted_for", "ingested_files.rows_reconcile"}
    lost = next(r for r in checks.evaluate(wh, "case_rows") if r.check_name == "accounted_for")
    assert lost.metadata["failing"].value == 1
    assert "甘3001/20240105.csv" in lost.metadata["examples"].value
    assert "（2024）甘3001民初2号" in lost.metadata["examples"].value


def test_scan_and_new_files_for_the_sensor(wh, tmp_path):
    from warehouse.inbox import new_files, scan

    put(tmp_path, "甘3001/20240105.csv", GOOD)
    put(tmp_path, "甘3001/20240106.csv.part", GOOD)
    put(tmp_path, "甘3001/~$20240106.xlsx", b"x")
    put(tmp_path, ".trash/20240105.csv", GOOD)
    put(tmp_path, "readme.txt", "x")
    scanned = scan(tmp_path)
    assert [(f.path, f.court_folder, f.size, f.export_date, f.problem is None) for f in scanned] == [
        ("readme.txt", "", 1, None, False),
        ("甘3001/20240105.csv", "甘3001", len(GOOD.encode()), dt.date(2024, 1, 5), True),
    ]
    assert [f.path for f in new_files(wh, scanned)] == ["readme.txt", "甘3001/20240105.csv"]
    ingest.ingest_inbox(wh, tmp_path)
    assert new_files(wh, scan(tmp_path)) == []
    put(tmp_path, "甘3001/20240105.csv", GOOD + "（2024）甘3001民初9号,2024-01-04,,,,,\n")  # re-delivered, longer
    assert [f.path for f in new_files(wh, scan(tmp_path))] == ["甘3001/20240105.csv"]


# --- many files read together ----------------------------------------------------------------


def test_csv_files_read_together_match_files_read_one_by_one(wh, tmp_path, monkeypatch):
    """The new CSV files of one dialect are read by one read_csv, whatever their court; each
    file keeps its own row numbers, its raw records and reasons — the same warehouse as
    reading them one at a time. A file with a line DuckDB refuses (wrong field count) and a
    GB18030 file with a title line take part too."""
    def deliver(inbox):
        put(inbox, "甘3001/20240105.csv", csv_text("（2024）甘3001民初1号,2024-01-02,,,,,", "（2024）甘3001民初2号,bad,,,,,"))
        put(inbox, "甘3001/20240106.csv", csv_text("（2024）甘3001民初3号,2024-01-03,,,,,", "（2024）甘3001民初4号,2024-01-04,,,,,",
                                                    "（2024）甘3001民初5号,2024-01-05,,,,,"))
        put(inbox, "甘3001/20240107.csv", csv_text("（2024）甘3001民初6号,2024-01-06,,,,,", "（2024）甘3001民初7号,2024-01-06,,,"))
        put(inbox, "甘3001/20240108.csv", "\ufeff" + csv_text("（2024）甘3001民初8号,2024-01-07,,,,,"))
        put(inbox, "甘3001/20240109.csv", csv_text("（2024）甘3001民初9号,2024-01-08,,,,,"), "gb18030")
        put(inbox, "甘3001/20240110.csv", csv_text(header=HEADER))
        put(inbox, "甘3023/20240105.csv", csv_text("（2024）甘3023民初1号,2024-01-02,,,,,"))

    deliver(tmp_path / "a")
    groups = []
    real = ingest.readers.read_csv_group

    def spy(con, plans, name, *args):
        out = real(con, plans, name, *args)
        groups.append((len(plans), len(out)))
        return out

    monkeypatch.setattr(ingest.readers, "read_csv_group", spy)
    ingest.ingest_inbox(wh, tmp_path / "a")
    together = state(wh)
    # the five UTF-8/BOM/GB18030 files of 甘3001, its empty one and 甘3023's share a dialect;
    # the file with a short line is refused by read_csv and read on its own
    assert groups == [(7, 6)]
    assert files(wh)["甘3001/20240107.csv"][:4] == ("partially_loaded", 2, 1, 1)
    assert rejected(wh)[("甘3001/20240105.csv", 2)] is not None
    assert blocking_failures(wh) == []

    deliver(tmp_path / "b")
    assert_same_when_read_alone(wh, monkeypatch, tmp_path / "b", together)


def test_small_csv_files_read_as_one_concatenated_file_match_files_read_one_by_one(wh, tmp_path, monkeypatch):
    """Small CSV files whose lines are records are concatenated and read as one file; each
    keeps its row numbers, raw records and reasons, as when read one at a time. Files whose
    lines may not all be records (a blank line, a lone CR) are read as files, files with a
    quote alone; a refused line (short row, invalid UTF-8 after a clean start) leaves its
    file to the one-file reader, named by its index."""
    row = "（2024）甘3001民初{n}号,2024-01-0{d},,,,,"

    def deliver(inbox):
        put(inbox, "甘3001/20240105.csv", csv_text(row.format(n=1, d=2), "（2024）甘3001民初2号,bad,,,,,"))
        put(inbox, "甘3001/20240106.csv", csv_text(row.format(n=3, d=3), '"（2024）甘3001民初4号","2024-01-04",,"调解",,,'
                                                    ).replace("\n", "\r\n"))
        put(inbox, "甘3001/20240107.csv", csv_text(row.format(n=5, d=5)).rstrip("\n"))  # no final newline
        put(inbox, "甘3001/20240115.csv", csv_text(row.format(n=16, d=5) + "合作市人民法院").replace("\n", "\r\n")
            + "\r\n\r\n")  # CRLF, a value in the last column, blank lines at the end
        put(inbox, "甘3001/20240116.csv", csv_text(header=HEADER) + "\n")  # header and a blank line
        put(inbox, "甘3001/20240108.csv", '"甘南州 ""合作市"" 法院"\n' + csv_text(row.format(n=6, d=6)))
        put(inbox, "甘3001/20240109.csv", csv_text(header=HEADER))  # header only
        put(inbox, "甘3001/20240110.csv", csv_text(row.format(n=7, d=7), row.format(n=8, d=8)[:-2]))  # short row
        put(inbox, "甘3001/20240111.csv", csv_text(row.format(n=9, d=8)).encode() + "（2024）甘3001民初10号,2024-01-08,,判決,,,\n"
            .encode("gb18030"))  # UTF-8, then a GB18030 line
        put(inbox, "甘3001/20240112.csv", csv_text('（2024）甘3001民初11号,2024-01-09,,"准予\n撤诉",,,'))  # quoted newline
        put(inbox, "甘3001/20240113.csv", csv_text(row.format(n=12, d=9), "", row.format(n=13, d=9)))  # blank line
        put(inbox, "甘3001/20240114.csv", csv_text(row.format(n=14, d=9), "（2024）甘3001民初15号,2024-01-09,,准予\r撤诉,,,"
                                                    ).replace("\n", "\r\n"))  # a lone CR in a CRLF file
        # a quote inside a value is text, one at the start of a value opens a quoted value:
        # two quotes on a line leave it open, into the next line (the next file's, if joined)
        put(inbox, "甘3001/20240117.csv", csv_text(row.format(n=17, d=2), '（2024）甘3001民初18号,2024-01-02,,张"三,"备注,,'))
        put(inbox, "甘3001/20240118.csv", csv_text('（2024）甘3001民初19号",2024-01-03,,,,,x"y', row.format(n=20, d=3)))
        put(inbox, "甘3001/20240119.csv", csv_text(row.format(n=21, d=3), row.format(n=22, d=3)))
        put(inbox, "甘3023/20240105.csv", csv_text("（2024）甘3023民初1号,2024-01-02,,,,,"))

    deliver(tmp_path / "a")
    as_files = []
    real = ingest.readers._read_files

    def spy(con, plans, name):
        as_files.append(sorted(p.path.name for p in plans))
        return real(con, plans, name)

    monkeypatch.setattr(ingest.readers, "_read_files", spy)
    ingest.ingest_inbox(wh, tmp_path / "a")
    together = state(wh)
    # a blank line (13), a lone CR (14); files with quotes (06, 12, 17, 18) are read alone
    assert as_files == [["20240113.csv", "20240114.csv"]]
    got = files(wh)
    assert got["甘3001/20240110.csv"][:4] == ("partially_loaded", 2, 1, 1)
    assert got["甘3001/20240111.csv"][0] == "rejected"  # what the one-file reader says of it
    assert got["甘3001/20240111.csv"][4].startswith("unrecognized encoding")
    assert got["甘3001/20240106.csv"][:3] == ("loaded", 2, 2)
    assert got["甘3001/20240109.csv"][:3] == got["甘3001/20240116.csv"][:3] == ("loaded", 0, 0)
    assert got["甘3001/20240115.csv"][:3] == ("loaded", 1, 1)
    assert got["甘3001/20240119.csv"][:3] == ("loaded", 2, 2)
    # DuckDB cannot read it even with its reject tables: the exact reader keeps every row
    assert got["甘3001/20240114.csv"][:4] == ("partially_loaded", 3, 1, 2)
    assert wh.execute("SELECT row_number, disposition FROM case_versions WHERE case_number = '（2024）甘3001民初4号'"
                      ).fetchall() == [(2, "调解")]
    assert wh.execute("SELECT row_number FROM case_versions WHERE case_number = '（2024）甘3001民初13号'").fetchall() == [(2,)]
    assert blocking_failures(wh) == []

    deliver(tmp_path / "b")
    assert_same_when_read_alone(wh, monkeypatch, tmp_path / "b", together)


def test_a_concatenated_read_whose_rows_do_not_add_up_is_not_used(wh, tmp_path, monkeypatch):
    """The safety net under the eligibility rule: were a file with quotes let through, its
    open quoted value would take in the next files' lines; the rows and refused lines per
    file then do not add up to the lines written, and the files are read as files."""
    row = "（2024）甘3001民初{n}号,2024-01-0{d},,,,,"

    def deliver(inbox):
        put(inbox, "甘3001/20240105.csv", csv_text(row.format(n=1, d=2), '（2024）甘3001民初2号,2024-01-02,,张"三,"备注,,'))
        put(inbox, "甘3001/20240106.csv", csv_text(row.format(n=3, d=3), row.format(n=4, d=3)))
        put(inbox, "甘3001/20240107.csv", csv_text(row.format(n=5, d=3)))

    monkeypatch.setattr(ingest.readers, "_has_quote", lambda path, head: False)  # the rule let through
    as_files = []
    real = ingest.readers._read_files
    monkeypatch.setattr(ingest.readers, "_read_files",
                        lambda con, plans, name: as_files.append(len(plans)) or real(con, plans, name))
    deliver(tmp_path / "a")
    ingest.ingest_inbox(wh, tmp_path / "a")
    assert as_files == [3]
    assert {p: v[:3] for p, v in files(wh).items()} == {
        "甘3001/20240105.csv": ("partially_loaded", 2, 1), "甘3001/20240106.csv": ("loaded", 2, 2),
        "甘3001/20240107.csv": ("loaded", 1, 1)}


def test_a_title_quoted_over_two_lines_does_not_take_the_first_data_row_with_it(wh, tmp_path):
    """The header is found by physical line; DuckDB's `skip` counts records, so a title
    whose quoted value runs over a line end made it skip the first data row too (alone or
    in a group). Such files are read by the exact reader, which skips lines."""
    title = {"甘3001/20240105.csv": '"甘南州合作市人民法院\n案件明细"\n', "甘3001/20240106.csv": 't"x,"y\nz",w"v\n',
             "甘3001/20240107.csv": '"甘南州合作市人民法院\n案件明细"\n'}
    for k, (rel, t) in enumerate(title.items()):
        put(tmp_path, rel, t + csv_text(f"（2024）甘3001民初{k}1号,2024-01-02,,,,,", f"（2024）甘3001民初{k}2号,2024-01-03,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    assert {p: v[:3] for p, v in files(wh).items()} == {p: ("loaded", 2, 2) for p in title}
    assert wh.execute("SELECT case_number, row_number FROM case_versions WHERE file_path = '甘3001/20240105.csv' "
                      "ORDER BY row_number").fetchall() == [("（2024）甘3001民初1号", 1), ("（2024）甘3001民初2号", 2)]


def _row(n, last=""):
    return f"（2024）甘3001民初{n}号,2024-01-02,,,,,{last}"


LINE_TRAPS = {  # inbox: file → bytes, and the data rows each file holds
    # DuckDB takes the line ending from the first line: a CRLF title over LF rows left it no
    # line to read, and its `skip` counts records: every data row was skipped in silence
    "title_crlf_rows_lf": ({"05": b"t\r\n" + csv_text(_row(1), _row(2)).encode(), "06": csv_text(_row(3)).encode(),
                            "07": csv_text(_row(4)).encode()}, {"05": 2, "06": 1, "07": 1}),
    "title_lf_rows_crlf": ({"05": b"t\n" + csv_text(_row(1), _row(2)).replace("\n", "\r\n").encode(),
                            "06": b"t\n" + csv_text(_row(3)).replace("\n", "\r\n").encode()}, {"05": 2, "06": 1}),
    "title_closed_quote_then_text": ({"05": '"甘南州"中级人民法院2024年1月结案\n'.encode() + csv_text(_row(1), _row(2)).encode(),
                                      "06": csv_text(_row(3)).encode()}, {"05": 2, "06": 1}),
    "header_quote_mid_name": ({"05": csv_text(_row(1), _row(2), header=HEADER.replace("立案日期", '"立案"日期')).encode(),
                               "06": csv_text(_row(3)).encode()}, {"05": 2, "06": 1}),
    "title_lone_cr": ({"05": b"ab\rcd\n" + csv_text(_row(1), _row(2)).encode(), "06": csv_text(_row(3)).encode(),
                       "07": csv_text(_row(4)).encode()}, {"05": 2, "06": 1, "07": 1}),
    # a quoted value never closed: DuckDB reported it reading the file alone, not always
    # among many files (it dropped the rest of the file): files with quotes are read alone
    "unterminated_quote_among_many": ({"05": csv_text(_row(1), '（2024）甘3001民初2号,2024-01-02,,"调解,,,', _row(3), _row(4)).encode(),
                                       **{f"{d:02d}": csv_text(_row(d) + '"x"').encode() for d in range(6, 11)}},
                                      {"05": 2, **{f"{d:02d}": 1 for d in range(6, 11)}}),
    # ... also with an even number of quotes: a quote inside a value is text (张"三)
    "unterminated_even_quotes_among_many": ({"05": csv_text(_row(1), '（2024）甘3001民初2号,张"三,,"a""b"," ","","', _row(3)).encode(),
                                             **{f"{d:02d}": csv_text(_row(d) + '"x"').encode() for d in range(6, 11)}},
                                            {"05": 2, **{f"{d:02d}": 1 for d in range(6, 11)}}),
    # an empty field past the header's: DuckDB reads it as the header's fields, and so does
    # the exact reader now (the CRLF blank line sends this file to it when read alone)
    # CR-only line endings (Excel's "CSV (Macintosh)"), UTF-8 and GB18030, among LF files
    "cr_only": ({"05": csv_text(_row(1), _row(2)).replace("\n", "\r").encode(), "06": csv_text(_row(3)).encode(),
                 "07": csv_text(_row(4)).replace("\n", "\r").encode("gb18030")}, {"05": 2, "06": 1, "07": 1}),
    "trailing_empty_field": ({"05": csv_text(_row(1, ","), _row(2)).encode() + b"\r\n", "06": csv_text(_row(3)).encode()},
                             {"05": 2, "06": 1}),
}


@pytest.mark.parametrize("trap", list(LINE_TRAPS))
def test_title_lines_line_endings_and_quotes_lose_no_row_and_read_alike_alone_or_together(wh, tmp_path, monkeypatch, trap):
    """Each trap's files keep every data row, and the warehouse is the same whether the
    files are read together or one at a time."""
    content, rows = LINE_TRAPS[trap]
    for inbox in ("a", "b"):
        for day, data in content.items():
            put(tmp_path / inbox, f"甘3001/202401{day}.csv", data)
    ingest.ingest_inbox(wh, tmp_path / "a")
    together = state(wh)
    assert {p: v[1] for p, v in files(wh).items()} == {f"甘3001/202401{d}.csv": n for d, n in rows.items()}
    assert_same_when_read_alone(wh, monkeypatch, tmp_path / "b", together)


def test_file_names_that_look_like_glob_patterns_are_read_as_themselves(wh, tmp_path):
    """DuckDB reads `[ab]`, `?`, `*` and `{a,b}` in a path as a pattern: `20240110_[ab].csv`
    was read as `20240110_a.csv` (and `_b.csv`), and braces broke the statement and the run.
    Each file is read as itself, alone, concatenated or among quoted files."""
    put(tmp_path, "甘3001/20240110_a.csv", csv_text(_row(1)))
    ingest.ingest_inbox(wh, tmp_path)
    rows = {"20240110_[ab].csv": 3, "20240110_b.csv": 1, "20240111_[ac].csv": 2, "20240111_c.csv": 1,
            "20240112_{a,b}.csv": 2, "20240112_?.csv": 1, "20240113_*.csv": 2}
    for n, (name, k) in enumerate(rows.items()):
        quoted = name.startswith(("20240111", "20240112"))  # files with quotes are read as files
        put(tmp_path, f"甘3001/{name}", csv_text(*(_row(10 * (n + 1) + i, '"x"' if quoted else "") for i in range(1, k + 1))))
    for day in (14, 15):  # GB18030 (transcoded, never through a link to the inbox file)
        put(tmp_path, f"甘3001/202401{day}_[x].csv", csv_text(_row(100 + day)), "gb18030")
    rows |= {"20240114_[x].csv": 1, "20240115_[x].csv": 1}
    before = {p: p.read_bytes() for p in (tmp_path / "甘3001").iterdir()}
    ingest.ingest_inbox(wh, tmp_path)
    assert {p: p.read_bytes() for p in (tmp_path / "甘3001").iterdir()} == before
    got = {p.split("/")[1]: v[:3] for p, v in files(wh).items()}
    assert got == {"20240110_a.csv": ("loaded", 1, 1), **{name: ("loaded", k, k) for name, k in rows.items()}}
    assert wh.execute("SELECT count(DISTINCT case_number) FROM case_versions").fetchone() == (1 + sum(rows.values()),)


def test_files_of_many_courts_in_one_window_each_read_under_their_own_header(wh, tmp_path, monkeypatch):
    """Files of several courts are read together only when their header row (names, order,
    line) is the same: a court whose files use Traditional or English names, another column
    order, GB18030 with a title line or a BOM is read under its own header, and every value
    lands in its own column."""
    variants = {  # court: (header, encoding, lines above the header)
        "甘3001": ("案号,立案日期,结案日期", "utf-8", ""),
        "甘3021": ("案號,立案日期,結案日期", "utf-8", ""),
        "甘3022": ("filing_date,case_number,closing_date", "utf-8", ""),
        "甘3023": ("案号,立案日期,结案日期", "gb18030", "合作市人民法院案件明细\n"),
        "甘3024": ("案号,结案日期,立案日期", "utf-8-sig", ""),
    }
    expected = {}
    for court, (header, encoding, title) in variants.items():
        names = header.split(",")
        for day in (5, 6):
            case = f"（2024）{court}民初{day}号"
            row = {"案号": case, "案號": case, "case_number": case, "立案日期": f"2024-01-0{day - 3}",
                   "filing_date": f"2024-01-0{day - 3}", "结案日期": f"2024-02-0{day}", "結案日期": f"2024-02-0{day}",
                   "closing_date": f"2024-02-0{day}"}
            put(tmp_path, f"{court}/202403{day:02d}.csv", title + csv_text(",".join(row[n] for n in names),
                                                                        header=header), encoding)
            expected[case] = (f"{court}/202403{day:02d}.csv", 1, f"2024-01-0{day - 3}", f"2024-02-0{day}")
    groups = []
    real = ingest.readers.read_csv_group

    def spy(con, plans, name, *args):
        groups.append(sorted(p.path.parent.name for p in plans))
        return real(con, plans, name, *args)

    monkeypatch.setattr(ingest.readers, "read_csv_group", spy)
    ingest.ingest_inbox(wh, tmp_path)
    # one read per header, never two courts' different headers in one read
    assert sorted(groups) == sorted([[c, c] for c in variants])
    got = {c: (p, n, f, d) for c, p, n, f, d in wh.execute(
        "SELECT case_number, file_path, row_number, filing_date::VARCHAR, closing_date::VARCHAR FROM case_versions"
    ).fetchall()}
    assert got == expected
    variant = dict(wh.execute("SELECT file_path, header_variant || ' ' || encoding FROM ingested_files").fetchall())
    assert {p.split("/")[0]: v for p, v in variant.items()} == {
        "甘3001": "simplified utf-8", "甘3021": "traditional utf-8", "甘3022": "english utf-8",
        "甘3023": "simplified gb18030", "甘3024": "simplified utf-8-sig"}
    assert blocking_failures(wh) == []


def test_xlsx_files_parsed_in_worker_processes_match_files_parsed_here(wh, tmp_path, monkeypatch):
    """From XLSX_PARALLEL_MIN new XLSX files on, they are parsed in worker processes: the
    warehouse is the same as parsing each in this process (rows, reasons, refusals)."""
    def deliver(inbox):
        for d in range(5, 10):
            book(inbox / f"甘3001/202401{d:02d}.xlsx", [
                ["合作市人民法院"], HEADER.split(","),
                [f"（2024）甘3001民初{d}号", f"2024-01-0{d - 3}", "", "", "", "", ""],
                [f"（2024）甘3001民初{d + 10}号", "bad", "", "", "", "", ""],
            ])
        put(inbox, "甘3001/20240110.xlsx", b"PK\x03\x04 not really a workbook")

    started = []
    real = ingest.readers.XlsxPrefetch

    def spy(paths, workers, ahead=None):
        started.append((len(paths), workers))
        return real(paths, workers, ahead)

    monkeypatch.setattr(ingest.readers, "XlsxPrefetch", spy)

    deliver(tmp_path / "a")
    ingest.ingest_inbox(wh, tmp_path / "a", xlsx_workers=2)
    assert started == [(6, 2)]
    parallel = state(wh)
    assert files(wh)["甘3001/20240105.xlsx"][:4] == ("partially_loaded", 2, 1, 1)
    assert "unreadable XLSX" in files(wh)["甘3001/20240110.xlsx"][4]
    assert blocking_failures(wh) == []

    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        wh.execute(f"DELETE FROM {t}")
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # the same bytes (a workbook records its creation time)
    ingest.ingest_inbox(wh, tmp_path / "b", xlsx_workers=1)
    assert started == [(6, 2)]  # one worker: parsed here
    assert state(wh) == parallel


def test_xlsx_duplicates_free_their_look_ahead(wh, tmp_path, monkeypatch):
    """A workbook parsed ahead in a worker but never read (the same bytes as a file loaded
    before: a duplicate) gives its look-ahead slot back: by the end of the run nothing is
    left waiting, so duplicates cannot stall the parsing of the files after them."""
    def deliver(days):
        for d in days:
            book(tmp_path / f"甘3001/202401{d:02d}.xlsx", [HEADER.split(","), [f"（2024）甘3001民初{d}号", "2024-01-02", "", "", "", "", ""]])

    deliver(range(5, 9))
    ingest.ingest_inbox(wh, tmp_path, xlsx_workers=1)
    for d in range(5, 9):  # the same bytes again, under other names, and two new files
        shutil.copy(tmp_path / f"甘3001/202401{d:02d}.xlsx", tmp_path / f"甘3001/202401{d:02d}_copy.xlsx")
    deliver(range(9, 11))
    left = []
    real = ingest.readers.XlsxPrefetch.close

    def close(self):
        left.append((len(self._futures), self._waiting_bytes, len(self._queue)))
        real(self)

    monkeypatch.setattr(ingest.readers.XlsxPrefetch, "close", close)
    ingest.ingest_inbox(wh, tmp_path, xlsx_workers=2)
    assert sorted(v[0] for v in files(wh).values()) == ["duplicate"] * 4 + ["loaded"] * 6
    assert left == [(0, 0, 0)]


def test_xlsx_files_loaded_together_match_files_loaded_one_by_one(wh, tmp_path, monkeypatch):
    """The new XLSX files of a window with the same header share one table, whatever their
    court; each keeps its row numbers (title, blank and 合计 rows not counted), raw records
    and reasons — the same warehouse as loading them one at a time. A workbook with another
    header, one with an extra unnamed column holding data, and a corrupt one take part."""
    def deliver(inbox):
        for d in (5, 6, 7):
            book(inbox / f"甘3001/202401{d:02d}.xlsx", [["合作市人民法院案件明细"], HEADER.split(","), []]
                 + [[f"（2024）甘3001民初{d * 10 + k}号", f"2024-01-0{d - 3}" if k != 1 else "bad", "", "", "", "", ""]
                    for k in range(d - 3)]
                 + [["合计", str(d - 3)]])
        book(inbox / "甘3023/20240105.xlsx", [HEADER.split(","), ["（2024）甘3023民初1号", "2024-01-02", "", "", "", "", ""]])
        book(inbox / "甘3001/20240108.xlsx", [["案號", "立案日期"], ["（2024）甘3001民初80号", "2024-01-05"],
                                            ["（2024）甘3001民初81号", "2024-01-06"]])
        book(inbox / "甘3001/20240109.xlsx", [["案號", "立案日期"], ["（2024）甘3001民初90号", "2024-01-05", "附注"]])
        put(inbox, "甘3001/20240110.xlsx", b"PK\x03\x04 not really a workbook")

    groups = []
    real = ingest.readers.load_xlsx_group

    def spy(con, parsed, name):
        out = real(con, parsed, name)
        groups.append(sorted(out))
        return out

    monkeypatch.setattr(ingest.readers, "load_xlsx_group", spy)

    deliver(tmp_path / "a")
    ingest.ingest_inbox(wh, tmp_path / "a", xlsx_workers=1)
    together = state(wh)
    # the four files under the standard header share a table; 20240108's header is alone
    # (20240109 has a data column more), the corrupt one is refused by the parser
    assert groups == [["甘3001/20240105.xlsx", "甘3001/20240106.xlsx", "甘3001/20240107.xlsx", "甘3023/20240105.xlsx"]]
    assert files(wh)["甘3001/20240107.xlsx"][:4] == ("partially_loaded", 4, 3, 1)
    assert rejected(wh)[("甘3001/20240106.xlsx", 2)] is not None
    assert wh.execute("SELECT row_number FROM case_versions WHERE case_number = '（2024）甘3001民初73号'").fetchall() == [(4,)]
    assert "unreadable XLSX" in files(wh)["甘3001/20240110.xlsx"][4]
    assert blocking_failures(wh) == []

    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        wh.execute(f"DELETE FROM {t}")
    monkeypatch.setattr(ingest.readers, "load_xlsx_group", lambda con, parsed, name: {})
    shutil.copytree(tmp_path / "a", tmp_path / "b")  # the same bytes (a workbook records its creation time)
    ingest.ingest_inbox(wh, tmp_path / "b", xlsx_workers=1)
    assert state(wh) == together


def test_a_workbook_whose_parser_fails_unexpectedly_is_rejected_and_the_others_load(wh, tmp_path, monkeypatch):
    """A reader error that is not a refusal (a bug, a value calamine cannot convert) costs
    that file, named with the error, not the run."""
    for d in (5, 6, 7):
        book(tmp_path / f"甘3001/202401{d:02d}.xlsx",
             [HEADER.split(","), [f"（2024）甘3001民初{d}号", "2024-01-02", "", "", "", "", ""]])
    real = ingest.readers.parse_xlsx

    def parse(path):
        if path.name == "20240106.xlsx":
            raise ValueError("cannot convert cell C7")
        return real(path)

    monkeypatch.setattr(ingest.readers, "parse_xlsx", parse)
    ingest.ingest_inbox(wh, tmp_path, xlsx_workers=1)
    got = files(wh)
    assert got["甘3001/20240106.xlsx"][0] == "rejected"
    assert got["甘3001/20240106.xlsx"][4] == "unreadable file: ValueError: cannot convert cell C7"
    assert {p: v[:3] for p, v in got.items() if p != "甘3001/20240106.xlsx"} == {
        "甘3001/20240105.xlsx": ("loaded", 1, 1), "甘3001/20240107.xlsx": ("loaded", 1, 1)}


def test_a_run_leaves_the_checkpoint_threshold_as_it_found_it(wh, tmp_path):
    """Ingest raises DuckDB's checkpoint threshold for its own writes only: the connection
    it hands back checkpoints as the caller configured it (the default, or another value),
    also after a failed run."""
    setting = "SELECT current_setting('checkpoint_threshold')"
    put(tmp_path, "甘3001/20240104.csv", csv_text("（2024）甘3001民初9号,2024-01-02,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    assert wh.execute(setting).fetchone() == ("16.0 MiB",)  # DuckDB's default
    wh.execute("SET checkpoint_threshold = '40MiB'")
    before = wh.execute(setting).fetchone()
    put(tmp_path, "甘3001/20240105.csv", csv_text("（2024）甘3001民初1号,2024-01-02,,,,,"))
    ingest.ingest_inbox(wh, tmp_path)
    assert wh.execute(setting).fetchone() == before
    put(tmp_path, "甘3001/20240106.csv", csv_text("（2024）甘3001民初2号,2024-01-02,,,,,"))
    with pytest.raises(RuntimeError):
        ingest.ingest_inbox(wh, tmp_path, log=lambda m: (_ for _ in ()).throw(RuntimeError("log down")))
    assert wh.execute(setting).fetchone() == before
