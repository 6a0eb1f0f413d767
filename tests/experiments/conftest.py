"""Small stored experiments shared by the experiment tests (built once per session)."""

from __future__ import annotations

import pytest

from experiments import ensemble_design, run_experiment
from experiments.attribution import attribution_design
from experiments.design import factorial_design
from experiments.forecast import forecast_design
from experiments.sensitivity import morris_design, sobol_design


@pytest.fixture(scope="session")
def exp_root(tmp_path_factory):
    return tmp_path_factory.mktemp("experiments")


@pytest.fixture(scope="session")
def twin_ensemble(exp_root):
    """baseline and china_shock × 4 paired seeds, with twins."""
    d = ensemble_design(["baseline", "china_shock"], 4, 11, twin=True)
    return run_experiment(d, exp_root / "twin_ensemble", progress=False).path


@pytest.fixture(scope="session")
def forecast_exp(exp_root):
    d = forecast_design(["baseline"], 12, 1, 5)
    return run_experiment(d, exp_root / "forecast", progress=False).path


@pytest.fixture(scope="session")
def attribution_exp(exp_root):
    d = attribution_design("baseline", 2, 3)
    return run_experiment(d, exp_root / "attribution", progress=False).path


@pytest.fixture(scope="session")
def lever_exp(exp_root):
    d = ensemble_design(["baseline", "rnd_skilling_push", "no_scheme"], 4, 7, frames=())
    return run_experiment(d, exp_root / "levers", progress=False).path


@pytest.fixture(scope="session")
def shock_exp(exp_root):
    d = factorial_design(
        ["china_shock"], {"scheme_enabled": [True, False]}, 3, 2, frames=("timeseries",)
    )
    return run_experiment(d, exp_root / "shock", progress=False).path


FIELDS5 = [
    "learning_rate",
    "knowhow_novice",
    "capex_cr_per_kt",
    "process_yield_novice",
    "demand_total_t0",
]


@pytest.fixture(scope="session")
def morris_exp(exp_root):
    d = morris_design("baseline", 2, fields=FIELDS5, master_seed=1)
    return run_experiment(d, exp_root / "morris", progress=False).path


@pytest.fixture(scope="session")
def sobol_exp(exp_root):
    d = sobol_design("baseline", FIELDS5[:3], base_samples=4, master_seed=1)
    return run_experiment(d, exp_root / "sobol", progress=False).path
