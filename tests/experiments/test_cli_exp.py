"""The batch commands: bad input refused before any run, small runs, resume, verify."""

from __future__ import annotations

import argparse
import json

import pytest

from experiments.cli import add_commands, main


@pytest.mark.parametrize(
    "argv, message",
    [
        (["ensemble", "nonesuch"], "unknown scenario 'nonesuch'"),
        (["ensemble", "baseline", "--set", "learning_rat=0.2"], "did you mean learning_rate"),
        (["ensemble", "baseline", "--set", "learning_rate=3"], "outside its range"),
        (["ensemble", "baseline", "--set", "learning_rate"], "NAME=VALUE"),
        (["sweep", "--factor", "award_month=6,400"], "outside its range"),
        (["sweep", "--range", "learning_rate=0.1"], "LOW:HIGH"),
        (["sweep", "--range", "learning_rate=0.1:0.2"], "--samples"),
        (["forecast", "baseline", "--fields", "nope"], "unknown parameter 'nope'"),
        (["sensitivity", "--method", "sobol"], "needs factors"),
        (["sensitivity", "--output", "nope"], "--output"),
        (["ensemble", "baseline", "--frames", "agent"], "unknown frame"),
        (["ensemble", "baseline", "--resume"], "nothing to resume"),
        (["ensemble", "baseline", "--reps", "0"], "invalid positive integer"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(tmp_path, capsys, argv, message):
    out = tmp_path / "out"
    code = main([*argv, "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and err[0].startswith("error:") and message in err[0]
    assert not out.exists()  # refused before anything ran


def test_ensemble_then_folder_in_use_then_resume_then_verify(tmp_path, capsys):
    out = tmp_path / "ens"
    assert (
        main(
            [
                "ensemble",
                "baseline",
                "--reps",
                "3",
                "--out",
                str(out),
                "--seed",
                "4",
                "--frames",
                "none",
                "--no-progress",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "complete: 3 done" in text and "production_target_t" in text
    m = json.loads((out / "manifest.json").read_text())
    assert m["command"][:3] == ["ecosystem", "ensemble", "baseline"] and m["master_seed"] == 4
    assert (
        main(
            [
                "ensemble",
                "baseline",
                "--reps",
                "3",
                "--out",
                str(out),
                "--seed",
                "4",
                "--frames",
                "none",
            ]
        )
        == 2
    )
    assert "holds this experiment, complete" in capsys.readouterr().err  # not "add --resume"
    assert (
        main(
            [
                "ensemble",
                "baseline",
                "--reps",
                "3",
                "--out",
                str(out),
                "--seed",
                "4",
                "--frames",
                "none",
                "--resume",
            ]
        )
        == 0
    )
    assert "(0 executed" in capsys.readouterr().out
    assert main(["verify", str(out), "--sample", "2"]) == 0
    assert "OK" in capsys.readouterr().out


def test_sweep_from_a_toml_design(tmp_path, capsys):
    design = tmp_path / "design.toml"
    design.write_text(
        'method = "lhs"\nscenarios = ["baseline"]\nsamples = 3\nreps = 1\n'
        '[factors]\nlearning_rate = [0.1, 0.3]\nknowhow_novice = "range"\n'
        "[set]\naward_month = 12\n"
    )
    out = tmp_path / "sw"
    assert main(["sweep", "--design", str(design), "--out", str(out), "--frames", "none"]) == 0
    from experiments import load_experiment

    exp = load_experiment(out)
    assert len(exp.summary) == 3 and exp.summary["learning_rate"].between(0.1, 0.3).all()
    assert exp.manifest["design"]["scenarios"]["baseline"]["award_month"] == 12


def test_forecast_and_attribute_print_their_answers(tmp_path, capsys):
    assert (
        main(
            [
                "forecast",
                "baseline",
                "--samples",
                "4",
                "--reps",
                "1",
                "--out",
                str(tmp_path / "f"),
                "--frames",
                "none",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "P(output >= 1,500 t)" in out and "capacity_target_t" in out
    assert main(["attribute", "--reps", "1", "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    assert "Expertise gap" in out and "total (sum of shares)" in out


def test_add_commands_plugs_into_another_parser():
    parser = argparse.ArgumentParser(prog="ecosystem")
    sub = parser.add_subparsers(dest="command", required=True)
    add_commands(sub)
    for name in ("ensemble", "sweep", "forecast", "sensitivity", "attribute", "verify"):
        args = parser.parse_args([name, "baseline"] if name != "verify" else [name, "DIR"])
        assert callable(args.func)
    args = parser.parse_args(["sensitivity", "--method", "sobol", "--base-samples", "8"])
    assert args.method == "sobol" and args.base_samples == 8 and args.seed == 0
