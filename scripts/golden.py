"""Content digests of a fixed set of runs, to prove a refactoring changed no result.

Usage::

    python scripts/golden.py > before.json      # on the old code
    python scripts/golden.py --check before.json  # on the new code: exit 1 on any difference

Each (scenario, seed) run is reduced to one SHA-256 per frame (time series, agents, milestones,
flows) and one of the summary's values, computed on the numbers only: column and key *names* are
left out so that a pure rename (``production_target_t`` -> ``production_target_t``) keeps the
digests. The twin runs too, so its path is covered.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from typing import Any

import numpy as np
import pandas as pd

from ecosystem import simulate

SCENARIOS = ("baseline", "go_it_alone", "china_shock", "partnership_push", "no_scheme")
SEEDS = (0, 1, 7)


def _frame_digest(frame: pd.DataFrame) -> str:
    h = hashlib.sha256()
    h.update(str(frame.shape).encode())
    for col in frame.columns:
        values = frame[col]
        if values.dtype == object or str(values.dtype) in ("string", "str"):
            h.update("\x1f".join("" if pd.isna(v) else str(v) for v in values).encode())
        else:
            arr = values.to_numpy(dtype="float64", na_value=np.nan)
            h.update(np.ascontiguousarray(arr).tobytes())
    return h.hexdigest()[:16]


def _summary_digest(summary: dict[str, Any]) -> str:
    values = [summary[k] for k in summary]
    return hashlib.sha256(repr(values).encode()).hexdigest()[:16]


def digests() -> dict[str, dict[str, str]]:
    """One digest per frame for each (scenario, seed) run and its twin."""
    out: dict[str, dict[str, str]] = {}
    for scenario in SCENARIOS:
        for seed in SEEDS:
            res = simulate(scenario, seed=seed, twin=True)
            for tag, r in (("run", res), ("twin", res.twin)):
                assert r is not None
                out[f"{scenario}/{seed}/{tag}"] = {
                    "timeseries": _frame_digest(r.timeseries),
                    "agents": _frame_digest(r.agents),
                    "milestones": _frame_digest(r.milestones),
                    "flows": _frame_digest(r.flows),
                    "summary": _summary_digest(r.summary),
                }
    return out


def main() -> int:
    """Print the digests, or compare them with a stored file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", metavar="FILE", help="compare with digests stored in FILE")
    args = ap.parse_args()
    now = digests()
    if not args.check:
        json.dump(now, sys.stdout, indent=1, sort_keys=True)
        print()
        return 0
    with open(args.check, encoding="utf-8") as fh:
        before = json.load(fh)
    diffs = [
        f"{run}: {frame}"
        for run in sorted(set(before) | set(now))
        for frame in sorted(set(before.get(run, {})) | set(now.get(run, {})))
        if before.get(run, {}).get(frame) != now.get(run, {}).get(frame)
    ]
    for d in diffs:
        print("differs:", d)
    print(f"{len(now)} runs, {len(diffs)} differing frames")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
