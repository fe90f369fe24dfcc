"""deadline_alerts and long_pending_cases as of a date D: tier boundaries (days remaining
−1, 0, 5, 6, 15, 16, 30, 31), the ⅔ notice rule at equality and one day short, one tier
per case (the most severe), types without a limit, what "pending at D" means, the
long-pending tiers at exactly 12/18/36 months (with month-end clamping), configurable
thresholds, several as-of dates and the Dagster assets' run config."""
import shutil
from datetime import date

import dagster as dg
import duckdb
import pytest

from tests.test_performance import add_case, add_courts
from warehouse import db, models

D = date.fromisoformat
AS_OF = D("2024-03-31")


def build(con, name, dates):
    models.set_as_of(con, dates)
    return models.replace_partitions(con, name, dates)


def alerts(con, as_of=AS_OF) -> dict:
    return {
        n: (days, tier) for n, days, tier in con.execute(
            "SELECT case_number, days_remaining, tier FROM deadline_alerts WHERE as_of_date = ?", [as_of]).fetchall()
    }


def load_alert_cases(con):
    """民初 cases at 甘3001 around D = 2024-03-31 (deadlines set by hand)."""
    add_courts(con)
    a = add_case
    # filed 2024-01-01 unless the rule under test needs otherwise; elapsed 90 days at D
    a(con, "(2024)甘3001民初1号", "2023-09-30", None, "2024-03-30", judge="甲")   # −1 → 超期
    a(con, "(2024)甘3001民初2号", "2024-01-01", None, "2024-03-31", judge="甲")   # 0 → 督办
    a(con, "(2024)甘3001民初3号", "2023-10-05", None, "2024-04-05", judge="乙")   # 5 → 督办 (also ⅔: one tier only)
    a(con, "(2024)甘3001民初4号", "2024-03-01", None, "2024-04-06", judge="乙")   # 6 → 催办
    a(con, "(2024)甘3001民初5号", "2024-03-01", None, "2024-04-15", judge="乙")   # 15 → 催办
    a(con, "(2024)甘3001民初6号", "2024-03-20", None, "2024-04-16", judge="丙")   # 16 → 提示
    a(con, "(2024)甘3001民初7号", "2024-03-20", None, "2024-04-30", judge="丙")   # 30 → 提示
    # 31 days left, elapsed 30 of 61: 3 × 30 = 90 < 2 × 61 = 122 → no alert
    a(con, "(2024)甘3001民初8号", "2024-03-01", None, "2024-05-01", judge="丙")
    # ⅔ rule at equality: elapsed 62 (from 01-29), total 93 (to 05-01): 3 × 62 = 186 = 2 × 93 → 提示
    a(con, "(2024)甘3001民初9号", "2024-01-29", None, "2024-05-01", judge="丁")
    # one day short: elapsed 61, total 92: 183 < 184 → no alert
    a(con, "(2024)甘3001民初10号", "2024-01-30", None, "2024-05-01", judge="丁")
    # type without a statutory limit, very old: never alerted (but long-pending)
    a(con, "(2022)甘3001民督1号", "2022-01-01", None, None, judge="丁")
    # closed the day after D: still pending at D (3 days left → 督办)
    a(con, "(2024)甘3001民初11号", "2024-01-01", "2024-04-01", "2024-04-03", "判决", "戊")
    # closed on D: not pending at D
    a(con, "(2024)甘3001民初12号", "2024-01-01", "2024-03-31", "2024-04-03", "判决", "戊")
    # filed after D: not pending at D
    a(con, "(2024)甘3001民初13号", "2024-04-01", None, "2024-04-20", judge="戊")
    # 民特 filed on D itself, 30-day limit: elapsed 0, 30 days left → 提示
    a(con, "(2024)甘3001民特1号", "2024-03-31", None, "2024-04-30", judge="戊")


