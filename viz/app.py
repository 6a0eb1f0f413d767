"""Solara entry point: ``solara run viz/app.py`` (what ``ecosystem app`` and ``make app`` serve).

Each browser session builds its own `LiveRun` (the model and its twin) inside `Page`; nothing
model-like lives at module level. Moving a lever re-runs the whole horizon — run and twin, same
seed — and redraws the views, with the chosen scenario's unchanged run in grey beneath;
Mesa's ``ModelController`` (Reset / Play / Step) steps the same `LiveRun` month by month, and
Reset keeps the chosen values (they are its reset parameters).
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import reacton.ipyvuetify as rv
import solara
import solara.lab
import solara.widgets
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from ecosystem import scenario_meta
from viz import controls, ensemble, shockview, views
from viz.frames import month_label
from viz.remount import use_remount
from viz.session import (
    SPEEDS,
    ControllerHandle,
    Session,
    use_session,
)
from viz.state import (
    LiveRun,
    Settings,
    reference_result,
    scenario_names,
    snapshot,
)

#: Reacton's tree walk that skips unchanged subtrees (opt-in since reacton 1.11, tested by its
#: CI against the default walk): a lever change re-rendered and re-set every widget of the page,
#: 0.16 s of CPU before the run could start and 0.20 s after it; with it 0.04 s and 0.09 s.
#: Set before the first page renders (reacton reads it at each ``render``).
os.environ.setdefault("REACTON_FAST", "1")


#: Solara's router template (solara/widgets/vue/navigator.vue) writes ``modules.export = {``,
#: which the browser cannot evaluate: ipyvue logs "Failed to evaluate Vue script and find
#: module.exports" on every page. The same template with ``module.exports`` (a test checks
#: that it differs from Solara's in that line only).
NAVIGATOR_VUE = Path(__file__).with_name("navigator.vue")
solara.widgets.Navigator.template_file = str(NAVIGATOR_VUE)


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
TABS = ("Ramp", "Ensemble", "Expertise", "Loss chain", "Network", "Milestones", "Shock", "Export")


@solara.component
def MonthStatus(month: int, horizon: int, busy: bool = False):
    """Where the live run is (drawn by `Dashboard`, so that one Step is one render pass)."""
    state = "whole horizon" if month >= horizon else "stepping"
    with solara.Row(style={"align-items": "baseline", "height": "26px"}):
        solara.Text(
            f"Month {month} of {horizon} ({month_label(month)})",
            classes=["month-status", "text-subtitle-1"],
        )
        solara.Text(f"— {state}", classes=["text-caption", "month-state"])
        if busy:
            solara.Text("computing the new settings…", classes=["text-caption", "busy-sign"])


@solara.component
def Dashboard(live: LiveRun, settings: Settings, busy: bool = False, link: str = ""):
    """The tabs of views over the live run (re-rendered on every Step and every lever change)."""
    update_counter.value  # noqa: B018 -- subscribe to Mesa's step signal
    tab = solara.use_reactive(0)
    n_seeds = solara.use_reactive(ensemble.DEFAULT_SEEDS)
    task = views.use_ensemble(settings, n_seeds.value)
    month = live.month

    def make():
        try:
            reference = reference_result(settings.scenario, settings.seed)
        except Exception:  # noqa: BLE001 -- a broken scenario file must not hide the run
            log.exception("viz: reference run failed")
            reference = None
        return snapshot(live, reference)

    snap = solara.use_memo(make, [live, month, settings])
    ens = task.value if task.finished else None
    MonthStatus(month, live.horizon, busy)
    with solara.lab.Tabs(value=tab, lazy=True):
        solara.lab.Tab(
            "Ramp", children=[views.RampView(snap, ens, task.pending)], classes=["tab-ramp"]
        )
        solara.lab.Tab(
            "Ensemble",
            children=[views.EnsembleView(settings, task, n_seeds)],
            classes=["tab-ensemble"],
        )
        solara.lab.Tab("Expertise", children=[views.ExpertiseView(snap)], classes=["tab-expertise"])
        solara.lab.Tab("Loss chain", children=[views.LossChainView(snap)], classes=["tab-loss"])
        solara.lab.Tab("Network", children=[views.NetworkView(snap)], classes=["tab-network"])
        solara.lab.Tab(
            "Milestones", children=[views.MilestonesView(snap)], classes=["tab-milestones"]
        )
        solara.lab.Tab("Shock", children=[shockview.ShockView(snap)], classes=["tab-shock"])
        solara.lab.Tab(
            "Export", children=[views.ExportView(settings, link)], classes=["tab-export"]
        )


@solara.component
def ChangesList(session: Session):
    """The levers changed from the scenario, each with its reset, and Reset all."""
    settings = session.requested.value
    overrides = settings.overrides()
    if not overrides and not session.notice.value:
        return
    base = settings.scenario_params()
    with solara.Card(margin=0, classes=["changes-list"], style={"padding": "4px 8px"}):
        if overrides:
            with solara.Row(style={"align-items": "center"}):
                solara.Text(
                    f"Changes from scenario {settings.scenario} ({len(overrides)})",
                    classes=["text-subtitle-2"],
                )
                solara.Button(
                    "Reset all", text=True, small=True, on_click=session.reset_all,
                    classes=["reset-all"],
                )  # fmt: skip
            for name, value in overrides.items():
                old = controls.format_value(getattr(base, name))
                solara.Text(
                    f"{name}: {old} → {controls.format_value(value)}",
                    classes=["text-caption", "change-item", f"change-{name}"],
                )
        if session.notice.value:
            rv.Html(
                tag="div",
                class_="no-effect-notice",
                style_="font-size: 12px; color: #5C3300",
                children=[session.notice.value],
            )


@solara.component
def LiveController(session: Session):
    """Mesa's Reset / Play / Step over the session's live run (its hold cut on unmount)."""
    handle = solara.use_memo(lambda: ControllerHandle(session), [])
    solara.use_effect(lambda: handle.cut, [])
    ModelController(
        handle,
        model_parameters=session.reset_params,
        play_interval=session.play_interval,
        render_interval=session.render_interval,
        use_threads=session.use_threads,
    )


@solara.component
def ControlsPanel(session: Session, names: list[str], busy: bool):
    """Scenario, seed, Mesa's Reset / Play / Step with a speed, changes, the parameters."""
    settings = session.requested.value
    declined = solara.use_reactive(0)  # switches declined: each one remounts the picker
    Picker = use_remount(declined.value)
    # a new run (a lever change) remounts Mesa's controller: one playing when the lever moved
    # would otherwise stay "playing" at the new run's horizon, ❚❚ and Step disabled until Reset
    Controller = use_remount(session.settings.value)

    def cancel_switch() -> None:
        session.switch_to.set(None)
        declined.set(declined.value + 1)  # the picker shows the scenario still in use

    Picker(
        lambda: solara.Select(
            "Scenario",
            values=names,
            value=settings.scenario,
            on_value=session.on_scenario,
            classes=["scenario-picker"],
        )
    )
    solara.Text(_describe(settings.scenario), classes=["text-caption"])
    if session.switch_to.value:  # asked in place, beside the picker (no modal to lose)
        n = len(settings.overrides())
        with solara.Card(margin=0, classes=["confirm-switch"], style={"padding": "6px 8px"}):
            solara.Text(
                f"Switch to scenario {session.switch_to.value}? This discards your {n} "
                f"change{'s' if n != 1 else ''} from scenario {settings.scenario}: "
                f"{', '.join(settings.overrides())}.",
                classes=["text-body-2"],
            )
            with solara.Row(justify="end"):
                solara.Button("Keep my changes", text=True, on_click=cancel_switch)
                solara.Button(
                    "Switch and discard", color="primary", on_click=session.switch_scenario
                )
    seed_error = session.field_error.value
    with solara.Row(gap="8px", style={"align-items": "center"}):
        solara.Text("Seed", classes=["text-caption"])
        controls.TextBox(settings.seed, session.on_seed, ["seed-box"], width="160px")
        solara.ProgressLinear(busy, classes=["busy-bar"], style={"flex": "1 1 auto"})
    if seed_error is not None and seed_error[0] == "seed":
        rv.Html(
            tag="div", class_="lever-error seed-error", style_=controls.ERROR_STYLE,
            children=[seed_error[1]],
        )  # fmt: skip
    if session.message.value:
        solara.Error(session.message.value, classes=["viz-message"], dense=True)
    with solara.Card("Watch month by month", margin=0, classes=["mesa-controls"]):
        Controller(lambda: LiveController(session))
        solara.Select(
            "Play speed",
            value=session.speed.value,
            values=list(SPEEDS),
            on_value=session.set_speed,
            dense=True,
            classes=["play-speed"],
            style={"margin-top": "12px"},
        )
        solara.Text(
            "Reset, then Play or Step to watch the agents month by month; at high speeds a "
            "frame shows several months. A lever change re-runs the whole horizon.",
            classes=["text-caption"],
        )
    ChangesList(session)
    controls.ParameterPanel(
        settings.params,
        session.on_value,
        session.on_text,
        base=settings.scenario_params(),
        error=seed_error if seed_error is not None and seed_error[0] != "seed" else None,
    )


