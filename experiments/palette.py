"""Colours of the paper figures: the front end's Okabe-Ito palette (`viz.palette`).

The palette is defined once, in ``viz/palette.py``, so a colour means the same in the app and in
the paper. This module re-exports it (and keeps a copy of the eight Okabe-Ito colours for an
installation without the front end).
"""

from __future__ import annotations

try:
    from viz.palette import GREY, LIGHT_GREY, OKABE_ITO, RUN, TARGET, TWIN, categorical
except ImportError:  # pragma: no cover - the front end is not installed
    OKABE_ITO = {
        "black": "#000000",
        "orange": "#E69F00",
        "sky_blue": "#56B4E9",
        "bluish_green": "#009E73",
        "yellow": "#F0E442",
        "blue": "#0072B2",
        "vermilion": "#D55E00",
        "reddish_purple": "#CC79A7",
    }
    GREY, LIGHT_GREY = "#999999", "#DDDDDD"
    RUN, TWIN, TARGET = OKABE_ITO["blue"], OKABE_ITO["vermilion"], OKABE_ITO["black"]
    _ORDER = (
        "blue",
        "orange",
        "bluish_green",
        "vermilion",
        "reddish_purple",
        "sky_blue",
        "yellow",
        "black",
    )

    def categorical(n: int) -> list[str]:
        """``n`` colours for unordered categories (cycling beyond eight)."""
        return [OKABE_ITO[_ORDER[i % len(_ORDER)]] for i in range(n)]


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
    "GREY",
    "LIGHT_GREY",
    "OKABE_ITO",
    "RUN",
    "TARGET",
    "TWIN",
    "categorical",
    "scenario_colours",
]
