"""Indian fiscal years (April-March) and the ``.fiscal_years`` frame (DESIGN.md §5).

Months count from December 2025 (month 0). A fiscal year ``2026-27`` runs from April 2026 to
March 2027. The frame is built after a run from the time series, never month by month:

- tonnes (the annualised ``*_t`` flows) are summed over the year's months and divided by 12;
- rupees and US$ (cumulative columns) are the change of the cumulative value over the year;
- stocks are the value in the year's last month;
- ratios are recomputed from the year's sums.

Row 0 (December 2025) is the initial state and carries no flow: the first fiscal year, 2025-26,
holds the simulated months January-March 2026 (3 months) and its cumulative changes start from
zero; the last fiscal year ends at the horizon. Partial years are flagged and not annualised.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Month 0 is December 2025.
START_YEAR, START_MONTH = 2025, 12
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")
_FY = re.compile(r"^(?:FY)?(\d{4})-(\d{2})$")


def calendar_of(month: int) -> tuple[int, int]:
    """(year, month 1-12) of a model month."""
    year, m0 = divmod(START_MONTH - 1 + month, 12)
    return START_YEAR + year, m0 + 1


def month_of(date: str) -> int:
    """Model month of a ``YYYY-MM`` (or ``YYYY-MM-01``) date; raises ValueError otherwise."""
    found = _DATE.match(date.strip())
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise ValueError(f"{date!r} is not a date YYYY-MM")
    year, month = int(found.group(1)), int(found.group(2))
    return (year - START_YEAR) * 12 + month - START_MONTH


def fiscal_year_of(month: int) -> int:
    """Calendar year in which the fiscal year of a model month begins (April)."""
    year, m = calendar_of(month)
    return year if m >= 4 else year - 1


def fy_label(start_year: int) -> str:
    """``2026`` → ``"2026-27"``."""
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def parse_fy(label: str) -> int:
    """``"2026-27"`` (or ``"FY2026-27"``) → 2026; raises ValueError for anything else."""
    found = _FY.match(label.strip())
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        raise ValueError(f"{label!r} is not a fiscal year like '2026-27'")
    return int(found.group(1))


def fy_months(start_year: int) -> range:
    """Model months (April … March) of a fiscal year (may include negative months)."""
    first = month_of(f"{start_year}-04")
    return range(first, first + 12)


def fiscal_years(
    ts: pd.DataFrame, flows: list[str], cumulative: list[str], stocks: list[str]
) -> pd.DataFrame:
    """One row per fiscal year of a time series (see the module docstring for the rules)."""
    months = ts["month"].to_numpy()
    fy = np.array([fiscal_year_of(int(m)) for m in months])
    has_flow = months > 0
    rows = []
    for year in sorted(set(fy.tolist())):
        sel = fy == year
        flow_sel = sel & has_flow
        idx = np.nonzero(sel)[0]
        last, first = idx[-1], idx[0]
        n = int(flow_sel.sum())
        row: dict[str, object] = {
            "fiscal_year": fy_label(year),
            "first_month": int(months[first]),
            "last_month": int(months[last]),
            "months": n,
            "partial": n < 12,
        }
        for col in flows:
            row[col] = float(ts[col].to_numpy()[flow_sel].sum() / 12.0)
        for col in cumulative:
            values = ts[col].to_numpy()
            before = values[first - 1] if first > 0 else 0.0
            row[col] = float(values[last] - before)
        for col in stocks:
            row[col] = float(ts[col].to_numpy()[last])
        rows.append(row)
    frame = pd.DataFrame(rows)
    if "imports_t" in frame and "demand_t" in frame:
        demand = frame["demand_t"].to_numpy()
        frame["import_share"] = np.divide(
            frame["imports_t"].to_numpy(), demand, out=np.zeros(len(frame)), where=demand > 0
        )
    return frame
