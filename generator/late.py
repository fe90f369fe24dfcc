"""Late corrections to an already-issued quarter: the second delivery of the demo.

What belongs here: choosing, per court, the cases of the issued quarter that reach the
warehouse late, cutting them out of the regular exports, and rendering the late delivery
in the court's own format through the same delta-export machinery (`deltas.delta_rows`
with one export day, the delivery day). Two kinds:

- `delivered_late`: a case filed in the quarter that no regular export carried (the
  clerk entered it after the bulletin was issued); its state as of the delivery day.
- `closing_corrected`: a case closed in the quarter whose 结案日期 was wrong in the
  regular exports; the re-export carries the corrected date (later by 10–60 days, never
  after the generated window's end) and a 更新时间 on the delivery day, so it wins.

`generate(..., late_quarter="2024Q3")` writes the regular inbox without those versions
and keeps the delivery in `out/late/<court>/<delivery date>_更正.<ext>`;
`deliver_late(out)` moves it into the inbox, as a court would send it after the issue.
The manifest's `late` entry lists every late case (number, court, kind, closing date
before and after) and file. Nothing is written to the inbox before delivery.
"""

from __future__ import annotations

import re
import shutil
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from .days import NEVER, day_number, to_date
from .deltas import Rows, delta_rows

LATE_DIR = "late"
HELD_PER_COURT = 1        # cases delivered late per court (when the quarter has one)
CORRECTED_PER_COURT = 1   # closing dates corrected per court
SHIFT_DAYS = (10, 61)     # a corrected closing date moves later by 10–60 days
DELIVERY_AFTER_END = 7    # the late delivery comes a week after the window's end
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_days(label: str) -> tuple[int, int]:
    m = _QUARTER.match(label or "")
    if not m:
        raise ValueError(f"--late-quarter {label!r} is not a quarter label (YYYYQn)")
    year, q = int(m.group(1)), int(m.group(2))
    start = date(year, 3 * q - 2, 1)
    end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
    return day_number(start), day_number(end)


@dataclass
class LatePlan:
    """The late delivery of one generator run."""
    quarter: str
    first: int                 # the quarter's first and last day (day numbers)
    last: int
    end: int                   # the generated window's last day
    seed: int
    delivery: int = field(init=False)
    cases: list[dict] = field(default_factory=list)
    files: list[dict] = field(default_factory=list)

    def __post_init__(self):
        if self.last >= self.end:
            raise ValueError(f"--late-quarter {self.quarter} must end before --end {to_date(self.end)}: "
                             "the quarter is issued from the regular exports, then corrected")
        self.delivery = self.end + DELIVERY_AFTER_END

    def choose(self, court_code: str, cases: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(held, corrected, new closing) for one court's cases: disjoint index arrays."""
        rng = np.random.default_rng([self.seed, zlib.crc32(court_code.encode("utf-8")), 24])
        filing, closing = cases["filing"], cases["closing"]
        in_q = (filing >= self.first) & (filing <= self.last)
        held = np.flatnonzero(in_q)
        held = np.sort(rng.choice(held, min(HELD_PER_COURT, len(held)), replace=False)) if len(held) else held
        closed_in_q = (closing != NEVER) & (closing >= self.first) & (closing <= self.last)
        closed_in_q[held] = False
        candidates = np.flatnonzero(closed_in_q & (closing < self.end))
        corrected = (np.sort(rng.choice(candidates, min(CORRECTED_PER_COURT, len(candidates)), replace=False))
                     if len(candidates) else candidates)
        new_closing = np.minimum(closing[corrected] + rng.integers(*SHIFT_DAYS, len(corrected)), self.end)
        return held, corrected, new_closing

    def late_rows(self, rng, cases: dict, held: np.ndarray, corrected: np.ndarray,
                  new_closing: np.ndarray) -> tuple[dict, Rows]:
        """The delivery's cases (closing dates corrected) and their rows: one delta export
        on the delivery day, every row stamped that day so it wins over earlier versions."""
        fixed = dict(cases)
        fixed["closing"] = cases["closing"].copy()
        fixed["closing"][corrected] = new_closing
        rows = delta_rows(rng, fixed, np.array([self.delivery]), int(cases["filing"].min()))
        keep = np.isin(rows.case, np.concatenate([held, corrected]))
        stamp = self.delivery * 86400 + 16 * 3600 + rng.integers(0, 3600, int(keep.sum()))
        rows = Rows(case=rows.case[keep], export=rows.export[keep], closed=rows.closed[keep],
                    extended=rows.extended[keep], excluded=rows.excluded[keep], partial=rows.partial[keep],
                    updated=stamp)
        return fixed, rows

    def record(self, court_code: str, cases: dict, held: np.ndarray, corrected: np.ndarray,
               new_closing: np.ndarray) -> None:
        def day(d):
            return None if d == NEVER else to_date(int(d)).isoformat()

        for i in held.tolist():
            self.cases.append({"case_number": str(cases["number"][i]), "court_code": court_code,
                               "kind": "delivered_late", "filing_date": day(cases["filing"][i]),
                               "closing_before": None, "closing_after": day(cases["closing"][i])})
        for i, new in zip(corrected.tolist(), new_closing.tolist(), strict=True):
            self.cases.append({"case_number": str(cases["number"][i]), "court_code": court_code,
                               "kind": "closing_corrected", "filing_date": day(cases["filing"][i]),
                               "closing_before": day(cases["closing"][i]), "closing_after": day(new)})

    def manifest(self) -> dict:
        return {"quarter": self.quarter, "delivery_date": to_date(self.delivery).isoformat(),
                "folder": LATE_DIR, "cases": sorted(self.cases, key=lambda c: (c["court_code"], c["case_number"])),
                "files": sorted(self.files, key=lambda f: f["path"])}


def withhold(rows: Rows, held: np.ndarray) -> Rows:
    """The regular exports without any version of the held cases."""
    keep = ~np.isin(rows.case, held)
    return Rows(case=rows.case[keep], export=rows.export[keep], closed=rows.closed[keep],
                extended=rows.extended[keep], excluded=rows.excluded[keep], partial=rows.partial[keep],
                updated=rows.updated[keep])


def deliver_late(out: Path | str) -> list[str]:
    """Move the late delivery (`out/late/…`) into `out/inbox/…`; returns the inbox paths
    (relative to the inbox). Delivering twice delivers nothing the second time."""
    out = Path(out)
    src = out / LATE_DIR
    moved = []
    if not src.is_dir():
        return moved
    for path in sorted(p for p in src.rglob("*") if p.is_file()):
        rel = path.relative_to(src)
        target = out / "inbox" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(path), target)
        moved.append(rel.as_posix())
    shutil.rmtree(src)
    return moved
