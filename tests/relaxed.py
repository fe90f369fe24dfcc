"""A copy of warehouse/reference/ without minimum samples and with min_peer_group 1, for
the tests of ranking mechanics that use hand-made groups of one or two and values without
enough cases behind them. The shipped thresholds are tested in test_assessment.py."""
import csv
import io
import shutil
from pathlib import Path

from warehouse import models
from warehouse.settings import REFERENCE_DIR


def relax(ref: Path) -> None:
    path = ref / "indicators.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    for column in ("min_sample", "judge_min_sample"):
        i = rows[0].index(column)
        for r in rows[1:]:
            r[i] = ""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    (ref / "ranking_rules.csv").write_text("setting,value,note\nmin_peer_group,1,\n", encoding="utf-8")


def relaxed_reference(tmp_path: Path, monkeypatch) -> Path:
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    relax(ref)
    monkeypatch.setattr(models, "REFERENCE_DIR", ref)
    return ref
