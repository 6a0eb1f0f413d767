"""The comparison table as text: cells for the terminal and the Markdown report."""

from __future__ import annotations

import math
import sys
from typing import Any

import pandas as pd


# ----------------------------------------------------------------------------- output
def number_text(x: Any, unit: str) -> str:
    """A number as a table cell shows it: units' precision, "never" for an endless duration."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    x = float(x)
    if math.isinf(x):
        return "never" if x > 0 else "-inf"
    if unit in ("share", "change"):  # a change relative to a reference: signed
        sign = "+" if unit == "change" else ""
        return f"{x:{sign}.0%}" if abs(x) >= 0.095 else f"{x:{sign}.1%}"
    if unit in ("ratio", "years"):
        return f"{x:.2f}" if unit == "ratio" else f"{x:.1f}"
    return f"{x:.0f}" if float(x).is_integer() else f"{x:.1f}"


def _observed_text(row: pd.Series) -> str:
    if math.isnan(row["observed"]):
        return "–"
    unit = row["unit"]
    c = number_text(row["observed"], unit)
    if row["observed_low"] == row["observed_high"]:
        return c
    return (
        f"{c} ({number_text(row['observed_low'], unit)}-{number_text(row['observed_high'], unit)})"
    )


def _interval_text(row: pd.Series) -> str:
    unit = row["unit"]
    return (
        f"{number_text(row['sim_median'], unit)} "
        f"[{number_text(row['sim_q05'], unit)}, {number_text(row['sim_q95'], unit)}]"
    )


def _yes(value: Any) -> str:
    return "–" if value is None else ("yes" if value else "no")


def display_table(table: pd.DataFrame) -> pd.DataFrame:
    """The comparison table as text cells (for the terminal and the report)."""
    return pd.DataFrame(
        {
            "check": table["check"],
            "unit": table["unit"],
            "observed": [_observed_text(r) for _, r in table.iterrows()],
            "sim. at defaults": [
                number_text(x, u) for x, u in zip(table["sim_default"], table["unit"], strict=True)
            ],
            "sim. median [90%]": [_interval_text(r) for _, r in table.iterrows()],
            "inside": [_yes(v) for v in table["inside"].tolist()],
            "overlap": [_yes(v) for v in table["overlap"].tolist()],
            "runs": table["runs"],
            "in-sample": [x if x else "–" for x in table["in_sample"]],
            "verdict": table["verdict"],
        }
    )


def print_table(table: pd.DataFrame, out: Any = None) -> None:
    """Print the comparison table, grouped by section."""
    out = out if out is not None else sys.stdout
    shown = display_table(table)
    for section, idx in table.groupby("section", sort=False).groups.items():
        print(f"\n{section}", file=out)
        part = shown.loc[idx].drop(columns=["verdict"])
        print(part.to_string(index=False), file=out)
        for check, verdict in zip(shown.loc[idx, "check"], shown.loc[idx, "verdict"], strict=True):
            print(f"  - {check}: {verdict}", file=out)


def md_table(frame: pd.DataFrame) -> str:
    """A Markdown table of text cells (pipes escaped, ``->`` as an arrow)."""
    cols = list(frame.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, r in frame.iterrows():
        cells = [str(r[c]).replace("|", "\\|").replace("->", "→") for c in cols]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
