"""Firms' investment arithmetic: annuities, a bid's expected NPV and its rate (DESIGN.md §4)."""

from __future__ import annotations

from ecosystem.units import CR_PER_T_INR_PER_KG


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
    to_cr = CR_PER_T_INR_PER_KG
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


def plant_capex_cr(capacity_t: float, capex_cr_per_kt: float, scale_exponent: float) -> float:
    """Investment in an integrated plant (₹ crore): ``capex_per_kt * (capacity / 1000) ** b``.

    ``b = 1`` is a constant cost per tonne (facts §4 quotes capex per t/yr); ``b < 1`` is the
    economy of scale of process plants (the "six-tenths rule"), which makes small plants dearer
    per tonne and large ones cheaper, relative to a 1,000 t/yr plant.
    """
    if scale_exponent == 1.0:
        return capacity_t / 1000.0 * capex_cr_per_kt
    return (capacity_t / 1000.0) ** scale_exponent * capex_cr_per_kt


def expected_floor_margin_inr(
    market_price: float,
    floor: float,
    passthrough: float,
    support_years: float,
    life_years: float,
) -> float:
    """Extra margin a firm expects from a price floor over its plant's life (₹/kg).

    The floor pays ``max(0, floor - market price)`` per kg sold; the firm keeps the share it does
    not pass on to buyers, for the share of the plant's life the floor lasts:
    ``max(0, floor - market) * (1 - passthrough) * min(1, support_years / life_years)``.
    """
    share = min(1.0, support_years / life_years) if life_years > 0 else 1.0
    return max(0.0, floor - market_price) * (1.0 - passthrough) * share
