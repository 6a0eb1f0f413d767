"""Manufacturer: a candidate maker of sintered NdFeB magnets (DESIGN.md §3, §4).

It bids in the tender, builds an integrated plant (oxide → metal → alloy → magnet), seeks a
foreign partner, hires and trains, learns, buys oxide, produces, sells at home or abroad, expands
or exits. The equations live in `ecosystem.mechanisms`; this class holds state and decisions.
"""

from __future__ import annotations

import math
from collections import deque
from typing import TYPE_CHECKING

from mesa import Agent

from ecosystem.agents.accounts import FirmAccounts
from ecosystem.agents.bidding import Bidder
from ecosystem.agents.customers import Customers
from ecosystem.agents.operations import FirmOperations
from ecosystem.agents.plants import STAGES, Plant, PlantOwner
from ecosystem.archetypes import Archetype
from ecosystem.mechanisms import knowhow, prices, production, qualification, startup, workforce
from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.incentives import (
    domestic_oxide_share,
)

if TYPE_CHECKING:
    from ecosystem.agents.partner import TechnologyPartner
    from ecosystem.agents.rnd_centre import RnDCentre
    from ecosystem.model import MagnetModel
    from ecosystem.observed import FirmStart


class Manufacturer(PlantOwner, Bidder, FirmAccounts, FirmOperations, Agent):
    """A domestic magnet maker (an anonymous archetype of a reported bidder)."""

    model: MagnetModel

    def __init__(
        self,
        model: MagnetModel,
        index: int,
        archetype: Archetype,
        name: str,
        start: FirmStart | None = None,
    ) -> None:
        super().__init__(model)
        p = model.p
        self.index = index
        self.archetype = archetype
        self.name = name
        self.frontier = p.frontier_expertise
        self.knowhow = (
            1.0
            if self.frontier
            else (p.knowhow_public_lab if archetype.public_lab_technology else p.knowhow_novice)
        )
        self.novices = self.trained = self.experts = 0.0
        #: Wages and capital charge per kg at full utilisation (₹/kg; fixed by the parameters).
        self._wages_inr_per_kg = prices.wages_inr_per_kg(p.workers_per_kt, p.wage_lakh_per_yr)
        self._capital_inr_per_kg = prices.capital_charge_inr_per_kg(
            p.capex_cr_per_kt, p.plant_life_years, p.interest_rate, p.debt_share
        )
        self.plants: list[Plant] = []
        self._committed_t = self._installed_t = self._scheme_installed_t = 0.0
        self._usable_t = 0.0
        self.partner: TechnologyPartner | None = None
        self.rnd_link: RnDCentre | None = None
        self.licensed_domestic = archetype.public_lab_technology
        self._open_accounts(archetype)
        self._start_operations()
        self._install_existing(archetype, start)

    def _open_accounts(self, archetype: Archetype) -> None:
        """The firm's ledger account, parent group, scheme award and scheme payments (all zero)."""
        p = self.model.p
        self.account = self.model.ledger.open(f"firm:{self.index}")
        self.group_net_worth_cr = archetype.net_worth_cr
        self.support_left_cr = p.parent_support_share * archetype.net_worth_cr
        self.insolvent = False
        self.beneficiary = False
        self.bid_rank: int | None = None
        self.bid_rate = 0.0
        self.allocated_t = 0.0
        self.irel_share = 0.0
        self.debt_cr = 0.0
        self.credit_used_cr = 0.0
        self.book_cr = 0.0
        self.eligible_investment_cr = 0.0
        self.scheme_investment_cr = 0.0
        self.subsidy_paid_cr = 0.0
        self.sli_paid_cr = 0.0
        self.sli_max_cr = 0.0
        self.sli_eligible = True
        self.clawback_cr = 0.0
        self.price_support_cr = 0.0
        self.month_support_cr = 0.0

    def _start_operations(self) -> None:
        """Stocks, yield, qualification, the month's flows and the milestones, before any plant."""
        #: (IREL, all) oxide tonnes bought in each of the last 12 months (value-addition rule),
        #: with their running sums.
        self.oxide_bought: deque[tuple[float, float]] = deque()
        self._oxide_12m = [0.0, 0.0]
        self.cum_output_t = 0.0
        self.cum_scheme_output_t = 0.0
        self.inventory_t = 0.0
        self.oxide_stock_t = 0.0
        self.process_yield = self._yield()
        self.stable_since: int | None = None
        self.qualified = False
        #: Qualification by buyer segment (automotive = ``qualified``).
        self.customers = Customers()
        self.loss_months = 0
        #: Month the firm's latest plant was commissioned (None: none yet).
        self.last_commissioning: int | None = None
        self.arrears_months = 0
        self.exited = False
        self.exit_pending = False
        #: Month of the firm's last expansion (None: it has not expanded).
        self.last_expansion: int | None = None
        self.pay_index = 1.0
        self.unit_cost = math.nan
        self.normal_cost = math.inf
        self.price = 0.0
        self.chain = production.loss_chain(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        self.month_output_t = self.month_sales_t = self.month_exports_t = 0.0
        self.month_revenue_cr = 0.0
        self.milestones: dict[str, int | None] = dict.fromkeys(
            (
                "construction_start_month",
                "commissioning_month",
                "first_output_month",
                "qualification_month",
                *(f"qualification_{b}_month" for b in qualification.BUYERS),
                "nameplate_month",
                "exit_month",
            )
        )

    def _install_existing(self, archetype: Archetype, start: FirmStart | None) -> None:
        """The plant the firm already has at the start (the archetype's, or the observed one)."""
        existing_t, progress = archetype.existing_plant_t, archetype.existing_progress
        if start is not None:
            existing_t, progress = self._observed_start(start, existing_t, progress)
        if existing_t > 0:
            plant = self._new_plant(existing_t, scheme=False, month=0, lag=False)
            plant.advance(dict.fromkeys(STAGES, progress))
            if plant.installed:
                self._commission(plant, None)
            self._update_capacity()
            plant.spent_cr = plant.capex_cr * progress
            self._invest(plant.spent_cr, scheme=False)

    def _observed_start(
        self, start: FirmStart, existing_t: float, progress: float
    ) -> tuple[float, float]:
        """Take the observed starting know-how and workforce (from the labour pool).

        Returns the observed existing capacity and its built share (or the archetype's).
        """
        pool = self.model.labour
        if not self.frontier:
            if start.knowhow is not None:
                self.knowhow = start.knowhow
            for stage in ("novices", "trained", "experts"):
                wanted = getattr(start, stage)
                if wanted is not None:
                    setattr(self, stage, wanted)
                    setattr(pool, stage, max2(0.0, getattr(pool, stage) - wanted))
            self.process_yield = self._yield()
        if start.capacity_t is not None:
            return start.capacity_t, start.capacity_built_share
        return existing_t, progress

    def fix_plant_dates(self, start_month: int | None, commissioning_month: int | None) -> None:
        """Observed dates of the scheme plant: construction start and commissioning."""
        plant = next((pl for pl in self.plants if pl.scheme), None)
        if plant is None:
            return
        if start_month is not None:
            plant.start_month = start_month
            if self.milestones["construction_start_month"] == self.model.month:
                self.milestones["construction_start_month"] = start_month
        plant.fixed_commissioning = commissioning_month

    # ---- state ---------------------------------------------------------------------------------
    @property
    def committed_t(self) -> float:
        """Capacity committed (building or installed), t/yr; zero after exit."""
        return 0.0 if self.exited else self._committed_t

    @property
    def installed_t(self) -> float:
        """Capacity installed and commissioned, t/yr."""
        return 0.0 if self.exited else self._installed_t

    @property
    def scheme_installed_t(self) -> float:
        """Installed capacity of the scheme plant(s), t/yr."""
        return 0.0 if self.exited else self._scheme_installed_t

    @property
    def hurdle_rate(self) -> float:
        """The rate this firm discounts at: the market's hurdle plus its archetype's offset."""
        return self.model.p.hurdle_rate + self.archetype.hurdle_offset

    @property
    def gap(self) -> float:
        """Expertise gap ``1 - K``."""
        return 1.0 - self.knowhow

    @property
    def headcount(self) -> float:
        """Workers employed."""
        return self.novices + self.trained + self.experts

    @property
    def skill(self) -> float:
        """Workforce skill ``S`` in [0, 1]."""
        return workforce.skill(self.novices, self.trained, self.experts)

    @property
    def cash_cr(self) -> float:
        """Cash (₹ crore): the firm's ledger balance."""
        return self.model.ledger.balance(self.account)

    @property
    def net_worth_cr(self) -> float:
        """The magnet venture's net worth: cash plus plant book value less debt (₹ crore)."""
        return self.cash_cr + self.book_cr - self.debt_cr

    @property
    def building(self) -> bool:
        """Has begun building (the expertise-gap average covers these firms)."""
        return bool(self.plants) and not self.exited

    @property
    def high_grade(self) -> bool:
        """Can make high-grade magnets: know-how above the threshold and heavy REEs available."""
        return (
            self.knowhow >= self.model.p.high_grade_knowhow
            and self.model.imports.heavy_re_available
        )

    @property
    def domestic_oxide_share(self) -> float:
        """Share of the oxide bought over the last 12 months that came from IREL."""
        domestic, total = self._oxide_12m
        return min2(1.0, domestic_oxide_share(max2(0.0, domestic), total))

    def note_oxide(self, domestic_t: float, imported_t: float) -> None:
        """Remember a month's oxide purchases (for the domestic value-addition rule)."""
        total_t = domestic_t + imported_t
        sums = self._oxide_12m
        self.oxide_bought.append((domestic_t, total_t))
        sums[0] += domestic_t
        sums[1] += total_t
        if len(self.oxide_bought) > 12:
            old_d, old_t = self.oxide_bought.popleft()
            sums[0] -= old_d
            sums[1] -= old_t
        if sums[1] <= 1e-12:
            sums[0] = sums[1] = 0.0

    def _yield(self) -> float:
        """Process yield from know-how and skill, lowered while the plants start up."""
        p = self.model.p
        return production.process_yield(
            self.knowhow,
            1.0 if self.frontier else self.skill,
            p.process_yield_frontier,
            p.process_yield_novice,
            p.yield_knowhow_weight,
        ) * startup.yield_factor(self.maturity, p.startup_yield_weight)

    # ---- tender and entry ----------------------------------------------------------------------
    def cost_inr_per_kg(self, gap: float, skill: float, *, royalty: bool, capital: bool) -> float:
        """Unit cost at full utilisation for a given gap and skill (₹/kg).

        Oxide at the price the firm expects to pay for its feed (`expected_feed_usd_per_kg`:
        China's expected price while its oxide is open to India, else the ex-China price) ×
        intensity at the implied process yield, processing
        raised by the gap, labour, optionally royalties (on import parity) and capital charges
        (depreciation plus interest on the debt share of the investment).
        """
        m, p = self.model, self.model.p
        py = production.process_yield(
            1.0 - gap,
            skill,
            p.process_yield_frontier,
            p.process_yield_novice,
            p.yield_knowhow_weight,
        )
        intensity = production.oxide_intensity(
            py,
            p.material_yield,
            p.swarf_recycled_share,
            p.process_yield_frontier,
            p.oxide_per_t_mature,
        )
        return prices.normal_unit_cost_inr(
            prices.oxide_cost_inr_per_kg(
                m.imports.expected_feed_usd_per_kg, p.fx_inr_per_usd, intensity
            ),
            prices.processing_inr_per_kg(p.processing_cost_inr_per_kg, p.cost_gap_elasticity, gap),
            self._wages_inr_per_kg,
            p.royalty_share * m.imports.price_inr_per_kg if royalty else 0.0,
            self._capital_inr_per_kg if capital else 0.0,
        )

    # ---- monthly behaviour ---------------------------------------------------------------------
    def plan(self) -> None:
        """Seek a partner, build, and staff the plant (first phase of a month)."""
        if self.exited or not self.plants:
            return
        month = self.model.month
        if self.partner is None and not self.frontier:
            self.model.seek_partner(self)
        if self.partner is None and not self.licensed_domestic and self.rnd_link is not None:
            self.rnd_link.license_to(self)
        self._build(month)
        self._staff(month)
        self.process_yield = self._yield()
        self.normal_cost = self.cost_inr_per_kg(
            self.gap,
            1.0 if self.frontier else self.skill,
            royalty=self.partner is not None,
            capital=True,
        )

    def _invest(self, amount_cr: float, *, scheme: bool) -> None:
        """Pay for construction: the debt share is borrowed, the parent group puts in the equity."""
        ledger, p = self.model.ledger, self.model.p
        borrowed = amount_cr * p.debt_share
        ledger.transfer("lenders", self.account, borrowed, "loans")
        ledger.transfer("owners", self.account, amount_cr - borrowed, "equity")
        self.debt_cr += borrowed
        ledger.transfer(self.account, "equipment_suppliers", amount_cr, "capex")
        self.book_cr += amount_cr
        self.eligible_investment_cr += amount_cr
        if scheme:
            self.scheme_investment_cr += amount_cr

    def _staff(self, month: int) -> None:
        m, p = self.model, self.model.p
        target_capacity = self._installed_t + sum(
            pl.capacity_t
            for pl in self.plants
            if not pl.installed
            and (1.0 - min(pl.progress.values())) * pl.months_needed <= p.hiring_lead_months
        )
        need = workforce.workers_needed(target_capacity, p.workers_per_kt)
        effective = workforce.effective_workers(self.novices, self.trained, self.experts)
        if self.headcount > 0.0:
            n_out = workforce.attrition(self.novices, p.attrition_per_yr)
            t_out = workforce.attrition(self.trained, p.attrition_per_yr)
            e_out = workforce.attrition(self.experts, p.attrition_per_yr)
            self.novices -= n_out
            self.trained -= t_out
            self.experts -= e_out
            m.labour.release(n_out, t_out, e_out)
        ceiling = self.model.p.max_headcount_per_need * need
        if need > effective and self.headcount < ceiling:
            wanted = min2((need - effective) / workforce.SKILL_WEIGHTS[0], ceiling - self.headcount)
            n, t, e = m.labour.hire(wanted)
            if self.frontier:
                self.experts += n + t + e
            else:
                self.novices += n
                self.trained += t
                self.experts += e
        if not self.frontier:
            trainers = self.experts + self.secondees
            up_n, up_t = workforce.promotions(
                self.novices,
                self.trained,
                trainers,
                p.trainees_per_trainer,
                p.training_months,
                p.expert_months,
            )
            self.novices -= up_n
            self.trained += up_n - up_t
            self.experts += up_t

    @property
    def secondees(self) -> float:
        """Experts seconded by the partner (count as trainers and expert staff)."""
        if self.partner is None:
            return 0.0
        return float(self.model.p.partner_experts)

    def potential(self) -> production.LossChain:
        """This month's chain up to good output (t/yr), before oxide and buyers."""
        p = self.model.p
        need = workforce.workers_needed(self.installed_t, p.workers_per_kt)
        staff = (
            workforce.effective_workers(self.novices, self.trained, self.experts) + self.secondees
        )
        return production.loss_chain(
            self.committed_t,
            self.installed_t,
            self.usable_t,
            workforce.staffed_share(staff, need),
            self.process_yield / p.process_yield_frontier,
            0.0,
            math.inf,
        )

    def oxide_intensity(self) -> float:
        """Tonnes of oxide per finished tonne at the current process yield."""
        p = self.model.p
        return production.oxide_intensity(
            self.process_yield,
            p.material_yield,
            p.swarf_recycled_share,
            p.process_yield_frontier,
            p.oxide_per_t_mature,
        )

    def learn(self, produced_t: float) -> None:
        """Close the gap: learning by doing, partner absorption, R&D spillover (flows recorded).

        The plants' start-up maturity rises with the month's operation first.
        """
        self.mature(production.operation_share(self.chain))
        if self.frontier:
            self.cum_output_t += produced_t
            return
        m, p = self.model, self.model.p
        factor = knowhow.wright_gap_factor(
            self.cum_output_t, self.cum_output_t + produced_t, p.experience_ref_t, p.learning_rate
        )
        self.cum_output_t += produced_t
        self.knowhow = 1.0 - self.gap * factor
        need = workforce.workers_needed(self.committed_t, p.workers_per_kt)
        absorb = knowhow.absorptive_capacity(
            self.headcount / need if need > 0.0 else 0.0,
            self.skill,
            self.rnd_link is not None,
            p.rnd_link_absorption_bonus,
            p.absorptive_staff_weight,
            p.absorptive_skill_weight,
        )
        if self.partner is not None:
            dk = knowhow.partner_absorption(
                self.knowhow, p.partner_transfer_intensity, p.absorption_rate, absorb
            )
            self.knowhow += dk
            m.record_flow(self.partner.unique_id, self.unique_id, "licence", dk)
            if self.secondees > 0.0:
                m.record_flow(self.partner.unique_id, self.unique_id, "experts", self.secondees)
        if self.rnd_link is not None:
            dk = knowhow.spillover(self.knowhow, self.rnd_link.knowledge, p.spillover_rate) * absorb
            self.knowhow += dk
            if dk > 0.0:
                m.record_flow(self.rnd_link.unique_id, self.unique_id, "spillover", dk)
        self.knowhow += (
            knowhow.spillover(self.knowhow, m.best_domestic_knowhow, p.diffusion_rate) * absorb
        )
        self.knowhow = min2(1.0, max2(0.0, self.knowhow))

    def lose_experts(self, count: float) -> float:
        """Experts poached away; know-how leaves with them (not under frontier expertise)."""
        count = min2(count, self.experts)
        if count <= 0.0:
            return 0.0
        if not self.frontier:
            self.knowhow -= knowhow.poaching_knowhow_loss(
                self.knowhow, count, self.experts, self.model.p.poaching_knowhow_loss
            )
        self.experts -= count
        return count

    def exit(self, month: int) -> None:
        """Decide to leave the industry; the firm leaves at the start of next month (`leave`).

        It still counts in this month's rows, so the month's output and sales balance.
        """
        self.exit_pending = True
        self.milestones["exit_month"] = month

    def leave(self) -> None:
        """Leave: workers return to the pool, the partner link ends; unsold stock stays stranded."""
        self.exited = True
        self.exit_pending = False
        self.month_output_t = self.month_sales_t = self.month_exports_t = self.month_revenue_cr = (
            0.0
        )
        self.model.labour.release(self.novices, self.trained, self.experts)
        self.novices = self.trained = self.experts = 0.0
        if self.partner is not None:
            self.partner.release(self)
