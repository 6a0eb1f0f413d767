"""The recorder puts each quantity in the column that names it.

A model is run for some months; then a fresh `Recorder` records one month from a `MarketMonth`
whose every field holds a different number, and each time-series and agent column is compared
with the quantity its name (and `ecosystem.outputs`) promises, computed here from the model's
state. Two columns swapped (say the domestic and imported oxide) fail this test.
"""

from __future__ import annotations

import dataclasses
import math

import pytest

from ecosystem import MagnetModel, load_scenario
from ecosystem.market_clearing import MarketMonth
from ecosystem.recorder import FIRM_COLUMNS, TS_COLUMNS, Recorder, compile_row, ordered


@pytest.fixture(scope="module")
def recorded():
    model = MagnetModel(load_scenario("baseline"), rng=5)
    for _ in range(40):
        model.step()
    values = {f.name: 1.0 + 0.37 * i for i, f in enumerate(dataclasses.fields(MarketMonth))}
    values.pop("orders")
    market = MarketMonth(**values)
    recorder = Recorder(model, record_agents=True)
    recorder.record(market)
    return model, market, recorder


def expected_timeseries(model: MagnetModel, mk: MarketMonth) -> dict[str, float]:
    """Every time-series column as the quantity its name says (docs/outputs.md)."""
    gov, totals = model.government, model.ledger.totals
    built = [f for f in model.firms if f.plants]
    active = [f for f in built if not f.exited]
    output = sum(f.month_output_t for f in active)
    installed = sum(f.installed_t for f in active)
    committed = sum(f.committed_t for f in active)
    heads = sum(f.headcount for f in active)
    inventory = sum(f.inventory_t for f in built)
    demand = mk.demand_t * 12.0
    customs, dumping = totals["customs_duty"], totals["anti_dumping_duty"]

    def ratio(num: float, den: float) -> float:
        return num / den if den > 0.0 else math.nan

    return {
        "month": model.month,
        "demand_t": demand,
        "demand_total_t": model.demand.total_t,
        "production_t": output * 12.0,
        "production_scheme_t": sum(f.month_output_t for f in active if f.beneficiary) * 12.0,
        "capacity_installed_t": installed,
        "capacity_committed_t": committed,
        "sales_domestic_t": mk.domestic_sales_t * 12.0,
        "imports_t": mk.imports_t * 12.0,
        "exports_t": mk.exports_t * 12.0,
        "import_share": mk.imports_t * 12.0 / demand,
        "unmet_demand_t": mk.unmet_t * 12.0,
        "inventory_stock_t": inventory,
        "expertise_gap": ratio(sum(f.committed_t * (1 - f.knowhow) for f in active), committed),
        "knowhow_mean": ratio(sum(f.knowhow for f in active), len(active)),
        "workforce_total": heads,
        "workforce_skill": ratio(sum(f.headcount * f.skill for f in active), heads),
        "process_yield_mean": ratio(
            sum(f.installed_t * f.process_yield for f in active), installed
        ),
        "unit_cost_inr_per_kg": ratio(
            sum(f.month_output_t * f.unit_cost for f in active if f.month_output_t > 0), output
        ),
        "import_price_inr_per_kg": model.imports.price_inr_per_kg,
        "sli_paid_cr": gov.sli_paid_cr,
        "capex_subsidy_paid_cr": gov.capex_paid_cr,
        "budget_remaining_cr": gov.budget_remaining_cr,
        "oxide_domestic_t": mk.oxide_domestic_t * 12.0,
        "oxide_imported_t": mk.oxide_imported_t * 12.0,
        "oxide_shortfall_t": mk.oxide_shortfall_t * 12.0,
        "n_firms_active": len(active),
        "n_partnerships": sum(len(pt.clients) for pt in model.partners),
        "lost_to_capacity_t": sum(max(0.0, f.committed_t - f.chain.installed) for f in active),
        "lost_to_startup_t": sum(f.chain.lost_to_startup for f in active),
        "lost_to_workforce_t": sum(f.chain.lost_to_workforce for f in active),
        "lost_to_yield_t": sum(f.chain.lost_to_yield for f in active),
        "lost_to_materials_t": sum(f.chain.lost_to_materials for f in active),
        "lost_to_market_t": sum(f.chain.lost_to_market for f in active),
        "irel_oxide_output_t": model.raw.irel_month_t * 12.0,
        "offtake_t": mk.offtake_t * 12.0,
        "stockpile_release_t": mk.stockpile_release_t * 12.0,
        "stockpile_stock_t": gov.stockpile_t,
        "workforce_novices": sum(f.novices for f in active),
        "workforce_trained": sum(f.trained for f in active),
        "workforce_experts": sum(f.experts for f in active),
        "supply_cover_months": (inventory + gov.stockpile_t) / mk.demand_t,
        "admin_paid_cr": totals["administration"],
        "rnd_skilling_paid_cr": totals["rnd_grant"],
        "price_support_paid_cr": totals["price_floor"] + totals["offtake"],
        "oxide_subsidy_paid_cr": totals["oxide_subsidy"],
        "customs_duty_cr": customs,
        "anti_dumping_duty_cr": dumping,
        "clawback_cr": totals["clawback"],
        "stockpile_sales_cr": totals["stockpile_sales"],
        "net_fiscal_cost_cr": gov.net_fiscal_cost_cr,
        # a fresh recorder: the real-rupee sum is this month's deflated net cost
        "net_fiscal_cost_real_cr": gov.net_fiscal_cost_cr
        / (1.0 + model.p.inflation_per_yr) ** (model.month / 12.0),
        "budget_unspent_cr": gov.budget_unspent_cr,
        "import_bill_usd_m": mk.import_cif_usd_m,
        "import_bill_saved_usd_m": mk.saved_usd_m,
        "import_bill_saved_cr": mk.saved_cr,
        "oxide_import_bill_usd_m": mk.oxide_import_usd_m,
        "buyers_spend_cr": totals["sales"]
        + totals["imports"]
        + customs
        + dumping
        + totals["stockpile_sales"],
        # prices, the licence queue and buyers' own cover (DESIGN.md §4)
        "oxide_price_usd_per_kg": model.imports.oxide_usd_per_kg,
        "china_supply_share": model.imports.china_flow,
        "buyer_stock_t": model.imports.buyer_stock_t or 0.0,
        "buyer_cover_months": (
            model.imports.buyer_stock_t / model.imports.buyer_need_t
            if model.imports.buyer_stock_t is not None and model.imports.buyer_need_t > 0.0
            else model.imports.buyer_cover_months
        ),
        "buyer_cover_drawn_t": mk.cover_drawn_t * 12.0,
        "buyer_restock_t": mk.restock_t * 12.0,
        "domestic_rescue_t": mk.rescued_t * 12.0,
        "china_response_active": float(model.imports.response_active),
    }


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12, abs=1e-12)
    return a == b


