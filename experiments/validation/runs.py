"""The model runs of the validation: experienced makers, novices, baseline and china_shock."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import (
    Observed,
    Params,
    archetype_for,
    load_observed,
    load_scenario,
    simulate,
)
from experiments.design import (
    field_spec,
    latin_hypercube,
    sampling_rng,
    scenario_fixed_fields,
    spawn_seeds,
    uncertainty_fields,
    unit_to_values,
)
from experiments.validation.observations import (
    DATA,
    LOCAL_CORE_EXPERT_SHARE,
    MASTER_SEED,
    N_SEEDS,
    SETUP_INDIA,
    SETUP_NOVICE,
    SETUP_WORLD,
    Observations,
)


# ----------------------------------------------------------------------------- running
def prior_draws(n: int, master_seed: int) -> tuple[list[dict[str, Any]], np.ndarray]:
    """``n`` Latin-hypercube draws of every uncertain field from its prior, as in a forecast.

    Returns the draws and the unit coordinate of ``construction_base_months`` (for the
    leave-one-out variant, which maps the same coordinate onto a narrower range).
    """
    names = uncertainty_fields()
    u = latin_hypercube(n, len(names), sampling_rng(master_seed))
    cols = {name: unit_to_values(field_spec(name), u[:, j]) for j, name in enumerate(names)}
    draws = [{name: cols[name][i] for name in names} for i in range(n)]
    return draws, u[:, names.index("construction_base_months")]


def held_out_bounds(obs: Observations, key: str) -> tuple[float, float]:
    """Range of the 1,000 t/yr base time given by the other experienced plants.

    ``construction_base_months`` (a 1,000 t/yr magnet line) was set from all five (its range
    11-24 months); leaving one out, each of the other four plants' observed months is scaled to
    1,000 t/yr with the default size exponent (``months × (1000 / capacity)**exponent``, the
    model's own size rule), and the range is the lowest low to the highest high of the four,
    within the field's range.
    """
    spec = field_spec("construction_base_months")
    exponent = float(field_spec("construction_size_exponent").default)
    others = [
        (b.first_output_months, (1000.0 / b.capacity_t) ** exponent)
        for b in obs.experienced
        if b.key != key
    ]
    lows = [r.low * k for r, k in others if r is not None]
    highs = [r.high * k for r, k in others if r is not None]
    low = max(float(spec.low), min(lows))  # type: ignore[arg-type]
    high = min(float(spec.high), max(highs))  # type: ignore[arg-type]
    return low, high


def load_setup(name: str) -> tuple[Params, set[str]]:
    """A set-up scenario of ``experiments/data/validation/`` and the fields it fixes."""
    path = DATA / name
    return load_scenario(path), scenario_fixed_fields(path)


def load_plant_data(file: str, params: Params) -> Observed:
    """An observed-data file of ``experiments/data/validation/`` (one plant's set-up)."""
    return load_observed(DATA / file, params)


def _durations(milestones: pd.DataFrame, firm_name: str) -> tuple[float, float]:
    """Construction start → first output, and first output → nameplate (months; inf: never)."""
    row = milestones[milestones["name"] == firm_name].iloc[0]
    start, first, plate = (
        row["construction_start_month"],
        row["first_output_month"],
        row["nameplate_month"],
    )
    if pd.isna(start) or pd.isna(first):
        return math.inf, math.inf
    to_first = float(first) - float(start)
    return to_first, (float(plate) - float(first)) if not pd.isna(plate) else math.inf


def with_local_hires(observed: Observed) -> Observed:
    """The set-up with only `LOCAL_CORE_EXPERT_SHARE` of each firm's experts (the rest hired)."""
    firms = tuple(
        dataclasses.replace(f, experts=(f.experts or 0.0) * LOCAL_CORE_EXPERT_SHARE)
        for f in observed.firms
    )
    return dataclasses.replace(observed, firms=firms)


def _run_plant(
    params: Params, seed: int, observed: Observed, firm_name: str
) -> tuple[float, float]:
    result = simulate(params, seed=seed, observed=observed, record_agents=False)
    return _durations(result.milestones, firm_name)


def experienced_runs(
    obs: Observations, n: int = N_SEEDS, master_seed: int = MASTER_SEED
) -> pd.DataFrame:
    """Every variant of every experienced maker: one row per run with both durations."""
    seeds = spawn_seeds(master_seed, n)
    draws, u_base = prior_draws(n, master_seed)
    world, world_fixed = load_setup(SETUP_WORLD)
    india, india_fixed = load_setup(SETUP_INDIA)
    rows: list[dict[str, Any]] = []
    for b in obs.experienced:
        assert b.observed_file is not None
        observed = load_plant_data(b.observed_file, world)
        local = with_local_hires(observed)
        firm = archetype_for(observed.firms[0].firm)[1]
        lo, hi = held_out_bounds(obs, b.key)
        held = unit_to_values(field_spec("construction_base_months"), u_base, bounds=(lo, hi))
        plan: list[tuple[str, int, Params, Observed]] = [
            ("default", i, world, observed) for i in range(n)
        ]
        for i, draw in enumerate(draws):
            w = {k: v for k, v in draw.items() if k not in world_fixed}
            plan.append(("prior", i, world.replace(**w), observed))
            plan.append(
                (
                    "held_out",
                    i,
                    world.replace(**{**w, "construction_base_months": held[i]}),
                    observed,
                )
            )
            plan.append(("local_hires", i, world.replace(**w), local))
            d = {k: v for k, v in draw.items() if k not in india_fixed}
            plan.append(("india", i, india.replace(**d), observed))
        for variant, i, params, o in plan:
            first, plate = _run_plant(params, seeds[i], o, firm)
            rows.append(
                {
                    "key": b.key,
                    "variant": variant,
                    "run": i,
                    "seed": seeds[i],
                    "construction_base_months": params.construction_base_months,
                    "first_output_months": first,
                    "nameplate_months": plate,
                }
            )
    return pd.DataFrame(rows)


def novice_runs(
    obs: Observations, n: int = N_SEEDS, master_seed: int = MASTER_SEED
) -> pd.DataFrame:
    """The tiny public-lab plant at the defaults (seeds) and over the priors."""
    b = obs.get("india_smco_3t")
    assert b.observed_file is not None
    seeds = spawn_seeds(master_seed, n)
    draws, _ = prior_draws(n, master_seed)
    params, fixed = load_setup(SETUP_NOVICE)
    observed = load_plant_data(b.observed_file, params)
    firm = archetype_for(observed.firms[0].firm)[1]
    rows = []
    for i in range(n):
        for variant, p in (
            ("default", params),
            ("prior", params.replace(**{k: v for k, v in draws[i].items() if k not in fixed})),
        ):
            first, plate = _run_plant(p, seeds[i], observed, firm)
            rows.append(
                {
                    "key": b.key,
                    "variant": variant,
                    "run": i,
                    "seed": seeds[i],
                    "first_output_months": first,
                    "nameplate_months": plate,
                }
            )
    return pd.DataFrame(rows)


TIMESERIES_COLUMNS = (
    "month",
    "demand_t",
    "production_t",
    "production_scheme_t",
    "sales_domestic_t",
    "imports_t",
    "unmet_demand_t",
    "import_price_inr_per_kg",
)
AGENT_COLUMNS = (
    "month",
    "agent_id",
    "name",
    "beneficiary",
    "production_t",
    "unit_cost_inr_per_kg",
    "cum_output_t",
)


@dataclass
class BaselineRuns:
    """Baseline (with agents) and china_shock runs on the same seeds."""

    milestones: pd.DataFrame
    agents: pd.DataFrame
    baseline: pd.DataFrame
    shock: pd.DataFrame
    params: Params
    shock_params: Params


def baseline_runs(n: int = N_SEEDS, master_seed: int = MASTER_SEED) -> BaselineRuns:
    """``baseline`` and ``china_shock`` at their defaults on ``n`` paired seeds."""
    ms, ag, base, shock = [], [], [], []
    for seed in spawn_seeds(master_seed, n):
        r = simulate("baseline", seed=seed)
        ms.append(r.milestones.assign(seed=seed))
        a = r.agents
        a = a[a["agent_type"] == "manufacturer"]
        ag.append(a[list(AGENT_COLUMNS)].assign(seed=seed))
        base.append(r.timeseries[list(TIMESERIES_COLUMNS)].assign(seed=seed))
        s = simulate("china_shock", seed=seed, record_agents=False)
        shock.append(s.timeseries[list(TIMESERIES_COLUMNS)].assign(seed=seed))
    return BaselineRuns(
        pd.concat(ms, ignore_index=True),
        pd.concat(ag, ignore_index=True),
        pd.concat(base, ignore_index=True),
        pd.concat(shock, ignore_index=True),
        load_scenario("baseline"),
        load_scenario("china_shock"),
    )
