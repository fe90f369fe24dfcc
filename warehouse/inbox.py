"""The inbox: which export files are there, what their names say, and which ones the
warehouse has not ingested yet — cheap enough for a sensor (no file is opened or hashed).

Layout (spec/export-format.md): `<inbox>/<court_code>/<YYYYMMDD>[_<anything>].<csv|xlsx|jsonl>`.
Temporary files (`*.part`, `*.tmp`, names starting with `.` or `~$`, and anything inside a
folder named so) are not listed at all until renamed. Every other file is listed, also
when it breaks the layout (at the inbox root, in a sub-folder, an unsupported type, a name
without a valid export date): `InboxFile.problem` says what is wrong, and the ingest
records it as rejected with that error — nothing is silently ignored.

What does not belong here: reading file contents (`warehouse.readers`) and loading them
(`warehouse.ingest`).
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from warehouse.db import TIMEZONE

FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".jsonl": "jsonl"}
TEMP_SUFFIXES = (".part", ".tmp")
TEMP_PREFIXES = (".", "~$")
UNREGISTERED = "court folder is not a registered court"
_NAME = re.compile(r"^([0-9]{8})(?:_.*)?$", re.S)
_TZ = ZoneInfo(TIMEZONE)


def is_temporary(name: str) -> bool:
    return name.startswith(TEMP_PREFIXES) or name.lower().endswith(TEMP_SUFFIXES)


@dataclass(frozen=True)
class InboxFile:
    path: str  # relative to the inbox, forward slashes
    court_folder: str  # first folder of the path; '' for a file at the inbox root
    size: int
    modified: dt.datetime  # mtime, Asia/Shanghai local time, microseconds

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @property
    def format(self) -> str | None:
        return FORMATS.get(Path(self.name).suffix.lower())

    @property
    def export_date(self) -> dt.date | None:
        m = _NAME.match(Path(self.name).stem)
        if not m:
            return None
        try:
            return dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        except ValueError:
            return None

    @property
    def problem(self) -> str | None:
        """What breaks the inbox layout, or None."""
        depth = self.path.count("/")
        if depth == 0:
            return "not in a court folder: files belong in <inbox>/<court_code>/"
        if depth > 1:
            return f"in a sub-folder of court folder {self.court_folder}: files belong directly in <inbox>/<court_code>/"
        if self.format is None:
            suffix = Path(self.name).suffix or "(none)"
            return f"unsupported file type {suffix}: expected .csv, .xlsx or .jsonl"
        if self.export_date is None:
            return "file name does not start with a valid export date YYYYMMDD (e.g. 20240105.csv or 20240105_2.csv)"
        return None


def _modified(st: os.stat_result) -> dt.datetime:
    us = st.st_mtime_ns // 1000
    return dt.datetime.fromtimestamp(us // 1_000_000, _TZ).replace(tzinfo=None, microsecond=us % 1_000_000)


def scan(inbox: Path) -> list[InboxFile]:
    """Every non-temporary file under `inbox`, sorted by path."""
    inbox = Path(inbox)
    out: list[InboxFile] = []
    if not inbox.is_dir():
        return out
    stack = [(inbox, "")]
    while stack:
        folder, rel = stack.pop()
        with os.scandir(folder) as it:
            for e in it:
                if is_temporary(e.name):
                    continue
                rp = f"{rel}/{e.name}" if rel else e.name
                if e.is_dir(follow_symlinks=True):
                    stack.append((Path(e.path), rp))
                elif e.is_file(follow_symlinks=True):
                    st = e.stat()
                    court = rp.split("/", 1)[0] if "/" in rp else ""
                    out.append(InboxFile(rp, court, st.st_size, _modified(st)))
    out.sort(key=lambda f: f.path)
    return out


def new_files(con, scanned: list[InboxFile], check_modified: bool = True) -> list[InboxFile]:
    """The scanned files the warehouse has not ingested in their current form: a path not
    in `ingested_files`, or recorded with another size (or modification time), or rejected
    only because its court folder was not registered and the court is registered now."""
    known = {
        p: (size, modified, status, error, court)
        for p, size, modified, status, error, court in con.execute(
            "SELECT file_path, size_bytes, modified_at, status, error, court_code FROM ingested_files"
        ).fetchall()
    }
    registered = {c for (c,) in con.execute("SELECT court_code FROM courts").fetchall()}
    out = []
    for f in scanned:
        k = known.get(f.path)
        if k is None or k[0] != f.size or (check_modified and k[1] != f.modified):
            out.append(f)
        elif k[2] == "rejected" and (k[3] or "").startswith(UNREGISTERED) and k[4] in registered:
            out.append(f)
    return out
