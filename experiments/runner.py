"""Run a design into an experiment folder, on any executor, resumably.

    design = ensemble_design(["baseline"], reps=100, master_seed=42)
    report = run_experiment(design, "results/ens", jobs=2)
    exp = load_experiment(report.path)

Finished runs are written in chunks as they arrive; Ctrl-C (``KeyboardInterrupt``) writes what
has finished, marks the experiment ``interrupted`` and re-raises; ``resume=True`` runs only what
is missing. A run that raises is recorded as ``failed`` with its error and the rest go on.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from experiments import worker
from experiments.design import Design
from experiments.executors import Executor, make_executor
from experiments.storage import ExecutorError, Store, load_experiment
from experiments.worker import Job, RunOutput, Task

#: Errors of the machinery (a killed worker, a lost scheduler), not of a run.
INFRASTRUCTURE_ERRORS = (
    "BrokenProcessPool",
    "KilledWorker",
    "CommClosedError",
    "CancelledError",
    "FutureCancelledError",
    "TimeoutError",
)


@dataclass
class RunReport:
    """What one call of `run_experiment` did."""

    path: Path
    status: str
    executed: int
    done: int
    failed: int
    pending: int
    seconds: float
    content_hash: str

    def experiment(self) -> Any:
        """The stored experiment (`experiments.storage.Experiment`)."""
        return load_experiment(self.path)

    def line(self) -> str:
        """One line for the terminal."""
        text = (
            f"{self.status}: {self.done:,} done, {self.failed:,} failed, {self.pending:,} pending "
            f"({self.executed:,} executed in {self.seconds:.1f} s) -> {self.path}"
        )
        return text


def _tasks(design: Design, skip: set[int]) -> list[Task]:
    tasks = []
    for row in design.table.to_dict("records"):
        if int(row["run_id"]) in skip:
            continue
        tasks.append(
            Task(int(row["run_id"]), str(row["scenario"]), int(row["seed"]), design.overrides(row))
        )
    return tasks


def _jobs(design: Design, tasks: list[Task], workers: int, batch: int | None) -> Iterator[Job]:
    if batch is None:
        per_task = 16 if design.mode == "factorial" else 1
        batch = (
            max(1, min(25, math.ceil(len(tasks) / (workers * 8 * per_task)))) if workers > 1 else 1
        )
    for i in range(0, len(tasks), batch):
        part = tuple(tasks[i : i + batch])
        used = {t.scenario for t in part}
        yield Job(
            part,
            {s: v for s, v in design.scenarios.items() if s in used},
            design.mode,
            design.frames,
            design.twin,
            design.discount_rate,
        )


def run_experiment(
    design: Design,
    out: str | Path,
    *,
    jobs: int | None = None,
    scheduler: str | None = None,
    executor: Executor | None = None,
    resume: bool = False,
    progress: bool | None = None,
    chunk_runs: int | None = None,
    flush_seconds: float = 60.0,
    batch: int | None = None,
    command: Sequence[str] | None = None,
) -> RunReport:
    """Execute a design into the folder ``out``.

    Args:
        design: the runs (see `experiments.design`).
        out: experiment folder; must be new or empty unless ``resume``.
        jobs: local worker processes (``None``/1: this process); with ``scheduler``, the
            LocalCluster's workers.
        scheduler: ``tcp://HOST:PORT`` of a Dask scheduler, or ``local`` for a LocalCluster.
        executor: an executor object instead of ``jobs``/``scheduler``.
        resume: finish an interrupted experiment (same design) without re-running finished runs.
        progress: show a progress bar (None: when stderr is a terminal).
        chunk_runs: runs per Parquet chunk (default: a quarter of the design, 100-1,000).
        flush_seconds: also write a chunk when this much time has passed since the last.
        batch: runs per task sent to a worker (default: balanced over the workers).
        command: the command line, stored in the manifest.

    Raises:
        KeyboardInterrupt: after writing what finished and marking the experiment interrupted.
        ExperimentError: the folder cannot be used as asked.
        ExecutorError: the executor broke; finished runs are saved (resume later).
    """
    t0 = time.perf_counter()
    store = Store.resume(out, design) if resume else Store.create(out, design, command=command)
    tasks = _tasks(design, store.finished_ids())
    ex = executor or make_executor(jobs, scheduler)
    if chunk_runs is None:
        chunk_runs = max(100, min(1000, math.ceil(design.n_runs / 4)))
    executed = 0
    buffer: list[RunOutput] = []
    last_flush = time.perf_counter()
    bar = tqdm(
        total=design.n_runs,
        initial=design.n_runs - len(tasks),
        unit="run",
        desc=design.kind,
        disable=(not progress) if progress is not None else None,
        dynamic_ncols=True,
        leave=False,
    )
    store.begin_session(ex.describe())
    outcome, error = "complete", None
    try:
        if tasks:
            with ex:
                for outputs in ex.imap(worker.run_job, _jobs(design, tasks, ex.workers, batch)):
                    buffer.extend(outputs)
                    executed += len(outputs)
                    bar.update(len(outputs))
                    if (
                        len(buffer) >= chunk_runs
                        or time.perf_counter() - last_flush > flush_seconds
                    ):
                        store.write_chunk(buffer, design)
                        buffer, last_flush = [], time.perf_counter()
    except KeyboardInterrupt:
        outcome = "interrupted"
        ex.cancel()
        raise
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        if type(exc).__name__ not in INFRASTRUCTURE_ERRORS and not isinstance(exc, ConnectionError):
            outcome = "error"
            raise
        outcome = "interrupted"
        raise ExecutorError(
            f"the executor failed ({error}); finished runs are saved: run again with --resume"
        ) from exc
    finally:
        bar.close()
        store.write_chunk(buffer, design)
        store.end_session(outcome, executed, error)
    c = store.manifest["counts"]
    return RunReport(
        Path(out),
        store.manifest["status"],
        executed,
        c["done"],
        c["failed"],
        c["pending"],
        time.perf_counter() - t0,
        store.manifest["content_hash"],
    )
