"""Unit conversions, named once (definitions, not assumptions: no source needed).

The model keeps tonnes, ₹/kg, US$/kg, ₹ crore, ₹ lakh and US$ million. A tonne is 1,000 kg, a
crore 1e7 ₹, a lakh 1e5 ₹ and a kilotonne 1e6 kg, so a tonne at 1 ₹/kg is 1e-4 crore and a tonne
at 1 US$/kg is 1e-3 US$ million. Each helper multiplies in the order its docstring writes (the
model's results are bit-identical to the bare arithmetic it replaced).
"""

from __future__ import annotations

#: ₹ crore per (tonne × ₹/kg): 1,000 kg / 1e7 ₹.
CR_PER_T_INR_PER_KG = 1e-4
#: US$ million per (tonne × US$/kg): 1,000 kg / 1e6 US$.
USD_M_PER_T_USD_PER_KG = 1e-3
#: ₹ crore per ₹ lakh.
CR_PER_LAKH = 0.01
#: Rupees in a lakh and in a crore.
INR_PER_LAKH = 1e5
INR_PER_CRORE = 1e7
#: Kilograms in a tonne and in a kilotonne.
KG_PER_T = 1000.0
KG_PER_KT = 1e6


def cr_from_t(tonnes: float, inr_per_kg: float) -> float:
    """₹ crore of ``tonnes`` at ``inr_per_kg``: ``tonnes × inr_per_kg × 1e-4``."""
    return tonnes * inr_per_kg * CR_PER_T_INR_PER_KG


def cr_from_t_usd(tonnes: float, usd_per_kg: float, fx_inr_per_usd: float) -> float:
    """₹ crore of ``tonnes`` at ``usd_per_kg`` and an exchange rate: ``t × usd × fx × 1e-4``."""
    return tonnes * usd_per_kg * fx_inr_per_usd * CR_PER_T_INR_PER_KG


def usd_m_from_t(tonnes: float, usd_per_kg: float) -> float:
    """US$ million of ``tonnes`` at ``usd_per_kg``: ``tonnes × usd_per_kg × 1e-3``."""
    return tonnes * usd_per_kg * USD_M_PER_T_USD_PER_KG


def inr_per_kg_from_lakh_per_kt(lakh_per_kt: float) -> float:
    """₹/kg of a cost in ₹ lakh per kilotonne (a year's wages per kt/yr): ``× 1e5 / 1e6``."""
    return lakh_per_kt * INR_PER_LAKH / KG_PER_KT


def inr_per_kg_from_cr_per_kt(cr_per_kt: float) -> float:
    """₹/kg of a cost in ₹ crore per kilotonne (capex per kt/yr of capacity): ``× 1e7 / 1e6``."""
    return cr_per_kt * INR_PER_CRORE / KG_PER_KT


def inr_per_kg_from_cr_and_t(cr: float, tonnes: float) -> float:
    """₹/kg of ₹ crore spread over ``tonnes``: ``cr × 1e7 / (tonnes × 1,000)``."""
    return cr * INR_PER_CRORE / (tonnes * KG_PER_T)
