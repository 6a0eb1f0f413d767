"""``python -m experiments.validation``: run the validation or store the Morris ranking."""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from experiments.validation.display import print_table
from experiments.validation.figure import figure
from experiments.validation.morris import (
    MORRIS_DESIGN,
    morris_ranking,
    run_morris,
    write_morris_ranking,
)
from experiments.validation.observations import (
    DOC,
    FIGURE,
    MASTER_SEED,
    N_SEEDS,
    ROOT,
)
from experiments.validation.report import validation_markdown
from experiments.validation.table import run_validation


# ----------------------------------------------------------------------------- command line
def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run the validation (default) or store the Morris ranking (``--morris``)."""
    parser = argparse.ArgumentParser(
        prog="python -m experiments.validation",
        description="Validate the model against real plant build-outs (docs/validation.md).",
    )
    parser.add_argument("--seeds", type=int, default=N_SEEDS, help=f"ensemble size ({N_SEEDS})")
    parser.add_argument("--master-seed", type=int, default=MASTER_SEED)
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--doc", type=Path, default=DOC, help="report to write")
    parser.add_argument("--figure", type=Path, default=FIGURE, help="figure to write (PNG)")
    parser.add_argument(
        "--morris",
        nargs="?",
        const="",
        metavar="DIR",
        help="store the Morris ranking of a stored screening (DIR), or run it (no DIR)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="processes for --morris")
    args = parser.parse_args(argv)
    if args.morris is not None:
        from experiments.storage import load_experiment

        exp = load_experiment(args.morris) if args.morris else run_morris(jobs=args.jobs)
        data = morris_ranking(exp, MORRIS_DESIGN["outcome"])
        path = write_morris_ranking(data)
        print(f"wrote {path.relative_to(ROOT)} ({data['runs']:,} runs); top 15 by mu*:")
        for f in data["factors"][:15]:
            print(f"  {f['rank']:>2}. {f['factor']:<32} {f['mu_star']:>9,.1f} t")
        print("run `make docs` to regenerate docs/calibration.md")
        return 0
    if args.seeds < 2:
        parser.error("--seeds must be at least 2")
    t0 = time.perf_counter()
    v = run_validation(args.seeds, args.master_seed)
    print(
        f"validation: {args.seeds} seeds and {args.seeds} prior draws per set-up, master seed "
        f"{args.master_seed} ({time.perf_counter() - t0:.0f} s)"
    )
    print_table(v.table)
    if not args.no_write:
        fig = figure(v, args.figure)
        rel = (
            Path("img") / args.figure.name
            if args.figure.parent == args.doc.parent / "img"
            else args.figure
        )
        args.doc.parent.mkdir(parents=True, exist_ok=True)
        args.doc.write_text(validation_markdown(v, rel.as_posix()), encoding="utf-8")
        print(f"\nwrote {args.doc} and {fig}")
    return 0
