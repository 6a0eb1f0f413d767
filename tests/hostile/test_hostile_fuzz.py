"""Property-based fuzz of scenario and design files: never a traceback, only typed refusals.

Documents are drawn from parameter names, design keys and junk, with values of every TOML type
(nested lists and tables, huge integers, NaN, text), then written as TOML or as bytes cut and
spliced with garbage. Whatever is drawn, the Python API returns or raises `ScenarioError` /
`ParameterError`, and the CLI exits 0 or 2 with one ``error:`` line.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ecosystem import MagnetModel, ParameterError, Params, ScenarioError, load_scenario
from ecosystem.cli import main
from experiments import design as design_module
from experiments import runner
from experiments.design_file import KEYS, read_design_file

NAMES = list(Params.fields())[:40] + ["learning_rate", "n_firms", "target_month", "award_month"]
OBSERVED_KEYS = ["tender", "irel", "firms", "winners", "bidders", "award_month", "firm"]
OBSERVED_KEYS += ["capacity_t", "bid_rate_inr_per_kg", "output_t_per_yr", "novices", "2026-27"]
KEY = st.sampled_from([*NAMES, *KEYS, *OBSERVED_KEYS, "extends", "meta", "description", "junk", ""])
SCALAR = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.integers(min_value=-3, max_value=400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["baseline", "lhs", "factorial", "range", "none", "timeseries", "x.toml"]),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEY, inner, max_size=3),
    max_leaves=10,
)
DOC = st.dictionaries(KEY, VALUE, max_size=6)
SETTINGS = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


class Accepted(BaseException):
    """The input passed every check and would now run (the fuzz stops it there)."""


@st.composite
def documents(draw) -> bytes:
    """A TOML document, sometimes cut and spliced with arbitrary bytes."""
    try:
        text = tomli_w.dumps(draw(DOC)).encode("utf-8")
    except (TypeError, ValueError):
        text = b"x = 1\n"
    if draw(st.booleans()):
        cut = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:cut] + draw(st.binary(max_size=24)) + text[cut:]
    return text


@pytest.fixture
def guarded(monkeypatch):
    """Nothing simulates; an accepted design stops before running; designs stay small."""

    def step(self):
        raise Accepted

    def run_experiment(*args, **kwargs):
        raise Accepted

    monkeypatch.setattr(MagnetModel, "step", step)
    monkeypatch.setattr(runner, "run_experiment", run_experiment)
    monkeypatch.setattr(design_module, "available_memory", lambda: 50_000_000)


def _cli(argv: list[str], capsys) -> None:
    try:
        code = main(argv)
    except Accepted:
        return
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert code in (0, 2), err
    if code == 2:
        lines = err.strip().splitlines()
        assert lines and lines[-1].startswith("error:"), err


@SETTINGS
@given(documents())
def test_fuzzed_scenario_files_never_crash(guarded, capsys, content):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "fuzz.toml"
        file.write_bytes(content)
        try:
            load_scenario(file)
        except (ScenarioError, ParameterError) as exc:
            assert str(exc).strip() and "\n" not in str(exc).strip()
        _cli(["validate", str(file)], capsys)


@SETTINGS
@given(documents())
def test_fuzzed_design_files_never_crash(guarded, capsys, content):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "design.toml"
        file.write_bytes(content)
        try:
            read_design_file(file)
        except ScenarioError as exc:
            assert str(exc).strip() and "\n" not in str(exc).strip()
        _cli(["sweep", "--design", str(file), "--out", str(Path(tmp) / "o")], capsys)


@SETTINGS
@given(documents())
def test_fuzzed_observed_files_never_crash(guarded, capsys, content):
    from ecosystem.observed import load_observed

    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "observed.toml"
        file.write_bytes(content)
        try:
            load_observed(file)
        except ScenarioError as exc:  # ObservedError is one
            assert str(exc).strip() and "\n" not in str(exc).strip()
        _cli(["validate", "--observed", str(file)], capsys)
