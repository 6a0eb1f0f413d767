"""Start-up of a new plant: maturity from know-how and copying, rising with operation and effort."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms.startup import (
    engineering_effort,
    initial_maturity,
    maturity_gain,
    yield_factor,
)

unit = st.floats(0.0, 1.0)


def months_to(level: float, start: float, rate: float, capacity: float, exponent: float) -> int:
    """Months at full operation and effort until maturity reaches ``level``."""
    m, months = start, 0
    while m < level:
        m += maturity_gain(m, 1.0, 1.0, rate, capacity, exponent)
        months += 1
        assert months < 1_000
    return months


def test_a_frontier_maker_with_nothing_to_copy_starts_at_the_start_level():
    assert initial_maturity(1.0, 0.0, 0.35, 0.5) == pytest.approx(0.35)
    # Copying a mature plant exactly closes copy_gain of the rest.
    assert initial_maturity(1.0, 1.0, 0.35, 0.5) == pytest.approx(0.35 + 0.65 * 0.5)


@settings(deadline=None, max_examples=100)
@given(k=st.floats(0.0, 0.98), copy=unit, start=st.floats(0.1, 0.7), gain=st.floats(0.2, 0.8))
def test_more_know_how_and_closer_copying_start_a_plant_more_mature(k, copy, start, gain):
    m0 = initial_maturity(k, copy, start, gain)
    assert 0.0 <= m0 <= 1.0
    assert initial_maturity(k + 0.02, copy, start, gain) > m0 or k == 0.0 and m0 == 0.0
    assert initial_maturity(k, min(1.0, copy + 0.1), start, gain) >= m0


def test_a_plant_that_does_not_run_or_has_no_experts_does_not_mature():
    assert maturity_gain(0.3, 0.0, 1.0, 0.06, 1_000.0, 0.5) == 0.0
    assert maturity_gain(0.3, 1.0, 0.0, 0.06, 1_000.0, 0.5) == 0.0
    assert maturity_gain(1.0, 1.0, 1.0, 0.06, 1_000.0, 0.5) == 0.0


@settings(deadline=None, max_examples=100)
@given(m=st.floats(0.0, 0.99), op=st.floats(0.05, 0.95), effort=st.floats(0.05, 0.95))
def test_maturity_rises_faster_with_more_operation_and_more_effort(m, op, effort):
    base = maturity_gain(m, op, effort, 0.06, 1_000.0, 0.5)
    assert base > 0.0
    assert maturity_gain(m, op + 0.05, effort, 0.06, 1_000.0, 0.5) > base
    assert maturity_gain(m, op, effort + 0.05, 0.06, 1_000.0, 0.5) > base
    assert maturity_gain(m, op, effort, 0.06, 2_000.0, 0.5) < base  # more to debug
    assert m + maturity_gain(m, 1.0, 1.0, 0.06, 100.0, 0.5) <= 1.0


def test_at_the_defaults_an_experienced_makers_plant_reaches_80_percent_in_one_to_four_years():
    # facts §4: 1-2 years for a small plant, typically 2-4 years; maturity 0.84 ≈ 80% output at
    # the default start-up yield weight (0.84 × (1 - 0.3 × 0.16) ≈ 0.80).
    small = months_to(0.84, 0.35, 0.06, 500.0, 0.5)
    mid = months_to(0.84, 0.35, 0.06, 1_000.0, 0.5)
    large = months_to(0.84, 0.35, 0.06, 2_000.0, 0.5)
    assert 12 <= small < mid < large <= 48
    assert mid == pytest.approx(math.log(0.65 / 0.16) / -math.log(1 - 0.06), abs=1.5)


def test_engineering_effort_counts_experts_against_the_start_ups_need():
    assert engineering_effort(46.0, 230.0, 0.2) == pytest.approx(1.0)
    assert engineering_effort(23.0, 230.0, 0.2) == pytest.approx(0.5)
    assert engineering_effort(0.0, 230.0, 0.2) == 0.0
    assert engineering_effort(10.0, 0.0, 0.2) == 0.0


def test_start_up_scrap_lowers_yield_until_the_plant_is_mature():
    assert yield_factor(1.0, 0.3) == 1.0
    assert yield_factor(0.0, 0.3) == pytest.approx(0.7)
    assert yield_factor(0.5, 0.0) == 1.0
