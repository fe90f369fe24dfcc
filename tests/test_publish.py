"""The analysts' copy: an analyst holding the published file open in another process never
blocks a publish, keeps a consistent old snapshot, and a new connection sees the new one.
The incremental publish writes only the tables that changed, gives the same copy as a
whole publish, and falls back to a whole one when the previous copy cannot be trusted."""
import os
import stat
import struct
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from warehouse import db
from warehouse import publish as publishing
from warehouse.ddl import ensure_schema
from warehouse.publish import differences, publish

READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(con.execute("select count(*) from case_types").fetchone()[0], flush=True)
    sys.stdin.readline()          # hold the file open until told to look again
    print(con.execute("select count(*) from case_types").fetchone()[0], flush=True)
""")


def _warehouse(path, n_types):
    with db.connect(path) as con:
        ensure_schema(con)
        con.execute("DELETE FROM case_types")
        con.execute("INSERT INTO case_types SELECT 'T' || i, 'civil', 'first', 'x' FROM range(?) t(i)", [n_types])


def test_publish_while_an_analyst_holds_the_copy(tmp_path):
    wh, pub = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb"
    _warehouse(wh, 3)
    with db.connect(wh) as con:
        publish(con, pub)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(pub)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "3"
        _warehouse(wh, 5)
        started = time.monotonic()
        with db.connect(wh) as con:
            info = publish(con, pub)   # must not wait for the reader
        assert time.monotonic() - started < 60
        assert info["rows"]["case_types"] == 5
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "3", "the open snapshot must stay whole and unchanged"
    finally:
        reader.kill()
    fresh = duckdb.connect(str(pub), read_only=True)
    assert fresh.execute("select count(*) from case_types").fetchone()[0] == 5
    comment = fresh.execute("select comment from duckdb_tables() where table_name = 'case_types'").fetchone()[0]
    assert comment.startswith("案件类型")


def test_published_copy_has_no_raw_layer(tmp_path):
    wh, pub = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    _warehouse(wh, 1)
    with db.connect(wh) as con:
        publish(con, pub)
    con = duckdb.connect(str(pub), read_only=True)
    schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    assert schemas == {"main"}


def test_published_copy_opens_in_duckdb_1_1_tools(tmp_path):
    """Analysts' DuckDB 1.x tools read storage format 64 (DuckDB 1.1); 2.0's own format is
    999. The version number sits after the 'DUCK' magic in the file header."""
    wh, pub = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    _warehouse(wh, 1)
    with db.connect(wh) as con:
        publish(con, pub)
    header = pub.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == 64


# --- incremental publish ---------------------------------------------------------------------

PARTIES = ("张三", "李四", "王五")


def _rich_warehouse(con):
    """A few tables of every kind: reference rows (one duplicated), rejected rows whose raw
    record names parties, and parties (a personal column)."""
    ensure_schema(con)
    con.execute("INSERT INTO case_types SELECT 'T' || i, 'civil', 'first', 'x' FROM range(2000) t(i)")
    con.execute("INSERT INTO case_types VALUES ('T0', 'civil', 'first', 'x')")   # an exact duplicate row
    con.execute("""INSERT INTO rejected_rows VALUES
        ('a/20240101.csv', 'h', 1, '{"案号":"（2024）甘3001民初1号","当事人":"张三","承办法官":"王芳"}', ['future_date']),
        ('a/20240101.csv', 'h', 2, '{"_line":"李四,x"}', ['malformed_row'])""")
    con.execute("INSERT INTO case_parties VALUES ('（2024）甘3001民初1号', '张三', 1), ('（2024）甘3001民初1号', '李四', 2)")


def _changed(info) -> set[str]:
    return set(info["rewritten"]) | set(info["patched"])


def _no_party_names(path):
    with duckdb.connect(str(path), read_only=True) as con:
        text = "\n".join(str(r) for t in ("rejected_rows", "case_parties") for r in con.execute(f"SELECT * FROM {t}").fetchall())
    return not any(name in text for name in PARTIES)


def test_incremental_publish_writes_only_the_changed_tables_and_equals_a_whole_publish(tmp_path):
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb", tmp_path / "fresh.duckdb"
    with db.connect(wh) as con:
        _rich_warehouse(con)
        first = publish(con, pub)
        assert (first["mode"], first["reason"]) == ("whole", "no previous copy")
        assert stat.S_IMODE(pub.stat().st_mode) == 0o444, "analysts get a read-only file"
        assert _changed(first) == {t.name for t in publishing.published_tables()}

        again = publish(con, pub)
        assert again["mode"] == "incremental" and _changed(again) == set(), "nothing changed, nothing written"
        assert len(again["unchanged"]) == len(publishing.published_tables())

        con.execute("UPDATE case_types SET name_zh = 'y' WHERE case_type IN ('T5', 'T6')")
        con.execute("DELETE FROM case_types WHERE case_type = 'T0'")   # both copies of the duplicate
        con.execute("INSERT INTO case_types VALUES ('T0', 'civil', 'first', 'x')")   # one back
        con.execute("""INSERT INTO rejected_rows VALUES ('a/20240102.csv', 'h2', 1,
                       '{"當事人 ":"王五","承办法官":"赵六"}', ['missing_required'])""")
        info = publish(con, pub)
        publish(con, fresh)
    assert info["mode"] == "incremental" and info["rewritten"] == []
    assert info["patched"] == {"case_types": {"deleted": 4, "inserted": 3}, "rejected_rows": {"deleted": 0, "inserted": 1}}
    assert "courts" in info["unchanged"] and "case_parties" in info["unchanged"]
    assert info["rows"]["case_types"] == 2000
    assert differences(pub, fresh) == [], "the patched copy holds what a whole publish writes"
    assert _no_party_names(pub)
    assert struct.unpack("<Q", pub.read_bytes()[12:20])[0] == 64, "still readable by DuckDB 1.1 tools"
    assert sorted(p.name for p in pub.parent.iterdir()) == [pub.name], "no temporary file left behind"
    assert stat.S_IMODE(pub.stat().st_mode) == 0o444, "a patched copy is read-only too"


def _corrupt(pub):
    pub.chmod(0o644)  # the copy is read-only (0444); a hand with the rights can still change it
    with open(pub, "r+b") as f:
        f.seek(pub.stat().st_size // 2)
        f.write(os.urandom(8192))


def _not_duckdb(pub):
    pub.chmod(0o644)
    pub.write_text("case_type\nT1\n", encoding="utf-8")


def _edited(pub):
    pub.chmod(0o644)
    with duckdb.connect(str(pub)) as con:
        con.execute("CREATE VIEW party_names AS SELECT 1 AS x")


FALLBACKS = {
    "deleted": (lambda pub: pub.unlink(), "no previous copy"),
    "corrupt": (_corrupt, "could not be patched"),
    "not a duckdb file": (_not_duckdb, "not a DuckDB file"),
    "edited by hand": (_edited, "view party_names"),
}


@pytest.mark.parametrize("case", FALLBACKS)
def test_an_untrustworthy_previous_copy_is_replaced_by_a_whole_publish(tmp_path, case):
    damage, reason = FALLBACKS[case]
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb", tmp_path / "fresh.duckdb"
    with db.connect(wh) as con:
        _rich_warehouse(con)
        publish(con, pub)
        damage(pub)
        con.execute("INSERT INTO case_types VALUES ('民初', 'civil', 'first', '民事一审')")
        info = publish(con, pub)
        publish(con, fresh)
    assert info["mode"] == "whole" and reason in info["reason"]
    assert differences(pub, fresh) == []
    assert sorted(p.name for p in pub.parent.iterdir()) == [pub.name]


def _republished_after_editing(tmp_path, *edits: str) -> tuple[dict, Path, Path]:
    """Publish a warehouse, run `edits` on the copy (as older code or a hand would have
    left it), publish again; return that result, the copy and a fresh whole publish."""
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb", tmp_path / "fresh.duckdb"
    with db.connect(wh) as con:
        _rich_warehouse(con)
        publish(con, pub)
        pub.chmod(0o644)
        with duckdb.connect(str(pub)) as old:
            for sql in edits:
                old.execute(sql)
        assert all(name.encode() in pub.read_bytes() for name in ("张三丰", "李四光") if name in " ".join(edits))
        info = publish(con, pub)
        publish(con, fresh)
    return info, pub, fresh


def test_a_copy_from_older_code_is_written_whole_and_keeps_no_old_bytes(tmp_path):
    """A previous copy whose tables have other columns (here parties' names, as a copy
    written before the allow-list would hold them) or a table no longer published is not
    patched: dropped tables and columns leave their bytes in a DuckDB file's free blocks,
    so a whole copy is written, and the names are nowhere in the file's bytes."""
    info, pub, fresh = _republished_after_editing(
        tmp_path,
        "ALTER TABLE case_parties ADD COLUMN party VARCHAR",
        "UPDATE case_parties SET party = '张三丰' || case_number",
        "ALTER TABLE courts ALTER court_name TYPE VARCHAR[] USING [court_name]",
        "CREATE TABLE case_rows AS SELECT '李四光' AS parties")
    assert info["mode"] == "whole"
    assert "case_parties" in info["reason"] and "courts" in info["reason"] and "case_rows" in info["reason"]
    assert differences(pub, fresh) == []
    assert _no_party_names(pub)
    assert "张三丰".encode() not in pub.read_bytes() and "李四光".encode() not in pub.read_bytes()


