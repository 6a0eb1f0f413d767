"""The views: Solara components that draw a `Snapshot` with the builders of `viz.charts`.

Each chart sits in a `ChartCard` with a caption (the chart in words) and buttons to download
its data (CSV) and image (PNG, SVG). Charts are built once per snapshot (memoised on it) and
sent as Vega-Lite specs without schema validation, which would cost more than a model month.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import reacton.ipyvuetify as rv
import solara
import solara.lab
import solara.widgets

from viz import captions, charts, ensemble, exports, forecast, frames
from viz.frames import month_label
from viz.state import Settings, Snapshot, y_peak

log = logging.getLogger("viz")


class VegaChart(solara.widgets.VegaLite):
    """Solara's Vega-Lite widget, drawing each new spec at once (see ``vegachart.vue``)."""

    template_file = str(Path(__file__).with_name("vegachart.vue"))


@solara.component
def DownloadButton(
    label: str, data: Callable[[], str | bytes], filename: str, mime: str, name: str
):
    """A small button that downloads ``data()`` (computed on click) as ``filename``."""
    with solara.FileDownload(data, filename=filename, mime_type=mime):
        solara.Button(
            label, icon_name="mdi-download", text=True, small=True, classes=[f"download-{name}"]
        )


@solara.component
def ChartCard(name: str, spec: dict, frame: pd.DataFrame, caption: str):
    """A chart (its Vega-Lite spec), its caption, and downloads of its data and image."""
    # The download callables read the current chart through a ref: they stay the same object
    # from render to render, so a Step does not restart Solara's download threads.
    current = solara.use_ref((spec, frame))
    current.current = (spec, frame)
    csv, png, svg = solara.use_memo(
        lambda: (
            lambda: exports.chart_csv(current.current[1]),
            lambda: exports.chart_png(current.current[0]),
            lambda: exports.chart_svg(current.current[0]),
        ),
        [],
    )
    with solara.Card(classes=["chart-card", f"chart-{name}"], margin=0, style={"padding": "8px"}):
        VegaChart.element(spec=spec)
        solara.Text(caption, classes=["chart-caption", f"caption-{name}", "text-body-2"])
        with solara.Row(gap="0px"):
            DownloadButton("CSV", csv, f"{name}.csv", "text/csv", f"{name}-csv")
            DownloadButton("PNG", png, f"{name}.png", "image/png", f"{name}-png")
            DownloadButton("SVG", svg, f"{name}.svg", "image/svg+xml", f"{name}-svg")


#: A key figure's words wrap onto a second line rather than being cut with an ellipsis: seven
#: cards share the views' width (about 106 px each on a 1280x720 screen).
KF_LABEL_STYLE = "font-size: 11px; color: #333; overflow-wrap: break-word"
KF_VALUE_STYLE = "font-size: 1.05rem; font-weight: 600; overflow-wrap: break-word"


@solara.component
def KeyFigures(snap: Snapshot):
    """The headline numbers in one compact row (the context line is each card's tooltip)."""
    with solara.Row(
        gap="6px", style={"flex-wrap": "nowrap", "width": "100%"}, classes=["key-figures"]
    ):
        figures = captions.key_figures(snap)
        condition = captions.gap_condition(snap)
        for kf in sorted(figures, key=lambda k: k.name != "gap-lost"):  # the answer first
            rv.Html(
                tag="div",
                class_=f"key-figure kf-{kf.name} elevation-1",
                style_=(
                    "flex: 1 1 0; min-width: 0; padding: 3px 6px; border-radius: 4px; "
                    "line-height: 1.2"
                    + ("; border: 2px solid #B35900" if kf.name == "gap-lost" else "")
                ),
                attributes={
                    "title": f"{kf.label}: {kf.value}. {kf.detail}"
                    + (f". {condition}" if kf.name == "gap-lost" and condition else "")
                },
                children=[
                    rv.Html(
                        tag="div",
                        class_="kf-label",
                        style_=KF_LABEL_STYLE,
                        children=[kf.label],
                    ),
                    rv.Html(
                        tag="div",
                        class_="kf-value",
                        style_=KF_VALUE_STYLE,
                        children=[kf.value],
                    ),
                ],
            )


#: What the first view says before any number (three lines, plain words).
DEFINITION: tuple[tuple[str, str], ...] = (
    (
        "Expertise gap",
        "how far Indian firms' process know-how and workforce skill fall short of the world's "
        "frontier producers; it slows building, yield and customer qualification.",
    ),
    (
        "Twin",
        "the same run (same settings, seed and tender outcome) with every firm at frontier "
        "know-how from the start.",
    ),
    (
        "Lost to the gap",
        "the twin's output minus the run's in the target year (shaded); the bands are the "
        "spread over the seed ensemble (its size below the chart).",
    ),
)


