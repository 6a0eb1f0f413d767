"""Every view, the controls and the exports rendered without a browser (``solara.render``)."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator

import ipyvuetify as v
import ipywidgets
import pytest
import solara
import solara.widgets
from solara.components.file_download import FileDownloadWidget

from ecosystem import Params
from viz import app, controls, ensemble, views
from viz.state import LiveRun, Settings, reference_result, snapshot

# ---------------------------------------------------------------------------------- helpers


def walk(widget) -> Iterator[ipywidgets.Widget]:
    """Every widget below (and including) ``widget``: children, slots and widget traits."""
    seen: set[int] = set()
    stack = deque([widget])
    while stack:
        w = stack.popleft()
        if isinstance(w, list | tuple):
            stack.extend(w)
            continue
        if isinstance(w, dict):
            stack.extend(w.values())
            continue
        if not isinstance(w, ipywidgets.Widget) or id(w) in seen:
            continue
        seen.add(id(w))
        yield w
        for name in w.keys:
            if name.startswith("_") and name != "_events":
                continue
            value = getattr(w, name, None)
            if isinstance(value, ipywidgets.Widget | list | tuple | dict):
                stack.append(value)


def with_class(root, name: str) -> list:
    return [w for w in walk(root) if name in (getattr(w, "class_", None) or "").split()]


def texts(root) -> str:
    out = []
    for w in walk(root):
        for child in getattr(w, "children", None) or []:
            if isinstance(child, str):
                out.append(child)
        for attr in ("label", "v_model"):
            value = getattr(w, attr, None)
            if isinstance(value, str):
                out.append(value)
    return " | ".join(out)


def specs(root) -> list[dict]:
    return [w.spec for w in walk(root) if isinstance(w, solara.widgets.VegaLite)]


def wait_until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)  # polling a background thread's result, not waiting for a UI


@pytest.fixture(scope="module")
def snap():
    settings = Settings.from_scenario("baseline", seed=2).with_value("learning_rate", 0.3)
    return snapshot(LiveRun.full(settings), reference_result("baseline", 2))


@pytest.fixture(scope="module")
def mid_snap():
    run = LiveRun(Settings.from_scenario("baseline", seed=2))
    for _ in range(40):
        run.step()
    return snapshot(run, reference_result("baseline", 2))


def render(element):
    box, rc = solara.render(element, handle_error=False)
    return box, rc


# ---------------------------------------------------------------------------------- views


@pytest.mark.parametrize(
    "view, name, title",
    [
        (views.RampView, "ramp", "The ramp"),
        (views.ExpertiseView, "expertise", "Expertise gap and workforce skill per firm"),
        (views.LossChainView, "loss-chain", "The loss chain"),
        (views.LossChainView, "binding", "Each firm's binding constraint now"),
        (views.NetworkView, "network", "Knowledge network"),
        (views.MilestonesView, "milestones", "Firm milestones"),
    ],
)
def test_every_view_renders_its_chart_caption_and_downloads(snap, view, name, title):
    box, rc = render(view(snap))
    card = with_class(box, f"chart-{name}")
    assert len(card) == 1
    titles = [s["title"]["text"] for s in specs(card[0])]
    assert titles and titles[0].startswith(title)
    caption = with_class(card[0], f"caption-{name}")
    assert caption and caption[0].children[0].strip()
    files = {w.filename for w in walk(card[0]) if isinstance(w, FileDownloadWidget)}
    assert files == {f"{name}.csv", f"{name}.png", f"{name}.svg"}


def test_views_render_a_run_part_way_through(mid_snap):
    box, _ = render(views.RampView(mid_snap))
    text = texts(box)
    assert "so far" in text and "Month 40 of 120" in repr(specs(box))
    for view in (views.ExpertiseView, views.LossChainView, views.NetworkView, views.MilestonesView):
        box, _ = render(view(mid_snap))
        assert specs(box)


def test_ramp_shows_twin_gap_and_grey_reference(snap):
    box, _ = render(views.RampView(snap))
    spec = repr(specs(box)[0])
    assert "Production, twin without expertise gap" in spec
    assert "Production, scenario unchanged (reference)" in spec
    assert "t lost to the expertise gap" in spec
    assert "Installed capacity, twin" in spec  # the twin's capacity is drawn
    assert with_class(box, "gap-definition") and "Twin" in texts(
        with_class(box, "gap-definition")[0]
    )
    caption = with_class(box, "caption-ramp")[0].children[0]
    ref = snap.reference.summary["production_target_t"]
    assert f"Grey: scenario baseline unchanged, {ref:,.0f} t" in caption


def test_key_figures_show_every_headline(snap):
    box, _ = render(views.KeyFigures(snap))
    for name in ("output", "reached", "gap-lost", "imports", "subsidy", "gap", "paid"):
        assert with_class(box, f"kf-{name}"), name
    value = with_class(box, "kf-output")[0]
    assert f"{snap.result.summary['production_target_t']:,.0f} t" in texts(value)
    assert "of ₹7,200 cr" in with_class(box, "kf-paid")[0].attributes["title"]
    first = with_class(box, "key-figure")[0]
    assert "kf-gap-lost" in first.class_  # the answer comes first


def test_key_figures_before_the_target_month_say_so_far_not_the_target_year(snap, mid_snap):
    assert mid_snap.month == 40 < mid_snap.settings.target_month
    box, _ = render(views.KeyFigures(mid_snap))
    shown = {
        name: texts(with_class(box, f"kf-{name}")[0])
        + " | "
        + with_class(box, f"kf-{name}")[0].attributes["title"]
        for name in ("output", "gap-lost", "imports", "subsidy", "gap", "paid", "reached")
    }
    for name, words in shown.items():  # no figure claims the target year's value
        assert "target year" not in words and "target month" not in words, (name, words)
    assert "Output so far, month 40" in shown["output"]
    for name in ("gap-lost", "imports", "subsidy", "gap"):
        assert "so far" in shown[name] and "month 40" in shown[name], (name, shown[name])
    # at the target month and after, the same figures are the target year's
    box, _ = render(views.KeyFigures(snap))
    assert "Output in the target year" in texts(with_class(box, "kf-output")[0])
    assert "target year" in with_class(box, "kf-imports")[0].attributes["title"]


def test_a_missing_key_figure_reads_n_a_without_its_unit(snap):
    import dataclasses

    missing = ("subsidy_inr_per_kg", "expertise_gap_target", "shortfall_due_to_gap_t")
    summary = {**snap.result.summary, **dict.fromkeys(missing)}  # e.g. no beneficiary output
    empty = dataclasses.replace(snap, result=dataclasses.replace(snap.result, summary=summary))
    box, _ = render(views.KeyFigures(empty))
    for name in ("subsidy", "gap", "gap-lost"):
        value = with_class(with_class(box, f"kf-{name}")[0], "kf-value")[0].children[0]
        assert value == "n/a", (name, value)
    assert "—" not in texts(box)


def test_a_run_beating_its_twin_is_said_so_not_shown_as_negative_loss(snap):
    import dataclasses

    summary = {**snap.result.summary, "shortfall_due_to_gap_t": -292.0}
    result = dataclasses.replace(snap.result, summary=summary)
    beaten = dataclasses.replace(snap, result=result)
    box, _ = render(views.RampView(beaten))
    text = texts(box)
    assert "The run exceeds the twin by 292 t" in text
    assert "-292" not in text and "−292" not in text
    assert "Run exceeds twin by" in text and "292 t" in text
    spec = repr(specs(box)[0])
    assert "The run exceeds its twin by 292 t" in spec and "lost to the expertise gap" not in spec


def test_chart_downloads_deliver_csv_and_images(snap):
    box, _ = render(views.RampView(snap))
    downloads = {w.filename: w for w in walk(box) if isinstance(w, FileDownloadWidget)}
    for filename, magic in (
        ("ramp.csv", b"month,date"),
        ("ramp.png", b"\x89PNG"),
        ("ramp.svg", b"<svg"),
    ):
        widget = downloads[filename]
        widget.request_download = True
        wait_until(lambda w=widget: w.bytes)
        assert widget.bytes.lstrip().startswith(magic), filename


def test_export_view_shows_file_and_command(snap):
    box, _ = render(views.ExportView(snap.settings))
    toml = with_class(box, "export-toml")[0].children[0]
    assert "learning_rate = 0.3" in toml and "seed = 2" in toml and "model_version" in toml
    command = with_class(box, "export-command")[0].children[0]
    assert command == "ecosystem run baseline --seed 2 --set learning_rate=0.3 --twin"
    files = [w.filename for w in walk(box) if isinstance(w, FileDownloadWidget)]
    assert files == ["baseline-custom-seed2.toml"]


@solara.component
def _EnsembleHost(settings: Settings):
    n = solara.use_reactive(ensemble.DEFAULT_SEEDS)
    task = views.use_ensemble(settings, n.value)
    views.EnsembleView(settings, task, n)


def test_ensemble_view_runs_seeds_and_says_it_is_not_a_forecast():
    settings = Settings.from_scenario("baseline", seed=4)
    box, rc = render(_EnsembleHost(settings))
    assert "model, not a forecast" in texts(box)
    n_box = with_class(box, "ensemble-n")[0]
    n_box.v_model = "3"  # fewer seeds keep the test short
    n_box.fire_event("focusout", None)
    wait_until(lambda: ensemble.cached(settings.params, 4, 3) is not None)
    wait_until(lambda: bool(with_class(box, "chart-ensemble")))
    card = with_class(box, "chart-ensemble")[0]
    assert "3 seeds" in texts(card)
    spec = repr(specs(card)[0])
    assert "Twin without expertise gap" in spec and "Current settings" in spec
    rc.close()


# ---------------------------------------------------------------------------------- controls


class _HeldPool:
    """A stand-in for the ensemble's process pool: members are queued and never run."""

    def __init__(self) -> None:
        self.submitted: list = []
        self.closed = False

    def submit(self, fn, *args):
        import concurrent.futures as cf

        if self.closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        fut: cf.Future = cf.Future()
        self.submitted.append(fut)
        return fut

    def release(self) -> None:
        """Unblock any job still waiting (so a failing test leaves no thread behind)."""
        self.closed = True
        for fut in self.submitted:
            fut.cancel()


