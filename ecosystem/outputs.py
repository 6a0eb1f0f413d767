"""Output schema (DESIGN.md §5): canonical column names, units, definitions, and the summary.

The data dictionary (``docs/outputs.md``) is generated from these tables.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ecosystem.mechanisms.public_finance import npv_cr
from ecosystem.units import inr_per_kg_from_cr_and_t

if TYPE_CHECKING:
    from ecosystem.params import Params

#: Version of the output schema; bump when a column is renamed or its meaning changes.
SCHEMA_VERSION = "1.1"
#: Summary names before schema 1.1 (they said ``m84`` whatever ``target_month`` was) and the
#: names that replace them (DESIGN.md §5). Readers of stored results rename with
#: :func:`upgrade_names`.
LEGACY_NAMES: dict[str, str] = {
    "production_m84_t": "production_target_t",
    "twin_production_m84_t": "twin_production_target_t",
    "target_met_m84": "target_met",
    "capacity_m84_t": "capacity_target_t",
    "import_share_m84": "import_share_target",
    "expertise_gap_m84": "expertise_gap_target",
    "jobs_m84": "jobs_target",
}
#: The scheme's target (facts §1), t/yr of finished magnets.
TARGET_T = 6000.0
#: Month 0 is December 2025 (DESIGN.md §2).
START = pd.Timestamp("2025-12-01")


def upgrade_names(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename pre-1.1 summary columns (``*_m84*``) in a stored frame to their current names."""
    old = {k: v for k, v in LEGACY_NAMES.items() if k in frame.columns}
    return frame.rename(columns=old) if old else frame


@dataclass(frozen=True)
class Column:
    """One output column: name, unit, aggregation and meaning."""

    name: str
    unit: str
    definition: str
    aggregation: str = ""
    empty: str = "never empty"


_F = "flow, monthly × 12"
_S = "stock at month end"
_C = "cumulative since month 0"

