"""The numbers and findings ``docs/validation.md`` states, each derived from the runs.

`report_numbers` computes every quantity the report quotes, once; `claims` sorts each claim of the
closing section under "Matches" or "Disagrees" by its number, never by a fixed choice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ecosystem import (
    Params,
    archetype_for,
)
from experiments.validation.display import display_table, md_table
from experiments.validation.observations import (
    calibrated_from,
)
from experiments.validation.statistics import (
    agreement,
    beneficiary_build_months,
    beneficiary_nameplate_months,
    interval,
    position_in_range,
    slower,
)
from experiments.validation.table import Validation, pooled_values


# ----------------------------------------------------------------------------- report
def section_rows(table: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The comparison-table rows of the sections whose name starts with ``prefix``."""
    return table[table["section"].str.startswith(prefix)]


def md(table: pd.DataFrame) -> str:
    """Comparison-table rows as a Markdown table."""
    return md_table(display_table(table))


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation of ``x`` and ``y`` (ties get their mean rank)."""
    rx = pd.Series(list(x)).rank().to_numpy()
    ry = pd.Series(list(y)).rank().to_numpy()
    return float(np.corrcoef(rx, ry)[0, 1])


def share_never(values: pd.Series) -> float:
    """Share of durations that never end within the run (``inf``)."""
    return float(np.isinf(values.to_numpy(dtype=float)).mean())


def report_numbers(v: Validation, figure_path: str = "img/validation.png") -> SimpleNamespace:
    """The numbers the report quotes, computed once from the runs."""
    obs, t, exp = v.obs, v.table, v.experienced
    a_first = section_rows(t, "a. experienced: start")
    prior_rows = a_first[a_first["check"].str.endswith("(priors)")]
    held_rows = a_first[a_first["check"].str.contains("held out")]
    n_exp = len(obs.experienced)
    in_prior = int(prior_rows["inside"].astype(bool).sum())
    in_held = int(held_rows["inside"].astype(bool).sum())
    outside_prior = [
        c.split(" (")[0]
        for c, i in zip(prior_rows["check"], prior_rows["inside"], strict=True)
        if not i
    ]
    outside_held = [
        c.split(" (")[0]
        for c, i in zip(held_rows["check"], held_rows["inside"], strict=True)
        if not i
    ]
    prior_med, prior_q05, prior_q95 = interval(pooled_values(exp, "prior", "first_output_months"))
    default_first = interval(pooled_values(exp, "default", "first_output_months"))[0]
    default_values = set(pooled_values(exp, "default", "first_output_months").tolist())
    centrals = [b.first_output_months.central for b in obs.experienced if b.first_output_months]
    caps = [b.capacity_t for b in obs.experienced]
    rho = spearman(caps, centrals)
    medians = exp[exp["variant"] == "prior"].groupby("key")["first_output_months"].median()
    keys = [b.key for b in obs.experienced]
    world_plate = interval(pooled_values(exp, "prior", "nameplate_months", keys))
    local_plate = interval(pooled_values(exp, "local_hires", "nameplate_months", keys))
    india = exp[exp["variant"] == "india"]
    big = [b.key for b in obs.experienced if b.capacity_t >= 2000]
    small = [b.key for b in obs.experienced if b.capacity_t < 2000]
    india_big = india[india["key"].isin(big)]["nameplate_months"]
    india_small = india[india["key"].isin(small)]["nameplate_months"]
    build_params = calibrated_from(obs.experienced[0].facts_row)
    learn_params = calibrated_from(obs.learning_row)
    lab_params = calibrated_from(*obs.get("india_smco_3t").also_cited_as)
    smco = obs.get("india_smco_3t")
    assert smco.first_output_months is not None
    smco_default = interval(v.novice[v.novice["variant"] == "default"]["first_output_months"])[0]
    smco_prior = interval(v.novice[v.novice["variant"] == "prior"]["first_output_months"])
    bene = interval(beneficiary_build_months(v.baseline))
    plate = interval(beneficiary_nameplate_months(v.baseline))
    em = v.baseline.milestones
    em_first = interval(
        em[em["name"] == archetype_for(6)[1]]["first_output_month"].astype(float).fillna(math.inf)
    )
    rates = interval(v.learning_rates)
    lr = obs.learning
    share_in = float(((v.learning_rates >= lr.low) & (v.learning_rates <= lr.high)).mean())
    half = interval(v.lead["half_target_years"])
    cut = v.shock["import_cut_t"]
    subst = interval(v.shock["demand_fall_t"] / cut)[0]
    dom = interval(v.shock["domestic_rise_t"] / cut)[0]
    unmet = interval(v.shock["unmet_rise_t"] / cut)[0]
    unmet_shock = interval(v.shock["unmet_share_shock"])
    unmet_after = interval(v.shock["unmet_share_after"])[0]
    gain_after = interval(v.shock["output_gain_after_share"])
    p = Params()
    sp = v.baseline.shock_params
    # verdicts, each derived from the numbers above (experiments.validation.statistics)
    plate_rows = section_rows(t, "a. experienced: first output")
    plate_verdict = agreement(int(plate_rows["inside"].astype(bool).sum()), len(plate_rows))
    rule = obs.nameplate_rule
    novices_slower = slower(bene[0], default_first) and slower(plate[0], rule.high)
    learning_position = position_in_range(v.learning_pooled, lr.low, lr.high)
    learning_inside = lr.low <= v.learning_pooled <= lr.high
    learning_low = learning_position.endswith("low end") or learning_position.startswith("below")
    first_years = bene[0] / 12.0
    first_as_claimed = obs.official_years.low <= first_years <= obs.official_years.high
    japan_inside = bool(prior_rows["inside"].astype(bool).iloc[0])
    at_once = slower(rule.low, world_plate[0])
    lasting = unmet_after >= 0.005
    smco_slow = slower(smco_default, smco.first_output_months.high)
    irel_years = p.irel_expansion_month / 12.0
    mine_low = min(
        float(x["new_supply_years"]["low"]) for x in obs.published if "new_supply_years" in x
    )
    lever_short = irel_years < mine_low
    return SimpleNamespace(**locals())


def claims(n: SimpleNamespace) -> list[tuple[bool, str]]:
    """Each claim of the closing section: whether the model matches the record, in words.

    A claim goes under "Matches" or "Disagrees" by its number, never by a fixed choice.
    """
    lr = n.lr
    return [
        (
            n.in_prior > 0,
            f"- Construction to first output for experienced makers of 1,000-2,000 t/yr: inside "
            f"the interval ({n.in_prior} of {n.n_exp} with the priors; in-sample for the base "
            "time)."
            if n.in_prior > 0
            else f"- **Construction to first output** for experienced makers: outside the "
            f"interval for all {n.n_exp} plants.",
        ),
        (
            n.novices_slower,
            "- Novices are slower than experienced makers, to first output and to nameplate "
            "(pattern)."
            if n.novices_slower
            else "- **Novices** are not slower than experienced makers in every respect.",
        ),
        (
            n.learning_inside,
            f"- The cost learning rate lies in the {lr.low * 100:.0f}-{lr.high:.0%} range of the "
            "evidence (pooled)."
            if n.learning_inside
            else f"- **Cost learning** (pooled) lies outside the {lr.low:.0%}-{lr.high:.0%} "
            "range of the evidence.",
        ),
        (
            n.first_as_claimed,
            "- Scheme plants make a first output about two years after the award, as officially "
            "claimed."
            if n.first_as_claimed
            else f"- **Scheme plants** make a first output {n.first_years:.1f} years after the "
            "award, against the official claim of about two years.",
        ),
        (
            n.rho <= 0.0,
            "- **Small plants build faster** in the record; the model's construction time has "
            "no size term, so one base time serves 3 t/yr and 2,000 t/yr alike."
            if n.rho > 0.0
            else "- Construction time does not rise with plant size, in the record or the model.",
        ),
        (
            not n.at_once,
            "- **Experienced makers reach nameplate at once** in the model, against 1-4 years in "
            "the record: the model's only ramp mechanisms are know-how, skill, customer "
            "qualification and the market, all of which are at their best for an experienced "
            "maker. A plant-level start-up (equipment debugging, yield tuning on a new line, "
            "qualification of the new plant's product) is missing. For the scheme's novices this "
            "matters less, because their ramp comes from the expertise gap, but their ramp is "
            "understated by whatever an experienced maker would also need."
            if n.at_once
            else f"- Experienced makers take {n.world_plate[0]:.0f} months to nameplate, within "
            "the record's years.",
        ),
        (
            not n.learning_low,
            "- **Cost learning** sits at the low end of the evidence; "
            + (
                f"no firm reaches the typical {lr.central:.0%}."
                if float(np.max(n.v.learning_rates)) < lr.central
                else f"few firms reach the typical {lr.central:.0%}."
            )
            if n.learning_low
            else "- Cost learning is not at the low end of the evidence.",
        ),
        (
            n.lasting,
            "- **Shocks** leave no lasting shortage in the model, unlike GCMat's finding; and the "
            "model's short-run substitution is weak next to the long-run substitution of "
            "Keilhacker & Minner."
            if not n.lasting
            else "- **Shocks** leave a shortage that eases over months after the controls end "
            "(a licence backlog), closer to GCMat's lasting effects; but the model's short-run "
            "substitution is weak next to the long-run substitution of Keilhacker & Minner.",
        ),
        (
            not n.smco_slow,
            f"- The **tiny novice plant** takes {n.smco_default:.0f} months at the defaults, "
            f"above the {n.smco.first_output_months.low:.0f}-"
            f"{n.smco.first_output_months.high:.0f} months the record allows (inside the prior "
            "interval): construction time has no size term, so a 3 t/yr plant is stretched by "
            "the expertise gap like a 1,000 t/yr one."
            if n.smco_slow
            else f"- The tiny novice plant takes {n.smco_default:.0f} months at the defaults, "
            "within the record.",
        ),
        (
            not n.lever_short,
            f"- The **oxide-expansion lever's** default lead time ({n.irel_years:.0f} years) is "
            "about half the published mine lead times."
            if n.lever_short
            else "- The oxide-expansion lever's default lead time is as long as a new mine's.",
        ),
    ]
