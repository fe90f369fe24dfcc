"""Fault injection: faulty rows inside export files and faulty files beside them.

What belongs here: every fault kind of spec/export-format.md and the expected outcome
recorded in the manifest. The principle: faults never take away a case's valid data.

- Row faults are EXTRA rows: a copy of a valid row of the same file, mutated to carry
  exactly one reason, inserted at a random position. The valid row stays in the file,
  so every case keeps its valid versions and the indicators do not change when the
  faulty rows are rejected. Each faulty row carries one reason code only; mutations are
  chosen so that no second reason applies (a future filing date is put only on a pending
  row, so no closing date precedes it; a closing-before-filing row keeps a readable
  filing date on or before the export date; an empty 立案日期 is only `missing_required`).
- File faults are EXTRA files: byte copies (duplicates), truncated copies (partial
  `.part`/`.tmp` files, a corrupt XLSX), an Excel lock file `~$…`, a hidden `._…` file,
  a header-only file, a file without the 案号 column, and a file in an unregistered court
  folder whose rows are copies re-numbered to that court. None of them carries a case
  version the regular files do not already have.

At any rate > 0 every kind appears at least once (the first files that can hold a kind get
it); beyond that, row faults occur at `rate` per data row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .days import NEVER, to_date

ROW_KINDS = ("invalid_case_number", "court_mismatch", "unparseable_filing_date", "unparseable_closing_date",
             "future_date", "closing_before_filing", "missing_required", "negative_days")
FILE_KINDS = ("duplicate_same_day", "duplicate_other_day", "partial_part", "partial_tmp", "partial_lock",
              "partial_hidden", "corrupt_xlsx", "header_only", "missing_case_number_column", "unregistered_court")
UNREGISTERED = ("甘3099", "甘3098", "甘9999")


def _bad_date(rng, day: int) -> str:
    d = to_date(day)
    options = (f"{d.year}-13-{d.day:02d}", f"{d.year}/2/30", "待补录", "0000-00-00")
    return options[int(rng.integers(len(options)))]


class RowFaults:
    """Adds faulty copies of valid rows to a file's rows and reports them."""

    def __init__(self, rate: float, registry: list[tuple[str, str]]):
        self.rate = rate
        self.active = rate > 0
        self.needed = list(ROW_KINDS) if rate > 0 else []
        self.registry = registry

    def _applicable(self, kind: str, columns, closed: np.ndarray) -> bool:
        if kind == "negative_days":
            return "extension_days" in columns or "excluded_days" in columns
        if kind in ("unparseable_closing_date", "closing_before_filing"):
            return bool(closed.any())
        return True

    def inject(self, rng, court_code: str, columns: list[str], dates, sub: pd.DataFrame,
               export_day: int) -> tuple[pd.DataFrame, list[dict]]:
        n = len(sub)
        if self.rate <= 0 or n == 0:
            return sub, []
        closed = sub["_closing"].to_numpy() != NEVER
        usable = [k for k in ROW_KINDS if self._applicable(k, columns, closed)]
        kinds = [k for k in self.needed if k in usable]
        kinds += [usable[i] for i in rng.integers(0, len(usable), rng.binomial(n, self.rate))]
        if not kinds:
            return sub, []
        for k in kinds:
            if k in self.needed:
                self.needed.remove(k)
        extras, notes = [], []
        for kind in kinds:
            pool = np.flatnonzero(closed) if kind in ("unparseable_closing_date", "closing_before_filing") \
                else np.arange(n)
            src = int(pool[rng.integers(len(pool))])
            row = sub.iloc[src].copy()
            self._mutate(rng, kind, row, columns, court_code, dates, export_day, closed[src])
            extras.append(row)
            notes.append({"fault": kind, "reasons": [kind], "case_number": row["_number"]})
        keys = np.r_[np.arange(n, dtype=float), rng.uniform(-0.5, n - 0.5, len(extras))]
        combined = pd.concat([sub, pd.DataFrame(extras, columns=sub.columns)], ignore_index=True)
        order = np.argsort(keys, kind="stable")
        out = combined.iloc[order].reset_index(drop=True)
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        rejected = [{"row_number": int(position[n + i]) + 1, **note} for i, note in enumerate(notes)]
        if "seq" in out.columns:
            out["seq"] = np.arange(1, len(out) + 1)
        return out, sorted(rejected, key=lambda r: r["row_number"])

    def _mutate(self, rng, kind, row, columns, code, dates, export_day, closed) -> None:
        typed_empty = None if dates.habit.format != "csv" else ""
        year, tcode, serial = int(row["_year"]), row["_type"], int(row["_serial"])
        number = row["_number"]
        filing, closing = int(row["_filing"]), int(row["_closing"])
        if kind == "invalid_case_number":
            options = (f"（{year}）{serial}号", f"（{year % 100:02d}）{code}{tcode}{serial}号",
                       f"{number}（补录）", f"{code}{tcode}{serial}号")
            row["case_number"] = options[int(rng.integers(len(options)))]
        elif kind == "court_mismatch":
            others = [(c, name) for c, name in self.registry if c != code]
            other_code, other_name = others[int(rng.integers(len(others)))]
            if "court_name" in columns and rng.random() < 0.5:
                row["court_name"] = other_name
            else:
                row["case_number"] = number.replace(code, other_code, 1)
        elif kind == "unparseable_filing_date":
            row["filing_date"] = _bad_date(rng, filing)
        elif kind == "unparseable_closing_date":
            row["closing_date"] = _bad_date(rng, closing)
        elif kind == "future_date":
            later = export_day + int(rng.integers(1, 45))
            if closed:
                row["closing_date"] = dates.day(later)
            else:
                row["filing_date"] = dates.day(later)
        elif kind == "closing_before_filing":
            row["closing_date"] = dates.day(filing - int(rng.integers(1, 30)))
        elif kind == "missing_required":
            if rng.random() < 0.5:
                row["case_number"] = typed_empty
            else:
                row["filing_date"] = typed_empty
        elif kind == "negative_days":
            col = "extension_days" if "extension_days" in columns and rng.random() < 0.5 else "excluded_days"
            if col not in columns:
                col = "extension_days"
            value = -int(rng.integers(1, 31))
            row[col] = value if dates.habit.format != "csv" else str(value)


