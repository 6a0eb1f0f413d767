"""A manufacturer's month-end settlement (DESIGN.md §4 finance): costs, credit, insolvency, exit,
expansion — each checked as the firm's state before and after one `settle`.

`settle` pays processing, wages and interest; `_finance` raises a shortfall first from the parent
group's support, then from the bank's credit line; what neither covers leaves royalties unpaid,
a firm that cannot pay its bills is rescued by the bank and declared insolvent, and exits; a firm
with sustained operating losses exits; a profitable, full firm facing unmet demand expands.
"""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, Params

MONTH = 30


def firm_with_plant(**params):
    """Firm 0 of a fresh model with one installed 1,000 t/yr plant, commissioned long ago."""
    p = Params(
        **{
            "foreign_partners_allowed": False,
            "capacity_built_at_once": True,
            "scheme_enabled": False,
            **params,
        }
    )
    m = MagnetModel(p, rng=3)
    firm = m.firms[0]
    firm._new_plant(1_000.0, scheme=False, month=0)
    firm.milestones["commissioning_month"] = firm.last_commissioning = 0
    firm.novices, firm.trained, firm.experts = 0.0, 100.0, 20.0
    firm.month_output_t = firm.month_sales_t = 0.0
    firm.month_revenue_cr = firm.month_support_cr = 0.0
    return m, firm


def set_cash(m, firm, cash_cr: float) -> None:
    """Move money between the firm and its owners so that its cash is ``cash_cr``."""
    diff = cash_cr - firm.cash_cr
    if diff > 0:
        m.ledger.transfer("owners", firm.account, diff, "test")
    elif diff < 0:
        m.ledger.transfer(firm.account, "owners", -diff, "test")


def month_bills_cr(firm) -> float:
    """Processing, wages and interest of the month, from the parameters (₹ crore)."""
    p = firm.model.p
    processing = (
        firm.month_output_t
        * p.processing_cost_inr_per_kg
        * (1.0 + p.cost_gap_elasticity * firm.gap)
        * 1e-4
    )
    wages = firm.headcount * p.wage_lakh_per_yr * 0.01 / 12.0
    return processing + wages + firm.debt_cr * p.interest_rate / 12.0


def attach_partner(m, firm):
    partner = m.partners[0]
    partner.clients.append(firm)
    firm.partner = partner
    return partner


def test_a_solvent_firm_pays_its_bills_and_nothing_else_changes_hands():
    m, firm = firm_with_plant()
    firm.month_output_t = 40.0
    set_cash(m, firm, 500.0)
    bills = month_bills_cr(firm)
    imbalance = m.ledger.imbalance()
    debt, support, credit = firm.debt_cr, firm.support_left_cr, firm.credit_used_cr
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert firm.cash_cr == pytest.approx(500.0 - bills)
    assert (firm.debt_cr, firm.support_left_cr, firm.credit_used_cr) == (debt, support, credit)
    assert not firm.insolvent and not firm.exit_pending
    assert m.ledger.imbalance() == pytest.approx(imbalance)


def test_a_shortfall_is_met_by_the_parent_first_then_by_the_credit_line():
    m, firm = firm_with_plant(royalty_share=0.05)
    partner = attach_partner(m, firm)
    firm.month_revenue_cr = 1_000.0  # royalty due: 50
    set_cash(m, firm, 0.0)
    firm.support_left_cr = 20.0
    limit = m.p.credit_line_share * sum(pl.capex_cr for pl in firm.plants)
    bills = month_bills_cr(firm)  # paid before the royalty, so also short
    assert limit > 30.0 + bills  # the line covers the rest
    partner_before, debt = m.ledger.balance(partner.account), firm.debt_cr
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert firm.support_left_cr == 0.0  # all 20 of the parent's support is used first
    assert firm.credit_used_cr == pytest.approx(30.0 + bills)  # the rest is borrowed
    assert firm.debt_cr == pytest.approx(debt + 30.0 + bills)
    assert m.ledger.balance(partner.account) == pytest.approx(partner_before + 50.0)
    assert firm.arrears_months == 0
    assert firm.cash_cr == pytest.approx(0.0, abs=1e-9) and not firm.insolvent


def test_without_support_or_credit_royalties_go_unpaid_and_arrears_grow():
    m, firm = firm_with_plant(royalty_share=0.05)
    partner = attach_partner(m, firm)
    firm.month_revenue_cr = 1_000.0  # royalty due: 50, more than the firm's cash
    firm.support_left_cr = 0.0
    firm.credit_used_cr = m.p.credit_line_share * sum(pl.capex_cr for pl in firm.plants)
    set_cash(m, firm, 10.0)
    before = m.ledger.balance(partner.account)
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert m.ledger.balance(partner.account) == before  # no royalty paid
    assert firm.arrears_months == 1
    firm.settle(MONTH + 1, oxide_cost_cr=0.0)
    assert firm.arrears_months == 2


