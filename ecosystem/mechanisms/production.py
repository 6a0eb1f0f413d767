"""Building capacity, process yield, oxide intensity and the loss chain (DESIGN.md §4, §5)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ecosystem.mechanisms.bounds import max2, min2


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
    stretch = gap_factor * max2(0.0, gap)
    if has_partner:
        stretch *= 1.0 - partner_relief
    return base_months * (1.0 + stretch)


#: Plant size at which ``construction_base_months`` applies (t/yr; a definition).
REFERENCE_PLANT_T = 1_000.0
#: Smallest plant of the size evidence (facts §4: 500 t/yr); smaller plants are not extrapolated
#: below its build time (site, clearances and equipment lead times do not shrink with size).
SIZE_EVIDENCE_MIN_T = 500.0


def magnet_line_months(
    capacity_t: float,
    base_months: float,
    size_exponent: float,
    gap: float,
    gap_factor: float,
    has_partner: bool,
    partner_relief: float,
) -> float:
    """Months to build a magnet line of ``capacity_t`` t/yr from construction start.

    ``base * (max(capacity, 500) / 1000)**size_exponent``, stretched by the gap as in
    `construction_months`. facts §4: the five build-outs by experienced makers rise with size
    (12 months at 500 t/yr to 21-22 at 2,000 t/yr; log-log slope 0.40); below the smallest of them
    the size rule is not extrapolated.
    """
    size = max2(capacity_t, SIZE_EVIDENCE_MIN_T) / REFERENCE_PLANT_T
    sized = base_months * size**size_exponent
    return construction_months(sized, gap, gap_factor, has_partner, partner_relief)


def stage_months(magnet_months: float, integrated: bool, upstream_extra: float) -> dict[str, float]:
    """Months each stage takes: the magnet line, and the metal and alloy lines a firm builds itself.

    An integrated plant's metal and alloy stages take ``(1 + upstream_extra)`` times the magnet
    line (the magnet line cannot run on its own alloy before the alloy line runs, so the plant's
    first output waits for the slowest stage); a magnet-only plant builds no upstream stage (0).
    """
    upstream = magnet_months * (1.0 + upstream_extra) if integrated else 0.0
    return {"metal": upstream, "alloy": upstream, "magnet": magnet_months}


def construction_progress(
    months_needed: float, equipment_blocked: bool, delay_share: float
) -> float:
    """Share of the plant built in one month; controlled equipment slows it by ``delay_share``."""
    step = 1.0 / max2(months_needed, 1.0)
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
    return min2(1.0, max2(0.0, (month - start_month) / span)) if span > 0 else 0.0


def process_yield(
    knowhow: float, skill: float, frontier: float, novice: float, knowhow_weight: float
) -> float:
    """Good blocks / blocks attempted.

    ``py = novice + (frontier - novice) * K**w * S**(1-w)``: monotone in know-how ``K`` and skill
    ``S``, equal to the frontier yield at ``K = S = 1`` and to the novice yield when either is 0.
    """
    k = min2(1.0, max2(0.0, knowhow))
    s = min2(1.0, max2(0.0, skill))
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
LOSS_STAGES: tuple[str, ...] = (
    "capacity",
    "startup",
    "workforce",
    "yield",
    "materials",
    "market",
)


@dataclass(frozen=True, slots=True)
class LossChain:
    """One firm-month of the loss chain, annualised t/yr; each loss ≥ 0.

    ``committed - production = capacity + startup + workforce + yield + materials + market``
    losses.
    """

    committed: float
    installed: float
    usable: float
    staffed: float
    good: float
    supplied: float
    production: float
    losses: tuple[float, float, float, float, float, float] = field(init=False)

    def __post_init__(self) -> None:
        c, i, a, s, g, u, p = (
            self.committed,
            self.installed,
            self.usable,
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
                i - a if i > a else 0.0,
                a - s if a > s else 0.0,
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
    def lost_to_startup(self) -> float:
        """Installed, not yet usable: the plants' start-up maturity below 1."""
        return self.losses[1]

    @property
    def lost_to_workforce(self) -> float:
        """Usable, not staffed."""
        return self.losses[2]

    @property
    def lost_to_yield(self) -> float:
        """Staffed, lost to process yield below the frontier."""
        return self.losses[3]

    @property
    def lost_to_materials(self) -> float:
        """Lost for want of oxide."""
        return self.losses[4]

    @property
    def lost_to_market(self) -> float:
        """Held back for want of buyers."""
        return self.losses[5]

    def binding(self) -> str:
        """The stage with the largest loss (``"none"`` when nothing is lost)."""
        value = max(self.losses)
        return LOSS_STAGES[self.losses.index(value)] if value > 1e-9 else "none"

    def with_output(self, supplied: float, production: float) -> LossChain:
        """The same chain with the month's oxide-limited supply and output filled in (t/yr)."""
        return LossChain(
            self.committed,
            self.installed,
            self.usable,
            self.staffed,
            self.good,
            supplied,
            production,
        )


def loss_chain(
    committed: float,
    installed: float,
    usable: float,
    staffed_share_: float,
    yield_ratio: float,
    oxide_share: float,
    production: float,
) -> LossChain:
    """Build the chain stage by stage: each stage is at most the one before it.

    ``usable`` = installed capacity at the plants' start-up maturity (t/yr); ``staffed_share_`` =
    effective workers / workers the installed capacity needs (a plant in start-up still needs its
    crew, so staffing binds only where it leaves less than the usable capacity); ``yield_ratio`` =
    process yield / frontier yield (nameplate assumes frontier yield); ``oxide_share`` = share of
    the oxide need that was available; ``production`` ≤ the supplied stage (the rest was held
    back for want of buyers).
    """
    installed = min2(max2(installed, 0.0), committed)
    usable = min2(max2(usable, 0.0), installed)
    staffed = min2(usable, installed * _unit(staffed_share_))
    good = staffed * _unit(yield_ratio)
    supplied = good * _unit(oxide_share)
    production = min2(max2(production, 0.0), supplied)
    return LossChain(committed, installed, usable, staffed, good, supplied, production)


def operation_share(chain: LossChain) -> float:
    """Share of its usable capacity a firm ran in a month, in [0, 1] (start-up's ``operation``).

    Blocks attempted over usable capacity: ``production / yield_ratio / usable`` =
    ``(production / good) * (staffed / usable)``; 0 when nothing is usable or good.
    """
    if chain.usable <= 0.0 or chain.good <= 0.0:
        return 0.0
    return _unit((chain.production / chain.good) * (chain.staffed / chain.usable))


def _unit(x: float) -> float:
    """Clip to [0, 1]."""
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)
