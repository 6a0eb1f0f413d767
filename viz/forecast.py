"""The slot for a stored forecast over the priors (`make paper`), shown only when current.

The headline-answers work writes ``docs/forecast.json`` (or the file named by
``VIZ_FORECAST_FILE``): the forecast of output in the target year over the parameters' priors,
stamped with the commit of the model that made it::

    {"git_commit": "<40 hex>", "n_runs": 1000,
     "production_target_t": {"q05": ..., "median": ..., "q95": ...},
     "share_target_met": 0.31, "note": "..."}

The front end shows it only when the model (``ecosystem/``) is unchanged since that commit, so a
stale forecast is never presented as this model's answer; otherwise it says why it is hidden.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "docs" / "forecast.json"
#: The code whose change makes a stored forecast stale.
MODEL_PATHS = ("ecosystem",)


@dataclass(frozen=True)
class Forecast:
    """A stored forecast and whether it belongs to this model.

    Attributes:
        data: the file's content (empty when there is none).
        current: True when the model is unchanged since the stamped commit.
        reason: why it is not shown (empty when current).
    """

    data: dict[str, Any]
    current: bool
    reason: str


def forecast_file() -> Path:
    """Where the stored forecast is read from."""
    return Path(os.environ.get("VIZ_FORECAST_FILE", DEFAULT_FILE))


def model_unchanged_since(commit: str, root: Path = ROOT) -> bool:
    """True if ``git diff`` finds no change to the model's code between ``commit`` and now."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "diff", "--quiet", commit, "--", *MODEL_PATHS],
            capture_output=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def load(path: Path | None = None) -> Forecast:
    """The stored forecast, checked against the model's code (never raises)."""
    path = path or forecast_file()
    if not path.is_file():
        return Forecast({}, False, "no stored forecast yet (`make paper` writes it)")
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        return Forecast({}, False, f"the stored forecast cannot be read ({exc})")
    commit = str(data.get("git_commit") or "")
    if not commit:
        return Forecast(data, False, "the stored forecast carries no commit stamp")
    if not model_unchanged_since(commit):
        return Forecast(
            data, False, f"the stored forecast was made by another model (commit {commit[:10]})"
        )
    return Forecast(data, True, "")


def describe(forecast: Forecast) -> str:
    """One sentence for the slot."""
    if not forecast.current:
        return f"Forecast over the priors: not shown — {forecast.reason}."
    q = forecast.data.get("production_target_t", {})
    n = forecast.data.get("n_runs")
    text = (
        f"Forecast over the priors ({n:,} runs, commit "
        f"{str(forecast.data['git_commit'])[:10]}): output in the target year median "
        f"{q.get('median', float('nan')):,.0f} t (90%: {q.get('q05', float('nan')):,.0f}-"
        f"{q.get('q95', float('nan')):,.0f} t)"
        if n
        else "Forecast over the priors"
    )
    share = forecast.data.get("share_target_met")
    if share is not None:
        text += f"; {share:.0%} of runs meet 6,000 t"
    return text + "."


__all__ = ["DEFAULT_FILE", "Forecast", "describe", "forecast_file", "load", "model_unchanged_since"]
