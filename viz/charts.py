"""Altair chart builders: pure functions of the tidy frames in `viz.frames` → `alt.Chart`.

The front end and the paper figures share them (and the palette in `viz.palette`). Builders
return charts without top-level configuration so they can be layered or concatenated;
`styled` adds the shared look for a chart shown on its own.
"""

from __future__ import annotations

import json
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
EMBED_OPTIONS = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}

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


class _Datasets:
    """The data of one chart, by stable name, embedded at its top level.

    Layers refer to a dataset by name, so Altair never copies or converts the rows, and the
    specs of one chart over different data differ only in ``datasets`` (the browser then swaps
    the data into the drawn view instead of drawing it anew, which keeps Step fast).
    """

    def __init__(self) -> None:
        self.values: dict[str, list[dict]] = {}

    def __call__(self, name: str, frame: pd.DataFrame) -> alt.Data:
        self.values[name] = records(frame)
        return alt.Data(name=name)

    def attach(self, chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
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


def to_spec(chart: alt.TopLevelMixin) -> dict:
    """The Vega-Lite spec of a chart as the app sends it: styled, unvalidated, embed options.

    Schema validation walks every data row through jsonschema and costs more than the model's
    month; the tests validate each builder's output instead.
    """
    spec = chart.to_dict(validate=False)
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
        "columns": 2,
        "labelLimit": 360,
    },
    "title": {"fontSize": 15, "subtitleFontSize": 12, "anchor": "start"},
}


def styled(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Shared look for a chart shown on its own: fonts, legend placement, no view border."""
    c = CONFIG
    return (
        chart.configure_view(**c["view"])
        .configure_axis(**c["axis"])
        .configure_legend(**c["legend"])
        .configure_title(**c["title"])
    )


def _x(domain: Sequence[str] | None, title: str = DATE_TITLE) -> alt.X:
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    return alt.X("date:T", title=title, scale=scale, axis=alt.Axis(format="%Y"))


def _target_rules(ds: _Datasets, target_date: str | None, y: float | None) -> list[alt.Chart]:
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


def ramp_chart(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    target_t: float = TARGET_T,
    gap_t: float | None = None,
    x_domain: Sequence[str] | None = None,
    title: str = "The ramp: national output against the 6,000 t/yr target",
    subtitle: str = "",
    now: tuple[str, str] | None = None,
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
        now: (date, label) of the month the run has reached (a cursor while stepping).
    """
    ds = _Datasets()
    cols = [c for c in RAMP_SERIES if c in frame.columns]
    domain = [RAMP_SERIES[c][0] for c in cols]
    keys = [f"s{i}" for i in range(len(cols))]
    label_of = "{" + ", ".join(f"'{k}': '{lab}'" for k, lab in zip(keys, domain, strict=True)) + "}"
    rows = ramp_datasets(frame, target_date=target_date, gap_t=gap_t, now=now)
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
    if "gap-label" in rows:
        run_key, twin_key = (keys[cols.index(c)] for c in ("production_t", "twin_production_t"))
        layers.append(
            alt.Chart(ds("ramp", rows["ramp"]))
            .mark_area(color=palette.GAP_FILL, opacity=0.25)
            .encode(x=x, y=alt.Y(field=run_key, type="quantitative"), y2=alt.Y2(field=twin_key))
        )
        layers.append(
            alt.Chart(ds("gap-label", rows["gap-label"]))
            .mark_text(align="right", dx=-6, fontWeight="bold", color=palette.TWIN)
            .encode(x=alt.X("date:T"), y=alt.Y("y:Q"), text=alt.Text("label:N"))
        )
    lines = (
        alt.Chart(ds("ramp", rows["ramp"]))
        .transform_fold(keys, as_=["key", "t_per_yr"])
        .transform_calculate(series=f"{label_of}[datum.key]")
        .mark_line()
    )
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
    layers.extend(_target_rules(ds, target_date, target_t))
    if "now" in rows:
        cursor = alt.Chart(ds("now", rows["now"]))
        layers.append(cursor.mark_rule(color=palette.GREY).encode(x=alt.X("date:T")))
        layers.append(
            cursor.mark_text(align="right", dx=-4, baseline="top", color=palette.GREY).encode(
                x=alt.X("date:T"), y=alt.YValue(14), text=alt.Text("label:N")
            )
        )
    chart = alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=alt.Title(title, subtitle=subtitle or alt.Undefined)
    )
    return ds.attach(chart)


def ramp_datasets(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    gap_t: float | None = None,
    now: tuple[str, str] | None = None,
) -> dict[str, pd.DataFrame]:
    """The rows `ramp_chart` draws, by dataset name (a Step swaps them into the drawn chart).

    Which names exist depends only on the frame's columns and on ``now`` being given.
    ``ramp`` holds the series under short keys (``s0``, ``s1``…, in the order of
    `RAMP_SERIES`) to keep the rows small; ``gap-label`` the label of the shaded gap at the
    target month (empty before that month); ``now`` the cursor.
    """
    cols = [c for c in RAMP_SERIES if c in frame.columns]
    keys = [f"s{i}" for i in range(len(cols))]
    out = {"ramp": frame[["date", *cols]].rename(columns=dict(zip(cols, keys, strict=True)))}
    if {"production_t", "twin_production_t"} <= set(cols):
        at = frame.dropna(subset=["production_t", "twin_production_t"])
        at = at[at["date"] == target_date] if target_date is not None else at.iloc[:0]
        label = pd.DataFrame(columns=["date", "y", "label"])
        if gap_t is not None and len(at):
            mid = float((at["production_t"].iloc[0] + at["twin_production_t"].iloc[0]) / 2)
            text = f"{gap_t:,.0f} t lost to the expertise gap"
            label = pd.DataFrame({"date": [target_date], "y": [mid], "label": [text]})
        out["gap-label"] = label
    if now is not None:
        out["now"] = pd.DataFrame({"date": [now[0]], "label": [now[1]]})
    return out


