"""Anonymous firm archetypes, after the reported bidders (facts §1: "about 7 companies").

The model never names a real firm; ``docs/ODD.md`` says which reports inspired each archetype.
Numbers are assumptions (ranges in the ODD): net worth from the scale of the groups reported as
interested, appetite = the largest capacity the group would bid for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Archetype:
    """A kind of candidate manufacturer."""

    name: str
    net_worth_cr: float
    appetite_t: float
    hurdle_offset: float
    public_lab_technology: bool = False
    existing_plant_t: float = 0.0
    existing_progress: float = 0.0


#: Seven archetypes; with ``n_firms > 7`` they repeat (numbered).
ARCHETYPES: tuple[Archetype, ...] = (
    Archetype("metals group", 30000.0, 1200.0, -0.01),
    Archetype("steel and energy group", 20000.0, 1200.0, 0.0),
    Archetype("auto-component maker (motors)", 4000.0, 1000.0, 0.0),
    Archetype("auto OEM group", 15000.0, 1000.0, 0.01),
    Archetype("forging and defence group", 8000.0, 800.0, 0.0),
    Archetype("auto-component maker (lighting and sensors)", 1500.0, 600.0, 0.02),
    Archetype(
        "early mover on public-lab technology",
        600.0,
        600.0,
        0.0,
        public_lab_technology=True,
        existing_plant_t=500.0,
        existing_progress=0.7,
    ),
)


def archetype_for(index: int) -> tuple[Archetype, str]:
    """The archetype of firm ``index`` and its display name."""
    arch = ARCHETYPES[index % len(ARCHETYPES)]
    round_ = index // len(ARCHETYPES)
    name = arch.name if round_ == 0 else f"{arch.name} {round_ + 1}"
    return arch, name


#: Partner countries in the order partners are created (DESIGN.md §3: Japan ×2, Korea ×2, Germany).
PARTNER_COUNTRIES: tuple[str, ...] = ("japan", "japan", "korea", "korea", "germany")

#: Archetypes of the public labs with magnet work (facts §3).
RND_CENTRES: tuple[str, ...] = (
    "non-ferrous materials lab (licensor)",
    "atomic research lab (alloy powders)",
    "defence metallurgy lab",
    "powder metallurgy lab",
    "national metallurgy lab",
)
