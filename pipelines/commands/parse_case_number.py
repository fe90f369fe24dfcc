"""`courts parse-case-number`: parse case numbers (案号) to JSON lines, one object per
input, with the grammar of warehouse/casenumber.py (`python -m
pipelines.commands.parse_case_number` works too).
"""
from __future__ import annotations

import argparse
import json
import sys

from warehouse.casenumber import parse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "texts", nargs="*", metavar="TEXT",
        help="case numbers to parse; without any, read one per line from standard input",
    )


def run(args: argparse.Namespace, stdin=None, stdout=None) -> int:
    """Print one JSON object per input, in input order. Invalid input is reported as
    valid: false with an error; the exit status is 0 unless the input cannot be read."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    texts = args.texts if args.texts else (line.rstrip("\r\n") for line in stdin)
    for t in texts:
        stdout.write(json.dumps(parse(t).as_dict(), ensure_ascii=False) + "\n")
    stdout.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="parse-case-number", description="Parse case numbers (案号) to JSON lines.")
    add_arguments(p)
    return run(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
