"""Tests of the court export generator (generator/) and the court registries it reads.

One gannan inbox (first half of 2024, default faults) is generated per module and read
back with a small reader written here from spec/export-format.md alone (headers.csv for
the header variants, every date style, title and 合计 rows). The tests check that the
output is deterministic, that every format, encoding, header variant, date style and
fault kind appears, that the manifest accounts for every file and predicts exactly the
rows a spec-following validator rejects, and that the simulated distributions fall in
the ranges the calibration promises.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import hashlib
import io
import json
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator import PRESETS, add_arguments, generate, run

ROOT = Path(__file__).resolve().parent.parent
REF = ROOT / "warehouse" / "reference"
COURTS = REF / "courts"
START, END = date(2024, 1, 1), date(2024, 6, 30)

# ---------------------------------------------------------------- a spec-following reader


def _norm(h) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(h)))


def _header_map() -> dict[str, str]:
    with (REF / "headers.csv").open(encoding="utf-8") as fh:
        return {_norm(r[v]): r["column"] for r in csv.DictReader(fh)
                for v in ("simplified", "traditional", "broken", "english")}


HMAP = _header_map()
CASE_HEADERS = {k for k, v in HMAP.items() if v == "case_number"}


def read_rows(path: Path, fmt: str, encoding: str | None) -> pd.DataFrame:
    """Data rows of an export file, columns renamed to canonical names (unknown: `_name`)."""
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))
        while lines and not any(_norm(c) in CASE_HEADERS for c in lines[0]):
            lines.pop(0)  # title line
        header, data = lines[0], lines[1:]
    elif fmt == "jsonl":
        # keys are header names, normalized per line (lines spell them differently)
        recs = [{_norm(k): v for k, v in json.loads(x).items()}
                for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        header = list(recs[0]) if recs else []
        data = [[r.get(h) for h in header] for r in recs]
    else:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        i = next(i for i, r in enumerate(rows) if any(_norm(c) in CASE_HEADERS for c in r))
        header = rows[i]
        data = [r for r in rows[i + 1:] if not (r and "".join(str(r[0]).split()) == "合计")]
    cols = [HMAP.get(_norm(h), "_" + _norm(h)) for h in header]
    return pd.DataFrame(data, columns=cols, dtype=object)


def parse_day(v):
    """A date in any spec style; None when empty; ValueError when unreadable."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, (int, float)):
        return date(1899, 12, 30) + timedelta(days=int(v))
    s = unicodedata.normalize("NFKC", str(v)).strip()
    if not s:
        return None
    s = re.sub(r"\s*([-/.年月日])\s*", r"\1", s).split(" ")[0]  # stray spaces beside separators
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s) or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s)
    if m:
        return date(*map(int, m.groups()))
    if re.fullmatch(r"\d+(\.\d+)?", s):
        return date(1899, 12, 30) + timedelta(days=int(float(s)))
    raise ValueError(s)


def norm_number(v) -> str:
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v or "")))
    s = s.replace("(", "（").replace(")", "）").replace("〔", "（").replace("〕", "）")
    return re.sub(r"(?<=\D)0+(?=\d+号)", "", s)


with (REF / "case_types.csv").open(encoding="utf-8") as _fh:
    CATEGORY = {r["case_type"]: r["category"] for r in csv.DictReader(_fh)}
_TYPES = "|".join(sorted(CATEGORY, key=len, reverse=True))
NUMBER = re.compile(rf"^（(\d{{4}})）([\u4e00-\u9fff](?:\d{{2}}|\d{{4}})?)([知环]?)({_TYPES})(\d{{1,8}})号(之[一二三四五六七八九十]+)?$")


def _num(v) -> float:
    if v is None or (isinstance(v, float) and np.isnan(v)) or str(v).strip() == "":
        return 0.0
    return float(str(v).replace(",", "").replace("元", "").strip())


