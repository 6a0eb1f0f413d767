"""Trade levers: customs and anti-dumping duties, China's price response (DESIGN.md §3, §4)."""

from __future__ import annotations

from ecosystem.mechanisms.bounds import max2, min2


def duty_per_kg_inr(cif_usd_per_kg: float, duty_share: float, fx: float) -> float:
    """Duty collected on one imported kg (₹/kg): ``cif * duty_share * fx``."""
    return cif_usd_per_kg * duty_share * fx


def effective_anti_dumping_share(add_share: float, china_import_share: float) -> float:
    """Anti-dumping duty collected per kg of all imports: it falls on the Chinese part only.

    Buyers pay the Chinese landed price on every imported kg (China sets the price; other
    suppliers price at parity and keep the difference); the treasury collects ``add`` on
    the Chinese share.
    """
    return add_share * china_import_share


def china_margin_after_cut(
    margin_usd_per_kg: float, strength: float, domestic_share: float
) -> float:
    """China's magnet margin when it cuts prices against Indian entrants (US$/kg).

    ``margin * max(0, 1 - strength * domestic_share)``: the larger the share of Indian demand
    met by Indian firms, the deeper the cut, down to selling at the oxide cost.
    """
    cut = min2(1.0, max2(0.0, strength * domestic_share))
    return margin_usd_per_kg * (1.0 - cut)


def smoothed(previous: float, current: float, time_constant_months: float) -> float:
    """Exponential smoothing over one month: ``prev + (cur - prev) / max(1, tau)``."""
    return previous + (current - previous) / max2(1.0, time_constant_months)
