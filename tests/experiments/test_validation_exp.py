"""Validation against real plant build-outs (experiments/validation/) on a small ensemble.

Checks that the validation data load and are kept apart from the calibration data, that every
set-up configures what it says (an experienced maker at the frontier with its crew and plant), and
that the comparison table has its columns and sane values. Five seeds: the numbers of the report
come from ``make validation`` (50), not from here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from ecosystem import Params, simulate
from experiments import validation as v
from experiments.validation import runs

N = 5


@pytest.fixture(scope="module")
def result() -> v.Validation:
    return v.run_validation(N, master_seed=7)


# ----------------------------------------------------------------------------- the data
def test_observations_load_with_five_experienced_makers_and_two_indian_novices():
    obs = v.load_observations()
    assert len(obs.experienced) == 5
    for b in obs.experienced:
        r = b.first_output_months
        assert r is not None and 10 <= r.low <= r.central <= r.high <= 30
        assert b.observed_file and (v.DATA / b.observed_file).is_file()
    novices = [b for b in obs.buildouts if b.kind == "novice"]
    assert {b.key for b in novices} == {"india_smco_3t", "india_early_mover_500t"}
    assert obs.get("india_early_mover_500t").confirmed is False
    assert obs.learning.low == 0.10 and obs.learning.high == 0.30


def test_validation_data_are_apart_from_calibration_data_and_overlap_is_named():
    obs = v.load_observations()
    assert v.OBSERVATIONS.parent != v.MORRIS_RANKING.parent
    # the base construction time was set from the same five plants: the check is in-sample
    assert v.calibrated_from(obs.experienced[0].facts_row) == [
        "construction_base_months",
        "construction_size_exponent",
    ]
    # the start-up parameters (and the ramp bidders expect) cite the time to nameplate: that
    # check is in-sample too
    assert v.calibrated_from(obs.nameplate_rule_row) == [
        "startup_maturity_start",
        "startup_rate_per_month",
        "startup_size_exponent",
        "bid_ramp_years_frontier",
    ]


def test_held_out_range_is_what_the_other_four_plants_give():
    obs = v.load_observations()
    # Each plant's months scaled to 1,000 t/yr with the size exponent 0.4: the 1,100 t plant's
    # 14-24 months give the outer bounds once the fast 500 t plant is left out.
    scale_1100 = (1000 / 1100) ** 0.4
    assert v.held_out_bounds(obs, "japan_2011_500t") == pytest.approx(
        (14.0 * scale_1100, 24.0 * scale_1100)
    )
    assert v.held_out_bounds(obs, "estonia_2023_2000t") == pytest.approx(
        (14.0 * scale_1100, 24.0 * scale_1100)
    )


def test_setup_configures_an_experienced_maker_at_the_frontier():
    params, _ = runs.load_setup(v.SETUP_WORLD)
    assert params.n_firms == 1 and not params.scheme_enabled
    assert not params.foreign_partners_allowed
    observed = runs.load_plant_data("maker_usa_2024_2000t.toml", params)
    start = observed.firms[0]
    assert start.knowhow == 1.0 and start.capacity_t == 2000 and start.capacity_built_share == 0
    assert start.experts == pytest.approx(2000 / 1000 * params.workers_per_kt, abs=1)
    r = simulate(params, seed=1, observed=observed)
    firm = r.agents[r.agents["agent_type"] == "manufacturer"]
    assert (firm["knowhow"] == 1.0).all()
    assert firm["partner_id"].isna().all()
    ms = r.milestones.iloc[0]
    assert ms["construction_start_month"] == 0
    assert params.plant_scope == "magnet"  # the reference build-outs were magnet lines
    sized = params.construction_base_months * 2.0**params.construction_size_exponent
    assert ms["first_output_month"] == math.ceil(sized)


def test_local_hires_variant_keeps_only_an_expert_core():
    params, _ = runs.load_setup(v.SETUP_WORLD)
    observed = runs.load_plant_data("maker_japan_2011_500t.toml", params)
    local = runs.with_local_hires(observed)
    assert local.firms[0].experts == pytest.approx(
        observed.firms[0].experts * v.LOCAL_CORE_EXPERT_SHARE
    )
    assert local.firms[0].knowhow == 1.0


def test_prior_draws_are_in_range_and_reproducible():
    draws, u = v.prior_draws(4, 3)
    again, _ = v.prior_draws(4, 3)
    assert draws == again
    assert ((u >= 0) & (u < 1)).all()
    for d in draws:
        Params().replace(**d)  # every draw is a valid parameter set


# ----------------------------------------------------------------------------- statistics
def test_interval_handles_never_reached():
    assert v.interval([1.0, 2.0, 3.0]) == (2.0, pytest.approx(1.1), pytest.approx(2.9))
    med, q05, q95 = v.interval([0.0] * 18 + [math.inf, math.inf])
    assert med == 0.0 and q05 == 0.0 and math.isinf(q95)
    assert all(math.isnan(x) for x in v.interval([]))


def test_learning_rate_estimator_recovers_a_known_rate():
    rows = []
    for firm in range(3):
        cum = np.geomspace(10.0, 10_000.0, 40)
        cost = (5000.0 + 500 * firm) * cum ** np.log2(0.8)  # 20% per doubling
        rows.append(
            pd.DataFrame(
                {"seed": 1, "agent_id": firm, "cum_output_t": cum, "unit_cost_inr_per_kg": cost}
            )
        )
    pooled, rates = v.implied_learning_rates(pd.concat(rows, ignore_index=True))
    assert pooled == pytest.approx(0.2)
    assert rates == pytest.approx([0.2, 0.2, 0.2])


# ----------------------------------------------------------------------------- the table
def test_comparison_table_has_the_expected_columns_and_sections(result):
    table = result.table
    assert tuple(table.columns) == v.TABLE_COLUMNS
    sections = list(dict.fromkeys(table["section"]))
    assert [s[:2] for s in sections] == ["a.", "a.", "b.", "b.", "b.", "c.", "d.", "d."]
    first = table[table["section"] == "a. experienced: start -> first output"]
    assert len(first) == 10  # five plants, with the priors and held out
    assert (first["runs"] == N).all()
    assert set(first["unit"]) == {"months"}
    assert first["in_sample"].str.contains("construction_base_months").sum() == 5


def test_simulated_values_are_sane(result):
    table = result.table
    months = table[table["unit"].isin(["months", "month"])]
    finite = months[np.isfinite(months["sim_median"])]
    assert (finite["sim_q05"] <= finite["sim_median"]).all()
    assert (finite["sim_median"] <= finite["sim_q95"]).all()
    assert (finite["sim_median"] >= 0).all()
    first = table[table["section"] == "a. experienced: start -> first output"]
    # At the defaults experienced makers build within the observed 11-24 months, never
    # instantly, and a larger plant takes longer (facts §4: the five plants rise with size).
    p = Params()
    assert first["sim_default"].between(11, 24).all()
    assert first["sim_q05"].min() >= 5 and first["sim_q95"].max() <= 40
    obs = v.load_observations()
    for b in obs.experienced:
        rows = first[first["check"].str.startswith(b.plant)]
        expected = math.ceil(
            p.construction_base_months * (b.capacity_t / 1000) ** p.construction_size_exponent
        )
        assert (rows["sim_default"] == expected).all(), b.key
    shares = table[table["unit"] == "share"]
    assert ((shares["sim_median"] >= 0) & (shares["sim_median"] <= 1)).all()
    learning = table[table["section"].str.startswith("c.")].iloc[0]
    assert 0.0 < learning["sim_default"] < 0.5
    inside = table["inside"].dropna()
    assert inside.map(type).eq(bool).all()


def test_novices_are_slower_than_experienced_makers(result):
    exp = result.experienced
    experienced = exp[exp["variant"] == "default"]["first_output_months"].median()
    assert np.median(v.beneficiary_build_months(result.baseline)) > experienced
    smco = result.novice[result.novice["variant"] == "default"]["first_output_months"]
    assert smco.median() > experienced


def test_every_variant_runs_every_plant(result):
    counts = result.experienced.groupby(["key", "variant"]).size()
    assert set(counts.index.get_level_values("variant")) == set(v.VARIANTS)
    assert (counts == N).all()
    assert len(counts) == 5 * len(v.VARIANTS)


def test_report_and_figure(result, tmp_path):
    text = v.validation_markdown(result)
    assert text.startswith("# Validation against real plant build-outs")
    for heading in (
        "## Summary",
        "## a. Experienced makers",
        "## b. Novice build-outs",
        "## c. Cost learning",
        "## d. Published models",
        "## Where the model matches the record, and where it does not",
        "## What the model cannot represent",
    ):
        assert heading in text
    assert "plausibility check on n = 5" in text
    assert "in-sample" in text
    path = v.figure(result, tmp_path / "validation.png")
    assert path.stat().st_size > 50_000


def test_printed_table_names_every_check(result, capsys):
    v.print_table(result.table)
    out = capsys.readouterr().out
    for check in result.table["check"]:
        assert check in out


def test_command_line_quick_run_writes_nothing(tmp_path, capsys):
    doc, fig = tmp_path / "validation.md", tmp_path / "img" / "validation.png"
    assert v.main(["--seeds", "2", "--no-write", "--doc", str(doc), "--figure", str(fig)]) == 0
    assert "a. experienced: start -> first output" in capsys.readouterr().out
    assert not doc.exists() and not fig.exists()