def reasons(row, folder: str, export: date, court_names: dict[str, set[str]]) -> list[str]:
    """Reason codes of spec/export-format.md for one row, computed independently."""
    out = []
    number = norm_number(row.get("case_number"))
    filing_raw = row.get("filing_date")
    if not number or filing_raw in (None, "") or str(filing_raw).strip() == "":
        out.append("missing_required")
    m = NUMBER.match(number) if number else None
    if number and not m:
        out.append("invalid_case_number")
    name = row.get("court_name")
    if (m and m.group(2) != folder) or (isinstance(name, str) and name.strip() and name.strip() not in court_names[folder]):
        out.append("court_mismatch")
    try:
        f = parse_day(filing_raw)
    except ValueError:
        f = None
        out.append("unparseable_filing_date")
    try:
        c = parse_day(row.get("closing_date"))
    except ValueError:
        c = None
        out.append("unparseable_closing_date")
    if (f and f > export) or (c and c > export):
        out.append("future_date")
    if f and c and c < f:
        out.append("closing_before_filing")
    if any(_num(row.get(k)) < 0 for k in ("extension_days", "excluded_days")):
        out.append("negative_days")
    return out


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def gannan(tmp_path_factory):
    out = tmp_path_factory.mktemp("gen") / "gannan"
    manifest = generate(out, preset="gannan", start=START, end=END, seed=3, scale=1.0, faults=0.01)
    return out, manifest


@pytest.fixture(scope="module")
def court_names():
    """Every name form a court's rows may carry (the registry name is one of them)."""
    from generator.registry import load_registry, name_forms

    forms = {c.code: set(name_forms(c)) for c in load_registry("gannan")}
    with (COURTS / "gannan.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            assert r["court_name"] in forms[r["court_code"]] and r["short_name"] in forms[r["court_code"]]
    return forms


@pytest.fixture(scope="module")
def versions(gannan, court_names):
    """Every data row of every loadable file, with the reasons a validator finds."""
    out, manifest = gannan
    frames = []
    for e in manifest["files"]:
        if e["expected_status"] not in ("loaded", "partially_loaded"):
            continue
        df = read_rows(out / "inbox" / e["path"], e["format"], e["encoding"])
        assert len(df) == e["data_rows"], e["path"]
        export = date.fromisoformat(e["export_date"])
        df["_reasons"] = [reasons(r, e["court_code"], export, court_names) for r in df.to_dict("records")]
        df["_row"] = np.arange(1, len(df) + 1)
        df["_path"] = e["path"]
        df["_export"] = export
        df["_court"] = e["court_code"]
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def cases(versions):
    """The latest valid version of every case (export date, then row order)."""
    ok = versions[versions["_reasons"].map(len) == 0].copy()
    ok["cn"] = ok["case_number"].map(norm_number)
    ok = ok.sort_values(["cn", "_export", "_row"])
    last = ok.groupby("cn").tail(1).copy()
    last["type"] = last["cn"].map(lambda s: NUMBER.match(s).group(4))
    last["category"] = last["type"].map(CATEGORY)
    last["f"] = last["filing_date"].map(parse_day)
    last["c"] = last["closing_date"].map(parse_day)
    import opencc

    t2s = opencc.OpenCC("t2s")
    groups = pd.read_csv(REF / "dispositions.csv").set_index("disposition")["disposition_group"]
    last["grp"] = last["disposition"].map(
        lambda v: groups.get(t2s.convert(unicodedata.normalize("NFKC", v).strip())) if isinstance(v, str) and v.strip()
        else None)
    last["proc"] = last["procedure"].map(lambda v: t2s.convert(v.strip()) if isinstance(v, str) else "")
    for k in ("extension_days", "excluded_days", "amount_claimed", "amount_recovered"):
        last[k + "_n"] = last[k].map(_num) if k in last else 0.0
    return last


@pytest.fixture(scope="module")
def closed(cases):
    c = cases[cases["c"].notna() & (cases["c"] >= START)].copy()
    c["dur"] = [(b - a).days for a, b in zip(c["f"], c["c"], strict=True)] - c["excluded_days_n"]
    return c


# ---------------------------------------------------------------- determinism


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_arguments_give_identical_bytes(tmp_path):
    kw = dict(preset="gannan", start=date(2024, 1, 1), end=date(2024, 2, 29), seed=5, scale=0.5, faults=0.02)
    generate(tmp_path / "a", **kw)
    generate(tmp_path / "b", **kw)
    a, b = _hashes(tmp_path / "a"), _hashes(tmp_path / "b")
    assert a == b
    assert any(p.endswith(".xlsx") for p in a)
    generate(tmp_path / "c", **{**kw, "seed": 6})
    assert _hashes(tmp_path / "c") != a


def test_rerun_replaces_previous_output_and_refuses_foreign_folders(tmp_path):
    kw = dict(start=date(2024, 3, 1), end=date(2024, 3, 31), scale=0.3)
    first = generate(tmp_path / "out", **kw)
    again = generate(tmp_path / "out", **kw)
    assert first == again
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "warehouse.duckdb").write_bytes(b"x")
    with pytest.raises(ValueError, match="something other than"):
        generate(foreign, **kw)
    assert (foreign / "warehouse.duckdb").exists()


