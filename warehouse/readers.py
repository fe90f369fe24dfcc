"""File readers: CSV (UTF-8 with or without BOM, GB18030/GBK), XLSX and JSONL export files
into a DuckDB temp table, one row per data row in file order.

What belongs here: bytes → rows. Encoding detection and streaming transcoding, finding the
header row (the first row with a 案号 column, below any title lines), skipping XLSX title,
blank and 合计 rows, and splitting rows into fields. What does not: the meaning of values
(SQL in `warehouse/sql/`) and which files to read (`warehouse.ingest`).

Every reader returns a `Source`: temp table `table` whose `rowid + 1` is the data row
number (rows are inserted in file order; blank rows are not data rows and are not
numbered), with VARCHAR columns `c0 … cN-1` for the header's positions (JSONL: one `_line`
column holding the JSON object), `_malformed` (why the row could not be split under the
header, else NULL) and `_raw_record` (the row as read when it could not be split). A file
that cannot be used as a whole raises `FileRejected` with the reason.

Encoding: a BOM means UTF-8; otherwise the first megabyte decides between UTF-8 and
GB18030, and the choice must be confirmed by the header row mapping to the known columns
(a clean GB18030 decode of Big5 bytes gives unknown headers: rejected, never loaded as
garbage). GB18030 files are transcoded to a temporary UTF-8 file chunk by chunk, and a CSV whose
lines end in CR only (Excel's "CSV (Macintosh)") is copied with LF endings first. CSV is
read by DuckDB's `read_csv` with an explicit dialect and all-VARCHAR columns; when DuckDB
refuses any line (wrong number of fields, bad quoting, invalid UTF-8), or when its `skip`
could not be trusted to reach the header row (`_skip_unsafe`: DuckDB counts records and
takes the line ending from the first line, and skipped every data row in silence after a
CRLF title over LF rows), the file is read by Python's `csv` module so that every row
keeps its number and the bad rows are kept as `_malformed` rows — never dropped.

Many files, one read: `plan_csv` sniffs a CSV once (encoding, header line; GB18030 is
transcoded; a file with any quote is left to be read alone, where DuckDB reports a quoted
value left open), and `read_csv_group` reads every file of one dialect (same header row
at the same line) into a table the files share: the small files whose physical lines are
surely records concatenated into ONE file (each line prefixed with its file's index;
DuckDB's fixed cost per file read is most of a 40-row file's), the others with ONE
`read_csv` of the files (`filename = true`, DuckDB's reject tables). Each file's
`Source.shared` names its rows there (`_file`, first rowid), so its rows are still
numbered from 1 in file order. A file with a refused line is left out of the group and
read alone by `read`, which keeps the exact behaviour above.
XLSX and exact-CSV rows reach DuckDB as Arrow arrays (no pandas frame). XLSX parsing
(`parse_xlsx`) touches no DuckDB connection, so many files can be parsed in worker
processes (`XlsxPrefetch`) while the caller loads the parsed ones: alone (`load_xlsx`),
or many of one header into one shared table (`load_xlsx_group`, numbered like a CSV group).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse.headers import Header, canonical, display_name, is_case_number_header, map_header

HEAD_BYTES = 1 << 20
CHUNK = 1 << 20
HEADER_SEARCH_LINES = 50
TOTAL_LABELS = ("合计", "合計", "总计", "總計")

csv.field_size_limit(sys.maxsize)


class FileRejected(Exception):
    """The file as a whole cannot be used; the message says why."""


@dataclass
class Source:
    table: str
    header: Header
    format: str  # csv / xlsx / jsonl
    encoding: str | None
    rows: int
    # JSONL: every spelling of a key seen in the file, per header name (lines may spell
    # one key differently: ` case_number\t`, `ｃａｓｅ_number`)
    spellings: dict[str, tuple[str, ...]] | None = None
    shared: Slice | None = None  # the file's rows in a table shared with other files

    def release(self, con) -> None:
        """Drop the temp table, or this file's claim on a shared one (the last drops it)."""
        if self.shared is None:
            con.execute(f"DROP TABLE IF EXISTS {self.table}")
            return
        self.shared.members.discard(self.shared.file)
        if not self.shared.members:
            con.execute(f"DROP TABLE IF EXISTS {self.table}")

    def field_sql(self, position: int) -> str:
        """SQL expression of the header's `position` in `table`."""
        if self.format == "jsonl":
            own = self.header.own[position]
            keys = (self.spellings or {}).get(own, (own,))
            return "coalesce(" + ", ".join(_json_field(k) for k in keys) + ")" if len(keys) > 1 else _json_field(keys[0])
        return f"c{position}"

    def raw_record_sql(self) -> str:
        """SQL expression: the row as read, a JSON object keyed by the file's own headers."""
        if self.format == "jsonl":
            return "coalesce(_raw_record, _line)"
        pairs = ", ".join(f"{_lit(o)}, c{i}" for i, o in enumerate(self.header.own))
        return f"coalesce(_raw_record, json_object({pairs})::VARCHAR)"


def _json_path(key: str) -> str:
    """SQL literal of the JSON path of one top-level key, quoted."""
    key = key.replace("\\", "\\\\").replace('"', '\\"')
    return _lit('$."' + key + '"')


