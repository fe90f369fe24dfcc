"""Publishing the analysts' read-only copy of the warehouse, built from an allow-list,
and refreshed incrementally: only what changed since the last publish is written.

DuckDB's writer lock also blocks readers, so analysts never open the pipeline's file, and
the pipeline never writes the file analysts have open. Each publish writes a new file next
to the published path, makes it read-only (mode 0444: an analyst's read-write connection
is refused), and atomically renames it over it. An analyst holding the old copy
open keeps reading the old file (same inode) and is never blocked; a new connection sees
the new copy whole. A failed write (disk full) leaves the old copy as it was.

The new file starts as a byte copy of the previous copy (in the kernel), and
each allow-listed table is brought to the warehouse's content: a table whose fingerprint
(row count, sum and XOR of its rows' hashes, over the published columns with redactions
applied, computed on both sides) matches is left as it is; a changed one loses the rows
whose hash now occurs a different number of times and gets the warehouse's rows with
those hashes (rewritten whole when more than `REWRITE_SHARE` of it changed); a table
missing from the copy is written, comments are reset when they differ. Each side is
hashed once per publish; the rows to move are found by anti joins of the two hash
columns, only in the buckets of hashes whose fingerprints differ (`_compare`); the patch
deletes by position in the compared file, which must not change until its bytes are copied,
and inserts the warehouse's rows by position after checking they still hash as compared
(a warehouse written meanwhile gives a whole copy). Nothing is trusted from the previous copy
but its content. A fresh file is written instead when a
table of the copy has other columns or types than the declaration or is no longer
allow-listed (a copy from older code: dropped tables and columns leave their bytes in the
file's free blocks, where a personal column would stay readable), when there is no
previous copy, it is not a DuckDB file
in the published storage format, it cannot be read (corrupt), it was written to (a
write-ahead log beside it, or written while compared), it holds objects
publishing never writes (views, macros, sequences, other schemas: edited by hand), or
the patched file would exceed `MAX_GROWTH` × its blocks in use (DuckDB reuses freed
blocks, but a file patched many times keeps some free and some deleted rows). The
result says which happened and why. The copy's row order is not the warehouse's: patched
rows sit at the end.

What is copied is an explicit allow-list declared in `warehouse/tables.py`: tables with
`Table.published` (schema `main`, not `personal`) and, of those, the columns that are not
`personal`. Personal data (spec/warehouse.md "Personal data") stays in the pipeline's
file only: the raw layer, and `case_parties.party`. `case_parties` itself is published
with `case_number` and `position` only, because the contract (spec/contract.json) lists
the table with `case_number` and the spec says parties' names never reach analysts.
Columns with `published_as` are copied through a redaction of `REDACTIONS`:
`rejected_rows.raw_record` keeps only the fields the export format names, less the
personal ones (any header name that maps to 当事人, in any spelling): a column the format
does not name may hold anything (当事人名称, 身份证号), so it is allow-listed out. Rows
that could not be split into columns keep only a note, since their values cannot be told
apart.

The copy is written in the storage format of DuckDB 1.1 (`PUBLISHED_STORAGE_VERSION`),
so analysts' DuckDB 1.1+ CLIs, drivers and BI tools open it; a file in DuckDB 2.0's own
format is unreadable to them.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.ddl import comment_sql, create_table_sql, quote_literal
from warehouse.headers import canonical
from warehouse.tables import PERSONAL_FIELDS, TABLES, Column, Table

PUBLISHED_STORAGE_VERSION = "v1.1.0"
# What that version writes in the file header (after the magic "DUCK").
PUBLISHED_STORAGE_FORMAT = 64
PUB = "pub"
# A patched copy larger than this many times its live data (estimated by `_blocks`) is
# written afresh instead.
MAX_GROWTH = 1.5
# ... and the excess is at least this many blocks (256 KiB each): small files are left alone.
MIN_EXCESS_BLOCKS = 64
# A table more than this share of whose rows changed is rewritten rather than patched.
REWRITE_SHARE = 0.5
# A changed table's rows are compared only in the buckets (the top bits of their hashes)
# whose fingerprints differ: 65,536 buckets, so a few hundred changed rows of 10 M compare
# a few thousand rows, not all of them twice.
BUCKET_BITS = 16

# The copy's file mode: readable by everyone, writable by no one (a publish writes a new
# file and renames it over the old one, which needs the folder's write access only).
READ_ONLY = 0o444

WITHHELD = {"_withheld": "row could not be split into columns; its values are kept in the pipeline's copy only"}


def _raw_record_of_named_fields(con: duckdb.DuckDBPyConnection, t: Table, c: Column) -> str:
    """The record without every key that is not a named, non-personal field (a JSON merge
    patch setting them to null deletes them)."""
    keys = [k for (k,) in con.execute(
        f'SELECT DISTINCT unnest(json_keys("{c.name}")) FROM {t.qualified} WHERE json_valid("{c.name}")'
    ).fetchall()]
    patch = json.dumps({k: None for k in keys if canonical(k) in PERSONAL_FIELDS or canonical(k) is None},
                       ensure_ascii=False)
    withheld = json.dumps(WITHHELD, ensure_ascii=False)
    return (
        f"CASE WHEN list_contains(reasons, 'malformed_row') OR NOT json_valid(\"{c.name}\") "
        f"THEN {quote_literal(withheld)} "
        f"ELSE json_merge_patch(\"{c.name}\", {quote_literal(patch)})::VARCHAR END"
    )


REDACTIONS = {"raw_record_of_named_fields": _raw_record_of_named_fields}


def published_tables() -> tuple[Table, ...]:
    return tuple(t for t in TABLES if t.published)


def _select_list(con: duckdb.DuckDBPyConnection, t: Table) -> str:
    out = []
    for c in t.published_columns:
        if c.published_as:
            out.append(f'{REDACTIONS[c.published_as](con, t, c)} AS "{c.name}"')
        else:
            out.append(f'"{c.name}"')
    return ", ".join(out)


def _names(t: Table) -> str:
    return ", ".join(f'"{c.name}"' for c in t.published_columns)


def _row_hash(t: Table) -> str:
    """The hash of a published row. DuckDB hashes a NULL list like an empty one, so each
    list column also gives whether it is NULL (else NULL → [] would go unseen)."""
    nulls = "".join(f', "{c.name}" IS NULL' for c in t.published_columns if c.type.endswith("[]") and not c.not_null)
    return f"hash({_names(t)}{nulls})"


def _source(con: duckdb.DuckDBPyConnection, t: Table) -> str:
    """The table's published content (allow-listed columns, redactions applied) as a
    subquery, with the warehouse row's rowid as `_source_rowid` (not published: it finds
    the rows a patch inserts without hashing the table again)."""
    return f"(SELECT rowid AS _source_rowid, {_select_list(con, t)} FROM {t.qualified})"


class _Fallback(Exception):
    """The previous copy cannot be patched; the reason says why and a whole publish follows."""


def _storage_version(path: Path) -> int | None:
    """The storage format number in a DuckDB file's header (64 for DuckDB 1.1), or None."""
    with open(path, "rb") as f:
        header = f.read(20)
    if len(header) < 20 or header[8:12] != b"DUCK":
        return None
    return struct.unpack("<Q", header[12:20])[0]