class FilePlan:
    """Which court gets which file fault: at most one court per kind, chosen by format."""

    def __init__(self, rate: float, seed: int, courts: list, habits: dict, registered: set[str]):
        self.targets: dict[str, str] = {}
        self.done: set[str] = set()
        self.unregistered = next(c for c in UNREGISTERED if c not in registered)
        if rate <= 0:
            return
        rng = np.random.default_rng([seed, 7])
        codes = [c.code for c in courts if c.level != "high"] or [c.code for c in courts]
        by_format = {f: [c for c in codes if habits[c].format == f] for f in ("csv", "xlsx", "jsonl")}
        prefer = {"partial_part": "csv", "partial_tmp": "jsonl", "partial_lock": "xlsx", "corrupt_xlsx": "xlsx",
                  "header_only": "csv", "missing_case_number_column": "csv"}
        for kind in FILE_KINDS:
            pool = by_format.get(prefer.get(kind, ""), []) or codes
            self.targets[kind] = pool[int(rng.integers(len(pool)))]

    def kinds_for(self, court_code: str, clean_index: int, n_files: int, file_index: int) -> list[str]:
        """File kinds to make from this clean file: the second clean file of the court (or its
        first when it has one only), never its last file (a copy must not be dated after the end)."""
        if clean_index != min(1, n_files - 1) or (file_index == n_files - 1 and n_files > 1):
            return []
        kinds = [k for k, c in self.targets.items() if c == court_code and k not in self.done]
        self.done.update(kinds)
        return kinds

    def missing(self) -> list[str]:
        return [k for k in self.targets if k not in self.done]


def lock_file_bytes(owner: str = "zhangsan") -> bytes:
    """An Excel owner lock file (~$name.xlsx): length byte, owner name, padding."""
    name = owner.encode("ascii")
    return bytes([len(name)]) + name.ljust(53, b" ") + bytes([len(name), 0]) + \
        "".join(ch + "\0" for ch in owner).encode("ascii").ljust(110, b"\x20")


def apple_double_bytes() -> bytes:
    """The resource-fork companion a Mac leaves beside a copied file (._name)."""
    return b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 58
