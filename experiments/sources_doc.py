"""``docs/sources.md``: the bibliography and the evidence register, with anchors per entry.

Part of the generated reference docs (`experiments.refdocs`, ``make docs``). Generated from
``ecosystem/data/references.toml`` and ``ecosystem/data/evidence.toml`` (read by
``ecosystem.sources``) and from ``Params.fields()``, which says which parameters cite each entry.
Other generated pages link a parameter's sources here with :func:`source_link`.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ecosystem import (
    Design,
    FieldSpec,
    Params,
    Reference,
    SourceError,
    resolve_source,
    source_register,
)

SOURCES_MD = Path("docs/sources.md")

#: Section titles of the evidence register.
SECTIONS = {
    "0": "Conventions",
    "1": "The scheme",
    "2": "Demand, imports and prices",
    "3": "Raw material and existing Indian capability",
    "4": "Manufacturing economics and plant build-outs",
    "5": "Published models to compare with",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def source_link(ref: str, page: str = "sources.md") -> str:
    """A Markdown link from a source's ``ref`` to its entry (plain text if it resolves to none)."""
    try:
        entry = resolve_source(ref)
    except SourceError:
        return ref
    label = entry.key if isinstance(entry, Reference) else entry.ref
    return f"[{label}]({page}#{entry.anchor})"


def citing(specs: Mapping[str, FieldSpec] | None = None) -> dict[str, list[str]]:
    """Anchor of each entry -> the parameters that cite it (directly)."""
    out: dict[str, list[str]] = {}
    for spec in (specs or Params.fields()).values():
        for src in spec.sources:
            anchor = resolve_source(src.ref).anchor
            if spec.name not in out.setdefault(anchor, []):
                out[anchor].append(spec.name)
    return out


def _used_by(anchor: str, users: Mapping[str, list[str]]) -> str:
    names = users.get(anchor, [])
    return ", ".join(f"`{n}`" for n in names) if names else "–"


def reference_block(r: Reference, users: Mapping[str, list[str]], cited_in: list[str]) -> str:
    """One bibliography entry: author, title, date, where, DOI, and what cites it."""
    lines = [f'<a id="{r.anchor}"></a>', f"**{r.key}**. {r.author}. *{r.title}*. {r.date}."]
    lines.append(f"Where: {r.where}.")
    if r.doi:
        lines.append(f"DOI: [{r.doi}](https://doi.org/{r.doi}).")
    cited = ", ".join(cited_in) if cited_in else "–"
    lines.append(f"Cited by evidence rows: {cited}. Parameters: {_used_by(r.anchor, users)}.")
    return "  \n".join(lines)


def evidence_rows(users: Mapping[str, list[str]]) -> list[str]:
    """The evidence register, one table per section."""
    reg = source_register()
    parts: list[str] = []
    for section, title in SECTIONS.items():
        rows = [e for e in reg.evidence if e.section == section]
        if not rows:
            continue
        parts += [f"### {section}. {title}", ""]
        parts.append("| id | fact | what it says | kind | references | parameters |")
        parts.append("|---|---|---|---|---|---|")
        for e in rows:
            refs = ", ".join(f"[{k}](#{reg.reference(k).anchor})" for k in e.refs) or "–"
            parts.append(
                f'| <a id="{e.anchor}"></a>{e.id} | {_cell(e.row)} | {_cell(e.says)} | {e.kind} '
                f"| {refs} | {_used_by(e.anchor, users)} |"
            )
        parts.append("")
    return parts


def design_rows(designs: tuple[Design, ...], users: Mapping[str, list[str]]) -> list[str]:
    """The project's own design choices, with their ODD section."""
    parts = ["| choice | what the model assumes | ODD section | parameters |", "|---|---|---|---|"]
    for d in designs:
        parts.append(
            f'| <a id="{d.anchor}"></a>{d.ref} | {_cell(d.says)} | [ODD.md](ODD.md) {d.odd} '
            f"| {_used_by(d.anchor, users)} |"
        )
    return parts


def sources_markdown(specs: Mapping[str, FieldSpec] | None = None) -> str:
    """The whole of ``docs/sources.md``."""
    from experiments.refdocs import GENERATED_NOTE

    reg = source_register()
    users = citing(specs)
    cited_in: dict[str, list[str]] = {}
    for e in reg.evidence:
        for k in e.refs:
            cited_in.setdefault(k, []).append(f"[{e.id}](#{e.anchor})")
    n_ev = len(reg.evidence)
    parts = [
        "# Sources: bibliography and evidence register",
        "",
        GENERATED_NOTE,
        "",
        "Every parameter's source (`Params.fields()[name].sources`, the *source* column of "
        "[parameters.md](parameters.md) and [calibration.md](calibration.md)) points to one "
        "entry of this page: a row of the **evidence register** (`evidence 2.12: NdPr oxide "
        "price`: a fact in the project's own words, with the works behind it), one of the "
        "project's **design choices** (`design: horizon`, documented in [ODD.md](ODD.md)), or "
        "a work of the **bibliography** (`Nagy et al. 2013`). A test checks that every source "
        "resolves. The tables are written once, in `ecosystem/data/references.toml` and "
        "`ecosystem/data/evidence.toml`; edit them there, then run `make docs`.",
        "",
        "Titles in [square brackets] describe a news report or press release whose headline "
        "was not recorded when the fact was gathered: find it by outlet and date. A DOI is "
        "given only where it was checked. Evidence rows are *sourced*, *derived* (arithmetic "
        "on sourced figures) or *assumption* (no source found; the parameter's range is wide).",
        "",
        f"## Evidence register ({n_ev} rows)",
        "",
        *evidence_rows(users),
        f"## Design choices ({len(reg.designs)})",
        "",
        *design_rows(reg.designs, users),
        "",
        f"## Bibliography ({len(reg.references)} works)",
        "",
    ]
    # a work's parameters: those citing it directly or through an evidence row
    through = {k: list(v) for k, v in users.items()}
    for e in reg.evidence:
        for k in e.refs:
            anchor = reg.reference(k).anchor
            names = through.setdefault(anchor, [])
            names += [n for n in users.get(e.anchor, []) if n not in names]
    for r in sorted(reg.references, key=lambda r: r.key.lower()):
        parts += [reference_block(r, through, cited_in.get(r.key, [])), ""]
    return "\n".join(parts).rstrip("\n") + "\n"
