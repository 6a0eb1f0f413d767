"""Hostile scenario, design and observed files: one line naming the file (and line), exit 2.

Kinds (3) design files, (5) hostile files, (9) relative ``extends`` and (10) observed files of
issue 10; the same refusals through the Python API are typed (`ScenarioError`, ...).
"""

from __future__ import annotations

import json
import os

import pytest
from hostile_helpers import refused, write

from ecosystem import ParameterError, ScenarioError, load_scenario
from ecosystem.observed import ObservedError, load_observed
from ecosystem.scenarios import MAX_EXTENDS
from experiments.design_file import DesignFileError, read_design_file

DEEP = 5000

SCENARIOS = {
    "not UTF-8": (b'learning_rate = 0.3\ndescription = "caf\xe9"\n', ":2: not UTF-8"),
    "binary garbage": (bytes(range(256)) * 4, "not UTF-8"),
    "deeply nested arrays": ("x = " + "[" * DEEP + "]" * DEEP + "\n", "nested too deeply"),
    "deeply nested inline tables": (
        "x = " + "{a = " * DEEP + "1" + "}" * DEEP + "\n",
        "nested too deeply",
    ),
    "deeply nested value of a parameter": (
        "learning_rate = " + "[" * 50 + "]" * 50 + "\n",
        "learning_rate=a list of 1 item(s) must be a number",
    ),
    "a table that is not [meta]": ("[a.b.c.d]\nx = 1\n", "only [meta] is allowed"),
    "too large": ("# " + "x" * 1_100_000 + "\n", "larger than"),
    "malformed TOML": ("learning_rate = = 0.3\n", ":1: malformed TOML"),
    "extends a missing file": ('extends = "nope/parent.toml"\n', "no such file"),
    "extends a number": ("extends = 3\n", "'extends' must be a scenario name"),
}


@pytest.mark.parametrize("case", list(SCENARIOS))
def test_hostile_scenario_file(case, tmp_path, capsys, no_run):
    content, message = SCENARIOS[case]
    file = write(tmp_path / "s.toml", content)
    assert message in refused(capsys, ["run", file])
    assert message in refused(capsys, ["validate", file])
    assert message in refused(capsys, ["ensemble", file, "--out", tmp_path / "o"])
    assert not (tmp_path / "o").exists()
    with pytest.raises((ScenarioError, ParameterError), match="s.toml"):
        load_scenario(file)  # a bad value is a ParameterError, a bad file a ScenarioError


def test_a_long_extends_chain_is_refused(tmp_path, capsys, no_run):
    n = MAX_EXTENDS + 5
    write(tmp_path / "s0.toml", "learning_rate = 0.2\n")
    for i in range(1, n):
        write(tmp_path / f"s{i}.toml", f'extends = "s{i - 1}.toml"\n')
    assert "chain longer than" in refused(capsys, ["run", tmp_path / f"s{n - 1}.toml"])
    # a chain within the limit still works
    assert load_scenario(tmp_path / f"s{MAX_EXTENDS - 2}.toml").learning_rate == 0.2


def test_relative_extends_resolves_next_to_the_file_not_the_current_folder(tmp_path, monkeypatch):
    write(tmp_path / "deep" / "parent.toml", "learning_rate = 0.21\n")
    child = write(tmp_path / "deep" / "child.toml", 'extends = "parent.toml"\n')
    decoy = tmp_path / "elsewhere"
    write(decoy / "parent.toml", "learning_rate = 0.45\n")
    monkeypatch.chdir(decoy)  # a parent.toml here must never be read
    assert load_scenario(child).learning_rate == 0.21
    os.remove(tmp_path / "deep" / "parent.toml")
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(child)


def test_a_file_named_like_a_shipped_scenario_keeps_its_own_label(tmp_path, capsys):
    from experiments.design import resolve_scenarios, scenario_label

    mine = write(tmp_path / "other" / "baseline.toml", "learning_rate = 0.3\n")
    assert scenario_label(mine) == str(mine) != "baseline"
    scen = resolve_scenarios(["baseline", mine])
    assert scen["baseline"]["learning_rate"] != scen[str(mine)]["learning_rate"] == 0.3


