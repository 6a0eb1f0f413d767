"""Where batches of runs execute: in this process, in local processes, or on a Dask cluster.

Each executor is a context manager with ``imap(fn, jobs)`` yielding results as they finish (any
order) and ``cancel()`` for Ctrl-C. Runs are pure functions of (parameters, seed), so results do
not depend on the executor. Process pools use the ``spawn`` start method (safe with threads, the
same on every platform): scripts that use them need ``if __name__ == "__main__":``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any

from experiments.folder import ExecutorError, ExperimentError
from experiments.worker import Job, RunOutput

Fn = Callable[[Job], list[RunOutput]]


def init_worker(parent: int) -> None:
    """Prepare a pool worker: it dies with its parent and leaves Ctrl-C to it.

    The parent stops cleanly on Ctrl-C and shuts the pool down; if the parent dies some other way
    (even SIGKILL) the worker is killed too instead of living on as an orphan.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent ends (``PR_SET_PDEATHSIG``)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux: pools still shut down
        pass


class InProcess:
    """Run batches one after another in this process."""

    kind = "inprocess"
    workers = 1

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def imap(self, fn: Fn, jobs: Iterable[Job]) -> Iterator[list[RunOutput]]:
        """Results in submission order."""
        for job in jobs:
            yield fn(job)

    def cancel(self) -> None:
        """Nothing runs in the background."""

    def describe(self) -> dict[str, Any]:
        """For the manifest."""
        return {"kind": self.kind, "workers": 1}


class LocalProcesses:
    """A pool of ``jobs`` spawned worker processes on this machine."""

    kind = "processes"

    def __init__(self, jobs: int) -> None:
        self.workers = max(1, min(int(jobs), cpu_count()))
        self.pool: ProcessPoolExecutor | None = None
        self.pending: set[Future] = set()

    def __enter__(self) -> LocalProcesses:
        self.pool = ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=init_worker,
            initargs=(os.getpid(),),
        )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def imap(self, fn: Fn, jobs: Iterable[Job]) -> Iterator[list[RunOutput]]:
        """Results as they finish; at most a few batches queued per worker."""
        assert self.pool is not None, "use LocalProcesses as a context manager"
        queue = iter(jobs)
        limit = 4 * self.workers
        for job in queue:
            self.pending.add(self.pool.submit(fn, job))
            if len(self.pending) >= limit:
                break
        while self.pending:
            done, self.pending = wait(self.pending, return_when=FIRST_COMPLETED)
            for fut in done:
                nxt = next(queue, None)
                if nxt is not None:
                    self.pending.add(self.pool.submit(fn, nxt))
                yield fut.result()

    def cancel(self) -> None:
        """Drop queued batches (running ones finish; their results are discarded)."""
        for fut in self.pending:
            fut.cancel()

    def describe(self) -> dict[str, Any]:
        """For the manifest."""
        return {"kind": self.kind, "workers": self.workers, "start_method": "spawn"}


class DaskExecutor:
    """A Dask distributed cluster: ``address`` ``tcp://HOST:PORT`` or ``local`` (a LocalCluster)."""

    kind = "dask"

    def __init__(self, address: str, jobs: int = 2) -> None:
        self.address = address
        self.workers = max(1, int(jobs))
        self.cluster: Any = None
        self.client: Any = None
        self.futures: list[Any] = []

    def __enter__(self) -> DaskExecutor:
        from distributed import Client, LocalCluster

        if self.address == "local":
            self.workers = min(self.workers, cpu_count())
            self.cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: 8787 may be taken on a shared machine
                silence_logs=logging.ERROR,  # no warnings from cancelled tasks on Ctrl-C
            )
            self.client = Client(self.cluster)
        else:
            self.client = Client(self.address, timeout=CONNECT_TIMEOUT)
            self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        return self

    def __exit__(self, *exc: object) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def imap(self, fn: Fn, jobs: Iterable[Job]) -> Iterator[list[RunOutput]]:
        """Results as they finish."""
        from distributed import as_completed

        self.futures = self.client.map(fn, list(jobs), pure=False)
        for fut in as_completed(self.futures):
            yield fut.result()

    def cancel(self) -> None:
        """Cancel what has not finished."""
        if self.client is not None and self.futures:
            self.client.cancel(self.futures)

    def describe(self) -> dict[str, Any]:
        """For the manifest."""
        return {"kind": self.kind, "scheduler": self.address, "workers": self.workers}


Executor = InProcess | LocalProcesses | DaskExecutor


#: Seconds to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = int(os.environ.get("ECOSYSTEM_SCHEDULER_TIMEOUT", "20"))
_ADDRESS = re.compile(
    r"^(?:(tcp|tls|ucx|inproc|ws|wss)://)?([A-Za-z0-9.\-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$"
)


def cpu_count() -> int:
    """CPUs this process may use (its affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def check_scheduler(address: str) -> None:
    """Refuse an address that is neither ``local`` nor ``[PROTOCOL://]HOST:PORT``.

    Raises:
        ExperimentError: the address is malformed (nothing has been written).
    """
    if address == "local":
        return
    found = _ADDRESS.match(address)
    if not found or not 1 <= int(found.group(3)) <= 65535:
        raise ExperimentError(
            f"--scheduler {address!r} must be 'local' or tcp://HOST:PORT (port 1-65535)"
        )


@contextlib.contextmanager
def opened(ex: Executor) -> Iterator[Executor]:
    """Enter an executor; failing to start it (an unreachable scheduler) is an `ExecutorError`."""
    try:
        ex.__enter__()
    except (OSError, TimeoutError, ValueError) as exc:
        ex.__exit__(None, None, None)
        raise ExecutorError(f"cannot start the executor ({type(exc).__name__}: {exc})") from exc
    try:
        yield ex
    finally:
        ex.__exit__(None, None, None)


def make_executor(
    jobs: int | None = None, scheduler: str | None = None, limit: int | None = None
) -> Executor:
    """The executor for ``--jobs N`` / ``--scheduler ADDRESS|local``.

    No scheduler and ``jobs`` None or 1: in this process. Local processes and a LocalCluster
    get at most the CPUs this process may use and at most ``limit`` (the runs to do); the
    executor's ``workers`` is the number really used (what the manifest records).

    Raises:
        ExperimentError: a malformed scheduler address.
    """
    cap = max(1, limit) if limit is not None else None
    if scheduler:
        check_scheduler(scheduler)
        n = jobs or cpu_count()
        return DaskExecutor(scheduler, min(n, cap) if cap else n)
    if jobs and jobs > 1:
        n = min(jobs, cap) if cap else jobs
        return LocalProcesses(n) if min(n, cpu_count()) > 1 else InProcess()
    return InProcess()
