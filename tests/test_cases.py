"""`cases` and `case_parties` from case_versions: the latest state by the spec's
precedence, and deadlines by spec/time-limits.md (hand-computed dates)."""
import datetime as dt

import pytest

from warehouse import casenumber, models, values

D = dt.date.fromisoformat
T = dt.datetime.fromisoformat

COLUMNS = ("case_number", "court_code", "case_year", "case_type", "procedure", "filing_date", "closing_date",
           "extension_days", "excluded_days", "origin_case_number", "updated_at", "export_date", "file_path",
           "sha256", "row_number", "disposition", "disposition_group", "judge")


def version(number, filing, *, closing=None, procedure=None, ext=0, excl=0, origin=None, updated=None,
            export="2025-06-30", file="甘3001/20250630.csv", row=1, judge="王法官"):
    p = casenumber.parse(number)
    return (p.normalized, p.court_code, p.year, p.case_type, procedure, D(filing), D(closing) if closing else None, ext, excl,
            origin, T(updated) if updated else None, D(export), file, "sha-" + file, row,
            "判决" if closing else None, "judgment" if closing else None, judge)


@pytest.fixture
def load(con):
    values.register_sql(con)

    def _load(*versions):
        con.executemany(
            f"INSERT INTO case_versions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
            list(versions),
        )
        models.rebuild(con, "cases")
        cols = [d[0] for d in con.execute("SELECT * FROM cases LIMIT 0").description]
        return {r[0]: dict(zip(cols, r, strict=True)) for r in con.execute("SELECT * FROM cases").fetchall()}

    return _load


def test_latest_state_precedence(load):
    a, b, c = "（2024）甘3001民初1号", "（2024）甘3001民初2号", "（2024）甘3001民初3号"
    cases = load(
        # A: an 更新时间 beats none, even from a later export; equal 更新时间 → later export wins
        version(a, "2024-01-02", updated="2024-01-04 10:00", export="2024-01-05", file="甘3001/20240105.csv", row=1),
        version(a, "2024-01-02", closing="2024-01-10", export="2024-01-12", file="甘3001/20240112.csv", row=3),
        version(a, "2024-01-02", closing="2024-01-15", updated="2024-01-04 10:00", export="2024-01-19",
                file="甘3001/20240119.csv", row=2),
        # B: no 更新时间 anywhere, same file → the later row wins
        version(b, "2024-01-03", export="2024-01-05", file="甘3001/20240105.csv", row=4, judge="甲"),
        version(b, "2024-01-03", export="2024-01-05", file="甘3001/20240105.csv", row=5, judge="乙"),
        # C: the latest 更新时间 wins over a later export date
        version(c, "2024-01-03", closing="2024-01-05", updated="2024-01-05 12:00", export="2024-01-05",
                file="甘3001/20240105.csv", row=6),
        version(c, "2024-01-03", updated="2024-01-05 08:00", export="2024-01-12", file="甘3001/20240112.csv", row=7),
    )
    assert (cases[a]["closing_date"], cases[a]["last_file"], cases[a]["last_row_number"]) == (
        D("2024-01-15"), "甘3001/20240119.csv", 2)
    assert (cases[a]["first_file"], cases[a]["versions"]) == ("甘3001/20240105.csv", 3)
    assert (cases[b]["judge"], cases[b]["last_row_number"], cases[b]["versions"]) == ("乙", 5, 2)
    assert (cases[c]["closing_date"], cases[c]["last_file"], cases[c]["updated_at"]) == (
        D("2024-01-05"), "甘3001/20240105.csv", T("2024-01-05 12:00"))


