"""How long, how much disk and how much memory an experiment needs, from one pilot run.

The pilot is the first pending run, executed in this process before the folder is written; its
output is kept (runs are pure functions of parameters and seed, so it is the very run the
executor would have made). Only what cannot fit is refused: more disk than is free, or one run's
frames larger than the memory available. A long experiment is legitimate and only announced.
"""

from __future__ import annotations

import math
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from experiments import worker
from experiments.design import Design, available_memory
from experiments.folder import ExperimentError
from experiments.worker import Job, RunOutput, Task


@dataclass(frozen=True)
class Estimate:
    """Sizes extrapolated from the pilot run to the pending runs."""

    runs: int
    workers: int
    seconds_per_run: float
    disk_per_run: float
    memory_per_run: float
    disk_free: int
    memory_available: int | None

    @property
    def seconds(self) -> float:
        """Wall-clock time of the pending runs (perfect sharing over the workers)."""
        return self.seconds_per_run * self.runs / max(1, self.workers)

    @property
    def disk(self) -> float:
        """Bytes the pending runs' chunks will take."""
        return self.disk_per_run * self.runs

    def chunk_runs(self, requested: int | None, n_runs: int) -> int:
        """Runs per chunk: as asked, else 100-1,000 and at most a quarter of the free memory."""
        if requested is not None:
            return requested
        default = max(100, min(1000, math.ceil(n_runs / 4)))
        if self.memory_available and self.memory_per_run > 0:
            default = min(default, int(self.memory_available / 4 / self.memory_per_run))
        return max(1, default)

    def line(self) -> str:
        """One line for the terminal."""
        free = f" of {_size(self.disk_free)} free"
        return (
            f"estimate from a pilot run: {self.runs:,} runs × {self.seconds_per_run:.2f} s on "
            f"{self.workers} worker(s) ≈ {_duration(self.seconds)}; disk ≈ {_size(self.disk)}"
            f"{free}; memory per run ≈ {_size(self.memory_per_run)}"
        )

    def record(self) -> dict[str, Any]:
        """For the manifest's session."""
        return {**asdict(self), "seconds": self.seconds, "disk": self.disk}


def _size(n: float) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"  # pragma: no cover


def _duration(s: float) -> str:
    if s < 120:
        return f"{s:.0f} s"
    if s < 7200:
        return f"{s / 60:.0f} min"
    if s < 172800:
        return f"{s / 3600:.1f} h"
    return f"{s / 86400:.1f} days"


def _existing(path: Path) -> Path:
    while not path.exists() and path.parent != path:
        path = path.parent
    return path


def pilot_run(
    design: Design, task: Task, pending: int, workers: int, out: Path
) -> tuple[list[RunOutput], Estimate]:
    """Run ``task`` here, extrapolate to ``pending`` runs; refuse what cannot fit.

    Raises:
        ExperimentError: the runs' chunks would not fit on the disk of ``out``, or one run's
            frames exceed the memory available.
    """
    from experiments.storage import write_parquet

    job = Job(
        (task,),
        {task.scenario: design.scenarios[task.scenario]},
        design.mode,
        design.frames,
        design.twin,
        design.discount_rate,
    )
    t0 = time.perf_counter()
    outputs = worker.run_job(job)
    seconds = time.perf_counter() - t0
    disk = memory = 0.0
    for frame in outputs[0].tables.values():
        memory += float(frame.memory_usage(deep=True).sum())
        sink = pa.BufferOutputStream()
        write_parquet(frame, sink)
        disk += sink.getvalue().size
    est = Estimate(
        pending,
        workers,
        seconds,
        disk,
        memory,
        shutil.disk_usage(_existing(out)).free,
        available_memory(),
    )
    if est.disk > est.disk_free:
        raise ExperimentError(
            f"{out}: {pending:,} runs need about {_size(est.disk)} on disk (from a pilot run) "
            f"but {_size(est.disk_free)} is free; free space, store fewer frames (--frames), "
            "or split the experiment"
        )
    if est.memory_available is not None and memory > est.memory_available:
        raise ExperimentError(
            f"one run's frames need about {_size(memory)} of memory but "
            f"{_size(est.memory_available)} is available; store fewer frames (--frames)"
        )
    return outputs, est
