"""Altair chart builders: pure functions of the tidy frames in `viz.frames` → `alt.Chart`.

The front end and the paper figures share them (and the palette in `viz.palette`). Builders
return charts without top-level configuration so they can be layered or concatenated;
`styled` adds the shared look for a chart shown on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from ecosystem.outputs import TARGET_T
from viz import palette
from viz.frames import LOSS_STAGES, MILESTONE_LABELS

WIDTH = 640
HEIGHT = 300
DATE_TITLE = "Date (model month 0 = Dec 2025)"

RAMP_SERIES: dict[str, tuple[str, str]] = {
    # column: (legend label, colour)
    "reference_production_t": ("Production, scenario unchanged (reference)", palette.REFERENCE),
    "demand_t": ("Addressable demand", palette.DEMAND),
    "capacity_installed_t": ("Installed capacity", palette.CAPACITY),
    "twin_production_t": ("Production, twin without expertise gap", palette.TWIN),
    "production_t": ("Production, current settings", palette.RUN),
}
_DASHES = {
    "reference_production_t": [1, 0],
    "demand_t": [2, 2],
    "capacity_installed_t": [6, 3],
    "twin_production_t": [6, 3],
    "production_t": [1, 0],
}


def data(frame: pd.DataFrame) -> pd.DataFrame:
    """Chart data: the frame itself (Altair embeds it once per chart, shared across layers)."""
    return frame


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart, without schema validation and without a row limit.

    Validation walks every data row through jsonschema and costs more than the model's month;
    the builders here are covered by tests that validate their output instead.
    """
    with alt.data_transformers.disable_max_rows():
        return chart.to_dict(validate=False)


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Shared look for a chart shown on its own: fonts, legend placement, no view border."""
    return (
        chart.configure_view(strokeWidth=0)
        .configure_axis(labelFontSize=11, titleFontSize=12, gridColor=palette.LIGHT_GREY)
        .configure_legend(
            labelFontSize=11,
            titleFontSize=12,
            orient="bottom",
            direction="vertical",
            columns=2,
            labelLimit=360,
        )
        .configure_title(fontSize=15, subtitleFontSize=12, anchor="start")
    )


def _x(domain: Sequence[str] | None, title: str = DATE_TITLE) -> alt.X:
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    return alt.X("date:T", title=title, scale=scale, axis=alt.Axis(format="%Y"))


def _target_rules(target_date: str | None, y: float | None) -> list[alt.Chart]:
    layers = []
    if y is not None:
        rule = pd.DataFrame({"y": [y], "label": [f"Target {y:,.0f} t/yr"]})
        base = alt.Chart(data(rule))
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
        base = alt.Chart(data(rule))
        layers.append(
            base.mark_rule(color=palette.TARGET, strokeDash=[2, 2]).encode(x=alt.X("date:T"))
        )
        layers.append(
            base.mark_text(align="left", dx=4, baseline="top", color=palette.TARGET).encode(
                x=alt.X("date:T"), y=alt.YValue(2), text=alt.Text("label:N")
            )
        )
    return layers


def ramp_chart(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    target_t: float = TARGET_T,
    gap_t: float | None = None,
    x_domain: Sequence[str] | None = None,
    title: str = "The ramp: national output against the 6,000 t/yr target",
    subtitle: str = "",
) -> alt.LayerChart:
    """Output, capacity and demand (t/yr), the twin alongside, the gap between them shaded.

    Args:
        frame: `viz.frames.ramp_frame` (columns present are drawn; the reference beneath in grey).
        target_date: ``YYYY-MM-01`` of ``target_month`` (a vertical rule).
        target_t: the target (a horizontal rule).
        gap_t: tonnes lost to the expertise gap at the target month (labels the shaded gap).
        x_domain: fixed date range, so that a stepped run grows across the whole horizon.
        title: chart title.
        subtitle: chart subtitle.
    """
    cols = [c for c in RAMP_SERIES if c in frame.columns]
    domain = [RAMP_SERIES[c][0] for c in cols]
    wide = frame[["date", *cols]].rename(columns={c: RAMP_SERIES[c][0] for c in cols})
    colour = alt.Color(
        "series:N",
        title=None,
        sort=domain,
        scale=alt.Scale(domain=domain, range=[RAMP_SERIES[c][1] for c in cols]),
    )
    dash = alt.StrokeDash(
        "series:N", sort=domain, scale=alt.Scale(domain=domain, range=[_DASHES[c] for c in cols])
    )
    width = alt.StrokeWidth(
        "series:N",
        scale=alt.Scale(
            domain=domain,
            range=[2.5 if c in ("production_t", "twin_production_t") else 1.5 for c in cols],
        ),
    )
    x = _x(x_domain)
    y = alt.Y("t_per_yr:Q", title="Magnets (t/yr)")
    layers: list[alt.Chart] = []
    if {"production_t", "twin_production_t"} <= set(frame.columns):
        gap = frame.dropna(subset=["production_t", "twin_production_t"])
        run_label, twin_label = RAMP_SERIES["production_t"][0], RAMP_SERIES["twin_production_t"][0]
        layers.append(
            alt.Chart(data(wide))
            .mark_area(color=palette.GAP_FILL, opacity=0.25)
            .encode(x=x, y=alt.Y(field=run_label, type="quantitative"), y2=alt.Y2(field=twin_label))
        )
        if gap_t is not None and target_date is not None:
            at = gap[gap["date"] == target_date]
            if len(at):
                mid = float((at["production_t"].iloc[0] + at["twin_production_t"].iloc[0]) / 2)
                label = pd.DataFrame(
                    {
                        "date": [target_date],
                        "y": [mid],
                        "label": [f"{gap_t:,.0f} t lost to the expertise gap"],
                    }
                )
                layers.append(
                    alt.Chart(data(label))
                    .mark_text(align="right", dx=-6, fontWeight="bold", color=palette.TWIN)
                    .encode(x=alt.X("date:T"), y=alt.Y("y:Q"), text=alt.Text("label:N"))
                )
    lines = alt.Chart(data(wide)).transform_fold(domain, as_=["series", "t_per_yr"]).mark_line()
    layers.insert(
        0,
        lines.encode(
            x=x,
            y=y,
            color=colour,
            strokeDash=dash,
            strokeWidth=width,
            tooltip=[
                alt.Tooltip("date:T", title="month", format="%b %Y"),
                alt.Tooltip("series:N"),
                alt.Tooltip("t_per_yr:Q", title="t/yr", format=",.0f"),
            ],
        ),
    )
    layers.extend(_target_rules(target_date, target_t))
    return alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.Title(title, subtitle=subtitle or alt.Undefined)
    )


def expertise_chart(
    frame: pd.DataFrame, *, x_domain: Sequence[str] | None = None
) -> alt.VConcatChart:
    """Expertise gap and workforce skill per firm; beneficiaries solid, ▲ at partner links."""
    firms = [f for f in dict.fromkeys(frame["firm"]) if not f.startswith("All firms")]
    national = [f for f in dict.fromkeys(frame["firm"]) if f.startswith("All firms")]
    domain = firms + national
    colours = palette.categorical(len(firms)) + [palette.TARGET] * len(national)
    colour = alt.Color(
        "firm:N", title="Firm", sort=domain, scale=alt.Scale(domain=domain, range=colours)
    )
    kinds = ["beneficiary", "outside the scheme", "all firms"]
    dash = alt.StrokeDash(
        "kind:N",
        title="Line",
        sort=kinds,
        scale=alt.Scale(domain=kinds, range=[[1, 0], [5, 3], [1, 0]]),
    )
    national_rows = frame["agent_id"] == -100
    frame = frame.assign(
        line_width=national_rows.map({True: 3.0, False: 1.5}),
        kind=np.where(
            national_rows,
            "all firms",
            np.where(frame["beneficiary"], "beneficiary", "outside the scheme"),
        ),
    )
    starts = frame[frame["partnered"]].sort_values("month").drop_duplicates("agent_id")
    x = _x(x_domain)

    def panel(column: str, title: str) -> alt.LayerChart:
        lines = (
            alt.Chart(data(frame))
            .mark_line()
            .encode(
                x=x,
                y=alt.Y(f"{column}:Q", title=title, scale=alt.Scale(domain=[0, 1])),
                color=colour,
                strokeDash=dash,
                strokeWidth=alt.StrokeWidth("line_width:Q", scale=None),
                tooltip=[
                    alt.Tooltip("firm:N"),
                    alt.Tooltip("date:T", format="%b %Y"),
                    alt.Tooltip(f"{column}:Q", format=".2f"),
                ],
            )
        )
        marks = (
            alt.Chart(data(starts))
            .mark_point(shape="triangle-up", size=70, filled=True)
            .encode(
                x=x,
                y=alt.Y(f"{column}:Q"),
                color=colour,
                tooltip=[
                    alt.Tooltip("firm:N"),
                    alt.Tooltip("date:T", title="partner link from", format="%b %Y"),
                ],
            )
        )
        return alt.layer(lines, marks).properties(width=WIDTH, height=200)

    return alt.vconcat(
        panel("expertise_gap", "Expertise gap (1 − know-how, share)"),
        panel("skill", "Workforce skill (share of expert)"),
    ).properties(
        title=alt.Title(
            "Expertise gap and workforce skill per firm",
            subtitle="Solid: beneficiary; dashed: outside the scheme; "
            "▲ technology-partner link begins; black: all firms",
        )
    )


def loss_chain_chart(
    frame: pd.DataFrame, *, x_domain: Sequence[str] | None = None
) -> alt.LayerChart:
    """Output and the five losses stacked up to committed capacity (t/yr)."""
    names = {"production_t": "production"} | {f"lost_to_{s}_t": f"lost to {s}" for s in LOSS_STAGES}
    domain = list(names.values())
    colours = [palette.LOSS_CHAIN["production"]] + [palette.LOSS_CHAIN[s] for s in LOSS_STAGES]
    x = _x(x_domain)
    wide = frame[["date", *names]].rename(columns=names)
    areas = (
        alt.Chart(data(wide))
        .transform_fold(domain, as_=["stage", "t_per_yr"])
        .mark_area(opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("t_per_yr:Q", stack="zero", title="Committed capacity (t/yr)"),
            color=alt.Color(
                "stage:N",
                title="Where committed capacity goes",
                sort=domain,
                scale=alt.Scale(domain=domain, range=colours),
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%b %Y"),
                alt.Tooltip("stage:N"),
                alt.Tooltip("t_per_yr:Q", title="t/yr", format=",.0f"),
            ],
        )
    )
    total = (
        alt.Chart(data(frame))
        .mark_line(color=palette.TARGET, strokeWidth=1)
        .encode(x=x, y=alt.Y("capacity_committed_t:Q"))
    )
    return alt.layer(areas, total).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "The loss chain: committed capacity and where it is lost",
            subtitle="Stacked from output (bottom) through each stage; "
            "black line: committed capacity",
        ),
    )


def binding_chart(frame: pd.DataFrame, *, month_text: str = "") -> alt.LayerChart:
    """Each firm's committed capacity, coloured by the stage of the chain that binds it now."""
    domain = ["none", *LOSS_STAGES]
    colours = [palette.LOSS_CHAIN[s] for s in domain]
    order = list(frame["firm"])
    y = alt.Y("firm:N", title=None, sort=order)
    bars = (
        alt.Chart(data(frame))
        .mark_bar(opacity=0.8)
        .encode(
            x=alt.X("capacity_committed_t:Q", title="Committed capacity (t/yr); dark bar: output"),
            y=y,
            color=alt.Color(
                "binding_constraint:N",
                title="Binding constraint",
                sort=domain,
                scale=alt.Scale(domain=domain, range=colours),
            ),
            tooltip=[
                alt.Tooltip("firm:N"),
                alt.Tooltip("binding_constraint:N"),
                alt.Tooltip("capacity_committed_t:Q", format=",.0f"),
                alt.Tooltip("production_t:Q", format=",.0f"),
            ],
        )
    )
    output = (
        alt.Chart(data(frame))
        .mark_bar(color=palette.TARGET, size=5)
        .encode(x=alt.X("production_t:Q"), y=y)
    )
    height = max(60, 26 * len(frame))
    return alt.layer(bars, output).properties(
        width=WIDTH - 160,
        height=height,
        title=alt.Title("Each firm's binding constraint now", subtitle=month_text or alt.Undefined),
    )


