"""Benchmark of one MagnetModel run against Mesa's floor, its scaling in n_firms, and a profile.

Usage::

    .venv/bin/python benchmarks/bench_model.py [--repeat N] [--json out.json]
    .venv/bin/python benchmarks/bench_model.py --profile [--top 25]
    .venv/bin/python benchmarks/bench_model.py --no-scaling      # floor and default run only
    PYTHONPATH=/tmp/snap .venv/bin/python benchmarks/bench_model.py  # a snapshot of ecosystem/

What is measured (see benchmarks/README.md):

* floor: an empty Mesa model with as many agents as the default ``MagnetModel`` and a
  ``DataCollector`` with as many trivial model reporters as the time series has columns;
  construction (incl. one initial collect) + 120 steps of ``agents.shuffle_do("step")`` with a
  collect each step + ``get_model_vars_dataframe()``;
* model: ``MagnetModel(rng=seed, record_agents=...)`` + ``.run()`` + ``.result()`` (no twin);
* scaling: the model run for n_firms in {8, 32, 128, 512} with R&D centres, partners,
  beneficiaries and the scheme capacity scaled alike; log-log slope by ``numpy.polyfit``;
* ``--profile``: cProfile over 20 default runs, top functions by self time, self time by module
  (built-ins charged to the module that calls them) and cumulative time by phase of the month.

Every timing is the median of ``--repeat`` runs with different seeds after a warm-up.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import sysconfig
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:  # the installed (editable) package, or a snapshot put first on PYTHONPATH
    import ecosystem  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

import mesa  # noqa: E402
import numpy as np  # noqa: E402

import ecosystem  # noqa: E402
from ecosystem import MagnetModel, Params  # noqa: E402

TARGET_RATIO = 8.0
TARGET_SLOPE = 1.1
SCALING_FIRMS = (8, 32, 128, 512)
PROFILE_RUNS = 20


# ---------------------------------------------------------------------------------- the floor
def zero_reporter(model: mesa.Model) -> float:
    """A trivial model reporter (module level, so picklable like the project's reporters)."""
    return 0.0


class FloorAgent(mesa.Agent):
    """An agent whose step does nothing."""

    def step(self) -> None:
        """Do nothing."""


class FloorModel(mesa.Model):
    """Mesa's floor: ``n_agents`` empty agents and ``n_columns`` trivial model reporters."""

    def __init__(self, n_agents: int, n_columns: int, *, rng: int | None = None) -> None:
        super().__init__(rng=rng)
        FloorAgent.create_agents(self, n_agents)
        self.datacollector = mesa.DataCollector(
            model_reporters={f"c{i}": zero_reporter for i in range(n_columns)}
        )
        self.datacollector.collect(self)  # the initial row, like the model's month 0

    def step(self) -> None:
        """Step every agent in random order and collect one row."""
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)


def floor_run(n_agents: int, n_columns: int, steps: int, seed: int) -> Any:
    """One floor run: construction + ``steps`` steps + the data frame."""
    model = FloorModel(n_agents, n_columns, rng=seed)
    model.run_for(steps)
    return model.datacollector.get_model_vars_dataframe()


# ---------------------------------------------------------------------------------- the model
def model_run(seed: int, *, record_agents: bool = True, params: Params | None = None) -> Any:
    """One model run: construction + ``.run()`` + ``.result()`` (no twin)."""
    return MagnetModel(params, rng=seed, record_agents=record_agents).run().result()


def stage_split(repeat: int) -> dict[str, dict[str, float]]:
    """Median ms of construction, ``.run()`` and ``.result()`` of the default run, timed apart."""
    parts: dict[str, list[float]] = {"construction": [], "run": [], "result": []}
    model_run(10_000)
    for seed in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        model = MagnetModel(rng=seed)
        t1 = time.perf_counter()
        model.run()
        t2 = time.perf_counter()
        model.result()
        t3 = time.perf_counter()
        parts["construction"].append(t1 - t0)
        parts["run"].append(t2 - t1)
        parts["result"].append(t3 - t2)
    return {k: summary(v) for k, v in parts.items()}