@solara.component
def Definition():
    """The three-line definition of the expertise gap, the twin and the tonnes lost."""
    rv.Html(
        tag="div",
        class_="gap-definition",
        style_="font-size: 13px; line-height: 1.35; color: #1A1A1A",
        children=[
            rv.Html(tag="div", children=[rv.Html(tag="b", children=[term]), f": {text}"])
            for term, text in DEFINITION
        ],
    )


NEGATIVE_GAP = (
    "Here the run makes more than its twin. The twin changes only know-how and holds the "
    "tender outcome fixed; with frontier know-how its firms can meet other limits sooner "
    "(oxide, buyers, China's price response), so removing the gap need not raise output. The "
    "twin is a total effect through every channel, not a ceiling."
)


#: The ramp's plot height (px): with its legend it fits above the fold on a 1280x720 screen.
RAMP_HEIGHT = 240


def _ramp_y_max(snap: Snapshot, band: pd.DataFrame | None) -> float:
    """Top of the ramp's y-axis: the whole horizon's peak, so stepping never rescales it."""
    from ecosystem import TARGET_T

    peaks = [TARGET_T, y_peak(snap.settings)]
    if snap.reference is not None:
        ts = snap.reference.timeseries
        peaks += [ts["production_t"].max(), ts["capacity_installed_t"].max()]
    if band is not None and len(band):
        peaks.append(float(band["q95"].max()))
    return 1.05 * float(max(peaks))


@solara.component
def RampView(snap: Snapshot, ens: ensemble.EnsembleResult | None = None, pending: bool = False):
    """The answer first: definitions, key figures, the ramp with twin, reference and bands."""

    def build():
        frame = frames.ramp_frame(snap.result, snap.reference)
        frame = frame[frame["month"] <= snap.horizon].reset_index(drop=True)
        rows = {
            "target_date": snap.target_date,
            "now": (frames.month_date(snap.month), f"Month {snap.month} of {snap.horizon}"),
        }
        return frame, rows

    frame, rows = solara.use_memo(build, [snap])

    def make_band() -> pd.DataFrame | None:
        if ens is None:
            return None
        frame = ensemble.band_frame(ens)
        return frame[frame["month"] <= snap.horizon].reset_index(drop=True)

    band = solara.use_memo(make_band, [id(ens), snap.horizon])
    gap = (
        snap.result.summary["shortfall_due_to_gap_t"]
        if snap.month >= snap.settings.target_month
        else None
    )
    y_max = solara.use_memo(lambda: _ramp_y_max(snap, band), [snap.settings, id(band)])
    # The chart's structure changes with its series, axes, gap and band, not with the month:
    # build it with Altair once, then swap each Step's rows into the spec.
    shape = (tuple(frame.columns), snap.target_date, snap.x_domain, gap, y_max, id(band))
    subtitle = "Dashed vermilion: the twin with no expertise gap; grey: the scenario unchanged"
    template = solara.use_memo(
        lambda: charts.to_spec(charts.ramp_chart(
            frame, x_domain=snap.x_domain, subtitle=subtitle, gap_t=gap, y_max=y_max, band=band,
            height=RAMP_HEIGHT, **rows)),
        [shape],
    )  # fmt: skip
    spec = solara.use_memo(
        lambda: charts.with_datasets(template, charts.ramp_datasets(frame, **rows)),
        [snap, id(template)],
    )
    ForecastSlot()
    Definition()
    KeyFigures(snap)
    if gap is not None and gap < -0.5:
        rv.Html(
            tag="div",
            class_="negative-gap",
            style_="font-size: 13px; color: #222; margin: 2px 0",
            children=[f"The run exceeds the twin by {-gap:,.0f} t. {NEGATIVE_GAP}"],
        )
    ChartCard("ramp", spec, frame, captions.ramp_caption(snap))
    condition = captions.gap_condition(snap)
    if condition:
        rv.Html(tag="div", class_="gap-condition text-caption", children=[condition])
    status = (
        f"Band: 90% of {len(ens.seeds)} seeds at these settings."
        if ens is not None
        else ("Running the seed ensemble in the background; its band appears here when ready."
              if pending else "")
    )  # fmt: skip
    rv.Html(tag="div", class_="ramp-band-status text-caption", children=[status])


