"""Great Expectations suites on the case versions loaded by the latest ingest, as asset
checks on `case_versions` (pandas mode: GX's SQL mode is broken on DuckDB, see
notes/pitfalls.md).

- `gx_new_versions_valid` (severity ERROR, not blocking: the blocking SQL checks of the
  ingest already guard the same rules row by row) — column expectations a version must
  meet: normalized case number, registered court, known case type, filing date in range,
  closing not before filing, day counts not negative, a known disposition group, one
  version per file row.
- `gx_new_versions_plausible` (severity WARN) — expectations that may fail on real data
  and deserve a look: recovered ≤ claimed, cases open less than ten years, few warnings.

`great_expectations` is imported inside the check (it costs seconds), with analytics and
progress bars off. The rows checked are those of the files of the latest ingest run that
loaded rows (`ingested_files.ingested_at`); in a run whose ingest found nothing new the
checks pass at once without importing GX (a no-op run costs seconds, not the GX import).

Memory stays bounded: GX validates pandas frames, so a run that loaded more than
`SAMPLE_ROWS` versions is validated on a repeatable reservoir sample of that many rows
(DuckDB `USING SAMPLE`), never a whole delivery in pandas (a national month-end delivery
is millions of rows). Every row is still checked: the blocking SQL rules of the ingest
(checks/rules/) run on all of them before commit. The metadata says how many rows the run
loaded and how many GX saw.
"""
from __future__ import annotations

import os
import warnings

import dagster as dg

from runtime import POOL
from runtime.resources import WarehouseResource
from warehouse import casenumber, models, texttable

ASSET = dg.AssetKey("case_versions")

NEW_VERSIONS_SQL = """
select
    v.case_number, v.court_code, v.case_type, v.filing_date, v.closing_date, v.export_date,
    v.extension_days, v.excluded_days, v.disposition_group, v.amount_claimed::DOUBLE as amount_claimed,
    v.amount_recovered::DOUBLE as amount_recovered, v.file_path, v.sha256, v.row_number,
    (v.closing_date - v.filing_date) as days_open,
    len(v.warnings) > 0 as has_warning
from main.case_versions v
where v.sha256 in (select sha256 from loaded_files() where ingested_at = latest_loaded_run())
"""

# At most this many versions go into GX's pandas frame (about 40 MB): a larger run is
# validated on a repeatable sample of this size (see the module docstring).
SAMPLE_ROWS = 200_000


def _load(warehouse: WarehouseResource, sample_rows: int = SAMPLE_ROWS):
    """The run's new versions (a sample of `sample_rows` when there are more), their
    count, and the registered courts, case types and disposition groups."""
    with warehouse.connect() as con:
        models.register_macros(con, models.CHECK_MACROS)
        con.execute(f"CREATE OR REPLACE TEMP VIEW gx_new_versions AS {NEW_VERSIONS_SQL}")
        total = con.execute("select count(*) from gx_new_versions").fetchone()[0]
        frame = con.execute("select * from gx_new_versions order by sha256, row_number" if total <= sample_rows else
                            f"select * from gx_new_versions using sample reservoir({int(sample_rows)} rows) "
                            "repeatable (13) order by sha256, row_number").df()
        courts = [c for (c,) in con.execute("select court_code from main.courts").fetchall()]
        types = [t for (t,) in con.execute("select case_type from main.case_types").fetchall()]
        groups = [g for (g,) in con.execute("select distinct disposition_group from main.dispositions").fetchall()]
    return frame, total, courts, types, groups


