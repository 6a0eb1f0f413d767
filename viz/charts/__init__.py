"""Altair chart builders: pure functions of the tidy frames in `viz.frames` → `alt.Chart`.

The front end and the paper figures share them (and the palette in `viz.palette`). Builders
return charts without top-level configuration so they can be layered or concatenated;
`styled` adds the shared look for a chart shown on its own.
"""

from viz.charts.base import (
    CONFIG,
    DATE_TITLE,
    EMBED_OPTIONS,
    HEIGHT,
    RUNTIME_VEGA_LITE,
    WIDTH,
    Datasets,
    fixed_width,
    records,
    styled,
    to_spec,
    with_datasets,
)
from viz.charts.firms import binding_chart, expertise_chart, loss_chain_chart, milestones_chart
from viz.charts.network import network_chart
from viz.charts.ramp import RAMP_SERIES, ensemble_chart, ramp_chart, ramp_datasets

__all__ = [
    "CONFIG",
    "DATE_TITLE",
    "EMBED_OPTIONS",
    "HEIGHT",
    "RAMP_SERIES",
    "RUNTIME_VEGA_LITE",
    "WIDTH",
    "Datasets",
    "binding_chart",
    "ensemble_chart",
    "expertise_chart",
    "fixed_width",
    "loss_chain_chart",
    "milestones_chart",
    "network_chart",
    "ramp_chart",
    "ramp_datasets",
    "records",
    "styled",
    "to_spec",
    "with_datasets",
]