def test_month_limits_clamp_to_month_end_and_the_deadline_day_is_within(load):
    cases = load(
        version("（2023）甘3001民初1号", "2023-11-30", closing="2024-02-29", procedure="简易程序"),
        version("（2024）甘3001民初2号", "2024-08-31", closing="2025-03-01", procedure="普通程序"),
        version("（2024）甘30民终3号", "2024-01-31"),
    )
    one, two, three = (cases[n] for n in ("（2023）甘3001民初1号", "（2024）甘3001民初2号", "（2024）甘30民终3号"))
    assert (one["limit_label"], one["deadline_date"], one["closed_within_limit"], one["duration_days"]) == (
        "3 months", D("2024-02-29"), True, 91)
    assert (two["deadline_date"], two["closed_within_limit"], two["duration_days"]) == (D("2025-02-28"), False, 182)
    assert (three["limit_label"], three["deadline_date"], three["closed_within_limit"], three["duration_days"]) == (
        "3 months", D("2024-04-30"), None, None)
    assert (three["category"], three["instance"]) == ("civil", "second")


def test_day_limits_extensions_and_excluded_days(load):
    cases = load(
        version("（2024）甘3001民特1号", "2024-03-01", closing="2024-03-31", procedure="特别程序"),
        version("（2024）甘3001刑初2号", "2024-03-25", closing="2024-04-05", procedure="速裁程序"),
        version("（2024）甘3001民初3号", "2024-03-01", closing="2024-05-16", procedure="小额诉讼程序", ext=10, excl=5),
    )
    special = cases["（2024）甘3001民特1号"]
    assert (special["limit_label"], special["deadline_date"], special["closed_within_limit"]) == ("30 days", D("2024-03-31"), True)
    assert (special["category"], special["instance"]) == ("civil", "other")
    fast = cases["（2024）甘3001刑初2号"]
    assert (fast["limit_label"], fast["deadline_date"], fast["closed_within_limit"]) == ("10 days", D("2024-04-04"), False)
    small = cases["（2024）甘3001民初3号"]
    # 2024-03-01 + 2 months = 2024-05-01, + 10 extension + 5 excluded days
    assert (small["deadline_date"], small["closed_within_limit"], small["duration_days"]) == (D("2024-05-16"), True, 71)


def test_default_procedure_fallback_keeps_the_exported_procedure(load):
    cases = load(
        version("（2024）甘3001民初1号", "2024-01-31"),
        version("（2024）甘3001民初2号", "2024-01-31", procedure="特别程序"),
        version("（2024）甘3001刑初3号", "2024-01-31"),
    )
    assert (cases["（2024）甘3001民初1号"]["procedure"], cases["（2024）甘3001民初1号"]["limit_label"],
            cases["（2024）甘3001民初1号"]["deadline_date"]) == (None, "6 months", D("2024-07-31"))
    assert (cases["（2024）甘3001民初2号"]["procedure"], cases["（2024）甘3001民初2号"]["limit_label"]) == ("特别程序", "6 months")
    assert (cases["（2024）甘3001刑初3号"]["limit_label"], cases["（2024）甘3001刑初3号"]["deadline_date"]) == (
        "3 months", D("2024-04-30"))


def test_retrials_take_the_limit_of_the_instance_retried(load):
    cases = load(
        version("（2024）甘30民再1号", "2024-01-15", origin="（2023）甘30民终5号"),
        version("（2024）甘30民再2号", "2024-01-15", origin="（2023）甘3001民初5号"),
        version("（2024）甘30民再3号", "2024-01-15"),
        version("（2024）甘30刑再4号", "2024-01-15", origin="（2022）甘30刑终7号"),
    )
    got = {n: (c["limit_label"], c["deadline_date"]) for n, c in cases.items()}
    assert got == {
        "（2024）甘30民再1号": ("3 months", D("2024-04-15")),
        "（2024）甘30民再2号": ("6 months", D("2024-07-15")),
        "（2024）甘30民再3号": ("6 months", D("2024-07-15")),
        "（2024）甘30刑再4号": ("3 months", D("2024-04-15")),
    }


