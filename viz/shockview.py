"""Q4 in the front end: what an export-control shock does to buyers and to the industry.

When the settings have a China shock (``china_shock``), the Shock tab shows the summary's shock
outputs (DESIGN.md §5: unmet demand during and after the controls, months of cover, how much
domestic output protected buyers, the industry's own exposure) with their units, and the
monthly unmet demand and months of cover with the controls' months shaded. The words and units
come from the outputs' own definitions (`ecosystem.SUMMARY`), never retyped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt
import pandas as pd
import reacton.ipyvuetify as rv
import solara

from ecosystem import SUMMARY, SimulationResult
from viz import palette
from viz.charts.base import HEIGHT, WIDTH, Datasets, date_x, layered, to_spec
from viz.frames import month_date, month_label
from viz.state import Snapshot
from viz.views import ChartCard

#: The summary's shock outputs shown, in reading order, with a short label each.
SHOCK_OUTPUTS: dict[str, str] = {
    "shock_unmet_during_t": "Unmet demand while the controls last",
    "shock_unmet_after_t": "Unmet demand in the 12 months after they end",
    "shock_unmet_share": "Share of demand unmet while they last",
    "buyer_cover_at_shock_months": "Buyers' own cover when they start",
    "supply_cover_at_shock_months": "Domestic stocks' cover when they start",
    "shock_domestic_rescue_t": "Domestic magnets sold to buyers cut off",
    "shock_domestic_output_change": "Change in domestic output during the controls",
}
#: Monthly series drawn (column: legend label), by chart.
UNMET_SERIES: dict[str, str] = {
    "unmet_demand_t": "Unmet demand",
    "buyer_cover_drawn_t": "Covered from buyers' own stock",
    "domestic_rescue_t": "Domestic magnets to buyers cut off",
}
COVER_SERIES: dict[str, str] = {
    "buyer_cover_months": "Buyers' own cover",
    "supply_cover_months": "Domestic stocks (firms and stockpile)",
}
_COLUMNS = {c.name: c for c in SUMMARY}


@dataclass(frozen=True)
class ShockRow:
    """One shock output: its name, short label, value with unit, and definition."""

    name: str
    label: str
    value: str
    definition: str


def _format(value: float | None, unit: str, empty: str) -> str:
    if value is None or pd.isna(value):
        return f"— ({empty})"
    if unit == "share":
        return f"{value:.0%}"
    if unit == "months":
        return f"{value:,.1f} months"
    return f"{value:,.0f} {unit}"


def shock_rows(summary: dict) -> list[ShockRow]:
    """The summary's shock outputs as rows to show (units and meaning from `SUMMARY`)."""
    rows = []
    for name, label in SHOCK_OUTPUTS.items():
        column = _COLUMNS[name]
        value = summary.get(name)
        if name == "shock_domestic_output_change" and value is not None and not pd.isna(value):
            text = f"{value:+.0%}"
        else:
            text = _format(value, column.unit, column.empty)
        rows.append(ShockRow(name, label, text, column.definition))
    return rows


def shock_window(snap: Snapshot) -> tuple[int, int] | None:
    """First month of the controls and the month after they end (None without a shock)."""
    p = snap.settings.params
    if not p.china_shock or p.shock_start_month > snap.horizon:
        return None
    return p.shock_start_month, min(snap.horizon, p.shock_start_month + p.shock_months)


def shock_frame(result: SimulationResult, series: dict[str, str]) -> pd.DataFrame:
    """Long frame (date, series, value) of the monthly columns in ``series`` the run has."""
    ts = result.timeseries
    cols = [c for c in series if c in ts.columns]
    wide = ts[["month", *cols]].rename(columns=series)
    long = wide.melt(id_vars="month", var_name="series", value_name="value")
    long.insert(0, "date", month_date(long["month"]))
    return long


