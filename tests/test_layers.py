"""The layers of docs/architecture.md: the model runs on its own, without studies or screens.

`lint-imports` (tests/test_quality.py) checks the imports statically; this runs a copy of
``ecosystem/`` alone, with ``experiments`` and ``viz`` made unimportable, in a subprocess.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = textwrap.dedent(
    """
    import importlib.abc
    import sys

    class Absent(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("experiments", "viz"):
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Absent())
    import ecosystem
    from ecosystem import cli

    assert ecosystem.__file__.startswith(sys.argv[1]), ecosystem.__file__
    # a two-year run: the award (default month 14) plus the tender's re-opening delay must fall
    # before the horizon, so the award is set early
    short = dict(horizon_months=24, target_month=24, award_month=9)
    params = ecosystem.load_scenario("baseline").replace(**short)
    result = ecosystem.simulate(params, seed=3, record_agents=False)
    print("@months", len(result.timeseries))
    print("@production_target_t", result.summary["production_target_t"])
    sets = [a for key, value in short.items() for a in ("--set", f"{key}={value}")]
    status = cli.main(["run", "baseline", *sets])
    print("@status", status)
    print("@loaded", sorted(m for m in sys.modules if m.split(".")[0] in ("experiments", "viz")))
    """
)


def test_model_runs_with_experiments_and_viz_absent(tmp_path):
    shutil.copytree(
        ROOT / "ecosystem", tmp_path / "ecosystem", ignore=shutil.ignore_patterns("__pycache__")
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = dict(line[1:].split(" ", 1) for line in done.stdout.splitlines() if line[:1] == "@")
    assert lines["months"] == "25"
    assert float(lines["production_target_t"]) >= 0.0
    assert lines["status"] == "0"
    assert lines["loaded"] == "[]"


def test_scenario_files_are_package_data_of_the_model():
    import tomllib

    from ecosystem import SCENARIO_DIR, list_scenarios

    assert SCENARIO_DIR.is_relative_to(ROOT / "ecosystem")
    assert "baseline" in list_scenarios()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["ecosystem"]
    shipped = {p for pattern in patterns for p in (ROOT / "ecosystem").glob(pattern)}
    assert set(list_scenarios().values()) <= {p.resolve() for p in shipped}
