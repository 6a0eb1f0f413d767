"""The model and its public API (DESIGN.md §2 'Time', §5 outputs, §8 interfaces)."""

from __future__ import annotations

import gc
import re
import weakref

import mesa
import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from ecosystem import MagnetModel, Params, SimulationResult, load_scenario, simulate
from ecosystem.recorder import TS_COLUMNS
from ecosystem.scenarios import SCENARIO_DIR

#: DESIGN.md §5, typed from the design (not imported from the model's schema).
TIMESERIES_COLUMNS = (
    "month",
    "date",
    "demand_t",
    "demand_total_t",
    "production_t",
    "production_scheme_t",
    "capacity_installed_t",
    "capacity_committed_t",
    "imports_t",
    "exports_t",
    "import_share",
    "unmet_demand_t",
    "inventory_stock_t",
    "expertise_gap",
    "knowhow_mean",
    "workforce_total",
    "workforce_skill",
    "process_yield_mean",
    "unit_cost_inr_per_kg",
    "import_price_inr_per_kg",
    "sli_paid_cr",
    "capex_subsidy_paid_cr",
    "budget_remaining_cr",
    "oxide_domestic_t",
    "oxide_imported_t",
    "oxide_shortfall_t",
    "n_firms_active",
    "n_partnerships",
    "lost_to_capacity_t",
    "lost_to_startup_t",
    "lost_to_workforce_t",
    "lost_to_yield_t",
    "lost_to_materials_t",
    "lost_to_market_t",
)
FIRM_COLUMNS = (
    "month",
    "agent_id",
    "agent_type",
    "name",
    "capacity_installed_t",
    "production_t",
    "knowhow",
    "skill",
    "process_yield",
    "cash_cr",
    "partner_id",
    "beneficiary",
    "bid_rank",
    "binding_constraint",
)
MILESTONE_COLUMNS = (
    "agent_id",
    "name",
    "construction_start_month",
    "commissioning_month",
    "first_output_month",
    "qualification_month",
    "qualification_automotive_month",
    "qualification_wind_month",
    "qualification_consumer_month",
    "qualification_defence_month",
    "nameplate_month",
    "exit_month",
)
FLOW_COLUMNS = ("month", "source_id", "target_id", "kind", "amount")
FLOW_KINDS = {"licence", "experts", "spillover", "training", "oxide", "poaching"}
SUMMARY_KEYS = (
    "production_target_t",
    "target_met",
    "month_target_reached",
    "capacity_target_t",
    "sli_paid_total_cr",
    "subsidy_inr_per_kg",
    "import_share_target",
    "expertise_gap_target",
    "target_shortfall_t",
    "shortfall_due_to_gap_t",
)
CHAIN_STAGES = {"capacity", "startup", "workforce", "yield", "materials", "market", "none"}
FRAMES = ("timeseries", "agents", "milestones", "flows")


@pytest.fixture(scope="module")
def run() -> SimulationResult:
    return simulate("baseline", seed=11)


# ---- construction and time -----------------------------------------------------------------
def test_builds_with_no_arguments():
    model = MagnetModel()
    assert isinstance(model, mesa.Model)
    assert model.month == 0
    assert model.p == Params()
    assert isinstance(model.seed, int)
    ts = model.result().timeseries
    assert len(ts) == 1 and ts["month"].tolist() == [0]


def test_rng_must_be_an_integer_seed():
    with pytest.raises(TypeError):
        MagnetModel(rng="three")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        MagnetModel(rng=1.5)  # type: ignore[arg-type]


def test_spawned_numpy_seed_is_accepted_like_its_int():
    """DESIGN.md §2: ensembles take ``generate_state(1)[0]`` (a numpy integer) as the seed."""
    seed = np.random.SeedSequence(2025).spawn(1)[0].generate_state(1)[0]
    a = MagnetModel(rng=seed)
    b = MagnetModel(rng=int(seed))
    assert a.seed == b.seed == int(seed)


