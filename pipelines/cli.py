"""The `courts` command-line interface. Each command is a thin wrapper; the work lives in
`pipelines.runner` (run/demo), `generator` (generate) and `pipelines.commands`
(parse-case-number, explain, report).

Bad arguments print one line on stderr and exit 2; a failed run exits 1. Every other
failure prints one line with its underlying cause (DuckDB's message, the file) and exits
1; `--debug` (before the command) shows the traceback instead.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from datetime import date
from pathlib import Path

from warehouse import texttable
from warehouse.settings import Settings


class Parser(argparse.ArgumentParser):
    """argparse, but an argument error is one line on stderr and exit code 2."""

    def error(self, message: str):
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(2)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _quarters(text: str) -> list[str]:
    """`2024Q3` or a range `2024Q3..2024Q4` (inclusive) as a list of quarter labels."""
    from warehouse.periods import quarters_between

    first, _, last = text.partition("..")
    last = last or first
    try:
        quarters = quarters_between(first, last)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a quarter or range (2024Q3 or 2024Q3..2024Q4): {text!r}") from None
    if not quarters:
        raise argparse.ArgumentTypeError(f"empty range, {first} is after {last}: {text!r}")
    return quarters


def _instance():
    """The persistent Dagster instance (`make dev` shows its runs), announced on stderr."""
    from runtime.instance import persistent_instance

    instance = persistent_instance()
    sys.stderr.write(f"Dagster instance: {instance.root_directory} (runs, materializations and check results; "
                     "`make dev` shows them)\n")
    return instance


def _settings(args) -> Settings:
    env = Settings.from_env()
    warehouse = Path(args.warehouse) if args.warehouse else env.warehouse
    base = warehouse.parent
    return Settings(
        inbox=Path(args.inbox) if args.inbox else env.inbox,
        warehouse=warehouse,
        published=Path(args.published) if args.published else (
            base / "published" / warehouse.name if args.warehouse else env.published),
        reports=Path(args.reports) if args.reports else (base / "reports" if args.warehouse else env.reports),
        registry=args.registry or env.registry,
        issuers=getattr(args, "issuers", None) or env.issuers,
        threads=env.threads,
        memory_limit=env.memory_limit,
    )


def _add_paths(p: argparse.ArgumentParser, inbox_required: bool) -> None:
    p.add_argument("--inbox", required=inbox_required, help="inbox folder: <inbox>/<court_code>/<YYYYMMDD>*.csv|xlsx|jsonl")
    p.add_argument("--warehouse", help="the pipeline's DuckDB file (default $COURTS_WAREHOUSE or data/warehouse.duckdb)")
    p.add_argument("--published", help="analysts' read-only copy (default: published/<name> next to the warehouse)")
    p.add_argument("--reports", help="folder for bulletins (default: reports/ next to the warehouse)")
    p.add_argument("--registry", help="court registry: gannan, gansu, national or a CSV path (default $COURTS_REGISTRY or gannan)")
    p.add_argument("--issuers", help="whose bulletins to render: all, or codes like 甘30,甘,全国 "
                                     "(default $COURTS_ISSUERS or every issuer with data)")


def check_settings(settings: Settings) -> str | None:
    """Why the DuckDB settings from the environment cannot work, or None."""
    import duckdb

    if settings.memory_limit:
        try:
            duckdb.connect(config={"memory_limit": settings.memory_limit}).close()
        except duckdb.Error as exc:
            return f"COURTS_MEMORY_LIMIT={settings.memory_limit!r} is not a DuckDB memory limit (e.g. 8GB): " + \
                str(exc).splitlines()[0]
    if settings.threads is not None and settings.threads < 1:
        return f"COURTS_THREADS={settings.threads!r} must be a positive number"
    return None


def cmd_run(args) -> int:
    from pipelines.runner import RunFailed, UnknownQuarter, run_pipeline

    settings = _settings(args)
    problem = check_settings(settings)
    if problem:
        sys.stderr.write(f"courts run: error: {problem}\n")
        return 2
    if not settings.inbox.is_dir():
        sys.stderr.write(f"courts run: error: inbox {settings.inbox} is not a folder\n")
        return 2
    try:
        settings.registry_path.resolve()
    except ValueError as exc:
        sys.stderr.write(f"courts run: error: {exc}\n")
        return 2
    try:
        result = run_pipeline(settings, as_of=args.as_of, quarters=args.quarter, instance=_instance())
    except UnknownQuarter as exc:
        sys.stderr.write(f"courts run: error: {exc}\n")
        return 2
    except RunFailed as exc:
        sys.stderr.write(f"courts run: {exc}\n")
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


SUMMARY_SQL = """
SELECT c.short_name AS 法院, p.carried_over AS 旧存, p.received AS 新收, p.closed AS 已结,
       p.pending_end AS 未结,
       printf('%.1f%%', 100 * p.closure_rate) AS 结案率,
       printf('%.1f%%', 100 * p.within_limit_rate) AS 审限内结案率,
       round(p.avg_duration_days, 1) AS 平均审理天数,
       p.long_pending_12m AS 超12个月未结