def test_no_faults_means_clean_files(tmp_path):
    m = generate(tmp_path / "clean", start=date(2024, 3, 1), end=date(2024, 4, 30), scale=0.5, faults=0)
    assert m["faults"] == [] and m["ignored"] == []
    assert {f["expected_status"] for f in m["files"]} == {"loaded"}
    assert all(f["expected_rejected"] == [] for f in m["files"])


# ---------------------------------------------------------------- coverage of variants and faults


def test_every_format_encoding_header_and_date_style_appears(gannan):
    _, m = gannan
    regular = [f for f in m["files"] if f["expected_status"] in ("loaded", "partially_loaded") and f["data_rows"]]
    assert {f["format"] for f in regular} == {"csv", "xlsx", "jsonl"}
    assert {f["encoding"] for f in regular if f["format"] == "csv"} == {"utf-8", "utf-8-sig", "gb18030"}
    assert {f["header_variant"] for f in regular} == {"simplified", "traditional", "broken", "english"}
    assert {f["date_style"] for f in regular} == {"iso", "slash", "slash_pad", "dot", "cjk", "compact", "iso_time",
                                                  "excel", "serial"}
    assert any(f["title_row"] and f["format"] == "csv" for f in regular)
    assert any(f["title_row"] and f["total_row"] for f in regular)


def test_every_fault_kind_appears(gannan):
    _, m = gannan
    kinds = {f["kind"] for f in m["faults"]}
    assert kinds == {"invalid_case_number", "court_mismatch", "unparseable_filing_date", "unparseable_closing_date",
                     "future_date", "closing_before_filing", "missing_required", "negative_days", "duplicate_file",
                     "partial_file", "corrupt_xlsx", "header_only", "missing_case_number_column",
                     "unregistered_court"}
    assert {f.get("variant") for f in m["faults"] if f["kind"] == "duplicate_file"} == {"same_day", "other_day"}
    names = [p.rsplit("/", 1)[1] for p in m["ignored"]]
    assert any(n.endswith(".part") for n in names) and any(n.endswith(".tmp") for n in names)
    assert any(n.startswith("~$") for n in names) and any(n.startswith(".") for n in names)
    rows = sum(f["data_rows"] for f in m["files"] if f["expected_status"] in ("loaded", "partially_loaded"))
    row_faults = sum(len(f["expected_rejected"]) for f in m["files"])
    assert 0.005 < row_faults / rows < 0.03


