"""The import market and the export-control regime (DESIGN.md §3 environment, §4 market)."""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, Params
from ecosystem.environment import ImportMarket

SHOCK = Params(
    china_shock=True, shock_start_month=48, shock_months=18, security_half_life_months=12.0
)


def market_at(params: Params, month: int) -> ImportMarket:
    market = ImportMarket(params)
    market.update(month)
    return market


def test_no_shock_means_full_supply_and_the_base_security_premium_throughout():
    for month in (0, 48, 60, 119):
        market = market_at(Params(), month)
        assert not market.shock_active and market.supply_share == 1.0
        assert not market.equipment_blocked and market.heavy_re_available
        assert market.security_premium == Params().security_premium_share
        assert market.price_inr_per_kg == pytest.approx(market.reference_inr_per_kg)


@pytest.mark.parametrize(
    "month, active", [(47, False), (48, True), (65, True), (66, False), (90, False)]
)
def test_the_shock_lasts_from_its_start_for_its_length(month, active):
    assert market_at(SHOCK, month).shock_active is active


def test_a_shock_cuts_supply_raises_prices_and_blocks_equipment_and_heavy_rare_earths():
    before, during = market_at(SHOCK, 47), market_at(SHOCK, 50)
    assert during.supply_share == pytest.approx(
        1.0 - SHOCK.china_import_share * SHOCK.shock_severity
    )
    assert during.supply_share < before.supply_share == 1.0
    assert during.price_inr_per_kg > before.price_inr_per_kg
    assert during.oxide_usd_per_kg == pytest.approx(
        before.oxide_usd_per_kg * (1 + SHOCK.shock_price_jump)
    )
    assert during.equipment_blocked and not before.equipment_blocked
    assert not during.heavy_re_available and before.heavy_re_available


def test_a_shock_without_those_controls_spares_heavy_rare_earths_and_equipment():
    mild = market_at(SHOCK.replace(shock_cuts_heavy_re=False, shock_cuts_equipment=False), 50)
    assert mild.shock_active and mild.heavy_re_available and not mild.equipment_blocked
    only_heavy = market_at(SHOCK.replace(shock_cuts_equipment=False), 50)
    assert not only_heavy.heavy_re_available and not only_heavy.equipment_blocked


def test_exporters_earn_the_premium_non_chinese_buyers_pay():
    market = market_at(Params(), 0)
    p = Params()
    assert market.export_price_inr_per_kg == pytest.approx(
        (market.magnet_usd_per_kg + p.export_premium_usd_per_kg) * p.fx_inr_per_usd
    )


def test_security_preference_jumps_at_the_shock_holds_and_halves_one_half_life_after_it():
    m = MagnetModel(SHOCK, rng=4)
    seen = {}
    end = SHOCK.shock_start_month + SHOCK.shock_months
    half = int(SHOCK.security_half_life_months)
    while m.month < end + 2 * half:
        m.step()
        seen[m.month] = m.imports.security_premium
    base, jump = SHOCK.security_premium_share, SHOCK.security_jump_after_shock
    assert seen[47] == pytest.approx(base)
    assert seen[48] == pytest.approx(base + jump)
    assert seen[end - 1] == pytest.approx(base + jump), "held while the controls last"
    assert seen[end + half] == pytest.approx(base + jump / 2)
    assert seen[end + 2 * half] == pytest.approx(base + jump / 4)
    after = [seen[t] for t in range(end, end + 2 * half + 1)]
    assert all(a > b for a, b in zip(after, after[1:], strict=False))
