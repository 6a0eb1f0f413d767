"""The front end's colours: the one Okabe-Ito palette, defined in `experiments.palette`.

Re-exported so the views write ``palette.RUN``; the palette lives in ``experiments/`` because the
layers run viz -> experiments -> ecosystem (docs/architecture.md).
"""

from __future__ import annotations

from experiments.palette import (
    CAPACITY,
    CATEGORICAL,
    DEMAND,
    FLOW_KINDS,
    GAP_FILL,
    GREY,
    LIGHT_GREY,
    LOSS_CHAIN,
    NODE_TYPES,
    OKABE_ITO,
    REFERENCE,
    RUN,
    TARGET,
    TEXT_GREY,
    TWIN,
    TWIN_CAPACITY,
    categorical,
    loss_colour,
)

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
    "TARGET",
    "TEXT_GREY",
    "TWIN",
    "TWIN_CAPACITY",
    "categorical",
    "loss_colour",
]