@solara.component
def ForecastSlot():
    """The stored forecast over the priors, when it belongs to this model (`viz.forecast`)."""
    stored = solara.use_memo(forecast.load, [])
    lines = [
        rv.Html(tag="li", class_="forecast-threshold", children=[line])
        for line in forecast.thresholds(stored)
    ]
    words = " ".join(w for w in (forecast.months(stored), forecast.note(stored)) if w)
    # The answer leads the first view: the forecast over the priors, then the one run below it.
    rv.Html(
        tag="div",
        class_="forecast-slot" + (" forecast-current" if stored.current else ""),
        style_="font-size: 13px; color: #222; border-left: 3px solid #0072B2; "
        "padding: 2px 8px; margin: 0 0 4px 0",
        children=[
            rv.Html(tag="div", class_="forecast-headline", children=[forecast.describe(stored)]),
            *(
                [
                    rv.Html(
                        tag="ul",
                        style_="margin: 0; padding-left: 0; list-style: none; display: flex; "
                        "flex-wrap: wrap; column-gap: 18px; font-weight: 500",
                        children=lines,
                    )
                ]
                if lines
                else []
            ),
            *(
                [
                    rv.Html(
                        tag="div",
                        class_="forecast-note",
                        style_="font-size: 11px; color: #555",
                        children=[words],
                    )
                ]
                if words
                else []
            ),
        ],
    )


@solara.component
def ExpertiseView(snap: Snapshot):
    """Expertise gap and workforce skill per firm, partner links and beneficiaries marked."""

    def build():
        frame = frames.expertise_frame(snap.result)
        return frame, charts.expertise_chart(frame, x_domain=snap.x_domain)

    frame, chart = solara.use_memo(build, [snap])
    spec = solara.use_memo(lambda: charts.to_spec(chart), [id(chart)])
    ChartCard("expertise", spec, frame, captions.expertise_caption(frame, snap))


@solara.component
def LossChainView(snap: Snapshot):
    """The loss chain as stacked areas, and each firm's binding constraint now."""

    def build():
        loss = frames.loss_frame(snap.result)
        binding = frames.binding_frame(snap.result)
        return (
            loss,
            charts.loss_chain_chart(loss, x_domain=snap.x_domain),
            binding,
            charts.binding_chart(
                binding, month_text=f"{month_label(snap.month)} (month {snap.month})"
            ),
        )

    loss, loss_chart, binding, binding_chart = solara.use_memo(build, [snap])
    specs = solara.use_memo(
        lambda: (charts.to_spec(loss_chart), charts.to_spec(binding_chart)), [id(loss_chart)]
    )
    ChartCard("loss-chain", specs[0], loss, captions.loss_caption(loss))
    ChartCard("binding", specs[1], binding, captions.binding_caption(binding, snap))


@solara.component
def NetworkView(snap: Snapshot):
    """The knowledge network of `.flows`, summed over the run so far."""

    def build():
        nodes, edges = frames.network_frames(snap.result)
        chart = charts.network_chart(
            nodes,
            edges,
            subtitle=f"Links summed to {month_label(snap.month)}; width: amount "
            "relative to the largest link of its kind",
        )
        return nodes, edges, chart

    nodes, edges, chart = solara.use_memo(build, [snap])
    spec = solara.use_memo(lambda: charts.to_spec(chart), [id(chart)])
    ChartCard("network", spec, edges, captions.network_caption(nodes, edges, snap))


@solara.component
def MilestonesView(snap: Snapshot):
    """Firm milestones on a timeline."""

    def build():
        frame = frames.milestones_frame(snap.result)
        return frame, charts.milestones_chart(
            frame, target_date=snap.target_date, x_domain=snap.x_domain
        )

    frame, chart = solara.use_memo(build, [snap])
    spec = solara.use_memo(lambda: charts.to_spec(chart), [id(chart)])
    ChartCard("milestones", spec, frame, captions.milestones_caption(frame, snap))


#: Dark text on a pale blue ground: contrast about 12:1 (WCAG AA asks 4.5:1).
NOTICE_STYLE = (
    "background: #E8F1FA; color: #1A1A1A; border-left: 4px solid #0072B2; padding: 6px 10px; "
    "font-size: 13px; margin-bottom: 6px"
)

NOT_A_FORECAST = (
    "This is a model, not a forecast. The band shows how much the outcome varies with chance "
    "alone (random seeds) at fixed settings; it does not include uncertainty about the "
    "parameters themselves, nor events the model leaves out."
)


