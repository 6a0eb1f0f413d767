"""The monthly market: orders by segment, oxide procurement, production and sales (DESIGN.md §4).

Buyers of each demand segment choose domestic vs imported magnets; imports are cut in a shock
and the buyers left without supply turn to domestic firms with spare output; what remains is
unmet (or served from the government's stockpile). Firms produce for their orders plus an
inventory target (and, under an offtake guarantee, at least the guaranteed volume), limited by
oxide. Tonnes of magnets and oxide are conserved; every rupee moves through the ledger: buyers pay
for imports (suppliers' share and duties to the treasury), for domestic magnets, and the
government tops prices up to a floor, buys unsold output, or pays part of contracted oxide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosystem import units
from ecosystem.environment.raw_material import CONTRACT, Tranche, merit_order, ration
from ecosystem.mechanisms import prices as mk
from ecosystem.mechanisms import shocks
from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.trade import duty_per_kg_inr

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.environment.demand import Segment
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
    offtake_t: float = 0.0
    stockpile_release_t: float = 0.0
    cover_drawn_t: float = 0.0
    restock_t: float = 0.0
    rescued_t: float = 0.0
    imports_high_grade_t: float = 0.0
    import_paid_cr: float = 0.0
    customs_duty_cr: float = 0.0
    anti_dumping_duty_cr: float = 0.0
    import_cif_usd_m: float = 0.0
    saved_usd_m: float = 0.0
    saved_cr: float = 0.0
    oxide_import_usd_m: float = 0.0
    domestic_spend_cr: float = 0.0
    orders: dict[int, list[float]] = field(default_factory=dict)


def _buy_imports(model: MagnetModel, out: MarketMonth, tonnes: float, high_grade: bool) -> None:
    """Add a month's imported tonnes (valued once a month by `_settle_imports`)."""
    if tonnes > 0.0:
        out.imports_t += tonnes
        if high_grade:
            out.imports_high_grade_t += tonnes


def _value_imports(model: MagnetModel, out: MarketMonth) -> None:
    """Value the month's imports: landed value paid by buyers, CIF value and duties.

    Buyers pay the landed price (CIF × (1 + customs + anti-dumping duty), plus the high-grade
    premium); the treasury collects the customs duty on all of it and the anti-dumping duty on
    the Chinese share (DESIGN.md §3; facts §2: >80% from China).
    """
    p, imp = model.p, model.imports
    fx = p.fx_inr_per_usd
    tonnes, high = out.imports_t + out.restock_t, out.imports_high_grade_t
    premium = p.high_grade_premium_usd_per_kg
    magnet = imp.magnet_usd_per_kg
    out.import_cif_usd_m = (tonnes * magnet + high * premium) * units.USD_M_PER_T_USD_PER_KG
    out.import_paid_cr = (
        tonnes * imp.price_inr_per_kg + high * premium * fx
    ) * units.CR_PER_T_INR_PER_KG
    out.customs_duty_cr = units.cr_from_t(tonnes, duty_per_kg_inr(magnet, p.import_duty_share, fx))
    out.anti_dumping_duty_cr = units.cr_from_t(
        tonnes, duty_per_kg_inr(magnet, imp.anti_dumping_collected_share, fx)
    )


def _settle_imports(model: MagnetModel, out: MarketMonth) -> None:
    """Buyers pay the month's imports: duties to the treasury, the rest to foreign suppliers."""
    _value_imports(model, out)
    ledger = model.ledger
    ledger.transfer("buyers", "treasury", out.customs_duty_cr, "customs_duty")
    ledger.transfer("buyers", "treasury", out.anti_dumping_duty_cr, "anti_dumping_duty")
    rest = out.import_paid_cr - out.customs_duty_cr - out.anti_dumping_duty_cr
    ledger.transfer("buyers", "foreign_suppliers", max2(0.0, rest), "imports")


def firm_price(firm: Manufacturer, import_price: float, model: MagnetModel) -> float:
    """A firm's domestic price: cost plus markup within import parity, less support passed on.

    The support passed on is a share of the firm's per-kg support: its SLI rate and the month's
    price-floor top-up (₹/kg).
    """
    p = model.p
    sli = (firm.bid_rate if firm.beneficiary else 0.0) + model.government.topup_inr_per_kg
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
    access: dict[int, float] | None = None,
    cap: dict[int, float] | None = None,
) -> float:
    """Give ``amount`` t of orders to ``firms`` pro rata to their remaining offer (returns t).

    ``access``: share of each firm's remaining offer the buyers will take (qualification steps).
    ``cap``: tonnes each firm may still sell of this kind (high-grade magnets limited by heavy
    rare earths); the offer is capped by it and the cap used up.
    """
    if cap is not None:
        pool = {f.index: min2(left[f.index], cap[f.index]) for f in firms}
        before = dict(pool)
        placed = _fill(amount, firms, pool, orders, slot, access)
        for f in firms:
            used = before[f.index] - pool[f.index]
            left[f.index] -= used
            cap[f.index] -= used
        return placed
    offer = {f.index: left[f.index] * (access[f.index] if access else 1.0) for f in firms}
    total = sum(offer.values())
    if total <= 0.0 or amount <= 0.0:
        return 0.0
    placed = min2(amount, total)
    for f in firms:
        share = placed * offer[f.index] / total
        left[f.index] -= share
        orders[f.index][slot] += share
    return placed


