"""Speed of the front end against the targets of issues 3 and 13 (the tests never judge speed).

Usage::

    .venv/bin/python benchmarks/bench_viz.py [--repeat N] [--json out.json]
    .venv/bin/python benchmarks/bench_viz.py --browser      # also the real-browser timings

What is measured:

* step: one month of the live run and its twin (``LiveRun.step``), every month of the horizon;
  "step + frames" adds the frames the views draw (``LiveRun.result``) and "step + ramp" the
  ramp view's spec (frames, chart, Vega-Lite) — the server's work for one Step on the Ramp tab.
  Target: ≤ 50 ms for run + twin.
* lever change: a new run and twin over the whole horizon plus the specs of every view (ramp,
  expertise, loss chain, binding constraint, network, milestones) — the server's share of the
  ≤ 1 s "lever change to all views redrawn".
* ensemble: 30 seeds of the settings and 30 of the twin on the bounded process pool, cold
  (pool started) and warm. Target: ≤ 10 s on 2 cores.
* ``--browser``: the app served by ``solara run`` and driven in headless Chromium at 1280x720:
  first chart (page open to the ramp drawn, warm server; target ≤ 3 s), lever release (a slider
  moved by the keyboard, to the ramp and key figures redrawn with the new run; ≤ 500 ms),
  Step to render (month shown and the ramp redrawn) over 50 steps (p95 ≤ 300 ms), and Play at
  its fastest speed (≥ 8 months/s, counting the distinct months the ramp's cursor showed: the
  frames visibly advance).

Timings are medians (and 95th percentiles) over ``--repeat`` repetitions after a warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    import viz  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

from ecosystem import Params  # noqa: E402
from viz import charts, ensemble, frames  # noqa: E402
from viz.state import LiveRun, Settings, reference_result, snapshot  # noqa: E402

TARGETS = {
    "step_ms": 50.0,
    "lever_change_s": 0.5,
    "ensemble_s": 10.0,
    "browser_first_chart_s": 3.0,
    "browser_step_p95_ms": 300.0,
    "browser_play_months_per_s": 8.0,
    "browser_lever_change_s": 0.5,
}


def p95(values: list[float]) -> float:
    """95th percentile."""
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


_TEMPLATES: dict[tuple, dict] = {}


def ramp_spec(snap) -> dict:
    """The ramp view's spec for a snapshot, as the app makes it on a Step.

    The chart is built with Altair once per shape (series, target date, axis range); each
    Step swaps its rows into that spec (`viz.charts.with_datasets`), as ``RampView`` does.
    """
    frame = frames.ramp_frame(snap.result, snap.reference)
    rows = {
        "target_date": snap.target_date,
        "gap_t": snap.result.summary["shortfall_due_to_gap_t"],
        "now": (frames.month_date(snap.month), f"Month {snap.month}"),
    }
    shape = (tuple(frame.columns), snap.target_date, snap.x_domain)
    if shape not in _TEMPLATES:
        _TEMPLATES[shape] = charts.to_spec(charts.ramp_chart(frame, x_domain=snap.x_domain, **rows))
    return charts.with_datasets(_TEMPLATES[shape], charts.ramp_datasets(frame, **rows))


def all_specs(snap) -> list[dict]:
    """Every view's spec (what a lever change redraws)."""
    r = snap.result
    nodes, edges = frames.network_frames(r)
    frame = frames.ramp_frame(r, snap.reference)
    return [
        charts.to_spec(
            charts.ramp_chart(frame, target_date=snap.target_date, x_domain=snap.x_domain)
        ),
        charts.to_spec(charts.expertise_chart(frames.expertise_frame(r), x_domain=snap.x_domain)),
        charts.to_spec(charts.loss_chain_chart(frames.loss_frame(r), x_domain=snap.x_domain)),
        charts.to_spec(charts.binding_chart(frames.binding_frame(r))),
        charts.to_spec(charts.network_chart(nodes, edges)),
        charts.to_spec(charts.milestones_chart(frames.milestones_frame(r))),
    ]


