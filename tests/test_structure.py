"""The code's structure holds: facts declared once stay declared once, and code stays
readable in pieces.

- The SQL side of "which files count as loaded" (`warehouse/sql/macros/loaded_files.sql`)
  agrees with the ingest's Python constant, and its macros work where they are used, also
  on a read-only connection to a copy and under an issuer's court scope.
- A connection is prepared (reference views, macros) once, and again when a rollback
  dropped what was prepared or the files changed.
- No function of assets/, checks/, runtime/, pipelines/ or warehouse/ is longer than 60
  lines unless its docstring has a sentence starting "Long because" (read with `ast`).
"""
import ast
import os
import re
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from warehouse import db, models
from warehouse.ddl import ensure_schema
from warehouse.ingest import LOADED
from warehouse.issuers import scope

ROOT = Path(__file__).resolve().parent.parent
STATUSES = ("loaded", "partially_loaded", "rejected", "duplicate")  # ingested_files.status


@pytest.mark.parametrize("status", STATUSES)
def test_is_loaded_is_the_ingest_constant(con, status):
    models.register_macros(con, models.LOADED_FILES)
    assert db.scalar(con, "SELECT is_loaded(?)", [status]) is (status in LOADED)


FILES = [  # court, status, export date, ingested at
    ("A", "loaded", date(2024, 1, 5), datetime(2024, 1, 6, 8)),
    ("B", "partially_loaded", date(2024, 3, 1), datetime(2024, 3, 2, 8)),
    ("A", "rejected", date(2024, 5, 1), datetime(2024, 5, 2, 8)),
    ("B", "duplicate", date(2024, 6, 1), datetime(2024, 6, 2, 8)),
]


def test_loaded_file_macros_on_a_read_only_copy_and_in_a_scope(tmp_path):
    path = tmp_path / "copy.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        for i, (court, status, export, at) in enumerate(FILES):
            con.execute(
                "INSERT INTO ingested_files BY NAME SELECT ? AS file_path, ? AS court_code, ? AS sha256, "
                "? AS status, ?::DATE AS export_date, ?::TIMESTAMP AS ingested_at, 0 AS rows_read, "
                "0 AS rows_loaded, 0 AS rows_rejected, 1 AS size_bytes, 'csv' AS file_format",
                [f"{court}/{i}.csv", court, f"h{i}", status, export, at])
    with db.connect(path, read_only=True) as con:
        models.register_macros(con, models.CHECK_MACROS)
        assert db.scalar(con, "SELECT latest_export_date()") == date(2024, 3, 1)
        assert db.scalar(con, "SELECT latest_loaded_run()") == datetime(2024, 3, 2, 8)
        assert db.scalar(con, "SELECT count(*) FROM loaded_files()") == 2
        with scope(con, ["A"], tables=("ingested_files",)):
            assert db.scalar(con, "SELECT latest_export_date()") == date(2024, 1, 5)
        assert db.scalar(con, "SELECT latest_export_date()") == date(2024, 3, 1)


def _oids(con) -> dict[str, int]:
    return dict(con.execute("SELECT view_name, view_oid FROM duckdb_views() WHERE temporary "
                            "AND starts_with(view_name, 'ref_')").fetchall())


def test_a_connection_is_prepared_once_and_again_after_a_rollback_or_other_files(con, tmp_path):
    models.register_reference_views(con)
    models.register_macros(con)
    first = _oids(con)
    models.register_reference_views(con)  # held already: not created again
    models.register_macros(con)
    assert _oids(con) == first

    fresh = duckdb.connect()  # prepared inside a transaction that is rolled back
    ensure_schema(fresh)
    fresh.execute("BEGIN TRANSACTION")
    models.register_reference_views(fresh)
    models.register_macros(fresh, models.LOADED_FILES)
    fresh.execute("ROLLBACK")
    models.register_reference_views(fresh)  # the rollback dropped views, macros and markers alike
    models.register_macros(fresh, models.LOADED_FILES)
    assert db.scalar(fresh, "SELECT count(*) FROM ref_indicators") > 0
    assert db.scalar(fresh, "SELECT count(*) FROM loaded_files()") == 0

    weights = tmp_path / "weights.csv"  # another override file: the views follow it
    weights.write_text("indicator,weight\nclosure_rate,1\n", encoding="utf-8")
    models.register_reference_views(con, {"ranking_weights": weights})
    assert db.scalar(con, "SELECT count(*) FROM ref_ranking_weights") == 1
    models.register_reference_views(con)
    assert db.scalar(con, "SELECT count(*) FROM ref_ranking_weights") > 1


LONG = 60  # lines a function may have before it must be split or say why
PACKAGES = ("assets", "checks", "runtime", "pipelines", "warehouse")


def long_functions(root: Path) -> list[str]:
    """`path:line name (n lines)` of every function over LONG lines whose docstring has
    no sentence starting "Long because"."""
    found = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    continue
                lines = node.end_lineno - node.lineno + 1
                doc = " ".join((ast.get_docstring(node) or "").split())
                if lines > LONG and not re.search(r"(^|[.!?]\s+)Long because", doc):
                    found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({lines} lines)")
    return found


def test_no_function_is_long_without_a_reason():
    assert long_functions(ROOT) == []


def test_a_long_function_is_found_unless_its_docstring_says_why(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(LONG))
    (tmp_path / "warehouse").mkdir()
    (tmp_path / "warehouse" / "m.py").write_text(
        f'def long():\n    """Does things."""\n{body}\n\n\n'
        f'def justified():\n    """Does things. Long because one SQL statement reads best whole."""\n{body}\n',
        encoding="utf-8")
    assert long_functions(tmp_path) == [f"warehouse{os.sep}m.py:1 long ({LONG + 2} lines)"]