TIMESERIES: tuple[Column, ...] = (
    Column("month", "month", "Months since December 2025 (0 = initial state)"),
    Column("date", "date", "First day of the month (YYYY-MM-01)"),
    Column(
        "demand_t",
        "t/yr",
        "Addressable domestic demand: loose magnets bought by makers in India",
        _F,
    ),
    Column(
        "demand_total_t",
        "t/yr",
        "Total demand incl. magnets inside imported motors and devices",
        _F,
    ),
    Column("production_t", "t/yr", "Finished magnets made by all domestic firms", _F),
    Column(
        "production_scheme_t", "t/yr", "Finished magnets made by the scheme's beneficiaries", _F
    ),
    Column(
        "capacity_installed_t", "t/yr", "Nameplate capacity commissioned, all domestic firms", _S
    ),
    Column(
        "capacity_committed_t",
        "t/yr",
        "Capacity committed (building or installed), all domestic firms",
        _S,
    ),
    Column("sales_domestic_t", "t/yr", "Domestic firms' sales to buyers in India", _F),
    Column("imports_t", "t/yr", "Magnets imported to meet addressable demand", _F),
    Column("exports_t", "t/yr", "Magnets exported by domestic firms", _F),
    Column("import_share", "share", "imports_t / demand_t", "ratio of flows"),
    Column(
        "unmet_demand_t",
        "t/yr",
        "Addressable demand neither made at home, imported nor covered from buyers' own stock",
        _F,
    ),
    Column("inventory_stock_t", "t", "Finished magnets held by domestic firms", _S),
    Column(
        "expertise_gap",
        "share",
        "Committed-capacity-weighted 1 − K over firms that have begun building",
        "weighted mean",
        "no firm has begun building",
    ),
    Column(
        "knowhow_mean",
        "share",
        "Mean know-how K over firms that have begun building",
        "mean",
        "no firm has begun building",
    ),
    Column("workforce_total", "workers", "Workers employed by domestic firms", _S),
    Column(
        "workforce_skill", "share", "Headcount-weighted skill S", "weighted mean", "nobody employed"
    ),
    Column(
        "process_yield_mean",
        "share",
        "Installed-capacity-weighted process yield of commissioned firms",
        "weighted mean",
        "no capacity installed",
    ),
    Column(
        "unit_cost_inr_per_kg",
        "₹/kg",
        "Output-weighted unit cost of producing firms",
        "weighted mean",
        "no output this month",
    ),
    Column(
        "import_price_inr_per_kg", "₹/kg", "Landed price of Chinese magnets incl. duty", "price"
    ),
    Column("sli_paid_cr", "₹ crore", "Sales-linked incentive paid", _C),
    Column("capex_subsidy_paid_cr", "₹ crore", "Capital subsidy paid", _C),
    Column(
        "budget_remaining_cr",
        "₹ crore",
        "Unspent SLI and capital-subsidy pools (of ₹7,200 crore)",
        _S,
    ),
    Column("oxide_domestic_t", "t/yr", "NdPr oxide delivered by IREL to beneficiaries", _F),
    Column("oxide_imported_t", "t/yr", "NdPr oxide imported by domestic firms", _F),
    Column("oxide_shortfall_t", "t/yr", "Oxide firms needed and could not get", _F),
    Column("n_firms_active", "firms", "Firms that have begun building and not exited", _S),
    Column("n_partnerships", "links", "Active foreign technology partnerships", _S),
    Column("lost_to_capacity_t", "t/yr", "Committed capacity not yet installed", _F),
    Column(
        "lost_to_startup_t",
        "t/yr",
        "Installed capacity not yet usable: new plants' start-up maturity below nameplate",
        _F,
    ),
    Column("lost_to_workforce_t", "t/yr", "Usable capacity not staffed", _F),
    Column(
        "lost_to_yield_t", "t/yr", "Staffed capacity lost to process yield below the frontier", _F
    ),
    Column("lost_to_materials_t", "t/yr", "Output lost for want of oxide", _F),
    Column("lost_to_market_t", "t/yr", "Output held back for want of buyers", _F),
    Column("irel_oxide_output_t", "t/yr", "NdPr oxide IREL produced (observed where given)", _F),
    Column("offtake_t", "t/yr", "Magnets the government bought under the offtake guarantee", _F),
    Column(
        "stockpile_release_t",
        "t/yr",
        "Stockpiled magnets sold to buyers imports and domestic firms left unserved",
        _F,
    ),
    Column("stockpile_stock_t", "t", "Government stockpile of magnets (offtake less releases)", _S),
    Column("workforce_novices", "workers", "Novice workers employed by domestic firms", _S),
    Column("workforce_trained", "workers", "Trained workers employed by domestic firms", _S),
    Column("workforce_experts", "workers", "Expert workers employed by domestic firms", _S),
    Column(
        "supply_cover_months",
        "months",
        "Months of addressable demand held in domestic stocks: "
        "(inventory_stock_t + stockpile_stock_t) / (demand_t / 12)",
        "ratio of a stock to a flow",
    ),
    Column("admin_paid_cr", "₹ crore", "Scheme administration spent", _C),
    Column("rnd_skilling_paid_cr", "₹ crore", "R&D and skilling grants paid from their pool", _C),
    Column(
        "price_support_paid_cr",
        "₹ crore",
        "Price-floor top-ups plus offtake purchases paid from the price-support pool",
        _C,
    ),
    Column(
        "oxide_subsidy_paid_cr",
        "₹ crore",
        "Government's share of contracted oxide (the gap to the Chinese price)",
        _C,
    ),
    Column("customs_duty_cr", "₹ crore", "Basic customs duty collected on magnet imports", _C),
    Column(
        "anti_dumping_duty_cr",
        "₹ crore",
        "Anti-dumping duty collected on the Chinese share of magnet imports",
        _C,
    ),
    Column("clawback_cr", "₹ crore", "Capital subsidy recovered from late plants", _C),
    Column("stockpile_sales_cr", "₹ crore", "Revenue from stockpile releases", _C),
    Column(
        "net_fiscal_cost_cr",
        "₹ crore",
        "Every lever's spending (SLI, capital subsidy, administration, R&D/skilling grants, "
        "price support, oxide subsidy) less revenue (customs and anti-dumping duty, clawbacks, "
        "stockpile sales); nominal. Base funding of the R&D centres is not counted.",
        _C,
    ),
    Column(
        "net_fiscal_cost_real_cr",
        "₹ crore (Dec 2025)",
        "net_fiscal_cost_cr with each month's change deflated by inflation_per_yr",
        _C,
    ),
    Column(
        "budget_unspent_cr",
        "₹ crore",
        "Unspent balance of every configured pool (SLI, capital subsidy, administration, "
        "R&D/skilling, price support, oxide subsidy)",
        _S,
    ),
    Column("import_bill_usd_m", "US$ million", "CIF value of the magnets imported", _C),
    Column(
        "import_bill_saved_usd_m",
        "US$ million",
        "Domestic sales valued at the Chinese CIF magnet price: the import bill they replaced",
        _C,
    ),
    Column("import_bill_saved_cr", "₹ crore", "import_bill_saved_usd_m in rupees at the FX", _C),
    Column(
        "oxide_import_bill_usd_m", "US$ million", "Value of the oxide domestic firms imported", _C
    ),
    Column(
        "buyers_spend_cr",
        "₹ crore",
        "What buyers in India paid for magnets: domestic purchases, imports incl. duties, "
        "stockpile releases",
        _C,
    ),
    Column(
        "oxide_price_usd_per_kg",
        "US$/kg",
        "China's NdPr oxide price: the seed's mean-reverting path, raised while controls bite",
        "price",
    ),
    Column(
        "china_supply_share",
        "share",
        "Chinese supply flowing to India as a share of normal (licence queue; 1 = no controls)",
        "share",
    ),
    Column("buyer_stock_t", "t", "Magnets held by buyers in India (their own cover)", _S),
    Column(
        "buyer_cover_months",
        "months",
        "buyer_stock_t in months of buyers' import need",
        "ratio of a stock to a flow",
    ),
    Column("buyer_cover_drawn_t", "t/yr", "Shortage buyers covered from their own stock", _F),
    Column(
        "buyer_restock_t",
        "t/yr",
        "Magnets imported to rebuild buyers' cover (paid for; not in imports_t)",
        _F,
    ),
    Column(
        "domestic_rescue_t",
        "t/yr",
        "Domestic magnets sold to buyers whose imports failed (controls)",
        _F,
    ),
    Column(
        "china_response_active",
        "bool",
        "China's strategic price cut against Indian entrants is running (1) or not (0)",
        "state",
    ),
)

