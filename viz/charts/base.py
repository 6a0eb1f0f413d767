"""Shared parts of the chart builders: named datasets, the Vega-Lite spec, the shared look."""

from __future__ import annotations

import json
from collections.abc import Sequence

import altair as alt
import pandas as pd

from viz import palette

WIDTH = 640
HEIGHT = 300
DATE_TITLE = "Date (model month 0 = Dec 2025)"
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


class Datasets:
    """The data of one chart, by stable name, embedded at its top level.

    Layers refer to a dataset by name, so Altair never copies or converts the rows, and the
    specs of one chart over different data differ only in ``datasets`` (the browser then swaps
    the data into the drawn view instead of drawing it anew, which keeps Step fast).
    """

    def __init__(self) -> None:
        self.values: dict[str, list[dict]] = {}

    def __call__(self, name: str, frame: pd.DataFrame) -> alt.Data:
        """Keep ``frame``'s rows under ``name``; the layer's data refers to them by name."""
        self.values[name] = records(frame)
        return alt.Data(name=name)

    def attach[C: alt.SchemaBase](self, chart: C) -> C:
        """Embed the rows in the finished chart (its top-level ``datasets``)."""
        chart["datasets"] = self.values
        return chart


def records(frame: pd.DataFrame) -> list[dict]:
    """A frame's rows as JSON-ready dicts (ISO dates, NaN as null, 6 decimals)."""
    return json.loads(frame.to_json(orient="records", date_format="iso", double_precision=6))


def with_datasets(spec: dict, datasets: dict[str, pd.DataFrame]) -> dict:
    """A spec with some of its named datasets replaced (same chart, new rows)."""
    return {
        **spec,
        "datasets": {**spec["datasets"], **{k: records(v) for k, v in datasets.items()}},
    }


#: Vega-Lite version of the runtime the page loads (``vega-lite@5`` in Solara's asset cache,
#: see `viz.server.VEGA_ASSETS`); specs declare it so the browser logs no version warning.
RUNTIME_VEGA_LITE = "5.23.0"
SCHEMA = f"https://vega.github.io/schema/vega-lite/v{RUNTIME_VEGA_LITE}.json"


def to_spec(chart: alt.TopLevelMixin, *, container: bool = True) -> dict:
    """The Vega-Lite spec of a chart as the app sends it: styled, unvalidated, embed options.

    Schema validation walks every data row through jsonschema and costs more than the model's
    month; the tests validate each builder's output instead. The spec declares the bundled
    runtime's version (`RUNTIME_VEGA_LITE`); with ``container`` a single or layered chart
    takes the width of its card (`fixed_width` restores a width for server-side images).
    """
    spec = chart.to_dict(validate=False)
    spec["$schema"] = SCHEMA
    if container and isinstance(spec.get("width"), int | float) and "layer" in spec:
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    config = spec.setdefault("config", {})
    for section, values in CONFIG.items():
        config[section] = {**values, **config.get(section, {})}
    # vega-embed reads its options from usermeta: SVG keeps the text in the page (accessible,
    # testable, crisp screenshots); no links to the online editor (the app works offline).
    spec["usermeta"] = {"embedOptions": EMBED_OPTIONS}
    return spec


#: The shared look (`styled`) as a Vega-Lite ``config`` object.
CONFIG: dict = {
    "view": {"strokeWidth": 0},
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": palette.LIGHT_GREY},
    "legend": {
        "labelFontSize": 11,
        "titleFontSize": 12,
        "orient": "bottom",
        "direction": "vertical",
        "columns": 3,
        "labelLimit": 260,
    },
    "title": {"fontSize": 15, "subtitleFontSize": 12, "anchor": "start"},
}


def fixed_width(spec: dict, width: int = WIDTH) -> dict:
    """A spec drawn at a fixed width (images rendered without a page have no container)."""
    if spec.get("width") != "container":
        return spec
    out = {k: v for k, v in spec.items() if k != "autosize"}
    out["width"] = width
    return out


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Shared look for a chart shown on its own: fonts, legend placement, no view border."""
    c = CONFIG
    return (
        chart.configure_view(**c["view"])
        .configure_axis(**c["axis"])
        .configure_legend(**c["legend"])
        .configure_title(**c["title"])
    )


def date_x(domain: Sequence[str] | None, title: str = DATE_TITLE) -> alt.X:
    """The shared time axis (years), optionally fixed to a date range."""
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    return alt.X("date:T", title=title, scale=scale, axis=alt.Axis(format="%Y"))


def layered(*charts: alt.Chart | alt.LayerChart) -> alt.LayerChart:
    """``alt.layer(*charts)``: a `LayerChart`, since no layer here has a facet channel."""
    chart = alt.layer(*charts)
    assert isinstance(chart, alt.LayerChart)  # alt.layer returns a FacetChart only for facets
    return chart


def target_rules(ds: Datasets, target_date: str | None, y: float | None) -> list[alt.Chart]:
    """Layers marking the target: a horizontal rule at ``y`` t/yr and one at the target month."""
    layers = []
    if y is not None:
        rule = pd.DataFrame({"y": [y], "label": [f"Target {y:,.0f} t/yr"]})
        base = alt.Chart(ds("target", rule))
        layers.append(
            base.mark_rule(color=palette.TARGET, strokeDash=[4, 4]).encode(y=alt.Y("y:Q"))
        )
        layers.append(
            base.mark_text(align="left", dx=4, dy=-6, color=palette.TARGET).encode(
                y=alt.Y("y:Q"), x=alt.XValue(0), text=alt.Text("label:N")
            )
        )
    if target_date is not None:
        rule = pd.DataFrame({"date": [target_date], "label": ["target month"]})
        base = alt.Chart(ds("target-month", rule))
        layers.append(
            base.mark_rule(color=palette.TARGET, strokeDash=[2, 2]).encode(x=alt.X("date:T"))
        )
        layers.append(
            base.mark_text(align="left", dx=4, baseline="top", color=palette.TARGET).encode(
                x=alt.X("date:T"), y=alt.YValue(2), text=alt.Text("label:N")
            )
        )
    return layers


__all__ = [
    "CONFIG",
    "DATE_TITLE",
    "EMBED_OPTIONS",
    "RUNTIME_VEGA_LITE",
    "SCHEMA",
    "HEIGHT",
    "WIDTH",
    "Datasets",
    "date_x",
    "fixed_width",
    "layered",
    "records",
    "styled",
    "target_rules",
    "to_spec",
    "with_datasets",
]
