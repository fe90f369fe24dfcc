"""Failure injection: the generator's faulty Gannan inbox (every format, encoding, header
variant, date style and fault kind) is ingested and every injected fault lands where the
manifest says; no valid row is lost; a second run and a re-delivered file change nothing;
the Dagster assets and their checks pass on it."""
import json
import shutil
import warnings
from datetime import date

import dagster as dg
import pytest

from generator import generate
from runtime.resources import WarehouseResource
from warehouse import ingest, models
from warehouse.settings import REFERENCE_DIR, Settings


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("faulty")
    manifest = generate(out, preset="gannan", start=date(2024, 1, 1), end=date(2024, 3, 31), seed=3, scale=0.3,
                        faults=0.03)
    return out, manifest


@pytest.fixture
def wh(con):
    registry = (REFERENCE_DIR / "courts" / "gannan.csv").as_posix()
    con.execute(f"CREATE OR REPLACE TEMP VIEW params_registry AS SELECT * FROM read_csv('{registry}', header = true, all_varchar = true)")
    models.rebuild(con, "courts")
    return con


def test_the_manifest_covers_every_variant(generated):
    _, m = generated
    files = m["files"]
    assert {f["format"] for f in files} == {"csv", "xlsx", "jsonl"}
    assert {f["encoding"] for f in files if f["format"] == "csv"} == {"utf-8", "utf-8-sig", "gb18030"}
    assert {f["header_variant"] for f in files} == {"simplified", "traditional", "broken", "english"}
    assert {f["expected_status"] for f in files} == {"loaded", "partially_loaded", "rejected", "duplicate"}
    assert all(n > 0 for n in m["summary"]["fault_counts"].values())


def test_every_fault_lands_where_the_manifest_says(wh, generated):
    out, m = generated
    inbox = out / "inbox"
    ingest.ingest_inbox(wh, inbox)
    got = {
        r[0]: r[1:]
        for r in wh.execute(
            "SELECT file_path, status, rows_read, rows_loaded, rows_rejected, error, duplicate_of, file_format, encoding, "
            "header_variant FROM ingested_files"
        ).fetchall()
    }
    assert set(got) == {f["path"] for f in m["files"]}
    for f in m["files"]:
        status, read, loaded, rej, error, dup_of, fmt, enc, variant = got[f["path"]]
        assert status == f["expected_status"], (f["path"], error)
        if status in ("loaded", "partially_loaded"):
            assert (read, loaded, rej) == (f["data_rows"], f["data_rows"] - len(f["expected_rejected"]),
                                           len(f["expected_rejected"])), f["path"]
            assert (fmt, enc if fmt != "xlsx" else None, variant) == (f["format"], f["encoding"], f["header_variant"])
        elif status == "duplicate":
            assert dup_of == f["duplicate_of"]
        else:
            assert (read, loaded, rej) == (0, 0, 0)
            key = {"missing_case_number_column": "案号", "corrupt_xlsx": "XLSX", "unregistered_court": f["court_code"]}
            assert key[f["fault"]] in error, error
    # row faults: exactly the injected rows, each with exactly its reasons
    expected = {(f["path"], r["row_number"]): sorted(r["reasons"]) for f in m["files"] for r in f["expected_rejected"]}
    actual = {(p, n): sorted(r) for p, n, r in wh.execute("SELECT file_path, row_number, reasons FROM rejected_rows").fetchall()}
    assert actual == expected
    # the raw record keeps what the file said, e.g. the faulty case number
    faulty_numbers = {(f["path"], r["row_number"]): r["case_number"] for f in m["files"] for r in f["expected_rejected"]}
    assert len(faulty_numbers) == len(expected)
    # no valid row lost: every data row of a loaded file is a version or a rejected row
    total_rows = sum(f["data_rows"] for f in m["files"] if f["expected_status"] in ("loaded", "partially_loaded"))
    assert wh.execute("SELECT count(*) FROM case_versions").fetchall()[0][0] + len(expected) == total_rows
    assert wh.execute("SELECT count(*) FROM raw.case_rows").fetchall()[0][0] == total_rows
    # temporary files appear in no table
    for t in ("raw.case_rows", "ingested_files", "rejected_rows", "case_versions"):
        paths = {p for (p,) in wh.execute(f"SELECT DISTINCT file_path FROM {t}").fetchall()}
        assert not paths & set(m["ignored"])


