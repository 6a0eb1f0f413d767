"""``ecosystem verify DIR``: check a stored experiment's data and re-run a sample of its runs.

Two checks: (1) integrity — every stored run's frames hash to the digest recorded when it ran,
and the manifest's content hash matches; (2) reproducibility — a random sample of finished runs
is run again in this process and must hash identically (same code, same lock file, same
platform give bit-identical results).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ecosystem import code_changes
from experiments.design import ID_COLUMNS, Design
from experiments.storage import CHUNKS, code_identity, content_hash, load_experiment, run_dtypes
from experiments.worker import Job, Task, frames_digest, run_job


@dataclass
class VerifyReport:
    """Outcome of `verify_experiment`."""

    path: Path
    stored_runs: int = 0
    integrity_errors: list[str] = field(default_factory=list)
    rerun: list[int] = field(default_factory=list)
    mismatched: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The manifest's status (``complete``, ``interrupted``, ...) and its run counts.
    status: str = ""
    pending: int = 0
    total: int = 0

    @property
    def ok(self) -> bool:
        """No integrity error and every re-run identical."""
        return not self.integrity_errors and not self.mismatched

    def lines(self) -> list[str]:
        """Human-readable result."""
        out = [
            f"{self.path}: {self.stored_runs:,} stored runs hash to their recorded digests"
            if not self.integrity_errors
            else f"{self.path}: integrity errors:"
        ]
        out += [f"  {e}" for e in self.integrity_errors[:20]]
        same = len(self.rerun) - len(self.mismatched)
        out.append(
            f"re-ran {len(self.rerun)} runs: {same} identical, {len(self.mismatched)} differ"
            + (f" (run ids {self.mismatched[:20]})" if self.mismatched else "")
        )
        out += [f"note: {n}" for n in self.notes]
        if self.pending:
            out.append(
                f"status {self.status}, incomplete: {self.pending:,} of {self.total:,} runs "
                "pending; finish with --resume (the command that made the experiment)"
            )
        out.append(("OK" if self.ok else "FAILED") + (" (incomplete)" if self.pending else ""))
        return out


def stored_digests(path: str | Path, unreadable: list[str] | None = None) -> dict[int, str]:
    """Digest of every stored run, recomputed from its Parquet rows.

    Files that cannot be read are listed in ``unreadable`` (their runs then fail to match).
    """
    unreadable = [] if unreadable is None else unreadable
    exp = load_experiment(path)
    drop = set(ID_COLUMNS)
    factors = set(exp.manifest["design"]["factors"])
    found: dict[int, dict[str, pd.DataFrame]] = {}
    for chunk in exp.manifest["chunks"]:
        folder = Path(path) / CHUNKS / chunk
        for file in sorted(folder.glob("*.parquet")):
            if file.stem == "runs":
                continue
            try:
                frame = pd.read_parquet(file)
            except (OSError, ValueError) as exc:
                unreadable.append(f"{chunk}/{file.name}: unreadable ({type(exc).__name__})")
                continue
            cols = [
                c
                for c in frame.columns
                if c not in drop and not (file.stem == "summary" and c in factors)
            ]
            for run_id, part in frame.groupby("run_id", sort=False):
                rows = run_dtypes(file.stem, part[cols].reset_index(drop=True))
                found.setdefault(int(run_id), {})[file.stem] = rows
    return {run_id: frames_digest(tables) for run_id, tables in found.items()}


def verify_experiment(path: str | Path, *, sample: int = 20, seed: int = 0) -> VerifyReport:
    """Check stored data against the manifest and re-run ``sample`` finished runs."""
    path = Path(path)
    exp = load_experiment(path)
    counts = exp.manifest["counts"]
    report = VerifyReport(
        path,
        status=str(exp.manifest.get("status", "")),
        pending=int(counts.get("pending", 0)),
        total=int(counts.get("total", 0)),
    )
    stored_code = exp.manifest.get("code")
    if isinstance(stored_code, dict):
        changes = code_changes(stored_code, code_identity())
        if changes:
            report.notes.append(
                f"the code differs from the experiment's ({'; '.join(changes)}): "
                "re-runs may differ for that reason"
            )
    if exp.manifest.get("code_changes"):
        report.notes.append("the experiment was resumed under changed code (see code_changes)")
    status = exp.manifest["runs"]
    if content_hash(status) != exp.manifest.get("content_hash"):
        report.integrity_errors.append("manifest content_hash does not match its run statuses")
    digests = stored_digests(path, report.integrity_errors)
    report.stored_runs = len(digests)
    for key, entry in status.items():
        if entry["status"] != "done":
            continue
        got = digests.get(int(key))
        if got is None:
            report.integrity_errors.append(f"run {key}: no stored rows")
        elif got != entry["digest"]:
            report.integrity_errors.append(
                f"run {key}: stored rows differ from the recorded digest"
            )
    done = sorted(int(k) for k, e in status.items() if e["status"] == "done")
    rng = np.random.default_rng(seed)
    chosen = (
        sorted(rng.choice(done, size=min(sample, len(done)), replace=False).tolist())
        if done
        else []
    )
    design = Design.from_stored(exp.manifest["design"], exp.design)
    rows = design.table.set_index("run_id", drop=False)
    tasks = tuple(
        Task(i, str(rows.at[i, "scenario"]), int(rows.at[i, "seed"]), design.overrides(rows.loc[i]))
        for i in chosen
    )
    job = Job(
        tasks, design.scenarios, design.mode, design.frames, design.twin, design.discount_rate
    )
    for out in run_job(job):
        report.rerun.append(out.run_id)
        if out.status != "done" or out.digest != status[str(out.run_id)]["digest"]:
            report.mismatched.append(out.run_id)
    return report
