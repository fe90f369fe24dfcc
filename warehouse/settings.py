"""Where things are and how the warehouse behaves, from environment variables with
defaults that work on a laptop. One `Settings` object is shared by the Dagster resource,
the command-line interface and the tests; nothing else reads the environment.
A chosen COURTS_RANGES / COURTS_WEIGHTS file is checked here (`validate_setting`) before
any model reads it.

| variable | default | meaning |
|---|---|---|
| COURTS_HOME | ./data | base folder for the defaults below |
| COURTS_INBOX | $COURTS_HOME/inbox | court export inbox (<court_code>/<YYYYMMDD>*.csv/xlsx/jsonl) |
| COURTS_WAREHOUSE | $COURTS_HOME/warehouse.duckdb | the pipeline's (single-writer) DuckDB file |
| COURTS_PUBLISHED | $COURTS_HOME/published/warehouse.duckdb | read-only copy for analysts |
| COURTS_REPORTS | $COURTS_HOME/reports | bulletins, workbooks, weekly reminders |
| COURTS_REGISTRY | gannan | court registry: a name under warehouse/reference/courts/ or a CSV path |
| COURTS_RANGES | default | reasonable ranges: `default` (indicators.csv), a name under warehouse/reference/ranges/, a CSV path, or `none` |
| COURTS_WEIGHTS | default | composite weights: `default` (ranking_weights.csv), a name under warehouse/reference/weights/, a CSV path, or `none` (equal weights) |
| COURTS_ISSUERS | (empty) | whose bulletins to render: empty = every issuer with data that quarter, `all`, or codes `甘30,甘,全国` (warehouse/issuers.py) |
| COURTS_THREADS | (DuckDB default) | DuckDB threads |
| COURTS_MEMORY_LIMIT | (DuckDB default) | DuckDB memory_limit, e.g. 8GB |
| COURTS_SCHEDULES | running | `stopped` starts the Dagster schedules stopped (turn them on in the UI) |
| COURTS_FIRST_QUARTER | (first quarter with data) | first quarter partition in Dagster, e.g. 2016Q1 |
| COURTS_LAKE | lake/ next to the warehouse | Parquet lake root (`courts export-lake`, asset `parquet_lake`) |
| COURTS_ENGINE | duckdb | engine of the mart assets: `duckdb`, or `spark` (the same model SQL on PySpark over the lake; warehouse/engines/) |
| COURTS_LIST_LIMIT | 30 | cases (and judges, files) per court and list printed in a bulletin's HTML and workbook; the full lists are CSV/Parquet extracts next to it (warehouse/reports/extracts.py) |
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass, replace
from pathlib import Path

from warehouse.engines import engine_from_env

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DEFAULT_LIST_LIMIT = 30  # COURTS_LIST_LIMIT


@dataclass(frozen=True)
class Settings:
    inbox: Path
    warehouse: Path
    published: Path
    reports: Path
    registry: str = "gannan"
    ranges: str = "default"
    weights: str = "default"
    issuers: str = ""
    threads: int | None = None
    memory_limit: str | None = None
    first_quarter: str | None = None
    schedules: str = "running"
    lake: Path | None = None
    engine: str = "duckdb"
    list_limit: int = DEFAULT_LIST_LIMIT

    @property
    def lake_root(self) -> Path:
        return self.lake if self.lake is not None else self.warehouse.parent / "lake"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = Path(env.get("COURTS_HOME", "data"))
        threads = env.get("COURTS_THREADS")
        return cls(
            inbox=Path(env.get("COURTS_INBOX", home / "inbox")),
            warehouse=Path(env.get("COURTS_WAREHOUSE", home / "warehouse.duckdb")),
            published=Path(env.get("COURTS_PUBLISHED", home / "published" / "warehouse.duckdb")),
            reports=Path(env.get("COURTS_REPORTS", home / "reports")),
            registry=env.get("COURTS_REGISTRY", "gannan"),
            ranges=env.get("COURTS_RANGES", "default"),
            weights=env.get("COURTS_WEIGHTS", "default"),
            issuers=env.get("COURTS_ISSUERS", ""),
            threads=int(threads) if threads else None,
            memory_limit=env.get("COURTS_MEMORY_LIMIT") or None,
            first_quarter=env.get("COURTS_FIRST_QUARTER") or None,
            schedules=env.get("COURTS_SCHEDULES") or "running",
            lake=Path(env["COURTS_LAKE"]) if env.get("COURTS_LAKE") else None,
            engine=engine_from_env(env),
            list_limit=parse_list_limit(env.get("COURTS_LIST_LIMIT")),
        )

    @classmethod
    def under(cls, home: Path, **overrides) -> Settings:
        """Settings with every path below one folder (tests, `courts demo`)."""
        home = Path(home)
        base = cls(
            inbox=home / "inbox",
            warehouse=home / "warehouse.duckdb",
            published=home / "published" / "warehouse.duckdb",
            reports=home / "reports",
        )
        return replace(base, **overrides)

    @property
    def registry_path(self) -> Path:
        p = Path(self.registry)
        if p.suffix == ".csv":
            return p
        path = REFERENCE_DIR / "courts" / f"{self.registry}.csv"
        if not path.exists():
            known = sorted(x.stem for x in (REFERENCE_DIR / "courts").glob("*.csv"))
            raise ValueError(f"unknown court registry {self.registry!r}; known: {', '.join(known)} or a .csv path")
        return path

    def _config_path(self, value: str, folder: str) -> Path | None | str:
        """`default` → "default", `none` → None, a .csv path, or a name under
        warehouse/reference/<folder>/."""
        if value == "default":
            return "default"
        if value == "none":
            return None
        p = Path(value)
        if p.suffix == ".csv":
            return p
        path = REFERENCE_DIR / folder / f"{value}.csv"
        if not path.exists():
            known = sorted(x.stem for x in (REFERENCE_DIR / folder).glob("*.csv"))
            raise ValueError(f"unknown {folder} setting {value!r}; known: default, none, "
                             f"{', '.join(known) + ', ' if known else ''}or a .csv path")
        return path

    @property
    def reference_overrides(self) -> dict[str, Path | None]:
        """The reference views COURTS_RANGES / COURTS_WEIGHTS replace (models.register_reference_views)."""
        out: dict[str, Path | None] = {}
        for view, value, folder in (("indicator_ranges", self.ranges, "ranges"),
                                    ("ranking_weights", self.weights, "weights")):
            chosen = self._config_path(value, folder)
            if isinstance(chosen, Path):
                validate_setting(folder, chosen)
            if chosen != "default":
                out[view] = chosen
        return out

    @property
    def configuration_zh(self) -> dict[str, str]:
        """How the bulletin's notes name the chosen ranges and weights."""
        ranges = {"default": "默认区间", "none": "不设合理区间"}
        weights = {"default": "默认权重（各项均为1，可配置）", "none": "等权重"}

        def named(value: str, folder: str, what: str) -> str:
            p = Path(value)
            if p.suffix == ".csv":
                return f"{what}文件 {p.name}"
            return f"{what}“{value}”"

        return {"ranges": ranges.get(self.ranges) or named(self.ranges, "ranges", "区间设置"),
                "weights": weights.get(self.weights) or named(self.weights, "weights", "权重设置")}

    def as_env(self) -> dict[str, str]:
        env = {
            "COURTS_INBOX": str(self.inbox),
            "COURTS_WAREHOUSE": str(self.warehouse),
            "COURTS_PUBLISHED": str(self.published),
            "COURTS_REPORTS": str(self.reports),
            "COURTS_REGISTRY": self.registry,
            "COURTS_RANGES": self.ranges,
            "COURTS_WEIGHTS": self.weights,
        }
        if self.issuers:
            env["COURTS_ISSUERS"] = self.issuers
        if self.threads:
            env["COURTS_THREADS"] = str(self.threads)
        if self.memory_limit:
            env["COURTS_MEMORY_LIMIT"] = self.memory_limit
        if self.schedules != "running":
            env["COURTS_SCHEDULES"] = self.schedules
        if self.first_quarter:
            env["COURTS_FIRST_QUARTER"] = self.first_quarter
        if self.lake is not None:
            env["COURTS_LAKE"] = str(self.lake)
        if self.engine != "duckdb":
            env["COURTS_ENGINE"] = self.engine
        if self.list_limit != DEFAULT_LIST_LIMIT:
            env["COURTS_LIST_LIMIT"] = str(self.list_limit)
        return env


