"""Words for the views: the key figures and a one-sentence caption under each chart.

Captions say in text what each chart shows over the whole run (a text alternative for screen
readers, and what the browser tests read to see that a view changed).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ecosystem import TARGET_T
from viz.frames import month_label
from viz.state import Snapshot


@dataclass(frozen=True)
class KeyFigure:
    """One headline number: a stable name (CSS class), its label, value and a line of context."""

    name: str
    label: str
    value: str
    detail: str


#: What a key figure shows for a value the run does not have (e.g. subsidy per kg before any
#: beneficiary makes output): words, never a unit around a dash ("₹—/kg").
MISSING = "n/a"


def _num(value: float | None, fmt: str, template: str = "{}") -> str:
    """``value`` formatted into ``template`` (its unit), or `MISSING` without the unit."""
    if value is None or pd.isna(value):
        return MISSING
    return template.format(format(value, fmt))


def _when(snap: Snapshot) -> str:
    tm = snap.settings.target_month
    if snap.month >= tm:
        return f"12 months to {month_label(tm)}"
    return f"so far: 12 months to {month_label(snap.month)} (month {snap.month})"


def _gap_figure(gap: float | None, span: str, so_far: str) -> KeyFigure:
    """Tonnes lost to the gap, or, when the run beats its twin, by how much (never "−x lost").

    ``span`` names the 12 months measured; ``so_far`` qualifies the label before the target
    month (the value is then the run so far, not the target year's).
    """
    if gap is not None and not pd.isna(gap) and gap < -0.5:
        return KeyFigure(
            "gap-lost",
            "Run exceeds twin by",
            f"{-gap:,.0f} t",
            f"the run makes more than its twin without the gap, {span}",
        )
    return KeyFigure(
        "gap-lost",
        f"Lost to the gap{so_far}",
        _num(gap, ",.0f", "{} t"),
        f"twin (no gap) minus run, {span}",
    )


def key_figures(snap: Snapshot) -> list[KeyFigure]:
    """The headline numbers of a run (DESIGN.md §5 summary), as shown above the ramp."""
    s = snap.result.summary
    ts = snap.result.timeseries
    p = snap.settings.params
    prod = s["production_target_t"]
    reached = s["month_target_reached"]
    if reached is not None:
        reached_text = month_label(reached)
    else:
        reached_text = (
            "not in the horizon" if snap.complete else f"not by {month_label(snap.month)}"
        )
    paid = float(ts["sli_paid_cr"].iloc[-1] + ts["capex_subsidy_paid_cr"].iloc[-1])
    pools = p.sli_pool_cr + p.capex_subsidy_pool_cr
    paid_share = f" ({paid / pools:.0%})" if pools > 0 else ""
    if snap.month >= snap.settings.target_month:
        output_label, span, at, so_far = "Output in the target year", "target year", "", ""
    else:  # stepping before the target month: the figures are the run so far, said so
        k = snap.month
        output_label, so_far = f"Output so far, month {k}", " so far"
        span = _when(snap)
        at = f"month {k} ({month_label(k)}), so far"
    return [
        KeyFigure(
            "output",
            output_label,
            f"{prod:,.0f} t",
            f"of {TARGET_T:,.0f} t ({prod / TARGET_T:.0%}); {_when(snap)}",
        ),
        KeyFigure(
            "reached",
            "6,000 t/yr reached",
            reached_text,
            f"target judged at {month_label(snap.settings.target_month)}",
        ),
        _gap_figure(s.get("shortfall_due_to_gap_t"), span, so_far),
        KeyFigure(
            "imports",
            f"Import share{so_far}",
            _num(s["import_share_target"], ".0%"),
            f"of addressable demand, {span}",
        ),
        KeyFigure(
            "subsidy",
            f"Subsidy per kg{so_far}",
            _num(s["subsidy_inr_per_kg"], ",.0f", "₹{}/kg"),
            f"SLI + capital subsidy per kg beneficiaries made by {at or 'the target month'}",
        ),
        KeyFigure(
            "gap",
            "Expertise gap" + (" now" if at else ""),
            _num(s["expertise_gap_target"], ".2f"),
            "capacity-weighted 1 − know-how at " + (at or "the target month"),
        ),
        KeyFigure(
            "paid",
            "Paid of the two pools",
            f"₹{paid:,.0f} cr",
            f"of ₹{pools:,.0f} cr{paid_share}, by {month_label(snap.month)}",
        ),
    ]


def ramp_caption(snap: Snapshot) -> str:
    """What the ramp shows: output at the target against 6,000 t, the twin, the reference."""
    s = snap.result.summary
    text = (
        f"Output {s['production_target_t']:,.0f} t ({_when(snap)}) against the "
        f"{TARGET_T:,.0f} t/yr target"
    )
    if snap.result.twin is not None:
        twin = snap.result.twin.summary["production_target_t"]
        gap = s["shortfall_due_to_gap_t"]
        if gap is not None and gap < -0.5:
            text += (
                f"; the twin without the expertise gap makes {twin:,.0f} t, so the run exceeds "
                f"the twin by {-gap:,.0f} t"
            )
        else:
            text += (
                f"; the twin without the expertise gap makes {twin:,.0f} t, so "
                f"{gap:,.0f} t are lost to the gap (shaded)"
            )
    if snap.reference is not None:
        text += (
            f". Grey: scenario {snap.settings.scenario} unchanged, "
            f"{snap.reference.summary['production_target_t']:,.0f} t"
        )
    return text + "."


def gap_condition(snap: Snapshot) -> str:
    """What "lost to the gap" is conditional on: the oxide the run and the twin could get.

    Derived from the run's and the twin's ``oxide_shortfall_target_t`` (NdPr oxide wanted and
    not got over the target year) and ``controls_cover_ndpr``; empty before the target year
    or without a twin.
    """
    s = snap.result.summary
    if snap.result.twin is None or s.get("shortfall_due_to_gap_t") is None:
        return ""
    if snap.month < snap.settings.target_month:
        return ""
    run = s.get("oxide_shortfall_target_t") or 0.0
    twin = snap.result.twin.summary.get("oxide_shortfall_target_t") or 0.0
    covered = bool(getattr(snap.settings.params, "controls_cover_ndpr", False))
    text = "The gap's tonnes are conditional on oxide: "
    if run < 0.5 and twin < 0.5:
        text += (
            "the run and the twin got all the NdPr oxide they wanted in the target year "
            "(oxide_shortfall_target_t 0 t for both"
        )
        if covered:
            return text + ", with export controls covering NdPr oxide)."
        return text + (
            ", with Chinese NdPr oxide outside the export controls). If the controls covered "
            "NdPr (controls_cover_ndpr), oxide could bind and the gap's share would fall."
        )
    return text + (
        f"in the target year the run could not get {run:,.0f} t of the NdPr oxide it wanted "
        f"and the twin {twin:,.0f} t (oxide_shortfall_target_t), so the gap is measured with "
        "the oxide each could get; more or less oxide would change it."
    )


def expertise_caption(frame: pd.DataFrame, snap: Snapshot) -> str:
    """The national expertise gap and skill now, and how many firms are drawn."""
    national = frame[frame["agent_id"] == -100].dropna(subset=["expertise_gap"])
    firms = frame.loc[frame["agent_id"] != -100, "agent_id"].nunique()
    if national.empty:
        return f"No firm has begun building by {month_label(snap.month)}."
    last = national.iloc[-1]
    first = national.iloc[0]
    skill = MISSING if pd.isna(last["skill"]) else f"{last['skill']:.2f}"
    return (
        f"Expertise gap of the {firms} firms that began building: {first['expertise_gap']:.2f} "
        f"in {month_label(int(first['month']))}, {last['expertise_gap']:.2f} in "
        f"{month_label(int(last['month']))}; workforce skill {skill}."
    )


def loss_caption(frame: pd.DataFrame) -> str:
    """Committed capacity, output and the largest loss in the latest month."""
    last = frame.iloc[-1]
    losses = {
        c.removeprefix("lost_to_").removesuffix("_t"): last[c]
        for c in frame.columns
        if c.startswith("lost_to_")
    }
    biggest = max(losses, key=losses.__getitem__)
    total = sum(losses.values())
    return (
        f"In {month_label(int(last['month']))}: "
        f"{last['capacity_committed_t']:,.0f} t/yr committed, "
        f"{last['production_t']:,.0f} t/yr made, {total:,.0f} t/yr lost; the largest loss is to "
        f"{biggest} ({losses[biggest]:,.0f} t/yr)."
    )


def binding_caption(frame: pd.DataFrame, snap: Snapshot) -> str:
    """How many firms each constraint binds now."""
    if frame.empty:
        return f"No firm has committed capacity by {month_label(snap.month)}."
    counts = frame["binding_constraint"].value_counts()
    parts = ", ".join(f"{n} by {c}" for c, n in counts.items())
    return f"{len(frame)} firms in {month_label(snap.month)}: bound {parts}."


def network_caption(nodes: pd.DataFrame, edges: pd.DataFrame, snap: Snapshot) -> str:
    """Links by kind, summed over the run so far."""
    if edges.empty:
        return f"No knowledge or material links by {month_label(snap.month)}."
    counts = edges["kind"].value_counts()
    parts = ", ".join(f"{n} {k}" for k, n in counts.items())
    return f"{len(nodes)} nodes; links up to {month_label(snap.month)}: {parts}."


def milestones_caption(frame: pd.DataFrame, snap: Snapshot) -> str:
    """When the first firm made output and reached nameplate."""
    if frame.empty:
        return f"No firm has begun building by {month_label(snap.month)}."
    parts = [f"{frame['firm'].nunique()} firms began building"]
    for milestone, verb in (
        ("first output", "made a first output"),
        ("nameplate output", "reached nameplate output"),
        ("exit", "exited"),
    ):
        rows = frame[frame["milestone"] == milestone]
        if len(rows):
            parts.append(f"{len(rows)} {verb} (first {month_label(int(rows['month'].min()))})")
    return "; ".join(parts) + "."


__all__ = [
    "KeyFigure",
    "binding_caption",
    "expertise_caption",
    "gap_condition",
    "key_figures",
    "loss_caption",
    "milestones_caption",
    "network_caption",
    "ramp_caption",
]
