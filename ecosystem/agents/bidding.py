"""A manufacturer's tender bid and entry decision (DESIGN.md §3, §4).

`Bidder` is the part of `Manufacturer` that forms expectations from what the firm can see (its
gap and people, a partner it could sign, a lab licence, peers' progress), sizes a bid by its
group's net worth, asks the lowest sales-linked incentive (SLI) rate that clears its hurdle, and,
outside the scheme, decides whether to build on its own. The equations live in
`ecosystem.mechanisms` (finance, knowhow, workforce, incentives).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecosystem.agents.partner import deal_terms, partner_accepts
from ecosystem.mechanisms import finance, knowhow, workforce
from ecosystem.mechanisms.incentives import net_worth_required_cr, shape_pv_multiplier

if TYPE_CHECKING:
    from ecosystem.agents.partner import TechnologyPartner
    from ecosystem.agents.plants import Plant
    from ecosystem.agents.rnd_centre import RnDCentre
    from ecosystem.archetypes import Archetype
    from ecosystem.model import MagnetModel


@dataclass(slots=True)
class Bid:
    """A tender bid: capacity and SLI rate asked."""

    firm_index: int
    capacity_t: float
    rate_inr_per_kg: float


class Bidder:
    """Tender bid, award and entry of a firm (mixed into `Manufacturer`)."""

    #: Month the firm won its place in the tender (None: not a beneficiary); its gestation and
    #: SLI window count from it (a re-opened round's winner has its own).
    scheme_award_month: int | None = None

    if TYPE_CHECKING:
        model: MagnetModel
        index: int
        archetype: Archetype
        partner: TechnologyPartner | None
        rnd_link: RnDCentre | None
        licensed_domestic: bool
        knowhow: float
        group_net_worth_cr: float
        exited: bool
        plants: list[Plant]
        beneficiary: bool
        bid_rank: int | None
        bid_rate: float
        allocated_t: float
        irel_share: float
        sli_max_cr: float

        @property
        def gap(self) -> float:
            """Expertise gap (defined by `Manufacturer`)."""

        @property
        def headcount(self) -> float:
            """Employees (defined by `Manufacturer`)."""

        @property
        def skill(self) -> float:
            """Crew skill (defined by `Manufacturer`)."""

        @property
        def hurdle_rate(self) -> float:
            """Discount rate (defined by `Manufacturer`)."""

        def cost_inr_per_kg(
            self, gap: float, skill: float, *, royalty: bool, capital: bool
        ) -> float:
            """Unit cost (defined by `Manufacturer`)."""

        def plant_capex_cr(self, capacity_t: float) -> float:
            """Capital cost of a plant (defined by `PlantOwner`)."""

        def construction_months(self, capacity_t: float, *, partner: bool = ...) -> float:
            """Construction time (defined by `PlantOwner`)."""

        def _new_plant(
            self, capacity_t: float, *, scheme: bool, month: int, lag: bool = ...
        ) -> Plant:
            """Commit a plant (defined by `PlantOwner`)."""

    def bid_outlook(self, build_years: float) -> finance.BidOutlook:
        """The path the firm expects for a plant it commits now, year by year of its life.

        Formed from what the firm can see: its gap closing at an even pace towards the share it
        expects to close (more with a likely partner), its output ramping from first output over
        the years an experienced maker takes plus more for its gap, the SLI window after the
        gestation period. Its cost belief carries one noise draw from the model's generator.
        Capital is left out: the bid's NPV charges the investment itself.
        """
        m, p = self.model, self.model.p
        prospect = self._partner_prospect()
        closure = self._expected_closure(prospect)
        noise = math.exp(m.rng.normal(0.0, p.bid_cost_noise)) if p.bid_cost_noise > 0 else 1.0
        skill = self._expected_skill()
        price = self._expected_price_inr_per_kg()
        ramp_years = p.bid_ramp_years_frontier + p.bid_ramp_years_per_gap * self.gap
        window_start = p.gestation_months / 12.0
        window_end = window_start + p.sli_window_months / 12.0
        margins, utilisation, sli = [], [], []
        last_gap, cost = math.nan, 0.0
        for year in range(math.ceil(p.plant_life_years)):
            gap = knowhow.expected_gap(
                self.gap, closure, p.bid_closure_years, build_years + year + 0.5
            )
            if gap != last_gap:  # once the closure is reached the gap, and so the cost, stay
                cost = self.cost_inr_per_kg(gap, skill, royalty=prospect, capital=False) * noise
                last_gap = gap
            margins.append(price - cost)
            share = min(1.0, p.plant_life_years - year)  # a last, partial year of life
            utilisation.append(
                finance.ramp_utilisation(year, p.bid_expected_utilisation, ramp_years) * share
            )
            sli.append(finance.window_share(build_years + year, window_start, window_end))
        return finance.BidOutlook(build_years, tuple(margins), tuple(utilisation), tuple(sli))

    def _expected_price_inr_per_kg(self) -> float:
        """Price the firm expects for its magnets: import parity, the security premium, a floor."""
        m, p = self.model, self.model.p
        price = m.imports.expected_price_inr_per_kg * (1.0 + p.security_premium_share)
        if p.price_floor_inr_per_kg > m.imports.price_inr_per_kg:
            price += finance.expected_floor_margin_inr(
                m.imports.price_inr_per_kg,
                p.price_floor_inr_per_kg,
                p.sli_passthrough_share,
                p.price_support_years,
                p.plant_life_years,
            )
        return price

    def _partner_prospect(self) -> bool:
        """Whether a foreign partner with a free slot would take the firm as a beneficiary."""
        m, p = self.model, self.model.p
        if self.partner is not None:
            return True
        if not p.foreign_partners_allowed:
            return False
        terms = deal_terms(
            True,
            max(self.archetype.appetite_t, 0.0),
            p.bid_capacity_max_t,
            p.partner_terms_beneficiary_weight,
            p.partner_terms_scale_weight,
        )
        return any(
            partner_accepts(pt.willingness, terms, p.partner_accept_threshold, pt.slots_left)
            for pt in m.partners
        )

    def _expected_closure(self, prospect: bool) -> float:
        """Share of the gap the firm expects to close, from what it can see (Params weights)."""
        m, p = self.model, self.model.p
        gap = self.gap
        lead = (m.best_domestic_knowhow - self.knowhow) / gap if gap > 0.0 else 0.0
        return knowhow.expected_gap_closure(
            p.bid_closure_own,
            p.bid_closure_partner,
            prospect,
            p.bid_closure_lab,
            self.licensed_domestic or self.rnd_link is not None,
            p.bid_closure_peer,
            lead,
        )

    def _expected_skill(self) -> float:
        """Skill the firm expects its crew to reach: from its people, or the pool it hires from."""
        pool = self.model.labour
        if self.headcount > 0.0:
            now = self.skill
        else:
            now = workforce.skill(pool.novices, pool.trained, pool.experts)
        return workforce.expected_skill(now, self.model.p.bid_skill_training_share)

    def choose_capacity(self) -> float:
        """Largest allowed bid capacity the firm's net worth and appetite permit (0: cannot bid)."""
        p = self.model.p
        cap = min(self.archetype.appetite_t, p.bid_capacity_max_t)
        cap = (
            p.bid_capacity_min_t
            + math.floor((cap - p.bid_capacity_min_t) / p.bid_capacity_step_t + 1e-9)
            * p.bid_capacity_step_t
        )
        while cap >= p.bid_capacity_min_t:
            need = net_worth_required_cr(
                cap,
                p.net_worth_min_cr,
                p.net_worth_max_cr,
                p.bid_capacity_min_t,
                p.bid_capacity_max_t,
                p.bid_capacity_step_t,
            )
            if self.group_net_worth_cr >= need:
                return cap
            cap -= p.bid_capacity_step_t
        return 0.0

    def make_bid(self) -> Bid | None:
        """Bid when the expected NPV with incentives clears the hurdle at or below the ceiling."""
        p = self.model.p
        capacity = self.choose_capacity()
        # A firm that cannot bid still forms its expectation (the model's random stream is drawn
        # alike). It expects a licensor when partners are allowed (it seeks one after the award).
        sized = max(capacity, p.bid_capacity_min_t)
        build_years = (
            p.construction_lag_months
            + self.construction_months(sized, partner=p.foreign_partners_allowed)
        ) / 12.0
        outlook = self.bid_outlook(build_years)
        if capacity <= 0.0 or self.exited:
            return None
        gov = self.model.government
        capex = self.plant_capex_cr(capacity) + (
            p.licence_fee_cr if p.foreign_partners_allowed else 0.0
        )
        share, cap = gov.capex_terms(capacity)
        subsidy = min(share * capex, cap)
        hurdle = self.hurdle_rate
        rate = finance.required_sli_rate(capacity, outlook, capex, subsidy, hurdle)
        rate /= max(1e-9, 1.0 - p.sli_passthrough_share)
        if p.sli_shape != "flat":
            rate /= shape_pv_multiplier(gov.shape_factors, hurdle)
        if not rate <= p.sli_ceiling_inr_per_kg:
            return None
        return Bid(self.index, capacity, round(max(0.0, rate)))

    def win(self, rank: int, capacity_t: float, rate: float, irel_share: float, month: int) -> None:
        """Become a beneficiary: commit the allocated integrated plant now."""
        self.beneficiary = True
        self.bid_rank = rank
        self.bid_rate = rate
        self.allocated_t = capacity_t
        self.irel_share = irel_share
        self.sli_max_cr = self.model.government.sli_firm_max_cr(capacity_t)
        self.scheme_award_month = month
        self._new_plant(capacity_t, scheme=True, month=month)

    def consider_entry(self, month: int) -> None:
        """Outside the scheme, build a minimum plant if the NPV without SLI clears the hurdle.

        Under a replay (`FirmDecisions`) the firm enters in the months, and with the capacity,
        the unrelaxed run chose; it still forms its expectation, so the model's random stream
        is drawn as in that run.
        """
        m = self.model
        if self.exited or self.plants:
            return
        capacity = self.choose_capacity()
        enter = capacity > 0.0 and self._entry_npv_cr(capacity) > 0.0
        if m.fixed_decisions is not None:
            capacity = m.fixed_decisions.entry_t(self.index, month)
            enter = capacity > 0.0
        if enter:
            self._new_plant(capacity, scheme=False, month=month)
            m.decision_log.entries.append((self.index, month, capacity))

    def _entry_npv_cr(self, capacity_t: float) -> float:
        """NPV of building ``capacity_t`` outside the scheme, without SLI (₹ crore)."""
        p = self.model.p
        build_years = (p.construction_lag_months + self.construction_months(capacity_t)) / 12.0
        return finance.bid_npv_cr(
            capacity_t,
            self.bid_outlook(build_years),
            0.0,
            self.plant_capex_cr(capacity_t),
            0.0,
            self.hurdle_rate,
        )
