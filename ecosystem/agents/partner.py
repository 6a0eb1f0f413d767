"""Foreign technology partner (DESIGN.md §3, §4 'Decisions')."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa import Agent

from ecosystem.mechanisms.bounds import min2

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.model import MagnetModel


def partner_accepts(willingness: float, terms: float, threshold: float, slots_left: int) -> bool:
    """A partner accepts a firm when ``willingness * terms >= threshold`` and it has a slot left.

    Chinese partners have willingness 0 (China bans the export of magnet technology, facts §2).
    """
    return slots_left > 0 and willingness * terms >= threshold


def deal_terms(
    beneficiary: bool,
    committed_t: float,
    max_t: float,
    beneficiary_weight: float,
    scale_weight: float,
) -> float:
    """Attractiveness of a client in [0, 1]: a beneficiary with a larger plant pays more.

    ``terms = 1 - (w_b + w_s) + w_b * beneficiary + w_s * min(1, committed / max)``: the best
    client (a beneficiary at the largest bid) scores 1 (a normalisation); the weights are Params
    fields (``partner_terms_beneficiary_weight``, ``partner_terms_scale_weight``).
    """
    scale = min2(1.0, committed_t / max_t) if max_t > 0 else 0.0
    base = 1.0 - (beneficiary_weight + scale_weight)
    return base + beneficiary_weight * (1.0 if beneficiary else 0.0) + scale_weight * scale


class TechnologyPartner(Agent):
    """A foreign magnet maker that licenses process know-how and seconds experts."""

    model: MagnetModel

    def __init__(self, model: MagnetModel, index: int, country: str) -> None:
        super().__init__(model)
        p = model.p
        self.index = index
        self.country = country
        self.name = f"{country.title()} magnet maker {index + 1}"
        self.account = model.ledger.open(f"partner:{index}")
        base = 0.0 if country == "china" else getattr(p, f"partner_willingness_{country}")
        boost = p.g2g_willingness_boost if p.g2g_deals and country != "china" else 0.0
        self.willingness = min2(1.0, base + boost)
        self.slots = p.partner_slots
        self.clients: list[Manufacturer] = []
        self.knowhow = 1.0

    @property
    def slots_left(self) -> int:
        """Clients it can still take."""
        return self.slots - len(self.clients)

    def consider(self, firm: Manufacturer) -> bool:
        """Accept or refuse a firm; on acceptance the firm pays the licence fee."""
        p = self.model.p
        terms = deal_terms(
            firm.beneficiary,
            firm.committed_t,
            p.bid_capacity_max_t,
            p.partner_terms_beneficiary_weight,
            p.partner_terms_scale_weight,
        )
        if not partner_accepts(
            self.willingness, terms, p.partner_accept_threshold, self.slots_left
        ):
            return False
        self.clients.append(firm)
        firm.partner = self
        fee = p.licence_fee_cr
        self.model.ledger.transfer(firm.account, self.account, fee, "licence_fee")
        firm.eligible_investment_cr += fee
        if firm.beneficiary:
            firm.scheme_investment_cr += fee
        self.model.record_flow(self.unique_id, firm.unique_id, "licence", 0.0)
        return True

    def review(self) -> None:
        """Withdraw from clients who stopped paying royalties or left the industry."""
        p = self.model.p
        for firm in list(self.clients):
            if firm.exited or firm.arrears_months >= p.partner_arrears_months:
                self.release(firm)

    def release(self, firm: Manufacturer) -> None:
        """End the partnership with ``firm``."""
        if firm in self.clients:
            self.clients.remove(firm)
        if firm.partner is self:
            firm.partner = None
