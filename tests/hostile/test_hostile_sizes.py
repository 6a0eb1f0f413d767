"""Sizes (issue 10, kind 4): an estimate from a pilot run before anything is written, refusal of
only what cannot fit, and the real number of workers recorded."""

from __future__ import annotations

import json
from collections import namedtuple

import pytest
from hostile_helpers import refused

from experiments import ensemble_design, estimate, executors, run_experiment
from experiments.executors import cpu_count
from experiments.folder import MANIFEST, ExecutorError, ExperimentError


def test_the_estimate_is_said_and_the_pilot_is_not_run_twice(tmp_path, monkeypatch):
    from experiments import worker

    real, calls = worker.execute, []
    monkeypatch.setattr(worker, "execute", lambda *a: calls.append(a[1]) or real(*a))
    lines: list[str] = []
    d = ensemble_design(["baseline"], 3, 1, frames=("timeseries",))
    report = run_experiment(d, tmp_path / "o", progress=False, log=lines.append)
    assert report.done == 3 and sorted(calls) == sorted(d.table["seed"])  # each seed once
    assert len(lines) == 1 and lines[0].startswith("estimate from a pilot run: 3 runs")
    assert "disk ≈" in lines[0] and "free" in lines[0]
    session = json.loads((tmp_path / "o" / MANIFEST).read_text())["sessions"][0]
    assert session["estimate"]["runs"] == 3 and session["estimate"]["disk_per_run"] > 0


def test_what_cannot_fit_on_the_disk_is_refused_before_the_folder(tmp_path, monkeypatch, capsys):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(estimate.shutil, "disk_usage", lambda p: usage(10**6, 10**6 - 1000, 1000))
    d = ensemble_design(["baseline"], 3, 1)
    with pytest.raises(ExperimentError, match="on disk .* but 1.0 kB is free"):
        run_experiment(d, tmp_path / "o", progress=False)
    line = refused(capsys, ["ensemble", "baseline", "--reps", "3", "--out", tmp_path / "o"])
    assert "free space" in line
    assert not (tmp_path / "o").exists()


def test_workers_are_capped_and_the_real_number_recorded(tmp_path):
    lines: list[str] = []
    d = ensemble_design(["baseline"], 4, 1, frames=())
    run_experiment(d, tmp_path / "o", jobs=500, progress=False, log=lines.append)
    executor = json.loads((tmp_path / "o" / MANIFEST).read_text())["sessions"][0]["executor"]
    assert executor["workers"] == min(cpu_count(), 3) < 500
    assert any(line.startswith("--jobs 500: using") for line in lines)


def test_an_unreachable_scheduler_leaves_no_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 1)
    d = ensemble_design(["baseline"], 3, 1, frames=())
    with pytest.raises(ExecutorError, match="cannot start the executor"):
        run_experiment(d, tmp_path / "o", scheduler="tcp://127.0.0.1:9", progress=False)
    assert not (tmp_path / "o").exists()  # the corrected command is not blocked
