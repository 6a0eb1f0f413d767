"""Fixtures of the front-end tests: Debian's chromium for Playwright, the app server.

* ``browser_type_launch_args`` (pytest-playwright's fixture, overridden): drive
  ``/usr/bin/chromium`` with the arguments of ENVIRONMENT.md; never ``playwright install``.
* ``app_url``: the app served by ``solara run viz/app.py`` on a free loopback port for the
  session (its log in a temporary folder; ``app_log`` reads it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from viz import ensemble
from viz.server import CHROMIUM, CHROMIUM_ARGS, missing_assets, serve


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # A missing browser fails the browser tests (never skips them): `make test` installs it.
    assert os.path.exists(CHROMIUM), (
        f"{CHROMIUM} is missing: `make browsers` installs Debian's chromium"
    )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": list(CHROMIUM_ARGS)}


@pytest.fixture(scope="session")
def app_log_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("viz-server") / "server.log"


@pytest.fixture(scope="session")
def app_url(app_log_path):
    missing = missing_assets()
    if missing:
        pytest.fail(f"Solara's asset cache lacks {', '.join(missing)}: run .ci/setup-assets")
    with serve(log_path=app_log_path) as url:
        yield url


@pytest.fixture
def app_log(app_log_path):
    """The server log so far (its timing lines start with ``viz:``)."""
    return lambda: app_log_path.read_text(errors="replace")


@pytest.fixture(scope="session", autouse=True)
def _stop_ensemble_pool():
    yield
    ensemble.shutdown()


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "e2e: the front end in headless Chromium (deselect with -m 'not e2e')"
    )
