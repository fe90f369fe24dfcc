"""Orchestration of one generator run: checking, the files of a court, the manifest.

What belongs here: checking arguments and the output folder, cutting each court's rows
into export files, letting the fault injector add its rows and files, writing the bytes,
merging the units' results (units.py runs the courts in simulation order, children
before parents, appeals handed up, one process per unit) and building manifest.json.
Memory stays bounded by one batch per worker (about BATCH_CASES cases, plus the appeals
waiting for a parent): nothing of a batch is kept after its files are written.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import zlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from . import calibration as cal
from .days import day_number, export_days, to_date
from .deltas import delta_rows
from .faults import FILE_KINDS, FilePlan, RowFaults, apple_double_bytes, lock_file_bytes
from .formatting import DateStyle, Rendered, header_names, render
from .habits import Habit
from .late import LATE_DIR, LatePlan, quarter_days, withhold
from .registry import Court
from .simulate import HANDOFF_FIELDS, Batch, SimContext, batch_rng, concat, make_setup, simulate_batch
from .units import Job, UnitResult, World, chunks, rounds, run_units, split_units
from .writers import csv_bytes, csv_lines, jsonl_bytes, xlsx_bytes

PRESETS = ("gannan", "gansu", "national")
MARKER = ".courts-generator"
OWN_ENTRIES = {MARKER, "inbox", "manifest.json", LATE_DIR}
HEADERS = cal.REFERENCE / "headers.csv"
# Courts are simulated in batches of about this many cases (expected over the simulated
# years): large enough that per-batch numpy overhead vanishes, small enough to bound a
# worker's memory (a few hundred MB) at any --scale.
BATCH_CASES = 300_000


def prepare_out(out: Path) -> Path:
    """Create out/ or clear a previous generator output in it; refuse anything else."""
    if out.exists():
        if not out.is_dir():
            raise ValueError(f"--out {out} exists and is not a folder")
        entries = {p.name for p in out.iterdir()}
        if entries and (MARKER not in entries or entries - OWN_ENTRIES):
            extra = sorted(entries - OWN_ENTRIES) or ["(no generator marker)"]
            raise ValueError(f"--out {out} holds something other than a previous generator output: "
                             f"{', '.join(extra[:5])}; choose an empty or new folder")
        shutil.rmtree(out / "inbox", ignore_errors=True)
        shutil.rmtree(out / LATE_DIR, ignore_errors=True)
        (out / "manifest.json").unlink(missing_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by the court export generator (generator/); safe to delete\n",
                              encoding="utf-8")
    (out / "inbox").mkdir()
    return out / "inbox"


def load_headers() -> dict[str, dict[str, str]]:
    with HEADERS.open(encoding="utf-8", newline="") as fh:
        return {r["column"]: r for r in csv.DictReader(fh)}


@dataclass
class FileSpec:
    court_code: str
    name: str
    habit: Habit
    export_day: int
    title: str | None


class Run:
    """State of one generate() call: output folder, fault injector, manifest lists."""

    def __init__(self, inbox: Path, faults: float, seed: int, courts, habits, late: LatePlan | None = None):
        self.inbox = inbox
        self._inbox = str(inbox)
        self.late = late
        self.habits = habits
        self.seed = seed
        self.headers = load_headers()
        self._headers: dict[tuple, list[str]] = {}
        self.row_faults = RowFaults(faults, [(c.code, c.name) for c in courts])
        self.plan = FilePlan(faults, seed, courts, habits, {c.code for c in courts})
        self.files: list[dict] = []
        self.ignored: list[str] = []
        self.fault_log: list[dict] = []
        self.cases = 0
        self.rows = 0
        self.folders: set[str] = set()
        self.sample = None  # (spec, clean frame, dates, bytes, columns) of the first clean file, for fallbacks

    # ------------------------------------------------------------ bytes and entries

    def header(self, habit: Habit, columns: list[str]) -> list[str]:
        """The header names of a habit's columns, made once per (habit, columns)."""
        key = (habit, tuple(columns))
        if key not in self._headers:
            self._headers[key] = header_names(habit, columns, self.headers)
        return self._headers[key]

    def render_bytes(self, spec: FileSpec, frame: pd.DataFrame, columns: list[str]) -> bytes:
        habit = spec.habit
        header = self.header(habit, columns)
        if habit.format == "csv":
            lines = csv_lines([frame[c].to_numpy(object) for c in columns])
            return csv_bytes(habit, header, lines, spec.title)
        if habit.format == "xlsx":
            return xlsx_bytes(habit, header, columns, frame[columns], spec.title, spec.export_day)
        return jsonl_bytes(header, frame[columns])

    def write(self, folder: str, name: str, data: bytes) -> str:
        """Write inbox/folder/name (plain os calls: 41,000 files a national year)."""
        if folder not in self.folders:
            (self.inbox / folder).mkdir(parents=True, exist_ok=True)
            self.folders.add(folder)
        rel = f"{folder}/{name}"
        fd = os.open(f"{self._inbox}/{rel}", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        return rel

    def entry(self, rel: str, spec: FileSpec, status: str, data_rows, rejected=(), **extra) -> dict:
        h = spec.habit
        e = {"path": rel, "court_code": rel.split("/")[0], "export_date": to_date(spec.export_day).isoformat(),
             "format": h.format, "encoding": h.encoding, "header_variant": h.header, "date_style": h.date_style,
             "title_row": spec.title is not None, "total_row": h.format == "xlsx" and h.total_row,
             "expected_status": status, "data_rows": data_rows, "expected_rejected": list(rejected)}
        e.update(extra)
        self.files.append(e)
        return e

    # ------------------------------------------------------------ regular files

    def write_file(self, rng, spec: FileSpec, rendered: Rendered, a: int, b: int, dates,
                   lines: list[str] | None) -> tuple[bytes, pd.DataFrame | None, bool]:
        """Write rows [a, b) of a court as one file (plus faulty rows); return bytes, frame, faulty."""
        columns = rendered.columns
        sub = rendered.frame(a, b) if (self.row_faults.active or lines is None) else None
        rejected: list[dict] = []
        if self.row_faults.active:
            sub, rejected = self.row_faults.inject(rng, spec.court_code, columns, dates, sub, spec.export_day)
        if lines is not None and not rejected:
            data = csv_bytes(spec.habit, self.header(spec.habit, columns), lines[a:b], spec.title)
        else:
            data = self.render_bytes(spec, sub, columns)
        rel = self.write(spec.court_code, spec.name, data)
        n = (b - a) + len(rejected)
        self.entry(rel, spec, "partially_loaded" if rejected else "loaded", n,
                   [{"row_number": r["row_number"], "reasons": r["reasons"], "fault": r["fault"],
                     "case_number": r["case_number"]} for r in rejected])
        for r in rejected:
            self.fault_log.append({"kind": r["fault"], "path": rel, "row_number": r["row_number"],
                                   "reasons": r["reasons"], "expected_status": "partially_loaded"})
        self.rows += n
        return data, sub, bool(rejected)

    # ------------------------------------------------------------ file faults

    def file_faults(self, kinds: list[str], spec: FileSpec, sub: pd.DataFrame, data: bytes,
                    columns: list[str]) -> None:
        stem, ext = spec.name.rsplit(".", 1)
        rel = f"{spec.court_code}/{spec.name}"
        for kind in kinds:
            if kind == "duplicate_same_day":
                dup = self.write(spec.court_code, f"{stem}_重发.{ext}", data)
                self._dup(dup, rel, spec, len(sub), "same_day")
            elif kind == "duplicate_other_day":
                later = to_date(spec.export_day + 1).strftime("%Y%m%d")
                dup = self.write(spec.court_code, f"{later}_补发.{ext}", data)
                self._dup(dup, rel, spec, len(sub), "other_day")
            elif kind.startswith("partial_"):
                self._partial(kind, spec, data)
            elif kind == "corrupt_xlsx":
                self._corrupt(spec, sub, data, columns)
            elif kind == "header_only":
                hspec = FileSpec(spec.court_code, f"{stem}_无变更.{ext}", spec.habit, spec.export_day, spec.title)
                p = self.write(spec.court_code, hspec.name, self.render_bytes(hspec, sub.iloc[:0], columns))
                self.entry(p, hspec, "loaded", 0, fault="header_only")
                self.fault_log.append({"kind": "header_only", "path": p, "expected_status": "loaded"})
            elif kind == "missing_case_number_column":
                mspec = FileSpec(spec.court_code, f"{stem}_补录.{ext}", spec.habit, spec.export_day, spec.title)
                cols = [c for c in columns if c != "case_number"]
                p = self.write(spec.court_code, mspec.name, self.render_bytes(mspec, sub, cols))
                self.entry(p, mspec, "rejected", len(sub), fault="missing_case_number_column",
                           error="required column 案号 missing")
                self.fault_log.append({"kind": "missing_case_number_column", "path": p,
                                       "expected_status": "rejected"})
            elif kind == "unregistered_court":
                self._unregistered(spec, sub, columns)

    def _dup(self, dup: str, original: str, spec: FileSpec, n: int, variant: str) -> None:
        self.entry(dup, spec, "duplicate", n, fault="duplicate_file", duplicate_of=original)
        self.fault_log.append({"kind": "duplicate_file", "variant": variant, "path": dup,
                               "duplicate_of": original, "expected_status": "duplicate"})

    def _partial(self, kind: str, spec: FileSpec, data: bytes) -> None:
        if kind == "partial_part":
            name, payload = f"{spec.name}.part", data[: max(1, len(data) * 2 // 5)]
        elif kind == "partial_tmp":
            name, payload = f"{spec.name}.tmp", data[: max(1, len(data) * 3 // 5)]
        elif kind == "partial_lock":
            base = spec.name if spec.name.endswith(".xlsx") else spec.name.rsplit(".", 1)[0] + ".xlsx"
            name, payload = f"~${base}", lock_file_bytes()
        else:
            name, payload = f"._{spec.name}", apple_double_bytes()
        p = self.write(spec.court_code, name, payload)
        self.ignored.append(p)
        self.fault_log.append({"kind": "partial_file", "variant": kind.split("_", 1)[1], "path": p,
                               "expected_status": "ignored"})

    def _corrupt(self, spec: FileSpec, sub: pd.DataFrame, data: bytes, columns: list[str]) -> None:
        if spec.habit.format != "xlsx":
            xh = Habit("xlsx-fallback", format="xlsx", encoding=None, header=spec.habit.header,
                       columns=spec.habit.columns, amount_style="number")
            data = xlsx_bytes(xh, header_names(xh, columns, self.headers), columns, sub[columns], None,
                              spec.export_day)
        stem = spec.name.rsplit(".", 1)[0]
        cspec = FileSpec(spec.court_code, f"{stem}_01.xlsx", spec.habit, spec.export_day, spec.title)
        p = self.write(spec.court_code, cspec.name, data[: len(data) * 11 // 20])
        e = self.entry(p, cspec, "rejected", None, fault="corrupt_xlsx", error="not a readable XLSX (truncated)")
        e["format"], e["encoding"] = "xlsx", None
        self.fault_log.append({"kind": "corrupt_xlsx", "path": p, "expected_status": "rejected"})

    def _unregistered(self, spec: FileSpec, sub: pd.DataFrame, columns: list[str]) -> None:
        code = self.plan.unregistered
        moved = sub.copy()
        moved["case_number"] = [n.replace(spec.court_code, code, 1) for n in moved["_number"]]
        uspec = FileSpec(code, spec.name, spec.habit, spec.export_day, spec.title)
        p = self.write(code, spec.name, self.render_bytes(uspec, moved, columns))
        self.entry(p, uspec, "rejected", len(sub), fault="unregistered_court",
                   error=f"court folder {code} is not a registered court")
        self.fault_log.append({"kind": "unregistered_court", "path": p, "expected_status": "rejected"})

    def absorb(self, results) -> None:
        """Take over the lists and counters of the units (units.py), in unit order; the
        row-fault kinds still needed and the fallback sample are the first unit's."""
        for r in results:
            self.files += r.files
            self.ignored += r.ignored
            self.fault_log += r.fault_log
            self.cases += r.cases
            self.rows += r.rows
            self.plan.done |= r.done
            if self.late is not None:
                self.late.cases += r.late_cases
                self.late.files += r.late_files
        if results:
            self.row_faults.needed = list(results[0].needed)
            self.sample = next((r.sample for r in results if r.sample is not None), None)

    def fallbacks(self, rng) -> None:
        """Kinds that found no file (tiny runs): make them from the first clean file."""
        if self.sample is None:
            return
        spec, sub, dates, data, columns = self.sample
        missing = self.plan.missing()
        self.plan.done.update(missing)
        self.file_faults(missing, spec, sub, data, columns)
        if self.row_faults.needed and len(sub):
            stem, ext = spec.name.rsplit(".", 1)
            fspec = FileSpec(spec.court_code, f"{stem}_更正.{ext}", spec.habit, spec.export_day, spec.title)
            cols = list(columns)
            values = {c: sub[c].to_numpy(object) for c in cols}
            meta = {c: sub[c].to_numpy() for c in sub.columns if c.startswith("_")}
            self.write_file(rng, fspec, Rendered(cols, values, meta, spec.habit.format != "csv"), 0, len(sub),
                            dates, None)


def _file_name(habit: Habit, export_day: int, part: int) -> str:
    split = ("_审判", "_执行")[part] if habit.split_by_category else ""
    return f"{to_date(export_day).strftime('%Y%m%d')}{habit.name_suffix}{split}.{habit.extension}"


def write_batch(run: Run, courts: list[Court], setups: list, tables: list[dict], ctx: SimContext, first_day: int,
                last_day: int, stream: tuple[int, ...]) -> None:
    """Write the files of a batch's courts (tables: each court's cases, in batch order).
    Courts with the same habit share one delta, render and CSV pass (`stream` seeds their
    random draws); then each court's rows are cut into its files, in court order."""
    habits = [run.habits[c.code] for c in courts]
    groups: dict[Habit, list[int]] = {}
    for i, h in enumerate(habits):
        groups.setdefault(h, []).append(i)
    for g, (habit, members) in enumerate(groups.items()):
        held = [np.array([], dtype=np.int64)] * len(members)
        if run.late is not None:
            held = [write_late(run, courts[i], setups[i], habit, tables[i], first_day, last_day) for i in members]
        cases = concat_courts([tables[i] for i in members], held)
        run.cases += sum(len(tables[i]["type"]) for i in members)
        exports = export_days(ctx.start, ctx.end, habit.cadence, habit.weekdays)
        rows = delta_rows(np.random.default_rng([ctx.seed, *stream, g, 21]), cases, exports, ctx.start)
        if run.late is not None:
            rows = withhold(rows, np.flatnonzero(cases["_held"]))
        if len(rows) == 0:
            for i in members:
                write_quiet(run, courts[i], habit, exports)
            continue
        rendered = render(np.random.default_rng([ctx.seed, *stream, g, 22]), [setups[i] for i in members], habit,
                          cases, rows, first_day, last_day)
        lines = csv_lines([rendered.values[c] for c in rendered.columns]) if habit.format == "csv" else None
        bounds = np.searchsorted(rendered.meta["_court"], np.arange(len(members) + 1))
        for j, i in enumerate(members):
            a, b = int(bounds[j]), int(bounds[j + 1])
            if b > a:
                write_files(run, courts[i], habit, rendered, a, b, exports, ctx, first_day, last_day, lines)
            else:
                write_quiet(run, courts[i], habit, exports)


def concat_courts(tables: list[dict], held: list[np.ndarray]) -> dict:
    """The courts' case tables as one ("court": position in the group), with "_held"
    marking the cases withheld for the late delivery."""
    out = {f: np.concatenate([t[f] for t in tables]) for f in tables[0]}
    sizes = [len(t["type"]) for t in tables]
    out["court"] = np.repeat(np.arange(len(tables)), sizes)
    marks = []
    for t, h in zip(tables, held, strict=True):
        m = np.zeros(len(t["type"]), dtype=bool)
        m[h] = True
        marks.append(m)
    out["_held"] = np.concatenate(marks)
    return out


def write_files(run: Run, court: Court, habit: Habit, rendered: Rendered, a: int, b: int, exports: np.ndarray,
                ctx: SimContext, first_day: int, last_day: int, lines: list[str] | None) -> None:
    """Rows [a, b) of a rendered group (one court's, sorted by export and part) as that
    court's files, with the faults the plan puts on them."""
    code_key = zlib.crc32(court.code.encode("utf-8"))
    fault_rng = np.random.default_rng([ctx.seed, code_key, 23])
    columns = rendered.columns
    dates = DateStyle(habit, first_day, last_day)
    key = rendered.meta["_export"][a:b] * 2 + rendered.meta["_part"][a:b]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)]
    title = f"{court.name}案件明细表" if habit.title else None
    clean = 0
    for i, (s, e) in enumerate(zip((starts + a).tolist(), (ends + a).tolist(), strict=True)):
        k, part = int(key[s - a] // 2), int(key[s - a] % 2)
        spec = FileSpec(court.code, _file_name(habit, int(exports[k]), part), habit, int(exports[k]), title)
        data, sub, faulty = run.write_file(fault_rng, spec, rendered, s, e, dates, lines)
        if faulty:
            continue
        kinds = run.plan.kinds_for(court.code, clean, len(starts), i)
        if kinds or (run.sample is None and run.row_faults.active):
            sub = sub if sub is not None else rendered.frame(s, e)
            if run.sample is None:
                run.sample = (spec, sub.copy(), dates, data, columns)
            run.file_faults(kinds, spec, sub, data, columns)
        clean += 1
    if int(key[-1]) // 2 != len(exports) - 1:
        write_quiet(run, court, habit, exports)


def write_quiet(run: Run, court: Court, habit: Habit, exports: np.ndarray) -> None:
    """The court's file on the window's last export date when nothing changed since its
    previous export: the header only. Platforms run their scheduled export anyway, and a
    court that stopped delivering (the pipeline's `court_silent` warning) is another
    story than a quiet one; before, a small court with a quiet last week looked silent."""
    day = int(exports[-1])
    spec = FileSpec(court.code, _file_name(habit, day, 0), habit, day,
                    f"{court.name}案件明细表" if habit.title else None)
    columns = list(habit.columns)
    frame = pd.DataFrame({c: pd.Series([], dtype=object) for c in columns})
    rel = run.write(court.code, spec.name, run.render_bytes(spec, frame, columns))
    run.entry(rel, spec, "loaded", 0)


def write_late(run: Run, court, setup, habit: Habit, cases: dict, first_day: int, last_day: int) -> np.ndarray:
    """Write the court's late delivery under out/late/<court>/ (generator/late.py);
    returns the cases held back from its regular exports."""
    plan = run.late
    held, corrected, new_closing = plan.choose(court.code, cases)
    if not len(held) and not len(corrected):
        return held
    cases = {**cases, "court": np.zeros(len(cases["type"]), dtype=np.int64)}
    code_key = zlib.crc32(court.code.encode("utf-8"))
    fixed, late_rows = plan.late_rows(np.random.default_rng([run.seed, code_key, 25]), cases, held, corrected,
                                      new_closing)
    plan.record(court.code, cases, held, corrected, new_closing)
    rendered = render(np.random.default_rng([run.seed, code_key, 26]), [setup], habit, fixed, late_rows,
                      first_day, last_day)
    part = rendered.meta["_part"]
    title = f"{court.name}案件明细表" if habit.title else None
    folder = run.inbox.parent / LATE_DIR / court.code
    for p in np.unique(part).tolist():
        a, b = int(np.argmax(part == p)), int(len(part) - np.argmax(part[::-1] == p))
        stem, ext = _file_name(habit, plan.delivery, p).rsplit(".", 1)
        spec = FileSpec(court.code, f"{stem}_更正.{ext}", habit, plan.delivery, title)
        frame = rendered.frame(a, b)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / spec.name).write_bytes(run.render_bytes(spec, frame, rendered.columns))
        plan.files.append({"path": f"{court.code}/{spec.name}", "court_code": court.code,
                           "export_date": to_date(plan.delivery).isoformat(), "format": habit.format,
                           "data_rows": b - a, "expected_status": "loaded",
                           "case_numbers": sorted(str(n) for n in frame["_number"])})
    return held


def run_unit(job: Job, index: int, courts: list[Court]) -> UnitResult:
    """Simulate and write one unit's courts, round by round (units.rounds: a round is
    every court whose children are done), a round in batches of about BATCH_CASES cases
    (units.chunks), each simulated and rendered together; return what the manifest
    needs. Within a batch the courts are written in simulation order."""
    world = job.world
    late = replace(job.late, cases=[], files=[]) if job.late is not None else None
    run = Run(job.inbox, job.faults, job.seed, world.order, world.habits, late)
    if index > 0:
        run.row_faults.needed = []
    position = {c.code: i for i, c in enumerate(courts)}
    by_code = {c.code: c for c in courts}
    pending: dict | None = None  # appeals handed up and not yet simulated; "to": unit index
    years = (job.ctx.end - job.ctx.sim_first + 1) / 365.25
    weight = {c.code: world.expected[c.code] * job.ctx.scale * years for c in courts}
    for r, members_of_round in enumerate(rounds(courts)):
        for k, members in enumerate(chunks(members_of_round, weight, BATCH_CASES)):
            setups = []
            for court in members:
                parent = by_code.get(court.parent)
                setups.append(make_setup(court, world.roles[court.code], world.profiles[court.code],
                                         world.roles[parent.code] if parent else None, world.expected[court.code]))
            batch = Batch.of(setups, [position.get(c.parent, -1) for c in members])
            handoff_in, pending = take_handoffs(pending, [position[c.code] for c in members], len(courts))
            stream = (zlib.crc32(courts[-1].code.encode("utf-8")), r, k)
            tables, handoff_out = simulate_batch(batch, job.ctx, batch_rng(job.seed, stream), handoff_in)
            if handoff_out is not None:
                pending = concat([pending, handoff_out], HANDOFF_FIELDS)
            write_batch(run, members, setups, tables, job.ctx, job.first_day, job.last_day, stream)
    return UnitResult(index, run.files, run.ignored, run.fault_log, run.cases, run.rows, run.plan.done,
                      run.row_faults.needed, run.sample, late.cases if late else [], late.files if late else [])


def take_handoffs(pending: dict | None, members: list[int], n_courts: int) -> tuple[dict | None, dict | None]:
    """Split the pending appeals into those addressed to this round's courts ("to"
    rewritten as their batch index) and the rest."""
    if pending is None:
        return None, None
    local = np.full(n_courts, -1, dtype=np.int64)
    local[members] = np.arange(len(members))
    to = local[pending["to"]]
    mine = to >= 0
    taken = {k: v[mine] for k, v in pending.items()}
    taken["to"] = to[mine]
    rest = {k: v[~mine] for k, v in pending.items()}
    return taken, rest


def check_arguments(preset: str, start: date, end: date, scale: float, faults: float, courts: int | None,
                    workers: int) -> None:
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
    if start > end:
        raise ValueError(f"--start {start} is after --end {end}")
    if not scale > 0:
        raise ValueError("--scale must be positive")
    if not 0 <= faults < 0.5:
        raise ValueError("--faults is a row rate in [0, 0.5)")
    if courts is not None and courts < 2:
        raise ValueError("--courts must be at least 2 (a high court and one court under it)")
    if workers < 1:
        raise ValueError("--workers must be at least 1")


def generate(out: Path, preset: str = "gannan", start: date = date(2023, 1, 1), end: date = date(2025, 2, 28),
             seed: int = 0, scale: float = 1.0, faults: float = 0.01, late_quarter: str | None = None,
             courts: int | None = None, workers: int = 2) -> dict:
    """Write an inbox of court exports under out/inbox and out/manifest.json; return the
    manifest. With `late_quarter` (e.g. "2024Q3"), some of that quarter's cases arrive
    late and some closing dates are corrected: that delivery waits in out/late/ for
    `deliver_late(out)` (generator/late.py). With `courts`, only a national-shaped sample
    of at most that many courts of the preset (whole subtrees, registry.sample_courts).
    `workers` processes simulate and write the court tree's roots' subtrees (units.py);
    the output does not depend on their number."""
    check_arguments(preset, start, end, scale, faults, courts, workers)
    late = LatePlan(late_quarter, *quarter_days(late_quarter), day_number(end), seed) if late_quarter else None
    inbox = prepare_out(Path(out))
    world = World.load(preset, courts)
    ctx = SimContext(start=day_number(start), end=day_number(end),
                     sim_first=day_number(date(start.year - 1, 1, 1)), scale=scale, seed=seed)
    job = Job(inbox, faults, seed, ctx, world, late, ctx.sim_first - 3200, ctx.end + 400)
    run = Run(inbox, faults, seed, world.order, world.habits, late)
    run.absorb(run_units(job, split_units(world.order), workers, run_unit))
    if faults > 0:
        run.fallbacks(np.random.default_rng([seed, 8]))
    manifest = build_manifest(run, preset, seed, start, end, scale, faults, world.courts, world.profiles,
                              world.habits)
    if courts:
        manifest["sample"] = {"courts": len(world.courts), "asked": courts}
    if late is not None:
        manifest["late"] = late.manifest()
    (Path(out) / "manifest.json").write_text(manifest_json(manifest), encoding="utf-8")
    return manifest


def manifest_json(manifest: dict) -> str:
    """The manifest as JSON text, one top-level key per line and one list entry (a file, a
    fault, a court) per line: readable, and written by the C encoder (json.dumps with
    indent runs the pure-Python one: 1.5 s for the 41,000 files of a national year)."""
    def dumps(v) -> str:
        return json.dumps(v, ensure_ascii=False)

    parts = []
    for key, value in manifest.items():
        if isinstance(value, list) and value:
            body = ",\n  ".join(map(dumps, value))
            parts.append(f"{dumps(key)}: [\n  {body}\n ]")
        else:
            parts.append(f"{dumps(key)}: {dumps(value)}")
    return "{\n " + ",\n ".join(parts) + "\n}\n"


def build_manifest(run: Run, preset, seed, start, end, scale, faults, courts, profiles, habits) -> dict:
    counts = {k: 0 for k in ("invalid_case_number", "court_mismatch", "unparseable_filing_date",
                             "unparseable_closing_date", "future_date", "closing_before_filing",
                             "missing_required", "negative_days", "duplicate_file", "partial_file",
                             "corrupt_xlsx", "header_only", "missing_case_number_column", "unregistered_court")}
    for f in run.fault_log:
        counts[f["kind"]] += 1
    return {
        "preset": preset, "seed": seed, "start": start.isoformat(), "end": end.isoformat(), "scale": scale,
        "fault_rate": faults,  # the row-fault rate (--faults); "faults" below lists the injected faults
        "summary": {"files": len(run.files), "ignored": len(run.ignored), "cases": run.cases, "rows": run.rows,
                    "fault_counts": counts},
        "courts": [{"court_code": c.code, "habit": habits[c.code].name, "format": habits[c.code].format,
                    "encoding": habits[c.code].encoding, "header_variant": habits[c.code].header,
                    "date_style": habits[c.code].date_style, "cadence": habits[c.code].cadence,
                    "story": profiles[c.code].weakness} for c in courts],
        "files": sorted(run.files, key=lambda e: e["path"]),
        "ignored": sorted(run.ignored),
        "faults": sorted(run.fault_log, key=lambda f: (f["path"], f.get("row_number", 0))),
        "file_fault_kinds": list(FILE_KINDS),
    }
