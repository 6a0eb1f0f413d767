"""The monthly market: orders by segment, oxide procurement, production and sales (DESIGN.md §4).

Buyers of each demand segment choose domestic vs imported magnets; imports are cut in a shock
and the buyers left without supply turn to domestic firms with spare output; what remains is
unmet. Firms produce for their orders plus an inventory target, limited by oxide. Tonnes of
magnets and oxide are conserved; every rupee moves through the ledger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosystem.environment.raw_material import ration
from ecosystem.mechanisms import market as mk
from ecosystem.mechanisms import production

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.model import MagnetModel


@dataclass(slots=True)
class MarketMonth:
    """Totals of one month (monthly tonnes, not annualised)."""

    demand_t: float = 0.0
    domestic_sales_t: float = 0.0
    imports_t: float = 0.0
    unmet_t: float = 0.0
    exports_t: float = 0.0
    oxide_domestic_t: float = 0.0
    oxide_imported_t: float = 0.0
    oxide_shortfall_t: float = 0.0
    oxide_consumed_t: float = 0.0
    orders: dict[int, list[float]] = field(default_factory=dict)


def firm_price(firm: Manufacturer, import_price: float, model: MagnetModel) -> float:
    """A firm's domestic price: cost plus markup within import parity, less SLI passed on (₹/kg)."""
    p = model.p
    sli = firm.bid_rate if firm.beneficiary else 0.0
    return mk.domestic_price_inr(
        import_price,
        p.security_premium_share,
        sli,
        p.sli_passthrough_share,
        firm.normal_cost,
        p.price_markup_share,
    )


def _fill(
    amount: float,
    firms: list[Manufacturer],
    left: dict[int, float],
    orders: dict[int, list[float]],
    slot: int,
) -> float:
    """Give ``amount`` t of orders to ``firms`` pro rata to their remaining offer (returns t)."""
    total = sum(left[f.index] for f in firms)
    if total <= 0.0 or amount <= 0.0:
        return 0.0
    placed = min(amount, total)
    for f in firms:
        share = placed * left[f.index] / total
        left[f.index] -= share
        orders[f.index][slot] += share
    return placed


def take_orders(
    model: MagnetModel, sellers: list[Manufacturer], offers: dict[int, float]
) -> MarketMonth:
    """Allocate this month's addressable demand among domestic sellers, imports and unmet demand."""
    p, imp = model.p, model.imports
    out = MarketMonth(demand_t=model.demand.addressable_t / 12.0)
    out.orders = {f.index: [0.0, 0.0] for f in sellers}
    left = dict(offers)
    supply = imp.supply_share
    for seg in model.demand.segments:
        d = out.demand_t * seg.share
        eligible = [
            f
            for f in sellers
            if (f.qualified or not seg.needs_qualification)
            and (f.high_grade or not seg.needs_high_grade)
        ]
        import_price = imp.price_inr_per_kg + (
            p.high_grade_premium_usd_per_kg * p.fx_inr_per_usd if seg.needs_high_grade else 0.0
        )
        total_offer = sum(left[f.index] for f in eligible)
        if total_offer > 0.0:
            dom_price = (
                sum(left[f.index] * firm_price(f, import_price, model) for f in eligible)
                / total_offer
            )
            take = (
                1.0
                if seg.domestic_preferred
                else mk.domestic_take_share(
                    import_price, dom_price, imp.security_premium, p.buyer_price_sensitivity
                )
            )
        else:
            take = 0.0
        dom = _fill(take * d, eligible, left, out.orders, 0)
        imported = (d - dom) * supply
        rescue = _fill(d - dom - imported, eligible, left, out.orders, 0)
        out.imports_t += imported
        out.unmet_t += d - dom - imported - rescue
    qualified = [f for f in sellers if f.qualified]
    if p.market_unconstrained:
        for f in sellers:
            out.orders[f.index][1] += left[f.index]
            left[f.index] = 0.0
    else:
        _fill(p.export_market_t_per_yr / 12.0, qualified, left, out.orders, 1)
    return out


