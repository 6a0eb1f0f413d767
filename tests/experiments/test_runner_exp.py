"""The runner and storage: manifest, seeds on every row, failures, resume, verify."""

from __future__ import annotations

import json
import os
import shutil

import pandas as pd
import pytest

from experiments import ExperimentError, ensemble_design, load_experiment, run_experiment, worker
from experiments.design import ID_COLUMNS
from experiments.storage import CHUNKS, MANIFEST
from experiments.verify import verify_experiment


def test_manifest_describes_the_experiment(twin_ensemble):
    m = json.loads((twin_ensemble / MANIFEST).read_text())
    assert m["format"] == "magnet-experiment/1" and m["kind"] == "ensemble"
    assert m["status"] == "complete" and m["master_seed"] == 11
    env = m["environment"]
    assert {"git_commit", "git_dirty", "python", "packages", "platform"} <= set(env)
    assert env["packages"]["mesa"] and env["packages"]["numpy"] and env["packages"]["pyarrow"]
    d = m["design"]
    assert d["n_runs"] == 8 and d["reps"] == 4 and d["twin"] is True
    assert set(d["scenarios"]) == {"baseline", "china_shock"}
    assert d["scenarios"]["china_shock"]["china_shock"] is True  # full parameter values
    assert m["counts"] == {"total": 8, "done": 8, "failed": 0, "pending": 0}
    assert all(r["status"] == "done" and len(r["digest"]) == 32 for r in m["runs"].values())
    assert len(m["content_hash"]) == 64
    session = m["sessions"][0]
    assert session["started"] and session["finished"] and session["runs_executed"] == 8
    assert session["executor"]["kind"] == "inprocess"


def test_every_row_carries_run_scenario_point_rep_and_seed(twin_ensemble):
    exp = load_experiment(twin_ensemble)
    design = exp.design.set_index("run_id")
    for name in ("summary", "timeseries", "milestones"):
        t = exp.table(name)
        assert list(t.columns[:5]) == list(ID_COLUMNS)
        joined = t.merge(design, left_on="run_id", right_index=True, suffixes=("", "_d"))
        for c in ("scenario", "point", "rep", "seed"):
            assert (joined[c] == joined[f"{c}_d"]).all()
    ts = exp.timeseries
    assert len(ts) == 8 * 121 and ts.groupby("run_id").size().eq(121).all()
    assert ts["date"].iloc[0] == "2025-12-01"
    part = exp.table("timeseries", ["month", "production_t"])
    assert list(part.columns) == [*ID_COLUMNS, "month", "date", "production_t"]
    assert part["production_t"].equals(ts["production_t"])
    s = exp.summary
    assert s["shortfall_due_to_gap_t"].notna().all()
    assert (
        s["twin_production_target_t"] - s["production_target_t"] == s["shortfall_due_to_gap_t"]
    ).all()


def test_a_failing_run_is_recorded_not_fatal(tmp_path, monkeypatch):
    d = ensemble_design(["baseline"], 4, 1)
    bad = {int(d.table.at[1, "seed"]), int(d.table.at[3, "seed"])}
    real = worker.execute

    def execute(params, seed, job):
        if seed in bad:
            raise RuntimeError("this run breaks")
        return real(params, seed, job)

    monkeypatch.setattr(worker, "execute", execute)
    report = run_experiment(d, tmp_path / "f", progress=False)
    assert (report.done, report.failed, report.pending) == (2, 2, 0)
    exp = load_experiment(report.path)
    runs = exp.runs
    failed = runs[runs["status"] == "failed"]
    assert len(failed) == 2
    assert failed["error"].str.contains("RuntimeError: this run breaks").all()
    assert set(exp.summary["run_id"]) == set(runs.loc[runs["status"] == "done", "run_id"])
    assert exp.manifest["status"] == "complete"


REAL_EXECUTE = worker.execute


def _counting(monkeypatch, calls, interrupt_after=None):
    """Count executions (not rows) by wrapping the worker's run function."""
    real = REAL_EXECUTE

    def execute(params, seed, job):
        if interrupt_after is not None and len(calls) >= interrupt_after:
            raise KeyboardInterrupt
        calls.append(seed)
        return real(params, seed, job)

    monkeypatch.setattr(worker, "execute", execute)