def test_manifest_accounts_for_every_file(gannan):
    out, m = gannan
    inbox = out / "inbox"
    on_disk = {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()}
    listed = [f["path"] for f in m["files"]]
    assert len(listed) == len(set(listed))
    assert set(listed).isdisjoint(m["ignored"])
    assert on_disk == set(listed) | set(m["ignored"])
    assert all(re.fullmatch(r"[^/]+/\d{8}(_[^/]*)?\.(csv|xlsx|jsonl)", p) for p in listed)
    for p in m["ignored"]:
        name = p.rsplit("/", 1)[1]
        assert name.endswith((".part", ".tmp")) or name.startswith((".", "~$"))


def test_duplicates_are_byte_copies_that_sort_later_and_nothing_else_repeats(gannan):
    out, m = gannan
    inbox = out / "inbox"
    digest = {f["path"]: hashlib.sha256((inbox / f["path"]).read_bytes()).hexdigest() for f in m["files"]}
    dups = [f for f in m["files"] if f["expected_status"] == "duplicate"]
    assert len(dups) == 2
    for f in dups:
        assert digest[f["path"]] == digest[f["duplicate_of"]] and f["path"] > f["duplicate_of"]
    others = [h for p, h in digest.items() if p not in {f["path"] for f in dups}]
    assert len(others) == len(set(others))


def test_rejected_files_are_unusable_as_promised(gannan):
    out, m = gannan
    inbox = out / "inbox"
    registered = {r["court_code"] for r in csv.DictReader((COURTS / "gannan.csv").open(encoding="utf-8"))}
    by_fault = {f.get("fault"): f for f in m["files"] if f.get("fault")}
    assert by_fault["unregistered_court"]["court_code"] not in registered
    assert by_fault["unregistered_court"]["expected_status"] == "rejected"
    corrupt = by_fault["corrupt_xlsx"]
    from python_calamine import CalamineError

    with pytest.raises(CalamineError):
        read_rows(inbox / corrupt["path"], "xlsx", None)
    missing = by_fault["missing_case_number_column"]
    df = read_rows_or_none(inbox / missing["path"], missing)
    assert df is None or "case_number" not in df.columns
    header_only = by_fault["header_only"]
    assert header_only["expected_status"] == "loaded" and header_only["data_rows"] == 0
    assert len(read_rows(inbox / header_only["path"], header_only["format"], header_only["encoding"])) == 0


def read_rows_or_none(path, entry):
    try:
        return read_rows(path, entry["format"], entry["encoding"])
    except (StopIteration, IndexError):  # no row holds a 案号 header
        return None


def test_encodings_are_what_the_manifest_says(gannan):
    out, m = gannan
    seen = set()
    for f in m["files"]:
        if f["format"] != "csv" or f["encoding"] in seen or f["expected_status"] != "loaded" or not f["data_rows"]:
            continue
        raw = (out / "inbox" / f["path"]).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") == (f["encoding"] == "utf-8-sig")
        if f["encoding"] == "gb18030":
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
        seen.add(f["encoding"])
    assert seen == {"utf-8", "utf-8-sig", "gb18030"}


def test_manifest_predicts_exactly_the_rejected_rows(gannan, versions):
    _, m = gannan
    expected = {(f["path"], r["row_number"]): sorted(r["reasons"]) for f in m["files"] for r in f["expected_rejected"]}
    found = {(p, r): sorted(x) for p, r, x in zip(versions["_path"], versions["_row"], versions["_reasons"], strict=True) if x}
    assert found == expected
    for f in m["files"]:
        if f["expected_status"] in ("loaded", "partially_loaded"):
            assert (f["expected_status"] == "partially_loaded") == bool(f["expected_rejected"])


def test_faulty_rows_never_remove_a_case(gannan, versions):
    """Every faulty row is a copy of a case that also has a valid version somewhere."""
    _, m = gannan
    ok = set(versions[versions["_reasons"].map(len) == 0]["case_number"].map(norm_number))
    copied = {norm_number(r["case_number"]) for f in m["files"] for r in f["expected_rejected"]}
    assert copied and copied <= ok


