"""Hostile command lines: each is refused with exit 2 and one line, before any run or folder.

Kinds of issue 10: (4) sizes and combinations, (7) output places, (8) silent loss, (9) shadowing,
(10) the remaining silent acceptances. The ``no_run`` guard fails a case that simulated anything.
"""

from __future__ import annotations

import pytest
from hostile_helpers import refused, write

from ecosystem import ParameterError, Params
from ecosystem.cli import parse_value
from experiments.design import parse_value as design_parse_value

FIRMS = Params().n_firms


def _scenario(tmp, rel, text='extends = "baseline"\n'):
    return write(tmp / rel, text)


CASES = {
    # (4) sizes and combinations
    "reps beyond memory": (
        lambda t: ["ensemble", "baseline", "--reps", "1000000000000", "--out", t / "o"],
        "memory",
    ),
    "forecast samples beyond memory": (
        lambda t: ["forecast", "baseline", "--samples", "1000000000000", "--out", t / "o"],
        "memory",
    ),
    "morris trajectories beyond memory": (
        lambda t: ["sensitivity", "--trajectories", "1000000000000", "--out", t / "o"],
        "memory",
    ),
    "sobol base samples beyond memory": (
        lambda t: [
            *("sensitivity", "--method", "sobol", "--factors", "learning_rate"),
            *("--base-samples", "1099511627776", "--out", t / "o"),
        ],
        "memory",
    ),
    "attribution reps beyond memory": (
        lambda t: ["attribute", "--reps", "1000000000000", "--out", t / "o"],
        "memory",
    ),
    "factorial point beyond the horizon": (
        lambda t: ["sweep", "--factor", "target_month=84,130", "--out", t / "o"],
        "target_month=130 must not exceed horizon_months",
    ),
    "factorial point with min above max": (
        lambda t: ["sweep", "--factor", "bid_capacity_min_t=600,1500", "--out", t / "o"],
        "bid_capacity_min_t=1500 must not exceed bid_capacity_max_t",
    ),
    "fewer firms than beneficiaries in a sweep": (
        lambda t: ["sweep", "--factor", "n_firms=3,7", "--out", t / "o"],
        "n_beneficiaries=5 must not exceed n_firms=3",
    ),
    "lhs range that breaks a cross-check": (
        lambda t: [
            *("sweep", "--range", "net_worth_min_cr=100:4000", "--samples", "8"),
            *("--out", t / "o"),
        ],
        "must not exceed net_worth_max_cr",
    ),
    "--factor with --range": (
        lambda t: [
            *("sweep", "--factor", "learning_rate=0.1,0.2", "--range", "award_month"),
            *("--samples", "4", "--out", t / "o"),
        ],
        "not both",
    ),
    # (7) output places
    "--out empty (batch)": (lambda t: ["ensemble", "baseline", "--out", ""], "--out is empty"),
    "--out empty (run)": (lambda t: ["run", "baseline", "--out", ""], "--out is empty"),
    "--out under a regular file": (
        lambda t: ["ensemble", "baseline", "--out", write(t / "f", "x") / "sub"],
        "is a file",
    ),
    "--out is a regular file (run)": (
        lambda t: ["run", "baseline", "--out", write(t / "f", "x")],
        "not a folder",
    ),
    "--out at an impossible place": (
        lambda t: ["ensemble", "baseline", "--out", "/proc/no-such/experiment"],
        "cannot write",
    ),
    "--out at an impossible place (run)": (
        lambda t: ["run", "baseline", "--out", "/proc/no-such/run"],
        "cannot write",
    ),
    "--scheduler malformed": (
        lambda t: ["ensemble", "baseline", "--scheduler", "not an address", "--out", t / "o"],
        "--scheduler",
    ),
    "--scheduler bad port": (
        lambda t: ["ensemble", "baseline", "--scheduler", "tcp://h:99999", "--out", t / "o"],
        "port",
    ),
    # (8) silent loss
    "run --out into a folder holding a run": (
        lambda t: ["run", "baseline", "--out", write(t / "old" / "run.json", "{}").parent],
        "not empty",
    ),
    # (9) shadowing and ambiguity
    "two files with one stem": (
        lambda t: [
            *("ensemble", _scenario(t, "a/x.toml"), _scenario(t, "b/x.toml")),
            *("--out", t / "o"),
        ],
        "both be labelled 'x'",
    ),
    "a scenario given twice": (
        lambda t: ["ensemble", "baseline", "baseline", "--out", t / "o"],
        "both be labelled",
    ),
    # (10) the rest
    "--observed empty": (lambda t: ["run", "baseline", "--observed", ""], "--observed is empty"),
    "net worth min above max": (
        lambda t: ["run", "baseline", "--set", "net_worth_min_cr=400"],
        "net_worth_min_cr=400 must not exceed net_worth_max_cr=375",
    ),
    "capital-subsidy cap min above max": (
        lambda t: ["run", "baseline", "--set", "capex_subsidy_cap_min_cr=500"],
        "must not exceed capex_subsidy_cap_max_cr",
    ),
    "forecast of a field that is not uncertain": (
        lambda t: ["forecast", "baseline", "--fields", "scheme_enabled", "--out", t / "o"],
        "not an uncertain field",
    ),
    "seed above 2**63-1 (batch)": (
        lambda t: ["ensemble", "baseline", "--seed", str(2**63), "--out", t / "o"],
        "seed",
    ),
    "seed above 2**63-1 (run)": (lambda t: ["run", "baseline", "--seed", str(2**63)], "seed"),
    "negative seed": (lambda t: ["run", "baseline", "--seed", "-1"], "seed"),
    "boolean that is not one": (
        lambda t: ["run", "baseline", "--set", "scheme_enabled=maybe"],
        "scheme_enabled='maybe' must be true or false",
    ),
    "huge integer": (
        lambda t: ["run", "baseline", "--set", f"n_firms={10**400}"],
        "n_firms=",
    ),
    "float overflow": (lambda t: ["run", "baseline", "--set", "learning_rate=1e999"], "outside"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_command_is_refused_before_any_run(case, tmp_path, capsys, no_run):
    build, message = CASES[case]
    line = refused(capsys, build(tmp_path))
    assert message in line
    assert not (tmp_path / "o").exists()  # no folder left behind to block the corrected command


def test_one_parser_for_every_command():
    spec = Params.fields()["scheme_enabled"]
    assert parse_value is design_parse_value
    for text, value in [("on", True), ("off", False), ("Yes", True), ("n", False), ("1", True)]:
        assert parse_value(spec, text) is value
    with pytest.raises(ParameterError, match="scheme_enabled"):
        design_parse_value(spec, "maybe")


def test_params_on_an_ascii_only_terminal(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "ecosystem", "params", "--group", "scheme"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"Traceback" not in done.stderr
    assert b"sli_ceiling_inr_per_kg" in done.stdout


def test_numpy_values_are_accepted_as_python_values():
    import numpy as np

    p = Params(n_firms=np.int64(9), learning_rate=np.float32(0.25), g2g_deals=np.bool_(True))
    assert p.n_firms == 9 and type(p.n_firms) is int
    assert type(p.learning_rate) is float and p.g2g_deals is True
    assert Params(n_firms=np.int64(9)) == Params(n_firms=9)


@pytest.mark.parametrize("seed", ["7", 1.5, -1, 2**63, None, True])
def test_bad_seeds_are_typed_errors_in_python(seed, no_run):
    from ecosystem import MagnetModel, simulate
    from ecosystem.fieldspec import SeedError

    if seed is None:
        seed = [1]
    with pytest.raises(ParameterError, match="seed=.* 2\\*\\*63-1"):
        simulate(seed=seed)
    with pytest.raises(SeedError, match="rng="):
        MagnetModel(rng=seed)
    assert issubclass(SeedError, TypeError)  # callers that caught TypeError still do


def test_the_largest_seed_is_accepted_everywhere():
    from ecosystem import MagnetModel
    from ecosystem.cli import seed_arg
    from ecosystem.fieldspec import SEED_MAX

    assert seed_arg(str(SEED_MAX)) == SEED_MAX == MagnetModel(rng=SEED_MAX).seed
