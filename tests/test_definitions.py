"""The code location loads, and its assets, checks, jobs, schedules and sensors are the
ones we expect (a snapshot: update tests/snapshots/definitions.txt deliberately, with
UPDATE_SNAPSHOTS=1)."""
import os
import subprocess
import sys
from pathlib import Path

from pipelines.definitions import build_defs
from warehouse.tables import TABLES

SNAPSHOT = Path(__file__).parent / "snapshots" / "definitions.txt"


def describe(defs) -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        part = " [quarterly]" if node.partitions_def else ""
        lines.append(f"asset {key.to_user_string()}{part} group={node.group_name}")
    for ck in sorted(graph.asset_check_keys, key=lambda k: (k.asset_key.to_user_string(), k.name)):
        lines.append(f"check {ck.asset_key.to_user_string()}:{ck.name}")
    for job in sorted(j.name for j in defs.jobs):
        lines.append(f"job {job}")
    for s in sorted(defs.schedules, key=lambda s: s.name):
        lines.append(f"schedule {s.name} {s.cron_schedule} {s.execution_timezone}")
    for s in sorted(defs.sensors, key=lambda s: s.name):
        lines.append(f"sensor {s.name}")
    return "\n".join(lines) + "\n"


def test_definitions_match_snapshot(settings):
    text = describe(build_defs(settings))
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.exists(), "no snapshot: run UPDATE_SNAPSHOTS=1 pytest tests/test_definitions.py and review it"
    assert text == SNAPSHOT.read_text(encoding="utf-8"), \
        "definitions changed: review, then UPDATE_SNAPSHOTS=1 pytest tests/test_definitions.py"


def test_every_declared_table_is_an_asset_with_checks(settings):
    graph = build_defs(settings).resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    checked = {ck.asset_key.to_user_string() for ck in graph.asset_check_keys}
    for t in TABLES:
        name = "/".join(t.asset_key)
        assert name in keys, f"table {t.qualified} has no asset"
        assert name in checked, f"table {t.qualified} has no checks"


def test_dagster_definitions_validate(tmp_path):
    env = {"PATH": str(Path(sys.executable).parent), "COURTS_HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path),
           "DAGSTER_DISABLE_TELEMETRY": "1", "HOME": str(tmp_path)}
    r = subprocess.run([str(Path(sys.executable).parent / "dagster"), "definitions", "validate", "-w", "workspace.yaml"],
                       capture_output=True, text=True, env=env, cwd=Path(__file__).parent.parent, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr


def test_dg_check_defs_loads_the_project_without_warnings(tmp_path):
    """`dg check defs` (the `dg` project in pyproject.toml) loads the code location, and
    says nothing about deprecated, beta or preview APIs on the way."""
    import re
    import shutil

    root = Path(__file__).parent.parent
    shutil.copy(root / "runtime" / "dagster.yaml", tmp_path / "dagster.yaml")  # as `make dev` sets it up
    env = {"PATH": str(Path(sys.executable).parent), "COURTS_HOME": str(tmp_path), "DAGSTER_HOME": str(tmp_path),
           "DAGSTER_DISABLE_TELEMETRY": "1", "HOME": str(tmp_path), "LANG": os.environ.get("LANG", "C.UTF-8")}
    r = subprocess.run([str(Path(sys.executable).parent / "dg"), "check", "defs"],
                       capture_output=True, text=True, env=env, cwd=root, timeout=300)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert "All definitions loaded successfully" in out, out
    assert not re.search(r"(Deprecation|Beta|Preview|Superseded)Warning|WARNING", out), out


def test_schedules_run_by_default_and_a_switch_starts_them_stopped(settings, tmp_path):
    import dagster as dg
    import pytest

    from pipelines.schedules import default_status
    from warehouse.settings import Settings

    defs = build_defs(settings)
    assert {s.name: s.default_status for s in defs.schedules} == {
        s.name: dg.DefaultScheduleStatus.RUNNING for s in defs.schedules}
    stopped = Settings.from_env({"COURTS_HOME": str(tmp_path), "COURTS_SCHEDULES": "stopped"})
    assert default_status(stopped) == dg.DefaultScheduleStatus.STOPPED
    with pytest.raises(ValueError, match="COURTS_SCHEDULES='off'"):
        default_status(Settings.from_env({"COURTS_SCHEDULES": "off"}))


def test_schedules_ask_for_the_right_period(settings):
    import dagster as dg

    from pipelines import schedules

    repo = build_defs(settings).get_repository_def()

    def evaluate(schedule, when):
        ctx = dg.build_schedule_context(scheduled_execution_time=when, repository_def=repo)
        return schedule.evaluate_tick(ctx).run_requests[0]

    from datetime import datetime
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    q = evaluate(schedules.quarterly_after_quarter, datetime(2025, 1, 1, 3, tzinfo=tz))
    assert q.partition_key == "2024Q4"                 # the quarter just ended
    w = evaluate(schedules.weekly_alerts, datetime(2024, 3, 4, 7, 30, tzinfo=tz))
    assert w.run_config["ops"]["deadline_alerts"]["config"]["as_of_dates"] == ["2024-03-04"]
    m = evaluate(schedules.monthly_bulletin_schedule, datetime(2024, 3, 1, 8, tzinfo=tz))
    assert m.run_config["ops"]["monthly_bulletin"]["config"]["month"] == "2024-02"


def test_assets_carry_their_column_schema_from_the_table_declarations(settings):
    """The UI's column list (names, types, descriptions) is warehouse/tables.py's."""
    import dagster as dg

    graph = build_defs(settings).resolve_asset_graph()
    for t in TABLES:
        meta = graph.get(dg.AssetKey(t.asset_key)).metadata
        schema = meta["dagster/column_schema"]
        assert [(c.name, c.type) for c in schema.columns] == [(c.name, c.type) for c in t.columns], t.name
        first = t.columns[0]
        assert schema.columns[0].description == f"{first.zh}：{first.en}"
        assert schema.columns[0].constraints.nullable == (not first.not_null)
