"""A manufacturer's oxide, output and sales bookkeeping (DESIGN.md §4 "Market").

`FirmOperations` is the part of `Manufacturer` that the monthly market (`ecosystem.market_clearing`)
calls: the market decides how oxide and orders are shared among firms; each firm books what it
receives, pays, makes, ships and sells, so its state changes only through its own methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ecosystem.mechanisms.bounds import max2, min2

if TYPE_CHECKING:
    from ecosystem.mechanisms.production import LossChain
    from ecosystem.model import MagnetModel


class FirmOperations:
    """Oxide stock, production, deliveries and sales of a firm (mixed into `Manufacturer`)."""

    if TYPE_CHECKING:
        model: MagnetModel
        account: str
        chain: LossChain
        oxide_stock_t: float
        inventory_t: float
        month_output_t: float
        month_sales_t: float
        month_exports_t: float
        month_revenue_cr: float
        price: float

    def receive_oxide(self, tonnes: float) -> None:
        """Oxide delivered into the firm's stock (t)."""
        self.oxide_stock_t += tonnes

    def pay_for_oxide(self, domestic_cr: float, imported_cr: float) -> None:
        """Pay the month's oxide bills: IREL for domestic oxide, foreign suppliers for imports."""
        ledger = self.model.ledger
        ledger.transfer(self.account, "irel", domestic_cr, "oxide_domestic")
        ledger.transfer(self.account, "foreign_suppliers", imported_cr, "oxide_imported")

    def make(self, plan_t: float, intensity: float) -> tuple[float, float]:
        """Make up to ``plan_t`` (t this month) from the oxide in stock.

        ``intensity``: t of oxide per t of magnet (0: no oxide needed). Returns the tonnes made
        and the oxide used, which leaves the stock.
        """
        made = min2(plan_t, self.oxide_stock_t / intensity) if intensity > 0 else plan_t
        used = made * intensity
        self.oxide_stock_t = max2(0.0, self.oxide_stock_t - used)
        return made, used

    def ship(self, made_t: float, domestic_t: float, export_t: float) -> tuple[float, float]:
        """Fill orders from stock plus this month's output: home orders first, then exports.

        What is left stays in inventory. Records the month's output, sales and exports (t) and
        returns (sold at home, exported).
        """
        available = self.inventory_t + made_t
        sold = max2(0.0, min2(domestic_t, available))
        exported = max2(0.0, min2(export_t, available - sold))
        self.inventory_t = max2(0.0, available - sold - exported)
        self.month_output_t = made_t
        self.month_sales_t = sold
        self.month_exports_t = exported
        return sold, exported

    def sell(self, price_inr_per_kg: float, domestic_cr: float, export_cr: float) -> None:
        """Be paid for the month's sales by buyers at home and abroad (₹ crore) at ``price``."""
        ledger = self.model.ledger
        ledger.transfer("buyers", self.account, domestic_cr, "sales")
        ledger.transfer("foreign_buyers", self.account, export_cr, "export_sales")
        self.month_revenue_cr = domestic_cr + export_cr
        self.price = price_inr_per_kg

    def close_output(self, plan_t: float, made_t: float) -> None:
        """Charge output planned but not made (t this month) to the materials link of the chain."""
        c = self.chain
        self.chain = c.with_output(c.good - (plan_t - made_t) * 12.0, made_t * 12.0)
