"""Per-session state of the front end, free of any UI code (so benchmarks and tests use it too).

* `Settings`: what the user chose (scenario, parameter values, seed) — immutable and hashable.
* `LiveRun`: the model a browser session watches: a `MagnetModel` and its expertise-gap twin
  (`make_twin()`, DESIGN.md §6) stepped in lockstep. Mesa's ``ModelController`` steps it
  (Step/Play) and rebuilds it from `Settings` (Reset); a lever change builds a new one and runs
  it over the whole horizon at once. One is built per session, never at module level.
* `reference_result`: the chosen scenario's unchanged run (same seed, full horizon), drawn in
  grey beneath the current one.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import numpy as np

from ecosystem import (
    MagnetModel,
    ParameterError,
    Params,
    SimulationResult,
    list_scenarios,
    load_scenario,
    parse_overrides,
    seed_arg,
    simulate,
)
from ecosystem import parse_text as parse_value

#: Seeds are non-negative integers NumPy can take (``numpy.random.SeedSequence``).
SEED_MAX = 2**63 - 1
DEFAULT_SCENARIO = "baseline"


def check_seed(seed: Any) -> int:
    """The seed as an int, or a `ParameterError` that says what a seed may be."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ParameterError(f"seed={seed!r} must be a whole number from 0 to {SEED_MAX}")
    if not 0 <= int(seed) <= SEED_MAX:
        raise ParameterError(f"seed={seed} is outside its range 0-{SEED_MAX}")
    return int(seed)


def parse_seed(text: Any) -> int:
    """A seed typed in a box, by the command line's rule (``ecosystem.cli.seed_arg``).

    Raises:
        ParameterError: blank, not a whole number, or negative; the message names the seed
            and what it may be, in the command line's words.
    """
    raw = str(text).strip() if text is not None else ""
    try:
        return check_seed(seed_arg(raw))
    except (TypeError, ValueError):
        raise ParameterError(f"seed={raw!r} is not a {seed_arg.__name__}") from None


def parse_lever(name: str, text: Any) -> Any:
    """A value typed for parameter ``name``, by the command line's ``--set`` rules and words."""
    spec = Params.fields()[name]
    return parse_value(spec, str(text) if text is not None else "")


def _query_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Settings:
    """A scenario, the parameter values chosen on top of it, and the seed.

    Attributes:
        scenario: name of a file in ``ecosystem/data/scenarios/``.
        params: validated parameters (the scenario's, with the user's changes).
        seed: integer seed of the run, its twin and the reference.
    """

    scenario: str = DEFAULT_SCENARIO
    params: Params = field(default_factory=Params)
    seed: int = 0

    @classmethod
    def from_scenario(cls, scenario: str = DEFAULT_SCENARIO, seed: int = 0) -> Settings:
        """The scenario's own values (raises `ScenarioError`/`ParameterError` on a bad file)."""
        return cls(scenario, load_scenario(scenario), check_seed(seed))

    def with_value(self, name: str, value: Any) -> Settings:
        """These settings with one parameter changed (validated: raises `ParameterError`)."""
        return dataclasses.replace(self, params=self.params.replace(**{name: value}))

    def with_seed(self, seed: Any) -> Settings:
        """These settings with another seed (validated: raises `ParameterError`)."""
        return dataclasses.replace(self, seed=check_seed(seed))

    def to_query(self) -> str:
        """The settings as a URL query (scenario, seed, then each changed parameter)."""
        pairs = [("scenario", self.scenario), ("seed", str(self.seed))]
        pairs += [(k, _query_text(v)) for k, v in sorted(self.overrides().items())]
        return urlencode(pairs)

    @classmethod
    def from_query(cls, query: str | None) -> Settings:
        """Settings from a URL query written by `to_query` (validated like the command line).

        Raises:
            ScenarioError: unknown scenario.
            ParameterError: a bad seed, an unknown parameter or a value out of range.
        """
        pairs = dict(parse_qsl(query or "", keep_blank_values=True))
        scenario = pairs.pop("scenario", DEFAULT_SCENARIO)
        seed = parse_seed(pairs.pop("seed", "0"))
        settings = cls.from_scenario(scenario, seed)
        if pairs:
            values = parse_overrides([f"{k}={v}" for k, v in pairs.items()])
            settings = dataclasses.replace(settings, params=settings.params.replace(**values))
        return settings

    def scenario_params(self) -> Params:
        """The chosen scenario's unchanged parameters."""
        return load_scenario(self.scenario)

    def overrides(self) -> dict[str, Any]:
        """Parameters whose value differs from the chosen scenario's."""
        base = self.scenario_params()
        return {k: v for k, v in self.params.to_dict().items() if getattr(base, k) != v}

    @property
    def horizon(self) -> int:
        """Last month of the run."""
        return self.params.horizon_months

    @property
    def target_month(self) -> int:
        """Month the 6,000 t/yr target is judged."""
        return self.params.target_month


def scenario_names() -> list[str]:
    """Every scenario file in ``ecosystem/data/scenarios/``, by name."""
    return list(list_scenarios())


