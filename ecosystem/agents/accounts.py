"""A manufacturer's monthly accounts: costs, finance, milestones, expansion and exit (DESIGN.md §4).

`FirmAccounts` is the part of `Manufacturer` that settles a month in the model's ledger: it pays
processing, wages, interest, royalties and repayments, collects the SLI, raises cash from the
parent group and a bank credit line when short, records milestones and customer qualification,
and decides whether to expand or exit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.prices import processing_inr_per_kg, unit_cost_inr
from ecosystem.mechanisms.startup import startup_over
from ecosystem.units import CR_PER_LAKH, cr_from_t

if TYPE_CHECKING:
    from ecosystem.agents.customers import Customers
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.agents.partner import TechnologyPartner
    from ecosystem.agents.plants import Plant
    from ecosystem.model import MagnetModel

#: Rounding slack when checking whether a firm could pay its bills (₹ crore).
CASH_TOLERANCE_CR = 1e-6


class FirmAccounts:
    """Monthly settlement of a firm (mixed into `Manufacturer`)."""

    if TYPE_CHECKING:
        model: MagnetModel
        account: str
        plants: list[Plant]
        partner: TechnologyPartner | None
        customers: Customers
        milestones: dict[str, int | None]
        exited: bool
        exit_pending: bool
        beneficiary: bool
        insolvent: bool
        qualified: bool
        debt_cr: float
        credit_used_cr: float
        support_left_cr: float
        book_cr: float
        month_output_t: float
        month_revenue_cr: float
        month_support_cr: float
        arrears_months: int
        loss_months: int
        last_commissioning: int | None
        last_expansion: int | None
        process_yield: float
        stable_since: int | None
        unit_cost: float
        pay_index: float
        index: int

        @property
        def gap(self) -> float:
            """Expertise gap (defined by `Manufacturer`)."""

        @property
        def headcount(self) -> float:
            """Employees (defined by `Manufacturer`)."""

        @property
        def cash_cr(self) -> float:
            """Cash (defined by `Manufacturer`)."""

        @property
        def installed_t(self) -> float:
            """Installed capacity (defined by `Manufacturer`)."""

        @property
        def high_grade(self) -> bool:
            """Can make high-grade magnets (defined by `Manufacturer`)."""

        def exit(self, month: int) -> None:
            """Leave the market (defined by `Manufacturer`)."""

        def _new_plant(
            self, capacity_t: float, *, scheme: bool, month: int, lag: bool = ...
        ) -> Plant:
            """Commit a plant (defined by `PlantOwner`)."""

    def settle(self, month: int, oxide_cost_cr: float) -> None:
        """Pay the month's costs, collect SLI, finance any shortfall, then expand or exit.

        Shortfalls are met first by the parent group's support (a limited share of its net
        worth), then by a bank credit line (a share of the investment). A firm that still cannot
        pay is insolvent: royalties go unpaid (the partner's trigger) and it exits.
        """
        if self.exited or not self.plants:
            return
        m, p, ledger = self.model, self.model.p, self.model.ledger
        firm = cast("Manufacturer", self)  # the government deals with the whole firm
        produced = self.month_output_t
        processing = cr_from_t(
            produced,
            processing_inr_per_kg(p.processing_cost_inr_per_kg, p.cost_gap_elasticity, self.gap),
        )
        wages = self.headcount * p.wage_lakh_per_yr * CR_PER_LAKH / 12.0
        interest = self.debt_cr * p.interest_rate / 12.0
        ledger.transfer(self.account, "domestic_suppliers", processing, "processing")
        ledger.transfer(self.account, "workers", wages, "wages")
        ledger.transfer(self.account, "lenders", interest, "interest")
        sli = m.government.pay_sli(firm, month) if self.beneficiary else 0.0
        royalty = p.royalty_share * self.month_revenue_cr if self.partner is not None else 0.0
        installed = [pl for pl in self.plants if pl.installed]
        repay = min2(self.debt_cr, self.debt_cr / (p.plant_life_years * 12.0)) if installed else 0.0
        penalty = (
            m.government.clawback_due(firm, month)
            if self.beneficiary and p.late_clawback_share_per_month > 0.0
            else 0.0
        )
        unfunded = self._pay_dues(royalty, repay, penalty)
        depreciation = sum(pl.capex_cr for pl in installed) / (p.plant_life_years * 12.0)
        self.book_cr = max2(0.0, self.book_cr - depreciation)
        paid_royalty = royalty if unfunded <= 0.0 else 0.0
        operating = self.month_revenue_cr + sli - processing - wages - paid_royalty - oxide_cost_cr
        operating += self.month_support_cr
        profit = operating - interest - depreciation - penalty
        self.unit_cost = unit_cost_inr(
            oxide_cost_cr, processing, wages, depreciation + interest, paid_royalty, produced
        )
        spread = p.pay_index_spread
        self.pay_index = 1.0 + max2(
            -spread, min2(spread, profit / max2(self.month_revenue_cr, 1.0))
        )
        self._milestones(month)
        self._expand_or_exit(month, operating, profit)

    def _pay_dues(self, royalty_cr: float, repay_cr: float, penalty_cr: float) -> float:
        """Finance and pay the month's dues after the bills; returns what could not be raised.

        A clawback penalty is always collected; royalty and debt repayment are paid only when
        funded (an unpaid royalty adds a month of arrears). Bills left unpaid are met by the bank
        as a rescue loan, and a real rescue makes the firm insolvent.
        """
        ledger = self.model.ledger
        unfunded = self._finance(royalty_cr + repay_cr + penalty_cr)
        if penalty_cr > 0.0:
            self.model.government.claw_back(cast("Manufacturer", self), penalty_cr)
        if self.partner is not None and royalty_cr > 0.0:
            if unfunded <= 0.0:
                ledger.transfer(self.account, self.partner.account, royalty_cr, "royalty")
                self.arrears_months = 0
            else:
                self.arrears_months += 1
        if unfunded <= 0.0 and repay_cr > 0.0:
            ledger.transfer(self.account, "lenders", repay_cr, "repayment")
            self.debt_cr -= repay_cr
        if self.cash_cr < 0.0:  # bills the firm could not pay: the bank steps in
            rescue = -self.cash_cr
            ledger.transfer("lenders", self.account, rescue, "loans")
            self.debt_cr += rescue
            self.insolvent = rescue > CASH_TOLERANCE_CR
        return unfunded

    def _finance(self, due_cr: float) -> float:
        """Raise cash so that ``due_cr`` can be paid; returns what could not be raised (₹ crore)."""
        ledger, p = self.model.ledger, self.model.p
        shortfall = max2(0.0, due_cr - self.cash_cr)
        support = min2(shortfall, self.support_left_cr)
        ledger.transfer("owners", self.account, support, "parent_support")
        self.support_left_cr -= support
        shortfall -= support
        limit = p.credit_line_share * sum(pl.capex_cr for pl in self.plants)
        credit = min2(shortfall, max2(0.0, limit - self.credit_used_cr))
        ledger.transfer("lenders", self.account, credit, "loans")
        self.debt_cr += credit
        self.credit_used_cr += credit
        unfunded = shortfall - credit
        return unfunded if unfunded > CASH_TOLERANCE_CR else 0.0

    def _milestones(self, month: int) -> None:
        p, ms = self.model.p, self.milestones
        if self.month_output_t > 0.0 and ms["first_output_month"] is None:
            ms["first_output_month"] = month
        stable = self.process_yield >= p.stable_yield_share * p.process_yield_frontier
        making = self.month_output_t > 0.0
        if making and stable and self.stable_since is None:
            self.stable_since = month
        for buyer in self.customers.update(
            p, month, stable=making and stable, high_grade=self.high_grade
        ):
            ms[f"qualification_{buyer}_month"] = month
            if buyer == "automotive":
                self.qualified = True
                ms["qualification_month"] = month
        if (
            ms["nameplate_month"] is None
            and self.installed_t > 0.0
            and self.month_output_t * 12.0 >= p.nameplate_output_share * self.installed_t
        ):
            ms["nameplate_month"] = month

    def _expand_or_exit(self, month: int, operating_cr: float, profit_cr: float) -> None:
        """Exit after sustained operating (cash) losses or insolvency; expand when profitable.

        Under a replay (an attribution switch run, `FirmDecisions`) the firm exits and expands
        in the months the unrelaxed run chose instead of deciding.
        """
        p, m = self.model.p, self.model
        since = self.milestones["commissioning_month"]
        # Losses count once every committed plant has run its start-up grace: a plant still
        # being built, or just commissioned, is an investment the owners have not yet judged.
        if (
            operating_cr < 0.0
            and startup_over(month, self.last_commissioning, p.loss_grace_months)
            and all(pl.installed for pl in self.plants)
        ):
            self.loss_months += 1
        else:
            self.loss_months = 0
        if self.exit_pending:
            return
        replay = m.fixed_decisions
        if replay is not None:
            if replay.exits_in(self.index, month):
                self._exit(month)
            elif (added := replay.expansion_t(self.index, month)) > 0.0:
                self._expand(month, added)
            return
        if self.loss_months >= p.exit_loss_months or self.insolvent:
            self._exit(month)
            return
        if (
            p.expansion_enabled
            and since is not None
            and self.loss_months == 0
            and profit_cr > 0.0
            and all(pl.installed for pl in self.plants)
            and self.month_output_t * 12.0 >= p.nameplate_output_share * self.installed_t
            and m.unmet_or_imported_t > p.bid_capacity_min_t
            and (
                self.last_expansion is None
                or month - self.last_expansion >= p.expansion_interval_months
            )
        ):
            self._expand(month, p.bid_capacity_min_t)

    def _exit(self, month: int) -> None:
        """Decide to exit (recorded for replays)."""
        self.exit(month)
        self.model.decision_log.exits.append((self.index, month))

    def _expand(self, month: int, capacity_t: float) -> None:
        """Commit an expansion plant outside the scheme (recorded for replays)."""
        self.last_expansion = month
        self._new_plant(capacity_t, scheme=False, month=month)
        self.model.decision_log.expansions.append((self.index, month, capacity_t))
