"""The ``ecosystem`` command line (DESIGN.md §8): run, scenarios, params, validate, and plug-ins.

Every table it prints is generated from `Params.fields()` and `ecosystem.outputs.SUMMARY`. Bad input
(an unknown or out-of-range parameter, a malformed ``--set``, a broken scenario file) is refused
before anything is simulated, with one line on stderr starting ``error:`` and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

from ecosystem.fieldspec import (
    GROUPS,
    ROLES,
    SEED_MAX,
    FieldSpec,
    ParameterError,
    parse_text,
)
from ecosystem.outputs import SUMMARY
from ecosystem.params import Params, unknown_name_message
from ecosystem.scenarios import (
    ScenarioError,
    list_scenarios,
    load_scenario,
    resolve,
    scenario_meta,
    scenario_seed,
)

#: Exit status for input the command refuses (as argparse uses).
EXIT_USAGE = 2
PARAM_COLUMNS: tuple[str, ...] = ("name", "unit", "default", "range", "role", "group", "sources")


class UsageError(Exception):
    """Input the command refuses; the message is shown after ``error:``."""


class _DefaultsFormatter(argparse.HelpFormatter):
    """Help that shows each option's default, unless its text already says it (``--help``)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (
            not action.option_strings
            or "default" in text.lower()
            or default is None
            or default is False
            or default == []
            or default is argparse.SUPPRESS
        ):
            return action.help
        return f"{text} (default: %(default)s)" if text else "default: %(default)s"


class CommandParser(argparse.ArgumentParser):
    """An argument parser whose errors are one ``error:`` line (exit 2), like the command's own.

    Every ``ecosystem`` parser, the plugins' subcommands included, shows defaults in ``--help``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _DefaultsFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print one ``error:`` line pointing at this parser's ``--help`` and exit 2."""
        self.exit(EXIT_USAGE, f"error: {message} (see `{self.prog} --help`)\n")

    def parse_args(self, args: Any = None, namespace: Any = None) -> argparse.Namespace:  # type: ignore[override]
        """Parse; unrecognized arguments are refused by the sub-command's parser, with a hint."""
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            parser, hint = unrecognized_hint(self, parsed, extras)
            parser.error(f"unrecognized arguments: {' '.join(extras)}{hint}")
        return parsed


def unrecognized_hint(
    parser: argparse.ArgumentParser, parsed: argparse.Namespace, extras: Sequence[str]
) -> tuple[argparse.ArgumentParser, str]:
    """The sub-command's parser (else ``parser``) and a hint for arguments it does not take.

    A sub-command names its hints with ``set_defaults(arg_hints={"--set": "..."})``.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(parsed, action.dest, None) or "")
            if chosen is not None:
                parser = chosen
    hints: dict[str, str] = getattr(parsed, "arg_hints", None) or {}
    said = [hints[e.partition("=")[0]] for e in extras if e.partition("=")[0] in hints]
    return parser, (f"; {said[0]}" if said else "")


# --------------------------------------------------------------------------------- parameters


#: The one parser of typed values, shared by every command (``run``, ``ensemble``, ``sweep``...).
parse_value = parse_text


def parse_overrides(assignments: Sequence[str]) -> dict[str, Any]:
    """``name=value`` strings of ``--set`` as typed, range-checked values (the last one wins)."""
    specs = Params.fields()
    values: dict[str, Any] = {}
    for item in assignments:
        name, sep, text = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--set {item!r} must be name=value, e.g. --set learning_rate=0.3")
        if name not in specs:
            raise ParameterError(unknown_name_message(name, specs, f"--set {item}"))
        values[name] = parse_value(specs[name], text)
    return values


def build_params(scenario: str, assignments: Sequence[str]) -> tuple[Params, dict[str, Any]]:
    """The validated parameters of a scenario with ``--set`` overrides, and the overrides."""
    params = load_scenario(scenario)
    overrides = parse_overrides(assignments)
    return (params.replace(**overrides) if overrides else params), overrides


# --------------------------------------------------------------------------------- formatting


#: Units counted in whole things: shown without decimals.
WHOLE_UNITS = frozenset({"workers", "firms", "jobs", "month", "months since award"})


def format_value(value: Any, unit: str = "") -> str:
    """A value for a table cell, rounded to what its size and unit can mean.

    Shares to 3 decimals; counts of whole things (workers, firms) and anything of 100 or more
    to whole units, with thousands separators (``1,898 workers``, ``4,006 t``); smaller values
    to 1 decimal (``2.5 months``), below 1 to 2 (zero is ``0``); yes/no for booleans; ``—`` for
    missing values.
    """
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    if isinstance(value, float):
        if value != value:
            return "—"
        if unit == "share":
            return f"{value:.3f}"
        size = abs(value)
        whole = unit in WHOLE_UNITS or size >= 100 or size == 0
        digits = 0 if whole else 1 if size >= 1 else 2
        return f"{value:,.{digits}f}"
    return str(value)


def default_text(spec: FieldSpec) -> str:
    """A parameter's default as written on the command line or in a scenario file."""
    if spec.type is bool:
        return "true" if spec.default else "false"
    if spec.type is float:
        return f"{spec.default:g}"
    return str(spec.default)


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]], right: set[int]) -> str:
    """Columns padded to their widest cell; the columns in ``right`` are right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def summary_table(summary: dict[str, Any]) -> str:
    """The run's summary as a name / value / unit table (columns of `outputs.SUMMARY`)."""
    rows = []
    for col in SUMMARY:
        if col.name not in summary:
            continue
        value = summary[col.name]
        text = format_value(value, col.unit)
        if value is None and col.empty != "never empty":
            text += f" ({col.empty})"
        rows.append((col.name, text, col.unit))
    return render_table(("name", "value", "unit"), rows, right={1})


