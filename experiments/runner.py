"""Run a design into an experiment folder, on any executor, resumably.

    design = ensemble_design(["baseline"], reps=100, master_seed=42)
    report = run_experiment(design, "results/ens", jobs=2)
    exp = load_experiment(report.path)

Finished runs are written in chunks as they arrive; Ctrl-C (``KeyboardInterrupt``) writes what
has finished, marks the experiment ``interrupted`` and re-raises; ``resume=True`` runs only what
is missing. A run that raises is recorded as ``failed`` with its error and the rest go on.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from experiments import worker
from experiments.design import Design
from experiments.estimate import Estimate, pilot_run
from experiments.executors import Executor, make_executor, opened
from experiments.storage import ExecutorError, Store, StoreWriteError, load_experiment
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
    allow_code_change: bool = False,
    log: Callable[[str], None] | None = None,
) -> RunReport:
    """Execute a design into the folder ``out``.

    Before anything is written, one pending run (the pilot) runs in this process: its time and
    size give the estimate of time, disk and memory (passed to ``log``), a design that cannot fit
    on the disk is refused, and its output becomes the first stored run.

    Args:
        design: the runs (see `experiments.design`).
        out: experiment folder; must be new or empty unless ``resume``.
        jobs: local worker processes (``None``/1: this process), at most the CPUs available;
            with ``scheduler``, the LocalCluster's workers.
        scheduler: ``tcp://HOST:PORT`` of a Dask scheduler, or ``local`` for a LocalCluster.
        executor: an executor object instead of ``jobs``/``scheduler``.
        resume: finish an interrupted experiment (same design) without re-running finished runs.
        progress: show a progress bar (None: when stderr is a terminal).
        chunk_runs: runs per Parquet chunk (default: a quarter of the design, 100-1,000, fewer
            when their frames would not fit in a quarter of the available memory).
        flush_seconds: also write a chunk when this much time has passed since the last.
        batch: runs per task sent to a worker (default: balanced over the workers).
        command: the command line, stored in the manifest.
        allow_code_change: resume even though the model's code changed (recorded).
        log: where to say the estimate and what opening the folder repaired (e.g. print).

    Raises:
        KeyboardInterrupt: after writing what finished and marking the experiment interrupted.
        ExperimentError: the folder cannot be used as asked (nothing is written).
        ExecutorError: the executor broke; finished runs are saved (resume later).
        StoreWriteError: the disk filled up; finished runs are saved (resume later).
    """
    t0 = time.perf_counter()
    say = log or (lambda _text: None)
    Store.preflight(out, design, resume, allow_code_change=allow_code_change)
    store = (
        Store.resume(out, design, allow_code_change=allow_code_change, command=command)
        if resume
        else None
    )
    try:
        for note in store.notes if store else ():
            say(f"{out}: {note}")
        tasks = _tasks(design, store.finished_ids() if store else set())
        ex = executor or make_executor(jobs, scheduler, limit=max(1, len(tasks) - 1))
        with contextlib.ExitStack() as stack:
            if len(tasks) > 1:  # started before the folder is written: a bad scheduler leaves none
                stack.enter_context(opened(ex))
            if jobs is not None and executor is None and ex.workers < jobs and not scheduler:
                say(f"--jobs {jobs}: using {ex.workers} worker(s), what is available")
            first: list[RunOutput] = []
            estimate = None
            if tasks:
                first, estimate = pilot_run(design, tasks[0], len(tasks), ex.workers, Path(out))
                say(estimate.line())
                chunk_runs = estimate.chunk_runs(chunk_runs, design.n_runs)
            if store is None:
                store = Store.create(out, design, command=command)
            return _execute(
                design,
                store,
                ex,
                tasks[1:],
                first,
                estimate,
                t0,
                progress,
                chunk_runs or 100,
                flush_seconds,
                batch,
            )
    finally:
        if store is not None:
            store.close()


def _execute(
    design: Design,
    store: Store,
    ex: Executor,
    tasks: list[Task],
    buffer: list[RunOutput],
    estimate: Estimate | None,
    t0: float,
    progress: bool | None,
    chunk_runs: int,
    flush_seconds: float,
    batch: int | None,
) -> RunReport:
    executed = len(buffer)
    last_flush = time.perf_counter()
    bar = tqdm(
        total=design.n_runs,
        initial=design.n_runs - len(tasks) - executed,
        unit="run",
        desc=design.kind,
        disable=(not progress) if progress is not None else None,
        dynamic_ncols=True,
        leave=False,
    )
    bar.update(executed)
    store.begin_session(ex.describe(), estimate=estimate.record() if estimate else None)
    outcome, error = "complete", None
    try:
        if len(buffer) >= chunk_runs:  # the pilot run
            store.write_chunk(buffer, design)
            buffer = []
        for outputs in (
            ex.imap(worker.run_job, _jobs(design, tasks, ex.workers, batch)) if tasks else ()
        ):
            buffer.extend(outputs)
            executed += len(outputs)
            bar.update(len(outputs))
            if len(buffer) >= chunk_runs or time.perf_counter() - last_flush > flush_seconds:
                store.write_chunk(buffer, design)
                buffer, last_flush = [], time.perf_counter()
    except KeyboardInterrupt:
        outcome = "interrupted"
        ex.cancel()
        raise
    except StoreWriteError as exc:
        outcome, error = "interrupted", str(exc)
        buffer = []  # the disk is full: what did not fit is run again on --resume
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
        failed_write = _close_session(store, design, buffer, outcome, executed, error)
    if failed_write is not None:
        raise failed_write
    c = store.manifest["counts"]
    return RunReport(
        store.path,
        store.manifest["status"],
        executed,
        c["done"],
        c["failed"],
        c["pending"],
        time.perf_counter() - t0,
        store.manifest["content_hash"],
    )


def _close_session(
    store: Store,
    design: Design,
    buffer: list[RunOutput],
    outcome: str,
    executed: int,
    error: str | None,
) -> StoreWriteError | None:
    """Write what finished and close the session; on a full disk, still try to say so.

    Returns the write error to raise once the session is closed (None if all was written).
    """
    failed = None
    try:
        store.write_chunk(buffer, design)
    except StoreWriteError as exc:
        failed, outcome, error = exc, "interrupted", error or str(exc)
    try:
        store.end_session(outcome, executed, error)
    except StoreWriteError as exc:
        failed = failed or exc  # the manifest stays "running"; readers see no lock holder
    return failed