def _json_field(key: str) -> str:
    return f"json_extract_string(_line, {_json_path(key)})"


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def file_digest(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read in chunks."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# --- encodings ---------------------------------------------------------------------------


def sniff_encoding(head: bytes) -> str:
    """utf-8-sig (BOM), utf-8 (the head decodes), else gb18030 (to be confirmed)."""
    return _sniff_decode(head)[0]


def _sniff_decode(head: bytes) -> tuple[str, str | None]:
    """`sniff_encoding` and, when the head is UTF-8, its text (decoded once)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    try:
        return "utf-8", codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "gb18030", None


def _decode_head(head: bytes, encoding: str) -> str:
    try:
        return codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise FileRejected(
            f"unrecognized encoding: neither UTF-8 nor GB18030 (invalid byte at {exc.start})"
        ) from None


def transcode(src: Path, dst: Path, encoding: str) -> None:
    """Stream `src` from `encoding` to UTF-8 in `dst`; FileRejected on an invalid sequence."""
    dec = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with open(src, "rb") as fi, open(dst, "w", encoding="utf-8", newline="") as fo:
        while True:
            chunk = fi.read(CHUNK)
            try:
                fo.write(dec.decode(chunk, final=not chunk))
            except UnicodeDecodeError as exc:
                raise FileRejected(
                    f"invalid {encoding.upper()} byte sequence at byte {offset + exc.start}"
                ) from None
            if not chunk:
                break
            offset += len(chunk)


# characters DuckDB reads as a glob pattern in a path (`[ab]`, `?`, `*`, `{a,b}`): a file
# named `20240110_[ab].csv` was read as `20240110_a.csv` and `20240110_b.csv`
_GLOB_CHARS = frozenset("*?[]{}")


def _duckdb_path(path: Path, tmpdir: Path, stem: str) -> Path:
    """`path` as DuckDB may be given it: the path itself, or when it holds a glob
    character, a link to it (else a copy) named `stem` in `tmpdir`."""
    if not _GLOB_CHARS.intersection(path.as_posix()):
        return path
    alias = tmpdir / (stem + "_link" + path.suffix)  # never a transcoding's target: no write goes through it
    alias.unlink(missing_ok=True)
    try:
        alias.symlink_to(path.resolve())
    except OSError:
        shutil.copyfile(path, alias)
    return alias


def _find_header_line(text: str) -> tuple[int, list[str]] | None:
    """Index of the first physical line that is a header row (has a 案号 cell), and its
    fields; None when none of the first lines is."""
    for i, line in enumerate(text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]):
        try:
            fields = next(csv.reader([line.rstrip("\r")]), [])
        except csv.Error:
            continue
        if any(is_case_number_header(f) for f in fields):
            return i, fields
    return None


def _header_without_case_number(rows) -> Header | None:
    """A row that names at least two known columns but no 案号: the header of a file whose
    required column is missing (so the error can say so)."""
    for fields in rows:
        h = map_header([f if isinstance(f, str) else None for f in fields])
        if sum(1 for c in h.canonical if c) >= 2:
            return h
    return None


def _csv_lines(text: str):
    for line in text.split("\n", HEADER_SEARCH_LINES)[:HEADER_SEARCH_LINES]:
        try:
            yield next(csv.reader([line.rstrip("\r")]), [])
        except csv.Error:
            continue


def _check(header: Header, path: Path) -> Header:
    if header.problem:
        raise FileRejected(header.problem)
    return header


# --- CSV ---------------------------------------------------------------------------------


class _NotUTF8(Exception):
    """A file whose first megabyte looked like UTF-8 but whose rest is not."""


def _cr_to_lf(src: Path, dst: Path) -> Path:
    """A copy of `src` in `dst` with every CR made LF (streamed)."""
    with open(src, "rb") as fi, open(dst, "wb") as fo:
        while chunk := fi.read(CHUNK):
            fo.write(chunk.replace(b"\r", b"\n"))
    return dst


def read_csv(con: duckdb.DuckDBPyConnection, path: Path, table: str, tmpdir: Path) -> Source:
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    if b"\r" in head and b"\n" not in head:  # CR-only line endings, as Excel's "CSV (Macintosh)" writes
        path, head = _cr_to_lf(path, tmpdir / f"{table}_lf.csv"), head.replace(b"\r", b"\n")
    encoding = sniff_encoding(head)
    try:
        return _read_csv_as(con, path, table, tmpdir, head, encoding)
    except _NotUTF8:
        # e.g. English headers and ASCII rows first, GB18030 text later: try GB18030 whole
        return _read_csv_as(con, path, table, tmpdir, head, "gb18030")


def _sniff_csv(path: Path, head: bytes, encoding: str, text: str | None = None) -> tuple[int, Header, bool]:
    """The header row of a CSV whose first bytes are `head` (`text`: those bytes already
    decoded as `encoding`): (index of its physical line, mapped header, whether DuckDB's
    `skip` cannot be trusted to reach it: `_skip_unsafe`); FileRejected when
    there is none or a required column is missing."""
    if text is None:
        if encoding == "utf-8-sig":
            head = head[len(codecs.BOM_UTF8):]
        text = _decode_head(head, encoding)
    found = _find_header_line(text)
    if found is None:
        partial = _header_without_case_number(_csv_lines(text))
        if partial is not None and partial.problem:
            raise FileRejected(partial.problem)
        if encoding == "gb18030":
            raise FileRejected(
                "unrecognized encoding: not UTF-8, and read as GB18030 no header row with 案号 "
                f"(case_number) appears in the first {HEADER_SEARCH_LINES} lines (Big5 or another encoding?)"
            )
        raise FileRejected(f"no header row with 案号 (case_number) in the first {HEADER_SEARCH_LINES} lines")
    line_idx, fields = found
    return line_idx, _check(map_header(fields), path), _skip_unsafe(text, line_idx)


def _skip_unsafe(text: str, line_idx: int) -> bool:
    """Whether DuckDB's `skip` may not skip exactly the `line_idx + 1` physical lines down
    to the header row: it counts records, and takes its line ending from the file's first
    line. So: a quoted value over a line end or not closed cleanly (`"甘南州"中级法院`), a
    lone CR, or line endings that differ between those lines and the first data row (DuckDB
    then found no more lines: every data row was silently skipped). Such a file is read by
    the exact reader, which skips physical lines."""
    lines = text.split("\n", line_idx + 2)
    preamble = lines[:line_idx + 1]
    if any("\r" in line[:-1] for line in preamble):
        return True
    if len({line.endswith("\r") for line in lines[:min(line_idx + 2, len(lines) - 1)]}) > 1:
        return True  # the complete lines among the preamble and the first data row
    joined = "\n".join(preamble)
    if '"' not in joined:
        return False
    try:  # a sentinel line: a value still open at the end takes it in
        return any("\n" in v or "\r" in v
                   for r in csv.reader(io.StringIO(joined + "\n\x00", newline=""), strict=True) for v in r)
    except csv.Error:
        return True


def _csv_options(n: int, skip: int, rejects: bool = True, index: bool = False) -> str:
    """The explicit dialect; `rejects`: refused lines go to DuckDB's reject tables
    (`_csv_reject_errors`, `_csv_reject_scans`) instead of failing the statement; `index`:
    an INTEGER column `_fi` before the header's (a concatenated file's file index)."""
    columns = "{" + ("'_fi': 'INTEGER', " if index else "") + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(n)) + "}"
    keep = """, ignore_errors = true, store_rejects = true,
               rejects_table = '_csv_reject_errors', rejects_scan = '_csv_reject_scans'""" if rejects else ""
    return f"""delim = ',', quote = '"', escape = '"',
               header = false, skip = {skip}, columns = {columns},
               auto_detect = false, strict_mode = true, null_padding = false{keep}"""


def _read_csv_as(con, path: Path, table: str, tmpdir: Path, head: bytes, encoding: str) -> Source:
    line_idx, header, skip_unsafe = _sniff_csv(path, head, encoding)

    if encoding == "gb18030":
        utf8 = tmpdir / (table + ".csv")
        transcode(path, utf8, "gb18030")
    else:
        utf8 = _duckdb_path(path, tmpdir, table)

    n = len(header.own)
    con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
    con.execute(f"DROP TABLE IF EXISTS {table}")
    refused = skip_unsafe
    if not refused:
        try:
            con.execute(
                f"""CREATE TEMP TABLE {table} AS
                SELECT *, NULL::VARCHAR AS _malformed, NULL::VARCHAR AS _raw_record
                FROM read_csv({_lit(utf8.as_posix())}, {_csv_options(n, line_idx + 1)})"""
            )
            refused = con.execute("SELECT count(*) FROM _csv_reject_errors").fetchall()[0][0]
        except duckdb.InvalidInputException:  # a file DuckDB cannot read even with its reject tables
            refused = True  # (DuckDB 2.0.1: "state machine reached an invalid state", a lone CR in a CRLF file)
    con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
    if refused:
        try:
            _read_csv_python(con, utf8, "utf-8-sig" if encoding == "utf-8-sig" else "utf-8", line_idx, header, table)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8":
                raise _NotUTF8() from exc
            raise FileRejected(f"invalid {encoding.upper()} text: {exc.reason} at byte {exc.start} of a line") from None
    if encoding == "gb18030" and all(o.isascii() for o in header.own):
        _confirm_case_numbers(con, table, header)
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    return Source(table, header, "csv", encoding, rows)


# --- many CSV files of one dialect in one read ---------------------------------------------


def _has_quote(path: Path, head: bytes) -> bool:
    """Whether the file holds a quote character (`head`: its first bytes). Such a file is
    read alone: in a read of many files DuckDB dropped the rest of a file after a quoted
    value left open (`张"三,…,"` even with an even number of quotes), without an error,
    where reading the file alone reports it."""
    if b'"' in head:
        return True
    if len(head) >= HEAD_BYTES:
        with open(path, "rb") as f:
            f.seek(len(head))
            while chunk := f.read(CHUNK):
                if b'"' in chunk:
                    return True
    return False


@dataclass
class CsvPlan:
    """A CSV file that can be read together with others of the same dialect: its UTF-8
    bytes (`utf8`: the file itself, or its transcoded copy), encoding, lines before the
    data rows and header. Files with the same `dialect` are read by one `read_csv`."""
    path: Path
    utf8: Path
    encoding: str
    skip: int
    header: Header

    @property
    def dialect(self) -> tuple:
        return (self.skip, self.header.own)


def plan_csv(path: Path, tmpdir: Path, stem: str) -> CsvPlan | None:
    """Sniff a CSV once (encoding, header row); None when the file needs the one-file reader
    (its header cannot be found or mapped, DuckDB's `skip` cannot be trusted to reach it,
    a quote anywhere, or an English-headed GB18030 file whose values must be confirmed) —
    that reader then gives the reason."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    encoding, text = _sniff_decode(head)
    try:
        line_idx, header, skip_unsafe = _sniff_csv(path, head, encoding, text)
    except FileRejected:
        return None
    if skip_unsafe or _has_quote(path, head):
        return None
    if encoding == "gb18030":
        if all(o.isascii() for o in header.own):
            return None
        utf8 = tmpdir / (stem + ".csv")
        try:
            transcode(path, utf8, "gb18030")
        except FileRejected:
            return None
    else:
        utf8 = _duckdb_path(path, tmpdir, stem)
    return CsvPlan(path, utf8, encoding, line_idx + 1, header)