def test_changed_comments_are_reset_in_place(tmp_path):
    """Comments that differ from the declaration are reset without rewriting the table."""
    info, pub, fresh = _republished_after_editing(tmp_path, "COMMENT ON COLUMN case_types.name_zh IS 'old wording'")
    assert info["mode"] == "incremental"
    assert info["comments"] == ["case_types"] and "case_types" in info["unchanged"]
    assert differences(pub, fresh) == []


def test_the_copy_does_not_grow_without_bound(tmp_path, monkeypatch):
    """Twenty publishes each changing another fiftieth of a table: deleted rows and freed
    blocks pile up in a patched file, so once a patch would leave it over MAX_GROWTH x its
    live data a whole copy is written; the file stays under twice a whole publish's size
    and ends holding what a whole publish writes."""
    monkeypatch.setattr(publishing, "MIN_EXCESS_BLOCKS", 0)   # the small test file counts too
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb", tmp_path / "fresh.duckdb"
    reasons, sizes = [], []
    with db.connect(wh) as con:
        ensure_schema(con)
        con.execute("INSERT INTO case_types SELECT md5(i::VARCHAR), 'civil', 'first', md5((-i)::VARCHAR) "
                    "FROM range(60000) t(i)")
        publish(con, pub)
        for k in range(20):
            con.execute(f"UPDATE case_types SET name_zh = md5(name_zh) WHERE hash(case_type) % 50 = {k}")
            info = publish(con, pub)
            reasons.append(info["reason"])
            sizes.append(info["bytes"])
        publish(con, fresh)
    assert any(r and "live data" in r for r in reasons), "a patch would have passed the limit: whole copy"
    assert reasons.count(None) >= 10, "most publishes were incremental"
    assert max(sizes) < 2 * fresh.stat().st_size, (sizes, fresh.stat().st_size)
    assert differences(pub, fresh) == []