def _gx():
    """Great Expectations, imported on first use (it is slow to import) and quietly: GX
    imports pyspark (installed for the Spark engine) when it is importable, and pyspark
    warns that it does not support pandas 3; GX never runs Spark here."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)
        import great_expectations as gx
    return gx


def _validate(name: str, frame, expectations: list):
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    batch = context.data_sources.add_pandas("warehouse").add_dataframe_asset("new_case_versions") \
        .add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name=name))
    for e in expectations:
        suite.add_expectation(e)
    vd = context.validation_definitions.add(gx.ValidationDefinition(name=name, data=batch, suite=suite))
    with warnings.catch_warnings():
        # GX matches regexes with pandas' str.contains, which warns when the pattern has
        # groups; the case-number grammar's named groups are wanted, the warning is not.
        warnings.filterwarnings("ignore", message="This pattern is interpreted as a regular expression",
                                category=UserWarning)
        return vd.run(batch_parameters={"dataframe": frame})


def _result(check: str, severity, frame, total: int, run) -> dg.AssetCheckResult:
    failed = [r for r in run.results if not r.success]
    rows = []
    for r in run.results:
        cfg = r.expectation_config
        col = cfg.kwargs.get("column") or cfg.kwargs.get("column_A") or ",".join(cfg.kwargs.get("column_list") or [])
        examples = [str(x) for x in (r.result.get("partial_unexpected_list") or [])[:3]]
        rows.append(("pass" if r.success else "FAIL", cfg.type, col, r.result.get("unexpected_count", 0),
                     "; ".join(examples)))
    files = sorted(set(frame["file_path"]))
    return dg.AssetCheckResult(
        asset_key=ASSET,
        check_name=check,
        passed=not failed,
        severity=severity,
        metadata={
            "rows_checked": int(len(frame)),
            "rows_in_run": int(total),
            "sampled": dg.MetadataValue.text(
                f"a repeatable sample of {len(frame):,} of the run's {total:,} new versions (the blocking SQL "
                "rules of the ingest checked every row)" if len(frame) < total else "every new version"),
            "files_checked": int(len(files)),
            "expectations": int(len(run.results)),
            "failed_expectations": int(len(failed)),
            "results": dg.MetadataValue.md(
                texttable.markdown(("result", "expectation", "column", "unexpected", "examples"), rows)),
            "example_files": ", ".join(files[:5]),
        },
    )


def _skip(check: str, severity, note: str = "no case versions loaded yet") -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=ASSET, check_name=check, passed=True, severity=severity,
        metadata={"rows_checked": 0, "note": note},
    )


def _run_wrote_nothing(context: dg.AssetCheckExecutionContext) -> bool:
    """True when case_versions was materialized in this very run with no new rows (an
    ingest that found no new files): there is nothing new to validate, and the previous
    batch was validated by the run that wrote it. A check run on its own (no
    materialization in its run) still validates the latest batch."""
    event = context.instance.get_latest_materialization_event(ASSET)
    if event is None or event.run_id != context.run.run_id:
        return False
    new_rows = event.asset_materialization.metadata.get("new_rows")
    return new_rows is not None and new_rows.value == 0


def _new_versions(context, warehouse: WarehouseResource, check: str, severity) -> tuple | dg.AssetCheckResult:
    """What `_load` reads for a suite to validate, or the passing result saying why there
    is nothing to validate (this run ingested nothing new; nothing loaded yet)."""
    if _run_wrote_nothing(context):
        return _skip(check, severity, "this run ingested no new case versions")
    loaded = _load(warehouse)
    return _skip(check, severity) if loaded[0].empty else loaded


@dg.asset_check(asset=ASSET, name="gx_new_versions_valid", blocking=False, pool=POOL,
                description="Great Expectations: the versions of the latest ingest meet the column rules "
                            "(case-number form, registered court, known type, dates, day counts, groups, unique rows).")
def gx_new_versions_valid(context, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    severity = dg.AssetCheckSeverity.ERROR
    loaded = _new_versions(context, warehouse, "gx_new_versions_valid", severity)
    if isinstance(loaded, dg.AssetCheckResult):
        return loaded
    frame, total, courts, types, groups = loaded
    gx = _gx()

    g = casenumber.grammar()
    number = f"(?:{g.standard})|(?:{g.legacy})"
    E = gx.expectations
    expectations = [
        E.ExpectColumnValuesToNotBeNull(column="case_number"),
        E.ExpectColumnValuesToMatchRegex(column="case_number", regex=number),
        E.ExpectColumnValuesToBeInSet(column="court_code", value_set=courts),
        E.ExpectColumnValuesToBeInSet(column="case_type", value_set=types),
        E.ExpectColumnValuesToNotBeNull(column="filing_date"),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="closing_date", column_B="filing_date", or_equal=True,
                                                  ignore_row_if="either_value_is_missing"),
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="export_date", column_B="filing_date", or_equal=True,
                                                  ignore_row_if="either_value_is_missing"),
        E.ExpectColumnValuesToBeBetween(column="extension_days", min_value=0),
        E.ExpectColumnValuesToBeBetween(column="excluded_days", min_value=0),
        E.ExpectColumnValuesToBeInSet(column="disposition_group", value_set=groups),
        E.ExpectCompoundColumnsToBeUnique(column_list=["sha256", "row_number"]),
    ]
    return _result("gx_new_versions_valid", severity, frame, total, _validate("case_versions_valid", frame, expectations))


@dg.asset_check(asset=ASSET, name="gx_new_versions_plausible", blocking=False, pool=POOL,
                description="Great Expectations (warning): recovered ≤ claimed, cases open under ten years, "
                            "at most 5 % of new versions with warnings.")
def gx_new_versions_plausible(context,
                              warehouse: WarehouseResource) -> dg.AssetCheckResult:
    severity = dg.AssetCheckSeverity.WARN
    loaded = _new_versions(context, warehouse, "gx_new_versions_plausible", severity)
    if isinstance(loaded, dg.AssetCheckResult):
        return loaded
    frame, total = loaded[0], loaded[1]
    gx = _gx()

    E = gx.expectations
    expectations = [
        E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="amount_claimed", column_B="amount_recovered",
                                                  or_equal=True, ignore_row_if="either_value_is_missing",
                                                  mostly=0.99),
        E.ExpectColumnValuesToBeBetween(column="days_open", min_value=0, max_value=3650, mostly=0.99),
        E.ExpectColumnValuesToBeInSet(column="has_warning", value_set=[False], mostly=0.95),
    ]
    return _result("gx_new_versions_plausible", severity, frame, total,
                   _validate("case_versions_plausible", frame, expectations))


CHECKS = [gx_new_versions_valid, gx_new_versions_plausible]
