"""Guarding an experiment folder: errors, the writer's lock, reading and checking what is stored.

* One writer at a time: `FolderLock` holds an exclusive ``fcntl.flock`` on ``DIR/.lock`` while a
  command writes the folder. The operating system releases it when the process ends, however it
  ends (Ctrl-C, SIGKILL, a crash), so a lock never outlives its holder; a second writer is refused
  with the holder's pid and start time.
* A damaged folder is recognised, not trusted: `read_manifest` refuses a manifest that is not
  JSON or lacks what a manifest holds; `chunk_problems` finds listed chunks that are missing or
  unreadable. What can be done is said in the message; nothing sound is deleted.
* `check_writable` proves that a folder can be created and written before anything runs.
"""

from __future__ import annotations

import datetime as _dt
import errno
import fcntl
import json
import os
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

FORMAT = "magnet-experiment/1"
MANIFEST = "manifest.json"
DESIGN_FILE = "design.parquet"
CHUNKS = "chunks"
LOCK_FILE = ".lock"
#: Entries every manifest holds, with their JSON types.
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "design": dict,
    "chunks": list,
    "runs": dict,
    "sessions": list,
    "counts": dict,
}
#: What a damaged folder's message says can be done.
REPAIR_HINT = (
    "its sound chunks are kept: run the same command with --resume to rebuild the manifest "
    "from design.parquet and the chunks (unreadable chunks are set aside and their runs re-run), "
    "or start afresh in a new --out folder"
)


class ExperimentError(RuntimeError):
    """The experiment folder cannot be used as asked (exists, differs, or is not an experiment)."""


#: The store's error type (every folder error is one).
StoreError = ExperimentError


class FolderLockedError(ExperimentError):
    """Another process is writing this experiment folder."""


class CodeChangedError(ExperimentError):
    """The model's code or result-changing packages differ from those the experiment began with."""


class DamagedExperimentError(ExperimentError):
    """The manifest or a chunk of the folder is unreadable, empty or missing."""


class ExecutorError(ExperimentError):
    """The executor broke mid-experiment (killed worker, lost scheduler); resume later."""


class StoreWriteError(ExperimentError):
    """A chunk or the manifest could not be written (full disk, read-only file system)."""


def now() -> str:
    """UTC time stamp, seconds."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


# ---- the writer's lock -----------------------------------------------------------------------
class FolderLock:
    """An exclusive OS lock on ``DIR/.lock``, held while a command writes the folder."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    def acquire(self, command: str = "") -> FolderLock:
        """Take the lock (creating the folder) or raise `FolderLockedError` naming the holder."""
        self.path.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = _holder_text(fd)
            os.close(fd)
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise StoreWriteError(f"{self.path}: cannot lock: {exc.strerror}") from None
            raise FolderLockedError(
                f"{self.path} is being written by another command ({holder}); "
                "wait for it to finish or stop it, then run again with --resume"
            ) from None
        record = {"pid": os.getpid(), "started": now(), "command": command}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record).encode(), 0)
        self.fd = fd
        return self

    def release(self) -> None:
        """Let go of the lock (the file stays: deleting it would race with a new writer)."""
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> FolderLock:
        return self.acquire() if self.fd is None else self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _holder_text(fd: int) -> str:
    try:
        record = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return f"pid {int(record['pid'])}, started {record['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "pid unknown"


def lock_holder(path: str | Path) -> str | None:
    """Who holds the folder's lock ("pid N, started T"), or None when nobody writes it."""
    file = Path(path) / LOCK_FILE
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return _holder_text(fd)
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


