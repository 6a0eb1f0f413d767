"""Export-control shocks: licence queue, buyers' cover, restocking (DESIGN.md §4)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms import shocks


def test_nothing_is_licensed_before_the_delay_then_the_approved_share_is():
    assert shocks.licensed_flow_target(False, 3, 6.0, 0.8, 0.5) == 1.0
    assert shocks.licensed_flow_target(True, 0, 6.0, 0.8, 0.5) == pytest.approx(0.2)
    assert shocks.licensed_flow_target(True, 5, 6.0, 0.8, 0.5) == pytest.approx(0.2)
    assert shocks.licensed_flow_target(True, 6, 6.0, 0.8, 0.5) == pytest.approx(0.6)
    assert shocks.licensed_flow_target(True, 6, 6.0, 0.8, 1.0) == pytest.approx(1.0)


def test_a_cut_bites_at_once_and_the_backlog_clears_at_its_rate():
    assert shocks.next_flow(1.0, 0.2, 0.15) == 0.2
    assert shocks.next_flow(0.2, 1.0, 0.25) == pytest.approx(0.4)
    assert shocks.next_flow(0.2, 1.0, 0.5) > shocks.next_flow(0.2, 1.0, 0.25)
    assert shocks.next_flow(0.999, 1.0, 0.1) == 1.0, "the last applications clear"


@settings(deadline=None, max_examples=100)
@given(flow=st.floats(0.0, 1.0), target=st.floats(0.0, 1.0), rate=st.floats(0.02, 1.0))
def test_the_flow_moves_toward_its_target_without_overshooting(flow, target, rate):
    nxt = shocks.next_flow(flow, target, rate)
    assert min(flow, target) - 1e-12 <= nxt <= max(flow, target) + 1e-12


def test_buyers_cover_a_shortage_from_stock_and_rebuild_it_over_the_restock_months():
    assert shocks.draw_cover(50.0, 20.0) == 20.0
    assert shocks.draw_cover(10.0, 20.0) == 10.0
    assert shocks.draw_cover(10.0, 0.0) == 0.0
    assert shocks.restock_t(0.0, 120.0, 3.0) == pytest.approx(40.0)
    assert shocks.restock_t(120.0, 120.0, 3.0) == 0.0
    assert shocks.restock_t(130.0, 120.0, 3.0) == 0.0
