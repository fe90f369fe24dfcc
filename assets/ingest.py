"""The ingest asset: one `@multi_asset` producing raw/case_rows, ingested_files,
rejected_rows and case_versions from the new files of the inbox (`warehouse.ingest`).

How its checks block bad data: every batch of files is written in one transaction whose
pre-commit checks (`warehouse.ingest.BATCH_CHECKS`: per-file reconciliation, raw rows
complete, court and case type known, NOT NULL) must pass before it commits — a file that
fails them is rolled back and recorded `rejected` with the finding, so nothing bad is
ever committed and the other courts go on. After the run the declared checks of the four
tables are evaluated and reported with counts, examples and files: the structural checks
from the metadata on the rows of the run's files (`written_rows`), the rules of
`checks/rules/<table>.*.sql` as they are written; if a blocking one fails the step fails,
so `cases` and everything downstream keep their last good state.

Great Expectations suites (`checks.expectations`) and delivery-volume warnings
(`checks.volume`) are separate asset checks, exported here as `CHECKS`.
"""

import dagster as dg

import checks
from assets.common import table_spec
from checks import expectations, volume
from checks.guard import raise_if_blocking
from checks.structural import Written
from runtime import POOL
from runtime.resources import WarehouseResource
from warehouse import texttable
from warehouse.ingest import ingest_inbox
from warehouse.tables import table

TABLES = ("case_rows", "ingested_files", "rejected_rows", "case_versions")


@dg.multi_asset(
    name="ingest",
    specs=[table_spec(n, deps=[dg.AssetKey(d) for d in ("courts", "dispositions", "case_types")])
           for n in TABLES],
    check_specs=[s for n in TABLES for s in checks.specs_for(n)],
    pool=POOL,
    can_subset=False,
    description="Ingest the inbox's new export files: raw rows, file register, rejected rows, case versions.",
)
def ingest(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    settings = warehouse.settings
    with warehouse.connect() as con:
        summary = ingest_inbox(con, settings.inbox, log=context.log.info)
        written = written_rows(summary["ingested_at"])
        results = [r for n in TABLES for r in checks.evaluate(con, n, written[n])]
        rows = {
            n: int(con.execute(f"SELECT count(*) FROM {table(n).qualified}").fetchall()[0][0]) for n in TABLES
        }
    files = summary.pop("files")
    new_rows = {
        "case_rows": summary["rows_read"],
        "ingested_files": summary["files_new"],
        "rejected_rows": summary["rows_rejected"],
        "case_versions": summary["rows_loaded"],
    }
    problems = [f for f in files if f[1] in ("rejected", "partially_loaded")]
    for n in TABLES:
        meta = {"rows": rows[n], "new_rows": int(new_rows[n]), **{k: v for k, v in summary.items() if k != "files"}}
        if n == "ingested_files":
            meta["files_needing_attention"] = dg.MetadataValue.md(_files_md(problems))
        yield dg.MaterializeResult(asset_key=dg.AssetKey(table(n).asset_key), metadata=meta)
    yield from results
    # the batches committed under their own pre-commit checks; a failure here stops downstream
    raise_if_blocking(results, "after ingest", "downstream assets keep their last good state")


def written_rows(ingested_at: str) -> dict[str, Written]:
    """The rows this run wrote, for its structural checks (`checks.structural.Written`):
    those of the files it recorded (at `ingested_at`), by each table's first key column
    (sha256 or file_path). Every other row is as the last run's checks passed it: a run
    adds its files' rows and deletes only those of the deliveries its files replace."""
    return {n: Written(f"SELECT {table(n).key[0]} FROM main.ingested_files WHERE ingested_at = TIMESTAMP "
                       f"'{ingested_at}'") for n in TABLES}


def _files_md(files: list[tuple]) -> str:
    table = texttable.markdown(("file", "status", "read", "loaded", "rejected", "error"), files, limit=50,
                               empty="No file of this run was rejected or partially loaded.")
    return table + (f"\n\n… and {len(files) - 50} more" if len(files) > 50 else "")


ASSETS = [ingest]
CHECKS = [*expectations.CHECKS, *volume.CHECKS]
