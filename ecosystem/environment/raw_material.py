"""Raw material: IREL's NdPr oxide, imported oxide and contracts (DESIGN.md §3, §4; facts §3).

Tonnes of oxide are conserved: IREL's output and stock go to its export commitment, to the
beneficiaries that share it, or stay in stock; imports arrive only as firms buy them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecosystem.fiscal_years import fiscal_year_of
from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.price_path import exchina_supply_t_per_yr
from ecosystem.params import Params

if TYPE_CHECKING:
    from ecosystem.environment.imports import ImportMarket

CHINA, CONTRACT, EXCHINA = "china", "contract", "exchina"
SOURCES = (CHINA, CONTRACT, EXCHINA)
#: Importable oxide: tonnes this month, US$/kg, source.
Tranche = tuple[float, float, str]


def irel_output_t_per_yr(month: int, p: Params) -> float:
    """IREL's NdPr oxide output (t/yr): linear ramp from Dec 2025 to capacity, plus expansion."""
    ramp = min2(1.0, month / p.irel_ramp_months) if p.irel_ramp_months > 0 else 1.0
    base = p.irel_oxide0_t_per_yr + (p.irel_oxide_capacity_t_per_yr - p.irel_oxide0_t_per_yr) * ramp
    base = max2(base, 0.0)
    if month >= p.irel_expansion_month:
        base += p.irel_expansion_t_per_yr
    return base


def allocate(amount: float, weights: list[float]) -> list[float]:
    """Split ``amount`` in proportion to non-negative ``weights`` (equal split if all are zero)."""
    total = sum(weights)
    if not weights:
        return []
    if total <= 0.0:
        return [amount / len(weights)] * len(weights)
    return [amount * w / total for w in weights]


def ration(available: float, needs: list[float]) -> list[float]:
    """Scarce oxide is rationed pro rata to need; nobody gets more than they need."""
    total = sum(needs)
    if total <= available or total <= 0.0:
        return list(needs)
    return [available * n / total for n in needs]


class RawMaterial:
    """Oxide supply: IREL (monthly output + stock) and imports (Chinese, non-Chinese, contracts).

    ``irel_observed`` maps a fiscal year (its starting calendar year) to IREL's observed output
    (t/yr), which replaces the ramp in that year's months (observed-data mode).
    """

    def __init__(self, params: Params, irel_observed: dict[int, float] | None = None) -> None:
        self.p = params
        self.irel_observed = irel_observed or {}
        self.irel_stock_t = params.irel_stock_t
        self.irel_produced_cum_t = 0.0
        self.irel_exported_cum_t = 0.0
        self.irel_delivered_cum_t = 0.0
        self.imported_cum_t = 0.0
        self.irel_month_t = 0.0

    def produce(self, month: int) -> float:
        """IREL produces a month of oxide; its export commitment leaves first (returns t made)."""
        p = self.p
        observed = self.irel_observed.get(fiscal_year_of(month)) if self.irel_observed else None
        made = (irel_output_t_per_yr(month, p) if observed is None else observed) / 12.0
        export = 0.0 if p.export_ban_raw else made * p.irel_export_share
        self.irel_produced_cum_t += made
        self.irel_exported_cum_t += export
        self.irel_stock_t += made - export
        self.irel_month_t = made
        return made

    def deliver_irel(self, amount_t: float) -> float:
        """Take up to ``amount_t`` from IREL's stock for the beneficiaries; returns t delivered."""
        got = min2(amount_t, self.irel_stock_t)
        self.irel_stock_t -= got
        self.irel_delivered_cum_t += got
        return got

    def oxide_offers(self, month: int, imports: ImportMarket) -> list[Tranche]:
        """This month's importable oxide as (t, US$/kg, source) tranches in the order bought.

        Contracts first (take-or-pay), then the cheapest.

        Chinese oxide at China's price (cut by licensing only when ``controls_cover_ndpr``), the
        Indian share of non-Chinese output (growing toward announced capacity) at the ex-China
        price (the floor deals, or China's price when higher), and contracted oxide at its price.
        """
        p = self.p
        china_share = imports.china_oxide_share
        exchina = p.exchina_india_share * exchina_supply_t_per_yr(
            month,
            p.exchina_oxide_supply0_t_per_yr,
            p.exchina_oxide_capacity_t_per_yr,
            p.exchina_ramp_months,
        )
        tranches = [
            (p.china_oxide_to_india_t_per_yr * china_share / 12.0, imports.oxide_usd_per_kg, CHINA),
            (p.oxide_contract_t_per_yr / 12.0, p.oxide_contract_price_usd_per_kg, CONTRACT),
            (exchina / 12.0, imports.exchina_oxide_usd_per_kg, EXCHINA),
        ]
        # Contracted oxide is taken first (take-or-pay), then the cheapest.
        tranches.sort(key=lambda t: (t[2] != CONTRACT, t[1], SOURCES.index(t[2])))
        return [t for t in tranches if t[0] > 0.0]


def merit_order(offers: list[Tranche], tonnes: float) -> list[tuple[float, float, str]]:
    """Tonnes taken from each tranche when ``tonnes`` are bought cheapest first (t, US$/kg, source).

    Beyond the offers (only under the oxide attribution switch) the rest is priced as the dearest.
    """
    out, left = [], tonnes
    for t, price, source in offers:
        take = min2(t, left)
        if take > 0.0:
            out.append((take, price, source))
        left -= take
    if left > 0.0 and offers:
        out.append((left, offers[-1][1], offers[-1][2]))
    return out
