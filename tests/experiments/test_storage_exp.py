"""Stored frames keep their digests; damaged chunks are repaired; verify says what is pending."""

from __future__ import annotations

import pyarrow.parquet as pq

from experiments import ensemble_design, load_experiment, run_experiment
from experiments.storage import CHUNKS, MANIFEST
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
