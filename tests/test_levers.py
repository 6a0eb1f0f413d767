"""Each policy lever's direction on paired seeds (the policy-levers issue, item 7).

Every comparison runs a lever's scenario (or overrides) against the baseline on the same seeds,
spawned from one master seed (DESIGN.md §2), and asserts the sign of the paired difference of a
continuous output with a 95% t-interval, or an accounting fact that holds on every seed.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from ecosystem import MagnetModel, load_scenario, simulate
from ecosystem.mechanisms.incentives import sli_shape_factors
from tests.helpers import spawn_seeds, t_interval

SEEDS = tuple(spawn_seeds(20260601, 12))


#: More seeds for effects that are small against the seed-to-seed spread.
WIDE_SEEDS = tuple(spawn_seeds(20260601, 24))


@cache
def ensemble(scenario: str = "baseline", *, wide: bool = False, **overrides) -> tuple:
    """One run per seed (no agent rows), cached across this module's tests."""
    seeds = WIDE_SEEDS if wide else SEEDS
    return tuple(simulate(scenario, seed=s, record_agents=False, **overrides) for s in seeds)


def summary(results, key: str) -> np.ndarray:
    return np.array([r.summary[key] for r in results], dtype=float)


def final(results, column: str) -> np.ndarray:
    return np.array([r.timeseries[column].iloc[-1] for r in results], dtype=float)


def above_zero(diff) -> None:
    low, high = t_interval(diff)
    assert low > 0.0, (np.mean(diff), low, high)


def below_zero(diff) -> None:
    low, high = t_interval(diff)
    assert high < 0.0, (np.mean(diff), low, high)


BASE = "baseline"


# ---- price floor and offtake guarantee ----------------------------------------------------------
def cumulative(results, column: str = "production_t") -> np.ndarray:
    """A flow summed over the horizon (t/yr × months): the ramp's pace, not one year's level."""
    return np.array([r.timeseries[column].sum() for r in results], dtype=float)


# The plants' start-up binds the ramp up to the target year (DESIGN.md §4), so levers that act
# through buyers show in the pace of the ramp (output over the horizon) and at its end.
def test_price_floor_raises_output_and_fiscal_cost():
    base, floor = ensemble(BASE, wide=True), ensemble("price_floor", wide=True)
    above_zero(cumulative(floor) - cumulative(base))
    above_zero(summary(floor, "net_fiscal_cost_npv_cr") - summary(base, "net_fiscal_cost_npv_cr"))
    paid = final(floor, "price_support_paid_cr")
    assert (paid > 0).all() and (paid <= 2000.0 + 1e-6).all()


def test_offtake_fills_a_stockpile_that_serves_buyers_in_a_shock():
    # Offtake stocks only what firms cannot sell. While start-up binds the ramp, buyers take all
    # the firms make at the baseline's demand, so the lever is tested on the smallest market the
    # priors allow (where output outruns orders in some seeds): smallest start and slowest growth.
    # The controls come at month 66, once the scheme's plants (awarded at month 14) produce: at
    # month 48 they are still being built and no seed has a stockpile. Paired by seed: where a
    # stockpile was built before the controls, buyers draw on it and less demand goes unmet; where
    # none was built, nothing changes.
    small = {
        "addressable_share0": 0.06,
        "demand_total_t0": 5000.0,
        "demand_growth_per_yr": 0.05,
        "shock_start_month": 66,
    }
    shock = ensemble("china_shock", wide=True, **small)
    stocked = ensemble(
        "china_shock", wide=True, offtake_share=0.5, price_support_pool_cr=2000.0, **small
    )
    start = stocked[0].params.shock_start_month
    held = np.array([r.timeseries["stockpile_stock_t"].iloc[start - 1] for r in stocked])
    released = np.array([r.timeseries["stockpile_release_t"].sum() / 12 for r in stocked])
    # the guarantee keeps buying unsold output during the shock; what is released comes from the
    # stock held at its start or bought since (conservation of the stockpile's tonnes)
    bought = np.array([r.timeseries["offtake_t"].iloc[start:].sum() / 12 for r in stocked])
    unmet = summary(stocked, "shock_unmet_share") - summary(shock, "shock_unmet_share")
    built = held > 1e-6
    assert built.mean() >= 0.25, "the lever must build a stockpile in a good share of seeds"
    assert (released[built] > 1e-6).all() and (released <= held + bought + 1e-6).all()
    assert (unmet[built] < 0.0).all()
    assert (unmet[~built] <= 1e-9).all()
    assert (summary(stocked, "supply_cover_at_shock_months")[built] > 0).all()


