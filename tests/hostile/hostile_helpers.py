"""Helpers of the hostile-input tests: the check that a refusal is exit 2 with one ``error:``
line and no traceback, and a file writer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ecosystem.cli import main


def refused(capsys, argv: Sequence[str], *, code: int = 2, progress: bool = False) -> str:
    """Run the CLI; assert exit ``code``, one ``error:`` line on stderr, no traceback.

    ``progress``: the command had started (its size and estimate lines come first); the error
    is then the last line and the only ``error:`` line.
    """
    got = main([str(a) for a in argv])
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert got == code, err
    assert "Traceback" not in err
    errors = [line for line in lines if line.startswith("error:")]
    assert errors and errors == [lines[-1]] and (progress or len(lines) == 1), err
    return lines[-1]


def write(path: Path, text: str | bytes) -> Path:
    """Write a file (creating folders) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
