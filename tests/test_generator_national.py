"""Tests of the generator at national shape: `--courts N` samples and parallel workers.

A sample of the national registry must be made of whole subtrees (an intermediate court
with every basic court under it, each with its province's high court), its manifest must
account for exactly the files written, and the files and manifest must not depend on the
number of worker processes (generator/units.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from generator import add_arguments, generate
from generator.core import load_headers
from generator.registry import children_of, load_registry, sample_courts
from generator.units import World, chunks, rounds, split_units

KW = dict(preset="national", start=date(2024, 5, 1), end=date(2024, 7, 31), seed=4, scale=0.004, faults=0.02,
          courts=45)


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def national():
    return load_registry("national")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("national")
    one = generate(base / "one", workers=1, **KW)
    two = generate(base / "two", workers=2, **KW)
    return base, one, two


@pytest.mark.parametrize("n", [2, 12, 45, 300])
def test_a_sample_is_whole_subtrees_under_their_high_courts(national, n):
    kids = children_of(national)
    by_code = {c.code: c for c in national}
    sample = sample_courts(national, n)
    codes = {c.code for c in sample}
    assert 2 <= len(sample) <= n
    assert sample == [c for c in national if c.code in codes]  # registry order
    for c in sample:
        if c.level != "high":  # a high court keeps the subtrees that fit, each whole
            assert set(kids[c.code]) <= codes, f"{c.code} lost a child"
        if c.parent in by_code:
            assert c.parent in codes, f"{c.code} without its parent"
        else:
            assert c.level == "high"
    assert sample_courts(national, n) == sample  # deterministic
    if n >= 45:
        assert len({c.province for c in sample}) >= 3  # national-shaped: several provinces


def test_a_sample_too_small_for_any_subtree_is_refused(national):
    with pytest.raises(ValueError, match="smallest whole subtree"):
        sample_courts(national, 1)
    with pytest.raises(ValueError, match="--courts"):
        generate(Path("/nonexistent/never-written"), preset="national", courts=1)


def test_units_are_the_provinces_each_ending_with_its_high_court(national):
    world = World.load("national", 45)
    units = split_units(world.order)
    assert len(units) == len({c.province for c in world.courts})
    for unit in units:
        assert unit[-1].level == "high" and {c.province for c in unit} == {unit[-1].province}
    assert len(split_units(World.load("gansu").order)) == 1  # one root: one unit, as before


def test_two_workers_write_the_same_bytes_as_one(runs):
    base, one, two = runs
    a, b = _hashes(base / "one"), _hashes(base / "two")
    assert a == b and len(a) > 100
    assert one == two


def test_the_manifest_accounts_for_the_files_of_the_sample(runs, national):
    base, m, _ = runs
    inbox = base / "one" / "inbox"
    sample = {c.code for c in sample_courts(national, KW["courts"])}
    assert {c["court_code"] for c in m["courts"]} == sample
    assert m["sample"] == {"courts": len(sample), "asked": KW["courts"]}
    on_disk = {p.relative_to(inbox).as_posix() for p in inbox.rglob("*") if p.is_file()}
    listed = {f["path"] for f in m["files"]}
    assert len(listed) == len(m["files"]) and on_disk == listed | set(m["ignored"])
    unregistered = {f["court_code"] for f in m["files"] if f.get("fault") == "unregistered_court"}
    assert {f["court_code"] for f in m["files"]} - unregistered <= sample
    assert len(unregistered) == 1 and not unregistered & {c.code for c in national}
    loaded = [f for f in m["files"] if f["expected_status"] in ("loaded", "partially_loaded")]
    assert sum(f["data_rows"] for f in loaded) == m["summary"]["rows"]
    for f in loaded:  # national CSV: UTF-8, one header line, one line per data row
        lines = (inbox / f["path"]).read_bytes().decode("utf-8").splitlines()
        assert len(lines) - 1 == f["data_rows"], f["path"]
    kinds = set(m["summary"]["fault_counts"])
    assert all(m["summary"]["fault_counts"][k] > 0 for k in kinds)  # every kind once, also when split
    on_manifest = json.loads((base / "one" / "manifest.json").read_text(encoding="utf-8"))
    assert on_manifest == m


def test_the_cli_takes_courts_and_workers(tmp_path):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--out", str(tmp_path), "--preset", "national", "--courts", "30", "--workers", "3"])
    assert (args.courts, args.workers) == (30, 3)
    assert parser.parse_args(["--out", str(tmp_path)]).workers == 2


NUMBER = re.compile(r"^（\d{4}）([\u4e00-\u9fff]\d*)(民终|刑终|行终|民申|刑申|行申|执复)\d+号$")
ORIGIN_COURT = re.compile(r"^（\d{4}）([\u4e00-\u9fff]\d*)")


def test_appeals_reach_the_parent_of_the_court_they_come_from(tmp_path, national):
    """Courts are simulated many per batch (a round of a province: its intermediate courts
    together): every appeal, review and 执复 in a court's files names an origin case of
    one of that court's children."""
    m = generate(tmp_path, preset="national", start=date(2024, 5, 1), end=date(2024, 6, 30), seed=2, scale=0.002,
                 faults=0, courts=800, workers=1)
    assert any(len([c for c in r if c.level == "intermediate"]) > 1
               for u in split_units(World.load("national", 800).order) for r in rounds(u))
    parent = {c.code: c.parent for c in national}
    heads = load_headers()
    number, origin = heads["case_number"]["simplified"], heads["origin_case_number"]["simplified"]
    checked = 0
    for f in m["files"]:
        if f["expected_status"] not in ("loaded", "partially_loaded"):
            continue
        df = pd.read_csv(tmp_path / "inbox" / f["path"], dtype=str, keep_default_na=False)
        for n, o in zip(df[number], df[origin], strict=True):
            hit = NUMBER.match(n)
            if hit is None or hit.group(1) != f["court_code"]:  # not an appeal, or a faulty row
                continue
            origin_court = ORIGIN_COURT.match(o)
            assert origin_court and parent[origin_court.group(1)] == f["court_code"], (f["path"], n, o)
            checked += 1
    assert checked > 20


def test_rounds_put_children_first_and_chunks_keep_order_within_the_cap(national):
    world = World.load("national", 300)
    for unit in split_units(world.order):
        done: set[str] = set()
        for members in rounds(unit):
            assert all(c.parent not in done for c in members)  # no parent before its children ...
            done |= {c.code for c in members}
            kids = {c.parent for c in members}
            assert not kids & {c.code for c in members}  # ... nor in the same round
        assert done == {c.code for c in unit}
    unit = max(split_units(world.order), key=len)
    weight = {c.code: 1.0 for c in unit}
    parts = chunks(unit, weight, 3.5)
    assert [c for p in parts for c in p] == unit and all(len(p) <= 3 for p in parts) and len(parts) > 1
