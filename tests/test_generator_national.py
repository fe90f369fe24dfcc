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
from datetime import date
from pathlib import Path

import pytest

from generator import add_arguments, generate
from generator.registry import children_of, load_registry, sample_courts
from generator.units import World, split_units

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
