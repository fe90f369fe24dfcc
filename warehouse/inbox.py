"""The inbox: which export files are there, what their names say, and which ones the
warehouse has not ingested yet — cheap enough for a sensor (no file is opened or hashed).

Layout (spec/export-format.md): `<inbox>/<court_code>/<YYYYMMDD>[_<anything>].<csv|xlsx|jsonl>`.
Temporary files (`*.part`, `*.tmp`, names starting with `.` or `~$`, and anything inside a
folder named so) are not listed at all until renamed. Every other file is listed, also
when it breaks the layout (at the inbox root, in a sub-folder, an unsupported type, a name
without a valid export date): `InboxFile.problem` says what is wrong, and the ingest
records it as rejected with that error — nothing is silently ignored.

A file whose path is not UTF-8 (bytes of another encoding) is listed with its bad bytes
shown as `\\xNN` and an error, never opened.

The walk never leaves the inbox: a symbolic link is followed only when it resolves inside
the inbox; a link pointing out of it, a link loop, a folder reached twice and a folder or
file that cannot be read are each listed as one entry with `error` (`link: …`,
`unreadable: …`), never opened, and the walk goes on with every other entry.

What does not belong here: reading file contents (`warehouse.readers`) and loading them
(`warehouse.ingest`).
"""
from __future__ import annotations

import datetime as dt
import errno
import os
import re
from dataclasses import dataclass
from functools import cached_property
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
    # Found unusable during the walk (a link out of the inbox, a loop, unreadable): the
    # entry is rejected with this error and never opened.
    error: str | None = None

    # computed once per file (an ingest asks each several times; 41 k files made it seconds)
    @cached_property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    @cached_property
    def format(self) -> str | None:
        return FORMATS.get(Path(self.name).suffix.lower())

    @cached_property
    def export_date(self) -> dt.date | None:
        m = _NAME.match(Path(self.name).stem)
        if not m:
            return None
        try:
            return dt.datetime.strptime(m.group(1), "%Y%m%d").date()
        except ValueError:
            return None

    @cached_property
    def problem(self) -> str | None:
        """What breaks the inbox layout, or None."""
        if self.error:
            return self.error
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


def _not_utf8(rp: str) -> tuple[str, str | None]:
    """A path whose name is not UTF-8 (GBK bytes left by a Windows zip or share): the
    path as text with the bad bytes shown as \\xNN, and the error that rejects it (naming
    the GBK reading when there is one); (rp, None) for a UTF-8 path."""
    try:
        rp.encode("utf-8")
        return rp, None
    except UnicodeEncodeError:
        raw = os.fsencode(rp)
    shown = raw.decode("utf-8", "backslashreplace")

    def as_gbk(part: bytes) -> str:
        try:
            return part.decode("utf-8")
        except UnicodeDecodeError:
            return part.decode("gb18030")

    try:
        guess = f" (read as GBK: {'/'.join(as_gbk(part) for part in raw.split(b'/'))})"
    except UnicodeDecodeError:
        guess = ""
    return shown, f"file name is not UTF-8{guess}: rename it; the file is not opened"


def _entry(rp: str, st: os.stat_result | None, error: str | None = None) -> InboxFile:
    rp, bad_name = _not_utf8(rp)
    error = error or bad_name
    court = rp.split("/", 1)[0] if "/" in rp else ""
    if st is None:
        return InboxFile(rp, court, 0, dt.datetime(1970, 1, 1, 8), error)
    return InboxFile(rp, court, st.st_size, _modified(st), error)


def _lstat(path: str) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except OSError:
        return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def scan(inbox: Path) -> list[InboxFile]:
    """Every non-temporary file under `inbox`, sorted by path, plus one entry with `error`
    for each link out of the inbox, loop or unreadable folder (see the module docstring)."""
    inbox = Path(inbox)
    out: list[InboxFile] = []
    if not inbox.is_dir():
        return out
    root = os.path.realpath(inbox)
    st = os.stat(root)
    seen_dirs = {(st.st_dev, st.st_ino)}
    stack = [(str(inbox), "")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            out.append(_entry(rel or ".", _lstat(folder), f"unreadable: folder cannot be listed ({exc.strerror})"))
            continue
        for e in entries:
            if is_temporary(e.name):
                continue
            rp = f"{rel}/{e.name}" if rel else e.name
            try:
                if e.is_symlink():
                    try:
                        target = os.path.realpath(e.path, strict=True)
                    except (OSError, RuntimeError) as exc:
                        why = "a link loop" if getattr(exc, "errno", None) == errno.ELOOP or isinstance(exc, RuntimeError) else (
                            f"its target cannot be reached ({getattr(exc, 'strerror', exc)})")
                        out.append(_entry(rp, _lstat(e.path), f"link: symbolic link is {why}; not followed"))
                        continue
                    if not _inside(target, root):
                        out.append(_entry(rp, _lstat(e.path), "link: symbolic link points outside the inbox; not followed"))
                        continue
                if e.is_dir(follow_symlinks=True):
                    dst = e.stat(follow_symlinks=True)
                    ino = (dst.st_dev, dst.st_ino)
                    if ino in seen_dirs:
                        out.append(_entry(rp, _lstat(e.path), "link: folder already reached by another path (a loop); not followed"))
                        continue
                    seen_dirs.add(ino)
                    stack.append((e.path, rp))
                elif e.is_file(follow_symlinks=True):
                    out.append(_entry(rp, e.stat(follow_symlinks=True)))
            except OSError as exc:
                out.append(_entry(rp, _lstat(e.path), f"unreadable: {exc.strerror}"))
    out.sort(key=lambda f: f.path)
    return out


def new_files(con, scanned: list[InboxFile], check_modified: bool = True) -> list[InboxFile]:
    """The scanned files the warehouse has not ingested in their current form: a path not
    in `ingested_files`, or recorded with another size (or modification time), or rejected
    only because its court folder was not registered and the court is registered now, or a
    duplicate whose bytes no loaded file holds any more (its original was re-delivered with
    other bytes: the copy is all that is left of them)."""
    known = {
        p: (size, modified, status, error, court, sha)
        for p, size, modified, status, error, court, sha in con.execute(
            "SELECT file_path, size_bytes, modified_at, status, error, court_code, sha256 FROM ingested_files"
        ).fetchall()
    }
    registered = {c for (c,) in con.execute("SELECT court_code FROM courts").fetchall()}
    held = {sha for (sha,) in con.execute(
        "SELECT DISTINCT sha256 FROM ingested_files WHERE status IN ('loaded', 'partially_loaded')").fetchall()}
    out = []
    for f in scanned:
        k = known.get(f.path)
        if k is None or k[0] != f.size or (check_modified and k[1] != f.modified):
            out.append(f)
        elif k[2] == "rejected" and (k[3] or "").startswith(UNREGISTERED) and k[4] in registered:
            out.append(f)
        elif k[2] == "duplicate" and k[5] not in held:
            out.append(f)
    return out
