"""The slot for a stored forecast over the priors (`make paper`), shown only when current.

The headline-answers work writes ``docs/forecast.json`` (or the file named by
``VIZ_FORECAST_FILE``): the forecast of output in the target year over the parameters' priors,
stamped with the commit of the model that made it::

    {"git_commit": "<40 hex>", "design": "...", "n_points": 200, "n_seeds_per_point": 5,
     "n_runs": 1000,
     "production_target_t": {"q05": ..., "median": ..., "q95": ...,
                             "median_lo": ..., "median_hi": ...},
     "thresholds": [{"t": 1500, "p": 0.24, "lo": 0.20, "hi": 0.28, "month_median": 70}, ...],
     "share_zero_output": 0.27, "share_target_met": 0.05, "note": "..."}

The front end shows it only when the model (``ecosystem/``) is unchanged since that commit, so a
stale forecast is never presented as this model's answer; otherwise it says why it is hidden.
The reader is tolerant: it shows what is present and skips fields it cannot read.
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


def _number(value: Any) -> float | None:
    """A finite number from the file, or None (a missing or malformed field is skipped)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value else None


def describe(forecast: Forecast) -> str:
    """One sentence for the slot: the forecast's headline, or why it is not shown."""
    if not forecast.current:
        return f"Forecast over the priors: not shown — {forecast.reason}."
    data = forecast.data
    runs = _number(data.get("n_runs"))
    points, seeds = _number(data.get("n_points")), _number(data.get("n_seeds_per_point"))
    made = [f"{runs:,.0f} runs"] if runs else []
    if points and seeds:
        made.append(f"{points:,.0f} parameter points × {seeds:,.0f} seeds")
    made.append(f"commit {str(data['git_commit'])[:10]}")
    text = f"Forecast over the priors ({'; '.join(made)})"
    q = data.get("production_target_t")
    q = q if isinstance(q, dict) else {}
    median, q05, q95 = (_number(q.get(k)) for k in ("median", "q05", "q95"))
    if median is not None:
        text += f": output in the target year median {median:,.0f} t"
        lo, hi = _number(q.get("median_lo")), _number(q.get("median_hi"))
        extra = [f"median's interval {lo:,.0f}-{hi:,.0f} t"] if lo is not None and hi else []
        if q05 is not None and q95 is not None:
            extra.append(f"90% of runs {q05:,.0f}-{q95:,.0f} t")
        text += f" ({'; '.join(extra)})" if extra else ""
    for key, words in (("share_target_met", "meet 6,000 t"), ("share_zero_output", "make none")):
        share = _number(data.get(key))
        if share is not None:
            text += f"; {share:.0%} of runs {words}"
    return text + ". The run below is one draw, at the settings on the left."


def _threshold_rows(forecast: Forecast) -> list[tuple[float, float, dict[str, Any]]]:
    """(threshold, probability, row) of each well-formed threshold row, when current."""
    if not forecast.current or not isinstance(forecast.data.get("thresholds"), list):
        return []
    rows = []
    for row in forecast.data["thresholds"]:
        if not isinstance(row, dict):
            continue
        t, p = _number(row.get("t")), _number(row.get("p"))
        if t is not None and p is not None:
            rows.append((t, p, row))
    return rows


def thresholds(forecast: Forecast) -> list[str]:
    """One short item per output threshold: its probability in the target year and interval."""
    lines = []
    for t, p, row in _threshold_rows(forecast):
        line = f"≥ {t:,.0f} t/yr: {p:.0%} of runs"
        lo, hi = _number(row.get("lo")), _number(row.get("hi"))
        if lo is not None and hi is not None:
            line += f" ({lo:.0%}-{hi:.0%})"
        lines.append(line)
    return lines


def months(forecast: Forecast) -> str:
    """When the runs that reach each threshold within the horizon reach it (median month)."""
    from viz.frames import month_label

    parts = []
    for t, _, row in _threshold_rows(forecast):
        month = _number(row.get("month_median"))
        if month is not None:
            parts.append(f"{t:,.0f} t by {month_label(int(month))}")
    if not parts:
        return ""
    return (
        "Probabilities of output in the target year; the runs that reach a threshold within "
        f"the horizon do so (median month): {', '.join(parts)}."
    )


def note(forecast: Forecast) -> str:
    """The file's note (what was forecast, by which command), when current."""
    if not forecast.current:
        return ""
    return str(forecast.data.get("note") or forecast.data.get("design") or "")


__all__ = [
    "DEFAULT_FILE",
    "Forecast",
    "describe",
    "forecast_file",
    "load",
    "model_unchanged_since",
    "months",
    "note",
    "thresholds",
]
