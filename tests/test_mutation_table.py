"""The mutation check's table still fits the code (docs/TRACE.md §3, scripts/mutation_check.py).

A refactor that rewrites a line a mutation targets would make that mutation fail to apply; the
check would then report it instead of testing the mechanism. Each original text must occur
exactly once in its file, and each mutation must change it.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def mutations() -> dict[str, tuple[str, str, str, str]]:
    spec = importlib.util.spec_from_file_location(
        "mutation_check", ROOT / "scripts" / "mutation_check.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.MUTATIONS


@pytest.mark.parametrize("key", sorted(mutations()))
def test_each_mutation_targets_one_place_and_changes_it(key):
    what, path, original, mutated = mutations()[key]
    assert what and original != mutated
    assert (ROOT / path).read_text().count(original) == 1, (
        f"{key}: {path} no longer has {original!r}"
    )