def expertise_chart(
    frame: pd.DataFrame, *, x_domain: Sequence[str] | None = None
) -> alt.VConcatChart:
    """Expertise gap and workforce skill per firm; beneficiaries solid, ▲ at partner links."""
    ds = _Datasets()
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
        return alt.layer(lines, marks).properties(width=WIDTH, height=200)

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
    ds = _Datasets()
    names = {"production_t": "production"} | {f"lost_to_{s}_t": f"lost to {s}" for s in LOSS_STAGES}
    domain = list(names.values())
    colours = [palette.LOSS_CHAIN["production"]] + [palette.LOSS_CHAIN[s] for s in LOSS_STAGES]
    x = _x(x_domain)
    wide = frame[["date", *names]].rename(columns=names)
    areas = (
        alt.Chart(ds("losses", wide))
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
        alt.Chart(ds("committed", frame[["date", "capacity_committed_t"]]))
        .mark_line(color=palette.TARGET, strokeWidth=1)
        .encode(x=x, y=alt.Y("capacity_committed_t:Q"))
    )
    chart = alt.layer(areas, total).properties(
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
    ds = _Datasets()
    domain = ["none", *LOSS_STAGES]
    colours = [palette.LOSS_CHAIN[s] for s in domain]
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
    chart = alt.layer(bars, output).properties(
        width=WIDTH - 160,
        height=height,
        title=alt.Title("Each firm's binding constraint now", subtitle=month_text or alt.Undefined),
    )
    return ds.attach(chart)


def network_chart(
    nodes: pd.DataFrame, edges: pd.DataFrame, *, subtitle: str = ""
) -> alt.LayerChart:
    """Firms, R&D centres, partners and oxide/labour sources; edges by kind, width by amount."""
    ds = _Datasets()
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
    placed = [
        ("labels-left", nodes[nodes["x"] < 0.5], {"align": "right", "dx": -10}),
        ("labels-middle", nodes[(nodes["x"] >= 0.5) & (nodes["x"] < 1.5)],
         {"align": "center", "dy": -13}),
        ("labels-right", nodes[nodes["x"] >= 1.5], {"align": "left", "dx": 10}),
    ]  # fmt: skip
    labels = [
        alt.Chart(ds(name, part))
        .mark_text(fontSize=10, **where)
        .encode(x=x, y=y, text=alt.Text("name:N"))
        for name, part, where in placed
    ]
    chart = alt.layer(rules, dots, *labels).properties(
        width=WIDTH,
        height=420,
        title=alt.Title(
            "Knowledge network: R&D centres · firms · partners and oxide sources",
            subtitle=subtitle or alt.Undefined,
        ),
    )
    return ds.attach(chart)


def milestones_chart(
    frame: pd.DataFrame, *, target_date: str | None = None, x_domain: Sequence[str] | None = None
) -> alt.LayerChart:
    """Each firm's milestones on a timeline (a line from its first to its last)."""
    ds = _Datasets()
    labels = list(MILESTONE_LABELS.values())
    shapes = ["square", "diamond", "circle", "triangle-up", "cross", "triangle-down"]
    order = list(dict.fromkeys(frame.sort_values("month")["firm"]))
    x = _x(x_domain)
    y = alt.Y("firm:N", title=None, sort=order)
    span = frame.groupby("firm", as_index=False).agg(date=("date", "min"), end=("date", "max"))
    spans = (
        alt.Chart(ds("spans", span))
        .mark_rule(color=palette.GREY)
        .encode(x=x, x2=alt.X2("end:T"), y=y)
    )
    points = (
        alt.Chart(ds("milestones", frame))
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
    layers = [spans, points, *_target_rules(ds, target_date, None)]
    height = max(80, 30 * max(len(order), 1))
    chart = alt.layer(*layers).properties(
        width=WIDTH - 120,
        height=height,
        title=alt.Title(
            "Firm milestones", subtitle="From construction start to nameplate output (or exit)"
        ),
    )
    return ds.attach(chart)


def ensemble_chart(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    target_t: float = TARGET_T,
    n_seeds: int | None = None,
) -> alt.LayerChart:
    """Median and 90% band of national output over seeds, for the settings and for the twin."""
    ds = _Datasets()
    series = list(dict.fromkeys(frame["series"]))
    colours = [palette.TWIN if "twin" in s.lower() else palette.RUN for s in series]
    colour = alt.Color(
        "series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colours)
    )
    x = _x(None)
    band = (
        alt.Chart(ds("bands", frame))
        .mark_area(opacity=0.22)
        .encode(
            x=x, y=alt.Y("q05:Q", title="Magnets produced (t/yr)"), y2=alt.Y2("q95:Q"), color=colour
        )
    )
    median = (
        alt.Chart(ds("bands", frame))
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
    chart = alt.layer(band, median, *_target_rules(ds, target_date, target_t)).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "Ensemble over random seeds: national output",
            subtitle=f"{seeds}median (line) and 90% band (5th-95th percentile), settings and twin",
        ),
    )
    return ds.attach(chart)


__all__ = [
    "CONFIG",
    "EMBED_OPTIONS",
    "binding_chart",
    "ensemble_chart",
    "expertise_chart",
    "loss_chain_chart",
    "milestones_chart",
    "network_chart",
    "ramp_chart",
    "ramp_datasets",
    "records",
    "with_datasets",
    "styled",
    "to_spec",
]
