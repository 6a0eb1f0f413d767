"""Where parameters come from: the bibliography and the evidence register, in the repository.

Two declarative tables, read once at import:

- ``ecosystem/data/references.toml``: every report, publication and data set (author or
  organisation, title, date, where to find it, a DOI where one was checked);
- ``ecosystem/data/evidence.toml``: the facts the parameters rest on, in the project's own words,
  each citing references by key, plus the project's own design choices (documented in
  ``docs/ODD.md``).

A :class:`~ecosystem.fieldspec.Source` points at one entry through its ``ref``: ``"evidence 4.1:
capex per t/yr of capacity"`` (a row of the register), ``"design: horizon"`` (a design choice) or
a reference key such as ``"Nagy et al. 2013"``. :func:`resolve` maps a ``ref`` to its entry and
raises :class:`SourceError` for anything else; ``docs/sources.md`` is generated from these tables
(``make docs``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
REFERENCES_TOML = DATA / "references.toml"
EVIDENCE_TOML = DATA / "evidence.toml"

EVIDENCE_PREFIX = "evidence "
DESIGN_PREFIX = "design: "
KINDS = ("sourced", "derived", "assumption")


class SourceError(ValueError):
    """A source that does not resolve to an entry of the bibliography or the evidence register."""


@dataclass(frozen=True)
class Reference:
    """One work in the bibliography."""

    key: str
    author: str
    title: str
    date: str
    where: str
    doi: str = ""
    kind: str = ""

    @property
    def anchor(self) -> str:
        """Its anchor in ``docs/sources.md``."""
        return "ref-" + slug(self.key)


@dataclass(frozen=True)
class Evidence:
    """One row of the evidence register: a fact in the project's words and the works behind it."""

    id: str
    row: str
    says: str
    refs: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    kind: str = "sourced"

    @property
    def section(self) -> str:
        """The register's section: the id's part before the dot."""
        return self.id.split(".")[0]

    @property
    def ref(self) -> str:
        """The string a :class:`~ecosystem.fieldspec.Source` cites this row by."""
        return f"{EVIDENCE_PREFIX}{self.id}: {self.row}"

    @property
    def anchor(self) -> str:
        """Its anchor in ``docs/sources.md``."""
        return "ev-" + self.id.replace(".", "-")


@dataclass(frozen=True)
class Design:
    """One of the project's documented design choices (a section of ``docs/ODD.md``)."""

    key: str
    says: str
    odd: str

    @property
    def ref(self) -> str:
        """The string a :class:`~ecosystem.fieldspec.Source` cites this choice by."""
        return DESIGN_PREFIX + self.key

    @property
    def anchor(self) -> str:
        """Its anchor in ``docs/sources.md``."""
        return "design-" + slug(self.key)


Entry = Reference | Evidence | Design