def parse_list_limit(text: str | None) -> int:
    """COURTS_LIST_LIMIT: a whole number ≥ 1 (empty: the default)."""
    if text is None or not text.strip():
        return DEFAULT_LIST_LIMIT
    try:
        value = int(text.strip())
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"COURTS_LIST_LIMIT must be a whole number of at least 1, not {text!r}")
    return value


# --- a deployment's ranges and weights (COURTS_RANGES / COURTS_WEIGHTS) ----------------------

SETTING_COLUMNS = {"ranges": ("indicator", "range_low", "range_high"), "weights": ("indicator", "weight")}


def parse_number(text: str, where: str, column: str, kind=float):
    """A reference CSV's number: None when empty; a bad one raises naming `where` (file and
    row) and the column."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return kind(text)
    except ValueError:
        raise ValueError(f"{where}: {column} {text!r} is not a number") from None


def _ranked_indicators() -> set[str]:
    """The ranked indicators of warehouse/reference/indicators.csv, composite excepted (read
    here directly: warehouse.indicators imports this module)."""
    with (REFERENCE_DIR / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        return {r["indicator"].strip() for r in csv.DictReader(fh)
                if r["ranked"].strip().lower() == "true" and r["indicator"].strip() != "composite"}


def validate_setting(folder: str, path: Path) -> None:
    """Check a ranges or weights file (`folder` = "ranges" / "weights") before any model
    reads it; the first problem raises one ValueError naming the file and its row."""
    required = SETTING_COLUMNS[folder]
    if not path.is_file():
        raise ValueError(f"{path}: {folder} file not found")
    known = _ranked_indicators()
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.reader(fh)
        header = [h.strip() for h in next(rows, [])]
        missing = [c for c in required if c not in header]
        if missing:
            raise ValueError(f"{path}, row 1: the header lacks {', '.join(missing)} "
                             f"(a {folder} file has the columns {', '.join(required)})")
        for row, fields in enumerate(rows, start=2):
            if not any(f.strip() for f in fields):
                continue
            where = f"{path}, row {row}"
            if len(fields) != len(header):
                raise ValueError(f"{where}: {len(fields)} fields, the header has {len(header)} "
                                 "(quote values that contain commas)")
            r = dict(zip(header, (f.strip() for f in fields), strict=True))
            key = r["indicator"]
            if key not in known:
                raise ValueError(f"{where}: unknown indicator {key!r} (ranked indicators of indicators.csv: "
                                 f"{', '.join(sorted(known))})")
            if key in seen:
                raise ValueError(f"{where}: indicator {key} is listed more than once (first on row {seen[key]})")
            seen[key] = row
            if folder == "weights":
                weight = parse_number(r["weight"], where, "weight")
                if weight is None or weight < 0:
                    raise ValueError(f"{where}: weight {r['weight']!r} is not a number ≥ 0")
            else:
                low = parse_number(r["range_low"], where, "range_low")
                high = parse_number(r["range_high"], where, "range_high")
                if low is None and high is None:
                    raise ValueError(f"{where}: neither range_low nor range_high is given")
                if low is not None and high is not None and low > high:
                    raise ValueError(f"{where}: range_low {low} is above range_high {high}")
