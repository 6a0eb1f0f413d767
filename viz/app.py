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

from ecosystem import ParameterError, ScenarioError, scenario_meta
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


class Session:
    """One browser session's state: its settings, its live run (model + twin) and a message.

    Built once per session (`use_session`) from Solara's per-session reactive values; its
    methods are the controls' callbacks (stable objects, so controls do not re-render for them).
    """

    def __init__(self, **reactives: solara.Reactive) -> None:
        self.settings: solara.Reactive[Settings] = reactives["settings"]
        self.live: solara.Reactive[LiveRun] = reactives["live"]
        self.reset_params: solara.Reactive[dict] = reactives["reset_params"]
        self.play_interval: solara.Reactive[int] = reactives["play_interval"]
        self.render_interval: solara.Reactive[int] = reactives["render_interval"]
        self.use_threads: solara.Reactive[bool] = reactives["use_threads"]
        self.message: solara.Reactive[str | None] = reactives["message"]

    def apply(self, new: Settings) -> None:
        """Re-run the whole horizon (run and twin) for ``new``; a failure becomes a message."""
        start = time.perf_counter()
        try:
            run = LiveRun.full(new)
            reference_result(new.scenario, new.seed)
        except Exception as exc:  # noqa: BLE001 -- any failure becomes a message, not a crash
            log.warning("viz: settings not applied: %s", exc)
            self.message.set(_problem_text(exc))
            return
        self.message.set(None)
        self.settings.set(new)
        self.reset_params.set({"settings": new})  # what Mesa's Reset rebuilds from
        self.live.set(run)
        log.info("viz: lever change computed in %.0f ms", 1000 * (time.perf_counter() - start))

    def attempt(self, make) -> None:
        """Apply ``make()``, or show why the new settings are not allowed."""
        try:
            new = make()
        except (ParameterError, ScenarioError, TypeError, ValueError) as exc:
            self.message.set(_problem_text(exc))
            return
        self.apply(new)

    def on_value(self, name, value) -> None:
        """A parameter control changed."""
        self.attempt(lambda: self.settings.value.with_value(name, value))

    def on_scenario(self, name) -> None:
        """Another scenario was picked (its own values; the seed stays)."""
        self.attempt(lambda: Settings.from_scenario(name, self.settings.value.seed))

    def on_seed(self, seed) -> None:
        """Another seed was typed."""
        self.attempt(lambda: self.settings.value.with_seed(seed))


def use_session() -> Session:
    """The session of the current browser tab (a hook: call it at the top of `Page`)."""
    initial = solara.use_memo(_initial, [])
    reactives: dict[str, solara.Reactive] = {
        "settings": solara.use_reactive(initial.settings),
        "live": solara.use_reactive(initial.live),
        "reset_params": solara.use_reactive({"settings": initial.settings}),
        "play_interval": solara.use_reactive(PLAY_INTERVAL_MS),
        "render_interval": solara.use_reactive(1),
        "use_threads": solara.use_reactive(False),
        "message": solara.use_reactive(None),
    }
    return solara.use_memo(lambda: Session(**reactives), [])


@solara.component
def ControlsPanel(session: Session, names: list[str]):
    """Scenario, seed, Mesa's Reset / Play / Step, and the parameters."""
    settings = session.settings.value
    solara.Select(
        "Scenario",
        values=names,
        value=settings.scenario,
        on_value=session.on_scenario,
        classes=["scenario-picker"],
    )
    solara.Text(_describe(settings.scenario), classes=["text-caption"])
    solara.InputInt(
        "Seed", value=settings.seed, on_value=session.on_seed, classes=["seed-box"], dense=True
    )
    with solara.Card("Watch month by month", margin=0, classes=["mesa-controls"]):
        ModelController(
            session.live,
            model_parameters=session.reset_params,
            play_interval=session.play_interval,
            render_interval=session.render_interval,
            use_threads=session.use_threads,
        )
        solara.Text(
            "Reset, then Play or Step to watch the agents month by month. Moving a lever "
            "re-runs the whole horizon (run and twin, same seed).",
            classes=["text-caption"],
        )
        solara.SliderInt(
            "Play interval (ms)", value=session.play_interval, min=10, max=1000, step=10
        )
    controls.ParameterPanel(settings.params, session.on_value)


PANEL = {"max-height": "calc(100vh - 90px)", "overflow-y": "auto"}


@solara.component
def Page():
    """One browser session: controls on the left, the views on the right."""
    session = use_session()
    names = solara.use_memo(scenario_names, [])
    solara.Title(TITLE)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Column(gap="0px", classes=["message-area"]):  # always there: the layout
        if session.message.value:  # below keeps its state (open tab) as messages come and go
            solara.Error(session.message.value, classes=["viz-message"], dense=True)
    with solara.Row(gap="16px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
        with solara.Column(
            gap="4px",
            classes=["controls-panel"],
            style={**PANEL, "width": "400px", "min-width": "400px", "padding-right": "8px"},
        ):
            ControlsPanel(session, names)
        with solara.Column(style={**PANEL, "flex": "1 1 auto", "min-width": "0"}):
            Dashboard(session.live.value, session.settings.value)


def _describe(scenario: str) -> str:
    try:
        return str(scenario_meta(scenario).get("description", ""))
    except Exception:  # noqa: BLE001 -- a description is optional
        return ""


page = Page
