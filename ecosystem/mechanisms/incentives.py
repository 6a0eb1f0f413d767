"""The scheme's incentives (DESIGN.md §4; facts §1): sales-linked incentive and capital subsidy."""

from __future__ import annotations

#: ₹ crore per (tonne × ₹/kg): 1 t = 1,000 kg and 1 crore = 1e7 ₹.
CR_PER_T_INR_PER_KG = 1e-4


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
    return max(0.0, min(due, cap_share * net_sales_cr, firm_remaining_cr, pool_remaining_cr))


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


def capex_subsidy_milestone_share(construction_done: float, commissioned: bool) -> float:
    """Share of the entitlement payable so far: half at mid-construction, the rest at commissioning.

    The scheme pays "at milestones" (facts §1); the two-milestone split is an assumption.
    """
    if commissioned:
        return 1.0
    return 0.5 if construction_done >= 0.5 else 0.0


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
    entitled = min(share * eligible_investment_cr, firm_cap_cr)
    return max(0.0, min(entitled - paid_to_firm_cr, pool_remaining_cr))


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
