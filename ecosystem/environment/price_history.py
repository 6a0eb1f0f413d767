"""NdPr (Nd) oxide price levels behind the price path (DESIGN.md §4; docs/calibration.md).

Only points with a source the project can cite: year-end Nd oxide prices from the USGS Mineral
Commodity Summaries 2016 (midpoints of the ranges it gives) and the NdPr oxide quotes of
evidence register §2, docs/sources.md (Lynas quarterlies, half-year report, press).
"""

from __future__ import annotations

import math

#: (when, US$/kg, what, source)
PRICE_HISTORY: tuple[tuple[str, float, str, str], ...] = (
    ("2011 year-end", 195.0, "Nd oxide 99.5%, US$190-200", "USGS MCS 2016, rare earths"),
    ("2012 year-end", 77.5, "Nd oxide 99.5%, US$75-80", "USGS MCS 2016, rare earths"),
    ("2013 year-end", 67.5, "Nd oxide 99.5%, US$65-70", "USGS MCS 2016, rare earths"),
    ("2014 year-end", 58.0, "Nd oxide 99.5%, US$56-60", "USGS MCS 2016, rare earths"),
    ("2015 year-end", 39.5, "Nd oxide 99.5%, US$37-42", "USGS MCS 2016, rare earths"),
    ("Mar 2022 (peak)", 144.0, "NdPr oxide", "evidence 2.12: NdPr oxide price"),
    (
        "Dec 2023",
        56.0,
        "NdPr oxide, China domestic ex-VAT",
        "evidence 2.13: NdPr oxide price, more points",
    ),
    (
        "Dec 2024",
        49.0,
        "NdPr oxide, China domestic ex-VAT",
        "evidence 2.13: NdPr oxide price, more points",
    ),
    ("Jul 2025", 63.0, "NdPr oxide", "evidence 2.12: NdPr oxide price"),
    ("Aug 2025", 88.0, "NdPr oxide", "evidence 2.12: NdPr oxide price"),
    ("early 2026", 123.0, "NdPr oxide", "evidence 2.12: NdPr oxide price"),
)

#: The year-ends and Decembers outside spikes: what the long-run level is read from.
LONG_RUN_POINTS = (
    "2012 year-end",
    "2013 year-end",
    "2014 year-end",
    "2015 year-end",
    "Dec 2023",
    "Dec 2024",
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
