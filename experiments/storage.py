"""One folder per experiment: Parquet chunks written atomically and a self-describing manifest.

Layout::

    DIR/manifest.json          design, seeds, environment, sessions, status of every run, hashes
    DIR/design.parquet         the design table (one row per run)
    DIR/chunks/c000001/        one chunk: summary.parquet, runs.parquet, timeseries.parquet, ...

A chunk is written into a hidden temporary folder and renamed into place, so it is either whole
or absent. Chunks are the truth: each holds ``runs.parquet`` (run id, status, error, seconds,
digest), so if the process dies between renaming a chunk and rewriting the manifest, the next
``--resume`` adopts the chunk instead of re-running (and duplicating) its runs. The manifest is
rewritten atomically (temporary file + ``os.replace``) after every chunk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import ecosystem as provenance_module
import experiments.worker as worker_module
from ecosystem import NONE_FILLED_NUMBERS
from experiments.design import ID_COLUMNS, Design
from experiments.experiment import Experiment, load_experiment
from experiments.folder import (
    CHUNKS,
    DESIGN_FILE,
    FORMAT,
    LOCK_FILE,
    MANIFEST,
    CodeChangedError,
    DamagedExperimentError,
    ExecutorError,
    ExperimentError,
    FolderLock,
    FolderLockedError,
    StoreError,
    StoreWriteError,
    check_writable,
    chunk_problems,
    expected_files,
    lock_holder,
    now,
    read_manifest,
    set_aside,
    stored_tables,
)
from experiments.worker import RunOutput

PACKAGES = provenance_module.PROVENANCE_PACKAGES
__all__ = [
    "CHUNKS",
    "DESIGN_FILE",
    "FORMAT",
    "MANIFEST",
    "CodeChangedError",
    "DamagedExperimentError",
    "Experiment",
    "ExecutorError",
    "ExperimentError",
    "FolderLockedError",
    "Store",
    "StoreError",
    "StoreWriteError",
    "load_experiment",
]


def environment() -> dict[str, Any]:
    """Where the results come from: git commit and dirty flag, Python, platform, packages.

    The one provenance record of the project (`ecosystem.provenance.provenance`), without the
    code identity, which the manifest keeps under ``code`` (see `code_identity`).
    """
    env = provenance_module.provenance()
    env.pop("code", None)
    return env


def code_identity() -> dict[str, Any]:
    """The model's code digest plus the experiments' worker (what a run's numbers depend on)."""
    return provenance_module.code_identity([Path(worker_module.__file__).resolve()])


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temporary file beside ``path`` and rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, default=_json_default)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


def write_parquet(df: pd.DataFrame, path: Path | pa.NativeFile) -> None:
    """Parquet with zstd; floats byte-stream-split (smaller for model output), others dictionary."""
    table = pa.Table.from_pandas(df, preserve_index=False)
    floats = [f.name for f in table.schema if pa.types.is_floating(f.type)]
    others = [f.name for f in table.schema if f.name not in floats]
    pq.write_table(
        table,
        path,
        compression="zstd",
        compression_level=6,
        use_dictionary=others or False,
        use_byte_stream_split=floats or False,
    )


def content_hash(status: dict[str, dict[str, Any]]) -> str:
    """Hash of the results: every run's id, status and frames digest, in run order."""
    h = hashlib.sha256()
    for key in sorted(status, key=int):
        s = status[key]
        h.update(f"{key}:{s['status']}:{s.get('digest', '')}\n".encode())
    return h.hexdigest()


