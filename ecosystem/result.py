"""Simulation results and `simulate()` (DESIGN.md §5, §6, §8)."""

from __future__ import annotations

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

    ``fiscal_years`` (one row per Indian fiscal year, April-March) is built from the time series
    when first asked for.
    """

    timeseries: pd.DataFrame
    agents: pd.DataFrame
    milestones: pd.DataFrame
    flows: pd.DataFrame
    summary: dict[str, Any]
    params: Params
    seed: int
    twin: SimulationResult | None = None
    schema_version: str = field(default=SCHEMA_VERSION)

    @classmethod
    def from_model(cls, model: MagnetModel) -> SimulationResult:
        """Build the frames from a model's recorder (mid-run or finished)."""
        rec = model.recorder
        ts = _numeric_frame(rec.rows, TS_COLUMNS)
        ts.insert(1, "date", dates(len(ts)))
        agents = frames.rows_frame(rec.agent_rows, FIRM_COLUMNS, AGENT_KINDS)
        flows = frames.rows_frame(rec.flows, FLOW_COLUMNS, FLOW_KINDS)
        ms = _milestones_frame(model)
        beneficiary_output = _beneficiary_output_t(model)
        summary = summarise(ts, model.p.target_month, beneficiary_output, model.p)
        return cls(ts, agents, ms, flows, summary, model.p, model.seed)

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

        return write_result(self, Path(out), extra=extra)


def _numeric_frame(rows: list[tuple], columns: tuple[str, ...]) -> pd.DataFrame:
    """A frame from rows of numbers: one float array, then integer and boolean columns restored.

    A column is int64 (or bool) only when every row holds an int (or a bool) there, as
    ``from_records`` would infer; several times cheaper than ``from_records`` for the time series.
    """
    if not rows:
        return pd.DataFrame(columns=list(columns))
    frame = pd.DataFrame(np.asarray(rows, dtype=float), columns=list(columns))
    for i, (name, value) in enumerate(zip(columns, rows[0], strict=True)):
        if isinstance(value, bool) and all(isinstance(r[i], bool) for r in rows):
            frame[name] = frame[name].astype(bool)
        elif isinstance(value, int) and all(
            isinstance(r[i], int) and not isinstance(r[i], bool) for r in rows
        ):
            frame[name] = frame[name].astype(np.int64)
    return frame


def _milestones_frame(model: MagnetModel) -> pd.DataFrame:
    """One row per firm: its id, name and the month of each milestone (Int64, empty if none)."""
    names = [c.name for c in MILESTONES]
    if not model.firms:
        return pd.DataFrame(columns=names).astype(dict.fromkeys(names[2:], "Int64"))
    data: dict[str, list[Any]] = {
        "agent_id": [f.unique_id for f in model.firms],
        "name": [f.name for f in model.firms],
    }
    data.update({col: [f.milestones[col] for f in model.firms] for col in names[2:]})
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
    seed: int = 0,
    twin: bool = False,
    record_agents: bool = True,
    observed: str | Path | Observed | None = None,
    **overrides: Any,
) -> SimulationResult:
    """Run one scenario to its horizon and return its frames.

    Args:
        scenario: a scenario name (``"baseline"``), a TOML path, a `Params`, or None (defaults).
        seed: integer seed.
        twin: also run the expertise-gap twin (``result.twin``, ``shortfall_due_to_gap_t``).
        record_agents: record the per-agent frame.
        observed: a TOML file of known facts that fixes the award, the winners and their plant
            dates, IREL's output and firms' starting state (DESIGN.md §8; ``docs/observed.md``).
        **overrides: parameter values replacing the scenario's.
    """
    from ecosystem.model import MagnetModel
    from ecosystem.scenarios import load_scenario

    seed = check_seed(seed)
    if scenario is None:
        params = Params()
    elif isinstance(scenario, Params):
        params = scenario
    else:
        params = load_scenario(scenario)
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
