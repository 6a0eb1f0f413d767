"""Where results come from: git state, platform, package versions and a digest of the model's code.

One writer for every record of provenance: ``run.json`` (`ecosystem.io`) and the experiment
manifests (``experiments.storage``) both call `provenance`. `code_identity` is what must not
change under a stored experiment: a hash of each source file of the model and the versions of the
packages whose behaviour changes results (`RESULT_PACKAGES`); `code_changes` names what differs
between two identities.
"""

from __future__ import annotations

import hashlib
import platform
import subprocess
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

#: Distributions whose version every provenance record lists.
PACKAGES: tuple[str, ...] = (
    "magnet-ecosystem",
    "mesa",
    "numpy",
    "pandas",
    "pyarrow",
    "scipy",
    "SALib",
    "dask",
    "distributed",
    "ema-workbench",
    "matplotlib",
    "tqdm",
)
#: Distributions whose version can change a run's numbers (part of the code identity).
RESULT_PACKAGES: tuple[str, ...] = ("mesa", "numpy", "pandas")

_PACKAGE_DIR = Path(__file__).resolve().parent
_REPO = _PACKAGE_DIR.parent


def package_versions(names: Iterable[str] = PACKAGES) -> dict[str, str | None]:
    """Installed version of each distribution (None when it is not installed)."""
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def git_state(repo: Path = _REPO) -> tuple[str | None, bool | None]:
    """The commit checked out in ``repo`` and whether tracked files differ (None if unknown).

    Untracked files do not count: a new file changes no result until it is imported, and then
    the code digest (`code_identity`) sees it.
    """
    if not (repo / ".git").exists():
        return None, None

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "HEAD")
    if commit is None:
        return None, None
    status = git("status", "--porcelain", "--untracked-files=no")
    return commit, (None if status is None else bool(status))


def source_digests(files: Iterable[Path], root: Path) -> dict[str, str]:
    """BLAKE2 digest (16 bytes, hex) of each file, keyed by its path relative to ``root``."""
    out: dict[str, str] = {}
    for file in sorted(files):
        out[file.relative_to(root).as_posix()] = hashlib.blake2b(
            file.read_bytes(), digest_size=16
        ).hexdigest()
    return out


def code_identity(extra_files: Iterable[Path] = ()) -> dict[str, Any]:
    """What a run's numbers depend on besides its parameters and seed.

    Returns ``{"digest", "files", "packages", "python"}``: the hash of each ``.py`` file of the
    ``ecosystem`` package (and of ``extra_files``, e.g. the experiments' worker), the versions of
    `RESULT_PACKAGES`, the Python ``major.minor``, and one digest over all of them.
    """
    files = [p for p in _PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts]
    digests = source_digests([*files, *extra_files], _REPO)
    identity: dict[str, Any] = {
        "files": digests,
        "packages": package_versions(RESULT_PACKAGES),
        "python": ".".join(platform.python_version_tuple()[:2]),
    }
    h = hashlib.blake2b(digest_size=16)
    h.update(repr(sorted(identity["files"].items())).encode())
    h.update(repr(sorted(identity["packages"].items())).encode())
    h.update(identity["python"].encode())
    return {"digest": h.hexdigest(), **identity}


def code_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two `code_identity` records, one phrase each (empty: the same)."""
    if old.get("digest") == new.get("digest"):
        return []
    changes: list[str] = []
    a, b = old.get("files", {}), new.get("files", {})
    edited = sorted(f for f in a.keys() & b.keys() if a[f] != b[f])
    if edited:
        more = f" and {len(edited) - 5} more" if len(edited) > 5 else ""
        changes.append(f"{', '.join(edited[:5])}{more} changed")
    added, removed = sorted(b.keys() - a.keys()), sorted(a.keys() - b.keys())
    for label, names in (("added", added), ("removed", removed)):
        if names:
            changes.append(f"{', '.join(names[:5])} {label}")
    pa, pb = old.get("packages", {}), new.get("packages", {})
    for name in sorted(pa.keys() | pb.keys()):
        if pa.get(name) != pb.get(name):
            changes.append(f"{name} {pa.get(name)} -> {pb.get(name)}")
    if old.get("python") != new.get("python"):
        changes.append(f"Python {old.get('python')} -> {new.get('python')}")
    return changes or ["the code digest differs"]


def provenance(extra_files: Iterable[Path] = ()) -> dict[str, Any]:
    """Git commit and dirty flag, Python, platform, package versions and the code identity."""
    from ecosystem import __version__

    commit, dirty = git_state()
    return {
        "git_commit": commit,
        "git_dirty": dirty,
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "packages": {"ecosystem": __version__, **package_versions()},
        "code": code_identity(extra_files),
    }


__all__ = [
    "PACKAGES",
    "RESULT_PACKAGES",
    "code_changes",
    "code_identity",
    "git_state",
    "package_versions",
    "provenance",
]
