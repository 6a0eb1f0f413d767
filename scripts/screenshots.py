"""Screenshots of the real app for the README, into ``docs/img/`` (``make screenshots``).

Usage::

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--url http://127.0.0.1:8765/]

Without ``--url`` the script serves the app itself (``solara run viz/app.py`` on a free
loopback port), drives it in headless Chromium (Debian's ``/usr/bin/chromium``), waits for each
view to be drawn — never for a fixed time — and writes one PNG per view.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import viz  # noqa: F401
except ImportError:
    sys.path.insert(0, str(ROOT))

from viz.server import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

#: The two sizes the README shows: a 1280x720 laptop and a larger screen.
LAPTOP = {"width": 1280, "height": 720}
VIEWPORT = {"width": 1400, "height": 1000}
SHOWS_MONTH = """([k]) => {
    const s = document.querySelector('.month-status');
    const svg = document.querySelector('.chart-ramp .vega-embed svg.marks');
    return s && s.textContent.startsWith(`Month ${k} of`) && svg
        && svg.textContent.includes(`Month ${k} of`);
}"""
CAPTION_CHANGED = """([before]) => {
    const el = document.querySelector('.caption-ramp');
    return el && el.textContent.trim() !== before;
}"""


DRAWN = """([chart]) => {
    const svg = document.querySelector(`.chart-${chart} .vega-embed svg.marks`);
    return !!svg && svg.querySelectorAll('.role-mark path, .role-mark text, .role-mark line')
        .length > 0;
}"""


def drawn(page, chart: str) -> None:
    """Wait until a chart's marks are drawn (not just its empty SVG)."""
    page.wait_for_function(DRAWN, arg=[chart])


def tab(page, name: str, chart: str | None) -> None:
    """Open a tab and wait for its chart."""
    page.get_by_role("tab", name=name, exact=True).click()
    if chart:
        drawn(page, chart)


def shoot(page, out: Path, name: str, *, full_page: bool = False) -> Path:
    """Write one screenshot and say so."""
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    print(f"wrote {path}")
    return path


def take(url: str, out: Path) -> list[Path]:
    """Drive the app at ``url`` through its views and write the screenshots into ``out``."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        page = browser.new_page(viewport=LAPTOP, device_scale_factor=1)
        page.set_default_timeout(180_000)
        page.goto(url)
        drawn(page, "ramp")  # the first view, no click: the answer
        page.locator(".ramp-band-status").filter(has_text="Band:").wait_for()
        drawn(page, "ramp")
        written.append(shoot(page, out, "first-view-laptop"))
        page.set_viewport_size(VIEWPORT)
        drawn(page, "ramp")
        written.append(shoot(page, out, "ramp"))
        tab(page, "Ensemble", "ensemble")
        written.append(shoot(page, out, "ensemble"))
        tab(page, "Ramp", "ramp")
        # a what-if: partners more willing; the scenario unchanged stays beneath in grey
        before = page.locator(".caption-ramp").inner_text().strip()
        box = page.locator(".lever-partner_willingness_japan .lever-input input")
        box.fill("0.9")
        box.press("Enter")
        page.wait_for_function(CAPTION_CHANGED, arg=[before])
        drawn(page, "ramp")
        written.append(shoot(page, out, "what-if"))
        page.locator(".lever-learning_rate .lever-label").hover()
        page.locator(".v-tooltip__content").first.wait_for()
        written.append(shoot(page, out, "tooltip"))
        page.mouse.move(900, 900)
        for name, chart in (("Expertise", "expertise"), ("Loss chain", "loss-chain"),
                            ("Network", "network"), ("Milestones", "milestones")):  # fmt: skip
            tab(page, name, chart)
            written.append(shoot(page, out, chart))
        tab(page, "Export", None)
        page.locator(".export-toml").wait_for()
        written.append(shoot(page, out, "export"))
        tab(page, "Ramp", "ramp")
        written.append(shoot(page, out, "what-if-controls"))
        page.get_by_role("button", name="Reset", exact=True).click()
        page.wait_for_function(SHOWS_MONTH, arg=[0])
        for k in range(1, 49):
            page.get_by_role("button", name="Step").click()
            page.wait_for_function(SHOWS_MONTH, arg=[k])
        written.append(shoot(page, out, "stepping"))
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Serve the app (unless ``--url``) and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"), help="folder for the PNGs")
    parser.add_argument("--url", help="use a running app instead of starting one")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(serve())
        take(url, Path(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