@dataclass
class Slice:
    """The rows of one file inside a table shared by several files (`Source.shared`):
    the rows whose `_file` is `file`, the first of them at rowid `first_rowid`."""
    file: str
    first_rowid: int
    members: set


def read_csv_group(con: duckdb.DuckDBPyConnection, plans: list[CsvPlan], table: str,
                   tmpdir: Path | None = None) -> dict[Path, Source]:
    """Read CSV files of one dialect together into temp tables named after `table`: with
    `tmpdir`, the small files whose lines are records are concatenated and read as ONE
    file (`_read_concatenated`); the others (or all, without `tmpdir`) with ONE
    `read_csv` of the files (`_read_files`). Returns a `Source` for each file every line
    of which DuckDB accepted; a file with a refused line is left out (read it with
    `read`, which keeps the refused lines as `_malformed` rows), and so is a single file
    left over from the concatenation (the one-file reader costs the same)."""
    if not plans:
        return {}
    assert all(p.dialect == plans[0].dialect for p in plans), "one dialect per group"
    out, rest = _read_concatenated(con, plans, table, tmpdir) if tmpdir is not None else ({}, plans)
    if rest and (len(rest) >= 2 or not out):
        out.update(_read_files(con, rest, table + "_files" if out else table))
    return out


def _read_files(con: duckdb.DuckDBPyConnection, plans: list[CsvPlan], table: str) -> dict[Path, Source]:
    """ONE `read_csv` of the files (explicit dialect, all VARCHAR, `filename = true`; when a
    line is refused, again with DuckDB's own reject tables) into temp table `table`."""
    skip, own = plans[0].dialect
    files = "[" + ", ".join(_lit(p.utf8.as_posix()) for p in plans) + "]"
    con.execute(f"DROP TABLE IF EXISTS {table}")

    def create(options: str) -> str:  # not str.format: a file name may hold braces
        return f"""CREATE TEMP TABLE {table} AS
        SELECT * EXCLUDE (filename), filename AS _file, NULL::VARCHAR AS _malformed, NULL::VARCHAR AS _raw_record
        FROM read_csv({files}, {options}, filename = true)"""
    try:
        # first without reject tables (keeping them costs ~25 % of the read): a clean
        # group, the usual case, is read once; any refused line fails the statement ...
        con.execute(create(_csv_options(len(own), skip, rejects=False)))
        refused: set = set()
    except duckdb.Error:
        # ... and the group is read again, the refused lines going to the reject tables
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
        try:
            con.execute(create(_csv_options(len(own), skip)))
        except duckdb.Error:  # e.g. "state machine reached an invalid state" (a lone CR in a CRLF file)
            con.execute(f"DROP TABLE IF EXISTS {table}")
            return {}  # every file to the one-file reader, which can say which and why
        refused = {
            f for (f,) in con.execute(
                "SELECT DISTINCT s.file_path FROM _csv_reject_errors e JOIN _csv_reject_scans s USING (scan_id, file_id)"
            ).fetchall()
        }
        con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
    return _group_sources(con, table, {p.utf8.as_posix(): p for p in plans if p.utf8.as_posix() not in refused})