def _foreign_objects(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Anything in the attached previous copy that publishing does not put there, other
    than tables (which are dropped or rewritten): views, macros, sequences, indexes,
    schemas other than main. An edited file is rebuilt whole rather than trusted."""
    return [f"{kind} {name}" for kind, name in con.execute(f"""
        SELECT 'view', view_name FROM duckdb_views() WHERE database_name = '{PUB}' AND NOT internal
        UNION ALL SELECT 'macro', function_name FROM duckdb_functions() WHERE database_name = '{PUB}' AND NOT internal
        UNION ALL SELECT 'sequence', sequence_name FROM duckdb_sequences() WHERE database_name = '{PUB}'
        UNION ALL SELECT 'index', index_name FROM duckdb_indexes() WHERE database_name = '{PUB}'
        UNION ALL SELECT 'schema', schema_name FROM duckdb_schemas()
                  WHERE database_name = '{PUB}' AND NOT internal AND schema_name <> 'main'
        UNION ALL SELECT 'table', schema_name || '.' || table_name FROM duckdb_tables()
                  WHERE database_name = '{PUB}' AND schema_name <> 'main'
    """).fetchall()]


def _normalized_type(type_: str) -> str:
    return type_.upper().replace(" ", "")


def _declared_shape(t: Table) -> list[tuple[str, str, str]]:
    return [(c.name, _normalized_type(c.type), f"{c.zh}：{c.en}") for c in t.published_columns]


def _published_shape(con: duckdb.DuckDBPyConnection, t: Table) -> tuple[str | None, list[tuple[str, str, str]]]:
    comment = db.scalar(con, f"SELECT comment FROM duckdb_tables() WHERE database_name = '{PUB}' "
                             "AND schema_name = 'main' AND table_name = ?", [t.name])
    cols = con.execute(f"SELECT column_name, data_type, comment FROM duckdb_columns() WHERE database_name = '{PUB}' "
                       "AND schema_name = 'main' AND table_name = ? ORDER BY column_index", [t.name]).fetchall()
    return comment, [(n, _normalized_type(ty), cm or "") for n, ty, cm in cols]


def _gone(t: Table) -> str:
    return f'"_pub_gone_{t.name}"'


def _new(t: Table) -> str:
    return f'"_pub_new_{t.name}"'


def _compare(con: duckdb.DuckDBPyConnection, t: Table) -> dict | None:
    """Compare the attached previous copy's table with the source's content: None when
    they hold the same rows; else how many rows the copy has, and how many would be
    deleted and inserted, with two temp tables for `_patch_table`: the copy's rowids to
    delete and the source's rowids to insert.

    Each side is hashed once, into a temp table with the rows' rowids. Equal fingerprints
    (row count, sum and XOR of the row hashes; the sum keeps duplicate rows from
    cancelling out, as XOR alone would) mean equal content. Otherwise the same
    fingerprints per bucket (the hash's top `BUCKET_BITS` bits) find the buckets that
    differ, and only their rows are compared: the rows whose hash the other side lacks are
    found with two anti joins; that is the whole difference when the copy patched with them
    would have the source's fingerprint (fingerprints add up), and else (a row now
    occurs more or fewer times, a hash present on both sides) the hashes whose count
    differs are found by counting every hash of those buckets on both sides. The rowids
    are the previous file's, which the patched file is a byte copy of (`_write_patched`),
    and the warehouse's, which nothing writes while it publishes."""
    h = _row_hash(t)
    temps = ("_src_h", "_pub_h", "_pub_buckets", "_src_d", "_pub_d", "_pub_diff_new", "_pub_diff_gone", "_pub_counts")
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE _src_h AS SELECT _source_rowid AS r, {h} AS h FROM {_source(con, t)}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE _pub_h AS SELECT rowid AS r, {h} AS h FROM {PUB}.{t.qualified}")
        fingerprint = "SELECT count(*), coalesce(sum(h), 0), coalesce(bit_xor(h), 0) FROM {}"
        src, pub = db.one(con, fingerprint.format("_src_h")), db.one(con, fingerprint.format("_pub_h"))
        if src == pub:
            return None
        per_bucket = f"SELECT h >> {64 - BUCKET_BITS} AS b, count(*) AS n, sum(h) AS s, bit_xor(h) AS x FROM {{}} GROUP BY b"
        con.execute(f"""CREATE OR REPLACE TEMP TABLE _pub_buckets AS
                        SELECT b FROM ({per_bucket.format("_src_h")}) s FULL JOIN ({per_bucket.format("_pub_h")}) p
                        USING (b) WHERE (s.n, s.s, s.x) IS DISTINCT FROM (p.n, p.s, p.x)""")
        for side in ("src", "pub"):
            con.execute(f"CREATE OR REPLACE TEMP TABLE _{side}_d AS SELECT r, h FROM _{side}_h "
                        f"WHERE h >> {64 - BUCKET_BITS} IN (SELECT b FROM _pub_buckets)")
        # anti joins, not one FULL JOIN: a hash held m times on one side and n on the other
        # would make m × n rows there (identical rows, which no key forbids in the DDL)
        con.execute("CREATE OR REPLACE TEMP TABLE _pub_diff_new AS SELECT r, h FROM _src_d ANTI JOIN _pub_d USING (h)")
        con.execute("CREATE OR REPLACE TEMP TABLE _pub_diff_gone AS SELECT r, h FROM _pub_d ANTI JOIN _src_d USING (h)")
        new, gone = db.one(con, fingerprint.format("_pub_diff_new")), db.one(con, fingerprint.format("_pub_diff_gone"))
        if (pub[0] - gone[0] + new[0], pub[1] - gone[1] + new[1], pub[2] ^ gone[2] ^ new[2]) != src:
            con.execute("""CREATE OR REPLACE TEMP TABLE _pub_counts AS
                           SELECT h FROM (SELECT h, count(*) AS n FROM _src_d GROUP BY h) s
                           FULL JOIN (SELECT h, count(*) AS n FROM _pub_d GROUP BY h) p USING (h)
                           WHERE s.n IS DISTINCT FROM p.n""")
            con.execute("CREATE OR REPLACE TEMP TABLE _pub_diff_new AS SELECT r, h FROM _src_d SEMI JOIN _pub_counts USING (h)")
            con.execute("CREATE OR REPLACE TEMP TABLE _pub_diff_gone AS SELECT r FROM _pub_d SEMI JOIN _pub_counts USING (h)")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_new(t)} AS SELECT r, h FROM _pub_diff_new")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {_gone(t)} AS SELECT r FROM _pub_diff_gone")
        return {"rows": pub[0], "deleted": db.scalar(con, f"SELECT count(*) FROM {_gone(t)}"),
                "inserted": db.scalar(con, f"SELECT count(*) FROM {_new(t)}")}
    finally:
        for temp in temps:
            con.execute(f"DROP TABLE IF EXISTS {temp}")