def bench_steps(repeat: int) -> dict[str, Any]:
    """Per-month cost of a Step: the models, + frames, + the ramp's spec."""
    reference = reference_result("baseline", 0)
    out: dict[str, list[float]] = {"step": [], "step_frames": [], "step_ramp": []}
    for seed in range(repeat):
        run = LiveRun(Settings.from_scenario("baseline", seed))
        while run.running:
            t0 = time.perf_counter()
            run.step()
            t1 = time.perf_counter()
            snap = snapshot(run, reference)
            t2 = time.perf_counter()
            ramp_spec(snap)
            t3 = time.perf_counter()
            out["step"].append(t1 - t0)
            out["step_frames"].append(t2 - t0)
            out["step_ramp"].append(t3 - t0)
    return {
        f"{k}_ms": {"median": 1000 * statistics.median(v), "p95": 1000 * p95(v),
                    "max": 1000 * max(v)}
        for k, v in out.items()
    }  # fmt: skip


def bench_lever(repeat: int) -> dict[str, Any]:
    """A lever change: a new run + twin over the whole horizon and every view's spec."""
    base = Settings.from_scenario("baseline", 0)
    reference_result("baseline", 0)
    runs, views = [], []
    for i in range(repeat + 1):
        settings = base.with_value("learning_rate", 0.1 + 0.3 * i / max(repeat, 1))
        t0 = time.perf_counter()
        snap = snapshot(LiveRun.full(settings), reference_result("baseline", 0))
        t1 = time.perf_counter()
        all_specs(snap)
        t2 = time.perf_counter()
        if i:  # the first is the warm-up
            runs.append(t1 - t0)
            views.append(t2 - t1)
    return {
        "run_and_twin_s": statistics.median(runs),
        "all_views_s": statistics.median(views),
        "total_s": statistics.median([a + b for a, b in zip(runs, views, strict=True)]),
    }


def bench_ensemble() -> dict[str, Any]:
    """30 + 30 runs on the pool: cold (starting the workers) and warm."""
    cold_start = time.perf_counter()
    ensemble.run_ensemble(Params(), 101, ensemble.DEFAULT_SEEDS)
    cold = time.perf_counter() - cold_start
    warm_start = time.perf_counter()
    ensemble.run_ensemble(Params(learning_rate=0.25), 102, ensemble.DEFAULT_SEEDS)
    warm = time.perf_counter() - warm_start
    ensemble.shutdown()
    return {"workers": ensemble.WORKERS, "cold_s": cold, "warm_s": warm}