def param_rows(group: str | None, role: str | None) -> list[dict[str, str]]:
    """One row per parameter (optionally of one group or role), from `Params.fields()`."""
    rows = []
    for spec in Params.fields().values():
        if (group and spec.group != group) or (role and spec.role != role):
            continue
        rows.append(
            {
                "name": spec.name,
                "unit": spec.unit,
                "default": default_text(spec),
                "range": spec.range_text,
                "role": spec.role,
                "group": spec.group,
                "sources": spec.source_text or "assumption",
            }
        )
    return rows


# --------------------------------------------------------------------------------- commands


def run_seed(scenario: str, given: int | None) -> tuple[int, str]:
    """The seed of ``ecosystem run``: ``--seed``, else the scenario's ``[meta] seed``, else 0.

    Returns the seed and a note on where it came from (empty when given on the command line).
    """
    if given is not None:
        return given, ""
    meta_seed = scenario_seed(scenario)
    if meta_seed is None:
        return 0, ""
    return meta_seed, " (from the scenario's [meta] seed)"


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario, print its summary and optionally write it into a results folder."""
    params, overrides = build_params(args.scenario, args.set)
    out = _run_out(args.out)
    if args.observed is not None and not args.observed.strip():
        raise UsageError("--observed is empty; give an observed-data file")
    from ecosystem.observed import load_observed
    from ecosystem.result import simulate

    observed = load_observed(args.observed, params) if args.observed else None
    seed, seed_from = run_seed(args.scenario, args.seed)
    args.seed = seed
    result = simulate(params, seed=seed, twin=args.twin, observed=observed)
    changed = ", ".join(f"{k}={v}" for k, v in params.changed().items()) or "none"
    print(
        f"scenario {args.scenario}, seed {seed}{seed_from}"
        f"{', with expertise-gap twin' if args.twin else ''}; changed from defaults: {changed}"
    )
    print(summary_table(result.summary))
    if out is not None:
        extra = {
            "scenario": args.scenario,
            "scenario_file": str(resolve(args.scenario).resolve()),
            "overrides": overrides,
        }
        if args.observed:
            extra["observed"] = str(Path(args.observed).resolve())
        from ecosystem.io import OutputError, write_result

        try:
            written = write_result(result, out, extra=extra)
        except OutputError as exc:
            raise UsageError(f"--out {exc}") from None
        print(f"wrote {written}")
    return 0


def _run_out(text: str | None) -> Path | None:
    """The ``run --out`` folder, checked before the run: writable, and new or empty.

    A folder holding anything (an earlier run) is refused, never overwritten.
    """
    if text is None:
        return None
    if not text.strip():
        raise UsageError("--out is empty; give a folder")
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        raise UsageError(
            f"--out {out}: the folder is not empty (an earlier run?); give a new or empty folder"
        )
    probe = out
    while not probe.exists() and probe.parent != probe:
        probe = probe.parent
    if not probe.is_dir():
        raise UsageError(f"--out {out}: {probe} is a file, not a folder")
    try:
        with tempfile.TemporaryFile(dir=probe):
            pass
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot write in {probe}: {exc.strerror}") from None
    return out


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the shipped scenarios with the description in their ``[meta]`` table."""
    rows, status = [], 0
    for name in list_scenarios():
        try:
            description = str(scenario_meta(name).get("description", "(no description)"))
        except (ScenarioError, ParameterError) as exc:
            description, status = f"INVALID: {exc}", 1
        rows.append((name, description))
    print(render_table(("scenario", "description"), rows, right=set()))
    return status