def test_a_copy_replaced_by_another_publish_while_compared_is_not_patched(tmp_path, monkeypatch):
    """The comparison is made on the file held open; if another publish replaced the path
    meanwhile, the plan does not fit the new file, so a whole copy is written."""
    wh, pub, fresh, other = (tmp_path / n for n in ("w.duckdb", "p.duckdb", "fresh.duckdb", "other.duckdb"))
    plan = publishing._plan

    def replace_meanwhile(con):
        os.replace(other, pub)
        return plan(con)

    with db.connect(wh) as con:
        _rich_warehouse(con)
        publish(con, pub)
        con.execute("DELETE FROM case_types")
        publish(con, other)
        con.execute("INSERT INTO case_types VALUES ('民初', 'civil', 'first', '民事一审')")
        monkeypatch.setattr(publishing, "_plan", replace_meanwhile)
        info = publish(con, pub)
        publish(con, fresh)
    assert info["mode"] == "whole" and "replaced" in info["reason"]
    assert differences(pub, fresh) == []


def test_rows_of_the_warehouse_that_change_while_it_is_published_are_not_patched_in(tmp_path, monkeypatch):
    """The patch inserts the warehouse's rows at the rowids the comparison found; if one
    of them holds another row by then, the hashes say so and a whole copy is written."""
    wh, pub, fresh = (tmp_path / n for n in ("w.duckdb", "p.duckdb", "fresh.duckdb"))
    plan = publishing._plan

    with db.connect(wh) as con:
        def change_meanwhile(con_):
            found = plan(con_)
            con.execute("UPDATE case_types SET name_zh = 'changed again' WHERE case_type = 'T7'")
            return found

        _rich_warehouse(con)
        publish(con, pub)
        con.execute("UPDATE case_types SET name_zh = 'changed' WHERE case_type = 'T7'")
        monkeypatch.setattr(publishing, "_plan", change_meanwhile)
        info = publish(con, pub)
        monkeypatch.undo()
        publish(con, fresh)
    assert info["mode"] == "whole" and "case_types changed in the warehouse" in info["reason"]
    assert differences(pub, fresh) == []


