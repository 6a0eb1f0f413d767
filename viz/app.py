"""Solara entry point: ``solara run viz/app.py`` (what ``ecosystem app`` and ``make app`` serve).

Each browser session builds its own `LiveRun` (the model and its twin) inside `Page`; nothing
model-like lives at module level. Moving a lever re-runs the whole horizon — run and twin, same
seed — and redraws the views, with the chosen scenario's unchanged run in grey beneath;
Mesa's ``ModelController`` (Reset / Play / Step) steps the same `LiveRun` month by month, and
Reset keeps the chosen values (they are its reset parameters).
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass

import solara
import solara.lab
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from ecosystem import ParameterError, ScenarioError, scenarios
from viz import controls, views
from viz.frames import month_label
from viz.state import LiveRun, Settings, reference_result, scenario_names, snapshot


class _StderrHandler(logging.StreamHandler):
    """Writes to the current ``sys.stderr`` (a test runner swaps it), not the one at import."""

    @property
    def stream(self):  # noqa: D102
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


log = logging.getLogger("viz")
if not log.handlers:  # the server's log shows the timings ("lever change computed in … ms")
    _handler = _StderrHandler()
    _handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
TITLE = "India's NdFeB magnet ramp: how expertise gaps slow it"
PLAY_INTERVAL_MS = 50
TABS = ("Ensemble", "Ramp", "Expertise", "Loss chain", "Network", "Milestones", "Export")


@dataclass
class _Initial:
    settings: Settings
    live: LiveRun


def _initial() -> _Initial:
    settings = Settings.from_scenario()
    return _Initial(settings, LiveRun.full(settings))


def _problem_text(exc: Exception) -> str:
    if isinstance(exc, ParameterError | ScenarioError):
        return f"Not applied: {exc}"
    return (
        f"The model could not run with these settings ({type(exc).__name__}: {exc}). "
        "The previous run is still shown."
    )


@solara.component
def MonthStatus(month: int, horizon: int):
    """Where the live run is (drawn by `Dashboard`, so that one Step is one render pass)."""
    state = "whole horizon" if month >= horizon else "stepping"
    with solara.Row(style={"align-items": "baseline"}):
        solara.Text(
            f"Month {month} of {horizon} ({month_label(month)})",
            classes=["month-status", "text-subtitle-1"],
        )
        solara.Text(f"— {state}", classes=["text-caption", "month-state"])


@solara.component
def Dashboard(live: LiveRun, settings: Settings):
    """The tabs of views over the live run (re-rendered on every Step and every lever change)."""
    update_counter.value  # noqa: B018 -- subscribe to Mesa's step signal
    tab = solara.use_reactive(0)
    month = live.month

    def make():
        try:
            reference = reference_result(settings.scenario, settings.seed)
        except Exception:  # noqa: BLE001 -- a broken scenario file must not hide the run
            log.exception("viz: reference run failed")
            reference = None
        return snapshot(live, reference)

    snap = solara.use_memo(make, [live, month, settings])
    MonthStatus(month, live.horizon)
    with solara.lab.Tabs(value=tab, lazy=True):
        solara.lab.Tab(
            "Ensemble", children=[views.EnsembleView(settings)], classes=["tab-ensemble"]
        )
        solara.lab.Tab("Ramp", children=[views.RampView(snap)], classes=["tab-ramp"])
        solara.lab.Tab("Expertise", children=[views.ExpertiseView(snap)], classes=["tab-expertise"])
        solara.lab.Tab("Loss chain", children=[views.LossChainView(snap)], classes=["tab-loss"])
        solara.lab.Tab("Network", children=[views.NetworkView(snap)], classes=["tab-network"])
        solara.lab.Tab(
            "Milestones", children=[views.MilestonesView(snap)], classes=["tab-milestones"]
        )
        solara.lab.Tab("Export", children=[views.ExportView(settings)], classes=["tab-export"])


@solara.component
def Page():
    """One browser session: its own settings, live run (model + twin) and messages."""
    initial = solara.use_memo(_initial, [])
    settings = solara.use_reactive(initial.settings)
    live = solara.use_reactive(initial.live)
    reset_params = solara.use_reactive({"settings": initial.settings})
    play_interval = solara.use_reactive(PLAY_INTERVAL_MS)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    message = solara.use_reactive(None)
    names = solara.use_memo(scenario_names, [])

    def apply(new: Settings) -> None:
        start = time.perf_counter()
        try:
            run = LiveRun.full(new)
            reference_result(new.scenario, new.seed)
        except Exception as exc:  # noqa: BLE001 -- any failure becomes a message, not a crash
            log.warning("viz: settings not applied: %s", exc)
            message.set(_problem_text(exc))
            return
        message.set(None)
        settings.set(new)
        reset_params.set({"settings": new})
        live.set(run)
        log.info("viz: lever change computed in %.0f ms", 1000 * (time.perf_counter() - start))

    def attempt(make) -> None:
        try:
            new = make()
        except (ParameterError, ScenarioError, TypeError, ValueError) as exc:
            message.set(_problem_text(exc))
            return
        apply(new)

    def on_value(name, value) -> None:
        attempt(lambda: settings.value.with_value(name, value))

    def on_scenario(name) -> None:
        attempt(lambda: Settings.from_scenario(name, settings.value.seed))

    def on_seed(seed) -> None:
        attempt(lambda: settings.value.with_seed(seed))

    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Column(gap="0px", classes=["message-area"]):  # always there: the layout
        if message.value:  # below keeps its state (open tab) when a message comes and goes
            solara.Error(message.value, classes=["viz-message"], dense=True)
    with solara.Row(gap="16px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
        with solara.Column(
            gap="4px",
            classes=["controls-panel"],
            style={
                "width": "400px",
                "min-width": "400px",
                "max-height": "calc(100vh - 90px)",
                "overflow-y": "auto",
                "padding-right": "8px",
            },
        ):
            solara.Select(
                "Scenario",
                values=names,
                value=settings.value.scenario,
                on_value=on_scenario,
                classes=["scenario-picker"],
            )
            solara.Text(_describe(settings.value.scenario), classes=["text-caption"])
            solara.InputInt(
                "Seed",
                value=settings.value.seed,
                on_value=on_seed,
                classes=["seed-box"],
                dense=True,
            )
            with solara.Card("Watch month by month", margin=0, classes=["mesa-controls"]):
                ModelController(
                    live,
                    model_parameters=reset_params,
                    play_interval=play_interval,
                    render_interval=render_interval,
                    use_threads=use_threads,
                )
                solara.Text(
                    "Reset, then Play or Step to watch the agents month by month. Moving a "
                    "lever re-runs the whole horizon (run and twin, same seed).",
                    classes=["text-caption"],
                )
                solara.SliderInt(
                    "Play interval (ms)", value=play_interval, min=10, max=1000, step=10
                )
            controls.ParameterPanel(settings.value.params, on_value)
        with solara.Column(
            style={
                "flex": "1 1 auto",
                "min-width": "0",
                "max-height": "calc(100vh - 90px)",
                "overflow-y": "auto",
            }
        ):
            Dashboard(live.value, settings.value)


def _describe(scenario: str) -> str:
    try:
        return str(scenarios.scenario_meta(scenario).get("description", ""))
    except Exception:  # noqa: BLE001 -- a description is optional
        return ""


page = Page
