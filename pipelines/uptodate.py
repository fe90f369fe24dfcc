"""When `courts run` may skip a job because it already ran on the same inputs.

What belongs here: the inputs fingerprint (everything the jobs after ingest read: the
code and reference data of the code location, the settings that shape the results, the
court registry and the file log of the warehouse), the run key a launched job is tagged
with (`courts/inputs`: the fingerprint, the job and what it was launched with), and the
lookup of a successful run with that key in the Dagster instance.

Every case a mart reads comes from a file recorded in `ingested_files` (a new, corrected,
re-delivered or late file adds or changes a row there), so an unchanged file log, registry,
configuration and code give the same tables, bulletins and lists: relaunching the job
would rewrite them with the same rows. Ingest itself is skipped when its last run
succeeded under the same code, settings and registry file and the inbox holds no new or
changed file (`inbox_done_before`). A job that failed, or ran on other inputs, has no
successful run with the key and runs. Schedules and the UI always run what they launch;
`courts run --quarter` (an explicit backfill) too. Not noticed: report files deleted by
hand from the reports folder (`courts run --quarter …` writes them again).
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from warehouse import db
from warehouse.inbox import new_files, scan
from warehouse.settings import Settings

TAG = "courts/inputs"
SETUP_TAG = "courts/setup"
INGEST_JOB = "ingest_job"
PROJECT = Path(__file__).resolve().parents[1]
# the code location: Python, SQL, reference CSVs, report templates
CODE_FOLDERS = ("assets", "checks", "pipelines", "runtime", "warehouse")


def _code_digest() -> str:
    h = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((PROJECT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(PROJECT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _digest(settings: Settings, tables: tuple[str, ...]) -> str:
    h = hashlib.sha256(_code_digest().encode())
    for key, value in sorted(settings.as_env().items()):
        h.update(f"{key}={value}\0".encode())
    for view, path in sorted(settings.reference_overrides.items()):
        h.update(f"{view}\0".encode() + (path.read_bytes() if path is not None else b"none") + b"\0")
    # the registry file itself: a deployment's own CSV (COURTS_REGISTRY=path) lies outside the code
    registry = settings.registry_path
    h.update(b"registry\0" + (registry.read_bytes() if registry.is_file() else b"missing") + b"\0")
    if tables:
        with db.connect(settings.warehouse, read_only=True) as con:
            for table in tables:
                count, digest = db.one(con, f"SELECT count(*), bit_xor(hash(t)) FROM {table} t")
                h.update(f"{table}:{count}:{digest}\0".encode())
    return h.hexdigest()


def inputs_fingerprint(settings: Settings) -> str:
    """A digest of everything the jobs after ingest read (see the module docstring)."""
    return _digest(settings, ("ingested_files", "courts"))


def static_fingerprint(settings: Settings) -> str:
    """The same without the file log: what must not change between a quarterly run and
    the next one that rebuilds only the quarters changed cases reach (pipelines.incremental)."""
    return _digest(settings, ("courts",))[:32]


def setup_fingerprint(settings: Settings) -> str:
    """Code, reference data and settings only: what ingest reads besides the inbox."""
    return _digest(settings, ())[:32]


def inbox_done_before(settings: Settings, instance: dg.DagsterInstance, setup: str) -> dg.DagsterRun | None:
    """The last run of `ingest_job`, if it succeeded under the same code and settings
    (tag `courts/setup`) and the inbox holds no file the warehouse has not ingested in its
    current form (`warehouse.inbox.new_files`, as the inbox sensor asks): ingesting again
    would load nothing and change nothing."""
    if not settings.warehouse.exists():
        return None
    records = instance.get_run_records(filters=dg.RunsFilter(job_name=INGEST_JOB), limit=1)
    if not records:
        return None
    last = records[0].dagster_run
    if last.status != dg.DagsterRunStatus.SUCCESS or last.tags.get(SETUP_TAG) != setup:
        return None
    with db.connect(settings.warehouse, read_only=True) as con:
        if new_files(con, scan(settings.inbox)):
            return None
    return last


def run_key(fingerprint: str, job: str, launch: dict) -> str:
    """The inputs fingerprint with the job and what it is launched with (partition range,
    run config): two launches with equal keys compute the same rows."""
    what = json.dumps({"job": job, **launch}, sort_keys=True, default=str)
    return hashlib.sha256(f"{fingerprint}\0{what}".encode()).hexdigest()[:32]


def done_before(instance: dg.DagsterInstance, job: str, key: str) -> dg.DagsterRun | None:
    """The latest successful run of `job` tagged with `key`, if any."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(job_name=job, statuses=[dg.DagsterRunStatus.SUCCESS], tags={TAG: key}),
        limit=1,
    )
    return records[0].dagster_run if records else None
