"""Designs: tables of runs (scenario × parameter values × replication) and their seeds.

A design is a `pandas.DataFrame` with one row per run: ``run_id``, ``scenario``, ``point`` (the
index of the parameter combination), ``rep`` (replication) and ``seed`` (the run's integer seed),
then one column per varied parameter ("factor"). Seeds follow DESIGN.md §2: children of
``numpy.random.SeedSequence(master)`` via ``spawn(n)``, each child's ``generate_state(1)[0]``.

Two seed schemes:

* ``paired`` (common random numbers): replication ``r`` uses child ``r`` at every design point and
  in every scenario, so differences between points are not blurred by different random streams —
  what lever comparisons, attribution and sensitivity analysis need;
* ``independent``: run ``i`` uses child ``i`` — what a forecast over the priors needs, so that the
  spread over seeds is sampled as widely as the spread over parameters;
* ``crossed``: each (point, replication) has its own child, the same in every scenario — scenarios
  compared over paired prior draws *and* paired seeds (the lever comparison of ``make paper``).

Sampling the parameter values themselves draws from a separate stream (entropy ``[master, 1]``)
so that it never collides with a run seed.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import (
    FieldSpec,
    ParameterError,
    Params,
    Prior,
    coerce_value,
    load_scenario,
    parse_text,
    shown,
    unknown_name_message,
)

ID_COLUMNS: tuple[str, ...] = ("run_id", "scenario", "point", "rep", "seed")
SEED_SCHEMES = ("paired", "independent", "crossed")
#: Frames a run can store besides its summary (``twin`` adds the twin's time series).
FRAMES = ("timeseries", "milestones", "agents", "flows", "twin")
DEFAULT_FRAMES = ("timeseries", "milestones")


def spawn_seeds(master: int, n: int) -> list[int]:
    """``n`` integer seeds spawned from ``master`` (DESIGN.md §2)."""
    children = np.random.SeedSequence(int(master)).spawn(int(n))
    return [int(c.generate_state(1)[0]) for c in children]


def available_memory() -> int | None:
    """Bytes of memory available to new allocations (``MemAvailable``), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (OSError, ValueError, AttributeError):
        return None


#: Bytes of memory a design row takes while the table is built (measured ≈ 0.6 kB; margin).
ROW_BYTES = 1000


def check_size(n_runs: int, what: str) -> None:
    """Refuse a design whose table cannot fit in memory (before building it).

    Raises:
        ParameterError: ``n_runs`` rows would need more memory than is available.
    """
    free = available_memory()
    need = n_runs * ROW_BYTES
    if free is not None and need > free:
        raise ParameterError(
            f"{what}: the design has {n_runs:,} runs, whose table alone needs about "
            f"{need / 1e9:,.1f} GB of memory ({free / 1e9:,.1f} GB available); "
            "split it into smaller experiments"
        )


def sampling_rng(master: int) -> np.random.Generator:
    """The generator that draws parameter values for a design (never a run's stream)."""
    return np.random.default_rng(np.random.SeedSequence([int(master), 1]))


def field_spec(name: str) -> FieldSpec:
    """The spec of one parameter, or a `ParameterError` naming the closest known names."""
    specs = Params.fields()
    if name not in specs:
        raise ParameterError(unknown_name_message(name, specs))
    return specs[name]


#: The one parser of typed values (the same as ``ecosystem run --set``).
parse_value = parse_text


