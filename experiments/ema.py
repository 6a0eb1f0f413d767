"""EMA Workbench connector: the model as an ``ema_workbench`` model, built from `Params.fields()`.

Uncertainties are the ``uncertainty``-role fields (with their priors: triangular priors become
scipy ``triang`` distributions, integers and booleans uniform), levers the ``lever``-role fields,
outcomes the numeric entries of the run summary (DESIGN.md §5). Each experiment runs on
``replications`` seeds spawned from one master seed (EMA's ``ReplicatorModel``); each outcome is
the mean over them.

Example (scenario discovery for "output in the target year below a threshold")::

    from experiments.ema import discover
    result = discover(threshold=3000, n_scenarios=200)
    print(result.limits)          # the box PRIM found, per uncertain field
    print(result.coverage, result.density)

``python -m experiments.ema --threshold 3000 --scenarios 200`` does the same from a shell.
"""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import SUMMARY, MagnetModel, Params
from experiments.design import resolve_scenarios, spawn_seeds, uncertainty_fields

#: Summary outputs reported to EMA (numbers; empty values become NaN).
OUTCOMES: tuple[str, ...] = tuple(c.name for c in SUMMARY if c.name != "shortfall_due_to_gap_t")


def _ema() -> Any:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="ipyparallel not installed")
        import ema_workbench

    return ema_workbench


class ModelFunction:
    """The callable EMA runs: keyword values of fields (and ``seed``) → summary outcomes.

    A plain class (not a closure) so that EMA's multiprocessing evaluator can pickle it.
    """

    def __init__(self, base: dict[str, Any]) -> None:
        self.base = base

    def __call__(self, seed: int = 0, **values: Any) -> dict[str, float]:
        """Run one replication and return the summary outcomes."""
        params = Params.from_dict({**self.base, **_plain(values)})
        model = MagnetModel(params, rng=int(seed), record_agents=False)
        model.run()
        summary = model.result().summary
        return {k: float("nan") if summary[k] is None else float(summary[k]) for k in OUTCOMES}


def replication_mean(values: Sequence[float]) -> float:
    """Mean over an experiment's replications, ignoring empty values (NaN if all are)."""
    a = np.asarray(values, dtype=float)
    a = a[~np.isnan(a)]
    return float(a.mean()) if len(a) else float("nan")


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    specs = Params.fields()
    out: dict[str, Any] = {}
    for name, v in values.items():
        spec = specs[name]
        if spec.type is bool:
            out[name] = bool(v)
        elif spec.type is int:
            out[name] = int(round(float(v)))
        elif spec.type is float:
            out[name] = float(v)
        else:
            out[name] = str(v)
    return out


def parameter(name: str) -> Any:
    """The EMA parameter of one field, from its spec and prior."""
    ema = _ema()
    from scipy import stats

    spec = Params.fields()[name]
    if spec.type is bool:
        return ema.BooleanParameter(name)
    if spec.choices is not None:
        return ema.CategoricalParameter(name, list(spec.choices))
    p = spec.prior
    low, high = (p.low, p.high) if p is not None else (spec.low, spec.high)
    assert low is not None and high is not None  # numeric fields always have a range
    if spec.type is int:
        return ema.IntegerParameter(name, int(low), int(high))
    if p is not None and p.kind == "triangular" and p.mode is not None and high > low:
        dist = stats.triang((p.mode - low) / (high - low), loc=low, scale=high - low)
        return ema.RealParameter.from_dist(name, dist)
    return ema.RealParameter(name, float(low), float(high))


