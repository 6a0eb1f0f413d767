"""Building capacity, process yield, oxide intensity and the loss chain (DESIGN.md §4, §5)."""

from __future__ import annotations

from dataclasses import dataclass, field


def construction_months(
    base_months: float,
    gap: float,
    gap_factor: float,
    has_partner: bool,
    partner_relief: float,
) -> float:
    """Months from construction start to commissioning.

    ``base * (1 + gap_factor * gap * (1 - relief if partner else 1))``: an experienced maker
    (gap 0) builds in the base time (facts §4: 11-24 months); the gap stretches it; an experienced
    partner removes a share ``relief`` of that stretch.
    """
    stretch = gap_factor * max(0.0, gap)
    if has_partner:
        stretch *= 1.0 - partner_relief
    return base_months * (1.0 + stretch)


def construction_progress(
    months_needed: float, equipment_blocked: bool, delay_share: float
) -> float:
    """Share of the plant built in one month; controlled equipment slows it by ``delay_share``."""
    step = 1.0 / max(months_needed, 1.0)
    if equipment_blocked:
        step *= 1.0 - delay_share
    return step


def fixed_progress(month: int, start_month: int, commissioning_month: int) -> float:
    """Share of a plant built when its dates are known (observed-data mode, DESIGN.md §8).

    Linear from the construction start to 1 at the observed commissioning month:
    ``clip((month - start) / (commissioning - start), 0, 1)``.
    """
    if month >= commissioning_month:
        return 1.0
    span = commissioning_month - start_month
    return min(1.0, max(0.0, (month - start_month) / span)) if span > 0 else 0.0


def process_yield(
    knowhow: float, skill: float, frontier: float, novice: float, knowhow_weight: float
) -> float:
    """Good blocks / blocks attempted.

    ``py = novice + (frontier - novice) * K**w * S**(1-w)``: monotone in know-how ``K`` and skill
    ``S``, equal to the frontier yield at ``K = S = 1`` and to the novice yield when either is 0.
    """
    k = min(1.0, max(0.0, knowhow))
    s = min(1.0, max(0.0, skill))
    return novice + (frontier - novice) * (k**knowhow_weight) * (s ** (1.0 - knowhow_weight))


#: Swarf recycling share behind the mature-practice oxide intensity (assumption: half).
REFERENCE_RECYCLED_SHARE = 0.5


def oxide_intensity(
    process_yield_: float,
    material_yield: float,
    recycled_share: float,
    frontier_yield: float,
    mature_intensity: float,
) -> float:
    """Tonnes of NdPr oxide per finished tonne of magnet.

    Blocks attempted per finished tonne are ``1 / (material_yield * process_yield)``; the scrap and
    swarf beyond the finished tonne is recycled at ``recycled_share``. Oxide need scales with
    ``g(py, r) = 1 + (1/(my*py) - 1) * (1 - r)`` and is anchored at mature practice (facts §3:
    0.33 t at the frontier yield with the reference recycling share ``r0``):
    ``intensity = mature * g(py, r) / g(frontier, r0)``. A novice line's extra scrap raises it in
    proportion; recycling more than the reference lowers it.
    """

    def g(py: float, r: float) -> float:
        return 1.0 + (1.0 / (material_yield * py) - 1.0) * (1.0 - r)

    return (
        mature_intensity
        * g(process_yield_, recycled_share)
        / g(frontier_yield, REFERENCE_RECYCLED_SHARE)
    )


#: Stages of the loss chain, in order (DESIGN.md §5).
LOSS_STAGES: tuple[str, ...] = ("capacity", "workforce", "yield", "materials", "market")


@dataclass(frozen=True, slots=True)
class LossChain:
    """One firm-month of the loss chain, annualised t/yr; each loss ≥ 0.

    ``committed - production = capacity + workforce + yield + materials + market`` losses.
    """

    committed: float
    installed: float
    staffed: float
    good: float
    supplied: float
    production: float
    losses: tuple[float, float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        c, i, s, g, u, p = (
            self.committed,
            self.installed,
            self.staffed,
            self.good,
            self.supplied,
            self.production,
        )
        object.__setattr__(
            self,
            "losses",
            (
                c - i if c > i else 0.0,
                i - s if i > s else 0.0,
                s - g if s > g else 0.0,
                g - u if g > u else 0.0,
                u - p if u > p else 0.0,
            ),
        )

    @property
    def lost_to_capacity(self) -> float:
        """Committed, not yet installed."""
        return self.losses[0]

    @property
    def lost_to_workforce(self) -> float:
        """Installed, not staffed."""
        return self.losses[1]

    @property
    def lost_to_yield(self) -> float:
        """Staffed, lost to process yield below the frontier."""
        return self.losses[2]

    @property
    def lost_to_materials(self) -> float:
        """Lost for want of oxide."""
        return self.losses[3]

    @property
    def lost_to_market(self) -> float:
        """Held back for want of buyers."""
        return self.losses[4]

    def binding(self) -> str:
        """The stage with the largest loss (``"none"`` when nothing is lost)."""
        value = max(self.losses)
        return LOSS_STAGES[self.losses.index(value)] if value > 1e-9 else "none"


def loss_chain(
    committed: float,
    installed: float,
    staffed_share_: float,
    yield_ratio: float,
    oxide_share: float,
    production: float,
) -> LossChain:
    """Build the chain stage by stage: each stage is at most the one before it.

    ``yield_ratio`` = process yield / frontier yield (nameplate assumes frontier yield);
    ``oxide_share`` = share of the oxide need that was available; ``production`` ≤ the supplied
    stage (the rest was held back for want of buyers).
    """
    installed = min(max(installed, 0.0), committed)
    staffed = installed * _unit(staffed_share_)
    good = staffed * _unit(yield_ratio)
    supplied = good * _unit(oxide_share)
    production = min(max(production, 0.0), supplied)
    return LossChain(committed, installed, staffed, good, supplied, production)


def _unit(x: float) -> float:
    """Clip to [0, 1]."""
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)
