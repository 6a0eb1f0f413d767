"""Public-lab know-how from research effort (DESIGN.md §4; ecosystem/mechanisms/research.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.research import lab_knowledge_gain, research_effort

people = st.floats(0.5, 200.0)
money = st.floats(0.1, 500.0)
scale = st.floats(0.05, 5.0)


def test_effort_is_researchers_times_the_funded_pace():
    # 20 researchers, ₹15 cr/yr: ₹0.75 cr each, half pace at ₹0.75 cr -> 10 researcher-years
    assert research_effort(20.0, 15.0, 0.75) == pytest.approx(10.0)
    assert research_effort(20.0, 45.0, 0.75) == pytest.approx(15.0)  # x = 3s: pace 3/4
    assert research_effort(0.0, 15.0, 0.75) == 0.0  # nobody researching
    assert research_effort(20.0, 0.0, 0.75) == 0.0  # no money
    assert research_effort(20.0, 15.0, 0.0) == 20.0  # money no constraint


@settings(deadline=None, max_examples=150)
@given(n=people, f=money, s=scale)
def test_effort_rises_with_people_and_money_and_is_bounded_by_each(n, f, s):
    e = research_effort(n, f, s)
    assert 0.0 < e <= min(n, f / s) + 1e-9
    assert research_effort(2 * n, f, s) > e
    assert research_effort(n, 2 * f, s) > e
    assert research_effort(n, f, 2 * s) < e


@settings(deadline=None, max_examples=150)
@given(k=st.floats(0.0, 0.999), e=st.floats(0.01, 200.0), r=st.floats(1e-4, 0.05))
def test_gain_is_proportional_to_effort_and_the_distance_to_the_frontier(k, e, r):
    gain = lab_knowledge_gain(k, e, r)
    assert gain == pytest.approx(r * e / 12.0 * (1.0 - k))
    assert lab_knowledge_gain(k, 2 * e, r) == pytest.approx(2 * gain)
    assert lab_knowledge_gain(k, 0.0, r) == 0.0
    assert lab_knowledge_gain(1.0, e, r) == 0.0
    if k + gain < 1.0:
        assert lab_knowledge_gain(k + gain, e, r) < gain  # diminishing as the gap closes


def test_default_lab_closes_three_percent_of_its_gap_a_year():
    yearly = 12 * lab_knowledge_gain(0.35, research_effort(20.0, 15.0, 0.75), 0.003)
    assert yearly == pytest.approx(0.03 * 0.65)
