"""MagnetModel: India's sintered NdFeB magnet ecosystem as a Mesa model (DESIGN.md).

One step is one month; month 0 is December 2025. A month runs in phases, each in a fixed order
so that results are bit-identical for a seed:

1. environment: demand, import market and shock state, IREL output, graduates;
2. government: the tender at ``award_month``, administration, entry outside the scheme;
3. R&D centres: research, skilling, grants;
4. firms plan: seek a partner, build, hire, train;
5. market: orders by segment, oxide procurement, production and sales;
6. firms settle: costs, SLI, learning, milestones, expansion or exit; partners review; poaching;
7. record the month's rows.

Within a phase whose order should not matter (R&D centres, firms' planning, firms' settlement,
partners' reviews) the agents act in a random order drawn from the model's seeded generator
(`MagnetModel._shuffled`: the draws and order of Mesa's ``AgentSet.shuffle_do``), so no firm is
always first to a shared pool.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import mesa

from ecosystem.agents.decisions import DecisionLog, FirmDecisions
from ecosystem.agents.government import Government
from ecosystem.agents.manufacturer import Manufacturer
from ecosystem.agents.partner import TechnologyPartner
from ecosystem.agents.rnd_centre import RnDCentre
from ecosystem.agents.tender import TenderOutcome
from ecosystem.archetypes import PARTNER_COUNTRIES, RND_CENTRES, archetype_for
from ecosystem.environment import Demand, ImportMarket, LabourPool, RawMaterial
from ecosystem.fieldspec import check_seed
from ecosystem.ledger import Ledger
from ecosystem.market_clearing import produce_and_sell, take_orders
from ecosystem.mechanisms import knowhow
from ecosystem.mechanisms.trade import smoothed
from ecosystem.mechanisms.workforce import poached_experts
from ecosystem.observed import Observed, load_observed
from ecosystem.params import Params
from ecosystem.recorder import Recorder


def _learn_and_settle(firm: Manufacturer, month: int, bills: dict[int, float]) -> None:
    """A firm's month end: learn from its output, then settle (phase 6)."""
    firm.learn(firm.month_output_t)
    firm.settle(month, bills.get(firm.index, 0.0))