AGENTS: tuple[Column, ...] = (
    Column("month", "month", "Month"),
    Column("agent_id", "id", "Mesa unique_id of the agent"),
    Column("agent_type", "", "manufacturer, rnd_centre, partner or government"),
    Column("name", "", "Archetype name (never a real firm)"),
    Column("capacity_installed_t", "t/yr", "Installed capacity (firms)", _S, "not a firm"),
    Column("capacity_committed_t", "t/yr", "Committed capacity (firms)", _S, "not a firm"),
    Column("production_t", "t/yr", "Output (firms)", _F, "not a firm"),
    Column(
        "knowhow",
        "share",
        "Know-how K (firms, partners) or knowledge stock (R&D centres)",
        _S,
        "government row",
    ),
    Column("skill", "share", "Workforce skill S (firms)", _S, "not a firm"),
    Column("workforce", "workers", "Headcount (firms)", _S, "not a firm"),
    Column("process_yield", "share", "Process yield (firms)", _S, "not a firm"),
    Column(
        "cash_cr",
        "₹ crore",
        "Ledger balance (government: unspent SLI and capital-subsidy pools)",
        _S,
    ),
    Column(
        "partner_id",
        "id",
        "unique_id of the firm's technology partner",
        _S,
        "no partner / not a firm",
    ),
    Column("beneficiary", "bool", "Selected in the tender", _S, "not a firm"),
    Column("bid_rank", "rank", "L-rank in the tender", _S, "not a beneficiary"),
    Column(
        "binding_constraint",
        "",
        "Stage of the loss chain with the largest loss this month",
        _S,
        "not a firm",
    ),
    Column(
        "unit_cost_inr_per_kg",
        "₹/kg",
        "Unit cost of the month's output (firms)",
        "per month",
        "no output / not a firm",
    ),
    Column("cum_output_t", "t", "Cumulative output (firms)", _C, "not a firm"),
    Column("sli_paid_cr", "₹ crore", "SLI received", _C, "not a firm"),
    Column("capex_subsidy_paid_cr", "₹ crore", "Capital subsidy received", _C, "not a firm"),
    Column("exited", "bool", "Has left the industry", _S, "not a firm"),
    Column("clawback_cr", "₹ crore", "Capital subsidy clawed back", _C, "not a firm"),
    Column(
        "price_support_cr",
        "₹ crore",
        "Price-floor top-ups and offtake purchases received",
        _C,
        "not a firm",
    ),
    Column(
        "domestic_oxide_share",
        "share",
        "Share of the oxide bought over the last 12 months that came from IREL",
        "trailing 12 months",
        "not a firm",
    ),
    Column(
        "sli_eligible",
        "bool",
        "Meets the domestic value-addition rule (last SLI month checked)",
        _S,
        "not a firm",
    ),
    Column("workforce_novices", "workers", "Novice workers (firms)", _S, "not a firm"),
    Column("workforce_trained", "workers", "Trained workers (firms)", _S, "not a firm"),
    Column("workforce_experts", "workers", "Expert workers (firms)", _S, "not a firm"),
)

