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


def test_a_shock_cuts_only_the_chinese_part_of_oxide_imports_and_contracts_add_supply():
    p = Params(oxide_import_t_per_yr=1_200.0, china_oxide_share=0.5, oxide_contract_t_per_yr=0.0)
    raw = RawMaterial(p)
    assert raw.import_limit_t(1.0) == pytest.approx(100.0)
    assert raw.import_limit_t(0.0) == pytest.approx(50.0)
    contracted = RawMaterial(p.replace(oxide_contract_t_per_yr=600.0))
    assert contracted.import_limit_t(0.0) == pytest.approx(100.0)


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
