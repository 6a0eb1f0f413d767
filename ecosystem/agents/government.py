"""Government: runs the tender and pays the scheme's incentives (DESIGN.md §3, §4 'Incentives').

Pools are ledger accounts funded from the treasury at the start; nothing is ever paid beyond a
pool or a per-firm cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mesa import Agent

from ecosystem.environment.raw_material import allocate
from ecosystem.mechanisms import incentives

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Bid, Manufacturer
    from ecosystem.agents.rnd_centre import RnDCentre
    from ecosystem.model import MagnetModel


@dataclass(frozen=True)
class TenderOutcome:
    """What the tender decided; the twin of a run reuses it (DESIGN.md §6).

    Attributes:
        bidders: firm indices that bid.
        winners: (firm index, rank, capacity t/yr, rate ₹/kg, IREL share) in rank order.
    """

    bidders: tuple[int, ...]
    winners: tuple[tuple[int, int, float, float, float], ...]


def rank_bids(bids: list[Bid], tie_breaks: list[float]) -> list[Bid]:
    """L1, L2, …: lowest rate first; ties broken by the given random keys."""
    order = sorted(range(len(bids)), key=lambda i: (bids[i].rate_inr_per_kg, tie_breaks[i]))
    return [bids[i] for i in order]


def select_winners(ranked: list[Bid], n: int, capacity_limit_t: float) -> list[Bid]:
    """Take bids in rank order while fewer than ``n`` and the total stays within the limit."""
    chosen: list[Bid] = []
    total = 0.0
    for bid in ranked:
        if len(chosen) >= n:
            break
        if total + bid.capacity_t <= capacity_limit_t + 1e-9:
            chosen.append(bid)
            total += bid.capacity_t
    return chosen


def irel_shares(winners: list[Bid], n_irel: int, rule: str) -> list[float]:
    """Shares of IREL oxide for L1..L``n_irel`` by rule: equal, by capacity, or by rank (1/rank)."""
    k = min(n_irel, len(winners))
    if k == 0:
        return [0.0] * len(winners)
    if rule == "capacity":
        weights = [b.capacity_t for b in winners[:k]]
    elif rule == "rank":
        weights = [1.0 / (i + 1) for i in range(k)]
    else:
        weights = [1.0] * k
    shares = allocate(1.0, weights)
    return shares + [0.0] * (len(winners) - k)


class Government(Agent):
    """The Ministry of Heavy Industries' scheme and the optional levers."""

    model: MagnetModel

    def __init__(self, model: MagnetModel) -> None:
        super().__init__(model)
        p, ledger = model.p, model.ledger
        self.name = "Government of India"
        funded = p.scheme_enabled
        ledger.open("sli_pool", p.sli_pool_cr if funded else 0.0)
        ledger.open("capex_pool", p.capex_subsidy_pool_cr if funded else 0.0)
        ledger.open("admin_pool", p.admin_pool_cr if funded else 0.0)
        ledger.open("rnd_skilling_pool", p.rnd_skilling_pool_cr)
        self.outcome: TenderOutcome | None = None
        self.sli_paid_cr = 0.0
        self.capex_paid_cr = 0.0
        self.rnd_paid_cr = 0.0

    @property
    def budget_remaining_cr(self) -> float:
        """Unspent SLI and capital-subsidy pools (₹ crore)."""
        return self.model.ledger.balance("sli_pool") + self.model.ledger.balance("capex_pool")

    def step(self) -> None:
        """Run the tender at the award month; spend administration over the scheme's seven years."""
        m, p = self.model, self.model.p
        if not p.scheme_enabled:
            if m.month == p.award_month or (
                m.month > p.award_month and (m.month - p.award_month) % 12 == 0
            ):
                for firm in m.firms:
                    firm.consider_entry(m.month)
            return
        if m.month == p.award_month:
            self.run_tender()
        elif m.month > p.award_month and (m.month - p.award_month) % 12 == 0:
            for firm in m.firms:
                if not firm.beneficiary:
                    firm.consider_entry(m.month)
        if p.award_month <= m.month < p.award_month + 84:
            admin = min(m.ledger.balance("admin_pool"), p.admin_pool_cr / 84.0)
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
        if m.fixed_tender is not None:
            outcome = m.fixed_tender
        self.outcome = outcome
        for index, rank, capacity, rate, share in outcome.winners:
            firms[index].win(rank, capacity, rate, share, m.month)
        for firm in firms:
            if not firm.beneficiary:
                firm.consider_entry(m.month)
        m.tender_awarded(outcome)

    def pay_sli(self, firm: Manufacturer, month: int) -> float:
        """Pay SLI on the eligible sales (home and export) of a beneficiary's scheme plant."""
        m, p = self.model, self.model.p
        commissioned = any(pl.scheme and pl.installed for pl in firm.plants)
        if not incentives.sli_in_window(
            month, commissioned, p.award_month, p.gestation_months, p.sli_window_months
        ):
            return 0.0
        installed = firm.installed_t
        scheme_share = firm.scheme_installed_t / installed if installed > 0.0 else 0.0
        eligible_t = min(
            (firm.month_sales_t + firm.month_exports_t) * scheme_share, firm.allocated_t / 12.0
        )
        due = incentives.sli_due_cr(
            eligible_t,
            firm.bid_rate,
            1.0,
            firm.month_revenue_cr,
            p.sli_sales_cap_share,
            firm.sli_max_cr - firm.sli_paid_cr,
            m.ledger.balance("sli_pool"),
        )
        m.ledger.transfer("sli_pool", firm.account, due, "sli")
        firm.sli_paid_cr += due
        self.sli_paid_cr += due
        return due

    def pay_capex_subsidy(self, firm: Manufacturer, *, final: bool) -> float:
        """Pay the capital subsidy due at a milestone: half mid-construction, rest at commissioning.

        15% of the scheme plant's investment and technology spend, within the caps.
        """
        m, p = self.model, self.model.p
        cap = incentives.capex_subsidy_cap_cr(
            firm.allocated_t,
            p.capex_subsidy_cap_min_cr,
            p.capex_subsidy_cap_max_cr,
            p.bid_capacity_min_t,
            p.bid_capacity_max_t,
            p.bid_capacity_step_t,
        )
        entitled = cap * incentives.capex_subsidy_milestone_share(0.5, final)
        due = incentives.capex_subsidy_due_cr(
            firm.scheme_investment_cr,
            p.capex_subsidy_share,
            entitled,
            firm.subsidy_paid_cr,
            m.ledger.balance("capex_pool"),
        )
        m.ledger.transfer("capex_pool", firm.account, due, "capex_subsidy")
        firm.subsidy_paid_cr += due
        self.capex_paid_cr += due
        return due

    def rnd_grant(self, centre: RnDCentre) -> float:
        """A month's share of the R&D and skilling pool for one centre (₹ crore)."""
        m, p = self.model, self.model.p
        n = max(1, len(m.rnd_centres))
        per_month = p.rnd_skilling_pool_cr / (p.rnd_skilling_years * 12.0) / n
        grant = min(per_month, m.ledger.balance("rnd_skilling_pool"))
        m.ledger.transfer("rnd_skilling_pool", centre.account, grant, "rnd_grant")
        self.rnd_paid_cr += grant
        return grant
