"""`courts run` rebuilds only the quarters a delivery can move (pipelines.incremental,
warehouse.affected), and those it leaves alone are exactly what a rebuild of every
quarter would give.

A small Gannan inbox over 2024Q1–Q3 is run whole. Then deliveries arrive one at a time,
each after the last export, and after each run every quarterly mart (all quarters) and
the four core tables the `core` step refreshes are compared with a whole rebuild on a
copy of the warehouse (the rules themselves,
change by change, are tested on an in-memory warehouse at the end of this file):

- a new appeal (民终) of a first-instance case closed in 2024Q2: from 2024Q2 on (the origin's
  appeal rate), though the appeal itself is filed after Q3;
- the closing of a case pending since 2024Q1: only the last quarter (before its closing
  date the case was pending either way);
- another appeal of a 2024Q2 case, loaded by an `ingest_job` whose run is then deleted
  from the instance (as a run killed between the core step's commit and its events
  leaves no record there): from 2024Q2 on all the same, from `raw.pending_changes`;
- the newest court-day files the generator wrote (held back from the first run).

Each run after the first rebuilds the per-court marts of those quarters only for the
courts whose figures the delivery can move (the appeal's court and its origin's court;
the closed case's court), and the comparison shows no other court's rows moved.
"""
from __future__ import annotations

import csv
import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from generator import generate
from pipelines.definitions import build_defs
from pipelines.runner import run_pipeline
from warehouse import affected, models, values
from warehouse.reports.issued import rebuild_restatements
from warehouse.settings import Settings
from warehouse.tables import TABLES

HEADER = ["案号", "法院名称", "立案日期", "结案日期", "结案方式", "案由", "适用程序", "承办法官", "承办部门",
          "延长审限天数", "扣除审限天数", "原审案号", "申请执行标的金额", "执行到位金额", "当事人", "更新时间"]
# the quarterly marts in the order quarterly_job builds them (a later one reads an earlier one)
MARTS = ("court_quarter_performance", "court_ytd_performance", "judge_quarter_performance",
         "court_quarter_rankings", "court_quarter_standings", "quarter_end_long_pending",
         "quarter_end_deadline_alerts", "court_quarter_matter_ratio", "court_ytd_matter_ratio")
# the core tables the step refreshes for the changed cases (assets/core.py)
CORE = ("cases", "case_parties", "case_links", "case_families")


def test_the_marts_list_is_every_quarter_partitioned_table():
    assert {t.name for t in TABLES if t.partition_column == "quarter"} == set(MARTS)


def _write(path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, HEADER)
        w.writeheader()
        w.writerows(rows)


def _row(con, case_number: str, **change) -> dict:
    """The case's current state as an export row, with `change` applied."""
    cur = con.execute(
        "SELECT c.case_number, k.court_name, c.filing_date, c.closing_date, c.disposition, c.cause, c.procedure, "
        "c.judge, c.division, c.extension_days, c.excluded_days, c.origin_case_number, c.amount_claimed, "
        "c.amount_recovered FROM cases c JOIN courts k USING (court_code) WHERE c.case_number = ?", [case_number])
    values = list(cur.fetchone())
    row = dict(zip(HEADER[:14], ["" if v is None else str(v) for v in values], strict=True))
    return {**row, "当事人": "", "更新时间": "", **change}


