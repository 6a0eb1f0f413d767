"""Take it away: an exported scenario reproduces the shown run; commands; chart files."""

from __future__ import annotations

import shlex
import subprocess
import sys
import tomllib

import pytest

import ecosystem
from ecosystem import load_scenario, simulate
from ecosystem.scenarios import scenario_meta
from viz import charts, exports, frames
from viz.state import LiveRun, Settings


@pytest.fixture(scope="module")
def settings():
    return (
        Settings.from_scenario("china_shock", seed=9)
        .with_value("learning_rate", 0.31)
        .with_value("partner_willingness_japan", 0.9)
    )


def test_scenario_file_has_seed_and_model_version_in_meta(settings, tmp_path):
    text = exports.scenario_toml(settings)
    doc = tomllib.loads(text)
    assert doc["meta"]["seed"] == 9
    assert doc["meta"]["model_version"] == ecosystem.__version__
    assert "learning_rate" in doc["meta"]["description"]
    assert doc["learning_rate"] == 0.31 and doc["china_shock"] is True
    path = tmp_path / exports.export_filename(settings)
    path.write_text(text)
    assert load_scenario(path) == settings.params
    assert scenario_meta(path)["seed"] == 9


def test_exported_file_reproduces_the_shown_run(settings, tmp_path):
    path = tmp_path / "exported.toml"
    path.write_text(exports.scenario_toml(settings))
    shown = LiveRun.full(settings).result()
    again = simulate(path, seed=scenario_meta(path)["seed"], twin=True)
    assert again.summary == shown.summary
    assert again.timeseries.equals(shown.timeseries)


def test_run_command_names_the_scenario_seed_and_changes(settings):
    cmd = exports.run_command(settings)
    assert shlex.split(cmd) == [
        "ecosystem",
        "run",
        "china_shock",
        "--seed",
        "9",
        "--set",
        "learning_rate=0.31",
        "--set",
        "partner_willingness_japan=0.9",
        "--twin",
    ]
    assert exports.run_command(settings, scenario_file="my file.toml").startswith(
        "ecosystem run 'my file.toml' --seed 9"
    )
    plain = Settings.from_scenario("baseline", seed=0).with_value("china_shock", True)
    assert "--set china_shock=true" in exports.run_command(plain)


def test_run_command_reproduces_through_the_cli(settings, tmp_path):
    from ecosystem import cli

    out = tmp_path / "out"
    args = shlex.split(exports.run_command(settings))[1:] + ["--out", str(out)]
    assert cli.main(args) == 0
    from ecosystem.io import read_result

    stored = read_result(out)
    shown = LiveRun.full(settings).result()
    assert stored.frames["timeseries"]["production_t"].tolist() == (
        shown.timeseries["production_t"].tolist()
    )
    assert stored.frames["twin_timeseries"]["production_t"].tolist() == (
        shown.twin.timeseries["production_t"].tolist()
    )


def test_exported_file_runs_through_the_cli_subprocess(settings, tmp_path):
    path = tmp_path / exports.export_filename(settings)
    path.write_text(exports.scenario_toml(settings))
    cmd = shlex.split(exports.run_command(settings, scenario_file=str(path)))
    proc = subprocess.run(
        [sys.executable, "-m", "ecosystem", *cmd[1:]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    shown = LiveRun.full(settings).result()
    value = shown.summary["production_target_t"]
    assert any(f"{value:{fmt}}" in proc.stdout for fmt in (",.1f", ",.0f", ".1f", ",.2f")), (
        proc.stdout
    )


def test_chart_downloads_are_csv_png_and_svg():
    run = simulate("baseline", seed=0, twin=True)
    frame = frames.ramp_frame(run)
    chart = charts.ramp_chart(frame)
    csv = exports.chart_csv(frame)
    assert csv.splitlines()[0].startswith("month,date,production_t")
    assert len(csv.splitlines()) == len(frame) + 1
    png = exports.chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    svg = exports.chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "The ramp" in svg