def _drop_patches(con: duckdb.DuckDBPyConnection) -> None:
    for t in published_tables():
        con.execute(f"DROP TABLE IF EXISTS {_gone(t)}")
        con.execute(f"DROP TABLE IF EXISTS {_new(t)}")


def _write_whole_table(con: duckdb.DuckDBPyConnection, t: Table) -> None:
    cols = t.published_columns
    con.execute(create_table_sql(t, PUB, cols))
    for stmt in comment_sql(t, PUB, cols):
        con.execute(stmt)
    con.execute(f"INSERT INTO {PUB}.{t.qualified} ({_names(t)}) SELECT {_select_list(con, t)} FROM {t.qualified}")


def _patch_table(con: duckdb.DuckDBPyConnection, t: Table, counts: dict) -> dict:
    """Bring the copy's table to the source's content by rows, as `_compare` found: its
    rows to delete go, the source's rows at the rowids found come in, after checking that
    they still hash as they did (else the warehouse moved under the publish: _Fallback)."""
    con.execute(f"DELETE FROM {PUB}.{t.qualified} WHERE rowid IN (SELECT r FROM {_gone(t)})")
    con.execute(f"CREATE OR REPLACE TEMP TABLE _pub_rows AS SELECT *, {_row_hash(t)} AS _h FROM {_source(con, t)} "
                f"WHERE _source_rowid IN (SELECT r FROM {_new(t)})")
    try:
        fingerprint = "SELECT count(*), coalesce(sum({0}), 0), coalesce(bit_xor({0}), 0) FROM {1}"
        if db.one(con, fingerprint.format("_h", "_pub_rows")) != db.one(con, fingerprint.format("h", _new(t))):
            raise _Fallback(f"{t.name} changed in the warehouse while it was being published")
        con.execute(f"INSERT INTO {PUB}.{t.qualified} ({_names(t)}) SELECT {_names(t)} FROM _pub_rows")
    finally:
        con.execute("DROP TABLE IF EXISTS _pub_rows")
    return {"deleted": counts["deleted"], "inserted": counts["inserted"]}