def test_an_ensemble_stops_when_its_settings_change_or_its_component_unmounts(monkeypatch):
    import threading

    pool = _HeldPool()
    monkeypatch.setattr(ensemble, "_executor", lambda: pool)
    monkeypatch.setattr(ensemble, "WORKERS", 2)
    ended: list[object] = []
    two_ended = threading.Event()
    real = ensemble.run_ensemble

    def spy(*args, **kwargs):
        try:
            return real(*args, **kwargs)
        finally:
            ended.append(None)
            if len(ended) == 2:
                two_ended.set()

    monkeypatch.setattr(ensemble, "run_ensemble", spy)
    seed = solara.reactive(424242)  # never run before: no cached ensemble

    @solara.component
    def Holder():
        views.use_ensemble(Settings.from_scenario("baseline", seed.value), 5)

    box, rc = render(Holder())
    try:
        wait_until(lambda: len(pool.submitted) == 2)  # two members in flight, three queued
        first = list(pool.submitted)
        seed.set(424243)  # the settings change: the old job stops, the new one starts
        wait_until(lambda: len(pool.submitted) == 4)
        assert all(f.cancelled() for f in first)
        rc.close()  # the tab or session is closed
        assert two_ended.wait(timeout=60)  # both jobs returned (none still waits on members)
        assert len(pool.submitted) == 4  # nothing submitted after the unmount
        assert all(f.cancelled() for f in pool.submitted)
    finally:
        pool.release()


