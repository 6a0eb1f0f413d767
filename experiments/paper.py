"""``make paper``: run every study the paper needs, then draw its figures and tables.

    python -m experiments.paper                     # small: < 15 min on 2 cores
    python -m experiments.paper --full --jobs 8     # the paper's sizes (prints how long)

Each study is an experiment folder under ``--out`` (``forecast``, ``twin``, ``attribution``,
``levers``, ``shock``, ``morris``, ``sobol``); a study already complete is not run again and an
interrupted one is resumed, so the command can be repeated after Ctrl-C. Figures (PDF + PNG) go
to ``OUT/figures``, tables (Markdown + LaTeX) to ``OUT/tables`` — drawn from the stored results
only. The Sobol study takes its factors from the Morris screening.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from experiments import attribution, design, figures, forecast, levers, sensitivity, tables
from experiments.runner import run_experiment
from experiments.storage import MANIFEST, load_experiment

FORECAST_SCENARIOS = ("baseline", "partnership_push", "rnd_skilling_push", "oxide_secure")


@dataclass(frozen=True)
class Sizes:
    """Sizes of the studies."""

    forecast_samples: int
    forecast_reps: int
    twin_reps: int
    attribution_reps: int
    lever_reps: int
    shock_reps: int
    morris_trajectories: int
    morris_reps: int
    sobol_factors: int
    sobol_base: int
    sobol_reps: int


SMALL = Sizes(250, 2, 100, 50, 100, 50, 15, 1, 12, 128, 1)
FULL = Sizes(1000, 5, 500, 200, 500, 300, 40, 5, 15, 512, 3)


def studies(sizes: Sizes, seed: int, out: Path) -> list[tuple[str, Callable[[], Any]]]:
    """(name, design factory) of each study, in the order they run."""
    return [
        (
            "forecast",
            lambda: forecast.forecast_design(
                FORECAST_SCENARIOS, sizes.forecast_samples, sizes.forecast_reps, seed
            ),
        ),
        (
            "twin",
            lambda: design.ensemble_design(
                ["baseline"], sizes.twin_reps, seed, twin=True, frames=()
            ),
        ),
        (
            "attribution",
            lambda: attribution.attribution_design("baseline", sizes.attribution_reps, seed),
        ),
        (
            "levers",
            lambda: design.ensemble_design(
                list(levers.LEVER_SCENARIOS), sizes.lever_reps, seed, frames=()
            ),
        ),
        (
            "shock",
            lambda: design.factorial_design(
                ["china_shock"],
                {"scheme_enabled": [True, False], "shock_start_month": [48, 72]},
                sizes.shock_reps,
                seed,
                frames=("timeseries",),
            ),
        ),
        (
            "morris",
            lambda: sensitivity.morris_design(
                "baseline", sizes.morris_trajectories, reps=sizes.morris_reps, master_seed=seed
            ),
        ),
        (
            "sobol",
            lambda: sensitivity.sobol_design(
                "baseline",
                sensitivity.top_factors(load_experiment(out / "morris"), sizes.sobol_factors),
                base_samples=sizes.sobol_base,
                reps=sizes.sobol_reps,
                master_seed=seed,
            ),
        ),
    ]


def run_studies(
    out: Path,
    sizes: Sizes,
    seed: int,
    jobs: int | None,
    scheduler: str | None,
    progress: bool | None = None,
) -> dict[str, Path]:
    """Run (or resume, or skip when complete) every study; returns their folders."""
    folders = {}
    for name, factory in studies(sizes, seed, out):
        folder = out / name
        d = factory()
        resume = (folder / MANIFEST).exists()
        if resume and load_experiment(folder).manifest["status"] == "complete":
            print(f"{name}: complete ({folder})")
        else:
            t0 = time.perf_counter()
            print(f"{name}: {d.sizes_text()}", flush=True)
            report = run_experiment(
                d,
                folder,
                jobs=jobs,
                scheduler=scheduler,
                resume=resume,
                progress=progress,
                command=["python", "-m", "experiments.paper"],
            )
            print(f"  {report.line()} [{time.perf_counter() - t0:.0f} s]", flush=True)
        folders[name] = folder
    return folders


def draw(folders: dict[str, Path], out: Path) -> list[Path]:
    """All figures and tables from the stored studies."""
    fig_dir, tab_dir = out / "figures", out / "tables"
    exp = {name: load_experiment(path) for name, path in folders.items()}
    paths = []
    paths += figures.fan_chart(exp["forecast"], fig_dir)
    paths += figures.threshold_chart(exp["forecast"], fig_dir)
    paths += figures.attribution_chart(exp["attribution"], fig_dir, twin=exp["twin"])
    paths += figures.lever_chart(exp["levers"], fig_dir)
    paths += figures.shock_chart(exp["shock"], fig_dir)
    paths += figures.morris_chart(exp["morris"], fig_dir)
    paths += figures.sobol_chart(exp["sobol"], fig_dir)
    paths += figures.replication_chart(exp["levers"], fig_dir)
    paths += tables.write_table(tables.forecast_tab(exp["forecast"]), tab_dir, "forecast")
    paths += tables.write_table(tables.attribution_tab(exp["attribution"]), tab_dir, "attribution")
    paths += tables.write_table(tables.lever_tab(exp["levers"]), tab_dir, "levers")
    paths += tables.write_table(tables.shock_tab(exp["shock"]), tab_dir, "shock")
    paths += tables.write_table(tables.sensitivity_tab(exp["morris"]), tab_dir, "morris")
    paths += tables.write_table(tables.sensitivity_tab(exp["sobol"]), tab_dir, "sobol")
    return paths


def total_runs(sizes: Sizes) -> int:
    """Simulations of all studies (the twin and the factorial counted per model run)."""
    n_unc = len(design.uncertainty_fields())
    return (
        len(FORECAST_SCENARIOS) * sizes.forecast_samples * sizes.forecast_reps
        + 2 * sizes.twin_reps
        + 16 * sizes.attribution_reps
        + len(levers.LEVER_SCENARIOS) * sizes.lever_reps
        + 4 * sizes.shock_reps
        + sizes.morris_trajectories * (n_unc + 1) * sizes.morris_reps
        + sizes.sobol_base * (sizes.sobol_factors + 2) * sizes.sobol_reps
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m experiments.paper``."""
    ap = argparse.ArgumentParser(
        prog="python -m experiments.paper",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument(
        "--out", default=None, help="folder (default results/paper or results/paper-full)"
    )
    ap.add_argument("--full", action="store_true", help="the paper's sizes")
    ap.add_argument("--seed", type=int, default=20251215, help="master seed")
    ap.add_argument("--jobs", type=int, default=2, help="local worker processes (default 2)")
    ap.add_argument("--scheduler", help="Dask scheduler address or 'local'")
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args(argv)
    sizes = FULL if a.full else SMALL
    out = Path(a.out or ("results/paper-full" if a.full else "results/paper"))
    t0 = time.perf_counter()
    print(
        f"paper studies ({'full' if a.full else 'small'}): about {total_runs(sizes):,} simulations "
        f"-> {out}",
        flush=True,
    )
    folders = run_studies(
        out, sizes, a.seed, a.jobs, a.scheduler, progress=False if a.no_progress else None
    )
    paths = draw(folders, out)
    print(
        f"wrote {len(paths)} files to {out / 'figures'} and {out / 'tables'} "
        f"in {time.perf_counter() - t0:.0f} s"
    )
    summary = forecast.forecast_table(load_experiment(folders["forecast"]).summary)
    print("\n".join(forecast.forecast_lines(summary[summary["scenario"] == "baseline"])))
    if not a.full:
        print(
            f"\nfull size ({total_runs(FULL):,} simulations):\n"
            f"  python -m experiments.paper --full --seed {a.seed} --jobs N "
            "[--scheduler tcp://HOST:PORT]"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
