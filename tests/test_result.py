"""`SimulationResult` builds its agents, milestones and flows frames when first asked for."""

from __future__ import annotations

import dataclasses

from pandas.testing import assert_frame_equal

from ecosystem import MagnetModel


def test_frames_asked_for_late_hold_the_rows_of_the_result_month():
    model = MagnetModel(rng=5)
    model.run_for(30)
    mid = model.result()
    model.run()  # the model goes on; `mid` has not built its agents, milestones, flows yet
    full = model.result()
    assert mid.agents["month"].max() == 30
    assert_frame_equal(mid.agents, full.agents[full.agents["month"] <= 30], check_exact=True)
    assert mid.flows["month"].max() <= 30 < full.flows["month"].max()
    assert_frame_equal(mid.flows, full.flows[full.flows["month"] <= 30], check_exact=True)
    late = full.milestones["commissioning_month"]
    assert (mid.milestones["commissioning_month"].dropna() <= 30).all()
    assert late.notna().sum() > mid.milestones["commissioning_month"].notna().sum()


def test_a_lazy_frame_is_built_once():
    result = MagnetModel(rng=2).run().result()
    assert result.flows is result.flows
    assert result.milestones is result.milestones
    assert result.agents is result.agents


def test_a_copy_builds_its_own_frames():
    result = MagnetModel(rng=2).run().result()
    built = result.flows
    copy = dataclasses.replace(result, summary={})
    assert copy.flows is not built
    assert_frame_equal(copy.flows, built, check_exact=True)
    assert_frame_equal(copy.agents, result.agents, check_exact=True)
