"""No process left behind (issue 10, kind 11): worker pools end on every exit path.

Children of this process are counted before and after: a normal run, Ctrl-C, SIGTERM (which the
batch commands turn into an interrupt) and a killed worker all leave exactly the children there
were before, and the folder says what happened.
"""

from __future__ import annotations

import json
import os
import signal
from multiprocessing import resource_tracker
from pathlib import Path

import pytest

from experiments import ensemble_design, run_experiment
from experiments.cli import EXIT_INTERRUPTED, guarded
from experiments.executors import LocalProcesses
from experiments.folder import MANIFEST, ExecutorError


def children() -> set[int]:
    """Live (not zombie) child processes of this process, from /proc."""
    me, found = os.getpid(), set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == me and fields[0] != "Z":
            found.add(int(entry.name))
    return found


class Sabotaged(LocalProcesses):
    """A process pool that does something nasty after the first result arrives."""

    def __init__(self, jobs: int, action) -> None:
        super().__init__(jobs)
        self.action = action

    def imap(self, fn, jobs):
        for i, out in enumerate(super().imap(fn, jobs)):
            if i == 0:
                self.action(self)
            yield out


def _design():
    return ensemble_design(["baseline"], 8, 2, frames=())


@pytest.fixture
def before():
    resource_tracker.ensure_running()  # started once per process, then reused: not a leak
    return children()


def _status(out) -> str:
    return json.loads((Path(out) / MANIFEST).read_text())["status"]


def test_a_normal_run_leaves_no_worker(tmp_path, before):
    report = run_experiment(_design(), tmp_path / "o", jobs=2, progress=False)
    assert report.status == "complete"
    assert children() == before


def test_ctrl_c_leaves_no_worker(tmp_path, before):
    def interrupt(pool):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_experiment(_design(), tmp_path / "o", executor=Sabotaged(2, interrupt), progress=False)
    assert children() == before
    assert _status(tmp_path / "o") == "interrupted"


def test_sigterm_leaves_no_worker_and_marks_the_folder(tmp_path, before, capsys):
    def terminate(pool):
        os.kill(os.getpid(), signal.SIGTERM)

    out = tmp_path / "o"

    def command(args):
        return run_experiment(_design(), out, executor=Sabotaged(2, terminate), progress=False)

    previous = signal.getsignal(signal.SIGTERM)
    code = guarded(command, None)
    assert code == 128 + signal.SIGTERM != EXIT_INTERRUPTED
    assert signal.getsignal(signal.SIGTERM) == previous  # the handler is put back
    assert children() == before
    assert _status(out) == "interrupted"
    assert "--resume" in capsys.readouterr().err


def test_a_killed_worker_leaves_no_worker(tmp_path, before):
    def kill_one(pool):
        os.kill(next(iter(pool.pool._processes)), signal.SIGKILL)

    with pytest.raises(ExecutorError, match="--resume"):
        run_experiment(_design(), tmp_path / "o", executor=Sabotaged(2, kill_one), progress=False)
    assert children() == before
    assert _status(tmp_path / "o") == "interrupted"


REAPER = r"""
import ctypes, os, signal, subprocess, sys, threading
ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans come to this process
parent = subprocess.Popen([sys.executable, "-c", sys.argv[1]], stdout=subprocess.PIPE, text=True)
workers = [int(p) for p in parent.stdout.readline().split()]
os.kill(parent.pid, signal.SIGKILL)
parent.wait()
parent.stdout.close()
reaped = []
def reap():
    for pid in workers:
        os.waitpid(pid, 0)  # returns once the orphaned worker has died (it is our child now)
        reaped.append(pid)
t = threading.Thread(target=reap, daemon=True)
t.start()
t.join(60)
print(len(workers), len(reaped))
for pid in set(workers) - set(reaped):
    os.kill(pid, signal.SIGKILL)
"""
POOL = r"""
import time
from experiments import ensemble_design, worker
from experiments.executors import LocalProcesses
from experiments.runner import _jobs, _tasks
design = ensemble_design(["baseline"], 40, 1, frames=("timeseries", "agents"))
jobs = list(_jobs(design, _tasks(design, set()), 2, 1))
with LocalProcesses(2) as ex:
    futures = [ex.pool.submit(worker.run_job, job) for job in jobs]
    futures[0].result()  # both workers are busy; each result is larger than a pipe's buffer
    print(*ex.pool._processes, flush=True)
    futures[-1].result()
"""


def test_workers_die_with_a_killed_parent():
    """SIGKILL of the parent cannot run any clean-up: the workers must die by themselves."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", REAPER, POOL], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "2"], done.stdout + done.stderr
