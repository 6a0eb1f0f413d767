"""Firms' investment arithmetic: annuities, a bid's expected NPV and its rate (DESIGN.md §4)."""

from __future__ import annotations


def annuity_factor(rate_per_yr: float, years: float) -> float:
    """Present value of 1 per year for ``years`` at ``rate_per_yr`` (yearly discounting)."""
    if rate_per_yr <= 0.0:
        return years
    return (1.0 - (1.0 + rate_per_yr) ** (-years)) / rate_per_yr


def bid_npv_cr(
    capacity_t: float,
    margin_inr_per_kg: float,
    sli_rate_inr_per_kg: float,
    capex_cr: float,
    subsidy_cr: float,
    hurdle: float,
    life_years: float,
    build_years: float,
    sli_years: float,
    utilisation: float,
) -> float:
    """Expected NPV (₹ crore) of building ``capacity_t`` under the scheme.

    Cash flows per year at ``utilisation``: ``output * (margin + sli_rate)`` during the SLI years,
    ``output * margin`` after; both start after ``build_years`` and are discounted at the hurdle
    rate; ``capex - subsidy`` is spent up front.
    """
    output_t = capacity_t * utilisation
    to_cr = 1e-4
    start = (1.0 + hurdle) ** (-build_years)
    sli_years = min(sli_years, life_years)
    pv_margin = output_t * margin_inr_per_kg * to_cr * annuity_factor(hurdle, life_years) * start
    pv_sli = output_t * sli_rate_inr_per_kg * to_cr * annuity_factor(hurdle, sli_years) * start
    return pv_margin + pv_sli - (capex_cr - subsidy_cr)


def required_sli_rate(
    capacity_t: float,
    margin_inr_per_kg: float,
    capex_cr: float,
    subsidy_cr: float,
    hurdle: float,
    life_years: float,
    build_years: float,
    sli_years: float,
    utilisation: float,
) -> float:
    """Lowest SLI rate (₹/kg) at which the bid's NPV is zero; may be negative (no support needed).

    Solves ``bid_npv_cr(rate) = 0``, linear in the rate. Lower expected cost (higher margin) →
    lower rate.
    """
    npv0 = bid_npv_cr(
        capacity_t,
        margin_inr_per_kg,
        0.0,
        capex_cr,
        subsidy_cr,
        hurdle,
        life_years,
        build_years,
        sli_years,
        utilisation,
    )
    per_rupee = bid_npv_cr(
        capacity_t, 0.0, 1.0, 0.0, 0.0, hurdle, life_years, build_years, sli_years, utilisation
    )
    if per_rupee <= 0.0:
        return float("inf")
    return -npv0 / per_rupee
