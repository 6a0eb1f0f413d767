"""What a worker process does: run a batch of design rows and return their frames.

Everything here is a top-level function or a plain dataclass, so it pickles by reference for a
``ProcessPoolExecutor`` under the spawn start method and for Dask workers. A run depends only on
its parameter values and its integer seed, so its frames are bit-identical on any executor; each
run's frames carry a digest (`frames_digest`) that the manifest and ``verify`` compare.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import MagnetModel, Params, SimulationResult

#: The four switches of the attribution factorial (DESIGN.md §9), in the order of the combo bits.
SWITCHES: tuple[tuple[str, str], ...] = (
    ("gap", "frontier_expertise"),
    ("oxide", "oxide_unconstrained"),
    ("market", "market_unconstrained"),
    ("capacity", "capacity_built_at_once"),
)


@dataclass(frozen=True)
class Task:
    """One row of a design: which scenario, which seed, which parameter values."""

    run_id: int
    scenario: str
    seed: int
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Job:
    """A batch of tasks sent to one worker, with the scenarios' full parameter values."""

    tasks: tuple[Task, ...]
    scenarios: dict[str, dict[str, Any]]
    mode: str = "run"
    frames: tuple[str, ...] = ("timeseries", "milestones")
    twin: bool = False
    discount_rate: float = 0.08


@dataclass
class RunOutput:
    """A run's outcome: status ``done`` or ``failed`` (with its error), time and frames."""

    run_id: int
    status: str
    seconds: float
    digest: str = ""
    error: str = ""
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def run_job(job: Job) -> list[RunOutput]:
    """Run every task of a batch; a failing run is recorded with its error, never raised."""
    cache: dict[str, Params] = {}
    out = []
    for task in job.tasks:
        t0 = time.perf_counter()
        try:
            if task.scenario not in cache:
                cache[task.scenario] = Params.from_dict(job.scenarios[task.scenario])
            params = cache[task.scenario]
            if task.overrides:
                params = params.replace(**task.overrides)
            tables = execute(params, task.seed, job)
            out.append(
                RunOutput(
                    task.run_id, "done", time.perf_counter() - t0, frames_digest(tables), "", tables
                )
            )
        except Exception as exc:  # a failing run is data, not a crash of the experiment
            tb = traceback.extract_tb(exc.__traceback__)
            where = f" (at {tb[-1].filename.rsplit('/', 1)[-1]}:{tb[-1].lineno})" if tb else ""
            out.append(
                RunOutput(
                    task.run_id,
                    "failed",
                    time.perf_counter() - t0,
                    error=f"{type(exc).__name__}: {exc}{where}",
                )
            )
    return out


def execute(params: Params, seed: int, job: Job) -> dict[str, pd.DataFrame]:
    """The frames of one design row (``mode`` ``run`` or the attribution ``factorial``)."""
    if job.mode == "factorial":
        return _factorial(params, seed, job)
    model = MagnetModel(params, rng=seed, record_agents="agents" in job.frames)
    model.run()
    result = model.result()
    twin_result = None
    if job.twin:
        twin = MagnetModel(
            params.replace(frontier_expertise=True),
            rng=seed,
            tender=model.government.outcome,
            record_agents=False,
        )
        twin.run()
        twin_result = twin.result()
        result.attach_twin(twin_result)
    tables = {"summary": summary_frame(result, job.discount_rate)}
    if twin_result is not None:
        tables["summary"]["twin_production_target_t"] = float(
            twin_result.summary["production_target_t"]
        )
    if "timeseries" in job.frames:
        tables["timeseries"] = pd.DataFrame(result.series)  # the frame without its date
    if "milestones" in job.frames:
        tables["milestones"] = result.milestones
    if "agents" in job.frames:
        tables["agents"] = result.agents
    if "flows" in job.frames:
        tables["flows"] = result.flows
    if "twin" in job.frames and twin_result is not None:
        tables["twin_timeseries"] = twin_result.timeseries.drop(columns="date")
    return tables


def _factorial(params: Params, seed: int, job: Job) -> dict[str, pd.DataFrame]:
    """The 2^4 attribution factorial of one seed, the tender held at the base run's outcome."""
    base = MagnetModel(params, rng=seed, record_agents=False)
    base.run()
    summaries, series = [], []
    for combo in range(2 ** len(SWITCHES)):
        bits = tuple(bool(combo >> i & 1) for i in range(len(SWITCHES)))  # bit i: SWITCHES[i]
        if not any(bits):
            result = base.result()
        else:
            relaxed = [name for (_, name), on in zip(SWITCHES, bits, strict=True) if on]
            result = switch_run(params, seed, base, relaxed).result()
        flags = {f"relax_{short}": on for (short, _), on in zip(SWITCHES, bits, strict=True)}
        s = summary_frame(result, job.discount_rate)
        s.insert(0, "combo", combo)
        for i, (k, v) in enumerate(flags.items()):
            s.insert(1 + i, k, v)
        summaries.append(s)
        if "timeseries" in job.frames:
            ts = result.timeseries[["month", "production_t", "capacity_installed_t"]].copy()
            ts.insert(0, "combo", combo)
            series.append(ts)
    tables = {"summary": pd.concat(summaries, ignore_index=True)}
    if series:
        tables["timeseries"] = pd.concat(series, ignore_index=True)
    return tables