def network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, subtitle: str = ""
) -> alt.LayerChart:
    """Firms, R&D centres, partners and oxide/labour sources; edges by kind, width by amount."""
    kinds = list(palette.FLOW_KINDS)
    types = list(palette.NODE_TYPES)
    axis = alt.Axis(labels=False, ticks=False, grid=False, domain=False, title=None)
    x = alt.X("x:Q", axis=axis, scale=alt.Scale(domain=[-0.9, 2.9]))
    y = alt.Y("y:Q", axis=axis, scale=alt.Scale(domain=[0, 1]))
    rules = (
        alt.Chart(data(edges))
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
        alt.Chart(data(nodes))
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
    left = nodes[nodes["x"] < 0.5]
    right = nodes[nodes["x"] >= 0.5]
    labels = [
        alt.Chart(data(left))
        .mark_text(align="right", dx=-10, fontSize=10)
        .encode(x=x, y=y, text=alt.Text("name:N")),
        alt.Chart(data(right))
        .mark_text(align="left", dx=10, fontSize=10)
        .encode(x=x, y=y, text=alt.Text("name:N")),
    ]
    return alt.layer(rules, dots, *labels).properties(
        width=WIDTH,
        height=420,
        title=alt.Title(
            "Knowledge network: R&D centres · firms · partners and oxide sources",
            subtitle=subtitle or alt.Undefined,
        ),
    )


def milestones_chart(
    frame: pd.DataFrame, *, target_date: str | None = None, x_domain: Sequence[str] | None = None
) -> alt.LayerChart:
    """Each firm's milestones on a timeline (a line from its first to its last)."""
    labels = list(MILESTONE_LABELS.values())
    shapes = ["square", "diamond", "circle", "triangle-up", "cross", "triangle-down"]
    order = list(dict.fromkeys(frame.sort_values("month")["firm"]))
    x = _x(x_domain)
    y = alt.Y("firm:N", title=None, sort=order)
    spans = (
        alt.Chart(
            data(
                frame.groupby("firm", as_index=False).agg(date=("date", "min"), end=("date", "max"))
            )
        )
        .mark_rule(color=palette.GREY)
        .encode(x=x, x2=alt.X2("end:T"), y=y)
    )
    points = (
        alt.Chart(data(frame))
        .mark_point(size=90, filled=True, opacity=1)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape(
                "milestone:N",
                title="Milestone",
                sort=labels,
                scale=alt.Scale(domain=labels, range=shapes),
            ),
            color=alt.Color(
                "milestone:N",
                title="Milestone",
                sort=labels,
                scale=alt.Scale(domain=labels, range=palette.categorical(len(labels))),
            ),
            tooltip=[
                alt.Tooltip("firm:N"),
                alt.Tooltip("milestone:N"),
                alt.Tooltip("date:T", format="%b %Y"),
            ],
        )
    )
    layers = [spans, points, *_target_rules(target_date, None)]
    height = max(80, 30 * max(len(order), 1))
    return alt.layer(*layers).properties(
        width=WIDTH - 120,
        height=height,
        title=alt.Title(
            "Firm milestones", subtitle="From construction start to nameplate output (or exit)"
        ),
    )


