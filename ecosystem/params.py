"""All model parameters in one validated, documented place.

Every field carries its label, unit, range, sources (rows of the evidence register, design choices
or publications: ``ecosystem/sources.py``, ``docs/sources.md``) or the mark "assumption", a prior,
a group and a role (``docs/ODD.md``). Names are flat
and stable: the experiments, the front end and scenario files refer to them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, ClassVar, get_type_hints

from ecosystem.fieldspec import FieldSpec, ParameterError, Prior, Source, coerce_value, param
from ecosystem.fieldspec import spec_from_field as _spec_from_field
from ecosystem.sources import cite, register


def _f(section: str, row: str, value: str = "", date: str = "") -> Source:
    """A row of the evidence register (``docs/sources.md``), named by section and row name.

    ``row`` may be the row's name, an alias or an unambiguous prefix, case-insensitively; a row
    that matches nothing fails at import (:class:`~ecosystem.sources.SourceError`).
    """
    return Source(cite(section, row).ref, value, date)


def _tri(low: float, mode: float, high: float) -> Prior:
    """A triangular prior with an explicit mode (its median is the field's default)."""
    return Prior("triangular", float(low), float(high), float(mode))


def _d(key: str, value: str = "") -> Source:
    """One of the project's documented design choices (``docs/ODD.md``, ``docs/sources.md``)."""
    return Source(register().design(key).ref, value)


_SCHEME = "scheme"
_MARKET = "market"
_TECH = "technology"
_WORK = "workforce"
_RAW = "raw material"
_SHOCK = "shock"
_RUN = "run"
_U, _L, _S, _R = "uncertainty", "lever", "structural", "run"


@dataclass(frozen=True, init=False)
class Params:
    """Validated model parameters (immutable). Build with keywords; change with `replace`.

    Raises:
        ParameterError: a value is of the wrong type, outside its range, or inconsistent with
            another (e.g. ``target_month`` after ``horizon_months``).
    """

    # ---- run ---------------------------------------------------------------------------------
    horizon_months: int = param(
        120,
        low=12,
        high=360,
        unit="months",
        label="Simulated horizon",
        group=_RUN,
        role=_R,
        sources=(_d("horizon", "default horizon 120"),),
    )
    award_month: int = param(
        14,
        low=1,
        high=36,
        unit="month",
        label="Tender award month (0 = Dec 2025)",
        group=_SCHEME,
        role=_U,
        sources=(
            _f("1", "notified 15 Dec 2025"),
            _d("award timing", "RFP still drafted Jan 2026; mode 9, median 14"),
        ),
        prior=_tri(1, 9, 36),
    )
    target_month: int = param(
        84,
        low=12,
        high=360,
        unit="month",
        label="Month the seven-year target is evaluated",
        group=_RUN,
        role=_R,
        sources=(
            _f("1", "duration: 7 years from award", "7 years"),
            _d("target month", "default 84 = Dec 2032"),
        ),
    )
    frontier_expertise: bool = param(
        False,
        unit="",
        label="Every firm starts at frontier know-how with an expert workforce (twin)",
        group=_RUN,
        role=_R,
        sources=(_d("expertise-gap twin"),),
    )
    scheme_enabled: bool = param(
        True,
        unit="",
        label="The incentive scheme runs (tender, SLI, capital subsidy)",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "approved 26 Nov 2025"),),
    )
    oxide_unconstrained: bool = param(
        False,
        unit="",
        label="Attribution switch: oxide never binds",
        group=_RUN,
        role=_R,
        sources=(_d("attribution switches"),),
    )
    market_unconstrained: bool = param(
        False,
        unit="",
        label="Attribution switch: every tonne made finds a buyer",
        group=_RUN,
        role=_R,
        sources=(_d("attribution switches"),),
    )
    capacity_built_at_once: bool = param(
        False,
        unit="",
        label="Attribution switch: committed capacity is installed at once",
        group=_RUN,
        role=_R,
        sources=(_d("attribution switches"),),
    )

    # ---- structure ---------------------------------------------------------------------------
    n_firms: int = param(
        7,
        low=1,
        high=1000,
        unit="firms",
        label="Candidate manufacturers",
        group=_RUN,
        role=_S,
        sources=(_f("1", "interested bidders", "about 7 companies"),),
    )
    n_rnd_centres: int = param(
        5,
        low=0,
        high=1000,
        unit="centres",
        label="Public R&D centres with magnet work",
        group=_RUN,
        role=_S,
        sources=(_f("3", "public R&D centres", "NFTDC, BARC, DMRL, ARCI, CSIR-NML"),),
    )
    n_partners: int = param(
        5,
        low=0,
        high=1000,
        unit="firms",
        label="Foreign technology partners (Japan 2, Korea 2, Germany 1)",
        group=_RUN,
        role=_S,
        sources=(_d("technology partners", "Japan x2, South Korea x2, Germany x1"),),
    )
    n_beneficiaries: int = param(
        5,
        low=0,
        high=1000,
        unit="firms",
        label="Beneficiaries selected by the tender",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "beneficiaries", "5"),),
    )

    tender_reopen_months: int = param(
        12,
        low=1,
        high=60,
        unit="months",
        label="Months after an under-filled award (or round) before the tender re-opens",
        group=_SCHEME,
        role=_U,
        prior=Prior("discrete", 6, 18),
        note=(
            "Assumption: a new request for proposals, its bid period and evaluation take 6-18 "
            "months; the scheme's documents are silent (evidence 1.7; design: tender "
            "re-opening; docs/ODD.md §7.4)."
        ),
    )
    tender_max_rounds: int = param(
        2,
        low=0,
        high=10,
        unit="rounds",
        label="Re-opened rounds of an under-filled tender, at most",
        group=_SCHEME,
        role=_U,
        prior=Prior("discrete", 0, 4),
        note=(
            "Assumption: 0 (the places stay empty) to 4 rounds; the scheme's documents are "
            "silent (evidence 1.7; design: tender re-opening; docs/ODD.md §7.4)."
        ),
    )

    # ---- scheme ------------------------------------------------------------------------------
    sli_pool_cr: float = param(
        6450.0,
        low=0,
        high=50000,
        unit="₹ crore",
        label="Sales-linked incentive pool",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "SLI pool", "₹6,450 crore"),),
    )
    capex_subsidy_pool_cr: float = param(
        750.0,
        low=0,
        high=10000,
        unit="₹ crore",
        label="Capital subsidy pool",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capital subsidy pool", "₹750 crore"),),
    )
    admin_pool_cr: float = param(
        80.0,
        low=0,
        high=1000,
        unit="₹ crore",
        label="Administration (remainder of the outlay)",
        group=_SCHEME,
        role=_S,
        sources=(_f("1", "remainder", "₹80 crore, derived"),),
    )
    sli_ceiling_inr_per_kg: float = param(
        2150.0,
        low=0,
        high=10000,
        unit="₹/kg",
        label="SLI rate ceiling",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "SLI ceiling", "₹2,150/kg"),),
    )
    sli_sales_cap_share: float = param(
        0.40,
        low=0,
        high=1,
        unit="share of net sales",
        label="SLI cap as a share of net sales",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "SLI cap", "40% of net sales turnover"),),
    )
    gestation_months: int = param(
        24,
        low=0,
        high=60,
        unit="months",
        label="Gestation before the SLI window opens",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "duration", "2 years gestation"),),
    )
    sli_window_months: int = param(
        60,
        low=12,
        high=120,
        unit="months",
        label="SLI window length",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "duration", "5 years of SLI"),),
    )
    scheme_capacity_t: float = param(
        6000.0,
        low=0,
        high=100000,
        unit="t/yr",
        label="Scheme capacity target (allocated in the tender)",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "target", "6,000 t/yr"),),
    )
    bid_capacity_min_t: float = param(
        600.0,
        low=100,
        high=5000,
        unit="t/yr",
        label="Smallest capacity a bid may offer",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capacity per beneficiary", "600 to 1,200 t/yr"),),
    )
    bid_capacity_max_t: float = param(
        1200.0,
        low=100,
        high=10000,
        unit="t/yr",
        label="Largest capacity a bid may offer",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capacity per beneficiary", "600 to 1,200 t/yr"),),
    )
    bid_capacity_step_t: float = param(
        100.0,
        low=10,
        high=1000,
        unit="t/yr",
        label="Step of bid capacities",
        group=_SCHEME,
        role=_S,
        sources=(_f("1", "capacity per beneficiary", "steps of 100 t"),),
    )
    capex_subsidy_share: float = param(
        0.15,
        low=0,
        high=0.5,
        unit="share of eligible investment",
        label="Capital subsidy rate",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capital subsidy", "15% of eligible investment"),),
    )
    capex_subsidy_milestone_progress: float = param(
        0.5,
        low=0.05,
        high=0.95,
        unit="share of construction",
        label="Construction progress at which the first capital-subsidy tranche is paid",
        group=_SCHEME,
        role=_U,
        prior=Prior("uniform", 0.3, 0.7),
        note=(
            "Assumption: the scheme pays the capital subsidy 'at milestones' (evidence 1.13) "
            "without saying which; the first at 30-70% of construction, the rest at "
            "commissioning."
        ),
    )
    capex_subsidy_first_tranche_share: float = param(
        0.5,
        low=0,
        high=1,
        unit="share of entitlement",
        label="Share of a beneficiary's capital subsidy paid at the first milestone",
        group=_SCHEME,
        role=_U,
        prior=Prior("uniform", 0.25, 0.75),
        note=(
            "Assumption: the milestones' split is not reported (evidence 1.13); 25-75% at the "
            "first, the rest at commissioning."
        ),
    )
    capex_subsidy_cap_min_cr: float = param(
        75.0,
        low=0,
        high=1000,
        unit="₹ crore",
        label="Capital subsidy cap at the smallest capacity",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capital subsidy", "capped ₹75 cr (600 t)"),),
    )
    capex_subsidy_cap_max_cr: float = param(
        150.0,
        low=0,
        high=2000,
        unit="₹ crore",
        label="Capital subsidy cap at the largest capacity",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "capital subsidy", "₹150 cr (1,100-1,200 t)"),),
    )
    net_worth_min_cr: float = param(
        180.0,
        low=0,
        high=5000,
        unit="₹ crore",
        label="Net worth required for the smallest bid",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "net-worth requirement", "₹180 cr (600 t)"),),
    )
    net_worth_max_cr: float = param(
        375.0,
        low=0,
        high=10000,
        unit="₹ crore",
        label="Net worth required for the largest bid",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "net-worth requirement", "₹375 cr (1,100-1,200 t)"),),
    )
    irel_beneficiaries: int = param(
        3,
        low=0,
        high=100,
        unit="firms",
        label="Lowest bidders that share IREL's oxide",
        group=_SCHEME,
        role=_L,
        sources=(_f("1", "raw-material assurance", "L1-L3"),),
    )
    irel_allocation_rule: str = param(
        "equal",
        choices=("equal", "capacity", "rank"),
        unit="",
        label="How IREL oxide is split among the lowest bidders",
        group=_SCHEME,
        role=_L,
        note="Not specified in the scheme; 'equal' is the simplest reading.",
    )
    capex_cr_per_kt: float = param(
        560.0,
        low=120,
        high=1100,
        unit="₹ crore per 1,000 t/yr",
        label="Investment per 1,000 t/yr of integrated capacity",
        group=_SCHEME,
        role=_U,
        sources=(
            _f("1", "minimum investment", "₹300-600 cr, ≈₹50 lakh per t/yr"),
            _f("4", "capex per t/yr", "China US$15-20k … MP US$125k per t/yr"),
        ),
        prior=_tri(120, 500, 1100),
    )

    # ---- levers of the scenarios -------------------------------------------------------------
    g2g_deals: bool = param(
        False,
        unit="",
        label="Government-to-government partnership deals",
        group=_SCHEME,
        role=_L,
        note="Lever of the partnership_push scenario.",
    )
    g2g_willingness_boost: float = param(
        0.4,
        low=0,
        high=1,
        unit="willingness",
        label="Rise in partner willingness under a G2G deal",
        group=_SCHEME,
        role=_U,
        prior=_tri(0, 0.3, 1),
    )
    rnd_skilling_pool_cr: float = param(
        0.0,
        low=0,
        high=10000,
        unit="₹ crore",
        label="Extra R&D and skilling funding (own pool)",
        group=_SCHEME,
        role=_L,
        note="Zero in the approved scheme.",
    )
    rnd_share_of_pool: float = param(
        0.5,
        low=0,
        high=1,
        unit="share",
        label="Share of the R&D/skilling pool spent on research",
        group=_SCHEME,
        role=_L,
    )
    rnd_skilling_years: float = param(
        5.0,
        low=1,
        high=20,
        unit="years",
        label="Years over which the R&D/skilling pool is spent",
        group=_SCHEME,
        role=_L,
    )
    oxide_contract_t_per_yr: float = param(
        0.0,
        low=0,
        high=20000,
        unit="t NdPr oxide/yr",
        label="Contracted ex-China oxide supply (government-backed)",
        group=_RAW,
        role=_L,
        sources=(_f("1", "foreign oxide suppliers interested", "Lynas, Iluka, Rainbow"),),
    )
    oxide_contract_price_usd_per_kg: float = param(
        110.0,
        low=30,
        high=300,
        unit="US$/kg oxide",
        label="Price of contracted oxide",
        group=_RAW,
        role=_L,
        sources=(_f("2", "Western NdPr floor price", "US$110/kg"),),
    )
    export_ban_raw: bool = param(
        False,
        unit="",
        label="Ban on exporting IREL's rare-earth oxide (Japan offtake stops)",
        group=_RAW,
        role=_L,
        sources=(_f("3", "exports to Japan", "halt requested Jun 2025"),),
    )
    irel_expansion_t_per_yr: float = param(
        0.0,
        low=0,
        high=5000,
        unit="t NdPr oxide/yr",
        label="Extra IREL oxide capacity (lever)",
        group=_RAW,
        role=_L,
    )
    irel_expansion_month: int = param(
        36,
        low=0,
        high=240,
        unit="month",
        label="Month the IREL expansion comes on line",
        group=_RAW,
        role=_L,
        note="Mining and separation take years (evidence 5.1, 5.2: ~6-7 years for a new mine).",
    )

    # ---- incentive designs (policy levers; defaults = the scheme as approved) ----------------
    sli_shape: str = param(
        "flat",
        choices=("flat", "tapering", "front_loaded"),
        unit="",
        label="Shape of the SLI rate over the incentive years (mean factor 1)",
        group=_SCHEME,
        role=_L,
        sources=(
            _f("1", "domestic value-addition rule, tapering", "none found in the final scheme"),
            _d("SLI shape", "flat = 1 as approved"),
        ),
        note="tapering: linear from 1+s to 1-s; front_loaded: geometric, ratio 1-s (s = "
        "sli_shape_strength); both average 1 over the window, so the per-firm maximum binds as "
        "under the flat rate.",
    )
    sli_shape_strength: float = param(
        0.4,
        low=0,
        high=0.9,
        unit="-",
        label="Strength s of a tapering or front-loaded SLI shape",
        group=_SCHEME,
        role=_L,
    )
    sli_to_capex_shift_share: float = param(
        0.0,
        low=-1,
        high=1,
        unit="share of a pool",
        label="Outlay moved between pools at equal total (+: SLI → capital subsidy; −: back)",
        group=_SCHEME,
        role=_L,
        sources=(
            _f("1", "SLI pool", "₹6,450 crore"),
            _f("1", "capital subsidy pool", "₹750 crore"),
        ),
        note="0 = the approved split. The capital-subsidy rate and per-firm caps scale with the "
        "pool it ends up with (rate at most 100%); the per-firm SLI maximum scales with the SLI "
        "pool.",
    )
    sli_min_domestic_oxide_share: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of oxide bought",
        label="Domestic value-addition rule: least IREL share of a firm's oxide (trailing 12 "
        "months) for SLI",
        group=_SCHEME,
        role=_L,
        sources=(
            _f(
                "1",
                "domestic value-addition rule",
                "none in the final scheme; a local-sourcing tier was considered (Aug 2025)",
            ),
        ),
    )
    price_floor_inr_per_kg: float = param(
        0.0,
        low=0,
        high=20000,
        unit="₹/kg",
        label="Price floor: the government pays the gap to the landed import price per kg sold "
        "at home",
        group=_SCHEME,
        role=_L,
        sources=(_f("2", "Western NdPr floor price", "US$110/kg, DoD–MP Materials, 10 years"),),
        note="0 = no floor (the scheme has none). The market reference is the landed import "
        "price, as the US floor is set against the market price; firms pass on the same share "
        "of the top-up as of the SLI (sli_passthrough_share). Paid from the price-support pool.",
    )
    offtake_share: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of good output",
        label="Offtake guarantee: share of a firm's output the government buys when unsold",
        group=_SCHEME,
        role=_L,
        sources=(_f("2", "Western NdPr floor price", "DoD–MP: floor plus guaranteed offtake"),),
        note="Bought at the floor (or the firm's price if there is no floor) into a strategic "
        "stockpile released to buyers left unserved in a shock. Paid from the price-support pool.",
    )
    price_support_years: float = param(
        10.0,
        low=1,
        high=30,
        unit="years",
        label="Years from the award that the price floor and offtake guarantee run",
        group=_SCHEME,
        role=_L,
        sources=(_f("2", "Western NdPr floor price", "10 years"),),
    )
    price_support_pool_cr: float = param(
        1000.0,
        low=0,
        high=50000,
        unit="₹ crore",
        label="Budget of the price floor and offtake guarantee (own pool)",
        group=_SCHEME,
        role=_L,
        note="Funded only when the floor or offtake is on; nothing is paid beyond it.",
    )
    late_grace_months: int = param(
        6,
        low=0,
        high=36,
        unit="months",
        label="Grace after the gestation period before late commissioning is penalised",
        group=_SCHEME,
        role=_L,
    )
    late_clawback_share_per_month: float = param(
        0.0,
        low=0,
        high=1,
        unit="share/month",
        label="Share of the capital subsidy received clawed back per month of late commissioning",
        group=_SCHEME,
        role=_L,
        note="0 = no penalty (none found in the scheme).",
    )
    clawback_to_sli_pool: bool = param(
        False,
        unit="",
        label="Clawed-back money returns to the SLI pool (else to the treasury)",
        group=_SCHEME,
        role=_L,
    )
    plant_scale_exponent: float = param(
        0.8,
        low=0.6,
        high=1.0,
        unit="-",
        label="Scale exponent b of plant investment: capex ∝ capacity^b (per 1,000 t/yr)",
        group=_TECH,
        role=_U,
        note="1 = constant investment per tonne, as the capex figures of evidence 4.1 are quoted; "
        "process plants often follow a six-tenths rule (b ≈ 0.6-0.8), which makes smaller "
        "plants dearer per tonne.",
    )
    oxide_contract_payer: str = param(
        "firms",
        choices=("firms", "government"),
        unit="",
        label="Who pays the gap between contracted and Chinese oxide prices",
        group=_RAW,
        role=_L,
        sources=(_f("1", "foreign oxide suppliers interested", "Lynas, Iluka, Rainbow"),),
        note="government: firms pay the price inside China for contracted oxide and the "
        "oxide-subsidy pool pays the rest.",
    )
    oxide_subsidy_pool_cr: float = param(
        1000.0,
        low=0,
        high=50000,
        unit="₹ crore",
        label="Budget for the government's share of contracted oxide (own pool)",
        group=_RAW,
        role=_L,
        note="Funded only when the government pays the gap and oxide is contracted.",
    )

    # ---- fiscal accounting -------------------------------------------------------------------
    discount_rate_per_yr: float = param(
        0.08,
        low=0,
        high=0.2,
        unit="1/yr",
        label="Discount rate of the fiscal cost's net present value",
        group=_SCHEME,
        role=_S,
        note="Assumption (the experiments' default); to December 2025.",
    )
    inflation_per_yr: float = param(
        0.04,
        low=0,
        high=0.1,
        unit="1/yr",
        label="Inflation that turns nominal into real (December 2025) rupees",
        group=_SCHEME,
        role=_S,
        sources=(Source("RBI 2016", "CPI 4% ± 2%", "2016"),),
    )

    # ---- market ------------------------------------------------------------------------------
    fx_inr_per_usd: float = param(
        89.0,
        low=70,
        high=110,
        unit="₹/US$",
        label="Exchange rate",
        group=_MARKET,
        role=_U,
        sources=(_f("0", "FX", "≈₹89/US$ (Reuters, Nov 2025)", "2025-11"),),
        prior="triangular",
    )
    demand_total_t0: float = param(
        7000.0,
        low=5000,
        high=9000,
        unit="t/yr",
        label="Total NdFeB demand incl. magnets in imported devices, Dec 2025",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "total NdFeB demand", "~7,000 t/yr (2025)"),),
        prior="triangular",
    )
    demand_growth_per_yr: float = param(
        0.15,
        low=0.05,
        high=0.22,
        unit="1/yr",
        label="Growth of total demand",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "growth", "doubles 2025→2030, ≈15%/yr"),),
        prior=Prior.with_median(0.05, 0.15, 0.22),
    )
    addressable_share0: float = param(
        0.093,
        low=0.06,
        high=0.13,
        unit="share of total demand",
        label="Share of demand bought as loose magnets by makers in India, Dec 2025",
        group=_MARKET,
        role=_U,
        sources=(
            _f("2", "rare-earth magnet imports", "540 t (Crisil) / ~700 t (industry) of ~7,000 t"),
        ),
        prior=_tri(0.06, 0.09, 0.13),
    )
    assembly_share_growth_per_yr: float = param(
        0.035,
        low=0.0,
        high=0.08,
        unit="share points/yr",
        label="Yearly rise of the share of demand assembled in India",
        group=_MARKET,
        role=_U,
        prior=_tri(0, 0.03, 0.08),
        note="Assumption: motor and device assembly moves to India.",
    )
    assembly_share_max: float = param(
        0.8,
        low=0.2,
        high=1.0,
        unit="share",
        label="Ceiling of the domestic-assembly share",
        group=_MARKET,
        role=_S,
    )
    sector_share_autos: float = param(
        0.50,
        low=0.45,
        high=0.55,
        unit="share",
        label="Autos/EV share of demand",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "sector split", "autos 45-55% (assumption)"),),
    )
    sector_share_electronics: float = param(
        0.30,
        low=0.25,
        high=0.35,
        unit="share",
        label="Electronics and appliances share",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "sector split", "25-35% (assumption)"),),
    )
    sector_share_wind: float = param(
        0.075,
        low=0.05,
        high=0.10,
        unit="share",
        label="Wind share (defence/medical/industrial = rest)",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "sector split", "5-10% (assumption)"),),
    )
    high_grade_share_autos: float = param(
        0.45,
        low=0.2,
        high=0.7,
        unit="share",
        label="Share of auto demand needing high-grade magnets",
        group=_MARKET,
        role=_U,
        note="EV traction and heat-resistant grades need Dy/Tb.",
    )
    price_elasticity: float = param(
        0.25,
        low=0.0,
        high=0.6,
        unit="-",
        label="Demand elasticity to magnet prices above reference (thrifting)",
        group=_MARKET,
        role=_U,
        sources=(Source("Keilhacker & Minner 2017", "substitution is the best mitigation"),),
        prior=_tri(0, 0.2, 0.6),
    )
    china_oxide_price_usd_per_kg: float = param(
        65.0,
        low=45,
        high=125,
        unit="US$/kg",
        label="Long-run NdPr oxide price inside China (median the price path reverts to)",
        group=_MARKET,
        role=_U,
        sources=(
            _f("2", "NdPr oxide price", "US$51 (Q4 2024) … ~123 (early 2026)"),
            Source(
                "USGS MCS 2016",
                "Nd oxide year-end US$75-80 (2012), 65-70 (2013), 56-60 (2014), 37-42 (2015)",
            ),
        ),
        prior=Prior.with_median(45, 65, 110),
        note="Yearly levels in docs/calibration.md (price history): 2012-2024 between about "
        "US$40 and 140/kg, geometric mean near 65.",
    )
    oxide_price0_usd_per_kg: float = param(
        103.0,
        low=88,
        high=123,
        unit="US$/kg",
        label="NdPr oxide price in December 2025 (start of the price path)",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "NdPr oxide price", "~88 (Aug 2025), ~123 (early 2026)"),),
        prior=_tri(88, 100, 123),
        note="Month 0 lies between the Aug 2025 and early-2026 quotes; the range spans both.",
    )
    oxide_price_volatility_per_yr: float = param(
        0.375,
        low=0.0,
        high=0.8,
        unit="log points/√yr",
        label="Volatility of the NdPr oxide price (annualised, in logs)",
        group=_MARKET,
        role=_U,
        sources=(
            Source(
                "USGS MCS 2016",
                "yearly log changes −0.92 (2011-12), −0.14, −0.14, −0.37 (2014-15)",
            ),
            _f("2", "NdPr oxide price", "+0.59 (Dec 2024-Aug 2025)"),
        ),
        prior=_tri(0, 0.35, 0.8),
        note="0 gives the deterministic median path.",
    )
    oxide_price_half_life_months: float = param(
        12.0,
        low=3,
        high=48,
        unit="months",
        label="Half-life of a deviation of the oxide price from its long-run level",
        group=_MARKET,
        role=_U,
        sources=(
            _f("2", "NdPr oxide price, more points", "2011 spike fell back within about two years"),
            _f("2", "NdPr oxide price", "144 peak (Mar 2022) → 56 (Dec 2023)"),
        ),
        prior=Prior.with_median(3, 12, 30),
    )
    china_margin_usd_per_kg: float = param(
        33.0,
        low=20,
        high=45,
        unit="US$/kg",
        label="Chinese processing margin over oxide cost",
        group=_MARKET,
        role=_U,
        sources=(
            _f("2", "Chinese magnet export price", "US$51/kg (2024) at oxide ≈US$55 → 51-0.33×55"),
        ),
        prior="triangular",
    )
    high_grade_premium_usd_per_kg: float = param(
        17.5,
        low=5,
        high=30,
        unit="US$/kg",
        label="Price premium of high-grade magnets",
        group=_MARKET,
        role=_U,
    )
    import_duty_share: float = param(
        0.075,
        low=0,
        high=0.5,
        unit="share of CIF",
        label="Basic customs duty on magnets",
        group=_MARKET,
        role=_L,
        note="Assumption. Revenue to the treasury (buyers pay it on every imported kg).",
    )
    anti_dumping_duty_share: float = param(
        0.0,
        low=0,
        high=1,
        unit="share of CIF",
        label="Anti-dumping duty on Chinese magnets",
        group=_MARKET,
        role=_L,
        note="0 = none (no duty on NdFeB magnets found). Raises the landed price of Chinese "
        "magnets; collected on the Chinese share of imports as revenue to the treasury.",
    )
    china_price_cutting: bool = param(
        False,
        unit="",
        label="China's price response to Indian entrants is forced on (stress test)",
        group=_MARKET,
        role=_S,
        sources=(
            _d("China price response", "Chinese price cutting against entrants as an option"),
        ),
        note="Off: the response happens with china_response_probability, drawn per seed.",
    )
    china_response_probability: float = param(
        0.5,
        low=0,
        high=1,
        unit="probability",
        label="Probability that China answers Indian entrants with a price war",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "NdPr oxide price, more points", "after 2011 Western producers failed"),),
        note="Assumption: one documented episode class (2011-2015); drawn per seed from the "
        "exogenous stream.",
    )
    china_price_cut_strength: float = param(
        0.5,
        low=0,
        high=1,
        unit="share of margin",
        label="Depth of China's price response: share of its magnet margin cut while it lasts",
        group=_MARKET,
        role=_U,
        sources=(
            Source(
                "USGS MCS 2016",
                "Nd oxide year-end US$190-200 (2011) → 37-42 (2015): about −80% in four years",
            ),
        ),
    )
    china_response_trigger_share: float = param(
        0.255,
        low=0.01,
        high=0.5,
        unit="share of demand",
        label="Indian firms' smoothed share of Indian demand that triggers China's response",
        group=_MARKET,
        role=_U,
    )
    china_response_duration_months: float = param(
        39.0,
        low=6,
        high=72,
        unit="months",
        label="Months China holds its price cut once triggered",
        group=_MARKET,
        role=_U,
        sources=(
            Source(
                "USGS MCS 2016", "prices fell 2012-2015; Molycorp failed in 2015 (evidence 2.13)"
            ),
        ),
    )
    china_response_months: float = param(
        30.5,
        low=1,
        high=60,
        unit="months",
        label="Time constant of China's view of the Indian firms' share (smoothing)",
        group=_MARKET,
        role=_U,
    )
    security_premium_share: float = param(
        0.15,
        low=0.05,
        high=0.25,
        unit="share of import price",
        label="Premium buyers accept for non-Chinese supply",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "premium buyers accept", "+15-20% or US$10-30/kg"),),
        prior="triangular",
    )
    security_jump_after_shock: float = param(
        0.5,
        low=0,
        high=1,
        unit="share of import price",
        label="Jump of the security premium when a shock starts (held while it lasts)",
        group=_MARKET,
        role=_U,
    )
    security_half_life_months: float = param(
        30.5,
        low=1,
        high=60,
        unit="months",
        label="Half-life of the security premium after a shock ends",
        group=_MARKET,
        role=_U,
    )
    buyer_price_sensitivity: float = param(
        0.16,
        low=0.02,
        high=0.3,
        unit="share of import price",
        label="Scale of buyers' logit choice",
        group=_MARKET,
        role=_U,
    )
    price_markup_share: float = param(
        0.09,
        low=0.0,
        high=0.3,
        unit="share of normal cost",
        label="Markup domestic firms add to their normal unit cost (capped at import parity)",
        group=_MARKET,
        role=_U,
        sources=(_f("4", "incumbent net margin", "~9% (JL MAG 6.6-11%)"),),
        prior=Prior.with_median(0, 0.09, 0.3),
    )
    sli_passthrough_share: float = param(
        0.2,
        low=0,
        high=1,
        unit="share",
        label="Share of the SLI passed to buyers as a lower price",
        group=_MARKET,
        role=_U,
        prior=Prior("uniform", 0, 0.4),
    )
    export_market_t_per_yr: float = param(
        5000.0,
        low=0,
        high=10000,
        unit="t/yr",
        label="Non-Chinese export demand open to qualified Indian firms",
        group=_MARKET,
        role=_U,
    )
    export_premium_usd_per_kg: float = param(
        20.0,
        low=10,
        high=30,
        unit="US$/kg",
        label="Premium non-Chinese buyers pay abroad",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "premium buyers accept", "+US$10-30/kg"),),
        prior="triangular",
    )
    china_import_share: float = param(
        0.84,
        low=0.8,
        high=0.9,
        unit="share",
        label="China's share of India's magnet imports",
        group=_MARKET,
        role=_S,
        sources=(_f("2", "China's share of India's REPM imports", ">80% (84%)"),),
    )
    inventory_months: float = param(
        1.5,
        low=0,
        high=6,
        unit="months of sales",
        label="Finished-magnet inventory firms aim to hold",
        group=_MARKET,
        role=_U,
        sources=(_f("2", "shock effects", "OEM inventories 4-6 weeks"),),
        prior=Prior("uniform", 0.5, 2.5),
    )

    # ---- technology --------------------------------------------------------------------------
    learning_rate: float = param(
        0.2,
        low=0.0,
        high=0.5,
        unit="share of gap per doubling",
        label="Share of the expertise gap closed per doubling of cumulative output",
        group=_TECH,
        role=_U,
        sources=(_f("5", "Nagy et al. 2013", "~20% per doubling typical; 10-30%"),),
        prior=Prior.with_median(0, 0.2, 0.5),
    )
    experience_ref_t: float = param(
        525.0,
        low=50,
        high=1000,
        unit="t",
        label="Reference experience Q0 before learning by doing counts",
        group=_TECH,
        role=_U,
    )
    knowhow_novice: float = param(
        0.17,
        low=0.02,
        high=0.35,
        unit="share of frontier",
        label="Starting know-how of a novice firm",
        group=_TECH,
        role=_U,
        sources=(_f("4", "IP", ">600 Hitachi patents; process patents remain"),),
        prior=_tri(0.02, 0.15, 0.35),
    )
    knowhow_public_lab: float = param(
        0.35,
        low=0.15,
        high=0.55,
        unit="share of frontier",
        label="Know-how of the public labs' magnet technology",
        group=_TECH,
        role=_U,
        sources=(_f("3", "Midwest on NFTDC technology; IREL SmCo plant on BARC technology"),),
        prior="triangular",
    )
    absorption_rate: float = param(
        0.027,
        low=0.005,
        high=0.06,
        unit="1/month",
        label="Know-how absorbed from a partner per month at full intensity",
        group=_TECH,
        role=_U,
        prior=_tri(0.005, 0.02, 0.06),
    )
    rnd_link_absorption_bonus: float = param(
        0.25,
        low=0,
        high=0.5,
        unit="-",
        label="Rise in absorptive capacity from an R&D link",
        group=_TECH,
        role=_U,
        sources=(Source("Cohen & Levinthal 1990", "absorptive capacity"),),
    )
    absorptive_staff_weight: float = param(
        0.3,
        low=0.1,
        high=0.5,
        unit="-",
        label="Absorptive capacity of a full crew with no skill",
        group=_TECH,
        role=_U,
        sources=(Source("Cohen & Levinthal 1990", "absorptive capacity"),),
        prior="triangular",
        note="Scaled by headcount / workers needed: no employees, no absorption.",
    )
    absorptive_skill_weight: float = param(
        0.675,
        low=0.4,
        high=0.9,
        unit="-",
        label="Rise in absorptive capacity from workforce skill (0 to 1)",
        group=_TECH,
        role=_U,
        sources=(Source("Cohen & Levinthal 1990", "absorptive capacity"),),
        prior=_tri(0.4, 0.7, 0.9),
    )
    spillover_rate: float = param(
        0.025,
        low=0,
        high=0.05,
        unit="1/month",
        label="Know-how spilled from a linked R&D centre per month",
        group=_TECH,
        role=_U,
    )
    diffusion_rate: float = param(
        0.01,
        low=0,
        high=0.02,
        unit="1/month",
        label="Industry-wide diffusion toward the best domestic firm",
        group=_TECH,
        role=_U,
    )
    process_yield_frontier: float = param(
        0.915,
        low=0.85,
        high=0.97,
        unit="good/attempted blocks",
        label="Process yield at frontier know-how and skill",
        group=_TECH,
        role=_U,
        sources=(_f("4", "capacity utilisation, mature incumbent", ">90%"),),
        prior=_tri(0.85, 0.92, 0.97),
    )
    process_yield_novice: float = param(
        0.45,
        low=0.2,
        high=0.7,
        unit="good/attempted blocks",
        label="Process yield with no know-how or skill",
        group=_TECH,
        role=_U,
        prior="triangular",
    )
    yield_knowhow_weight: float = param(
        0.6,
        low=0.3,
        high=0.9,
        unit="-",
        label="Weight of know-how (vs skill) in process yield",
        group=_TECH,
        role=_U,
    )
    material_yield: float = param(
        0.67,
        low=0.63,
        high=0.71,
        unit="finished/block mass",
        label="Material yield (block to finished magnet)",
        group=_TECH,
        role=_U,
        sources=(_f("4", "block → finished-magnet yield", "63-71%"),),
        prior="triangular",
    )
    oxide_per_t_mature: float = param(
        0.33,
        low=0.30,
        high=0.36,
        unit="t oxide per t magnet",
        label="NdPr oxide per finished tonne at mature practice",
        group=_RAW,
        role=_S,
        sources=(_f("3", "oxide per tonne of magnet", "≈0.33 t (400 t ↔ 1,200 t)"),),
    )
    swarf_recycled_share: float = param(
        0.45,
        low=0,
        high=0.9,
        unit="share",
        label="Share of swarf and scrap recycled to oxide",
        group=_TECH,
        role=_U,
    )
    construction_base_months: float = param(
        17.0,
        low=11,
        high=24,
        unit="months",
        label="Construction start to first output, experienced maker's 1,000 t/yr magnet line",
        group=_TECH,
        role=_U,
        sources=(
            _f("4", "build-outs by experienced makers", "11-13, 14-24, ~18, ~21, ~22 months"),
        ),
        prior="triangular",
    )
    construction_gap_factor: float = param(
        1.15,
        low=0.3,
        high=2.0,
        unit="-",
        label="Rise of construction time per unit of expertise gap",
        group=_TECH,
        role=_U,
        note="At gap 1 construction takes (1 + factor) × base time.",
    )
    partner_construction_relief: float = param(
        0.55,
        low=0.2,
        high=0.9,
        unit="share",
        label="Share of the gap's construction delay an experienced partner removes",
        group=_TECH,
        role=_U,
    )
    construction_size_exponent: float = param(
        0.4,
        low=0.0,
        high=0.8,
        unit="-",
        label="Elasticity of construction time with plant size",
        group=_TECH,
        role=_U,
        sources=(
            _f(
                "4",
                "build-outs by experienced makers",
                "log-log fit over the five plants (500-2,000 t/yr, 12-22 months): 0.40",
            ),
        ),
        prior="triangular",
        note="Time = base × (capacity / 1,000 t/yr)^exponent; in-sample (docs/validation.md).",
    )
    integrated_build_extra_share: float = param(
        0.325,
        low=0.1,
        high=0.6,
        unit="share",
        label="Extra construction time of an integrated plant's metal and alloy stages",
        group=_TECH,
        role=_U,
        prior=_tri(0.1, 0.3, 0.6),
        note=(
            "The five reference build-outs were magnet lines on bought-in alloy; the metal and"
            " alloy stages of an integrated plant take this share longer than the magnet line,"
            " which cannot run before the alloy line does."
        ),
    )
    plant_scope: str = param(
        "integrated",
        choices=("integrated", "magnet"),
        unit="",
        label="Stages a firm builds itself (integrated: metal, alloy and magnet lines)",
        group=_TECH,
        role=_S,
        sources=(_f("1", "integrated plants", "oxide to finished magnet"),),
        note="'magnet': a magnet line on bought-in alloy (the validation set-ups of evidence "
        "4.10-4.15).",
    )
    construction_lag_months: float = param(
        8.0,
        low=1.0,
        high=18.0,
        unit="months",
        label="Decision or award to construction start (land, clearances, finance, orders)",
        group=_TECH,
        role=_U,
        prior=_tri(1, 6, 18),
    )
    startup_maturity_start: float = param(
        0.375,
        low=0.1,
        high=0.7,
        unit="share of nameplate",
        label="Start-up maturity of a new plant at commissioning, frontier maker, nothing copied",
        group=_TECH,
        role=_U,
        sources=(
            _f("4", "experienced makers take a further 2-4 years from first output to nameplate"),
        ),
        prior=_tri(0.1, 0.35, 0.7),
    )
    startup_copy_gain: float = param(
        0.5,
        low=0.2,
        high=0.8,
        unit="share",
        label="Share of the remaining start-up a copy-exact process (licensor, own plant) saves",
        group=_TECH,
        role=_U,
        sources=(_f("4", "Shin-Etsu Vietnam: process copied from its Japanese plant"),),
        prior="triangular",
    )
    startup_rate_per_month: float = param(
        0.065,
        low=0.02,
        high=0.12,
        unit="1/month",
        label="Monthly rise of a 1,000 t/yr plant's maturity at full operation and effort",
        group=_TECH,
        role=_U,
        sources=(
            _f("4", "500 t reached in 2014"),
            _f("4", "experienced makers take a further 2-4 years from first output to nameplate"),
        ),
        prior=_tri(0.02, 0.06, 0.12),
        note="Share of the remaining gap to maturity closed per month.",
    )
    startup_size_exponent: float = param(
        0.5,
        low=0.0,
        high=1.0,
        unit="-",
        label="How much slower a larger plant matures (elasticity of the rate with size)",
        group=_TECH,
        role=_U,
        sources=(
            _f("4", "500 t reached in 2014"),
            _f("4", "experienced makers take a further 2-4 years from first output to nameplate"),
        ),
        prior="triangular",
    )
    startup_expert_share: float = param(
        0.24,
        low=0.05,
        high=0.5,
        unit="share of crew",
        label="Experts on the line a start-up needs for full engineering effort",
        group=_TECH,
        role=_U,
        prior=_tri(0.05, 0.2, 0.5),
    )
    startup_trained_effort_weight: float = param(
        0.1,
        low=0.0,
        high=0.2,
        unit="expert-equivalents per trained worker",
        label="Engineering effort of a trained worker on a start-up, relative to an expert",
        group=_TECH,
        role=_U,
        prior="uniform",
        note=(
            "Assumption: a crew of trained technicians without experts still debugs its line, "
            "slowly (learning by doing); without it a firm with no experts never ramps at all. "
            "Range 0 (only experts count) to 0.2 (five trained workers do an expert's work)."
        ),
    )
    startup_yield_weight: float = param(
        0.3,
        low=0.0,
        high=0.6,
        unit="share",
        label="Process-yield loss of a plant at zero maturity (start-up scrap)",
        group=_TECH,
        role=_U,
        prior="triangular",
    )
    qualification_months: float = param(
        19.5,
        low=9,
        high=30,
        unit="months",
        label="Automotive customer qualification period (after quality is stable)",
        group=_TECH,
        role=_U,
        sources=(_f("4", "licence involves customer-qualification support"),),
    )
    qualification_months_wind: float = param(
        24.0,
        low=12,
        high=36,
        unit="months",
        label="Wind-turbine makers' qualification period (high grade)",
        group=_TECH,
        role=_U,
        sources=(_f("4", "licence involves customer-qualification support"),),
        prior="triangular",
    )
    qualification_months_consumer: float = param(
        6.8,
        low=3,
        high=12,
        unit="months",
        label="Electronics and appliance makers' qualification period",
        group=_TECH,
        role=_U,
        sources=(_f("4", "licence involves customer-qualification support"),),
        prior=_tri(3, 6, 12),
    )
    qualification_months_defence: float = param(
        13.6,
        low=6,
        high=24,
        unit="months",
        label="Defence, medical and industrial buyers' qualification period",
        group=_TECH,
        role=_U,
        sources=(_f("4", "licence involves customer-qualification support"),),
        prior=_tri(6, 12, 24),
    )
    qualification_ramp_months: float = param(
        12.0,
        low=0,
        high=24,
        unit="months",
        label="Months after qualification until buyers take a supplier's full offer",
        group=_TECH,
        role=_U,
        prior="triangular",
        note="Volume moves in qualification_steps equal steps (samples, pilot lots, volume).",
    )
    qualification_steps: int = param(
        3,
        low=1,
        high=6,
        unit="steps",
        label="Steps in which buyers move volume to a newly qualified supplier",
        group=_TECH,
        role=_S,
        note="Samples, pilot lots, volume (assumption).",
    )
    stable_yield_share: float = param(
        0.775,
        low=0.6,
        high=0.95,
        unit="share of frontier yield",
        label="Process yield (relative to frontier) at which quality counts as stable",
        group=_TECH,
        role=_U,
    )
    high_grade_knowhow: float = param(
        0.65,
        low=0.4,
        high=0.9,
        unit="share of frontier",
        label="Know-how needed for high-grade magnets",
        group=_TECH,
        role=_U,
    )
    processing_cost_inr_per_kg: float = param(
        1435.0,
        low=900,
        high=2200,
        unit="₹/kg",
        label="Processing cost at frontier (energy, consumables, labour)",
        group=_TECH,
        role=_U,
        sources=(_f("4", "rare-earth inputs share of cost", "60-75% → processing 25-40%"),),
        prior=_tri(900, 1300, 2200),
    )
    cost_gap_elasticity: float = param(
        1.75,
        low=0.5,
        high=3.0,
        unit="-",
        label="Rise of processing cost per unit of expertise gap",
        group=_TECH,
        role=_U,
    )
    partner_transfer_intensity: float = param(
        0.6,
        low=0.2,
        high=1.0,
        unit="-",
        label="Pace at which partners choose to transfer know-how",
        group=_TECH,
        role=_U,
    )
    licence_fee_cr: float = param(
        105.0,
        low=10,
        high=200,
        unit="₹ crore",
        label="Upfront technology licence fee",
        group=_TECH,
        role=_U,
        sources=(
            _f("4", "what a technology licence involves", "upfront fee plus royalty (assumption)"),
        ),
    )
    royalty_share: float = param(
        0.035,
        low=0.01,
        high=0.06,
        unit="share of sales",
        label="Royalty on sales to the partner",
        group=_TECH,
        role=_U,
        sources=(_f("4", "what a technology licence involves", "a few % of sales (assumption)"),),
    )
    partner_slots: int = param(
        2, low=0, high=10, unit="firms", label="Firms one partner can serve", group=_TECH, role=_S
    )
    partner_experts: int = param(
        25,
        low=0,
        high=50,
        unit="experts",
        label="Experts a partner seconds to each client",
        group=_TECH,
        role=_U,
    )
    partner_willingness_japan: float = param(
        0.5,
        low=0,
        high=1,
        unit="-",
        label="Willingness of Japanese partners",
        group=_TECH,
        role=_U,
        sources=(_f("4", "IP", "Hitachi licensed only 8 Chinese firms"),),
    )
    partner_willingness_korea: float = param(
        0.5,
        low=0,
        high=1,
        unit="-",
        label="Willingness of South Korean partners",
        group=_TECH,
        role=_U,
    )
    partner_willingness_germany: float = param(
        0.5, low=0, high=1, unit="-", label="Willingness of German partners", group=_TECH, role=_U
    )
    partner_accept_threshold: float = param(
        0.5,
        low=0,
        high=1,
        unit="-",
        label="Willingness × deal terms a partner needs to accept",
        group=_TECH,
        role=_U,
    )
    partner_terms_beneficiary_weight: float = param(
        0.3,
        low=0,
        high=0.5,
        unit="share of deal terms",
        label="Weight of being a scheme beneficiary in a partner's view of a client's terms",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.1, 0.5),
        note=(
            "Assumption: a beneficiary's SLI makes royalties and fees safer. Terms = 1 − "
            "w_b − w_s + w_b · beneficiary + w_s · (plant / largest bid), so the best client "
            "scores 1 (docs/ODD.md §7.14)."
        ),
    )
    partner_terms_scale_weight: float = param(
        0.2,
        low=0,
        high=0.4,
        unit="share of deal terms",
        label="Weight of a client's plant size in a partner's view of its terms",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.0, 0.4),
        note="Assumption: a larger plant pays larger royalties (docs/ODD.md §7.14).",
    )
    partner_arrears_months: int = param(
        3,
        low=1,
        high=24,
        unit="months",
        label="Months of unpaid royalties before a partner withdraws",
        group=_TECH,
        role=_S,
    )
    foreign_partners_allowed: bool = param(
        True,
        unit="",
        label="Firms may take foreign technology partners",
        group=_TECH,
        role=_L,
        note="False in go_it_alone.",
    )

    # ---- finance and decisions ---------------------------------------------------------------
    expansion_interval_months: float = param(
        36.0,
        low=12,
        high=60,
        unit="months",
        label="Least time between two expansions of one firm",
        group=_MARKET,
        role=_U,
        prior="uniform",
        note=(
            "Assumption: a firm plans, finances and builds one expansion at a time; 12 months "
            "(back to back) to 60 (one a planning cycle)."
        ),
    )
    nameplate_output_share: float = param(
        0.9,
        low=0.5,
        high=1.0,
        unit="share of installed capacity",
        label="Output share at which a plant counts as running at nameplate",
        group=_MARKET,
        role=_S,
        sources=(_d("at nameplate", "90% of installed capacity"),),
        note=(
            "A definition (DESIGN §5, `nameplate_month`): it also gates expansion, which is "
            "considered only from a plant running at nameplate."
        ),
    )
    max_headcount_per_need: float = param(
        1.6,
        low=1.2,
        high=2.0,
        unit="workers per worker needed",
        label="Most workers a firm carries per worker its plants need",
        group=_WORK,
        role=_U,
        prior="uniform",
        note=(
            "Assumption: novices are hired to make up for missing skill, within limits; 1.2 "
            "(little over-staffing) to 2.0 (a crew twice the need)."
        ),
    )
    hurdle_rate: float = param(
        0.139,
        low=0.06,
        high=0.25,
        unit="1/yr",
        label="Hurdle rate of firms' investment decisions",
        group=_MARKET,
        role=_U,
        prior=_tri(0.06, 0.12, 0.25),
    )
    interest_rate: float = param(
        0.103,
        low=0.05,
        high=0.16,
        unit="1/yr",
        label="Interest rate on firms' debt",
        group=_MARKET,
        role=_U,
        prior=_tri(0.05, 0.1, 0.16),
    )
    debt_share: float = param(
        0.4,
        low=0,
        high=0.8,
        unit="share of capex",
        label="Share of investment financed by debt",
        group=_MARKET,
        role=_U,
    )
    parent_support_share: float = param(
        0.15,
        low=0.0,
        high=0.3,
        unit="share of group net worth",
        label="Losses a parent group will fund before the venture needs credit",
        group=_MARKET,
        role=_U,
        note="Assumption: diversified groups back a strategic venture only so far.",
    )
    credit_line_share: float = param(
        0.3,
        low=0.0,
        high=0.6,
        unit="share of investment",
        label="Bank credit line beyond project debt",
        group=_MARKET,
        role=_U,
    )
    plant_life_years: float = param(
        15.0, low=8, high=25, unit="years", label="Economic life of a plant", group=_TECH, role=_S
    )
    exit_loss_months: int = param(
        24,
        low=6,
        high=60,
        unit="months",
        label="Months of consecutive operating losses before exit",
        group=_MARKET,
        role=_S,
    )
    loss_grace_months: int = param(
        12,
        low=0,
        high=48,
        unit="months",
        label="Months after a plant's commissioning before operating losses count toward exit",
        group=_MARKET,
        role=_U,
        prior=Prior("discrete", 6, 18),
        note=(
            "Assumption: owners expect start-up losses and judge a plant after its first 6-18 "
            "months of operation; losses do not count while a committed plant is still being "
            "built or within this grace of its commissioning (the latest plant's start-up)."
        ),
    )
    bid_expected_utilisation: float = param(
        0.825,
        low=0.5,
        high=0.95,
        unit="share of capacity",
        label="Utilisation firms expect when they value a bid",
        group=_MARKET,
        role=_U,
        sources=(_f("4", "capacity utilisation, mature incumbent", ">90%"),),
        prior=Prior("uniform", 0.7, 0.95),
    )
    bid_ramp_years_frontier: float = param(
        3.0,
        low=1.0,
        high=5.0,
        unit="years",
        label="Years to full utilisation from first output a frontier bidder expects",
        group=_MARKET,
        role=_U,
        sources=(
            _f(
                "4",
                "experienced makers take a further 2-4 years",
                "2-4 years from first output to nameplate",
            ),
        ),
        prior=Prior("uniform", 2.0, 4.0),
    )
    bid_ramp_years_per_gap: float = param(
        2.0,
        low=0.0,
        high=4.0,
        unit="years per unit of gap",
        label="Extra ramp years a bidder expects per unit of its expertise gap",
        group=_MARKET,
        role=_U,
        prior=Prior("uniform", 0.0, 4.0),
        note=(
            "Assumption: a novice (gap about 0.8) expects its ramp to take up to about three "
            "years longer than an experienced maker's; 0 (it expects to ramp as they do) to 4."
        ),
    )
    bid_closure_years: float = param(
        8.0,
        low=2.0,
        high=15.0,
        unit="years",
        label="Years over which a bidder expects to close the share of its gap it expects to",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 4.0, 12.0),
        note=(
            "Assumption: the expected closure is reached at an even pace from the bid; 4 years "
            "(a fast licensed transfer) to 12 (most of a plant's 15-year life)."
        ),
    )
    bid_closure_own: float = param(
        0.35,
        low=0.1,
        high=0.6,
        unit="share of gap",
        label="Share of its gap a bidder expects to close on its own (learning by doing)",
        group=_TECH,
        role=_U,
        prior="triangular",
    )
    bid_closure_partner: float = param(
        0.4,
        low=0.2,
        high=0.6,
        unit="share of gap",
        label="Extra share of its gap a bidder expects to close when a partner would take it",
        group=_TECH,
        role=_U,
        prior="triangular",
    )
    bid_closure_lab: float = param(
        0.1,
        low=0.0,
        high=0.2,
        unit="share of gap",
        label="Extra share of its gap a bidder expects to close with a lab licence or link",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.0, 0.2),
        note=(
            "Assumption: a public-lab licence lifts a firm to the lab's know-how (evidence: "
            "Midwest's plant on NFTDC technology), about a fifth of a novice's gap at the "
            "defaults; a link gives only spillovers. 0 (bidders ignore the labs) to 0.2."
        ),
    )
    bid_closure_peer: float = param(
        0.25,
        low=0.0,
        high=0.5,
        unit="share of gap",
        label="Weight of peers' observed lead in the gap a bidder expects to close",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.0, 0.5),
        note=(
            "Assumption: a domestic firm ahead shows part of the gap can be closed at home; "
            "0 (ignored) to 0.5 (half of the peer's lead expected to follow)."
        ),
    )
    bid_skill_training_share: float = param(
        0.675,
        low=0.4,
        high=0.9,
        unit="share",
        label="Share of its crew's skill shortfall a bidder expects training to close",
        group=_TECH,
        role=_U,
        prior=_tri(0.4, 0.7, 0.9),
    )
    bid_cost_noise: float = param(
        0.1,
        low=0,
        high=0.2,
        unit="share",
        label="Spread of firms' cost expectations at bidding",
        group=_MARKET,
        role=_U,
    )
    expansion_enabled: bool = param(
        True, unit="", label="Profitable firms expand their plants", group=_MARKET, role=_S
    )

    # ---- workforce ---------------------------------------------------------------------------
    workers_per_kt: float = param(
        202.0,
        low=100,
        high=260,
        unit="workers per 1,000 t/yr",
        label="Workers an integrated plant needs",
        group=_WORK,
        role=_U,
        sources=(_f("4", "workforce", "~100-260 jobs per 1,000 t/yr"),),
        prior=_tri(100, 230, 260),
    )
    labour_pool_novices: float = param(
        100500.0,
        low=1000,
        high=200000,
        unit="workers",
        label="Unskilled workers available to hire",
        group=_WORK,
        role=_U,
    )
    labour_pool_trained0: float = param(
        150.0,
        low=0,
        high=2000,
        unit="workers",
        label="Trained magnet/metallurgy workers available, Dec 2025",
        group=_WORK,
        role=_U,
        sources=(_f("3", "almost no commercial expertise (mission)"),),
        prior=Prior("uniform", 0, 300),
    )
    university_trained_per_yr: float = param(
        100.0,
        low=0,
        high=1000,
        unit="workers/yr",
        label="Trained workers universities add to the pool",
        group=_WORK,
        role=_U,
        prior=Prior("uniform", 0, 200),
    )
    training_months: float = param(
        14.0,
        low=4,
        high=24,
        unit="months",
        label="Months to train a novice (with trainers)",
        group=_WORK,
        role=_U,
    )
    expert_months: float = param(
        48.0,
        low=12,
        high=84,
        unit="months",
        label="Months for a trained worker to become an expert",
        group=_WORK,
        role=_U,
    )
    trainees_per_trainer: float = param(
        10.5,
        low=1,
        high=20,
        unit="workers",
        label="Trainees one trainer can bring on",
        group=_WORK,
        role=_U,
    )
    attrition_per_yr: float = param(
        0.11,
        low=0.02,
        high=0.2,
        unit="1/yr",
        label="Yearly attrition of workers",
        group=_WORK,
        role=_U,
    )
    poaching_share_per_month: float = param(
        0.05,
        low=0,
        high=0.1,
        unit="share/month",
        label="Share of a low payer's experts poached monthly",
        group=_WORK,
        role=_U,
    )
    poaching_knowhow_loss: float = param(
        0.5,
        low=0,
        high=1,
        unit="share",
        label="Know-how lost per unit share of experts poached",
        group=_WORK,
        role=_U,
    )
    pay_index_spread: float = param(
        0.5,
        low=0,
        high=0.9,
        unit="share of mean pay",
        label="Most a firm's pay departs from the industry's, up or down, with its margin",
        group=_WORK,
        role=_U,
        prior=Prior("uniform", 0.25, 0.75),
        note=(
            "Assumption: pay index = 1 + clamp(profit / revenue, ±spread); experts are poached "
            "by the best payer. 25-75%."
        ),
    )
    wage_lakh_per_yr: float = param(
        9.0,
        low=3,
        high=15,
        unit="₹ lakh per worker-year",
        label="Average wage cost of a plant worker",
        group=_WORK,
        role=_U,
    )
    hiring_lead_months: float = param(
        9.0,
        low=0,
        high=18,
        unit="months",
        label="Months before commissioning that hiring starts",
        group=_WORK,
        role=_U,
    )

    # ---- R&D centres -------------------------------------------------------------------------
    rnd_base_funding_cr_per_yr: float = param(
        20.0,
        low=0,
        high=200,
        unit="₹ crore/yr",
        label="Base funding of one R&D centre's magnet work",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0, 40),
    )
    rnd_researchers_per_centre: float = param(
        20.0,
        low=0,
        high=200,
        unit="researchers (full-time)",
        label="Researchers on magnet work at one public R&D centre",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 5.0, 35.0),
        note=(
            "Assumption: magnet groups of 5-35 full-time researchers at NFTDC, BARC, DMRL, ARCI "
            "and CSIR-NML (facts §3 names the labs, not their sizes)."
        ),
    )
    rnd_half_pace_cr_per_researcher: float = param(
        0.75,
        low=0.05,
        high=5,
        unit="₹ crore per researcher-year",
        label="Funding per researcher at which research runs at half its fully funded pace",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.25, 1.25),
        note=(
            "Assumption: salary, equipment time, consumables and pilot runs of a materials "
            "researcher, ₹25 lakh-1.25 crore a year."
        ),
    )
    rnd_productivity_per_researcher: float = param(
        0.003,
        low=0,
        high=0.05,
        unit="share of gap per researcher-year",
        label="Share of its gap to the frontier a lab closes per fully funded researcher-year",
        group=_TECH,
        role=_U,
        prior=Prior("uniform", 0.0, 0.006),
        note=(
            "Assumption: with 20 researchers, ₹15-20 cr/yr and half pace at ₹0.75 cr a lab "
            "closes 3-3.5% of its gap a year, as the former rate did; 0-6%."
        ),
    )
    rnd_trainees_per_cr: float = param(
        55.0,
        low=10,
        high=100,
        unit="workers per ₹ crore",
        label="Trained workers per crore of skilling funding",
        group=_WORK,
        role=_U,
    )

    # ---- raw material ------------------------------------------------------------------------
    irel_oxide_capacity_t_per_yr: float = param(
        450.0,
        low=400,
        high=500,
        unit="t NdPr oxide/yr",
        label="IREL NdPr oxide capacity",
        group=_RAW,
        role=_U,
        sources=(
            _f("3", "IREL NdPr oxide", "400 t/yr (MHI)"),
            _f("3", "IREL NdPr oxide", "~500 t/yr (Moneycontrol)"),
        ),
        note="Sources conflict (400 vs 500 t/yr); default between, the range spans both.",
    )
    irel_ramp_months: float = param(
        27.0,
        low=6,
        high=48,
        unit="months",
        label="Months for IREL to reach its oxide capacity",
        group=_RAW,
        role=_U,
        sources=(_f("3", "IREL NdPr oxide", "20-40 t (FY25) → 200 (FY26) → 500 (FY27)"),),
    )
    irel_oxide0_t_per_yr: float = param(
        210.0,
        low=20,
        high=400,
        unit="t NdPr oxide/yr",
        label="IREL oxide output, Dec 2025",
        group=_RAW,
        role=_U,
        sources=(_f("3", "IREL NdPr oxide", "200 t (FY26)"),),
    )
    irel_stock_t: float = param(
        500.0,
        low=0,
        high=800,
        unit="t NdPr oxide",
        label="IREL oxide stock, Dec 2025",
        group=_RAW,
        role=_U,
        sources=(_f("3", "IREL NdPr oxide", "plus ~500 t stock"),),
        prior=Prior("uniform", 200, 800),
    )
    irel_export_share: float = param(
        0.25,
        low=0,
        high=0.5,
        unit="share",
        label="Share of IREL output committed to export (Japan)",
        group=_RAW,
        role=_U,
        sources=(_f("3", "exports to Japan", "~1/3 of IREL's REO to Toyotsu"),),
    )
    irel_oxide_price_usd_per_kg: float = param(
        90.0,
        low=50,
        high=130,
        unit="US$/kg",
        label="Price of IREL oxide to beneficiaries",
        group=_RAW,
        role=_U,
        prior="triangular",
    )
    exchina_oxide_floor_usd_per_kg: float = param(
        110.0,
        low=60,
        high=150,
        unit="US$/kg",
        label="Ex-China NdPr oxide price (floor deals)",
        group=_RAW,
        role=_U,
        sources=(_f("2", "Western NdPr floor price", "US$110/kg"),),
        prior=Prior.with_median(60, 110, 150),
    )
    china_oxide_to_india_t_per_yr: float = param(
        5250.0,
        low=500,
        high=10000,
        unit="t NdPr oxide/yr",
        label="Chinese NdPr oxide Indian buyers can buy at China's price (outside NdPr controls)",
        group=_RAW,
        role=_U,
        note="Assumption: NdPr oxide was not among the seven controlled elements (evidence 2.16); "
        "China makes most of the world's (~92% of refining), so the volume open to a small "
        "buyer is wide; cut by licensing only when controls_cover_ndpr.",
    )
    exchina_oxide_supply0_t_per_yr: float = param(
        8500.0,
        low=7000,
        high=10000,
        unit="t NdPr oxide/yr",
        label="Non-Chinese NdPr oxide output, Dec 2025",
        group=_RAW,
        role=_U,
        sources=(
            _f("2", "non-Chinese NdPr oxide supply", "Lynas 2,080 t/quarter (Apr-Jun 2025)"),
            _f("2", "non-Chinese NdPr oxide supply", "MP Materials ~1.3 kt (2024)"),
        ),
    )
    exchina_oxide_capacity_t_per_yr: float = param(
        16000.0,
        low=10500,
        high=25000,
        unit="t NdPr oxide/yr",
        label="Announced non-Chinese NdPr oxide capacity the output grows toward",
        group=_RAW,
        role=_U,
        sources=(_f("2", "non-Chinese NdPr oxide supply", "Lynas 10.5 → 12 kt/yr; MP ~1.3 kt"),),
        prior=_tri(10500, 14000, 25000),
    )
    exchina_ramp_months: float = param(
        66.0,
        low=12,
        high=120,
        unit="months",
        label="Months for non-Chinese output to reach its announced capacity",
        group=_RAW,
        role=_U,
    )
    exchina_india_share: float = param(
        0.105,
        low=0.01,
        high=0.2,
        unit="share",
        label="Share of non-Chinese NdPr oxide open to Indian buyers (the rest is contracted)",
        group=_RAW,
        role=_U,
        note="Assumption: most of it is contracted to Japanese, US and European buyers "
        "(evidence 2.14).",
    )
    controls_cover_ndpr: bool = param(
        False,
        unit="",
        label="Export controls also cover NdPr oxide",
        group=_RAW,
        role=_U,
        sources=(
            _f("2", "China's export controls", "Apr 2025: 7 medium/heavy REEs, not Nd or Pr"),
        ),
    )

    # ---- shock -------------------------------------------------------------------------------
    china_shock: bool = param(
        False,
        unit="",
        label="Chinese export controls tighten",
        group=_SHOCK,
        role=_L,
        sources=(
            _f(
                "2",
                "China's export controls",
                "Apr 2025 licences; Oct 2025 expansion suspended to Nov 2026",
            ),
        ),
    )
    shock_start_month: int = param(
        48,
        low=0,
        high=360,
        unit="month",
        label="Month export controls tighten",
        group=_SHOCK,
        role=_S,
        sources=(_d("shock timing", "month 48"),),
    )
    shock_months: int = param(
        18,
        low=1,
        high=120,
        unit="months",
        label="Months the controls last",
        group=_SHOCK,
        role=_S,
        sources=(_d("shock timing", "18 months"),),
    )
    shock_severity: float = param(
        0.5,
        low=0,
        high=1,
        unit="share",
        label="Share of Chinese supply (magnets, oxide, heavy REEs) cut",
        group=_SHOCK,
        role=_U,
        sources=(_f("2", "shock effects in India", "Bajaj halved e-scooter output"),),
    )
    shock_price_jump: float = param(
        1.0,
        low=0,
        high=2,
        unit="share",
        label="Rise of Chinese magnet and oxide prices during a shock",
        group=_SHOCK,
        role=_U,
        sources=(_f("2", "NdPr oxide price", "144 peak (Mar 2022)"),),
    )
    shock_cuts_heavy_re: bool = param(
        True,
        unit="",
        label="Controls also stop heavy rare earths (Dy, Tb) reaching Indian plants",
        group=_SHOCK,
        role=_U,
        sources=(
            _f("2", "China's export controls", "Apr 2025: licences for 7 medium/heavy REEs"),
            _f("3", "heavy rare earths", "must be imported"),
        ),
    )
    shock_cuts_equipment: bool = param(
        True,
        unit="",
        label="Controls also stop equipment and expert help to Indian plants",
        group=_SHOCK,
        role=_U,
        sources=(_f("2", "China's export controls", "bans on exporting equipment and staff help"),),
    )
    equipment_delay_share: float = param(
        0.5,
        low=0,
        high=1,
        unit="share",
        label="Share of construction progress lost while equipment is controlled",
        group=_SHOCK,
        role=_U,
    )

    licence_delay_months: float = param(
        6.0,
        low=1.5,
        high=12,
        unit="months",
        label="Months from controls to the first licences for Indian buyers",
        group=_SHOCK,
        role=_U,
        sources=(
            _f("2", "China's export controls", "Apr 2025 controls; first licences late Oct 2025"),
            _f("2", "China's export controls", "≥45 days processing"),
        ),
        prior=Prior.with_median(1.5, 6, 12),
    )
    licence_clear_rate_per_month: float = param(
        0.15,
        low=0.02,
        high=1,
        unit="share/month",
        label="Share of the licence backlog cleared each month",
        group=_SHOCK,
        role=_U,
        sources=(_f("2", "China's export controls", ">50 applications pending Dec 2025"),),
        prior=Prior.with_median(0.02, 0.15, 0.4),
        note="0.15 leaves half the backlog after ~4 months: two months after the first "
        "licences most applications were still pending.",
    )
    licence_approval_share: float = param(
        0.5,
        low=0,
        high=1,
        unit="share",
        label="Share of the cut Chinese supply licensed while controls last",
        group=_SHOCK,
        role=_U,
    )
    buyer_cover_months: float = param(
        1.25,
        low=0,
        high=6,
        unit="months of imports",
        label="Magnet inventory buyers hold, in months of their imports",
        group=_SHOCK,
        role=_U,
        sources=(_f("2", "shock effects in India", "OEM inventories 4-6 weeks"),),
        prior=Prior.with_median(0.25, 1.25, 3),
    )
    buyer_restock_months: float = param(
        6.5,
        low=1,
        high=12,
        unit="months",
        label="Months over which buyers rebuild a depleted cover",
        group=_SHOCK,
        role=_U,
    )

    _SPECS: ClassVar[dict[str, FieldSpec] | None] = None

    def __init__(self, **values: Any) -> None:
        """Build from keyword values (defaults for the rest); every value is validated.

        Raises:
            ParameterError: an unknown name, or a value of the wrong type or out of range.
        """
        specs = type(self).fields()
        for name in values:
            if name not in specs:
                raise ParameterError(unknown_name_message(name, specs))
        for name, spec in specs.items():
            value = values.get(name, spec.default)
            object.__setattr__(self, name, coerce_value(spec, value))
        self._check_consistency()

    def _check_consistency(self) -> None:
        checks = [
            (
                self.target_month <= self.horizon_months,
                f"target_month={self.target_month} must not exceed "
                f"horizon_months={self.horizon_months}",
            ),
            (
                self.award_month < self.target_month,
                f"award_month={self.award_month} must come before target_month={self.target_month}",
            ),
            (
                self.bid_capacity_min_t <= self.bid_capacity_max_t,
                f"bid_capacity_min_t={self.bid_capacity_min_t:g} must not exceed "
                f"bid_capacity_max_t={self.bid_capacity_max_t:g}",
            ),
            (
                self.sector_share_autos + self.sector_share_electronics + self.sector_share_wind
                <= 1.0,
                "sector_share_autos + sector_share_electronics + sector_share_wind "
                "must not exceed 1",
            ),
            (
                self.process_yield_novice < self.process_yield_frontier,
                f"process_yield_novice={self.process_yield_novice:g} must be below "
                f"process_yield_frontier={self.process_yield_frontier:g}",
            ),
            (
                self.net_worth_min_cr <= self.net_worth_max_cr,
                f"net_worth_min_cr={self.net_worth_min_cr:g} must not exceed "
                f"net_worth_max_cr={self.net_worth_max_cr:g}",
            ),
            (
                self.capex_subsidy_cap_min_cr <= self.capex_subsidy_cap_max_cr,
                f"capex_subsidy_cap_min_cr={self.capex_subsidy_cap_min_cr:g} must not exceed "
                f"capex_subsidy_cap_max_cr={self.capex_subsidy_cap_max_cr:g}",
            ),
            (
                self.award_month + self.construction_lag_months < self.horizon_months,
                f"award_month + construction_lag_months = "
                f"{self.award_month + self.construction_lag_months:g} must come before "
                f"horizon_months={self.horizon_months}",
            ),
            (
                self.tender_max_rounds == 0
                or self.award_month + self.tender_reopen_months < self.horizon_months,
                f"award_month + tender_reopen_months = "
                f"{self.award_month + self.tender_reopen_months} must come before "
                f"horizon_months={self.horizon_months} when tender_max_rounds > 0",
            ),
            (
                self.n_beneficiaries <= self.n_firms,
                f"n_beneficiaries={self.n_beneficiaries} must not exceed n_firms={self.n_firms}",
            ),
            (
                not self.china_shock or self.shock_start_month < self.horizon_months,
                f"shock_start_month={self.shock_start_month} must fall inside "
                f"horizon_months={self.horizon_months} when china_shock is on",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise ParameterError(message)

    @classmethod
    def fields(cls) -> dict[str, FieldSpec]:
        """Metadata of every parameter, by name, in declaration order."""
        if cls._SPECS is None:
            hints = get_type_hints(cls)
            cls._SPECS = {
                f.name: _spec_from_field(f, hints[f.name]) for f in dataclasses.fields(cls)
            }
        return dict(cls._SPECS)

    @classmethod
    def from_dict(cls, values: dict[str, Any], *, where: str = "") -> Params:
        """Build from a mapping, refusing unknown names with the closest known one."""
        specs = cls.fields()
        for name in values:
            if name not in specs:
                raise ParameterError(unknown_name_message(name, specs, where))
        return cls(**values)

    def replace(self, **overrides: Any) -> Params:
        """A copy with some fields changed (validated like a new object)."""
        specs = type(self).fields()
        for name in overrides:
            if name not in specs:
                raise ParameterError(unknown_name_message(name, specs))
        return dataclasses.replace(self, **overrides)

    def to_dict(self) -> dict[str, Any]:
        """All fields as plain Python values."""
        return {name: getattr(self, name) for name in type(self).fields()}

    def changed(self) -> dict[str, Any]:
        """Fields whose value differs from the default."""
        return {
            name: getattr(self, name)
            for name, spec in type(self).fields().items()
            if getattr(self, name) != spec.default
        }


def unknown_name_message(name: str, specs: dict[str, FieldSpec], where: str = "") -> str:
    """One-line error for an unknown parameter name, with the closest known names."""
    import difflib

    close = difflib.get_close_matches(name, list(specs), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `ecosystem params` lists them"
    prefix = f"{where}: " if where else ""
    return f"{prefix}unknown parameter {name!r}{hint}"


__all__ = ["FieldSpec", "ParameterError", "Params", "Prior", "Source"]