def produce_and_sell(
    model: MagnetModel, sellers: list[Manufacturer], out: MarketMonth
) -> dict[int, float]:
    """Plan output, buy oxide, produce and deliver; returns each firm's oxide bill (₹ crore)."""
    p, imp, raw = model.p, model.imports, model.raw
    fx = p.fx_inr_per_usd
    plans, intens, needs = {}, {}, {}
    for f in sellers:
        good = f.chain.good / 12.0
        dom, exp = out.orders[f.index]
        orders = dom + exp
        target_inventory = p.inventory_months * orders
        plan = (
            good
            if p.market_unconstrained
            else min(good, max(0.0, orders + target_inventory - f.inventory_t))
        )
        plans[f.index] = plan
        intens[f.index] = f.oxide_intensity()
        needs[f.index] = max(0.0, plan * intens[f.index] - f.oxide_stock_t)
    bills = dict.fromkeys(plans, 0.0)
    irel_bills = dict.fromkeys(plans, 0.0)
    # IREL oxide to L1-L3 by their shares of the stock on hand.
    stock0 = raw.irel_stock_t
    for f in sellers:
        if f.irel_share > 0.0 and needs[f.index] > 0.0:
            got = raw.deliver_irel(min(needs[f.index], f.irel_share * stock0))
            needs[f.index] -= got
            f.oxide_stock_t += got
            out.oxide_domestic_t += got
            irel_bills[f.index] += got * p.irel_oxide_price_usd_per_kg * fx * 1e-4
            model.record_flow(model.IREL_ID, f.unique_id, "oxide", got * 12.0)
    # Imports, rationed pro rata when scarce.
    limit = math.inf if p.oxide_unconstrained else raw.import_limit_t(imp.supply_share)
    wanted = [needs[f.index] for f in sellers]
    granted = ration(limit, wanted)
    import_price = _import_oxide_price(model)
    for f, want, got in zip(sellers, wanted, granted, strict=True):
        f.oxide_stock_t += got
        out.oxide_imported_t += got
        out.oxide_shortfall_t += want - got
        raw.imported_cum_t += got
        bills[f.index] += got * import_price * fx * 1e-4
        if got > 0.0:
            model.record_flow(model.IMPORTS_ID, f.unique_id, "oxide", got * 12.0)
    for f in sellers:
        plan, intensity = plans[f.index], intens[f.index]
        made = min(plan, f.oxide_stock_t / intensity) if intensity > 0 else plan
        used = made * intensity
        f.oxide_stock_t = max(0.0, f.oxide_stock_t - used)
        out.oxide_consumed_t += used
        _deliver(model, f, made, out, import_price_inr=imp.price_inr_per_kg)
        c = f.chain
        f.chain = production.LossChain(
            c.committed, c.installed, c.staffed, c.good, c.good - (plan - made) * 12.0, made * 12.0
        )
    for f in sellers:
        model.ledger.transfer(f.account, "irel", irel_bills[f.index], "oxide_domestic")
        model.ledger.transfer(f.account, "foreign_suppliers", bills[f.index], "oxide_imported")
    return {i: bills[i] + irel_bills[i] for i in bills}


def _deliver(
    model: MagnetModel, f: Manufacturer, made: float, out: MarketMonth, import_price_inr: float
) -> None:
    dom, exp = out.orders[f.index]
    available = f.inventory_t + made
    sold = max(0.0, min(dom, available))
    exported = max(0.0, min(exp, available - sold))
    f.inventory_t = max(0.0, available - sold - exported)
    short = dom - sold
    if short > 0.0:
        extra_imports = short * model.imports.supply_share
        out.imports_t += extra_imports
        out.unmet_t += short - extra_imports
    price = firm_price(f, import_price_inr, model)
    domestic_cr = sold * price * 1e-4
    export_cr = exported * model.imports.export_price_inr_per_kg * 1e-4
    model.ledger.transfer("buyers", f.account, domestic_cr, "sales")
    model.ledger.transfer("foreign_buyers", f.account, export_cr, "export_sales")
    revenue = domestic_cr + export_cr
    f.month_output_t = made
    f.month_sales_t = sold
    f.month_exports_t = exported
    f.month_revenue_cr = revenue
    f.price = price
    out.domestic_sales_t += sold
    out.exports_t += exported


def _import_oxide_price(model: MagnetModel) -> float:
    """Blended US$/kg of imported oxide: Chinese, ex-China (floor deals) and contracts by volume."""
    p, imp = model.p, model.imports
    china = p.oxide_import_t_per_yr * p.china_oxide_share * imp.supply_share
    other = p.oxide_import_t_per_yr * (1.0 - p.china_oxide_share)
    contract = p.oxide_contract_t_per_yr
    total = china + other + contract
    if total <= 0.0:
        return p.exchina_oxide_floor_usd_per_kg
    return (
        china * imp.oxide_usd_per_kg
        + other * p.exchina_oxide_floor_usd_per_kg
        + contract * p.oxide_contract_price_usd_per_kg
    ) / total
