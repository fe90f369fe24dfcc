"""Units of parallel work: court subtrees simulated and written by a process pool.

What belongs here: the World of one run (the courts chosen, their roles, profiles,
habits and expected volumes), cutting the simulation order into independent units (one
per root of the court tree: a province, or the whole tree of the gannan and gansu
presets), running the units in worker processes (`--workers`), and handing each unit's
file entries, faults and late cases back to the parent for the manifest.

Within a unit, the courts are simulated round by round (`rounds`: the leaves, then their
parents, ...), a round in chunks of consecutive courts (`chunks`, bounded by expected
cases): each chunk is one batch of simulate.Batch, many courts per numpy call.

Appeals only go up the tree, so a unit needs nothing from another unit. Determinism does
not depend on the number of workers: every batch draws from its own stream, seeded by
the unit's root, the round and the chunk; every unit starts from the same fault plan,
and only the first unit (in simulation order) places the row-fault kinds every run must
show at least once; the parent merges the results in unit order. A preset with one root
(gannan, gansu) is one unit, run in process, with the same bytes as with any --workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import calibration as cal
from .habits import Habit, habit_for
from .late import LatePlan
from .registry import Court, children_of, load_registry, role, sample_courts, simulation_order
from .simulate import SimContext


@dataclass
class World:
    """The courts of one run and what the simulation needs of each (picklable)."""

    courts: list[Court]                 # chosen courts, registry order
    order: list[Court]                  # simulation order (children before parents)
    roles: dict[str, str]
    profiles: dict[str, cal.Profile]
    habits: dict[str, Habit]
    expected: dict[str, float]          # own volume + 9 % of the children's (judge counts)

    @classmethod
    def load(cls, preset: str, n_courts: int | None = None) -> World:
        """Profiles come from the whole registry, so a court of a `--courts` sample is
        simulated with the same profile and judges as in the full run (its parent just gets
        fewer appeals; its random draws depend on its batch)."""
        full = load_registry(preset)
        kids = children_of(full)
        roles = {c.code: role(c, kids) for c in full}
        profiles = cal.court_profiles(full, kids, roles)
        courts = sample_courts(full, n_courts) if n_courts else full
        codes = [c.code for c in courts]
        expected = {k: profiles[k].volume + 0.09 * sum(profiles[x].volume for x in kids[k]) for k in codes}
        return cls(courts, simulation_order(courts), {k: roles[k] for k in codes},
                   {k: profiles[k] for k in codes}, {k: habit_for(k, preset) for k in codes}, expected)


@dataclass
class Job:
    """Everything a worker needs besides its unit."""

    inbox: Path
    faults: float
    seed: int
    ctx: SimContext
    world: World
    late: LatePlan | None
    first_day: int
    last_day: int


@dataclass
class UnitResult:
    """What a unit hands back: the Run lists and counters it filled."""

    index: int
    files: list[dict] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    fault_log: list[dict] = field(default_factory=list)
    cases: int = 0
    rows: int = 0
    done: set[str] = field(default_factory=set)
    needed: list[str] = field(default_factory=list)
    sample: tuple | None = None
    late_cases: list[dict] = field(default_factory=list)
    late_files: list[dict] = field(default_factory=list)


def split_units(order: list[Court]) -> list[list[Court]]:
    """The simulation order cut at each root: a root comes after its whole subtree, so
    every unit ends with its root."""
    codes = {c.code for c in order}
    units, current = [], []
    for court in order:
        current.append(court)
        if court.parent not in codes:
            units.append(current)
            current = []
    if current:
        units.append(current)
    return units


def rounds(unit: list[Court]) -> list[list[Court]]:
    """The unit's courts by height in its tree (leaves first, then their parents, ...):
    a round needs only the appeals of earlier rounds, so its courts are simulated as one
    batch. Within a round, simulation order."""
    codes = {c.code for c in unit}
    height: dict[str, int] = {}
    for court in unit:  # children come before their parent
        height.setdefault(court.code, 0)
        if court.parent in codes:
            height[court.parent] = max(height.get(court.parent, 0), height[court.code] + 1)
    out: list[list[Court]] = [[] for _ in range(max(height.values(), default=-1) + 1)]
    for court in unit:
        out[height[court.code]].append(court)
    return out


def chunks(courts: list[Court], weight: dict[str, float], cap: float) -> list[list[Court]]:
    """Consecutive courts cut so that each chunk's weight (expected cases) stays under cap
    where it can (a court heavier than cap is a chunk alone): the batches of a round,
    bounding a worker's memory at any --scale."""
    out: list[list[Court]] = []
    current: list[Court] = []
    total = 0.0
    for court in courts:
        w = weight[court.code]
        if current and total + w > cap:
            out.append(current)
            current, total = [], 0.0
        current.append(court)
        total += w
    if current:
        out.append(current)
    return out


# What a unit runs: generator.core.run_unit (passed in, so that this module, which core
# imports, does not import core).
RunUnit = Callable[[Job, int, list[Court]], UnitResult]
_JOB: tuple[Job, RunUnit] | None = None


def _init_worker(job: Job, run_unit: RunUnit) -> None:
    global _JOB
    _JOB = (job, run_unit)


def _run_in_worker(index: int, courts: list[Court]) -> UnitResult:
    job, run_unit = _JOB
    return run_unit(job, index, courts)


def run_units(job: Job, units: list[list[Court]], workers: int, run_unit: RunUnit) -> list[UnitResult]:
    """Every unit's result (`run_unit` of each), in unit order. Units go to the pool
    largest first so that the last one to finish is a small one."""
    if workers <= 1 or len(units) <= 1:
        return [run_unit(job, i, u) for i, u in enumerate(units)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() and os.name == "posix" else "spawn"
    ctx = multiprocessing.get_context(method)
    size = {i: sum(job.world.expected[c.code] for c in u) for i, u in enumerate(units)}
    results: dict[int, UnitResult] = {}
    with ProcessPoolExecutor(max_workers=min(workers, len(units)), mp_context=ctx,
                             initializer=_init_worker, initargs=(job, run_unit)) as pool:
        futures = [pool.submit(_run_in_worker, i, units[i]) for i in sorted(size, key=lambda i: -size[i])]
        for f in futures:
            r = f.result()
            results[r.index] = r
    return [results[i] for i in range(len(units))]