# ---- duties -------------------------------------------------------------------------------------
def test_anti_dumping_duty_raises_domestic_share_and_collects_revenue():
    # China's price war is held off so that the test isolates the duty's own effect (the war,
    # drawn per seed, can be provoked by the duty and cut the import price back).
    calm = {"china_response_probability": 0.0}
    base = ensemble(BASE, wide=True, **calm)
    duty = ensemble("anti_dumping_duty", wide=True, **calm)
    # At the horizon, when the plants have matured: during the ramp start-up limits domestic
    # output whatever the import price, so the duty cannot move the share much then.
    below_zero(final(duty, "import_share") - final(base, "import_share"))
    assert (final(duty, "anti_dumping_duty_cr") > 0).all()
    assert (final(base, "anti_dumping_duty_cr") == 0).all()
    below_zero(summary(duty, "net_fiscal_cost_cr") - summary(base, "net_fiscal_cost_cr"))


def test_customs_duty_is_revenue_that_lowers_the_net_fiscal_cost():
    base, free = ensemble(BASE), ensemble(BASE, import_duty_share=0.0)
    assert (final(free, "customs_duty_cr") == 0).all()
    assert (final(base, "customs_duty_cr") > 0).all()
    for r in base:  # counted with the sign of revenue
        last = r.timeseries.iloc[-1]
        spent = last[["sli_paid_cr", "capex_subsidy_paid_cr", "admin_paid_cr"]].sum()
        assert last["net_fiscal_cost_cr"] < spent


# ---- incentive designs ----------------------------------------------------------------------
def test_front_loaded_sli_pays_more_early_in_the_window():
    base, front = ensemble(BASE), ensemble("sli_front_loaded")
    factors = sli_shape_factors("front_loaded", 5, 0.4)
    assert factors[0] > 1.0 > factors[-1]

    def share_in_first_half(results):
        out = []
        for r in results:
            p = r.params
            start = p.award_month + p.gestation_months
            paid = r.timeseries["sli_paid_cr"].to_numpy()
            total = paid[start + 60] - paid[start]
            out.append((paid[start + 30] - paid[start]) / total if total > 0 else 0.5)
        return np.array(out)

    above_zero(share_in_first_half(front) - share_in_first_half(base))


def test_moving_sli_money_to_capital_subsidy_pays_more_capital_subsidy_within_a_smaller_sli_pool():
    # A bigger capital subsidy lets more bidders clear their hurdle, so the SLI paid in total
    # need not fall: what must hold is more capital subsidy, the SLI within its smaller pool and
    # the same outlay.
    base, mix = ensemble(BASE), ensemble("capital_subsidy_mix")
    above_zero(final(mix, "capex_subsidy_paid_cr") - final(base, "capex_subsidy_paid_cr"))
    pool = mix[0].params.sli_pool_cr * (1.0 - mix[0].params.sli_to_capex_shift_share)
    assert pool < base[0].params.sli_pool_cr
    assert (final(mix, "sli_paid_cr") <= pool + 1e-6).all()
    for r in mix:  # equal outlay: the two pools still hold ₹7,200 crore at the start
        assert r.timeseries["budget_remaining_cr"].iloc[0] == 7200.0


def winners(scenario: str, places: int) -> list[tuple]:
    """Every winner of every tender round, per seed, in a tender for ``places`` firms."""
    found = []
    for seed in SEEDS:
        model = MagnetModel(load_scenario(scenario), rng=seed, record_agents=False).run()
        assert model.p.n_beneficiaries == places
        assert model.government.outcome is not None
        found.append(model.government.outcome.all_winners)
    return found


def test_more_smaller_plants_award_more_winners_with_smaller_plants():
    small, base = winners("more_smaller_plants", 10), winners(BASE, 5)
    assert all(w[2] <= 600.0 for seed in small for w in seed)
    assert any(w[2] > 600.0 for seed in base for w in seed)
    above_zero(np.array([len(s) - len(b) for s, b in zip(small, base, strict=True)], dtype=float))