def _plan(con: duckdb.DuckDBPyConnection) -> dict:
    """Compare the previous copy, attached read-only as `pub`, with the warehouse: what each
    table needs. Raises _Fallback when the copy holds what publishing never writes."""
    foreign = _foreign_objects(con)
    if foreign:
        raise _Fallback(f"the previous copy holds what publishing never writes: {', '.join(foreign[:5])}")
    wanted = {t.name for t in published_tables()}
    plan: dict = {"dropped": [], "rewritten": [], "reshaped": [], "comments": [], "patched": {}, "unchanged": []}
    for (name,) in con.execute(f"SELECT table_name FROM duckdb_tables() WHERE database_name = '{PUB}' "
                               "ORDER BY table_name").fetchall():
        if name not in wanted:   # no longer allow-listed: it must not stay in the copy
            plan["dropped"].append(name)
    for t in published_tables():
        comment, shape = _published_shape(con, t)
        declared = _declared_shape(t)
        if [s[:2] for s in shape] != [d[:2] for d in declared]:   # missing, or columns/types changed
            plan["rewritten"].append(t.name)
            if shape:
                plan["reshaped"].append(t.name)
            continue
        if comment != f"{t.zh}：{t.en}" or shape != declared:
            plan["comments"].append(t.name)
        counts = _compare(con, t)
        if counts is None:
            plan["unchanged"].append(t.name)
        elif counts["deleted"] > REWRITE_SHARE * max(counts["rows"], 1):   # rewriting is cheaper
            plan["rewritten"].append(t.name)
            con.execute(f"DROP TABLE IF EXISTS {_gone(t)}")
            con.execute(f"DROP TABLE IF EXISTS {_new(t)}")
        else:
            plan["patched"][t.name] = counts
    return plan


