"""Batch commands of the ``ecosystem`` CLI: ensemble, sweep, forecast, sensitivity, attribute.

Also ``verify``.
``add_commands(subparsers)`` adds them to the ``ecosystem`` parser; ``python -m experiments.cli``
runs them alone. Every batch command takes ``--seed`` (master seed), ``--out DIR`` and
``--resume``, plus ``--jobs N`` (local processes) or ``--scheduler tcp://HOST:PORT|local`` (Dask).
Bad input — an unknown field or scenario, a value out of range, a folder in use — is refused with
one ``error:`` line on stderr and exit status 2 before any run starts. Ctrl-C saves what finished
and exits with 130; ``--resume`` finishes the experiment.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ecosystem import CommandParser, seed_arg
from experiments.cli_args import (
    batch_options,
    parse_assignments,
    parse_frames,
    parse_levels,
    parse_names,
    parse_ranges,
    positive_int,
)
from experiments.guard import EXIT_INTERRUPTED, EXIT_USAGE, UsageError, guarded

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_USAGE",
    "UsageError",
    "add_commands",
    "build_parser",
    "guarded",
    "main",
]

SUMMARY_OUTPUTS = (
    "production_target_t",
    "capacity_target_t",
    "sli_paid_total_cr",
    "subsidy_inr_per_kg",
    "import_share_target",
    "expertise_gap_target",
    "target_shortfall_t",
    "fiscal_cost_cr",
    "fiscal_cost_npv_cr",
    "unmet_demand_cum_t",
    "month_target_reached",
)


def _out(args: argparse.Namespace, *parts: str) -> Path:
    if args.out is not None:
        if not args.out.strip():
            raise UsageError("--out is empty; give a folder")
        return Path(args.out)
    stem = "-".join(Path(p).stem for p in parts if p)
    return Path("results") / f"{args.command_name}-{stem}-seed{args.seed}"


# ---- running ---------------------------------------------------------------------------------
def _execute(args: argparse.Namespace, design: Any, out: Path) -> Any:
    from experiments.executors import check_scheduler
    from experiments.runner import run_experiment
    from experiments.storage import Store

    allow = bool(getattr(args, "allow_code_change", False))
    Store.preflight(out, design, args.resume, allow_code_change=allow)
    if args.scheduler:
        check_scheduler(args.scheduler)
    said: list[str] = []

    def log(text: str) -> None:  # the size line waits until nothing can be refused any more
        if not said:
            said.append(text)
            print(f"{design.kind}: {design.sizes_text()} -> {out}", file=sys.stderr)
        print(text, file=sys.stderr)

    return run_experiment(
        design,
        out,
        jobs=args.jobs,
        scheduler=args.scheduler,
        resume=args.resume,
        progress=False if args.no_progress else None,
        command=getattr(args, "argv", None) or sys.argv,
        allow_code_change=allow,
        log=log,
    )


def _figures(args: argparse.Namespace, out: Path) -> None:
    if getattr(args, "figures", False):
        from experiments.figures import figures_for

        for path in figures_for(out, out / "figures"):
            print(f"figure: {path}")


def cmd_ensemble(args: argparse.Namespace) -> int:
    """Each scenario × ``--reps`` paired seeds."""
    from experiments.design import DEFAULT_FRAMES, ensemble_design

    design = ensemble_design(
        args.scenarios,
        args.reps,
        args.seed,
        overrides=parse_assignments(args.set),
        twin=args.twin,
        frames=parse_frames(args.frames, DEFAULT_FRAMES),
    )
    out = _out(args, *args.scenarios[:2])
    report = _execute(args, design, out)
    print(report.line())
    exp = report.experiment()
    s = exp.summary
    if len(s):
        cols = ["production_target_t", "capacity_target_t"] + (
            ["shortfall_due_to_gap_t"] if args.twin else []
        )
        table = s.groupby("scenario", sort=False)[cols].agg(["median", "mean"])
        print(table.round(1).to_string())
    _figures(args, out)
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    """Full factorial (``--factor``) or Latin hypercube (``--range``) from flags or a TOML file."""
    from experiments.design import DEFAULT_FRAMES, factorial_design, lhs_design
    from experiments.design_file import DesignFile, read_design_file

    if args.factor and args.range:
        raise UsageError("give --factor (full factorial) or --range (Latin hypercube), not both")
    spec = read_design_file(args.design) if args.design else DesignFile(Path("."))
    if spec.seed is not None and not args.seed_given:
        args.seed = spec.seed
    scenarios = args.scenarios or spec.scenarios or ["baseline"]
    reps = args.reps if args.reps is not None else (spec.reps or 1)
    overrides = {**spec.set, **parse_assignments(args.set)}
    frames = parse_frames(args.frames, spec.frames if spec.frames is not None else DEFAULT_FRAMES)
    twin = args.twin or spec.twin
    method = spec.method or ("lhs" if args.range else "factorial")
    if method == "factorial":
        if args.range or args.samples:
            raise UsageError("--range and --samples belong to a Latin hypercube (method = 'lhs')")
        levels = _merged(spec.factors, parse_levels(args.factor), "--factor", args.design)
        design = factorial_design(
            scenarios, levels, reps, args.seed, overrides=overrides, twin=twin, frames=frames
        )
    else:
        if args.factor:
            raise UsageError("--factor belongs to a full factorial (method = 'factorial')")
        ranges = _merged(spec.factors, parse_ranges(args.range), "--range", args.design)
        samples = args.samples or spec.samples or 0
        if samples < 1:
            raise UsageError("a Latin hypercube needs --samples N (or samples = N in the design)")
        design = lhs_design(
            scenarios,
            ranges,
            samples,
            reps,
            args.seed,
            overrides=overrides,
            twin=twin,
            frames=frames,
        )
    report = _execute(args, design, _out(args, *scenarios[:2]))
    print(report.line())
    return 0


def _merged(
    in_file: Mapping[str, Any], given: Mapping[str, Any], flag: str, file: str | None
) -> dict[str, Any]:
    """The design file's factors and the command line's; one named in both is refused."""
    both = [n for n in given if n in in_file]
    if both:
        raise UsageError(
            f"{flag} {both[0]}: the design file {file} already has this factor; give it once"
        )
    return {**in_file, **given}


def cmd_forecast(args: argparse.Namespace) -> int:
    """Priors of the uncertain fields × seeds: output in the target year and its thresholds."""
    from ecosystem import Params
    from experiments.design import check_size
    from experiments.forecast import forecast_design, forecast_lines, forecast_table

    fields = parse_names(args.fields, "--fields")
    roles = {n: s.role for n, s in Params.fields().items()}
    for name in fields or ():
        if roles[name] != "uncertainty":
            raise UsageError(
                f"--fields {name}: not an uncertain field (role {roles[name]}); a forecast "
                "samples only uncertain fields (`ecosystem params --role uncertainty`); "
                "fix others with --fix"
            )
    fix = parse_assignments(args.set, "--fix")
    both = [n for n in fields or () if n in fix]
    if both:
        raise UsageError(
            f"--fields {both[0]} is also fixed by --fix; a field cannot be both fixed and sampled"
        )
    check_size(args.samples * args.reps * len(args.scenarios), f"--samples {args.samples}")
    design = forecast_design(
        args.scenarios,
        args.samples,
        args.reps,
        args.seed,
        fields=fields,
        fix=fix,
        frames=parse_frames(args.frames, ("timeseries",)),
    )
    out = _out(args, *args.scenarios[:2])
    report = _execute(args, design, out)
    print(report.line())
    exp = report.experiment()
    if len(exp.summary):
        print("\n".join(forecast_lines(forecast_table(exp.summary))))
    _figures(args, out)
    return 0


#: Options of one sensitivity method, with their defaults (given with the other: refused).
MORRIS_OPTIONS = {"trajectories": 10, "levels": 4}
SOBOL_OPTIONS = {"base_samples": 64, "screen": None, "top": None}


def _sensitivity_options(args: argparse.Namespace) -> list[str] | None:
    """Check the options of ``sensitivity`` together; the ``--factors`` named (None: all).

    An option of the other method, ``--screen`` with ``--factors``, or ``--top`` without
    ``--screen`` would be silently ignored, so each is refused; so is a Morris grid SALib
    cannot use (levels must be even and at least 2).
    """
    if args.output not in SUMMARY_OUTPUTS:
        raise UsageError(f"--output {args.output!r} must be one of {', '.join(SUMMARY_OUTPUTS)}")
    own, other = (
        (MORRIS_OPTIONS, SOBOL_OPTIONS)
        if args.method == "morris"
        else (SOBOL_OPTIONS, MORRIS_OPTIONS)
    )
    for name in other:
        if getattr(args, name) is not None:
            flag = "--" + name.replace("_", "-")
            raise UsageError(
                f"{flag} belongs to --method {'sobol' if args.method == 'morris' else 'morris'}"
            )
    for name, default in own.items():
        if getattr(args, name) is None:
            setattr(args, name, default)
    if args.method == "morris" and (args.levels < 2 or args.levels % 2):
        raise UsageError(
            f"--levels {args.levels}: Morris needs an even number of levels, "
            "at least 2 (4 is usual)"
        )
    factors = parse_names(args.factors, "--factors")
    if args.screen is not None and factors:
        raise UsageError("give --factors or --screen (its top factors), not both")
    if args.top is not None and args.screen is None:
        raise UsageError("--top belongs to --screen (the top factors of a Morris experiment)")
    return factors


def _sensitivity_design(args: argparse.Namespace, factors: list[str] | None) -> Any:
    """The Morris or Sobol design of ``sensitivity`` (sizes checked before it is built)."""
    from experiments.design import check_size, uncertainty_fields
    from experiments.sensitivity import morris_design, sobol_design, top_factors

    fix = parse_assignments(args.set, "--fix")
    if args.method == "morris":
        k = len(factors or uncertainty_fields())
        check_size(args.trajectories * (k + 1) * args.reps, f"--trajectories {args.trajectories}")
        return morris_design(
            args.scenario,
            args.trajectories,
            levels=args.levels,
            reps=args.reps,
            master_seed=args.seed,
            fields=factors,
            fix=fix,
        )
    if args.screen is not None:
        from experiments.storage import load_experiment

        factors = top_factors(load_experiment(args.screen), args.top or 15, args.output)
    k = len(factors or ())
    check_size(args.base_samples * (k + 2) * args.reps, f"--base-samples {args.base_samples}")
    return sobol_design(
        args.scenario,
        factors or (),
        base_samples=args.base_samples,
        reps=args.reps,
        master_seed=args.seed,
        fix=fix,
    )


def cmd_sensitivity(args: argparse.Namespace) -> int:
    """Morris screening over the uncertain fields, or Sobol over a few chosen or screened ones."""
    from experiments.sensitivity import analyze, sensitivity_lines

    design = _sensitivity_design(args, _sensitivity_options(args))
    out = _out(args, args.method, args.scenario)
    report = _execute(args, design, out)
    print(report.line())
    if report.pending == 0:
        print("\n".join(sensitivity_lines(analyze(report.experiment(), args.output))))
    _figures(args, out)
    return 0


def cmd_attribute(args: argparse.Namespace) -> int:
    """The 2^4 factorial (tender fixed) with Shapley shares of the shortfall in the target year."""
    from experiments.attribution import attribution_design, attribution_lines, attribution_table

    design = attribution_design(
        args.scenario,
        args.reps,
        args.seed,
        overrides=parse_assignments(args.set),
        frames=parse_frames(args.frames, ()),
    )
    out = _out(args, args.scenario)
    report = _execute(args, design, out)
    print(report.line())
    print("\n".join(attribution_lines(attribution_table(report.experiment().summary))))
    _figures(args, out)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Check stored data against the manifest and re-run a sample of runs; exit 1 on a mismatch."""
    from experiments.verify import verify_experiment

    report = verify_experiment(args.dir, sample=args.sample, seed=args.seed)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _wrap(
    name: str, func: Callable[[argparse.Namespace], int]
) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        args.command_name = name
        args.seed_given = getattr(args, "seed_given", False)
        return guarded(func, args)

    handler.__name__ = func.__name__
    handler.__doc__ = func.__doc__
    return handler


