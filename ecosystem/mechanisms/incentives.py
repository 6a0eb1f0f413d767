"""The scheme's incentives (DESIGN.md §4; facts §1): sales-linked incentive and capital subsidy."""

from __future__ import annotations

import sys

from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.units import CR_PER_T_INR_PER_KG


def sli_due_cr(
    sales_t: float,
    rate_inr_per_kg: float,
    shape_factor: float,
    net_sales_cr: float,
    cap_share: float,
    firm_remaining_cr: float,
    pool_remaining_cr: float,
) -> float:
    """SLI payable for one month's eligible sales (₹ crore).

    ``min(sales * rate * shape, cap_share * net_sales, firm's remaining maximum, pool remaining)``:
    the bid rate per kg sold, capped at 40% of net sales, the per-firm maximum and the pool
    (facts §1). Never negative.
    """
    due = sales_t * rate_inr_per_kg * shape_factor * CR_PER_T_INR_PER_KG
    return max2(0.0, min(due, cap_share * net_sales_cr, firm_remaining_cr, pool_remaining_cr))


def sli_in_window(
    month: int, commissioned: bool, award_month: int, gestation: int, window: int
) -> bool:
    """SLI is paid after commissioning within award + gestation … award + gestation + window."""
    start = award_month + gestation
    return commissioned and start <= month < start + window


def sli_firm_max_cr(
    capacity_t: float, ceiling_inr_per_kg: float, window_months: int, pool_scale: float
) -> float:
    """Per-firm SLI maximum: allocated capacity × window years × ceiling, scaled with the pool.

    Facts §1: ₹645-1,290 crore for 600-1,200 t at ₹2,150/kg over 5 years. ``pool_scale`` is the
    pool parameter over ₹6,450 crore.
    """
    return (
        capacity_t * ceiling_inr_per_kg * CR_PER_T_INR_PER_KG * (window_months / 12.0) * pool_scale
    )


def capex_subsidy_cap_cr(
    capacity_t: float,
    cap_min_cr: float,
    cap_max_cr: float,
    cap_min_t: float,
    cap_max_t: float,
    step_t: float = 100.0,
) -> float:
    """Per-firm capital subsidy cap, linear between ₹75 cr at 600 t and ₹150 cr at 1,100-1,200 t.

    The top cap applies from one capacity step below the largest bid (facts §1: 1,100-1,200 t).
    """
    top_t = cap_max_t - step_t if cap_max_t - step_t > cap_min_t else cap_max_t
    if capacity_t <= cap_min_t:
        return cap_min_cr
    if capacity_t >= top_t:
        return cap_max_cr
    return cap_min_cr + (cap_max_cr - cap_min_cr) * (capacity_t - cap_min_t) / (top_t - cap_min_t)


def capex_subsidy_milestone_share(
    construction_done: float, commissioned: bool, milestone: float, first_share: float
) -> float:
    """Share of the entitlement payable so far: a first tranche part-way, the rest at the end.

    ``first_share`` once construction reaches ``milestone``, all of it at commissioning. The
    scheme pays "at milestones" (facts §1); the milestones and the split are assumptions (Params
    ``capex_subsidy_milestone_progress`` 0.5, ``capex_subsidy_first_tranche_share`` 0.5).
    """
    if commissioned:
        return 1.0
    return first_share if construction_done >= milestone else 0.0


def capex_subsidy_due_cr(
    eligible_investment_cr: float,
    share: float,
    firm_cap_cr: float,
    paid_to_firm_cr: float,
    pool_remaining_cr: float,
) -> float:
    """Capital subsidy payable at a milestone: 15% of eligible investment so far, within caps.

    ``min(share * investment, firm cap) - already paid``, never more than the pool holds.
    """
    entitled = min2(share * eligible_investment_cr, firm_cap_cr)
    return max2(0.0, min2(entitled - paid_to_firm_cr, pool_remaining_cr))


def net_worth_required_cr(
    capacity_t: float,
    nw_min: float,
    nw_max: float,
    cap_min_t: float,
    cap_max_t: float,
    step_t: float = 100.0,
) -> float:
    """Net worth a bidder needs for a capacity: ₹180 cr at 600 t to ₹375 cr at 1,100-1,200 t."""
    return capex_subsidy_cap_cr(capacity_t, nw_min, nw_max, cap_min_t, cap_max_t, step_t)


# ---- incentive designs (policy levers) -------------------------------------------------------
SLI_SHAPES: tuple[str, ...] = ("flat", "tapering", "front_loaded")