def _apply(con: duckdb.DuckDBPyConnection, plan: dict) -> dict:
    """Carry out `plan` on the copy attached read-write as `pub`; returns what was done."""
    tables = {t.name: t for t in published_tables()}
    done: dict = {"rewritten": [], "patched": {}, "unchanged": plan["unchanged"], "dropped": plan["dropped"],
                  "comments": plan["comments"]}
    for name in plan["dropped"]:
        con.execute(f'DROP TABLE {PUB}.main."{name}"')
    for name in plan["comments"]:
        for stmt in comment_sql(tables[name], PUB, tables[name].published_columns):
            con.execute(stmt)
    for t in published_tables():
        if t.name in plan["patched"]:
            done["patched"][t.name] = _patch_table(con, t, plan["patched"][t.name])
            continue
        if t.name not in plan["rewritten"]:
            continue
        con.execute(f"DROP TABLE IF EXISTS {PUB}.{t.qualified}")
        _write_whole_table(con, t)
        done["rewritten"].append(t.name)
    return done


def _blocks(con: duckdb.DuckDBPyConnection, rows: dict[str, int]) -> tuple[int, float]:
    """The attached copy's size in blocks, and an estimate of its live data in blocks: the
    blocks in use less each table's blocks times its share of deleted rows (deleted rows
    stay in their row groups until DuckDB vacuums them)."""
    total, used = db.one(con, f"SELECT total_blocks, used_blocks FROM pragma_database_size() "
                              f"WHERE database_name = '{PUB}'")
    per_table = " UNION ALL ".join(
        f"""SELECT {quote_literal(t.name)} AS name,
                   count(DISTINCT b) FILTER (WHERE b >= 0) AS blocks,
                   (SELECT sum(count) FROM pragma_storage_info('{PUB}.{t.qualified}')
                    WHERE column_id = 0 AND column_path::VARCHAR = '[0]') AS stored
            FROM (SELECT unnest(list_prepend(block_id, additional_block_ids)) AS b
                  FROM pragma_storage_info('{PUB}.{t.qualified}'))"""
        for t in published_tables())
    dead = sum(blocks * (1 - rows[name] / stored) for name, blocks, stored in con.execute(per_table).fetchall()
               if stored)
    return total, max(used - dead, 1.0)


def _write_fresh(con: duckdb.DuckDBPyConnection, tmp: Path) -> dict:
    con.execute(f"ATTACH '{tmp.as_posix()}' AS {PUB} (STORAGE_VERSION '{PUBLISHED_STORAGE_VERSION}')")
    try:
        for t in published_tables():
            _write_whole_table(con, t)
        con.execute(f"CHECKPOINT {PUB}")
        rows = _rows(con)
    finally:
        con.execute(f"DETACH {PUB}")
    return {"rows": rows, "rewritten": list(rows), "patched": {}, "unchanged": [], "dropped": [], "comments": []}


def _rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return {t.name: db.scalar(con, f"SELECT count(*) FROM {PUB}.{t.qualified}") for t in published_tables()}


