"""Per-firm views: expertise gap and skill, the loss chain, binding constraints, milestones."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from viz import palette
from viz.charts.base import HEIGHT, WIDTH, Datasets, date_x, layered, target_rules
from viz.frames import LOSS_STAGES, MILESTONE_LABELS


def expertise_chart(
    frame: pd.DataFrame, *, x_domain: Sequence[str] | None = None
) -> alt.VConcatChart:
    """Expertise gap and workforce skill per firm; beneficiaries solid, ▲ at partner links."""
    ds = Datasets()
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
    x = date_x(x_domain)

    def panel(column: str, title: str) -> alt.LayerChart:
        lines = (
            alt.Chart(ds("firms", frame))
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
            alt.Chart(ds("partner-links", starts))
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
        return layered(lines, marks).properties(width=WIDTH, height=200)

    chart = alt.vconcat(
        panel("expertise_gap", "Expertise gap (1 − know-how, share)"),
        panel("skill", "Workforce skill (share of expert)"),
    ).properties(
        title=alt.Title(
            "Expertise gap and workforce skill per firm",
            subtitle="Solid: beneficiary; dashed: outside the scheme; "
            "▲ technology-partner link begins; black: all firms",
        )
    )
    return ds.attach(chart)


def loss_chain_chart(
    frame: pd.DataFrame, *, x_domain: Sequence[str] | None = None
) -> alt.LayerChart:
    """Output and the five losses stacked up to committed capacity (t/yr)."""
    ds = Datasets()
    names = {"production_t": "production"} | {f"lost_to_{s}_t": f"lost to {s}" for s in LOSS_STAGES}
    domain = list(names.values())
    colours = [palette.LOSS_CHAIN["production"]] + [palette.loss_colour(s) for s in LOSS_STAGES]
    x = date_x(x_domain)
    wide = frame[["date", *names]].rename(columns=names)
    areas = (
        alt.Chart(ds("losses", wide))
        .transform_fold([*domain], as_=["stage", "t_per_yr"])  # typed list[str | FieldName]
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
        alt.Chart(ds("committed", frame[["date", "capacity_committed_t"]]))
        .mark_line(color=palette.TARGET, strokeWidth=1)
        .encode(x=x, y=alt.Y("capacity_committed_t:Q"))
    )
    chart = layered(areas, total).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "The loss chain: committed capacity and where it is lost",
            subtitle="Stacked from output (bottom) through each stage; "
            "black line: committed capacity",
        ),
    )
    return ds.attach(chart)


def binding_chart(frame: pd.DataFrame, *, month_text: str = "") -> alt.LayerChart:
    """Each firm's committed capacity, coloured by the stage of the chain that binds it now."""
    ds = Datasets()
    domain = ["none", *LOSS_STAGES]
    colours = [palette.loss_colour(s) for s in domain]
    order = list(frame["firm"])
    y = alt.Y("firm:N", title=None, sort=order)
    bars = (
        alt.Chart(ds("firms", frame))
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
        alt.Chart(ds("firms", frame))
        .mark_bar(color=palette.TARGET, size=5)
        .encode(x=alt.X("production_t:Q"), y=y)
    )
    height = max(60, 26 * len(frame))
    chart = layered(bars, output).properties(
        width=WIDTH - 160,
        height=height,
        title=alt.Title("Each firm's binding constraint now", subtitle=month_text or alt.Undefined),
    )
    return ds.attach(chart)


def milestones_chart(
    frame: pd.DataFrame, *, target_date: str | None = None, x_domain: Sequence[str] | None = None
) -> alt.LayerChart:
    """Each firm's milestones on a timeline (a line from its first to its last)."""
    ds = Datasets()
    labels = list(MILESTONE_LABELS.values())
    shapes = ["square", "diamond", "circle", "triangle-up", "cross", "triangle-down"]
    order = list(dict.fromkeys(frame.sort_values("month")["firm"]))
    x = date_x(x_domain)
    y = alt.Y("firm:N", title=None, sort=order)
    span = frame.groupby("firm", as_index=False).agg(date=("date", "min"), end=("date", "max"))
    spans = (
        alt.Chart(ds("spans", span))
        .mark_rule(color=palette.GREY)
        .encode(x=x, x2=alt.X2("end:T"), y=y)
    )
    # commissioning often falls in the month of first output: it is drawn as a larger ring on
    # top, so that neither marker hides the other
    ring = frame["milestone"] == MILESTONE_LABELS["commissioning_month"]
    points = (
        alt.Chart(ds("milestones", frame[~ring]))
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
    commissioning = (
        alt.Chart(ds("commissioning", frame[ring]))
        .mark_point(size=260, filled=False, strokeWidth=2.5, opacity=1)
        .encode(
            x=x,
            y=y,
            shape=alt.Shape("milestone:N", sort=labels),
            color=alt.Color("milestone:N", sort=labels),
            tooltip=[
                alt.Tooltip("firm:N"),
                alt.Tooltip("milestone:N"),
                alt.Tooltip("date:T", format="%b %Y"),
            ],
        )
    )
    layers = [spans, points, commissioning, *target_rules(ds, target_date, None)]
    height = max(80, 30 * max(len(order), 1))
    chart = layered(*layers).properties(
        width=WIDTH - 120,
        height=height,
        title=alt.Title(
            "Firm milestones", subtitle="From construction start to nameplate output (or exit)"
        ),
    )
    return ds.attach(chart)


__all__ = ["binding_chart", "expertise_chart", "loss_chain_chart", "milestones_chart"]
