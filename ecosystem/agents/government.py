"""Government: runs the tender, pays the scheme's incentives and runs the optional levers.

DESIGN.md §3, §4 'Incentives'. Pools are ledger accounts funded from the treasury at the start;
nothing is ever paid beyond a pool or a per-firm cap. Levers with a budget (price support, the
oxide subsidy, R&D and skilling) have a pool of their own; duties, clawbacks and stockpile sales
are revenue to the treasury. `Government.net_fiscal_cost_cr` sums every lever's cost less its
revenue from the ledger's totals by kind.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from mesa import Agent

from ecosystem.agents.bidding import Bid
from ecosystem.agents.tender import (
    TenderOutcome,
    TenderRound,
    irel_shares,
    places_left,
    rank_bids,
    reopens,
    select_winners,
)
from ecosystem.mechanisms import incentives
from ecosystem.mechanisms import public_finance as fiscal
from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.params import Params

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.agents.rnd_centre import RnDCentre
    from ecosystem.model import MagnetModel


#: The SLI pool as approved (₹ crore): `sli_pool_cr`'s sourced default (evidence 1.3). The
#: per-firm maxima of ₹645-1,290 crore (evidence 1.11) are quoted for it and scale with the pool
#: actually budgeted.
APPROVED_SLI_POOL_CR: float = Params.fields()["sli_pool_cr"].default

#: Ledger kinds paid out by the government (fiscal cost) and received by it (revenue).
SPENDING_KINDS: tuple[str, ...] = (
    "sli",
    "capex_subsidy",
    "administration",
    "rnd_grant",
    "price_floor",
    "offtake",
    "oxide_subsidy",
)
REVENUE_KINDS: tuple[str, ...] = (
    "customs_duty",
    "anti_dumping_duty",
    "clawback",
    "stockpile_sales",
)
#: Pools the government may configure (ledger accounts funded from the treasury).
POOLS: tuple[str, ...] = (
    "sli_pool",
    "capex_pool",
    "admin_pool",
    "rnd_skilling_pool",
    "price_support_pool",
    "oxide_subsidy_pool",
)


class Government(Agent):
    """The Ministry of Heavy Industries' scheme and the optional levers."""

    model: MagnetModel

    def __init__(self, model: MagnetModel) -> None:
        super().__init__(model)
        p, ledger = model.p, model.ledger
        self.name = "Government of India"
        funded = p.scheme_enabled
        #: The SLI and capital-subsidy pools after the mix lever (₹ crore, whether funded or not).
        self.sli_budget_cr, self.capex_budget_cr = incentives.pool_split(
            p.sli_pool_cr, p.capex_subsidy_pool_cr, p.sli_to_capex_shift_share
        )
        self.capex_scale = incentives.pool_scale(self.capex_budget_cr, p.capex_subsidy_pool_cr)
        self.shape_factors = incentives.sli_shape_factors(
            p.sli_shape, max2(1, round(p.sli_window_months / 12)), p.sli_shape_strength
        )
        self.support_funded = p.price_floor_inr_per_kg > 0.0 or p.offtake_share > 0.0
        self.oxide_funded = p.oxide_contract_payer == "government" and p.oxide_contract_t_per_yr > 0
        ledger.open("sli_pool", self.sli_budget_cr if funded else 0.0)
        ledger.open("capex_pool", self.capex_budget_cr if funded else 0.0)
        ledger.open("admin_pool", p.admin_pool_cr if funded else 0.0)
        ledger.open("rnd_skilling_pool", p.rnd_skilling_pool_cr)
        ledger.open("price_support_pool", p.price_support_pool_cr if self.support_funded else 0.0)
        ledger.open("oxide_subsidy_pool", p.oxide_subsidy_pool_cr if self.oxide_funded else 0.0)
        self.outcome: TenderOutcome | None = None
        self.sli_paid_cr = 0.0
        self.capex_paid_cr = 0.0
        self.rnd_paid_cr = 0.0
        self.stockpile_t = 0.0
        #: This month's price-floor top-up per kg sold at home (₹/kg; 0 without a floor).
        self.topup_inr_per_kg = 0.0

    @property
    def budget_remaining_cr(self) -> float:
        """Unspent SLI and capital-subsidy pools (₹ crore)."""
        return self.model.ledger.balance("sli_pool") + self.model.ledger.balance("capex_pool")

    @property
    def budget_unspent_cr(self) -> float:
        """Unspent balance of every configured pool (₹ crore)."""
        b = self.model.ledger.balances
        return (
            b["sli_pool"]
            + b["capex_pool"]
            + b["admin_pool"]
            + b["rnd_skilling_pool"]
            + b["price_support_pool"]
            + b["oxide_subsidy_pool"]
        )

    @property
    def net_fiscal_cost_cr(self) -> float:
        """Everything the levers paid out less duties, clawbacks and stockpile sales (₹ crore)."""
        t = self.model.ledger.totals
        spent = (
            t["sli"]
            + t["capex_subsidy"]
            + t["administration"]
            + t["rnd_grant"]
            + t["price_floor"]
            + t["offtake"]
            + t["oxide_subsidy"]
        )
        return spent - (
            t["customs_duty"] + t["anti_dumping_duty"] + t["clawback"] + t["stockpile_sales"]
        )

    def step(self) -> None:
        """Run the tender at the award month; spend administration over the scheme's seven years.

        Also sets the month's price-floor top-up against the landed import price.
        """
        m, p = self.model, self.model.p
        if p.price_floor_inr_per_kg > 0.0:
            self.topup_inr_per_kg = (
                fiscal.floor_topup_inr_per_kg(m.imports.price_inr_per_kg, p.price_floor_inr_per_kg)
                if self.price_support_active(m.month)
                else 0.0
            )
        if not p.scheme_enabled:
            if m.month == p.award_month or (
                m.month > p.award_month and (m.month - p.award_month) % 12 == 0
            ):
                for firm in m.firms:
                    firm.consider_entry(m.month)
            return
        if m.month == p.award_month:
            self.run_tender()
        elif m.month > p.award_month:
            self.reopen_tender(m.month)
            if (m.month - p.award_month) % 12 == 0:
                for firm in m.firms:
                    if not firm.beneficiary:
                        firm.consider_entry(m.month)
        duration = p.gestation_months + p.sli_window_months  # the scheme's seven years
        if p.award_month <= m.month < p.award_month + duration:
            admin = min2(m.ledger.balance("admin_pool"), p.admin_pool_cr / float(duration))
            m.ledger.transfer("admin_pool", "administration", admin, "administration")

    def run_tender(self) -> None:
        """Collect bids, screen, rank L1..Ln and award; the twin takes the run's outcome instead."""
        m, p = self.model, self.model.p
        firms = m.firms
        bids = [b for b in (f.make_bid() for f in firms) if b is not None]
        ties = [float(x) for x in m.rng.random(len(bids))]
        ranked = rank_bids(bids, ties)
        winners = select_winners(ranked, p.n_beneficiaries, p.scheme_capacity_t)
        shares = irel_shares(winners, p.irel_beneficiaries, p.irel_allocation_rule)
        outcome = TenderOutcome(
            tuple(b.firm_index for b in bids),
            tuple(
                (b.firm_index, r + 1, b.capacity_t, b.rate_inr_per_kg, s)
                for r, (b, s) in enumerate(zip(winners, shares, strict=True))
            ),
        )
        if m.fixed_tender is not None:  # its re-opened rounds are held in their months
            outcome = replace(m.fixed_tender, rounds=())
        self.outcome = outcome
        for index, rank, capacity, rate, share in outcome.winners:
            firms[index].win(rank, capacity, rate, share, m.month)
            fact = m.observed.winner(index) if m.observed is not None else None
            if fact is not None:
                firms[index].fix_plant_dates(
                    fact.construction_start_month, fact.commissioning_month
                )
        for firm in firms:
            if not firm.beneficiary:
                firm.consider_entry(m.month)
        m.tender_awarded(outcome)

    def reopen_tender(self, month: int) -> None:
        """Re-open an under-filled tender when the rule says so (`tender.reopens`).

        Firms that are not beneficiaries bid again from their state; winners take the next
        ranks, and IREL's shares are re-split by rule over L1..L``irel_beneficiaries``. A run
        with a fixed tender holds the rounds recorded in it, in their months, and no others
        (its firms still bid, so the model's random stream is drawn as in the run).
        """
        m, p, outcome = self.model, self.model.p, self.outcome
        if outcome is None:
            return
        fixed = m.fixed_tender.round_at(month) if m.fixed_tender is not None else None
        if m.fixed_tender is None:
            last = outcome.rounds[-1].month if outcome.rounds else p.award_month
            places = self.places_left()[0]
            held = len(outcome.rounds)
            if not reopens(month, last, held, p.tender_reopen_months, p.tender_max_rounds, places):
                return
        elif fixed is None:
            return
        bid = self._bid_round(month)
        self._hold_round(fixed if fixed is not None else bid, month)

    def places_left(self) -> tuple[int, float]:
        """Places and capacity (t/yr) the tender has still to allocate."""
        p = self.model.p
        winners = self.outcome.all_winners if self.outcome is not None else ()
        return places_left(winners, p.n_beneficiaries, p.scheme_capacity_t, p.bid_capacity_min_t)

    def _bid_round(self, month: int) -> TenderRound:
        """A re-opened round's bids, ranking and winners within the places left."""
        m, p = self.model, self.model.p
        so_far = self.outcome.all_winners if self.outcome is not None else ()
        places, capacity = self.places_left()
        bids = [b for b in (f.make_bid() for f in m.firms if not f.beneficiary) if b is not None]
        ranked = rank_bids(bids, [float(x) for x in m.rng.random(len(bids))])
        chosen = select_winners(ranked, places, capacity)
        previous = [Bid(firm, capacity, rate) for firm, _, capacity, rate, _ in so_far]
        shares = irel_shares(previous + chosen, p.irel_beneficiaries, p.irel_allocation_rule)
        n = len(so_far)
        winners = tuple(
            (b.firm_index, n + k + 1, b.capacity_t, b.rate_inr_per_kg, shares[n + k])
            for k, b in enumerate(chosen)
        )
        return TenderRound(month, tuple(b.firm_index for b in bids), winners, tuple(shares))

    def _hold_round(self, held: TenderRound, month: int) -> None:
        """Award a re-opened round's winners and re-split IREL's shares."""
        m = self.model
        assert self.outcome is not None
        outcome = replace(self.outcome, rounds=(*self.outcome.rounds, held))
        self.outcome = outcome
        for index, rank, capacity, rate, share in held.winners:
            m.firms[index].win(rank, capacity, rate, share, month)
        if held.winners:
            for (index, *_), share in zip(outcome.all_winners, held.irel, strict=True):
                m.firms[index].irel_share = share
        m.tender_awarded(outcome)

    # ---- the scheme's incentives ---------------------------------------------------------------
    def capex_terms(self, capacity_t: float) -> tuple[float, float]:
        """Capital subsidy rate and per-firm cap (₹ crore) for a capacity, after the mix lever."""
        p = self.model.p
        cap = incentives.capex_subsidy_cap_cr(
            capacity_t,
            p.capex_subsidy_cap_min_cr,
            p.capex_subsidy_cap_max_cr,
            p.bid_capacity_min_t,
            p.bid_capacity_max_t,
            p.bid_capacity_step_t,
        )
        if self.capex_scale == 1.0:
            return p.capex_subsidy_share, cap
        return min2(1.0, p.capex_subsidy_share * self.capex_scale), cap * self.capex_scale

    def sli_firm_max_cr(self, capacity_t: float) -> float:
        """Per-firm SLI maximum, scaled with the SLI pool after the mix lever."""
        p = self.model.p
        return (
            capacity_t
            * p.sli_ceiling_inr_per_kg
            * fiscal.CR_PER_T_INR_PER_KG
            * p.sli_window_months
            / 12.0
            * (self.sli_budget_cr / APPROVED_SLI_POOL_CR)
        )

    def pay_sli(self, firm: Manufacturer, month: int) -> float:
        """Pay SLI on the eligible sales (home and export) of a beneficiary's scheme plant."""
        m, p = self.model, self.model.p
        commissioned = any(pl.scheme and pl.installed for pl in firm.plants)
        award = firm.scheme_award_month if firm.scheme_award_month is not None else p.award_month
        if not incentives.sli_in_window(
            month, commissioned, award, p.gestation_months, p.sli_window_months
        ):
            return 0.0
        if p.sli_min_domestic_oxide_share > 0.0:
            firm.sli_eligible = incentives.sli_eligible(
                firm.domestic_oxide_share, p.sli_min_domestic_oxide_share
            )
            if not firm.sli_eligible:
                return 0.0
        installed = firm.installed_t
        scheme_share = firm.scheme_installed_t / installed if installed > 0.0 else 0.0
        eligible_t = min2(
            (firm.month_sales_t + firm.month_exports_t) * scheme_share, firm.allocated_t / 12.0
        )
        shape = (
            1.0
            if p.sli_shape == "flat"
            else incentives.sli_shape_factor(self.shape_factors, month, award + p.gestation_months)
        )
        due = incentives.sli_due_cr(
            eligible_t,
            firm.bid_rate,
            shape,
            firm.month_revenue_cr,
            p.sli_sales_cap_share,
            firm.sli_max_cr - firm.sli_paid_cr,
            m.ledger.balance("sli_pool"),
        )
        m.ledger.transfer("sli_pool", firm.account, due, "sli")
        firm.sli_paid_cr += due
        self.sli_paid_cr += due
        return due

    def pay_capex_subsidy(self, firm: Manufacturer, done: float, *, final: bool) -> float:
        """Pay the capital subsidy due at a milestone: a first tranche part-way, rest at the end.

        ``done``: the scheme plant's construction progress; the milestone and the tranche are
        Params fields (``capex_subsidy_milestone_progress``, ``capex_subsidy_first_tranche_share``).

        15% of the scheme plant's investment and technology spend, within the caps (both scaled
        when the mix lever moves money into or out of the pool).
        """
        m = self.model
        share, cap = self.capex_terms(firm.allocated_t)
        entitled = cap * incentives.capex_subsidy_milestone_share(
            done,
            final,
            m.p.capex_subsidy_milestone_progress,
            m.p.capex_subsidy_first_tranche_share,
        )
        due = incentives.capex_subsidy_due_cr(
            firm.scheme_investment_cr,
            share,
            entitled,
            firm.subsidy_paid_cr,
            m.ledger.balance("capex_pool"),
        )
        m.ledger.transfer("capex_pool", firm.account, due, "capex_subsidy")
        firm.subsidy_paid_cr += due
        self.capex_paid_cr += due
        return due

    def clawback_due(self, firm: Manufacturer, month: int) -> float:
        """Capital subsidy a late beneficiary owes this month (₹ crore; 0 without the penalty)."""
        p = self.model.p
        if p.late_clawback_share_per_month <= 0.0 or not firm.beneficiary:
            return 0.0
        award = firm.scheme_award_month if firm.scheme_award_month is not None else p.award_month
        deadline = award + p.gestation_months + p.late_grace_months
        commissioned = any(pl.scheme and pl.installed for pl in firm.plants)
        late = incentives.months_late(month, commissioned, deadline)
        return incentives.clawback_due_cr(
            firm.subsidy_paid_cr, firm.clawback_cr, p.late_clawback_share_per_month, late
        )

    def claw_back(self, firm: Manufacturer, amount_cr: float) -> float:
        """Recover a penalty from a firm into the SLI pool or the treasury."""
        p = self.model.p
        target = "sli_pool" if p.clawback_to_sli_pool and p.scheme_enabled else "treasury"
        self.model.ledger.transfer(firm.account, target, amount_cr, "clawback")
        firm.clawback_cr += amount_cr
        return amount_cr

    def rnd_grant(self, centre: RnDCentre) -> float:
        """A month's share of the R&D and skilling pool for one centre (₹ crore)."""
        m, p = self.model, self.model.p
        n = max2(1, len(m.rnd_centres))
        per_month = p.rnd_skilling_pool_cr / (p.rnd_skilling_years * 12.0) / n
        grant = min2(per_month, m.ledger.balance("rnd_skilling_pool"))
        m.ledger.transfer("rnd_skilling_pool", centre.account, grant, "rnd_grant")
        self.rnd_paid_cr += grant
        return grant

    # ---- price support, oxide subsidy, stockpile -----------------------------------------------
    def price_support_active(self, month: int) -> bool:
        """The floor and offtake guarantee run from the award for ``price_support_years``."""
        p = self.model.p
        return (
            self.support_funded
            and p.award_month <= month < p.award_month + p.price_support_years * 12.0
            and self.model.ledger.balance("price_support_pool") > 0.0
        )

    def top_up_price(self, firm: Manufacturer, sold_t: float) -> float:
        """Pay the month's top-up on a firm's domestic sales (₹ crore, within the pool)."""
        ledger = self.model.ledger
        due = sold_t * self.topup_inr_per_kg * fiscal.CR_PER_T_INR_PER_KG
        due = min2(due, ledger.balance("price_support_pool"))
        ledger.transfer("price_support_pool", firm.account, due, "price_floor")
        firm.price_support_cr += due
        firm.month_support_cr += due
        return due

    def offtake_price(self, firm_price_inr_per_kg: float) -> float:
        """The guarantee buys at the floor, or at the firm's own price if there is no floor."""
        floor = self.model.p.price_floor_inr_per_kg
        return floor if floor > 0.0 else firm_price_inr_per_kg

    def buy_offtake(
        self, firm: Manufacturer, target_inventory_t: float, guaranteed_t: float, price: float
    ) -> float:
        """Buy a firm's unsold stock above its inventory target into the stockpile (t)."""
        ledger = self.model.ledger
        price = self.offtake_price(price)
        per_t = price * fiscal.CR_PER_T_INR_PER_KG
        affordable = ledger.balance("price_support_pool") / per_t if per_t > 0.0 else math.inf
        bought = fiscal.offtake_t(firm.inventory_t, target_inventory_t, guaranteed_t, affordable)
        if bought <= 0.0:
            return 0.0
        cost = min2(
            bought * price * fiscal.CR_PER_T_INR_PER_KG, ledger.balance("price_support_pool")
        )
        ledger.transfer("price_support_pool", firm.account, cost, "offtake")
        firm.inventory_t -= bought
        firm.price_support_cr += cost
        firm.month_support_cr += cost
        self.stockpile_t += bought
        return bought

    def release_stockpile(self, unmet_t: float, price_inr_per_kg: float) -> float:
        """Sell stockpiled magnets to buyers left unserved, at the import price (t released)."""
        released = min2(unmet_t, self.stockpile_t)
        if released <= 0.0:
            return 0.0
        self.stockpile_t -= released
        self.model.ledger.transfer(
            "buyers",
            "treasury",
            released * price_inr_per_kg * fiscal.CR_PER_T_INR_PER_KG,
            "stockpile_sales",
        )
        return released

    def subsidise_oxide(self, gap_cr: float) -> float:
        """Pay contracted oxide's price gap to the suppliers, within the oxide pool (₹ crore)."""
        ledger = self.model.ledger
        paid = min2(gap_cr, ledger.balance("oxide_subsidy_pool"))
        ledger.transfer("oxide_subsidy_pool", "foreign_suppliers", paid, "oxide_subsidy")
        return paid
