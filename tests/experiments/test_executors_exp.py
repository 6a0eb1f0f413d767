"""Bit-identical results whatever the executor: in-process, 2 processes, a 2-worker Dask cluster."""

from __future__ import annotations

import pandas as pd

from experiments import load_experiment, run_experiment
from experiments.design import lhs_design


def test_results_are_identical_on_every_executor(tmp_path):
    d = lhs_design(
        ["baseline", "china_shock"],
        {"learning_rate": None, "award_month": None},
        3,
        2,
        9,
        twin=True,
    )  # 12 runs, varied parameters, with twins
    runs = {
        "inprocess": run_experiment(d, tmp_path / "a", progress=False, chunk_runs=5),
        "processes": run_experiment(d, tmp_path / "b", jobs=2, batch=2, progress=False),
        "dask": run_experiment(
            d, tmp_path / "c", scheduler="local", jobs=2, batch=3, progress=False
        ),
    }
    hashes = {k: r.content_hash for k, r in runs.items()}
    assert len(set(hashes.values())) == 1, hashes
    assert all(r.done == 12 for r in runs.values())
    ref = load_experiment(runs["inprocess"].path)
    for name in ("processes", "dask"):
        other = load_experiment(runs[name].path)
        assert other.manifest["sessions"][0]["executor"]["kind"] == name
        for table in ("summary", "timeseries", "milestones"):
            pd.testing.assert_frame_equal(ref.table(table), other.table(table), check_exact=True)
