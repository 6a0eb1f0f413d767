"""``make paper``: the answers to questions 1-4 over the priors, with their figures and tables.

    python -m experiments.paper              # the documented size: 5,200 runs
    python -m experiments.paper --small      # a few hundred runs (CI): writes only into --out

Studies (experiment folders under ``--out``; a complete one is not run again, an interrupted
one is resumed):

* ``forecast`` — Q1 and Q2: scenario ``baseline`` at Latin-hypercube draws of every
  ``uncertainty`` field's prior × independent seeds, each run with its expertise-gap twin;
* ``levers`` — Q3: the lever scenarios at the same draws, each (draw, seed) pair shared by every
  lever (``seeds="crossed"``);
* ``shock`` — Q4: ``china_shock`` with and without the scheme at the same draws and seeds;

Figures (PDF + PNG) go to ``OUT/figures``, tables (Markdown + LaTeX) to ``OUT/tables``, each
with a footer and a JSON sidecar naming the model commit and the design. At the documented size
the run also writes ``docs/forecast.json`` (read by the front end), ``docs/answers.md`` and the
generated block of ``README.md``. Time: 2.6 minutes measured on 2 quiet cores, 11.2 at a load
average of about 9 (1 Dec 2026; budget 30 minutes); the command prints each study's time.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ecosystem import code_changes
from experiments import answer_figures as af
from experiments import answers, design, figures, forecast, paper_docs
from experiments.folder import check_writable
from experiments.guard import guarded
from experiments.runner import run_experiment
from experiments.storage import MANIFEST, code_identity, load_experiment

#: Q3's levers (DESIGN §1: partnerships, R&D and skilling, differently shaped incentives,
#: raw-material security) against the scheme as approved.
LEVERS: tuple[str, ...] = (
    "baseline",
    "partnership_push",
    "rnd_skilling_push",
    "oxide_secure",
    "sli_front_loaded",
    "capital_subsidy_mix",
)
SHOCK_NO_SCHEME = 'extends = "china_shock"\nscheme_enabled = false\n'


@dataclass(frozen=True)
class Sizes:
    """Prior draws × seeds of each study."""

    forecast_points: int
    forecast_reps: int
    lever_points: int
    lever_reps: int
    shock_points: int
    shock_reps: int

    def runs(self) -> int:
        """Model runs (a twin counted as a run)."""
        return (
            2 * self.forecast_points * self.forecast_reps
            + len(LEVERS) * self.lever_points * self.lever_reps
            + 2 * self.shock_points * self.shock_reps
        )


PAPER = Sizes(500, 2, 200, 2, 200, 2)
SMALL = Sizes(16, 2, 8, 1, 8, 1)


def studies(sizes: Sizes, seed: int, out: Path) -> list[tuple[str, Callable[[], Any]]]:
    """(name, design factory) of each study, in the order they run."""
    no_scheme = out / "scenarios" / "china_shock_no_scheme.toml"
    no_scheme.parent.mkdir(parents=True, exist_ok=True)
    no_scheme.write_text(SHOCK_NO_SCHEME, encoding="utf-8")
    return [
        (
            "forecast",
            lambda: forecast.forecast_design(
                ["baseline"],
                sizes.forecast_points,
                sizes.forecast_reps,
                seed,
                frames=("timeseries", "twin"),
                twin=True,
            ),
        ),
        (
            "levers",
            lambda: forecast.forecast_design(
                LEVERS, sizes.lever_points, sizes.lever_reps, seed, frames=(), seeds="crossed"
            ),
        ),
        (
            "shock",
            lambda: forecast.forecast_design(
                ["china_shock", no_scheme],
                sizes.shock_points,
                sizes.shock_reps,
                seed,
                frames=(),
                seeds="crossed",
            ),
        ),
    ]


def run_studies(
    out: Path,
    plan: list[tuple[str, Callable[[], Any]]],
    jobs: int | None,
    scheduler: str | None,
    progress: bool | None = None,
) -> dict[str, Path]:
    """Run (or resume, or skip when complete) every study; print each one's time."""
    folders = {}
    for name, factory in plan:
        folder = out / name
        d = factory()
        resume = (folder / MANIFEST).exists()
        if resume and _stale(folder):
            resume = False
        if resume and load_experiment(folder).manifest["status"] == "complete":
            print(f"{name}: complete ({folder})", flush=True)
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


def _stale(folder: Path) -> str:
    """Set aside a study run by another version of the model (returns where it went, or '').

    A complete or interrupted study whose recorded code differs from the model's now would mix
    or reuse results of two versions; it is renamed (nothing computed is lost) and run afresh.
    """
    stored = load_experiment(folder).manifest.get("code")
    changes = (
        code_changes(stored, code_identity())
        if isinstance(stored, dict)
        else ["no code digest recorded"]
    )
    if not changes:
        return ""
    aside = folder.with_name(f"{folder.name}.stale-{time.strftime('%Y%m%d-%H%M%S')}")
    folder.rename(aside)
    print(
        f"{folder.name}: run by another version of the model ({'; '.join(changes)}); "
        f"set aside as {aside} and run afresh",
        flush=True,
    )
    return str(aside)


