"""The Parquet lake (`courts export-lake`): every lake table reads back from DuckDB with
the warehouse's rows, partitions are hive folders with a manifest naming the run that
wrote them, and a second export rewrites only the partitions whose rows changed."""
import json
import subprocess
import sys

import duckdb
import pytest

from warehouse import lake


@pytest.fixture(scope="module")
def exported(gansu_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("lake")
    con = duckdb.connect(gansu_warehouse, read_only=True)
    first = lake.export_lake(con, root, run_id="run-1")
    con.close()
    return gansu_warehouse, root, first


def test_every_lake_table_reads_back_with_the_warehouse_rows(exported):
    source, root, _ = exported
    con = duckdb.connect()
    con.execute(f"ATTACH '{source}' AS wh (READ_ONLY)")
    views = lake.lake_views(con, root)
    assert set(views) == {t.name for t in lake.LAKE_TABLES}
    for t in lake.LAKE_TABLES:
        cols = ", ".join(f'"{c}"' for c in con.execute(f"SELECT * FROM wh.main.{t.name} LIMIT 0").fetchdf().columns)
        diff = con.execute(
            f"SELECT count(*) FROM ((SELECT {cols} FROM wh.main.{t.name} EXCEPT ALL SELECT {cols} FROM main.\"{t.name}\") "
            f"UNION ALL (SELECT {cols} FROM main.\"{t.name}\" EXCEPT ALL SELECT {cols} FROM wh.main.{t.name}))"
        ).fetchone()[0]
        assert diff == 0, t.name


def test_partitions_are_hive_folders_recorded_in_the_manifest(exported):
    _, root, first = exported
    manifest = json.loads((root / "_manifest.json").read_text(encoding="utf-8"))
    perf = manifest["tables"]["court_quarter_performance"]["partitions"]
    assert set(perf) == {"quarter=2023Q4", "quarter=2024Q1", "quarter=2024Q2"}
    assert all(p["run_id"] == "run-1" and p["rows"] > 0 for p in perf.values())
    assert (root / "court_quarter_performance" / "quarter=2024Q1" / "data_0.parquet").exists()
    assert (root / "cases").glob("filing_quarter=*/data_0.parquet")
    alerts = manifest["tables"]["deadline_alerts"]["partitions"]
    assert list(alerts) == ["as_of_date=2024-07-15"]
    assert first["tables"]["cases"]["written"] == first["tables"]["cases"]["partitions"] > 1


def test_second_export_rewrites_only_changed_partitions(exported, tmp_path):
    source, root, _ = exported
    copy = tmp_path / "wh.duckdb"
    copy.write_bytes(open(source, "rb").read())
    con = duckdb.connect(str(copy))
    unchanged = lake.export_lake(con, root, run_id="run-2")
    assert all(v["written"] == 0 and v["removed"] == 0 for v in unchanged["tables"].values())
    before = {p.name: p.stat().st_mtime_ns for p in (root / "court_quarter_performance").glob("*/data_0.parquet")}
    # one quarter's mart changes, another quarter disappears
    con.execute("UPDATE court_quarter_performance SET closed = closed + 1 WHERE quarter = '2024Q1' AND category = 'all'")
    con.execute("DELETE FROM court_quarter_performance WHERE quarter = '2023Q4'")
    changed = lake.export_lake(con, root, run_id="run-3")
    con.close()
    perf = changed["tables"]["court_quarter_performance"]
    assert (perf["written"], perf["removed"]) == (1, 1)
    assert all(v["written"] == 0 for k, v in changed["tables"].items() if k != "court_quarter_performance")
    manifest = lake.read_manifest(root)["tables"]["court_quarter_performance"]["partitions"]
    assert {k: v["run_id"] for k, v in manifest.items()} == {"quarter=2024Q1": "run-3", "quarter=2024Q2": "run-1"}
    assert not (root / "court_quarter_performance" / "quarter=2023Q4").exists()
    con = duckdb.connect()
    lake.lake_views(con, root)
    assert con.execute("SELECT sum(closed) FROM court_quarter_performance WHERE quarter = '2024Q1' AND category = 'all'"
                       ).fetchone()[0] == duckdb.connect(str(copy), read_only=True).execute(
        "SELECT sum(closed) FROM court_quarter_performance WHERE quarter = '2024Q1' AND category = 'all'").fetchone()[0]
    assert before  # the first export wrote files


def test_a_corrupt_manifest_is_a_clear_error(tmp_path):
    (tmp_path / "_manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="_manifest.json.*not a lake manifest"):
        lake.read_manifest(tmp_path)


def test_cli_export_lake(exported, tmp_path):
    source, _, _ = exported
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "export-lake", "--db", source, "--out", str(tmp_path / "l")],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["tables"]["cases"]["rows"] > 0
    missing = subprocess.run([sys.executable, "-m", "pipelines.cli", "export-lake", "--db", str(tmp_path / "none.duckdb"),
                              "--out", str(tmp_path / "l")], capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "no database" in missing.stderr
