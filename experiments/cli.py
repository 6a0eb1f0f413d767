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
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

from ecosystem import seed_arg

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
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


class UsageError(Exception):
    """Input the command refuses (shown after ``error:``, exit 2)."""


# ---- parsing helpers -------------------------------------------------------------------------
def _assignments(items: Sequence[str], what: str = "--set") -> dict[str, Any]:
    from experiments.design import field_spec, parse_value

    out: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{what} {item!r} must look like NAME=VALUE")
        out[name.strip()] = parse_value(field_spec(name.strip()), text)
    return out


def _levels(items: Sequence[str]) -> dict[str, list[Any]]:
    from experiments.design import field_spec, parse_value

    out: dict[str, list[Any]] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not text.strip():
            raise UsageError(f"--factor {item!r} must look like NAME=V1,V2,...")
        spec = field_spec(name.strip())
        _once(spec.name, out, "--factor", "NAME=V1,V2,...")
        out[spec.name] = [parse_value(spec, v) for v in text.split(",") if v.strip()]
    return out


def _once(name: str, seen: Mapping[str, Any], flag: str, form: str) -> None:
    """Refuse a factor given twice (one of the two would be silently ignored)."""
    if name in seen:
        raise UsageError(f"{flag} {name} is given twice; give each factor once ({flag} {form})")


def _ranges(items: Sequence[str]) -> dict[str, list[float] | None]:
    from experiments.design import field_spec, parse_value

    out: dict[str, list[float] | None] = {}
    for item in items:
        name, sep, text = item.partition("=")
        spec = field_spec(name.strip())
        _once(spec.name, out, "--range", "NAME=LOW:HIGH")
        if not sep:
            out[spec.name] = None
            continue
        low, colon, high = text.partition(":")
        if not colon:
            raise UsageError(f"--range {item!r} must look like NAME=LOW:HIGH (or NAME alone)")
        out[spec.name] = [parse_value(spec, low), parse_value(spec, high)]
    return out


def _names(text: str | None, what: str) -> list[str] | None:
    """The fields of a comma-separated list flag; a field named twice is refused."""
    from experiments.design import field_spec

    if not text:
        return None
    names = [field_spec(n.strip()).name for n in text.split(",") if n.strip()]
    twice = next((n for i, n in enumerate(names) if n in names[:i]), None)
    if twice is not None:
        raise UsageError(f"{what} names {twice} twice; name each field once")
    return names


def _frames(text: str | None, default: Sequence[str]) -> tuple[str, ...]:
    from experiments.design import FRAMES

    if text is None:
        return tuple(default)
    given = [n.strip() for n in text.split(",") if n.strip()]
    if "none" in given and len(given) > 1:
        raise UsageError(
            f"--frames {text!r}: 'none' cannot be mixed with frames; give one or the other"
        )
    names = tuple(n for n in given if n != "none")
    bad = [n for n in names if n not in FRAMES]
    if bad:
        raise UsageError(f"unknown frame {bad[0]!r}; choose from {', '.join(FRAMES)} or none")
    return names


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
        overrides=_assignments(args.set),
        twin=args.twin,
        frames=_frames(args.frames, DEFAULT_FRAMES),
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
    overrides = {**spec.set, **_assignments(args.set)}
    frames = _frames(args.frames, spec.frames if spec.frames is not None else DEFAULT_FRAMES)
    twin = args.twin or spec.twin
    method = spec.method or ("lhs" if args.range else "factorial")
    if method == "factorial":
        if args.range or args.samples:
            raise UsageError("--range and --samples belong to a Latin hypercube (method = 'lhs')")
        levels = _merged(spec.factors, _levels(args.factor), "--factor", args.design)
        design = factorial_design(
            scenarios, levels, reps, args.seed, overrides=overrides, twin=twin, frames=frames
        )
    else:
        if args.factor:
            raise UsageError("--factor belongs to a full factorial (method = 'factorial')")
        ranges = _merged(spec.factors, _ranges(args.range), "--range", args.design)
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

    fields = _names(args.fields, "--fields")
    roles = {n: s.role for n, s in Params.fields().items()}
    for name in fields or ():
        if roles[name] != "uncertainty":
            raise UsageError(
                f"--fields {name}: not an uncertain field (role {roles[name]}); a forecast "
                "samples only uncertain fields (`ecosystem params --role uncertainty`); "
                "fix others with --fix"
            )
    fix = _assignments(args.set, "--fix")
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
        frames=_frames(args.frames, ("timeseries",)),
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
    factors = _names(args.factors, "--factors")
    if args.screen is not None and factors:
        raise UsageError("give --factors or --screen (its top factors), not both")
    if args.top is not None and args.screen is None:
        raise UsageError("--top belongs to --screen (the top factors of a Morris experiment)")
    return factors