def _copy(src, dst: Path) -> None:
    """Byte copy of the open file `src` to `dst`, in the kernel (`copy_file_range`: on XFS
    and btrfs it shares the blocks instead of writing them)."""
    size = os.fstat(src.fileno()).st_size
    with open(dst, "wb") as out:
        if not hasattr(os, "copy_file_range"):
            src.seek(0)
            shutil.copyfileobj(src, out)
            return
        offset = 0
        while offset < size:
            n = os.copy_file_range(src.fileno(), out.fileno(), size - offset, offset, offset)
            if n == 0:
                raise OSError(f"{src.name} ended at byte {offset} of {size}")
            offset += n


def _moved(previous: Path, held: os.stat_result) -> str | None:
    """Why the file at `previous` is no longer the one held open (`held`, its fstat when
    opened), or None: replaced by another file, or written to (size or modification time
    moved, or a write-ahead log beside it)."""
    now = os.stat(previous)
    if now.st_ino != held.st_ino:
        return "the previous copy was replaced while it was being compared"
    if (now.st_size, now.st_mtime_ns) != (held.st_size, held.st_mtime_ns) or Path(f"{previous}.wal").exists():
        return "the previous copy was written to while it was being compared"
    return None


def _patch_copy(con: duckdb.DuckDBPyConnection, tmp: Path, plan: dict) -> dict:
    """Carry out `plan` on the byte copy at `tmp` and checkpoint it; returns what was done.
    Raises _Fallback when the patched file would be oversized."""
    con.execute(f"ATTACH '{tmp.as_posix()}' AS {PUB}")
    try:
        # one transaction: no checkpoint (which may rewrite row groups) can come between
        # the rowids found in the compared file and the deletes that use them
        with db.transaction(con):
            done = _apply(con, plan)
        done["written"] = True
        con.execute(f"CHECKPOINT {PUB}")
        rows = done["rows"] = _rows(con)
        total, live = _blocks(con, rows)
        if total > MAX_GROWTH * live and total - live >= MIN_EXCESS_BLOCKS:
            raise _Fallback(f"the patched copy would be {total} blocks for about {live:.0f} of live data")
    finally:
        con.execute(f"DETACH {PUB}")
    return done


def _write_patched(con: duckdb.DuckDBPyConnection, tmp: Path, previous: Path) -> dict:
    """Compare `previous` with the warehouse; when something differs, write at `tmp` a byte
    copy of it patched table by table. Returns what was done (`written` False when nothing
    differs: nothing is written). Raises _Fallback when the patched file would be oversized
    or `previous` was replaced or written to meanwhile (the plan, down to the rowids to
    delete, is for the bytes of the file held open here, and those bytes are copied)."""
    try:
        with open(previous, "rb") as src:
            held = os.fstat(src.fileno())
            if Path(f"{previous}.wal").exists():   # its rows would be read, but not copied with the bytes
                raise _Fallback("the previous copy has a write-ahead log: it was written to after publishing")
            con.execute(f"ATTACH '{previous.as_posix()}' AS {PUB} (READ_ONLY)")
            try:
                plan = _plan(con)
                rows = _rows(con)
            finally:
                con.execute(f"DETACH {PUB}")
            if why := _moved(previous, held):
                raise _Fallback(why)
            if plan["dropped"] or plan["reshaped"]:
                # a dropped table's or a dropped column's bytes would stay in the copy's free
                # blocks, readable with a hex editor: an older copy may hold what is no longer
                # published (a personal column), so it is not patched
                raise _Fallback("tables no longer published or with other columns: "
                                f"{', '.join(plan['dropped'] + plan['reshaped'])}")
            if not any(plan[k] for k in ("dropped", "rewritten", "comments", "patched")):
                return {"written": False, "rows": rows, "rewritten": [], "patched": {},
                        "unchanged": plan["unchanged"], "dropped": [], "comments": []}
            try:
                _copy(src, tmp)
            except OSError as exc:
                raise _Fallback(f"the previous copy could not be copied ({exc.strerror or exc})") from exc
            if why := _moved(previous, held):
                raise _Fallback(why)
        return _patch_copy(con, tmp, plan)
    finally:
        _drop_patches(con)


def _why_not_incremental(published: Path) -> str | None:
    if not published.is_file():
        return "no previous copy"
    version = _storage_version(published)
    if version != PUBLISHED_STORAGE_FORMAT:
        return f"the previous copy is not a DuckDB file in storage format {PUBLISHED_STORAGE_FORMAT} ({version})"
    return None