def default_shape() -> tuple[int, int, int]:
    """Agents of the default model, columns of its time series, its horizon."""
    model = MagnetModel(rng=0)
    n_agents = len(model.agents)
    ts = model.run().result().timeseries
    return n_agents, len(ts.columns), model.p.horizon_months


def time_runs(
    fn: Callable[[int], Any], repeat: int, *, warmup: int = 2, seed0: int = 0
) -> list[float]:
    """Seconds per call of ``fn(seed)`` for ``repeat`` different seeds, after ``warmup`` calls."""
    for i in range(warmup):
        fn(10_000 + i)
    out = []
    for i in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn(seed0 + i)
        out.append(time.perf_counter() - t0)
    return out


def time_interleaved(
    kinds: dict[str, Callable[[int], Any]], repeat: int, *, warmup: int = 2
) -> dict[str, list[float]]:
    """Like `time_runs` for several kinds of run, interleaved so they share the machine's load."""
    for fn in kinds.values():
        for i in range(warmup):
            fn(10_000 + i)
    out: dict[str, list[float]] = {k: [] for k in kinds}
    for i in range(repeat):
        for name, fn in kinds.items():
            gc.collect()
            t0 = time.perf_counter()
            fn(i)
            out[name].append(time.perf_counter() - t0)
    return out


def summary(times: list[float]) -> dict[str, float]:
    """Median, min and max in milliseconds."""
    return {
        "median_ms": statistics.median(times) * 1e3,
        "min_ms": min(times) * 1e3,
        "max_ms": max(times) * 1e3,
        "n": len(times),
    }


# ---------------------------------------------------------------------------------- scaling
def scaled_params(n_firms: int, *, unclamped: bool = False) -> tuple[Params, list[str]]:
    """Params for ``n_firms`` with the other populations and the scheme capacity scaled alike.

    Values outside a parameter's range are clamped to it (and reported); with ``unclamped``
    the scaled value is forced in past validation, for comparison only.
    """
    specs = Params.fields()
    k = max(1, round(n_firms * 5 / 7))
    wanted: dict[str, float] = {
        "n_firms": n_firms,
        "n_rnd_centres": k,
        "n_partners": k,
        "n_beneficiaries": min(n_firms, round(n_firms * 5 / 7)),
        "scheme_capacity_t": 6000.0 * n_firms / 7.0,
    }
    notes: list[str] = []
    values: dict[str, float] = {}
    for name, value in wanted.items():
        spec = specs[name]
        lo = spec.low if spec.low is not None else -float("inf")
        hi = spec.high if spec.high is not None else float("inf")
        clamped = min(max(value, lo), hi)
        if clamped != value:
            notes.append(
                f"{name}={value:g} is outside its range {spec.range_text}: "
                + ("forced past validation" if unclamped else f"clamped to {clamped:g}")
            )
        values[name] = type(spec.default)(clamped)
    params = Params(**values)
    if unclamped:
        for name, value in wanted.items():
            object.__setattr__(params, name, type(specs[name].default)(value))
    return params, notes


def scaling(repeat: int, *, unclamped: bool = False) -> dict[str, Any]:
    """Median runtime for each n_firms and the log-log slope."""
    rows = []
    for n in SCALING_FIRMS:
        params, notes = scaled_params(n, unclamped=unclamped)
        warm = 1 if n <= 128 else 0
        times = time_runs(lambda s, p=params: model_run(s, params=p), repeat, warmup=warm)
        model = MagnetModel(params, rng=0)
        rows.append(
            {
                "n_firms": n,
                "n_rnd_centres": params.n_rnd_centres,
                "n_partners": params.n_partners,
                "n_beneficiaries": params.n_beneficiaries,
                "scheme_capacity_t": params.scheme_capacity_t,
                "agents": len(model.agents),
                **summary(times),
                "notes": notes,
            }
        )
        print(
            f"  n_firms={n:4d} agents={len(model.agents):5d} "
            f"median {rows[-1]['median_ms']:9.1f} ms",
            flush=True,
        )
    x = np.log([r["n_firms"] for r in rows])
    y = np.log([r["median_ms"] for r in rows])
    slope = float(np.polyfit(x, y, 1)[0])
    local = [float((y[i + 1] - y[i]) / (x[i + 1] - x[i])) for i in range(len(rows) - 1)]
    return {"rows": rows, "slope": slope, "local_slopes": local, "unclamped": unclamped}