EXPECTED = {
    "(2024)甘3001民初1号": (-1, "超期"),
    "(2024)甘3001民初2号": (0, "督办"),
    "(2024)甘3001民初3号": (5, "督办"),
    "(2024)甘3001民初4号": (6, "催办"),
    "(2024)甘3001民初5号": (15, "催办"),
    "(2024)甘3001民初6号": (16, "提示"),
    "(2024)甘3001民初7号": (30, "提示"),
    "(2024)甘3001民初9号": (31, "提示"),
    "(2024)甘3001民初11号": (3, "督办"),
    "(2024)甘3001民特1号": (30, "提示"),
}


@pytest.fixture
def alert_con(con):
    load_alert_cases(con)
    return con


def test_tiers_at_their_boundaries_and_the_two_thirds_rule(alert_con):
    build(alert_con, "deadline_alerts", [AS_OF])
    assert alerts(alert_con) == EXPECTED


def test_alert_rows_carry_the_case_and_tier_rank(alert_con):
    build(alert_con, "deadline_alerts", [AS_OF])
    row = alert_con.execute(
        "SELECT court_code, judge, case_type, filing_date, deadline_date, tier_rank FROM deadline_alerts "
        "WHERE case_number = '(2024)甘3001民初3号'").fetchall()[0]
    assert row == ("甘3001", "乙", "民初", D("2023-10-05"), D("2024-04-05"), 2)
    ranks = dict(alert_con.execute("SELECT DISTINCT tier, tier_rank FROM deadline_alerts").fetchall())
    assert ranks == {"超期": 1, "督办": 2, "催办": 3, "提示": 4}


def test_several_as_of_dates_and_history_is_kept(alert_con):
    later = D("2024-04-07")
    build(alert_con, "deadline_alerts", [AS_OF, later])
    at_later = alerts(alert_con, later)
    # a week later: 民初4号 (deadline 04-06) is overdue, 民初11号 closed on 04-01 is gone,
    # 民初13号 (filed 04-01, deadline 04-20: 13 days) is now pending → 催办
    assert at_later["(2024)甘3001民初4号"] == (-1, "超期")
    assert "(2024)甘3001民初11号" not in at_later
    assert at_later["(2024)甘3001民初13号"] == (13, "催办")
    # rebuilding the later date alone keeps the earlier date's rows
    alert_con.execute("UPDATE cases SET closing_date = DATE '2024-04-02' WHERE case_number = '(2024)甘3001民初4号'")
    build(alert_con, "deadline_alerts", [later])
    assert alerts(alert_con) == EXPECTED
    assert "(2024)甘3001民初4号" not in alerts(alert_con, later)


def test_thresholds_are_configuration(alert_con, tmp_path, monkeypatch):
    from warehouse.settings import REFERENCE_DIR

    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    (ref / "alert_thresholds.csv").write_text(
        "tier_rank,tier,tier_en,min_days_remaining,max_days_remaining,elapsed_share_numerator,"
        "elapsed_share_denominator,meaning\n"
        "1,超期,overdue,,-1,,,\n"
        "2,督办,supervise,0,7,,,\n"          # widened from 5 to 7 days
        "3,催办,urge,8,15,,,\n"
        "4,提示,notice,16,20,,,\n",          # narrowed, and no ⅔ rule
        encoding="utf-8",
    )
    monkeypatch.setattr(models, "REFERENCE_DIR", ref)
    build(alert_con, "deadline_alerts", [AS_OF])
    got = alerts(alert_con)
    assert got["(2024)甘3001民初4号"] == (6, "督办")
    assert got["(2024)甘3001民初6号"] == (16, "提示")
    assert "(2024)甘3001民初7号" not in got   # 30 days: beyond the narrowed notice tier
    assert "(2024)甘3001民初9号" not in got   # no ⅔ rule configured


