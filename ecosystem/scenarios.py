"""Scenario files (DESIGN.md §7): TOML, every key a validated parameter, ``extends`` and ``[meta]``.

A scenario is found by name in ``ecosystem/data/scenarios/`` (package data) or by path.
``extends = "baseline"`` starts from another scenario; an optional ``[meta]`` table (description,
seed, model version) is not a parameter.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ecosystem.fieldspec import ParameterError, SeedError, check_seed
from ecosystem.params import Params, unknown_name_message

#: Where the shipped scenarios live (``ecosystem/data/scenarios``; package data, DESIGN.md §7).
SCENARIO_DIR = Path(__file__).resolve().parent / "data" / "scenarios"
META_KEYS = frozenset({"description", "seed", "model_version", "exported", "title"})


class ScenarioError(ValueError):
    """A scenario file is missing, malformed, or refers to an unknown parameter or parent."""


def list_scenarios() -> dict[str, Path]:
    """Shipped scenarios by name."""
    return {p.stem: p for p in sorted(SCENARIO_DIR.glob("*.toml"))}


def resolve(name_or_path: str | Path) -> Path:
    """The file of a scenario name or path."""
    path = Path(name_or_path)
    known = list_scenarios()
    if path.is_file():
        return path
    if path.suffix == ".toml" and path.parent == Path(".") and path.stem in known:
        return known[path.stem]
    if path.suffix == ".toml" or path.exists():
        raise ScenarioError(f"{path}: no such scenario file")
    if str(name_or_path) in known:
        return known[str(name_or_path)]
    names = ", ".join(known) or "none"
    raise ScenarioError(f"unknown scenario {str(name_or_path)!r}; known scenarios: {names}")


#: Largest scenario, design or observed-data file read (bytes); real ones are a few kB.
MAX_FILE_BYTES = 1_000_000
#: Longest chain of ``extends`` followed.
MAX_EXTENDS = 32
#: Deepest nesting of arrays and inline tables read (a scenario needs 2-3). Checked before
#: parsing: near the recursion limit, parsing can also break an audit hook a library installed.
MAX_NESTING = 100


def nesting_depth(text: str) -> int:
    """Deepest nesting of ``[`` / ``{`` in TOML text, ignoring strings and comments.

    A plain scan (no recursion), so a hostile file is refused before the recursive parser sees
    it. Table headers count like arrays (``[[a]]`` is 2), which only matters above `MAX_NESTING`.
    """
    depth = deepest = i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if (c == '"' and text[j] == "\\") else 1
            i = j + len(quote)
            continue
        elif c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; every way it can be unreadable is a one-line `ScenarioError`.

    Refused: a missing or unreadable file, one larger than `MAX_FILE_BYTES`, bytes that are not
    UTF-8 (with the line of the first bad byte), malformed TOML (with its line), and nesting so
    deep that the parser would exhaust the stack.
    """
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not a scenario file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        number = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError(
            f"{path}:{number}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8"
        ) from None
    if nesting_depth(text) > MAX_NESTING:
        raise ScenarioError(f"{path}: arrays or tables nested too deeply")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        line = f":{found.group(1)}" if found else ""
        raise ScenarioError(f"{path}{line}: malformed TOML: {exc}") from None
    except RecursionError:
        raise ScenarioError(f"{path}: arrays or tables nested too deeply") from None


def line_of(path: Path, key: str) -> str:
    """``path:line`` of the first line that assigns ``key`` (the file alone if none does)."""
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.split("=")[0].strip().strip('"') == key:
                return f"{path}:{number}"
    except (OSError, ValueError):
        pass
    return str(path)


_line_of = line_of


def scenario_values(
    path: Path, _seen: tuple[Path, ...] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Parameter values and meta of a scenario file, parents (``extends``) applied first."""
    path = path.resolve()
    if path in _seen:
        raise ScenarioError(f"{path}: 'extends' loops back to itself")
    if len(_seen) >= MAX_EXTENDS:
        raise ScenarioError(
            f"{_seen[0]}: 'extends' chain longer than {MAX_EXTENDS} files (at {path})"
        )
    data = read_toml(path)
    meta = data.pop("meta", {})
    if not isinstance(meta, dict):
        raise ScenarioError(f"{_line_of(path, 'meta')}: 'meta' must be a table")
    unknown_meta = set(meta) - META_KEYS
    if unknown_meta:
        raise ScenarioError(
            f"{path}: unknown [meta] keys {sorted(unknown_meta)}; allowed: {sorted(META_KEYS)}"
        )
    parent = data.pop("extends", None)
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    if parent is not None:
        if not isinstance(parent, str):
            raise ScenarioError(f"{_line_of(path, 'extends')}: 'extends' must be a scenario name")
        try:
            base = _parent(path, parent)
        except ScenarioError as exc:
            raise ScenarioError(f"{_line_of(path, 'extends')}: extends {parent!r}: {exc}") from None
        values, _ = scenario_values(base, (*_seen, path))
        origins.update(values.pop("__origins__", {}))
    specs = Params.fields()
    for key, value in data.items():
        if isinstance(value, dict):
            raise ScenarioError(
                f"{_line_of(path, key)}: tables are not parameters ([{key}]); "
                "only [meta] is allowed"
            )
        if key not in specs:
            raise ScenarioError(unknown_name_message(key, specs, _line_of(path, key)))
        values[key] = value
        origins[key] = _line_of(path, key)
    values["__origins__"] = origins
    return values, meta


def _parent(path: Path, parent: str) -> Path:
    """The file an ``extends`` names, never looked up in the current folder.

    A ``.toml`` path is relative to the folder of ``path``; a bare name (or ``NAME.toml`` with no
    such file beside ``path``) is a shipped scenario.
    """
    if parent.endswith(".toml") or "/" in parent or "\\" in parent:
        file = path.parent / parent
        if file.is_file():
            return file
        shipped = list_scenarios().get(Path(parent).stem)
        if shipped is None or Path(parent).name != parent:
            raise ScenarioError(f"{file}: no such file (a path is relative to {path.name})")
        return shipped
    return resolve(parent)


def load_scenario(name_or_path: str | Path, **overrides: Any) -> Params:
    """Validated parameters of a scenario (by name or path), with optional overrides.

    Raises:
        ScenarioError: the file is missing, malformed or names an unknown parameter or parent.
        ParameterError: a value is out of range or of the wrong type (message names file and line).
    """
    path = resolve(name_or_path)
    values, _ = scenario_values(path)
    origins = values.pop("__origins__", {})
    try:
        params = Params.from_dict(values)
    except ParameterError as exc:
        name = str(exc).split("=")[0].split()[-1] if "=" in str(exc) else ""
        where = origins.get(name, str(path))
        raise ParameterError(f"{where}: {exc}") from None
    return params.replace(**overrides) if overrides else params


def scenario_meta(name_or_path: str | Path) -> dict[str, Any]:
    """The ``[meta]`` table of a scenario (empty if none)."""
    return scenario_values(resolve(name_or_path))[1]


def scenario_seed(name_or_path: str | Path) -> int | None:
    """The scenario's ``[meta] seed`` (None if it has none): the seed a run uses unless given one.

    ``ecosystem run``, ``ecosystem validate`` and `simulate` all take it from here.

    Raises:
        ScenarioError: the seed is not a whole number 0 to 2**63-1 (a whole number written as a
            string, ``"7"``, is accepted).
    """
    value = scenario_meta(name_or_path).get("seed")
    if value is None:
        return None
    try:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        return check_seed(value, "[meta] seed")
    except SeedError:
        raise ScenarioError(
            f"[meta] seed = {value!r} in {name_or_path} must be a whole number 0 to 2**63-1"
        ) from None


def to_toml(
    params: Params, *, meta: dict[str, Any] | None = None, extends: str | None = "baseline"
) -> str:
    """A scenario file for ``params``: the fields that differ from ``extends`` (or all defaults)."""
    import tomli_w

    base = load_scenario(extends) if extends else Params()
    changed = {k: v for k, v in params.to_dict().items() if getattr(base, k) != v}
    doc: dict[str, Any] = {}
    if extends:
        doc["extends"] = extends
    doc.update(changed)
    if meta:
        doc["meta"] = meta
    return tomli_w.dumps(doc)