def test_types_without_a_limit(load):
    cases = load(
        version("（2024）甘3001执保1号", "2024-01-10", closing="2024-01-20"),
        version("（2024）甘3001执保2号", "2024-01-10"),
    )
    closed, pending = cases["（2024）甘3001执保1号"], cases["（2024）甘3001执保2号"]
    assert (closed["limit_label"], closed["deadline_date"], closed["closed_within_limit"], closed["duration_days"]) == (
        None, None, None, 10)
    assert (closed["category"], closed["instance"]) == ("preservation", "execution")
    assert (pending["closed_within_limit"], pending["duration_days"]) == (None, None)


def test_parties_come_from_the_winning_version(con, load):
    n = "（2024）甘3001民初1号"
    load(
        version(n, "2024-01-02", export="2024-01-05", file="甘3001/20240105.csv", row=1),
        version(n, "2024-01-02", export="2024-01-12", file="甘3001/20240112.csv", row=1),
    )
    con.executemany(
        "INSERT INTO raw.case_rows (sha256, file_path, row_number, case_number, parties) VALUES (?, ?, 1, ?, ?)",
        [("sha-甘3001/20240105.csv", "甘3001/20240105.csv", n, "旧当事人"),
         ("sha-甘3001/20240112.csv", "甘3001/20240112.csv", n, " 张三；李四;　王五 ；；")],
    )
    models.rebuild(con, "case_parties")
    assert con.execute("SELECT case_number, party, position FROM case_parties ORDER BY position").fetchall() == [
        (n, "张三", 1), (n, "李四", 2), (n, "王五", 3)]


def _rows(con):
    return sorted(con.execute("SELECT * FROM cases").fetchall())


