"""Do independent master seeds agree? The stability check of the forecast's threshold probabilities.

Runs the same forecast (same scenario, size and fields) under several master seeds, each drawing
its own Latin hypercube of the priors and its own seeds, and checks that every seed's probability
of each threshold lies inside every other seed's 95% interval (clustered by parameter point,
`experiments.stats.cluster_wilson`). It also reports the largest difference between seeds: the
size at which that spread is below the precision a number is quoted to is the size to quote it
at (``docs/statistics.md``)::

    python -m experiments.seed_agreement baseline --samples 200 --reps 2 --seeds 7 42 1 --jobs 2

Exit status 0 when all seeds agree (``--rule inside``: every estimate inside every other seed's
interval, the issue's criterion; ``--rule overlap``: every pair of intervals overlaps), 1 if not.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from itertools import permutations
from pathlib import Path

import pandas as pd

from experiments import load_experiment
from experiments.forecast import THRESHOLDS, forecast_design, forecast_table
from experiments.runner import run_experiment


def forecast_by_seed(
    scenario: str,
    samples: int,
    reps: int,
    seeds: Sequence[int],
    *,
    jobs: int | None = None,
    out: Path | None = None,
) -> pd.DataFrame:
    """One forecast-table row per master seed (column ``master_seed``)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="seed_agreement_") as tmp:
        root = Path(out) if out else Path(tmp)
        for seed in seeds:
            design = forecast_design([scenario], samples, reps, seed, frames=())
            report = run_experiment(design, root / f"seed_{seed}", jobs=jobs, progress=False)
            table = forecast_table(load_experiment(report.path).summary)
            rows.append(table.iloc[0].to_dict() | {"master_seed": seed})
    return pd.DataFrame(rows)


def disagreements(
    table: pd.DataFrame,
    thresholds: Sequence[float] = THRESHOLDS,
    rule: str = "inside",
    tol: float = 0.0005,
) -> list[str]:
    """Each (seed, other seed, threshold) where the seeds disagree.

    ``rule="inside"``: the seed's estimate is outside the other's 95% interval. Even with exact
    intervals this happens by chance in about 16% of comparisons (two independent estimates of
    equal precision differ by more than 1.96 standard errors of one of them with probability
    P(|Z| > 1.96/√2) ≈ 0.16), whatever the size. ``rule="overlap"``: the two intervals do not
    overlap (by chance in about 0.6% of comparisons): a test of agreement with a small false-alarm
    rate. ``tol`` is half the precision the numbers are quoted to (3 decimals): an estimate of
    0.000 is inside an interval printed as [0.000, 0.007] whose exact lower end is 0.0002.
    """
    out = []
    recs = table.to_dict("records")
    for a, b in permutations(recs, 2):
        for t in thresholds:
            k = f"p_ge_{int(t)}"
            if rule == "overlap":
                ok = a[f"{k}_lo"] <= b[f"{k}_hi"] and b[f"{k}_lo"] <= a[f"{k}_hi"]
                if not ok and a["master_seed"] < b["master_seed"]:
                    out.append(
                        f"P(>= {t:,.0f} t): seed {a['master_seed']} "
                        f"[{a[k + '_lo']:.3f}, {a[k + '_hi']:.3f}] and seed {b['master_seed']} "
                        f"[{b[k + '_lo']:.3f}, {b[k + '_hi']:.3f}] do not overlap"
                    )
                continue
            if not b[f"{k}_lo"] - tol <= a[k] <= b[f"{k}_hi"] + tol:
                out.append(
                    f"P(>= {t:,.0f} t) of seed {a['master_seed']} = {a[k]:.3f} is outside seed "
                    f"{b['master_seed']}'s interval [{b[k + '_lo']:.3f}, {b[k + '_hi']:.3f}]"
                )
    return out


def spread_lines(table: pd.DataFrame, thresholds: Sequence[float] = THRESHOLDS) -> list[str]:
    """Per statistic: each seed's value and the largest difference between seeds."""
    lines = []
    seeds = ", ".join(str(s) for s in table["master_seed"])
    lines.append(f"master seeds {seeds}; {int(table['n'].iloc[0]):,} runs each")
    med = table["production_q50_t"]
    lines.append(
        "median output (t): "
        + "; ".join(
            f"{r['production_q50_t']:,.0f} [{r['production_q50_lo_t']:,.0f}, "
            f"{r['production_q50_hi_t']:,.0f}]"
            for r in table.to_dict("records")
        )
        + f"; spread {med.max() - med.min():,.0f} t"
    )
    for t in thresholds:
        k = f"p_ge_{int(t)}"
        col = table[k]
        lines.append(
            f"P(>= {t:,.0f} t): "
            + "; ".join(
                f"{r[k]:.3f} [{r[k + '_lo']:.3f}, {r[k + '_hi']:.3f}]"
                for r in table.to_dict("records")
            )
            + f"; spread {col.max() - col.min():.3f}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; see the module docstring."""
    ap = argparse.ArgumentParser(
        prog="python -m experiments.seed_agreement",
        description="Check that independent master seeds give forecast threshold probabilities "
        "inside each other's 95% intervals.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    ap.add_argument("scenario", nargs="?", default="baseline", help="scenario name or file")
    ap.add_argument("--samples", type=int, default=200, help="prior samples (parameter points)")
    ap.add_argument("--reps", type=int, default=2, help="seeds per parameter point")
    ap.add_argument("--seeds", type=int, nargs="+", default=[7, 42, 1], help="master seeds")
    ap.add_argument("--jobs", type=int, default=None, help="worker processes")
    ap.add_argument("--out", type=Path, default=None, help="keep the experiments here")
    ap.add_argument(
        "--rule",
        choices=("inside", "overlap"),
        default="inside",
        help="agreement: each estimate inside every other seed's interval, or intervals overlap",
    )
    a = ap.parse_args(argv)
    if a.samples < 2 or a.reps < 1 or len(a.seeds) < 2:
        print("seed_agreement: need --samples >= 2, --reps >= 1 and two --seeds", file=sys.stderr)
        return 2
    table = forecast_by_seed(a.scenario, a.samples, a.reps, a.seeds, jobs=a.jobs, out=a.out)
    for line in spread_lines(table):
        print(line)
    inside = disagreements(table, rule="inside")
    n_checks = len(table) * (len(table) - 1) * len(THRESHOLDS)
    print(f"estimates outside another seed's interval: {len(inside)} of {n_checks}")
    for line in inside:
        print("  " + line)
    bad = disagreements(table, rule=a.rule)
    for line in bad:
        print("DISAGREE: " + line)
    print(f"all seeds agree (rule {a.rule})" if not bad else f"{len(bad)} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
