"""The import market: Chinese magnet and oxide prices, duties, export controls (DESIGN.md §3-§4).

Buyers pay the landed price of Chinese magnets (CIF plus basic customs duty plus any anti-dumping
duty) on every imported kg. China's NdPr oxide price follows a mean-reverting path drawn per seed
from the exogenous stream; the magnet price is that oxide cost plus China's margin, which China may
cut in a strategic response to Indian entrants (an uncertainty drawn per seed). Export controls
cut Chinese supply through a licence queue that clears gradually, during and after the controls.
"""

from __future__ import annotations

from ecosystem.mechanisms import price_path as prices
from ecosystem.mechanisms import shocks
from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.prices import (
    china_magnet_price_usd,
    landed_import_price_inr,
    security_premium,
)
from ecosystem.mechanisms.trade import effective_anti_dumping_share
from ecosystem.params import Params


def oxide_path(p: Params, seed: int) -> list[float]:
    """China's NdPr oxide price (US$/kg) for months 0..horizon, from the seed's price stream."""
    rng = prices.exogenous_rng(seed, prices.PRICE_STREAM)
    shocks_ = rng.standard_normal(p.horizon_months)
    path = prices.log_ou_path(
        shocks_,
        p.oxide_price0_usd_per_kg,
        p.china_oxide_price_usd_per_kg,
        p.oxide_price_half_life_months,
        p.oxide_price_volatility_per_yr,
    )
    return [float(x) for x in path]


