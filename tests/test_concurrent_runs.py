"""Two `courts run` processes on one warehouse (a cron run meeting a manual one): both
succeed — the second waits for the writer's lock — and the result equals one run alone.
Its own file so that pytest-xdist runs it beside test_end_to_end.py, not after it."""
import json
import shutil
import subprocess
from datetime import date

from tests.runs import courts_command, run_env, snapshot


def test_two_runs_at_once_serialize_and_agree(tmp_path):
    from generator import generate

    # Two courts and six weeks are enough to meet on the lock: what is under test is the
    # locking, not the volume.
    generate(tmp_path / "src", preset="gannan", start=date(2024, 3, 1), end=date(2024, 4, 10), seed=3,
             scale=0.05, faults=0.0)
    inbox = tmp_path / "src" / "inbox"
    for folder in inbox.iterdir():
        if folder.name not in ("甘3001", "甘3021"):
            shutil.rmtree(folder)
    cmd = courts_command("run", "--inbox", str(inbox))
    # the run alone goes at the same time, on its own warehouse and Dagster instance: it
    # uses the CPU while one of the other two waits for the lock
    procs = [subprocess.Popen(cmd + ["--warehouse", str(tmp_path / where / "w.duckdb")],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=run_env(tmp_path / "alone" / "dagster_home" if where == "alone" else None))
             for where in ("shared", "shared", "alone")]
    outs = [p.communicate(timeout=900) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [o[1][-2000:] for o in outs]
    shared, alone = (json.loads(out.strip().splitlines()[-1])["published"] for out, _ in (outs[0], outs[2]))
    a, b = snapshot(shared), snapshot(alone)
    assert b["cases"][0] > 0 and b["ingested_files"][0] == 17  # the two courts' files, all of them
    assert a["ingested_files"][0] == b["ingested_files"][0]          # same files (ingested_at differs)
    assert {k: v for k, v in a.items() if k != "ingested_files"} == \
           {k: v for k, v in b.items() if k != "ingested_files"}