def test_every_time_series_column_holds_the_quantity_it_names(recorded):
    model, market, recorder = recorded
    expected = expected_timeseries(model, market)
    assert set(expected) == set(TS_COLUMNS)
    row = dict(zip(TS_COLUMNS, recorder.rows[-1], strict=True))
    wrong = {c: (row[c], expected[c]) for c in TS_COLUMNS if not same(row[c], expected[c])}
    assert not wrong


def test_the_market_quantities_are_all_different_so_a_swap_shows(recorded):
    _, _, recorder = recorded
    row = dict(zip(TS_COLUMNS, recorder.rows[-1], strict=True))
    market_columns = ("demand_t", "imports_t", "exports_t", "sales_domestic_t", "unmet_demand_t")
    oxide = ("oxide_domestic_t", "oxide_imported_t", "oxide_shortfall_t", "offtake_t")
    values = [row[c] for c in market_columns + oxide]
    assert len(set(values)) == len(values)


def test_every_agent_column_holds_the_quantity_it_names(recorded):
    model, _, recorder = recorded
    rows = [dict(zip(FIRM_COLUMNS, r, strict=True)) for r in recorder.agent_rows]
    by_id = {r["agent_id"]: r for r in rows}
    assert len(rows) == len(model.firms) + len(model.rnd_centres) + len(model.partners) + 1
    for f in model.firms:
        r = by_id[f.unique_id]
        expected = {
            "month": model.month,
            "agent_type": "manufacturer",
            "name": f.name,
            "capacity_installed_t": f.installed_t,
            "capacity_committed_t": f.committed_t,
            "production_t": f.month_output_t * 12.0,
            "knowhow": f.knowhow,
            "skill": f.skill,
            "workforce": f.headcount,
            "process_yield": f.process_yield,
            "cash_cr": f.cash_cr,
            "partner_id": None if f.partner is None else f.partner.unique_id,
            "beneficiary": f.beneficiary,
            "bid_rank": f.bid_rank,
            "binding_constraint": f.chain.binding() if f.plants and not f.exited else "none",
            "unit_cost_inr_per_kg": f.unit_cost if f.month_output_t > 0 else math.nan,
            "cum_output_t": f.cum_output_t,
            "sli_paid_cr": f.sli_paid_cr,
            "capex_subsidy_paid_cr": f.subsidy_paid_cr,
            "exited": f.exited,
            "clawback_cr": f.clawback_cr,
            "price_support_cr": f.price_support_cr,
            "domestic_oxide_share": f.domestic_oxide_share,
            "sli_eligible": f.sli_eligible,
            "workforce_novices": f.novices,
            "workforce_trained": f.trained,
            "workforce_experts": f.experts,
        }
        assert set(expected) | {"agent_id"} == set(FIRM_COLUMNS)
        assert all(same(r[c], v) for c, v in expected.items()), f.name
    for c in model.rnd_centres:
        r = by_id[c.unique_id]
        assert (r["agent_type"], r["knowhow"]) == ("rnd_centre", c.knowledge)
        assert r["cash_cr"] == model.ledger.balance(c.account)
    for pt in model.partners:
        r = by_id[pt.unique_id]
        assert (r["agent_type"], r["knowhow"]) == ("partner", pt.knowhow)
        assert r["cash_cr"] == model.ledger.balance(pt.account)
    g = by_id[model.government.unique_id]
    assert g["agent_type"] == "government"
    assert (g["cash_cr"], g["sli_paid_cr"], g["capex_subsidy_paid_cr"]) == (
        model.government.budget_remaining_cr,
        model.government.sli_paid_cr,
        model.government.capex_paid_cr,
    )
    # what does not apply to a non-firm is empty: None for flags and ids, NaN for numbers
    assert g["partner_id"] is None and g["exited"] is None and math.isnan(g["skill"])


def test_row_declarations_refuse_unknown_or_repeated_columns():
    with pytest.raises(ValueError, match="not distinct columns"):
        compile_row("f", [("month", "1"), ("no_such_column", "2")])
    with pytest.raises(ValueError, match="not distinct columns"):
        compile_row("f", [("month", "1"), ("month", "2")])
    row = compile_row("f", [("month", "f")])
    assert row(7)[0] == 7 and row(7)[FIRM_COLUMNS.index("partner_id")] is None


def test_a_time_series_row_must_name_every_column_once():
    values = dict.fromkeys(TS_COLUMNS, 0.0)
    assert ordered(values) == (0.0,) * len(TS_COLUMNS)
    with pytest.raises(ValueError, match="missing"):
        ordered({k: v for k, v in values.items() if k != "oxide_imported_t"})
    with pytest.raises(ValueError, match="unknown"):
        ordered({**values, "oxide_import_t": 1.0})
