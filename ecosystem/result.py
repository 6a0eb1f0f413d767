"""Simulation results and `simulate()` (DESIGN.md §5, §6, §8)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ecosystem import frames, outputs
from ecosystem.fieldspec import check_seed
from ecosystem.fiscal_years import fiscal_years
from ecosystem.outputs import MILESTONES, SCHEMA_VERSION, dates, summarise
from ecosystem.params import Params
from ecosystem.recorder import AGENT_KINDS, FIRM_COLUMNS, FLOW_COLUMNS, FLOW_KINDS, TS_COLUMNS

if TYPE_CHECKING:
    from ecosystem.model import MagnetModel
    from ecosystem.observed import Observed


@dataclass
class SimulationResult:
    """One run's frames: timeseries, agents, milestones, flows, summary and twin.

    The summary is computed with the result, from ``series`` (the time series' columns as
    arrays); the ``timeseries``, ``agents``, ``milestones`` and ``flows`` frames are built from
    the rows recorded up to then when first asked for (a forecast run needs only its summary),
    as is ``fiscal_years`` (one row per Indian fiscal year, April-March) from the time series.
    """

    summary: dict[str, Any]
    params: Params
    seed: int
    #: The time series' columns without the date (`TS_COLUMNS`), by name: float64 arrays, int64
    #: for counts (the frame ``timeseries`` is built from them).
    series: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    twin: SimulationResult | None = None
    schema_version: str = field(default=SCHEMA_VERSION)
    #: Each lazy frame's builder and its arguments (kept, so a `dataclasses.replace` copy can
    #: build its own).
    pending: dict[str, tuple[Callable[..., pd.DataFrame], tuple[Any, ...]]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def from_model(cls, model: MagnetModel) -> SimulationResult:
        """The result of a model's recorded rows (mid-run or finished)."""
        rec = model.recorder
        series = _numeric_columns(rec.rows, TS_COLUMNS)
        beneficiary_output = _beneficiary_output_t(model)
        summary = summarise(series, model.p.target_month, beneficiary_output, model.p)
        pending: dict[str, tuple[Callable[..., pd.DataFrame], tuple[Any, ...]]] = {
            # snapshots of the rows: the model may go on stepping
            "timeseries": (_timeseries_frame, (series,)),
            "agents": (frames.rows_frame, (list(rec.agent_rows), FIRM_COLUMNS, AGENT_KINDS)),
            "flows": (frames.rows_frame, (list(rec.flows), FLOW_COLUMNS, FLOW_KINDS)),
            "milestones": (_milestones_frame, (_milestone_data(model),)),
        }
        return cls(summary, model.p, model.seed, series, pending=pending)

    def _lazy(self, name: str) -> pd.DataFrame:
        """The frame ``name``, built from its recorded rows the first time it is asked for."""
        cached = self.__dict__.get(f"_{name}")
        if cached is None:
            build, args = self.pending[name]
            cached = self.__dict__[f"_{name}"] = build(*args)
        return cached

    @property
    def timeseries(self) -> pd.DataFrame:
        """One row per month: ``month``, ``date`` and the columns of `outputs.TIMESERIES`."""
        return self._lazy("timeseries")

    @property
    def agents(self) -> pd.DataFrame:
        """One row per agent per month (empty unless the model recorded agents)."""
        return self._lazy("agents")

    @property
    def milestones(self) -> pd.DataFrame:
        """One row per firm: the month of each milestone (`outputs.MILESTONES`)."""
        return self._lazy("milestones")

    @property
    def flows(self) -> pd.DataFrame:
        """Links between agents by month: licences, spillovers, experts, poaching, money."""
        return self._lazy("flows")

    @property
    def fiscal_years(self) -> pd.DataFrame:
        """One row per Indian fiscal year (April-March); columns as `outputs.FISCAL_YEARS`."""
        cached = self.__dict__.get("_fiscal_years")
        if cached is None:
            cached = fiscal_years(
                self.timeseries,
                list(outputs.FISCAL_YEAR_FLOWS),
                list(outputs.FISCAL_YEAR_CUMULATIVE),
                list(outputs.FISCAL_YEAR_STOCKS),
            )
            cached = cached[[c.name for c in outputs.FISCAL_YEARS]]
            self.__dict__["_fiscal_years"] = cached
        return cached

    def attach_twin(self, twin: SimulationResult) -> None:
        """Attach the twin and fill ``shortfall_due_to_gap_t``."""
        self.twin = twin
        self.summary["shortfall_due_to_gap_t"] = (
            twin.summary["production_target_t"] - self.summary["production_target_t"]
        )

    def write(self, out: str | Path, *, extra: dict[str, Any] | None = None) -> Path:
        """Write the frames as Parquet and ``run.json`` (parameters, seed, versions) to ``out``."""
        from ecosystem.io import write_result

        return write_result(self, out, extra=extra)


