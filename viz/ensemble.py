"""Ensembles over seeds for the front end, on a bounded module-level process pool.

N seeds spawned from the session's seed (``numpy.random.SeedSequence``), each run with its twin
through the experiments' worker (`experiments.worker.execute`, the code path of
``ecosystem ensemble --twin``; results are held in memory, not written to disk), then summarised
as a median and a 90% band per month. The pool is shared by all sessions and bounded twice: at
most `WORKERS` processes, and each job keeps at most `WORKERS` runs in flight, so concurrent jobs
interleave instead of one queueing its N runs ahead of the others; at most `MAX_JOBS` jobs run
at once (others wait). Interactive runs (a lever change) never go through the pool.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ecosystem import Params
from experiments.design import spawn_seeds
from experiments.worker import Job, execute
from viz.frames import month_date

#: Worker processes of the shared pool (``VIZ_ENSEMBLE_WORKERS=0`` runs in the calling thread).
WORKERS = int(os.environ.get("VIZ_ENSEMBLE_WORKERS", min(2, os.cpu_count() or 1)))
#: Ensemble jobs allowed to run at once across all sessions.
MAX_JOBS = 4
DEFAULT_SEEDS = 30
MAX_SEEDS = 500

_pool: cf.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()
_job_slots = threading.BoundedSemaphore(MAX_JOBS)
_cache: OrderedDict[tuple, EnsembleResult] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 32
log = logging.getLogger("viz")


class Cancellation:
    """The off switch of one ensemble job: `cancel` stops it at once, from any thread.

    The job's queued members are cancelled (a member already running in a worker finishes,
    and its result is dropped), no further member is submitted, and a job waiting on its
    members wakes up and returns None. The front end cancels a job when the component that
    started it unmounts (tab or session closed) or its settings change.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._futures: set[cf.Future] = set()
        #: Done when cancelled: a job waits on it beside its members.
        self.wakeup: cf.Future = cf.Future()

    @property
    def cancelled(self) -> bool:
        """`cancel` was called."""
        return self._cancelled

    def cancel(self) -> None:
        """Stop the job: cancel its queued members and wake it up (idempotent)."""
        with self._lock:
            if self._cancelled:
                return
            self._cancelled = True
            futures = list(self._futures)
        for fut in futures:
            fut.cancel()
        self.wakeup.set_result(None)

    def track(self, fut: cf.Future) -> bool:
        """Watch a submitted member (cancelled at once if the job already is): False then."""
        with self._lock:
            if not self._cancelled:
                self._futures.add(fut)
                return True
        fut.cancel()
        return False

    def untrack(self, fut: cf.Future) -> None:
        """A member finished: stop watching it."""
        with self._lock:
            self._futures.discard(fut)


@dataclass(frozen=True, eq=False)
class EnsembleResult:
    """National output of N seeds, for the settings and their twin.

    Attributes:
        seeds: the seeds run, in order.
        months: month of each column.
        production: t/yr, one row per seed.
        twin_production: t/yr of the twins, one row per seed.
        summaries: one row per seed: ``seed``, ``production_target_t``,
            ``twin_production_target_t``, ``shortfall_due_to_gap_t``, ``target_met``,
            ``month_target_reached``.
        seconds: wall-clock time of the whole ensemble.
    """

    seeds: tuple[int, ...]
    months: np.ndarray
    production: np.ndarray
    twin_production: np.ndarray
    summaries: pd.DataFrame
    seconds: float


def ensemble_seeds(seed: int, n: int) -> list[int]:
    """``n`` independent seeds spawned from one master seed (NumPy SeedSequence).

    The experiments' own derivation (``experiments.design.spawn_seeds``), so
    ``ecosystem ensemble`` with this master seed runs the same members.
    """
    return spawn_seeds(seed, n)


#: The experiments' worker job for one ensemble member: the run, its twin (tender held fixed)
#: and both time series — the same code path as ``ecosystem ensemble --twin``.
_MEMBER_JOB = Job(tasks=(), scenarios={}, mode="run", frames=("timeseries", "twin"), twin=True)