FROM court_quarter_performance p JOIN courts c USING (court_code)
WHERE p.quarter = ? AND p.category = 'all'
ORDER BY c.level DESC, p.court_code
"""


def print_quarter_summary(published: Path, quarter: str) -> None:
    from warehouse import db

    with db.connect(published, read_only=True) as con:
        rel = con.execute(SUMMARY_SQL, [quarter])
        cols = [d[0] for d in rel.description]
        rows = rel.fetchall()
    print(f"\n{quarter} 审判执行主要指标（全部案件）")
    print(texttable.aligned(cols, rows))


def cmd_demo(args) -> int:
    import generator
    from pipelines.runner import RunFailed, run_pipeline

    home = Path(args.home)
    settings = Settings.under(home)
    if not (settings.inbox.is_dir() and any(settings.inbox.iterdir())):
        print(f"generating the Gannan demo inbox in {settings.inbox} …", flush=True)
        generator.generate(home, preset="gannan")
    else:
        print(f"using the existing demo inbox {settings.inbox}", flush=True)
    try:
        result = run_pipeline(settings, instance=_instance())
    except RunFailed as exc:
        sys.stderr.write(f"courts demo: {exc}\n")
        return 1
    if result["latest_quarter"]:
        print_quarter_summary(settings.published, result["latest_quarter"])
    print()
    print(f"files: {result['files']} {result['files_by_status']}; rows loaded {result['rows_loaded']}, "
          f"rejected {result['rows_rejected']}; cases {result['cases']}")
    print(f"warehouse (pipeline):   {result['warehouse']}")
    print(f"published (analysts):   {result['published']}")
    print(f"bulletin:               {result['bulletin']}")
    print(f"reports folder:         {result['reports']}")
    print(f"Dagster instance:       {result['dagster_home']} (`make dev` shows these runs)")
    return 0


def cmd_sql(args) -> int:
    import duckdb

    from warehouse import db

    path = Path(args.db)
    if not path.exists():
        sys.stderr.write(f"courts sql: error: no database at {path}\n")
        return 2
    try:
        with db.sandbox(path) as con:
            rel = con.execute(args.query)
            if rel.description is None:
                return 0
            cols = [d[0] for d in rel.description]
            rows = rel.fetchmany(args.limit + 1)
    except duckdb.Error as exc:
        sys.stderr.write(f"courts sql: error: {str(exc).splitlines()[0]}\n")
        return 2
    print(texttable.aligned(cols, rows[: args.limit]))
    if len(rows) > args.limit:
        print(f"… (first {args.limit} rows; use --limit)")
    return 0


def cmd_export_lake(args) -> int:
    from warehouse import db
    from warehouse.lake import export_lake

    source = Path(args.db) if args.db else Settings.from_env().published
    if not source.exists():
        sys.stderr.write(f"courts export-lake: error: no database at {source}\n")
        return 2
    try:
        with db.connect(source, read_only=True) as con:
            result = export_lake(con, Path(args.out))
    except ValueError as exc:
        sys.stderr.write(f"courts export-lake: error: {exc}\n")
        return 2
    print(json.dumps(result, ensure_ascii=False))
    return 0


def build_parser() -> argparse.ArgumentParser:
    import generator
    from pipelines.commands import explain, parse_case_number, report

    parser = Parser(prog="courts", description="Court performance warehouse (审判执行运行态势分析): ingest court exports, "
                    "build quarterly performance tables, rankings, deadline alerts and bulletins.")
    parser.add_argument("--debug", action="store_true", help="show the traceback of a failure")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    p = sub.add_parser("run", help="ingest new inbox files and materialize everything downstream through Dagster")
    _add_paths(p, inbox_required=True)
    p.add_argument("--as-of", action="append", type=_date, metavar="YYYY-MM-DD",
                   help="as-of date for deadline alerts and long-pending lists (repeatable; default: latest export date)")
    p.add_argument("--quarter", type=_quarters, metavar="YYYYQn[..YYYYQn]",
                   help="quarters to (re)build, e.g. 2024Q3..2024Q4: a backfill of those quarter partitions "
                        "(default: the quarters of the data that changed cases can have moved since the last run)")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("demo", help="generate the embedded Gannan demo inbox, run it, print the latest quarter")
    p.add_argument("--home", default="data", help="folder for inbox, warehouse, published copy and reports (default ./data)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("sql", help="run a read-only query and print a table (sandboxed: no other files, no settings)")
    p.add_argument("--db", required=True, help="DuckDB file (use the published copy)")
    p.add_argument("--limit", type=int, default=200, help="rows to print (default 200)")
    p.add_argument("query", help="SQL, e.g. \"SELECT * FROM court_quarter_performance LIMIT 5\"")
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("export-lake", help="write the case tables and every mart as hive-partitioned Parquet "
                       "(only changed partitions), with a manifest of the run that wrote each partition")
    p.add_argument("--out", required=True, help="lake root folder")
    p.add_argument("--db", help="warehouse to export (default: the published copy, $COURTS_PUBLISHED)")
    p.set_defaults(func=cmd_export_lake)

    p = sub.add_parser("generate", help="write a realistic export inbox (demo and benchmark data)")
    generator.add_arguments(p)
    p.set_defaults(func=generator.run)

    p = sub.add_parser("parse-case-number", help="parse case numbers (案号) to JSON, one object per input")
    parse_case_number.add_arguments(p)
    p.set_defaults(func=parse_case_number.run)

    p = sub.add_parser("explain", help="list the cases behind an indicator of a court and quarter")
    explain.add_arguments(p)
    p.set_defaults(func=explain.run)

    p = sub.add_parser("report", help="write the quarterly bulletin (HTML + XLSX) for a quarter")
    report.add_arguments(p)
    p.set_defaults(func=report.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    # single-run backfill policies are "beta" in Dagster 1.13; the warning is noise here
    warnings.filterwarnings("ignore", message=".*is currently in beta.*")
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except BrokenPipeError:  # `courts explain … | head`: the reader left, not an error
        sys.stderr.close()
        return 0
    except Exception as exc:
        if args.debug:
            raise
        sys.stderr.write(f"courts {args.command}: error: {one_line(exc)} (--debug shows the traceback)\n")
        return 1


def one_line(exc: BaseException) -> str:
    """The underlying cause of an exception, on one line: the innermost `__cause__`."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    text = " ".join(str(exc).split()) if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
