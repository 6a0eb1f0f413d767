"""The `ecosystem` command line: run, scenarios, params, validate, app; refusing bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import ecosystem.result
from ecosystem import Params, cli, list_scenarios, simulate
from ecosystem.io import FRAMES, MANIFEST, read_result
from ecosystem.outputs import SUMMARY


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail the test if anything is simulated (bad input must be refused before)."""

    def refuse(*args, **kwargs):
        raise AssertionError("simulate() was called")

    monkeypatch.setattr(ecosystem.result, "simulate", refuse)


def assert_refused(rc, captured, *fragments):
    """Exit 2, nothing on stdout, one `error:` line on stderr naming each fragment."""
    assert rc == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in captured.err
    for fragment in fragments:
        assert fragment in lines[0]


# ------------------------------------------------------------------------------------- run


def test_run_prints_summary_table(capsys):
    assert cli.main(["run", "baseline"]) == 0
    out = capsys.readouterr().out
    assert "production_target_t" in out
    for col in SUMMARY:
        assert col.name in out
    expected = simulate("baseline", seed=0).summary["production_target_t"]
    line = next(x for x in out.splitlines() if x.startswith("production_target_t"))
    assert f"{expected:,.0f}" in line  # tonnes to the tonne
    assert line.split()[-1] == "t"


def test_run_out_writes_frames_and_manifest_that_round_trip(tmp_path, capsys):
    out = tmp_path / "results" / "baseline"
    assert cli.main(["run", "baseline", "--seed", "5", "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    for name in FRAMES:
        assert (out / f"{name}.parquet").is_file()
    stored = read_result(out)
    fresh = simulate("baseline", seed=5)
    for name in FRAMES:
        pd.testing.assert_frame_equal(stored.frames[name], getattr(fresh, name))
    assert stored.manifest["scenario"] == "baseline"
    assert stored.manifest["seed"] == 5
    assert [p.name for p in out.parent.iterdir()] == ["baseline"]


def test_run_set_changes_parameter_in_manifest(tmp_path, capsys):
    out = tmp_path / "lr"
    assert cli.main(["run", "baseline", "--set", "learning_rate=0.3", "--out", str(out)]) == 0
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["params"]["learning_rate"] == 0.3
    assert manifest["changed"]["learning_rate"] == 0.3
    assert manifest["overrides"] == {"learning_rate": 0.3}
    assert "learning_rate=0.3" in capsys.readouterr().out


def test_run_twin_fills_gap_shortfall(tmp_path, capsys):
    out = tmp_path / "twin"
    assert cli.main(["run", "baseline", "--twin", "--out", str(out)]) == 0
    assert (out / "twin_timeseries.parquet").is_file()
    line = next(
        x for x in capsys.readouterr().out.splitlines() if x.startswith("shortfall_due_to_gap_t")
    )
    assert "twin not run" not in line


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("scheme_enabled", "no", False),
        ("scheme_enabled", "TRUE", True),
        ("scheme_enabled", "1", True),
        ("scheme_enabled", "off", False),
        ("n_firms", "12", 12),
        ("n_firms", "1e1", 10),
        ("learning_rate", " 0.25 ", 0.25),
        ("irel_allocation_rule", "rank", "rank"),
    ],
)
def test_set_values_parsed_by_field_type(name, text, expected):
    value = cli.parse_value(Params.fields()[name], text)
    assert value == expected
    assert type(value) is type(expected)


# ------------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("argv", "fragments"),
    [
        (["--set", "learning_rate=1.7"], ["learning_rate", "0-0.5"]),
        (["--set", "learning_rate=fast"], ["learning_rate", "0-0.5"]),
        (["--set", "n_firms=2.5"], ["n_firms", "1-1000"]),
        (["--set", "scheme_enabled=maybe"], ["scheme_enabled", "true or false"]),
        (["--set", "irel_allocation_rule=lottery"], ["irel_allocation_rule", "equal | capacity"]),
        (["--set", "learning_rat=0.3"], ["learning_rat", "did you mean learning_rate"]),
        (["--set", "learning_rate"], ["learning_rate", "name=value"]),
        (["--set", "horizon_months=24"], ["horizon_months", "target_month"]),
        (["--set", "oxide_price_volatility_per_yr=-0.1"], ["oxide_price_volatility_per_yr"]),
        (["--set", "licence_clear_rate_per_month=0"], ["licence_clear_rate_per_month"]),
        (
            ["--set", "china_shock=true", "--set", "shock_start_month=130"],
            ["shock_start_month", "horizon_months"],
        ),
        (["--seed", "-1"], ["--seed"]),
        (["--seed", "abc"], ["--seed"]),
    ],
)
def test_bad_run_input_refused_before_simulating(argv, fragments, capsys, no_simulation):
    rc = cli.main(["run", "baseline", *argv])
    assert_refused(rc, capsys.readouterr(), *fragments)