def _differences(settings: Settings, work) -> dict[str, int]:
    """Rows that differ, per table, between the warehouse and a copy whose core tables are
    rebuilt whole and marts rebuilt for every quarter (doubles compared at 9 decimals)."""
    copy = work / "rebuilt.duckdb"
    shutil.copyfile(settings.warehouse, copy)
    out = {}
    with duckdb.connect(str(copy)) as con:
        con.execute("SET TimeZone = 'Asia/Shanghai'")
        con.execute(f"ATTACH '{settings.warehouse}' AS pipeline (READ_ONLY)")
        quarters = [q for (q,) in con.execute("SELECT DISTINCT quarter FROM court_quarter_performance ORDER BY 1")
                    .fetchall()]
        models.set_quarters(con, quarters)
        values.register_sql(con)
        for name in CORE:
            models.rebuild(con, name)
        for name in CORE + MARTS + ("restatements",):
            if name in MARTS:
                models.replace_partitions(con, name, quarters, settings.reference_overrides)
            if name == "restatements":
                rebuild_restatements(con)
            t = next(t for t in TABLES if t.name == name)
            cols = ", ".join(f'round("{c.name}", 9)' if c.type == "DOUBLE" else f'"{c.name}"' for c in t.columns)
            mine, theirs = f"SELECT {cols} FROM main.{name}", f"SELECT {cols} FROM pipeline.main.{name}"
            out[name] = con.execute(f"SELECT count(*) FROM (({mine} EXCEPT ALL {theirs}) UNION ALL "
                                    f"({theirs} EXCEPT ALL {mine}))").fetchone()[0]
    copy.unlink()
    return out


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    home = tmp_path_factory.mktemp("incremental")
    generate(home, preset="gannan", start=date(2024, 1, 1), end=date(2024, 10, 12), seed=5, scale=0.04, faults=0.0)
    inbox, held = home / "inbox", home / "held"
    newest = sorted(inbox.rglob("2024101*_*"))
    assert newest, "the generator wrote no file after 2024-10-10"
    for p in newest:  # the last days' files wait for the last delivery
        (held / p.relative_to(inbox)).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(p, held / p.relative_to(inbox))
    settings = Settings.under(home, registry="gannan")
    instance = dg.DagsterInstance.ephemeral()
    steps = {"whole": run_pipeline(settings, instance=instance)}

    def pick(sql: str) -> tuple:
        with duckdb.connect(str(settings.warehouse), read_only=True) as con:
            found = con.execute(sql).fetchone()
        assert found, f"the sample has no case for: {sql}"
        return found

    def finish(step: str) -> None:
        steps[step] = run_pipeline(settings, instance=instance)
        steps[step]["differences"] = _differences(settings, home)
        steps[step]["pending left"] = pick("SELECT count(*) FROM raw.pending_changes")[0]
        mart = instance.get_latest_materialization_event(dg.AssetKey("court_quarter_performance"))
        steps[step]["mart courts"] = mart.asset_materialization.metadata["courts"].value
        restated = instance.get_latest_materialization_event(dg.AssetKey("restatements")).asset_materialization
        steps[step]["restatements compared"] = restated.metadata["compared_courts"].value
        steps[step]["restated"] = restated.metadata["rows"].value

    def deliver(step: str, court: str, day: str, rows: list[dict]) -> None:
        _write(inbox / court / f"{day}_案件信息.csv", rows)
        finish(step)

    origin, steps["origin court"] = pick("SELECT case_number, court_code FROM cases c WHERE case_type = '民初' "
                                         "AND court_code <> '甘30' "
                  "AND closing_date BETWEEN '2024-04-01' AND '2024-06-30' AND NOT EXISTS "
                  "(SELECT 1 FROM cases a WHERE a.origin_case_number = c.case_number) ORDER BY case_number LIMIT 1")
    appeal = {**dict.fromkeys(HEADER, ""), "案号": "（2024）甘30民终9001号", "法院名称": "甘肃省甘南藏族自治州中级人民法院",
              "立案日期": "2024-10-11", "案由": "合同纠纷", "承办法官": "二审法官", "原审案号": origin,
              "更新时间": "2024-10-11 09:00"}
    deliver("appeal of a Q2 case", "甘30", "20241011", [appeal])

    pending, court = pick("SELECT case_number, court_code FROM cases WHERE closing_date IS NULL "
                          "AND filing_date BETWEEN '2024-01-01' AND '2024-03-31' ORDER BY case_number LIMIT 1")
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rows = [_row(con, pending, 结案日期="2024-10-11", 结案方式="判决", 更新时间="2024-10-11 10:00")]
    deliver("old case closed", court, "20241011", rows)
    steps["closed court"] = court

    second, steps["second court"] = pick("SELECT case_number, court_code FROM cases c WHERE case_type = '民初' "
                                         "AND court_code <> '甘30' "
                   f"AND closing_date BETWEEN '2024-04-01' AND '2024-06-30' AND case_number <> '{origin}' AND NOT "
                   "EXISTS (SELECT 1 FROM cases a WHERE a.origin_case_number = c.case_number) ORDER BY case_number LIMIT 1")
    _write(inbox / "甘30" / "20241012_案件信息.csv", [{**appeal, "案号": "（2024）甘30民终9002号", "原审案号": second}])
    lost = build_defs(settings).resolve_job_def("ingest_job").execute_in_process(instance=instance)
    assert lost.success
    instance.delete_run(lost.run_id)
    finish("appeal whose run left no record")

    for p in newest:
        shutil.move(held / p.relative_to(inbox), p)
    finish("newest files")
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        steps["appeal counted"] = con.execute(
            "SELECT count(*) FROM cases WHERE case_number = '（2024）甘30民终9001号' AND origin_case_number = ?",
            [origin]).fetchone()[0]
    return steps


