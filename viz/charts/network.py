"""The knowledge network of ``.flows``: firms, R&D centres, partners and oxide sources."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from viz import palette
from viz.charts.base import WIDTH, Datasets, layered


def network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, subtitle: str = ""
) -> alt.LayerChart:
    """Firms, R&D centres, partners and oxide/labour sources; edges by kind, width by amount."""
    ds = Datasets()
    kinds = list(palette.FLOW_KINDS)
    types = list(palette.NODE_TYPES)
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[-0.9, 2.9]))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(domain=[0, 1.04]))
    rules = (
        alt.Chart(ds("edges", edges))
        .mark_rule(opacity=0.55)
        .encode(
            x=x,
            y=y,
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
            color=alt.Color(
                "kind:N",
                title="Link",
                sort=kinds,
                scale=alt.Scale(domain=kinds, range=[palette.FLOW_KINDS[k] for k in kinds]),
            ),
            strokeWidth=alt.StrokeWidth(
                "weight:Q",
                title="Amount (share of the largest of its kind)",
                scale=alt.Scale(domain=[0, 1], range=[0.5, 8]),
            ),
            tooltip=[
                alt.Tooltip("source:N"),
                alt.Tooltip("target:N"),
                alt.Tooltip("kind:N"),
                alt.Tooltip("amount:Q", format=",.3g"),
            ],
        )
    )
    dots = (
        alt.Chart(ds("nodes", nodes))
        .mark_circle(size=220, opacity=1)
        .encode(
            x=x,
            y=y,
            fill=alt.Fill(
                "type:N",
                title="Node",
                sort=types,
                scale=alt.Scale(domain=types, range=[palette.NODE_TYPES[t] for t in types]),
            ),
            tooltip=[alt.Tooltip("name:N"), alt.Tooltip("type:N")],
        )
    )
    # labels: left of the left column, above the firms in the middle, right of the right column
    placed: list[tuple[str, pd.DataFrame, dict[str, Any]]] = [
        ("labels-left", nodes[nodes["x"] < 0.5], {"align": "right", "dx": -10}),
        ("labels-middle", nodes[(nodes["x"] >= 0.5) & (nodes["x"] < 1.5)],
         {"align": "center", "dy": -13}),
        ("labels-right", nodes[nodes["x"] >= 1.5], {"align": "left", "dx": 10}),
    ]  # fmt: skip
    # each label twice: a thick white copy beneath (a halo), so edges never cross the text
    styles: list[dict[str, Any]] = [
        {"stroke": "white", "strokeWidth": 4, "strokeJoin": "round"},
        {},
    ]
    labels = [
        alt.Chart(ds(name, part))
        .mark_text(fontSize=11, **{**where, **style})
        .encode(x=x, y=y, text=alt.Text("name:N"))
        for style in styles
        for name, part, where in placed
    ]
    chart = layered(rules, dots, *labels).properties(
        width=WIDTH,
        height=420,
        title=alt.Title(
            "Knowledge network: R&D centres · firms · partners and oxide sources",
            subtitle=subtitle or alt.Undefined,
        ),
    )
    return ds.attach(chart)


__all__ = ["network_chart"]