def _sensitivity_design(args: argparse.Namespace, factors: list[str] | None) -> Any:
    """The Morris or Sobol design of ``sensitivity`` (sizes checked before it is built)."""
    from experiments.design import check_size, uncertainty_fields
    from experiments.sensitivity import morris_design, sobol_design, top_factors

    fix = _assignments(args.set, "--fix")
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
        overrides=_assignments(args.set),
        frames=_frames(args.frames, ()),
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


# ---- parser ----------------------------------------------------------------------------------
def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


_positive.__name__ = "positive integer"


class _Given(argparse.Action):
    """Store the value and note that it was given (a design file's seed yields to --seed)."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        setattr(namespace, self.dest, values)
        namespace.seed_given = True


def _batch(p: argparse.ArgumentParser, *, sets: str = "--set") -> None:
    g = p.add_argument_group("experiment")
    g.add_argument(
        "--seed",
        type=seed_arg,
        default=0,
        action=_Given,
        help="master seed of the run seeds (default 0)",
    )
    g.add_argument("--out", metavar="DIR", help="experiment folder (default results/COMMAND-...)")
    g.add_argument(
        "--resume", action="store_true", help="finish an interrupted experiment in --out"
    )
    g.add_argument(
        "--allow-code-change",
        action="store_true",
        help="with --resume: accept that the model's code changed (recorded in the manifest)",
    )
    g.add_argument("--jobs", type=_positive, metavar="N", help="local worker processes (default 1)")
    g.add_argument(
        "--scheduler",
        metavar="ADDR",
        help="Dask scheduler tcp://HOST:PORT, or 'local' for a LocalCluster of --jobs",
    )
    g.add_argument(
        sets,
        dest="set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="fix a parameter in every run (repeatable)",
    )
    g.add_argument(
        "--frames",
        metavar="LIST",
        help="frames stored besides the summary: timeseries,milestones,agents,flows,twin or none",
    )
    g.add_argument("--no-progress", action="store_true", help="no progress bar")


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


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an interrupt so that pools shut down and the manifest is written."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Terminated


def guarded(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command, turning its errors and interrupts into one line and an exit status.

    Typed input errors print one ``error:`` line and return 2; SIGTERM and ^C interrupt it and
    keep finished runs (143 / 130); failures of the machinery return 1.

    Every command of ``ecosystem``'s batch sub-commands, ``experiments.paper`` and
    ``experiments.seed_agreement`` runs through it.
    """
    from ecosystem import ParameterError, ScenarioError
    from experiments.storage import ExecutorError, ExperimentError, StoreWriteError

    previous = _install(signal.SIGTERM, _on_sigterm)
    try:
        return func(args)
    except (ExecutorError, StoreWriteError) as exc:  # the machinery failed, not the input
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    except (UsageError, ParameterError, ScenarioError, ExperimentError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_USAGE
    except MemoryError:
        print("error: out of memory; split the experiment into smaller ones", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        print(
            "\ninterrupted: finished runs are saved; add --resume to the same command to finish",
            file=sys.stderr,
        )
        return 128 + signal.SIGTERM if isinstance(exc, Terminated) else EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _install(signum: int, handler: Callable[[int, Any], None]) -> Any:
    """Install a signal handler (main thread only); the previous one, or None."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signum, handler)


def _fix_hints(command: str) -> dict[str, str]:
    """What to say to ``--set`` given to a command that fixes parameters with ``--fix``."""
    return {"--set": f"{command} fixes parameters with --fix NAME=VALUE"}


def add_commands(subparsers: Any) -> None:
    """Add ensemble, sweep, forecast, sensitivity, attribute and verify to a subparsers object."""
    ens = subparsers.add_parser("ensemble", help="scenarios × replications on paired seeds")
    ens.add_argument("scenarios", nargs="+", metavar="SCENARIO", help="names or .toml files")
    ens.add_argument("--reps", type=_positive, default=10, help="replications (default 10)")
    ens.add_argument("--twin", action="store_true", help="also run each run's expertise-gap twin")
    ens.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    _batch(ens)
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
    sw.add_argument("--samples", type=_positive, help="Latin-hypercube points")
    sw.add_argument("--design", metavar="FILE.toml", help="design file (method, factors, ...)")
    sw.add_argument("--reps", type=_positive, help="replications per point (default 1)")
    sw.add_argument("--twin", action="store_true", help="also run each run's twin")
    _batch(sw)
    sw.set_defaults(func=_wrap("sweep", cmd_sweep))

    fc = subparsers.add_parser("forecast", help="output in the target year over the priors × seeds")
    fc.add_argument("scenarios", nargs="+", metavar="SCENARIO")
    fc.add_argument("--samples", type=_positive, default=200, help="prior samples (default 200)")
    fc.add_argument("--reps", type=_positive, default=2, help="seeds per sample (default 2)")
    fc.add_argument("--fields", metavar="LIST", help="sample only these uncertain fields")
    fc.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    _batch(fc, sets="--fix")
    fc.set_defaults(func=_wrap("forecast", cmd_forecast), arg_hints=_fix_hints("forecast"))

    se = subparsers.add_parser("sensitivity", help="Morris screening or Sobol indices (SALib)")
    se.add_argument("scenario", nargs="?", default="baseline", metavar="SCENARIO")
    se.add_argument("--method", choices=("morris", "sobol"), default="morris")
    se.add_argument("--trajectories", type=_positive, help="Morris trajectories (default 10)")
    se.add_argument("--levels", type=_positive, help="Morris grid levels, even (default 4)")
    se.add_argument(
        "--base-samples",
        type=_positive,
        help="Sobol base samples N (power of 2, default 64; runs = N × (factors + 2) × reps)",
    )
    se.add_argument("--factors", metavar="LIST", help="fields to vary (Sobol: at most ~15)")
    se.add_argument(
        "--screen", metavar="DIR", help="Sobol: take the top factors of this Morris run"
    )
    se.add_argument("--top", type=_positive, help="factors taken by --screen (default 15)")
    se.add_argument("--reps", type=_positive, default=1, help="seeds averaged per point")
    se.add_argument("--output", default="production_target_t", help="summary output analysed")
    se.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    _batch(se, sets="--fix")
    se.set_defaults(func=_wrap("sensitivity", cmd_sensitivity), arg_hints=_fix_hints("sensitivity"))

    at = subparsers.add_parser(
        "attribute", help="2^4 factorial with Shapley shares of the shortfall"
    )
    at.add_argument("scenario", nargs="?", default="baseline", metavar="SCENARIO")
    at.add_argument("--reps", type=_positive, default=20, help="seeds (default 20; 16 runs each)")
    at.add_argument("--figures", action="store_true", help="write figures into DIR/figures")
    _batch(at)
    at.set_defaults(func=_wrap("attribute", cmd_attribute))

    ve = subparsers.add_parser("verify", help="check a stored experiment and re-run a sample")
    ve.add_argument("dir", metavar="DIR")
    ve.add_argument("--sample", type=_positive, default=20, help="runs to re-run (default 20)")
    ve.add_argument("--seed", type=seed_arg, default=0, help="seed of the sample")
    ve.set_defaults(func=_wrap("verify", cmd_verify))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")

    def parse_args(self, args: Any = None, namespace: Any = None) -> argparse.Namespace:  # type: ignore[override]
        """Parse; unrecognized arguments are refused by the sub-command's parser, with a hint."""
        from ecosystem import unrecognized_hint

        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            parser, hint = unrecognized_hint(self, parsed, extras)
            parser.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
        return parsed


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser with only the batch commands."""
    parser = _Parser(prog="ecosystem", description="Batch experiments on the magnet ecosystem.")
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
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
