"""Shared fixtures: a fresh warehouse connection with the declared schema, settings
that put every path under a test's temporary folder, and generated warehouses built once
per session (the lake and Spark parity tests share them)."""
import os
import tempfile
from datetime import date

# Quarter partitions are fixed when the definitions are imported, from the environment:
# pin their start so no test depends on what a local `make run` left in data/.
os.environ["COURTS_FIRST_QUARTER"] = "2016Q1"
# `courts run` records runs in $DAGSTER_HOME (else ./.dagster_home): never the developer's.
os.environ["DAGSTER_HOME"] = tempfile.mkdtemp(prefix="courts-test-dagster-home-")

import duckdb  # noqa: E402
import pytest  # noqa: E402

from warehouse.ddl import ensure_schema  # noqa: E402
from warehouse.settings import Settings  # noqa: E402


@pytest.fixture
def con():
    """An in-memory warehouse with every declared table (empty) and the reference data."""
    c = duckdb.connect()
    c.execute("SET TimeZone = 'Asia/Shanghai'")
    ensure_schema(c)
    from warehouse import models

    models.register_reference_views(c)
    for name in ("case_types", "time_limits", "dispositions"):
        models.rebuild(c, name)
    yield c
    c.close()


@pytest.fixture
def settings(tmp_path):
    return Settings.under(tmp_path)


def _built_warehouse(home, preset: str, scale: float, start, end):
    """A generated inbox run through the whole pipeline; returns the published copy."""
    from generator import generate
    from pipelines.runner import run_pipeline

    generate(home, preset=preset, start=start, end=end, seed=11, scale=scale, faults=0.02)
    result = run_pipeline(Settings.under(home, registry=preset))
    return result["published"]


@pytest.fixture(scope="session")
def gannan_warehouse(tmp_path_factory):
    """The Gannan demo (small scale), built once per test session (lake and Spark tests)."""
    return _built_warehouse(tmp_path_factory.mktemp("gannan_demo"), "gannan", 0.1,
                            date(2023, 10, 1), date(2024, 7, 15))


@pytest.fixture(scope="session")
def gansu_warehouse(tmp_path_factory):
    """A gansu-preset sample (every Gansu court, few cases each), built once per session."""
    # a short window: a hundred courts' daily files make ingest the slow part
    return _built_warehouse(tmp_path_factory.mktemp("gansu_sample"), "gansu", 0.01,
                            date(2024, 2, 20), date(2024, 4, 5))
