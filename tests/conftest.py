"""Shared fixtures: a fresh warehouse connection with the declared schema, and settings
that put every path under a test's temporary folder."""
import duckdb
import pytest

from warehouse.ddl import ensure_schema
from warehouse.settings import Settings


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
