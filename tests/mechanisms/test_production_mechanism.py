"""Building capacity, process yield, oxide intensity and the loss chain (DESIGN.md §2, §4, §5)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.production import (
    REFERENCE_RECYCLED_SHARE,
    LossChain,
    construction_months,
    construction_progress,
    loss_chain,
    magnet_line_months,
    operation_share,
    oxide_intensity,
    process_yield,
    stage_months,
)

FRONTIER, NOVICE, WEIGHT = 0.92, 0.45, 0.6
MATERIAL_YIELD, RECYCLED, MATURE = 0.67, 0.5, 0.33

unit = st.floats(0.0, 1.0)
frontiers = st.floats(0.85, 0.97)
novices = st.floats(0.2, 0.7)
weights = st.floats(0.3, 0.9)


# ---- construction -------------------------------------------------------------------------------
def test_an_experienced_maker_builds_in_the_base_time():
    assert construction_months(18.0, 0.0, 1.0, False, 0.6) == 18.0
    assert construction_months(18.0, 0.0, 1.0, True, 0.6) == 18.0


@settings(deadline=None, max_examples=100)
@given(
    base=st.floats(11.0, 24.0),
    gap=st.floats(0.0, 0.99),
    factor=st.floats(0.3, 2.0),
    relief=st.floats(0.2, 0.9),
    partner=st.booleans(),
)
def test_construction_takes_longer_the_wider_the_gap(base, gap, factor, relief, partner):
    wider = construction_months(base, gap + 0.01, factor, partner, relief)
    assert wider > construction_months(base, gap, factor, partner, relief)


@settings(deadline=None, max_examples=100)
@given(
    base=st.floats(11.0, 24.0),
    gap=st.floats(0.01, 1.0),
    factor=st.floats(0.3, 2.0),
    relief=st.floats(0.2, 0.9),
)
def test_an_experienced_partner_shortens_construction_but_not_below_the_base_time(
    base, gap, factor, relief
):
    alone = construction_months(base, gap, factor, False, relief)
    helped = construction_months(base, gap, factor, True, relief)
    assert base <= helped < alone
    assert alone == pytest.approx(base * (1.0 + factor * gap))


# The five build-outs by experienced makers (facts §4): capacity t/yr, months to first output.
BUILD_OUTS = [(500, 12.0), (1_100, 19.0), (1_000, 18.0), (2_000, 21.0), (2_000, 22.0)]


def test_at_the_defaults_an_experienced_makers_magnet_line_lands_in_the_observed_range():
    # base 17 months at 1,000 t/yr, exponent 0.4: every plant within 3 months of its record.
    for capacity, observed in BUILD_OUTS:
        months = magnet_line_months(capacity, 17.0, 0.4, 0.0, 1.0, False, 0.6)
        assert 11.0 <= months <= 24.0
        assert abs(months - observed) <= 3.0
    small = magnet_line_months(500, 17.0, 0.4, 0.0, 1.0, False, 0.6)
    large = magnet_line_months(2_000, 17.0, 0.4, 0.0, 1.0, False, 0.6)
    assert large / small == pytest.approx(4**0.4)


@settings(deadline=None, max_examples=100)
@given(
    capacity=st.floats(500.0, 5_000.0),
    exponent=st.floats(0.05, 0.8),
    gap=st.floats(0.0, 1.0),
    partner=st.booleans(),
)
def test_a_larger_plant_takes_longer_to_build(capacity, exponent, gap, partner):
    small = magnet_line_months(capacity, 17.0, exponent, gap, 1.0, partner, 0.6)
    assert magnet_line_months(capacity * 1.5, 17.0, exponent, gap, 1.0, partner, 0.6) > small


def test_below_the_smallest_reference_plant_size_no_longer_shortens_construction():
    at_500 = magnet_line_months(500.0, 17.0, 0.4, 0.3, 1.0, False, 0.6)
    assert magnet_line_months(3.0, 17.0, 0.4, 0.3, 1.0, False, 0.6) == at_500


def test_an_integrated_plant_builds_its_upstream_stages_for_longer_a_magnet_line_none():
    integrated = stage_months(17.0, True, 0.3)
    assert integrated["magnet"] == 17.0
    assert integrated["metal"] == integrated["alloy"] == pytest.approx(17.0 * 1.3)
    assert max(integrated.values()) > 17.0
    magnet_only = stage_months(17.0, False, 0.3)
    assert magnet_only == {"metal": 0.0, "alloy": 0.0, "magnet": 17.0}


def test_controlled_equipment_slows_construction():
    free = construction_progress(20.0, False, 0.5)
    blocked = construction_progress(20.0, True, 0.5)
    assert free == pytest.approx(1 / 20)
    assert blocked == pytest.approx(free * 0.5)
    assert construction_progress(20.0, True, 0.0) == free


# ---- process yield ------------------------------------------------------------------------------
@settings(deadline=None, max_examples=150)
@given(k=unit, dk=unit, s=unit, frontier=frontiers, novice=novices, w=weights)
def test_process_yield_never_falls_as_know_how_rises(k, dk, s, frontier, novice, w):
    k2 = min(1.0, k + dk)
    assert process_yield(k2, s, frontier, novice, w) >= process_yield(k, s, frontier, novice, w)


@settings(deadline=None, max_examples=150)
@given(k=unit, s=unit, ds=unit, frontier=frontiers, novice=novices, w=weights)
def test_process_yield_never_falls_as_skill_rises(k, s, ds, frontier, novice, w):
    s2 = min(1.0, s + ds)
    assert process_yield(k, s2, frontier, novice, w) >= process_yield(k, s, frontier, novice, w)


@settings(deadline=None, max_examples=100)
@given(k=st.floats(0.05, 0.9), s=st.floats(0.05, 0.9), w=weights)
def test_process_yield_rises_strictly_with_know_how_and_skill_inside_the_square(k, s, w):
    base = process_yield(k, s, FRONTIER, NOVICE, w)
    assert process_yield(k + 0.05, s, FRONTIER, NOVICE, w) > base
    assert process_yield(k, s + 0.05, FRONTIER, NOVICE, w) > base


@settings(deadline=None, max_examples=100)
@given(k=unit, s=unit, frontier=frontiers, novice=novices, w=weights)
def test_process_yield_is_fixed_when_know_how_and_skill_are_fixed(k, s, frontier, novice, w):
    first = process_yield(k, s, frontier, novice, w)
    assert all(process_yield(k, s, frontier, novice, w) == first for _ in range(3))
    assert novice - 1e-12 <= first <= frontier + 1e-12


@settings(deadline=None, max_examples=100)
@given(x=unit, frontier=frontiers, novice=novices, w=weights)
def test_process_yield_endpoints_are_the_novice_and_frontier_yields(x, frontier, novice, w):
    assert process_yield(1.0, 1.0, frontier, novice, w) == pytest.approx(frontier, rel=1e-12)
    assert process_yield(0.0, x, frontier, novice, w) == pytest.approx(novice, rel=1e-12)
    assert process_yield(x, 0.0, frontier, novice, w) == pytest.approx(novice, rel=1e-12)


# ---- oxide intensity ----------------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(
    frontier=frontiers,
    my=st.floats(0.63, 0.71),
    mature=st.floats(0.30, 0.36),
)
def test_oxide_intensity_is_the_mature_value_at_mature_practice(frontier, my, mature):
    """Frontier yield with the reference recycling share is mature practice (facts §3: 0.33 t)."""
    assert oxide_intensity(
        frontier, my, REFERENCE_RECYCLED_SHARE, frontier, mature
    ) == pytest.approx(mature, rel=1e-12)


@settings(deadline=None, max_examples=100)
@given(py=st.floats(0.2, 0.96), drop=st.floats(0.005, 0.1), recycled=st.floats(0.0, 0.9))
def test_oxide_intensity_rises_as_process_yield_falls(py, drop, recycled):
    lower = max(0.1, py - drop)
    assume(lower < py)
    assert oxide_intensity(lower, MATERIAL_YIELD, recycled, FRONTIER, MATURE) > oxide_intensity(
        py, MATERIAL_YIELD, recycled, FRONTIER, MATURE
    )


def test_a_novice_line_needs_more_oxide_than_mature_practice():
    assert oxide_intensity(NOVICE, MATERIAL_YIELD, RECYCLED, FRONTIER, MATURE) > MATURE


@settings(deadline=None, max_examples=100)
@given(py=st.floats(0.2, 0.9), recycled=st.floats(0.0, 0.85), more=st.floats(0.01, 0.1))
def test_oxide_intensity_falls_as_recycling_rises(py, recycled, more):
    assume(py < FRONTIER)
    less = oxide_intensity(py, MATERIAL_YIELD, recycled + more, FRONTIER, MATURE)
    assert less < oxide_intensity(py, MATERIAL_YIELD, recycled, FRONTIER, MATURE)


def test_full_recycling_makes_a_novice_line_need_no_more_oxide_than_a_scrap_free_one():
    """With every scrap kilogram recycled, the yield no longer matters."""
    assert oxide_intensity(0.5, MATERIAL_YIELD, 1.0, FRONTIER, MATURE) == pytest.approx(
        oxide_intensity(FRONTIER, MATERIAL_YIELD, 1.0, FRONTIER, MATURE)
    )


@settings(deadline=None, max_examples=50)
@given(recycled=st.floats(0.0, 0.9), more=st.floats(0.01, 0.1))
def test_recycling_more_than_the_reference_lowers_intensity_even_at_the_frontier(recycled, more):
    at = oxide_intensity(FRONTIER, MATERIAL_YIELD, recycled, FRONTIER, MATURE)
    assert oxide_intensity(FRONTIER, MATERIAL_YIELD, recycled + more, FRONTIER, MATURE) < at


# ---- the loss chain -----------------------------------------------------------------------------
chain_inputs = {
    "committed": st.floats(0.0, 20_000.0),
    "installed": st.floats(-100.0, 25_000.0),
    "usable": st.floats(-100.0, 25_000.0),
    "staffed": st.floats(-0.5, 1.5),
    "yield_ratio": st.floats(-0.5, 1.5),
    "oxide": st.floats(-0.5, 1.5),
    "production": st.floats(-100.0, 25_000.0),
}


@settings(deadline=None, max_examples=200)
@given(**chain_inputs)
def test_chain_stages_never_increase_and_losses_are_non_negative(
    committed, installed, usable, staffed, yield_ratio, oxide, production
):
    c = loss_chain(committed, installed, usable, staffed, yield_ratio, oxide, production)
    stages = [c.committed, c.installed, c.usable, c.staffed, c.good, c.supplied, c.production]
    assert all(a >= b for a, b in zip(stages, stages[1:], strict=False))
    assert c.production >= 0.0
    losses = [
        c.lost_to_capacity,
        c.lost_to_startup,
        c.lost_to_workforce,
        c.lost_to_yield,
        c.lost_to_materials,
        c.lost_to_market,
    ]
    assert all(loss >= 0.0 for loss in losses)


@settings(deadline=None, max_examples=200)
@given(**chain_inputs)
def test_chain_losses_sum_to_committed_minus_production(
    committed, installed, usable, staffed, yield_ratio, oxide, production
):
    c = loss_chain(committed, installed, usable, staffed, yield_ratio, oxide, production)
    total = (
        c.lost_to_capacity
        + c.lost_to_startup
        + c.lost_to_workforce
        + c.lost_to_yield
        + c.lost_to_materials
        + c.lost_to_market
    )
    assert total == pytest.approx(c.committed - c.production, rel=1e-9, abs=1e-9)


def test_each_stage_loses_what_its_cause_takes():
    c = loss_chain(1_000.0, 800.0, 800.0, 0.5, 0.75, 0.5, 100.0)
    assert c.lost_to_capacity == pytest.approx(200.0)
    assert c.lost_to_startup == 0.0
    assert c.lost_to_workforce == pytest.approx(400.0)
    assert c.lost_to_yield == pytest.approx(100.0)
    assert c.lost_to_materials == pytest.approx(150.0)
    assert c.lost_to_market == pytest.approx(50.0)
    assert c.binding() == "workforce"


def test_a_plant_in_start_up_loses_its_immature_share_and_staffing_binds_only_below_it():
    # 800 t installed at maturity 0.4: 480 t lost to start-up; a 60% crew covers the usable 320 t.
    c = loss_chain(1_000.0, 800.0, 320.0, 0.6, 1.0, 1.0, 320.0)
    assert c.lost_to_startup == pytest.approx(480.0)
    assert c.lost_to_workforce == 0.0
    assert c.binding() == "startup"
    # A 30% crew runs 240 t of the usable 320 t.
    thin = loss_chain(1_000.0, 800.0, 320.0, 0.3, 1.0, 1.0, 240.0)
    assert thin.lost_to_workforce == pytest.approx(80.0)


def test_a_plant_at_full_stretch_loses_nothing_and_binds_nowhere():
    c = loss_chain(1_200.0, 1_200.0, 1_200.0, 1.0, 1.0, 1.0, 1_200.0)
    assert c.committed == c.production == 1_200.0
    assert c.binding() == "none"


@pytest.mark.parametrize(
    "chain, stage",
    [
        (LossChain(1000, 100, 100, 100, 100, 100, 100), "capacity"),
        (LossChain(1000, 1000, 100, 100, 100, 100, 100), "startup"),
        (LossChain(1000, 1000, 1000, 100, 100, 100, 100), "workforce"),
        (LossChain(1000, 1000, 1000, 1000, 100, 100, 100), "yield"),
        (LossChain(1000, 1000, 1000, 1000, 1000, 100, 100), "materials"),
        (LossChain(1000, 1000, 1000, 1000, 1000, 1000, 100), "market"),
    ],
)
def test_the_binding_stage_is_the_largest_loss(chain, stage):
    assert chain.binding() == stage


def test_operation_is_the_share_of_usable_capacity_run():
    full = loss_chain(1_000.0, 1_000.0, 500.0, 1.0, 0.5, 1.0, 250.0)
    assert operation_share(full) == pytest.approx(1.0)  # 500 t usable, all run at half yield
    half = loss_chain(1_000.0, 1_000.0, 500.0, 1.0, 0.5, 1.0, 125.0)
    assert operation_share(half) == pytest.approx(0.5)
    idle = loss_chain(1_000.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0)
    assert operation_share(idle) == 0.0