# ---------------------------------------------------------------------------------- profile
def _module_index() -> dict[str, str]:
    index = {}
    for name, mod in list(sys.modules.items()):
        path = getattr(mod, "__file__", None)
        if path:
            index[os.path.realpath(path)] = name
    return index


_STDLIB = os.path.realpath(sysconfig.get_paths()["stdlib"])


def _group(filename: str, modules: dict[str, str]) -> str:
    """Group name of a profiled function's file: ecosystem.<module>, mesa.<module>, pandas, …."""
    if filename == "~":
        return "<built-in>"
    if filename == "<string>":
        return "generated code (dataclass __init__)"
    path = os.path.realpath(filename)
    name = modules.get(path)
    if name is None:
        if filename.startswith("<"):
            return "python (frozen/internal)"
        name = Path(filename).stem
    top = name.split(".")[0]
    if top == "ecosystem":
        return name
    if top == "mesa":
        return ".".join(name.split(".")[:2])
    if path.startswith(_STDLIB) and "site-packages" not in path:
        return f"stdlib ({top})"
    return top


#: Phases of a month (and the run around it): (label, module, function name).
PHASES: tuple[tuple[str, str, str], ...] = (
    ("construction: MagnetModel.__init__", "ecosystem.model", "__init__"),
    ("environment: Demand.update", "ecosystem.environment.demand", "update"),
    ("environment: ImportMarket.update", "ecosystem.environment.imports", "update"),
    ("environment: RawMaterial.produce", "ecosystem.environment.raw_material", "produce"),
    ("environment: LabourPool.add_graduates", "ecosystem.environment.labour", "add_graduates"),
    ("government: Government.step", "ecosystem.agents.government", "step"),
    ("R&D: RnDCentre.step", "ecosystem.agents.rnd_centre", "step"),
    (
        "firms plan: Manufacturer.plan (via AgentSet.shuffle_do)",
        "ecosystem.agents.manufacturer",
        "plan",
    ),
    ("firms: Manufacturer.potential", "ecosystem.agents.manufacturer", "potential"),
    ("market: take_orders", "ecosystem.market_clearing", "take_orders"),
    ("market: produce_and_sell", "ecosystem.market_clearing", "produce_and_sell"),
    ("firms: Manufacturer.learn", "ecosystem.agents.manufacturer", "learn"),
    ("firms: Manufacturer.settle", "ecosystem.agents.accounts", "settle"),
    ("partners: TechnologyPartner.review", "ecosystem.agents.partner", "review"),
    ("poaching: MagnetModel._poach", "ecosystem.model", "_poach"),
    ("recording: Recorder.record", "ecosystem.recorder", "record"),
    ("frames: SimulationResult.from_model", "ecosystem.result", "from_model"),
)