# ---- output places ---------------------------------------------------------------------------
def check_writable(path: str | Path, option: str = "--out") -> None:
    """Refuse a folder that cannot be created or written, before anything runs.

    Raises:
        ExperimentError: an empty path, a path under a regular file, or a read-only place.
    """
    if str(path).strip() == "":
        raise ExperimentError(f"{option} is empty; give a folder")
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise ExperimentError(f"{option} {path}: exists and is not a folder")
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            break
        probe = probe.parent
    if not probe.is_dir():
        raise ExperimentError(f"{option} {path}: {probe} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise ExperimentError(f"{option} {path}: cannot write in {probe}: {exc.strerror}") from None


# ---- reading what is stored ------------------------------------------------------------------
def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest of an experiment folder, checked for the entries every manifest holds.

    Raises:
        ExperimentError: no manifest (not an experiment folder).
        DamagedExperimentError: empty, not JSON, not UTF-8, another format or missing entries.
    """
    path = Path(path)
    file = path / MANIFEST
    if not file.is_file():
        raise ExperimentError(f"{path}: not an experiment folder (no {MANIFEST})")
    why = None
    manifest: Any = None
    try:
        manifest = json.loads(file.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise DamagedExperimentError(f"{file}: cannot read: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        why = "empty" if file.stat().st_size == 0 else f"not JSON: {type(exc).__name__}"
    if why is None and not isinstance(manifest, dict):
        why = "not a JSON object"
    if why is None and manifest.get("format") != FORMAT:
        why = f"unknown format {str(manifest.get('format'))[:40]!r}"
    if why is None:
        bad = [k for k, t in _REQUIRED.items() if not isinstance(manifest.get(k), t)]
        if bad or not isinstance(manifest["design"].get("hash"), str):
            why = f"missing or malformed {', '.join(bad) or 'design hash'}"
    if why is None and not all(isinstance(c, str) for c in manifest["chunks"]):
        why = "malformed chunk list"
    if why is not None:
        raise DamagedExperimentError(f"{file} is damaged ({why}); {REPAIR_HINT}")
    return dict(manifest)


def stored_tables(design: Mapping[str, Any]) -> tuple[str, ...]:
    """The tables every finished run stores, from the manifest's design (as `worker.execute`).

    A factorial (attribution) stores its summary and, if asked, its time series; a plain run its
    summary, the frames asked for, and the twin's time series when it has a twin and asks for it.
    """
    frames = list(design.get("frames", ("timeseries", "milestones")))
    if design.get("mode", "run") == "factorial":
        return ("summary", *(["timeseries"] if "timeseries" in frames else []))
    kept = [f for f in ("timeseries", "milestones", "agents", "flows") if f in frames]
    twin = ["twin_timeseries"] if "twin" in frames and design.get("twin") else []
    return ("summary", *kept, *twin)


def expected_files(manifest: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    """{chunk: tables it must hold} for the listed chunks holding a finished (done) run."""
    tables = stored_tables(manifest["design"])
    done = {r.get("chunk") for r in manifest["runs"].values() if r.get("status") == "done"}
    return {chunk: tables for chunk in manifest["chunks"] if chunk in done}


def chunk_problems(
    path: str | Path,
    chunks: list[str],
    *,
    deep: bool = True,
    expected: Mapping[str, Collection[str]] | None = None,
) -> dict[str, str]:
    """Listed chunks that are missing, incomplete or unreadable: {chunk: what is wrong}.

    ``expected`` gives the tables a chunk must hold (`expected_files`); ``deep`` also reads each
    Parquet file's footer (cheap: no data is read).
    """
    problems: dict[str, str] = {}
    for chunk in chunks:
        folder = Path(path) / CHUNKS / chunk
        if not (folder / "runs.parquet").is_file():
            problems[chunk] = "missing" if not folder.exists() else "has no runs.parquet"
            continue
        absent = [
            t for t in (expected or {}).get(chunk, ()) if not (folder / f"{t}.parquet").is_file()
        ]
        if absent:
            problems[chunk] = f"has no {', '.join(f'{t}.parquet' for t in absent)}"
            continue
        if deep:
            for file in sorted(folder.glob("*.parquet")):
                try:
                    pq.read_metadata(file)
                except (OSError, ValueError) as exc:
                    problems[chunk] = f"{file.name} unreadable ({type(exc).__name__})"
                    break
    return problems


def set_aside(path: str | Path, chunk: str) -> str | None:
    """Rename a damaged chunk to ``chunks/.damaged-NAME`` (kept, never deleted); the new name."""
    src = Path(path) / CHUNKS / chunk
    if not src.exists():
        return None
    stamp = now().replace(":", "").replace("+0000", "Z")
    dest = src.with_name(f".damaged-{chunk}-{stamp}")
    os.replace(src, dest)
    return dest.name