def _group_sources(con, table: str, keys: dict[str, CsvPlan]) -> dict[Path, Source]:
    """The `Source` of each file (`_file` = its key) read into shared table `table`."""
    slices = _slices(con, table, list(keys))
    return {keys[k].path: Source(table, keys[k].header, "csv", keys[k].encoding, n, shared=sl)
            for k, (sl, n) in slices.items()}


# A file is concatenated when it is at most this big (bigger files pay DuckDB's per-file
# cost of a read, ~0.4 ms, on many rows; their bytes are not held in memory here).
CONCAT_FILE_MAX = 4 << 20


def _concatenable_rows(plan: CsvPlan) -> bytes | None:
    """The data lines of a file (after its `skip` lines), LF-terminated, when every physical
    line of the file is one record: no CR outside CRLF, no blank line but at the end (and
    no quote: `plan_csv` plans no file with one, so no quoted value joins lines). None when
    the file must be read as a file (or is too big to hold here)."""
    if plan.utf8.stat().st_size > CONCAT_FILE_MAX:
        return None
    data = plan.utf8.read_bytes()
    if b"\r" in data:
        if data.count(b"\r") != data.count(b"\r\n"):
            return None
        data = data.replace(b"\r\n", b"\n")  # one line ending in the concatenated file
    pos = 0
    for _ in range(plan.skip):
        pos = data.find(b"\n", pos) + 1
        if pos == 0:
            return b""  # the header is the last line: no data rows
    rows = data[pos:].rstrip(b"\n")  # blank lines at the end are not rows
    if not rows:
        return b""
    if rows.startswith(b"\n") or b"\n\n" in rows:
        return None
    return rows + b"\n"


def _read_concatenated(con, plans: list[CsvPlan], table: str, tmpdir: Path) -> tuple[dict[Path, Source], list[CsvPlan]]:
    """Read many small files of one dialect as ONE file: DuckDB's `read_csv` pays a fixed
    cost per file (~0.4 ms, most of a 40-row file's read), so the data lines of the files
    whose lines are records (`_concatenable_rows`) are written one after another to a
    file in `tmpdir`, each line prefixed with its file's index, and read with the same
    dialect into `table` (`_read_joined`). Returns the files' sources and the files that
    must be read as files (all of them when the temp file cannot be written or the read
    does not add up)."""
    path = tmpdir / f"{table}.csv"
    try:
        try:
            joined, lines, rest = _write_concatenated(plans, path)
        except OSError:  # the temp folder is full: read them as files
            return {}, plans
        if len(joined) < 2:
            return {}, plans
        out = _read_joined(con, joined, lines, path, table)
        return (out, rest) if out is not None else ({}, plans)
    finally:
        path.unlink(missing_ok=True)


def _write_concatenated(plans: list[CsvPlan], path: Path) -> tuple[list[CsvPlan], list[int], list[CsvPlan]]:
    """Write the data lines of the files that can be joined to `path`, each prefixed with
    the file's index among them; returns those files, the lines written for each, and the
    files that cannot be joined."""
    joined: list[CsvPlan] = []
    lines: list[int] = []
    rest: list[CsvPlan] = []
    with open(path, "wb") as out:
        for plan in plans:
            try:
                rows = _concatenable_rows(plan)
            except OSError:
                rows = None
            if rows is None:
                rest.append(plan)
                continue
            if rows:
                prefix = b"%d," % len(joined)
                out.write(prefix + rows[:-1].replace(b"\n", b"\n" + prefix) + b"\n")
            joined.append(plan)
            lines.append(rows.count(b"\n"))
    return joined, lines, rest