def shock_chart(
    frame: pd.DataFrame,
    *,
    title: str,
    y_title: str,
    window: tuple[str, str] | None,
    x_domain: Sequence[str] | None = None,
) -> alt.LayerChart:
    """Monthly series with the controls' months shaded."""
    ds = Datasets()
    series = list(dict.fromkeys(frame["series"]))
    x = date_x(x_domain)
    layers: list[alt.Chart] = []
    if window is not None:
        shade = pd.DataFrame({"start": [window[0]], "end": [window[1]]})
        layers.append(
            alt.Chart(ds("window", shade))
            .mark_rect(color=palette.LIGHT_GREY, opacity=0.6)
            .encode(x=alt.X("start:T"), x2=alt.X2("end:T"))
        )
    layers.append(
        alt.Chart(ds("series", frame[["date", "series", "value"]]))
        .mark_line(strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "series:N",
                title=None,
                sort=series,
                scale=alt.Scale(domain=series, range=palette.categorical(len(series))),
            ),
            tooltip=[
                alt.Tooltip("date:T", format="%b %Y"),
                alt.Tooltip("series:N"),
                alt.Tooltip("value:Q", format=",.1f"),
            ],
        )
    )
    subtitle = "Grey: the months the export controls last" if window is not None else ""
    chart = layered(*layers).properties(
        width=WIDTH,
        height=int(HEIGHT * 0.7),
        title=alt.Title(title, subtitle=subtitle or alt.Undefined),
    )
    return ds.attach(chart)


def shock_caption(rows: list[ShockRow], window: tuple[int, int]) -> str:
    """The shock's outputs in one sentence."""
    values = {r.name: r.value for r in rows}
    return (
        f"Export controls from {month_label(window[0])} to {month_label(window[1])}: unmet demand "
        f"{values['shock_unmet_during_t']} while they last, "
        f"{values['shock_unmet_after_t']} in the 12 months after; "
        f"domestic magnets to buyers cut off {values['shock_domestic_rescue_t']}."
    )


@solara.component
def ShockView(snap: Snapshot):
    """Q4: the shock's outputs (table with units) and unmet demand and cover over time."""
    window = shock_window(snap)
    if window is None:
        rv.Html(
            tag="div",
            class_="shock-none text-body-2",
            children=[
                "No export-control shock in these settings: switch on china_shock (Main "
                "levers, China shock) or pick the china_shock scenario to see what it does to "
                "buyers and to the industry."
            ],
        )
        return
    ShockDetail(snap, window)


@solara.component
def ShockDetail(snap: Snapshot, window: tuple[int, int]):
    """The table of shock outputs and the two charts."""
    rows = solara.use_memo(lambda: shock_rows(snap.result.summary), [snap])
    dates = (month_date(window[0]), month_date(window[1]))

    def build():
        unmet = shock_frame(snap.result, UNMET_SERIES)
        cover = shock_frame(snap.result, COVER_SERIES)
        return unmet, cover, (
            to_spec(shock_chart(unmet, title="Unmet demand and how buyers were covered",
                                y_title="Magnets (t/yr)", window=dates, x_domain=snap.x_domain)),
            to_spec(shock_chart(cover, title="Months of cover", y_title="Months of demand",
                                window=dates, x_domain=snap.x_domain)),
        )  # fmt: skip

    unmet, cover, specs = solara.use_memo(build, [snap])
    with rv.Html(tag="table", class_="shock-outputs", style_="font-size: 13px; margin: 4px 0"):
        for row in rows:
            with rv.Html(
                tag="tr", class_=f"shock-{row.name}", attributes={"title": row.definition}
            ):
                rv.Html(tag="td", style_="padding: 1px 12px 1px 0", children=[row.label])
                rv.Html(tag="td", style_="font-weight: 600", children=[row.value])
    ChartCard("shock-unmet", specs[0], unmet, shock_caption(rows, window))
    ChartCard(
        "shock-cover", specs[1], cover, "Months of demand buyers and domestic stocks can cover."
    )


__all__ = [
    "COVER_SERIES",
    "SHOCK_OUTPUTS",
    "UNMET_SERIES",
    "ShockRow",
    "ShockView",
    "shock_caption",
    "shock_chart",
    "shock_frame",
    "shock_rows",
    "shock_window",
]