def _numeric_columns(rows: list[tuple], columns: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Rows of numbers as one array per column: float64, int64 or bool.

    A column is int64 (or bool) only when every row holds an int (or a bool) there, as
    ``from_records`` would infer; several times cheaper than ``from_records`` for the time series.
    """
    if not rows:
        return {name: np.empty(0) for name in columns}
    by_column = np.asarray(rows, dtype=float).T.copy()  # each column contiguous
    out = {}
    for i, (name, value) in enumerate(zip(columns, rows[0], strict=True)):
        column = by_column[i]
        if isinstance(value, bool) and all(isinstance(r[i], bool) for r in rows):
            column = column.astype(bool)
        elif isinstance(value, int) and all(
            isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows
        ):
            column = column.astype(np.int64)
        out[name] = column
    return out


def _timeseries_frame(series: dict[str, np.ndarray]) -> pd.DataFrame:
    """The time-series frame: ``month``, then ``date``, then the other columns of ``series``."""
    months = series["month"]
    rest = {name: values for name, values in series.items() if name != "month"}
    return pd.DataFrame({"month": months, "date": dates(len(months)), **rest})


def _milestone_data(model: MagnetModel) -> dict[str, list[Any]]:
    """Each firm's id, name and the month of each milestone so far, by column."""
    names = [c.name for c in MILESTONES]
    data: dict[str, list[Any]] = {
        "agent_id": [f.unique_id for f in model.firms],
        "name": [f.name for f in model.firms],
    }
    data.update({col: [f.milestones[col] for f in model.firms] for col in names[2:]})
    return data


def _milestones_frame(data: dict[str, list[Any]]) -> pd.DataFrame:
    """One row per firm: its id, name and the month of each milestone (Int64, empty if none)."""
    names = [c.name for c in MILESTONES]
    if not data["agent_id"]:
        return pd.DataFrame(columns=names).astype(dict.fromkeys(names[2:], "Int64"))
    kinds = (frames.INT, frames.TEXT) + (frames.MONTH,) * (len(names) - 2)
    return frames.columns_frame(data, kinds)


def _beneficiary_output_t(model: MagnetModel) -> float:
    """Tonnes the beneficiaries made up to target_month (from the time series rows)."""
    rows = model.recorder.rows
    idx = TS_COLUMNS.index("production_scheme_t")
    return sum(r[idx] for r in rows[: model.p.target_month + 1]) / 12.0


def simulate(
    scenario: str | Path | Params | None = None,
    *,
    seed: int | None = None,
    twin: bool = False,
    record_agents: bool = True,
    observed: str | Path | Observed | None = None,
    **overrides: Any,
) -> SimulationResult:
    """Run one scenario to its horizon and return its frames.

    Args:
        scenario: a scenario name (``"baseline"``), a TOML path, a `Params`, or None (defaults).
        seed: integer seed; None (the default): the scenario file's ``[meta] seed`` if it has
            one, else 0, as ``ecosystem run`` does.
        twin: also run the expertise-gap twin (``result.twin``, ``shortfall_due_to_gap_t``).
        record_agents: record the per-agent frame.
        observed: a TOML file of known facts that fixes the award, the winners and their plant
            dates, IREL's output and firms' starting state (DESIGN.md §8; ``docs/observed.md``).
        **overrides: parameter values replacing the scenario's.
    """
    from ecosystem.model import MagnetModel
    from ecosystem.scenarios import load_scenario, scenario_seed

    if scenario is None or isinstance(scenario, Params):
        params = Params() if scenario is None else scenario
        seed = 0 if seed is None else seed
    elif isinstance(scenario, str | Path):
        params = load_scenario(scenario)
        seed = (scenario_seed(scenario) or 0) if seed is None else seed
    else:
        raise TypeError(
            f"simulate: scenario={scenario!r} must be a scenario name, a TOML path, a Params or "
            "None"
        )
    seed = check_seed(seed)
    if overrides:
        params = params.replace(**overrides)
    model = MagnetModel(params, rng=seed, record_agents=record_agents, observed=observed)
    model.run()
    result = model.result()
    if twin:
        twin_model = MagnetModel(
            params.replace(frontier_expertise=True),
            rng=seed,
            tender=model.government.outcome,
            record_agents=record_agents,
            observed=model.observed,
        )
        twin_model.run()
        result.attach_twin(twin_model.result())
    return result
