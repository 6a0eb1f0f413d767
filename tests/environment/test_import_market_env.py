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
        during.oxide_path[50] * (1 + SHOCK.shock_price_jump)
    ), "before the first licences the full jump applies to the seed's path"
    assert during.equipment_blocked and not before.equipment_blocked
    assert during.heavy_re_share == pytest.approx(1.0 - SHOCK.shock_severity)
    assert before.heavy_re_share == 1.0
    total = market_at(SHOCK.replace(shock_severity=1.0), 50)
    assert not total.heavy_re_available and before.heavy_re_available


def test_a_shock_without_those_controls_spares_heavy_rare_earths_and_equipment():
    mild = market_at(SHOCK.replace(shock_cuts_heavy_re=False, shock_cuts_equipment=False), 50)
    assert mild.shock_active and mild.heavy_re_available and not mild.equipment_blocked
    assert mild.heavy_re_share == 1.0
    only_heavy = market_at(SHOCK.replace(shock_cuts_equipment=False, shock_severity=1.0), 50)
    assert not only_heavy.heavy_re_available and not only_heavy.equipment_blocked


def test_heavy_rare_earths_come_back_through_the_licence_queue_not_at_once():
    """Under controls heavy REs arrive at the licensed share, and after the controls end the
    backlog clears over months: the share rises step by step to 1, like the magnet flow."""
    market = ImportMarket(SHOCK)
    shares = []
    for month in range(0, 100):
        market.update(month)
        shares.append(market.heavy_re_share)
        assert market.heavy_re_share == market.china_flow
    end = SHOCK.shock_start_month + SHOCK.shock_months
    assert shares[SHOCK.shock_start_month] == pytest.approx(1.0 - SHOCK.shock_severity)
    after = shares[end : end + 12]
    assert after[0] < 1.0, "controls ended but the backlog has not cleared yet"
    assert all(b >= a for a, b in zip(after, after[1:], strict=False)) and after[0] < after[-1]
    assert shares[-1] == 1.0


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


def stepped(params: Params, months: int) -> list[ImportMarket]:
    """The import market's state month by month (a copy of the attributes we test)."""
    market = ImportMarket(params, seed=3)
    seen = []
    for month in range(months + 1):
        market.update(month)
        seen.append((month, market.china_flow, market.supply_share, market.oxide_usd_per_kg))
    return seen  # type: ignore[return-value]


def test_licences_arrive_after_the_delay_and_supply_returns_gradually_after_the_controls():
    p = SHOCK.replace(licence_delay_months=6.0, licence_clear_rate_per_month=0.2)
    flow = {m: f for m, f, _, _ in stepped(p, 100)}
    start, end = p.shock_start_month, p.shock_start_month + p.shock_months
    cut = 1.0 - p.shock_severity
    assert flow[start - 1] == 1.0
    assert flow[start] == pytest.approx(cut) and flow[start + 5] == pytest.approx(cut)
    licensed = 1.0 - p.shock_severity * (1.0 - p.licence_approval_share)
    assert flow[start + 6] == pytest.approx(cut + 0.2 * (licensed - cut)), "first licences"
    assert flow[end - 1] < licensed
    after = [flow[t] for t in range(end - 1, end + 12)]
    assert all(b > a for a, b in zip(after, after[1:], strict=False)), "restored gradually"
    assert flow[end] < 1.0 and flow[end + 1] < 1.0
    assert 1.0 - flow[end] == pytest.approx(0.8 * (1.0 - flow[end - 1]))
    assert flow[100] == 1.0, "the backlog clears in the end"


def test_ndpr_oxide_is_cut_only_when_the_controls_cover_it():
    from ecosystem.environment import RawMaterial

    for covers in (False, True):
        p = SHOCK.replace(controls_cover_ndpr=covers)
        market, raw = ImportMarket(p, seed=1), RawMaterial(p)
        market.update(0)
        normal = sum(t for t, _, _ in raw.oxide_offers(0, market))
        for month in range(1, 51):
            market.update(month)
        during = sum(t for t, _, _ in raw.oxide_offers(50, market))
        growth = sum(t for t, _, _ in raw.oxide_offers(50, ImportMarket(Params(), seed=1)))
        if covers:
            assert during < normal
        else:
            assert during == pytest.approx(growth) and during >= normal


def test_the_price_path_is_the_seeds_and_the_same_for_any_parameters_outside_prices():
    a = ImportMarket(Params(), seed=11).oxide_path
    b = ImportMarket(Params(n_firms=6, sli_pool_cr=100.0, china_shock=True), seed=11).oxide_path
    c = ImportMarket(Params(), seed=12).oxide_path
    assert a == b and a != c
    assert a[0] == Params().oxide_price0_usd_per_kg and len(a) == Params().horizon_months + 1


def test_chinas_response_cuts_its_margin_after_the_trigger_for_its_duration():
    p = Params(china_price_cutting=True, china_response_duration_months=10.0)
    market = ImportMarket(p, seed=2)
    cuts = []
    for month in range(30):
        share = 0.0 if month < 5 else 0.5
        market.update(month, share)
        oxide = market.oxide_usd_per_kg * p.oxide_per_t_mature
        cuts.append(1.0 - (market.magnet_usd_per_kg - oxide) / p.china_margin_usd_per_kg)
    assert max(cuts[:5]) == pytest.approx(0.0, abs=1e-12)
    assert cuts[5:15] == pytest.approx([p.china_price_cut_strength] * 10)
    assert max(cuts[15:]) == pytest.approx(0.0, abs=1e-12), "the price war ends"
    never = ImportMarket(p.replace(china_price_cutting=False, china_response_probability=0.0))
    never.update(6, 0.9)
    assert not never.response_active


def test_a_switch_run_follows_the_unrelaxed_runs_trigger_month():
    p = Params(china_price_cutting=True, china_response_duration_months=10.0)
    base, switched, never = ImportMarket(p), ImportMarket(p), ImportMarket(p)
    base.update(4, 0.5)
    switched.follow(base)
    never.follow(ImportMarket(p))  # the unrelaxed run never triggered
    switched.update(4, 0.0)
    never.update(4, 0.9)
    assert base.response_trigger_month == 4 and switched.response_active
    assert not never.response_active and never.response_trigger_month is None


def test_firms_expect_to_pay_chinas_expected_oxide_price_while_it_is_open_else_the_ex_china_price():
    """The feed price a bidder expects is what the oxide market would bill it: China's oxide
    (at the mean-reverting expectation) while it flows, the ex-China price when controls on
    NdPr cut it."""
    from ecosystem.mechanisms import price_path

    open_ = market_at(Params(), 12)
    p = open_.p
    expected = price_path.expected_mean_price(
        open_.oxide_usd_per_kg,
        p.china_oxide_price_usd_per_kg,
        p.oxide_price_half_life_months,
        p.plant_life_years * 12.0,
    )
    assert open_.expected_oxide_usd_per_kg == pytest.approx(expected)
    assert open_.expected_feed_usd_per_kg == pytest.approx(expected)
    shut = market_at(SHOCK.replace(controls_cover_ndpr=True), 50)
    assert shut.china_flow < 1.0
    assert shut.expected_feed_usd_per_kg == pytest.approx(
        max(shut.p.exchina_oxide_floor_usd_per_kg, shut.expected_oxide_usd_per_kg)
    )
    assert shut.expected_feed_usd_per_kg > shut.expected_oxide_usd_per_kg
    # Controls on other rare earths only leave Chinese NdPr oxide open.
    other = market_at(SHOCK, 50)
    assert other.expected_feed_usd_per_kg == pytest.approx(other.expected_oxide_usd_per_kg)