def _access(model: MagnetModel, seg: Segment, sellers: list[Manufacturer]) -> dict[int, float]:
    """Share of each firm's offer a segment's buyers will take (absent: the firm cannot sell).

    Segments that need qualification take a qualified supplier's volume in steps; the others buy
    from unqualified suppliers too (their qualification month is recorded). High-grade segments
    buy only from firms that make high grades.
    """
    p, month = model.p, model.month
    return {
        f.index: (f.customers.access(p, seg.name, month) if seg.needs_qualification else 1.0)
        for f in sellers
        if f.high_grade or not seg.needs_high_grade
    }


def _sell_domestic(
    model: MagnetModel,
    seg: Segment,
    demand_t: float,
    firms: list[Manufacturer],
    import_price: float,
    prices: dict[int, float],
    left: dict[int, float],
    orders: dict[int, list[float]],
    access: dict[int, float],
    cap: dict[int, float] | None,
) -> float:
    """A segment's buyers buy domestic magnets, best offer first (returns t).

    Each firm's price (``prices``, at the segment's ``import_price``) gives the share of buyers
    willing to buy from it (1 where the segment buys domestic whatever the price, else the logit
    `domestic_take_share`); ``access`` and ``cap`` as in `_fill`. See `prices.merit_order_sales`.
    """
    p, imp = model.p, model.imports
    takes = [
        1.0
        if seg.domestic_preferred
        else mk.domestic_take_share(
            import_price,
            prices[f.index],
            imp.security_premium,
            p.buyer_price_sensitivity,
        )
        for f in firms
    ]
    offers = [
        (min2(left[f.index], cap[f.index]) if cap is not None else left[f.index]) * access[f.index]
        for f in firms
    ]
    sold = mk.merit_order_sales(demand_t, takes, offers)
    for f, tonnes in zip(firms, sold, strict=True):
        left[f.index] -= tonnes
        orders[f.index][0] += tonnes
        if cap is not None:
            cap[f.index] -= tonnes
    return sum(sold)


def take_orders(
    model: MagnetModel, sellers: list[Manufacturer], offers: dict[int, float]
) -> MarketMonth:
    """Allocate this month's addressable demand among domestic sellers, imports and unmet demand."""
    p, imp = model.p, model.imports
    # Each firm's price at the standard and the high-grade import price (fixed for the month).
    high = imp.price_inr_per_kg + p.high_grade_premium_usd_per_kg * p.fx_inr_per_usd
    prices = {
        price: {f.index: firm_price(f, price, model) for f in sellers}
        for price in (imp.price_inr_per_kg, high)
    }
    out = MarketMonth(demand_t=model.demand.addressable_t / 12.0)
    out.orders = {f.index: [0.0, 0.0] for f in sellers}
    left = dict(offers)
    supply = imp.supply_share
    # High-grade magnets need heavy rare earths: under controls that cover them a firm can make
    # only the licensed share of its month's output in high-grade grades (t it still may).
    heavy_cut = imp.heavy_re_share < 1.0
    heavy = {i: offer * imp.heavy_re_share for i, offer in offers.items()}
    for seg in model.demand.segments:
        d = out.demand_t * seg.share
        access = _access(model, seg, sellers)
        eligible = [f for f in sellers if access.get(f.index, 0.0) > 0.0]
        cap = heavy if heavy_cut and seg.needs_high_grade else None
        import_price = high if seg.needs_high_grade else imp.price_inr_per_kg
        dom = _sell_domestic(
            model,
            seg,
            d,
            eligible,
            import_price,
            prices[import_price],
            left,
            out.orders,
            access,
            cap,
        )
        imported = (d - dom) * supply
        rescue = _fill(d - dom - imported, eligible, left, out.orders, 0, access, cap)
        _buy_imports(model, out, imported, seg.needs_high_grade)
        out.rescued_t += rescue
        out.unmet_t += d - dom - imported - rescue
    _buyers_cover(model, out)
    gov = model.government
    if gov.stockpile_t > 0.0 and out.unmet_t > 0.0:
        released = gov.release_stockpile(out.unmet_t, imp.price_inr_per_kg)
        out.unmet_t -= released
        out.stockpile_release_t = released
    qualified = [f for f in sellers if f.qualified]
    if p.market_unconstrained:
        for f in sellers:
            out.orders[f.index][1] += left[f.index]
            left[f.index] = 0.0
    else:
        _fill(p.export_market_t_per_yr / 12.0, qualified, left, out.orders, 1)
    return out