def ensemble_chart(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    target_t: float = TARGET_T,
    n_seeds: int | None = None,
) -> alt.LayerChart:
    """Median and 90% band of national output over seeds, for the settings and for the twin."""
    series = list(dict.fromkeys(frame["series"]))
    colours = [palette.TWIN if "twin" in s.lower() else palette.RUN for s in series]
    colour = alt.Color(
        "series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colours)
    )
    x = _x(None)
    band = (
        alt.Chart(data(frame))
        .mark_area(opacity=0.22)
        .encode(
            x=x, y=alt.Y("q05:Q", title="Magnets produced (t/yr)"), y2=alt.Y2("q95:Q"), color=colour
        )
    )
    median = (
        alt.Chart(data(frame))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("median:Q"),
            color=colour,
            tooltip=[
                alt.Tooltip("series:N"),
                alt.Tooltip("date:T", format="%b %Y"),
                alt.Tooltip("median:Q", format=",.0f"),
                alt.Tooltip("q05:Q", format=",.0f"),
                alt.Tooltip("q95:Q", format=",.0f"),
            ],
        )
    )
    seeds = f"{n_seeds} seeds: " if n_seeds else ""
    return alt.layer(band, median, *_target_rules(target_date, target_t)).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "Ensemble over random seeds: national output",
            subtitle=f"{seeds}median (line) and 90% band (5th-95th percentile), settings and twin",
        ),
    )


__all__ = [
    "binding_chart",
    "data",
    "ensemble_chart",
    "expertise_chart",
    "loss_chain_chart",
    "milestones_chart",
    "network_chart",
    "ramp_chart",
    "styled",
    "to_spec",
]
