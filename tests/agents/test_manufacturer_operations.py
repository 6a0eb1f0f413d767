"""A manufacturer books its own oxide, output, deliveries and sales (the market only allocates).

Each method of `FirmOperations` is checked on the firm's state before and after: oxide received
enters the stock, making consumes oxide at the intensity and is limited by the stock, shipping
fills home orders before exports and keeps the rest in inventory, selling credits the firm with
what buyers pay, and every tonne and rupee is conserved.
"""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel


@pytest.fixture
def firm():
    m = MagnetModel(rng=2)
    f = m.firms[0]
    f.oxide_stock_t = 0.0
    f.inventory_t = 0.0
    return f


def test_received_oxide_enters_the_stock(firm) -> None:
    firm.receive_oxide(3.0)
    firm.receive_oxide(1.5)
    assert firm.oxide_stock_t == pytest.approx(4.5)


def test_making_uses_oxide_at_the_intensity_and_is_limited_by_the_stock(firm) -> None:
    firm.receive_oxide(10.0)
    made, used = firm.make(20.0, 0.4)  # 20 t planned needs 8 t of oxide: enough
    assert (made, used) == pytest.approx((20.0, 8.0))
    assert firm.oxide_stock_t == pytest.approx(2.0)
    made, used = firm.make(20.0, 0.4)  # only 2 t of oxide left: 5 t of magnet
    assert (made, used) == pytest.approx((5.0, 2.0))
    assert firm.oxide_stock_t == pytest.approx(0.0)
    assert firm.make(7.0, 0.0) == (7.0, 0.0)  # no oxide needed: the plan is made


def test_shipping_serves_home_orders_first_and_keeps_the_rest(firm) -> None:
    firm.inventory_t = 4.0
    sold, exported = firm.ship(10.0, 9.0, 3.0)  # 14 t available for 9 t home, 3 t export
    assert (sold, exported) == pytest.approx((9.0, 3.0))
    assert firm.inventory_t == pytest.approx(2.0)
    sold, exported = firm.ship(5.0, 6.0, 3.0)  # 7 t available: home first, 1 t exported
    assert (sold, exported) == pytest.approx((6.0, 1.0))
    assert firm.inventory_t == pytest.approx(0.0)
    assert (firm.month_output_t, firm.month_sales_t, firm.month_exports_t) == (5.0, sold, exported)


def test_selling_credits_what_buyers_pay(firm) -> None:
    ledger = firm.model.ledger
    cash0, buyers0 = firm.cash_cr, ledger.balance("buyers")
    foreign0 = ledger.balance("foreign_buyers")
    firm.sell(3200.0, 12.0, 3.0)
    assert firm.cash_cr == pytest.approx(cash0 + 15.0)
    assert ledger.balance("buyers") == pytest.approx(buyers0 - 12.0)
    assert ledger.balance("foreign_buyers") == pytest.approx(foreign0 - 3.0)
    assert (firm.month_revenue_cr, firm.price) == (15.0, 3200.0)


def test_paying_for_oxide_moves_cash_to_irel_and_foreign_suppliers(firm) -> None:
    ledger = firm.model.ledger
    cash0, irel0 = firm.cash_cr, ledger.balance("irel")
    foreign0 = ledger.balance("foreign_suppliers")
    firm.pay_for_oxide(2.0, 5.0)
    assert firm.cash_cr == pytest.approx(cash0 - 7.0)
    assert ledger.balance("irel") == pytest.approx(irel0 + 2.0)
    assert ledger.balance("foreign_suppliers") == pytest.approx(foreign0 + 5.0)
    assert ledger.imbalance() == pytest.approx(0.0, abs=1e-6)


def test_output_short_of_plan_is_lost_to_materials(firm) -> None:
    firm.chain = type(firm.chain)(1000.0, 1000.0, 1000.0, 1000.0, 960.0, 960.0, 960.0)
    firm.close_output(80.0, 50.0)  # 30 t a month planned but not made = 360 t/yr
    assert firm.chain.lost_to_materials == pytest.approx(360.0)
    assert firm.chain.production == pytest.approx(600.0)
