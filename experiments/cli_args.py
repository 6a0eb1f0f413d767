"""Argument parsing of the batch commands, and the options they all share.

``NAME=VALUE`` lists, factor levels and ranges, name and frame lists, and `batch_options`.

Each helper refuses what would be silently ignored (a name given twice, ``none`` mixed with
frames) with a `UsageError`.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from typing import Any

from ecosystem import seed_arg
from experiments.guard import UsageError


# ---- parsing helpers -------------------------------------------------------------------------
def parse_assignments(items: Sequence[str], what: str = "--set") -> dict[str, Any]:
    """``NAME=VALUE`` items as typed values by field name (each name once)."""
    from experiments.design import field_spec, parse_value

    out: dict[str, Any] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"{what} {item!r} must look like NAME=VALUE")
        out[name.strip()] = parse_value(field_spec(name.strip()), text)
    return out


def parse_levels(items: Sequence[str]) -> dict[str, list[Any]]:
    """``--factor NAME=V1,V2,...`` items as typed levels by field name (each name once)."""
    from experiments.design import field_spec, parse_value

    out: dict[str, list[Any]] = {}
    for item in items:
        name, sep, text = item.partition("=")
        if not sep or not text.strip():
            raise UsageError(f"--factor {item!r} must look like NAME=V1,V2,...")
        spec = field_spec(name.strip())
        refuse_repeat(spec.name, out, "--factor", "NAME=V1,V2,...")
        out[spec.name] = [parse_value(spec, v) for v in text.split(",") if v.strip()]
    return out


def refuse_repeat(name: str, seen: Mapping[str, Any], flag: str, form: str) -> None:
    """Refuse a factor given twice (one of the two would be silently ignored)."""
    if name in seen:
        raise UsageError(f"{flag} {name} is given twice; give each factor once ({flag} {form})")


def parse_ranges(items: Sequence[str]) -> dict[str, list[float] | None]:
    """``--range NAME[=LOW:HIGH]`` items as bounds by field name (None: the field's range)."""
    from experiments.design import field_spec, parse_value

    out: dict[str, list[float] | None] = {}
    for item in items:
        name, sep, text = item.partition("=")
        spec = field_spec(name.strip())
        refuse_repeat(spec.name, out, "--range", "NAME=LOW:HIGH")
        if not sep:
            out[spec.name] = None
            continue
        low, colon, high = text.partition(":")
        if not colon:
            raise UsageError(f"--range {item!r} must look like NAME=LOW:HIGH (or NAME alone)")
        out[spec.name] = [parse_value(spec, low), parse_value(spec, high)]
    return out


def parse_names(text: str | None, what: str) -> list[str] | None:
    """The fields of a comma-separated list flag; a field named twice is refused."""
    from experiments.design import field_spec, first_repeat

    if not text:
        return None
    names = [field_spec(n.strip()).name for n in text.split(",") if n.strip()]
    twice = first_repeat(names)
    if twice is not None:
        raise UsageError(f"{what} names {twice} twice; name each field once")
    return names


def parse_frames(text: str | None, default: Sequence[str]) -> tuple[str, ...]:
    """A ``--frames`` list as frame names (``none``: only the summary, never mixed with names)."""
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


def positive_int(text: str) -> int:
    """Argparse type of a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


positive_int.__name__ = "positive integer"


class GivenAction(argparse.Action):
    """Store the value and note that it was given (a design file's seed yields to --seed)."""

    def __call__(self, parser: Any, namespace: Any, values: Any, option: Any = None) -> None:
        """Store the value and mark ``seed_given``."""
        setattr(namespace, self.dest, values)
        namespace.seed_given = True


def batch_options(p: argparse.ArgumentParser, *, sets: str = "--set") -> None:
    """Add the options every batch command takes (seed, folder, resume, workers, fixes, frames)."""
    g = p.add_argument_group("experiment")
    g.add_argument(
        "--seed",
        type=seed_arg,
        default=0,
        action=GivenAction,
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
    g.add_argument(
        "--jobs", type=positive_int, metavar="N", help="local worker processes (default 1)"
    )
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
