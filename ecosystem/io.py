"""One run's results on disk: Parquet frames plus a ``run.json`` manifest (DESIGN.md §5, §8).

A results folder describes itself: next to the frames, ``run.json`` records the scenario, every
parameter value (and those that differ from the defaults), the seed, the summary, the output schema
version, the versions of the packages that made it, the git commit and a UTC timestamp.

Writes are atomic per file: everything is first written into a temporary folder beside the target
and then moved into place with `os.replace`, ``run.json`` last, so an interrupted run never leaves a
half-written file and a folder with a ``run.json`` is complete.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import pandas as pd

from ecosystem.provenance import git_state, package_versions, provenance

if TYPE_CHECKING:
    from ecosystem.result import SimulationResult

#: The frames of a run, each written to ``<name>.parquet`` (the twin's to ``twin_<name>.parquet``).
FRAMES: tuple[str, ...] = ("timeseries", "agents", "milestones", "flows", "fiscal_years")
#: Prefix of the twin's frames (DESIGN.md §6).
TWIN_PREFIX = "twin_"
#: Name of the manifest written beside the frames.
MANIFEST = "run.json"
#: Manifest of a batch experiment's folder (`experiments`), which a run must not be written into.
EXPERIMENT_MANIFEST = "manifest.json"


class OutputError(ValueError, OSError):
    """A place a run's results cannot be written to: named, with the reason.

    A `ValueError` for a wrong place (an empty path, a file, an experiment's folder), and an
    `OSError` so that callers catching failed writes still catch it.
    """


class StoredResult(NamedTuple):
    """A results folder read back: ``frames`` by name (twin's as ``twin_<name>``), ``manifest``."""

    frames: dict[str, pd.DataFrame]
    manifest: dict[str, Any]


def write_result(
    result: SimulationResult, out_dir: str | Path, extra: dict[str, Any] | None = None
) -> Path:
    """Write a run's frames as Parquet and its manifest as ``run.json`` into ``out_dir``.

    Args:
        result: the run (its ``.twin``, if any, is written as ``twin_*.parquet``).
        out_dir: target folder; created if missing. An earlier run there is replaced (twin files
            it no longer has are removed); a folder holding anything else is refused.
        extra: more manifest entries, e.g. ``{"scenario": "baseline", "overrides": {...}}``.

    Returns:
        The folder written (``out_dir``).

    Raises:
        ValueError: an ``extra`` key would overwrite a recorded entry.
        OutputError: ``out_dir`` is empty, a file, a folder holding something other than an
            earlier run (another kind of results folder, say), or cannot be created or written.
    """
    out_dir = check_run_folder(out_dir)
    tmp: Path | None = None
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        files = _write_frames(result, tmp)
        manifest = build_manifest(result, files, extra)
        (tmp / MANIFEST).write_text(dumps_json(manifest) + "\n", encoding="utf-8")
        _move_into_place(tmp, out_dir, list(files))
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return out_dir


def check_run_folder(out_dir: str | Path) -> Path:
    """``out_dir`` as a place for a run's results: new, a folder of files, or an earlier run.

    An earlier run's files there are replaced and other files (notes) are left alone; a folder
    holding folders or an experiment's ``manifest.json`` is another kind of results folder and is
    refused, never written into.

    Raises:
        OutputError: an empty path, a file, or another kind of results folder.
    """
    if not str(out_dir).strip():
        raise OutputError("the results folder is empty (''); give a folder")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a folder")
    if out.is_dir():
        foreign = sorted(
            p.name + ("/" if p.is_dir() else "")
            for p in out.iterdir()
            if p.is_dir() or p.name == EXPERIMENT_MANIFEST
        )
        if foreign:
            shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
            raise OutputError(
                f"{out}: the folder holds {shown}: not a run's folder (an experiment's?); "
                "give a new or empty folder"
            )
    return out


def _write_frames(result: SimulationResult, folder: Path) -> dict[str, dict[str, int]]:
    """Write every frame of the run (and of its twin) into ``folder``; rows and columns by file."""
    files: dict[str, dict[str, int]] = {}
    sources: list[tuple[str, SimulationResult]] = [("", result)]
    if result.twin is not None:
        sources.append((TWIN_PREFIX, result.twin))
    for prefix, res in sources:
        for name in FRAMES:
            frame: pd.DataFrame = getattr(res, name)
            file = f"{prefix}{name}.parquet"
            frame.to_parquet(folder / file, engine="pyarrow", index=False)
            files[file] = {"rows": len(frame), "columns": frame.shape[1]}
    return files


def _move_into_place(tmp: Path, out_dir: Path, files: list[str]) -> None:
    """Move the written files into ``out_dir``, the manifest last (it marks a complete folder)."""
    out_dir.mkdir(exist_ok=True)
    # The old manifest goes first: a folder caught mid-move has no run.json, so reads as incomplete.
    (out_dir / MANIFEST).unlink(missing_ok=True)
    for file in files:
        os.replace(tmp / file, out_dir / file)
    stale = {f"{TWIN_PREFIX}{name}.parquet" for name in FRAMES} - set(files)
    for file in stale:
        (out_dir / file).unlink(missing_ok=True)
    os.replace(tmp / MANIFEST, out_dir / MANIFEST)


def build_manifest(
    result: SimulationResult,
    files: dict[str, dict[str, int]] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``run.json`` content of a run: what it is, how it was made and what it found.

    Provenance (git, Python, platform, package versions, code digest) comes from
    `ecosystem.provenance.provenance`, the same record the experiment manifests keep.
    """
    prov = provenance()
    manifest: dict[str, Any] = {
        "schema_version": result.schema_version,
        "scenario": None,
        "seed": int(result.seed),
        "twin": result.twin is not None,
        "params": result.params.to_dict(),
        "changed": result.params.changed(),
        "summary": dict(result.summary),
        "twin_summary": dict(result.twin.summary) if result.twin is not None else None,
        "files": files or {},
        "versions": prov["packages"],
        "python": platform.python_version(),
        "platform": prov["platform"],
        "git_commit": prov["git_commit"],
        "git_dirty": prov["git_dirty"],
        "code_digest": prov["code"]["digest"],
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for key, value in (extra or {}).items():
        if key in manifest and key != "scenario":
            raise ValueError(f"extra entry {key!r} would overwrite a recorded run.json entry")
        manifest[key] = value
    return manifest


def to_jsonable(value: Any) -> Any:
    """Plain JSON values: NaN and infinities become null, numpy scalars Python, paths strings."""
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return to_jsonable(value.item())
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int):
        return value
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def dumps_json(data: Any) -> str:
    """Strict JSON (no NaN tokens) of ``data``, indented for people to read."""
    return json.dumps(to_jsonable(data), indent=2, ensure_ascii=False, allow_nan=False)


def read_result(folder: str | Path) -> StoredResult:
    """Read a folder written by `write_result`: its frames (and the twin's) and its manifest.

    Raises:
        FileNotFoundError: the folder has no ``run.json`` (not a result, or its write never
            finished) or a frame the manifest lists is missing.
    """
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise FileNotFoundError(f"{folder}: no {MANIFEST}; not a complete results folder")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    names = list(manifest.get("files") or [f"{name}.parquet" for name in FRAMES])
    frames: dict[str, pd.DataFrame] = {}
    for file in names:
        path = folder / file
        if not path.is_file():
            raise FileNotFoundError(f"{path}: listed in {MANIFEST} but missing")
        frames[file.removesuffix(".parquet")] = pd.read_parquet(path, engine="pyarrow")
    return StoredResult(frames, manifest)


__all__ = [
    "FRAMES",
    "MANIFEST",
    "StoredResult",
    "build_manifest",
    "dumps_json",
    "git_state",
    "package_versions",
    "read_result",
    "to_jsonable",
    "write_result",
]