def test_a_firm_that_cannot_pay_its_bills_is_rescued_declared_insolvent_and_exits():
    m, firm = firm_with_plant()
    firm.support_left_cr = 0.0
    firm.credit_used_cr = m.p.credit_line_share * sum(pl.capex_cr for pl in firm.plants)
    set_cash(m, firm, 0.0)
    bills = month_bills_cr(firm)
    assert bills > 0.0
    debt = firm.debt_cr
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert firm.cash_cr == pytest.approx(0.0, abs=1e-9)  # the bank paid the bills
    assert firm.debt_cr == pytest.approx(debt + bills)
    assert firm.insolvent and firm.exit_pending
    assert firm.milestones["exit_month"] == MONTH


def test_sustained_operating_losses_make_a_firm_exit_after_exit_loss_months():
    m, firm = firm_with_plant(exit_loss_months=6)
    set_cash(m, firm, 10_000.0)  # never short of cash: the losses alone decide
    for k in range(5):
        firm.settle(MONTH + k, oxide_cost_cr=0.0)
        assert firm.loss_months == k + 1 and not firm.exit_pending
    firm.settle(MONTH + 5, oxide_cost_cr=0.0)
    assert firm.loss_months == 6 and firm.exit_pending and not firm.insolvent
    assert firm.milestones["exit_month"] == MONTH + 5


def test_losses_in_the_first_year_after_commissioning_do_not_count():
    m, firm = firm_with_plant(exit_loss_months=6)
    firm.milestones["commissioning_month"] = firm.last_commissioning = MONTH - 4
    set_cash(m, firm, 10_000.0)
    for k in range(8):  # months 4-11 after commissioning
        firm.settle(MONTH + k, oxide_cost_cr=0.0)
    assert firm.loss_months == 0 and not firm.exit_pending
    firm.settle(MONTH + 8, oxide_cost_cr=0.0)  # month 12: the grace is over
    assert firm.loss_months == 1


def test_losses_do_not_count_while_a_committed_plant_is_being_built():
    """A firm building a plant (an award's, say) is investing: its owners judge it once it runs."""
    m, firm = firm_with_plant(exit_loss_months=6, capacity_built_at_once=False)
    firm.plants[0].advance(dict.fromkeys(firm.plants[0].progress, 1.0))
    firm._commission(firm.plants[0], 0)
    set_cash(m, firm, 10_000.0)
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert firm.loss_months == 1  # the running plant alone: losses count
    firm._new_plant(600.0, scheme=False, month=MONTH)
    assert not firm.plants[-1].installed
    for k in range(1, 10):
        firm.settle(MONTH + k, oxide_cost_cr=0.0)
    assert firm.loss_months == 0 and not firm.exit_pending


def test_the_grace_runs_from_the_latest_commissioning():
    m, firm = firm_with_plant(exit_loss_months=6)
    set_cash(m, firm, 10_000.0)
    firm._new_plant(600.0, scheme=False, month=MONTH)  # built at once: commissioned now
    assert firm.last_commissioning == MONTH
    for k in range(m.p.loss_grace_months):
        firm.settle(MONTH + k, oxide_cost_cr=0.0)
    assert firm.loss_months == 0
    firm.settle(MONTH + m.p.loss_grace_months, oxide_cost_cr=0.0)
    assert firm.loss_months == 1


def profitable(m, firm) -> None:
    firm.month_output_t = 0.95 * firm.installed_t / 12.0
    firm.month_revenue_cr = 500.0
    m.unmet_or_imported_t = 10.0 * m.p.bid_capacity_min_t
    set_cash(m, firm, 1_000.0)


def test_a_profitable_full_firm_facing_unmet_demand_expands_once_in_36_months():
    m, firm = firm_with_plant(expansion_enabled=True)
    profitable(m, firm)
    installed, plants = firm.committed_t, len(firm.plants)
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert len(firm.plants) == plants + 1
    assert firm.committed_t == pytest.approx(installed + m.p.bid_capacity_min_t)
    assert firm.last_expansion == MONTH
    for later in (MONTH + 1, MONTH + 35):
        profitable(m, firm)
        firm.settle(later, oxide_cost_cr=0.0)
        assert len(firm.plants) == plants + 1


@pytest.mark.parametrize(
    ("change", "expands"),
    [
        ({}, True),
        ({"expansion_enabled": False}, False),
        ({"unmet": 0.0}, False),
        ({"output_share": 0.5}, False),
        ({"revenue": 0.0}, False),
    ],
)
def test_expansion_needs_the_switch_demand_a_full_plant_and_profit(change, expands):
    m, firm = firm_with_plant(expansion_enabled=change.get("expansion_enabled", True))
    profitable(m, firm)
    if "unmet" in change:
        m.unmet_or_imported_t = change["unmet"]
    if "output_share" in change:
        firm.month_output_t = change["output_share"] * firm.installed_t / 12.0
    if "revenue" in change:
        firm.month_revenue_cr = change["revenue"]
    plants = len(firm.plants)
    firm.settle(MONTH, oxide_cost_cr=0.0)
    assert (len(firm.plants) == plants + 1) is expands
