"""The import market: Chinese magnet and oxide prices, duties, export controls (DESIGN.md §3).

Buyers pay the landed price of Chinese magnets (CIF plus basic customs duty plus any
anti-dumping duty) on every imported kg; China may cut its margin as Indian output grows.
"""

from __future__ import annotations

from ecosystem.mechanisms.prices import (
    china_magnet_price_usd,
    landed_import_price_inr,
    security_premium,
)
from ecosystem.mechanisms.trade import china_margin_after_cut, effective_anti_dumping_share
from ecosystem.params import Params


class ImportMarket:
    """Chinese prices, available import volumes and the shock state, month by month."""

    def __init__(self, params: Params) -> None:
        self.p = params
        self.shock_active = False
        self.months_since_shock: float | None = None
        #: Duty on the landed price (share of CIF) and the part collected as revenue.
        self.duty_share = params.import_duty_share + params.anti_dumping_duty_share
        self.anti_dumping_collected_share = effective_anti_dumping_share(
            params.anti_dumping_duty_share, params.china_import_share
        )
        self.update(0)

    def update(self, month: int, domestic_share: float = 0.0) -> None:
        """Set the month's shock state, prices and security premium.

        ``domestic_share`` (smoothed share of Indian demand met by Indian firms) drives China's
        price cut when ``china_price_cutting`` is on.
        """
        p = self.p
        start, end = p.shock_start_month, p.shock_start_month + p.shock_months
        self.shock_active = p.china_shock and start <= month < end
        # The premium jumps when controls start, holds while they last, then decays.
        self.months_since_shock = (
            float(max(0, month - end)) if p.china_shock and month >= start else None
        )
        jump = 1.0 + (p.shock_price_jump if self.shock_active else 0.0)
        self.oxide_usd_per_kg = p.china_oxide_price_usd_per_kg * jump
        base_magnet = china_magnet_price_usd(
            p.china_oxide_price_usd_per_kg, p.china_margin_usd_per_kg, p.oxide_per_t_mature
        )
        self.reference_inr_per_kg = landed_import_price_inr(
            base_magnet, self.duty_share, p.fx_inr_per_usd
        )
        margin = p.china_margin_usd_per_kg
        if p.china_price_cutting:
            margin = china_margin_after_cut(margin, p.china_price_cut_strength, domestic_share)
        magnet = china_magnet_price_usd(self.oxide_usd_per_kg, margin, p.oxide_per_t_mature)
        self.magnet_usd_per_kg = magnet
        self.price_inr_per_kg = landed_import_price_inr(magnet, self.duty_share, p.fx_inr_per_usd)
        self.security_premium = security_premium(
            p.security_premium_share,
            p.security_jump_after_shock,
            self.months_since_shock,
            p.security_half_life_months,
        )

    @property
    def supply_share(self) -> float:
        """Share of normal import volume still available (Chinese supply cut during a shock)."""
        if not self.shock_active:
            return 1.0
        return 1.0 - self.p.china_import_share * self.p.shock_severity

    @property
    def equipment_blocked(self) -> bool:
        """Controlled equipment and expert help are unavailable to Indian plants."""
        return self.shock_active and self.p.shock_cuts_equipment

    @property
    def heavy_re_available(self) -> bool:
        """Heavy rare earths (Dy, Tb; imported only) reach Indian plants (cut under controls)."""
        return not (self.shock_active and self.p.shock_cuts_heavy_re)

    @property
    def export_price_inr_per_kg(self) -> float:
        """Price a qualified Indian firm gets from non-Chinese buyers abroad (₹/kg)."""
        return (self.magnet_usd_per_kg + self.p.export_premium_usd_per_kg) * self.p.fx_inr_per_usd
