"""`courts report`: write the quarterly bulletin of a quarter from a warehouse file, opened
read-only (point it at the published copy while the pipeline runs) — a draft, not
recorded; with `--pdf` also print it with a headless Chromium (warehouse/reports/pdf.py). With `--issue` (or `--reissue`) the bulletin is issued: the warehouse is opened
read-write (the pipeline's file), the bulletin is frozen and recorded in issued_reports /
issued_figures (warehouse/reports/issued.py); issuing an issued quarter again returns
the recorded files untouched unless `--reissue` asks for a new version. The rendering
itself is warehouse/reports/; this module is only the command.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import duckdb

from warehouse import db
from warehouse.periods import quarter_bounds


def _quarter(text: str) -> str:
    try:
        quarter_bounds(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a quarter (YYYYQn, e.g. 2024Q1): {text!r}") from None
    return text


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--warehouse", required=True, help="DuckDB file to read (opened read-only; use the published copy)")
    p.add_argument("--quarter", required=True, type=_quarter, help="quarter label, e.g. 2024Q1")
    p.add_argument("--out", required=True, help="output folder; the bulletin goes to <out>/<quarter>/bulletin.html|xlsx")
    p.add_argument("--no-rankings", action="store_true",
                   help="range-first version: no ranks or league tables, range status and YoY/QoQ change instead")
    p.add_argument("--pdf", action="store_true",
                   help="also print bulletin.pdf with a headless Chromium (an error says so when none is installed)")
    p.add_argument("--issue", action="store_true",
                   help="issue the bulletin: record it and its figures in the warehouse (opened read-write; "
                        "use the pipeline's file); an issued quarter is never overwritten")
    p.add_argument("--reissue", action="store_true",
                   help="issue a new version of an already issued quarter under <out>/<quarter>/v<n>/, keeping the old")


def _fail(message: str) -> int:
    sys.stderr.write(f"courts report: error: {message}\n")
    return 2


def run(args: argparse.Namespace) -> int:
    from warehouse.reports.quarterly import QuarterNotFound, write_quarterly_bulletin

    path = Path(args.warehouse)
    if not path.is_file():
        return _fail(f"{path} is not a file")
    issuing = args.issue or args.reissue
    try:
        with db.connect(path, read_only=not issuing, wait_seconds=0) as con:
            if issuing:
                from warehouse.ddl import ensure_schema
                from warehouse.reports.issued import issue_quarterly_bulletin

                ensure_schema(con)
                record = issue_quarterly_bulletin(con, args.quarter, Path(args.out), rankings=not args.no_rankings,
                                                  reissue=args.reissue)
                paths = record["paths"]
                state = "issued" if record["new"] else "already issued, unchanged (use --reissue for a new version)"
                print(f"{record['report_id']}: {state}")
            else:
                paths = write_quarterly_bulletin(con, args.quarter, Path(args.out), rankings=not args.no_rankings)
    except QuarterNotFound as exc:
        return _fail(str(exc))
    except (RuntimeError, duckdb.Error) as exc:
        return _fail(str(exc).splitlines()[0])
    if getattr(args, "pdf", False):
        from warehouse.reports.pdf import NoBrowser, html_to_pdf

        try:
            paths["pdf"] = html_to_pdf(paths["html"])
        except NoBrowser as exc:
            return _fail(f"--pdf: {exc} (the HTML and XLSX were written: {paths['html']})")
        except (RuntimeError, OSError) as exc:
            return _fail(f"--pdf: {exc}")
        print(f"pdf: {paths['pdf']}")
    print(f"bulletin: {paths['html']}")
    print(f"workbook: {paths['xlsx']}")
    print(json.dumps({k: str(v) for k, v in paths.items()}, ensure_ascii=False))
    return 0
