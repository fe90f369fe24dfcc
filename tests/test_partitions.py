"""Quarter partitions are keyed by quarter label (`2024Q1`), run from the first quarter
(configured, else the first with data, else 2016Q1) to the current quarter, and Dagster's
own command line lists them so."""
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from runtime.partitions import QUARTERLY, by_quarter_and, quarter_keys
from warehouse.settings import Settings

KEY = re.compile(r"^\d{4}Q[1-4]$")
ROOT = Path(__file__).resolve().parent.parent


def test_keys_are_quarter_labels_up_to_the_current_quarter():
    keys = QUARTERLY.get_partition_keys()
    assert keys[0] == "2016Q1"  # pinned by conftest through COURTS_FIRST_QUARTER
    assert all(KEY.match(k) for k in keys), [k for k in keys if not KEY.match(k)]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert keys[-1] == f"{today.year}Q{(today.month - 1) // 3 + 1}"


def test_first_quarter_configured_else_with_data_else_2016(tmp_path):
    today = date(2025, 5, 20)
    s = Settings.under(tmp_path)
    assert quarter_keys(s, today)[:2] == ["2016Q1", "2016Q2"]           # nothing loaded yet
    s.published.parent.mkdir(parents=True)
    with duckdb.connect(str(s.published)) as con:
        con.execute("CREATE TABLE ingested_files (export_date DATE, status VARCHAR)")
        con.execute("INSERT INTO ingested_files VALUES ('2023-02-01', 'rejected'), "
                    "('2023-08-15', 'partially_loaded'), ('2024-01-03', 'loaded')")
    assert quarter_keys(s, today) == ["2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2"]
    configured = Settings.under(tmp_path, first_quarter="2024Q4")
    assert quarter_keys(configured, today) == ["2024Q4", "2025Q1", "2025Q2"]


@pytest.mark.parametrize("bad", ["2024-10-01", "2024Q5", "2030Q1"])
def test_a_bad_first_quarter_says_what_is_wrong(tmp_path, bad):
    with pytest.raises(ValueError, match=re.escape(bad)):
        quarter_keys(Settings.under(tmp_path, first_quarter=bad), date(2025, 5, 20))


def test_first_quarter_comes_from_the_environment():
    assert Settings.from_env({"COURTS_FIRST_QUARTER": "2023Q2"}).first_quarter == "2023Q2"
    assert Settings.from_env({}).first_quarter is None


def test_quarters_combine_with_another_dimension():
    multi = by_quarter_and("issuer", dg.StaticPartitionsDefinition(["甘南州中级人民法院"]))
    quarter = next(d for d in multi.partitions_defs if d.name == "quarter")
    assert quarter.partitions_def.get_partition_keys() == QUARTERLY.get_partition_keys()
    key = multi.get_partition_keys()[-1]
    assert key.keys_by_dimension["quarter"] == QUARTERLY.get_partition_keys()[-1]


def test_dagster_command_line_lists_quarter_keys(tmp_path):
    """`dagster job backfill` shows the partitions it would run (answered "no")."""
    env = {"PATH": str(Path(sys.executable).parent), "COURTS_HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path),
           "DAGSTER_DISABLE_TELEMETRY": "1", "HOME": str(tmp_path), "COURTS_FIRST_QUARTER": "2024Q1"}
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    r = subprocess.run([str(Path(sys.executable).parent / "dagster"), "job", "backfill", "-w", "workspace.yaml",
                        "-j", "quarterly_job", "--all", "all"], input="n\n",
                       capture_output=True, text=True, env={**env, "LANG": os.environ.get("LANG", "C.UTF-8")},
                       cwd=ROOT, timeout=300)
    out = r.stdout + r.stderr
    assert "Partitions:" in out, out
    listed = out.split("Partitions:", 1)[1].split("Do you want", 1)[0].split()
    assert listed[:4] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"], out
    assert all(KEY.match(k) for k in listed), listed
