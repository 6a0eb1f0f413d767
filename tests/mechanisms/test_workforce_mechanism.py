"""Workforce: the novice → trained → expert chain (DESIGN.md §4 'Workforce')."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.workforce import (
    attrition,
    effective_workers,
    poached_experts,
    promotions,
    skill,
    staffed_share,
    workers_needed,
)

counts = st.floats(0.0, 5_000.0)


# ---- skill --------------------------------------------------------------------------------------
@settings(deadline=None, max_examples=150)
@given(n=counts, t=counts, e=counts)
def test_skill_is_a_share(n, t, e):
    assert 0.0 <= skill(n, t, e) <= 1.0


def test_nobody_employed_means_no_skill_and_all_experts_full_skill():
    assert skill(0.0, 0.0, 0.0) == 0.0
    assert skill(0.0, 0.0, 40.0) == pytest.approx(1.0)
    assert skill(40.0, 0.0, 0.0) < skill(0.0, 40.0, 0.0) < skill(0.0, 0.0, 40.0)


@settings(deadline=None, max_examples=100)
@given(n=st.floats(1.0, 1_000.0), t=counts, e=counts, moved=st.floats(0.01, 1.0))
def test_promoting_anyone_raises_skill(n, t, e, moved):
    m = moved * n
    assert skill(n - m, t + m, e) > skill(n, t, e)
    assert skill(n - m, t, e + m) > skill(n - m, t + m, e)


@settings(deadline=None, max_examples=100)
@given(n=counts, t=counts, e=counts)
def test_skill_weighted_headcount_never_exceeds_headcount(n, t, e):
    assert 0.0 <= effective_workers(n, t, e) <= n + t + e + 1e-9


def test_a_plant_needs_workers_in_proportion_to_capacity():
    assert workers_needed(1_000.0, 230.0) == pytest.approx(230.0)
    assert workers_needed(600.0, 230.0) == pytest.approx(138.0)


@settings(deadline=None, max_examples=100)
@given(effective=counts, needed=counts)
def test_staffed_share_is_a_share_and_full_once_enough_are_employed(effective, needed):
    share = staffed_share(effective, needed)
    assert 0.0 <= share <= 1.0
    assert staffed_share(needed, needed) == 1.0
    if needed > 0.0 and effective < needed:
        assert share == pytest.approx(effective / needed)


# ---- training needs trainers --------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(
    n=counts,
    t=counts,
    per=st.floats(1.0, 20.0),
    months=st.floats(4.0, 24.0),
    exp=st.floats(12.0, 84.0),
)
def test_no_trainers_no_promotion(n, t, per, months, exp):
    assert promotions(n, t, 0.0, per, months, exp) == (0.0, 0.0)


@settings(deadline=None, max_examples=150)
@given(
    n=counts,
    t=counts,
    trainers=st.floats(0.0, 500.0),
    more=st.floats(0.0, 500.0),
    per=st.floats(1.0, 20.0),
    months=st.floats(4.0, 24.0),
    exp=st.floats(12.0, 84.0),
)
def test_more_trainers_never_promote_fewer(n, t, trainers, more, per, months, exp):
    up_n, up_t = promotions(n, t, trainers, per, months, exp)
    up_n2, up_t2 = promotions(n, t, trainers + more, per, months, exp)
    assert up_n2 >= up_n
    assert up_n2 + up_t2 >= up_n + up_t - 1e-12


@settings(deadline=None, max_examples=150)
@given(
    n=counts,
    t=counts,
    trainers=st.floats(0.0, 1_000.0),
    per=st.floats(1.0, 20.0),
    months=st.floats(4.0, 24.0),
    exp=st.floats(12.0, 84.0),
)
def test_promotions_never_exceed_the_workers_available_or_the_trainee_places(
    n, t, trainers, per, months, exp
):
    up_n, up_t = promotions(n, t, trainers, per, months, exp)
    assert 0.0 <= up_n <= n / months + 1e-9
    assert 0.0 <= up_t <= t / exp + 1e-9
    assert up_n * months + up_t * exp <= trainers * per + 1e-6


def test_promotions_grow_with_trainers_until_every_novice_has_a_place():
    promoted = [
        promotions(120.0, 0.0, trainers, 6.0, 12.0, 36.0)[0] for trainers in (1, 5, 10, 20, 40)
    ]
    # 20 trainers x 6 places = 120 novices: beyond that, more trainers change nothing.
    assert promoted[:4] == sorted(promoted[:4]) and len(set(promoted[:4])) == 4
    assert promoted[3] == promoted[4] == pytest.approx(120.0 / 12.0)


def test_novices_fill_trainee_places_before_trained_workers():
    assert promotions(100.0, 100.0, 10.0, 6.0, 12.0, 36.0) == pytest.approx((60.0 / 12.0, 0.0))
    assert promotions(30.0, 100.0, 10.0, 6.0, 12.0, 36.0) == pytest.approx(
        (30.0 / 12.0, 30.0 / 36.0)
    )


# ---- leaving ------------------------------------------------------------------------------------
@settings(deadline=None, max_examples=100)
@given(count=counts, rate=st.floats(0.0, 0.99))
def test_attrition_is_a_monthly_share_of_the_yearly_rate(count, rate):
    leaving = attrition(count, rate)
    assert 0.0 <= leaving <= count
    remaining = count
    for _ in range(12):
        remaining -= attrition(remaining, rate)
    assert remaining == pytest.approx(count * (1.0 - rate), rel=1e-9, abs=1e-9)


@settings(deadline=None, max_examples=100)
@given(experts=counts, share=st.floats(0.0, 0.1), gap=st.floats(-1.0, 3.0))
def test_poaching_needs_a_better_payer_and_takes_at_most_the_monthly_share(experts, share, gap):
    moved = poached_experts(experts, share, gap)
    assert 0.0 <= moved <= share * experts + 1e-12
    if gap <= 0.0:
        assert moved == 0.0


def test_a_wider_pay_gap_poaches_more_experts():
    assert poached_experts(50.0, 0.02, 0.1) < poached_experts(50.0, 0.02, 0.3) > 0.0