def test_unknown_scenario_refused(capsys, no_simulation):
    rc = cli.main(["run", "baselin"])
    assert_refused(rc, capsys.readouterr(), "baselin", "baseline")


def test_malformed_toml_refused_with_line(tmp_path, capsys, no_simulation):
    bad = tmp_path / "bad.toml"
    bad.write_text('extends = "baseline"\nlearning_rate = 0.3\nfoo = = 2\n', encoding="utf-8")
    rc = cli.main(["run", str(bad)])
    assert_refused(rc, capsys.readouterr(), str(bad), "line 3")


def test_unknown_key_in_scenario_refused_with_file_and_line(tmp_path, capsys, no_simulation):
    bad = tmp_path / "typo.toml"
    bad.write_text('extends = "baseline"\n\nlearnin_rate = 0.3\n', encoding="utf-8")
    rc = cli.main(["run", str(bad)])
    assert_refused(rc, capsys.readouterr(), f"{bad}:3", "learnin_rate", "learning_rate")


def test_out_of_range_in_scenario_refused_with_file_and_line(tmp_path, capsys, no_simulation):
    bad = tmp_path / "range.toml"
    bad.write_text("award_month = 3\nlearning_rate = 0.9\n", encoding="utf-8")
    rc = cli.main(["run", str(bad)])
    assert_refused(rc, capsys.readouterr(), f"{bad}:2", "learning_rate", "0-0.5")


def test_out_pointing_at_a_file_refused(tmp_path, capsys, no_simulation):
    target = tmp_path / "file"
    target.write_text("x")
    rc = cli.main(["run", "baseline", "--out", str(target)])
    assert_refused(rc, capsys.readouterr(), str(target))


def test_missing_command_is_a_usage_error(capsys):
    rc = cli.main([])
    assert_refused(rc, capsys.readouterr(), "COMMAND")


def test_help_exits_zero(capsys):
    assert cli.main(["run", "--help"]) == 0
    assert "--set" in capsys.readouterr().out


# ------------------------------------------------------------------------------------- validate


