"""Take it away: the current settings as a scenario file and a command, each chart as CSV/image.

The scenario file is self-contained (no ``extends``: every value that differs from the model's
defaults is written) and carries the seed and model version in its ``[meta]`` table, so that
``ecosystem run FILE --seed N --twin`` or ``ecosystem.simulate(FILE, seed=N, twin=True)``
reproduces the run the front end shows.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from typing import Any

import altair as alt
import pandas as pd

import ecosystem
from ecosystem import to_toml
from viz.charts import fixed_width, styled, to_spec
from viz.state import Settings


def scenario_meta(settings: Settings) -> dict[str, Any]:
    """The ``[meta]`` table of an exported scenario: description, seed, model version, time."""
    changed = sorted(settings.overrides())
    what = f"scenario {settings.scenario}"
    if changed:
        what += " with " + ", ".join(changed)
    return {
        "description": f"Exported from the front end: {what}",
        "seed": settings.seed,
        "model_version": ecosystem.__version__,
        "exported": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def scenario_toml(settings: Settings) -> str:
    """The settings as a scenario file (every key a validated parameter, plus ``[meta]``)."""
    header = (
        f"# Exported by the magnet-ecosystem front end (model {ecosystem.__version__}).\n"
        f"# Reproduce: {run_command(settings, scenario_file=export_filename(settings))}\n"
    )
    return header + to_toml(settings.params, meta=scenario_meta(settings), extends=None)


def export_filename(settings: Settings) -> str:
    """A file name for the exported scenario, e.g. ``baseline-custom-seed0.toml``."""
    suffix = "-custom" if settings.overrides() else ""
    return f"{_slug(settings.scenario)}{suffix}-seed{settings.seed}.toml"


def _cli_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def run_command(settings: Settings, *, scenario_file: str | None = None, twin: bool = True) -> str:
    """The equivalent ``ecosystem run`` command line (DESIGN.md §8).

    Args:
        settings: the settings shown.
        scenario_file: run this exported file instead of naming the scenario with ``--set``s.
        twin: add ``--twin`` (the front end always runs the twin).
    """
    if scenario_file is not None:
        args = ["ecosystem", "run", scenario_file, "--seed", str(settings.seed)]
    else:
        args = ["ecosystem", "run", settings.scenario, "--seed", str(settings.seed)]
        for name, value in settings.overrides().items():
            args += ["--set", f"{name}={_cli_value(value)}"]
    if twin:
        args.append("--twin")
    return shlex.join(args)


def chart_csv(frame: pd.DataFrame) -> str:
    """A chart's data as CSV text (the tidy frame the chart draws)."""
    return frame.to_csv(index=False)


def chart_svg(chart: alt.TopLevelMixin | dict) -> str:
    """A chart (or its spec from `viz.charts.to_spec`) as SVG, rendered on the server.

    vl-convert renders without a browser and without network access.
    """
    import vl_convert

    return vl_convert.vegalite_to_svg(_spec(chart))


def chart_png(chart: alt.TopLevelMixin | dict, *, scale: float = 2.0) -> bytes:
    """A chart (or its spec) as PNG at ``scale`` × its size (for slides and reports)."""
    import vl_convert

    return vl_convert.vegalite_to_png(_spec(chart), scale=scale)


def _spec(chart: alt.TopLevelMixin | dict) -> dict:
    return (
        fixed_width(chart) if isinstance(chart, dict) else to_spec(styled(chart), container=False)
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "scenario"


__all__ = [
    "chart_csv",
    "chart_png",
    "chart_svg",
    "export_filename",
    "run_command",
    "scenario_meta",
    "scenario_toml",
]