def test_resume_after_interruption_reruns_nothing_finished(tmp_path, monkeypatch):
    d = ensemble_design(["baseline"], 12, 5, frames=("timeseries",))
    out = tmp_path / "r"
    first: list[int] = []
    _counting(monkeypatch, first, interrupt_after=7)
    with pytest.raises(KeyboardInterrupt):
        run_experiment(d, out, progress=False, chunk_runs=3)
    m = json.loads((out / MANIFEST).read_text())
    assert m["status"] == "interrupted" and m["counts"]["done"] == 7
    assert m["sessions"][-1]["outcome"] == "interrupted"
    done_seeds = set(first)

    second: list[int] = []
    _counting(monkeypatch, second)
    report = run_experiment(d, out, resume=True, progress=False, chunk_runs=3)
    assert report.status == "complete" and report.executed == 5
    assert len(second) == 5 and not (set(second) & done_seeds)  # nothing finished re-ran
    exp = load_experiment(out)
    assert exp.summary["run_id"].is_unique and len(exp.summary) == 12
    assert len(exp.timeseries) == 12 * 121
    assert not exp.timeseries.duplicated(["run_id", "month"]).any()

    third: list[int] = []
    _counting(monkeypatch, third)
    again = run_experiment(d, out, resume=True, progress=False)
    assert again.executed == 0 and not third
    assert again.content_hash == report.content_hash


def test_resume_adopts_a_chunk_the_manifest_missed(tmp_path, monkeypatch):
    """A crash between writing a chunk and the manifest: the chunk is adopted, not re-run."""
    d = ensemble_design(["baseline"], 6, 2, frames=())
    out = tmp_path / "c"
    run_experiment(d, out, progress=False, chunk_runs=3)
    m = json.loads((out / MANIFEST).read_text())
    full_hash = m["content_hash"]
    last = m["chunks"][-1]
    m["chunks"].remove(last)  # the manifest as it was before the last chunk
    for key in [k for k, v in m["runs"].items() if v["chunk"] == last]:
        del m["runs"][key]
    m["status"] = "interrupted"
    (out / MANIFEST).write_text(json.dumps(m))
    (out / CHUNKS / ".tmp-c000009").mkdir()  # a half-written chunk
    calls: list[int] = []
    _counting(monkeypatch, calls)
    report = run_experiment(d, out, resume=True, progress=False)
    assert not calls and report.done == 6 and report.content_hash == full_hash
    assert not (out / CHUNKS / ".tmp-c000009").exists()
    assert load_experiment(out).summary["run_id"].is_unique


def test_folder_in_use_and_different_design_are_refused(tmp_path):
    d = ensemble_design(["baseline"], 2, 1, frames=())
    run_experiment(d, tmp_path / "x", progress=False)
    with pytest.raises(ExperimentError, match="already exists"):
        run_experiment(d, tmp_path / "x", progress=False)
    with pytest.raises(ExperimentError, match="differs"):
        run_experiment(
            ensemble_design(["baseline"], 3, 1, frames=()),
            tmp_path / "x",
            resume=True,
            progress=False,
        )
    with pytest.raises(ExperimentError, match="nothing to resume"):
        run_experiment(d, tmp_path / "empty", resume=True, progress=False)


def test_verify_reruns_a_sample_and_detects_tampering(tmp_path, twin_ensemble):
    report = verify_experiment(twin_ensemble, sample=3)
    assert report.ok and len(report.rerun) == 3 and report.stored_runs == 8
    copy = tmp_path / "copy"
    shutil.copytree(twin_ensemble, copy)
    exp = load_experiment(copy)
    chunk = copy / CHUNKS / exp.manifest["chunks"][0] / "summary.parquet"
    s = pd.read_parquet(chunk)
    s.loc[0, "production_target_t"] += 1.0
    s.to_parquet(chunk, index=False)
    bad = verify_experiment(copy, sample=1)
    assert not bad.ok and any("differ" in e for e in bad.integrity_errors)


def test_chunks_are_written_atomically(tmp_path):
    d = ensemble_design(["baseline"], 4, 3, frames=())
    run_experiment(d, tmp_path / "a", progress=False, chunk_runs=2)
    names = sorted(os.listdir(tmp_path / "a" / CHUNKS))
    assert names == ["c000001", "c000002"]
    for n in names:
        files = sorted(os.listdir(tmp_path / "a" / CHUNKS / n))
        assert files == ["runs.parquet", "summary.parquet"]
