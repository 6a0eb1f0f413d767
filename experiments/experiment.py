"""Reading a stored experiment: `load_experiment` and the `Experiment` it returns.

Tables are read lazily from the chunks the manifest lists; a folder whose manifest is damaged or
whose listed chunks are missing is refused (`DamagedExperimentError`) rather than read as if
complete.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import dates, upgrade_names
from experiments.design import ID_COLUMNS
from experiments.folder import (
    CHUNKS,
    DESIGN_FILE,
    MANIFEST,
    DamagedExperimentError,
    chunk_problems,
    expected_files,
    lock_holder,
    read_manifest,
)


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
        return read_stored(self.path / self.manifest.get("design_table", DESIGN_FILE))

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
        """All rows of one table over the chunks, in run order (empty frame if not recorded).

        ``columns`` reads only those columns (plus the id columns) — for large experiments,
        e.g. ``exp.table("timeseries", ["month", "production_t"])``. Full tables are cached.

        Raises:
            DamagedExperimentError: finished runs stored the table but its files are gone.
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
            _refuse_vanished(self, name)
            frame = pd.DataFrame()
        else:
            frame = pd.concat([read_stored(f, columns=wanted) for f in files], ignore_index=True)
            frame = frame.sort_values("run_id", kind="stable", ignore_index=True)
            frame = upgrade_names(frame)
        if name in ("timeseries", "twin_timeseries") and "month" in frame and "date" not in frame:
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


def _refuse_vanished(exp: Experiment, name: str) -> None:
    """Refuse to read a table as empty when the manifest says finished runs stored it."""
    wanted = {t for tables in expected_files(exp.manifest).values() for t in tables}
    if name in wanted:
        done = exp.manifest["counts"]["done"]
        raise DamagedExperimentError(
            f"{exp.path}: no chunk holds {name}.parquet although {done:,} runs finished; "
            "run the command that made the experiment with --resume to set the damaged chunks "
            "aside and run their runs again"
        )


def read_stored(file: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """A stored Parquet file; an unreadable one is a `DamagedExperimentError` naming it."""
    try:
        return pd.read_parquet(file, columns=columns)
    except (OSError, ValueError) as exc:  # missing, truncated, not Parquet (ArrowInvalid)
        raise DamagedExperimentError(
            f"{file}: unreadable ({type(exc).__name__}); run the command that made the "
            "experiment with --resume to set damaged chunks aside and run their runs again"
        ) from None


def load_experiment(path: str | Path) -> Experiment:
    """Open a stored experiment for analysis.

    A manifest left saying ``running`` by a process that has died reads as ``interrupted``.

    Raises:
        ExperimentError: the folder holds no manifest.
        DamagedExperimentError: the manifest is damaged, or chunks it lists are missing (their
            runs would silently vanish from every table); the message says how to repair.
    """
    path = Path(path)
    manifest = read_manifest(path)
    missing = chunk_problems(
        path, manifest["chunks"], deep=False, expected=expected_files(manifest)
    )
    if missing:
        names = ", ".join(sorted(missing)[:5]) + (" ..." if len(missing) > 5 else "")
        raise DamagedExperimentError(
            f"{path}: {len(missing)} chunk(s) listed in {MANIFEST} are missing or incomplete "
            f"({names}); run the same command with --resume to run their runs again"
        )
    if manifest.get("status") == "running" and lock_holder(path) is None:
        manifest["status"] = "interrupted"
    return Experiment(path, manifest)
