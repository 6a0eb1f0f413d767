"""Fixtures of the hostile-input tests: a guard that fails if anything is simulated."""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel


class Ran(BaseException):
    """Raised if a refused input got as far as simulating (nothing may catch it)."""


@pytest.fixture
def no_run(monkeypatch):
    """Fail the test if any model is stepped (a refusal must come before any run)."""

    def step(self):
        raise Ran("a model was stepped before the input was refused")

    monkeypatch.setattr(MagnetModel, "step", step)