def run_member(params: Params, seed: int) -> dict:
    """One member: the run and its twin (module-level so that worker processes can pickle it).

    Runs through the experiments' worker (`experiments.worker.execute`), so a member here is
    bit-identical to the same seed's row of a stored ensemble.
    """
    tables = execute(params, seed, _MEMBER_JOB)
    summary = tables["summary"].iloc[0]
    reached = summary["month_target_reached"]
    return {
        "seed": seed,
        "months": tables["timeseries"]["month"].to_numpy(),
        "production": tables["timeseries"]["production_t"].to_numpy(),
        "twin_production": tables["twin_timeseries"]["production_t"].to_numpy(),
        "production_target_t": float(summary["production_target_t"]),
        "twin_production_target_t": float(summary["twin_production_target_t"]),
        "shortfall_due_to_gap_t": float(summary["shortfall_due_to_gap_t"]),
        "target_met": bool(summary["target_met"]),
        "month_target_reached": None if pd.isna(reached) else int(reached),
    }


def _init_worker(parent: int) -> None:
    """Worker initializer: lower priority, and exit when the server does.

    Background ensembles yield the CPU to interactive requests (``nice`` 10). A watcher
    thread ends the worker once its parent is gone, however the server stopped (SIGTERM,
    SIGKILL, a crash): no spawn worker is left orphaned, and the resource tracker then exits
    on its own when its pipe closes.
    """
    try:
        os.nice(10)
    except OSError:  # not permitted: run at normal priority
        pass
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def _executor() -> cf.ProcessPoolExecutor | None:
    global _pool
    if WORKERS <= 0:
        return None
    with _pool_lock:
        if _pool is None:
            # spawn, not fork: the server is multi-threaded, and forking it is unsafe.
            _pool = cf.ProcessPoolExecutor(
                WORKERS,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(os.getpid(),),
            )
        return _pool


