"""Shared fixtures: a fresh warehouse connection with the declared schema, settings
that put every path under a test's temporary folder, and a generated warehouse built once
per session, once for all xdist workers (the lake, bulletin-list and Spark parity tests
share it).
Also the order xdist hands out the files in (`pytest_collection_modifyitems`) and where
temporary files go."""
import atexit
import dataclasses
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

# Temporary files (tmp_path, the Dagster instances, the warehouses of `courts run`
# subprocesses, which inherit TMPDIR) on tmpfs when the machine has one and TMPDIR does
# not say otherwise: Dagster's SQLite storage commits (fsyncs) several times per event, and
# on a disk those waits were a large part of every pipeline run in the suite.
# A container's /dev/shm is often only 64 MB: use it only when it has room for the suite.
_SHM = Path("/dev/shm")


def _roomy(path: Path, need: int = 4 << 30) -> bool:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize >= need


if "TMPDIR" not in os.environ and _SHM.is_dir() and os.access(_SHM, os.W_OK) and _roomy(_SHM):
    os.environ["TMPDIR"] = str(_SHM)
    tempfile.tempdir = None  # forget a temp dir looked up before this line

# Quarter partitions are fixed when the definitions are imported, from the environment:
# pin their start so no test depends on what a local `make run` left in data/.
os.environ["COURTS_FIRST_QUARTER"] = "2016Q1"
# `courts run` records runs in $DAGSTER_HOME (else ./.dagster_home): never the developer's.
# Removed when the process ends: it sits on tmpfs, which is memory.
os.environ["DAGSTER_HOME"] = tempfile.mkdtemp(prefix="courts-test-dagster-home-")
atexit.register(shutil.rmtree, os.environ["DAGSTER_HOME"], ignore_errors=True)

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


def _built_sample(home) -> str:
    """The gansu sample (see `gansu_warehouse`) run through the whole pipeline; returns the
    published copy. Bulletins are rendered for one issuer only: this warehouse's users read
    its tables (tests/test_issuers.py covers every issuer's bulletins)."""
    from generator import generate
    from pipelines.runner import run_pipeline

    # not every Gansu court: a hundred courts' daily files make ingest the slow part
    generate(home, preset="gansu", start=date(2023, 10, 1), end=date(2024, 7, 15), seed=11, scale=0.01,
             faults=0.02, courts=30)
    settings = dataclasses.replace(Settings.under(home, registry="gansu"), issuers="甘01")
    return run_pipeline(settings)["published"]


def _once_per_session(tmp_path_factory, name: str, build) -> str:
    """`build(folder)` once per test session, even across pytest-xdist workers: the first
    worker to ask builds it under the session's shared temp folder while holding a lock,
    the others wait and reuse the result (read-only users only). Without xdist, or without
    fcntl, each process builds its own."""
    if os.environ.get("PYTEST_XDIST_WORKER") is None:
        return build(tmp_path_factory.mktemp(name))
    try:
        import fcntl
    except ImportError:
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent
    done = root / f"{name}.built"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.is_file():
            return done.read_text(encoding="utf-8")
        result = build(root / name)
        done.write_text(result, encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def gansu_warehouse(tmp_path_factory):
    """A gansu-preset sample, built once per session: the high court, five intermediate
    courts with their basic courts and two special courts (30 courts with data, several peer
    groups, registered courts without data), few cases each, over three quarters across a
    year end (the Spark parity, lake and bulletin-list tests; one build serves them all)."""
    return _once_per_session(tmp_path_factory, "gansu_sample", _built_sample)


# The slowest test files, slowest first. pytest-xdist (`--dist loadfile
# --no-loadscope-reorder`, set in pyproject.toml) hands whole files to workers in test
# order: the long ones start at once, the many short files fill in around them, and the
# workers finish together. (`--dist loadgroup` would group files, but xdist 3.8 cannot
# rename node ids under pytest 9, so its groups are silently ignored.)
SLOWEST_FIRST = ("test_spark_parity.py", "test_end_to_end.py", "test_concurrent_runs.py", "test_incremental_quarters.py")
# The other users of the shared warehouse, last: by then the Spark file (first) has built
# it, so no worker sits waiting on the build lock.
LAST = ("test_lake.py", "test_bulletin_lists.py")


def pytest_collection_modifyitems(config, items):
    """The slowest files first, the shared warehouse's other users last; file order otherwise."""
    def rank(item) -> int:
        name = item.nodeid.split("::")[0].rsplit("/", 1)[-1]
        if name in SLOWEST_FIRST:
            return SLOWEST_FIRST.index(name)
        return len(SLOWEST_FIRST) + 1 + LAST.index(name) if name in LAST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: test order within a file and among the rest
