"""Domestic demand for NdFeB magnets by sector (DESIGN.md §2 'Demand', §3 environment)."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.prices import thrift_factor
from ecosystem.params import Params


@dataclass(frozen=True, slots=True)
class Segment:
    """A slice of addressable demand with the conditions a domestic seller must meet."""

    name: str
    share: float
    needs_qualification: bool
    needs_high_grade: bool
    domestic_preferred: bool


def segments(p: Params) -> tuple[Segment, ...]:
    """Sector × grade segments of addressable demand; shares sum to 1.

    Defence/medical/industrial (the remainder) buys domestic; autos and wind buy only from
    qualified firms; part of auto demand needs high-grade magnets.
    """
    autos_high = p.sector_share_autos * p.high_grade_share_autos
    autos_std = p.sector_share_autos - autos_high
    defence = max2(
        0.0, 1.0 - p.sector_share_autos - p.sector_share_electronics - p.sector_share_wind
    )
    return (
        Segment("defence", defence, False, False, True),
        Segment("autos_high_grade", autos_high, True, True, False),
        Segment("autos_standard", autos_std, True, False, False),
        Segment("wind", p.sector_share_wind, True, True, False),
        Segment("electronics", p.sector_share_electronics, False, False, False),
    )


def total_demand_t(month: int, p: Params) -> float:
    """Total NdFeB demand incl. magnets inside imported devices (t/yr): compound growth."""
    return p.demand_total_t0 * (1.0 + p.demand_growth_per_yr) ** (month / 12.0)


def addressable_share(month: int, p: Params) -> float:
    """Share of total demand bought as loose magnets by makers in India, rising with assembly."""
    return min2(
        p.assembly_share_max, p.addressable_share0 + p.assembly_share_growth_per_yr * month / 12.0
    )


class Demand:
    """Demand in a month: total, addressable, and the thrifting response to price spikes."""

    def __init__(self, params: Params) -> None:
        self.p = params
        self.segments = segments(params)
        self.total_t = total_demand_t(0, params)
        self.addressable_t = self.total_t * addressable_share(0, params)

    def update(
        self, month: int, price_inr_per_kg: float, reference_price_inr_per_kg: float
    ) -> None:
        """Set this month's demands (t/yr), cut by thrifting when prices exceed the reference."""
        thrift = thrift_factor(
            price_inr_per_kg, reference_price_inr_per_kg, self.p.price_elasticity
        )
        self.total_t = total_demand_t(month, self.p) * thrift
        self.addressable_t = self.total_t * addressable_share(month, self.p)