def test_tooltips_show_unit_range_source_and_assumption():
    specs_ = Params.fields()
    sourced = controls.tooltip_text(specs_["sli_ceiling_inr_per_kg"])
    assert (
        "Unit: ₹/kg" in sourced
        and "Range: 0-10000" in sourced
        and "evidence 1.10: SLI ceiling" in sourced
    )
    assumed = controls.tooltip_text(specs_["rnd_skilling_pool_cr"])
    assert "assumption" in assumed and controls.ASSUMPTION_MARK in assumed
    assert controls.caption(specs_["rnd_skilling_pool_cr"]).endswith(controls.ASSUMPTION_MARK)
    box, _ = render(controls.ParamControl(specs_["learning_rate"], 0.2, lambda n, x: None))
    tips = [w for w in walk(box) if isinstance(w, v.Tooltip)]
    assert tips and "Nagy" in texts(tips[0])


def test_every_main_lever_exists_and_is_rendered_by_group():
    fields = Params.fields()
    assert set(controls.MAIN_LEVERS) <= set(fields)
    assert set(controls.MAIN_LEVERS) | set(controls.other_parameters()) == set(fields)
    box, _ = render(controls.ParameterPanel(Params(), lambda n, x: None))
    for name in controls.MAIN_LEVERS:
        assert with_class(box, f"lever-{name}"), name
    assert not with_class(box, "lever-hurdle_rate")  # collapsed groups render nothing
    group_titles = texts(box)
    for group in {fields[n].group for n in controls.MAIN_LEVERS}:
        assert group.capitalize() in group_titles


def test_slider_steps_land_on_defaults_and_controls_report_values():
    for spec in Params.fields().values():
        if spec.type in (int, float) and spec.choices is None:
            step = controls.slider_step(spec, spec.default)
            assert (spec.high - spec.low) / step <= 4000, spec.name
            assert abs(spec.default / step - round(spec.default / step)) < 1e-6, spec.name
    seen = []
    spec = Params.fields()["learning_rate"]
    box, _ = render(controls.ParamControl(spec, 0.2, lambda n, x: seen.append((n, x))))
    slider = [w for w in walk(box) if isinstance(w, v.Slider)][0]
    slider.fire_event("change", 0.35)
    assert seen == [("learning_rate", 0.35)]
    switch_seen = []
    box, _ = render(
        controls.ParamControl(
            Params.fields()["china_shock"], False, lambda n, x: switch_seen.append((n, x))
        )
    )
    [w for w in walk(box) if isinstance(w, v.Switch)][0].v_model = True
    assert switch_seen == [("china_shock", True)]


