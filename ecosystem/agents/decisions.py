"""Firms' entry, expansion and exit decisions: recorded by a run, replayed by its switch runs.

DESIGN.md §4 'Attribution switches': under the three non-twin switches (capacity built at once,
oxide unconstrained, market unconstrained) firms enter, expand and exit in the months the
unrelaxed run chose, as the tender is held at its outcome, so a switch cannot change output
through a decision it provokes (e.g. capacity built at once → early losses → an exit). The twin
(frontier expertise) is a total effect and decides for itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FirmDecisions:
    """What a run's firms decided, month by month (firm indices as in ``model.firms``).

    Attributes:
        entries: (firm index, month, capacity t/yr) of plants built outside the scheme by a firm
            that had none (`Bidder.consider_entry`).
        expansions: (firm index, month, capacity t/yr) of expansions of a running firm.
        exits: (firm index, month) of exit decisions (the firm leaves the month after).
    """

    entries: tuple[tuple[int, int, float], ...] = ()
    expansions: tuple[tuple[int, int, float], ...] = ()
    exits: tuple[tuple[int, int], ...] = ()

    def entry_t(self, firm: int, month: int) -> float:
        """Capacity the firm entered with in that month (t/yr; 0 if it did not enter)."""
        return sum(t for f, m, t in self.entries if f == firm and m == month)

    def expansion_t(self, firm: int, month: int) -> float:
        """Capacity the firm added by expanding in that month (t/yr; 0 if it did not)."""
        return sum(t for f, m, t in self.expansions if f == firm and m == month)

    def exits_in(self, firm: int, month: int) -> bool:
        """Whether the firm decided to exit in that month."""
        return (firm, month) in self.exits


@dataclass
class DecisionLog:
    """The decisions of a run as they are taken (`snapshot` freezes them)."""

    entries: list[tuple[int, int, float]] = field(default_factory=list)
    expansions: list[tuple[int, int, float]] = field(default_factory=list)
    exits: list[tuple[int, int]] = field(default_factory=list)

    def snapshot(self) -> FirmDecisions:
        """The decisions so far, immutable."""
        return FirmDecisions(tuple(self.entries), tuple(self.expansions), tuple(self.exits))
