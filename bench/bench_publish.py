"""Publishing the analysts' copy after one new court-day file: the whole publish (a fresh
file, every allow-listed table copied) against the incremental one (the previous copy
patched where its content differs), on a national-shaped warehouse.

    .venv/bin/python bench/bench_publish.py [--courts 400] [--scale 0.05] [--keep DIR]

Setup (not timed; reused from --keep when already there): `courts generate --preset
national --courts N --scale S` for 2024, the newest court-day file held back, `courts run`
(bulletins for one issuer only: the reports are not what is measured), the warehouse and
its published copy saved as "before"; then the held file delivered and `courts run` again,
the warehouse saved as "after". Timed, in one run, on "after": the whole publish into a
new path, and the incremental publish over a copy of "before"'s published file. Prints
wall and CPU seconds, bytes written (this process's write_bytes from /proc, which counts
the copy of the previous file too), the tables patched, the ratio incremental / whole,
and checks both copies hold the same rows, types and comments.

`--growth N` instead measures the file over N runs: the N newest court-day files held
back, a first `courts run`, then one `courts run` per file delivered (each publishes
incrementally, as the asset does), printing after each the copy's size, whether it was
patched or written whole and why, and at the end a whole publish of the same warehouse.
All data is synthetic.
"""
from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_incremental import deliver, hold_back_newest  # noqa: E402

from warehouse import db  # noqa: E402
from warehouse.publish import differences, publish  # noqa: E402


def _written() -> int:
    """Bytes this process caused to be written to storage (Linux /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("write_bytes:"):
            return int(line.split()[1])
    return 0


def build(work: Path, courts: int, scale: float) -> tuple[Path, Path, Path]:
    """The warehouse before and after one new court-day file, and the copy published before."""
    before, after, pub_before = work / "before.duckdb", work / "after.duckdb", work / "published_before.duckdb"
    if before.is_file() and after.is_file() and pub_before.is_file():
        return before, after, pub_before
    from generator import generate
    from pipelines.runner import run_pipeline
    from warehouse.settings import Settings

    home = work / "home"
    shutil.rmtree(home, ignore_errors=True)
    generate(home, preset="national", start=date(2024, 1, 1), end=date(2024, 12, 31), scale=scale, courts=courts)
    held = hold_back_newest(home / "inbox", work / "held")
    settings = dataclasses.replace(Settings.under(home, registry="national"), issuers="甘")
    t = time.perf_counter()
    first = run_pipeline(settings)
    print(f"setup: first courts run {time.perf_counter() - t:.1f} s", flush=True)
    shutil.copyfile(first["warehouse"], before)
    shutil.copyfile(first["published"], pub_before)
    deliver(held, home / "inbox", work / "held")
    t = time.perf_counter()
    second = run_pipeline(settings)
    print(f"setup: courts run with {held.name} of {held.parent.name} {time.perf_counter() - t:.1f} s", flush=True)
    shutil.copyfile(second["warehouse"], after)
    return before, after, pub_before


def _timed(con, published: Path, **kw) -> dict:
    t, c, w = time.perf_counter(), time.process_time(), _written()
    info = publish(con, published, **kw)
    info.update(wall=time.perf_counter() - t, cpu=time.process_time() - c, written=_written() - w)
    return info


def growth(work: Path, courts: int, scale: float, n: int) -> None:
    import dagster as dg

    from generator import generate
    from pipelines.runner import run_pipeline
    from warehouse.settings import Settings

    home = work / "growth"
    shutil.rmtree(home, ignore_errors=True)
    generate(home, preset="national", start=date(2024, 1, 1), end=date(2024, 12, 31), scale=scale, courts=courts)
    held = [hold_back_newest(home / "inbox", work / "growth-held") for _ in range(n)]
    settings = dataclasses.replace(Settings.under(home, registry="national"), issuers="甘")
    instance = dg.DagsterInstance.ephemeral()
    print(f"{'run':<28} {'wall s':>7} {'copy MB':>8}  publish", flush=True)
    for k, f in enumerate([None, *reversed(held)]):
        if f is not None:
            deliver(f, home / "inbox", work / "growth-held")
        t = time.perf_counter()
        result = run_pipeline(settings, instance=instance)
        meta = instance.fetch_materializations(dg.AssetKey("published_warehouse"), limit=1).records[0] \
            .asset_materialization.metadata
        how = meta["mode"].value + (f" ({meta['whole_because'].value})" if meta["whole_because"].value else "")
        name = "first run" if f is None else f"{k}: {f.parent.name}/{f.name}"
        size = Path(result["published"]).stat().st_size
        print(f"{name:<28} {time.perf_counter() - t:>7.1f} {size / 1e6:>8.1f}  {how}", flush=True)
    with db.connect(settings.warehouse) as con:
        fresh = publish(con, work / "growth-whole.duckdb", whole=True)
    print(f"whole publish of the same warehouse: {fresh['bytes'] / 1e6:.1f} MB; last copy / whole = "
          f"{size / fresh['bytes']:.2f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--courts", type=int, default=400)
    ap.add_argument("--scale", type=float, default=0.05)
    ap.add_argument("--keep", type=Path, help="work folder to keep and reuse (default: a temp dir)")
    ap.add_argument("--setup-only", action="store_true")
    ap.add_argument("--growth", type=int, metavar="N", help="measure the copy's size over N one-file runs instead")
    a = ap.parse_args(argv)
    work = a.keep or Path(tempfile.mkdtemp(prefix="bench-publish-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if a.growth:
            growth(work, a.courts, a.scale, a.growth)
            return 0
        before, after, pub_before = build(work, a.courts, a.scale)
        if a.setup_only:
            return 0
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        whole_path, inc_path = out / "whole.duckdb", out / "incremental.duckdb"
        shutil.copyfile(pub_before, inc_path)
        with db.connect(after) as con:
            cases = db.scalar(con, "SELECT count(*) FROM cases")
            publish(con, out / "warm-up.duckdb", whole=True)   # the warehouse in the page cache for both
            whole = _timed(con, whole_path, whole=True)
            inc = _timed(con, inc_path)
            noop = _timed(con, inc_path)
        assert inc["mode"] == "incremental" and noop["mode"] == "incremental", (inc["reason"], noop["reason"])
        problems = differences(inc_path, whole_path)
        assert problems == [], problems[:10]
        print(f"warehouse: {cases:,} cases; {after.stat().st_size / 1e6:.0f} MB pipeline file; "
              f"published copy {whole['bytes'] / 1e6:.1f} MB ({len(whole['rows'])} tables)")
        print(f"{'publish':<34} {'wall s':>7} {'CPU s':>7} {'MB written':>11} {'file MB':>8}  tables written")
        for name, r in (("whole (fresh file)", whole), ("incremental, one new court-day file", inc),
                        ("incremental, nothing changed", noop)):
            changed = [*r["rewritten"], *(f"{t} -{c['deleted']}+{c['inserted']}" for t, c in r["patched"].items())]
            what = f"all {len(changed)}" if r is whole else (", ".join(changed) or "none (file left as it was)")
            print(f"{name:<34} {r['wall']:>7.2f} {r['cpu']:>7.2f} {r['written'] / 1e6:>11.1f} {r['bytes'] / 1e6:>8.1f}  {what}")
        print(f"incremental / whole: wall {inc['wall'] / whole['wall']:.3f}, CPU {inc['cpu'] / whole['cpu']:.3f}, "
              f"bytes written {inc['written'] / max(whole['written'], 1):.3f}; same tables, columns, comments and rows")
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
