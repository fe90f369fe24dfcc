"""Case lifecycles of a batch of courts, vectorized with numpy.

What belongs here: drawing the cases of courts — filings (seasonal Poisson), the
pre-period backlog, procedures, judges, dispositions, durations, extensions and excluded
days, closings (December push, weekends), enforcement amounts, case numbers — and the
links between cases: enforcement from judgments, resumed enforcement after 终本,
objections, preservation, and the appeals and reviews a court hands to its parent.
The result is a CaseTable of the cases an export of [start, end] can show. No file
formats here (formatting.py, writers.py) and no export schedule (deltas.py).

Many courts are simulated per numpy call: a Batch is the courts of one round of a unit
(units.py), every court whose children are done, and every per-court trait (profile,
role, judges, place) is an array indexed by each case's court. There are no Python loops
per case or per court in the simulation: loops run over case types, procedures, roles or
divisions; the batch's random stream is one generator per (unit, round).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import calibration as cal
from .days import NEVER, add_months, filing_intensity, weekday, year_of
from .names import party_lists, person_names, unique_person_names
from .registry import Court
from .text import int_text

TYPES = cal.TYPES
T = cal.T
TYPE_ARR = np.array(TYPES, dtype=object)
PROCEDURES = ("", "普通程序", "简易程序", "小额诉讼程序", "速裁程序", "特别程序")
P = {p: i for i, p in enumerate(PROCEDURES)}
PROC_ARR = np.array(PROCEDURES, dtype=object)
DISP_VALUES = tuple(sorted({v for table in cal.DISPOSITIONS.values() for v in table}))
D = {v: i for i, v in enumerate(DISP_VALUES)}
DISP_ARR = np.array(DISP_VALUES, dtype=object)
GROUP_NAMES = tuple(sorted(set(cal.disposition_groups().values())))
G = {g: i for i, g in enumerate(GROUP_NAMES)}
DISP_GROUP = np.array([G[cal.disposition_groups()[v]] for v in DISP_VALUES], dtype=np.int64)
CAUSE_VALUES = tuple(sorted({c for table in cal.CAUSES.values() for c in table}))
CAUSE_ARR = np.array(CAUSE_VALUES, dtype=object)
FIRST_INSTANCE = np.array([t in ("民初", "刑初", "行初") for t in TYPES])
ENFORCEMENT = np.array([t in ("执", "执恢") for t in TYPES])
CRIMINAL = np.array([t.startswith("刑") for t in TYPES])
ADMIN = np.array([t.startswith("行") for t in TYPES])
APPEAL_TYPES = ("民终", "刑终", "行终")
FIELDS = ("court", "type", "filing", "closing", "procedure", "disposition", "cause", "judge", "division",
          "ext_days", "excl_days", "ext_day", "excl_day", "part_day", "claimed", "recovered", "partial",
          "year", "serial", "suffix", "number", "origin", "parties")


_MED = np.full((len(TYPES), len(PROCEDURES)), 30.0)
_SIG = np.full((len(TYPES), len(PROCEDURES)), 0.6)
for (_t, _p), (_m, _s) in cal.DURATION.items():
    _MED[T[_t], P[_p]] = _m
    _SIG[T[_t], P[_p]] = _s
for _t in ("民初", "刑初", "行初", "民特"):  # unknown procedure at a type: use its 普通程序 values
    _MED[T[_t], 0] = _MED[T[_t], P["普通程序"]] if _t != "民特" else _MED[T[_t], P["特别程序"]]
    _SIG[T[_t], 0] = _SIG[T[_t], P["普通程序"]] if _t != "民特" else _SIG[T[_t], P["特别程序"]]
_ENF_MED = np.array([cal.ENFORCEMENT_DURATION.get(g, (50, 0.8))[0] for g in GROUP_NAMES], dtype=float)
_ENF_SIG = np.array([cal.ENFORCEMENT_DURATION.get(g, (50, 0.8))[1] for g in GROUP_NAMES], dtype=float)
_GROUP_FACTOR = np.array([cal.GROUP_FACTOR.get(g, 1.0) for g in GROUP_NAMES])
_EXCL_SHARE = np.array([cal.EXCLUDED_SHARE.get(t, 0.0) for t in TYPES])
_EXT_CAP = np.array([cal.EXTENSION_CAP.get(t, cal.EXTENSION_CAP_DEFAULT) for t in TYPES])
_REC_LO = np.array([cal.RECOVERY.get(g, (0.0, 0.3))[0] for g in GROUP_NAMES])
_REC_HI = np.array([cal.RECOVERY.get(g, (0.0, 0.3))[1] for g in GROUP_NAMES])


@dataclass
class SimContext:
    start: int
    end: int
    sim_first: int          # Jan 1 of the year before start: full years, exact serials
    scale: float
    seed: int


@dataclass
class CourtSetup:
    court: Court
    role: str
    profile: cal.Profile
    parent_role: str | None     # None when the parent is not in the registry
    divisions: list[str]
    judges: list[str]
    judge_division: np.ndarray
    judge_speed: np.ndarray
    judge_weight: np.ndarray
    tibetan: float
    place: str
    prosecutor: str


# ------------------------------------------------------------------ setup


def tibetan_share(code: str) -> float:
    if code.startswith("甘30"):
        return 0.45
    if code.startswith(("甘0623", "川32", "川33", "云34", "青")):
        return 0.35
    if code.startswith("藏"):
        return 0.85
    return 0.0


def court_place(court: Court) -> str:
    """The name of the court's area as used by its agencies: 合作市, 甘南州, 甘肃省."""
    name = court.name
    for suffix in ("中级人民法院", "高级人民法院", "人民法院", "铁路运输法院", "铁路运输中级法院", "法院"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def make_setup(court: Court, role: str, profile: cal.Profile, parent_role: str | None,
               expected_annual: float) -> CourtSetup:
    """Divisions and judges of a court; traits depend on the court only, not on the seed."""
    rng = cal.court_rng(court.code, 3)
    by_type = cal.DIVISIONS[role]
    divisions: list[str] = []
    for names in by_type.values():
        for d in names:
            if d not in divisions:
                divisions.append(d)
    if role == "basic" and expected_annual < cal.SMALL_COURT_CIVIL:
        divisions = [d for d in divisions if d != "民事审判第二庭"]
        divisions = ["民事审判庭" if d == "民事审判第一庭" else d for d in divisions]
    counts = []
    for d in divisions:
        kind = next((k for k in cal.CASES_PER_JUDGE if k in d), "审判")
        share = {"民事": 0.62, "刑事": 0.08, "行政": 0.03, "执行": 0.27, "立案": 0.03}.get(kind, 0.05)
        civil_divs = sum(1 for x in divisions if "民事" in x)
        if kind == "民事":
            share /= civil_divs
        counts.append(max(1 if kind in ("行政", "立案", "审判") else 2,
                          int(round(expected_annual * share / cal.CASES_PER_JUDGE[kind]))))
    place = court_place(court)
    tib = tibetan_share(court.code)
    judges = unique_person_names(rng, sum(counts), tib)
    judge_division = np.repeat(np.arange(len(divisions)), counts)
    speed = np.exp(rng.normal(0.0, 0.12, len(judges)))
    if profile.slow > 1.2:  # the weak court has one judge far behind
        speed[0] *= 1.45
    weight = np.exp(rng.normal(0.0, 0.3, len(judges)))
    prosecutor = place.replace("中级", "") + "人民检察院"
    return CourtSetup(court, role, profile, parent_role, divisions, judges, judge_division, speed, weight,
                      tib, place, prosecutor)


# ------------------------------------------------------------------ the batch

ROLES = ("basic", "intermediate", "high")


@lru_cache(maxsize=64)
def _division_choices(role: str, divisions: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """For each case type: the court's divisions that take it (local indices, padded) and
    how many there are. The same for every court with this role and these divisions."""
    table = DIVISIONS_OF[role]
    index = {d: i for i, d in enumerate(divisions)}
    rows = []
    for t in TYPES:
        names = [n if n in index else "民事审判庭" for n in table.get(t, ["立案庭"])]
        rows.append(sorted({index[n] for n in names if n in index}) or [0])
    width = max(len(r) for r in rows)
    cand = np.array([r + [r[0]] * (width - len(r)) for r in rows], dtype=np.int64)
    return cand, np.array([len(r) for r in rows], dtype=np.int64)


DIVISIONS_OF = cal.DIVISIONS


@dataclass
class Batch:
    """Courts simulated together: every trait is an array indexed by the court's position."""

    setups: list[CourtSetup]
    codes: np.ndarray           # object: court code
    role: np.ndarray            # index into ROLES
    parent_high: np.ndarray     # bool: the parent is a high court (retrial reviews go up)
    parent: np.ndarray          # the parent's index in the unit, -1 when none
    prof: dict[str, np.ndarray]  # Profile fields as float arrays
    amount: tuple[np.ndarray, np.ndarray]   # median and sigma of claimed amounts (by role)
    tibetan: np.ndarray
    place: np.ndarray           # object
    prosecutor: np.ndarray      # object
    judge_offset: np.ndarray    # first judge of each court in the batch's judge arrays
    judge_speed: np.ndarray
    div_offset: np.ndarray      # first (court, division) segment of each court
    seg_start: np.ndarray       # per segment: first judge, judge count, cumulative weight before
    seg_size: np.ndarray
    seg_lo: np.ndarray
    seg_total: np.ndarray
    cum_weight: np.ndarray
    cand: np.ndarray            # (court, type, k): local division indices that take the type
    cand_k: np.ndarray          # (court, type): how many

    @classmethod
    def of(cls, setups: list[CourtSetup], parent_index: list[int]) -> Batch:
        role = np.array([ROLES.index(s.role) for s in setups], dtype=np.int64)
        prof = {k: np.array([getattr(s.profile, k) for s in setups], dtype=float)
                for k in ("volume", "slow", "fix", "backlog", "tail", "mediation", "no_assets", "recovery",
                          "reversal")}
        amount = tuple(np.array([cal.AMOUNT[r][i] for r in ROLES], dtype=float)[role] for i in (0, 1))
        n_judges = np.array([len(s.judges) for s in setups], dtype=np.int64)
        judge_offset = np.r_[0, np.cumsum(n_judges)[:-1]].astype(np.int64)
        n_div = np.array([len(s.divisions) for s in setups], dtype=np.int64)
        div_offset = np.r_[0, np.cumsum(n_div)[:-1]].astype(np.int64)
        jdiv = np.concatenate([s.judge_division for s in setups]) + np.repeat(div_offset, n_judges)
        weight = np.concatenate([s.judge_weight for s in setups])
        seg_size = np.bincount(jdiv, minlength=int(n_div.sum()))
        seg_start = np.r_[0, np.cumsum(seg_size)[:-1]].astype(np.int64)
        cum_weight = np.cumsum(weight)
        before = np.r_[0.0, cum_weight][seg_start]
        seg_total = np.r_[0.0, cum_weight][seg_start + seg_size] - before
        choices = [_division_choices(s.role, tuple(s.divisions)) for s in setups]
        width = max(c[0].shape[1] for c in choices)
        cand = np.stack([np.pad(c, ((0, 0), (0, width - c.shape[1])), mode="edge") for c, _ in choices])
        return cls(setups, np.array([s.court.code for s in setups], dtype=object), role,
                   np.array([s.parent_role == "high" for s in setups]), np.asarray(parent_index, dtype=np.int64),
                   prof, amount, np.array([s.tibetan for s in setups]),
                   np.array([s.place for s in setups], dtype=object),
                   np.array([s.prosecutor for s in setups], dtype=object), judge_offset,
                   np.concatenate([s.judge_speed for s in setups]), div_offset, seg_start, seg_size, before,
                   seg_total, cum_weight, cand, np.stack([k for _, k in choices]))

    def __len__(self) -> int:
        return len(self.setups)


# ------------------------------------------------------------------ sampling helpers


def _sample(rng, values: np.ndarray, probs: np.ndarray, n: int) -> np.ndarray:
    cum = np.cumsum(probs / probs.sum())
    return values[np.minimum(np.searchsorted(cum, rng.random(n), side="right"), len(values) - 1)]


def _two_stage(rng, values: np.ndarray, probs: np.ndarray, target: np.ndarray, p_target: np.ndarray) -> np.ndarray:
    """Draw from (values, probs) with the target values' total probability set per row to
    p_target: the target or the rest first, then a value within it by the table's odds."""
    n = len(p_target)
    hit = rng.random(n) < p_target
    return np.where(hit, _sample(rng, values[target], probs[target], n),
                    _sample(rng, values[~target], probs[~target], n))


# Per type: the disposition groups whose share a court's profile multiplies, and by which trait.
_ADJUSTED = {"民初": ({"mediation", "withdrawal"}, "mediation"), "执": ({"terminated_no_assets"}, "no_assets"),
             "执恢": ({"terminated_no_assets"}, "no_assets")}


def sample_dispositions(rng, B: Batch, ci: np.ndarray, types: np.ndarray, reversal: np.ndarray | None):
    out = np.zeros(len(types), dtype=np.int64)
    for t in np.unique(types):
        rows = np.flatnonzero(types == t)
        code = TYPES[t]
        table = cal.DISPOSITIONS[code]
        values = np.array([D[v] for v in table])
        probs = np.array(list(table.values()))
        if code in _ADJUSTED:
            groups, trait = _ADJUSTED[code]
            target = np.isin(DISP_GROUP[values], [G[g] for g in groups])
            tgt = probs[target].sum()
            mult = B.prof[trait][ci[rows]]
            out[rows] = _two_stage(rng, values, probs, target, np.minimum(tgt * mult, 0.95))
        elif code in APPEAL_TYPES and reversal is not None:
            rr = np.isin(DISP_GROUP[values], [G["reversed"], G["remanded"]])
            out[rows] = _two_stage(rng, values, probs, rr, np.minimum(probs[rr].sum() * reversal[rows], 0.6))
        else:
            out[rows] = _sample(rng, values, probs, len(rows))
    return out


def sample_procedures(rng, role: np.ndarray, types: np.ndarray) -> np.ndarray:
    out = np.zeros(len(types), dtype=np.int64)
    key = role * 64 + types
    for k in np.unique(key):
        mix = cal.PROCEDURE_MIX.get((ROLES[k // 64], TYPES[k % 64]))
        if not mix:
            continue
        rows = np.flatnonzero(key == k)
        out[rows] = _sample(rng, np.array([P[p] for p in mix]), np.array(list(mix.values())), len(rows))
    return out


def sample_causes(rng, types: np.ndarray) -> np.ndarray:
    out = np.zeros(len(types), dtype=np.int64)
    for t in np.unique(types):
        table = cal.CAUSES.get(TYPES[t])
        if not table:
            continue
        rows = np.flatnonzero(types == t)
        idx = np.array([CAUSE_VALUES.index(c) for c in table])
        out[rows] = _sample(rng, idx, np.array(list(table.values()), dtype=float), len(rows))
    return out


def assign_judges(rng, B: Batch, ci: np.ndarray, types: np.ndarray):
    """A division that takes the type (uniform), then a judge of it by the judges' weights.
    Returns the local division and the judge's index in the batch."""
    n = len(types)
    k = B.cand_k[ci, types]
    division = B.cand[ci, types, np.minimum((rng.random(n) * k).astype(np.int64), k - 1)]
    seg = B.div_offset[ci] + division
    target = B.seg_lo[seg] + rng.random(n) * B.seg_total[seg]
    judge = np.searchsorted(B.cum_weight, target, side="right")
    judge = np.clip(judge, B.seg_start[seg], B.seg_start[seg] + B.seg_size[seg] - 1)
    return division, judge


# ------------------------------------------------------------------ time limits


def raw_deadline(types: np.ndarray, procs: np.ndarray, filing: np.ndarray) -> np.ndarray:
    """filing + statutory limit (no extension, no excluded days); NEVER when no limit."""
    limits = cal.time_limits()
    out = np.full(len(types), NEVER, dtype=np.int64)
    key = types * 16 + procs
    for combo in np.unique(key):
        t, p = TYPES[combo // 16], PROCEDURES[combo % 16]
        lim = limits.get((t, p)) or limits.get((t, ""))
        if lim is None:
            continue
        rows = np.flatnonzero(key == combo)
        value, unit = lim
        out[rows] = add_months(filing[rows], value) if unit == "month" else filing[rows] + value
    return out


def december_push(rng, closing: np.ndarray, filing: np.ndarray) -> np.ndarray:
    dt = closing.astype("datetime64[D]")
    jan1 = dt.astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
    n = len(closing)
    target = jan1 - 1 - rng.integers(0, 17, n)
    move = ((closing - jan1) < 46) & (rng.random(n) < cal.DECEMBER_PUSH) & (target > filing)
    return np.where(move, target, closing)


def weekend_shift(rng, days: np.ndarray, floor: np.ndarray) -> np.ndarray:
    wd = weekday(days)
    hit = rng.random(len(days)) < cal.WEEKEND_SHIFT
    shifted = np.where(hit & (wd == 5), days - 1, np.where(hit & (wd == 6), days + 1, days))
    return np.maximum(shifted, floor)


# ------------------------------------------------------------------ lifecycle


def lifecycle(rng, B: Batch, ctx: SimContext, ci: np.ndarray, types: np.ndarray, filing: np.ndarray,
              reversal: np.ndarray | None = None, closing: np.ndarray | None = None) -> dict:
    """Everything about a batch of cases except their numbers, origins and parties."""
    n = len(types)
    prof = B.prof
    proc = sample_procedures(rng, B.role[ci], types)
    disp = sample_dispositions(rng, B, ci, types, reversal)
    group = DISP_GROUP[disp]
    division, judge = assign_judges(rng, B, ci, types)
    z = rng.standard_normal(n)
    enf = ENFORCEMENT[types]
    base = np.where(enf, _ENF_MED[group] * np.exp(_ENF_SIG[group] * z),
                    _MED[types, proc] * np.exp(_SIG[types, proc] * z) * _GROUP_FACTOR[group])
    base = np.where(types == T["执恢"], base * 0.9, base)
    base = np.where(FIRST_INSTANCE[types] & (B.role[ci] != 0), base * cal.INTERMEDIATE_SLOWER, base)
    base = base * prof["slow"][ci] * B.judge_speed[judge]
    base = np.where(rng.random(n) < prof["tail"][ci], base * rng.uniform(4, 14, n), base)
    excl = np.where(rng.random(n) < _EXCL_SHARE[types], rng.integers(cal.EXCLUDED_DAYS[0],
                                                                        cal.EXCLUDED_DAYS[1] + 1, n), 0)
    if closing is None:
        closing = filing + np.rint(base).astype(np.int64) + excl
        closing = december_push(rng, closing, filing)
        closing = weekend_shift(rng, closing, filing)
    closing = np.maximum(closing, filing)
    dl = raw_deadline(types, proc, filing)
    over = (dl != NEVER) & (closing > dl + excl)
    fix = over & (rng.random(n) < prof["fix"][ci])
    conv = fix & np.isin(proc, [P[p] for p in cal.CONVERTIBLE])
    proc = np.where(conv, P["普通程序"], proc)
    dl = np.where(conv, raw_deadline(types, proc, filing), dl) if conv.any() else dl
    still = fix & (closing > dl + excl)
    ext = np.where(still, closing - (dl + excl) + rng.integers(*cal.EXTENSION_MARGIN, n), 0)
    ext = np.minimum(ext, _EXT_CAP[types])
    spare = (~over) & (dl != NEVER) & (proc == P["普通程序"]) & (rng.random(n) < cal.UNNEEDED_EXTENSION)
    ext = np.where(spare, rng.integers(15, 91, n), ext)
    life = np.maximum(closing - filing, 1)
    ext_day = np.where(ext > 0, np.clip(dl + excl - rng.integers(1, 21, n), filing, closing), NEVER)
    excl_day = np.where(excl > 0, filing + (life * rng.uniform(0.1, 0.6, n)).astype(np.int64), NEVER)
    claimed, recovered, partial, part_day = amounts(rng, B, ci, types, group, filing, closing)
    return dict(court=ci, type=types.astype(np.int64), filing=filing.astype(np.int64),
                closing=closing.astype(np.int64), procedure=proc, disposition=disp, division=division,
                judge=judge, ext_days=ext.astype(np.int64), excl_days=excl.astype(np.int64),
                ext_day=ext_day.astype(np.int64), excl_day=excl_day.astype(np.int64), part_day=part_day,
                claimed=claimed, recovered=recovered, partial=partial)


def amounts(rng, B: Batch, ci, types, group, filing, closing):
    n = len(types)
    enf = ENFORCEMENT[types]
    median, sigma = B.amount[0][ci], B.amount[1][ci]
    claimed = np.exp(np.log(median) + sigma * rng.standard_normal(n))
    claimed = np.clip(claimed, 300.0, 5e8)
    claimed = np.where(rng.random(n) < 0.3, np.round(claimed, -2), np.round(claimed, 2))
    share = rng.uniform(_REC_LO[group], _REC_HI[group])
    share = np.where(group == G["enforced"], np.where(rng.random(n) < 0.85, 1.0, share),
                     np.minimum(share * B.prof["recovery"][ci], 1.0))
    recovered = np.round(claimed * share, 2)
    life = closing - filing
    has_part = enf & (life > 20) & (rng.random(n) < 0.35)
    part_day = np.where(has_part, filing + (life * rng.uniform(0.3, 0.8, n)).astype(np.int64), NEVER)
    partial = np.round(recovered * rng.uniform(0.1, 0.9, n), 2)
    nan = np.full(n, np.nan)
    return (np.where(enf, claimed, nan), np.where(enf, recovered, nan), np.where(enf, partial, nan),
            part_day.astype(np.int64))


# ------------------------------------------------------------------ numbers


def assign_serials(rng, batch: dict, sparse: np.ndarray | None = None) -> None:
    """Serial numbers restart every year per court and type, in filing order (sparse for
    backlog years)."""
    n = len(batch["type"])
    year = year_of(batch["filing"])
    order = np.lexsort((rng.random(n), batch["filing"], year, batch["type"], batch["court"]))
    key = ((batch["court"] * 64 + batch["type"]) * 10000 + year)[order]
    gap = np.ones(n, dtype=np.int64)
    if sparse is not None:
        gap = np.where(sparse[order], rng.geometric(1 / 40, n), 1)
    cs = np.cumsum(gap)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    base = np.repeat(np.r_[0, cs[starts[1:] - 1]], np.diff(np.r_[starts, n]))
    serial = np.empty(n, dtype=np.int64)
    serial[order] = cs - base
    batch["year"] = year
    batch["serial"] = serial
    batch.setdefault("suffix", np.full(n, "", dtype=object))


def case_numbers(B: Batch, batch: dict) -> np.ndarray:
    """（year）code type serial 号 suffix; the prefix is built once per (court, year, type)."""
    if len(batch["type"]) == 0:
        return np.array([], dtype=object)
    keys, inv = np.unique((batch["court"] * 4096 + batch["year"]) * 64 + batch["type"], return_inverse=True)
    codes = B.codes
    prefixes = np.array([f"（{k // 64 % 4096}）{codes[k // 262144]}{TYPES[k % 64]}" for k in keys.tolist()],
                        dtype=object)
    return prefixes[inv.reshape(-1)] + int_text(batch["serial"]) + ("号" + batch["suffix"])


def finish(rng, B: Batch, batch: dict, origin=None, parties=None, cause=None, sparse=None) -> dict:
    assign_serials(rng, batch, sparse)
    n = len(batch["type"])
    ci = batch["court"]
    batch["number"] = case_numbers(B, batch)
    batch["origin"] = origin if origin is not None else np.full(n, "", dtype=object)
    batch["cause"] = cause if cause is not None else sample_causes(rng, batch["type"])
    if parties is None:
        kind = np.where(CRIMINAL[batch["type"]], 1, np.where(ADMIN[batch["type"]], 2, 0))
        parties = party_lists(rng, kind, B.place[ci], B.prosecutor[ci], B.tibetan[ci])
    batch["parties"] = parties
    return batch


# ------------------------------------------------------------------ the courts


@lru_cache(maxsize=4)
def _filing_days(first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The days of [first, last] and their cumulative filing intensity with growth (the
    same for every court)."""
    days = np.arange(first, last + 1)
    intensity = filing_intensity(first, last) * (1 + cal.GROWTH_PER_YEAR) ** (year_of(days) - 2024)
    return days, np.cumsum(intensity)


def primary_filings(rng, B: Batch, ctx: SimContext):
    """A Poisson count per (court, type) over the whole period, each filing on a day drawn
    by the intensity curve (the same in law as a Poisson count per day)."""
    days, cum = _filing_days(ctx.sim_first, ctx.end)
    courts, types, rates = [], [], []
    for r, role in enumerate(ROLES):
        members = np.flatnonzero(B.role == r)
        if not len(members):
            continue
        for code, share in cal.PRIMARY_MIX[role].items():
            courts.append(members)
            types.append(np.full(len(members), T[code]))
            rates.append(B.prof["volume"][members] * (ctx.scale * share / cal.DERIVED_FACTOR / 365.25 * cum[-1]))
    counts = rng.poisson(np.concatenate(rates))
    ci = np.repeat(np.concatenate(courts), counts)
    t = np.repeat(np.concatenate(types), counts)
    day = np.minimum(np.searchsorted(cum, rng.random(len(ci)) * cum[-1], side="right"), len(days) - 1)
    return ci, t, days[day]


_BACKLOG_MIX = {"basic": {"民初": .64, "执": .27, "刑初": .06, "行初": .03},
                "intermediate": {"民初": .65, "行初": .15, "执": .20},
                "high": {"民初": .7, "行初": .3}}


def backlog(rng, B: Batch, ctx: SimContext) -> dict | None:
    """Cases filed before the simulated years and still pending at start (长期未结)."""
    counts = rng.poisson(B.prof["volume"] * ctx.scale * 0.012 * B.prof["backlog"])
    ci = np.repeat(np.arange(len(B)), counts)
    n = len(ci)
    if n == 0:
        return None
    types = np.zeros(n, dtype=np.int64)
    role = B.role[ci]
    for r, mix in enumerate(_BACKLOG_MIX[x] for x in ROLES):
        rows = np.flatnonzero(role == r)
        if len(rows):
            types[rows] = _sample(rng, np.array([T[t] for t in mix]), np.array(list(mix.values())), len(rows))
    filing = ctx.sim_first - 1 - np.minimum(rng.exponential(300, n).astype(np.int64), 2500)
    filing = weekend_shift(rng, filing, filing - 2)
    # Clean-up campaigns close most of them within about two years; the rest drag on.
    closes = rng.random(n) < 0.88
    closing = np.where(closes, ctx.start + rng.integers(0, 800, n), ctx.start + 5000)
    b = lifecycle(rng, B, ctx, ci, types, filing, closing=closing)
    # Most long-pending cases carry suspended periods (中止, 鉴定, 公告) as excluded days.
    covered = rng.random(n) < 0.6
    dl = raw_deadline(b["type"], b["procedure"], b["filing"])
    need = np.maximum(np.minimum(b["closing"], ctx.end) - dl, 0) + rng.integers(0, 60, n)
    b["excl_days"] = np.where(covered & (dl != NEVER), np.maximum(b["excl_days"], need), b["excl_days"])
    b["excl_day"] = np.where(b["excl_days"] > 0, np.minimum(b["filing"] + 200, ctx.start - 1), NEVER)
    b["ext_days"] = np.zeros(n, dtype=np.int64)
    b["ext_day"] = np.full(n, NEVER, dtype=np.int64)
    origin = np.full(n, "", dtype=object)
    is_exec = b["type"] == T["执"]
    if is_exec.any():
        m = int(is_exec.sum())
        oy = year_of(b["filing"][is_exec]) - rng.integers(0, 2, m)
        origin[is_exec] = ("（" + int_text(oy) + "）" + B.codes[ci[is_exec]] + "民初"
                           + int_text(rng.integers(1, 2000, m)) + "号")
    return finish(rng, B, b, origin=origin, sparse=np.ones(n, dtype=bool))


def _closed(batch: dict, ctx: SimContext) -> np.ndarray:
    return batch["closing"] <= ctx.end


def enforcement_from(rng, B: Batch, ctx: SimContext, src: dict) -> dict | None:
    """执 from judgments and mediations (民初, 民特, 刑初) and 执保 from pending 民初."""
    g = DISP_GROUP[src["disposition"]]
    t = src["type"]
    civil = np.isin(t, [T["民初"], T["民特"]]) & np.isin(g, [G["judgment"], G["mediation"]])
    criminal = (t == T["刑初"]) & (g == G["judgment"])
    p = np.where(civil, cal.LINKS["execution_from_civil"], np.where(criminal, cal.LINKS["execution_from_criminal"], 0))
    n = len(t)
    med, sig = cal.LINKS["execution_lag"]
    lag = 15 + (med * np.exp(sig * rng.standard_normal(n))).astype(np.int64)
    exec_day = weekend_shift(rng, src["closing"] + lag, src["closing"] + 1)
    pick_e = _closed(src, ctx) & (rng.random(n) < p) & (exec_day <= ctx.end)
    pres_day = src["filing"] + rng.integers(0, 16, n)
    pick_p = (t == T["民初"]) & (rng.random(n) < cal.LINKS["preservation"]) & (pres_day <= ctx.end)
    types = np.r_[np.full(pick_e.sum(), T["执"]), np.full(pick_p.sum(), T["执保"])]
    if len(types) == 0:
        return None
    filing = np.r_[exec_day[pick_e], pres_day[pick_p]]
    src_idx = np.r_[np.flatnonzero(pick_e), np.flatnonzero(pick_p)]
    b = lifecycle(rng, B, ctx, src["court"][src_idx], types, filing)
    cause = np.where(types == T["执保"], CAUSE_VALUES.index("财产保全"), src["cause"][src_idx])
    return finish(rng, B, b, origin=src["number"][src_idx], parties=src["parties"][src_idx], cause=cause)


def follow_ups(rng, B: Batch, ctx: SimContext, ex: dict) -> dict | None:
    """执恢 after 终本, 执异 during enforcement, and a few 之一 split-offs of 执."""
    n = len(ex["type"])
    is_exec = ex["type"] == T["执"]
    g = DISP_GROUP[ex["disposition"]]
    med, sig = cal.LINKS["resume_lag"]
    resume_day = ex["closing"] + 30 + (med * np.exp(sig * rng.standard_normal(n))).astype(np.int64)
    resume_day = weekend_shift(rng, resume_day, ex["closing"] + 1)
    pick_r = (is_exec & _closed(ex, ctx) & (g == G["terminated_no_assets"])
              & (rng.random(n) < cal.LINKS["resume_after_no_assets"]) & (resume_day <= ctx.end))
    life = np.maximum(np.minimum(ex["closing"], ctx.end) - ex["filing"], 1)
    obj_day = ex["filing"] + 5 + (life * rng.random(n)).astype(np.int64)
    pick_o = is_exec & (rng.random(n) < cal.LINKS["objection"]) & (obj_day <= ctx.end)
    types = np.r_[np.full(pick_r.sum(), T["执恢"]), np.full(pick_o.sum(), T["执异"])]
    if len(types) == 0:
        return None
    filing = np.r_[resume_day[pick_r], obj_day[pick_o]]
    ri, oi = np.flatnonzero(pick_r), np.flatnonzero(pick_o)
    b = lifecycle(rng, B, ctx, np.r_[ex["court"][ri], ex["court"][oi]], types, filing)
    # 执恢 keeps the judgment it enforces as 原审案号 (export-format.md); 执异 names the 执 case.
    origin = np.r_[ex["origin"][ri], ex["number"][oi]]
    remaining = np.r_[ex["claimed"][ri] - np.nan_to_num(ex["recovered"][ri]), np.full(len(oi), np.nan)]
    b["claimed"] = np.where(types == T["执恢"], np.maximum(np.round(remaining, 2), 100.0), np.nan)
    b["recovered"] = np.where(types == T["执恢"], np.minimum(b["recovered"], b["claimed"]), np.nan)
    b["partial"] = np.where(types == T["执恢"], np.minimum(b["partial"], b["claimed"]), np.nan)
    cause = np.r_[ex["cause"][ri], sample_causes(rng, np.full(len(oi), T["执异"]))]
    outsider = person_names(rng, len(oi), B.tibetan[ex["court"][oi]])
    parties = np.r_[ex["parties"][ri], ex["parties"][oi] + "；" + outsider]
    return finish(rng, B, b, origin=origin, parties=parties, cause=cause)


def split_offs(rng, B: Batch, ctx: SimContext, ex: dict) -> dict | None:
    """A few 执 cases split off a second case under the same number with 之一."""
    pick = (ex["type"] == T["执"]) & (rng.random(len(ex["type"])) < 0.004) & (ex["filing"] + 30 <= ctx.end)
    if not pick.any():
        return None
    idx = np.flatnonzero(pick)
    filing = ex["filing"][idx] + rng.integers(1, 31, len(idx))
    b = lifecycle(rng, B, ctx, ex["court"][idx], np.full(len(idx), T["执"]), filing)
    b["year"] = ex["year"][idx]
    b["serial"] = ex["serial"][idx]
    b["suffix"] = np.full(len(idx), "之一", dtype=object)
    b["number"] = case_numbers(B, b)
    b["origin"] = ex["origin"][idx]
    b["cause"] = ex["cause"][idx]
    b["parties"] = ex["parties"][idx]
    return b


HANDOFF_FIELDS = ("to", "type", "filing", "origin", "cause", "parties", "reversal")


def inbound(rng, B: Batch, ctx: SimContext, handoff: dict | None) -> dict | None:
    """The appeals and reviews the batch's courts received (handoff["to"]: batch index)."""
    if handoff is None or len(handoff["to"]) == 0:
        return None
    b = lifecycle(rng, B, ctx, handoff["to"], handoff["type"], handoff["filing"], reversal=handoff["reversal"])
    return finish(rng, B, b, origin=handoff["origin"], parties=handoff["parties"], cause=handoff["cause"])


def outbound(rng, B: Batch, ctx: SimContext, cases: dict) -> dict | None:
    """Appeals of first-instance closures, 执复 of dismissed 执异, reviews of 民终/刑终/行终,
    addressed to the parent (its index in the unit, handoff["to"])."""
    n = len(cases["type"])
    ci = cases["court"]
    closed = _closed(cases, ctx)
    t, g = cases["type"], DISP_GROUP[cases["disposition"]]
    p = np.zeros(n)
    target = np.full(n, -1)
    basic = B.role[ci] == 0
    for from_basic, probs in ((True, cal.APPEAL_PROB), (False, cal.APPEAL_PROB_FROM_INTERMEDIATE)):
        for code, by_group in probs.items():
            for group, prob in by_group.items():
                hit = (t == T[code]) & (g == G[group]) & (basic == from_basic)
                p = np.where(hit, prob, p)
                target = np.where(hit, T[cal.APPEAL_OF[code]], target)
    recon = (t == T["执异"]) & (g == G["dismissal"])
    p = np.where(recon, cal.LINKS["reconsideration"], p)
    target = np.where(recon, T["执复"], target)
    to_high = B.parent_high[ci]
    for code, prob in cal.LINKS["retrial_review"].items():
        hit = (t == T[code]) & to_high
        p = np.where(hit, prob, p)
        target = np.where(hit, T[cal.REVIEW_OF[code]], target)
    lag_med, lag_sig = cal.LINKS["appeal_lag"]
    lag = 15 + (lag_med * np.exp(lag_sig * rng.standard_normal(n))).astype(np.int64)
    review = np.isin(target, [T["民申"], T["刑申"], T["行申"]])
    rv_med, rv_sig = cal.LINKS["review_lag"]
    lag = np.where(review, (rv_med * np.exp(rv_sig * rng.standard_normal(n))).astype(np.int64), lag)
    day = weekend_shift(rng, cases["closing"] + lag, cases["closing"] + 1)
    to = B.parent[ci]
    pick = closed & (target >= 0) & (rng.random(n) < p) & (day <= ctx.end) & (to >= 0)
    if not pick.any():
        return None
    return {"to": to[pick], "type": target[pick], "filing": day[pick], "origin": cases["number"][pick],
            "cause": cases["cause"][pick], "parties": cases["parties"][pick],
            "reversal": B.prof["reversal"][ci[pick]]}


def concat(batches: list[dict], fields=FIELDS) -> dict:
    batches = [b for b in batches if b is not None]
    return {f: np.concatenate([b[f] for b in batches]) for f in fields}


def simulate_batch(B: Batch, ctx: SimContext, rng, handoff_in: dict | None) -> tuple[list[dict], dict | None]:
    """All cases of the batch's courts visible in [start, end], one table per court (in
    batch order, judges as the court's own indices), and the appeals they hand up."""
    ci, types, filing = primary_filings(rng, B, ctx)
    primary = finish(rng, B, lifecycle(rng, B, ctx, ci, types, filing))
    legacy = backlog(rng, B, ctx)
    first = concat([primary, legacy])
    execution = enforcement_from(rng, B, ctx, first)
    ex_all = concat([execution, legacy]) if execution is not None else legacy
    follow = follow_ups(rng, B, ctx, ex_all) if ex_all is not None else None
    splits = split_offs(rng, B, ctx, execution) if execution is not None else None
    appeals = inbound(rng, B, ctx, handoff_in)
    cases = concat([primary, legacy, execution, follow, splits, appeals])
    handoff_out = outbound(rng, B, ctx, cases)
    cases["closing"] = np.where(cases["closing"] > ctx.end, NEVER, cases["closing"])
    cases["judge"] = cases["judge"] - B.judge_offset[cases["court"]]
    visible = (cases["filing"] <= ctx.end) & (cases["closing"] >= ctx.start)
    order = np.flatnonzero(visible)
    order = order[np.argsort(cases["court"][order], kind="stable")]
    cases = {f: v[order] for f, v in cases.items()}
    bounds = np.searchsorted(cases["court"], np.arange(len(B) + 1))
    return [{f: v[a:b] for f, v in cases.items()} for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist(),
                                                                   strict=True)], handoff_out


def batch_rng(seed: int, stream: tuple[int, ...]) -> np.random.Generator:
    """The random stream of one batch: `stream` names it (its unit's root, round, chunk)."""
    return np.random.default_rng([seed, 11, *stream])