# ---- design files (3) ------------------------------------------------------------------------
DESIGNS = {
    "text where a number belongs": ('reps = "three"\n', ":1: reps = 'three' must be a whole"),
    "scalar where a list belongs": (
        "[factors]\nlearning_rate = 0.3\n",
        ":2: learning_rate = 0.3 must be a non-empty list",
    ),
    "empty level list": ("[factors]\nlearning_rate = []\n", "non-empty list"),
    "level out of range": ("[factors]\nlearning_rate = [0.1, 7]\n", ":2: [factors]"),
    "binary garbage": (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
    "one-bound range": (
        'method = "lhs"\nsamples = 4\n[factors]\nlearning_rate = [0.1]\n',
        ":4: learning_rate = a list of 1 item(s) must be [LOW, HIGH]",
    ),
    "range low above high": (
        'method = "lhs"\nsamples = 4\n[factors]\nlearning_rate = [0.4, 0.1]\n',
        "LOW is above HIGH",
    ),
    "twin as text": ('twin = "no"\n', ":1: twin = 'no' must be true or false"),
    "seed negative": ("seed = -1\n", "seed = -1 must be a whole number 0-"),
    "seed too large": (f"seed = {2**63}\n", "must be a whole number 0-"),
    "reps zero": ("reps = 0\n", "reps = 0 must be a whole number 1-"),
    "reps boolean": ("reps = true\n", "reps = True must be a whole number"),
    "unknown key": ("repetitions = 3\n", ":1: unknown key 'repetitions'"),
    "unknown method": ('method = "grid"\n', "method = 'grid' must be 'factorial' or 'lhs'"),
    "scenarios as text": ('scenarios = "baseline"\n', "must be a list of scenario names"),
    "frames as text": ('frames = "agents"\n', "frames = 'agents' must be a list"),
    "unknown frame": ('frames = ["agent"]\n', "unknown frame 'agent'"),
    "unknown factor": ("[factors]\nlerning_rate = [0.1]\n", "did you mean learning_rate"),
    "set of a wrong type": ('[set]\ng2g_deals = "yes"\n', ":2: [set] g2g_deals='yes'"),
    "factors not a table": ("factors = 3\n", "factors must be a table"),
    "deep nesting": ("reps = " + "[" * DEEP + "]" * DEEP + "\n", "nested too deeply"),
    "cross-field point": (
        "[factors]\ntarget_month = [84, 130]\n",
        "target_month=130 must not exceed horizon_months",
    ),
}


@pytest.mark.parametrize("case", list(DESIGNS))
def test_hostile_design_file(case, tmp_path, capsys, no_run):
    content, message = DESIGNS[case]
    file = write(tmp_path / "d.toml", content)
    line = refused(capsys, ["sweep", "--design", file, "--out", tmp_path / "o"])
    assert message in line
    assert not (tmp_path / "o").exists()
    if case != "cross-field point":
        assert f"{file}" in line
        with pytest.raises(DesignFileError):
            read_design_file(file)


def test_design_file_seed_and_relative_scenarios_are_used(tmp_path, capsys):
    write(tmp_path / "designs" / "mine.toml", "learning_rate = 0.25\n")
    file = write(
        tmp_path / "designs" / "d.toml",
        'scenarios = ["mine.toml"]\nseed = 5\n[factors]\naward_month = [6]\n',
    )
    from ecosystem.cli import main

    out = tmp_path / "o"
    assert main(["sweep", "--design", str(file), "--out", str(out), "--frames", "none"]) == 0
    m = json.loads((out / "manifest.json").read_text())
    assert m["master_seed"] == 5  # the design's seed, not the default 0
    assert m["design"]["scenarios"]["mine"]["learning_rate"] == 0.25
    capsys.readouterr()


# ---- observed files (10) ---------------------------------------------------------------------
OBSERVED = {
    "duplicate bidders": (
        '[tender]\nbidders = ["metals group", "metals group"]\n',
        "listed more than once",
    ),
    "a fiscal year outside the run": (
        '[irel]\noutput_t_per_yr = { "2050-51" = 100.0 }\n',
        "outside the run",
    ),
    "more workers than the pool": (
        "[[firms]]\nfirm = 0\nnovices = 1000000.0\n",
        "more than the labour pool",
    ),
    "not UTF-8": (b"[tender]\naward_month = 6 # \xff\n", "not UTF-8"),
}


@pytest.mark.parametrize("case", list(OBSERVED))
def test_hostile_observed_file(case, tmp_path, capsys, no_run):
    content, message = OBSERVED[case]
    file = write(tmp_path / "obs.toml", content)
    assert message in refused(capsys, ["run", "baseline", "--observed", file])
    assert message in refused(capsys, ["validate", "--observed", file])
    with pytest.raises(ObservedError, match="obs.toml"):
        load_observed(file)