def test_alert_checks_pass_and_catch_a_wrong_tier(alert_con):
    import checks

    build(alert_con, "deadline_alerts", [AS_OF])
    assert all(r.passed for r in checks.evaluate(alert_con, "deadline_alerts"))
    alert_con.execute("UPDATE deadline_alerts SET tier = '超期', tier_rank = 1 WHERE days_remaining = 5")
    failed = {r.check_name for r in checks.evaluate(alert_con, "deadline_alerts") if not r.passed}
    assert failed == {"alert_tier_consistent"}
    # a milder tier than the case's days call for (催办 at 15 days shown as 提示) is caught too
    build(alert_con, "deadline_alerts", [AS_OF])
    alert_con.execute("UPDATE deadline_alerts SET tier = '提示', tier_rank = 4 WHERE tier_rank = 3")
    found = {r.check_name: r for r in checks.evaluate(alert_con, "deadline_alerts")}["alert_tier_consistent"]
    assert not found.passed and found.metadata["failing"].value > 0


@pytest.mark.parametrize("name, corrupt, check", [
    ("quarter_end_deadline_alerts", "SET tier = '提示', tier_rank = 4 WHERE tier_rank = 3", "alert_tier_consistent"),
    ("quarter_end_long_pending", "SET tier_months = 36 WHERE tier_months = 12", "long_pending_tier_consistent"),
])
def test_the_bulletins_quarter_end_lists_have_the_same_tier_checks(alert_con, name, corrupt, check):
    """The quarterly bulletin prints these lists: their tiers are checked like the weekly ones."""
    import checks

    add_case(alert_con, "(2022)甘3001民初99号", "2022-09-01", None, "2023-03-01")   # 18 months at 2024Q1's end
    add_case(alert_con, "(2023)甘3001民初99号", "2023-02-01", None, "2023-08-01")   # 12 months
    models.set_quarters(alert_con, ["2024Q1"])
    models.replace_partitions(alert_con, name, ["2024Q1"])
    assert alert_con.execute(f"SELECT count(*) FROM {name}").fetchone()[0] > 0
    assert all(r.passed for r in checks.evaluate(alert_con, name))
    alert_con.execute(f"UPDATE {name} {corrupt}")
    found = {r.check_name: r for r in checks.evaluate(alert_con, name)}[check]
    assert not found.passed and found.metadata["failing"].value > 0


# --- long-pending -------------------------------------------------------------------------

def long_pending(con, as_of=AS_OF) -> dict:
    return {
        n: (age, tier) for n, age, tier in con.execute(
            "SELECT case_number, age_days, tier_months FROM long_pending_cases WHERE as_of_date = ?", [as_of]).fetchall()
    }


def test_long_pending_tiers_at_exactly_12_18_36_months(con):
    add_courts(con)
    a = add_case
    a(con, "(2023)甘3001民初1号", "2023-03-31", None, "2023-09-30")   # exactly 12 months: not listed
    a(con, "(2023)甘3001民初2号", "2023-03-30", None, "2023-09-30")   # 12
    a(con, "(2022)甘3001民初1号", "2022-09-30", None, "2023-03-30")   # exactly 18 months: still 12
    a(con, "(2022)甘3001民初2号", "2022-09-29", None, "2023-03-29")   # 18
    a(con, "(2021)甘3001民初1号", "2021-03-31", None, "2021-09-30")   # exactly 36 months: still 18
    a(con, "(2021)甘3001民初2号", "2021-03-30", None, "2021-09-30")   # 36
    a(con, "(2022)甘3001民督1号", "2022-01-01", None, None)           # no limit: listed too (18)
    a(con, "(2022)甘3001民初3号", "2022-01-01", "2024-04-02", "2022-07-01", "判决")  # closed after D: pending at D
    a(con, "(2022)甘3001民初4号", "2022-01-01", "2024-03-31", "2022-07-01", "判决")  # closed on D: not pending
    build(con, "long_pending_cases", [AS_OF])
    assert long_pending(con) == {
        "(2023)甘3001民初2号": (367, 12),
        "(2022)甘3001民初1号": (548, 12),
        "(2022)甘3001民初2号": (549, 18),
        "(2021)甘3001民初1号": (1096, 18),
        "(2021)甘3001民初2号": (1097, 36),
        "(2022)甘3001民督1号": (820, 18),
        "(2022)甘3001民初3号": (820, 18),
    }
    import checks

    assert all(r.passed for r in checks.evaluate(con, "long_pending_cases"))


