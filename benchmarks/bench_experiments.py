"""Benchmark of the experiment runner (issue 4, item 7).

    python benchmarks/bench_experiments.py [--runs 1000] [--jobs 2] [--eff-runs 300]

1. A 1,000-run baseline ensemble (no twin, no agent frames; time series and milestones stored)
   with ``--jobs 2``, timed as a fresh ``python -m experiments.cli`` process — wall time
   including interpreter start-up, worker spawn and writing. Budget: ≤ 30 s.
2. Peak memory of the whole process tree (parent + workers, RSS sampled every 50 ms).
   Budget: ≤ 1 GB.
3. Size of the experiment folder on disk. Budget: ≤ 20 MB.
4. Parallel efficiency 1 → 2 worker processes on the same design (after pool start-up):
   T(1) / (2 × T(2)). Budget: ≥ 80%.

With ``--forecast`` (issue 14, speed): a 1,000-run forecast over the priors (``--runs`` prior
draws × 1 seed, summary only) with ``--jobs 2``, without and with the expertise-gap twin, wall
time including the pool's start (budgets ≤ 30 s and ≤ 60 s on a quiet machine), and the parallel
efficiency 1 → 2 workers of the same forecast (≥ 80%).

With ``--sobol`` (issue 14, speed): a small Sobol design (``--base-samples`` N, default 64,
× (K + 2) points, 1 seed) over the top ``--top`` K (default 12) factors of the stored Morris
screening (``experiments/data/calibration/morris_ranking.json``), run once on local worker
processes and once on a Dask LocalCluster of the same size; the measured throughput gives the
time of the full design a paper would use (N = 1,024, 2 seeds per point: 1,024 × 14 × 2 =
28,672 runs) on this machine and per Dask worker, against "feasible overnight" (≤ 12 h).

Numbers are printed and appended as JSON lines to ``results/bench_experiments.jsonl`` (ignored
by git); benchmarks/README_experiments.md records them. On a shared machine, read the line
"all cores busy ... of the time": with one worker it should be near 50% on 2 cores; more means
other processes compete and the efficiency measured is the machine's, not the runner's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and its children (bytes)."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def du(path: Path) -> int:
    """Bytes of files under a folder."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def ensemble_cli(out: Path, runs: int, jobs: int) -> dict[str, float]:
    """Run the ensemble as a fresh CLI process; wall time, peak tree RSS, size on disk."""
    cmd = [
        sys.executable,
        "-m",
        "experiments.cli",
        "ensemble",
        "baseline",
        "--reps",
        str(runs),
        "--jobs",
        str(jobs),
        "--out",
        str(out),
        "--no-progress",
        "--seed",
        "1",
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ps = psutil.Process(proc.pid)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(ps))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"ensemble failed ({proc.returncode}): {stderr.decode()[-2000:]}")
    return {
        "wall_s": wall,
        "peak_rss_mb": peak / 2**20,
        "disk_mb": du(out) / 2**20,
        "report": stdout.decode().splitlines()[0],
    }


def efficiency(runs: int, forecast: bool = False) -> dict[str, float]:
    """Throughput with 1 and 2 spawned workers on the same design, after pool start-up.

    The design is the baseline ensemble, or with ``forecast`` a forecast over the priors
    (``runs`` draws × 1 seed, summary only).
    """
    sys.path.insert(0, str(ROOT))
    from experiments.design import ensemble_design
    from experiments.executors import LocalProcesses
    from experiments.forecast import forecast_design
    from experiments.runner import _jobs, _tasks
    from experiments.worker import run_job

    if forecast:
        design = forecast_design(["baseline"], runs, 1, 3, frames=())
    else:
        design = ensemble_design(["baseline"], runs, 2, frames=("timeseries", "milestones"))
    out = {}
    for workers in (1, 2):
        tasks = _tasks(design, set())
        with LocalProcesses(workers) as ex:
            list(ex.imap(run_job, _jobs(design, tasks[: 2 * workers], workers, 1)))  # warm up
            t0 = time.perf_counter()
            cpu0 = psutil.cpu_times()
            results = [o for r in ex.imap(run_job, _jobs(design, tasks, workers, None)) for o in r]
            out[f"t{workers}_s"] = time.perf_counter() - t0
            cpu1 = psutil.cpu_times()
        n = len(results)
        out[f"run_ms_{workers}"] = 1000 * sum(o.seconds for o in results) / n
        busy = (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)
        out[f"machine_busy_{workers}"] = busy / (out[f"t{workers}_s"] * (os.cpu_count() or 1))
        out[f"runs_per_s_{workers}"] = n / out[f"t{workers}_s"]
    out["efficiency"] = out["t1_s"] / (2 * out["t2_s"])
    return out