MILESTONES: tuple[Column, ...] = (
    Column("agent_id", "id", "Firm's unique_id"),
    Column("name", "", "Archetype name"),
    Column("construction_start_month", "month", "First construction", empty="never built"),
    Column("commissioning_month", "month", "First plant commissioned", empty="not reached"),
    Column("first_output_month", "month", "First month with output", empty="not reached"),
    Column(
        "qualification_month", "month", "Automotive qualification complete", empty="not reached"
    ),
    Column(
        "qualification_automotive_month",
        "month",
        "Automotive buyers qualified the firm (= qualification_month)",
        empty="not reached",
    ),
    Column(
        "qualification_wind_month",
        "month",
        "Wind-turbine buyers qualified the firm (needs stable high grade)",
        empty="not reached",
    ),
    Column(
        "qualification_consumer_month",
        "month",
        "Electronics and appliance buyers qualified the firm",
        empty="not reached",
    ),
    Column(
        "qualification_defence_month",
        "month",
        "Defence, medical and industrial buyers qualified the firm",
        empty="not reached",
    ),
    Column(
        "nameplate_month",
        "month",
        "First month output ≥ 90% of installed capacity",
        empty="not reached",
    ),
    Column("exit_month", "month", "Exit", empty="did not exit"),
)

FLOWS: tuple[Column, ...] = (
    Column("month", "month", "Month"),
    Column("source_id", "id", "Source agent (-1 IREL, -2 labour pool, -3 oxide imports)"),
    Column("target_id", "id", "Target agent (-2 labour pool)"),
    Column("kind", "", "licence, experts, spillover, training, oxide or poaching"),
    Column(
        "amount",
        "kind-specific",
        "licence/spillover: know-how gained; experts/poaching: workers; "
        "training: workers trained; oxide: t/yr",
    ),
)

