"""Collects the model's rows month by month (plain lists; frames are built on demand).

A hand-written recorder rather than Mesa's DataCollector: the columns are fixed by the output
schema and a list of tuples is several times cheaper per month than reporter calls.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ecosystem.outputs import TIMESERIES

if TYPE_CHECKING:
    from ecosystem.market import MarketMonth
    from ecosystem.model import MagnetModel

TS_COLUMNS: tuple[str, ...] = tuple(c.name for c in TIMESERIES if c.name != "date")
FIRM_COLUMNS: tuple[str, ...] = (
    "month", "agent_id", "agent_type", "name", "capacity_installed_t", "capacity_committed_t",
    "production_t", "knowhow", "skill", "workforce", "process_yield", "cash_cr", "partner_id",
    "beneficiary", "bid_rank", "binding_constraint", "unit_cost_inr_per_kg", "cum_output_t", "sli_paid_cr", "capex_subsidy_paid_cr", "exited",
)


def _wmean(pairs: list[tuple[float, float]]) -> float:
    weight = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / weight if weight > 0.0 else math.nan


class Recorder:
    """Rows of the time series, agent, flow frames."""

    def __init__(self, model: MagnetModel, *, record_agents: bool) -> None:
        self.model = model
        self.record_agents = record_agents
        self.rows: list[tuple] = []
        self.agent_rows: list[tuple] = []
        self.flows: list[tuple] = []

    def flow(self, source: int, target: int, kind: str, amount: float) -> None:
        """Add one flow row for the current month."""
        self.flows.append((self.model.month, source, target, kind, float(amount)))

    def record(self, market: MarketMonth | None) -> None:
        """Append the current month's rows (``market`` is None for the initial state)."""
        m = self.model
        firms = [f for f in m.firms if not f.exited]
        building = [f for f in firms if f.plants]
        chains = [f.chain for f in building]
        gov = m.government
        demand_t = m.demand.addressable_t
        if market is None:
            imports_t = demand_t
            unmet = exports = oxd = oxi = oxs = sales = 0.0
        else:
            imports_t = market.imports_t * 12.0
            unmet = market.unmet_t * 12.0
            exports = market.exports_t * 12.0
            oxd, oxi, oxs = market.oxide_domestic_t * 12.0, market.oxide_imported_t * 12.0, market.oxide_shortfall_t * 12.0
            demand_t = market.demand_t * 12.0
            sales = market.domestic_sales_t * 12.0
        production = sum(f.month_output_t for f in building) * 12.0
        installed = [(f.installed_t, f.process_yield) for f in building if f.installed_t > 0.0]
        headcount = sum(f.headcount for f in building)
        self.rows.append((
            m.month,
            demand_t,
            m.demand.total_t,
            production,
            sum(f.month_output_t for f in building if f.beneficiary) * 12.0,
            sum(f.installed_t for f in building),
            sum(f.committed_t for f in building),
            sales,
            imports_t,
            exports,
            imports_t / demand_t if demand_t > 0 else 0.0,
            unmet,
            sum(f.inventory_t for f in building),
            m.expertise_gap,
            sum(f.knowhow for f in building) / len(building) if building else math.nan,
            headcount,
            _wmean([(f.headcount, f.skill) for f in building]),
            _wmean(installed),
            _wmean([(f.month_output_t, f.unit_cost) for f in building if f.month_output_t > 0.0]),
            m.imports.price_inr_per_kg,
            gov.sli_paid_cr,
            gov.capex_paid_cr,
            gov.budget_remaining_cr,
            oxd, oxi, oxs,
            len(building),
            sum(len(pt.clients) for pt in m.partners),
            sum(max(0.0, f.committed_t - f.chain.installed) for f in building),
            sum(c.lost_to_workforce for c in chains),
            sum(c.lost_to_yield for c in chains),
            sum(c.lost_to_materials for c in chains),
            sum(c.lost_to_market for c in chains),
        ))
        if self.record_agents:
            self._record_agents()

    def _record_agents(self) -> None:
        m = self.model
        month = m.month
        rows = self.agent_rows
        nan = math.nan
        for f in m.firms:
            rows.append((
                month, f.unique_id, "manufacturer", f.name, f.installed_t, f.committed_t,
                f.month_output_t * 12.0, f.knowhow, f.skill, f.headcount, f.process_yield, f.cash_cr,
                f.partner.unique_id if f.partner is not None else None, f.beneficiary, f.bid_rank,
                f.chain.binding() if f.plants and not f.exited else "none",
                f.unit_cost if f.month_output_t > 0.0 else nan, f.cum_output_t, f.sli_paid_cr,
                f.subsidy_paid_cr, f.exited,
            ))
        for c in m.rnd_centres:
            rows.append((month, c.unique_id, "rnd_centre", c.name, nan, nan, nan, c.knowledge, nan, nan,
                         nan, m.ledger.balance(c.account), None, None, None, None, nan, nan, nan, nan, None))
        for pt in m.partners:
            rows.append((month, pt.unique_id, "partner", pt.name, nan, nan, nan, pt.knowhow, nan, nan,
                         nan, m.ledger.balance(pt.account), None, None, None, None, nan, nan, nan, nan, None))
        g = m.government
        rows.append((month, g.unique_id, "government", g.name, nan, nan, nan, nan, nan, nan, nan,
                     g.budget_remaining_cr, None, None, None, None, nan, nan, g.sli_paid_cr, g.capex_paid_cr, None))