def test_every_run_leaves_the_same_tables_as_a_whole_rebuild(runs):
    assert runs["appeal counted"] == 1
    for step, result in runs.items():
        if isinstance(result, dict) and step != "whole":
            assert set(result["differences"].values()) == {0}, (step, result["differences"])


def test_each_delivery_rebuilds_from_the_first_quarter_it_can_move(runs):
    assert runs["whole"]["quarters_run"] == ["2024Q1", "2024Q2", "2024Q3"]
    assert runs["appeal of a Q2 case"]["quarters_run"] == ["2024Q2", "2024Q3"]
    assert runs["old case closed"]["quarters_run"] == ["2024Q3"]
    assert "2024Q1, 2024Q2 unchanged" in runs["old case closed"]["quarters_reason"]
    assert runs["appeal whose run left no record"]["quarters_run"] == ["2024Q2", "2024Q3"]
    assert runs["appeal whose run left no record"]["skipped"][:1] == ["ingest_job"]  # nothing new in the inbox


def test_each_delivery_rebuilds_only_the_courts_whose_figures_it_can_move(runs):
    """The per-court marts of the quarters rebuilt are rebuilt for those courts only (the
    comparison with a whole rebuild above shows no other court's rows moved)."""
    assert runs["whole"]["quarters_courts"] is None                       # every court: nothing built yet
    assert runs["appeal of a Q2 case"]["quarters_courts"] == sorted(["甘30", runs["origin court"]])
    assert runs["old case closed"]["quarters_courts"] == [runs["closed court"]]
    assert runs["appeal whose run left no record"]["quarters_courts"] == sorted(["甘30", runs["second court"]])
    for step in ("appeal of a Q2 case", "old case closed", "appeal whose run left no record"):
        assert runs[step]["mart courts"] == ", ".join(runs[step]["quarters_courts"]), step   # what the asset did


def test_restatements_compare_again_only_the_courts_whose_marts_moved(runs):
    """A narrowed run compares only its courts' issued figures again and keeps the others'
    restated figures (the comparison with a whole rebuild above covers `restatements`);
    the bulletins the first run issued after its restatements step do not widen it."""
    for step in ("appeal of a Q2 case", "old case closed", "appeal whose run left no record"):
        assert runs[step]["restatements compared"] == ", ".join(runs[step]["quarters_courts"]), step
    assert runs["appeal of a Q2 case"]["restated"] > 0, "the appeal restates its origin court's issued Q2 figures"


def test_a_successful_run_takes_in_every_pending_change(runs):
    assert {step: r["pending left"] for step, r in runs.items() if isinstance(r, dict) and "pending left" in r} == dict.fromkeys(
        ["appeal of a Q2 case", "old case closed", "appeal whose run left no record", "newest files"], 0)


# --- the rules, case by case (warehouse/sql/affected/*.sql), on an in-memory warehouse ---

def _case(number: str, filing: str, closing: str | None = None, **other) -> dict:
    return {"case_number": number, "court_code": "甘3001", "case_type": other.pop("case_type", "民初"),
            "filing_date": filing, "closing_date": closing, "judge": "甲", "versions": 1, **other}