def profile(runs: int, top: int, n_firms: int | None = None) -> dict[str, Any]:
    """Profile ``runs`` runs with cProfile: hot functions, self time by module, time by phase.

    Default parameters, or the scaling sweep's parameters for ``n_firms``.
    """
    params = scaled_params(n_firms)[0] if n_firms is not None else None
    model_run(10_000, params=params)  # warm-up (imports, caches) outside the profile
    prof = cProfile.Profile()
    prof.enable()
    for seed in range(runs):
        model_run(seed, params=params)
    prof.disable()
    stats = pstats.Stats(prof)
    raw: dict[tuple[str, int, str], tuple] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values())
    modules = _module_index()

    hot = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    hot_rows = []
    for (filename, line, func), (_cc, nc, tt, ct, _callers) in hot:
        group = _group(filename, modules)
        where = func if filename == "~" else f"{group}:{line}({func})"
        hot_rows.append(
            {"function": where, "calls": nc, "tottime_s": tt, "cumtime_s": ct, "share": tt / total}
        )

    by_module: dict[str, float] = defaultdict(float)
    for (filename, _line, _func), (_cc, _nc, tt, _ct, callers) in raw.items():
        if filename != "~" or not callers:
            by_module[_group(filename, modules)] += tt
            continue
        # A built-in's self time is charged to the modules of its callers, pro rata.
        caller_tt = {c: v[2] for c, v in callers.items()}
        weight = sum(caller_tt.values())
        for (cfile, _cl, _cf), ctt in caller_tt.items():
            share = ctt / weight if weight > 0 else 1.0 / len(caller_tt)
            label = _group(cfile, modules)
            by_module[label if label != "<built-in>" else "<built-in>"] += tt * share
    module_rows = [
        {"module": k, "tottime_s": v, "share": v / total}
        for k, v in sorted(by_module.items(), key=lambda kv: kv[1], reverse=True)
    ]

    phase_rows = []
    for label, module, func in PHASES:
        ct = sum(
            v[3] for (f, _l, fn), v in raw.items() if fn == func and _group(f, modules) == module
        )
        if ct > 0:
            phase_rows.append({"phase": label, "cumtime_s": ct, "share": ct / total})
    n = n_firms or Params().n_firms
    return {
        "runs": runs,
        "n_firms": n,
        "total_s": total,
        "per_run_ms": total / runs * 1e3,
        "hot": hot_rows,
        "by_module": module_rows,
        "by_phase": phase_rows,
    }


def print_profile(prof: dict[str, Any]) -> None:
    """Print the three profile tables."""
    print(
        f"\nProfile: {prof['runs']} runs with n_firms={prof['n_firms']}, "
        f"{prof['total_s']:.2f} s under cProfile "
        f"({prof['per_run_ms']:.0f} ms a run; cProfile inflates many small calls)"
    )
    print(f"\n{'self %':>7} {'self s':>7} {'cum s':>7} {'calls':>9}  function")
    for r in prof["hot"]:
        print(
            f"{r['share']:7.1%} {r['tottime_s']:7.3f} {r['cumtime_s']:7.3f} {r['calls']:9d}  "
            f"{r['function']}"
        )
    print(f"\n{'self %':>7} {'self s':>7}  module (built-ins charged to their callers)")
    for r in prof["by_module"]:
        if r["share"] >= 0.002:
            print(f"{r['share']:7.1%} {r['tottime_s']:7.3f}  {r['module']}")
    print(f"\n{'cum %':>7} {'cum s':>7}  phase")
    for r in prof["by_phase"]:
        print(f"{r['share']:7.1%} {r['cumtime_s']:7.3f}  {r['phase']}")


# ---------------------------------------------------------------------------------- main
def git_revision() -> str:
    """The commit the model code comes from (``+dirty`` if ecosystem/ has local changes).

    A snapshot of the package elsewhere (``PYTHONPATH=/tmp/snap``) is reported by its path.
    """
    where = Path(ecosystem.__file__).resolve().parent
    if where != ROOT / "ecosystem":
        return f"ecosystem from {where}"
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "ecosystem"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return rev + ("+dirty" if dirty else "")