SUMMARY: tuple[Column, ...] = (
    Column("production_target_t", "t", "Output of the 12 months ending at target_month"),
    Column("target_met", "bool", "production_target_t ≥ 6,000 t"),
    Column(
        "month_target_reached",
        "month",
        "First month the trailing 12-month output reaches 6,000 t",
        empty="never within the horizon",
    ),
    Column("capacity_target_t", "t/yr", "Installed capacity at target_month"),
    Column("sli_paid_total_cr", "₹ crore", "SLI paid over the horizon"),
    Column(
        "subsidy_inr_per_kg",
        "₹/kg",
        "SLI + capital subsidy paid by target_month per kg the beneficiaries made by then",
        empty="beneficiaries made nothing",
    ),
    Column(
        "import_share_target",
        "share",
        "Imports / addressable demand over the 12 months to target_month",
    ),
    Column("expertise_gap_target", "share", "expertise_gap at target_month", empty="no firm built"),
    Column("target_shortfall_t", "t", "max(0, 6,000 − production_target_t)"),
    Column(
        "shortfall_due_to_gap_t",
        "t",
        "Twin's production_target_t − the run's. Conditional on the oxide both could get: read "
        "it with the run's and the twin's oxide_shortfall_target_t (0 means oxide did not bind; "
        "at the defaults Chinese NdPr oxide is outside export controls, controls_cover_ndpr)",
        empty="twin not run",
    ),
    Column("net_fiscal_cost_cr", "₹ crore", "net_fiscal_cost_cr at the horizon (nominal)"),
    Column(
        "net_fiscal_cost_npv_cr",
        "₹ crore (Dec 2025)",
        "Net present value of the monthly net fiscal cost at discount_rate_per_yr",
    ),
    Column(
        "net_fiscal_cost_real_cr", "₹ crore (Dec 2025)", "net_fiscal_cost_real_cr at the horizon"
    ),
    Column("budget_unspent_cr", "₹ crore", "Unspent balance of every configured pool, horizon"),
    Column("duty_revenue_cr", "₹ crore", "Customs plus anti-dumping duty collected, horizon"),
    Column("import_bill_saved_usd_m", "US$ million", "import_bill_saved_usd_m at the horizon"),
    Column("import_bill_saved_cr", "₹ crore", "import_bill_saved_cr at the horizon"),
    Column(
        "import_bill_saved_net_usd_m",
        "US$ million",
        "import_bill_saved_usd_m less the oxide import bill, horizon",
    ),
    Column("jobs_target", "workers", "workforce_total at target_month"),
    Column(
        "supply_cover_at_shock_months",
        "months",
        "supply_cover_months in the month before export controls tighten",
        empty="no shock within the horizon",
    ),
    Column(
        "shock_unmet_share",
        "share",
        "Unmet / addressable demand over the months the controls last",
        empty="no shock within the horizon",
    ),
    Column(
        "oxide_shortfall_target_t",
        "t",
        "NdPr oxide the firms wanted and could not get over the 12 months to target_month",
    ),
    Column(
        "shock_unmet_during_t",
        "t",
        "Unmet demand over the months the controls last",
        empty="no shock within the horizon",
    ),
    Column(
        "shock_unmet_after_t",
        "t",
        "Unmet demand over the 12 months after export controls end (within the horizon)",
        empty="no shock ending within the horizon",
    ),
    Column(
        "buyer_cover_at_shock_months",
        "months",
        "Buyers' own cover (buyer_cover_months) in the month before export controls tighten",
        empty="no shock within the horizon",
    ),
    Column(
        "shock_domestic_rescue_t",
        "t",
        "Domestic magnets sold to buyers whose imports failed, from the start of the controls "
        "to 12 months after they end: how much domestic output protected buyers",
        empty="no shock within the horizon",
    ),
    Column(
        "shock_domestic_output_change",
        "share",
        "Domestic output during the controls / output in the 6 months before − 1: the "
        "industry's own exposure (heavy rare earths, equipment, oxide) net of the demand it gains",
        empty="no shock within the horizon, or no output before it",
    ),
)

#: Fiscal-year frame (DESIGN.md §5), built after the run by `ecosystem.fiscal_years.fiscal_years`.
_FY_FLOW = "Σ monthly flow / 12 over the year's months"
_FY_CUM = "change of the cumulative column over the year"
_FY_END = "value in the year's last month"
FISCAL_YEAR_FLOWS: tuple[str, ...] = tuple(c.name for c in TIMESERIES if c.aggregation == _F)
FISCAL_YEAR_CUMULATIVE: tuple[str, ...] = tuple(c.name for c in TIMESERIES if c.aggregation == _C)
FISCAL_YEAR_STOCKS: tuple[str, ...] = (
    "capacity_installed_t",
    "capacity_committed_t",
    "inventory_stock_t",
    "stockpile_stock_t",
    "workforce_total",
    "workforce_novices",
    "workforce_trained",
    "workforce_experts",
    "budget_remaining_cr",
    "budget_unspent_cr",
    "n_firms_active",
)
_TS_BY_NAME = {c.name: c for c in TIMESERIES}


