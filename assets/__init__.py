"""Asset definitions only: thin functions that run warehouse SQL through
`runtime.resources.WarehouseResource` and return metadata. One module per layer;
each exposes `ASSETS` (and `CHECKS` for checks defined apart from the asset). This file is
the registry `pipelines.definitions` assembles from.
"""
from assets import core, ingest, issued, lake, marts, matter, publish, rankings, reference, reports

MODULES = (reference, ingest, core, matter, marts, rankings, issued, reports, publish, lake)
ASSETS = [a for m in MODULES for a in m.ASSETS]
CHECKS = [c for m in MODULES for c in getattr(m, "CHECKS", [])]