# ---------------------------------------------------------------------------------- the page


@pytest.fixture
def app_page():
    box, rc = render(app.Page())
    yield box, rc
    rc.close()


def _caption(box) -> str:
    return with_class(box, "caption-ramp")[0].children[0]


def _applied(box, predicate) -> None:
    """Wait until the background computation of a change has been shown (or refused)."""
    wait_until(lambda: predicate())


def _month(box) -> str:
    return with_class(box, "month-status")[0].children[0]


def _buttons(box, label) -> list:
    return [w for w in walk(box) if isinstance(w, v.Btn) and label in texts(w)]


def _button(box, label):
    return _buttons(box, label)[0]


def test_page_opens_on_the_answer_with_the_whole_horizon(app_page):
    box, _ = app_page
    assert _month(box).startswith("Month 120 of 120")
    tabs = [w for w in walk(box) if isinstance(w, v.Tab)]
    assert [t.children[0] for t in tabs] == list(app.TABS)
    assert app.TABS[0] == "Ramp"
    assert with_class(box, "chart-ramp") and with_class(box, "gap-definition")
    assert with_class(box, "kf-gap-lost") and with_class(box, "forecast-slot")
    # the forecast over the priors leads: before the definitions, key figures and the one run
    classes = [getattr(w, "class_", "") or "" for w in walk(box)]
    first = {
        name: next(i for i, c in enumerate(classes) if name in c.split())
        for name in ("forecast-slot", "gap-definition", "kf-gap-lost", "chart-ramp")
    }
    assert first["forecast-slot"] < min(
        first["gap-definition"], first["kf-gap-lost"], first["chart-ramp"]
    )
    assert with_class(box, "scenario-picker") and with_class(box, "seed-box")
    # the seed ensemble runs in the background and lays its band over the ramp
    wait_until(lambda: "Band: 90% of 30 seeds" in texts(with_class(box, "ramp-band-status")[0]))
    assert "band-" in repr(specs(with_class(box, "chart-ramp")[0])[0]["datasets"].keys())


def test_a_refused_link_is_replaced_in_the_url_by_the_settings_in_force():
    from solara.routing import Router, router_context

    paths: list[str] = []
    setters = []

    @solara.component
    def Routed():  # a router like the browser's: the address is state the page can push
        path, set_path = solara.use_state("/?learning_rate=99")
        setters.append(set_path)
        paths.append(path)
        router_context.provide(Router(path, [], set_path))
        app.Page()

    box, rc = render(Routed())
    try:
        assert "The link's settings were not applied" in texts(with_class(box, "viz-message")[0])
        in_force = "/?scenario=baseline&seed=0"
        assert paths[-1] == in_force
        # the browser's router then reports the address the page was opened with (what it
        # does when it starts): the page puts the settings in force back
        setters[-1]("/?learning_rate=99")
        assert paths[-1] == in_force
        # a later Back to the refused link is not pushed forward again (Back can leave)
        setters[-1]("/?learning_rate=99")
        assert paths[-1] == "/?learning_rate=99"
        setters[-1]("/")  # nor is Back to any other address
        assert paths[-1] == "/"
    finally:
        rc.close()


def test_page_lever_change_reruns_the_whole_horizon_and_lists_the_change(app_page):
    box, _ = app_page
    caption = _caption(box)
    before = with_class(box, "lever-learning_rate")
    slider = [w for w in walk(before[0]) if isinstance(w, v.Slider)][0]
    slider.fire_event("change", 0.45)
    _applied(box, lambda: _caption(box) != caption)
    assert _month(box).startswith("Month 120 of 120")
    lever = with_class(box, "lever-learning_rate")[0]
    box_input = [w for w in walk(lever) if isinstance(w, v.TextField)][0]
    assert float(box_input.v_model) == 0.45
    assert "lever-changed" in lever.class_.split() and with_class(lever, "lever-reset")
    assert "learning_rate: 0.2 → 0.45" in texts(with_class(box, "changes-list")[0])
    assert not with_class(box, "viz-message")
    after = _caption(box)
    assert "12 months to Dec 2032" in after
    expected = LiveRun.full(Settings().with_value("learning_rate", 0.45)).result()
    assert f"Output {expected.summary['production_target_t']:,.0f} t" in after
    _button(with_class(box, "lever-learning_rate")[0], "reset").click()
    _applied(box, lambda: _caption(box) == caption)
    assert not with_class(box, "changes-list") and not with_class(box, "lever-changed")


