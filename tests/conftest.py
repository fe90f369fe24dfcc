"""Shared fixtures: a fresh warehouse connection with the declared schema, settings
that put every path under a test's temporary folder, and generated warehouses built once
per session (the lake and Spark parity tests share them). Also how pytest-xdist shares
out the work (see `pytest_collection_modifyitems`) and where temporary files go."""
import os
import tempfile
from datetime import date
from pathlib import Path

# Temporary files (tmp_path, the Dagster instances, the warehouses of `courts run`
# subprocesses, which inherit TMPDIR) on tmpfs when the machine has one and TMPDIR does
# not say otherwise: Dagster's SQLite storage commits (fsyncs) several times per event, and
# on a disk those waits were a large part of every pipeline run in the suite.
_SHM = Path("/dev/shm")
if "TMPDIR" not in os.environ and _SHM.is_dir() and os.access(_SHM, os.W_OK):
    os.environ["TMPDIR"] = str(_SHM)
    tempfile.tempdir = None  # forget a temp dir looked up before this line

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


# The slowest groups of tests, slowest first. pytest-xdist (`--dist loadgroup
# --no-loadscope-reorder`, set in pyproject.toml) hands whole groups to workers in test
# order: the long ones start at once, the many short files fill in around them, and the
# workers finish together.
SLOWEST_FIRST = ("gannan_demo", "test_end_to_end.py", "test_concurrent_runs.py")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config, items):
    """Each test file is one xdist group (its module fixtures run once, on one worker),
    unless the file names its group (test_lake and test_spark_parity share the session's
    Gannan warehouse as group `gannan_demo`); the slowest groups go first."""
    def group(item) -> str:
        marker = item.get_closest_marker("xdist_group")
        if marker is None:
            mark = pytest.mark.xdist_group(item.nodeid.split("::")[0].rsplit("/", 1)[-1])
            item.add_marker(mark)
            marker = mark.mark
        return marker.args[0] if marker.args else marker.kwargs.get("name", "default")

    def rank(item) -> int:
        name = group(item)
        return SLOWEST_FIRST.index(name) if name in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: file order within a group and among the rest