def ema_model(
    scenario: str = "baseline",
    *,
    uncertainties: Sequence[str] | None = None,
    levers: Sequence[str] = (),
    outcomes: Sequence[str] = OUTCOMES,
    replications: int = 1,
    master_seed: int = 0,
) -> Any:
    """An ``ema_workbench.ReplicatorModel`` of a scenario.

    Args:
        scenario: scenario name or TOML path (fields not sampled keep its values).
        uncertainties: fields sampled as uncertainties (default: every ``uncertainty`` field).
        levers: ``lever`` fields exposed as EMA levers (default none; e.g. ``["scheme_enabled"]``).
        outcomes: summary outputs reported.
        replications: seeds per experiment, spawned from ``master_seed``.
        master_seed: master seed of the replication seeds.
    """
    ema = _ema()
    base = next(iter(resolve_scenarios([scenario]).values()))
    names = list(uncertainties) if uncertainties is not None else uncertainty_fields()
    model = ema.ReplicatorModel("magnet_ecosystem", function=ModelFunction(base))
    model.uncertainties = [parameter(n) for n in names]
    model.levers = [parameter(n) for n in levers]
    model.outcomes = [ema.ScalarOutcome(n, function=replication_mean) for n in outcomes]
    model.replications = [{"seed": s} for s in spawn_seeds(master_seed, replications)]
    return model


def run(
    model: Any, n_scenarios: int, *, n_policies: int = 0, jobs: int = 1
) -> tuple[pd.DataFrame, dict]:
    """``perform_experiments`` with the sequential or multiprocessing evaluator."""
    ema = _ema()
    evaluator = (
        ema.MultiprocessingEvaluator(model, n_processes=jobs)
        if jobs > 1
        else ema.SequentialEvaluator(model)
    )
    with evaluator:
        return evaluator.perform_experiments(scenarios=n_scenarios, policies=n_policies)


@dataclass
class Discovery:
    """Outcome of `discover`: the PRIM box and the data it came from."""

    threshold: float
    experiments: pd.DataFrame
    outcomes: dict[str, np.ndarray]
    y: np.ndarray
    box: Any
    limits: pd.DataFrame
    coverage: float
    density: float


def discover(
    threshold: float = 3000.0,
    *,
    outcome: str = "production_target_t",
    n_scenarios: int = 200,
    scenario: str = "baseline",
    uncertainties: Sequence[str] | None = None,
    replications: int = 1,
    master_seed: int = 0,
    jobs: int = 1,
    mass_min: float = 0.05,
) -> Discovery:
    """Scenario discovery: where in the uncertainty space does ``outcome`` fall below ``threshold``.

    Runs ``n_scenarios`` Latin-hypercube experiments, marks those whose mean ``outcome`` over the
    replications is below ``threshold`` and lets PRIM find the box with the best trade-off of
    coverage and density.
    """
    from ema_workbench.analysis import prim

    model = ema_model(
        scenario,
        uncertainties=uncertainties,
        outcomes=(outcome,),
        replications=replications,
        master_seed=master_seed,
    )
    experiments, outcomes = run(model, n_scenarios, jobs=jobs)
    y = np.asarray(outcomes[outcome], dtype=float) < threshold
    names = [u.name for u in model.uncertainties]
    x = experiments[names]
    with warnings.catch_warnings():
        # ema_workbench 3.0 calls DataFrame.drop(inplace=True), deprecated in pandas 3.1
        warnings.filterwarnings("ignore", message="The inplace keyword", category=Warning)
        alg = prim.Prim(x, y, mass_min=mass_min)
        box = alg.find_box()
    limits = box.box_lims[box._cur_box]
    restricted = [c for c in limits.columns if not limits[c].equals(box.box_lims[0][c])]
    return Discovery(
        threshold,
        experiments,
        outcomes,
        y,
        box,
        limits[restricted].T,
        float(box.coverage),
        float(box.density),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the scenario-discovery example."""
    ap = argparse.ArgumentParser(prog="python -m experiments.ema", description=discover.__doc__)
    ap.add_argument("--threshold", type=float, default=3000.0, help="output threshold (t)")
    ap.add_argument("--scenarios", type=int, default=200, help="EMA experiments")
    ap.add_argument("--scenario", default="baseline")
    ap.add_argument("--reps", type=int, default=1, help="seeds per experiment")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args(argv)
    d = discover(
        a.threshold,
        n_scenarios=a.scenarios,
        scenario=a.scenario,
        replications=a.reps,
        master_seed=a.seed,
        jobs=a.jobs,
    )
    print(f"{int(d.y.sum())} of {len(d.y)} experiments below {d.threshold:,.0f} t")
    print(f"PRIM box: coverage {d.coverage:.2f}, density {d.density:.2f}")
    print(d.limits.to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