def test_page_refused_value_is_said_next_to_its_control_and_the_box_restored(app_page):
    box, _ = app_page
    caption = _caption(box)
    slider = [
        w for w in walk(with_class(box, "lever-n_beneficiaries")[0]) if isinstance(w, v.Slider)
    ][0]
    slider.fire_event("change", 1000)
    wait_until(lambda: bool(with_class(box, "lever-error")))
    message = with_class(with_class(box, "lever-n_beneficiaries")[0], "lever-error")
    assert message and "n_beneficiaries=1000 must not exceed n_firms" in texts(message[0])
    lever = with_class(box, "lever-learning_rate")[0]
    field = [w for w in walk(lever) if isinstance(w, v.TextField)][0]
    field.v_model = "abc"
    field.fire_event("keyup.enter", None)
    wait_until(lambda: bool(with_class(with_class(box, "lever-learning_rate")[0], "lever-error")))
    lever = with_class(box, "lever-learning_rate")[0]
    error = with_class(lever, "lever-error")[0].children[0]
    from ecosystem.cli import parse_value

    with pytest.raises(Exception) as cli:  # the command line's words for the same text
        parse_value(Params.fields()["learning_rate"], "abc")
    assert error == str(cli.value)
    assert [w for w in walk(lever) if isinstance(w, v.TextField)][0].v_model == "0.2"
    assert not with_class(box, "viz-message")  # no banner above the views
    for text, words in (("", "seed=''"), ("abc", "seed='abc'"), ("1.5", "seed='1.5'"),
                        ("-4", "seed='-4'")):  # fmt: skip
        seed = [w for w in walk(with_class(box, "seed-box")[0]) if isinstance(w, v.TextField)]
        field = seed[0] if seed else with_class(box, "seed-box")[0]
        field.v_model = text
        field.fire_event("keyup.enter", None)
        wait_until(
            lambda w=words: (
                bool(with_class(box, "seed-error")) and w in texts(with_class(box, "seed-error")[0])
            )
        )
        wait_until(lambda f=field: f.v_model == "0")  # the box shows the seed in use
    assert _caption(box) == caption and _month(box).startswith("Month 120 of 120")


def test_page_reset_step_keeps_chosen_values(app_page):
    box, _ = app_page
    caption = _caption(box)
    slider = [
        w for w in walk(with_class(box, "lever-learning_rate")[0]) if isinstance(w, v.Slider)
    ][0]
    slider.fire_event("change", 0.4)
    _applied(box, lambda: _caption(box) != caption)
    _button(box, "Reset").click()
    wait_until(lambda: _month(box).startswith("Month 0 of 120"))
    _button(box, "Step").click()
    _button(box, "Step").click()
    # the month status renders from a background update: wait for it, never a fixed time
    wait_until(lambda: _month(box).startswith("Month 2 of 120"))
    box_input = [
        w for w in walk(with_class(box, "lever-learning_rate")[0]) if isinstance(w, v.TextField)
    ][0]
    assert float(box_input.v_model) == 0.4


def test_use_remount_gives_fresh_state_when_its_key_changes():
    from viz.remount import use_remount

    key = solara.reactive(0)
    other = solara.reactive(0)
    seen: list[int] = []

    @solara.component
    def Counter():
        count = solara.use_reactive(0)
        seen.append(count.value)
        solara.Button("more", on_click=lambda: count.set(count.value + 1))

    @solara.component
    def Holder():
        other.value  # noqa: B018 -- a re-render with the same key keeps the state
        Fresh = use_remount(key.value)
        Fresh(lambda: Counter())

    box, rc = render(Holder())
    _button(box, "more").click()
    _button(box, "more").click()
    other.set(1)
    assert seen[-1] == 2
    key.set(1)  # a new key: the counter starts again
    assert seen[-1] == 0
    _button(box, "more").click()
    key.set(2)
    assert seen[-1] == 0
    rc.close()


def test_page_lever_change_while_playing_leaves_play_and_step_usable(app_page):
    box, _ = app_page
    caption = _caption(box)
    _button(box, "Reset").click()
    wait_until(lambda: _month(box).startswith("Month 0 of 120"))
    _button(box, "▶").click()
    wait_until(lambda: bool(_buttons(box, "❚❚")))  # playing
    slider = [
        w for w in walk(with_class(box, "lever-learning_rate")[0]) if isinstance(w, v.Slider)
    ][0]
    slider.fire_event("change", 0.4)  # a lever change re-runs the whole horizon
    _applied(box, lambda: _caption(box) != caption and _month(box).startswith("Month 120"))
    # the controller is idle again (▶, not a disabled ❚❚), and Reset then Step work
    wait_until(lambda: bool(_buttons(box, "▶")) and not _buttons(box, "❚❚"))
    _button(box, "Reset").click()
    wait_until(lambda: _month(box).startswith("Month 0 of 120"))
    step = _button(box, "Step")
    assert not step.disabled and not _button(box, "▶").disabled
    step.click()
    wait_until(lambda: _month(box).startswith("Month 1 of 120"))


