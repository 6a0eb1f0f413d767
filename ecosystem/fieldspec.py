"""Metadata carried by every model parameter: label, unit, range, sources, prior, role and group.

The parameter object (`ecosystem.params.Params`) is the single place where these are written;
the CLI, the scenario validator, the front end's sliders, the SALib/EMA problems and the ODD
parameter table are all generated from `Params.fields()`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

Role = Literal["uncertainty", "lever", "structural", "run"]
Group = Literal["scheme", "market", "technology", "workforce", "raw material", "shock", "run"]

ROLES: tuple[str, ...] = ("uncertainty", "lever", "structural", "run")
GROUPS: tuple[str, ...] = (
    "scheme",
    "market",
    "technology",
    "workforce",
    "raw material",
    "shock",
    "run",
)


class ParameterError(ValueError):
    """A parameter value, name or combination is not allowed; the message names it and the range."""


@dataclass(frozen=True)
class Source:
    """Where a default comes from: an entry of ``docs/sources.md`` (``ecosystem/sources.py``).

    Attributes:
        ref: the entry: an evidence row (``"evidence 1.10: SLI ceiling"``), a design choice
            (``"design: horizon"``) or a reference key (``"Nagy et al. 2013"``).
        value: what the source says, in its own words and units (may differ from the default).
        date: publication or observation date where known (``YYYY-MM`` or ``YYYY``).
    """

    ref: str
    value: str = ""
    date: str = ""

    def __str__(self) -> str:
        parts = [self.ref]
        if self.value:
            parts.append(f"[{self.value}]")
        if self.date:
            parts.append(f"({self.date})")
        return " ".join(parts)


@dataclass(frozen=True)
class Prior:
    """Prior distribution over a parameter's range, used by forecasts and sensitivity analysis.

    An ``uncertainty`` field's default is its prior's median (DESIGN §2: the default run is a
    typical draw); `median` and `ppf` are the one definition the samplers
    (``experiments.design``, ``experiments.ema``) and the defaults test use.

    Attributes:
        kind: ``"uniform"``, ``"triangular"`` or ``"discrete"`` (uniform over the allowed
            integers ``low..high``, or over the choices).
        low: lower bound (the range's low unless narrowed).
        high: upper bound.
        mode: mode of a triangular prior.
    """

    kind: Literal["uniform", "triangular", "discrete"]
    low: float
    high: float
    mode: float | None = None

    @classmethod
    def with_median(cls, low: float, median: float, high: float) -> Prior:
        """The triangular prior over ``low..high`` whose median is ``median`` (mode solved).

        For a median ``m`` at or above the midpoint the mode is ``c = a + 2(m − a)²/(b − a)``
        (below it, mirrored), which needs ``m`` within ``1 − 1/√2 ≈ 29.3%`` of the range from
        the middle; a median outside that band has no triangular prior over this range.

        Raises:
            ValueError: the median is outside the band a triangular prior can have.
        """
        a, b, m = float(low), float(high), float(median)
        width = b - a
        if m == (a + b) / 2:
            return cls("triangular", a, b, m)
        if m > (a + b) / 2:
            mode = a + 2.0 * (m - a) ** 2 / width
        else:
            mode = b - 2.0 * (b - m) ** 2 / width
        if not a <= mode <= b:
            raise ValueError(
                f"no triangular prior over {a:g}-{b:g} has median {m:g} (allowed: "
                f"{a + width * (1 - 2**-0.5):.4g}-{a + width * 2**-0.5:.4g})"
            )
        return cls("triangular", a, b, mode)

    def median(self) -> float:
        """The prior's median (for ``discrete``: the middle of ``low..high``; choices: none).

        Uniform and discrete: ``(low + high)/2``; triangular with mode ``c``: ``a + √((b − a)(c −
        a)/2)`` when ``c`` is at or above the midpoint, else ``b − √((b − a)(b − c)/2)``.
        """
        a, b = self.low, self.high
        if self.kind != "triangular" or self.mode is None or b <= a:
            return (a + b) / 2.0
        c = self.mode
        if c >= (a + b) / 2.0:
            return a + math.sqrt((b - a) * (c - a) / 2.0)
        return b - math.sqrt((b - a) * (b - c) / 2.0)

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF of a continuous prior at points ``u`` of [0, 1) (uniform or triangular).

        A triangular prior uses its closed form; integer and choice fields are mapped by the
        caller (``experiments.design.unit_to_values``).
        """
        u = np.asarray(u, dtype=float)
        lo, hi, mode = self.low, self.high, self.mode
        if self.kind == "triangular" and mode is not None and hi > lo:
            c = (mode - lo) / (hi - lo)
            return np.where(
                u < c,
                lo + np.sqrt(u * (hi - lo) * (mode - lo)),
                hi - np.sqrt((1.0 - u) * (hi - lo) * (hi - mode)),
            )
        return lo + u * (hi - lo)

    def __str__(self) -> str:
        if self.kind == "triangular":
            return f"triangular({self.low:g}, {self.mode:g}, {self.high:g})"
        return f"{self.kind}({self.low:g}, {self.high:g})"


@dataclass(frozen=True)
class FieldSpec:
    """Everything known about one parameter besides its value."""

    name: str
    type: type
    default: Any
    label: str
    unit: str
    low: float | None
    high: float | None
    choices: tuple[str, ...] | None
    group: str
    role: str
    sources: tuple[Source, ...]
    assumption: bool
    prior: Prior | None
    note: str

    @property
    def range_text(self) -> str:
        """The allowed values as shown to users, e.g. ``0-0.5`` or ``equal | capacity | rank``."""
        if self.choices is not None:
            return " | ".join(self.choices)
        if self.type is bool:
            return "true | false"
        if self.low is not None and self.low < 0:
            return f"{self.low:g} to {self.high:g}"
        return f"{self.low:g}-{self.high:g}"

    @property
    def source_text(self) -> str:
        """Sources joined for a table cell, or ``assumption``."""
        if self.assumption:
            text = "assumption"
            if self.sources:
                text += "; cf. " + "; ".join(str(s) for s in self.sources)
            return text
        return "; ".join(str(s) for s in self.sources)


def param(
    default: Any,
    *,
    label: str,
    unit: str,
    group: str,
    role: str,
    low: float | None = None,
    high: float | None = None,
    choices: tuple[str, ...] | None = None,
    sources: tuple[Source, ...] = (),
    prior: Prior | str | None = None,
    note: str = "",
) -> Any:
    """Declare a parameter field of `Params` with its metadata.

    Without ``sources`` the field is marked as an assumption (its range is then the range it may
    take). ``prior="triangular"`` builds the triangular prior over the range whose *median* is the
    default (`Prior.with_median`; DESIGN §2); a `Prior` gives any other shape; the default prior of
    a number is uniform over the range (integers: discrete); booleans and choices get a discrete
    prior.
    """
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if isinstance(default, bool) or choices is not None:
        prior_obj: Prior | None = Prior("discrete", 0, 1)
    elif isinstance(prior, Prior):
        prior_obj = prior
    elif prior == "triangular":
        prior_obj = Prior.with_median(float(low), float(default), float(high))  # type: ignore[arg-type]
    elif isinstance(default, int):
        prior_obj = Prior("discrete", float(low), float(high))  # type: ignore[arg-type]
    else:
        prior_obj = Prior("uniform", float(low), float(high))  # type: ignore[arg-type]
    meta = {
        "label": label,
        "unit": unit,
        "group": group,
        "role": role,
        "low": low,
        "high": high,
        "choices": choices,
        "sources": tuple(sources),
        "assumption": not sources,
        "prior": prior_obj,
        "note": note,
    }
    return dataclasses.field(default=default, metadata=meta)


def spec_from_field(f: dataclasses.Field, field_type: type) -> FieldSpec:
    """Build the public `FieldSpec` of a dataclass field declared with `param`."""
    m = f.metadata
    return FieldSpec(
        name=f.name,
        type=field_type,
        default=f.default,
        label=m["label"],
        unit=m["unit"],
        low=m["low"],
        high=m["high"],
        choices=m["choices"],
        group=m["group"],
        role=m["role"],
        sources=m["sources"],
        assumption=m["assumption"],
        prior=m["prior"],
        note=m["note"],
    )


def coerce_value(spec: FieldSpec, value: Any) -> Any:
    """Check one value against its spec and return it in the field's type.

    NumPy scalars are accepted as the Python values they hold (``numpy.int64(7)`` for an
    integer field, ``numpy.bool_`` for a boolean); integers outside the 64-bit range and
    non-finite floats are refused like any value out of range.

    Raises:
        ParameterError: wrong type, out of range or not one of the choices; the message names the
            parameter, the value, the allowed range and the label.
    """
    where = f"({spec.label}, {spec.unit})" if spec.unit else f"({spec.label})"
    if isinstance(value, np.generic):
        value = value.item()
    if spec.type is bool:
        if not isinstance(value, bool):
            raise ParameterError(f"{spec.name}={shown(value)} must be true or false {where}")
        return value
    if spec.type is str:
        if not isinstance(value, str) or value not in (spec.choices or ()):
            raise ParameterError(
                f"{spec.name}={shown(value)} is not one of {spec.range_text} {where}"
            )
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ParameterError(
            f"{spec.name}={shown(value)} must be a number in {spec.range_text} {where}"
        )
    if spec.type is int:
        if isinstance(value, float):
            if not value.is_integer():
                raise ParameterError(
                    f"{spec.name}={shown(value)} must be a whole number in {spec.range_text} "
                    f"{where}"
                )
            value = int(value)
    else:
        try:
            value = float(value)
        except OverflowError:
            value = math.inf
    if value != value or not (spec.low <= value <= spec.high):  # NaN or out of range
        raise ParameterError(
            f"{spec.name}={shown(value)} is outside its range {spec.range_text} {where}"
        )
    return value


_TRUE = frozenset({"true", "1", "yes", "y", "on"})
_FALSE = frozenset({"false", "0", "no", "n", "off"})


def parse_text(spec: FieldSpec, text: str) -> Any:
    """A typed string (command line, ``--set NAME=VALUE``) as a value of the field, validated.

    The one parser of every command: booleans accept true/false, 1/0, yes/no, y/n, on/off (any
    case); integers also accept whole floats (``1e3``); choices are matched exactly.

    Raises:
        ParameterError: the text is not of the field's type or is outside its range or choices.
    """
    text = str(text).strip()
    value: Any = text
    if spec.type is bool:
        if text.lower() in _TRUE:
            value = True
        elif text.lower() in _FALSE:
            value = False
    elif spec.type in (int, float):
        value = _number(text)
    return coerce_value(spec, value)


def _number(text: str) -> Any:
    """``text`` as an int or float if it is one, else unchanged (coerce_value names the type)."""
    for kind in (int, float):
        try:
            return kind(text)
        except (ValueError, OverflowError):
            continue
    return text


def shown(value: Any, limit: int = 60) -> str:
    """``repr`` of a value, shortened; safe for deeply nested or huge values (no recursion)."""
    if isinstance(value, list | tuple | dict | set):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    try:
        text = repr(value)
    except (RecursionError, ValueError):  # pragma: no cover - exotic objects
        text = f"a {type(value).__name__}"
    return text if len(text) <= limit else text[: limit - 3] + "..."


#: Largest seed accepted anywhere (the CLI, the API and the front end).
SEED_MAX = 2**63 - 1


class SeedError(ParameterError, TypeError):
    """A seed that is not a whole number 0 .. 2**63 - 1 (also a TypeError, as it used to be)."""


def check_seed(seed: Any, name: str = "seed") -> int:
    """A seed as a Python int, or a `SeedError` naming what is allowed."""
    if isinstance(seed, np.integer):
        seed = int(seed)
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise SeedError(f"{name}={shown(seed)} must be a whole number 0 to 2**63-1")
    if not 0 <= seed <= SEED_MAX:
        raise SeedError(f"{name}={shown(seed)} is outside 0 to 2**63-1")
    return seed
