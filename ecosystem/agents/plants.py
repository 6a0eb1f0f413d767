"""A manufacturer's plants: construction and start-up (DESIGN.md §4).

`Plant` is one tranche of capacity; `PlantOwner` is the part of `Manufacturer` that commits,
builds and commissions plants and runs their start-up. The equations are in
`ecosystem.mechanisms.production` (construction) and `ecosystem.mechanisms.startup` (maturity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosystem.mechanisms import finance, production, startup, workforce
from ecosystem.mechanisms.bounds import max2, min2

if TYPE_CHECKING:
    from ecosystem.agents.partner import TechnologyPartner
    from ecosystem.model import MagnetModel

#: Integrated-plant stages (the scheme requires oxide → metal → alloy → magnet in one plant).
STAGES: tuple[str, ...] = ("metal", "alloy", "magnet")


@dataclass(slots=True)
class Plant:
    """One tranche of capacity being built or installed (t/yr of finished magnets)."""

    capacity_t: float
    start_month: int
    months_needed: float
    capex_cr: float
    scheme: bool
    progress: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    spent_cr: float = 0.0
    installed: bool = False
    #: Start-up maturity in [0, 1] once installed (usable share of nameplate).
    maturity: float = 0.0
    #: Observed commissioning month (observed-data mode): progress follows the dates given.
    fixed_commissioning: int | None = None

    def advance(self, steps: dict[str, float]) -> float:
        """Add a month's progress per stage; returns the share of the slowest stage done."""
        progress = self.progress
        for stage, step in steps.items():
            progress[stage] = min2(1.0, progress[stage] + step)
        done = min(progress.values())
        self.installed = done >= 1.0
        return done

    def set_progress(self, share: float) -> float:
        """Set every stage to ``share`` built (observed dates); returns it."""
        for stage in self.progress:
            self.progress[stage] = max2(self.progress[stage], share)
        done = min(self.progress.values())
        self.installed = done >= 1.0
        return done