def test_a_remounted_controller_lets_go_of_the_live_run(monkeypatch):
    handles: list = []

    class Recorded(app.ControllerHandle):
        def __init__(self, session) -> None:
            super().__init__(session)
            handles.append(self)

    monkeypatch.setattr(app, "ControllerHandle", Recorded)
    box, rc = render(app.Page())
    try:
        caption = _caption(box)
        slider = [
            w for w in walk(with_class(box, "lever-learning_rate")[0]) if isinstance(w, v.Slider)
        ][0]
        slider.fire_event("change", 0.4)  # a new run: the controller is mounted anew
        _applied(box, lambda: _caption(box) != caption and len(handles) == 2)
        old, new = handles
        shown = new.value
        assert shown.month == 120 and old.value is not shown
        # a play loop of the old controller, waking for one more step, steps nothing
        assert old.value.running is False
        old.value.step()
        old.value = LiveRun(Settings())  # nor can a late Reset of the old one replace the run
        assert new.value is shown and shown.month == 120
    finally:
        rc.close()


def _bare_session(settings: Settings) -> app.Session:
    """A session outside any page (no render context): its values are plain reactives."""
    names = ("settings", "requested", "live", "reset_params", "play_interval", "render_interval",
             "use_threads", "message", "field_error", "notice", "switch_to", "speed")  # fmt: skip
    session = app.Session(**{name: solara.reactive(None) for name in names})
    session.settings.set(settings)
    session.requested.set(settings)
    session.live.set(LiveRun.full(settings))
    session.reset_params.set({"settings": settings})
    return session


def test_a_reset_clicked_before_a_change_is_shown_resets_the_changed_run():
    old = Settings()
    new = old.with_value("learning_rate", 0.31)
    session = _bare_session(old)
    handle = app.ControllerHandle(session)
    assert session.attempt(lambda: new)  # typed: the run is being computed
    handle.value = LiveRun(old)  # Mesa's Reset, built from the settings still in force
    assert session.live.value.month == 0
    session.compute(new, lambda: False)  # the change's run arrives: it is shown reset
    shown = session.live.value
    assert session.settings.value == new and shown.settings == new and shown.month == 0
    shown.step()
    assert shown.month == 1
    # with no change pending, Reset is what it was; one built from replaced settings is redone
    handle.value = LiveRun(old)
    assert session.live.value.settings == new and session.live.value.month == 0
    newer = new.with_value("learning_rate", 0.32)
    assert session.attempt(lambda: newer)
    session.compute(newer, lambda: False)  # no Reset asked since: the whole horizon is shown
    assert session.live.value.settings == newer and session.live.value.month == 120


def test_page_scenario_switch_asks_before_discarding_changes(app_page):
    box, _ = app_page
    caption = _caption(box)
    slider = [
        w for w in walk(with_class(box, "lever-learning_rate")[0]) if isinstance(w, v.Slider)
    ][0]
    slider.fire_event("change", 0.4)
    _applied(box, lambda: _caption(box) != caption)
    with_class(box, "scenario-picker")[0].v_model = "no_scheme"
    # renders may run on a background task's thread: wait for the question to be drawn
    wait_until(lambda: bool(with_class(box, "confirm-switch")))
    assert "discards your 1 change" in texts(with_class(box, "confirm-switch")[0])
    _button(box, "Keep my changes").click()
    wait_until(lambda: not with_class(box, "confirm-switch"))
    # the picker shows the scenario still in use again, not the one refused
    wait_until(lambda: with_class(box, "scenario-picker")[0].v_model == "baseline")
    assert "learning_rate" in texts(with_class(box, "changes-list")[0])
    with_class(box, "scenario-picker")[0].v_model = "china_shock"
    wait_until(lambda: bool(with_class(box, "confirm-switch")))
    _button(with_class(box, "confirm-switch")[0], "Switch and discard").click()
    ref = reference_result("china_shock", 0).summary["production_target_t"]
    _applied(box, lambda: f"Grey: scenario china_shock unchanged, {ref:,.0f} t" in _caption(box))
    switch = [w for w in walk(with_class(box, "lever-china_shock")[0]) if isinstance(w, v.Switch)]
    assert switch[0].v_model is True
    assert not with_class(box, "changes-list")


def test_page_change_that_alters_nothing_says_so(app_page):
    box, _ = app_page
    slider = [
        w for w in walk(with_class(box, "lever-shock_severity")[0]) if isinstance(w, v.Slider)
    ][0]
    slider.fire_event("change", 0.9)  # the baseline has no China shock: severity acts on nothing
    wait_until(lambda: bool(with_class(box, "no-effect-notice")))
    assert "shock_severity altered nothing" in texts(with_class(box, "no-effect-notice")[0])


