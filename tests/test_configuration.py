"""A deployment chooses its reasonable ranges and ranking weights like its court registry
(COURTS_RANGES / COURTS_WEIGHTS): `default`, a name under warehouse/reference/ranges/ or
weights/, a CSV path, or `none`; an unknown name or a malformed file is refused with one
error naming the file and row; the bulletin's notes say which set was used."""
from pathlib import Path

import duckdb
import pytest

from warehouse import models
from warehouse.settings import REFERENCE_DIR, Settings

RANGES_HEADER = "indicator,range_low,range_high,source\n"
WEIGHTS_HEADER = "indicator,weight,note\n"


def overrides(tmp_path, **settings) -> dict:
    return Settings.under(tmp_path, **settings).reference_overrides


def test_every_shipped_set_is_valid_and_marked_as_a_local_example():
    for folder in ("ranges", "weights"):
        files = sorted((REFERENCE_DIR / folder).glob("*.csv"))
        assert files, folder
        for path in files:
            key = "ranges" if folder == "ranges" else "weights"
            assert overrides(Path("/tmp"), **{key: path.stem})  # validates
    for path in (REFERENCE_DIR / "ranges").glob("*.csv"):
        # no invented official values: every range says it is a local example
        rows = path.read_text(encoding="utf-8").splitlines()[1:]
        assert rows and all("not an official SPC value" in r for r in rows), path


@pytest.mark.parametrize("value,expected", [
    ("default", {}),
    ("none", {"indicator_ranges": None}),
    ("strict_example", {"indicator_ranges": REFERENCE_DIR / "ranges" / "strict_example.csv"}),
])
def test_ranges_accept_default_none_and_a_name(tmp_path, value, expected):
    assert overrides(tmp_path, ranges=value) == expected


@pytest.mark.parametrize("value,expected", [
    ("default", {}),
    ("none", {"ranking_weights": None}),
    ("equal", {"ranking_weights": REFERENCE_DIR / "weights" / "equal.csv"}),
    ("timeliness", {"ranking_weights": REFERENCE_DIR / "weights" / "timeliness.csv"}),
])
def test_weights_accept_default_none_and_a_name(tmp_path, value, expected):
    assert overrides(tmp_path, weights=value) == expected


def test_a_csv_path_is_accepted(tmp_path):
    ranges, weights = tmp_path / "my_ranges.csv", tmp_path / "my_weights.csv"
    ranges.write_text(RANGES_HEADER + "closure_to_filing_ratio,0.8,1.2,local\n", encoding="utf-8")
    weights.write_text(WEIGHTS_HEADER + "within_limit_rate,2,\n", encoding="utf-8")
    assert overrides(tmp_path, ranges=str(ranges), weights=str(weights)) == {
        "indicator_ranges": ranges, "ranking_weights": weights}


@pytest.mark.parametrize("key", ["ranges", "weights"])
def test_an_unknown_name_is_refused_naming_the_folder_and_the_known_sets(tmp_path, key):
    with pytest.raises(ValueError, match=rf"unknown {key} setting 'spc_2099'; known: default, none, .*or a .csv path"):
        overrides(tmp_path, **{key: "spc_2099"})


@pytest.mark.parametrize("key,text,message", [
    ("ranges", RANGES_HEADER + "closure_rate,0.9,1.0,x\nwithin_limit_rate,high,,x\n",
     r"bad\.csv, row 3: range_low 'high' is not a number"),
    ("ranges", RANGES_HEADER + "closure_rate,0.9,0.5,x\n", r"bad\.csv, row 2: range_low 0.9 is above range_high 0.5"),
    ("ranges", RANGES_HEADER + "closure_rat,0.9,1,x\n", r"bad\.csv, row 2: unknown indicator 'closure_rat'"),
    ("ranges", RANGES_HEADER + "closure_rate,0.9,1,x,extra\n", r"bad\.csv, row 2: 5 fields, the header has 4"),
    ("ranges", "indicator,low,high\nclosure_rate,0.9,1\n", r"bad\.csv, row 1: the header lacks range_low, range_high"),
    ("weights", WEIGHTS_HEADER + "within_limit_rate,1,\nclosure_rate,-2,\n",
     r"bad\.csv, row 3: weight '-2' is not a number ≥ 0"),
    ("weights", WEIGHTS_HEADER + "within_limit_rate,1,\nwithin_limit_rate,2,\n",
     r"bad\.csv, row 3: indicator within_limit_rate is listed more than once \(first on row 2\)"),
])
def test_a_malformed_csv_is_refused_naming_the_file_and_row(tmp_path, key, text, message):
    bad = tmp_path / "bad.csv"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        overrides(tmp_path, **{key: str(bad)})


