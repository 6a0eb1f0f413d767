"""NdPr (Nd) oxide price levels behind the price path (DESIGN.md §4; docs/calibration.md).

The levels live in ``ecosystem/data/price_history.toml``, with only points a source the project
can cite gives: year-end Nd oxide prices from the USGS Mineral Commodity Summaries 2016
(midpoints of the ranges it gives) and the NdPr oxide quotes of evidence register §2,
docs/sources.md (Lynas quarterlies, half-year report, press).
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

#: The levels with what they are and their source (data, not code).
PRICE_HISTORY_TOML = Path(__file__).resolve().parent.parent / "data" / "price_history.toml"


def _load(path: Path = PRICE_HISTORY_TOML) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    """The points of the file, and the names of those the long-run level is read from."""
    with path.open("rb") as fh:
        points = tomllib.load(fh)["point"]
    return points, tuple(p["when"] for p in points if p["long_run"])


_POINTS, LONG_RUN_POINTS = _load()
#: (when, US$/kg, what, source), in time order.
PRICE_HISTORY: tuple[tuple[str, float, str, str], ...] = tuple(
    (p["when"], float(p["usd_per_kg"]), p["what"], p["source"]) for p in _POINTS
)


def geometric_mean(points: tuple[str, ...] = LONG_RUN_POINTS) -> float:
    """Geometric mean (US$/kg) of the named points of `PRICE_HISTORY`."""
    values = [v for when, v, _, _ in PRICE_HISTORY if when in points]
    return math.exp(sum(math.log(v) for v in values) / len(values))


def markdown() -> str:
    """The price-history section of ``docs/calibration.md``."""
    rows = "\n".join(f"| {w} | {v:g} | {what} | {src} |" for w, v, what, src in PRICE_HISTORY)
    return (
        "## Price history: the NdPr oxide price path\n\n"
        "The oxide price follows a mean-reverting path in logs per seed (ODD §7.2). Its "
        "parameters are read from these levels (no fit to model output):\n\n"
        "| when | US$/kg | what | source |\n|---|---|---|---|\n"
        f"{rows}\n\n"
        f"- **Long-run level** (`china_oxide_price_usd_per_kg`, 65): the geometric mean of the "
        f"year-ends 2012-2015 and Decembers 2023-2024 is US${geometric_mean():.0f}/kg; the "
        "default rounds up toward the 2025 quotes.\n"
        "- **Start** (`oxide_price0_usd_per_kg`, 100): December 2025 lies between the ~88 of "
        "August 2025 and the ~123 of early 2026.\n"
        "- **Reversion** (`oxide_price_half_life_months`, 12): the 2011 spike fell by about "
        "0.9 in logs within a year and back to 1/5 within four; the March 2022 peak of 144 was "
        "56 by December 2023. A 12-month half-life undoes three quarters of a spike in two "
        "years.\n"
        "- **Volatility** (`oxide_price_volatility_per_yr`, 0.35): year-on-year log changes of "
        "−0.92, −0.14, −0.15, −0.38 (2011-2015), −0.13 (Dec 2023-Dec 2024) and +0.59 in the "
        "eight months to August 2025; with the 12-month half-life, 0.35 gives a stationary "
        "spread of ±0.30 in logs (one standard deviation: US$48-88/kg around 65), which covers "
        "2012-2025 outside the spikes.\n"
    )