def _fy_unit(unit: str) -> str:
    return "t" if unit == "t/yr" else unit


FISCAL_YEARS: tuple[Column, ...] = (
    Column("fiscal_year", "", "Indian fiscal year April-March, e.g. 2026-27"),
    Column("first_month", "month", "First model month of the year in the run"),
    Column("last_month", "month", "Last model month of the year in the run"),
    Column(
        "months",
        "months",
        "Simulated months in the year: 12, except the first year (2025-26: January-March "
        "2026, because row 0, December 2025, is the initial state and carries no flow) and the "
        "last (up to the horizon)",
    ),
    Column("partial", "bool", "months < 12: the year's sums are not annualised"),
    *(
        Column(name, _fy_unit(_TS_BY_NAME[name].unit), _TS_BY_NAME[name].definition, _FY_FLOW)
        for name in FISCAL_YEAR_FLOWS
    ),
    *(
        Column(name, _TS_BY_NAME[name].unit, _TS_BY_NAME[name].definition, _FY_CUM)
        for name in FISCAL_YEAR_CUMULATIVE
    ),
    *(
        Column(name, _TS_BY_NAME[name].unit, _TS_BY_NAME[name].definition, _FY_END)
        for name in FISCAL_YEAR_STOCKS
    ),
    Column("import_share", "share", "imports_t / demand_t of the year", "ratio of the year's sums"),
)


def dates(months: int) -> list[str]:
    """``YYYY-MM-01`` for months 0..months-1 from December 2025."""
    return list(_dates(months))


@functools.lru_cache(maxsize=8)
def _dates(months: int) -> tuple[str, ...]:
    out = []
    for m in range(months):
        year, month0 = divmod(START.month - 1 + m, 12)
        out.append(f"{START.year + year:04d}-{month0 + 1:02d}-01")
    return tuple(out)


def trailing_output_t(production_t: np.ndarray) -> np.ndarray:
    """Trailing 12-month output (t) at each row from annualised monthly flows (row 0 = no flow)."""
    monthly = np.asarray(production_t, dtype=float) / 12.0
    csum = np.concatenate([[0.0], np.cumsum(monthly)])
    idx = np.arange(len(monthly))
    return csum[idx + 1] - csum[np.maximum(idx + 1 - 12, 0)]


def summarise(
    ts: Mapping[str, Any],
    target_month: int,
    beneficiary_output_t: float,
    params: Params | None = None,
) -> dict[str, float | int | bool | None]:
    """The run's summary (DESIGN.md §5) from its time series (policy outputs need ``params``).

    ``ts`` maps each time-series column to its values: the frame, or its columns as arrays
    (`SimulationResult.series`). Sums over months skip NaN, as pandas' ``Series.sum`` does.
    """
    col = _columns(ts)
    trailing = trailing_output_t(col("production_t"))
    tm = min(target_month, len(trailing) - 1)
    prod = float(trailing[tm])
    reached = np.nonzero(trailing >= TARGET_T - 1e-9)[0]
    window = slice(max(0, tm - 11), tm + 1)
    demand = float(np.nansum(col("demand_t")[window]))
    subsidy_cr = float(col("sli_paid_cr")[tm] + col("capex_subsidy_paid_cr")[tm])
    gap = float(col("expertise_gap")[tm])
    return {
        "production_target_t": prod,
        "target_met": bool(prod >= TARGET_T - 1e-9),
        "month_target_reached": int(col("month")[reached[0]]) if len(reached) else None,
        "capacity_target_t": float(col("capacity_installed_t")[tm]),
        "sli_paid_total_cr": float(col("sli_paid_cr")[-1]),
        "subsidy_inr_per_kg": inr_per_kg_from_cr_and_t(subsidy_cr, beneficiary_output_t)
        if beneficiary_output_t > 0
        else None,
        "import_share_target": float(np.nansum(col("imports_t")[window]) / demand)
        if demand > 0
        else 0.0,
        "expertise_gap_target": None if math.isnan(gap) else gap,
        "target_shortfall_t": max(0.0, TARGET_T - prod),
        "shortfall_due_to_gap_t": None,
        **policy_summary(ts, tm, params),
    }


