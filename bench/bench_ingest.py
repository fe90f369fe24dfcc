"""Ingest throughput benchmark: the whole ingest pipeline (`warehouse.ingest.ingest_inbox`:
hashing, encoding detection, reading, raw rows, SQL normalization, case_versions,
rejected rows, pre-commit checks, commit) against a bare DuckDB `read_csv` of the same
UTF-8 file into a table, and the pipeline on the same rows as GB18030 CSV and as XLSX.

    .venv/bin/python bench/bench_ingest.py [--rows 1000000] [--files 1] [--threads N] [--keep DIR]
    .venv/bin/python bench/bench_ingest.py --small-files [--scale 0.0233] [--tmp /dev/shm] [--checks]

With `--files N` the rows are split into N files of one court (a multi-file inbox, as
courts deliver it: one file per court-day); the bare read is then one `read_csv` of the
N UTF-8 files with an explicit dialect, and three floors are printed after it:
- `bare read + typed copy`: the same read, then every row copied with plain casts (an
  ingest that stores the rows as read and typed, as raw.case_rows and case_versions do,
  before any normalization);
- `one pass` (`one_pass`): the same read stored, then normalized by the pipeline's own
  staging SQL in one statement: any ingest that keeps the rows as read and normalizes
  them by the contract;
- `one copy` (`one_copy`): read, normalized and stored once in one statement, with no
  as-read copy, no row numbers and the vocabulary pass untimed: less than any ingest
  that normalizes by the contract can do.
The pipeline then reads the same N files (the XLSX run: N workbooks holding the same
rows, each with a title and a 合计 row). Besides the multiples of the bare read, GB18030
and XLSX are printed as multiples of the UTF-8 pipeline on the same rows. CPU time includes the worker processes that parse XLSX.

With `--small-files` (in `make bench`; about eight minutes the first time) the input is the
generator's national preset for 2024 (`courts generate --preset national --scale 0.0233
--faults 0`: ~1 M cases, ~1.76 M rows in ~41 k UTF-8 files of ~43 rows, one per
court-month, 3,462 court folders); the bare read is one `read_csv` of all those files with
an explicit dialect into a table (checkpointed), the pipeline `ingest_inbox` under the
national registry on a fresh warehouse, and with `--checks` also the declared checks of
the four ingest tables that the ingest asset evaluates after it (timed apart). The same
inbox is mirrored once into GB18030 CSV and XLSX workbooks (`small_inboxes`), and the
pipeline on each is printed against the same bare UTF-8 read.

The input is synthetic (generated here with DuckDB SQL: one court, 甘3001, 16 columns,
case numbers, dates, vocabulary, amounts); nothing is real data. Prints rows/s of each
run and its wall and CPU time as multiples of the bare read's. Each run writes a fresh warehouse file in a temp dir.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from warehouse import models, values  # noqa: E402
from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.ingest import ingest_inbox  # noqa: E402

HEADER = ["案号", "立案日期", "结案日期", "结案方式", "案由", "适用程序", "承办法官", "承办部门", "延长审限天数",
          "扣除审限天数", "原审案号", "申请执行标的金额", "执行到位金额", "当事人", "更新时间", "法院名称"]

ROWS_SQL = """
select
    '（2024）甘3001' || t.case_type || (i // 4 + 1) || '号'                      as "案号",
    strftime(DATE '2024-01-02' + (i % 300)::INTEGER, '%Y-%m-%d')                as "立案日期",
    case when i % 3 = 0 then strftime(DATE '2024-01-02' + (i % 300 + 20 + i % 40)::INTEGER, '%Y-%m-%d') end as "结案日期",
    case when i % 3 = 0 then ['判决', '调解', '准予撤诉', '驳回起诉', '执行完毕', '终结本次执行程序'][i % 6 + 1] end as "结案方式",
    ['民间借贷纠纷', '买卖合同纠纷', '离婚纠纷', '盗窃罪', '金融借款合同纠纷'][i % 5 + 1] as "案由",
    case when t.case_type = '民初' then ['普通程序', '简易程序', '小额诉讼程序'][i % 3 + 1] end as "适用程序",
    '法官' || (i % 37)                                                          as "承办法官",
    ['民事审判第一庭', '执行局', '刑事审判庭'][i % 3 + 1]                         as "承办部门",
    (i % 11 = 0)::INTEGER * 30                                                  as "延长审限天数",
    0                                                                          as "扣除审限天数",
    case when t.case_type = '执' then '（2023）甘3001民初' || (i % 5000 + 1) || '号' end as "原审案号",
    case when t.case_type = '执' then printf('%.2f', (i % 100000) * 10.5) end   as "申请执行标的金额",
    case when t.case_type = '执' and i % 3 = 0 then printf('%.2f', (i % 50000) * 3.25) end as "执行到位金额",
    '当事人甲' || (i % 997) || '；当事人乙' || (i % 991)                          as "当事人",
    strftime(TIMESTAMP '2024-01-02 09:00:00' + to_minutes(i % 400000), '%Y-%m-%d %H:%M:%S') as "更新时间",
    '合作市人民法院'                                                            as "法院名称"
from range(?) r(i)
cross join lateral (select ['民初', '民初', '执', '刑初'][i % 4 + 1] as case_type) t
"""


def _prepare_registry(con, registry: str = "gannan") -> None:
    ensure_schema(con)
    models.register_reference_views(con)
    for name in ("case_types", "time_limits", "dispositions"):
        models.rebuild(con, name)
    registry = (ROOT / "warehouse" / "reference" / "courts" / f"{registry}.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)")
    models.rebuild(con, "courts")


def _split(src: Path, files: int, encoding: str) -> list[Path]:
    """Split a CSV (header + rows) into `files` files with the same header, in a folder."""
    folder = src.parent / f"{src.stem}_{files}"
    folder.mkdir()
    with open(src, encoding=encoding, newline="") as f:
        header = f.readline()
        lines = f.readlines()
    per = -(-len(lines) // files)
    out = []
    for k in range(files):
        p = folder / f"{k:05d}{src.suffix}"
        with open(p, "w", encoding=encoding, newline="") as fo:
            fo.write(header)
            fo.writelines(lines[k * per:(k + 1) * per])
        out.append(p)
    return out


def _write_xlsx(args: tuple[Path, Path]) -> Path:
    """One workbook from one UTF-8 CSV (header + rows): a title row above the header and a
    合计 row below the data, every cell text (as exports write dates)."""
    import csv

    import xlsxwriter

    src, dst = args
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(dst), {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("案件明细")
    ws.write_row(0, 0, ["合作市人民法院案件明细表（基准测试，合成数据）"])
    n = 0
    with open(src, encoding="utf-8-sig", newline="") as f:
        for r, row in enumerate(csv.reader(f), start=1):
            ws.write_row(r, 0, row)
            n = r
    ws.write_row(n + 1, 0, ["合计", str(n - 1)])
    wb.close()
    return dst


def split_xlsx(csvs: list[Path], folder: Path) -> list[Path]:
    """The split UTF-8 files as workbooks, one each, written by worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    folder.mkdir()
    jobs = [(p, folder / f"{p.stem}.xlsx") for p in csvs]
    with ProcessPoolExecutor(max_workers=2) as pool:
        return list(pool.map(_write_xlsx, jobs, chunksize=8))


def make_inputs(work: Path, rows: int, xlsx: bool = True) -> dict[str, Path]:
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    con.execute(f"CREATE TABLE src AS {ROWS_SQL}", [rows])
    out = {}
    utf8 = work / "src" / "utf8.csv"
    utf8.parent.mkdir(parents=True)
    con.execute(f"COPY src TO '{utf8.as_posix()}' (HEADER, DELIMITER ',')")
    out["utf8"] = utf8
    # GB18030: the same text, transcoded
    gb = work / "src" / "gb18030.csv"
    with open(utf8, encoding="utf-8", newline="") as fi, open(gb, "w", encoding="gb18030", newline="") as fo:
        shutil.copyfileobj(fi, fo, 1 << 20)
    out["gb18030"] = gb
    if not xlsx:
        con.close()
        return out
    # XLSX with a title row and a 合计 row, dates as text
    import xlsxwriter

    xl = work / "src" / "book.xlsx"
    wb = xlsxwriter.Workbook(str(xl), {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("案件明细")
    ws.write_row(0, 0, ["合作市人民法院案件明细表（基准测试，合成数据）"])
    ws.write_row(1, 0, HEADER)
    cur = con.execute("SELECT * FROM src")
    r = 2
    while batch := cur.fetchmany(50_000):
        for row in batch:
            ws.write_row(r, 0, ["" if v is None else str(v) for v in row])
            r += 1
    ws.write_row(r, 0, ["合计", str(rows)])
    wb.close()
    out["xlsx"] = xl
    con.close()
    return out


# The floor of any ingest that keeps the rows as read AND a typed copy (as raw.case_rows
# and case_versions do): the bare read, then every row again with plain casts, no
# normalization, no checks (the `--files` run prints it as "bare read + typed copy").
TYPED_COPY = """CREATE TABLE typed AS SELECT "案号",
    try_cast("立案日期" AS DATE) AS d1, try_cast("结案日期" AS DATE) AS d2, "结案方式", "案由", "适用程序",
    "承办法官", "承办部门", try_cast("延长审限天数" AS INTEGER) AS e, try_cast("扣除审限天数" AS INTEGER) AS x,
    "原审案号", try_cast("申请执行标的金额" AS DECIMAL(18, 2)) AS a1,
    try_cast("执行到位金额" AS DECIMAL(18, 2)) AS a2, try_cast("更新时间" AS TIMESTAMP) AS u, "法院名称"
    FROM t"""


def bare_read(work: Path, src: Path | list[Path], threads: int | None, then: str | None = None) -> float:
    """A typed table from the UTF-8 CSV (or the list of files, with an explicit dialect);
    `then`: a statement timed with it (TYPED_COPY)."""
    db = work / "bare.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db), config={"threads": threads} if threads else {})
    con.execute("SET enable_progress_bar = false")
    t, c = time.perf_counter(), time.process_time()
    if isinstance(src, list):
        files = "[" + ", ".join(f"'{p.as_posix()}'" for p in src) + "]"
        columns = "{" + ", ".join(f"'{h}': 'VARCHAR'" for h in HEADER) + "}"
        con.execute(f"""CREATE TABLE t AS SELECT * FROM read_csv({files}, delim = ',', quote = '"', escape = '"',
                        header = true, columns = {columns}, auto_detect = false)""")
    else:
        con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{src.as_posix()}')")
    if then:
        con.execute(then)
    con.execute("CHECKPOINT")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    con.close()
    return elapsed, cpu


def _normalizer(work: Path, name: str, threads: int | None):
    """A fresh warehouse file with the registry, reference tables and value macros: what
    the floors below normalize against (set up untimed)."""
    db = work / f"{name}.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db), config={"threads": threads} if threads else {})
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    _prepare_registry(con)
    values.register_sql(con)
    con.execute("CHECKPOINT")
    return con


def _read_files(files: list[Path]) -> str:
    """One `read_csv` of the UTF-8 files with the raw columns, an explicit dialect and the
    file name, as a table function to select from."""
    from warehouse.tables import RAW_FIELDS

    listed = "[" + ", ".join(f"'{p.as_posix()}'" for p in files) + "]"
    columns = "{" + ", ".join(f"'{name}': 'VARCHAR'" for name, _zh, _en in RAW_FIELDS) + "}"
    return (f"read_csv({listed}, delim = ',', quote = '\"', escape = '\"', header = true, "
            f"columns = {columns}, auto_detect = false, filename = true)")


def _stage(con, rows: str, row_number: str, timed: bool) -> tuple[float, float]:
    """The batch's files, vocabulary and court names from `rows` (a relation with
    file_path and the raw columns; `row_number` an expression over it), then the pipeline's staging_case_rows.sql stored as
    one typed table and a checkpoint; timed from the start, or only the staging when not
    `timed` (the floor that leaves the vocabulary pass out). Asserts nothing is rejected."""
    from warehouse.ingest import _court_names, _vocabulary

    t, c = time.perf_counter(), time.process_time()
    con.execute(f"""CREATE TEMP VIEW batch_raw_rows AS SELECT file_path AS sha256, {row_number} AS row_number,
                    *, NULL::VARCHAR AS _malformed FROM {rows}""")
    con.execute(f"""CREATE TEMP TABLE params_files AS SELECT DISTINCT file_path AS sha256, file_path,
                    '甘3001' AS court_code, DATE '2025-06-01' AS export_date FROM {rows}""")
    _vocabulary(con)
    _court_names(con)
    if not timed:
        t, c = time.perf_counter(), time.process_time()
    con.execute(f"CREATE TABLE typed AS {models.sql_text('staging_case_rows')}")
    con.execute("CHECKPOINT")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    rejected = con.execute("SELECT count(*) FROM typed WHERE len(reasons) > 0").fetchone()[0]
    con.close()
    assert rejected == 0, f"{rejected} rows rejected by the normalization"
    return elapsed, cpu


def one_pass(work: Path, files: list[Path], threads: int | None) -> tuple[float, float]:
    """The contract's ingest work done once, fused, with no bookkeeping: the rows read
    into a stored as-read table (the bare read), the batch's vocabulary and court names,
    then the pipeline's own normalization (staging_case_rows.sql: every value rule, row
    rule and warning) stored as one typed table, then a checkpoint. No hashing, encoding
    detection, files' records, case_versions/rejected_rows split, checks or batches: what
    any ingest that keeps the rows as read and normalizes them by the contract must do."""
    con = _normalizer(work, "one_pass", threads)
    t, c = time.perf_counter(), time.process_time()
    con.execute(f"CREATE TABLE as_read AS SELECT filename AS file_path, * EXCLUDE (filename) FROM {_read_files(files)}")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c
    more, more_cpu = _stage(con, "as_read", "rowid + 1", timed=True)
    return elapsed + more, cpu + more_cpu


def one_copy(work: Path, files: list[Path], threads: int | None) -> tuple[float, float]:
    """Less than any ingest can do: the files read, normalized by staging_case_rows.sql
    and stored once as the typed table, in one statement and a checkpoint, with no as-read
    copy, no row numbers, and the vocabulary pass (which reads the files once more) left
    untimed. The floor of an ingest that keeps one stored copy of each row."""
    con = _normalizer(work, "one_copy", threads)
    rows = f"(SELECT filename AS file_path, * EXCLUDE (filename) FROM {_read_files(files)})"
    return _stage(con, rows, "0", timed=False)


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (the XLSX parsing workers)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def pipeline(work: Path, src: Path | list[Path], name: str, threads: int | None) -> tuple[float, dict]:
    inbox = work / f"inbox_{name}"
    shutil.rmtree(inbox, ignore_errors=True)
    (inbox / "甘3001").mkdir(parents=True)
    for k, p in enumerate(src if isinstance(src, list) else [src]):
        day = dt.date(2025, 6, 1) + dt.timedelta(days=k)  # after every date in the rows
        shutil.copy(p, inbox / "甘3001" / f"{day:%Y%m%d}_{name}{p.suffix}")
    db = work / f"wh_{name}.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db), config={"threads": threads} if threads else {})
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    _prepare_registry(con)
    con.execute("CHECKPOINT")
    t, c, k = time.perf_counter(), time.process_time(), _children_cpu()
    summary = ingest_inbox(con, inbox)
    con.execute("CHECKPOINT")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c + _children_cpu() - k
    con.close()
    return elapsed, cpu, summary


def _mirror(files: list[Path], src: Path, dst: Path, suffix: str) -> list[tuple[Path, Path]]:
    """(source file, its place under `dst` with `suffix`) for each of `files` under `src`."""
    return [(p, dst / p.relative_to(src).with_suffix(suffix)) for p in files]


def _recode(job: tuple[Path, Path]) -> Path:
    src, dst = job
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(src.read_text(encoding="utf-8-sig").encode("gb18030"))
    return dst


def small_inboxes(work: Path, files: list[Path], xlsx: bool) -> dict[str, Path]:
    """The national inbox as generated (UTF-8) and the same files as GB18030 CSV and as
    XLSX workbooks (title row, header, rows, 合计 row), in the same court folders; made
    once per work folder (kept with --keep), by two worker processes."""
    from concurrent.futures import ProcessPoolExecutor

    out = {"utf8": work / "inbox"}
    made = {"gb18030": (_recode, ".csv")} | ({"xlsx": (_write_xlsx, ".xlsx")} if xlsx else {})
    for name, (make, suffix) in made.items():
        folder = work / f"inbox_{name}"
        if not folder.is_dir():
            partial = folder.with_name(folder.name + ".partial")  # renamed once complete
            shutil.rmtree(partial, ignore_errors=True)
            with ProcessPoolExecutor(max_workers=2) as pool:
                list(pool.map(make, _mirror(files, out["utf8"], partial, suffix), chunksize=64))
            partial.rename(folder)
        out[name] = folder
    return out


def small_files(a) -> int:
    """The many-small-files case: a national-shaped inbox as UTF-8, GB18030 and XLSX, bare
    read of the UTF-8 files vs the pipeline on each, one run."""
    from generator import generate

    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-ingest-small-", dir=a.tmp))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{_load_average('start')}; {os.cpu_count()} cores; work folder {work}")
    try:
        t = time.perf_counter()
        if not (work / "inbox").is_dir():
            generate(work, preset="national", start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), seed=0,
                     scale=a.scale, faults=0, workers=2)
        files = sorted((work / "inbox").rglob("*.csv"))
        size = sum(p.stat().st_size for p in files)
        courts = len({p.parent.name for p in files})
        inboxes = small_inboxes(work, files, xlsx=not a.skip_xlsx)
        print(f"national inbox, scale {a.scale}: {len(files):,} files in {courts:,} court folders, "
              f"{size / 1e6:.0f} MB as UTF-8; also as {', '.join(k for k in inboxes if k != 'utf8')} "
              f"(ready in {time.perf_counter() - t:.1f}s)")
        values.register_sql(duckdb.connect())  # process start-up, paid once by a running pipeline
        values.vocabulary("預熱")
        warm = work / "warm" / files[0].parent.name  # the first ingest's imports and caches: not timed
        warm.mkdir(parents=True, exist_ok=True)
        shutil.copy(files[0], warm / files[0].name)
        pipeline_inbox(work, warm.parent, a.threads, "national", False)
        bare, bare_cpu = bare_read(work, files, a.threads)
        print(_header(30, "× UTF-8 pipeline (wall / cpu)"))
        print(_line("bare read_csv (UTF-8)", 30, bare, bare_cpu, bare, bare_cpu, None))
        utf8 = None
        for name, inbox in inboxes.items():
            elapsed, cpu, summary, check_wall, check_cpu = pipeline_inbox(work, inbox, a.threads, "national",
                                                                         a.checks and name == "utf8")
            rows = summary["rows_read"]
            assert summary["rows_loaded"] + summary["rows_rejected"] == rows and summary["files_new"] == len(files), {
                k: v for k, v in summary.items() if k != "files"}
            utf8 = utf8 or (elapsed, cpu, rows)
            assert rows == utf8[2], (name, rows, utf8[2])
            vs = f"{elapsed / utf8[0]:.2f} / {cpu / utf8[1]:.2f}" if name != "utf8" else ""
            print(_line(f"pipeline ingest_inbox {name}", 30, elapsed, cpu, bare, bare_cpu, rows, vs))
            if a.checks and name == "utf8":
                print(_line("ingest tables declared checks", 30, check_wall, check_cpu, bare, bare_cpu, None))
        print(f"rows {utf8[2]:,}, files {len(files):,}")
        print(_load_average())
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def _header(width: int, extra: str = "") -> str:
    """The column titles of the ratio table (`_line`)."""
    return (f"{'':{width}s} {'wall':>8s} {'rows/s':>10s} {'× bare':>7s} {'cpu':>8s} {'× bare cpu':>10s}"
            + (f" {extra:>30s}" if extra else ""))


def _line(label: str, width: int, wall: float, cpu: float, bare: float, bare_cpu: float, rows: int | None,
          extra: str = "") -> str:
    """One row of the ratio table: wall and CPU seconds, rows/s, and both against the bare read."""
    rate = f"{rows / wall:10,.0f}" if rows else f"{'':10s}"
    return (f"{label:{width}s} {wall:7.2f}s {rate} {wall / bare:7.2f} {cpu:7.2f}s {cpu / bare_cpu:10.2f}"
            + (f" {extra:>30s}" if extra else ""))


def _load_average(when: str = "end") -> str:
    return f"load average (1, 5, 15 min) at the {when}: {', '.join(f'{x:.1f}' for x in os.getloadavg())}"


def pipeline_inbox(work: Path, inbox: Path, threads: int | None, registry: str, with_checks: bool):
    """`ingest_inbox` of a whole inbox on a fresh warehouse with `registry`'s courts, then
    (with_checks) the declared checks of the four ingest tables, timed apart."""
    db = work / "wh_small.duckdb"
    db.unlink(missing_ok=True)
    con = duckdb.connect(str(db), config={"threads": threads} if threads else {})
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'Asia/Shanghai'")
    _prepare_registry(con, registry)
    con.execute("CHECKPOINT")
    t, c, k = time.perf_counter(), time.process_time(), _children_cpu()
    summary = ingest_inbox(con, inbox)
    con.execute("CHECKPOINT")
    elapsed, cpu = time.perf_counter() - t, time.process_time() - c + _children_cpu() - k
    check_wall = check_cpu = 0.0
    if with_checks:
        import checks

        t, c = time.perf_counter(), time.process_time()
        failed = [f"{n}.{r.check_name}" for n in ("case_rows", "ingested_files", "rejected_rows", "case_versions")
                  for r in checks.evaluate(con, n) if not r.passed and r.severity.value == "ERROR"]
        check_wall, check_cpu = time.perf_counter() - t, time.process_time() - c
        assert not failed, failed
    con.close()
    return elapsed, cpu, summary, check_wall, check_cpu


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=1, help="split the rows into this many files of one court")
    ap.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    ap.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: a temp dir)")
    ap.add_argument("--skip-xlsx", action="store_true", help="leave out the XLSX run (its input takes a minute to write)")
    ap.add_argument("--small-files", action="store_true",
                    help="the many-small-files case: a generated national inbox (see the module docstring)")
    ap.add_argument("--scale", type=float, default=0.0233, help="--small-files: the national preset's scale")
    ap.add_argument("--checks", action="store_true", help="--small-files: also time the ingest tables' checks")
    ap.add_argument("--tmp", type=Path, default=None, help="folder for the temp work folder (e.g. /dev/shm)")
    a = ap.parse_args(argv)
    if a.small_files:
        return small_files(a)
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-ingest-", dir=a.tmp))
    work.mkdir(parents=True, exist_ok=True)
    print(f"{_load_average('start')}; {os.cpu_count()} cores")
    try:
        t = time.perf_counter()
        inputs = make_inputs(work, a.rows, xlsx=not a.skip_xlsx and a.files <= 1)
        print(f"synthetic input: {a.rows:,} rows, "
              + ", ".join(f"{k} {p.stat().st_size / 1e6:.0f} MB" for k, p in inputs.items())
              + f" (made in {time.perf_counter() - t:.1f}s)")
        # process start-up costs paid once by a running pipeline, not per ingest: the
        # case-number grammar (built from the reference CSVs) and OpenCC's dictionaries
        values.register_sql(duckdb.connect())
        values.vocabulary("預熱")
        # ... and the first ingest's imports and caches: a 100-row warm-up, not timed
        warm = work / "src" / "warm.csv"
        with open(inputs["utf8"], encoding="utf-8") as f, open(warm, "w", encoding="utf-8") as fo:
            fo.writelines(f.readline() for _ in range(101))
        pipeline(work, warm, "warm", a.threads)
        if a.files > 1:
            t = time.perf_counter()
            inputs = {k: (_split(p, a.files, "gb18030" if k == "gb18030" else "utf-8") if k != "xlsx" else p)
                      for k, p in inputs.items()}
            if not a.skip_xlsx:  # the same rows as the UTF-8 files, one workbook per file
                inputs["xlsx"] = split_xlsx(inputs["utf8"], work / "src" / f"book_{a.files}")
            print(f"split into {a.files} files per input{'' if a.skip_xlsx else ', XLSX too'} "
                  f"(in {time.perf_counter() - t:.1f}s)")
        bare, bare_cpu = bare_read(work, inputs["utf8"], a.threads)
        print(_header(24, "× UTF-8 pipeline (wall / cpu)"))
        print(_line("bare read_csv (UTF-8)", 24, bare, bare_cpu, bare, bare_cpu, a.rows))
        if a.files > 1:  # what storing the rows twice costs before any normalization
            floor, floor_cpu = bare_read(work, inputs["utf8"], a.threads, then=TYPED_COPY)
            print(_line("bare read + typed copy", 24, floor, floor_cpu, bare, bare_cpu, a.rows))
            fused, fused_cpu = one_pass(work, inputs["utf8"], a.threads)
            print(_line("one pass: read+normalize", 24, fused, fused_cpu, bare, bare_cpu, a.rows))
            least, least_cpu = one_copy(work, inputs["utf8"], a.threads)
            print(_line("one copy: read+normalize", 24, least, least_cpu, bare, bare_cpu, a.rows))
        utf8 = None
        for name, src in inputs.items():
            elapsed, cpu, summary = pipeline(work, src, name, a.threads)
            assert summary["rows_read"] == a.rows and summary["rows_loaded"] == a.rows, {
                k: v for k, v in summary.items() if k != "files"}
            if name == "utf8":
                utf8 = (elapsed, cpu)
            vs = f"{elapsed / utf8[0]:.2f} / {cpu / utf8[1]:.2f}" if utf8 and name != "utf8" else ""
            print(_line("pipeline " + name, 24, elapsed, cpu, bare, bare_cpu, a.rows, vs))
        print(_load_average())
    finally:
        if a.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