def _fix_hints(command: str) -> dict[str, str]:
    """What to say to ``--set`` given to a command that fixes parameters with ``--fix``."""
    return {"--set": f"{command} fixes parameters with --fix NAME=VALUE"}


def add_commands(subparsers: Any) -> None:
    """Add ensemble, sweep, forecast, sensitivity, attribute and verify to a subparsers object."""
    ens = subparsers.add_parser("ensemble", help="scenarios × replications on paired seeds")
    ens.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="names or .toml files")
    ens.add_argument("--reps", type=positive_int, default=10, help="replications (default 10)")
    ens.add_argument("--twin", action="store_true", help="also run each run's expertise-gap twin")
    ens.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    batch_options(ens)
    ens.set_defaults(func=_wrap("ensemble", cmd_ensemble))

    sw = subparsers.add_parser("sweep", help="full factorial or Latin hypercube over any fields")
    sw.add_argument("scenarios", nargs="*", metavar="SCENARIO", help="default: baseline")
    sw.add_argument(
        "--factor",
        action="append",
        default=[],
        metavar="NAME=V1,V2,...",
        help="factorial levels of a field (repeatable)",
    )
    sw.add_argument(
        "--range",
        action="append",
        default=[],
        metavar="NAME[=LOW:HIGH]",
        help="Latin-hypercube range of a field (repeatable; NAME alone: its range)",
    )
    sw.add_argument("--samples", type=positive_int, help="Latin-hypercube points")
    sw.add_argument("--design", metavar="FILE.toml", help="design file (method, factors, ...)")
    sw.add_argument("--reps", type=positive_int, help="replications per point (default 1)")
    sw.add_argument("--twin", action="store_true", help="also run each run's twin")
    batch_options(sw)
    sw.set_defaults(func=_wrap("sweep", cmd_sweep))

    fc = subparsers.add_parser("forecast", help="output in the target year over the priors × seeds")
    fc.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    fc.add_argument("--samples", type=positive_int, default=200, help="prior samples (default 200)")
    fc.add_argument("--reps", type=positive_int, default=2, help="seeds per sample (default 2)")
    fc.add_argument("--fields", metavar="LIST", help="sample only these uncertain fields")
    fc.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    batch_options(fc, sets="--fix")
    fc.set_defaults(func=_wrap("forecast", cmd_forecast), arg_hints=_fix_hints("forecast"))

    se = subparsers.add_parser("sensitivity", help="Morris screening or Sobol indices (SALib)")
    se.add_argument("scenario", nargs="?", default="baseline", metavar="SCENARIO")
    se.add_argument("--method", choices=("morris", "sobol"), default="morris")
    se.add_argument("--trajectories", type=positive_int, help="Morris trajectories (default 10)")
    se.add_argument("--levels", type=positive_int, help="Morris grid levels, even (default 4)")
    se.add_argument(
        "--base-samples",
        type=positive_int,
        help="Sobol base samples N (power of 2, default 64; runs = N × (factors + 2) × reps)",
    )
    se.add_argument("--factors", metavar="LIST", help="fields to vary (Sobol: at most ~15)")
    se.add_argument(
        "--screen", metavar="DIR", help="Sobol: take the top factors of this Morris run"
    )
    se.add_argument("--top", type=positive_int, help="factors taken by --screen (default 15)")
    se.add_argument("--reps", type=positive_int, default=1, help="seeds averaged per point")
    se.add_argument("--output", default="production_target_t", help="summary output analysed")
    se.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    batch_options(se, sets="--fix")
    se.set_defaults(func=_wrap("sensitivity", cmd_sensitivity), arg_hints=_fix_hints("sensitivity"))

    at = subparsers.add_parser(
        "attribute", help="2^4 factorial with Shapley shares of the shortfall"
    )
    at.add_argument("scenario", nargs="?", default="baseline", metavar="SCENARIO")
    at.add_argument(
        "--reps", type=positive_int, default=20, help="seeds (default 20; 16 runs each)"
    )
    at.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    batch_options(at)
    at.set_defaults(func=_wrap("attribute", cmd_attribute))

    ve = subparsers.add_parser("verify", help="check a stored experiment and re-run a sample")
    ve.add_argument("dir", metavar="DIR")
    ve.add_argument("--sample", type=positive_int, default=20, help="runs to re-run (default 20)")
    ve.add_argument("--seed", type=seed_arg, default=0, help="seed of the sample")
    ve.set_defaults(func=_wrap("verify", cmd_verify))


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser with only the batch commands."""
    parser = CommandParser(
        prog="ecosystem", description="Batch experiments on the magnet ecosystem."
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )
    add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one batch command; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    args.argv = ["ecosystem", *argv]
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