def _snapshot(con):
    return {t: sorted(map(str, con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in ("raw.case_rows", "rejected_rows", "case_versions", "ingested_files")}


def test_second_run_and_redelivery_change_nothing(wh, generated, tmp_path):
    out, m = generated
    inbox = tmp_path / "inbox"
    shutil.copytree(out / "inbox", inbox)
    ingest.ingest_inbox(wh, inbox)
    before = _snapshot(wh)
    assert ingest.ingest_inbox(wh, inbox)["files_new"] == 0
    assert _snapshot(wh) == before
    loaded = next(f for f in m["files"] if f["expected_status"] == "partially_loaded")
    src = inbox / loaded["path"]
    shutil.copy(src, src.with_name("20240331_补发" + src.suffix))
    summary = ingest.ingest_inbox(wh, inbox)
    assert (summary["files_new"], summary["files_duplicate"], summary["rows_read"]) == (1, 1, 0)
    after = _snapshot(wh)
    assert {k: v for k, v in after.items() if k != "ingested_files"} == {k: v for k, v in before.items() if k != "ingested_files"}
    assert len(after["ingested_files"]) == len(before["ingested_files"]) + 1


def test_dagster_assets_and_checks_on_the_faulty_inbox(generated, tmp_path):
    from assets import core, reference
    from assets import ingest as ingest_assets

    warnings.simplefilter("ignore")
    out, m = generated
    settings = Settings.under(tmp_path, inbox=out / "inbox")
    resources = {"warehouse": WarehouseResource.from_settings(settings)}
    selection = [*reference.ASSETS, *ingest_assets.ASSETS, *core.ASSETS, *ingest_assets.CHECKS]
    result = dg.materialize(selection, resources=resources)
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    failed_errors = [e.check_name for e in evaluations if not e.passed and e.severity == dg.AssetCheckSeverity.ERROR]
    assert failed_errors == []
    by_name = {(e.asset_key.to_user_string(), e.check_name): e for e in evaluations}
    assert by_name[("case_versions", "gx_new_versions_valid")].passed
    gx_meta = by_name[("case_versions", "gx_new_versions_valid")].metadata
    assert gx_meta["rows_checked"].value == gx_meta["rows_in_run"].value > 50
    assert gx_meta["sampled"].value == "every new version"
    # a run larger than the sample bound goes into pandas as a repeatable sample of real rows
    from checks import expectations
    frame, total, *_ = expectations._load(resources["warehouse"], sample_rows=50)
    again_frame = expectations._load(resources["warehouse"], sample_rows=50)[0]
    assert (len(frame), total) == (50, gx_meta["rows_in_run"].value)
    assert frame.equals(again_frame)
    assert frame[["sha256", "row_number"]].drop_duplicates().shape[0] == 50
    rejected_files = by_name[("ingested_files", "rejected_files")]
    assert not rejected_files.passed and rejected_files.metadata["failing"].value == 3
    mats = {e.asset_key.to_user_string(): e.materialization.metadata for e in result.get_asset_materialization_events()}
    n_rejected = sum(len(f["expected_rejected"]) for f in m["files"])
    assert mats["rejected_rows"]["rows"].value == n_rejected
    assert mats["cases"]["rows"].value > 0 and mats["case_parties"]["rows"].value > 0
    # the structural checks read the rows of the run's files (here: every file)
    files = mats["ingested_files"]["rows"].value
    for key in (("rejected_rows", "key_unique"), ("ingested_files", "not_null")):
        assert by_name[key].metadata["checked"].value == f"the rows of the {files} keys this write replaced"
    # the second run finds nothing new and changes nothing
    again = dg.materialize(selection, resources=resources)
    assert again.success
    mats2 = {e.asset_key.to_user_string(): e.materialization.metadata for e in again.get_asset_materialization_events()}
    assert mats2["case_versions"]["new_rows"].value == 0
    assert mats2["case_versions"]["rows"].value == mats["case_versions"]["rows"].value
    assert json.loads(json.dumps(mats2["cases"]["rows"].value)) == mats["cases"]["rows"].value
    checked2 = {e.metadata["checked"].value for e in again.get_asset_check_evaluations()
                if e.check_name == "key_unique" and e.asset_key.to_user_string() in ("case_versions", "raw/case_rows")}
    assert checked2 == {"no rows: this write replaced none"}
    # …and validates nothing again: the expectations pass at once, naming why
    checks2 = {e.check_name: e for e in again.get_asset_check_evaluations() if e.check_name.startswith("gx_")}
    assert set(checks2) == {"gx_new_versions_valid", "gx_new_versions_plausible"}
    for e in checks2.values():
        assert e.passed and e.metadata["rows_checked"].value == 0
        assert e.metadata["note"].value == "this run ingested no new case versions"


def test_core_tables_refreshed_after_later_files_equal_a_rebuild(generated, tmp_path):
    """The faulty inbox in two deliveries (files up to 15 March, then the rest): the
    second run refreshes cases, case_parties, case_links and case_families instead of
    rebuilding them, and the tables are what a rebuild from all the versions gives."""
    from assets import core, reference
    from assets import ingest as ingest_assets
    from warehouse import db, values

    warnings.simplefilter("ignore")
    out, _ = generated
    inbox = tmp_path / "inbox"
    later = tmp_path / "later"
    shutil.copytree(out / "inbox", inbox)
    held = [f for f in inbox.rglob("*.*") if f.name[:8].isdigit() and f.name[:8] > "20240315"]
    assert len(held) > 20
    for f in held:
        target = later / f.relative_to(inbox)
        target.parent.mkdir(parents=True, exist_ok=True)
        f.rename(target)
    resources = {"warehouse": WarehouseResource.from_settings(Settings.under(tmp_path, inbox=inbox))}
    instance = dg.DagsterInstance.ephemeral()
    selection = [*reference.ASSETS, *ingest_assets.ASSETS, *core.ASSETS]

    def run():
        result = dg.materialize(selection, resources=resources, instance=instance)
        assert result.success
        return {m.asset_key.to_user_string(): m.metadata for m in result.asset_materializations_for_node("core")}

    assert {m["mode"].value for m in run().values()} == {"rebuilt"}
    for f in sorted(later.rglob("*.*")):
        (inbox / f.relative_to(later)).parent.mkdir(parents=True, exist_ok=True)
        f.rename(inbox / f.relative_to(later))
    second = run()
    assert {m["mode"].value for m in second.values()} == {"refreshed"}
    assert all(m["families_recomputed" if k == "case_families" else "cases_recomputed"].value > 0
               for k, m in second.items() if k in core.TABLES)
    assert second["raw/pending_changes"]["affected_from"].value  # the later files move a quarter
    assert second["cases"]["versions_recounted"].value is False  # only new files: no version went

    def tables(con):
        return [con.execute(f"SELECT count(*), bit_xor(hash(t)) FROM {n} t").fetchone() for n in core.TABLES]

    with resources["warehouse"].connect() as con:
        values.register_sql(con)
        refreshed = tables(con)
        with db.transaction(con):
            for name in core.TABLES:
                models.rebuild(con, name)
        assert tables(con) == refreshed