#: The views stop above Solara's "runs on Solara" badge (bottom right), so it covers nothing.
PANEL = {"max-height": "calc(100vh - 64px - 24px)", "overflow-y": "auto"}
VIEWS = {"max-height": "calc(100vh - 64px - 24px - 40px)", "overflow-y": "auto"}


@solara.component
def Page():
    """One browser session: controls on the left, the views on the right; settings in the URL."""
    router = solara.use_router()
    session, task = use_session(router.search)
    names = solara.use_memo(scenario_names, [])
    settings = session.settings.value
    query = settings.to_query()

    opened = solara.use_memo(lambda: router.search or "", [])  # the link the page opened
    pushed = solara.use_ref({"query": "", "corrected": False})

    def sync_url() -> None:
        # The settings go into the page's URL, so that a link reproduces the view (no router
        # outside the server, e.g. under solara.render in tests). The first push is lost: the
        # browser's router then reports the address the page was opened with. A refused link
        # (``?learning_rate=99``) is therefore corrected once more when it comes back, and only
        # once: a later Back to it must not be pushed forward again (Back could never leave).
        changed, pushed.current["query"] = pushed.current["query"] != query, query
        search = router.search or ""
        if router.set_path is None or search == query:
            return
        if not changed:  # the URL changed, not the settings
            if pushed.current["corrected"] or not session.link_refused or search != opened:
                return
            pushed.current["corrected"] = True
        router.push(f"{router.path}?{query}")

    solara.use_effect(sync_url, [query, router.search])
    solara.Title(TITLE)
    solara.Style(CSS)
    with solara.AppBar():
        solara.AppBarTitle(TITLE)
    with solara.Row(gap="12px", style={"align-items": "flex-start", "flex-wrap": "nowrap"}):
        with solara.Column(
            gap="4px",
            classes=["controls-panel"],
            style={**PANEL, "width": "380px", "min-width": "380px", "padding-right": "6px"},
        ):
            ControlsPanel(session, names, task.pending)
        with solara.Column(
            gap="4px",
            classes=["views-panel"],
            style={**VIEWS, "flex": "1 1 auto", "min-width": "0"},
        ):
            Dashboard(session.live.value, settings, task.pending, f"{router.path}?{query}")