def machine() -> dict[str, Any]:
    """The machine and versions the numbers come from."""
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "mesa": mesa.__version__,
        "numpy": np.__version__,
        "ecosystem": ecosystem.__version__,
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "commit": git_revision(),
        "load_avg_1min": os.getloadavg()[0],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; with ``--strict`` the exit status is 1 if a target fails."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=20, help="runs per timing (median; default 20)")
    ap.add_argument(
        "--scaling-repeat",
        type=int,
        default=5,
        help="runs per n_firms in the scaling sweep (default 5)",
    )
    ap.add_argument("--no-scaling", action="store_true", help="skip the n_firms sweep")
    ap.add_argument(
        "--unclamped",
        action="store_true",
        help="scaling: force scaled values past their parameter ranges",
    )
    ap.add_argument("--profile", action="store_true", help=f"cProfile {PROFILE_RUNS} default runs")
    ap.add_argument(
        "--profile-firms",
        type=int,
        default=None,
        help="profile the scaling sweep's run with this many firms instead",
    )
    ap.add_argument(
        "--profile-runs",
        type=int,
        default=PROFILE_RUNS,
        help=f"runs under the profiler (default {PROFILE_RUNS})",
    )
    ap.add_argument("--top", type=int, default=25, help="functions listed by the profile")
    ap.add_argument("--json", type=Path, help="write all numbers to this JSON file")
    ap.add_argument("--strict", action="store_true", help="exit with status 1 if a target fails")
    args = ap.parse_args(argv)

    info = machine()
    n_agents, n_columns, steps = default_shape()
    print(
        f"machine: {info['nproc']} cores, Python {info['python']}, Mesa {info['mesa']}, "
        f"{info['platform']}"
    )
    print(f"model code: {info['commit']}; load average {info['load_avg_1min']:.2f} at start")
    print(f"default model: {n_agents} agents, {n_columns} time-series columns, {steps} months\n")
    targets = {"ratio": TARGET_RATIO, "slope": TARGET_SLOPE}
    out: dict[str, Any] = {
        "machine": info,
        "n_agents": n_agents,
        "n_columns": n_columns,
        "steps": steps,
        "targets": targets,
    }
    ok = True

    if args.profile:
        prof = profile(args.profile_runs, args.top, args.profile_firms)
        print_profile(prof)
        out["profile"] = prof
    else:
        kinds = {
            "floor": lambda s: floor_run(n_agents, n_columns, steps, s),
            "full": lambda s: model_run(s, record_agents=True),
            "lean": lambda s: model_run(s, record_agents=False),
        }
        times = time_interleaved(kinds, args.repeat)
        floor, full, lean = (summary(times[k]) for k in ("floor", "full", "lean"))
        base = floor["median_ms"]
        print(f"{'run':<46} {'median ms':>10} {'min':>8} {'max':>8} {'× floor':>8}")
        rows = [
            ("floor (empty Mesa model + DataCollector)", floor),
            ("model, record_agents=True (default)", full),
            ("model, record_agents=False", lean),
        ]
        for name, r in rows:
            print(
                f"{name:<46} {r['median_ms']:10.2f} {r['min_ms']:8.2f} {r['max_ms']:8.2f} "
                f"{r['median_ms'] / base:8.2f}"
            )
        split = stage_split(args.repeat)
        print(
            "  default run split: "
            + ", ".join(f"{k} {v['median_ms']:.2f} ms" for k, v in split.items())
        )
        ratio = full["median_ms"] / base
        ratio_min = full["min_ms"] / floor["min_ms"]
        passed = ratio <= TARGET_RATIO
        ok &= passed
        print(
            f"\nratio (default run / floor) = {ratio:.2f}  target ≤ {TARGET_RATIO:g}  "
            f"{'PASS' if passed else 'FAIL'}  (ratio of the fastest runs {ratio_min:.2f})"
        )
        out.update(
            ratio_of_min=ratio_min,
            floor=floor,
            model_record_agents=full,
            model_no_agents=lean,
            ratio=ratio,
            ratio_no_agents=lean["median_ms"] / base,
            ratio_pass=passed,
            split=split,
        )

        if not args.no_scaling:
            print(
                f"\nscaling (median of {args.scaling_repeat} runs each"
                f"{', unclamped' if args.unclamped else ''}):"
            )
            sc = scaling(args.scaling_repeat, unclamped=args.unclamped)
            notes = sorted({n for r in sc["rows"] for n in r["notes"]})
            for note in notes:
                print(f"  note: {note}")
            passed = sc["slope"] <= TARGET_SLOPE
            ok &= passed
            local = ", ".join(f"{s:.2f}" for s in sc["local_slopes"])
            print(
                f"log-log slope = {sc['slope']:.3f} (segments {local})  target ≤ "
                f"{TARGET_SLOPE:g}  {'PASS' if passed else 'FAIL'}"
            )
            out["scaling"] = sc
            out["slope_pass"] = passed

    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n")
        print(f"\nwrote {args.json}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