def test_page_seed_box_reruns_with_the_new_seed(app_page):
    box, _ = app_page
    caption = _caption(box)
    seed = [w for w in walk(with_class(box, "seed-box")[0]) if isinstance(w, v.TextField)]
    field = seed[0] if seed else with_class(box, "seed-box")[0]
    field.v_model = "7"
    field.fire_event("keyup.enter", None)
    _applied(box, lambda: _caption(box) != caption)
    expected = LiveRun.full(Settings.from_scenario("baseline", 7)).result()
    assert f"Output {expected.summary['production_target_t']:,.0f} t" in _caption(box)


def test_a_newer_request_cancels_the_older_one():
    first = Settings().with_value("learning_rate", 0.3)
    steps = []

    def cancelled() -> bool:
        steps.append(1)
        return len(steps) > 5  # a newer request arrives after five months

    assert LiveRun(first).run(cancelled=cancelled) is None
    assert len(steps) == 6


def test_page_text_typed_while_a_run_finishes_is_kept_and_applied(app_page):
    box, _ = app_page
    seed = [w for w in walk(with_class(box, "seed-box")[0]) if isinstance(w, v.TextField)][0]
    seed.v_model = "3"
    seed.fire_event("keyup.enter", None)
    lever = with_class(box, "lever-partner_willingness_korea")[0]
    field = [w for w in walk(lever) if isinstance(w, v.TextField)][0]
    field.v_model = "0.9"  # typed while the seed's run is computed, Enter not yet pressed
    seed_only = LiveRun.full(Settings.from_scenario("baseline", 3)).result()
    shown = f"Output {seed_only.summary['production_target_t']:,.0f} t"
    _applied(box, lambda: shown in _caption(box))  # the seed's run is shown: a re-render
    assert field.v_model == "0.9"
    field.fire_event("keyup.enter", None)
    chosen = Settings.from_scenario("baseline", 3).with_value("partner_willingness_korea", 0.9)
    expected = LiveRun.full(chosen).result().summary["production_target_t"]
    _applied(box, lambda: f"Output {expected:,.0f} t" in _caption(box))
    assert field.v_model == "0.9"
    assert "partner_willingness_korea: 0.5 → 0.9" in texts(with_class(box, "changes-list")[0])


# ---------------------------------------------------------------------------------- Q2 and Q4


def test_gap_is_said_conditional_on_the_oxide_each_run_could_get(snap):
    import dataclasses

    from viz import captions

    box, _ = render(views.RampView(snap))
    text = texts(with_class(box, "gap-condition")[0])
    assert snap.result.summary["oxide_shortfall_target_t"] == 0  # the defaults: oxide is free
    assert "got all the NdPr oxide they wanted" in text and "controls_cover_ndpr" in text
    assert "got all" in with_class(box, "kf-gap-lost")[0].attributes["title"]
    # when oxide binds, the caption says how much each could not get instead
    short = {**snap.result.summary, "oxide_shortfall_target_t": 412.4}
    twin = dataclasses.replace(
        snap.result.twin, summary={**snap.result.twin.summary, "oxide_shortfall_target_t": 1250.0}
    )
    result = dataclasses.replace(snap.result, summary=short, twin=twin)
    words = captions.gap_condition(dataclasses.replace(snap, result=result))
    assert "the run could not get 412 t" in words and "the twin 1,250 t" in words
    assert "all the NdPr oxide" not in words
    early = dataclasses.replace(snap, month=snap.settings.target_month - 1)
    assert captions.gap_condition(early) == ""  # no gap before the target year


@pytest.fixture(scope="module")
def shock_snap():
    settings = Settings.from_scenario("china_shock", seed=1)
    return snapshot(LiveRun.full(settings), reference_result("china_shock", 1))


def test_shock_tab_shows_q4_outputs_with_units_and_their_months(shock_snap):
    from viz import shockview

    box, _ = render(shockview.ShockView(shock_snap))
    summary = shock_snap.result.summary
    table = with_class(box, "shock-outputs")[0]
    during = texts(with_class(table, "shock-shock_unmet_during_t")[0])
    assert f"{summary['shock_unmet_during_t']:,.0f} t" in during
    cover = texts(with_class(table, "shock-buyer_cover_at_shock_months")[0])
    assert f"{summary['buyer_cover_at_shock_months']:,.1f} months" in cover
    change = texts(with_class(table, "shock-shock_domestic_output_change")[0])
    assert f"{summary['shock_domestic_output_change']:+.0%}" in change
    rows = [w for w in walk(table) if "shock-shock_" in (getattr(w, "class_", "") or "")]
    assert len(rows) + 2 == len(shockview.SHOCK_OUTPUTS)  # two rows are named without "shock_"
    unmet = repr(specs(with_class(box, "chart-shock-unmet")[0])[0])
    assert "Unmet demand" in unmet and "the export controls last" in unmet
    assert "Buyers' own cover" in repr(specs(with_class(box, "chart-shock-cover")[0])[0])
    frame = shockview.shock_frame(shock_snap.result, shockview.UNMET_SERIES)
    unmet_t = frame.loc[frame["series"] == "Unmet demand", "value"].sum() / 12
    assert unmet_t >= summary["shock_unmet_during_t"]  # the window is part of the whole run