def check_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Each value checked against its field (type and range); unknown names refused."""
    return {name: coerce_value(field_spec(name), v) for name, v in values.items()}


def unit_to_values(
    spec: FieldSpec, u: np.ndarray, *, prior: bool = True, bounds: tuple[float, float] | None = None
) -> list[Any]:
    """Map points of [0, 1) to values of a field: its prior's inverse CDF, or uniform over bounds.

    Integers are floored onto ``low..high`` (each integer equally wide); booleans split at 0.5;
    choices are equal slices. Continuous priors use `Prior.ppf` (the one inverse CDF).
    """
    u = np.clip(np.asarray(u, dtype=float), 0.0, np.nextafter(1.0, 0.0))
    if spec.type is bool:
        return [bool(x >= 0.5) for x in u]
    if spec.choices is not None:
        return [spec.choices[int(x * len(spec.choices))] for x in u]
    p = spec.prior
    if bounds is not None:
        dist = Prior("uniform", float(bounds[0]), float(bounds[1]))
    elif prior and p is not None:
        dist = p
    else:
        dist = Prior("uniform", float(spec.low), float(spec.high))  # type: ignore[arg-type]
    lo, hi = dist.low, dist.high
    if dist.kind == "triangular" and dist.mode is not None and hi > lo:
        x = dist.ppf(u)
        if spec.type is int:
            return [int(min(hi, max(lo, round(v)))) for v in x]
        return [float(v) for v in x]
    if spec.type is int:
        return [int(min(hi, np.floor(lo + x * (hi - lo + 1)))) for x in u]
    return [float(v) for v in dist.ppf(u)]


def latin_hypercube(n: int, d: int, rng: np.random.Generator) -> np.ndarray:
    """An ``n × d`` Latin hypercube on [0, 1): one point in each of ``n`` strata per column."""
    strata = np.stack([rng.permutation(n) for _ in range(d)], axis=1) if d else np.zeros((n, 0))
    return (strata + rng.random((n, d))) / n


@dataclass
class Design:
    """A table of runs and everything needed to execute it anywhere.

    Attributes:
        kind: what produced it (``ensemble``, ``sweep``, ``forecast``, ``morris``, ``sobol``,
            ``attribution``).
        table: one row per run (`ID_COLUMNS` then the factor columns).
        factors: names of the varied parameters (columns of ``table`` after the id columns).
        master_seed: the master seed the run seeds were spawned from.
        scenarios: full parameter values of each scenario label (so workers need no files).
        spec: JSON description of how the design was generated (stored in the manifest).
        mode: ``run`` (one simulation per row) or ``factorial`` (the attribution factorial).
        frames: frames stored besides the summary (subset of `FRAMES`; ``twin`` stores the
            twin's time series and implies ``twin``).
        discount_rate: yearly rate of the fiscal-cost NPV in the summary.
        twin: also run each run's expertise-gap twin (summary gains ``shortfall_due_to_gap_t``).
    """

    kind: str
    table: pd.DataFrame
    factors: tuple[str, ...]
    master_seed: int
    scenarios: dict[str, dict[str, Any]]
    spec: dict[str, Any] = field(default_factory=dict)
    mode: str = "run"
    frames: tuple[str, ...] = DEFAULT_FRAMES
    discount_rate: float = 0.08
    twin: bool = False

    @classmethod
    def from_stored(cls, described: dict[str, Any], table: pd.DataFrame) -> Design:
        """Rebuild a design from its manifest entry (`describe`) and its stored table."""
        return cls(
            described["kind"],
            table,
            tuple(described["factors"]),
            int(described["master_seed"]),
            dict(described["scenarios"]),
            dict(described.get("spec", {})),
            described.get("mode", "run"),
            tuple(described.get("frames", DEFAULT_FRAMES)),
            float(described.get("discount_rate", 0.08)),
            bool(described.get("twin", False)),
        )

    @property
    def n_runs(self) -> int:
        """Number of rows (runs)."""
        return len(self.table)

    def describe(self) -> dict[str, Any]:
        """The design as stored in ``manifest.json`` (the table itself goes to design.parquet)."""
        t = self.table
        return {
            "kind": self.kind,
            "mode": self.mode,
            "n_runs": int(len(t)),
            "n_points": int(t["point"].nunique()) if len(t) else 0,
            "n_scenarios": int(t["scenario"].nunique()) if len(t) else 0,
            "reps": int(t["rep"].max() + 1) if len(t) else 0,
            "factors": list(self.factors),
            "frames": list(self.frames),
            "discount_rate": self.discount_rate,
            "twin": self.twin,
            "master_seed": self.master_seed,
            "spec": self.spec,
            "scenarios": self.scenarios,
            "hash": self.digest(),
        }

    def digest(self) -> str:
        """Hash of everything that determines the results (table, scenarios, mode, frames)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(
            pd.util.hash_pandas_object(self.table.astype(str), index=False).to_numpy().tobytes()
        )
        h.update(
            json.dumps(
                [
                    self.scenarios,
                    self.mode,
                    list(self.frames),
                    self.discount_rate,
                    list(self.factors),
                    self.twin,
                ],
                sort_keys=True,
                default=str,
            ).encode()
        )
        return h.hexdigest()

    def overrides(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """The parameter values a row sets (factor columns, as plain Python values)."""
        out = {}
        for name in self.factors:
            v = row[name]
            out[name] = v.item() if hasattr(v, "item") else v
        return out

    def sizes_text(self) -> str:
        """One line for figures and tables: runs, points, replications, master seed."""
        d = self.describe()
        if self.mode == "factorial":
            return (
                f"{d['n_runs']:,} seeds × 16 switch combinations = {16 * d['n_runs']:,} "
                f"simulations; master seed {self.master_seed}"
            )
        return (
            f"{d['n_runs']:,} runs = {d['n_scenarios']} scenario(s) × {d['n_points']:,} point(s) "
            f"× {d['reps']} replication(s); master seed {self.master_seed}"
        )


def scenario_label(name: str | Path) -> str:
    """The label of a scenario in tables: its name, or a file's stem.

    A file named like a shipped scenario (``other/baseline.toml``) is labelled by its path as
    given, so that it can never pass for the shipped one.
    """
    from ecosystem import list_scenarios

    path = Path(name)
    if path.suffix != ".toml":
        return str(name)
    shipped = list_scenarios().get(path.stem)
    if shipped is not None and path.is_file() and path.resolve() != shipped.resolve():
        return str(name)
    return path.stem


def resolve_scenarios(
    names: Sequence[str | Path], overrides: Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Full, validated parameter values of each scenario with common overrides applied.

    Raises:
        ecosystem.ScenarioError: unknown scenario or malformed file.
        ecosystem.ParameterError: an override's name or value is not allowed.
    """
    if not names:
        raise ParameterError("give at least one scenario")
    checked = check_values(overrides or {})
    out: dict[str, dict[str, Any]] = {}
    given: dict[str, str | Path] = {}
    for name in names:
        label = scenario_label(name)
        if label in given:
            raise ParameterError(
                f"scenarios {str(given[label])!r} and {str(name)!r} would both be labelled "
                f"{label!r} in the results; give each once, or rename one file"
            )
        given[label] = name
        out[label] = load_scenario(name, **checked).to_dict()
    return out


def _table(
    points: Mapping[str, list[dict[str, Any]]],
    reps: int,
    master: int,
    seeds: str,
    factors: Sequence[str],
) -> pd.DataFrame:
    if reps < 1:
        raise ParameterError(f"reps={reps} must be at least 1")
    if seeds not in SEED_SCHEMES:
        raise ParameterError(f"seeds={seeds!r} must be one of {', '.join(SEED_SCHEMES)}")
    n = sum(len(p) for p in points.values()) * reps
    check_size(n, f"reps={reps}")
    n_points = max((len(p) for p in points.values()), default=0)
    size = {"paired": reps, "independent": n, "crossed": n_points * reps}[seeds]
    pool = spawn_seeds(master, size)
    rows = []
    run_id = 0
    for s, pts in points.items():
        for pi, values in enumerate(pts):
            for r in range(reps):
                rows.append(
                    {
                        "run_id": run_id,
                        "scenario": s,
                        "point": pi,
                        "rep": r,
                        "seed": _seed(pool, seeds, run_id, pi, r, reps),
                        **values,
                    }
                )
                run_id += 1
    table = pd.DataFrame(rows, columns=[*ID_COLUMNS, *factors])
    for c in ("run_id", "point", "rep", "seed"):
        table[c] = table[c].astype("int64")
    return table


def _seed(pool: list[int], scheme: str, run_id: int, point: int, rep: int, reps: int) -> int:
    """The seed of one run under a seed scheme (module docstring)."""
    if scheme == "paired":
        return pool[rep]
    if scheme == "crossed":
        return pool[point * reps + rep]
    return pool[run_id]


def check_points(
    scenarios: Mapping[str, Mapping[str, Any]], points: Mapping[str, Sequence[Mapping[str, Any]]]
) -> None:
    """Every cross-field check of `Params` on every design point of every scenario.

    Raises:
        ParameterError: names the first point that a run would refuse, and why.
    """
    for label, pts in points.items():
        base = dict(scenarios[label])
        for i, p in enumerate(pts):
            if not p:
                continue
            try:
                Params.from_dict({**base, **p})
            except ParameterError as exc:
                values = ", ".join(f"{k}={v}" for k, v in p.items())
                values = values if len(values) <= 120 else values[:117] + "..."
                raise ParameterError(
                    f"design point {i} of scenario {label} ({values}): {exc}"
                ) from None


def make_design(
    kind: str,
    scenarios: dict[str, dict[str, Any]],
    points: list[dict[str, Any]] | Mapping[str, list[dict[str, Any]]],
    reps: int,
    master_seed: int,
    *,
    seeds: str = "paired",
    spec: dict[str, Any] | None = None,
    frames: Sequence[str] = DEFAULT_FRAMES,
    twin: bool = False,
    mode: str = "run",
    discount_rate: float = 0.08,
) -> Design:
    """Cross scenarios × points × replications into a `Design`.

    ``points`` are the factor values of each design point, common to all scenarios or given per
    scenario label. Every value is checked against its field before any run starts.
    """
    per = dict(points) if isinstance(points, Mapping) else {s: list(points) for s in scenarios}
    if set(per) != set(scenarios):
        raise ParameterError("points must be given for every scenario")
    factors = tuple(dict.fromkeys(k for pts in per.values() for p in pts for k in p))
    for pts in per.values():
        for p in pts:
            check_values(p)
            if set(p) != set(factors):
                raise ParameterError("every design point must set the same parameters")
    check_points(scenarios, per)
    wanted = set(frames)
    unknown = wanted - set(FRAMES)
    if unknown:
        raise ParameterError(f"unknown frames {sorted(unknown)}; allowed: {', '.join(FRAMES)}")
    chosen = tuple(f for f in FRAMES if f in wanted)
    table = _table({s: per[s] for s in scenarios}, reps, master_seed, seeds, factors)
    full_spec = {"seeds": seeds, "reps": reps, **(spec or {})}
    return Design(
        kind,
        table,
        factors,
        int(master_seed),
        dict(scenarios),
        full_spec,
        mode,
        chosen,
        float(discount_rate),
        twin or "twin" in chosen,
    )


def ensemble_design(
    scenarios: Sequence[str | Path],
    reps: int,
    master_seed: int = 0,
    *,
    overrides: Mapping[str, Any] | None = None,
    twin: bool = False,
    frames: Sequence[str] = DEFAULT_FRAMES,
) -> Design:
    """Each scenario × ``reps`` paired seeds."""
    scen = resolve_scenarios(scenarios, overrides)
    spec = {
        "generator": "ensemble",
        "scenarios": list(scen),
        "overrides": dict(overrides or {}),
        "twin": twin,
    }
    return make_design(
        "ensemble", scen, [{}], reps, master_seed, spec=spec, frames=frames, twin=twin
    )


def factorial_design(
    scenarios: Sequence[str | Path],
    levels: Mapping[str, Sequence[Any]],
    reps: int,
    master_seed: int = 0,
    *,
    overrides: Mapping[str, Any] | None = None,
    twin: bool = False,
    frames: Sequence[str] = DEFAULT_FRAMES,
) -> Design:
    """Full factorial over the given levels of each field × scenarios × paired seeds."""
    if not levels:
        raise ParameterError("a factorial needs at least one factor")
    names = list(levels)
    for n in names:
        if isinstance(levels[n], str | bytes) or not isinstance(levels[n], Sequence):
            raise ParameterError(f"factor {n}: levels must be a list, not {shown(levels[n])}")
    check_size(math.prod(len(v) for v in levels.values()) * len(scenarios) * max(1, reps), "levels")
    checked = {n: [coerce_value(field_spec(n), v) for v in levels[n]] for n in names}
    for n, vals in checked.items():
        if not vals:
            raise ParameterError(f"factor {n} has no levels")
        twice = first_repeat(vals)
        if twice is not None:
            raise ParameterError(f"factor {n}: level {twice} is given twice; give each once")
    _not_fixed(names, overrides)
    points = [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*checked.values())
    ]
    scen = resolve_scenarios(scenarios, overrides)
    spec = {
        "generator": "factorial",
        "scenarios": list(scen),
        "levels": checked,
        "overrides": dict(overrides or {}),
        "twin": twin,
    }
    return make_design(
        "sweep", scen, points, reps, master_seed, spec=spec, frames=frames, twin=twin
    )


def lhs_design(
    scenarios: Sequence[str | Path],
    ranges: Mapping[str, Sequence[float] | None],
    samples: int,
    reps: int,
    master_seed: int = 0,
    *,
    overrides: Mapping[str, Any] | None = None,
    twin: bool = False,
    frames: Sequence[str] = DEFAULT_FRAMES,
) -> Design:
    """Latin hypercube of ``samples`` points, uniform over each range (None: the field's range)."""
    if not ranges:
        raise ParameterError("a Latin hypercube needs at least one factor")
    if samples < 1:
        raise ParameterError(f"samples={samples} must be at least 1")
    check_size(samples * len(scenarios) * max(1, reps), f"samples={samples}")
    names = list(ranges)
    _not_fixed(names, overrides)
    bounds: dict[str, tuple[float, float] | None] = {}
    for n in names:
        spec = field_spec(n)
        r = ranges[n]
        if r is None or spec.type is bool or spec.choices is not None:
            bounds[n] = None
            continue
        if isinstance(r, str | bytes) or not isinstance(r, Sequence) or len(r) != 2:
            raise ParameterError(f"{n}: a range is two numbers [low, high], not {shown(r)}")
        lo, hi = (coerce_value(spec, v) for v in r)
        if lo > hi:
            raise ParameterError(f"{n}: range {lo}:{hi} is empty")
        bounds[n] = (lo, hi)
    u = latin_hypercube(samples, len(names), sampling_rng(master_seed))
    cols = {
        n: unit_to_values(field_spec(n), u[:, j], prior=False, bounds=bounds[n])
        for j, n in enumerate(names)
    }
    points = [{n: cols[n][i] for n in names} for i in range(samples)]
    scen = resolve_scenarios(scenarios, overrides)
    design_spec: dict[str, Any] = {
        "generator": "lhs",
        "scenarios": list(scen),
        "samples": samples,
        "ranges": {n: list(b) if b else None for n, b in bounds.items()},
        "overrides": dict(overrides or {}),
        "twin": twin,
    }
    return make_design(
        "sweep", scen, points, reps, master_seed, spec=design_spec, frames=frames, twin=twin
    )


def first_repeat(items: Sequence[Any]) -> Any | None:
    """The first item that occurs earlier in ``items`` (None if all differ; items are never None).

    One rule for every "given twice" refusal: a factor's levels, a list of fields.
    """
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return item
        seen.append(item)
    return None


def _not_fixed(factors: Sequence[str], overrides: Mapping[str, Any] | None) -> None:
    """Refuse a factor also fixed in every run (the fixed value would be silently ignored)."""
    both = [n for n in factors if n in (overrides or {})]
    if both:
        raise ParameterError(
            f"{both[0]} is both a factor and fixed in every run (--set / [set]); "
            "a field cannot be both"
        )


def uncertainty_fields() -> list[str]:
    """Names of every ``uncertainty``-role field, in declaration order."""
    return [n for n, s in Params.fields().items() if s.role == "uncertainty"]


def scenario_fixed_fields(name: str | Path) -> set[str]:
    """Fields a scenario file sets explicitly (a forecast keeps them, e.g. the shock's month)."""
    from ecosystem import resolve_scenario, scenario_values

    return set(scenario_values(resolve_scenario(name))[0])
