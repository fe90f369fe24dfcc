"""The `courts` command line: every command has --help; bad arguments give one clear line
on stderr and exit code 2; `courts sql` answers read-only queries."""
import subprocess
import sys

import pytest

from warehouse import db
from warehouse.ddl import ensure_schema

COMMANDS = ["run", "demo", "sql", "generate", "parse-case-number", "explain", "report"]


def courts(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True,
                          input=stdin, timeout=120)


def test_every_command_has_help():
    from pipelines.cli import build_parser

    parser = build_parser()
    for cmd in COMMANDS:
        with pytest.raises(SystemExit) as exc:
            parser.parse_args([cmd, "--help"])
        assert exc.value.code == 0


@pytest.mark.parametrize("argv", [
    ["run"],                                   # --inbox missing
    ["run", "--inbox", "x", "--as-of", "2024-13-01"],
    ["nonsense"],
])
def test_bad_arguments_one_line_exit_2(argv):
    r = courts(*argv)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert "error" in r.stderr


def test_run_refuses_a_missing_inbox(tmp_path):
    r = courts("run", "--inbox", str(tmp_path / "nope"), "--warehouse", str(tmp_path / "w.duckdb"))
    assert r.returncode == 2 and "is not a folder" in r.stderr


def test_sql_prints_a_table_and_refuses_writes(tmp_path):
    path = tmp_path / "w.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        con.execute("INSERT INTO case_types VALUES ('民初', 'civil', 'first', '民事一审')")
    r = courts("sql", "--db", str(path), "SELECT case_type, category FROM case_types")
    assert r.returncode == 0
    assert "民初" in r.stdout and "civil" in r.stdout
    r = courts("sql", "--db", str(path), "DELETE FROM case_types")
    assert r.returncode == 2 and "read-only" in r.stderr.lower()