def stored_dtypes(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A chunk's table with its schema's dtypes: None-filled number columns always float64.

    Otherwise their Parquet type would depend on which runs share the chunk (null when all are
    None, double beside a run with numbers).
    """
    filled = NONE_FILLED_NUMBERS.get(name, ())
    cols = [c for c in filled if c in frame and frame[c].dtype != np.float64]
    if not cols:
        return frame
    frame = frame.copy()
    for col in cols:
        frame[col] = pd.to_numeric(frame[col].astype(object), errors="raise").astype("float64")
    return frame


def run_dtypes(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One run's rows read back from a chunk, with the dtypes the run's frame had when it ran.

    The inverse of `stored_dtypes` for a single run: a None-filled column without any number
    is again an object column of None, so the run's digest is the one recorded when it ran,
    whichever runs shared its chunk.
    """
    cols = [c for c in NONE_FILLED_NUMBERS.get(name, ()) if c in frame and frame[c].isna().all()]
    if not cols or frame.empty:
        return frame
    frame = frame.copy()
    for col in cols:
        frame[col] = np.full(len(frame), None, dtype=object)
    return frame


def chunk_tables(outputs: Sequence[RunOutput], design: Design) -> dict[str, pd.DataFrame]:
    """The frames of some runs, each row prefixed with run id, scenario, point, rep and seed."""
    rows = design.table.set_index("run_id", drop=False)
    names = sorted({n for o in outputs for n in o.tables})
    tables: dict[str, pd.DataFrame] = {}
    for name in names:
        parts = [o for o in outputs if name in o.tables]
        frame = pd.concat([o.tables[name] for o in parts], ignore_index=True)
        lengths = [len(o.tables[name]) for o in parts]
        ids = rows.loc[[o.run_id for o in parts]]
        cols = list(ID_COLUMNS) + (list(design.factors) if name == "summary" else [])
        prefix = pd.DataFrame({c: np.repeat(ids[c].to_numpy(), lengths) for c in cols})
        frame = pd.concat([prefix, frame.drop(columns=[c for c in cols if c in frame])], axis=1)
        tables[name] = stored_dtypes(name, frame)
    tables["runs"] = pd.DataFrame(
        {
            "run_id": np.array([o.run_id for o in outputs], dtype="int64"),
            "status": [o.status for o in outputs],
            "error": [o.error for o in outputs],
            "seconds": np.array([o.seconds for o in outputs], dtype="float64"),
            "digest": [o.digest for o in outputs],
        }
    )
    return tables


@dataclass
class Store:
    """An experiment folder being written (create, resume, add chunks, finish).

    The store holds the folder's lock (`FolderLock`) from `create`/`resume` until `close`;
    ``notes`` lists what opening it repaired (shown to the user).
    """

    path: Path
    manifest: dict[str, Any]
    lock: FolderLock | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def status(self) -> dict[str, dict[str, Any]]:
        """Status of each finished run by run id (as a string key)."""
        return self.manifest["runs"]

    @staticmethod
    def preflight(
        path: str | Path, design: Design, resume: bool, *, allow_code_change: bool = False
    ) -> None:
        """Refuse a folder that cannot be used as asked, before anything starts.

        Refused: an unwritable place, a folder in use or not empty, a resume of a different
        design or under different code, a damaged folder that cannot be rebuilt.
        """
        check_writable(path)
        path = Path(path)
        holder = lock_holder(path)
        if holder is not None:
            raise FolderLockedError(
                f"{path} is being written by another command ({holder}); "
                "wait for it to finish or stop it, then run again with --resume"
            )
        if resume:
            if not (path / MANIFEST).is_file():
                raise ExperimentError(f"{path}: no {MANIFEST}; nothing to resume")
            try:
                stored = read_manifest(path)
            except DamagedExperimentError:
                _rebuildable(path, design)
                return
            _check_design(path, stored, design)
            _check_code(path, stored, allow_code_change)
        elif path.exists() and _holds_anything(path):
            raise ExperimentError(_occupied(path, design))

    @classmethod
    def create(
        cls,
        path: str | Path,
        design: Design,
        *,
        command: Sequence[str] | None = None,
        name: str | None = None,
    ) -> Store:
        """Start a new experiment folder (refuses a folder that already holds files)."""
        path = Path(path)
        check_writable(path)
        made_folder = not path.exists()
        lock = FolderLock(path).acquire(" ".join(command or ()))
        started = False
        try:
            if _holds_anything(path):
                raise ExperimentError(_occupied(path, design))
            started = True
            (path / CHUNKS).mkdir(exist_ok=True)
            write_parquet(design.table, path / DESIGN_FILE)
            store = cls(path, _new_manifest(path, design, command, name), lock)
            store.save()
        except BaseException:
            if started:  # no manifest: nothing to resume, so leave nothing to block a retry
                _undo_create(path, made_folder)
            lock.release()
            raise
        return store

    @classmethod
    def resume(
        cls,
        path: str | Path,
        design: Design,
        *,
        allow_code_change: bool = False,
        command: Sequence[str] | None = None,
    ) -> Store:
        """Reopen an experiment folder for the same design; adopt chunks the manifest missed.

        A damaged manifest is set aside and rebuilt from ``design.parquet`` and the chunks when
        the stored design table is this design's; damaged or missing chunks are set aside (never
        deleted) and their runs become pending again.
        """
        path = Path(path)
        if not (path / MANIFEST).exists():
            raise ExperimentError(f"{path}: no {MANIFEST}; nothing to resume")
        lock = FolderLock(path).acquire(" ".join(command or ()))
        try:
            store = cls._reopen(path, design, allow_code_change, command, lock)
            store.reconcile()
        except BaseException:
            lock.release()
            raise
        return store

    @classmethod
    def _reopen(
        cls,
        path: Path,
        design: Design,
        allow_code_change: bool,
        command: Sequence[str] | None,
        lock: FolderLock,
    ) -> Store:
        notes = []
        try:
            manifest = read_manifest(path)
        except DamagedExperimentError as exc:
            _rebuildable(path, design)
            kept = path / f"{MANIFEST}.damaged-{now().replace(':', '')}"
            os.replace(path / MANIFEST, kept)
            manifest = _new_manifest(path, design, command, None)
            manifest["rebuilt"] = {"at": now(), "reason": str(exc).split(";")[0], "kept": kept.name}
            notes.append(f"rebuilt {MANIFEST} from {DESIGN_FILE} and the chunks (kept {kept.name})")
        _check_design(path, manifest, design)
        changes = _check_code(path, manifest, allow_code_change)
        if changes:
            manifest.setdefault("code_changes", []).append(
                {"at": now(), "changes": changes, "code": code_identity()["digest"]}
            )
            notes.append(f"resumed under changed code ({'; '.join(changes)}); recorded")
        return cls(path, manifest, lock, notes)

    def reconcile(self) -> None:
        """Set aside half-written and damaged chunks; adopt whole chunks the manifest misses."""
        chunks_dir = self.path / CHUNKS
        chunks_dir.mkdir(exist_ok=True)
        for tmp in chunks_dir.glob(".tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
        expected = expected_files(self.manifest)
        for chunk, what in chunk_problems(
            self.path, self.manifest["chunks"], expected=expected
        ).items():
            self._forget(chunk)
            kept = set_aside(self.path, chunk)
            where = f"; kept as chunks/{kept}" if kept else ""
            self.notes.append(f"chunk {chunk} {what}: its runs will be run again{where}")
        listed = set(self.manifest["chunks"])
        for chunk in sorted(p.name for p in chunks_dir.iterdir() if p.is_dir()):
            if chunk in listed or chunk.startswith("."):
                continue
            try:
                if chunk_problems(self.path, [chunk]):
                    raise ValueError(chunk)
                runs = pd.read_parquet(chunks_dir / chunk / "runs.parquet")
                if (runs["status"] == "done").any() and chunk_problems(
                    self.path, [chunk], expected={chunk: stored_tables(self.manifest["design"])}
                ):
                    raise ValueError(chunk)
            except (OSError, ValueError, KeyError):
                kept = set_aside(self.path, chunk)
                self.notes.append(f"chunk {chunk} is unreadable: set aside as chunks/{kept}")
                continue
            self._record(chunk, runs)
        self._count()
        self.save()

    def _forget(self, chunk: str) -> None:
        """Drop a chunk from the manifest: its runs become pending."""
        self.manifest["chunks"] = [c for c in self.manifest["chunks"] if c != chunk]
        for key in [k for k, s in self.status.items() if s.get("chunk") == chunk]:
            del self.status[key]

    def _record(self, chunk: str, runs: pd.DataFrame) -> None:
        for r in runs.itertuples(index=False):
            entry: dict[str, Any] = {
                "status": r.status,
                "chunk": chunk,
                "seconds": round(float(r.seconds), 4),
            }
            if r.status == "done":
                entry["digest"] = r.digest
            else:
                entry["error"] = r.error
            self.status[str(int(r.run_id))] = entry
        self.manifest["chunks"].append(chunk)

    def _count(self) -> None:
        done = sum(1 for s in self.status.values() if s["status"] == "done")
        failed = sum(1 for s in self.status.values() if s["status"] == "failed")
        total = self.manifest["design"]["n_runs"]
        self.manifest["counts"] = {
            "total": total,
            "done": done,
            "failed": failed,
            "pending": total - done - failed,
        }
        self.manifest["content_hash"] = content_hash(self.status)

    def finished_ids(self) -> set[int]:
        """Runs that need no execution (done or failed)."""
        return {int(k) for k in self.status}

    def write_chunk(self, outputs: Sequence[RunOutput], design: Design) -> str | None:
        """Write some runs' frames as one chunk (atomic rename), then the manifest.

        Raises:
            StoreWriteError: the chunk could not be written (the half-written one is removed).
        """
        outputs = [o for o in outputs if str(o.run_id) not in self.status]
        if not outputs:
            return None
        chunks_dir = self.path / CHUNKS
        number = 1 + max((int(c[1:]) for c in self.manifest["chunks"]), default=0)
        while (chunks_dir / f"c{number:06d}").exists():
            number += 1
        name = f"c{number:06d}"
        tmp = chunks_dir / f".tmp-{name}"
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            tables = chunk_tables(outputs, design)
            for table_name, frame in tables.items():
                write_parquet(frame, tmp / f"{table_name}.parquet")
            os.replace(tmp, chunks_dir / name)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise StoreWriteError(
                f"{self.path}: cannot write a chunk ({exc.strerror or exc}); the runs already "
                "stored are safe: free space (or fix the folder) and run the same command "
                "with --resume"
            ) from exc
        self._record(name, tables["runs"])
        self._count()
        self.save()
        return name

    def begin_session(self, executor: dict[str, Any], **extra: Any) -> None:
        """Note a (re)start: time, executor, code digest and anything else given."""
        self.manifest["sessions"].append(
            {
                "started": now(),
                "finished": None,
                "pid": os.getpid(),
                "executor": executor,
                "code": code_identity()["digest"],
                **extra,
                "runs_executed": 0,
                "outcome": "running",
            }
        )
        self.manifest["status"] = "running"
        self.save()

    def end_session(self, outcome: str, executed: int, error: str | None = None) -> None:
        """Close the current session; the experiment is ``complete`` when nothing is pending."""
        self._count()
        session = self.manifest["sessions"][-1]
        session.update(finished=now(), runs_executed=executed, outcome=outcome)
        if error:
            session["error"] = error
        if self.manifest["counts"]["pending"] == 0:
            self.manifest["status"] = "complete"
        else:
            self.manifest["status"] = outcome if outcome != "running" else "interrupted"
        self.save()

    def save(self) -> None:
        """Rewrite ``manifest.json`` atomically."""
        self.manifest["updated"] = now()
        try:
            write_json_atomic(self.path / MANIFEST, self.manifest)
        except OSError as exc:
            raise StoreWriteError(
                f"{self.path}: cannot write {MANIFEST} ({exc.strerror or exc}); the chunks are "
                "safe: free space and run the same command with --resume"
            ) from exc

    def close(self) -> None:
        """Release the folder's lock."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _holds_anything(path: Path) -> bool:
    """Whether a folder holds more than a lock and an empty ``chunks/``.

    Those two are what a start that failed before its manifest left in earlier versions.
    """
    for p in path.iterdir():
        if p.name == LOCK_FILE or (p.name == CHUNKS and p.is_dir() and not any(p.iterdir())):
            continue
        return True
    return False


def _occupied(path: Path, design: Design) -> str:
    """Why a new experiment cannot start in ``path``, and what to do instead.

    ``--resume`` is suggested only for an unfinished experiment of this very design; a different
    design or a folder that is no experiment needs another ``--out``.
    """
    new = "give another folder with --out NEW_FOLDER"
    if not (path / MANIFEST).exists():
        return f"{path} already exists and is not empty (not an experiment folder); {new}"
    try:
        stored = read_manifest(path)
    except DamagedExperimentError:
        return (
            f"{path} already exists and its {MANIFEST} is damaged; add --resume to the command "
            f"that made it to repair it, or {new}"
        )
    if stored["design"].get("hash") != design.digest():
        return (
            f"{path} already exists and holds a different experiment (the stored design differs "
            f"from this command's: scenarios, factors, sizes, seed, frames or parameters); {new}"
        )
    counts = stored["counts"]
    done, total = int(counts.get("done", 0)), int(counts.get("total", 0))
    if int(counts.get("pending", 1)) == 0:
        return (
            f"{path} already exists and holds this experiment, complete ({done:,} runs done; "
            f"read it from {path}); to run it again, {new}"
        )
    return (
        f"{path} already exists and holds this experiment unfinished "
        f"({done:,} of {total:,} runs done); add --resume to finish it"
    )


def _undo_create(path: Path, made_folder: bool) -> None:
    """Remove what a failed `Store.create` wrote (under its lock), and the folder if it made it."""
    shutil.rmtree(path / CHUNKS, ignore_errors=True)
    for name in (DESIGN_FILE, MANIFEST, f".{MANIFEST}.tmp"):
        (path / name).unlink(missing_ok=True)
    if made_folder:
        (path / LOCK_FILE).unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            path.rmdir()


def _new_manifest(
    path: Path, design: Design, command: Sequence[str] | None, name: str | None
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "name": name or path.name,
        "kind": design.kind,
        "created": now(),
        "updated": now(),
        "status": "created",
        "command": list(command) if command else None,
        "master_seed": design.master_seed,
        "design": design.describe(),
        "design_table": DESIGN_FILE,
        "environment": environment(),
        "code": code_identity(),
        "sessions": [],
        "chunks": [],
        "counts": {"total": design.n_runs, "done": 0, "failed": 0, "pending": design.n_runs},
        "content_hash": None,
        "runs": {},
    }


def _check_design(path: Path, manifest: dict[str, Any], design: Design) -> None:
    if manifest["design"].get("hash") != design.digest():
        raise ExperimentError(
            f"{path}: the stored design differs from this command's "
            "(scenarios, factors, sizes, seed, frames, or the model's parameters), so --resume "
            "cannot finish it; give another folder with --out NEW_FOLDER"
        )


def _check_code(path: Path, manifest: dict[str, Any], allow: bool) -> list[str]:
    """What changed in the code since the experiment began (refused unless ``allow``)."""
    stored = manifest.get("code")
    current = code_identity()
    if isinstance(stored, dict):
        changes = provenance_module.code_changes(stored, current)
    else:
        changes = ["the experiment records no code digest (written by an older version)"]
    if changes and not allow:
        raise CodeChangedError(
            f"{path}: the model's code changed since this experiment began "
            f"({'; '.join(changes)}); resuming would mix results of two versions: start afresh "
            "in a new --out folder, or add --allow-code-change to resume anyway "
            "(the manifest then records it)"
        )
    return changes


def _rebuildable(path: Path, design: Design) -> None:
    """Refuse a damaged manifest unless design.parquet holds this very design's table."""
    try:
        stored = pd.read_parquet(path / DESIGN_FILE)
        same = stored.astype(str).equals(design.table.astype(str))
    except (OSError, ValueError):
        same = False
    if not same:
        raise DamagedExperimentError(
            f"{path}/{MANIFEST} is damaged and {DESIGN_FILE} does not hold this command's design, "
            "so the folder cannot be rebuilt: run the command that made it with --resume, or "
            "start afresh in a new --out folder (nothing was changed)"
        )
