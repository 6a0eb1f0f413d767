"""The scheme's tender: ranking, award, and re-opening when places are left (DESIGN.md §4).

The scheme chooses up to five beneficiaries by competitive bidding on the SLI rate (facts §1).
The documents say nothing about a tender that draws too few bids; the model re-opens it on a
stated rule (docs/ODD.md §7.4): ``tender_reopen_months`` after the award and after each
re-opened round, while places and at least a smallest bid's capacity are left, at most
``tender_max_rounds`` times, on the same terms (rate ceiling, capacities, net-worth rule, each
winner's gestation and SLI window counted from its own award). Firms bid again from their state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ecosystem.environment.raw_material import allocate

if TYPE_CHECKING:
    from ecosystem.agents.bidding import Bid

#: A winner: (firm index, rank, capacity t/yr, rate ₹/kg, IREL share).
Winner = tuple[int, int, float, float, float]


@dataclass(frozen=True)
class TenderRound:
    """A re-opened round: when, who bid, who won (ranks continue the earlier rounds').

    ``irel``: every winner's IREL share after the round, in rank order (L1-L3 re-split by the
    rule when a round adds a winner among them).
    """

    month: int
    bidders: tuple[int, ...]
    winners: tuple[Winner, ...]
    irel: tuple[float, ...] = ()


@dataclass(frozen=True)
class TenderOutcome:
    """What the tender decided; the twin and switch runs of a run reuse it (DESIGN.md §6).

    Attributes:
        bidders: firm indices that bid at the award.
        winners: (firm index, rank, capacity t/yr, rate ₹/kg, IREL share) in rank order.
        rounds: re-opened rounds, in order (empty when the award filled the places or the rule
            does not re-open).
    """

    bidders: tuple[int, ...]
    winners: tuple[Winner, ...]
    rounds: tuple[TenderRound, ...] = ()

    @property
    def all_winners(self) -> tuple[Winner, ...]:
        """Winners of the award and every re-opened round, in rank order."""
        return self.winners + tuple(w for r in self.rounds for w in r.winners)

    def round_at(self, month: int) -> TenderRound | None:
        """The re-opened round held in ``month``, if any."""
        return next((r for r in self.rounds if r.month == month), None)


def rank_bids(bids: list[Bid], tie_breaks: list[float]) -> list[Bid]:
    """L1, L2, …: lowest rate first; ties broken by the given random keys."""
    order = sorted(range(len(bids)), key=lambda i: (bids[i].rate_inr_per_kg, tie_breaks[i]))
    return [bids[i] for i in order]


def select_winners(ranked: list[Bid], n: int, capacity_limit_t: float) -> list[Bid]:
    """Take bids in rank order while fewer than ``n`` and the total stays within the limit."""
    chosen: list[Bid] = []
    total = 0.0
    for bid in ranked:
        if len(chosen) >= n:
            break
        if total + bid.capacity_t <= capacity_limit_t + 1e-9:
            chosen.append(bid)
            total += bid.capacity_t
    return chosen


def irel_shares(winners: list[Bid], n_irel: int, rule: str) -> list[float]:
    """Shares of IREL oxide for L1..L``n_irel`` by rule: equal, by capacity, or by rank (1/rank)."""
    k = min(n_irel, len(winners))
    if k == 0:
        return [0.0] * len(winners)
    if rule == "capacity":
        weights = [b.capacity_t for b in winners[:k]]
    elif rule == "rank":
        weights = [1.0 / (i + 1) for i in range(k)]
    else:
        weights = [1.0] * k
    shares = allocate(1.0, weights)
    return shares + [0.0] * (len(winners) - k)


def places_left(
    winners: tuple[Winner, ...], n_places: int, capacity_t: float, min_bid_t: float
) -> tuple[int, float]:
    """Places and capacity (t/yr) still to allocate; (0, 0) when no smallest bid fits."""
    places = n_places - len(winners)
    capacity = capacity_t - sum(allocated for _, _, allocated, _, _ in winners)
    if places <= 0 or capacity < min_bid_t - 1e-9:
        return 0, 0.0
    return places, capacity


def reopens(
    month: int,
    last_round_month: int,
    rounds_held: int,
    reopen_months: int,
    max_rounds: int,
    places: int,
) -> bool:
    """Whether the tender re-opens this month.

    It does ``reopen_months`` after the last award or round, while places are left, at most
    ``max_rounds`` times.
    """
    return places > 0 and rounds_held < max_rounds and month == last_round_month + reopen_months
