"""The analysts' copy: an analyst holding the published file open in another process never
blocks a publish, keeps a consistent old snapshot, and a new connection sees the new one."""
import subprocess
import sys
import textwrap
import time

import duckdb

from warehouse import db
from warehouse.ddl import ensure_schema
from warehouse.publish import publish

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
    import struct

    wh, pub = tmp_path / "w.duckdb", tmp_path / "p.duckdb"
    _warehouse(wh, 1)
    with db.connect(wh) as con:
        publish(con, pub)
    header = pub.read_bytes()[:20]
    assert header[8:12] == b"DUCK"
    assert struct.unpack("<Q", header[12:20])[0] == 64