class PlantOwner:
    """Plants of a firm: commit, build, commission, start up (mixed into `Manufacturer`)."""

    if TYPE_CHECKING:
        model: MagnetModel
        plants: list[Plant]
        partner: TechnologyPartner | None
        knowhow: float
        experts: float
        trained: float
        milestones: dict[str, int | None]
        last_commissioning: int | None
        _committed_t: float
        _installed_t: float
        _scheme_installed_t: float
        _usable_t: float

        @property
        def gap(self) -> float:
            """Expertise gap (defined by `Manufacturer`)."""

        @property
        def secondees(self) -> float:
            """A partner's seconded experts (defined by `Manufacturer`)."""

        @property
        def installed_t(self) -> float:
            """Installed capacity (defined by `Manufacturer`)."""

        def _invest(self, amount_cr: float, *, scheme: bool) -> None:
            """Pay for construction (defined by `Manufacturer`)."""

    def plant_capex_cr(self, capacity_t: float) -> float:
        """Investment in a plant of ``capacity_t`` (₹ crore), with the scale exponent."""
        p = self.model.p
        return finance.plant_capex_cr(capacity_t, p.capex_cr_per_kt, p.plant_scale_exponent)

    def construction_months(
        self, capacity_t: float = production.REFERENCE_PLANT_T, *, partner: bool | None = None
    ) -> float:
        """Months to build a plant from the firm's state (the one function bids and plants use).

        The slowest stage: the magnet line (size, gap, partner) or, for an integrated plant, the
        metal and alloy stages. ``partner``: whether a licensor helps (default: whether the firm
        has one now).
        """
        return max(self._stage_months(capacity_t, partner).values())

    def _stage_months(self, capacity_t: float, partner: bool | None) -> dict[str, float]:
        p = self.model.p
        magnet = production.magnet_line_months(
            capacity_t,
            p.construction_base_months,
            p.construction_size_exponent,
            self.gap,
            p.construction_gap_factor,
            self.partner is not None if partner is None else partner,
            p.partner_construction_relief,
        )
        return production.stage_months(
            magnet, p.plant_scope == "integrated", p.integrated_build_extra_share
        )

    def _new_plant(self, capacity_t: float, scheme: bool, month: int, *, lag: bool = True) -> Plant:
        """Commit a plant; construction starts after the lag (``lag=False``: at once)."""
        p = self.model.p
        at_once = p.capacity_built_at_once
        start = month + (round(p.construction_lag_months) if lag and not at_once else 0)
        plant = Plant(
            capacity_t,
            start,
            self.construction_months(capacity_t),
            self.plant_capex_cr(capacity_t),
            scheme,
        )
        for stage, months in self._stage_months(capacity_t, None).items():
            if months <= 0.0:  # a stage the firm does not build itself
                plant.progress[stage] = 1.0
        if at_once:
            plant.advance(dict.fromkeys(STAGES, 1.0))
            self._commission(plant, month)
        self.plants.append(plant)
        self._update_capacity()
        if start == month and self.milestones["construction_start_month"] is None:
            self.milestones["construction_start_month"] = month
        return plant

    def _update_capacity(self) -> None:
        """Recompute the capacity totals after a plant is added, installed or matures."""
        plants = self.plants
        self._committed_t = sum(pl.capacity_t for pl in plants)
        self._installed_t = sum(pl.capacity_t for pl in plants if pl.installed)
        self._scheme_installed_t = sum(pl.capacity_t for pl in plants if pl.installed and pl.scheme)
        self._usable_t = sum(pl.capacity_t * pl.maturity for pl in plants if pl.installed)

    def _build(self, month: int) -> None:
        m, p = self.model, self.model.p
        blocked = m.imports.equipment_blocked
        for plant in self.plants:
            if plant.installed or month < plant.start_month:
                continue
            if self.milestones["construction_start_month"] is None:
                self.milestones["construction_start_month"] = plant.start_month
            if plant.fixed_commissioning is not None:
                share = production.fixed_progress(
                    month, plant.start_month, plant.fixed_commissioning
                )
                done = plant.set_progress(share)
            else:
                steps = {
                    stage: production.construction_progress(
                        months, blocked, p.equipment_delay_share
                    )
                    for stage, months in self._stage_months(plant.capacity_t, None).items()
                    if months > 0.0
                }
                done = plant.advance(steps)
            spend = max2(0.0, plant.capex_cr * done - plant.spent_cr)
            if spend > 0.0:
                self._invest(spend, scheme=plant.scheme)
                plant.spent_cr += spend
            if plant.scheme and done >= p.capex_subsidy_milestone_progress:
                m.government.pay_capex_subsidy(self, done, final=plant.installed)  # type: ignore[arg-type]
            if plant.installed:
                self._commission(plant, month)

    def _commission(self, plant: Plant, month: int | None) -> None:
        """A plant is installed: its start-up maturity starts from the firm's state."""
        p = self.model.p
        own = max(
            (pl.maturity for pl in self.plants if pl.installed and pl is not plant), default=0.0
        )
        copy = max2(1.0 if self.partner is not None else 0.0, own)
        plant.maturity = startup.initial_maturity(
            self.knowhow, copy, p.startup_maturity_start, p.startup_copy_gain
        )
        self._update_capacity()
        # A plant already running when the model starts (month None) is judged from month 0.
        self.last_commissioning = 0 if month is None else month
        if month is not None and self.milestones["commissioning_month"] is None:
            self.milestones["commissioning_month"] = month

    @property
    def usable_t(self) -> float:
        """Installed capacity usable at the plants' start-up maturity (t/yr)."""
        return self._usable_t if self.installed_t > 0.0 else 0.0

    @property
    def maturity(self) -> float:
        """Installed-capacity-weighted start-up maturity (1 with nothing installed)."""
        installed = self._installed_t
        return self._usable_t / installed if installed > 0.0 else 1.0

    def mature(self, operation: float) -> None:
        """A month of start-up: each installed plant matures with operation and expert effort.

        ``operation``: share of the usable capacity the firm ran this month, in [0, 1].
        """
        p = self.model.p
        need = workforce.workers_needed(self.installed_t, p.workers_per_kt)
        effort = startup.engineering_effort(
            self.experts + self.secondees,
            need,
            p.startup_expert_share,
            self.trained,
            p.startup_trained_effort_weight,
        )
        changed = False
        for plant in self.plants:
            if plant.installed and plant.maturity < 1.0:
                gain = startup.maturity_gain(
                    plant.maturity,
                    operation,
                    effort,
                    p.startup_rate_per_month,
                    plant.capacity_t,
                    p.startup_size_exponent,
                )
                if gain > 0.0:
                    plant.maturity = min2(1.0, plant.maturity + gain)
                    changed = True
        if changed:
            self._update_capacity()
