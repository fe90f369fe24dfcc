"""Facts declared once stay declared once: the SQL side of "which files count as loaded"
(`warehouse/sql/macros/loaded_files.sql`) agrees with the ingest's Python constant, and
its macros work where they are used, also on a read-only connection to a copy and under
an issuer's court scope."""
from datetime import date, datetime

import duckdb
import pytest

from warehouse import db, models
from warehouse.ddl import ensure_schema
from warehouse.ingest import LOADED
from warehouse.issuers import scope

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
