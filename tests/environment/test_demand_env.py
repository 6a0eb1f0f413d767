"""Domestic demand by sector (DESIGN.md §2 'Demand', §3 environment)."""

from __future__ import annotations

import pytest

from ecosystem import Params
from ecosystem.environment import Demand
from ecosystem.environment.demand import addressable_share, segments, total_demand_t


def test_segments_cover_all_addressable_demand_and_defence_buys_domestic():
    segs = segments(Params())
    assert sum(s.share for s in segs) == pytest.approx(1.0)
    assert all(s.share >= 0.0 for s in segs)
    preferred = [s for s in segs if s.domestic_preferred]
    assert [s.name for s in preferred] == ["defence"]
    assert all(s.needs_qualification for s in segs if s.name.startswith("autos"))


def test_total_demand_grows_at_its_rate_and_the_addressable_share_rises_to_its_ceiling():
    p = Params()
    assert total_demand_t(12, p) == pytest.approx(p.demand_total_t0 * (1 + p.demand_growth_per_yr))
    shares = [addressable_share(m, p) for m in range(0, 600, 12)]
    assert shares == sorted(shares)
    assert shares[0] == pytest.approx(p.addressable_share0) and shares[-1] == pytest.approx(
        p.assembly_share_max
    )


def test_a_price_spike_above_the_reference_shrinks_demand():
    p = Params(price_elasticity=0.3)
    calm, spiked = Demand(p), Demand(p)
    calm.update(24, 5_000.0, 5_000.0)
    spiked.update(24, 7_500.0, 5_000.0)
    assert spiked.total_t == pytest.approx(calm.total_t * 1.5**-0.3)
    assert spiked.addressable_t < calm.addressable_t