def cmd_params(args: argparse.Namespace) -> int:
    """Print the parameter table (name, unit, default, range, role, group, sources)."""
    group = args.group.replace("_", " ") if args.group else None
    if group is not None and group not in GROUPS:
        raise UsageError(f"--group {args.group!r} is not one of {', '.join(GROUPS)}")
    rows = param_rows(group, args.role)
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=PARAM_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        cells = [[row[c] for c in PARAM_COLUMNS] for row in rows]
        print(render_table(PARAM_COLUMNS, cells, right=set()))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check scenario (or, with --observed, observed-data) files; print OK or the error for each."""
    status = 0
    for file in args.files:
        try:
            if args.observed:
                from ecosystem.observed import load_observed

                obs = load_observed(file)
                print(
                    f"OK {file} (observed data: award month {obs.award_month}, "
                    f"{len(obs.winners)} winners, {len(obs.irel_output)} IREL years, "
                    f"{len(obs.firms)} firm starts)"
                )
                continue
            params = load_scenario(file)
            run_seed(file, None)  # the [meta] checks of `ecosystem run`
        except (ScenarioError, ParameterError) as exc:
            message = _one_line(exc)
            if str(file) not in message and str(Path(file).resolve()) not in message:
                message = f"{file}: {message}"
            print(f"error: {message}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        print(f"OK {file} ({len(params.changed())} parameters changed)")
    return status


# --------------------------------------------------------------------------------- parser


def seed_arg(text: str) -> int:
    """Argparse type of a seed: a whole number 0 .. 2**63 - 1 (the front end's bounds)."""
    value = int(text)
    if not 0 <= value <= SEED_MAX:
        raise ValueError(text)
    return value


seed_arg.__name__ = "seed (a whole number 0 to 2**63-1)"


#: Entry-point group through which installed packages add subcommands to ``ecosystem``
#: (``[project.entry-points."ecosystem.commands"]`` in pyproject.toml): each entry is a function
#: ``add_commands(subparsers)``. The model package itself knows none of them.
COMMAND_GROUP = "ecosystem.commands"


def add_plugin_commands(subparsers: Any) -> None:
    """Add the subcommands registered under `COMMAND_GROUP`, in the order of their entry names.

    The batch experiments (``experiments``) and the front end's ``app`` (``viz``) come in this
    way. An entry whose top-level package is not there (the model installed on its own) is skipped;
    any other import error is raised.
    """
    seen: set[str] = set()
    for entry in sorted(metadata.entry_points(group=COMMAND_GROUP), key=lambda e: e.name):
        if entry.name in seen:
            continue
        seen.add(entry.name)
        try:
            add_commands = entry.load()
        except ModuleNotFoundError as exc:
            if exc.name == entry.module.split(".")[0]:  # the package itself is not there
                continue
            raise
        add_commands(subparsers)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ecosystem`` command."""
    parser = CommandParser(
        prog="ecosystem", description="India's rare-earth magnet ecosystem model."
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=CommandParser
    )

    run = sub.add_parser("run", help="run one scenario and print its summary")
    run.add_argument("scenario", metavar="SCENARIO", help="shipped scenario name or a .toml file")
    run.add_argument(
        "--seed",
        type=seed_arg,
        default=None,
        help="integer seed (default: the scenario's [meta] seed, else 0)",
    )
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter (repeatable); `ecosystem params` lists them",
    )
    run.add_argument(
        "--twin",
        action="store_true",
        help="also run the expertise-gap twin (fills shortfall_due_to_gap_t)",
    )
    run.add_argument("--out", metavar="DIR", help="write Parquet frames and run.json into DIR")
    run.add_argument(
        "--observed",
        metavar="PATH",
        help="TOML of known facts that fix parts of the run (docs/observed.md)",
    )
    run.set_defaults(func=cmd_run)

    scen = sub.add_parser("scenarios", help="list the shipped scenarios")
    scen.set_defaults(func=cmd_scenarios)

    par = sub.add_parser("params", help="list the parameters with units, ranges and sources")
    par.add_argument("--group", metavar="G", help=f"only this group ({', '.join(GROUPS)})")
    par.add_argument("--role", choices=ROLES, help="only this role")
    par.add_argument("--format", choices=("table", "csv", "json"), default="table")
    par.set_defaults(func=cmd_params)

    val = sub.add_parser("validate", help="check scenario files")
    val.add_argument("files", nargs="+", metavar="FILE")
    val.add_argument(
        "--observed",
        action="store_true",
        help="the files are observed-data files (docs/observed.md)",
    )
    val.set_defaults(func=cmd_validate)

    # The front end's `app` (viz) and the batch experiments (ensemble, sweep, forecast,
    # sensitivity, attribute, verify) register themselves; the model never imports them.
    add_plugin_commands(sub)
    return parser


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _tolerate_narrow_terminal() -> None:
    """On a terminal that cannot show ₹, ×, — (e.g. ``LANG=C``), print ``?`` instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        try:
            "₹×—".encode(encoding)
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``ecosystem`` and ``python -m ecosystem``; returns the exit status."""
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    func: Callable[[argparse.Namespace], int] = args.func
    args.argv = ["ecosystem", *(sys.argv[1:] if argv is None else argv)]
    _tolerate_narrow_terminal()
    try:
        return func(args)
    except (UsageError, ParameterError, ScenarioError) as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `ecosystem params | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
