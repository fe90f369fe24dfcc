"""Ingest the inbox into the warehouse, without Dagster: `ingest_inbox(con, inbox)`.

What belongs here: the orchestration of one ingest run — which files are new, reading
them (`warehouse.readers`), and writing raw rows, normalized versions, rejected rows and
the file register in transactions, with the pre-commit checks that guard each write. The
row logic is SQL (`warehouse/sql/staging_case_rows.sql`, `case_versions.sql`,
`rejected_rows.sql`); the Dagster asset (`assets/ingest.py`) is a thin wrapper.

How a run goes:
- New files are the inbox files not yet recorded in their current form
  (`warehouse.inbox.new_files`), taken in path order.
- Each is classified: layout problems (not in a court folder, unsupported type, no export
  date), an unregistered court folder, an unreadable or corrupt file, or a missing
  required column make it `rejected` with the reason; the same bytes as a file already
  loaded make it a `duplicate`; the same path with the same bytes is skipped silently.
  Everything else is read into a temp table, outside any transaction: CSV files a window
  of up to a batch's worth at a time, whatever their court, one `read_csv` per dialect;
  XLSX files likewise a window at a time (parsed by worker processes when there are many),
  one table per header.
- Readable files are written in batches (up to `batch_rows` rows or `batch_files` files),
  each batch in ONE transaction: raw rows, staged normalization, case_versions,
  rejected_rows and the ingested_files rows of every file of the batch (rejected and
  duplicate ones included). A crash leaves nothing of an uncommitted batch; the next run
  finds its files still new and finishes the job.
- A run checkpoints the warehouse file once, at its end, not at every batch's commit
  (`RUN_CHECKPOINT_THRESHOLD`).
- Before each commit the batch's blocking checks run (`BATCH_CHECKS`: per-file
  reconciliation rows_read = rows_loaded + rows_rejected against the tables, raw rows
  complete, accepted rows of a registered court and a known case type, declared NOT NULL
  columns filled). If one fails the batch is rolled back and retried in halves, down to
  single files; a file that still fails alone is recorded `rejected` with the check's
  finding as error, so one bad file never blocks the other courts and never reaches the
  tables.

Re-delivery (the same path with different bytes): the new delivery supersedes the old one.
Its ingested_files row is replaced, and the old delivery's raw rows, case_versions and
rejected_rows are deleted in the same transaction that loads the new one, so the
warehouse reflects the inbox's current files and per-file reconciliation keeps holding.
A `duplicate` of the superseded bytes (another path with the same old bytes) is then all
that is left of them: a second pass of the same run loads it in their place.
A file with the same bytes as a rejected file is judged on its own (it will be rejected
again unless the cause went away); a file rejected only because its court folder was not
registered is retried once the court is registered.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import itertools
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from warehouse import db, models, readers, values
from warehouse.db import TIMEZONE
from warehouse.inbox import UNREGISTERED, InboxFile, new_files, scan
from warehouse.tables import RAW_FIELDS, table

BATCH_ROWS = 500_000
BATCH_FILES = 10_000  # small files (one per court-month, ~50 rows): a batch's fixed cost over many of them
# DuckDB checkpoints at a commit once the WAL passes `checkpoint_threshold` (16 MiB): every
# batch. Each checkpoint costs far more than its batch's share (national inbox, 21 batches:
# commits 10.4 s, against 2.1 s plus 2.5 s for one checkpoint at the end), so a run raises
# the threshold to this and checkpoints once when it is done.
RUN_CHECKPOINT_THRESHOLD = "1GB"
XLSX_PARALLEL_MIN = 4  # from this many new XLSX files in a run they are parsed in worker processes
XLSX_WORKERS_MAX = 4
UNION_VIEW_MAX = 8  # up to this many source tables a batch's rows are a view over them, not a copy
READ_AHEAD_BYTES = {  # files read together: at most about this many bytes of them at a time
    "csv": 256 << 20,
    "xlsx": 32 << 20,  # compressed: parsed, a workbook holds several times its size
}
PROGRESS_SECONDS = 5.0
LOADED = ("loaded", "partially_loaded")
_TZ = ZoneInfo(TIMEZONE)
_COUNTER = itertools.count()


class BatchCheckFailed(Exception):
    def __init__(self, check: str, description: str, examples: list[tuple]):
        self.check = check
        self.description = description
        self.examples = examples
        super().__init__(f"pre-commit check {check} failed: {description}; examples: {examples[:3]}")


@dataclass
class FileRecord:
    file: InboxFile
    sha256: str
    size: int
    status: str | None = None  # rejected / duplicate; None while loadable
    error: str | None = None
    duplicate_of: str | None = None
    source: readers.Source | None = None
    previous: tuple | None = None  # (sha256, status) of the path's earlier record
    rows_loaded: int = 0
    rows_rejected: int = 0

    @property
    def rows_read(self) -> int:
        return self.source.rows if self.source else 0

    @property
    def final_status(self) -> str:
        """The status recorded in ingested_files once the batch is written."""
        return self.status or ("partially_loaded" if self.rows_rejected else "loaded")


@dataclass
class Summary:
    started_at: dt.datetime
    files_scanned: int = 0
    files_new: int = 0
    batches: int = 0
    by_status: dict = field(default_factory=dict)
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    files: list = field(default_factory=list)  # (path, status, rows_read, rows_loaded, rows_rejected, error)

    def as_dict(self) -> dict:
        return {
            "ingested_at": self.started_at.isoformat(sep=" "),
            "files_scanned": self.files_scanned,
            "files_new": self.files_new,
            "batches": self.batches,
            "files_loaded": self.by_status.get("loaded", 0),
            "files_partially_loaded": self.by_status.get("partially_loaded", 0),
            "files_rejected": self.by_status.get("rejected", 0),
            "files_duplicate": self.by_status.get("duplicate", 0),
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_rejected": self.rows_rejected,
            "files": self.files,
        }


def _lit(text) -> str:
    return "NULL" if text is None else "'" + str(text).replace("'", "''") + "'"


# --- pre-commit checks ---------------------------------------------------------------------

def _not_null_sql() -> str:
    cols = [c.name for c in table("case_versions").columns if c.not_null]
    cond = " or ".join(f'"{c}" is null' for c in cols)
    return f"select file_path, row_number, case_number from staged where len(reasons) = 0 and ({cond})"


BATCH_CHECKS: tuple[tuple[str, str, str], ...] = (
    (
        "rows_reconcile",
        "rows_read = rows_loaded + rows_rejected, counted in case_versions and rejected_rows",
        """
        with v as (select sha256, count(*) as n from case_versions
                   where sha256 in (select sha256 from params_files) group by sha256),
             r as (select sha256, count(*) as n from rejected_rows
                   where sha256 in (select sha256 from params_files) group by sha256)
        select f.file_path, f.rows_read, coalesce(v.n, 0) as in_case_versions, coalesce(r.n, 0) as in_rejected_rows
        from params_files f left join v using (sha256) left join r using (sha256)
        where f.rows_read <> coalesce(v.n, 0) + coalesce(r.n, 0)
        """,
    ),
    (
        "raw_rows_complete",
        "every data row read is in raw.case_rows",
        """
        with raw as (select sha256, count(*) as n from raw.case_rows
                     where sha256 in (select sha256 from params_files) group by sha256)
        select f.file_path, f.rows_read, coalesce(raw.n, 0) as raw_rows
        from params_files f left join raw using (sha256)
        where f.rows_read <> coalesce(raw.n, 0)
        """,
    ),
    (
        "accepted_court_and_type_known",
        "accepted rows belong to a registered court and a known case type",
        """
        select file_path, row_number, case_number, court_code, case_type from staged
        where len(reasons) = 0
          and (court_code not in (select court_code from main.courts)
               or case_type is null
               or case_type not in (select case_type from main.case_types))
        """,
    ),
    ("not_null", "declared NOT NULL columns of case_versions are filled", _not_null_sql()),
)


def _run_batch_checks(con) -> None:
    for name, desc, sql in BATCH_CHECKS:
        rows = con.execute(f"select * from ({sql}) limit 5").fetchall()
        if rows:
            raise BatchCheckFailed(name, desc, rows)


# --- the run -------------------------------------------------------------------------------

def _registry(con, registry) -> set[str]:
    if registry is not None:
        return set(registry)
    return {c for (c,) in con.execute("SELECT court_code FROM main.courts").fetchall()}


def _previous(con, paths: list[str]) -> dict[str, tuple]:
    if not paths:
        return {}
    con.execute("CREATE OR REPLACE TEMP TABLE params_paths AS SELECT unnest(?::VARCHAR[]) AS file_path", [paths])
    return {
        p: (sha, status, error, court)
        for p, sha, status, error, court in con.execute(
            "SELECT file_path, sha256, status, error, court_code FROM ingested_files "
            "WHERE file_path IN (SELECT file_path FROM params_paths)"
        ).fetchall()
    }


def _loaded_hashes(con, hashes: list[str]) -> dict[str, str]:
    """For each hash already loaded (or partially loaded): the first path that holds it."""
    if not hashes:
        return {}
    return dict(
        con.execute(
            "SELECT sha256, min(file_path) FROM loaded_files() "
            "WHERE sha256 IN (SELECT unnest(?::VARCHAR[])) GROUP BY sha256",
            [hashes],
        ).fetchall()
    )


def ingest_inbox(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    registry: set[str] | None = None,
    *,
    now: dt.datetime | None = None,
    batch_rows: int = BATCH_ROWS,
    batch_files: int = BATCH_FILES,
    log: Callable[[str], None] | None = None,
    xlsx_workers: int | None = None,
) -> dict:
    """Ingest every new file of `inbox`. `registry` is the set of registered court codes
    (default: the `courts` table, which must be loaded; court names for the 法院名称 rule
    always come from it). `xlsx_workers`: processes parsing XLSX files (default: the cores,
    at most `XLSX_WORKERS_MAX`; 1 parses in this process). Returns a summary dict (counts
    per status, rows, files)."""
    log = log or (lambda _msg: None)
    inbox = Path(inbox)
    values.register_sql(con)
    models.register_reference_views(con)
    models.register_macros(con, models.LOADED_FILES)
    registered = _registry(con, registry)
    started = (now or dt.datetime.now(_TZ)).replace(tzinfo=None)
    summary = Summary(started)
    scanned = scan(inbox)
    summary.files_scanned = len(scanned)
    t0 = time.monotonic()
    # a second pass takes up the duplicates whose original the first pass re-delivered
    # with other bytes (`new_files`): each is then all that is left of those bytes
    for _pass in range(2):
        candidates = new_files(con, scanned)
        if not candidates:
            break
        _court_names(con)  # the registry's name forms (a second on the national one): only when there is work
        previous = _previous(con, [f.path for f in candidates])
        with tempfile.TemporaryDirectory(prefix="courts-ingest-") as tmp, _checkpoint_once(con):
            digests = _digests(candidates, inbox)
            # hash → the path holding those bytes, loaded earlier or in this run
            loaded = _loaded_hashes(con, sorted({sha for sha, _ in digests.values()}))
            xlsx = _xlsx_prefetch(candidates, digests, previous, inbox, registered, xlsx_workers)
            try:
                batches = _Batches(con, started, summary, batch_rows, batch_files, log)
                _ingest_candidates(con, candidates, digests, previous, loaded, xlsx, inbox, Path(tmp), registered,
                                   batches, log)
            finally:
                if xlsx is not None:
                    xlsx.close()
    log(f"ingest: {summary.files_new} new files in {time.monotonic() - t0:.1f}s")
    return summary.as_dict()


@contextlib.contextmanager
def _checkpoint_once(con):
    """The run's batches commit without a checkpoint each (`RUN_CHECKPOINT_THRESHOLD`); the
    warehouse file is checkpointed once at the end, and the setting restored: DuckDB shows
    it rounded to 0.1 MiB, so the default is restored by RESET (exactly) and another value
    as shown. A checkpoint refused because another connection is writing is left to the
    next commit."""
    threshold = db.scalar(con, "SELECT current_setting('checkpoint_threshold')")
    con.execute(f"SET checkpoint_threshold = '{RUN_CHECKPOINT_THRESHOLD}'")
    try:
        yield
    finally:
        con.execute("RESET checkpoint_threshold")
        if db.scalar(con, "SELECT current_setting('checkpoint_threshold')") != threshold:
            con.execute(f"SET checkpoint_threshold = '{threshold}'")
    try:  # only after a run that ended well: a failing one's error is not masked
        con.execute("CHECKPOINT")
    except duckdb.TransactionException:
        pass  # other write transactions active: the next commit past the threshold checkpoints


def _digests(candidates: list[InboxFile], inbox: Path) -> dict[str, tuple[str, int]]:
    """path → (sha256, size) of each candidate still there. A file the walk rejected is
    never opened (its digest is its error's); an unreadable one is replaced in
    `candidates` by a copy carrying the error, so it is rejected and every other goes on."""
    digests = {}
    for i, f in enumerate(candidates):
        if f.error:  # rejected by the walk (a link out, a loop, unreadable): never opened
            digests[f.path] = (hashlib.sha256(f.error.encode()).hexdigest(), f.size)
            continue
        try:
            digests[f.path] = readers.file_digest(inbox / f.path)
        except FileNotFoundError:
            continue  # moved away since the scan: the next run sees it where it is now
        except OSError as exc:  # unreadable: this file is rejected, every other goes on
            candidates[i] = dataclasses.replace(f, error=f"unreadable: {exc.strerror}")
            digests[f.path] = (hashlib.sha256(candidates[i].error.encode()).hexdigest(), f.size)
    return digests


@dataclass
class _Batches:
    """The batch being filled; written (`flush`) when it reaches `batch_rows` rows or
    `batch_files` files, and at the end of the run."""
    con: duckdb.DuckDBPyConnection
    started: dt.datetime
    summary: Summary
    batch_rows: int
    batch_files: int
    log: Callable[[str], None]
    batch: list[FileRecord] = field(default_factory=list)
    rows: int = 0

    def add(self, rec: FileRecord) -> None:
        self.batch.append(rec)
        self.rows += rec.rows_read
        if self.rows >= self.batch_rows or len(self.batch) >= self.batch_files:
            self.log(f"writing {len(self.batch)} files, {self.rows} rows")
            self.flush()

    def finish(self) -> None:
        if self.batch:
            self.log(f"writing {len(self.batch)} files, {self.rows} rows")
        self.flush()

    def flush(self) -> None:
        if self.batch:
            _write(self.con, self.batch, self.started, self.summary)
            self.summary.batches += 1
        self.batch, self.rows = [], 0


def _ingest_candidates(con, candidates: list[InboxFile], digests: dict, previous: dict, loaded: dict[str, str],
                       xlsx: readers.XlsxPrefetch | None, inbox: Path, tmpdir: Path, registered: set[str],
                       batches: _Batches, log: Callable[[str], None]) -> None:
    """Read each candidate in turn (the CSV files of a window of the next ones together,
    on the first of them), decide its fate (`_prepare`) and add it to the batch. `loaded`
    (hash → path) follows the run: a file's bytes seen again later in the run are a
    duplicate."""
    # path → its rows, read with other files of its window (or an XLSX file parsed ahead
    # that did not share a table: loaded alone)
    grouped: dict[str, readers.Source | readers.ParsedXlsx] = {}
    read_ahead = dict.fromkeys(READ_AHEAD_BYTES, 0)  # per format: the index the next window starts at
    progress = _Progress(log, len(candidates))
    for n, f in enumerate(candidates):
        if f.path not in digests:
            continue
        progress.at(n, f.court_folder)
        prev = previous.get(f.path)
        if f.format in read_ahead and n >= read_ahead[f.format]:
            window, read_ahead[f.format] = _window(candidates, n, digests, previous, loaded, registered, batches)
            if f.format == "csv":
                grouped.update(_read_csv_window(con, window, inbox, tmpdir))
            else:
                grouped.update(_read_xlsx_window(con, window, inbox, xlsx))
        rec = _prepare(con, f, digests[f.path], inbox, tmpdir, registered, prev, loaded, grouped.pop(f.path, None),
                       xlsx)
        if rec is None:
            continue
        batches.summary.files_new += 1
        if prev and prev[0] != rec.sha256 and loaded.get(prev[0]) == f.path:
            del loaded[prev[0]]  # the path's earlier bytes are superseded
        if rec.source is not None:
            loaded[rec.sha256] = f.path
        else:
            log(f"{f.path}: {rec.status}: {rec.error}")
        batches.add(rec)
    batches.finish()
    for source in grouped.values():  # read ahead, then found unchanged or a duplicate
        if isinstance(source, readers.Source):
            source.release(con)


@dataclass
class _Progress:
    """The terminal's (or Dagster's) progress line: the court and n/N, at most every
    `PROGRESS_SECONDS` (a Dagster log line is an event written to the instance: one per
    court was thousands on a national inbox)."""
    log: Callable[[str], None]
    total: int
    court: str | None = None
    last: float = float("-inf")

    def at(self, n: int, court: str) -> None:
        if court != self.court and time.monotonic() - self.last >= PROGRESS_SECONDS:
            self.log(f"court {court or '(inbox root)'}: file {n + 1}/{self.total}")
            self.last = time.monotonic()
        self.court = court


def _window(candidates: list[InboxFile], start: int, digests: dict, previous: dict, loaded: dict[str, str],
            registered: set[str], batches: _Batches) -> tuple[list[InboxFile], int]:
    """The files to read together from `candidates[start:]`: the next new files of the
    format of `candidates[start]` (CSV or XLSX) of registered courts, whatever their
    court, up to a batch's worth (`batch_files` files, `READ_AHEAD_BYTES`). Returns them
    and the index where the next window starts; the files passed over (other formats,
    layout problems, unchanged, known duplicates) are read by `_prepare` one by one."""
    fmt = candidates[start].format
    window: list[InboxFile] = []
    size = 0
    n = start
    while n < len(candidates) and len(window) < batches.batch_files and size < READ_AHEAD_BYTES[fmt]:
        f = candidates[n]
        n += 1
        if f.format != fmt or f.problem or f.court_folder not in registered or f.path not in digests:
            continue
        sha = digests[f.path][0]
        prev = previous.get(f.path)
        if prev and prev[0] == sha:
            continue  # unchanged (or a retry of an unregistered court): the usual path decides
        if loaded.get(sha, f.path) != f.path:
            continue  # the same bytes as a file loaded before: a duplicate, never read
        window.append(f)
        size += digests[f.path][1]
    return window, n


def _read_csv_window(con, window: list[InboxFile], inbox: Path, tmpdir: Path) -> dict[str, readers.Source]:
    """Read a window of CSV files with one `read_csv` per dialect (files with the same
    header row at the same line, whatever their court): the per-file cost of a statement,
    a temp table and reject bookkeeping is paid once per window and dialect. A file whose
    dialect cannot be planned, or with a line DuckDB refused, is left to the one-file
    reader."""
    groups: dict[tuple, list[readers.CsvPlan]] = {}
    paths: dict[Path, str] = {}
    for f in window:
        path = inbox / f.path
        try:
            plan = readers.plan_csv(path, tmpdir, f"_grp_{next(_COUNTER)}")
        except OSError:
            continue
        if plan is not None:
            groups.setdefault(plan.dialect, []).append(plan)
            paths[path] = f.path
    out: dict[str, readers.Source] = {}
    for plans in groups.values():
        if len(plans) < 2:
            continue  # one file: the one-file reader costs the same
        for path, source in readers.read_csv_group(con, plans, f"_grp_{next(_COUNTER)}", tmpdir).items():
            out[paths[path]] = source
    return out


def _read_xlsx_window(con, window: list[InboxFile], inbox: Path,
                      xlsx: readers.XlsxPrefetch | None) -> dict[str, readers.Source | readers.ParsedXlsx]:
    """Parse a window of XLSX files (in the worker processes when there are any) and load
    those with the same header into one table (`readers.load_xlsx_group`): one statement
    and one table for many small workbooks. A file alone with its header, refused by the
    parser, or whose rows did not stay contiguous comes back parsed, to be loaded (or
    rejected) by `_prepare` on its own."""
    parsed: dict[str, readers.ParsedXlsx] = {}
    for f in window:
        path = inbox / f.path
        try:
            parsed[f.path] = xlsx.get(path) if xlsx is not None else readers.parse_xlsx(path)
        except (OSError, ValueError) as exc:  # as `_prepare` does: this file is rejected, the run goes on
            parsed[f.path] = readers.ParsedXlsx(None, None, _unreadable(exc))
    groups: dict[tuple, dict[str, readers.ParsedXlsx]] = {}
    for key, p in parsed.items():
        if p.rejected is None:
            groups.setdefault(p.dialect, {})[key] = p
    out: dict[str, readers.Source | readers.ParsedXlsx] = dict(parsed)
    for members in groups.values():
        if len(members) >= 2:
            out.update(readers.load_xlsx_group(con, members, f"_grp_{next(_COUNTER)}"))
    return out


def _xlsx_prefetch(candidates: list[InboxFile], digests: dict, previous: dict, inbox: Path, registered: set[str],
                   workers: int | None) -> readers.XlsxPrefetch | None:
    """Worker processes parsing the run's new XLSX files ahead of their turn, when there are
    at least `XLSX_PARALLEL_MIN` of them and more than one core (parsing is pure Python and
    holds the GIL; DuckDB's load of the parsed columns stays in this process)."""
    workers = workers if workers is not None else min(os.cpu_count() or 1, XLSX_WORKERS_MAX)
    if workers < 2:
        return None
    paths = [
        inbox / f.path for f in candidates
        if f.format == "xlsx" and not f.problem and f.court_folder in registered and f.path in digests
        and not (previous.get(f.path) and previous[f.path][0] == digests[f.path][0])
    ]
    if len(paths) < XLSX_PARALLEL_MIN:
        return None
    return readers.XlsxPrefetch(paths, workers)


def _prepare(con, f: InboxFile, digest: tuple[str, int], inbox: Path, tmpdir: Path, registered: set[str], prev,
             loaded: dict[str, str], ahead: readers.Source | readers.ParsedXlsx | None = None,
             xlsx: readers.XlsxPrefetch | None = None) -> FileRecord | None:
    """The file's record: its fate, and its rows when it is to be loaded. `ahead`: what a
    read-ahead window made of it (its rows in a shared table, or its parsed workbook)."""
    path = inbox / f.path
    grouped = ahead if isinstance(ahead, readers.Source) else None
    parsed = ahead if isinstance(ahead, readers.ParsedXlsx) else None
    sha, size = digest
    rec = FileRecord(f, sha, size, previous=(prev[0], prev[1]) if prev else None)
    if grouped is not None and (prev and prev[0] == sha or f.problem or f.court_folder not in registered
                                or loaded.get(sha, f.path) != f.path):
        grouped.release(con)
        grouped = None
    if prev and prev[0] == sha:
        retry = (prev[1] == "rejected" and (prev[2] or "").startswith(UNREGISTERED) and f.court_folder in registered
                 or prev[1] == "duplicate" and sha not in loaded)  # its original's bytes were superseded
        if not retry:
            return None  # the same bytes at the same path: already recorded
    if f.problem:
        rec.status, rec.error = "rejected", f.problem
        return rec
    if f.court_folder not in registered:
        rec.status = "rejected"
        rec.error = f"{UNREGISTERED}: {f.court_folder} is not in the court registry; nothing of this file was loaded"
        return rec
    dup = loaded.get(sha)
    if dup and dup != f.path:
        rec.status, rec.duplicate_of, rec.error = "duplicate", dup, f"same bytes as {dup}"
        if xlsx is not None and f.format == "xlsx":
            xlsx.discard(path)  # parsed ahead for nothing: its slot goes to the next file
        return rec
    if grouped is not None:
        rec.source = grouped
        return rec
    name = f"_src_{next(_COUNTER)}"
    try:
        if f.format == "xlsx" and (parsed is not None or xlsx is not None):
            rec.source = readers.load_xlsx(con, parsed or xlsx.get(path), name)
        else:
            rec.source = readers.read(con, path, f.format, name, tmpdir)
    except readers.FileRejected as exc:
        rec.status, rec.error = "rejected", str(exc)
    except (duckdb.Error, OSError, ValueError) as exc:
        rec.status, rec.error = "rejected", _unreadable(exc)
    return rec


def _unreadable(exc: Exception) -> str:
    """The error of a file whose reader failed unexpectedly: rejected, the run goes on."""
    return f"unreadable file: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0]}"


def _court_names(con) -> None:
    """Every name form a court's 法院名称 may carry (registry name, short name, official
    names of reference/court_names.csv, each official/registry name also with its province
    prefix), normalized like any vocabulary value (full-width, spaces, Traditional)."""
    rows = con.execute(COURT_NAME_FORMS_SQL).fetchall()
    names = sorted({(c, v) for c, v in ((c, values.vocabulary(n) if n else None) for c, n in rows) if v})
    con.execute("CREATE OR REPLACE TEMP TABLE params_court_names (court_code VARCHAR, name VARCHAR)")
    if names:  # one statement (executemany is one per row: 10 k name forms of the national registry)
        con.execute("INSERT INTO params_court_names SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                    [list(c) for c in zip(*names, strict=True)])


COURT_NAME_FORMS_SQL = """
WITH full_names AS (
    SELECT court_code, court_name AS name FROM main.courts
    UNION SELECT n.court_code, n.name FROM ref_court_names n JOIN main.courts USING (court_code)
),
province AS (
    SELECT code, name_zh FROM ref_provinces WHERE kind = 'province'
)
SELECT court_code, short_name FROM main.courts
UNION SELECT court_code, name FROM full_names
UNION SELECT f.court_code, p.name_zh || f.name
      FROM full_names f JOIN province p ON f.court_code[1] = p.code
      WHERE NOT starts_with(f.name, p.name_zh)
"""


# --- writing a batch -----------------------------------------------------------------------

_VOCAB_FIELDS = ("disposition", "cause", "procedure", "division", "judge", "court_name")
_VOCAB_CACHE: dict[tuple[str, str], str | None] = {}


def _write(con, batch: list[FileRecord], ingested_at: dt.datetime, summary: Summary) -> None:
    try:
        try:
            _write_transaction(con, batch, ingested_at)
        except BatchCheckFailed as exc:
            if len([r for r in batch if r.source]) <= 1 or len(batch) == 1:
                for r in batch:
                    if r.source is not None:
                        r.status = "rejected"
                        r.error = f"not loaded: {exc}"
                        r.rows_loaded = r.rows_rejected = 0
                        _drop_source(con, r)
                        r.source = None
                _write_transaction(con, batch, ingested_at)
            else:  # halve the batch until the failing file is alone: log2(files) retries, not one per file
                half = max(1, len(batch) // 2)
                _write(con, batch[:half], ingested_at, summary)
                _write(con, batch[half:], ingested_at, summary)
                return
        for r in batch:
            status = r.final_status
            summary.by_status[status] = summary.by_status.get(status, 0) + 1
            summary.rows_read += r.rows_read
            summary.rows_loaded += r.rows_loaded
            summary.rows_rejected += r.rows_rejected
            summary.files.append((r.file.path, status, r.rows_read, r.rows_loaded, r.rows_rejected, r.error))
    finally:
        for r in batch:
            _drop_source(con, r)
        for stmt in ("DROP VIEW IF EXISTS batch_raw_rows", "DROP TABLE IF EXISTS batch_raw_table",
                     "DROP VIEW IF EXISTS batch_raw_records", "DROP TABLE IF EXISTS staged",
                     "DROP TABLE IF EXISTS batch_slices"):
            con.execute(stmt)


def _drop_source(con, r: FileRecord) -> None:
    if r.source is not None:
        r.source.release(con)


def _fields_select(s: readers.Source) -> str:
    h = s.header
    fields = []
    for name, _zh, _en in RAW_FIELDS:
        pos = h.position(name)
        fields.append(f"{s.field_sql(pos) if pos is not None else 'NULL'}::VARCHAR AS {name}")
    unknown = [i for i, c in enumerate(h.canonical) if c is None]
    extra = (
        "json_object(" + ", ".join(f"{_lit(h.own[i])}, {s.field_sql(i)}" for i in unknown) + ")"
        if unknown else "NULL"
    )
    return ", ".join(fields) + f", {extra}::JSON AS extra, _malformed"


def _by_table(loadable: list[FileRecord]) -> list[list[FileRecord]]:
    """The batch's files by the temp table holding their rows (files read together share one)."""
    groups: dict[str, list[FileRecord]] = {}
    for r in loadable:
        groups.setdefault(r.source.table, []).append(r)
    return list(groups.values())


def _files_join(recs: list[FileRecord]) -> str:
    """FROM clause over a shared table: each row with its file's sha256, path and first
    rowid (`batch_slices`, one row per file of the batch read into a shared table)."""
    return (f"{recs[0].source.table} t JOIN batch_slices m "
            f"ON m._table = {_lit(recs[0].source.table)} AND t._file = m._file")


def _set_batch_slices(con, tables: list[list[FileRecord]]) -> None:
    """`batch_slices`: where each file of the batch read into a shared table has its rows."""
    rows = [(r.source.table, r.sha256, r.file.path, r.source.shared.file, r.source.shared.first_rowid)
            for recs in tables if recs[0].source.shared is not None for r in recs]
    con.execute("CREATE OR REPLACE TEMP TABLE batch_slices (_table VARCHAR, sha256 VARCHAR, file_path VARCHAR, "
                "_file VARCHAR, first_rowid BIGINT)")
    if rows:
        con.execute("INSERT INTO batch_slices SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
                    "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::BIGINT[])",
                    [list(c) for c in zip(*rows, strict=True)])


def _source_select(recs: list[FileRecord]) -> str:
    s = recs[0].source
    if s.shared is None:
        r = recs[0]
        return (f"SELECT {_lit(r.sha256)} AS sha256, {_lit(r.file.path)} AS file_path, rowid + 1 AS row_number, "
                f"{_fields_select(s)} FROM {s.table}")
    return (f"SELECT m.sha256, m.file_path, t.rowid - m.first_rowid + 1 AS row_number, {_fields_select(s)} "
            f"FROM {_files_join(recs)}")


def _records_select(recs: list[FileRecord]) -> str:
    """The raw records (JSON of the row as read) of the batch's rejected rows (`staged`
    rows with a reason): the filter is written in each branch, under the JSON, because
    DuckDB builds the JSON of every row before a join or semi-join above it."""
    s = recs[0].source
    rejected = "IN (SELECT sha256, row_number FROM staged WHERE len(reasons) > 0)"
    if s.shared is None:
        return (f"SELECT {_lit(recs[0].sha256)} AS sha256, rowid + 1 AS row_number, "
                f"{s.raw_record_sql()} AS raw_record FROM {s.table} WHERE ({_lit(recs[0].sha256)}, rowid + 1) {rejected}")
    return (f"SELECT m.sha256, t.rowid - m.first_rowid + 1 AS row_number, {s.raw_record_sql()} AS raw_record "
            f"FROM {_files_join(recs)} WHERE (m.sha256, t.rowid - m.first_rowid + 1) {rejected}")


def _write_transaction(con, batch: list[FileRecord], ingested_at: dt.datetime) -> None:
    """Write one batch in one transaction: supersede earlier deliveries of its paths,
    load its readable files' rows, register every file, and run the pre-commit checks
    (`BatchCheckFailed` rolls it all back)."""
    loadable = [r for r in batch if r.source is not None]
    with db.transaction(con):
        _supersede(con, batch)
        _set_params_files(con, loadable)
        if loadable:
            _load_rows(con, loadable)
        _register_files(con, batch, ingested_at)
        if loadable:
            _run_batch_checks(con)


def _supersede(con, batch: list[FileRecord]) -> None:
    """A re-delivered path supersedes its earlier delivery: its rows and its record go."""
    for r in batch:
        if r.previous is None:
            continue
        old_sha, old_status = r.previous
        if old_status in LOADED:
            con.execute("DELETE FROM case_versions WHERE sha256 = ? AND file_path = ?", [old_sha, r.file.path])
            con.execute("DELETE FROM rejected_rows WHERE file_path = ?", [r.file.path])
            con.execute("DELETE FROM raw.case_rows WHERE sha256 = ? AND file_path = ?", [old_sha, r.file.path])
        con.execute("DELETE FROM ingested_files WHERE file_path = ?", [r.file.path])


def _set_params_files(con, loadable: list[FileRecord]) -> None:
    """`params_files`: the loadable files of the batch, read by the staging SQL."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE params_files (sha256 VARCHAR, file_path VARCHAR, court_code VARCHAR, "
        "export_date DATE, rows_read BIGINT)"
    )
    if loadable:
        # one statement for the whole batch (executemany is one statement per file)
        con.execute(
            "INSERT INTO params_files SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::DATE[]), unnest(?::BIGINT[])",
            [list(c) for c in zip(*[(r.sha256, r.file.path, r.file.court_folder, r.file.export_date, r.rows_read)
                                    for r in loadable], strict=True)],
        )


def _load_rows(con, loadable: list[FileRecord]) -> None:
    """The batch's rows into raw.case_rows, then staged, normalized and split into
    case_versions and rejected_rows; each file's loaded and rejected counts are set."""
    tables = _by_table(loadable)
    _set_batch_slices(con, tables)
    union = " UNION ALL ".join(_source_select(recs) for recs in tables)
    if len(tables) <= UNION_VIEW_MAX:  # files read together: a union of a few tables, not copied
        con.execute("CREATE OR REPLACE TEMP VIEW batch_raw_rows AS " + union)
    else:  # many small files: one table, so the SQL below plans over one input, not a union
        con.execute("CREATE OR REPLACE TEMP TABLE batch_raw_table AS " + union)
        con.execute("CREATE OR REPLACE TEMP VIEW batch_raw_rows AS SELECT * FROM batch_raw_table")
    raw_cols = ", ".join(c.name for c in table("case_rows").columns)
    con.execute(f"INSERT INTO raw.case_rows ({raw_cols}) SELECT {raw_cols} FROM batch_raw_rows")
    _vocabulary(con)
    con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {models.sql_text('staging_case_rows')}")
    con.execute(
        "CREATE OR REPLACE TEMP VIEW batch_raw_records AS "
        + " UNION ALL ".join(_records_select(recs) for recs in tables)
    )
    con.execute(f"INSERT INTO case_versions BY NAME ({models.sql_text('case_versions')})")
    con.execute(f"INSERT INTO rejected_rows BY NAME ({models.sql_text('rejected_rows')})")
    counts = {
        sha: (ok, bad)
        for sha, ok, bad in con.execute(
            "SELECT sha256, count(*) FILTER (WHERE len(reasons) = 0), count(*) FILTER (WHERE len(reasons) > 0) "
            "FROM staged GROUP BY sha256"
        ).fetchall()
    }
    for r in loadable:
        r.rows_loaded, r.rows_rejected = counts.get(r.sha256, (0, 0))


_FILE_COLUMNS = (  # the ingested_files columns a batch writes, with their types (ingested_at comes last)
    ("file_path", "VARCHAR"), ("court_code", "VARCHAR"), ("sha256", "VARCHAR"), ("size_bytes", "BIGINT"),
    ("modified_at", "TIMESTAMP"), ("export_date", "DATE"), ("file_format", "VARCHAR"), ("encoding", "VARCHAR"),
    ("header_variant", "VARCHAR"), ("rows_read", "BIGINT"), ("rows_loaded", "BIGINT"), ("rows_rejected", "BIGINT"),
    ("status", "VARCHAR"), ("error", "VARCHAR"), ("duplicate_of", "VARCHAR"),
)


def _register_files(con, batch: list[FileRecord], ingested_at: dt.datetime) -> None:
    """One ingested_files row per file of the batch, loaded or not."""
    rows = [
        (
            r.file.path, r.file.court_folder, r.sha256, r.size, r.file.modified, r.file.export_date,
            r.file.format, r.source.encoding if r.source else None,
            r.source.header.variant if r.source else None,
            r.rows_read, r.rows_loaded, r.rows_rejected, r.final_status, r.error, r.duplicate_of,
        )
        for r in batch
    ]
    # one statement for the whole batch: the columns as lists, zipped by unnest
    con.execute(
        f"INSERT INTO ingested_files ({', '.join(c for c, _ in _FILE_COLUMNS)}, ingested_at) SELECT "
        + ", ".join(f"unnest(?::{t}[])" for _, t in _FILE_COLUMNS) + ", ?::TIMESTAMP",
        [list(c) for c in zip(*rows, strict=True)] + [ingested_at],
    )


def _vocabulary(con) -> None:
    """Normalize the batch's distinct vocabulary values in Python, join back in SQL."""
    distinct = con.execute(
        "SELECT DISTINCT field, raw FROM (UNPIVOT (SELECT " + ", ".join(_VOCAB_FIELDS)
        + " FROM batch_raw_rows) ON COLUMNS(*) INTO NAME field VALUE raw)"
    ).fetchall()
    rows = []
    for fld, raw in distinct:
        key = (fld, raw)
        if key not in _VOCAB_CACHE:
            _VOCAB_CACHE[key] = values.personal_name(raw) if fld == "judge" else values.vocabulary(raw)
        rows.append((fld, raw, _VOCAB_CACHE[key]))
    con.execute("CREATE OR REPLACE TEMP TABLE params_vocab (field VARCHAR, raw VARCHAR, value VARCHAR)")
    if rows:
        import pyarrow as pa

        frame = pa.table({k: pa.array([r[i] for r in rows], type=pa.string())
                          for i, k in enumerate(("field", "raw", "value"))})
        readers.register_frame(con, "params_vocab_frame", frame)
        try:
            con.execute("INSERT INTO params_vocab SELECT field::VARCHAR, raw::VARCHAR, value::VARCHAR FROM params_vocab_frame")
        finally:
            con.unregister("params_vocab_frame")
