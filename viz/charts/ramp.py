"""The ramp and the ensemble: national output against the target, the twin, the reference."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from ecosystem import TARGET_T
from viz import palette
from viz.charts.base import HEIGHT, WIDTH, Datasets, date_x, layered, target_rules

RAMP_SERIES: dict[str, tuple[str, str]] = {
    # column: (legend label, colour)
    "reference_production_t": ("Production, scenario unchanged (reference)", palette.REFERENCE),
    "demand_t": ("Addressable demand", palette.DEMAND),
    "capacity_installed_t": ("Installed capacity", palette.CAPACITY),
    "twin_capacity_installed_t": ("Installed capacity, twin", palette.TWIN_CAPACITY),
    "twin_production_t": ("Production, twin without expertise gap", palette.TWIN),
    "production_t": ("Production, current settings", palette.RUN),
}
_DASHES = {
    "reference_production_t": [1, 0],
    "demand_t": [2, 2],
    "capacity_installed_t": [6, 3],
    "twin_capacity_installed_t": [1, 3],
    "twin_production_t": [6, 3],
    "production_t": [1, 0],
}


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
    y_max: float | None = None,
    band: pd.DataFrame | None = None,
    height: int = HEIGHT,
) -> alt.LayerChart:
    """Output, capacity and demand (t/yr), the twin alongside, the gap between them shaded.

    Args:
        frame: `viz.frames.ramp_frame` (columns present are drawn; the reference beneath in grey).
        target_date: ``YYYY-MM-01`` of ``target_month`` (a vertical rule).
        target_t: the target (a horizontal rule).
        gap_t: tonnes lost to the expertise gap at the target month: said in the subtitle's
            second line (where no line crosses it); negative means the run beats its twin.
        x_domain: fixed date range, so that a stepped run grows across the whole horizon.
        title: chart title.
        subtitle: chart subtitle.
        now: (date, label) of the month the run has reached (a cursor while stepping).
        y_max: top of the y-axis (t/yr), fixed over the whole horizon while the run is stepped.
        band: `viz.ensemble.band_frame` of the seed ensemble, drawn as 90% bands beneath.
        height: plot height (px).
    """
    ds = Datasets()
    cols = [c for c in RAMP_SERIES if c in frame.columns]
    domain = [RAMP_SERIES[c][0] for c in cols]
    keys = [f"s{i}" for i in range(len(cols))]
    label_of = "{" + ", ".join(f"'{k}': '{lab}'" for k, lab in zip(keys, domain, strict=True)) + "}"
    rows = ramp_datasets(frame, target_date=target_date, gap_t=gap_t, now=now)
    # one legend for the three channels, to the right of the plot: below it, its second row
    # fell under the fold of a 1280x720 screen
    legend = alt.Legend(orient="right", direction="vertical", columns=1, labelLimit=240)
    colour = alt.Color(
        "series:N",
        title=None,
        sort=domain,
        legend=legend,
        scale=alt.Scale(domain=domain, range=[RAMP_SERIES[c][1] for c in cols]),
    )
    dash = alt.StrokeDash(
        "series:N",
        sort=domain,
        legend=legend,
        scale=alt.Scale(domain=domain, range=[_DASHES[c] for c in cols]),
    )
    width = alt.StrokeWidth(
        "series:N",
        sort=domain,
        legend=legend,
        scale=alt.Scale(
            domain=domain,
            range=[2.5 if c in ("production_t", "twin_production_t") else 1.5 for c in cols],
        ),
    )
    x = date_x(x_domain)
    y_scale = alt.Scale(domain=[0, y_max], nice=False) if y_max else alt.Undefined
    y = alt.Y("t_per_yr:Q", title="Magnets (t/yr)", scale=y_scale)
    layers: list[alt.Chart] = []
    if band is not None and len(band):
        for label, part in band.groupby("series", sort=False):
            layers.append(
                alt.Chart(ds(f"band-{len(layers)}", part[["date", "q05", "q95"]]))
                .mark_area(
                    opacity=0.13,
                    color=palette.TWIN if "twin" in str(label).lower() else palette.RUN,
                )
                .encode(x=x, y=alt.Y("q05:Q", scale=y_scale), y2=alt.Y2("q95:Q"))
            )
    if {"production_t", "twin_production_t"} <= set(cols):
        run_key, twin_key = (keys[cols.index(c)] for c in ("production_t", "twin_production_t"))
        layers.append(
            alt.Chart(ds("ramp", rows["ramp"]))
            .mark_area(color=palette.GAP_FILL, opacity=0.25)
            .encode(
                x=x,
                y=alt.Y(field=run_key, type="quantitative", scale=y_scale),
                y2=alt.Y2(field=twin_key),
            )
        )
    lines = (
        alt.Chart(ds("ramp", rows["ramp"]))
        .transform_fold([*keys], as_=["key", "t_per_yr"])  # typed list[str | FieldName]
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
    layers.extend(target_rules(ds, target_date, target_t))
    if "now" in rows:
        cursor = alt.Chart(ds("now", rows["now"]))
        layers.append(cursor.mark_rule(color=palette.GREY).encode(x=alt.X("date:T")))
        layers.append(
            cursor.mark_text(align="right", dx=-4, baseline="top", color=palette.TEXT_GREY).encode(
                x=alt.X("date:T"), y=alt.YValue(14), text=alt.Text("label:N")
            )
        )
    lines_of_subtitle = [t for t in (subtitle, gap_text(gap_t)) if t]
    chart = layered(*layers).properties(
        width=WIDTH,
        height=height,
        title=alt.Title(title, subtitle=lines_of_subtitle or alt.Undefined),
    )
    return ds.attach(chart)


def gap_text(gap_t: float | None) -> str:
    """The gap in words: tonnes lost to it, or by how much the run beats its twin."""
    if gap_t is None or gap_t != gap_t:
        return ""
    if gap_t < -0.5:
        return f"The run exceeds its twin by {-gap_t:,.0f} t in the target year (see below why)"
    return f"{gap_t:,.0f} t lost to the expertise gap in the target year (shaded)"


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
    `RAMP_SERIES`) to keep the rows small; ``now`` the cursor. (``target_date`` and ``gap_t``
    are accepted for symmetry with `ramp_chart`; the gap is said in the chart's subtitle.)
    """
    cols = [c for c in RAMP_SERIES if c in frame.columns]
    keys = [f"s{i}" for i in range(len(cols))]
    out = {"ramp": frame[["date", *cols]].rename(columns=dict(zip(cols, keys, strict=True)))}
    if now is not None:
        out["now"] = pd.DataFrame({"date": [now[0]], "label": [now[1]]})
    return out


def ensemble_chart(
    frame: pd.DataFrame,
    *,
    target_date: str | None = None,
    target_t: float = TARGET_T,
    n_seeds: int | None = None,
) -> alt.LayerChart:
    """Median and 90% band of national output over seeds, for the settings and for the twin."""
    ds = Datasets()
    series = list(dict.fromkeys(frame["series"]))
    colours = [palette.TWIN if "twin" in s.lower() else palette.RUN for s in series]
    colour = alt.Color(
        "series:N", title=None, sort=series, scale=alt.Scale(domain=series, range=colours)
    )
    x = date_x(None)
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
    chart = layered(band, median, *target_rules(ds, target_date, target_t)).properties(
        width=WIDTH,
        height=HEIGHT,
        title=alt.Title(
            "Ensemble over random seeds: national output",
            subtitle=f"{seeds}median (line) and 90% band (5th-95th percentile), settings and twin",
        ),
    )
    return ds.attach(chart)


__all__ = ["RAMP_SERIES", "ensemble_chart", "gap_text", "ramp_chart", "ramp_datasets"]
