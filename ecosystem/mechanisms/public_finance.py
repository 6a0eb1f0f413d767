"""Fiscal accounting: price support, discounting and deflation (DESIGN.md §4, §5)."""

from __future__ import annotations

import numpy as np

# ₹ crore per (tonne × ₹/kg), defined in ecosystem.units; here for the government's price support.
from ecosystem.units import CR_PER_T_INR_PER_KG as CR_PER_T_INR_PER_KG


def floor_topup_inr_per_kg(market_price_inr_per_kg: float, floor_inr_per_kg: float) -> float:
    """Deficiency payment per kg sold under a price floor: ``max(0, floor - market price)``.

    The reference is the market price (the landed import price), not the seller's own price, as
    in the US floor on NdPr (facts §2: US$110/kg against the market price): a seller cannot raise
    its payment by cutting its own price.
    """
    return max(0.0, floor_inr_per_kg - market_price_inr_per_kg)


def offtake_t(
    inventory_t: float, target_inventory_t: float, guaranteed_t: float, affordable_t: float
) -> float:
    """Tonnes the government buys under an offtake guarantee this month.

    The unsold stock above the firm's inventory target, up to the guaranteed volume and what the
    budget left can pay for: ``min(max(0, inventory - target), guaranteed, affordable)``.
    """
    return max(0.0, min(inventory_t - target_inventory_t, guaranteed_t, affordable_t))


def discount_factors(months: np.ndarray, rate_per_yr: float) -> np.ndarray:
    """``(1 + rate)^(-month / 12)``: present value in December 2025 of a rupee paid in a month."""
    return (1.0 + rate_per_yr) ** (-np.asarray(months, dtype=float) / 12.0)


def npv_cr(cumulative_cr: np.ndarray, months: np.ndarray, rate_per_yr: float) -> float:
    """Net present value of the monthly changes of a cumulative money column (₹ crore)."""
    flows = np.diff(np.asarray(cumulative_cr, dtype=float), prepend=0.0)
    return float(np.sum(flows * discount_factors(months, rate_per_yr)))