def bench_browser() -> dict[str, Any]:
    """The real app in headless Chromium: first chart, lever release, Step p95, Play rate."""
    from playwright.sync_api import sync_playwright

    from viz.server import CHROMIUM, CHROMIUM_ARGS, serve

    shows = """([k]) => {
        const s = document.querySelector('.month-status');
        const svg = document.querySelector('.chart-ramp .vega-embed svg.marks');
        return s && s.textContent.startsWith(`Month ${k} of`) && svg
            && svg.textContent.includes(`Month ${k} of`);
    }"""
    # The ramp's drawing, not the rounded key figure: one slider step of a lever can move
    # output by less than the 1 t the key figure shows, and the bench would wait forever.
    changed = """([before]) => {
        const el = document.querySelector('.chart-ramp .vega-embed svg.marks');
        return el && el.innerHTML !== before;
    }"""
    cursor = """() => { const svg = document.querySelector('.chart-ramp .vega-embed svg.marks');
        const m = svg && svg.textContent.match(/Month (\\d+) of/); return m ? +m[1] : -1; }"""
    ramp = ".chart-ramp .vega-embed svg.marks"
    with serve() as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            warm = browser.new_page(viewport={"width": 1280, "height": 720})
            warm.set_default_timeout(180_000)
            warm.goto(url)
            warm.locator(".ramp-band-status").filter(has_text="Band:").wait_for()
            warm.close()
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.set_default_timeout(180_000)
            t0 = time.perf_counter()
            page.goto(url)
            page.locator(ramp).wait_for()
            first = time.perf_counter() - t0
            page.locator(".ramp-band-status").filter(has_text="Band:").wait_for()
            lever = []
            thumb = page.locator(".lever-learning_rate .v-slider__thumb-container")
            for key in ("ArrowRight", "ArrowRight", "ArrowLeft", "ArrowRight", "ArrowLeft"):
                before = page.locator(ramp).evaluate("el => el.innerHTML")
                thumb.focus()
                t0 = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_function(changed, arg=[before], polling=5)
                lever.append(time.perf_counter() - t0)
            page.get_by_role("button", name="Reset", exact=True).click()
            page.wait_for_function(shows, arg=[0])
            steps = []
            for k in range(1, 51):
                t0 = time.perf_counter()
                page.get_by_role("button", name="Step").click()
                page.wait_for_function(shows, arg=[k], polling=5)
                steps.append(time.perf_counter() - t0)
            page.locator(".play-speed").click()
            page.get_by_role("option", name="24 months/s").click()
            seen = set()
            m0, t0 = page.evaluate(cursor), time.perf_counter()
            page.get_by_role("button", name="▶").click()
            while (m := page.evaluate(cursor)) < 110:
                seen.add(m)
            m1, t1 = m, time.perf_counter()
            draws = page.evaluate("() => window.vegaChartTimes || []")
        finally:
            browser.close()
    return {
        "first_chart_s": first,
        "step_median_ms": 1000 * statistics.median(steps),
        "step_p95_ms": 1000 * p95(steps),
        "play_months_per_s": (m1 - m0) / (t1 - t0),
        "play_frames_seen": len(seen),
        "lever_change_median_s": statistics.median(lever),
        "lever_change_max_s": max(lever),
        "vega_draw_median_ms": statistics.median(draws) if draws else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks, print a table and optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also time the real browser")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    results: dict[str, Any] = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "load": os.getloadavg()},
        "steps": bench_steps(args.repeat),
        "lever_change": bench_lever(args.repeat),
        "ensemble": bench_ensemble(),
    }  # fmt: skip
    if args.browser:
        results["browser"] = bench_browser()
    s, lv, en = results["steps"], results["lever_change"], results["ensemble"]
    rows = [
        ("step, run + twin (ms)", s["step_ms"]["median"], s["step_ms"]["p95"], TARGETS["step_ms"]),
        ("step + frames (ms)", s["step_frames_ms"]["median"], s["step_frames_ms"]["p95"], None),
        ("step + ramp spec (ms)", s["step_ramp_ms"]["median"], s["step_ramp_ms"]["p95"], None),
        ("lever change: run + twin (s)", lv["run_and_twin_s"], None, None),
        ("lever change: all views (s)", lv["all_views_s"], None, None),
        ("lever change: total (s)", lv["total_s"], None, TARGETS["lever_change_s"]),
        (f"ensemble 30+30, {en['workers']} workers, cold (s)", en["cold_s"], None,
         TARGETS["ensemble_s"]),
        ("ensemble 30+30, warm (s)", en["warm_s"], None, TARGETS["ensemble_s"]),
    ]  # fmt: skip
    if args.browser:
        b = results["browser"]
        rows += [
            ("browser: first chart, warm server (s)", b["first_chart_s"], None,
             TARGETS["browser_first_chart_s"]),
            ("browser: Step to render (ms)", b["step_median_ms"], b["step_p95_ms"],
             TARGETS["browser_step_p95_ms"]),
            ("browser: Play (months/s)", b["play_months_per_s"], b["play_frames_seen"],
             TARGETS["browser_play_months_per_s"]),
            ("browser: lever release to redraw (s)", b["lever_change_median_s"],
             b["lever_change_max_s"],
             TARGETS["browser_lever_change_s"]),
        ]  # fmt: skip
    print(f"{'measure':44s} {'median':>9s} {'p95/max':>9s} {'target':>8s}")
    for name, median, high, target in rows:
        fmt = lambda x: "" if x is None else f"{x:9.2f}"  # noqa: E731
        print(f"{name:44s} {fmt(median)} {fmt(high)} {fmt(target)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