def publish(con: duckdb.DuckDBPyConnection, published: Path, whole: bool = False) -> dict:
    """Bring the analysts' copy at `published` to the warehouse's allow-listed content.

    Incremental unless `whole` or the previous copy is missing, unreadable, in another
    storage format, edited (objects publishing never writes) or would grow past
    MAX_GROWTH × its live data: then a fresh file. When nothing differs the copy is left
    as it is (not even replaced). Returns the path, the row counts, the file size, `mode`
    (`incremental`/`whole`), `reason` (why whole) and, per table, what was done:
    `rewritten`, `patched` (rows deleted and inserted), `unchanged`, `dropped`, and
    `comments` (tables whose comments were reset)."""
    published = Path(published)
    published.parent.mkdir(parents=True, exist_ok=True)
    tmp = published.with_name(f".{published.name}.{os.getpid()}.tmp")
    reason = "asked for a whole publish" if whole else _why_not_incremental(published)
    done = None
    try:
        _remove(tmp)
        if reason is None:
            try:
                done = _write_patched(con, tmp, published)
            except (_Fallback, duckdb.Error) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                reason = first if isinstance(exc, _Fallback) else \
                    f"the previous copy could not be patched ({type(exc).__name__}: {first})"
                _remove(tmp)
        if reason is not None:
            done = _write_fresh(con, tmp)
        if done.pop("written", True):   # else nothing differs: the copy stays as it is
            # a log beside the old copy belongs to it: DuckDB would replay it into the new one
            Path(f"{published}.wal").unlink(missing_ok=True)
            os.chmod(tmp, READ_ONLY)  # analysts read it; only the next publish replaces it
            os.replace(tmp, published)
    except BaseException:
        _remove(tmp)
        raise
    return _result(published, reason, done)


def signature(published: Path) -> str:
    """What identifies the copy a publish left: its inode, size and modification time, and
    whether a write-ahead log lies beside it. A copy written to or replaced since (by hand)
    has another; `pipelines.runner` then publishes again although every job is up to date."""
    try:
        st = os.stat(published)
    except FileNotFoundError:
        return "missing"
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}" + (":wal" if Path(f"{published}.wal").exists() else "")


def _result(published: Path, reason: str | None, done: dict) -> dict:
    rows = done.pop("rows")
    return {"path": str(published), "tables": len(rows), "rows": rows, "bytes": published.stat().st_size,
            "mode": "whole" if reason else "incremental", "reason": reason, **done}


def _remove(tmp: Path) -> None:
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)


def differences(a: Path, b: Path) -> list[str]:
    """How two published copies differ, as sentences (empty when they hold the same thing):
    their tables with comments, their columns in order with types and comments, and each
    table's rows as a multiset (row order is not compared). For tests and benchmarks of
    the incremental publish against a whole one."""
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{Path(a).as_posix()}' AS a (READ_ONLY)")
        con.execute(f"ATTACH '{Path(b).as_posix()}' AS b (READ_ONLY)")
        out = []
        for what, sql in (
            ("table", "SELECT schema_name, table_name, comment FROM duckdb_tables() WHERE database_name = '{d}'"),
            ("column", "SELECT table_name, column_index, column_name, data_type, comment FROM duckdb_columns() "
                       "WHERE database_name = '{d}'"),
        ):
            for x, y in (("a", "b"), ("b", "a")):
                for row in con.execute(f"{sql.format(d=x)} EXCEPT {sql.format(d=y)}").fetchall():
                    out.append(f"{what} {row} only in {x}")
        common = [n for (n,) in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'a' AND schema_name = 'main' "
            "INTERSECT SELECT table_name FROM duckdb_tables() WHERE database_name = 'b' AND schema_name = 'main' "
            "ORDER BY 1").fetchall()]
        for name in common:
            for x, y in (("a", "b"), ("b", "a")):
                n = con.execute(f'SELECT count(*) FROM (SELECT * FROM {x}.main."{name}" '
                                f'EXCEPT ALL SELECT * FROM {y}.main."{name}")').fetchone()[0]
                if n:
                    out.append(f"{name}: {n} rows only in {x}")
        return out
    finally:
        con.close()
