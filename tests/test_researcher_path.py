"""The researcher's path: sensible rounding, the scenario file's seed, defaults in --help."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest

from ecosystem import cli, simulate

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (1898.2, "workers", "1,898"),
        (4005.49, "t", "4,005"),
        (1278.66, "₹ crore", "1,279"),
        (0.2634, "share", "0.263"),
        (2.54, "months", "2.5"),
        (0.456, "US$ million", "0.46"),
        (0.0, "t", "0"),
        (12.0, "firms", "12"),
        (float("nan"), "t", "—"),
        (None, "t", "—"),
        (True, "bool", "yes"),
        (123456, "month", "123,456"),
    ],
)
def test_table_values_are_rounded_to_what_they_can_mean(value, unit, text):
    assert cli.format_value(value, unit) == text


def test_no_decimal_workers_or_tonnes_in_the_run_table(capsys):
    assert cli.main(["run", "baseline"]) == 0
    out = capsys.readouterr().out
    for line in out.splitlines():
        if line.endswith((" workers", " t", " t/yr", " ₹ crore")) and "—" not in line:
            assert "." not in line.split()[-2], line


def test_run_uses_the_scenario_files_meta_seed(tmp_path, capsys):
    scen = tmp_path / "my.toml"
    scen.write_text('extends = "baseline"\n\n[meta]\ndescription = "x"\nseed = 7\n', "utf-8")
    assert cli.main(["run", str(scen)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert "seed 7 (from the scenario's [meta] seed)" in first
    assert cli.run_seed(str(scen), None) == (7, " (from the scenario's [meta] seed)")
    assert cli.run_seed(str(scen), 3) == (3, "")  # --seed wins
    assert cli.run_seed("baseline", None) == (0, "")  # no [meta] seed: 0
    # the seed really is used: the run equals simulate(seed=7), not seed 0
    seven = simulate(str(scen), seed=7).summary["production_target_t"]
    zero = simulate(str(scen), seed=0).summary["production_target_t"]
    assert seven != zero
    assert cli.main(["run", str(scen)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("production_target_t"))
    assert cli.format_value(seven, "t") in line


def test_a_bad_meta_seed_is_a_one_line_error(tmp_path, capsys):
    scen = tmp_path / "bad.toml"
    scen.write_text('extends = "baseline"\n\n[meta]\nseed = -4\n', "utf-8")
    assert cli.main(["run", str(scen)]) == 2
    err = capsys.readouterr().err
    assert "[meta] seed" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("command", "fragment"),
    [
        (["run"], "the scenario's [meta] seed"),
        (["forecast"], "(default 200)"),
        (["ensemble"], "(default 10)"),
        (["app"], "(default: 8765)"),
        (["app"], "(default: 127.0.0.1)"),
    ],
)
def test_help_shows_defaults(command, fragment, capsys):
    try:
        code = cli.main([*command, "--help"])
    except SystemExit as exc:
        code = exc.code
    assert code == 0
    assert fragment in " ".join(capsys.readouterr().out.split())


def test_every_option_with_a_default_shows_it_in_help():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, p in sub.choices.items():
        text = " ".join(p.format_help().split())
        for action in p._actions:
            if not action.option_strings or action.default in (None, False, [], "==SUPPRESS=="):
                continue
            if action.help is None:
                continue
            assert "default" in text.lower(), name
            assert str(action.default) in text or "default" in (action.help or ""), (name, action)


def test_busy_port_gets_a_one_line_hint(capsys):
    from viz.cli import cmd_app, port_in_use

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        assert port_in_use("127.0.0.1", port)

        class Args:
            host = "127.0.0.1"

        Args.port = port  # type: ignore[attr-defined]
        assert cmd_app(Args()) == 2  # type: ignore[arg-type]
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert f"port {port}" in err and f"make app PORT={port + 1}" in err


def test_scratch_and_results_folders_are_ignored_by_git():
    out = subprocess.run(
        ["git", "check-ignore", "scratch/my.toml", "results/notebooks/tutorial.ipynb"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.split() == ["scratch/my.toml", "results/notebooks/tutorial.ipynb"]
