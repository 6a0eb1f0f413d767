"""Quality gates, so that `make test` (the CI command) enforces them: ruff's lint rules (Google
docstrings included), ruff's formatting and mypy pass on the model, the experiments and the
front end, and import-linter's contracts (the layers of docs/architecture.md) hold. The tools
read their settings from pyproject.toml, so each runs from the repository root, as a subprocess
of this interpreter (the venv's ruff, mypy and import-linter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ecosystem", "experiments", "viz")
TIMEOUT_S = 600

LINT_IMPORTS = "from importlinter.cli import lint_imports_command; lint_imports_command()"
GATES = {
    "ruff check": ("-m", "ruff", "check", "--output-format", "concise", *PACKAGES),
    "ruff format --check": ("-m", "ruff", "format", "--check", *PACKAGES),
    "mypy": ("-m", "mypy", *PACKAGES),
    # `lint-imports --no-cache --no-logo`: the contracts of [tool.importlinter] in pyproject.toml.
    "lint-imports": ("-c", LINT_IMPORTS, "--no-cache", "--no-logo"),
}


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` (``-m TOOL ...``) from the repository root, output captured."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


@pytest.mark.parametrize("gate", list(GATES))
def test_quality_gate_passes(gate: str) -> None:
    proc = run_tool(*GATES[gate])
    output = "\n".join(part for part in (proc.stdout.strip(), proc.stderr.strip()) if part)
    print(output)  # shown by pytest under "Captured stdout" when the gate fails
    assert proc.returncode == 0, (
        f"`{gate}` on {', '.join(PACKAGES)} failed (exit {proc.returncode}); "
        f"run `.venv/bin/{gate}` to see and fix:\n{output}"
    )