def test_first_export_holds_every_case_pending_at_start(versions):
    ok = versions[versions["_reasons"].map(len) == 0].copy()
    ok["cn"] = ok["case_number"].map(norm_number)
    ok["f"] = ok["filing_date"].map(parse_day)
    first_export = ok.groupby("_court")["_export"].min()
    early = ok[ok["f"] < START]
    assert len(early) > 100
    first_seen = early.groupby("cn")["_export"].min()
    court = early.groupby("cn")["_court"].first()
    assert (first_seen == court.map(first_export)).all()


# ---------------------------------------------------------------- distributions


def test_type_mix(cases):
    filed = cases[(cases["f"] >= START) & (cases["f"] <= END)]
    share = filed["category"].value_counts(normalize=True)
    enforcement = share.get("enforcement", 0) + share.get("preservation", 0)
    assert (filed["type"] == "民初").mean() > 0.5
    assert 0.18 < enforcement < 0.35
    assert 0.05 <= share["criminal"] <= 0.08
    assert 0.004 < share["administrative"] < 0.03
    assert {"执恢", "执异", "执保", "财保", "民终", "刑终"} <= set(filed["type"])


def test_mediation_and_enforcement_outcomes(closed):
    civil = closed[closed["type"] == "民初"]
    assert 0.30 <= civil["grp"].isin(["mediation", "withdrawal"]).mean() <= 0.60
    ex = closed[closed["type"].isin(["执", "执恢"])]
    assert 0.32 <= (ex["grp"] == "enforced").mean() <= 0.48
    assert 0.32 <= (ex["grp"] == "terminated_no_assets").mean() <= 0.48
    assert 0.45 <= ex["amount_recovered_n"].sum() / ex["amount_claimed_n"].sum() <= 0.65


def test_mean_durations(closed):
    mean = closed.groupby("type")["dur"].mean()
    assert 50 <= mean["民初"] <= 80
    assert 30 <= mean["刑初"] <= 60
    assert 65 <= mean["行初"] <= 140
    assert 60 <= mean["执"] <= 100


def _deadline(row, limits):
    lim = limits.get((row.type, row.proc)) or limits.get((row.type, ""))
    if lim is None:
        return None
    value, unit = lim
    f = row.f
    if unit == "month":
        y, mo = divmod(f.month - 1 + value, 12)
        y, mo = f.year + y, mo + 1
        base = date(y, mo, min(f.day, calendar.monthrange(y, mo)[1]))
    else:
        base = f + timedelta(days=value)
    return base + timedelta(days=int(row.extension_days_n + row.excluded_days_n))


def test_over_limit_share_and_a_weak_court(closed):
    limits = {}
    for r in csv.DictReader((REF / "time_limits.csv").open(encoding="utf-8")):
        limits[(r["case_type"], r["procedure"])] = (int(r["limit_value"]), r["limit_unit"])
        if r["is_default"] == "true":
            limits[(r["case_type"], "")] = (int(r["limit_value"]), r["limit_unit"])
    dl = [_deadline(r, limits) for r in closed.itertuples()]
    limited = closed.assign(dl=dl).dropna(subset=["dl"])
    over = limited["c"] > limited["dl"]
    assert 0.05 <= over.mean() <= 0.10
    by_court = over.groupby(limited["_court"]).mean()
    assert by_court.idxmax() == "甘3023"  # 舟曲: the slow court of the story
    assert by_court["甘3023"] > 2 * by_court.median()
    assert (limited["extension_days_n"] > 0).any() and (limited["excluded_days_n"] > 0).any()


def test_long_pending_tail(cases):
    pending = cases[cases["c"].isna() | (cases["c"] > END)]
    age = np.array([(END - f).days for f in pending["f"]])
    assert (age > 365).sum() >= 20 and (age > 548).sum() >= 5 and (age > 1096).sum() >= 1
    by_court = pd.Series(age > 365, index=pending["_court"].to_numpy()).groupby(level=0).sum()
    assert by_court.idxmax() == "甘3021"  # 临潭: the backlog court


