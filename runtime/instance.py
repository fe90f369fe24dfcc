"""The one persistent Dagster instance that `courts run`, `make run`, `make dev` and `dg`
share, so the UI shows what the command line did: its runs, materializations and check
results.

Its home is `$DAGSTER_HOME` when set, else `.dagster_home` in the current folder (the
project root for `make`). A home without a `dagster.yaml` gets the project's
(`runtime/dagster.yaml`: one run at a time and the `duckdb` pool limited to 1, because
DuckDB allows one writer); an existing one is left as the engineer configured it.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg

DEFAULT_HOME = ".dagster_home"
INSTANCE_YAML = Path(__file__).resolve().parent / "dagster.yaml"


def instance_home(env: dict[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()


def prepare_home(home: Path) -> Path:
    """Create the home with the project's dagster.yaml unless it already has one."""
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copyfile(INSTANCE_YAML, home / "dagster.yaml")
    return home


def persistent_instance(home: Path | None = None) -> dg.DagsterInstance:
    """The instance at `home` (default `instance_home()`), prepared if new."""
    home = prepare_home(home or instance_home())
    return dg.DagsterInstance.from_config(str(home))
