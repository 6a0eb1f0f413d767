"""The national labour pool (DESIGN.md §3 environment, §4 'Workforce')."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import Params
from ecosystem.environment import LabourPool


@settings(deadline=None, max_examples=150)
@given(
    novices=st.floats(0.0, 1_000.0),
    trained=st.floats(0.0, 1_000.0),
    experts=st.floats(0.0, 100.0),
    wanted=st.floats(0.0, 3_000.0),
)
def test_hiring_takes_the_most_skilled_first_and_never_more_than_wanted_or_available(
    novices, trained, experts, wanted
):
    pool = LabourPool(Params())
    pool.novices, pool.trained, pool.experts = novices, trained, experts
    n, t, e = pool.hire(wanted)
    assert n + t + e <= wanted + 1e-9
    assert min(n, t, e, pool.novices, pool.trained, pool.experts) >= 0.0
    assert (pool.novices + n, pool.trained + t, pool.experts + e) == pytest.approx(
        (novices, trained, experts)
    )
    if t > 0.0:
        assert pool.experts == pytest.approx(0.0)
    if n > 0.0:
        assert pool.experts == pytest.approx(0.0) and pool.trained == pytest.approx(0.0)
    assert n + t + e == pytest.approx(min(wanted, novices + trained + experts))


def test_leavers_return_to_the_pool_and_universities_add_graduates():
    p = Params()
    pool = LabourPool(p)
    before = (pool.novices, pool.trained, pool.experts)
    pool.release(5.0, 3.0, 1.0)
    assert (pool.novices, pool.trained, pool.experts) == pytest.approx(
        (before[0] + 5.0, before[1] + 3.0, before[2] + 1.0)
    )
    added = pool.add_graduates()
    assert added == pytest.approx(p.university_trained_per_yr / 12.0)
    assert pool.trained == pytest.approx(before[1] + 3.0 + added)


def test_the_pool_is_finite():
    pool = LabourPool(Params(labour_pool_novices=1_000.0, labour_pool_trained0=0.0))
    assert sum(pool.hire(5_000.0)) == pytest.approx(1_000.0)
    assert sum(pool.hire(10.0)) == 0.0
