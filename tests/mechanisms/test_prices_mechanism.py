"""Prices over time: the oxide path, ex-China supply and China's response (DESIGN.md §4)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.mechanisms import price_path as prices


def test_without_volatility_the_path_is_its_median_and_halves_the_log_gap_each_half_life():
    path = prices.log_ou_path(np.zeros(48), 100.0, 65.0, 12.0, 0.35)
    expected = [65.0 * (100.0 / 65.0) ** (0.5 ** (t / 12.0)) for t in range(49)]
    assert path == pytest.approx(expected, rel=1e-12)
    assert math.log(path[12] / 65.0) == pytest.approx(0.5 * math.log(100.0 / 65.0))
    assert all(a > b for a, b in zip(path, path[1:], strict=False)), "falls toward 65"
    up = prices.log_ou_path(np.zeros(24), 40.0, 65.0, 12.0, 0.35)
    assert all(a < b for a, b in zip(up, up[1:], strict=False)), "rises toward 65 from below"


def test_a_shorter_half_life_reverts_faster():
    slow = prices.log_ou_path(np.zeros(6), 100.0, 65.0, 24.0, 0.0)
    fast = prices.log_ou_path(np.zeros(6), 100.0, 65.0, 6.0, 0.0)
    assert fast[6] < slow[6] and fast[6] == pytest.approx(65.0 * (100 / 65.0) ** 0.5)


def test_the_stationary_spread_matches_the_volatility_and_half_life():
    rng = np.random.default_rng(1)
    vol, half = 0.4, 12.0
    path = prices.log_ou_path(rng.standard_normal(200_000), 65.0, 65.0, half, vol)
    kappa = math.log(2.0) / half
    expected_sd = vol / math.sqrt(12.0) / math.sqrt(2.0 * kappa)
    logs = np.log(path[1000:])
    assert logs.std() == pytest.approx(expected_sd, rel=0.05)
    assert np.median(path[1000:]) == pytest.approx(65.0, rel=0.03)
    # Persistent: month-to-month autocorrelation of log prices is 0.5 ** (1 / half-life).
    x = logs - logs.mean()
    rho = float((x[1:] * x[:-1]).mean() / (x * x).mean())
    assert rho == pytest.approx(prices.reversion_factor(half), abs=0.01)


def test_a_larger_volatility_spreads_prices_more():
    shocks = np.random.default_rng(5).standard_normal(120)
    calm = np.log(prices.log_ou_path(shocks, 65.0, 65.0, 12.0, 0.1))
    wild = np.log(prices.log_ou_path(shocks, 65.0, 65.0, 12.0, 0.6))
    assert np.abs(wild - math.log(65.0)).mean() == pytest.approx(
        6.0 * np.abs(calm - math.log(65.0)).mean()
    )


def test_the_exogenous_streams_depend_on_the_seed_only_and_are_independent():
    a = prices.exogenous_rng(7, prices.PRICE_STREAM).standard_normal(5)
    b = prices.exogenous_rng(7, prices.PRICE_STREAM).standard_normal(5)
    c = prices.exogenous_rng(8, prices.PRICE_STREAM).standard_normal(5)
    d = prices.exogenous_rng(7, prices.CHINA_RESPONSE_STREAM).standard_normal(5)
    model_stream = np.random.default_rng(7).standard_normal(5)
    assert (a == b).all() and not (a == c).any() and not (a == d).any()
    assert not (a == model_stream).any()


@settings(deadline=None, max_examples=100)
@given(china=st.floats(1.0, 500.0), floor=st.floats(0.0, 200.0))
def test_ex_china_oxide_never_sells_below_the_floor_or_chinas_price(china, floor):
    price = prices.exchina_oxide_price(china, floor)
    assert price >= floor and price >= china and price in (china, floor)


def test_non_chinese_supply_ramps_to_capacity_and_never_falls_below_todays_output():
    assert prices.exchina_supply_t_per_yr(0, 9000.0, 14000.0, 48.0) == 9000.0
    assert prices.exchina_supply_t_per_yr(24, 9000.0, 14000.0, 48.0) == pytest.approx(11500.0)
    assert prices.exchina_supply_t_per_yr(100, 9000.0, 14000.0, 48.0) == 14000.0
    assert prices.exchina_supply_t_per_yr(100, 9000.0, 8000.0, 48.0) == 9000.0


@pytest.mark.parametrize(
    "occurs, trigger, month, active",
    [
        (True, 10, 9, False),
        (True, 10, 10, True),
        (True, 10, 45, True),
        (True, 10, 46, False),
        (False, 10, 20, False),
        (True, None, 20, False),
    ],
)
def test_chinas_response_runs_from_its_trigger_for_its_duration(occurs, trigger, month, active):
    assert prices.china_response_active(occurs, trigger, month, 36.0) is active


def test_the_price_defaults_sit_where_the_price_history_puts_them():
    from ecosystem import Params
    from ecosystem.environment.price_history import PRICE_HISTORY, geometric_mean

    p = Params()
    level = dict((when, v) for when, v, _, _ in PRICE_HISTORY)
    assert 0.8 * geometric_mean() <= p.china_oxide_price_usd_per_kg <= 1.2 * geometric_mean()
    assert level["Aug 2025"] <= p.oxide_price0_usd_per_kg <= level["early 2026"]
    # One stationary standard deviation around the long-run level spans 2012-2025 outside spikes.
    kappa = math.log(2.0) / p.oxide_price_half_life_months
    sd = p.oxide_price_volatility_per_yr / math.sqrt(12.0) / math.sqrt(2.0 * kappa)
    low, high = (
        p.china_oxide_price_usd_per_kg * math.exp(-sd),
        p.china_oxide_price_usd_per_kg * math.exp(sd),
    )
    calm = [v for when, v, _, _ in PRICE_HISTORY if when.startswith(("2013", "2014", "Dec"))]
    assert low <= min(calm) and max(calm) <= high


def test_the_price_expected_over_a_plant_life_lies_between_today_and_the_long_run():
    high = prices.expected_mean_price(100.0, 65.0, 12.0, 180)
    low = prices.expected_mean_price(40.0, 65.0, 12.0, 180)
    assert 65.0 < high < 100.0 and 40.0 < low < 65.0
    assert prices.expected_mean_price(65.0, 65.0, 12.0, 180) == pytest.approx(65.0)
    assert prices.expected_mean_price(100.0, 65.0, 12.0, 1) == pytest.approx(100.0)
    slow = prices.expected_mean_price(100.0, 65.0, 48.0, 180)
    assert slow > high, "slower reversion keeps the expectation nearer today's price"
    direct = sum(65.0 * (100.0 / 65.0) ** (0.5 ** (k / 12.0)) for k in range(180)) / 180
    assert high == pytest.approx(direct, rel=1e-12)
