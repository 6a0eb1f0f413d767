"""Batch experiments on the magnet-ecosystem model: designs, runner, storage and analyses.

Library code any script or notebook can import (DESIGN.md §9)::

    from experiments import ensemble_design, run_experiment, load_experiment

    design = ensemble_design(["baseline"], reps=50, master_seed=42)
    report = run_experiment(design, "results/baseline-ensemble", jobs=2)
    exp = load_experiment(report.path)
    exp.summary["production_target_t"].describe()

Modules: `design` (design tables and seeds), `runner` and `executors` (in-process, local
processes, Dask), `storage` (experiment folders, manifest, ``load_experiment``), `forecast`,
`sensitivity`, `attribution`, `levers` (analyses), `figures` and `tables`, `ema` (EMA Workbench
connector), `cli` (the ``ecosystem`` batch commands), `paper` (``make paper``).
"""

from experiments.design import (
    Design,
    ensemble_design,
    factorial_design,
    lhs_design,
    spawn_seeds,
)
from experiments.runner import RunReport, run_experiment
from experiments.storage import Experiment, ExperimentError, load_experiment

__all__ = [
    "Design",
    "Experiment",
    "ExperimentError",
    "RunReport",
    "ensemble_design",
    "factorial_design",
    "lhs_design",
    "load_experiment",
    "run_experiment",
    "spawn_seeds",
]
