"""Customer qualification by buyer segment: own periods, then volume in steps (DESIGN.md §4)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import Params
from ecosystem.agents.customers import Customers
from ecosystem.environment.demand import segments
from ecosystem.mechanisms.qualification import (
    BUYER_OF_SEGMENT,
    BUYERS,
    is_qualified,
    volume_share,
)


def test_every_demand_segment_has_a_buyer_segment():
    assert {s.name for s in segments(Params())} == set(BUYER_OF_SEGMENT)
    assert set(BUYER_OF_SEGMENT.values()) == set(BUYERS)


def test_qualification_waits_its_period_from_stable_quality():
    assert not is_qualified(None, 50, 6.0)
    assert not is_qualified(40, 45, 6.0)
    assert is_qualified(40, 46, 6.0)


def test_volume_moves_over_in_steps_not_in_one_jump():
    shares = [volume_share(m, 12.0, 3) for m in range(14)]
    assert volume_share(None, 12.0, 3) == 0.0
    assert shares[0] == 1 / 3 and shares[3] == 1 / 3
    assert shares[4] == 2 / 3 and shares[7] == 2 / 3
    assert shares[8] == 1.0 and shares[13] == 1.0
    assert volume_share(0, 0.0, 3) == 1.0  # no ramp: all at once


@settings(deadline=None, max_examples=100)
@given(m=st.integers(0, 60), ramp=st.floats(1.0, 24.0), steps=st.integers(1, 6))
def test_volume_share_never_falls_and_stays_in_unit_range(m, ramp, steps):
    now, later = volume_share(m, ramp, steps), volume_share(m + 1, ramp, steps)
    assert 0.0 < now <= later <= 1.0


def test_each_segment_qualifies_after_its_own_period_and_wind_needs_high_grade():
    p = Params(
        qualification_months=18.0,
        qualification_months_wind=24.0,
        qualification_months_consumer=6.0,
        qualification_months_defence=12.0,
    )
    c = Customers()
    done: dict[str, int] = {}
    for month in range(10, 60):
        high = month >= 20  # high-grade quality from month 20
        for buyer in c.update(p, month, stable=True, high_grade=high):
            done[buyer] = month
    assert done == {"consumer": 16, "defence": 22, "automotive": 28, "wind": 44}
    assert c.access(p, "electronics", 16) > 0.0 and c.access(p, "autos_standard", 27) == 0.0


def test_unstable_quality_never_qualifies():
    c = Customers()
    for month in range(100):
        assert c.update(Params(), month, stable=False, high_grade=True) == []
