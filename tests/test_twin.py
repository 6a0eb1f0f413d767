"""The expertise-gap twin (DESIGN.md §6): same parameters and seed, frontier, tender fixed."""

from __future__ import annotations

import pytest
from pandas.testing import assert_frame_equal

from ecosystem import MagnetModel, Params, load_scenario, simulate
from tests.helpers import trailing_12m_output_t

FRAMES = ("timeseries", "agents", "milestones", "flows")
SEEDS = (3, 17, 2024)


@pytest.fixture(scope="module", params=SEEDS)
def pair(request):
    return simulate("baseline", seed=request.param, twin=True)


def firms_at(result, month):
    agents = result.agents
    return agents[(agents["agent_type"] == "manufacturer") & (agents["month"] == month)]


def test_twin_is_a_full_result_with_no_expertise_gap(pair):
    twin = pair.twin
    assert twin is not None and twin.twin is None
    for name in FRAMES:
        assert len(getattr(twin, name)) > 0, name
    assert twin.params == pair.params.replace(frontier_expertise=True)
    assert twin.seed == pair.seed
    gap = twin.timeseries["expertise_gap"]
    assert gap.notna().sum() > 0
    assert (gap.dropna() == 0.0).all()
    assert (twin.timeseries["knowhow_mean"].dropna() == 1.0).all()
    firms = twin.agents[twin.agents["agent_type"] == "manufacturer"]
    assert (firms["knowhow"] == 1.0).all()
    assert twin.summary["expertise_gap_target"] == 0.0
    # The run itself has a gap: the twin removes something real.
    assert pair.timeseries["expertise_gap"].dropna().max() > 0.0


def test_twin_keeps_the_run_tender(pair):
    # At the last month every round (the award and any re-opened one) has been decided.
    last = int(pair.agents["month"].max())
    run_firms = firms_at(pair, last).set_index("agent_id")
    twin_firms = firms_at(pair.twin, last).set_index("agent_id")
    assert run_firms["beneficiary"].astype(bool).sum() >= 1
    assert (run_firms["beneficiary"] == twin_firms["beneficiary"]).all()
    assert (run_firms["bid_rank"].fillna(0) == twin_firms["bid_rank"].fillna(0)).all()
    winners = run_firms.index[run_firms["beneficiary"].astype(bool)]
    run_ms = pair.milestones.set_index("agent_id").loc[winners]
    twin_ms = pair.twin.milestones.set_index("agent_id").loc[winners]
    # Winners build in both, the twin no later: a frontier firm that wins only in a re-opened
    # round may already have built on its own before it.
    assert run_ms["construction_start_month"].notna().all()
    assert (twin_ms["construction_start_month"] <= run_ms["construction_start_month"]).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_twin_model_takes_the_run_outcome_winners_ranks_rates_and_oxide(seed):
    params = load_scenario("baseline")
    run = MagnetModel(params, rng=seed, record_agents=False)
    twin = run.make_twin(record_agents=False)
    run.run()
    twin.run()
    outcome = run.government.outcome
    assert outcome is not None and outcome.all_winners
    assert twin.government.outcome == outcome
    for index, rank, capacity, rate, _ in outcome.all_winners:
        f, g = twin.firms[index], run.firms[index]
        assert (f.beneficiary, f.bid_rank, f.allocated_t, f.bid_rate) == (
            True,
            rank,
            capacity,
            rate,
        )
        # A re-opened round re-splits IREL's oxide among all winners, in both alike.
        assert f.irel_share == g.irel_share


def test_holding_the_tender_fixed_matters():
    """Left to bid on its own, a frontier industry bids differently: fixing the tender matters."""
    params = load_scenario("baseline")
    differs = []
    for seed in SEEDS:
        run = MagnetModel(params, rng=seed, record_agents=False)
        free = MagnetModel(params.replace(frontier_expertise=True), rng=seed, record_agents=False)
        for _ in range(params.award_month + 1):
            run.step()
            free.step()
        differs.append(free.government.outcome != run.government.outcome)
    assert any(differs)


def test_shortfall_due_to_gap_is_twin_minus_run(pair):
    tm = pair.params.target_month
    run_out = trailing_12m_output_t(pair.timeseries["production_t"], tm)
    twin_out = trailing_12m_output_t(pair.twin.timeseries["production_t"], tm)
    assert pair.summary["production_target_t"] == pytest.approx(run_out, rel=1e-12)
    assert pair.twin.summary["production_target_t"] == pytest.approx(twin_out, rel=1e-12)
    assert pair.summary["shortfall_due_to_gap_t"] == pytest.approx(twin_out - run_out, abs=1e-9)


def test_twin_frames_are_independent_of_record_agents():
    a = simulate("baseline", seed=5, twin=True)
    b = simulate("baseline", seed=5, twin=True, record_agents=False)
    assert_frame_equal(a.twin.timeseries, b.twin.timeseries, check_exact=True)
    assert a.summary == b.summary


@pytest.mark.parametrize("seed", (1, 9))
def test_twin_of_a_frontier_run_is_the_run(seed):
    r = simulate("frontier_expertise", seed=seed, twin=True)
    assert r.summary["shortfall_due_to_gap_t"] == 0.0
    for name in FRAMES:
        assert_frame_equal(getattr(r, name), getattr(r.twin, name), check_exact=True)


def test_twin_with_overrides_keeps_them():
    r = simulate("baseline", seed=4, twin=True, learning_rate=0.05, award_month=12)
    assert r.twin.params.learning_rate == 0.05 and r.twin.params.award_month == 12
    assert r.twin.params.frontier_expertise is True


@pytest.mark.parametrize("scenario", ["baseline", "china_shock"])
@pytest.mark.parametrize("seed", (7, 31))
def test_lockstep_twin_equals_simulate_twin(scenario, seed):
    params = load_scenario(scenario)
    run = MagnetModel(params, rng=seed)
    twin = run.make_twin()
    for _ in range(params.horizon_months):
        run.step()
        twin.step()
    expected = simulate(scenario, seed=seed, twin=True)
    stepped = twin.result()
    for name in FRAMES:
        assert_frame_equal(getattr(stepped, name), getattr(expected.twin, name), check_exact=True)
    assert_frame_equal(run.result().timeseries, expected.timeseries, check_exact=True)


def test_make_twin_after_the_first_step_is_refused():
    model = MagnetModel(Params(), rng=1)
    model.step()
    with pytest.raises(RuntimeError):
        model.make_twin()