class ImportMarket:
    """Chinese prices, available import volumes and the shock state, month by month."""

    def __init__(self, params: Params, seed: int = 0) -> None:
        self.p = params
        self.shock_active = False
        self.months_since_shock: float | None = None
        #: Share of normal Chinese supply flowing (1 = no controls; licences restore it).
        self.china_flow = 1.0
        #: Duty on the landed price (share of CIF) and the part collected as revenue.
        self.duty_share = params.import_duty_share + params.anti_dumping_duty_share
        self.anti_dumping_collected_share = effective_anti_dumping_share(
            params.anti_dumping_duty_share, params.china_import_share
        )
        #: The seed's oxide price path (US$/kg, months 0..horizon) and China's response draw.
        self.oxide_path = oxide_path(params, seed)
        draw = prices.exogenous_rng(seed, prices.CHINA_RESPONSE_STREAM).random()
        self.response_occurs = (
            params.china_price_cutting or draw < params.china_response_probability
        )
        self.response_trigger_month: int | None = None
        #: Set by `follow`: the trigger month is another run's and is not re-decided here.
        self.response_followed = False
        self.response_active = False
        #: Buyers' own magnet inventory (t; set to their cover target in the first month) and
        #: their monthly import need (t), for the months of cover they hold.
        self.buyer_stock_t: float | None = None
        self.buyer_need_t = 0.0
        self.update(0)

    def update(self, month: int, domestic_share: float = 0.0) -> None:
        """Set the month's shock state, prices and security premium.

        ``domestic_share`` (smoothed share of Indian demand met by Indian firms) triggers China's
        price response when the seed's draw says it happens.
        """
        p = self.p
        start, end = p.shock_start_month, p.shock_start_month + p.shock_months
        self.shock_active = p.china_shock and start <= month < end
        # The premium jumps when controls start, holds while they last, then decays.
        self.months_since_shock = (
            float(max2(0, month - end)) if p.china_shock and month >= start else None
        )
        target = shocks.licensed_flow_target(
            self.shock_active,
            month - start,
            p.licence_delay_months,
            p.shock_severity,
            p.licence_approval_share,
        )
        self.china_flow = shocks.next_flow(self.china_flow, target, p.licence_clear_rate_per_month)
        if p.shock_severity > 0.0:
            scarcity = (1.0 - self.china_flow) / p.shock_severity
        else:
            scarcity = 1.0 if self.shock_active else 0.0
        base_oxide = self.oxide_path[min2(month, len(self.oxide_path) - 1)]
        self.oxide_usd_per_kg = base_oxide * (1.0 + p.shock_price_jump * scarcity)
        base_magnet = china_magnet_price_usd(
            base_oxide, p.china_margin_usd_per_kg, p.oxide_per_t_mature
        )
        self.reference_inr_per_kg = landed_import_price_inr(
            base_magnet, self.duty_share, p.fx_inr_per_usd
        )
        if (
            self.response_occurs
            and not self.response_followed
            and self.response_trigger_month is None
            and domestic_share >= p.china_response_trigger_share
        ):
            self.response_trigger_month = month
        self.response_active = prices.china_response_active(
            self.response_occurs,
            self.response_trigger_month,
            month,
            p.china_response_duration_months,
        )
        cut = p.china_price_cut_strength if self.response_active else 0.0
        margin = p.china_margin_usd_per_kg * (1.0 - cut)
        magnet = china_magnet_price_usd(self.oxide_usd_per_kg, margin, p.oxide_per_t_mature)
        self.magnet_usd_per_kg = magnet
        self.price_inr_per_kg = landed_import_price_inr(magnet, self.duty_share, p.fx_inr_per_usd)
        self.exchina_oxide_usd_per_kg = prices.exchina_oxide_price(
            base_oxide, p.exchina_oxide_floor_usd_per_kg
        )
        self._expected: float | None = None
        self._expected_oxide: float | None = None
        self.security_premium = security_premium(
            p.security_premium_share,
            p.security_jump_after_shock,
            self.months_since_shock,
            p.security_half_life_months,
        )

    @property
    def expected_oxide_usd_per_kg(self) -> float:
        """China's NdPr oxide price firms expect on average over a plant's life (US$/kg).

        The median price reverting from this month's toward the long-run level
        (`prices.expected_mean_price`): what a firm that knows prices revert expects, not today's
        price (computed when asked, once a month).
        """
        if self._expected_oxide is None:
            p = self.p
            self._expected_oxide = prices.expected_mean_price(
                self.oxide_usd_per_kg,
                p.china_oxide_price_usd_per_kg,
                p.oxide_price_half_life_months,
                p.plant_life_years * 12.0,
            )
        return self._expected_oxide

    @property
    def expected_feed_usd_per_kg(self) -> float:
        """Oxide price a firm expects to pay for its plant's feed (US$/kg).

        The cheapest source open to Indian buyers now, at its expected price, as the oxide
        market bills them (`RawMaterials.oxide_offers`, cheapest first): China's oxide while it
        is open (controls covering NdPr that cut its flow close it,
        `china_oxide_share`), else the ex-China price (the floor deals', or China's when higher).
        """
        p = self.p
        china = self.expected_oxide_usd_per_kg
        closed = self.china_oxide_share < 1.0
        return (
            prices.exchina_oxide_price(china, p.exchina_oxide_floor_usd_per_kg) if closed else china
        )

    @property
    def expected_price_inr_per_kg(self) -> float:
        """Landed price firms expect on average over a plant's life (₹/kg; computed when asked).

        The expected oxide price (`expected_oxide_usd_per_kg`) plus China's normal margin.
        """
        if self._expected is None:
            p = self.p
            magnet = china_magnet_price_usd(
                self.expected_oxide_usd_per_kg, p.china_margin_usd_per_kg, p.oxide_per_t_mature
            )
            self._expected = landed_import_price_inr(magnet, self.duty_share, p.fx_inr_per_usd)
        return self._expected

    def follow(self, other: ImportMarket) -> None:
        """China's response follows ``other``'s (the unrelaxed run's) trigger month (DESIGN §4).

        For the attribution switches: a switch cannot change when China answers, only the
        run's own path does.
        """
        self.response_trigger_month = other.response_trigger_month
        self.response_followed = True

    @property
    def supply_share(self) -> float:
        """Share of normal import volume available (the Chinese part flows at ``china_flow``)."""
        return 1.0 - self.p.china_import_share * (1.0 - self.china_flow)

    @property
    def buyer_cover_months(self) -> float:
        """Months of their import need buyers hold in their own inventory."""
        if self.buyer_stock_t is None or self.buyer_need_t <= 0.0:
            return self.p.buyer_cover_months
        return self.buyer_stock_t / self.buyer_need_t

    @property
    def equipment_blocked(self) -> bool:
        """Controlled equipment and expert help are unavailable to Indian plants."""
        return self.shock_active and self.p.shock_cuts_equipment

    @property
    def china_oxide_share(self) -> float:
        """Share of the Chinese NdPr oxide normally open to Indian buyers that flows (0-1).

        Cut by the licence queue (``china_flow``) only when the controls cover NdPr oxide.
        """
        return self.china_flow if self.p.controls_cover_ndpr else 1.0

    @property
    def heavy_re_share(self) -> float:
        """Share of their normal heavy rare earths (Dy, Tb) that reaches Indian plants (0-1).

        India imports all its heavy rare earths and China refines nearly all of them (evidence
        §3), so when the controls cover them they arrive through the same licence queue as
        magnets: at ``china_flow``, cut at once and restored as the backlog clears, during and
        after the controls (facts §2: seven medium and heavy rare earths licensed from April
        2025). High-grade output needs them, so it is limited to this share.
        """
        return self.china_flow if self.p.shock_cuts_heavy_re else 1.0

    @property
    def heavy_re_available(self) -> bool:
        """Any heavy rare earths reach Indian plants (a firm can make high-grade grades)."""
        return self.heavy_re_share > 0.0

    @property
    def export_price_inr_per_kg(self) -> float:
        """Price a qualified Indian firm gets from non-Chinese buyers abroad (₹/kg)."""
        return (self.magnet_usd_per_kg + self.p.export_premium_usd_per_kg) * self.p.fx_inr_per_usd
