"""Colour-blind-safe palette shared by the paper figures and the front end (`viz.palette`).

Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct under the
common forms of colour-vision deficiency. Roles are fixed here once so that a colour means
the same thing in every view and every figure (the run is always blue, the twin always
vermilion, the unchanged scenario always grey). It lives here, not in ``viz/``, because the
layers run viz -> experiments -> ecosystem: the front end re-exports it (``viz/palette.py``).
"""

from __future__ import annotations

#: The eight Okabe-Ito colours, in their published order.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermilion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
#: Neutral grey for reference runs and context (not part of the eight).
GREY = "#999999"
LIGHT_GREY = "#DDDDDD"
#: Grey for text on white: 7:1 contrast (``GREY`` is for lines; as text it is under 3:1).
TEXT_GREY = "#595959"

#: Series roles of the ramp and the ensemble.
RUN = OKABE_ITO["blue"]
TWIN = OKABE_ITO["vermilion"]
REFERENCE = GREY
CAPACITY = OKABE_ITO["bluish_green"]
#: The twin's installed capacity (dotted, in the twin's hue family but darker than its output).
TWIN_CAPACITY = "#8C3D00"
DEMAND = OKABE_ITO["reddish_purple"]
TARGET = OKABE_ITO["black"]
GAP_FILL = OKABE_ITO["orange"]

#: The loss chain (DESIGN.md §5), in the order capacity is lost on its way to output.
LOSS_CHAIN: dict[str, str] = {
    "production": OKABE_ITO["blue"],
    "capacity": OKABE_ITO["bluish_green"],
    "startup": OKABE_ITO["sky_blue"],
    "workforce": OKABE_ITO["orange"],
    "yield": OKABE_ITO["vermilion"],
    "materials": OKABE_ITO["reddish_purple"],
    "market": OKABE_ITO["yellow"],
    "none": GREY,
}

#: Links of the knowledge network (``.flows`` kinds).
FLOW_KINDS: dict[str, str] = {
    "licence": OKABE_ITO["blue"],
    "experts": OKABE_ITO["orange"],
    "spillover": OKABE_ITO["bluish_green"],
    "training": OKABE_ITO["reddish_purple"],  # not sky blue: beside licence's blue it blurs
    "oxide": OKABE_ITO["black"],
    "poaching": OKABE_ITO["vermilion"],
}

#: Node types of the knowledge network.
NODE_TYPES: dict[str, str] = {
    "manufacturer": OKABE_ITO["blue"],
    "rnd_centre": OKABE_ITO["bluish_green"],
    "partner": OKABE_ITO["orange"],
    "supply": GREY,
}

#: Colours for series without a fixed role (e.g. one line per firm), most distinct first.
CATEGORICAL: tuple[str, ...] = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish_green"],
    OKABE_ITO["vermilion"],
    OKABE_ITO["reddish_purple"],
    OKABE_ITO["sky_blue"],
    OKABE_ITO["yellow"],
    OKABE_ITO["black"],
)


def loss_colour(stage: str) -> str:
    """A loss-chain stage's colour; a stage added to the model later gets black, not an error."""
    return LOSS_CHAIN.get(stage, OKABE_ITO["black"])


def categorical(n: int) -> list[str]:
    """``n`` colours for unordered categories, cycling through `CATEGORICAL` beyond eight."""
    return [CATEGORICAL[i % len(CATEGORICAL)] for i in range(n)]


#: Fixed colours of the shipped scenarios (baseline = the run's blue everywhere).
SCENARIO_COLOURS: dict[str, str] = {
    "baseline": RUN,
    "partnership_push": OKABE_ITO["orange"],
    "rnd_skilling_push": OKABE_ITO["bluish_green"],
    "oxide_secure": OKABE_ITO["reddish_purple"],
    "go_it_alone": OKABE_ITO["vermilion"],
    "no_scheme": GREY,
    "china_shock": OKABE_ITO["sky_blue"],
    "frontier_expertise": OKABE_ITO["black"],
}


def scenario_colours(names: list[str]) -> dict[str, str]:
    """A colour per scenario: shipped ones fixed, others from the categorical cycle."""
    used = {SCENARIO_COLOURS[n] for n in names if n in SCENARIO_COLOURS}
    spare = [c for c in categorical(8) if c not in used] or categorical(8)
    out, i = {}, 0
    for name in names:
        if name in SCENARIO_COLOURS:
            out[name] = SCENARIO_COLOURS[name]
        else:
            out[name] = spare[i % len(spare)]
            i += 1
    return out


__all__ = [
    "CAPACITY",
    "CATEGORICAL",
    "DEMAND",
    "FLOW_KINDS",
    "GAP_FILL",
    "GREY",
    "LIGHT_GREY",
    "LOSS_CHAIN",
    "NODE_TYPES",
    "OKABE_ITO",
    "REFERENCE",
    "RUN",
    "SCENARIO_COLOURS",
    "TARGET",
    "TEXT_GREY",
    "TWIN",
    "TWIN_CAPACITY",
    "categorical",
    "loss_colour",
    "scenario_colours",
]