def sli_shape_factors(shape: str, n_years: int, strength: float) -> tuple[float, ...]:
    """Shape factor of the SLI rate for each incentive year; the factors average exactly 1.

    ``flat``: 1 every year (as approved). ``tapering``: linear from ``1 + s`` in the first year to
    ``1 - s`` in the last, ``f_y = 1 + s (n - 1 - 2y) / (n - 1)``. ``front_loaded``: geometric,
    ``f_y = n r^y / Σ r^k`` with ``r = 1 - s``. A mean of 1 keeps the total a firm earns at full
    output over the window (and so the per-firm maximum, allocated capacity × years × ceiling)
    as under the flat rate (DESIGN.md §4; PLI schemes taper their rates).
    """
    n = max2(1, int(n_years))
    if shape == "flat" or n == 1 or strength <= 0.0:
        return (1.0,) * n
    if shape == "tapering":
        return tuple(1.0 + strength * (n - 1 - 2 * y) / (n - 1) for y in range(n))
    if shape == "front_loaded":
        r = 1.0 - strength
        weights = [r**y for y in range(n)]
        total = sum(weights)
        return tuple(n * w / total for w in weights)
    raise ValueError(f"unknown SLI shape {shape!r}; one of {', '.join(SLI_SHAPES)}")


def sli_shape_factor(factors: tuple[float, ...], month: int, window_start: int) -> float:
    """The factor of the incentive year that ``month`` falls in (years count from the window)."""
    year = (month - window_start) // 12
    return factors[min2(max2(year, 0), len(factors) - 1)]


def shape_pv_multiplier(factors: tuple[float, ...], rate_per_yr: float) -> float:
    """Present value of the shaped SLI stream relative to the flat one at the same rate.

    ``Σ f_y d_y / Σ d_y`` with ``d_y = (1 + rate)^-(y+1)``: above 1 for a front-loaded shape
    (money comes earlier), 1 for the flat one. A bidder divides the rate it needs by it.
    """
    d = [(1.0 + rate_per_yr) ** -(y + 1) for y in range(len(factors))]
    return sum(f * w for f, w in zip(factors, d, strict=True)) / sum(d)


def pool_split(sli_pool_cr: float, capex_pool_cr: float, shift_share: float) -> tuple[float, float]:
    """The two pools after moving money between them at equal total outlay (₹ crore).

    ``shift > 0`` moves that share of the SLI pool to the capital subsidy; ``shift < 0`` moves
    ``|shift|`` of the capital-subsidy pool to the SLI. The total is unchanged.
    """
    if shift_share >= 0.0:
        moved = sli_pool_cr * shift_share
        return sli_pool_cr - moved, capex_pool_cr + moved
    moved = capex_pool_cr * -shift_share
    return sli_pool_cr + moved, capex_pool_cr - moved


def pool_scale(effective_cr: float, configured_cr: float) -> float:
    """How much a pool grew or shrank through the mix lever (1 when it did not).

    Finite even for a vanishing configured pool (the ratio is capped at the largest float), so
    a zero cap scaled by it stays zero instead of becoming NaN.
    """
    if configured_cr <= 0.0 or effective_cr == configured_cr:
        return 1.0
    return min2(effective_cr / configured_cr, sys.float_info.max)


def domestic_oxide_share(domestic_t: float, total_t: float) -> float:
    """Share of a firm's oxide bought from IREL (0 when it bought none)."""
    return domestic_t / total_t if total_t > 0.0 else 0.0


def sli_eligible(domestic_share: float, min_share: float) -> bool:
    """Domestic value-addition rule: SLI only when the domestic oxide share reaches the minimum.

    With no rule (``min_share = 0``) every sale qualifies, as in the approved scheme (facts §1).
    """
    return min_share <= 0.0 or domestic_share >= min_share - 1e-12


def months_late(month: int, commissioned: bool, deadline: int) -> int:
    """Months a scheme plant is past its commissioning deadline (0 once commissioned or on time)."""
    return 0 if commissioned or month < deadline else month - deadline + 1


def clawback_due_cr(
    subsidy_received_cr: float, clawed_cr: float, share_per_month: float, late: int
) -> float:
    """Capital subsidy recovered from a late plant this month (₹ crore).

    Each month late repays ``share_per_month`` of the subsidy received, never more than was
    received in all: ``min(share * received, received - already clawed back)`` while late.
    """
    if late <= 0 or share_per_month <= 0.0:
        return 0.0
    return max2(0.0, min2(share_per_month * subsidy_received_cr, subsidy_received_cr - clawed_cr))
