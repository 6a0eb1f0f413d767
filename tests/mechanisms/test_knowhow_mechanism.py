"""Know-how and the expertise gap (DESIGN.md §4): Wright's law on the gap, absorption, poaching."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.knowhow import (
    absorptive_capacity,
    partner_absorption,
    poaching_knowhow_loss,
    spillover,
    wright_gap_factor,
)

rates = st.floats(min_value=0.01, max_value=0.5)
refs = st.floats(min_value=1.0, max_value=5_000.0)
multiples = st.floats(min_value=1.0, max_value=1_000.0)


# ---- Wright's law on the gap --------------------------------------------------------------------
@pytest.mark.parametrize("ref_t", [50.0, 200.0, 1_000.0])
@pytest.mark.parametrize("learning_rate", [0.05, 0.2, 0.35, 0.5])
def test_each_doubling_beyond_q0_multiplies_the_gap_by_one_minus_the_learning_rate(
    ref_t, learning_rate
):
    for cum in (ref_t, 1.7 * ref_t, 40.0 * ref_t):
        factor = wright_gap_factor(cum, 2.0 * cum, ref_t, learning_rate)
        assert factor == pytest.approx(1.0 - learning_rate, rel=1e-12)


@settings(deadline=None, max_examples=200)
@given(learning_rate=rates, ref_t=refs, multiple=multiples)
def test_doubling_law_holds_for_any_rate_reference_and_experience(learning_rate, ref_t, multiple):
    cum = ref_t * multiple
    factor = wright_gap_factor(cum, 2.0 * cum, ref_t, learning_rate)
    assert factor == pytest.approx(1.0 - learning_rate, rel=1e-12)


@settings(deadline=None, max_examples=100)
@given(learning_rate=rates, ref_t=refs, multiple=multiples)
def test_two_half_doublings_compose_to_one_doubling(learning_rate, ref_t, multiple):
    cum = ref_t * multiple
    mid = cum * math.sqrt(2.0)
    half = wright_gap_factor(cum, mid, ref_t, learning_rate)
    rest = wright_gap_factor(mid, 2.0 * cum, ref_t, learning_rate)
    assert half == pytest.approx(rest, rel=1e-12)
    assert half * rest == pytest.approx(
        wright_gap_factor(cum, 2.0 * cum, ref_t, learning_rate), rel=1e-12
    )
    assert half * rest == pytest.approx(1.0 - learning_rate, rel=1e-12)


@settings(deadline=None, max_examples=100)
@given(
    learning_rate=rates,
    ref_t=refs,
    cuts=st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=6),
    span=st.floats(min_value=0.0, max_value=100.0),
)
def test_monthly_steps_compose_to_the_whole_run_from_any_start(learning_rate, ref_t, cuts, span):
    """Successive calls compose exactly, including steps that start below Q0."""
    end = ref_t * (1.0 + span)
    points = [0.0, *sorted(c * end for c in cuts), end]
    product = 1.0
    for before, after in zip(points, points[1:], strict=False):
        product *= wright_gap_factor(before, after, ref_t, learning_rate)
    assert product == pytest.approx(wright_gap_factor(0.0, end, ref_t, learning_rate), rel=1e-9)


@settings(deadline=None, max_examples=100)
@given(learning_rate=rates, ref_t=refs, a=st.floats(0.0, 1.0), b=st.floats(0.0, 1.0))
def test_no_learning_by_doing_below_the_reference_experience(learning_rate, ref_t, a, b):
    lo, hi = sorted((a * ref_t, b * ref_t))
    assert wright_gap_factor(lo, hi, ref_t, learning_rate) == 1.0


@settings(deadline=None, max_examples=100)
@given(learning_rate=rates, ref_t=refs, multiple=st.floats(0.0, 1_000.0))
def test_no_output_no_learning(learning_rate, ref_t, multiple):
    cum = ref_t * multiple
    assert wright_gap_factor(cum, cum, ref_t, learning_rate) == 1.0


def test_zero_learning_rate_leaves_the_gap_alone():
    assert wright_gap_factor(200.0, 10_000.0, 200.0, 0.0) == 1.0


@settings(deadline=None, max_examples=100)
@given(learning_rate=rates, ref_t=refs, multiple=st.floats(1.0001, 1_000.0))
def test_output_beyond_q0_strictly_narrows_the_gap_and_never_reverses_it(
    learning_rate, ref_t, multiple
):
    factor = wright_gap_factor(ref_t, ref_t * multiple, ref_t, learning_rate)
    assert 0.0 < factor < 1.0


def test_crossing_q0_counts_only_the_experience_beyond_it():
    # From 0 to 4 * Q0 is two doublings beyond Q0, not an infinite number from zero.
    assert wright_gap_factor(0.0, 800.0, 200.0, 0.2) == pytest.approx(0.8**2, rel=1e-12)
    assert wright_gap_factor(100.0, 400.0, 200.0, 0.2) == pytest.approx(0.8, rel=1e-12)


def test_faster_learning_closes_more_of_the_gap_per_doubling():
    factors = [wright_gap_factor(200.0, 1_600.0, 200.0, lr) for lr in (0.05, 0.1, 0.2, 0.3, 0.5)]
    assert factors == sorted(factors, reverse=True)
    assert len(set(factors)) == len(factors)


# ---- absorption and spillovers ------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(
    staffed=st.floats(0.0, 1.0),
    skill=st.floats(0.0, 1.0),
    bonus=st.floats(0.0, 0.5),
    linked=st.booleans(),
)
def test_absorptive_capacity_is_a_share_and_grows_with_people_skill_and_r_and_d_links(
    staffed, skill, bonus, linked
):
    cap = absorptive_capacity(staffed, skill, linked, bonus, 0.3, 0.7)
    assert 0.0 <= cap <= 1.0
    assert absorptive_capacity(staffed, min(1.0, skill + 0.1), linked, bonus, 0.3, 0.7) >= cap
    assert absorptive_capacity(min(1.0, staffed + 0.1), skill, linked, bonus, 0.3, 0.7) >= cap
    assert absorptive_capacity(staffed, skill, True, bonus, 0.3, 0.7) >= absorptive_capacity(
        staffed, skill, False, bonus, 0.3, 0.7
    )


def test_no_employees_no_absorption_whatever_the_links():
    assert absorptive_capacity(0.0, 1.0, True, 0.5, 0.3, 0.7) == 0.0
    # A half crew of novices absorbs half of what a full crew of novices would.
    assert absorptive_capacity(0.5, 0.0, False, 0.2, 0.3, 0.7) == pytest.approx(0.15)
    assert absorptive_capacity(1.0, 0.0, False, 0.2, 0.3, 0.7) == pytest.approx(0.3)


def test_an_r_and_d_link_raises_absorptive_capacity_below_the_cap():
    assert absorptive_capacity(1.0, 0.3, True, 0.2, 0.3, 0.7) > absorptive_capacity(
        1.0, 0.3, False, 0.2, 0.3, 0.7
    )


@settings(deadline=None, max_examples=100)
@given(
    k=st.floats(0.0, 1.0),
    intensity=st.floats(0.0, 1.0),
    rate=st.floats(0.0, 0.1),
    absorptive=st.floats(0.0, 1.0),
)
def test_partner_absorption_is_proportional_to_intensity_distance_and_absorptive_capacity(
    k, intensity, rate, absorptive
):
    dk = partner_absorption(k, intensity, rate, absorptive)
    assert dk >= 0.0
    assert k + dk <= 1.0 + 1e-12
    assert partner_absorption(k, 2 * intensity, rate, absorptive) == pytest.approx(
        2 * dk, abs=1e-15
    )
    assert partner_absorption(k, intensity, rate, absorptive / 2) == pytest.approx(
        dk / 2, abs=1e-15
    )


def test_partner_absorption_falls_as_the_firm_nears_the_frontier_and_stops_there():
    gains = [partner_absorption(k, 1.0, 0.02, 0.8) for k in (0.1, 0.4, 0.7, 0.95)]
    assert gains == sorted(gains, reverse=True)
    assert partner_absorption(1.0, 1.0, 0.02, 0.8) == 0.0


def test_spillover_flows_only_from_a_source_that_knows_more():
    assert spillover(0.2, 0.5, 0.01) == pytest.approx(0.003)
    assert spillover(0.5, 0.2, 0.01) == 0.0
    assert spillover(0.5, 0.5, 0.01) == 0.0


# ---- poaching -----------------------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(
    k=st.floats(0.01, 1.0),
    before=st.floats(0.1, 500.0),
    lost_share=st.floats(0.001, 1.0),
    loss_share=st.floats(0.01, 1.0),
)
def test_poached_experts_take_know_how_with_them(k, before, lost_share, loss_share):
    loss = poaching_knowhow_loss(k, lost_share * before, before, loss_share)
    assert 0.0 < loss <= loss_share * k + 1e-15
    assert (
        poaching_knowhow_loss(k, min(before, 2 * lost_share * before), before, loss_share) >= loss
    )


@pytest.mark.parametrize("lost, before", [(0.0, 10.0), (0.0, 0.0), (3.0, 0.0), (-1.0, 10.0)])
def test_no_expert_leaves_no_know_how_leaves(lost, before):
    assert poaching_knowhow_loss(0.6, lost, before, 0.3) == 0.0


def test_losing_every_expert_costs_the_loss_share_of_know_how():
    assert poaching_knowhow_loss(0.6, 10.0, 10.0, 0.3) == pytest.approx(0.18)
    assert poaching_knowhow_loss(0.6, 50.0, 10.0, 0.3) == pytest.approx(0.18)
