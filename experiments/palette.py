"""Colours of the paper figures: the front end's Okabe-Ito palette (`viz.palette`).

The palette is defined once, in ``viz/palette.py``, so a colour means the same in the app and in
the paper. This module re-exports it and adds the scenarios' fixed colours.
"""

from __future__ import annotations

# One palette for the app and the papers: viz/ ships in the same package.
from viz.palette import GREY, LIGHT_GREY, OKABE_ITO, RUN, TARGET, TWIN, categorical

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
