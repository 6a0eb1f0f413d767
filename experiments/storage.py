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

import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ecosystem import upgrade_names
from experiments.design import ID_COLUMNS, Design
from experiments.worker import RunOutput

FORMAT = "magnet-experiment/1"
MANIFEST = "manifest.json"
DESIGN_FILE = "design.parquet"
CHUNKS = "chunks"
PACKAGES = (
    "magnet-ecosystem",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "SALib",
    "dask",
    "distributed",
    "ema-workbench",
    "matplotlib",
    "tqdm",
)


class ExperimentError(RuntimeError):
    """The experiment folder cannot be used as asked (exists, differs, or is not an experiment)."""


class ExecutorError(ExperimentError):
    """The executor broke mid-experiment (killed worker, lost scheduler); resume later."""


def now() -> str:
    """UTC time stamp, seconds."""
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def environment() -> dict[str, Any]:
    """Where the results come from: git commit and dirty flag, Python, platform, packages."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str | None:
        try:
            return subprocess.run(
                ["git", *args], cwd=root, capture_output=True, text=True, timeout=10, check=True
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    commit = git("rev-parse", "HEAD")
    status = git("status", "--porcelain") if commit else None
    versions: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "git_commit": commit,
        "git_dirty": bool(status) if status is not None else None,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": versions,
    }


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


def write_parquet(df: pd.DataFrame, path: Path) -> None:
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
        tables[name] = frame
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
    """An experiment folder being written (create, resume, add chunks, finish)."""

    path: Path
    manifest: dict[str, Any]

    @property
    def status(self) -> dict[str, dict[str, Any]]:
        """Status of each finished run by run id (as a string key)."""
        return self.manifest["runs"]

    @staticmethod
    def preflight(path: str | Path, design: Design, resume: bool) -> None:
        """Refuse a folder in use (or a resume of a different design) before anything starts."""
        path = Path(path)
        if resume:
            if not (path / MANIFEST).exists():
                raise ExperimentError(f"{path}: no {MANIFEST}; nothing to resume")
            stored = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
            if stored.get("design", {}).get("hash") != design.digest():
                raise ExperimentError(
                    f"{path}: the stored design differs from this command's "
                    "(scenarios, factors, sizes, seed, frames, or the model's parameters)"
                )
        elif path.exists() and (not path.is_dir() or any(path.iterdir())):
            hint = " (add --resume to finish it)" if (path / MANIFEST).exists() else ""
            raise ExperimentError(f"{path} already exists and is not empty{hint}")

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
        cls.preflight(path, design, resume=False)
        (path / CHUNKS).mkdir(parents=True, exist_ok=True)
        write_parquet(design.table, path / DESIGN_FILE)
        manifest = {
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
            "sessions": [],
            "chunks": [],
            "counts": {"total": design.n_runs, "done": 0, "failed": 0, "pending": design.n_runs},
            "content_hash": None,
            "runs": {},
        }
        store = cls(path, manifest)
        store.save()
        return store

    @classmethod
    def resume(cls, path: str | Path, design: Design) -> Store:
        """Reopen an experiment folder for the same design; adopt chunks the manifest missed."""
        path = Path(path)
        if not (path / MANIFEST).exists():
            raise ExperimentError(f"{path}: no {MANIFEST}; nothing to resume")
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        stored = manifest.get("design", {}).get("hash")
        if stored != design.digest():
            raise ExperimentError(
                f"{path}: the stored design differs from this command's "
                "(scenarios, factors, sizes, seed, frames, or the model's parameters)"
            )
        store = cls(path, manifest)
        store.reconcile()
        return store

    def reconcile(self) -> None:
        """Drop half-written chunks; adopt whole chunks the manifest does not list yet."""
        chunks_dir = self.path / CHUNKS
        chunks_dir.mkdir(exist_ok=True)
        for tmp in chunks_dir.glob(".tmp-*"):
            shutil.rmtree(tmp, ignore_errors=True)
        listed = set(self.manifest["chunks"])
        for chunk in sorted(p.name for p in chunks_dir.iterdir() if p.is_dir()):
            if chunk in listed:
                continue
            runs = pd.read_parquet(chunks_dir / chunk / "runs.parquet")
            self._record(chunk, runs)
        self._count()
        self.save()

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
        """Write some runs' frames as one chunk (atomic rename), then the manifest."""
        outputs = [o for o in outputs if str(o.run_id) not in self.status]
        if not outputs:
            return None
        chunks_dir = self.path / CHUNKS
        number = 1 + max((int(c[1:]) for c in self.manifest["chunks"]), default=0)
        name = f"c{number:06d}"
        tmp = chunks_dir / f".tmp-{name}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        tables = chunk_tables(outputs, design)
        for table_name, frame in tables.items():
            write_parquet(frame, tmp / f"{table_name}.parquet")
        os.replace(tmp, chunks_dir / name)
        self._record(name, tables["runs"])
        self._count()
        self.save()
        return name

    def begin_session(self, executor: dict[str, Any]) -> None:
        """Note a (re)start: time and executor."""
        self.manifest["sessions"].append(
            {
                "started": now(),
                "finished": None,
                "executor": executor,
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
        write_json_atomic(self.path / MANIFEST, self.manifest)


# ---- reading ---------------------------------------------------------------------------------
@dataclass
class Experiment:
    """A stored experiment for analysis: ``manifest``, ``design`` and its tables.

    Tables are read on first use: ``summary``, ``timeseries`` (with ``date`` restored),
    ``milestones``, ``agents``, ``flows``, ``twin_timeseries``; ``runs`` is the status of each run.
    """

    path: Path
    manifest: dict[str, Any]
    _cache: dict[Any, pd.DataFrame] = field(default_factory=dict, repr=False)

    @cached_property
    def design(self) -> pd.DataFrame:
        """The design table (one row per run)."""
        return pd.read_parquet(self.path / self.manifest.get("design_table", DESIGN_FILE))

    @property
    def kind(self) -> str:
        """What produced it (``ensemble``, ``forecast``, ``morris``, ...)."""
        return str(self.manifest["kind"])

    @property
    def spec(self) -> dict[str, Any]:
        """How the design was generated."""
        return dict(self.manifest["design"].get("spec", {}))

    def table_names(self) -> list[str]:
        """Tables present in at least one chunk."""
        names: set[str] = set()
        for chunk in self.manifest["chunks"]:
            names |= {p.stem for p in (self.path / CHUNKS / chunk).glob("*.parquet")}
        return sorted(names)

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """All rows of one table over the chunks, in run order (empty frame if absent).

        ``columns`` reads only those columns (plus the id columns) — for large experiments,
        e.g. ``exp.table("timeseries", ["month", "production_t"])``. Full tables are cached.
        """
        key = name if columns is None else (name, tuple(columns))
        if key in self._cache:
            return self._cache[key]
        files = [self.path / CHUNKS / c / f"{name}.parquet" for c in self.manifest["chunks"]]
        files = [f for f in files if f.exists()]
        wanted = None
        if columns is not None:
            wanted = list(dict.fromkeys([*ID_COLUMNS, *(c for c in columns if c != "date")]))
        if not files:
            frame = pd.DataFrame()
        else:
            frame = pd.concat(
                [pd.read_parquet(f, columns=wanted) for f in files], ignore_index=True
            )
            frame = frame.sort_values("run_id", kind="stable", ignore_index=True)
            frame = upgrade_names(frame)
        if name in ("timeseries", "twin_timeseries") and "month" in frame and "date" not in frame:
            from ecosystem import dates

            labels = np.array(dates(int(frame["month"].max()) + 1) if len(frame) else [])
            frame.insert(
                frame.columns.get_loc("month") + 1,
                "date",
                labels[frame["month"].to_numpy()] if len(frame) else [],
            )
        if columns is None:
            self._cache[key] = frame
        return frame

    @property
    def summary(self) -> pd.DataFrame:
        """One row per run (per combo in an attribution): ids, factor values, summary."""
        return self.table("summary")

    @property
    def timeseries(self) -> pd.DataFrame:
        """One row per run × month."""
        return self.table("timeseries")

    @property
    def milestones(self) -> pd.DataFrame:
        """One row per run × firm."""
        return self.table("milestones")

    @property
    def runs(self) -> pd.DataFrame:
        """Status of every design row: done, failed (with its error) or pending."""
        st = self.manifest["runs"]
        d = self.design[list(ID_COLUMNS)].copy()
        d["status"] = [st.get(str(i), {}).get("status", "pending") for i in d["run_id"]]
        d["error"] = [st.get(str(i), {}).get("error", "") for i in d["run_id"]]
        return d

    def sizes_text(self) -> str:
        """The design size for figure stamps."""
        d = self.manifest["design"]
        c = self.manifest["counts"]
        if d.get("mode") == "factorial":
            return (
                f"{d['n_runs']:,} seeds × 16 switch combinations; "
                f"seed {self.manifest['master_seed']}"
            )
        text = (
            f"{d['n_runs']:,} runs = {d['n_scenarios']} scenario(s) × {d['n_points']:,} "
            f"point(s) × {d['reps']} rep(s); seed {self.manifest['master_seed']}"
        )
        if c["done"] < d["n_runs"]:
            text += f"; {c['done']:,} done"
        return text


def load_experiment(path: str | Path) -> Experiment:
    """Open a stored experiment for analysis.

    Raises:
        ExperimentError: the folder holds no manifest or a different format.
    """
    path = Path(path)
    file = path / MANIFEST
    if not file.exists():
        raise ExperimentError(f"{path}: not an experiment folder (no {MANIFEST})")
    manifest = json.loads(file.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise ExperimentError(f"{path}: unknown format {manifest.get('format')!r}")
    return Experiment(path, manifest)