class LiveRun:
    """A run and its expertise-gap twin stepped in lockstep: the model a session watches.

    It quacks like the Mesa model Mesa's ``ModelController`` expects: ``step()``, ``running``,
    ``time``, and a constructor taking the reset parameters as keywords (``settings=``).

    Args:
        settings: what to run (defaults: the baseline scenario, seed 0).
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings if settings is not None else Settings()
        self.model = MagnetModel(self.settings.params, rng=self.settings.seed)
        # the views draw only the twin's national series: its per-agent frame is not recorded
        self.twin = self.model.make_twin(record_agents=False)
        self._lock = threading.RLock()
        self._result: SimulationResult | None = None
        self._result_month = -1
        #: Wall-clock seconds of the most recent steps (run + twin), for the speed log.
        self.step_seconds: deque[float] = deque(maxlen=1000)

    @classmethod
    def full(
        cls, settings: Settings | None = None, cancelled: Callable[[], bool] | None = None
    ) -> LiveRun:
        """A run stepped over the whole horizon (what a lever change shows).

        A finished run never changes (Step does nothing at the horizon; Reset builds a new
        one), so the last `FINISHED_CACHE` are kept and shared: opening the page, or moving
        a lever back to a value seen before, costs no model run.
        """
        settings = settings if settings is not None else Settings()
        with _finished_lock:
            done = _finished.get(settings)
            if done is not None:
                _finished.move_to_end(settings)
                return done
        run = cls(settings).run(cancelled=cancelled)
        assert run is not None or cancelled is not None  # only a cancelled run is None
        return run  # type: ignore[return-value]

    @property
    def month(self) -> int:
        """Months simulated so far."""
        return self.model.month

    @property
    def time(self) -> int:
        """Mesa's name for the month (read by Mesa's step display)."""
        return self.model.month

    @property
    def horizon(self) -> int:
        """Last month of the run."""
        return self.settings.horizon

    @property
    def running(self) -> bool:
        """False once the horizon is reached (Mesa's controller then disables Step and Play)."""
        return self.model.month < self.settings.horizon

    def step(self) -> None:
        """One month: the run first, then its twin (which takes the run's tender outcome)."""
        with self._lock:
            if not self.running:
                return
            start = time.perf_counter()
            self.model.step()
            self.twin.step()
            self.step_seconds.append(time.perf_counter() - start)

    def run(self, cancelled: Callable[[], bool] | None = None) -> LiveRun | None:
        """Step to the horizon; returns self (None if ``cancelled()`` turned true on the way)."""
        with self._lock:
            while self.running:
                if cancelled is not None and cancelled():
                    return None
                self.step()
        _PEAKS[self.settings] = self._peak()
        with _finished_lock:
            _finished[self.settings] = self
            while len(_finished) > FINISHED_CACHE:
                _finished.popitem(last=False)
        return self

    def _peak(self) -> float:
        """Largest national series of the run and its twin (t/yr), for a fixed y-axis."""
        result = self.result()
        cols = ("production_t", "capacity_installed_t", "demand_t")
        tables = [result.timeseries] + ([result.twin.timeseries] if result.twin else [])
        return float(max(t[c].max() for t in tables for c in cols if c in t))

    def result(self) -> SimulationResult:
        """Frames of the run so far with the twin attached (cached until the next step)."""
        with self._lock:
            if self._result is None or self._result_month != self.month:
                result = self.model.result()
                result.attach_twin(self.twin.result())
                self._result, self._result_month = result, self.month
            return self._result


@dataclass(frozen=True, eq=False)
class Snapshot:
    """What the views draw at one moment: the run so far (with twin) and the grey reference.

    Compared by identity (``eq=False``) so that Solara's memos never compare frames.
    """

    settings: Settings
    result: SimulationResult
    reference: SimulationResult | None
    month: int

    @property
    def horizon(self) -> int:
        """Last month of the run."""
        return self.settings.horizon

    @property
    def complete(self) -> bool:
        """The run has reached its horizon (the views show the whole of it)."""
        return self.month >= self.horizon

    @property
    def x_domain(self) -> tuple[str, str]:
        """Dates of month 0 and of the horizon: time axes span the whole run while it grows."""
        from viz.frames import month_date

        return month_date(0), month_date(self.horizon)

    @property
    def target_date(self) -> str:
        """Date of ``target_month``."""
        from viz.frames import month_date

        return month_date(self.settings.target_month)


def snapshot(run: LiveRun, reference: SimulationResult | None) -> Snapshot:
    """The views' data now: the live run's frames so far and the reference."""
    return Snapshot(run.settings, run.result(), reference, run.month)


_PEAKS: dict[Settings, float] = {}
#: Finished runs kept for reuse (`LiveRun.full`), most recently used last.
FINISHED_CACHE = 16
_finished: OrderedDict[Settings, LiveRun] = OrderedDict()
_finished_lock = threading.Lock()


def y_peak(settings: Settings) -> float:
    """The highest value the ramp's series reach over the whole horizon (t/yr).

    The same settings and seed always give the same run, so the peak of a finished run fixes
    the y-axis while the same run is stepped from month 0 (computed here if never run).
    """
    if settings not in _PEAKS:
        if len(_PEAKS) > 256:
            _PEAKS.clear()
        LiveRun.full(settings)
    return _PEAKS[settings]


@functools.lru_cache(maxsize=64)
def reference_result(scenario: str, seed: int) -> SimulationResult:
    """The scenario's unchanged run over its whole horizon (read-only; shared by sessions)."""
    return simulate(scenario, seed=seed, record_agents=False)


__all__ = [
    "DEFAULT_SCENARIO",
    "LiveRun",
    "SEED_MAX",
    "Settings",
    "Snapshot",
    "check_seed",
    "parse_lever",
    "parse_seed",
    "y_peak",
    "reference_result",
    "scenario_names",
    "snapshot",
]
