"""Global sensitivity analysis with SALib: Morris screening, then Sobol on a few factors.

SALib's three steps — problem, sample, analyze — with the model evaluation in between done by the
runner. The problem is posed on the unit cube (each factor's quantile); the design maps each
coordinate through the field's prior (`experiments.design.unit_to_values`), so the indices are
with respect to the priors of the forecast. The unit coordinates are kept in the design table as
``u_<field>`` columns, so the analysis needs nothing but the stored experiment.

Replications: every design point runs the same ``reps`` paired seeds (common random numbers) and
the analysed output is their mean per point. Morris μ* is in the output's unit per unit change of
quantile; Sobol indices are shares of variance. Intervals are SALib's bootstrap.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import ParameterError
from experiments.design import (
    Design,
    check_values,
    field_spec,
    first_repeat,
    make_design,
    resolve_scenarios,
    scenario_fixed_fields,
    scenario_label,
    uncertainty_fields,
    unit_to_values,
)

SOBOL_MAX_FACTORS = 20


def problem(names: Sequence[str]) -> dict[str, Any]:
    """SALib problem on the unit cube for the named fields."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def _factors(
    scenario: str | Path, fields: Sequence[str] | None, fixed: Mapping[str, Any]
) -> list[str]:
    twice = first_repeat(list(fields or ()))
    if twice is not None:
        raise ParameterError(f"factor {twice!r} is named twice; name each factor once")
    both = [n for n in fields or () if n in fixed]
    if both:
        raise ParameterError(
            f"factor {both[0]!r} is also fixed (--fix); a field cannot be both fixed and varied"
        )
    own = scenario_fixed_fields(scenario)
    names = [n for n in (fields or uncertainty_fields()) if n not in fixed and n not in own]
    for n in names:
        field_spec(n)
    if not names:
        raise ParameterError("no factors left to vary")
    return names


def _design(
    kind: str,
    scenario: str | Path,
    names: list[str],
    x: np.ndarray,
    reps: int,
    master_seed: int,
    spec: dict[str, Any],
    fixed: Mapping[str, Any],
) -> Design:
    scen = resolve_scenarios([scenario], fixed)
    cols = {n: unit_to_values(field_spec(n), x[:, j]) for j, n in enumerate(names)}
    points = [{n: cols[n][i] for n in names} for i in range(len(x))]
    design = make_design(
        kind,
        scen,
        points,
        reps,
        master_seed,
        seeds="paired",
        spec={"scenario": scenario_label(scenario), "fields": names, "fixed": dict(fixed), **spec},
        frames=(),
    )
    unit = pd.DataFrame(x[design.table["point"].to_numpy()], columns=[f"u_{n}" for n in names])
    design.table = pd.concat([design.table, unit], axis=1)
    return design


def morris_design(
    scenario: str | Path = "baseline",
    trajectories: int = 10,
    *,
    levels: int = 4,
    reps: int = 1,
    master_seed: int = 0,
    fields: Sequence[str] | None = None,
    fix: Mapping[str, Any] | None = None,
) -> Design:
    """Morris elementary-effects design over all uncertain fields (or ``fields``)."""
    from SALib.sample import morris

    if trajectories < 2:
        raise ParameterError(f"trajectories={trajectories} must be at least 2")
    if levels < 2 or levels % 2:
        raise ParameterError(
            f"levels={levels} must be an even number of at least 2 (SALib's Morris grid; "
            "4 is usual)"
        )
    fixed = check_values(fix or {})
    names = _factors(scenario, fields, fixed)
    x = morris.sample(problem(names), trajectories, num_levels=levels, seed=master_seed)
    spec = {"method": "morris", "trajectories": trajectories, "levels": levels}
    return _design("morris", scenario, names, x, reps, master_seed, spec, fixed)


def sobol_design(
    scenario: str | Path = "baseline",
    fields: Sequence[str] = (),
    *,
    base_samples: int = 64,
    reps: int = 1,
    master_seed: int = 0,
    fix: Mapping[str, Any] | None = None,
) -> Design:
    """Saltelli/Sobol design (first and total order) over at most ~15 chosen fields."""
    from SALib.sample import sobol

    if not fields:
        raise ParameterError("Sobol needs factors: give --factors or --screen a Morris experiment")
    if len(fields) > SOBOL_MAX_FACTORS:
        raise ParameterError(
            f"{len(fields)} Sobol factors is too many (at most {SOBOL_MAX_FACTORS}); "
            "screen with Morris first"
        )
    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ParameterError(f"base_samples={base_samples} must be a power of 2 (Sobol sequence)")
    fixed = check_values(fix or {})
    names = _factors(scenario, fields, fixed)
    x = sobol.sample(
        problem(names), base_samples, calc_second_order=False, scramble=True, seed=master_seed
    )
    spec = {"method": "sobol", "base_samples": base_samples, "calc_second_order": False}
    return _design("sobol", scenario, names, x, reps, master_seed, spec, fixed)


def point_outputs(design_table: pd.DataFrame, summary: pd.DataFrame, outcome: str) -> np.ndarray:
    """Mean output per design point over its finished replications (NaN if none finished)."""
    means = summary.groupby("point")[outcome].mean()
    n_points = int(design_table["point"].max()) + 1
    return means.reindex(range(n_points)).to_numpy(dtype=float)