def _buyers_cover(model: MagnetModel, out: MarketMonth) -> None:
    """Buyers cover a shortage from their own magnet inventory, and rebuild it when supplied.

    Their target is ``buyer_cover_months`` of what they import (or wanted to import); in a month
    without a shortage they restock over ``buyer_restock_months``, buying imports as supply allows.
    """
    p, imp = model.p, model.imports
    target = p.buyer_cover_months * (out.imports_t + out.unmet_t)
    if imp.buyer_stock_t is None:
        imp.buyer_stock_t = target
    drawn = shocks.draw_cover(imp.buyer_stock_t, out.unmet_t)
    imp.buyer_stock_t -= drawn
    out.unmet_t -= drawn
    out.cover_drawn_t = drawn
    if out.unmet_t <= 0.0 and drawn <= 0.0:
        bought = shocks.restock_t(imp.buyer_stock_t, target, p.buyer_restock_months)
        bought *= imp.supply_share
        imp.buyer_stock_t += bought
        out.restock_t = bought  # imported and paid for, but not part of imports_t (demand)
    imp.buyer_need_t = out.imports_t + out.unmet_t + drawn


def produce_and_sell(
    model: MagnetModel, sellers: list[Manufacturer], out: MarketMonth
) -> dict[int, float]:
    """Plan output, buy oxide, produce and deliver; returns each firm's oxide bill (₹ crore)."""
    p, imp, gov = model.p, model.imports, model.government
    support = gov.price_support_active(model.month)
    guarantee = p.offtake_share if support else 0.0
    plans, intens, needs = _plan_output(model, sellers, out, guarantee)
    irel_bills, irel_got = _deliver_irel_oxide(model, sellers, needs, out)
    bills = _import_oxide(model, sellers, needs, irel_got, out)
    for f in sellers:
        plan = plans[f.index]
        made, used = f.make(plan, intens[f.index])
        out.oxide_consumed_t += used
        _deliver(model, f, made, out, imp.price_inr_per_kg, support)
        if guarantee > 0.0:
            dom, exp = out.orders[f.index]
            out.offtake_t += gov.buy_offtake(
                f, p.inventory_months * (dom + exp), guarantee * f.chain.good / 12.0, f.price
            )
        f.close_output(plan, made)
    for f in sellers:
        f.pay_for_oxide(irel_bills[f.index], bills[f.index])
    _settle_imports(model, out)
    return {i: bills[i] + irel_bills[i] for i in bills}


def _plan_output(
    model: MagnetModel, sellers: list[Manufacturer], out: MarketMonth, guarantee: float
) -> tuple[dict[int, float], dict[int, float], dict[int, float]]:
    """Each firm's output plan (t this month), oxide intensity and oxide still to buy (t).

    A firm plans its orders plus an inventory target, within its good output (all of it when the
    market is unconstrained; at least the guaranteed share under an offtake guarantee).
    """
    p = model.p
    plans, intens, needs = {}, {}, {}
    for f in sellers:
        good = f.chain.good / 12.0
        dom, exp = out.orders[f.index]
        orders = dom + exp
        target_inventory = p.inventory_months * orders
        plan = (
            good
            if p.market_unconstrained
            else min2(good, max2(0.0, orders + target_inventory - f.inventory_t))
        )
        if guarantee > 0.0:
            plan = max2(plan, guarantee * good)
        plans[f.index] = plan
        intens[f.index] = f.oxide_intensity()
        needs[f.index] = max2(0.0, plan * intens[f.index] - f.oxide_stock_t)
    return plans, intens, needs


