"""Prices and buyers' choices (DESIGN.md §4: prices, costs, market)."""

from __future__ import annotations

import math

from ecosystem.units import CR_PER_T_INR_PER_KG


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
    return max(0.0, min(ceiling, normal_cost * (1.0 + markup)) - passthrough * sli_rate)


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
    z = max(-50.0, min(50.0, z))
    return 1.0 / (1.0 + math.exp(-z))


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
