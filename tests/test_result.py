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


def test_simulate_takes_a_scenario_files_meta_seed_as_the_cli_does(tmp_path):
    """``simulate(file)`` and ``ecosystem run file`` run the same seed: ``[meta] seed``."""
    import pytest

    from ecosystem import ScenarioError, simulate
    from ecosystem.cli import run_seed

    path = tmp_path / "mine.toml"
    path.write_text(
        'extends = "baseline"\nhorizon_months = 84\ntarget_month = 84\n[meta]\nseed = 7\n', "utf-8"
    )
    assert run_seed(str(path), None) == (7, " (from the scenario's [meta] seed)")
    assert simulate(path).seed == 7 and simulate(path, seed=3).seed == 3
    path.write_text('extends = "baseline"\n[meta]\nseed = 1.5\n', "utf-8")
    with pytest.raises(ScenarioError, match=r"\[meta\] seed = 1\.5 .* whole number"):
        simulate(path)


def test_the_api_names_the_type_it_expects():
    import pytest

    from ecosystem import simulate

    with pytest.raises(TypeError, match="must be a Params"):
        MagnetModel({"learning_rate": 0.3})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="scenario name, a TOML path, a Params or None"):
        simulate(3)  # type: ignore[arg-type]
