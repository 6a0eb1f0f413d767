"""The Morris μ* ranking behind ``docs/calibration.md`` (``--morris``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from experiments.validation.observations import (
    MORRIS_RANKING,
    ROOT,
)

# ----------------------------------------------------------------------------- Morris ranking
#: The screening behind docs/calibration.md (``--morris`` without a folder runs it).
MORRIS_DESIGN: dict[str, Any] = {
    "scenario": "baseline",
    "trajectories": 10,
    "levels": 4,
    "reps": 2,
    "master_seed": 0,
    "outcome": "production_target_t",
}
MORRIS_OUT = ROOT / "results" / "morris-calibration-r10"


def morris_ranking(experiment: Any, outcome: str = "production_target_t") -> dict[str, Any]:
    """The μ* ranking of a stored Morris experiment, as stored for ``docs/calibration.md``."""
    from experiments.sensitivity import analyze

    table = analyze(experiment, outcome)
    manifest, spec = experiment.manifest, experiment.spec
    env = manifest.get("environment", {})
    command = manifest.get("command") or []
    return {
        "description": (
            "Morris elementary-effects screening of every uncertainty field over its prior; "
            "mu_star in the outcome's unit per unit change of the field's prior quantile"
        ),
        "method": "morris",
        "scenario": spec.get("scenario", ""),
        "outcome": outcome,
        "unit": "t",
        "trajectories": int(spec["trajectories"]),
        "levels": int(spec["levels"]),
        "reps": int(manifest["design"]["reps"]),
        "master_seed": int(manifest["master_seed"]),
        "runs": int(manifest["design"]["n_runs"]),
        "points": int(manifest["design"]["n_points"]),
        "git_commit": env.get("git_commit", ""),
        "command": " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
        if isinstance(command, list)
        else str(command),
        "factors": [
            {
                "rank": rank + 1,
                "factor": r["factor"],
                "mu_star": round(float(r["mu_star"]), 1),
                "mu_star_conf": round(float(r["mu_star_conf"]), 1),
                "mu": round(float(r["mu"]), 1),
                "sigma": round(float(r["sigma"]), 1),
            }
            for rank, r in enumerate(table.to_dict("records"))
        ],
    }


def write_morris_ranking(data: dict[str, Any], path: Path = MORRIS_RANKING) -> Path:
    """Write the ranking as JSON (stable layout, one factor per line)."""
    head = {k: v for k, v in data.items() if k != "factors"}
    body = ",\n".join("    " + json.dumps(f, ensure_ascii=False) for f in data["factors"])
    text = json.dumps(head, indent=2, ensure_ascii=False)[:-2]
    text += ',\n  "factors": [\n' + body + "\n  ]\n}\n"
    json.loads(text)  # well-formed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run_morris(out: Path = MORRIS_OUT, jobs: int | None = None) -> Any:
    """Run (or finish) the screening of `MORRIS_DESIGN` into ``out``; returns the experiment."""
    from experiments.runner import run_experiment
    from experiments.sensitivity import morris_design
    from experiments.storage import load_experiment

    d = MORRIS_DESIGN
    design = morris_design(
        d["scenario"],
        d["trajectories"],
        levels=d["levels"],
        reps=d["reps"],
        master_seed=d["master_seed"],
    )
    resume = (out / "manifest.json").exists()
    command = ["python", "-m", "experiments.validation", "--morris"]
    run_experiment(design, out, jobs=jobs, resume=resume, progress=False, command=command)
    return load_experiment(out)
