"""Firms' investment arithmetic: a bid's expected path, its NPV and its SLI rate (DESIGN.md §4)."""

from __future__ import annotations

from dataclasses import dataclass

from ecosystem.units import CR_PER_T_INR_PER_KG


@dataclass(frozen=True, slots=True)
class BidOutlook:
    """What a bidder expects of each operating year of its plant (DESIGN.md §4 "Decisions").

    Entry ``y`` is the plant's ``y``-th year of output, which starts ``build_years + y`` years
    after the bid: its expected margin before capital (₹/kg), its output as a share of capacity
    (the ramp, and the part of a last, partial year of life), and the share of it inside the SLI
    window.
    """

    build_years: float
    margins_inr_per_kg: tuple[float, ...]
    utilisation: tuple[float, ...]
    sli_share: tuple[float, ...]

    def __post_init__(self) -> None:
        n = len(self.margins_inr_per_kg)
        if len(self.utilisation) != n or len(self.sli_share) != n:
            raise ValueError("a bid outlook needs one margin, utilisation and SLI share per year")


def ramp_utilisation(year: int, plateau: float, ramp_years: float) -> float:
    """Output share of capacity a bidder expects in its ``year``-th year of output (0-based).

    A linear ramp from first output to ``plateau`` over ``ramp_years``, valued at the middle of
    the year: ``plateau * min(1, (year + 0.5) / ramp_years)``; no ramp (``ramp_years <= 0``)
    gives the plateau at once. Experienced makers take 2-4 years from first output to nameplate
    (evidence 4.16).
    """
    if ramp_years <= 0.0:
        return plateau
    return plateau * min(1.0, (year + 0.5) / ramp_years)


def window_share(start_years: float, window_start: float, window_end: float) -> float:
    """Share of the year from ``start_years`` inside the SLI window (years from the award).

    ``max(0, min(start + 1, window_end) − max(start, window_start))``. The window opens after
    the gestation period whether or not the plant is ready, so a plant finished late loses the
    early SLI years (facts §1).
    """
    return max(0.0, min(start_years + 1.0, window_end) - max(start_years, window_start))


def bid_npv_cr(
    capacity_t: float,
    outlook: BidOutlook,
    sli_rate_inr_per_kg: float,
    capex_cr: float,
    subsidy_cr: float,
    hurdle: float,
) -> float:
    """Expected NPV (₹ crore) of building ``capacity_t`` on the path ``outlook`` expects.

    ``Σ_y capacity · u_y · (margin_y + rate · s_y) · d_y − (capex − subsidy)`` with
    ``d_y = (1 + hurdle)^-(build_years + y + 1)``: each year's cash at its end, the investment
    up front.
    """
    to_cr = CR_PER_T_INR_PER_KG
    total = 0.0
    for y, (margin, share, sli) in enumerate(
        zip(outlook.margins_inr_per_kg, outlook.utilisation, outlook.sli_share, strict=True)
    ):
        discount = (1.0 + hurdle) ** (-(outlook.build_years + y + 1.0))
        total += capacity_t * share * (margin + sli_rate_inr_per_kg * sli) * to_cr * discount
    return total - (capex_cr - subsidy_cr)


def sli_pv_per_rupee_cr(capacity_t: float, outlook: BidOutlook, hurdle: float) -> float:
    """Present value (₹ crore) of ₹1/kg of SLI on the sales ``outlook`` expects in the window.

    ``Σ_y capacity · u_y · s_y · d_y`` (the SLI term of `bid_npv_cr` at a rate of 1).
    """
    to_cr = CR_PER_T_INR_PER_KG
    return sum(
        capacity_t * share * sli * to_cr * (1.0 + hurdle) ** (-(outlook.build_years + y + 1.0))
        for y, (share, sli) in enumerate(zip(outlook.utilisation, outlook.sli_share, strict=True))
    )


def required_sli_rate(
    capacity_t: float, outlook: BidOutlook, capex_cr: float, subsidy_cr: float, hurdle: float
) -> float:
    """Lowest SLI rate (₹/kg) at which the bid's NPV is zero; may be negative (no support needed).

    Solves ``bid_npv_cr(rate) = 0``, linear in the rate: ``−NPV(0) / sli_pv_per_rupee_cr``;
    infinite when no expected sale falls in the SLI window. Lower expected costs or a faster
    ramp → a lower rate.
    """
    per_rupee = sli_pv_per_rupee_cr(capacity_t, outlook, hurdle)
    if per_rupee <= 0.0:
        return float("inf")
    return -bid_npv_cr(capacity_t, outlook, 0.0, capex_cr, subsidy_cr, hurdle) / per_rupee


def plant_capex_cr(capacity_t: float, capex_cr_per_kt: float, scale_exponent: float) -> float:
    """Investment in an integrated plant (₹ crore): ``capex_per_kt * (capacity / 1000) ** b``.

    ``b = 1`` is a constant cost per tonne (facts §4 quotes capex per t/yr); ``b < 1`` is the
    economy of scale of process plants (the "six-tenths rule"), which makes small plants dearer
    per tonne and large ones cheaper, relative to a 1,000 t/yr plant.
    """
    if scale_exponent == 1.0:
        return capacity_t / 1000.0 * capex_cr_per_kt
    return (capacity_t / 1000.0) ** scale_exponent * capex_cr_per_kt


def expected_floor_margin_inr(
    market_price: float,
    floor: float,
    passthrough: float,
    support_years: float,
    life_years: float,
) -> float:
    """Extra margin a firm expects from a price floor over its plant's life (₹/kg).

    The floor pays ``max(0, floor - market price)`` per kg sold; the firm keeps the share it does
    not pass on to buyers, for the share of the plant's life the floor lasts:
    ``max(0, floor - market) * (1 - passthrough) * min(1, support_years / life_years)``.
    """
    share = min(1.0, support_years / life_years) if life_years > 0 else 1.0
    return max(0.0, floor - market_price) * (1.0 - passthrough) * share