class MagnetModel(mesa.Model):
    """The magnet ecosystem: manufacturers, R&D centres, technology partners and the government.

    Args:
        params: validated parameters (defaults: the scheme as approved).
        rng: integer seed (Mesa's ``rng``); ``None`` draws one from the OS.
        tender: a tender outcome to impose at the award month (the twin's "tender held fixed").
        decisions: firms' entries, expansions and exits to replay instead of deciding them (an
            attribution switch run replays the unrelaxed run's `decisions`, DESIGN.md §4).
        record_agents: also record one row per agent per month (the ``.agents`` frame).
        observed: a TOML file of known facts (or a loaded `Observed`) that fixes the award month,
            the tender's winners and their plants' dates, IREL's output by fiscal year and firms'
            starting know-how, workforce and capacity (DESIGN.md §8; ``docs/observed.md``).
    """

    IREL_ID = -1
    LABOUR_POOL_ID = -2
    IMPORTS_ID = -3

    def __init__(
        self,
        params: Params | None = None,
        *,
        rng: int | None = None,
        tender: TenderOutcome | None = None,
        decisions: FirmDecisions | None = None,
        record_agents: bool = True,
        observed: str | Path | Observed | None = None,
    ) -> None:
        if rng is not None:
            rng = check_seed(rng, "rng")
        if params is not None and not isinstance(params, Params):
            raise TypeError(
                f"MagnetModel: params must be a Params (e.g. Params(learning_rate=0.3)) or None, "
                f"not {type(params).__name__}"
            )
        params = params if params is not None else Params()
        if observed is not None and not isinstance(observed, Observed):
            observed = load_observed(observed, params)
        self.observed: Observed | None = observed
        if observed is not None:
            params = observed.apply(params)
            if tender is None:
                tender = observed.tender(params)
        super().__init__(rng=int(rng) if rng is not None else None)
        #: Current month (0 = December 2025); Mesa's ``time`` as an integer.
        self.month = 0
        self.seed = int(rng) if rng is not None else int(self._seed)
        self.p = params
        self.fixed_tender = tender
        #: Decisions replayed from another run (None: firms decide).
        self.fixed_decisions = decisions
        self.decision_log = DecisionLog()
        self._twins: list[MagnetModel] = []
        self.ledger = Ledger()
        for account in (
            "treasury",
            "owners",
            "lenders",
            "buyers",
            "foreign_buyers",
            "irel",
            "foreign_suppliers",
            "domestic_suppliers",
            "equipment_suppliers",
            "workers",
            "administration",
            "researchers_and_trainers",
        ):
            self.ledger.balances.setdefault(account, 0.0)
        self.demand = Demand(self.p)
        self.imports = ImportMarket(self.p, self.seed)
        self.raw = RawMaterial(self.p, observed.irel_output if observed is not None else None)
        self.labour = LabourPool(self.p)
        self.government = Government(self)
        self._create_agents(observed)
        self.best_domestic_knowhow = 0.0
        #: Smoothed share of addressable demand met by Indian firms (China's price response).
        self.domestic_share_smoothed = 0.0
        self.unmet_or_imported_t = 0.0
        self.oxide_consumed_cum_t = 0.0
        self.recorder = Recorder(self, record_agents=record_agents)
        self.recorder.record(None)

    def _create_agents(self, observed: Observed | None) -> None:
        """R&D centres, technology partners and firms, with Mesa's `Agent.create_agents`.

        One argument list per constructor argument, agent ``i`` taking the ``i``-th entry, in
        index order (so unique ids and any draws are those of a loop); each firm is linked to a
        public lab round robin.
        """
        p = self.p
        labs = [RND_CENTRES[i % len(RND_CENTRES)] for i in range(p.n_rnd_centres)]
        self.rnd_centres = RnDCentre.create_agents(
            self, p.n_rnd_centres, list(range(p.n_rnd_centres)), labs
        ).to_list()
        countries = [PARTNER_COUNTRIES[i % len(PARTNER_COUNTRIES)] for i in range(p.n_partners)]
        self.partners = TechnologyPartner.create_agents(
            self, p.n_partners, list(range(p.n_partners)), countries
        ).to_list()
        self._partners_by_willingness = sorted(
            self.partners, key=lambda x: (-x.willingness, x.index)
        )
        firms = range(p.n_firms)
        archetypes = [archetype_for(i) for i in firms]
        self.firms: list[Manufacturer] = Manufacturer.create_agents(
            self,
            p.n_firms,
            list(firms),
            [arch for arch, _ in archetypes],
            [name for _, name in archetypes],
            [observed.firm_start(i) if observed is not None else None for i in firms],
        ).to_list()
        for firm in self.firms:  # each firm's nearest public lab (round robin)
            if self.rnd_centres:
                firm.rnd_link = self.rnd_centres[firm.index % len(self.rnd_centres)]

    # ---- time ----------------------------------------------------------------------------------
    def step(self) -> None:
        """Advance one month."""
        m = int(self.time)
        if m > self.p.horizon_months:  # past the horizon: nothing happens, nothing is recorded
            self.running = False
            return
        self.month = m
        for firm in self.firms:
            if firm.exit_pending:
                firm.leave()
                # Out of the model's active AgentSet (no more phases); `self.firms` keeps every
                # firm for the records, and its stranded stock still counts in national totals.
                firm.remove()
        self.imports.update(m, self.domestic_share_smoothed)
        self.demand.update(m, self.imports.price_inr_per_kg, self.imports.reference_inr_per_kg)
        self.raw.produce(m)
        self.labour.add_graduates()
        building = [f.knowhow for f in self.firms if f.building]
        self.best_domestic_knowhow = max(building) if building else 0.0
        self.government.step()
        for centre in self._shuffled(self.rnd_centres):
            centre.step()
        active = [f for f in self.firms if not f.exited]  # the model's Manufacturer agents
        for firm in self._shuffled(active):
            firm.plan()
        sellers = [f for f in self.firms if not f.exited and f.plants]
        for f in sellers:
            f.month_output_t = f.month_sales_t = f.month_exports_t = f.month_revenue_cr = 0.0
            f.month_support_cr = 0.0
            f.chain = f.potential()
        producing = [f for f in sellers if f.installed_t > 0.0 or f.inventory_t > 0.0]
        offers = {f.index: f.chain.good / 12.0 + f.inventory_t for f in producing}
        month = take_orders(self, producing, offers)
        bills = produce_and_sell(self, producing, month)
        for firm in self._shuffled(sellers):
            _learn_and_settle(firm, m, bills)
        for partner in self._shuffled(self.partners):
            partner.review()
        self._poach()
        self.unmet_or_imported_t = (month.imports_t + month.unmet_t) * 12.0
        self.oxide_consumed_cum_t += month.oxide_consumed_t
        if self.imports.response_occurs:
            share = month.domestic_sales_t / month.demand_t if month.demand_t > 0.0 else 0.0
            self.domestic_share_smoothed = smoothed(
                self.domestic_share_smoothed, share, self.p.china_response_months
            )
        self.recorder.record(month)
        if m >= self.p.horizon_months:
            self.running = False

    def _shuffled[A: mesa.Agent](self, agents: list[A]) -> list[A]:
        """``agents`` in a random order: the draws and order of Mesa's ``AgentSet.shuffle_do``.

        A shuffled copy of the list, in the order the agents were created (as in the model's
        `AgentSet` of their type, which holds these same agents), without an `AgentSet` per call.
        """
        order = list(agents)
        self.random.shuffle(order)
        return order

    def run(self) -> MagnetModel:
        """Run to the horizon; returns self."""
        remaining = self.p.horizon_months - self.month
        if remaining > 0:
            self.run_for(remaining)
        self.running = False
        return self

    # ---- interactions --------------------------------------------------------------------------
    def seek_partner(self, firm: Manufacturer) -> bool:
        """A firm asks partners in order of willingness until one accepts."""
        if not self.p.foreign_partners_allowed:
            return False
        # Acceptance is willingness × terms ≥ threshold with terms fixed by the firm, so if the most
        # willing partner with a free slot refuses, every less willing one would refuse too.
        for partner in self._partners_by_willingness:
            if partner.slots_left > 0:
                return partner.consider(firm)
        return False

    def _poach(self) -> None:
        """Experts move to the best payer, taking know-how with them."""
        p = self.p
        if p.poaching_share_per_month <= 0.0:
            return
        active = [f for f in self.firms if f.building and f.headcount > 0.0]
        if len(active) < 2:
            return
        best = max(active, key=lambda f: (f.pay_index, -f.index))
        for f in active:
            if f is best:
                continue
            gap = (best.pay_index - f.pay_index) / f.pay_index
            moved = f.lose_experts(poached_experts(f.experts, p.poaching_share_per_month, gap))
            if moved > 0.0:
                if not best.frontier:
                    best.knowhow += knowhow.spillover(
                        best.knowhow, f.knowhow, moved / (best.experts + moved)
                    )
                best.experts += moved
                self.record_flow(f.unique_id, best.unique_id, "poaching", moved)

    def record_flow(self, source: int, target: int, kind: str, amount: float) -> None:
        """Record a link for the network view (``.flows``)."""
        self.recorder.flow(source, target, kind, amount)

    # ---- twin and results ----------------------------------------------------------------------
    def tender_awarded(self, outcome: TenderOutcome) -> None:
        """Hand the tender outcome to twins stepping alongside."""
        for twin in self._twins:  # also after each re-opened round: the twin holds it too
            twin.fixed_tender = outcome

    def make_twin(self, *, record_agents: bool = True) -> MagnetModel:
        """The expertise-gap twin: same parameters and seed, frontier expertise, tender held fixed.

        Step it alongside this model (this model first in each month): it takes this run's
        tender outcome when the award happens.
        """
        if self.month > 0:
            raise RuntimeError("make_twin() must be called before the first step")
        twin = MagnetModel(
            self.p.replace(frontier_expertise=True),
            rng=self.seed,
            tender=self.government.outcome,
            record_agents=record_agents,
            observed=self.observed,
        )
        self._twins.append(twin)
        return twin

    @property
    def decisions(self) -> FirmDecisions:
        """Firms' entries, expansions and exits so far (what a switch run replays)."""
        return self.decision_log.snapshot()

    def result(self) -> Any:
        """The frames recorded so far (works mid-run)."""
        from ecosystem.result import SimulationResult

        return SimulationResult.from_model(self)

    def oxide_balance(self) -> dict[str, float]:
        """Oxide accounts (t) for conservation checks: IREL's and the firms' balances.

        ``irel``: produced − exported − delivered − (stock − initial stock) (0 when conserved);
        ``firms``: delivered + imported − consumed − stocks held (0 when conserved).
        """
        raw = self.raw
        irel = (
            raw.irel_produced_cum_t
            - raw.irel_exported_cum_t
            - raw.irel_delivered_cum_t
            - (raw.irel_stock_t - self.p.irel_stock_t)
        )
        held = sum(f.oxide_stock_t for f in self.firms)
        firms = raw.irel_delivered_cum_t + raw.imported_cum_t - self.oxide_consumed_cum_t - held
        return {"irel": irel, "firms": firms}

    @property
    def expertise_gap(self) -> float:
        """Committed-capacity-weighted ``1 - K`` over firms that began building (NaN if none)."""
        firms = [f for f in self.firms if f.building]
        weight = sum(f.committed_t for f in firms)
        if weight <= 0.0:
            return math.nan
        return sum(f.committed_t * f.gap for f in firms) / weight