def test_appeals_and_enforcement_are_linked(cases, closed):
    numbers = set(cases["cn"])
    appeals = cases[cases["type"] == "民终"]
    origins = appeals["origin_case_number"].map(norm_number)
    assert len(appeals) > 50 and origins.str.contains("甘30[0-9]{2}民初").all()
    first = closed[closed["type"].isin(["民初", "刑初", "行初"]) & closed["_court"].str.len().eq(5)]
    appealed = set(cases[cases["type"].isin(["民终", "刑终", "行终"])]["origin_case_number"].map(norm_number))
    rr = set(cases[cases["grp"].isin(["reversed", "remanded"]) & cases["type"].isin(["民终", "刑终", "行终"])]
             ["origin_case_number"].map(norm_number))
    assert 0.05 < first["cn"].isin(appealed).mean() < 0.2
    assert 0.005 < first["cn"].isin(rr).mean() < 0.05
    ex = cases[cases["type"] == "执"]
    linked = ex["origin_case_number"].map(norm_number)
    assert linked.str.contains("民初|刑初|民特").mean() > 0.95
    assert linked.isin(numbers).any()
    resumed = cases[cases["type"] == "执恢"]
    assert len(resumed) > 10 and resumed["origin_case_number"].map(norm_number).str.contains("民初|民特|刑初").all()


# ---------------------------------------------------------------- registries


def _registry(name: str) -> pd.DataFrame:
    return pd.read_csv(COURTS / f"{name}.csv", dtype=str, keep_default_na=False)


def test_registries_have_the_contract_columns_and_valid_rows():
    for name in PRESETS:
        df = _registry(name)
        assert list(df.columns[:6]) == ["court_code", "court_name", "short_name", "level", "parent_code",
                                        "division_code"]
        assert df["court_code"].is_unique
        assert set(df["level"]) <= {"supreme", "high", "intermediate", "basic", "special"}
        assert (df["court_name"] != "").all() and (df["short_name"] != "").all()
        parents = set(df["parent_code"]) - {""}
        missing = parents - set(df["court_code"])
        assert missing == ({"甘"} if name == "gannan" else set())
        assert set(df.loc[df["level"] == "high", "parent_code"]) <= {""}
        assert df["synthetic"].isin(["true", "false"]).all()


def test_registry_codes_follow_the_scheme():
    df = _registry("national")
    assert 3300 <= len(df) <= 3700
    high = df[df["level"] == "high"]
    assert sorted(high["court_code"]) == sorted("京津冀晋内辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川黔云藏陕甘青宁新兵")
    assert df.loc[df["level"] == "intermediate", "court_code"].str.fullmatch(r"[\u4e00-\u9fff]\d{2}").all()
    basic = df[df["level"] == "basic"]
    assert basic["court_code"].str.fullmatch(r"[\u4e00-\u9fff]\d{4}").all()
    derived = basic[basic["division_code"].str.len() == 6]
    assert (derived["court_code"].str[1:] == derived["division_code"].str[2:]).mean() > 0.97


def test_gannan_in_gansu_in_national():
    gannan, gansu, national = _registry("gannan"), _registry("gansu"), _registry("national")
    rows = lambda df: {tuple(r) for r in df.itertuples(index=False)}  # noqa: E731
    assert rows(gannan) <= rows(gansu)
    assert rows(gansu) == rows(national[national["court_code"].str.startswith("甘")])
    assert 95 <= len(gansu) <= 115
    assert set(gannan["court_code"]) == {"甘30", "甘3001", "甘3021", "甘3022", "甘3023", "甘3024", "甘3025",
                                         "甘3026", "甘3027"}
    hezuo = gannan.set_index("court_code").loc["甘3001"]
    assert (hezuo["court_name"], hezuo["short_name"], hezuo["parent_code"]) == ("合作市人民法院", "合作法院", "甘30")
    lz = gansu.set_index("court_code")
    assert lz.loc["甘01", "division_code"] == "620100" and lz.loc["甘0102", "parent_code"] == "甘01"


