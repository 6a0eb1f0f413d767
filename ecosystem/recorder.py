"""Collects the model's rows month by month (plain lists; frames are built on demand).

A hand-written recorder rather than Mesa's DataCollector: the columns are fixed by the output
schema (`ecosystem.outputs`) and a list of tuples is several times cheaper per month than reporter
calls. Every value is bound to its column by name, declared once: the time-series row is a
``{column: value}`` mapping read in schema order, and each agent row is an expression per column
(`FIRM_ROW`, ...) compiled once into one function that returns the tuple (as fast as a literal).
Adding a column is one line here and one `Column` in `ecosystem.outputs`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ecosystem import frames
from ecosystem.mechanisms.bounds import max2
from ecosystem.outputs import AGENTS, FLOWS, TIMESERIES

if TYPE_CHECKING:
    from ecosystem.market_clearing import MarketMonth
    from ecosystem.model import MagnetModel

TS_COLUMNS: tuple[str, ...] = tuple(c.name for c in TIMESERIES if c.name != "date")
FIRM_COLUMNS: tuple[str, ...] = tuple(c.name for c in AGENTS)
#: The time-series mapping's values in `TS_COLUMNS` order.
_ts_values = itemgetter(*TS_COLUMNS)

#: Agent-row columns that are None (not NaN) where they do not apply (flags, ids, labels).
OBJECT_COLUMNS = frozenset(
    {"partner_id", "beneficiary", "bid_rank", "binding_constraint", "exited", "sli_eligible"}
)

#: Agent-row columns by kind (`ecosystem.frames`) other than numbers (float64, None → NaN):
#: whole numbers, text, and flags (True/False, or None for agents they do not apply to).
_AGENT_KIND: dict[str, str] = {
    "month": frames.INT,
    "agent_id": frames.INT,
    "agent_type": frames.TEXT,
    "name": frames.TEXT,
    "binding_constraint": frames.TEXT,
    "beneficiary": frames.FLAG,
    "exited": frames.FLAG,
    "sli_eligible": frames.FLAG,
}
AGENT_KINDS: tuple[str, ...] = tuple(_AGENT_KIND.get(col, frames.FLOAT) for col in FIRM_COLUMNS)
#: Number columns that are None (not NaN) where they do not apply, by frame: a run in which
#: every row is None has them as object columns of None, any other as float64 (stores that
#: concatenate runs need to know, `experiments.storage`).
NONE_FILLED_NUMBERS: dict[str, tuple[str, ...]] = {
    "agents": tuple(
        col
        for col, kind in zip(FIRM_COLUMNS, AGENT_KINDS, strict=True)
        if kind == frames.FLOAT and col in OBJECT_COLUMNS
    ),
}
FLOW_COLUMNS: tuple[str, ...] = tuple(c.name for c in FLOWS)
#: A flow row: (month, source_id, target_id, kind, amount).
FLOW_KINDS: tuple[str, ...] = (frames.INT, frames.INT, frames.INT, frames.TEXT, frames.FLOAT)

#: A manufacturer ``f``'s row in ``month``: each column with the expression of its value.
FIRM_ROW: tuple[tuple[str, str], ...] = (
    ("month", "month"),
    ("agent_id", "f.unique_id"),
    ("agent_type", "'manufacturer'"),
    ("name", "f.name"),
    ("capacity_installed_t", "f.installed_t"),
    ("capacity_committed_t", "f.committed_t"),
    ("production_t", "f.month_output_t * 12.0"),
    ("knowhow", "f.knowhow"),
    ("skill", "f.skill"),
    ("workforce", "f.headcount"),
    ("process_yield", "f.process_yield"),
    ("cash_cr", "f.cash_cr"),
    ("partner_id", "f.partner.unique_id if f.partner is not None else None"),
    ("beneficiary", "f.beneficiary"),
    ("bid_rank", "f.bid_rank"),
    ("binding_constraint", "f.chain.binding() if f.plants and not f.exited else 'none'"),
    ("unit_cost_inr_per_kg", "f.unit_cost if f.month_output_t > 0.0 else nan"),
    ("cum_output_t", "f.cum_output_t"),
    ("sli_paid_cr", "f.sli_paid_cr"),
    ("capex_subsidy_paid_cr", "f.subsidy_paid_cr"),
    ("exited", "f.exited"),
    ("clawback_cr", "f.clawback_cr"),
    ("price_support_cr", "f.price_support_cr"),
    ("domestic_oxide_share", "f.domestic_oxide_share"),
    ("sli_eligible", "f.sli_eligible"),
    ("workforce_novices", "f.novices"),
    ("workforce_trained", "f.trained"),
    ("workforce_experts", "f.experts"),
)
#: An R&D centre ``c``'s row (other columns empty).
RND_ROW: tuple[tuple[str, str], ...] = (
    ("month", "month"),
    ("agent_id", "c.unique_id"),
    ("agent_type", "'rnd_centre'"),
    ("name", "c.name"),
    ("knowhow", "c.knowledge"),
    ("cash_cr", "ledger.balance(c.account)"),
)
#: A technology partner ``pt``'s row (other columns empty).
PARTNER_ROW: tuple[tuple[str, str], ...] = (
    ("month", "month"),
    ("agent_id", "pt.unique_id"),
    ("agent_type", "'partner'"),
    ("name", "pt.name"),
    ("knowhow", "pt.knowhow"),
    ("cash_cr", "ledger.balance(pt.account)"),
)
#: The government ``g``'s row (other columns empty).
GOVERNMENT_ROW: tuple[tuple[str, str], ...] = (
    ("month", "month"),
    ("agent_id", "g.unique_id"),
    ("agent_type", "'government'"),
    ("name", "g.name"),
    ("cash_cr", "g.budget_remaining_cr"),
    ("sli_paid_cr", "g.sli_paid_cr"),
    ("capex_subsidy_paid_cr", "g.capex_paid_cr"),
)


def compile_row(
    arguments: str, fields: Sequence[tuple[str, str]], columns: Sequence[str] = FIRM_COLUMNS
) -> Callable[..., tuple[Any, ...]]:
    """One function ``(arguments) -> tuple`` giving each of ``columns`` the value named for it.

    ``fields`` pairs a column with a Python expression of ``arguments`` (and ``nan``); a column it
    leaves out is empty (None in `OBJECT_COLUMNS`, else NaN). Compiled once, the function builds
    a tuple literal, so naming the values costs nothing per row.

    Raises:
        ValueError: a field names no column, or names one twice.
    """
    names = [name for name, _ in fields]
    unknown = sorted(set(names) - set(columns))
    if unknown or len(set(names)) != len(names):
        raise ValueError(f"row fields {unknown or names} are not distinct columns of {columns}")
    given = dict(fields)
    values = [given.get(col, "None" if col in OBJECT_COLUMNS else "nan") for col in columns]
    source = f"def row({arguments}):\n    return ({', '.join(values)},)\n"
    namespace: dict[str, Any] = {"nan": math.nan}
    exec(
        compile(source, f"<row {arguments}>", "exec"), namespace
    )  # our own text, from the declarations above
    return namespace["row"]


_firm_row = compile_row("f, month", FIRM_ROW)
_rnd_row = compile_row("c, month, ledger", RND_ROW)
_partner_row = compile_row("pt, month, ledger", PARTNER_ROW)
_government_row = compile_row("g, month", GOVERNMENT_ROW)


def ordered(values: Mapping[str, Any]) -> tuple[Any, ...]:
    """A time-series row: ``values`` (one per column, by name) in `TS_COLUMNS` order.

    Raises:
        ValueError: ``values`` lacks a column or has one the schema does not know.
    """
    if len(values) != len(TS_COLUMNS):
        extra = sorted(set(values) - set(TS_COLUMNS))
        missing = sorted(set(TS_COLUMNS) - set(values))
        raise ValueError(f"time-series row: unknown {extra}, missing {missing}")
    return _ts_values(values)


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
        flows = self._market_columns(market)
        firms = self._firm_columns()
        demand_t, stockpile = flows["demand_t"], m.government.stockpile_t
        inventory = firms["inventory_stock_t"]
        self.rows.append(
            ordered(
                {
                    "month": m.month,
                    **flows,
                    **firms,
                    "import_price_inr_per_kg": m.imports.price_inr_per_kg,
                    "n_partnerships": sum(len(pt.clients) for pt in m.partners),
                    "irel_oxide_output_t": m.raw.irel_month_t * 12.0,
                    "stockpile_stock_t": stockpile,
                    "supply_cover_months": (inventory + stockpile) / (demand_t / 12.0)
                    if demand_t > 0.0
                    else 0.0,
                    **self._fiscal_columns(),
                    **self._shock_row(market),
                }
            )
        )
        if self.record_agents:
            self._record_agents()

    def _market_columns(self, market: MarketMonth | None) -> dict[str, float]:
        """The month's market flows at annual rates (t/yr); adds the month's import bills."""
        m = self.model
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
        return {
            "demand_t": demand_t,
            "demand_total_t": m.demand.total_t,
            "sales_domestic_t": sales,
            "imports_t": imports_t,
            "exports_t": exports,
            "import_share": imports_t / demand_t if demand_t > 0 else 0.0,
            "unmet_demand_t": unmet,
            "oxide_domestic_t": oxd,
            "oxide_imported_t": oxi,
            "oxide_shortfall_t": oxs,
            "offtake_t": offtake,
            "stockpile_release_t": release,
        }

    def _firm_columns(self) -> dict[str, float]:
        """Sums and capacity- or headcount-weighted means over the active firms."""
        n = 0
        output = scheme = installed = committed = inventory = 0.0
        gap_w = knowhow = headcount = skill_w = yield_w = cost_w = 0.0
        novices = trained = experts = 0.0
        losses = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        for f in self.model.firms:
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
            losses[0] += max2(0.0, cap_c - f.chain.installed)
            for i in range(1, 6):
                losses[i] += chain_losses[i]
        nan = math.nan
        return {
            "production_t": output * 12.0,
            "production_scheme_t": scheme * 12.0,
            "capacity_installed_t": installed,
            "capacity_committed_t": committed,
            "inventory_stock_t": inventory,
            "expertise_gap": gap_w / committed if committed > 0.0 else nan,
            "knowhow_mean": knowhow / n if n else nan,
            "workforce_total": headcount,
            "workforce_skill": skill_w / headcount if headcount > 0.0 else nan,
            "process_yield_mean": yield_w / installed if installed > 0.0 else nan,
            "unit_cost_inr_per_kg": cost_w / output if output > 0.0 else nan,
            "n_firms_active": n,
            "lost_to_capacity_t": losses[0],
            "lost_to_startup_t": losses[1],
            "lost_to_workforce_t": losses[2],
            "lost_to_yield_t": losses[3],
            "lost_to_materials_t": losses[4],
            "lost_to_market_t": losses[5],
            "workforce_novices": novices,
            "workforce_trained": trained,
            "workforce_experts": experts,
        }

    def _fiscal_columns(self) -> dict[str, float]:
        """Scheme payments, duties and the cumulative bills (₹ crore, US$ million)."""
        m = self.model
        gov = m.government
        totals = m.ledger.totals
        net = gov.net_fiscal_cost_cr
        self.net_real_cr += (net - self.net_nominal_cr) * self.deflate**m.month
        self.net_nominal_cr = net
        customs, dumping = totals["customs_duty"], totals["anti_dumping_duty"]
        return {
            "sli_paid_cr": gov.sli_paid_cr,
            "capex_subsidy_paid_cr": gov.capex_paid_cr,
            "budget_remaining_cr": gov.budget_remaining_cr,
            "admin_paid_cr": totals["administration"],
            "rnd_skilling_paid_cr": totals["rnd_grant"],
            "price_support_paid_cr": totals["price_floor"] + totals["offtake"],
            "oxide_subsidy_paid_cr": totals["oxide_subsidy"],
            "customs_duty_cr": customs,
            "anti_dumping_duty_cr": dumping,
            "clawback_cr": totals["clawback"],
            "stockpile_sales_cr": totals["stockpile_sales"],
            "net_fiscal_cost_cr": net,
            "net_fiscal_cost_real_cr": self.net_real_cr,
            "budget_unspent_cr": gov.budget_unspent_cr,
            "import_bill_usd_m": self.import_cif_usd_m,
            "import_bill_saved_usd_m": self.saved_usd_m,
            "import_bill_saved_cr": self.saved_cr,
            "oxide_import_bill_usd_m": self.oxide_usd_m,
            "buyers_spend_cr": totals["sales"]
            + totals["imports"]
            + customs
            + dumping
            + totals["stockpile_sales"],
        }

    def _shock_row(self, market: MarketMonth | None) -> dict[str, float]:
        """Prices, the licence queue and buyers' cover, by column name."""
        imp = self.model.imports
        drawn = restock = rescued = 0.0
        if market is not None:
            drawn, restock = market.cover_drawn_t * 12.0, market.restock_t * 12.0
            rescued = market.rescued_t * 12.0
        return {
            "oxide_price_usd_per_kg": imp.oxide_usd_per_kg,
            "china_supply_share": imp.china_flow,
            "buyer_stock_t": imp.buyer_stock_t or 0.0,
            "buyer_cover_months": imp.buyer_cover_months,
            "buyer_cover_drawn_t": drawn,
            "buyer_restock_t": restock,
            "domestic_rescue_t": rescued,
            "china_response_active": float(imp.response_active),
        }

    def _record_agents(self) -> None:
        m = self.model
        month, ledger, rows = m.month, m.ledger, self.agent_rows
        for f in m.firms:
            rows.append(_firm_row(f, month))
        for c in m.rnd_centres:
            rows.append(_rnd_row(c, month, ledger))
        for pt in m.partners:
            rows.append(_partner_row(pt, month, ledger))
        rows.append(_government_row(m.government, month))