def test_a_missing_csv_path_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"missing\.csv: ranges file not found"):
        overrides(tmp_path, ranges=str(tmp_path / "missing.csv"))


def test_a_named_range_set_reaches_the_ranking_views(tmp_path):
    con = duckdb.connect()
    models.register_reference_views(con, overrides(tmp_path, ranges="strict_example", weights="timeliness"))
    assert con.execute("SELECT range_low, range_high FROM ref_indicator_ranges "
                       "WHERE indicator = 'closure_to_filing_ratio'").fetchall() == [("0.95", "1.05")]
    assert con.execute("SELECT weight FROM ref_ranking_weights WHERE indicator = 'within_limit_rate'").fetchall() \
        == [("3",)]


@pytest.mark.parametrize("settings,ranges,weights", [
    ({}, "默认区间", "默认权重（各项均为1，可配置）"),
    ({"ranges": "strict_example", "weights": "equal"}, "区间设置“strict_example”", "权重设置“equal”"),
    ({"ranges": "/srv/courts/ranges_2025.csv"}, "区间设置文件 ranges_2025.csv", "默认权重（各项均为1，可配置）"),
    ({"ranges": "none", "weights": "none"}, "不设合理区间", "等权重"),
])
def test_the_bulletin_notes_name_the_set_used(warehouse_file, tmp_path, settings, ranges, weights):
    from warehouse import db
    from warehouse.reports import write_quarterly_bulletin

    configuration = Settings.under(tmp_path, **settings).configuration_zh
    with db.connect(warehouse_file, read_only=True) as con:
        html = write_quarterly_bulletin(con, "2024Q1", tmp_path / "out", configuration=configuration)["html"]
    text = html.read_text(encoding="utf-8")
    assert f"合理区间：{ranges}" in text
    assert f"（权重：{weights}）" in text


@pytest.fixture(scope="module")
def warehouse_file(tmp_path_factory):
    """The small Gannan warehouse of the report tests."""
    from tests.test_reports import build_demo
    from warehouse import db
    from warehouse.ddl import ensure_schema

    path = tmp_path_factory.mktemp("configuration") / "warehouse.duckdb"
    with db.connect(path) as con:
        ensure_schema(con)
        models.register_reference_views(con)
        for name in ("case_types", "time_limits", "dispositions"):
            models.rebuild(con, name)
        build_demo(con)
    return path


def test_a_connection_without_a_limit_takes_the_environment_s(tmp_path, monkeypatch):
    """COURTS_MEMORY_LIMIT and COURTS_THREADS hold for every connection, also those the
    report writers open with no settings at hand (and their worker processes, which
    inherit the environment); an explicit limit still wins."""
    from warehouse import db

    monkeypatch.setenv("COURTS_MEMORY_LIMIT", "123MB")
    monkeypatch.setenv("COURTS_THREADS", "1")
    with db.connect(tmp_path / "w.duckdb") as con:
        assert con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchall() == [
            ("117.3 MiB", 1)]
    with db.connect(tmp_path / "w.duckdb", threads=2, memory_limit="1GB") as con:
        assert con.execute("SELECT current_setting('memory_limit'), current_setting('threads')").fetchall() == [
            ("953.6 MiB", 2)]


def test_the_report_workers_share_the_memory_limit(monkeypatch):
    """Report workers run at once, so each gets its share of COURTS_MEMORY_LIMIT; a limit
    this cannot divide is passed whole, and no limit stays none."""
    from warehouse import db

    monkeypatch.setenv("COURTS_MEMORY_LIMIT", "4GB")
    assert db.memory_share(2) == "2000MB" and db.memory_share(1) == "4GB"
    monkeypatch.setenv("COURTS_MEMORY_LIMIT", "3 GiB")
    assert db.memory_share(3) == "1073MB"
    monkeypatch.setenv("COURTS_MEMORY_LIMIT", "80%")
    assert db.memory_share(2) == "80%"
    monkeypatch.delenv("COURTS_MEMORY_LIMIT")
    assert db.memory_share(2) is None
