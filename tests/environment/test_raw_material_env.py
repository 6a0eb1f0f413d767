"""Raw material: IREL's oxide, imports and rationing (DESIGN.md §4 'Raw material'; facts §3)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import Params
from ecosystem.environment import RawMaterial
from ecosystem.environment.raw_material import allocate, irel_output_t_per_yr, ration


def test_irel_ramps_from_its_current_output_to_capacity_then_holds():
    p = Params(
        irel_oxide0_t_per_yr=200.0, irel_oxide_capacity_t_per_yr=450.0, irel_ramp_months=18.0
    )
    outputs = [irel_output_t_per_yr(m, p) for m in range(0, 40)]
    assert outputs[0] == pytest.approx(200.0)
    assert outputs[9] == pytest.approx(325.0)
    assert outputs[18] == outputs[39] == pytest.approx(450.0)
    assert outputs == sorted(outputs)


def test_an_irel_expansion_adds_capacity_from_its_month():
    p = Params(irel_expansion_t_per_yr=300.0, irel_expansion_month=36)
    assert irel_output_t_per_yr(36, p) - irel_output_t_per_yr(35, p) == pytest.approx(300.0)


@pytest.mark.parametrize("ban", [False, True])
def test_irel_oxide_is_conserved_between_exports_stock_and_deliveries(ban):
    p = Params(export_ban_raw=ban)
    raw = RawMaterial(p)
    for month in range(24):
        raw.produce(month)
        raw.deliver_irel(30.0)
    stock_change = raw.irel_stock_t - p.irel_stock_t
    assert (
        raw.irel_produced_cum_t - raw.irel_exported_cum_t - raw.irel_delivered_cum_t
        == pytest.approx(stock_change)
    )
    assert raw.irel_stock_t >= 0.0
    assert (raw.irel_exported_cum_t == 0.0) is ban


def test_irel_never_delivers_more_than_it_holds():
    raw = RawMaterial(Params(irel_stock_t=10.0))
    assert raw.deliver_irel(25.0) == pytest.approx(10.0)
    assert raw.irel_stock_t == 0.0 and raw.deliver_irel(5.0) == 0.0


def test_oxide_is_bought_contracts_first_then_cheapest_and_contracts_add_supply():
    from ecosystem.environment import ImportMarket
    from ecosystem.environment.raw_material import merit_order

    p = Params(oxide_contract_t_per_yr=0.0)
    market = ImportMarket(p, seed=0)
    raw = RawMaterial(p)
    offers = raw.oxide_offers(0, market)
    prices = [price for _, price, _ in offers]
    assert prices == sorted(prices)
    total = sum(t for t, _, _ in offers)
    exchina = p.exchina_india_share * p.exchina_oxide_supply0_t_per_yr
    assert total == pytest.approx((p.china_oxide_to_india_t_per_yr + exchina) / 12.0)
    contracted = RawMaterial(p.replace(oxide_contract_t_per_yr=600.0)).oxide_offers(0, market)
    assert sum(t for t, _, _ in contracted) == pytest.approx(total + 50.0)
    assert contracted[0][2] == "contract", "take-or-pay: the contract is bought first"
    cheapest = merit_order(offers, offers[0][0] / 2)
    assert cheapest == [(offers[0][0] / 2, offers[0][1], offers[0][2])]


def test_non_chinese_oxide_grows_toward_announced_capacity_and_costs_at_least_the_floor():
    from ecosystem.environment import ImportMarket

    p = Params()
    market = ImportMarket(p, seed=0)
    raw = RawMaterial(p)
    exchina = {
        m: [o for o in raw.oxide_offers(m, market) if o[2] == "exchina"][0] for m in (0, 200)
    }
    assert exchina[200][0] == pytest.approx(
        p.exchina_india_share * p.exchina_oxide_capacity_t_per_yr / 12.0
    )
    assert exchina[0][0] < exchina[200][0]
    assert exchina[0][1] >= p.exchina_oxide_floor_usd_per_kg


@settings(deadline=None, max_examples=150)
@given(
    available=st.floats(0.0, 1_000.0),
    needs=st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 500.0)), max_size=8),
)
def test_scarce_oxide_is_rationed_pro_rata_and_nobody_gets_more_than_they_need(available, needs):
    got = ration(available, needs)
    assert len(got) == len(needs)
    assert all(0.0 <= g <= n + 1e-9 for g, n in zip(got, needs, strict=True))
    assert sum(got) == pytest.approx(min(available, sum(needs)), abs=1e-9)
    if sum(needs) > available:
        ratios = [g / n for g, n in zip(got, needs, strict=True) if n > 0.0]
        assert max(ratios) == pytest.approx(min(ratios))


@settings(deadline=None, max_examples=100)
@given(
    amount=st.floats(0.0, 1_000.0),
    weights=st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 10.0)), min_size=1, max_size=8),
)
def test_allocation_shares_out_exactly_the_amount(amount, weights):
    parts = allocate(amount, weights)
    assert sum(parts) == pytest.approx(amount)
    assert all(p >= 0.0 for p in parts)
