"""Delta exports: which version of which case goes into which export of a court.

What belongs here: turning courts' cases and their export dates into rows. A file holds
the current state of every case filed, closed or changed since the previous export
(spec/export-format.md); the first export of a court also holds every case pending at
the start. Events of a case: filing, closing, an approved extension, excluded days
recorded, a partial recovery (enforcement). Each event lands in the first export on or
after its day; a row shows the state after every event up to its export, and 更新时间
is the timestamp of the latest of them. Vectorized: no loop per case.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .days import NEVER

OFFICE_START, OFFICE_END = 8 * 3600, 19 * 3600


@dataclass
class Rows:
    case: np.ndarray        # index into the court's case table
    export: np.ndarray      # index into the court's export dates
    closed: np.ndarray      # closing visible in this version
    extended: np.ndarray    # extension visible
    excluded: np.ndarray    # excluded days visible
    partial: np.ndarray     # partial recovery visible
    updated: np.ndarray     # seconds since epoch (local time) of the last change

    def __len__(self) -> int:
        return len(self.case)


def _export_index(days: np.ndarray, exports: np.ndarray, start: int) -> np.ndarray:
    """Index of the first export on or after each event day (NEVER → len(exports))."""
    idx = np.searchsorted(exports, np.maximum(days, start), side="left")
    return np.where(days == NEVER, len(exports), idx)


def delta_rows(rng: np.random.Generator, cases: dict, exports: np.ndarray, start: int) -> Rows:
    """The rows of every court in `cases` (courts sharing these export dates), by court
    ("court": its index), then export."""
    n = len(cases["type"])
    kinds = ("filing", "closing", "ext_day", "excl_day", "part_day")
    day = {k: cases[k] for k in kinds}
    k_of = {k: _export_index(day[k], exports, start) for k in kinds}
    stamp = {k: np.where(day[k] == NEVER, -1, day[k] * 86400 + rng.integers(OFFICE_START, OFFICE_END, n))
             for k in kinds}
    pairs = np.concatenate([np.arange(n) * (len(exports) + 1) + k_of[k] for k in kinds])
    pairs = np.unique(pairs[pairs % (len(exports) + 1) < len(exports)])
    case = pairs // (len(exports) + 1)
    export = pairs % (len(exports) + 1)
    visible = {k: k_of[k][case] <= export for k in kinds}
    updated = np.max(np.stack([np.where(visible[k], stamp[k][case], -1) for k in kinds]), axis=0)
    order = np.lexsort((cases["serial"][case], cases["type"][case], cases["filing"][case], export,
                        cases["court"][case]))
    return Rows(case=case[order], export=export[order], closed=visible["closing"][order],
                extended=visible["ext_day"][order], excluded=visible["excl_day"][order],
                partial=visible["part_day"][order], updated=updated[order])
