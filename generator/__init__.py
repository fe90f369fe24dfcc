"""Court export generator: realistic demo inboxes and national-scale benchmark data.

What belongs in this package: everything that fabricates court export files — the
simulation of case lifecycles (simulate.py), delta exports (deltas.py), per-court
platform habits (habits.py, formatting.py, writers.py), fault injection and the manifest
of expected outcomes (faults.py, core.py), calibration to published magnitudes
(calibration.py), fake names (names.py) and the court registries it reads
(registry.py; the files live in warehouse/reference/courts/). Nothing here is imported
by the pipeline's assets; the pipeline only reads what this package writes.

All case data is synthetic: parties, judges, case numbers and amounts are generated.
Court names and codes are real except registry rows marked `synthetic=true`.

Interface (wired into the `courts` CLI by pipelines/):
    courts generate --out DIR [--preset gannan|gansu|national] [--start DATE] [--end DATE]
                    [--seed N] [--scale X] [--faults RATE] [--late-quarter YYYYQn]
                    [--courts N] [--workers N]
    courts generate --out DIR --deliver-late     (move the late delivery into the inbox)

`--courts N` writes a national-shaped sample of at most N courts of the preset: whole
subtrees (an intermediate court with all its basic courts, or a special court) taken
round-robin over the provinces, each with its high court, so appeals still go up the
tree (registry.sample_courts); its courts have the profiles and judges of the full run
(their random draws depend on the batch they are simulated in, so not their cases).
`--workers N` (default 2) processes simulate and write the provinces (the roots'
subtrees, units.py) in parallel; the bytes do not depend on N. Courts are simulated in
batches (a round of a province, simulate.Batch), many courts per numpy call.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date
from pathlib import Path

from .core import PRESETS, generate
from .late import deliver_late

__all__ = ["PRESETS", "add_arguments", "deliver_late", "generate", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path,
                        help="output folder; gets inbox/<court_code>/<YYYYMMDD>… files and manifest.json "
                             "(must be new, empty, or a previous generator output, which is replaced)")
    parser.add_argument("--preset", choices=PRESETS, default="gannan",
                        help="court registry: gannan (9 courts), gansu (~100), national (~3,500); default gannan")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2023, 1, 1),
                        help="first day of the export period (YYYY-MM-DD); default 2023-01-01")
    parser.add_argument("--end", type=date.fromisoformat, default=date(2025, 2, 28),
                        help="last day of the export period, also the last export date; default 2025-02-28")
    parser.add_argument("--seed", type=int, default=0, help="random seed; same arguments give the same bytes")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="case volume multiplier; 1.0 = published magnitudes (Gansu ~626k cases a year, "
                             "China ~46M); default 1.0")
    parser.add_argument("--faults", type=float, default=0.01,
                        help="share of extra faulty rows per data row (every fault kind appears at least "
                             "once when > 0); 0 disables all faults; default 0.01")
    parser.add_argument("--late-quarter", default=None, metavar="YYYYQn",
                        help="some cases of this quarter arrive late and some closing dates are corrected "
                             "after it is issued: that delivery waits in OUT/late/ (generator/late.py)")
    parser.add_argument("--courts", type=int, default=None, metavar="N",
                        help="only a national-shaped sample of at most N courts: whole intermediate subtrees "
                             "(with their basic courts) round-robin over the provinces, each with its high "
                             "court; deterministic; default: every court of the preset")
    parser.add_argument("--workers", type=int, default=2, metavar="N",
                        help="processes that simulate and write provinces in parallel (the output does not "
                             "depend on N); default 2")
    parser.add_argument("--deliver-late", action="store_true",
                        help="only move OUT/late/ (a previous --late-quarter run) into OUT/inbox/")


def run(args: argparse.Namespace) -> int:
    """Run generate() from parsed arguments; print a summary line and a JSON line last."""
    started = time.perf_counter()
    if getattr(args, "deliver_late", False):
        moved = deliver_late(args.out)
        print(f"delivered {len(moved)} late files into {args.out / 'inbox'}")
        print(json.dumps({"out": str(args.out), "delivered": moved}, ensure_ascii=False))
        return 0
    try:
        manifest = generate(args.out, preset=args.preset, start=args.start, end=args.end, seed=args.seed,
                            scale=args.scale, faults=args.faults, late_quarter=getattr(args, "late_quarter", None),
                            courts=getattr(args, "courts", None), workers=getattr(args, "workers", 2))
    except ValueError as exc:
        print(f"generate: {exc}")
        return 2
    s = manifest["summary"]
    n_faults = len(manifest["faults"])
    print(f"generated {s['files']} files ({s['ignored']} temporary), {s['cases']} cases, {s['rows']} rows, "
          f"{n_faults} faults for preset {args.preset} into {args.out} in {time.perf_counter() - started:.1f}s")
    print(json.dumps({"out": str(args.out), "files": s["files"], "cases": s["cases"], "rows": s["rows"],
                      "faults": n_faults}, ensure_ascii=False))
    return 0