def _affected(con, before: list[dict], after: list[dict], others: list[dict] = ()):
    """affected_from for a refresh that turned `before` into `after` (`others`: cases
    outside the scope); `_affected.courts` holds the courts found with it."""
    con.execute("DELETE FROM cases")
    for row in [*after, *others]:
        cols = ", ".join(f'"{k}"' for k in row)
        con.execute(f"INSERT INTO cases ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    con.execute("CREATE OR REPLACE TEMP TABLE core_scope AS SELECT unnest(?) AS case_number",
                [sorted({r["case_number"] for r in [*before, *after]})])
    con.execute("CREATE OR REPLACE TEMP TABLE cases_before AS SELECT * FROM cases LIMIT 0")
    for row in before:
        cols = ", ".join(f'"{k}"' for k in row)
        con.execute(f"INSERT INTO cases_before ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    found = affected.affected(con, "cases")
    _affected.courts = None if found.courts is None else sorted(found.courts)
    return found.since.isoformat() if found.since else None


def test_a_change_of_any_column_but_the_closing_ones_reaches_back_to_the_filing_date(con):
    old = _case("A", "2023-05-01", "2024-08-01")
    assert _affected(con, [old], [{**old, "judge": "乙"}]) == "2023-05-01"
    assert _affected(con, [old], [{**old, "filing_date": "2023-07-01"}]) == "2023-05-01"
    assert _affected(con, [], [old]) == "2023-05-01"           # a new case
    assert _affected(con, [old], []) == "2023-05-01"           # a case gone with a re-delivered file


def test_a_change_of_the_closing_only_reaches_back_to_the_earlier_closing_date(con):
    old = _case("A", "2023-05-01")
    assert _affected(con, [old], [{**old, "closing_date": "2024-08-01", "disposition": "判决"}]) == "2024-08-01"
    closed = _case("A", "2023-05-01", "2024-08-01")
    assert _affected(con, [closed], [{**closed, "closing_date": "2024-03-01"}]) == "2024-03-01"
    assert _affected(con, [closed], [{**closed, "closing_date": None}]) == "2024-08-01"


def test_a_new_version_that_changes_no_figure_reaches_nothing(con):
    old = _case("A", "2023-05-01")
    assert _affected(con, [old], [{**old, "last_file": "甘3001/20240105.csv", "versions": 2}]) is None


def test_an_appeal_reaches_back_to_its_origins_closing_date(con):
    origin = _case("O", "2023-01-10", "2023-06-20")
    appeal = _case("P", "2024-02-01", case_type="民终", origin_case_number="O", court_code="甘30")
    assert _affected(con, [], [appeal], others=[origin]) == "2023-06-20"
    assert _affected.courts == ["甘30", "甘3001"]   # the appeal's court, and its origin's appeal rate
    enforcement = _case("E", "2024-02-01", case_type="执", origin_case_number="O", court_code="甘3002")
    assert _affected(con, [], [enforcement], others=[origin]) == "2024-02-01"   # not an appeal
    assert _affected.courts == ["甘3002"]
    pending_origin = _case("O", "2023-01-10")
    assert _affected(con, [], [appeal], others=[pending_origin]) == "2024-02-01"
    assert _affected.courts == ["甘30"]   # an origin not closed has no appeal rate to move


def test_the_courts_are_those_of_the_changed_cases_before_and_after(con):
    old = _case("A", "2023-05-01", "2024-08-01")
    assert _affected(con, [old], [{**old, "court_code": "甘3002"}]) == "2023-05-01"
    assert _affected.courts == ["甘3001", "甘3002"]   # a case that moved court: both courts' figures
    assert _affected(con, [old], [{**old, "closing_date": "2024-09-01"}], others=[_case("B", "2023-01-01")]) \
        == "2024-08-01"
    assert _affected.courts == ["甘3001"]
    assert _affected(con, [old], [{**old, "versions": 2}]) is None
    assert _affected.courts == []


def test_a_changed_link_reaches_back_to_the_filing_date_of_its_case(con):
    columns = "case_number, filing_date, origin_case_number, origin_status, link_kind, root_case_number, in_cycle"
    con.execute(f"INSERT INTO case_links ({columns}) VALUES "
                "('D', '2023-11-02', 'X', 'known', 'appeal', 'R', false), "
                "('E', '2024-03-05', 'D', 'known', 'appeal', 'R', false)")
    con.execute("CREATE TEMP TABLE links_scope AS SELECT unnest(['D', 'E']) AS case_number")
    for root, court in (("R", "甘3001"), ("S", "甘3002")):  # the roots' own cases
        con.execute("INSERT INTO cases (case_number, court_code, filing_date) VALUES (?, ?, '2023-01-01')",
                    [root, court])
    affected.snapshot(con, "cases", "false")
    affected.snapshot(con, "case_links")
    assert affected.affected(con, "case_links") == affected.Moved(None, frozenset())
    # D's origin X names another root now: D and the case derived from it move families,
    # from R's court's 案件比 to S's
    con.execute("UPDATE case_links SET root_case_number = 'S'")
    assert affected.affected(con, "case_links") == affected.Moved(date(2023, 11, 2), frozenset({"甘3001", "甘3002"}))
    con.execute("DELETE FROM case_links WHERE case_number = 'D'")
    assert affected.affected(con, "case_links").since.isoformat() == "2023-11-02"
    # a root no table knows: its court is not known, so every court's figures can move
    con.execute("UPDATE case_links SET root_case_number = 'Q'")
    assert affected.affected(con, "case_links").courts is None


def test_builds_that_name_their_courts_narrow_the_rebuild_and_any_other_widens_it(con):
    affected.record_pending(con, "run-a", "2024-05-01", frozenset({"甘3001"}))
    affected.record_pending(con, "run-b", "2024-02-01", frozenset({"甘30", "甘3002"}))
    assert affected.pending_courts(con, list(affected.pending(con))) == ["甘30", "甘3001", "甘3002"]
    affected.record_pending(con, "run-c", "2024-06-01")   # a build whose courts are not known
    assert affected.pending_courts(con, list(affected.pending(con))) is None
    assert affected.pending_courts(con, []) == []


# --- which run is a base, and what it covered (pipelines.incremental) ---

def test_the_base_is_the_latest_quarterly_run_only_if_courts_run_launched_it_complete():
    """A later quarterly run from the UI, a schedule, `--quarter` or other settings may have
    rewritten quarters no record describes: then every quarter is rebuilt. Coverage that
    grows at either end is rebuilt from its new first quarter."""
    from pipelines import incremental

    instance = dg.DagsterInstance.ephemeral()
    covered = ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]

    def quarterly(status=dg.DagsterRunStatus.SUCCESS, **tags):
        instance.add_run(dg.DagsterRun(job_name="quarterly_job", status=status, tags=tags))

    complete = {incremental.STATIC_TAG: "s", incremental.COMPLETE_TAG: "1",
                incremental.COVERED_FROM_TAG: "2024Q1", incremental.RANGE_END: "2024Q4"}
    moved = {("run", "2024-11-01 10:00:00"): "2024-05-02"}    # raw.pending_changes, as read
    assert incremental.quarters_to_run(instance, "s", covered, moved).quarters == covered   # no run yet
    quarterly(**complete)
    assert incremental.quarters_to_run(instance, "s", covered, moved).quarters == covered[1:]
    assert incremental.quarters_to_run(instance, "s", covered, {**moved, ("b", "t"): "all"}).quarters == covered
    assert incremental.quarters_to_run(instance, "other settings", covered, moved).quarters == covered
    # an older export arrived: 2023Q4 is covered now and was never built
    assert incremental.quarters_to_run(instance, "s", ["2023Q4", *covered], {}).quarters == ["2023Q4", *covered]
    quarterly()                                           # a later run from the UI: no record of what it did
    assert incremental.quarters_to_run(instance, "s", covered, {}).quarters == covered
    quarterly(**complete)
    assert incremental.quarters_to_run(instance, "s", covered, {}).quarters == covered[-1:]   # nothing pending
    # the courts: those the builds name, unless a quarter is new or they are too many to list
    narrowed = incremental.quarters_to_run(instance, "s", covered, moved, ["甘3001"])
    assert (narrowed.courts, narrowed.reason.count("the figures of 甘3001 only")) == (["甘3001"], 1)
    assert incremental.quarters_to_run(instance, "s", covered, moved, None).courts is None
    many = [f"c{i:04d}" for i in range(incremental.NARROW_MAX + 1)]
    assert incremental.quarters_to_run(instance, "s", covered, moved, many).courts is None
    assert incremental.quarters_to_run(instance, "s", ["2023Q4", *covered], moved, ["甘3001"]).courts is None
    quarterly(dg.DagsterRunStatus.FAILURE, **complete)    # a failed run may have rewritten some marts
    assert incremental.quarters_to_run(instance, "s", covered, {}).quarters == covered
    assert incremental.quarters_to_run(instance, "s", covered, moved, ["甘3001"]).courts is None


def test_consuming_leaves_what_was_written_after_the_read(con):
    affected.record_pending(con, "run-a", "2024-05-01")
    affected.record_pending(con, "run-b", affected.ALL)
    affected.record_pending(con, "run-c", "")  # nothing moved: nothing kept
    read = affected.pending(con)
    assert sorted(read.values()) == ["2024-05-01", affected.ALL]
    affected.record_pending(con, "run-b", "2024-02-01")  # run-b's step retried after the read
    affected.record_pending(con, "run-d", "2024-08-01")  # a build after the read
    affected.consume(con, list(read))
    assert sorted(affected.pending(con).values()) == ["2024-02-01", "2024-08-01"]
