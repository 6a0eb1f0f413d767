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
    "month",
    "agent_id",
    "agent_type",
    "name",
    "capacity_installed_t",
    "capacity_committed_t",
    "production_t",
    "knowhow",
    "skill",
    "workforce",
    "process_yield",
    "cash_cr",
    "partner_id",
    "beneficiary",
    "bid_rank",
    "binding_constraint",
    "unit_cost_inr_per_kg",
    "cum_output_t",
    "sli_paid_cr",
    "capex_subsidy_paid_cr",
    "exited",
    "clawback_cr",
    "price_support_cr",
    "domestic_oxide_share",
    "sli_eligible",
    "workforce_novices",
    "workforce_trained",
    "workforce_experts",
)
#: Agent rows of non-firms: NaN or None in the firm-only columns (after ``cash_cr``).
_NAN7 = (math.nan, math.nan, math.nan, None, math.nan, math.nan, math.nan)


class Recorder:
    """Rows of the time series, agent, flow frames."""

    def __init__(self, model: MagnetModel, *, record_agents: bool) -> None:
        self.model = model
        self.record_agents = record_agents
        self.rows: list[tuple] = []
        self.agent_rows: list[tuple] = []
        self.flows: list[tuple] = []
        #: Cumulative US$ and real-rupee sums the ledger does not keep.
        self.import_cif_usd_m = self.saved_usd_m = self.saved_cr = self.oxide_usd_m = 0.0
        self.net_real_cr = self.net_nominal_cr = 0.0
        self.deflate = 1.0 / (1.0 + model.p.inflation_per_yr) ** (1.0 / 12.0)

    def flow(self, source: int, target: int, kind: str, amount: float) -> None:
        """Add one flow row for the current month."""
        self.flows.append((self.model.month, source, target, kind, float(amount)))

    def record(self, market: MarketMonth | None) -> None:
        """Append the current month's rows (``market`` is None for the initial state)."""
        m = self.model
        gov = m.government
        if market is None:
            demand_t = m.demand.addressable_t
            imports_t, unmet, exports, sales = demand_t, 0.0, 0.0, 0.0
            oxd = oxi = oxs = offtake = release = 0.0
        else:
            demand_t = market.demand_t * 12.0
            imports_t, unmet = market.imports_t * 12.0, market.unmet_t * 12.0
            exports, sales = market.exports_t * 12.0, market.domestic_sales_t * 12.0
            oxd = market.oxide_domestic_t * 12.0
            oxi = market.oxide_imported_t * 12.0
            oxs = market.oxide_shortfall_t * 12.0
            offtake, release = market.offtake_t * 12.0, market.stockpile_release_t * 12.0
            self.import_cif_usd_m += market.import_cif_usd_m
            self.saved_usd_m += market.saved_usd_m
            self.saved_cr += market.saved_cr
            self.oxide_usd_m += market.oxide_import_usd_m
        n = 0
        output = scheme = installed = committed = inventory = 0.0
        gap_w = knowhow = headcount = skill_w = yield_w = cost_w = 0.0
        novices = trained = experts = 0.0
        losses = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        for f in m.firms:
            if not f.plants:
                continue
            inventory += f.inventory_t  # an exited firm's unsold stock stays stranded
            if f.exited:
                continue
            n += 1
            made = f.month_output_t
            cap_c, cap_i, heads = f.committed_t, f.installed_t, f.headcount
            output += made
            if f.beneficiary:
                scheme += made
            installed += cap_i
            committed += cap_c
            gap_w += cap_c * (1.0 - f.knowhow)
            knowhow += f.knowhow
            headcount += heads
            novices += f.novices
            trained += f.trained
            experts += f.experts
            skill_w += heads * f.skill
            yield_w += cap_i * f.process_yield
            if made > 0.0:
                cost_w += made * f.unit_cost
            chain_losses = f.chain.losses
            losses[0] += max(0.0, cap_c - f.chain.installed)
            for i in range(1, 6):
                losses[i] += chain_losses[i]
        nan = math.nan
        totals = m.ledger.totals
        net = gov.net_fiscal_cost_cr
        self.net_real_cr += (net - self.net_nominal_cr) * self.deflate**m.month
        self.net_nominal_cr = net
        stockpile = gov.stockpile_t
        customs, dumping = totals["customs_duty"], totals["anti_dumping_duty"]
        self.rows.append(
            (
                m.month,
                demand_t,
                m.demand.total_t,
                output * 12.0,
                scheme * 12.0,
                installed,
                committed,
                sales,
                imports_t,
                exports,
                imports_t / demand_t if demand_t > 0 else 0.0,
                unmet,
                inventory,
                gap_w / committed if committed > 0.0 else nan,
                knowhow / n if n else nan,
                headcount,
                skill_w / headcount if headcount > 0.0 else nan,
                yield_w / installed if installed > 0.0 else nan,
                cost_w / output if output > 0.0 else nan,
                m.imports.price_inr_per_kg,
                gov.sli_paid_cr,
                gov.capex_paid_cr,
                gov.budget_remaining_cr,
                oxd,
                oxi,
                oxs,
                n,
                sum(len(pt.clients) for pt in m.partners),
                *losses,
                m.raw.irel_month_t * 12.0,
                offtake,
                release,
                stockpile,
                novices,
                trained,
                experts,
                (inventory + stockpile) / (demand_t / 12.0) if demand_t > 0.0 else 0.0,
                totals["administration"],
                totals["rnd_grant"],
                totals["price_floor"] + totals["offtake"],
                totals["oxide_subsidy"],
                customs,
                dumping,
                totals["clawback"],
                totals["stockpile_sales"],
                net,
                self.net_real_cr,
                gov.budget_unspent_cr,
                self.import_cif_usd_m,
                self.saved_usd_m,
                self.saved_cr,
                self.oxide_usd_m,
                totals["sales"] + totals["imports"] + customs + dumping + totals["stockpile_sales"],
            )
        )
        if self.record_agents:
            self._record_agents()

    def _record_agents(self) -> None:
        m = self.model
        month = m.month
        rows = self.agent_rows
        nan = math.nan
        for f in m.firms:
            rows.append(
                (
                    month,
                    f.unique_id,
                    "manufacturer",
                    f.name,
                    f.installed_t,
                    f.committed_t,
                    f.month_output_t * 12.0,
                    f.knowhow,
                    f.skill,
                    f.headcount,
                    f.process_yield,
                    f.cash_cr,
                    f.partner.unique_id if f.partner is not None else None,
                    f.beneficiary,
                    f.bid_rank,
                    f.chain.binding() if f.plants and not f.exited else "none",
                    f.unit_cost if f.month_output_t > 0.0 else nan,
                    f.cum_output_t,
                    f.sli_paid_cr,
                    f.subsidy_paid_cr,
                    f.exited,
                    f.clawback_cr,
                    f.price_support_cr,
                    f.domestic_oxide_share,
                    f.sli_eligible,
                    f.novices,
                    f.trained,
                    f.experts,
                )
            )
        for c in m.rnd_centres:
            rows.append(
                (
                    month,
                    c.unique_id,
                    "rnd_centre",
                    c.name,
                    nan,
                    nan,
                    nan,
                    c.knowledge,
                    nan,
                    nan,
                    nan,
                    m.ledger.balance(c.account),
                    None,
                    None,
                    None,
                    None,
                    nan,
                    nan,
                    nan,
                    nan,
                    None,
                    *_NAN7,
                )
            )
        for pt in m.partners:
            rows.append(
                (
                    month,
                    pt.unique_id,
                    "partner",
                    pt.name,
                    nan,
                    nan,
                    nan,
                    pt.knowhow,
                    nan,
                    nan,
                    nan,
                    m.ledger.balance(pt.account),
                    None,
                    None,
                    None,
                    None,
                    nan,
                    nan,
                    nan,
                    nan,
                    None,
                    *_NAN7,
                )
            )
        g = m.government
        rows.append(
            (
                month,
                g.unique_id,
                "government",
                g.name,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                nan,
                g.budget_remaining_cr,
                None,
                None,
                None,
                None,
                nan,
                nan,
                g.sli_paid_cr,
                g.capex_paid_cr,
                None,
                *_NAN7,
            )
        )