def switch_run(params: Params, seed: int, base: MagnetModel, relaxed: Sequence[str]) -> MagnetModel:
    """Run ``params`` with the ``relaxed`` switches on, against the finished unrelaxed ``base``.

    The tender is held at the base run's outcome. Without the twin switch (frontier_expertise)
    China's price response follows the base run's trigger month and firms enter, expand and
    exit in the months the base run chose (`FirmDecisions`, DESIGN.md §4), so the switch
    measures the constraint alone; with it the twin is a total effect and decides for itself.
    """
    total = "frontier_expertise" in relaxed
    model = MagnetModel(
        params.replace(**dict.fromkeys(relaxed, True)),
        rng=seed,
        tender=base.government.outcome,
        decisions=None if total else base.decisions,
        record_agents=False,
    )
    if not total:
        model.imports.follow(base.imports)
    return model.run()


# ---- summary ---------------------------------------------------------------------------------
SUMMARY_INT = ("month_target_reached",)
SUMMARY_BOOL = ("target_met",)


def rnd_pool_spent_cr(params: Params, months: np.ndarray) -> np.ndarray:
    """R&D and skilling pool paid out by each month: an even monthly share until it is spent.

    Mirrors the government's grant rule (pool / (years × 12) a month, split over the centres).
    """
    if params.n_rnd_centres <= 0 or params.rnd_skilling_pool_cr <= 0.0:
        return np.zeros(len(months))
    per_month = params.rnd_skilling_pool_cr / (params.rnd_skilling_years * 12.0)
    return np.minimum(params.rnd_skilling_pool_cr, per_month * np.asarray(months, dtype=float))


def summary_frame(result: SimulationResult, discount_rate: float) -> pd.DataFrame:
    """One row: the run's summary (DESIGN.md §5) plus fiscal cost and unmet demand.

    Added columns: ``capex_subsidy_paid_total_cr``, ``rnd_pool_spent_cr``, ``fiscal_cost_cr``
    (SLI + capital subsidy + R&D/skilling pool, nominal, to the horizon), ``fiscal_cost_npv_cr``
    (the same discounted monthly at ``discount_rate`` per year to December 2025) and
    ``unmet_demand_cum_t`` (addressable demand neither made nor imported, t over the horizon).
    """
    ts = result.series  # the time series' columns as arrays (no frame needed)
    row: dict[str, Any] = dict(result.summary)
    months = ts["month"]
    rnd = rnd_pool_spent_cr(result.params, months)
    paid = ts["sli_paid_cr"] + ts["capex_subsidy_paid_cr"] + rnd
    flows = np.diff(paid, prepend=0.0)
    discount = (1.0 + discount_rate) ** (-months / 12.0)
    row["capex_subsidy_paid_total_cr"] = float(ts["capex_subsidy_paid_cr"][-1])
    row["rnd_pool_spent_cr"] = float(rnd[-1])
    row["fiscal_cost_cr"] = float(paid[-1])
    row["fiscal_cost_npv_cr"] = float(np.sum(flows * discount))
    row["unmet_demand_cum_t"] = float(np.nansum(ts["unmet_demand_t"][1:]) / 12.0)  # as pandas
    cols: dict[str, Any] = {}
    for name, value in row.items():
        if name in SUMMARY_INT:
            cols[name] = pd.array([value], dtype="Int64")
        elif name in SUMMARY_BOOL:
            cols[name] = np.array([bool(value)])
        else:
            cols[name] = np.array([np.nan if value is None else value], dtype="float64")
    return pd.DataFrame(cols)


# ---- digests ---------------------------------------------------------------------------------
def _column_bytes(s: pd.Series) -> bytes:
    """Canonical bytes of a column, the same before and after a Parquet round trip."""
    dt = s.dtype
    if dt == np.float64:
        a = s.to_numpy()
        return (np.where(np.isnan(a), np.nan, a) if np.isnan(a).any() else a).tobytes()
    if dt == np.int64:
        return s.to_numpy().tobytes()
    if dt == np.bool_:
        return s.to_numpy().astype("uint8").tobytes()
    if pd.api.types.is_bool_dtype(dt):
        return s.to_numpy(dtype="uint8", na_value=2).tobytes()
    if pd.api.types.is_integer_dtype(dt):
        return s.astype("Int64").to_numpy(dtype="int64", na_value=np.iinfo("int64").min).tobytes()
    if pd.api.types.is_float_dtype(dt):
        a = s.to_numpy(dtype="float64", na_value=np.nan)
        return np.where(np.isnan(a), np.nan, a).tobytes()
    return "\x1f".join(
        "\x00" if v is None or v is pd.NA or v != v else str(v) for v in s.tolist()
    ).encode()


def frames_digest(tables: dict[str, pd.DataFrame]) -> str:
    """Content hash of a run's frames (table names, column names, values; not dtypes' spelling)."""
    h = hashlib.blake2b(digest_size=16)
    for name in sorted(tables):
        df = tables[name]
        h.update(f"#{name}:{len(df)}".encode())
        for col, values in df.items():  # by position: no label lookups
            h.update(f"|{col}|".encode())
            h.update(_column_bytes(values))
    return h.hexdigest()
