"""Shared fixtures: a fresh warehouse connection with the declared schema, and settings
that put every path under a test's temporary folder."""
import os
import tempfile

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
