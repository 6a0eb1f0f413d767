"""One browser tab's session: its settings, live run, messages and requests (`Session`).

`Page` (viz/app.py) builds one per tab with `use_session`; the controls call its methods. A
change is validated at once, then *requested*: a background task computes the whole horizon
(run and twin) and publishes it, and a newer request cancels an older one. `ControllerHandle`
is Mesa's ``ModelController``'s hold on the session's live run.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reacton.core
import solara
import solara.lab

from ecosystem import ParameterError, ScenarioError, SimulationResult
from viz.state import (
    LiveRun,
    Settings,
    parse_lever,
    parse_seed,
    reference_result,
)

log = logging.getLogger("viz")

#: Play speeds offered (months per second) and the render interval each uses: at high speeds
#: a frame shows several months, so the browser never falls behind (frames are not queued).
SPEEDS: dict[str, tuple[int, int]] = {  # label: (play interval ms, months per frame)
    "2 months/s": (500, 1),
    "4 months/s": (250, 1),
    "8 months/s": (125, 1),
    "12 months/s": (160, 2),
    "24 months/s": (160, 4),
}
DEFAULT_SPEED = "8 months/s"


@dataclass
class _Initial:
    settings: Settings
    live: LiveRun
    problem: str | None


def _initial(query: str | None = None) -> _Initial:
    """The session's first settings: the page URL's, else the baseline (and why not)."""
    problem = None
    try:
        settings = Settings.from_query(query)
    except (ParameterError, ScenarioError) as exc:
        settings, problem = Settings.from_scenario(), f"The link's settings were not applied: {exc}"
    return _Initial(settings, LiveRun.full(settings), problem)


def _problem_text(exc: Exception) -> str:
    if isinstance(exc, ParameterError | ScenarioError):
        return f"Not applied: {exc}"
    return (
        f"The model could not run with these settings ({type(exc).__name__}: {exc}). "
        "The previous run is still shown."
    )


def _same_run(a: SimulationResult, b: SimulationResult) -> bool:
    """Two full runs that no output tells apart (summary and national series)."""
    if a.summary != b.summary:
        return False
    return bool(a.timeseries.equals(b.timeseries))


class Session:
    """One browser session's state: settings, live run (model + twin), messages, requests.

    Built once per session (`use_session`) from Solara's per-session reactive values; its
    methods are the controls' callbacks (stable objects, so controls do not re-render for them).
    A change is validated at once (a refused value's message goes next to its control) and
    then *requested*: a background task computes it, and a newer request cancels an older one.
    """

    def __init__(self, **reactives: solara.Reactive) -> None:
        self.settings: solara.Reactive[Settings] = reactives["settings"]
        self.requested: solara.Reactive[Settings] = reactives["requested"]
        self.live: solara.Reactive[LiveRun] = reactives["live"]
        self.reset_params: solara.Reactive[dict] = reactives["reset_params"]
        self.play_interval: solara.Reactive[int] = reactives["play_interval"]
        self.render_interval: solara.Reactive[int] = reactives["render_interval"]
        self.use_threads: solara.Reactive[bool] = reactives["use_threads"]
        self.message: solara.Reactive[str | None] = reactives["message"]
        self.field_error: solara.Reactive[tuple[str, str] | None] = reactives["field_error"]
        self.notice: solara.Reactive[str | None] = reactives["notice"]
        self.switch_to: solara.Reactive[str | None] = reactives["switch_to"]
        self.speed: solara.Reactive[str] = reactives["speed"]
        self.full: SimulationResult | None = None  # the last whole-horizon run shown
        #: The page's link was refused (the baseline is shown instead).
        self.link_refused = False
        self._publish = threading.RLock()  # re-entered if a Reset renders a compute inline
        #: A Reset clicked while these settings were computed: they are shown reset, at month 0.
        self._reset_for: Settings | None = None
        # the page's render context, to publish a run's several values in one render pass
        self._render_context = reacton.core.get_render_context(required=False)

    def batch(self) -> contextlib.AbstractContextManager:
        """A block whose changes of state render once, at its end (not once per change)."""
        return (
            self._render_context if self._render_context is not None else contextlib.nullcontext()
        )

    # ----------------------------------------------------------------- computing a request

    def compute(self, new: Settings, cancelled: Callable[[], bool]) -> None:
        """Run ``new`` over the whole horizon (run and twin) and show it, unless superseded."""
        if new == self.settings.value:
            return
        start = time.perf_counter()
        try:
            run = LiveRun.full(new, cancelled=cancelled)
            if run is None:
                log.info("viz: superseded settings cancelled")
                return
            reference_result(new.scenario, new.seed)
        except Exception as exc:  # noqa: BLE001 -- any failure becomes a message, not a crash
            log.warning("viz: settings not applied: %s", exc)
            self.message.set(_problem_text(exc))
            return
        # Publish under a lock and only for the latest request: an older computation that
        # finishes after a newer one (threads) must never overwrite what the newer one showed.
        with self._publish:
            if cancelled() or new != self.requested.value:
                return
            result = run.result()
            changed = _changed_names(self.settings.value, new)
            same = self.full is not None and changed and _same_run(self.full, result)
            self.full = result
            if self._reset_for == new:  # the user asked for a Reset of this run: month 0
                run = LiveRun(new)
            self._reset_for = None
            with self.batch():  # one render of the new run, not one per value
                self._show(new, run, changed if same else [])
        log.info("viz: lever change computed in %.0f ms", 1000 * (time.perf_counter() - start))

    def _show(self, new: Settings, run: LiveRun, no_effect: list[str]) -> None:
        self.message.set(None)
        self.notice.set(
            f"Changing {', '.join(no_effect)} altered nothing in this run: under these "
            "settings it does not bind (e.g. a ceiling above every bid) or does not act (e.g. "
            "its scheme or shock is off)."
            if no_effect
            else None
        )
        self.settings.set(new)
        self.reset_params.set({"settings": new})  # what Mesa's Reset rebuilds from
        self.live.set(run)

    def reset(self, run: LiveRun) -> None:
        """Mesa's Reset built ``run`` (from the reset parameters): show it.

        A Reset clicked right after a change is typed reaches the server before the change is
        shown (often before the busy sign is drawn): it was built from the settings still in
        force, and the change's whole-horizon run then replaced it, so the click was lost. It
        is kept for the change instead: the new run is shown reset, at month 0. A Reset built
        from settings replaced in the meantime is rebuilt from the ones now in force.
        """
        with self._publish:
            pending = self.requested.value != self.settings.value
            self._reset_for = self.requested.value if pending else None
            if not pending and run.settings != self.settings.value:
                run = LiveRun(self.settings.value)
            self.live.set(run)

    def apply(self, new: Settings) -> None:
        """Apply ``new`` now, in the calling thread (scripts and tests without a page)."""
        self.requested.set(new)
        self.compute(new, lambda: False)

    # ----------------------------------------------------------------- the controls' callbacks

    def attempt(self, make, field: str | None = None) -> bool:
        """Request ``make()``, or show why the new settings are not allowed (False)."""
        try:
            new = make()
        except (ParameterError, ScenarioError, TypeError, ValueError) as exc:
            text = str(exc)
            if field is not None:
                self.field_error.set((field, text))
            else:
                self.message.set(_problem_text(exc))
            return False
        self.field_error.set(None)
        self._reset_for = None  # a Reset asked for an earlier request is not carried over
        self.requested.set(new)
        return True

    def on_value(self, name, value) -> bool:
        """A parameter control changed."""
        return self.attempt(lambda: self.requested.value.with_value(name, value), name)

    def on_text(self, name, text) -> bool:
        """A value was typed for a parameter (read by the command line's rules)."""
        return self.attempt(
            lambda: self.requested.value.with_value(name, parse_lever(name, text)), name
        )

    def on_seed(self, text) -> bool:
        """Another seed was typed."""
        return self.attempt(lambda: self.requested.value.with_seed(parse_seed(text)), "seed")

    def on_scenario(self, name) -> None:
        """Another scenario was picked: confirm first if it would discard changes."""
        if name == self.requested.value.scenario:
            return
        if self.requested.value.overrides():
            self.switch_to.set(name)
            return
        self.switch_scenario(name)

    def switch_scenario(self, name: str | None = None) -> None:
        """Load a scenario's own values (the seed stays); lever changes are dropped."""
        name = name or self.switch_to.value
        self.switch_to.set(None)
        if name:
            self.attempt(lambda: Settings.from_scenario(name, self.requested.value.seed))

    def reset_all(self) -> None:
        """Every lever back to the scenario's value."""
        self.attempt(
            lambda: Settings.from_scenario(self.requested.value.scenario, self.requested.value.seed)
        )

    def set_speed(self, label: str) -> None:
        """Play speed: the interval between frames and the months each frame shows."""
        interval, months = SPEEDS[label]
        self.speed.set(label)
        self.play_interval.set(interval)
        self.render_interval.set(months)


def _changed_names(old: Settings, new: Settings) -> list[str]:
    names = [k for k, v in new.params.to_dict().items() if getattr(old.params, k) != v]
    if old.seed != new.seed:
        names.append("seed")
    if old.scenario != new.scenario:
        names.append("scenario")
    return names


def use_session(query: str | None = None) -> tuple[Session, Any]:
    """The session of the current browser tab and its compute task (call at the top of `Page`)."""
    initial = solara.use_memo(lambda: _initial(query), [])
    interval, months = SPEEDS[DEFAULT_SPEED]
    reactives: dict[str, solara.Reactive] = {
        "settings": solara.use_reactive(initial.settings),
        "requested": solara.use_reactive(initial.settings),
        "live": solara.use_reactive(initial.live),
        "reset_params": solara.use_reactive({"settings": initial.settings}),
        "play_interval": solara.use_reactive(interval),
        "render_interval": solara.use_reactive(months),
        "use_threads": solara.use_reactive(False),
        "message": solara.use_reactive(initial.problem),
        "field_error": solara.use_reactive(None),
        "notice": solara.use_reactive(None),
        "switch_to": solara.use_reactive(None),
        "speed": solara.use_reactive(DEFAULT_SPEED),
    }
    session = solara.use_memo(lambda: Session(**reactives), [])
    session.link_refused = initial.problem is not None
    session.full = session.full or initial.live.result()
    requested = session.requested.value

    def work() -> None:
        session.compute(requested, lambda: not task.is_current())

    task = solara.lab.use_task(work, dependencies=[requested], raise_error=False)
    return session, task


class _Finished:
    """What a cut `ControllerHandle` gives: a run at its horizon (Step does nothing)."""

    running = False

    def step(self) -> None:
        pass


class ControllerHandle:
    """Mesa's controller's hold on the session's live run, cut when the controller unmounts.

    A controller remounted while playing (`use_remount`) leaves its play loop sleeping until
    its next step; cut, that loop steps a finished stand-in and ends, instead of stepping the
    session's next run behind the new controller's back. Quacks like the ``solara.Reactive``
    Mesa's ``ModelController`` takes (``value``, read and set).
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._cut = False

    def cut(self) -> None:
        """Let go of the live run for good (the controller unmounted)."""
        self._cut = True

    @property
    def value(self) -> Any:
        """The live run, or a finished stand-in once cut."""
        return _Finished() if self._cut else self._session.live.value

    @value.setter
    def value(self, run: LiveRun) -> None:  # Mesa's Reset
        if not self._cut:
            self._session.reset(run)


__all__ = [
    "DEFAULT_SPEED",
    "SPEEDS",
    "ControllerHandle",
    "Session",
    "use_session",
]