def test_long_pending_clamps_to_month_end(con):
    """D = 2024-02-29: 12 months before is 2023-02-28 (no 2023-02-29)."""
    add_courts(con)
    add_case(con, "(2023)甘3001民初1号", "2023-02-28", None, "2023-08-28")
    add_case(con, "(2023)甘3001民初2号", "2023-02-27", None, "2023-08-27")
    build(con, "long_pending_cases", [D("2024-02-29")])
    assert long_pending(con, D("2024-02-29")) == {"(2023)甘3001民初2号": (367, 12)}


# --- Dagster ----------------------------------------------------------------------------------

def _warehouse(settings):
    from warehouse.ddl import ensure_schema

    with db.connect(settings.warehouse) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "dispositions"):
            models.rebuild(con, name)
        load_alert_cases(con)
    return settings


def _materialize(settings, run_config=None):
    from assets import marts
    from runtime.resources import WarehouseResource

    as_of_assets = [a for a in marts.ASSETS if a.partitions_def is None]
    return dg.materialize(as_of_assets, resources={"warehouse": WarehouseResource.from_settings(settings)},
                          run_config=run_config)


def _counts(settings):
    con = duckdb.connect(str(settings.warehouse), read_only=True)
    out = {t: dict(con.execute(f"SELECT as_of_date, count(*) FROM {t} GROUP BY 1").fetchall())
           for t in ("deadline_alerts", "long_pending_cases")}
    con.close()
    return out


def test_assets_build_the_as_of_dates_of_their_run_config(settings):
    _warehouse(settings)
    cfg = {"ops": {op: {"config": {"as_of_dates": ["2024-03-31", "2024-04-07"]}}
                   for op in ("deadline_alerts", "long_pending_cases")}}
    result = _materialize(settings, cfg)
    assert result.success
    assert all(c.passed for c in result.get_asset_check_evaluations())
    counts = _counts(settings)
    assert counts["deadline_alerts"][AS_OF] == len(EXPECTED)
    assert set(counts["deadline_alerts"]) == {AS_OF, D("2024-04-07")}
    assert counts["long_pending_cases"] == {AS_OF: 1, D("2024-04-07"): 1}  # the 民督 of 2022


def test_assets_default_to_the_latest_export_date_loaded(settings):
    _warehouse(settings)
    with db.connect(settings.warehouse) as con:
        con.execute("""
            INSERT INTO ingested_files (file_path, court_code, sha256, size_bytes, export_date, rows_read,
                                        rows_loaded, rows_rejected, status, ingested_at)
            VALUES ('甘3001/20240331.csv', '甘3001', 'a', 1, DATE '2024-03-31', 1, 1, 0, 'loaded', now()),
                   ('甘3001/20240407.csv', '甘3001', 'b', 1, DATE '2024-04-07', 1, 0, 1, 'rejected', now())
        """)
    assert _materialize(settings).success
    counts = _counts(settings)
    assert set(counts["deadline_alerts"]) == {AS_OF}  # the rejected file's date does not count
    assert counts["deadline_alerts"][AS_OF] == len(EXPECTED)


def test_bad_as_of_date_fails_with_its_value(settings):
    _warehouse(settings)
    cfg = {"ops": {"deadline_alerts": {"config": {"as_of_dates": ["2024-13-01"]}}}}
    from assets import marts
    from runtime.resources import WarehouseResource

    with pytest.raises(ValueError, match="2024-13-01"):
        dg.materialize([a for a in marts.ASSETS if a.key.path == ["deadline_alerts"]],
                       resources={"warehouse": WarehouseResource.from_settings(settings)}, run_config=cfg)