@solara.component
def EnsembleView(settings: Settings, task: Any, n: solara.Reactive[int]):
    """N seeds over the current settings: median and 90% band for the run and its twin.

    ``task`` is the dashboard's background ensemble (`use_ensemble`), shared with the ramp.
    """
    problem: solara.Reactive[str | None] = solara.use_reactive(None)

    def set_n(value: int | None) -> None:
        if value is None or not 1 <= value <= ensemble.MAX_SEEDS:
            problem.set(f"Number of seeds must be from 1 to {ensemble.MAX_SEEDS}.")
            return
        problem.set(None)
        n.set(value)

    rv.Html(tag="div", class_="not-a-forecast", style_=NOTICE_STYLE, children=[NOT_A_FORECAST])
    with solara.Row(style={"align-items": "center"}):
        solara.InputInt(
            "Seeds",
            value=n.value,
            on_value=set_n,
            dense=True,
            classes=["ensemble-n"],
            style={"max-width": "120px"},
        )
        solara.Text(
            f"spawned from seed {settings.seed}; each seed runs the settings and their twin",
            classes=["text-caption"],
        )
    if problem.value:
        solara.Error(problem.value, classes=["viz-message"])
    if task.pending:
        done = round((task.progress or 0) * n.value / 100)
        solara.ProgressLinear(value=task.progress or True)
        solara.Text(
            f"Running seed {done} of {n.value} (and its twin)…", classes=["ensemble-progress"]
        )
    elif task.error:
        solara.Error(f"The ensemble failed: {task.exception}", classes=["viz-message"])
    if task.finished and task.value is not None:
        EnsembleResultView(task.value, settings)
    elif task.pending and task.latest is not None:  # the previous settings' bands meanwhile
        solara.Text("Until it finishes: the previous settings' ensemble.", classes=["text-caption"])
        EnsembleResultView(task.latest, settings)


def use_ensemble(settings: Settings, n: int) -> Any:
    """A background task running ``n`` seeds of ``settings``.

    Its job is cancelled at once (queued members cancelled, nothing more submitted) when the
    settings change or the component unmounts (the tab or session closed): a closed tab's
    ensemble does not keep the shared pool busy.
    """
    cancel = solara.use_memo(ensemble.Cancellation, [settings, n])  # one per job

    def work():
        def progress(done: int, total: int) -> None:
            task.progress = 100.0 * done / total

        result = ensemble.run_ensemble(
            settings.params,
            settings.seed,
            n,
            progress=progress,
            cancelled=lambda: not task.is_current(),
            cancel=cancel,
        )
        if result is not None:
            log.info("viz: ensemble %d+%d runs in %.2f s", n, n, result.seconds)
        else:
            log.info("viz: ensemble of %d seeds cancelled", n)
        return result

    task = solara.lab.use_task(work, dependencies=[settings, n], raise_error=False)
    # the cleanup runs when the settings change (the new job has a new switch) and on unmount
    solara.use_effect(lambda: cancel.cancel, [cancel])
    return task


@solara.component
def EnsembleResultView(ens: ensemble.EnsembleResult, settings: Settings):
    """The ensemble's chart and headline."""

    def build():
        frame = ensemble.band_frame(ens)
        frame = frame[frame["month"] <= settings.horizon]
        target = frames.month_date(settings.target_month)
        return frame, charts.ensemble_chart(frame, target_date=target, n_seeds=len(ens.seeds))

    frame, chart = solara.use_memo(build, [id(ens)])
    h = ensemble.headline(ens)
    text = (
        f"{h['n']} seeds, output in the 12 months to {month_label(settings.target_month)}: median "
        f"{h['median_t']:,.0f} t (90%: {h['q05_t']:,.0f}-{h['q95_t']:,.0f} t); twin without "
        f"the expertise gap {h['twin_median_t']:,.0f} t ({h['twin_q05_t']:,.0f}-"
        f"{h['twin_q95_t']:,.0f} t); {h['share_target_met']:.0%} of seeds meet 6,000 t. "
        f"Computed in {h['seconds']:.1f} s."
    )
    spec = solara.use_memo(lambda: charts.to_spec(chart), [id(chart)])
    ChartCard("ensemble", spec, frame, text)


@solara.component
def ExportView(settings: Settings, link: str = ""):
    """The settings as a link, a scenario file and an ``ecosystem run`` command."""
    toml = solara.use_memo(lambda: exports.scenario_toml(settings), [settings])
    solara.Markdown("**Link to this view** (opens the app with these settings):")
    solara.Preformatted(link or f"?{settings.to_query()}", class_="export-link")
    filename = exports.export_filename(settings)
    solara.Markdown(
        "**Scenario file** (every value that differs from the model's defaults, "
        "with the seed and model version in `[meta]`):"
    )
    DownloadButton(f"Download {filename}", lambda: toml, filename, "application/toml", "scenario")
    solara.Preformatted(toml, class_="export-toml")
    solara.Markdown(
        "**The same run from the command line** (the chosen scenario plus your changes):"
    )
    solara.Preformatted(exports.run_command(settings), class_="export-command")
    solara.Markdown("or, with the downloaded file:")
    solara.Preformatted(
        exports.run_command(settings, scenario_file=filename), class_="export-command-file"
    )
    solara.Markdown(
        "Each chart has its own **CSV** (the data it draws), **PNG** and **SVG** buttons."
    )


__all__ = [
    "NOT_A_FORECAST",
    "ChartCard",
    "DEFINITION",
    "EnsembleView",
    "ExpertiseView",
    "ExportView",
    "KeyFigures",
    "LossChainView",
    "MilestonesView",
    "NetworkView",
    "RampView",
    "use_ensemble",
]