def test_row_zero_is_the_initial_state():
    p = Params(demand_total_t0=8000.0, addressable_share0=0.1)
    row = MagnetModel(p, rng=1).result().timeseries.iloc[0]
    assert row["month"] == 0 and row["date"] == "2025-12-01"
    assert row["demand_total_t"] == pytest.approx(8000.0)
    assert row["demand_t"] == pytest.approx(800.0)
    assert row["production_t"] == 0.0 and row["exports_t"] == 0.0
    assert row["imports_t"] == pytest.approx(row["demand_t"])  # all loose magnets imported
    assert row["import_share"] == pytest.approx(1.0)
    assert row["sli_paid_cr"] == 0.0 and row["capex_subsidy_paid_cr"] == 0.0
    assert row["budget_remaining_cr"] == pytest.approx(p.sli_pool_cr + p.capex_subsidy_pool_cr)
    assert row["n_partnerships"] == 0


def test_one_row_per_month_up_to_the_horizon():
    for horizon in (36, 120):
        ts = simulate(
            Params(horizon_months=horizon, target_month=min(84, horizon)),
            seed=2,
            record_agents=False,
        ).timeseries
        assert ts["month"].tolist() == list(range(horizon + 1))


def test_dates_are_first_of_month_from_december_2025(run):
    dates = run.timeseries["date"]
    assert all(re.fullmatch(r"\d{4}-\d{2}-01", d) for d in dates)
    assert dates.iloc[0] == "2025-12-01"
    assert dates.iloc[1] == "2026-01-01"
    assert dates.iloc[84] == "2032-12-01"  # the target month of DESIGN.md §2
    parsed = pd.to_datetime(dates)
    months = (parsed.dt.year - 2025) * 12 + parsed.dt.month - 12
    assert months.tolist() == run.timeseries["month"].tolist()


def test_run_stops_at_the_horizon():
    # A two-year run: the award (default month 14) plus the tender's re-opening delay must fall
    # before the horizon, so the award is set early.
    model = MagnetModel(Params(horizon_months=24, target_month=24, award_month=9), rng=3)
    model.run()
    assert model.month == 24 and not model.running
    assert len(model.result().timeseries) == 25


# ---- frames --------------------------------------------------------------------------------
def test_timeseries_has_every_canonical_column(run):
    missing = [c for c in TIMESERIES_COLUMNS if c not in run.timeseries.columns]
    assert not missing
    assert run.timeseries.columns[0] == "month" and run.timeseries.columns[1] == "date"


def test_result_mid_run_returns_the_rows_so_far():
    model = MagnetModel(rng=5)
    for _ in range(30):
        model.step()
    mid = model.result()
    assert mid.timeseries["month"].tolist() == list(range(31))
    assert mid.agents["month"].max() == 30
    model.run()
    full = model.result()
    assert_frame_equal(mid.timeseries, full.timeseries.iloc[:31], check_exact=True)
    assert_frame_equal(mid.agents, full.agents[full.agents["month"] <= 30], check_exact=True)


def test_agents_frame_has_the_firm_columns(run):
    agents = run.agents
    assert all(c in agents.columns for c in FIRM_COLUMNS)
    firms = agents[agents["agent_type"] == "manufacturer"]
    p = run.params
    assert len(firms) == p.n_firms * (p.horizon_months + 1)
    assert firms.groupby("month").size().eq(p.n_firms).all()
    assert set(firms["binding_constraint"]) <= CHAIN_STAGES
    types = set(agents["agent_type"])
    assert {"manufacturer", "rnd_centre", "partner"} <= types
    assert (
        len(agents[(agents["agent_type"] == "rnd_centre") & (agents["month"] == 0)])
        == p.n_rnd_centres
    )
    assert len(agents[(agents["agent_type"] == "partner") & (agents["month"] == 0)]) == p.n_partners