def slug(text: str) -> str:
    """A lower-case anchor fragment: ``"Nagy et al. 2013"`` -> ``"nagy-et-al-2013"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Register:
    """The bibliography, the evidence rows and the design choices, checked for consistency."""

    references: tuple[Reference, ...]
    evidence: tuple[Evidence, ...]
    designs: tuple[Design, ...]

    def reference(self, key: str) -> Reference:
        """The work with ``key``; raises :class:`SourceError` if none."""
        for r in self.references:
            if r.key == key:
                return r
        raise SourceError(f"no reference with key {key!r} in {REFERENCES_TOML.name}")

    def design(self, key: str) -> Design:
        """The design choice ``key``; raises :class:`SourceError` if none."""
        for d in self.designs:
            if d.key == key:
                return d
        raise SourceError(f"no design choice {key!r} in {EVIDENCE_TOML.name}")

    def by_id(self, id_: str) -> Evidence:
        """The evidence row ``id_`` (``"4.1"``); raises :class:`SourceError` if none."""
        for e in self.evidence:
            if e.id == id_:
                return e
        raise SourceError(f"no evidence row {id_!r} in {EVIDENCE_TOML.name}")

    def find(self, section: str, row: str) -> Evidence:
        """The evidence row of ``section`` that ``row`` names (see :func:`match_row`)."""
        rows = [e for e in self.evidence if e.section == str(section)]
        return match_row(rows, row, f"section {section}")


def _names(e: Evidence) -> tuple[str, ...]:
    return tuple(_norm(n) for n in (e.row, *e.aliases))


def _norm(text: str) -> str:
    """A row name without case, punctuation between words or extra spaces.

    ``"Shin-Etsu, Vietnam"`` and ``"shin-etsu vietnam"`` name the same row.
    """
    return " ".join(re.sub(r"[,;:()\[\]]", " ", text.casefold()).split())


def match_row(rows: list[Evidence], row: str, where: str) -> Evidence:
    """The one row named by ``row``, case-insensitively.

    Names are compared without case, punctuation between words (``,;:()[]``) or extra spaces.
    In order: a row whose name or alias equals ``row``; the one row whose name or alias starts
    with ``row`` (``"shock effects"`` matches ``"shock effects in India (2025)"``); the row whose
    name or alias is the longest word-bounded prefix of ``row`` (``"workforce ~100-260 jobs"``
    matches ``"workforce"``).

    Raises:
        SourceError: no row matches, or several match equally well.
    """
    want = _norm(row)
    exact = [e for e in rows if any(n == want for n in _names(e))]
    if len(exact) == 1:
        return exact[0]
    starts = [e for e in rows if any(n.startswith(want) for n in _names(e))]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1:
        found = "; ".join(f"{e.id} {e.row!r}" for e in starts)
        raise SourceError(f"facts row {row!r} ({where}) is ambiguous: it starts {found}")
    best: list[tuple[int, Evidence]] = []
    for e in rows:
        for name in _names(e):
            if want.startswith(name) and not want[len(name) : len(name) + 1].isalnum():
                best.append((len(name), e))
    if best:
        top = max(length for length, _ in best)
        winners = {e.id: e for length, e in best if length == top}
        if len(winners) == 1:
            return next(iter(winners.values()))
    raise SourceError(
        f"facts row {row!r} ({where}) matches no row of {EVIDENCE_TOML.name}: add it to the "
        "evidence register (its own words and references) or fix the row name"
    )


def _load(path: Path) -> dict[str, list[dict[str, object]]]:
    with path.open("rb") as fh:
        return tomllib.load(fh)


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def load(references: Path = REFERENCES_TOML, evidence: Path = EVIDENCE_TOML) -> Register:
    """Read and check both tables.

    Raises:
        SourceError: a duplicate key or id, an unknown kind, or a row citing a missing reference.
    """
    refs = tuple(
        Reference(**{k: str(v) for k, v in r.items()}) for r in _load(references)["reference"]
    )
    data = _load(evidence)
    rows = tuple(
        Evidence(
            id=str(e["id"]),
            row=str(e["row"]),
            says=str(e["says"]),
            refs=_strs(e.get("refs")),
            aliases=_strs(e.get("aliases")),
            kind=str(e.get("kind", "sourced")),
        )
        for e in data["evidence"]
    )
    designs = tuple(Design(**{k: str(v) for k, v in d.items()}) for d in data.get("design", []))
    _check(Register(refs, rows, designs))
    return Register(refs, rows, designs)


def _check(reg: Register) -> None:
    for what, keys in (
        ("reference key", [r.key for r in reg.references]),
        ("evidence id", [e.id for e in reg.evidence]),
        ("design key", [d.key for d in reg.designs]),
    ):
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise SourceError(f"duplicate {what}: {', '.join(dupes)}")
    known = {r.key for r in reg.references}
    for e in reg.evidence:
        if e.kind not in KINDS:
            raise SourceError(f"evidence {e.id}: kind {e.kind!r} is not one of {KINDS}")
        missing = [k for k in e.refs if k not in known]
        if missing:
            raise SourceError(f"evidence {e.id} cites unknown references: {', '.join(missing)}")
        if not e.refs and e.kind == "sourced":
            raise SourceError(f"evidence {e.id} is 'sourced' but cites no reference")


@cache
def register() -> Register:
    """The repository's register (read once)."""
    return load()


def cite(section: str, row: str) -> Evidence:
    """The evidence row that ``(section, row)`` names; raises :class:`SourceError` if none."""
    return register().find(section, row)


_LEGACY = re.compile(r"^(?:facts(?:\.md)?\s*)?§\s*(\d+)\s*:\s*(.+)$")


def resolve(ref: str) -> Entry:
    """The entry a source's ``ref`` points to.

    Accepts ``"evidence 4.1: ..."``, ``"design: <key>"``, a reference key, and (for data files
    written before the register) ``"facts.md §4: <row>"``.

    Raises:
        SourceError: the ref points to nothing in the repository.
    """
    reg = register()
    if ref.startswith(EVIDENCE_PREFIX):
        return reg.by_id(ref[len(EVIDENCE_PREFIX) :].split(":")[0].strip())
    if ref.startswith(DESIGN_PREFIX):
        return reg.design(ref[len(DESIGN_PREFIX) :].strip())
    legacy = _LEGACY.match(ref)
    if legacy:
        return cite(legacy.group(1), legacy.group(2))
    return reg.reference(ref)