# ---------------------------------------------------------------- CLI surface


def test_run_prints_a_json_summary_last(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--out", str(tmp_path / "o"), "--start", "2024-05-01", "--end", "2024-05-31",
                              "--scale", "0.3"])
    assert (args.preset, args.seed, args.scale, args.faults) == ("gannan", 0, 0.3, 0.01)
    assert run(args) == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(last) == {"out", "files", "cases", "rows", "faults"} and last["files"] > 0
    bad = parser.parse_args(["--out", str(tmp_path / "o"), "--start", "2024-06-01", "--end", "2024-05-01"])
    assert run(bad) == 2


def test_exports_write_every_name_form_of_their_court(versions, court_names):
    """Real exports write a court's 法院名称 as the registry name, the short name, the
    official name with and without the province, and in Traditional characters."""
    named = versions[versions["court_name"].map(lambda v: isinstance(v, str) and v.strip() != "")]
    by_court = named.groupby("_court")["court_name"].agg(lambda s: set(s.str.strip()))
    for code, seen in by_court.items():
        if len(named[named["_court"] == code]) >= 200:
            assert seen >= court_names[code], code


def test_jsonl_lines_spell_their_keys_differently(gannan):
    """Per-line key noise (stray spaces, tabs, full-width letters) in the JSONL exports."""
    out, m = gannan
    spellings = set()
    for f in m["files"]:
        if f["format"] == "jsonl" and f["expected_status"] == "loaded":
            for line in (out / "inbox" / f["path"]).read_text(encoding="utf-8").splitlines()[:50]:
                spellings |= set(json.loads(line))
    assert any(k != k.strip() for k in spellings) and any("\t" in k for k in spellings)
    assert any(unicodedata.normalize("NFKC", k) != k for k in spellings)


def test_stray_spaces_appear_inside_dates_and_total_labels(gannan, versions):
    """Stray spaces are insignificant (spec/export-format.md), so the inbox writes them
    where a reader could trip: beside a date's separators, and inside an XLSX 合　计 label."""
    from python_calamine import CalamineWorkbook

    dates = pd.concat([versions["filing_date"], versions["closing_date"]]).dropna().astype(str)
    assert dates.str.contains(r"^\d{4}(?:\s[-/.年]|[-/.年]\s)", regex=True).any()
    out, m = gannan
    totals = {f["court_code"]: f for f in m["files"] if f["total_row"] and f["data_rows"]}  # one per court
    labels = {str(CalamineWorkbook.from_path(str(out / "inbox" / f["path"])).get_sheet_by_index(0).to_python()[-1][0])
              for f in totals.values()}
    assert totals and any(label != "合计" and "".join(label.split()) == "合计" for label in labels)


def test_every_court_delivers_on_the_last_export_date_header_only_when_quiet(tmp_path):
    """A court with nothing changed since its previous export still delivers on the
    window's last export date (the header only), so a quiet court does not look silent."""
    end = date(2024, 4, 15)
    m = generate(tmp_path / "quiet", preset="gannan", start=date(2024, 3, 1), end=end, seed=2, scale=0.05, faults=0)
    last = [f for f in m["files"] if f["export_date"] == end.isoformat()]
    assert {f["court_code"] for f in last} == {c["court_code"] for c in m["courts"]}
    quiet = [f for f in last if f["data_rows"] == 0]
    assert quiet and all(f["expected_status"] == "loaded" for f in quiet)
    for f in quiet:
        assert len(read_rows(tmp_path / "quiet" / "inbox" / f["path"], f["format"], f["encoding"])) == 0