def shutdown() -> None:
    """Stop the shared pool and its worker processes (tests, scripts, and at exit)."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
            _pool = None


# The server exits through atexit on SIGTERM/SIGINT (uvicorn's graceful shutdown): stop the
# workers there too, so that no spawn worker or resource tracker is left orphaned.
atexit.register(shutdown)


def cached(params: Params, seed: int, n: int) -> EnsembleResult | None:
    """A finished ensemble for these settings, if one was run (by any session)."""
    with _cache_lock:
        return _cache.get((params, seed, n))


def run_ensemble(
    params: Params,
    seed: int,
    n: int = DEFAULT_SEEDS,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    cancel: Cancellation | None = None,
) -> EnsembleResult | None:
    """Run ``n`` seeds of ``params`` with their twins; None if cancelled before the end.

    Args:
        params: the settings.
        seed: master seed; member seeds are spawned from it.
        n: number of seeds (1 to `MAX_SEEDS`).
        progress: called with (members done, n) after each member.
        cancelled: polled between members; a True stops the job.
        cancel: a switch that stops the job at once (see `Cancellation`).
    """
    if not 1 <= n <= MAX_SEEDS:
        raise ValueError(f"number of seeds must be from 1 to {MAX_SEEDS}, not {n}")
    key = (params, seed, n)
    hit = cached(params, seed, n)
    if hit is not None:
        if progress:
            progress(n, n)
        return hit
    start = time.perf_counter()
    seeds = ensemble_seeds(seed, n)
    with _job_slots:
        members = _run_members(params, seeds, progress, cancelled, cancel or Cancellation())
    if members is None:
        return None
    members.sort(key=lambda m: seeds.index(m["seed"]))
    result = _assemble(members, time.perf_counter() - start)
    with _cache_lock:
        _cache[key] = result
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return result


def _run_members(
    params: Params,
    seeds: list[int],
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
    cancel: Cancellation,
) -> list[dict] | None:
    def stop() -> bool:
        return cancel.cancelled or (cancelled is not None and cancelled())

    pool = _executor()
    done: list[dict] = []
    if pool is None:
        for s in seeds:
            if stop():
                return None
            done.append(run_member(params, s))
            if progress:
                progress(len(done), len(seeds))
        return done
    pending: set[cf.Future] = set()
    queue = list(seeds)
    try:
        while queue or pending:
            if stop():
                return None
            while queue and len(pending) < max(WORKERS, 1):
                fut = _submit(pool, params, queue.pop(0))
                if fut is None or not cancel.track(fut):  # pool shut down, or job cancelled
                    return None
                pending.add(fut)
            finished, pending = cf.wait(pending | {cancel.wakeup}, return_when=cf.FIRST_COMPLETED)
            pending.discard(cancel.wakeup)
            for fut in finished - {cancel.wakeup}:
                cancel.untrack(fut)
                if fut.cancelled():  # the pool's shutdown cancelled it (server or tests ending)
                    return None
                done.append(fut.result())
            if progress:
                progress(len(done), len(seeds))
    except BrokenProcessPool:
        # the workers were killed (Ctrl-C reaches the whole process group, or the server is
        # stopping): the job ends as cancelled, with one line in the log, not a traceback
        log.info("viz: ensemble stopped: its worker processes have ended")
        return None
    finally:
        for fut in pending:
            fut.cancel()
    return done


def _submit(pool: cf.ProcessPoolExecutor, params: Params, seed: int) -> cf.Future | None:
    """Submit one member; None if the pool was shut down meanwhile.

    The pool may start a worker here: it is started with SIGINT blocked (a signal mask is
    inherited), so that Ctrl-C in the server's terminal, which reaches the whole process group,
    does not interrupt a worker mid-import with a traceback; workers exit with the server
    (`_exit_with_parent`).
    """
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        return pool.submit(run_member, params, seed)
    except RuntimeError:  # the pool was shut down meanwhile (server or tests ending)
        return None
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def _assemble(members: list[dict], seconds: float) -> EnsembleResult:
    length = min(len(m["months"]) for m in members)
    summaries = pd.DataFrame(
        [
            {k: v for k, v in m.items() if k not in ("months", "production", "twin_production")}
            for m in members
        ]
    )
    return EnsembleResult(
        seeds=tuple(m["seed"] for m in members),
        months=members[0]["months"][:length],
        production=np.vstack([m["production"][:length] for m in members]),
        twin_production=np.vstack([m["twin_production"][:length] for m in members]),
        summaries=summaries,
        seconds=seconds,
    )


def band_frame(ens: EnsembleResult) -> pd.DataFrame:
    """Median and 5th/95th percentiles per month, for the settings and for the twin (t/yr)."""
    frames = []
    for label, values in (
        ("Current settings", ens.production),
        ("Twin without expertise gap", ens.twin_production),
    ):
        q05, median, q95 = np.percentile(values, [5, 50, 95], axis=0)
        frames.append(
            pd.DataFrame(
                {"month": ens.months, "series": label, "median": median, "q05": q05, "q95": q95}
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(1, "date", month_date(frame["month"]))
    return frame


def headline(ens: EnsembleResult) -> dict[str, float]:
    """Ensemble figures: output at the target month (median, 90% interval), share meeting it."""
    s = ens.summaries
    q05, med, q95 = np.percentile(s["production_target_t"], [5, 50, 95])
    tq05, tmed, tq95 = np.percentile(s["twin_production_target_t"], [5, 50, 95])
    return {
        "n": len(s),
        "median_t": float(med),
        "q05_t": float(q05),
        "q95_t": float(q95),
        "twin_median_t": float(tmed),
        "twin_q05_t": float(tq05),
        "twin_q95_t": float(tq95),
        "share_target_met": float(s["target_met"].mean()),
        "median_gap_t": float(np.median(s["shortfall_due_to_gap_t"])),
        "seconds": ens.seconds,
    }


__all__ = [
    "Cancellation",
    "DEFAULT_SEEDS",
    "EnsembleResult",
    "MAX_JOBS",
    "MAX_SEEDS",
    "WORKERS",
    "band_frame",
    "cached",
    "ensemble_seeds",
    "headline",
    "run_ensemble",
    "run_member",
    "shutdown",
]
