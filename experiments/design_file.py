"""Design files of ``ecosystem sweep --design FILE.toml``, validated whole before any run.

Schema (every key optional except what the method needs)::

    method = "factorial"            # or "lhs"
    scenarios = ["baseline"]        # names or .toml paths (relative to this file)
    reps = 2                        # whole number >= 1
    samples = 50                    # lhs: whole number >= 1
    seed = 7                        # master seed, 0 .. 2**63 - 1 (--seed overrides it)
    twin = true                     # true or false
    frames = ["timeseries"]         # subset of timeseries, milestones, agents, flows, twin
    [factors]                       # factorial: NAME = [V1, V2, ...]; lhs: NAME = [LOW, HIGH]
    learning_rate = [0.1, 0.3]      #   or NAME = "range" (the field's whole range)
    [set]                           # NAME = VALUE fixed in every run
    g2g_deals = true

Errors are `DesignFileError` (a `ScenarioError`): one line naming ``file:line``, the key and what
is allowed — the same form as scenario files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ecosystem import (
    ParameterError,
    Params,
    ScenarioError,
    coerce_value,
    line_of,
    read_toml,
    shown,
    unknown_name_message,
)
from experiments.design import FRAMES, first_repeat

SEED_MAX = 2**63 - 1
METHODS = ("factorial", "lhs")
KEYS = ("method", "scenarios", "reps", "samples", "seed", "twin", "frames", "factors", "set")


class DesignFileError(ScenarioError):
    """A design file is unreadable or breaks its schema."""


@dataclass
class DesignFile:
    """A validated design file."""

    path: Path
    method: str | None = None
    scenarios: list[str] = field(default_factory=list)
    reps: int | None = None
    samples: int | None = None
    seed: int | None = None
    twin: bool = False
    frames: tuple[str, ...] | None = None
    factors: dict[str, Any] = field(default_factory=dict)
    set: dict[str, Any] = field(default_factory=dict)


def _whole(path: Path, key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise DesignFileError(
            f"{line_of(path, key)}: {key} = {shown(value)} must be a whole number {low}-{high:,}"
        )
    return value


def read_design_file(path: str | Path) -> DesignFile:
    """Read and validate a design file (types, ranges, names, factor values, combinations).

    Raises:
        DesignFileError: the first problem, as ``file:line: what is wrong; what is allowed``.
    """
    path = Path(path)
    try:
        data = read_toml(path)
    except ScenarioError as exc:
        raise DesignFileError(str(exc)) from None
    unknown = [k for k in data if k not in KEYS]
    if unknown:
        raise DesignFileError(
            f"{line_of(path, unknown[0])}: unknown key {unknown[0]!r}; allowed: {', '.join(KEYS)}"
        )
    d = DesignFile(path)
    if "method" in data:
        if data["method"] not in METHODS:
            raise DesignFileError(
                f"{line_of(path, 'method')}: method = {shown(data['method'])} must be "
                f"{' or '.join(repr(m) for m in METHODS)}"
            )
        d.method = data["method"]
    d.scenarios = _scenarios(path, data.get("scenarios", []))
    if "reps" in data:
        d.reps = _whole(path, "reps", data["reps"], 1, 10**9)
    if "samples" in data:
        d.samples = _whole(path, "samples", data["samples"], 1, 10**9)
    if "seed" in data:
        d.seed = _whole(path, "seed", data["seed"], 0, SEED_MAX)
    if "twin" in data:
        if not isinstance(data["twin"], bool):
            raise DesignFileError(
                f"{line_of(path, 'twin')}: twin = {shown(data['twin'])} must be true or false"
            )
        d.twin = data["twin"]
    if "frames" in data:
        d.frames = _frames(path, data["frames"])
    d.set = _table(path, data, "set")
    specs = Params.fields()
    for name, value in d.set.items():
        d.set[name] = _value(path, name, value, specs, "set")
    method = d.method or "factorial"
    for name, value in _table(path, data, "factors").items():
        d.factors[name] = _factor(path, name, value, method, specs)
        if name in d.set:
            raise DesignFileError(
                f"{line_of(path, name)}: {name} is both in [factors] and in [set]; "
                "a field cannot be both varied and fixed"
            )
    return d


def _scenarios(path: Path, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise DesignFileError(
            f"{line_of(path, 'scenarios')}: scenarios = {shown(value)} must be a list of "
            'scenario names or .toml paths, e.g. ["baseline"]'
        )
    out = []
    for s in value:
        # A path is read next to the design file, never against the current folder.
        out.append(str(path.parent / s) if s.endswith(".toml") else s)
    return out


def _frames(path: Path, value: Any) -> tuple[str, ...]:
    items = [value] if value == "none" else value
    if not isinstance(items, list) or not all(isinstance(f, str) for f in items):
        raise DesignFileError(
            f"{line_of(path, 'frames')}: frames = {shown(value)} must be a list of "
            f'{", ".join(FRAMES)} (or "none")'
        )
    if "none" in items and len(items) > 1:
        raise DesignFileError(
            f'{line_of(path, "frames")}: frames = {shown(value)}: "none" cannot be mixed '
            "with frames; give one or the other"
        )
    bad = [f for f in items if f not in (*FRAMES, "none")]
    if bad:
        raise DesignFileError(
            f"{line_of(path, 'frames')}: unknown frame {shown(bad[0])}; "
            f"allowed: {', '.join(FRAMES)}"
        )
    return tuple(f for f in items if f != "none")


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise DesignFileError(
            f"{line_of(path, key)}: {key} must be a table [{key}] of NAME = VALUE lines"
        )
    return dict(value)


def _value(path: Path, name: str, value: Any, specs: dict[str, Any], table: str) -> Any:
    if name not in specs:
        raise DesignFileError(unknown_name_message(name, specs, line_of(path, name)))
    try:
        return coerce_value(specs[name], value)
    except ParameterError as exc:
        raise DesignFileError(f"{line_of(path, name)}: [{table}] {exc}") from None


def _factor(path: Path, name: str, value: Any, method: str, specs: dict[str, Any]) -> Any:
    where = line_of(path, name)
    if name not in specs:
        raise DesignFileError(unknown_name_message(name, specs, where))
    if method == "lhs":
        if value == "range":
            return None
        if not isinstance(value, list) or len(value) != 2:
            raise DesignFileError(
                f'{where}: {name} = {shown(value)} must be [LOW, HIGH] or "range" '
                f"(its range {specs[name].range_text})"
            )
        low, high = (_value(path, name, v, specs, "factors") for v in value)
        if low > high:
            raise DesignFileError(f"{where}: {name} = [{low}, {high}]: LOW is above HIGH")
        return [low, high]
    if not isinstance(value, list) or not value:
        raise DesignFileError(
            f"{where}: {name} = {shown(value)} must be a non-empty list of levels, "
            f"e.g. [V1, V2] (range {specs[name].range_text})"
        )
    levels = [_value(path, name, v, specs, "factors") for v in value]
    twice = first_repeat(levels)
    if twice is not None:
        raise DesignFileError(f"{where}: {name}: level {shown(twice)} is given twice")
    return levels