def _undefined_points(design_table: pd.DataFrame, summary: pd.DataFrame, outcome: str) -> str:
    """Why some design points have no output: runs still pending, or the output is NaN in them.

    An output that is empty where it does not apply (``month_target_reached`` when the target is
    never reached) gives no index however often the experiment is resumed: say so and name
    outputs that every finished run defines.
    """
    n_points = int(design_table["point"].max()) + 1
    unrun = n_points - int(summary["point"].nunique())
    if unrun:
        return (
            f"{unrun} design point(s) have no finished run; resume the experiment before "
            "analysing it"
        )
    empty = int(pd.to_numeric(summary[outcome], errors="coerce").isna().sum())
    outputs = summary.drop(columns=[c for c in design_table.columns if c in summary])
    defined = [c for c in outputs.select_dtypes("number") if outputs[c].notna().all()]
    first = [c for c in ("production_target_t", "capacity_target_t") if c in defined]
    hint = ", ".join(list(dict.fromkeys([*first, *defined]))[:3])
    return (
        f"the output {outcome} is missing (NaN) in {empty:,} of {len(summary):,} finished runs, so "
        "no index can be computed for the design points where it is never defined; choose an "
        f"output defined in every run (--output), e.g. {hint}"
    )


def _unit_matrix(design_table: pd.DataFrame, names: Sequence[str]) -> np.ndarray:
    first = design_table.drop_duplicates("point").sort_values("point")
    return first[[f"u_{n}" for n in names]].to_numpy(dtype=float)


def analyze(
    experiment: Any,
    outcome: str = "production_target_t",
    *,
    resamples: int = 1000,
    conf: float = 0.95,
) -> pd.DataFrame:
    """Morris (μ, μ*, σ, μ* CI) or Sobol (S1, ST with CIs) indices of a stored experiment."""
    from SALib.analyze import morris, sobol

    spec = experiment.spec
    names = list(spec["fields"])
    y = point_outputs(experiment.design, experiment.summary, outcome)
    if np.isnan(y).any():
        raise ParameterError(_undefined_points(experiment.design, experiment.summary, outcome))
    seed = int(experiment.manifest["master_seed"])
    prob = problem(names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # constant outputs give 0/0 in SALib
        if spec["method"] == "morris":
            x = _unit_matrix(experiment.design, names)
            res = morris.analyze(
                prob,
                x,
                y,
                num_resamples=resamples,
                conf_level=conf,
                num_levels=int(spec["levels"]),
                seed=seed,
            )
            frame = pd.DataFrame(
                {
                    "factor": names,
                    "mu": res["mu"],
                    "mu_star": res["mu_star"],
                    "sigma": res["sigma"],
                    "mu_star_conf": res["mu_star_conf"],
                }
            )
            frame = frame.sort_values("mu_star", ascending=False, ignore_index=True)
        else:
            res = sobol.analyze(
                prob,
                y,
                calc_second_order=False,
                num_resamples=resamples,
                conf_level=conf,
                seed=seed,
            )
            frame = pd.DataFrame(
                {
                    "factor": names,
                    "S1": res["S1"],
                    "S1_conf": res["S1_conf"],
                    "ST": res["ST"],
                    "ST_conf": res["ST_conf"],
                }
            )
            frame = frame.sort_values("ST", ascending=False, ignore_index=True)
    frame.insert(1, "label", [field_spec(n).label for n in frame["factor"]])
    frame.attrs.update(method=spec["method"], outcome=outcome, sizes=experiment.sizes_text())
    return frame


def top_factors(
    morris_experiment: Any, k: int = 15, outcome: str = "production_target_t"
) -> list[str]:
    """The ``k`` fields with the largest Morris μ* (the screening step before Sobol)."""
    check_screen(morris_experiment)
    table = analyze(morris_experiment, outcome)
    return table["factor"].head(k).tolist()


def check_screen(experiment: Any) -> None:
    """Refuse a screening experiment that is not a finished Morris run (before any Sobol run).

    Raises:
        ParameterError: another kind of experiment, or runs still pending.
    """
    where = f"--screen {experiment.path}"
    if experiment.kind != "morris" or experiment.spec.get("method") != "morris":
        raise ParameterError(
            f"{where}: a {experiment.kind} experiment, not a Morris screening; give the folder "
            "of `ecosystem sensitivity --method morris`"
        )
    pending = int(experiment.manifest["counts"].get("pending", 0))
    if pending:
        raise ParameterError(
            f"{where}: the Morris experiment is not finished ({pending:,} runs pending); "
            "finish it with --resume first"
        )


def sensitivity_lines(table: pd.DataFrame, top: int = 15) -> list[str]:
    """Indices for the terminal."""
    method = table.attrs.get("method", "")
    lines = [
        f"{method} indices of {table.attrs.get('outcome', '')} ({table.attrs.get('sizes', '')})"
    ]
    for r in table.head(top).to_dict("records"):
        if method == "morris":
            lines.append(
                f"  {r['factor']:<32} mu* {r['mu_star']:>9,.1f} ± {r['mu_star_conf']:,.1f}"
                f"   sigma {r['sigma']:>9,.1f}"
            )
        else:
            lines.append(
                f"  {r['factor']:<32} S1 {r['S1']:6.3f} ± {r['S1_conf']:.3f}   "
                f"ST {r['ST']:6.3f} ± {r['ST_conf']:.3f}"
            )
    return lines
