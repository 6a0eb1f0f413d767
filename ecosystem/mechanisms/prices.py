"""Prices and buyers' choices (DESIGN.md §4: prices, costs, market)."""

from __future__ import annotations

import math
from itertools import groupby

from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.units import (
    CR_PER_T_INR_PER_KG,
    inr_per_kg_from_cr_per_kt,
    inr_per_kg_from_lakh_per_kt,
)


def china_magnet_price_usd(
    oxide_usd_per_kg: float, margin_usd_per_kg: float, intensity: float
) -> float:
    """Chinese magnet price: oxide cost per kg of magnet plus a processing margin (US$/kg).

    ``p = oxide_price * 0.33 + margin`` (facts §2: US$51/kg in 2024 at oxide ≈ US$55).
    """
    return oxide_usd_per_kg * intensity + margin_usd_per_kg


def landed_import_price_inr(china_price_usd: float, duty_share: float, fx: float) -> float:
    """Import price in India including customs duty (₹/kg)."""
    return china_price_usd * (1.0 + duty_share) * fx


def domestic_price_inr(
    import_price: float,
    premium_share: float,
    sli_rate: float,
    passthrough: float,
    normal_cost: float = math.inf,
    markup: float = 0.0,
) -> float:
    """Domestic firms' price rule (₹/kg): cost plus markup within parity, less SLI passed on.

    The cap is import parity plus the premium buyers accept.
    ``p = min(import * (1 + premium), normal_cost * (1 + markup)) - passthrough * sli_rate``.
    A firm whose costs sit below parity does not follow a jump in import prices, so dearer
    imports raise the domestic share.
    """
    ceiling = import_price * (1.0 + premium_share)
    return max2(0.0, min2(ceiling, normal_cost * (1.0 + markup)) - passthrough * sli_rate)


def domestic_take_share(
    import_price: float, domestic_price: float, security_premium: float, scale: float
) -> float:
    """Share of eligible buyers choosing domestic magnets (binary logit).

    Buyers value a domestic kg at ``import * (1 + security_premium)``; the share is
    ``1 / (1 + exp(-(import * (1 + sec) - domestic) / (scale * import)))``. A higher import price
    or security premium raises it; a higher domestic price lowers it.
    """
    if import_price <= 0.0:
        return 1.0
    z = (import_price * (1.0 + security_premium) - domestic_price) / (scale * import_price)
    z = max2(-50.0, min2(50.0, z))
    return 1.0 / (1.0 + math.exp(-z))


def merit_order_sales(demand_t: float, takes: list[float], offers_t: list[float]) -> list[float]:
    """Tonnes each domestic seller sells when buyers go to the best domestic offer first.

    ``takes[i]`` is the share of the segment's buyers who buy domestic at seller ``i``'s price
    (`domestic_take_share`, falling with the price); ``offers_t[i]`` what it can sell. Sellers are
    served in order of falling take (rising price): seller ``i`` sells to the buyers willing at its
    price whom cheaper sellers have not served, ``min(offer, takes[i] * demand - served)``; sellers
    with equal take share that room pro rata to their offers. A dearer seller therefore never takes
    buyers from a cheaper one (an added high-cost offer cannot lower a low-cost seller's sales).
    Returns tonnes per seller, in the input order; their sum is at most ``max(takes) * demand``.
    """
    sold = [0.0] * len(offers_t)
    served = 0.0
    order = sorted(range(len(takes)), key=lambda i: -takes[i])  # stable: ties in input order
    for take, members in groupby(order, key=takes.__getitem__):
        group = list(members)
        total = sum(offers_t[i] for i in group)
        room = take * demand_t - served
        if total <= 0.0 or room <= 0.0:
            continue
        placed = min2(room, total)
        for i in group:
            sold[i] = placed * offers_t[i] / total
        served += placed
    return sold


def security_premium(
    base: float, jump: float, months_since_shock: float | None, half_life: float
) -> float:
    """Supply-security premium: jumps by ``jump`` when a shock starts, then decays by half-lives.

    ``sec = base + jump * 0.5 ** (months_since_shock / half_life)``; ``base`` before any shock.
    """
    if months_since_shock is None or months_since_shock < 0:
        return base
    return base + jump * 0.5 ** (months_since_shock / half_life)


def thrift_factor(price: float, reference: float, elasticity: float) -> float:
    """Demand multiplier when magnet prices rise above their reference (substitution, thrifting).

    ``(price / reference) ** -elasticity`` above the reference, 1 below it.
    """
    if price <= reference or reference <= 0.0:
        return 1.0
    return (price / reference) ** (-elasticity)


def oxide_cost_inr_per_kg(
    oxide_usd_per_kg: float, fx_inr_per_usd: float, intensity: float
) -> float:
    """Oxide cost per kg of magnet (₹/kg): ``oxide price × fx × t of oxide per t of magnet``."""
    return oxide_usd_per_kg * fx_inr_per_usd * intensity


def processing_inr_per_kg(base_inr_per_kg: float, gap_elasticity: float, gap: float) -> float:
    """Processing cost per kg at an expertise gap (₹/kg): ``base × (1 + elasticity × gap)``.

    DESIGN.md §4: processing is dearer the wider the gap (scrap, rework, energy per good kg).
    """
    return base_inr_per_kg * (1.0 + gap_elasticity * gap)


def wages_inr_per_kg(workers_per_kt: float, wage_lakh_per_yr: float) -> float:
    """Wage cost per kg at full utilisation (₹/kg): workers per kt/yr × a year's wage (₹ lakh)."""
    return inr_per_kg_from_lakh_per_kt(workers_per_kt * wage_lakh_per_yr)


def capital_charge_inr_per_kg(
    capex_cr_per_kt: float, life_years: float, interest_rate: float, debt_share: float
) -> float:
    """Capital charge per kg at full utilisation (₹/kg): depreciation plus interest on debt.

    ``capex per kg × (1 / life + interest × debt share)``.
    """
    return inr_per_kg_from_cr_per_kt(capex_cr_per_kt) * (
        1.0 / life_years + interest_rate * debt_share
    )


def normal_unit_cost_inr(
    oxide_inr_per_kg: float,
    processing_inr_per_kg: float,
    wages_inr_per_kg: float,
    royalty_inr_per_kg: float = 0.0,
    capital_inr_per_kg: float = 0.0,
) -> float:
    """Unit cost at full utilisation (₹/kg): oxide + processing + wages + royalty + capital.

    The firm's expected ("normal") cost from the per-kg pieces above (DESIGN.md §4); the realised
    cost of a month is `unit_cost_inr`, from the month's bills.
    """
    return (
        oxide_inr_per_kg
        + processing_inr_per_kg
        + wages_inr_per_kg
        + royalty_inr_per_kg
        + capital_inr_per_kg
    )


def unit_cost_inr(
    materials_cr: float,
    processing_cr: float,
    labour_cr: float,
    capital_cr: float,
    royalty_cr: float,
    output_t: float,
) -> float:
    """Unit cost of a finished kg (₹/kg) from a month's costs (₹ crore) and output (t).

    ``(materials + processing + labour + capital charges and interest + royalties) / output``,
    with 1 t × 1 ₹/kg = 1e-4 crore (DESIGN.md §4: unit cost = materials + processing, higher with
    the gap, + capital charges + interest + royalties). NaN when nothing was made.
    """
    kg_e7 = output_t * CR_PER_T_INR_PER_KG  # crore per ₹/kg; underflows for subnormal output
    if kg_e7 <= 0.0:
        return math.nan
    total = materials_cr + processing_cr + labour_cr + capital_cr + royalty_cr
    return total / kg_e7