def test_agents_frame_sums_to_the_timeseries(run):
    firms = run.agents[run.agents["agent_type"] == "manufacturer"]
    by_month = firms.groupby("month")[["production_t", "capacity_installed_t"]].sum()
    ts = run.timeseries.set_index("month")
    np.testing.assert_allclose(by_month["production_t"], ts["production_t"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(
        by_month["capacity_installed_t"], ts["capacity_installed_t"], rtol=1e-9, atol=1e-9
    )


def test_winners_are_ranked_l1_to_ln(run):
    last = run.agents[
        (run.agents["agent_type"] == "manufacturer")
        & (run.agents["month"] == run.params.horizon_months)
    ]
    winners = last[last["beneficiary"].astype(bool)]
    assert 1 <= len(winners) <= run.params.n_beneficiaries
    assert sorted(winners["bid_rank"].astype(int)) == list(range(1, len(winners) + 1))
    before = run.agents[
        (run.agents["agent_type"] == "manufacturer")
        & (run.agents["month"] < run.params.award_month)
    ]
    assert not before["beneficiary"].astype(bool).any()


def test_milestones_one_row_per_firm():
    for n in (7, 3):
        r = simulate(Params(n_firms=n, n_beneficiaries=min(5, n)), seed=4)
        ms = r.milestones
        assert tuple(ms.columns) == MILESTONE_COLUMNS
        assert len(ms) == n and ms["agent_id"].is_unique
        firm_ids = set(r.agents.loc[r.agents["agent_type"] == "manufacturer", "agent_id"])
        assert set(ms["agent_id"]) == firm_ids


def test_milestones_are_in_order(run):
    ms = run.milestones
    started = ms.dropna(subset=["commissioning_month"])
    assert len(started) > 0
    assert (started["construction_start_month"] <= started["commissioning_month"]).all()
    produced = ms.dropna(subset=["first_output_month", "commissioning_month"])
    assert (produced["commissioning_month"] <= produced["first_output_month"]).all()
    assert ms["first_output_month"].isna().sum() < len(ms)


def test_flows_columns_and_kinds(run):
    flows = run.flows
    assert tuple(flows.columns) == FLOW_COLUMNS
    assert len(flows) > 0
    assert set(flows["kind"]) <= FLOW_KINDS
    assert (flows["amount"] >= 0).all()
    assert flows["month"].between(1, run.params.horizon_months).all()


def test_summary_has_the_design_keys(run):
    assert set(SUMMARY_KEYS) <= set(run.summary)
    assert run.summary["shortfall_due_to_gap_t"] is None  # no twin
    assert run.summary["target_shortfall_t"] == pytest.approx(
        max(0.0, 6000.0 - run.summary["production_target_t"])
    )
    assert run.summary["target_met"] == (run.summary["production_target_t"] >= 6000.0)


def test_summary_production_target_is_the_trailing_year_output(run):
    ts = run.timeseries
    tm = run.params.target_month
    window = ts[(ts["month"] > tm - 12) & (ts["month"] <= tm)]
    assert run.summary["production_target_t"] == pytest.approx(window["production_t"].sum() / 12.0)
    row = ts[ts["month"] == tm].iloc[0]
    assert run.summary["capacity_target_t"] == pytest.approx(row["capacity_installed_t"])


def test_summary_follows_target_month():
    r = simulate("baseline", seed=11, record_agents=False, target_month=60)
    ts = r.timeseries
    window = ts[(ts["month"] > 48) & (ts["month"] <= 60)]
    assert r.summary["production_target_t"] == pytest.approx(window["production_t"].sum() / 12.0)


# ---- simulate() ----------------------------------------------------------------------------
def test_simulate_by_name_path_params_and_overrides_agree():
    by_name = simulate("china_shock", seed=8, record_agents=False)
    by_path = simulate(SCENARIO_DIR / "china_shock.toml", seed=8, record_agents=False)
    by_params = simulate(load_scenario("china_shock"), seed=8, record_agents=False)
    assert_frame_equal(by_name.timeseries, by_path.timeseries, check_exact=True)
    assert_frame_equal(by_name.timeseries, by_params.timeseries, check_exact=True)
    over = simulate("baseline", seed=8, record_agents=False, china_shock=True)
    assert over.params == load_scenario("china_shock")
    assert_frame_equal(by_name.timeseries, over.timeseries, check_exact=True)
    assert by_name.seed == 8


def test_overrides_change_the_run():
    a = simulate("baseline", seed=8, record_agents=False)
    b = simulate("baseline", seed=8, record_agents=False, learning_rate=0.4)
    assert b.params.learning_rate == 0.4
    assert not a.timeseries["production_t"].equals(b.timeseries["production_t"])


def test_model_run_equals_simulate():
    model = MagnetModel(load_scenario("baseline"), rng=21)
    model.run()
    direct = model.result()
    via = simulate("baseline", seed=21)
    for name in FRAMES:
        assert_frame_equal(getattr(direct, name), getattr(via, name), check_exact=True)
    assert direct.summary == via.summary


# ---- determinism ---------------------------------------------------------------------------
@pytest.mark.parametrize("scenario", ["baseline", "china_shock"])
def test_same_seed_same_frames(scenario):
    a = simulate(scenario, seed=123)
    b = simulate(scenario, seed=123)
    for name in FRAMES:
        assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.summary == b.summary


def test_different_seeds_differ():
    a = simulate("baseline", seed=1)
    b = simulate("baseline", seed=2)
    assert not a.timeseries.drop(columns=["date"]).equals(b.timeseries.drop(columns=["date"]))
    assert not a.agents.equals(b.agents)
    assert a.summary["production_target_t"] != b.summary["production_target_t"]


def test_seeds_spread_the_outcome():
    outcomes = {
        simulate("baseline", seed=s, record_agents=False).summary["production_target_t"]
        for s in range(8)
    }
    assert len(outcomes) == 8


# ---- memory --------------------------------------------------------------------------------
def test_model_is_freed_after_a_run():
    model = MagnetModel(rng=9)
    model.run()
    result = model.result()
    assert len(result.timeseries) == model.p.horizon_months + 1
    ref = weakref.ref(model)
    del result
    del model
    gc.collect()
    assert ref() is None


def test_result_frames_do_not_keep_the_model_alive():
    model = MagnetModel(rng=9)
    model.run()
    result = model.result()
    ref = weakref.ref(model)
    del model
    gc.collect()
    assert ref() is None
    assert len(result.timeseries) == 121  # the frames survive the model


def test_simulate_leaves_no_model_alive():
    gc.collect()  # models earlier tests left as garbage would otherwise count in `before`
    before = sum(isinstance(o, MagnetModel) for o in gc.get_objects())
    result = simulate("baseline", seed=3, twin=True)
    gc.collect()
    after = sum(isinstance(o, MagnetModel) for o in gc.get_objects())
    assert after == before
    assert result.twin is not None


def test_stepping_past_the_horizon_records_nothing():
    model = MagnetModel(Params(horizon_months=24, target_month=24, award_month=9), rng=1)
    model.run()
    rows = len(model.result().timeseries)
    model.step()
    assert model.month == 24 and not model.running
    assert len(model.result().timeseries) == rows == 25


def test_an_exited_firm_leaves_the_active_agent_set_but_its_stock_still_counts():
    from ecosystem.agents.manufacturer import Manufacturer

    m = MagnetModel(Params(capacity_built_at_once=True), rng=4)
    firm = m.firms[0]
    firm._new_plant(1_000.0, scheme=False, month=0)
    firm.inventory_t = 123.0
    firm.exit(0)
    m.step()
    assert firm.exited and firm in m.firms
    assert firm not in m.agents and firm not in m.agents_by_type[Manufacturer]
    assert len(m.agents_by_type[Manufacturer]) == len(m.firms) - 1
    row = dict(zip(TS_COLUMNS, m.recorder.rows[-1], strict=True))
    assert firm.inventory_t == 123.0  # stranded: nobody sells it
    assert row["inventory_stock_t"] == sum(f.inventory_t for f in m.firms if f.plants)
    assert row["inventory_stock_t"] >= 123.0
