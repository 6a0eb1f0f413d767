"""Numbers that were literals in the agents are Params fields that act (issue 11 part 6).

``pay_index_spread`` (the clamp of pay on margin), ``loss_grace_months`` (when operating losses
start to count toward exit), ``capex_subsidy_milestone_progress`` and
``capex_subsidy_first_tranche_share`` (the capital subsidy's first milestone); the deal-terms
weights are tested with the partner. ``nameplate_output_share`` (DESIGN.md §5's definition of
running at nameplate) moves the milestone.
"""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, Params


def stepped(params: Params, seed: int = 2):
    model = MagnetModel(params, rng=seed, record_agents=False)
    for _ in range(params.horizon_months):
        model.step()
        yield model


@pytest.mark.parametrize("spread", [0.0, 0.2, 0.75])
def test_pay_departs_from_the_mean_by_at_most_the_spread(spread):
    seen = set()
    for model in stepped(Params(pay_index_spread=spread, horizon_months=96)):
        for f in model.firms:
            assert 1.0 - spread - 1e-12 <= f.pay_index <= 1.0 + spread + 1e-12
            seen.add(round(f.pay_index, 6))
    assert (seen == {1.0}) if spread == 0.0 else len(seen) > 2


@pytest.mark.parametrize("grace", [0, 24])
def test_losses_count_toward_exit_only_after_the_grace_months(grace):
    counted = False
    for model in stepped(Params(loss_grace_months=grace, horizon_months=96)):
        for f in model.firms:
            since = f.milestones["commissioning_month"]
            if since is None or model.month - since < grace:
                assert f.loss_months == 0
            counted |= f.loss_months > 0
    assert counted  # losses do count once the grace is over


@pytest.mark.parametrize(("milestone", "tranche"), [(0.5, 0.5), (0.8, 0.25), (0.3, 0.0)])
def test_the_capital_subsidy_is_paid_at_the_stated_milestone_and_tranche(milestone, tranche):
    params = Params(
        capex_subsidy_milestone_progress=milestone,
        capex_subsidy_first_tranche_share=tranche,
        horizon_months=60,
        target_month=48,
    )
    paid_before = 0.0
    for model in stepped(params):
        for f in model.firms:
            plant = next((pl for pl in f.plants if pl.scheme), None)
            if plant is None or plant.installed:
                continue
            _, cap = model.government.capex_terms(f.allocated_t)
            assert f.subsidy_paid_cr <= tranche * cap + 1e-9
            if (
                min(plant.progress.values()) < milestone
                and max(plant.progress.values()) < milestone
            ):
                assert f.subsidy_paid_cr == 0.0
            paid_before += f.subsidy_paid_cr
    assert (paid_before == 0.0) if tranche == 0.0 else paid_before > 0.0


def bid_rate(linked: bool = True, **values) -> float:
    """Firm 0's bid rate at month 0, no cost noise, peers half a gap ahead of it.

    At a processing cost of ₹960/kg its rate lies inside (0, ceiling) for every weight below, so
    neither the zero floor nor the ceiling hides an effect.
    """
    values = {"processing_cost_inr_per_kg": 960.0, **values}
    m = MagnetModel(Params(bid_cost_noise=0.0, bid_closure_own=0.1, **values), rng=7)
    firm = m.firms[0]
    assert firm.rnd_link is not None  # every firm is linked to a lab by default
    if not linked:
        firm.rnd_link, firm.licensed_domestic = None, False
    m.best_domestic_knowhow = firm.knowhow + 0.5 * firm.gap
    bid = firm.make_bid()
    assert bid is not None
    return bid.rate_inr_per_kg


@pytest.mark.parametrize("field", ["bid_closure_lab", "bid_closure_peer"])
def test_the_lab_and_peer_weights_each_lower_the_bid(field):
    high = Params.fields()[field].high
    rates = [bid_rate(**{field: w}) for w in (0.0, high / 4, high / 2)]
    assert rates[0] > rates[1] > rates[2] > 0.0


def test_without_a_lab_link_the_lab_weight_does_not_move_the_bid():
    assert bid_rate(False, bid_closure_lab=0.0) == bid_rate(False, bid_closure_lab=0.2)
    assert bid_rate(True, bid_closure_lab=0.2) < bid_rate(False, bid_closure_lab=0.2)


def test_the_nameplate_share_decides_when_the_milestone_is_reached():
    """A lower share counts a plant at nameplate no later (and here earlier) than a higher one."""
    from ecosystem import MagnetModel

    months = {}
    for share in (0.5, 0.9):
        m = MagnetModel(Params(nameplate_output_share=share), rng=3, record_agents=False).run()
        months[share] = [f.milestones["nameplate_month"] for f in m.firms]
    reached = [(lo, hi) for lo, hi in zip(months[0.5], months[0.9], strict=True) if lo is not None]
    assert reached, "some plant must reach half its nameplate"
    assert all(hi is None or lo <= hi for lo, hi in reached)
    assert any(hi is None or lo < hi for lo, hi in reached)


def test_no_firm_can_discount_at_a_zero_or_negative_hurdle_rate():
    """The lowest allowed hurdle rate plus every archetype's offset stays positive, so NPVs are
    defined without a floor in the code."""
    from ecosystem.archetypes import ARCHETYPES

    low = Params.fields()["hurdle_rate"].low
    assert all(low + a.hurdle_offset > 0.0 for a in ARCHETYPES)
