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
Both rules compare the numbers as they are quoted (``--decimals 2`` for probabilities,
``--median-step 100`` tonnes for the median); the unrounded comparison is printed for reference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Sequence
from itertools import permutations
from pathlib import Path

import pandas as pd

from ecosystem import load_scenario
from experiments import load_experiment
from experiments.folder import check_writable
from experiments.forecast import THRESHOLDS, forecast_design, forecast_table
from experiments.guard import guarded
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


def _quoted(x: float, step: float) -> float:
    """``x`` as it is quoted: rounded to the nearest multiple of ``step`` (0.01, 100 t)."""
    return round(x / step) * step


def _statistics(thresholds: Sequence[float]) -> list[tuple[str, str]]:
    """(column stem, label) of each checked statistic: the thresholds, then the median."""
    stats = [(f"p_ge_{int(t)}", f"P(>= {t:,.0f} t)") for t in thresholds]
    return stats + [("production_q50", "median output (t)")]


def disagreements(
    table: pd.DataFrame,
    thresholds: Sequence[float] = THRESHOLDS,
    rule: str = "inside",
    decimals: int = 2,
    median_step_t: float = 100.0,
) -> list[str]:
    """Each (seed, other seed, statistic) where the seeds disagree, at the quoted precision.

    The statistics are the threshold probabilities, quoted to ``decimals`` decimals, and the
    median output in the target year with its cluster-bootstrap interval, quoted to
    ``median_step_t`` tonnes: the precision ``docs/statistics.md`` says to quote them to at the
    documented size (two decimals, the hundred tonnes). Both an estimate and the interval ends
    are rounded to that precision before they are compared, so a check passes when the numbers
    *as quoted* agree.

    ``rule="inside"``: the seed's quoted estimate is outside the other's quoted 95% interval.
    With exact intervals and unrounded numbers this happens by chance in about 16% of
    comparisons (two independent estimates of equal precision differ by more than 1.96 standard
    errors of one of them with probability P(|Z| > 1.96/√2) ≈ 0.16), whatever the size;
    rounding to the quoted precision absorbs differences below it, so the rule holds once the
    size makes the estimates stable to that precision. ``rule="overlap"``: the two intervals do
    not overlap (by chance in about 0.6% of comparisons).
    """
    out = []
    recs = table.to_dict("records")
    step_p = 10.0**-decimals
    for a, b in permutations(recs, 2):
        for stem, label in _statistics(thresholds):
            step = median_step_t if stem == "production_q50" else step_p
            suffix = "_t" if stem == "production_q50" else ""
            est, lo, hi = (f"{stem}{suffix}", f"{stem}_lo{suffix}", f"{stem}_hi{suffix}")
            if est not in a:
                continue
            fmt = ",.0f" if stem == "production_q50" else f".{decimals}f"
            a_lo, a_hi = _quoted(a[lo], step), _quoted(a[hi], step)
            b_lo, b_hi = _quoted(b[lo], step), _quoted(b[hi], step)
            if rule == "overlap":
                if (a_lo > b_hi or b_lo > a_hi) and a["master_seed"] < b["master_seed"]:
                    out.append(
                        f"{label}: seed {a['master_seed']} [{a_lo:{fmt}}, {a_hi:{fmt}}] and "
                        f"seed {b['master_seed']} [{b_lo:{fmt}}, {b_hi:{fmt}}] do not overlap"
                    )
                continue
            q = _quoted(a[est], step)
            if not b_lo <= q <= b_hi:
                out.append(
                    f"{label} of seed {a['master_seed']} = {q:{fmt}} is outside seed "
                    f"{b['master_seed']}'s interval [{b_lo:{fmt}}, {b_hi:{fmt}}]"
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
    ap.add_argument(
        "--samples",
        type=int,
        default=500,
        help="prior samples (parameter points; 500 is make paper's)",
    )
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
    ap.add_argument(
        "--decimals", type=int, default=2, help="decimals the probabilities are quoted to"
    )
    ap.add_argument(
        "--median-step", type=float, default=100.0, help="tonnes the median is quoted to"
    )
    ap.add_argument("--csv", type=Path, default=None, help="write each seed's row here")
    a = ap.parse_args(argv)
    if a.decimals < 0 or a.median_step <= 0:
        print("seed_agreement: need --decimals >= 0 and --median-step > 0", file=sys.stderr)
        return 2
    if a.samples < 2 or a.reps < 1 or len(a.seeds) < 2:
        print("seed_agreement: need --samples >= 2, --reps >= 1 and two --seeds", file=sys.stderr)
        return 2
    return guarded(_check, a)


def _check(a: argparse.Namespace) -> int:
    """Run the forecasts, print the spread and the disagreements; 0 if the seeds agree."""
    load_scenario(a.scenario)  # an unknown scenario is refused before anything runs
    if a.out is not None:
        check_writable(a.out)
    table = forecast_by_seed(a.scenario, a.samples, a.reps, a.seeds, jobs=a.jobs, out=a.out)
    if a.csv:
        table.to_csv(a.csv, index=False)
    for line in spread_lines(table):
        print(line)
    quoted = {"decimals": a.decimals, "median_step_t": a.median_step}
    n_checks = len(table) * (len(table) - 1) * (len(THRESHOLDS) + 1)
    for label, dec, step in (
        ("unrounded (6 decimals, 1 t)", 6, 1.0),
        ("as quoted", a.decimals, a.median_step),
    ):
        inside = disagreements(table, rule="inside", decimals=dec, median_step_t=step)
        print(f"estimates outside another seed's interval, {label}: {len(inside)} of {n_checks}")
        for line in inside:
            print("  " + line)
    bad = disagreements(table, rule=a.rule, **quoted)
    for line in bad:
        print("DISAGREE: " + line)
    print(f"all seeds agree (rule {a.rule})" if not bad else f"{len(bad)} disagreements")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