#: Page-wide style: compact tabs and app bar for a 1280x720 laptop screen. A slider's ends
#: give the field's bounds: Vuetify reads a click as (x - track left) / track width, so the
#: last pixel of a full-width track gave max - range/width (49,800 of 50,000 for the SLI pool
#: on a 233 px track) and a click just past the end was lost. The track is 1 px shorter than
#: the slider (its last pixel reads max; thumbs shift by under 1 px) and the slider takes
#: clicks in its 8 px margins, where Vuetify clamps to the bound.
CSS = """
.v-toolbar__title { font-size: 1.1rem; }
.views-panel .v-tabs > .v-tabs-bar { height: 36px; }
.views-panel .v-tab { min-width: 0; padding: 0 12px; letter-spacing: 0; }
.lever-slider .v-slider--horizontal { isolation: isolate; }
.lever-slider .v-slider--horizontal .v-slider__track-container { width: calc(100% - 1px); }
.lever-slider .v-slider--horizontal::after {
  content: ""; position: absolute; z-index: -1; top: 0; bottom: 0; left: -8px; right: -8px;
}
"""


def _describe(scenario: str) -> str:
    try:
        return str(scenario_meta(scenario).get("description", ""))
    except Exception:  # noqa: BLE001 -- a description is optional
        return ""


page = Page