def forecast_wall(runs: int, jobs: int, twin: bool, out: Path) -> dict[str, float]:
    """Wall time of a forecast over the priors (``runs`` draws × 1 seed), pool start included."""
    sys.path.insert(0, str(ROOT))
    from experiments.forecast import forecast_design
    from experiments.runner import run_experiment

    design = forecast_design(["baseline"], runs, 1, 3, frames=(), twin=twin)
    t0 = time.perf_counter()
    cpu0 = psutil.cpu_times()
    run_experiment(design, out, jobs=jobs, progress=False)
    wall = time.perf_counter() - t0
    cpu1 = psutil.cpu_times()
    busy = (cpu1.user + cpu1.system) - (cpu0.user + cpu0.system)
    return {"wall_s": wall, "machine_busy": busy / (wall * (os.cpu_count() or 1))}


def forecast_main(a: argparse.Namespace) -> int:
    """The issue-14 speed section: forecast with and without the twin; efficiency 1 → 2."""
    tmp = Path(tempfile.mkdtemp(prefix="bench_forecast_"))
    load = os.getloadavg()
    try:
        plain = forecast_wall(a.runs, a.jobs, False, tmp / "plain")
        twin = forecast_wall(a.runs, a.jobs, True, tmp / "twin")
        e = efficiency(a.eff_runs, forecast=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    eff = e["efficiency"]
    record = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "kind": "forecast",
        "runs": a.runs,
        "jobs": a.jobs,
        "eff_runs": a.eff_runs,
        "load_avg_1_5_15": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "no_twin_s": plain["wall_s"],
        "twin_s": twin["wall_s"],
        "no_twin_busy": plain["machine_busy"],
        **e,
    }
    print(
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)"
    )
    checks = [
        (f"{a.runs}-run forecast, no twin", plain["wall_s"], "≤ 30 s", plain["wall_s"] <= 30),
        (f"{a.runs}-run forecast, with twin", twin["wall_s"], "≤ 60 s", twin["wall_s"] <= 60),
    ]
    for name, value, budget, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name:<42} {value:>8.1f} s  (budget {budget})")
    print(
        f"{'PASS' if eff >= 0.8 else 'FAIL'}  parallel efficiency 1 → 2 workers "
        f"({a.eff_runs} runs)       {eff:>8.0%}    (budget ≥ 80%; all cores busy "
        f"{e['machine_busy_1']:.0%} with one worker; {e['runs_per_s_1']:.1f} → "
        f"{e['runs_per_s_2']:.1f} runs/s)"
    )
    (ROOT / "results").mkdir(exist_ok=True)
    with (ROOT / "results" / "bench_experiments.jsonl").open("a") as fh:
        fh.write(json.dumps(record) + "\n")
    return 0 if all(ok for *_, ok in checks) and eff >= 0.8 else 1


#: The Sobol design a paper would use: base samples, seeds per point (runs = N × (K + 2) × reps).
SOBOL_FULL_N, SOBOL_FULL_REPS = 1024, 2
#: "Feasible overnight" (issue 14): hours.
OVERNIGHT_H = 12.0


def sobol_wall(factors: list[str], n: int, jobs: int, scheduler: str | None, out: Path) -> float:
    """Wall time (s) of a Sobol design of ``n`` base samples over ``factors``, start-up included."""
    sys.path.insert(0, str(ROOT))
    from experiments.runner import run_experiment
    from experiments.sensitivity import sobol_design

    design = sobol_design("baseline", factors, base_samples=n, reps=1, master_seed=0)
    t0 = time.perf_counter()
    run_experiment(design, out, jobs=jobs, scheduler=scheduler, progress=False)
    return time.perf_counter() - t0