def test_shock_tab_without_a_shock_says_how_to_get_one(snap):
    from viz import shockview

    box, _ = render(shockview.ShockView(snap))
    assert "No export-control shock" in texts(box) and not specs(box)


# ---------------------------------------------------------------------------------- forecast

FORECAST = {
    "design": "Sobol points over the priors",
    "n_points": 200,
    "n_seeds_per_point": 5,
    "n_runs": 1000,
    "production_target_t": {
        "q05": 0.0, "median": 1830.0, "q95": 5210.0, "median_lo": 1700.0, "median_hi": 1990.0
    },
    "thresholds": [
        {"t": 1500, "p": 0.56, "lo": 0.52, "hi": 0.6, "month_median": 70},
        {"t": 3000, "p": 0.31, "lo": 0.28, "hi": 0.35, "month_median": 88},
        {"t": 4500, "p": 0.12, "lo": 0.1, "hi": 0.14, "month_median": None},
        {"t": 6000, "p": 0.05, "lo": 0.03, "hi": 0.07, "month_median": None},
    ],
    "share_zero_output": 0.27,
    "share_target_met": 0.05,
    "note": "Over the priors of every uncertain parameter.",
}  # fmt: skip


def _forecast_slot(tmp_path, monkeypatch, data: dict) -> str:
    import json

    path = tmp_path / "forecast.json"
    path.write_text(json.dumps(data))
    monkeypatch.setenv("VIZ_FORECAST_FILE", str(path))
    box, _ = render(views.ForecastSlot())
    return texts(box), box


def test_forecast_slot_shows_thresholds_when_the_model_is_unchanged(tmp_path, monkeypatch):
    import subprocess

    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    text, box = _forecast_slot(tmp_path, monkeypatch, {**FORECAST, "git_commit": head})
    assert with_class(box, "forecast-current")
    assert "1,000 runs; 200 parameter points × 5 seeds" in text
    assert "median 1,830 t (median's interval 1,700-1,990 t; 90% of runs 0-5,210 t)" in text
    assert "5% of runs meet 6,000 t; 27% of runs make none. The run below is one draw" in text
    lines = [w.children[0] for w in with_class(box, "forecast-threshold")]
    assert lines[0] == "≥ 1,500 t/yr: 56% of runs (52%-60%)"
    assert lines[3] == "≥ 6,000 t/yr: 5% of runs (3%-7%)"
    note = texts(with_class(box, "forecast-note")[0])
    assert "the runs that reach a threshold within the horizon do so (median month): " in note
    assert "1,500 t by Oct 2031" in note and "6,000 t by" not in note
    assert "Over the priors of every uncertain parameter." in note
    # a tolerant reader: a broken field is skipped, the rest still shown
    broken = {**FORECAST, "git_commit": head, "thresholds": [{"t": "x"}, {"t": 1500, "p": 0.5}]}
    text, box = _forecast_slot(tmp_path, monkeypatch, broken)
    assert [w.children[0] for w in with_class(box, "forecast-threshold")] == [
        "≥ 1,500 t/yr: 50% of runs"
    ]


def test_forecast_of_another_model_is_hidden_with_the_reason(tmp_path, monkeypatch):
    text, box = _forecast_slot(tmp_path, monkeypatch, {**FORECAST, "git_commit": "0" * 40})
    assert not with_class(box, "forecast-current") and not with_class(box, "forecast-threshold")
    assert "not shown — the stored forecast was made by another model (commit 0000000000)" in text
    assert "1,830" not in text
    text, _ = _forecast_slot(tmp_path, monkeypatch, FORECAST)
    assert "carries no commit stamp" in text


def test_router_template_is_solaras_with_only_its_module_exports_fixed():
    from pathlib import Path

    import solara.widgets

    theirs = Path(solara.widgets.__file__).with_name("vue") / "navigator.vue"
    ours = app.NAVIGATOR_VUE.read_text()
    assert solara.widgets.Navigator.template_file == str(app.NAVIGATOR_VUE)
    assert "module.exports = {" in ours and "modules.export" not in ours
    assert ours == theirs.read_text().replace("modules.export = {", "module.exports = {")