def test_a_copy_written_to_while_compared_or_with_a_wal_is_not_patched(tmp_path, monkeypatch):
    """The patch deletes rows by their position in the file that was compared, so the
    bytes copied must be the bytes compared: a copy written to in place meanwhile (its
    modification time moves) or with a write-ahead log beside it (rows that the byte copy
    would not carry) is written whole."""
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "p.duckdb", tmp_path / "fresh.duckdb"
    plan = publishing._plan

    def written_meanwhile(con):
        stat = pub.stat()
        os.utime(pub, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        return plan(con)

    with db.connect(wh) as con:
        _rich_warehouse(con)
        publish(con, pub)
        con.execute("DELETE FROM case_types WHERE case_type = 'T1'")
        with monkeypatch.context() as m:
            m.setattr(publishing, "_plan", written_meanwhile)
            written = publish(con, pub)
        con.execute("DELETE FROM case_types WHERE case_type = 'T2'")
        Path(f"{pub}.wal").write_bytes(b"")
        with_wal = publish(con, pub)
        publish(con, fresh)
    assert written["mode"] == "whole" and "written to while it was being compared" in written["reason"]
    assert with_wal["mode"] == "whole" and "write-ahead log" in with_wal["reason"]
    assert not Path(f"{pub}.wal").exists(), "the old copy's log is not left to be replayed into the new copy"
    assert differences(pub, fresh) == []


def test_a_list_that_turns_from_null_to_empty_and_rows_repeated_many_times_are_patched_right(tmp_path):
    """DuckDB hashes a NULL list like an empty one, so the row hash also says which is
    NULL: a `warnings` going from NULL to [] reaches the copy. Rows repeated many times on
    both sides (nothing in the DDL forbids it) are counted, not joined pairwise."""
    wh, pub, fresh = tmp_path / "w.duckdb", tmp_path / "p.duckdb", tmp_path / "fresh.duckdb"
    with db.connect(wh) as con:
        _rich_warehouse(con)
        con.execute("""INSERT INTO case_versions BY NAME
                       SELECT '（2024）甘3001民初' || i || '号' AS case_number, '甘3001' AS court_code,
                              DATE '2024-01-02' AS filing_date, 0 AS extension_days, 0 AS excluded_days,
                              'a/20240101.csv' AS file_path, 'h' AS sha256, i AS row_number,
                              NULL::VARCHAR[] AS warnings
                       FROM range(10) t(i)""")
        con.execute("INSERT INTO case_types SELECT 'D', 'civil', 'first', 'x' FROM range(1000)")
        publish(con, pub)
        con.execute("UPDATE case_versions SET warnings = [] WHERE row_number < 4")
        con.execute("DELETE FROM case_types WHERE case_type = 'D'")
        con.execute("INSERT INTO case_types SELECT 'D', 'civil', 'first', 'x' FROM range(999)")
        info = publish(con, pub)
        publish(con, fresh)
    assert info["mode"] == "incremental"
    assert info["patched"]["case_versions"] == {"deleted": 4, "inserted": 4}
    assert info["patched"]["case_types"] == {"deleted": 1000, "inserted": 999}
    assert differences(pub, fresh) == []


@pytest.mark.parametrize("bucket_bits", [1, 4, 16])
def test_random_edits_compared_by_bucket_give_a_whole_publish(tmp_path, monkeypatch, bucket_bits):
    """Only the buckets whose fingerprints differ are compared (BUCKET_BITS): with few
    buckets every one differs, with many most are skipped. Rounds of random updates,
    deletes, inserts and repeated rows, each published on top of the last, always give
    what a whole publish writes."""
    import random

    monkeypatch.setattr(publishing, "BUCKET_BITS", bucket_bits)
    rng = random.Random(bucket_bits)
    wh, pub = tmp_path / "w.duckdb", tmp_path / "pub" / "w.duckdb"
    with db.connect(wh) as con:
        _rich_warehouse(con)
        publish(con, pub)
        for round_ in range(4):
            picked = rng.sample(range(2000), 30)
            con.execute("UPDATE case_types SET name_zh = name_zh || 'u' WHERE list_contains(?, "
                        "CAST(substr(case_type, 2) AS INTEGER))", [picked[:10]])
            con.execute("DELETE FROM case_types WHERE list_contains(?, CAST(substr(case_type, 2) AS INTEGER))",
                        [picked[10:20]])
            con.execute("INSERT INTO case_types SELECT 'N' || ? || '_' || i, 'civil', 'first', 'x' FROM range(5) t(i)",
                        [round_])
            con.execute("INSERT INTO case_types SELECT 'T' || i, 'civil', 'first', 'x' FROM unnest(?) t(i)",
                        [picked[20:]])   # rows that now occur twice
            info = publish(con, pub)
            assert info["mode"] == "incremental" and "case_types" in info["patched"]
            fresh = tmp_path / f"fresh{round_}.duckdb"
            publish(con, fresh)
            assert differences(pub, fresh) == [], f"round {round_}"


def test_when_the_transaction_has_already_ended_the_error_that_ended_it_is_reported(tmp_path):
    """A COMMIT that fails (disk full while patching the copy) has already ended the
    transaction; the ROLLBACK after it must not replace the reason with 'no transaction
    is active'. Simulated by ending the transaction inside the block, then failing."""
    with db.connect(tmp_path / "w.duckdb") as con:
        with pytest.raises(OSError, match="No space left"):
            with db.transaction(con):
                con.execute("CREATE TABLE t (x INTEGER)")
                con.execute("COMMIT")
                raise OSError(28, "No space left on device")
        assert db.scalar(con, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 't'") == 1