def sobol_main(a: argparse.Namespace) -> int:
    """The issue-14 Sobol section: local processes vs a Dask LocalCluster, extrapolated."""
    ranking = json.loads(
        (ROOT / "experiments" / "data" / "calibration" / "morris_ranking.json").read_text()
    )
    factors = [f["factor"] for f in ranking["factors"][: a.top]]
    runs = a.base_samples * (len(factors) + 2)
    full_runs = SOBOL_FULL_N * (len(factors) + 2) * SOBOL_FULL_REPS
    tmp = Path(tempfile.mkdtemp(prefix="bench_sobol_"))
    load = os.getloadavg()
    try:
        pool_s = sobol_wall(factors, a.base_samples, a.jobs, None, tmp / "pool")
        dask_s = sobol_wall(factors, a.base_samples, a.jobs, "local", tmp / "dask")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    pool_rate, dask_rate = runs / pool_s, runs / dask_s
    full_pool_h = full_runs / pool_rate / 3600.0
    per_worker = dask_rate / a.jobs
    record = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "kind": "sobol",
        "factors": factors,
        "base_samples": a.base_samples,
        "runs": runs,
        "jobs": a.jobs,
        "load_avg_1_5_15": [round(x, 2) for x in load],
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "pool_s": pool_s,
        "dask_s": dask_s,
        "full_runs": full_runs,
        "full_pool_h": full_pool_h,
        "dask_runs_per_s_per_worker": per_worker,
    }
    print(
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)"
    )
    print(f"Sobol over the top {len(factors)} Morris factors: {', '.join(factors)}")
    print(
        f"{runs:,} runs (N = {a.base_samples}): local processes ({a.jobs}) {pool_s:.1f} s "
        f"({pool_rate:.1f} runs/s); Dask LocalCluster ({a.jobs} workers) {dask_s:.1f} s "
        f"({dask_rate:.1f} runs/s, {per_worker:.1f} per worker)"
    )
    print(f"full design N = {SOBOL_FULL_N}, {SOBOL_FULL_REPS} seeds per point: {full_runs:,} runs")
    ok = full_pool_h <= OVERNIGHT_H
    print(
        f"{'PASS' if ok else 'FAIL'}  on this machine ({a.jobs} processes): {full_pool_h:.2f} h "
        f"(budget ≤ {OVERNIGHT_H:.0f} h)"
    )
    for workers in (8, 32):
        print(
            f"      on a Dask cluster of {workers} such workers: "
            f"{full_runs / (per_worker * workers) / 3600.0:.2f} h (measured per-worker rate)"
        )
    (ROOT / "results").mkdir(exist_ok=True)
    with (ROOT / "results" / "bench_experiments.jsonl").open("a") as fh:
        fh.write(json.dumps(record) + "\n")
    return 0 if ok else 1


def main() -> int:
    """Run the benchmark and print the numbers against their budgets."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--eff-runs", type=int, default=300)
    ap.add_argument("--forecast", action="store_true", help="the forecast benchmark (issue 14)")
    ap.add_argument("--sobol", action="store_true", help="the Sobol benchmark (issue 14)")
    ap.add_argument("--base-samples", type=int, default=64, help="Sobol base samples N")
    ap.add_argument("--top", type=int, default=12, help="Sobol: top Morris factors")
    a = ap.parse_args()
    if a.forecast:
        return forecast_main(a)
    if a.sobol:
        return sobol_main(a)
    tmp = Path(tempfile.mkdtemp(prefix="bench_experiments_"))
    try:
        load = os.getloadavg()[0]
        res = ensemble_cli(tmp / "ensemble", a.runs, a.jobs)
        eff = efficiency(a.eff_runs)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    record = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "runs": a.runs,
        "jobs": a.jobs,
        "cpus": os.cpu_count(),
        "load_before": round(load, 2),
        "python": platform.python_version(),
        **res,
        **eff,
    }
    checks = [
        (
            f"{a.runs} runs, --jobs {a.jobs}, wall incl. start-up",
            f"{res['wall_s']:.1f} s",
            "≤ 30 s",
            res["wall_s"] <= 30,
        ),
        (
            "peak memory (process tree)",
            f"{res['peak_rss_mb']:.0f} MB",
            "≤ 1024 MB",
            res["peak_rss_mb"] <= 1024,
        ),
        ("on disk", f"{res['disk_mb']:.1f} MB", "≤ 20 MB", res["disk_mb"] <= 20),
        (
            "parallel efficiency 1 → 2 processes",
            f"{eff['efficiency']:.0%}",
            "≥ 80%",
            eff["efficiency"] >= 0.8,
        ),
    ]
    print(res["report"])
    print(
        f"throughput: {eff['runs_per_s_1']:.1f} runs/s with 1 worker, "
        f"{eff['runs_per_s_2']:.1f} runs/s with 2 (load average before: {load:.2f})"
    )
    print(
        f"time per run inside a worker: {eff['run_ms_1']:.1f} ms (1 worker), "
        f"{eff['run_ms_2']:.1f} ms (2 workers); all cores busy "
        f"{eff['machine_busy_1']:.0%} / {eff['machine_busy_2']:.0%} of the time"
    )
    for name, value, budget, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name:<42} {value:>10}  (budget {budget})")
    (ROOT / "results").mkdir(exist_ok=True)
    with (ROOT / "results" / "bench_experiments.jsonl").open("a") as fh:
        fh.write(json.dumps(record) + "\n")
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