def stamp_of(exp: Any, what: str) -> dict[str, str]:
    """Commit and design text of a stored study (figure footers and sidecars)."""
    env = exp.manifest.get("environment", {})
    commit = str(env.get("git_commit") or "unknown")
    dirty = " (uncommitted changes)" if env.get("git_dirty") else ""
    return {"git_commit": commit, "design": f"{what}: {exp.sizes_text()}{dirty}"}


def draw(folders: dict[str, Path], out: Path) -> tuple[list[Path], dict[str, Any]]:
    """Every figure, table and sidecar of Q1-Q4; returns them and the numbers for the docs."""
    fig_dir, tab_dir = out / "figures", out / "tables"
    fc, lv, sh = (load_experiment(folders[n]) for n in ("forecast", "levers", "shock"))
    fields = list(fc.spec.get("fields", design.uncertainty_fields()))
    summary = answers.with_twin_oxide(fc.summary, fc.table("twin_timeseries"))
    months = answers.threshold_months(fc.table("timeseries", ["run_id", "month", "production_t"]))
    st = stamp_of(fc, "baseline over priors × seeds")
    q1 = {**st, **answers.q1_forecast(summary, months)}
    drivers = answers.zero_output_drivers(summary, fields)
    q1["note"] = (
        "Output of sintered NdFeB magnets in the 12 months to the target month, scenario "
        "baseline, over the priors of every uncertain parameter × seeds (make paper)."
    )
    q1["zero_output_sentence"] = answers.zero_output_sentence(drivers, q1["share_zero_output"])
    paths = af.q1_figure(summary, q1, fig_dir, st)
    paths += figures.fan_chart(fc, fig_dir)
    paths += af.zero_figure(summary, drivers, fig_dir, st)
    paths += af.write_table(af.q1_table(q1, st), tab_dir, "q1_forecast")
    paths += af.q2_outputs(summary, fig_dir, tab_dir, st)
    q3_paths, q3 = af.q3_outputs(
        lv.summary, fields, fig_dir, tab_dir, stamp_of(lv, "levers over paired draws")
    )
    paths += q3_paths
    paths += af.q4_outputs(sh.summary, fig_dir, tab_dir, stamp_of(sh, "china_shock ± scheme"))
    numbers = {
        "q1": q1,
        "q2": answers.q2_gap(summary, oxide_column=answers.oxide_column(summary)).to_dict(
            "records"
        ),
        "q2_oxide_column": answers.oxide_column(summary),
        "q3": q3,
        "q4": answers.q4_shock(sh.summary).to_dict("records"),
    }
    return paths, numbers


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m experiments.paper``."""
    ap = argparse.ArgumentParser(
        prog="python -m experiments.paper",
        description=__doc__,
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument("--out", default=None, help="folder (default results/paper[-small])")
    ap.add_argument("--small", action="store_true", help="CI size; writes only into --out")
    ap.add_argument("--seed", type=int, default=20251215, help="master seed")
    ap.add_argument("--jobs", type=int, default=2, help="local worker processes")
    ap.add_argument("--scheduler", help="Dask scheduler address or 'local'")
    ap.add_argument("--docs", default="docs", help="where forecast.json and answers.md go")
    ap.add_argument("--readme", default="README.md", help="README with the generated block")
    ap.add_argument("--no-progress", action="store_true")
    a = ap.parse_args(argv)
    return guarded(_paper, a)


def _paper(a: argparse.Namespace) -> int:
    """Run (or reuse) the studies, draw the figures and tables, publish the numbers."""
    sizes = SMALL if a.small else PAPER
    out = Path(a.out or ("results/paper-small" if a.small else "results/paper"))
    check_writable(out)
    t0 = time.perf_counter()
    print(f"paper ({'small' if a.small else 'documented size'}): {sizes.runs():,} runs -> {out}")
    plan = studies(sizes, a.seed, out)
    progress = False if a.no_progress else None
    folders = run_studies(out, plan, a.jobs, a.scheduler, progress)
    paths, numbers = draw(folders, out)
    docs = out if a.small else Path(a.docs)
    readme = None if a.small else Path(a.readme)
    paths += paper_docs.publish(
        numbers, docs, readme, small=a.small, figures=None if a.small else out / "figures"
    )
    elapsed = time.perf_counter() - t0
    print(f"wrote {len(paths)} files in {elapsed:.0f} s ({elapsed / 60:.1f} min)")
    print("\n".join(paper_docs.headline_lines(numbers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