def test_validate_passes_every_shipped_scenario(capsys):
    files = [str(p) for p in list_scenarios().values()]
    assert len(files) >= 8
    assert cli.main(["validate", *files]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(files)
    for file, line in zip(files, out, strict=True):
        assert line.startswith(f"OK {file} (") and line.endswith("parameters changed)")


def test_validate_reports_each_bad_file_and_exits_2(tmp_path, capsys):
    good = list_scenarios()["china_shock"]
    bad = tmp_path / "bad.toml"
    bad.write_text("learning_rate = 2\n", encoding="utf-8")
    rc = cli.main(["validate", str(bad), str(good)])
    captured = capsys.readouterr()
    assert rc == 2
    assert captured.out.strip() == f"OK {good} (1 parameters changed)"
    assert captured.err.startswith(f"error: {bad}:1: learning_rate=")
    assert len(captured.err.splitlines()) == 1


@pytest.mark.parametrize("seed", ["-4", '"x"', "1.5"])
def test_validate_applies_the_meta_checks_of_run(tmp_path, capsys, no_simulation, seed):
    bad = tmp_path / "seed.toml"
    bad.write_text(f"[meta]\nseed = {seed}\n", encoding="utf-8")
    assert cli.main(["run", str(bad)]) == 2
    run_err = capsys.readouterr().err.strip()
    assert cli.main(["validate", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.strip() == run_err
    assert "[meta] seed" in run_err and len(run_err.splitlines()) == 1


def test_validate_observed_names_an_unknown_key_a_key(tmp_path, capsys):
    bad = tmp_path / "obs.toml"
    bad.write_text('extends = "other.toml"\n[sources]\nx = 1\n', encoding="utf-8")
    assert cli.main(["validate", "--observed", str(bad)]) == 2
    assert "extends: unknown key (allowed: [meta]" in capsys.readouterr().err
    bad.write_text("[sources]\nx = 1\n", encoding="utf-8")
    assert cli.main(["validate", "--observed", str(bad)]) == 2
    assert "sources: unknown table" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv, said",
    [
        (
            ["forecast", "baseline", "--set", "learning_rate=0.3"],
            "--set learning_rate=0.3; forecast fixes parameters with --fix NAME=VALUE "
            "(see `ecosystem forecast --help`)",
        ),
        (
            ["sensitivity", "baseline", "--set=learning_rate=0.3"],
            "--set=learning_rate=0.3; sensitivity fixes parameters with --fix NAME=VALUE "
            "(see `ecosystem sensitivity --help`)",
        ),
        (["ensemble", "baseline", "--bogus"], "--bogus (see `ecosystem ensemble --help`)"),
        (["run", "baseline", "extra"], "extra (see `ecosystem run --help`)"),
    ],
)
def test_unrecognized_arguments_point_at_the_sub_command(capsys, no_simulation, argv, said):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0] == f"error: unrecognized arguments: {said}"


# ------------------------------------------------------------------------------------- listings


def test_scenarios_lists_names_with_descriptions(capsys):
    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in list_scenarios():
        line = next(x for x in out.splitlines() if x.startswith(f"{name} "))
        assert len(line.split(maxsplit=1)) == 2


def test_params_csv_lists_every_field(capsys):
    assert cli.main(["params", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["name"] for r in rows] == list(Params.fields())
    assert list(rows[0]) == list(cli.PARAM_COLUMNS)
    lr = next(r for r in rows if r["name"] == "learning_rate")
    assert lr["range"] == "0-0.5"
    assert all(r["sources"] for r in rows)


def test_params_table_has_one_row_per_field(capsys):
    assert cli.main(["params"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 + len(Params.fields())


def test_params_filters_by_group_and_role(capsys):
    specs = Params.fields().values()
    assert (
        cli.main(["params", "--group", "raw_material", "--role", "lever", "--format", "json"]) == 0
    )
    rows = json.loads(capsys.readouterr().out)
    expected = [s.name for s in specs if s.group == "raw material" and s.role == "lever"]
    assert expected
    assert [r["name"] for r in rows] == expected


def test_params_unknown_group_refused(capsys):
    rc = cli.main(["params", "--group", "finance"])
    assert_refused(rc, capsys.readouterr(), "finance", "technology")


def test_entry_points_run_in_a_subprocess():
    script = Path(sys.executable).parent / "ecosystem"
    for argv in ([str(script)], [sys.executable, "-m", "ecosystem"]):
        done = subprocess.run(
            [*argv, "params", "--format", "csv"], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert len(rows) == len(Params.fields())


# ------------------------------------------------------------------------------------- app


def test_app_starts_solara_on_the_front_end(monkeypatch):
    from viz import cli as viz_cli

    app = viz_cli.app_path()
    assert app.is_file()
    calls = []

    class Exec(Exception):
        pass

    def fake_execv(path, argv):
        calls.append((path, argv))
        raise Exec

    monkeypatch.setattr(viz_cli.os, "execv", fake_execv)
    with pytest.raises(Exec):
        cli.main(["app", "--host", "0.0.0.0", "--port", "9001"])
    path, argv = calls[0]
    assert path == sys.executable
    assert argv[1:] == ["-m", "solara", "run", str(app), "--host", "0.0.0.0", "--port", "9001"]


def test_validate_checks_observed_data_files(capsys, tmp_path):
    example = Path(__file__).resolve().parent.parent / "experiments" / "observed" / "example.toml"
    assert cli.main(["validate", "--observed", str(example)]) == 0
    assert capsys.readouterr().out.startswith(f"OK {example}")
    bad = tmp_path / "bad.toml"
    bad.write_text('[tender]\naward_month = "soon"\n', encoding="utf-8")
    assert cli.main(["validate", "--observed", str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "award_month" in err and len(err.splitlines()) == 1


# ------------------------------------------------------------------------------------- plug-ins


def test_subcommands_of_experiments_and_viz_come_from_entry_points():
    from importlib import metadata

    names = {e.name: e.value for e in metadata.entry_points(group=cli.COMMAND_GROUP)}
    assert names == {"app": "viz.cli:add_commands", "experiments": "experiments.cli:add_commands"}
    choices = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert {"run", "scenarios", "params", "validate", "app", "ensemble", "verify"} <= choices


def test_plugin_of_an_absent_package_is_skipped_and_a_broken_one_raises(monkeypatch):
    from importlib.metadata import EntryPoint

    absent = EntryPoint("gone", "no_such_package_xyz.cli:add_commands", cli.COMMAND_GROUP)
    monkeypatch.setattr(cli.metadata, "entry_points", lambda group: [absent])
    choices = set(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert choices == {"run", "scenarios", "params", "validate"}
    broken = EntryPoint("broken", "ecosystem.no_such_module:add", cli.COMMAND_GROUP)
    monkeypatch.setattr(cli.metadata, "entry_points", lambda group: [broken])
    with pytest.raises(ModuleNotFoundError):
        cli.build_parser()