def _read_joined(con, joined: list[CsvPlan], lines: list[int], path: Path, table: str) -> dict[Path, Source] | None:
    """Read the concatenated file into `table`: the index gives each row its `_file`, and
    the rows of a file stay in file order. A refused line (wrong field count, invalid
    UTF-8) leaves its file out (for the one-file reader), named by the index the line
    starts with. Each file's rows and refused lines must add up to the lines written for
    it; else (or a refused line not starting with an index) None: nothing is taken."""
    keys = [p.utf8.as_posix() for p in joined]
    n = len(joined[0].header.own)

    def create(options: str) -> str:
        return f"""CREATE TEMP TABLE {table} AS
        SELECT * EXCLUDE (_fi), (?::VARCHAR[])[_fi + 1] AS _file,
               NULL::VARCHAR AS _malformed, NULL::VARCHAR AS _raw_record
        FROM read_csv({_lit(path.as_posix())}, {options})"""
    con.execute(f"DROP TABLE IF EXISTS {table}")
    refused: dict[int | None, int] = {}
    try:
        con.execute(create(_csv_options(n, 0, rejects=False, index=True)), [keys])
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
        try:
            con.execute(create(_csv_options(n, 0, index=True)), [keys])
            refused = dict(con.execute(
                "SELECT try_cast(split_part(csv_line, ',', 1) AS INTEGER), count(DISTINCT line) "
                "FROM _csv_reject_errors GROUP BY ALL").fetchall())
        except duckdb.Error:  # a state the reject tables cannot record
            refused = {None: 1}
        con.execute("DROP TABLE IF EXISTS _csv_reject_errors; DROP TABLE IF EXISTS _csv_reject_scans")
    ours = all(i is not None and 0 <= i < len(joined) for i in refused)
    read = dict(con.execute(f"SELECT _file, count(*) FROM {table} GROUP BY _file").fetchall()) if ours else {}
    if not ours or any(read.get(k, 0) + refused.get(i, 0) != lines[i] for i, k in enumerate(keys)):
        con.execute(f"DROP TABLE IF EXISTS {table}")  # a line not ours, or lines that were not records
        return None
    return _group_sources(con, table, {k: p for i, (k, p) in enumerate(zip(keys, joined, strict=True))
                                       if i not in refused})


def _slices(con, table: str, keys: list[str]) -> dict[str, tuple[Slice, int]]:
    """Where each file (`_file` = key) has its rows in a shared table, and how many: the
    files whose rows are contiguous (numbered from 1 in file order); a file whose rows are
    not is left out, for the one-file reader. The table is dropped when no file is left."""
    spans = {
        f: (lo, n, hi)
        for f, lo, hi, n in con.execute(f"SELECT _file, min(rowid), max(rowid), count(*) FROM {table} GROUP BY _file").fetchall()
    }
    members: set = set()
    out = {}
    for key in keys:
        lo, n, hi = spans.get(key, (0, 0, -1))
        if n and hi - lo + 1 != n:  # rows of a file not contiguous: number them one file at a time
            continue
        members.add(key)
        out[key] = (Slice(key, lo, members), n)
    if not members:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return out


def _confirm_case_numbers(con, table: str, header: Header) -> None:
    """An English header proves nothing about the encoding of the values: a GB18030 read is
    confirmed when the first 案号 values include real case numbers."""
    from warehouse import casenumber

    pos = header.position("case_number")
    sample = [v for (v,) in con.execute(f"SELECT c{pos} FROM {table} WHERE c{pos} IS NOT NULL LIMIT 200").fetchall()]
    if sample and not any(casenumber.parse(v).valid for v in sample):
        raise FileRejected("unrecognized encoding: read as GB18030 the 案号 values are not case numbers (garbled text?)")


def _read_csv_python(con, path: Path, encoding: str, line_idx: int, header: Header, table: str) -> None:
    """Exact reader for files DuckDB refused lines of: every record keeps its place; a record
    with the wrong number of fields becomes a `_malformed` row."""
    n = len(header.own)
    cols: list[list] = [[] for _ in range(n)]
    malformed: list = []
    raw: list = []
    with open(path, "rb") as fb:  # physical lines (LF), as the header row was found
        for _ in range(line_idx + 1):
            fb.readline()
        start = fb.tell()
    try:
        with open(path, encoding=encoding, errors="strict", newline="") as f:
            f.seek(start)
            for rec in csv.reader(f):
                if not rec:
                    continue  # blank line: not a data row
                vals = [v if v != "" else None for v in rec]
                while len(vals) > n and vals[-1] is None:  # empty fields past the header's, as
                    vals.pop()  # DuckDB reads them (`…,x,`): nothing is in them
                if len(vals) == n:
                    malformed.append(None)
                    raw.append(None)
                else:
                    malformed.append(f"expected {n} fields, found {len(vals)}")
                    record = {o: v for o, v in zip(header.own, vals, strict=False)}
                    if len(vals) > n:
                        record["_extra_fields"] = vals[n:]
                    raw.append(json.dumps(record, ensure_ascii=False))
                for i in range(n):
                    cols[i].append(vals[i] if i < len(vals) else None)
    except csv.Error as exc:
        raise FileRejected(f"CSV cannot be split into rows: {exc}") from None
    _frame_to_table(con, table, cols, malformed, raw)