def _columns(ts: Mapping[str, Any]) -> Callable[[str], np.ndarray]:
    """``name -> values`` of a time series given as a frame or as arrays by column."""

    def column(name: str) -> np.ndarray:
        return np.asarray(ts[name])

    return column


def policy_summary(
    ts: Mapping[str, Any], tm: int, params: Params | None
) -> dict[str, float | int | bool | None]:
    """Fiscal and policy outputs of the summary: NPV, real cost, import bill, shock cover."""
    col = _columns(ts)
    months = col("month")
    rate = params.discount_rate_per_yr if params is not None else 0.08
    out: dict[str, float | int | bool | None] = {
        "net_fiscal_cost_cr": float(col("net_fiscal_cost_cr")[-1]),
        "net_fiscal_cost_npv_cr": npv_cr(col("net_fiscal_cost_cr"), months, rate),
        "net_fiscal_cost_real_cr": float(col("net_fiscal_cost_real_cr")[-1]),
        "budget_unspent_cr": float(col("budget_unspent_cr")[-1]),
        "duty_revenue_cr": float(col("customs_duty_cr")[-1] + col("anti_dumping_duty_cr")[-1]),
        "import_bill_saved_usd_m": float(col("import_bill_saved_usd_m")[-1]),
        "import_bill_saved_cr": float(col("import_bill_saved_cr")[-1]),
        "import_bill_saved_net_usd_m": float(
            col("import_bill_saved_usd_m")[-1] - col("oxide_import_bill_usd_m")[-1]
        ),
        "jobs_target": float(col("workforce_total")[tm]),
        "supply_cover_at_shock_months": None,
        "shock_unmet_share": None,
        "oxide_shortfall_target_t": float(
            np.nansum(col("oxide_shortfall_t")[max(1, tm - 11) : tm + 1]) / 12.0
        ),
        **shock_summary(ts, params),
    }
    horizon = int(months[-1])
    if params is not None and params.china_shock and params.shock_start_month <= horizon:
        start = params.shock_start_month
        end = min(horizon + 1, start + params.shock_months)
        out["supply_cover_at_shock_months"] = float(col("supply_cover_months")[max(0, start - 1)])
        window = slice(max(1, start), end)
        demand = float(np.nansum(col("demand_t")[window]))
        out["shock_unmet_share"] = (
            float(np.nansum(col("unmet_demand_t")[window]) / demand) if demand else 0.0
        )
    return out


def shock_summary(ts: Mapping[str, Any], params: Params | None) -> dict[str, float | None]:
    """Q4 outputs: unmet demand during and after the controls, buyers' cover, domestic rescue."""
    out: dict[str, float | None] = dict.fromkeys(
        (
            "shock_unmet_during_t",
            "shock_unmet_after_t",
            "buyer_cover_at_shock_months",
            "shock_domestic_rescue_t",
            "shock_domestic_output_change",
        )
    )
    col = _columns(ts)
    horizon = int(col("month")[-1])
    if params is None or not params.china_shock or params.shock_start_month > horizon:
        return out
    start = max(1, params.shock_start_month)
    end = start + params.shock_months
    unmet = col("unmet_demand_t") / 12.0
    out["shock_unmet_during_t"] = float(unmet[start:end].sum())
    if end <= horizon:
        out["shock_unmet_after_t"] = float(unmet[end : end + 12].sum())
    out["buyer_cover_at_shock_months"] = float(col("buyer_cover_months")[start - 1])
    out["shock_domestic_rescue_t"] = float(
        np.nansum(col("domestic_rescue_t")[start : end + 12]) / 12.0
    )
    made = col("production_t")
    before = float(made[max(1, start - 6) : start].mean()) if start > 1 else 0.0
    if before > 0.0:
        out["shock_domestic_output_change"] = float(made[start:end].mean()) / before - 1.0
    return out
