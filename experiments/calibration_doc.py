"""``docs/calibration.md``: where every parameter's default comes from, and the Morris ranking.

Part of the generated reference docs (`experiments.refdocs`, ``make docs``): conflicting sources
side by side, and the stored Morris screening (``experiments/data/calibration/morris_ranking.json``,
written by ``python -m experiments.validation --morris``), when that file exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ecosystem import ROLES, FieldSpec, Params, price_history_markdown
from experiments.refdocs import (
    GENERATED_NOTE,
    format_value,
    grouped,
    linked_sources,
    prior_text,
    source_cell,
    table,
)
from experiments.sources_doc import source_link

# ----------------------------------------------------------------------------- calibration
CALIBRATION_MD = Path("docs/calibration.md")
MORRIS_RANKING_JSON = Path("experiments/data/calibration/morris_ranking.json")
#: The defaults moved and the priors reshaped so that every default is its prior's median.
MEDIAN_DEFAULTS_TOML = Path("experiments/data/calibration/median_defaults.toml")
#: How many of the Morris ranking count as its "top" (the factors a Sobol study would take).
TOP_RANKED = 15
#: Words in a source's value that mark a span or a disagreement between reports.
SPAN_MARKS = (" / ", " vs ", "…", " or ")


def has_conflict(spec: FieldSpec) -> bool:
    """Several sources, a note about conflicting sources, or a source quoting a span of values."""
    refs = {s.ref for s in spec.sources}
    return (
        len(refs) > 1
        or "conflict" in spec.note.lower()
        or any(mark in s.value for s in spec.sources for mark in SPAN_MARKS)
    )


def default_text(spec: FieldSpec) -> str:
    """A default with its unit, e.g. ``18.0 months``."""
    value = format_value(spec.default)
    return f"{value} {spec.unit}" if spec.unit and spec.unit != "-" else value


def evidence_text(spec: FieldSpec) -> str:
    """``sourced`` or ``**assumption**`` (bold: where the evidence is thin)."""
    return "**assumption**" if spec.assumption else "sourced"


def _ranks(ranking: Mapping[str, Any] | None) -> dict[str, int]:
    if not ranking:
        return {}
    return {f["factor"]: int(f["rank"]) for f in ranking.get("factors", [])}


def calibration_rows(
    specs: Iterable[FieldSpec], ranks: Mapping[str, int], n_ranked: int
) -> list[list[str]]:
    """One row per parameter: default and unit, range, prior, role, sources, Morris rank."""
    rows = []
    for s in specs:
        if s.role != "uncertainty":
            rank = "not varied"
        elif s.name in ranks:
            rank = f"{ranks[s.name]} of {n_ranked}"
        else:
            rank = "not screened"
        source = source_cell(s)
        rows.append(
            [
                f"`{s.name}`",
                s.label,
                default_text(s),
                s.range_text,
                prior_text(s),
                s.role,
                source,
                rank,
            ]
        )
    return rows


def conflict_rows(specs: Iterable[FieldSpec]) -> list[list[str]]:
    """Fields whose sources disagree or span a range: the sources side by side, the choice, why."""
    rows = []
    for s in specs:
        if not has_conflict(s):
            continue
        side_by_side = linked_sources(s, sep=" ‖ ")
        why = s.note or "no reason recorded in the code"
        rows.append([f"`{s.name}`", side_by_side, default_text(s), s.range_text, why])
    return rows


def load_median_changes(root: Path = Path(".")) -> list[dict[str, Any]]:
    """The recorded moves and reshapes (`MEDIAN_DEFAULTS_TOML`), or none if the file is absent."""
    import tomllib

    path = root / MEDIAN_DEFAULTS_TOML
    if not path.exists():
        return []
    with path.open("rb") as fh:
        return list(tomllib.load(fh).get("change", []))


def median_section(specs: Mapping[str, FieldSpec], changes: Iterable[Mapping[str, Any]]) -> str:
    """Every moved default and reshaped prior (old → new, evidence), reshaped priors first."""
    order = {"reshaped": 0, "role": 1, "moved": 2}
    rows = []
    counts = dict.fromkeys(order, 0)
    for c in sorted(changes, key=lambda c: (order.get(c["kind"], 3), c["name"])):
        spec = specs.get(c["name"])
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
        now = (f"{prior_text(spec)}; {spec.role}") if spec else "(no longer a parameter)"
        rows.append(
            [
                f"`{c['name']}`",
                c["kind"],
                f"{format_value(c['old_default'])} → {format_value(c['new_default'])}",
                f"{c['old_prior']} → {now}",
                str(c["evidence"]),
            ]
        )
    return "\n".join(
        [
            "An `uncertainty` field's default is its prior's median (DESIGN §2), so the default "
            "run is a typical draw, not a hopeful one; `tests/test_params.py` checks every "
            "numeric uncertainty (within 2% of the prior's range, half a step for whole "
            "numbers). Where the evidence gives a best estimate, the prior was shaped so that "
            "its median is that estimate (`Prior.with_median`: a triangular prior with its mode "
            "solved), or narrowed where the old range contradicted the evidence; everywhere "
            "else the default moved to the unchanged prior's median. "
            f"{counts['reshaped']} priors reshaped, {counts['moved']} defaults moved, "
            f"{counts['role']} timings of a hypothetical event made scenario settings "
            f"(`{MEDIAN_DEFAULTS_TOML.as_posix()}`).",
            "",
            table(
                ("parameter", "change", "default (old → new)", "prior (old → now)", "evidence"),
                rows,
            ),
        ]
    )


def morris_section(specs: Mapping[str, FieldSpec], ranking: Mapping[str, Any] | None) -> str:
    """The global sensitivity summary from the stored Morris ranking."""
    if not ranking:
        return (
            "No Morris screening is stored: run `python -m experiments.validation --morris` "
            "and `make docs`.\n"
        )
    factors = list(ranking["factors"])
    unit = ranking.get("unit", "")
    top = factors[:TOP_RANKED]
    rows = []
    for f in top:
        spec = specs.get(f["factor"])
        rows.append(
            [
                str(f["rank"]),
                f"`{f['factor']}`",
                spec.label if spec else "(no longer a parameter)",
                spec.group if spec else "–",
                f"{f['mu_star']:,.0f} ± {f['mu_star_conf']:,.0f}",
                f"{f['mu']:,.0f}",
                f"{f['sigma']:,.0f}",
                evidence_text(spec) if spec else "–",
            ]
        )
    uncertain = [s for s in specs.values() if s.role == "uncertainty"]
    assumed_top = [
        f["factor"] for f in top if f["factor"] in specs and specs[f["factor"]].assumption
    ]
    assumed_all = sum(1 for s in uncertain if s.assumption)
    ranked = {f["factor"] for f in factors}
    unscreened = [s.name for s in uncertain if s.name not in ranked]
    gone = [f["factor"] for f in factors if f["factor"] not in specs]
    commit = str(ranking.get("git_commit", ""))[:12] or "unknown"
    parts = [
        f"Morris elementary effects (SALib) of `{ranking['outcome']}` (output in the 12 months "
        f"ending at `target_month`, {unit}) in scenario `{ranking['scenario']}`, over the "
        f"priors of the {len(factors)} `uncertainty` fields: {ranking['trajectories']} "
        f"trajectories, {ranking['levels']} levels, {ranking['reps']} paired seeds per point "
        f"({ranking['runs']:,} runs), master seed {ranking['master_seed']}, model commit "
        f"`{commit}`. Command: `{ranking.get('command', '')}`. μ* is the mean absolute "
        f"change of the output ({unit}) when a field moves across its prior (quantile 0 → 1 "
        "in steps of the grid); ± is SALib's 95% bootstrap interval; σ larger than μ* means "
        "the effect depends on the other fields (interactions or non-linearity).",
        "",
        f"Top {TOP_RANKED} by μ*:",
        "",
        table(
            ("rank", "parameter", "label", "group", f"μ* ({unit})", "μ", "σ", "evidence"),
            rows,
        ),
        f"**Where the evidence is thin:** {len(assumed_top)} of the top {len(top)} are "
        f"assumptions (no source found), against {assumed_all} of the {len(uncertain)} "
        "uncertain fields overall: "
        + (", ".join(f"`{n}`" for n in assumed_top) if assumed_top else "none")
        + ". Their ranges are wide on purpose; results that hinge on them are conditional "
        "on the assumption, and these are the first fields to find data for.",
        "",
        f"With {ranking['trajectories']} trajectories the bootstrap intervals are as wide as "
        "μ* itself for most fields: the ranking separates the influential from the "
        "negligible, not neighbouring ranks. Each field's rank is in the table below.",
    ]
    if unscreened:
        parts += [
            "",
            "Not in the stored screening (added after it; rerun it): "
            + ", ".join(f"`{n}`" for n in unscreened)
            + ".",
        ]
    if gone:
        parts += [
            "",
            "In the stored screening but no longer parameters: "
            + ", ".join(f"`{n}`" for n in gone)
            + ".",
        ]
    return "\n".join(parts) + "\n"


def calibration_markdown(
    specs: Mapping[str, FieldSpec] | None = None,
    ranking: Mapping[str, Any] | None = None,
    changes: Iterable[Mapping[str, Any]] | None = None,
) -> str:
    """The whole of ``docs/calibration.md``."""
    specs = Params.fields() if specs is None else specs
    changes = load_median_changes() if changes is None else changes
    ranks = _ranks(ranking)
    n_ranked = len(ranks)
    role_rows = []
    for role in ROLES:
        members = [s for s in specs.values() if s.role == role]
        sourced = sum(1 for s in members if not s.assumption)
        role_rows.append(
            [f"`{role}`", str(len(members)), str(sourced), str(len(members) - sourced)]
        )
    total_sourced = sum(1 for s in specs.values() if not s.assumption)
    role_rows.append(["all", str(len(specs)), str(total_sourced), str(len(specs) - total_sourced)])
    citing: dict[str, list[str]] = {}
    for s in specs.values():
        for ref in dict.fromkeys(src.ref for src in s.sources):
            citing.setdefault(ref, []).append(s.name)
    source_rows = [
        [source_link(ref), str(len(names)), ", ".join(f"`{n}`" for n in names)]
        for ref, names in sorted(citing.items(), key=lambda kv: kv[0].lower())
    ]
    dated = sum(1 for s in specs.values() if any(x.date for x in s.sources))
    conflicts = conflict_rows(specs.values())
    parts = [
        "# Calibration: where every number comes from",
        "",
        GENERATED_NOTE,
        "",
        "Generated from `Params.fields()` (every default, unit, range, prior, role and source "
        "is written once, in `ecosystem/params.py`) and from the stored Morris screening "
        f"(`{MORRIS_RANKING_JSON.as_posix()}`). A source is an entry of [sources.md](sources.md) "
        "(the bibliography and the evidence register, with the reports, papers and data behind "
        "each fact, where to find them, and which parameters cite them): a row of the evidence "
        "register, one of the project's design choices or a publication, with what it says in "
        "brackets; a field without one is an **assumption** and its range is "
        "deliberately wide. Only `uncertainty` fields are sampled from their priors (forecasts, "
        "sensitivity analysis); levers, structural choices and run switches are set, not "
        "sampled. These are the **calibration data**; the data the model is validated against "
        "are kept apart in `experiments/data/validation/observations.toml` "
        "([validation.md](validation.md)).",
        "",
        "No parameter was fitted to model output: each default is read from its source, or "
        "assumed. Where a default and a validation observation share a source, the validation "
        "report flags the check as in-sample.",
        "",
        "## Summary",
        "",
        table(("role", "fields", "sourced", "assumption"), role_rows),
        f"{dated} of the {total_sourced} sourced fields record a date with their source; the "
        "evidence register's rows are dated in their own text where the reports were. "
        f"{len(conflicts)} fields have several sources or a source quoting a span of values "
        "(next section).",
        "",
        "## Defaults are the priors' medians: moved defaults and reshaped priors",
        "",
        median_section(specs, changes),
        "## Global sensitivity: which parameters matter, and which of them are assumptions",
        "",
        morris_section(specs, ranking),
        "## Conflicting sources and spans, side by side",
        "",
        "Fields with more than one source, a note about conflicting reports, or a source that "
        "quotes a span of values; sources are separated by ‖. The chosen default is within the "
        "range, and the range spans the sources so that forecasts and sensitivity analyses "
        "cover the disagreement instead of picking a side silently. *Why* is the field's note "
        "in the code; where none is recorded, the table says so.",
        "",
        table(
            ("parameter", "sources side by side", "default", "range", "why this default"), conflicts
        ),
        price_history_markdown(),
        "## Sources and the parameters they set",
        "",
        table(("source", "fields", "parameters"), source_rows),
        "## Every parameter",
        "",
        "Default with its unit (for an `uncertainty`, its prior's median); the allowed range; "
        "the prior (`triangular(low, mode, high)` names the mode); the role; the sources, each "
        "as *reference [what it says] (date)*, or *assumption*; and the field's rank in the "
        "Morris screening (only "
        "`uncertainty` fields are varied).",
        "",
    ]
    header = ("name", "label", "default", "range", "prior", "role", "sources", "Morris rank")
    for group, members in grouped(specs):
        parts.append(f"### {group.capitalize()} ({len(members)})\n")
        parts.append(table(header, calibration_rows(members, ranks, n_ranked)))
    return "\n".join(parts)