def register_frame(con, name: str, frame) -> None:
    """`con.register` refuses to run while an earlier `execute` result is not drained
    (DuckDB 2.0): finish any such result first."""
    con.execute("SELECT 1").fetchall()
    con.register(name, frame)


def _frame_to_table(con, table: str, cols: list[list], malformed: list, raw: list) -> None:
    """Python columns (str or None) into temp table `table`, through Arrow: no pandas
    frame, no per-value conversion."""
    import pyarrow as pa

    data = {f"c{i}": pa.array(c, type=pa.string()) for i, c in enumerate(cols)}
    data["_malformed"] = pa.array(malformed, type=pa.string())
    data["_raw_record"] = pa.array(raw, type=pa.string())
    view = f"{table}_frame"
    register_frame(con, view, pa.table(data))
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(v):
    if v is None or v == "":
        return None
    t = type(v)
    if t is str:
        return v
    if t is float:
        return str(int(v)) if v.is_integer() else repr(v)
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return str(v)
    if t is dt.datetime:
        return v.isoformat(sep=" ")
    if t is dt.date or t is dt.time:
        return v.isoformat()
    return str(v)


def _text_column(column) -> object:
    """A column of cells as an Arrow string array, each cell as `_cell_text` gives it: a
    column of text cells (the usual case) is converted by Arrow in one call, its empty
    strings made NULL; a column holding any number, date or boolean cell goes cell by
    cell (Arrow refuses those in a string array)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        arr = pa.array(column, type=pa.string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([v if (type(v) is str and v) else _cell_text(v) for v in column], type=pa.string())
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _blank(row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


@dataclass
class ParsedXlsx:
    """An XLSX file parsed to columns (no DuckDB involved, so it can be made in another
    process): its mapped header and its data rows as an Arrow table (`c0 … cN-1`,
    `_malformed`, `_raw_record`); or, when the file cannot be used, `rejected` (why)."""
    header: Header | None
    rows: object  # pyarrow.Table
    rejected: str | None = None

    @property
    def dialect(self) -> tuple | None:
        """Files with the same dialect can share one table (`load_xlsx_group`)."""
        return None if self.header is None else (self.header.own, self.rows.num_columns)


def parse_xlsx(path: Path) -> ParsedXlsx:
    """Parse the first sheet of an XLSX file with calamine into Arrow columns (no pandas):
    the header row is the first with a 案号 cell, blank rows and a final 合计 row are not
    data rows. Never raises FileRejected: the reason is returned, so a worker process can
    hand it back."""
    try:
        return _parse_xlsx(path)
    except FileRejected as exc:
        return ParsedXlsx(None, None, str(exc))


def _parse_xlsx(path: Path) -> ParsedXlsx:
    import pyarrow as pa
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        try:
            rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=False)
        finally:
            wb.close()
    except Exception as exc:  # calamine raises several types for corrupt/locked files
        raise FileRejected(f"unreadable XLSX: {type(exc).__name__}: {exc}") from None

    hdr_idx = next(
        # the first row with a 案号 cell, however far down (the format sets no limit for XLSX)
        (i for i, r in enumerate(rows) if any(is_case_number_header(v) for v in r)),
        None,
    )
    if hdr_idx is None:
        partial = _header_without_case_number(
            [[_cell_text(v) for v in r] for r in rows[:HEADER_SEARCH_LINES]]
        )
        if partial is not None and partial.problem:
            raise FileRejected(partial.problem)
        raise FileRejected("no header row with 案号 (case_number) in the first sheet")
    body = [r for r in rows[hdr_idx + 1:] if not _blank(r)]
    # the 合计 (total) row at the end is not a case
    if body:
        first = next((v for v in body[-1] if not (v is None or v == "")), None)
        # stray spaces are insignificant: 合　计 (padded with an ideographic space) is a total
        if isinstance(first, str) and "".join(first.split()).startswith(TOTAL_LABELS):
            body.pop()
    # columns: up to the last named header cell, plus any later column holding data
    # (kept as an unknown column `_column_N`)
    header_cells = list(rows[hdr_idx])
    width = len(header_cells)
    named = max((i + 1 for i, v in enumerate(header_cells) if _cell_text(v) is not None), default=0)
    used = named + max(
        (i - named + 1 for i in range(named, width) if any(_cell_text(r[i]) is not None for r in body if i < len(r))),
        default=0,
    )
    header = _check(map_header([_cell_text(v) for v in header_cells[:used]]), path)
    if any(len(r) < used for r in body):
        body = [list(r) + [None] * (used - len(r)) for r in body]
    columns = list(zip(*body, strict=False))[:used] if body else [() for _ in range(used)]
    del rows, body
    data = {f"c{i}": _text_column(column) for i, column in enumerate(columns)}
    n = len(columns[0]) if columns else 0
    data["_malformed"] = pa.nulls(n, type=pa.string())
    data["_raw_record"] = pa.nulls(n, type=pa.string())
    return ParsedXlsx(header, pa.table(data))


def load_xlsx(con: duckdb.DuckDBPyConnection, parsed: ParsedXlsx, table: str) -> Source:
    """A parsed XLSX file into temp table `table`; FileRejected when it was refused."""
    if parsed.rejected is not None:
        raise FileRejected(parsed.rejected)
    view = f"{table}_frame"
    register_frame(con, view, parsed.rows)
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)
    return Source(table, parsed.header, "xlsx", None, parsed.rows.num_rows)


def load_xlsx_group(con: duckdb.DuckDBPyConnection, parsed: dict[str, ParsedXlsx], table: str) -> dict[str, Source]:
    """Parsed XLSX files with the same header (`ParsedXlsx.dialect`), keyed by path, into
    ONE temp table `table` (a `_file` column names each row's file): one statement for
    many small workbooks instead of a table each. Returns a `Source` per file whose rows
    are contiguous there (all of them, in practice); the caller loads any other alone."""
    import pyarrow as pa

    first = next(iter(parsed.values()))
    assert all(p.rejected is None and p.dialect == first.dialect for p in parsed.values()), "one header per group"
    frame = pa.concat_tables([
        p.rows.append_column("_file", pa.array([key] * p.rows.num_rows, type=pa.string()))
        for key, p in parsed.items()
    ]).combine_chunks()  # DuckDB scans one chunk per file ten times slower (41 k files: 14 s)
    view = f"{table}_frame"
    register_frame(con, view, frame)
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {view}")
    finally:
        con.unregister(view)
    return {key: Source(table, parsed[key].header, "xlsx", None, n, shared=sl)
            for key, (sl, n) in _slices(con, table, list(parsed)).items()}


def read_xlsx(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> Source:
    return load_xlsx(con, parse_xlsx(path), table)


def parse_xlsx_files(paths: list[Path]) -> tuple[list[tuple], dict]:
    """`parse_xlsx` of each path (one worker task for several small workbooks), packed to
    cross the process boundary: the rows of all files of one width in one Arrow table, and
    per file (header, rejected, width, first row, rows). Pickled alone, a 40-row Arrow
    table costs about as much as parsing its workbook, and as much again to unpickle."""
    import pyarrow as pa

    files: list[tuple] = []
    parts: dict[int, list] = {}
    counts: dict[int, int] = {}
    for parsed in map(parse_xlsx, paths):
        if parsed.rows is None:
            files.append((parsed.header, parsed.rejected, None, 0, 0))
            continue
        width, n = parsed.rows.num_columns, parsed.rows.num_rows
        files.append((parsed.header, parsed.rejected, width, counts.get(width, 0), n))
        parts.setdefault(width, []).append(parsed.rows)
        counts[width] = counts.get(width, 0) + n
    return files, {w: pa.concat_tables(t).combine_chunks() for w, t in parts.items()}


def unpack_xlsx_files(packed: tuple[list[tuple], dict]) -> list[ParsedXlsx]:
    """The `ParsedXlsx` of each file of a `parse_xlsx_files` result (its rows a zero-copy
    slice of the shared table)."""
    files, tables = packed
    return [ParsedXlsx(header, tables[width].slice(first, n) if width is not None else None, rejected)
            for header, rejected, width, first, n in files]


class _XlsxTask:
    """One worker task of `XlsxPrefetch`: its future, and its files once unpacked (kept
    while any of them is still to be handed out; then the task is unreferenced)."""

    def __init__(self, future):
        self.future = future
        self._files: list[ParsedXlsx] | None = None

    def files(self) -> list[ParsedXlsx]:
        if self._files is None:
            self._files = unpack_xlsx_files(self.future.result())
        return self._files


class XlsxPrefetch:
    """Parse many XLSX files in worker processes ahead of their use: `get(path)` returns the
    file's `ParsedXlsx`, parsing it here if it was not submitted. Parsed and waiting at a
    time: at least `ahead` files, more while they hold less than `ahead_bytes` of XLSX
    (many small workbooks keep the workers busy while the caller writes a batch; a few
    big ones keep memory bounded). Small workbooks go to a worker several at a time (up
    to `TASK_FILES`, `TASK_BYTES`): a task's round trip costs about 2 ms, four times the
    parse of a 40-row workbook. Paths are submitted in the order given, which must be the
    order they are asked for."""

    TASK_FILES = 64
    TASK_BYTES = 1 << 20

    def __init__(self, paths: list[Path], workers: int, ahead: int | None = None, ahead_bytes: int = 16 << 20):
        import collections
        from concurrent.futures import ProcessPoolExecutor

        self._queue = collections.deque(paths)
        self._ahead = ahead or 2 * workers
        self._ahead_bytes = ahead_bytes
        self._futures: dict[Path, tuple[_XlsxTask, int, int]] = {}  # path → (its task, index, file size)
        self._waiting_bytes = 0
        import multiprocessing

        # spawn, not fork: the parent holds DuckDB's threads, and forking a threaded
        # process can leave a lock held in the child
        self._pool = (ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
                      if self._queue else None)
        self._fill()

    def _fill(self) -> None:
        while self._queue and (len(self._futures) < self._ahead or self._waiting_bytes < self._ahead_bytes):
            task: list[tuple[Path, int]] = []
            task_bytes = 0
            while self._queue and len(task) < self.TASK_FILES and task_bytes < self.TASK_BYTES:
                p = self._queue.popleft()
                try:
                    size = p.stat().st_size
                except OSError:
                    size = 0  # gone or unreadable: the worker's parse says why
                task.append((p, size))
                task_bytes += size
            submitted = _XlsxTask(self._pool.submit(parse_xlsx_files, [p for p, _ in task]))
            for i, (p, size) in enumerate(task):
                self._futures[p] = (submitted, i, size)
            self._waiting_bytes += task_bytes

    def get(self, path: Path) -> ParsedXlsx:
        task, i, size = self._futures.pop(path, (None, 0, 0))
        self._waiting_bytes -= size
        if task is None:
            if path in self._queue:  # asked out of order: drop it from the queue
                self._queue.remove(path)
            return parse_xlsx(path)
        try:
            parsed = task.files()[i]
        except Exception:  # a worker that died (memory, a crash in the parser): parse here
            parsed = parse_xlsx(path)
        self._fill()
        return parsed

    def discard(self, path: Path) -> None:
        """`path` will not be asked for (a duplicate): its look-ahead slot is freed."""
        _task, _i, size = self._futures.pop(path, (None, 0, 0))
        self._waiting_bytes -= size
        if path in self._queue:
            self._queue.remove(path)
        self._fill()

    def close(self) -> None:
        if self._pool is not None:
            for task, _i, _size in self._futures.values():
                task.future.cancel()
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# --- JSONL -------------------------------------------------------------------------------


def read_jsonl(con: duckdb.DuckDBPyConnection, path: Path, table: str, tmpdir: Path) -> Source:
    """A JSONL export: one JSON object per line, its keys the header (see `_jsonl_keys`)."""
    encoding, lines = _jsonl_lines(path, table, tmpdir)
    _jsonl_table(con, table, lines)
    keys = _jsonl_keys(con, table)
    spellings = _key_spellings(keys)
    header = map_header(list(spellings))
    if lines and not keys:
        raise FileRejected("no line is a JSON object: not a JSONL export")
    _no_key_twice(con, table, spellings)
    if lines and header.problem:
        if encoding == "gb18030" and not any(header.canonical):
            raise FileRejected("unrecognized encoding: not UTF-8, and read as GB18030 no known key appears")
        raise FileRejected(header.problem.replace("column", "key"))
    # the header's own names are trimmed and made unique: key the spellings by them
    by_own = {own: tuple(ks) for own, ks in zip(header.own, spellings.values(), strict=True)}
    return Source(table, header, "jsonl", encoding, len(lines), by_own)


def _jsonl_lines(path: Path, table: str, tmpdir: Path) -> tuple[str, list[str]]:
    """The file's encoding and its non-blank lines (a GB18030 file transcoded first)."""
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
    encoding = sniff_encoding(head)
    src = path
    if encoding == "gb18030":
        _decode_head(head, encoding)
        src = tmpdir / (table + ".jsonl")
        transcode(path, src, "gb18030")
    lines: list = []
    with open(src, encoding="utf-8-sig" if encoding == "utf-8-sig" else "utf-8", errors="strict", newline="") as f:
        try:
            for line in f:
                if line.strip():
                    lines.append(line.rstrip("\r\n"))
        except UnicodeDecodeError as exc:
            raise FileRejected(f"invalid UTF-8 text: {exc.reason}") from None
    return encoding, lines


def _jsonl_table(con: duckdb.DuckDBPyConnection, table: str, lines: list[str]) -> None:
    """Temp table `table`: each line as `_line` if it is a JSON object, else `_malformed`
    with the line kept in `_raw_record`."""
    import pyarrow as pa

    view = f"{table}_frame"
    register_frame(con, view, pa.table({"_line": pa.array(lines, type=pa.string())}))
    try:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(
            f"""CREATE TEMP TABLE {table} AS
            SELECT CASE WHEN is_object THEN _line END AS _line,
                   CASE WHEN NOT is_object THEN 'not a JSON object' END AS _malformed,
                   CASE WHEN NOT is_object THEN json_object('_line', _line)::VARCHAR END AS _raw_record
            FROM (SELECT _line::VARCHAR AS _line,
                         CASE WHEN json_valid(_line::VARCHAR) THEN json_type(_line::VARCHAR) = 'OBJECT' ELSE false END
                             AS is_object
                  FROM {view})"""
        )
    finally:
        con.unregister(view)


def _jsonl_keys(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Every key of the file's objects, in the order first seen."""
    return [
        k for (k,) in con.execute(
            f"""SELECT k FROM (SELECT unnest(json_keys(_line)) AS k, generate_subscripts(json_keys(_line), 1) AS p,
                                      rowid AS r FROM {table} WHERE _line IS NOT NULL)
                GROUP BY k ORDER BY min({{'r': r, 'p': p}})"""
        ).fetchall()
    ]


def _key_spellings(keys: list[str]) -> dict[str, list[str]]:
    """Keys are header names: normalized per key, so lines may spell one key differently.
    The header keeps the first spelling of each known key; the others are its spellings."""
    spellings: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for k in keys:
        c = canonical(k)
        if c is None:
            spellings[k] = [k]
        elif c in first:
            spellings[first[c]].append(k)
        else:
            first[c] = k
            spellings[k] = [k]
    return spellings


def _no_key_twice(con: duckdb.DuckDBPyConnection, table: str, spellings: dict[str, list[str]]) -> None:
    """FileRejected if a line gives one field twice, under one spelling (a JSON reader would
    keep one value and drop the other in silence) or under two."""
    found = con.execute(
        f"""SELECT rowid + 1, json_keys(_line) FROM {table} WHERE _line IS NOT NULL
            AND len(json_keys(_line)) <> len(list_distinct(json_keys(_line))) ORDER BY rowid LIMIT 1""").fetchone()
    if found is not None:
        line, keys = found
        k = next(k for i, k in enumerate(keys) if k in keys[:i])
        name = display_name(canonical(k)) if canonical(k) else json.dumps(k, ensure_ascii=False)
        raise FileRejected(f"key given twice: {name} as {json.dumps(k, ensure_ascii=False)} twice in data line {line}")
    for own, ks in spellings.items():
        if len(ks) > 1:
            twice = " + ".join(f"json_exists(_line, {_json_path(k)})::INT" for k in ks)
            bad = con.execute(f"SELECT min(rowid) + 1 FROM {table} WHERE _line IS NOT NULL AND {twice} > 1").fetchone()[0]
            if bad is not None:
                shown = " and ".join(json.dumps(k, ensure_ascii=False) for k in ks)
                raise FileRejected(f"key given twice: {display_name(canonical(own))} as {shown} in data line {bad}")


def read(con: duckdb.DuckDBPyConnection, path: Path, file_format: str, table: str, tmpdir: Path) -> Source:
    """Load one export file into temp table `table`; FileRejected when it cannot be used."""
    if file_format == "csv":
        return read_csv(con, path, table, tmpdir)
    if file_format == "xlsx":
        return read_xlsx(con, path, table)
    if file_format == "jsonl":
        return read_jsonl(con, path, table, tmpdir)
    raise FileRejected(f"unsupported file type {file_format!r}")