def test_value_addition_rule_withholds_sli_from_firms_without_domestic_oxide():
    # IREL's oxide goes to L1-L3 only, so the rule binds where more firms win: among ten
    # smaller plants (in the baseline's small awards every winner may hold an IREL share).
    rule = {"sli_min_domestic_oxide_share": 0.25}
    base, ruled = ensemble("more_smaller_plants"), ensemble("more_smaller_plants", **rule)
    below_zero(final(ruled, "sli_paid_cr") - final(base, "sli_paid_cr"))
    r = simulate("more_smaller_plants", seed=SEEDS[1], **rule)
    firms = r.agents[r.agents["agent_type"] == "manufacturer"].sort_values(["agent_id", "month"])
    paid = firms.groupby("agent_id")["sli_paid_cr"].diff().fillna(0.0)
    shares = firms.loc[paid > 0, "domestic_oxide_share"]
    assert len(shares) > 0 and (shares >= 0.25 - 1e-12).all()


def test_late_commissioning_is_clawed_back_to_the_treasury_or_the_pool():
    slow = {"gestation_months": 6, "late_grace_months": 0}  # plants take longer than that
    base = ensemble(BASE, **slow)
    penal = ensemble(BASE, late_clawback_share_per_month=0.05, **slow)
    clawed = final(penal, "clawback_cr")
    assert (clawed > 0).all() and (final(base, "clawback_cr") == 0).all()
    below_zero(summary(penal, "net_fiscal_cost_cr") - summary(base, "net_fiscal_cost_cr"))
    pooled = simulate(
        BASE,
        seed=SEEDS[0],
        record_agents=False,
        late_clawback_share_per_month=0.05,
        clawback_to_sli_pool=True,
        **slow,
    )
    budget = pooled.timeseries["budget_remaining_cr"].to_numpy()
    assert (np.diff(budget) > 0).any()  # returned money refills the SLI pool


# ---- trade and supply ---------------------------------------------------------------------------
def test_chinese_price_cutting_lowers_import_prices_and_domestic_output():
    # Against a base without any war (the base otherwise draws one in ~30% of seeds), paired by
    # seed (same oxide price path): the war's months are cheaper, none dearer; output summed over
    # the horizon falls (start-up limits year-7 output, so the war's effect shows over the run).
    # The war starts when India's (smoothed) domestic share reaches the trigger share: at the
    # default (25.5%) it does so in only 9 of these 24 seeds, so the trigger is set low (10%) for
    # the war to start in every seed and the test to see its effect.
    calm = {"china_response_probability": 0.0}
    base = ensemble(BASE, wide=True, **calm)
    war = ensemble("china_price_war", wide=True, china_response_trigger_share=0.1)
    diff = np.array(
        [
            w.timeseries["import_price_inr_per_kg"].to_numpy()
            - b.timeseries["import_price_inr_per_kg"].to_numpy()
            for w, b in zip(war, base, strict=True)
        ]
    )
    assert (diff <= 1e-6).all()
    assert ((diff < -1e-6).any(axis=1)).all()
    below_zero(cumulative(war) - cumulative(base))


def test_government_paying_the_oxide_gap_is_a_fiscal_cost():
    contracts = {"oxide_contract_t_per_yr": 1500.0}
    firms_pay = ensemble(BASE, **contracts)
    gov_pays = ensemble(BASE, oxide_contract_payer="government", **contracts)
    assert (final(gov_pays, "oxide_subsidy_paid_cr") > 0).all()
    assert (final(firms_pay, "oxide_subsidy_paid_cr") == 0).all()
    above_zero(summary(gov_pays, "net_fiscal_cost_cr") - summary(firms_pay, "net_fiscal_cost_cr"))


def test_import_bill_saved_grows_with_domestic_sales():
    base, none = ensemble(BASE), ensemble("no_scheme")
    above_zero(summary(base, "import_bill_saved_usd_m") - summary(none, "import_bill_saved_usd_m"))
    for r in base:
        ts = r.timeseries
        saved = ts["import_bill_saved_cr"].iloc[-1]
        usd = ts["import_bill_saved_usd_m"].iloc[-1]  # US$ 1 million = ₹ fx / 10 crore
        assert abs(saved - usd * r.params.fx_inr_per_usd / 10.0) <= 1e-6 * saved