def _deliver_irel_oxide(
    model: MagnetModel, sellers: list[Manufacturer], needs: dict[int, float], out: MarketMonth
) -> tuple[dict[int, float], dict[int, float]]:
    """IREL's oxide to the firms with a share (L1-L3), by their shares of the stock on hand.

    Lowers ``needs``; returns each firm's IREL bill (₹ crore) and tonnes received.
    """
    p, raw = model.p, model.raw
    price, fx = p.irel_oxide_price_usd_per_kg, p.fx_inr_per_usd
    bills = dict.fromkeys(needs, 0.0)
    got_t = dict.fromkeys(needs, 0.0)
    stock0 = raw.irel_stock_t
    for f in sellers:
        if f.irel_share > 0.0 and needs[f.index] > 0.0:
            got = raw.deliver_irel(min2(needs[f.index], f.irel_share * stock0))
            got_t[f.index] = got
            needs[f.index] -= got
            f.receive_oxide(got)
            out.oxide_domestic_t += got
            bills[f.index] += units.cr_from_t_usd(got, price, fx)
            model.record_flow(model.IREL_ID, f.unique_id, "oxide", got * 12.0)
    return bills, got_t


def _import_oxide(
    model: MagnetModel,
    sellers: list[Manufacturer],
    needs: dict[int, float],
    irel_got: dict[int, float],
    out: MarketMonth,
) -> dict[int, float]:
    """Imported oxide, rationed pro rata when scarce; returns each firm's import bill (₹ crore).

    Contracted oxide whose price gap the government pays is billed to firms at China's price.
    """
    p, imp, raw, gov = model.p, model.imports, model.raw, model.government
    fx = p.fx_inr_per_usd
    bills = dict.fromkeys(needs, 0.0)
    offers = raw.oxide_offers(model.month, imp)
    limit = math.inf if p.oxide_unconstrained else sum(t for t, _, _ in offers)
    wanted = [needs[f.index] for f in sellers]
    granted = ration(limit, wanted)
    import_price, firm_price = _import_oxide_prices(model, offers, sum(granted))
    if not gov.oxide_funded:
        firm_price = import_price
    # The trailing domestic-oxide share is needed by the value-addition rule and the agent rows.
    track = model.recorder.record_agents or p.sli_min_domestic_oxide_share > 0.0
    for f, want, got in zip(sellers, wanted, granted, strict=True):
        f.receive_oxide(got)
        out.oxide_imported_t += got
        out.oxide_shortfall_t += want - got
        out.oxide_import_usd_m += units.usd_m_from_t(got, import_price)
        raw.imported_cum_t += got
        bills[f.index] += units.cr_from_t_usd(got, import_price, fx)
        if firm_price < import_price and got > 0.0:
            bills[f.index] -= gov.subsidise_oxide(
                units.cr_from_t_usd(got, import_price - firm_price, fx)
            )
        if track:
            f.note_oxide(irel_got[f.index], got)
        if got > 0.0:
            model.record_flow(model.IMPORTS_ID, f.unique_id, "oxide", got * 12.0)
    return bills


def _deliver(
    model: MagnetModel,
    f: Manufacturer,
    made: float,
    out: MarketMonth,
    import_price_inr: float,
    support: bool,
) -> None:
    """A firm ships and sells its month's output; buyers it cannot serve import or go unmet."""
    dom, exp = out.orders[f.index]
    sold, exported = f.ship(made, dom, exp)
    short = dom - sold
    if short > 0.0:
        extra_imports = short * model.imports.supply_share
        _buy_imports(model, out, extra_imports, False)
        out.unmet_t += short - extra_imports
    price = firm_price(f, import_price_inr, model)
    domestic_cr = units.cr_from_t(sold, price)
    export_cr = units.cr_from_t(exported, model.imports.export_price_inr_per_kg)
    f.sell(price, domestic_cr, export_cr)
    if support and sold > 0.0 and model.government.topup_inr_per_kg > 0.0:
        model.government.top_up_price(f, sold)
    magnet_usd = model.imports.magnet_usd_per_kg
    out.saved_usd_m += units.usd_m_from_t(sold, magnet_usd)
    out.saved_cr += units.cr_from_t_usd(sold, magnet_usd, model.p.fx_inr_per_usd)
    out.domestic_spend_cr += domestic_cr
    out.domestic_sales_t += sold
    out.exports_t += exported


def _import_oxide_prices(
    model: MagnetModel, offers: list[Tranche], tonnes: float
) -> tuple[float, float]:
    """Average US$/kg of the month's imported oxide, bought cheapest first, and what firms pay.

    Firms pay the same except for contracted oxide when the government pays the gap: they pay
    China's price for it (capped at the contract price).
    """
    imp = model.imports
    bought = merit_order(offers, tonnes)
    total = sum(t for t, _, _ in bought)
    if total <= 0.0:
        price = offers[0][1] if offers else imp.exchina_oxide_usd_per_kg
        return price, price
    cost = sum(t * price for t, price, _ in bought)
    firm = sum(
        t * (min2(price, imp.oxide_usd_per_kg) if source == CONTRACT else price)
        for t, price, source in bought
    )
    return cost / total, firm / total