def test_a_refresh_recomputes_only_changed_cases_and_equals_a_rebuild(con, load):
    from assets.core import changed_cases

    models.register_macros(con, models.LOADED_FILES)
    a, b, c = "（2024）甘3001民初11号", "（2024）甘3001民初12号", "（2024）甘3001民初13号"
    load(version(a, "2024-01-02", export="2024-01-05", file="甘3001/20240105.csv", row=1),
         version(b, "2024-01-03", export="2024-01-05", file="甘3001/20240105.csv", row=2),
         version(c, "2024-01-04", export="2024-01-05", file="甘3001/20240105.csv", row=3),
         version(b, "2024-01-03", export="2024-01-12", file="甘3001/20240112.csv", row=1))
    con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, export_date, status, ingested_at) VALUES "
                "('甘3001/20240105.csv', '甘3001', 'sha-甘3001/20240105.csv', DATE '2024-01-05', 'loaded', "
                "TIMESTAMP '2024-01-06 00:00:00'), "
                "('甘3001/20240112.csv', '甘3001', 'sha-甘3001/20240112.csv', DATE '2024-01-12', 'loaded', "
                "TIMESTAMP '2024-02-03 00:00:00')")
    # a later file closes A and brings a new case D; C's versions are withdrawn; and
    # 20240112.csv was delivered again (after the last build) with B closed: its old row
    # goes, a new one comes (same count)
    d = "（2024）甘3001民初14号"
    later = [version(a, "2024-01-02", closing="2024-02-01", export="2024-02-02", file="甘3001/20240202.csv", row=1),
             version(d, "2024-02-01", export="2024-02-02", file="甘3001/20240202.csv", row=2),
             version(b, "2024-01-03", closing="2024-01-11", export="2024-01-12", file="甘3001/20240112.csv", row=1)]
    con.execute("DELETE FROM case_versions WHERE case_number = ?", [casenumber.parse(c).normalized])
    con.execute("DELETE FROM case_versions WHERE file_path = '甘3001/20240112.csv'")
    con.executemany(f"INSERT INTO case_versions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                    later)
    con.execute("INSERT INTO ingested_files (file_path, court_code, sha256, export_date, status, ingested_at) VALUES "
                "('甘3001/20240202.csv', '甘3001', 'sha-甘3001/20240202.csv', DATE '2024-02-02', 'loaded', "
                "TIMESTAMP '2024-02-03 00:00:00')")
    scope, recounted = changed_cases(con, "TIMESTAMP '2024-01-31 00:00:00'")
    assert recounted  # C's versions went
    assert models.refresh(con, "cases", scope) == 4  # A changed, D new, C gone, B re-delivered
    refreshed = _rows(con)
    models.rebuild(con, "cases")
    assert refreshed == _rows(con)
    numbers = {r[0] for r in refreshed}
    assert numbers == {casenumber.parse(n).normalized for n in (a, b, d)}
    assert con.execute("SELECT closing_date FROM cases WHERE case_number = ?",
                       [casenumber.parse(b).normalized]).fetchone() == (D("2024-01-11"),)
    after, recounted = changed_cases(con, "TIMESTAMP '2024-02-03 00:00:00'")
    assert not recounted and models.refresh(con, "cases", after) == 0  # nothing left to do


def test_the_core_asset_refreshes_and_rebuilds_when_the_limits_change(settings):
    import dagster as dg

    from assets import core, reference
    from runtime.resources import WarehouseResource

    resources = {"warehouse": WarehouseResource.from_settings(settings)}
    instance = dg.DagsterInstance.ephemeral()

    def run(*versions, selection=(*reference.ASSETS, core.core), **config):
        with resources["warehouse"].connect() as con:
            for v in versions:
                con.execute(f"INSERT INTO case_versions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", v)
        result = dg.materialize(list(selection), resources=resources, instance=instance,
                                run_config={"ops": {"core": {"config": config}}} if config else None)
        assert result.success
        meta = next(m.metadata for m in result.asset_materializations_for_node("core") if m.asset_key == core.CASES)
        checked[:] = sorted({(e.asset_key.path[-1], e.metadata["checked"].value)
                             for e in result.get_asset_check_evaluations()
                             if e.check_name == "key_unique" and e.asset_key.path[-1] in core.TABLES})
        with resources["warehouse"].connect() as con:
            return meta, con.execute("SELECT case_number, deadline_date FROM cases ORDER BY 1").fetchall()

    checked = []  # (table, what its key check read) of the last run
    whole = [(n, "the whole table") for n in ("case_families", "case_links", "case_parties", "cases")]

    a, b = "（2024）甘3001民初21号", "（2024）甘3001民初22号"
    meta, rows = run(version(a, "2024-01-02", procedure="简易程序", export="2024-01-05", file="甘3001/20240105.csv"))
    assert meta["mode"].value == "rebuilt" and rows == [(casenumber.parse(a).normalized, D("2024-04-02"))]
    meta, rows = run(version(b, "2024-01-03", procedure="简易程序", export="2024-01-06", file="甘3001/20240106.csv"))
    assert meta["mode"].value == "refreshed" and meta["cases_recomputed"].value == 1 and len(rows) == 2
    # a refresh's key checks read the rows it replaced (one case, no party), not the whole tables
    assert checked == [
        ("case_families", "the rows of the 1 key this write replaced"),
        ("case_links", "the rows of the 1 key this write replaced"),
        ("case_parties", "the rows of the 1 key this write replaced"),
        ("cases", "the rows of the 1 key this write replaced")]
    meta, _ = run(full_rebuild=True)
    assert meta["mode"].value == "rebuilt" and checked == whole
    # a changed limit (here by hand; a new time_limits.csv in practice) reaches every case
    with resources["warehouse"].connect() as con:
        con.execute("UPDATE time_limits SET limit_value = 2 WHERE case_type = '民初' AND procedure = '简易程序'")
    meta, rows = run(selection=[core.core])
    assert meta["mode"].value == "rebuilt" and [d for _, d in rows] == [D("2024-03-02"), D("2024-03-03")]
    # a version gone (a re-delivered file without it) takes its case with it: counted
    with resources["warehouse"].connect() as con:
        con.execute("DELETE FROM case_versions WHERE file_path = '甘3001/20240106.csv'")
    meta, rows = run(selection=[core.core])
    assert meta["versions_recounted"].value is True and meta["cases_recomputed"].value == 1
    assert rows == [(casenumber.parse(a).normalized, D("2024-03-02"))]
