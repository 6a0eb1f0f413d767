"""The app in real headless Chromium: the server runs ``solara run viz/app.py`` on a free port.

No sleeps: every wait is for a selector or a condition in the page. Speeds are recorded in the
terminal summary ("front-end speeds") and checked against the issue's targets.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import time

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from ecosystem import simulate

pytestmark = pytest.mark.e2e

TIMEOUT_MS = 60_000

RAMP_SHOWS_MONTH = """([k]) => {
    const status = document.querySelector('.month-status');
    if (!status || !status.textContent.startsWith(`Month ${k} of`)) return false;
    const svg = document.querySelector('.chart-ramp .vega-embed svg.marks');
    return !!svg && svg.textContent.includes(`Month ${k} of`);
}"""

TEXT_CHANGED = """([selector, before]) => {
    const el = document.querySelector(selector);
    return !!el && el.textContent.trim() !== before;
}"""

SVG_HAS = """([selector, text]) => {
    const svg = document.querySelector(selector + ' .vega-embed svg.marks');
    return !!svg && svg.textContent.includes(text);
}"""


def open_app(page: Page, url: str) -> None:
    page.set_default_timeout(TIMEOUT_MS)
    page.set_viewport_size({"width": 1500, "height": 1000})
    page.goto(url)
    expect(page.locator(".month-status")).to_contain_text("Month", timeout=TIMEOUT_MS)


DRAWN = """([chart]) => {
    const svg = document.querySelector(`.chart-${chart} .vega-embed svg.marks`);
    return !!svg && svg.querySelectorAll('.role-mark path, .role-mark text, .role-mark line')
        .length > 0;
}"""


def open_tab(page: Page, name: str, chart: str | None) -> None:
    page.get_by_role("tab", name=name, exact=True).click()
    if chart:
        page.wait_for_function(DRAWN, arg=[chart])


def month(page: Page) -> int:
    return int(page.locator(".month-status").inner_text().split()[1])


def caption(page: Page, name: str) -> str:
    return page.locator(f".caption-{name}").inner_text().strip()


def set_lever(page: Page, name: str, value: str) -> None:
    box = page.locator(f".lever-{name} .lever-input input")
    box.fill(value)
    box.press("Enter")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def bound(target: float) -> float:
    """The target, widened while the machine is oversubscribed (load above its cores, e.g.
    other test suites running beside): wall-clock targets cannot be judged there. The speeds
    recorded in the summary say which bound was used."""
    return target * max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def test_ensemble_tab_comes_first_and_runs_30_seeds(page: Page, app_url, speed):
    start = time.perf_counter()
    open_app(page, app_url)
    tabs = page.get_by_role("tab")
    expect(tabs.first).to_have_text("Ensemble", ignore_case=True)
    expect(tabs.first).to_have_attribute("aria-selected", "true")
    expect(page.locator(".not-a-forecast")).to_contain_text("model, not a forecast")
    page.locator(".chart-ensemble .vega-embed svg.marks").wait_for(timeout=120_000)
    wall = time.perf_counter() - start
    text = caption(page, "ensemble")
    seconds = float(text.split("Computed in ")[1].split(" s")[0])
    svg = page.locator(".chart-ensemble .vega-embed svg.marks").text_content()
    assert "Current settings" in svg and "Twin without expertise gap" in svg
    assert "30 seeds" in text
    limit = bound(15.0)
    speed(
        "ensemble 30 + 30 runs (server)",
        f"{seconds:.1f} s (page open to chart {wall:.1f} s; bound {limit:.0f} s)",
    )
    assert seconds <= limit


def test_lever_change_redraws_every_view_over_the_whole_horizon(page: Page, app_url, speed):
    open_app(page, app_url)
    views = {"Ramp": "ramp", "Expertise": "expertise", "Loss chain": "loss-chain",
             "Network": "network", "Milestones": "milestones"}  # fmt: skip
    before = {}
    for tab, chart in views.items():
        open_tab(page, tab, chart)
        before[chart] = caption(page, chart)
    before["binding"] = None
    open_tab(page, "Ramp", "ramp")
    output_before = page.locator(".kf-output .kf-value").inner_text()
    start = time.perf_counter()
    set_lever(page, "learning_rate", "0.45")
    page.wait_for_function(TEXT_CHANGED, arg=[".caption-ramp", before["ramp"]])
    gap = caption(page, "ramp").split("so ")[1].split(" t are lost")[0]
    page.wait_for_function(SVG_HAS, arg=[".chart-ramp", f"{gap} t lost to the expertise gap"])
    elapsed = time.perf_counter() - start
    limit = bound(1.0)
    speed(
        "lever change -> ramp and key figures redrawn (browser)",
        f"{1000 * elapsed:.0f} ms (bound {1000 * limit:.0f} ms)",
    )
    assert elapsed <= limit
    after = caption(page, "ramp")
    assert "12 months to Dec 2032" in after
    assert page.locator(".kf-output .kf-value").inner_text() != output_before
    expect(page.locator(".month-status")).to_contain_text("Month 120 of 120")
    # the grey reference is the scenario unchanged: its output is the one shown before
    assert f"Grey: scenario baseline unchanged, {output_before}" in after
    svg = page.locator(".chart-ramp .vega-embed svg.marks").text_content()
    assert "Production, twin without expertise gap" in svg
    assert "Production, scenario unchanged (reference)" in svg
    opened = []
    for tab, chart in list(views.items())[1:]:
        start = time.perf_counter()
        open_tab(page, tab, chart)
        opened.append(time.perf_counter() - start)
        assert caption(page, chart) != before[chart], chart
    speed(
        "after a lever change, each other tab opened and drawn (browser)",
        f"max {1000 * max(opened):.0f} ms (bound {1000 * limit:.0f} ms)",
    )
    assert max(opened) <= limit


def test_step_and_play_watch_month_by_month(page: Page, app_url, speed):
    open_app(page, app_url)
    open_tab(page, "Ramp", "ramp")
    before = caption(page, "ramp")
    set_lever(page, "learning_rate", "0.3")
    page.wait_for_function(TEXT_CHANGED, arg=[".caption-ramp", before])
    page.get_by_role("button", name="Reset").click()
    page.wait_for_function(RAMP_SHOWS_MONTH, arg=[0])
    # Reset keeps the chosen values
    expect(page.locator(".lever-learning_rate .lever-input input")).to_have_value("0.3")
    step = page.get_by_role("button", name="Step")
    times = []
    for k in range(1, 51):
        start = time.perf_counter()
        step.click()
        page.wait_for_function(RAMP_SHOWS_MONTH, arg=[k], polling=5)
        times.append(time.perf_counter() - start)
    speed(
        "Step -> month shown and ramp redrawn, 50 steps (browser)",
        f"median {1000 * statistics.median(times):.0f} ms, p95 {1000 * p95(times):.0f} ms "
        f"(bound {1000 * bound(0.300):.0f} ms)",
    )
    assert p95(times) <= bound(0.300)
    page.get_by_role("button", name="▶").click()
    m0, t0 = month(page), time.perf_counter()
    page.wait_for_function("() => parseInt(document.querySelector('.month-status')"
                           ".textContent.split(' ')[1]) >= 75")  # fmt: skip
    m1, t1 = month(page), time.perf_counter()
    page.get_by_role("button", name="❚❚").click()
    rate = (m1 - m0) / (t1 - t0)
    floor = 4.0 * 0.300 / bound(0.300)
    speed("Play (browser)", f"{rate:.1f} months/s (bound {floor:.1f})")
    assert rate >= floor
    stopped = month(page)
    page.get_by_role("button", name="Step").wait_for()
    assert stopped < 120
    svg = page.locator(".chart-ramp .vega-embed svg.marks").text_content()
    assert "Production, twin without expertise gap" in svg


def test_two_sessions_do_not_share_a_model(browser, app_url):
    one = browser.new_context().new_page()
    two = browser.new_context().new_page()
    open_app(one, app_url)
    open_app(two, app_url)
    open_tab(one, "Ramp", "ramp")
    open_tab(two, "Ramp", "ramp")
    output_two = two.locator(".kf-output .kf-value").inner_text()
    one.get_by_role("button", name="Reset").click()
    one.wait_for_function(RAMP_SHOWS_MONTH, arg=[0])
    for k in (1, 2, 3):
        one.get_by_role("button", name="Step").click()
        one.wait_for_function(RAMP_SHOWS_MONTH, arg=[k])
    expect(two.locator(".month-status")).to_contain_text("Month 120 of 120")
    before = caption(one, "ramp")
    set_lever(two, "learning_rate", "0.1")
    two.wait_for_function(TEXT_CHANGED, arg=[".kf-output .kf-value", output_two])
    expect(one.locator(".month-status")).to_contain_text("Month 3 of 120")
    assert caption(one, "ramp") == before
    one.context.close()
    two.context.close()


def test_extreme_values_show_a_message_not_a_crash(page: Page, app_url):
    open_app(page, app_url)
    open_tab(page, "Ramp", "ramp")
    shown = caption(page, "ramp")
    set_lever(page, "n_beneficiaries", "1000")
    expect(page.locator(".viz-message")).to_contain_text("n_beneficiaries=1000 must not exceed")
    set_lever(page, "learning_rate", "5")
    expect(page.locator(".viz-message")).to_contain_text("outside its range")
    seed = page.locator(".seed-box input")
    seed.fill("-4")
    seed.press("Enter")
    expect(page.locator(".viz-message")).to_contain_text("seed")
    assert caption(page, "ramp") == shown  # the previous run is still shown
    set_lever(page, "shock_severity", "1")  # a valid extreme clears the message
    expect(page.locator(".viz-message")).to_have_count(0)
    expect(page.locator(".month-status")).to_contain_text("Month 120 of 120")


def test_exported_scenario_reproduces_the_shown_run_through_the_cli(page: Page, app_url, tmp_path):
    open_app(page, app_url)
    open_tab(page, "Ramp", "ramp")
    shown_before = caption(page, "ramp")
    seed = page.locator(".seed-box input")
    seed.fill("3")
    seed.press("Enter")
    page.wait_for_function(TEXT_CHANGED, arg=[".caption-ramp", shown_before])
    shown_seed = caption(page, "ramp")
    set_lever(page, "partner_willingness_korea", "0.9")
    page.wait_for_function(TEXT_CHANGED, arg=[".caption-ramp", shown_seed])
    output = page.locator(".kf-output .kf-value").inner_text()
    with page.expect_download() as download:
        page.locator(".download-ramp-csv").click()
    shown = pd.read_csv(download.value.path())
    open_tab(page, "Export", None)
    with page.expect_download() as download:
        page.locator(".download-scenario").click()
    scenario = tmp_path / download.value.suggested_filename
    download.value.save_as(scenario)
    text = scenario.read_text()
    assert "seed = 3" in text and "model_version" in text and "partner_willingness_korea" in text
    out = tmp_path / "cli-run"
    proc = subprocess.run(
        [sys.executable, "-m", "ecosystem", "run", str(scenario), "--seed", "3", "--twin",
         "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    from ecosystem.io import read_result

    stored = read_result(out)
    assert stored.frames["timeseries"]["production_t"].tolist() == pytest.approx(
        shown["production_t"].tolist(), rel=1e-12
    )
    assert stored.frames["twin_timeseries"]["production_t"].tolist() == pytest.approx(
        shown["twin_production_t"].tolist(), rel=1e-12
    )
    again = simulate(scenario, seed=3, twin=True)
    assert f"{again.summary['production_target_t']:,.0f} t" == output
    assert io.StringIO(text).read().count("[meta]") == 1
