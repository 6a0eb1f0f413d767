"""Stored frames keep their digests; damaged chunks are repaired; verify says what is pending."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from ecosystem import ParameterError
from experiments import ensemble_design, load_experiment, run_experiment, worker
from experiments.sensitivity import analyze
from experiments.storage import CHUNKS, MANIFEST, DamagedExperimentError
from experiments.verify import stored_digests, verify_experiment


def test_a_run_stored_with_others_hashes_to_its_recorded_digest(tmp_path):
    """go_it_alone's partner_id (None in every row) and no_scheme's bid_rank (no beneficiary)
    are object columns when alone; beside baseline's numbers they are float64 in the chunk."""
    d = ensemble_design(["baseline", "go_it_alone", "no_scheme"], 1, 0, frames=("agents",))
    path = run_experiment(d, tmp_path / "x", progress=False).path
    exp = load_experiment(path)
    schema = pq.read_schema(path / CHUNKS / exp.manifest["chunks"][0] / "agents.parquet")
    assert str(schema.field("partner_id").type) == "double"
    assert str(schema.field("bid_rank").type) == "double"
    recorded = {int(k): r["digest"] for k, r in exp.manifest["runs"].items()}
    assert stored_digests(path) == recorded
    report = verify_experiment(path, sample=1)
    assert report.ok, report.lines()


def _forecast(tmp_path):
    from experiments.forecast import forecast_design

    d = forecast_design(["baseline"], 4, 1, 3)
    return d, run_experiment(d, tmp_path / "f", progress=False, chunk_runs=2).path


def test_a_chunk_missing_a_file_is_refused_then_repaired_by_resume(tmp_path):
    d, path = _forecast(tmp_path)
    first = load_experiment(path).manifest["chunks"][0]
    (path / CHUNKS / first / "summary.parquet").unlink()
    with pytest.raises(DamagedExperimentError, match=r"--resume"):
        load_experiment(path)
    notes: list[str] = []
    report = run_experiment(d, path, resume=True, progress=False, log=notes.append)
    assert report.executed == 2 and report.pending == 0
    assert any("summary.parquet" in n and "run again" in n for n in notes)
    assert [p.name for p in (path / CHUNKS).iterdir() if p.name.startswith(".damaged-")]
    assert len(load_experiment(path).summary) == 4
    assert verify_experiment(path, sample=0).ok


def test_an_unlisted_chunk_missing_a_file_is_not_adopted(tmp_path):
    d, path = _forecast(tmp_path)
    manifest = json.loads((path / MANIFEST).read_text())
    last = manifest["chunks"][-1]
    (path / CHUNKS / last / "timeseries.parquet").unlink()
    manifest["chunks"].remove(last)  # as if the process died before rewriting the manifest
    manifest["runs"] = {k: r for k, r in manifest["runs"].items() if r["chunk"] != last}
    (path / MANIFEST).write_text(json.dumps(manifest))
    report = run_experiment(d, path, resume=True, progress=False)
    assert report.executed == 2
    assert len(load_experiment(path).timeseries["run_id"].unique()) == 4


def test_a_table_whose_files_vanished_after_loading_is_an_error(tmp_path):
    _, path = _forecast(tmp_path)
    exp = load_experiment(path)
    for chunk in exp.manifest["chunks"]:
        (path / CHUNKS / chunk / "summary.parquet").unlink()
    with pytest.raises(DamagedExperimentError, match=r"summary.*--resume"):
        exp.table("summary")


def test_verify_says_an_interrupted_experiment_is_incomplete(tmp_path, monkeypatch):
    d = ensemble_design(["baseline"], 9, 5, frames=())
    real = worker.execute
    calls: list[int] = []

    def execute(params, seed, job):
        if len(calls) >= 3:
            raise KeyboardInterrupt
        calls.append(seed)
        return real(params, seed, job)

    monkeypatch.setattr(worker, "execute", execute)
    with pytest.raises(KeyboardInterrupt):
        run_experiment(d, tmp_path / "i", progress=False, chunk_runs=1)
    monkeypatch.undo()
    report = verify_experiment(tmp_path / "i", sample=1)
    assert report.ok and report.pending == 6
    text = "\n".join(report.lines())
    assert "interrupted" in text
    assert "incomplete: 6 of 9 runs pending; finish with --resume" in text
    assert report.lines()[-1] == "OK (incomplete)"


def _with_summary(path, change):
    exp = load_experiment(path)
    exp._cache["summary"] = change(exp.summary.copy())
    return exp


def test_sensitivity_names_an_output_missing_in_every_run(morris_exp):
    def never_reached(s):
        s["month_target_reached"] = pd.NA
        return s

    exp = _with_summary(morris_exp, never_reached)
    n = len(exp.summary)
    with pytest.raises(ParameterError) as info:
        analyze(exp, "month_target_reached")
    text = str(info.value)
    assert f"month_target_reached is missing (NaN) in {n} of {n} finished runs" in text
    assert "production_target_t" in text and "resume" not in text


def test_sensitivity_still_asks_to_resume_when_points_have_no_run(morris_exp):
    exp = _with_summary(morris_exp, lambda s: s[s["point"] != 0])
    with pytest.raises(ParameterError, match=r"1 design point\(s\) have no finished run; resume"):
        analyze(exp, "production_target_t")


@pytest.mark.parametrize(
    ("mode", "frames", "twin"),
    [
        ("run", ("timeseries", "milestones"), False),
        ("run", ("agents", "flows", "twin"), True),
        ("run", ("twin",), False),
        ("run", (), True),
        ("factorial", ("timeseries",), False),
        ("factorial", (), False),
    ],
)
def test_the_tables_a_chunk_must_hold_are_the_ones_a_run_stores(mode, frames, twin):
    """`folder.stored_tables` (damage checks) and `worker.execute` (what runs store) agree."""
    from ecosystem import Params
    from experiments.folder import stored_tables
    from experiments.worker import Job, execute

    params = Params(horizon_months=36, target_month=36)
    job = Job(tasks=(), scenarios={}, mode=mode, frames=frames, twin=twin)
    made = set(execute(params, 1, job))
    assert made == set(stored_tables({"mode": mode, "frames": list(frames), "twin": twin}))
