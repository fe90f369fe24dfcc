"""Court registries: reading warehouse/reference/courts/<preset>.csv and ordering the courts.

What belongs here: the Court record, loading a preset's registry file, the court tree
(parents and children), the order in which courts are simulated (children before their
parent, so that appeals can be drawn from the children's first-instance cases) and each
court's role in the simulation. Nothing about case volumes or export formats.

The registry files are the pipeline's court registry too (one source of truth); adding a
court is adding a row. Provenance of the rows:
- gannan.csv ⊂ gansu.csv ⊂ national.csv (the Gansu rows are identical in all three).
- Basic and intermediate courts come from the administrative-division table shipped with
  the `cpca` 0.5.5 package (MIT licence; divisions of about 2017–2019, so later renamings
  such as 县→区 conversions are not reflected, except 华亭县→华亭市 620881 in Gansu).
  Court code = province abbreviation + digits 3–4 (intermediate) or 3–6 (basic) of the
  division code; names follow the courts' naming habits (district courts carry the
  city name: 兰州市城关区人民法院).
- Municipalities' intermediate courts (北京市第一…第四中级人民法院 etc.) and Beijing's
  district-to-intermediate mapping are real; the other municipalities' mappings are
  approximate (`note` says so).
- Special courts with real names (maritime 72, IP 73, financial 74, internet courts,
  railway intermediate courts 71, 兰州铁路运输中级法院 甘71) have `synthetic=false`;
  codes that are not verified say `code assumed` in `note`.
- Rows with `synthetic=true` are invented stand-ins (railway basic courts, forestry and
  farm-reclamation courts, most 兵团 basic courts) that bring the national registry to the
  real order of magnitude (about 3,500 courts); their names and codes are not real.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

REGISTRY_DIR = Path(__file__).resolve().parent.parent / "warehouse" / "reference" / "courts"
REFERENCE_DIR = REGISTRY_DIR.parent
COLUMNS = ("court_code", "court_name", "short_name", "level", "parent_code", "division_code")
LEVELS = ("supreme", "high", "intermediate", "basic", "special")


@dataclass(frozen=True)
class Court:
    code: str
    name: str
    short_name: str
    level: str
    parent: str
    division_code: str
    synthetic: bool

    @property
    def province(self) -> str:
        return self.code[0]


def registry_path(preset: str) -> Path:
    return REGISTRY_DIR / f"{preset}.csv"


def load_registry(preset: str) -> list[Court]:
    path = registry_path(preset)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames[: len(COLUMNS)]) != COLUMNS:
            raise ValueError(f"{path}: columns must start with {','.join(COLUMNS)}")
        courts = [
            Court(
                code=r["court_code"], name=r["court_name"], short_name=r["short_name"],
                level=r["level"], parent=r["parent_code"], division_code=r["division_code"],
                synthetic=(r.get("synthetic") or "").lower() == "true",
            )
            for r in reader
        ]
    return courts


def children_of(courts: list[Court]) -> dict[str, list[str]]:
    codes = {c.code for c in courts}
    kids: dict[str, list[str]] = {c.code: [] for c in courts}
    for c in courts:
        if c.parent in codes:
            kids[c.parent].append(c.code)
    return kids


def role(court: Court, kids: dict[str, list[str]]) -> str:
    """Simulation role: high, intermediate (a court with children) or basic (a leaf)."""
    if court.level in ("high", "supreme"):
        return "high"
    if court.level == "intermediate" or kids.get(court.code):
        return "intermediate"
    return "basic"


def simulation_order(courts: list[Court]) -> list[Court]:
    """Post-order over the court tree: every court comes after all of its children.

    Subtrees stay together, so the appeals a parent needs are held in memory only from
    its first child until the parent itself is simulated."""
    by_code = {c.code: c for c in courts}
    kids = children_of(courts)
    roots = [c.code for c in courts if c.parent not in by_code]
    order: list[Court] = []
    for root in roots:
        stack = [(root, False)]
        while stack:
            code, expanded = stack.pop()
            if expanded:
                order.append(by_code[code])
                continue
            stack.append((code, True))
            for child in reversed(kids[code]):
                stack.append((child, False))
    return order


@lru_cache(maxsize=1)
def _official_names() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    with (REFERENCE_DIR / "court_names.csv").open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out.setdefault(r["court_code"], []).append(r["name"])
    return out


@lru_cache(maxsize=1)
def _province_names() -> dict[str, str]:
    with (REFERENCE_DIR / "provinces.csv").open(encoding="utf-8", newline="") as fh:
        return {r["code"]: r["name_zh"] for r in csv.DictReader(fh) if r["kind"] == "province"}


@lru_cache(maxsize=1)
def _to_traditional():
    """One OpenCC converter per process: building one reads its dictionaries (~60 ms)."""
    from opencc import OpenCC

    return OpenCC("s2t")


@cache
def name_forms(court: Court) -> tuple[str, ...]:
    """Every way exports write a court's 法院名称: the registry name, the short name, the
    official name(s), each full name also with its province, and a Traditional form."""
    full = [court.name, *_official_names().get(court.code, [])]
    province = _province_names().get(court.province, "")
    with_province = [province + n for n in full if province and not n.startswith(province)]
    forms = [*full, court.short_name, *with_province]
    forms.append(_to_traditional().convert(forms[-1]))
    return tuple(dict.fromkeys(forms))


def court_name_column(rng: np.random.Generator, courts: list[Court], court_of_row: np.ndarray) -> np.ndarray:
    """A 法院名称 column (one row per case version, `court_of_row` indexing `courts`):
    mostly the registry name, the other forms mixed in. Give it its own random stream
    (e.g. a spawned child), so that no other column depends on the name forms."""
    forms = [name_forms(c) for c in courts]
    flat = np.array([f for fs in forms for f in fs], dtype=object)
    count = np.array([len(fs) for fs in forms], dtype=np.int64)
    offset = np.r_[0, np.cumsum(count)[:-1]]
    n = len(court_of_row)
    pick = np.where(rng.random(n) < 0.6, 0, np.minimum((rng.random(n) * count[court_of_row]).astype(np.int64),
                                                      count[court_of_row] - 1))
    return flat[offset[court_of_row] + pick]


def sample_courts(courts: list[Court], n: int) -> list[Court]:
    """A national-shaped sample of at most n courts, in registry order, made of whole
    subtrees: the subtrees under each root (an intermediate court with all its basic
    courts, or a special court) are taken round-robin over the roots (provinces) in
    registry order — first subtree of every province, then the second … — as long as they
    fit, each with its root (the high court). Deterministic: no random draw."""
    by_code = {c.code: c for c in courts}
    kids = children_of(courts)
    roots = [c.code for c in courts if c.parent not in by_code]

    def subtree(code: str) -> list[str]:
        out, stack = [], [code]
        while stack:
            x = stack.pop()
            out.append(x)
            stack.extend(kids[x])
        return out

    queues = [[subtree(k) for k in kids[r]] for r in roots]
    rounds = max((len(q) for q in queues), default=0)
    chosen: set[str] = set()
    for i in range(rounds):
        for root, queue in zip(roots, queues, strict=True):
            if i >= len(queue):
                continue
            cost = len(queue[i]) + (root not in chosen)
            if len(chosen) + cost <= n:
                chosen.update(queue[i])
                chosen.add(root)
    if not chosen:
        smallest = min((len(t) + 1 for q in queues for t in q), default=len(courts))
        raise ValueError(f"--courts {n} is smaller than the smallest whole subtree ({smallest} courts)")
    return [c for c in courts if c.code in chosen]
