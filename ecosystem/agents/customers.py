"""A manufacturer's customers by buyer segment: qualification and volume (DESIGN.md §4)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ecosystem.mechanisms import qualification as q

if TYPE_CHECKING:
    from ecosystem.params import Params


def qualification_months(p: Params, buyer: str) -> float:
    """Qualification period of a buyer segment (months; Params fields)."""
    return {
        "automotive": p.qualification_months,
        "wind": p.qualification_months_wind,
        "consumer": p.qualification_months_consumer,
        "defence": p.qualification_months_defence,
    }[buyer]


@dataclass(slots=True)
class Customers:
    """Per buyer segment: when quality became stable for its grade, when it qualified the firm."""

    stable_since: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(q.BUYERS))
    qualified_month: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(q.BUYERS))

    def update(self, p: Params, month: int, *, stable: bool, high_grade: bool) -> list[str]:
        """A month of output at the given quality; returns the segments qualified this month."""
        newly = []
        for buyer in q.BUYERS:
            if self.qualified_month[buyer] is not None:
                continue
            grade_ok = high_grade or buyer not in q.HIGH_GRADE_BUYERS
            if self.stable_since[buyer] is None and stable and grade_ok:
                self.stable_since[buyer] = month
            if q.is_qualified(self.stable_since[buyer], month, qualification_months(p, buyer)):
                self.qualified_month[buyer] = month
                newly.append(buyer)
        return newly

    def access(self, p: Params, segment: str, month: int) -> float:
        """Share of the firm's offer the buyers of a demand segment take this month, in [0, 1]."""
        since = self.qualified_month[q.BUYER_OF_SEGMENT[segment]]
        return q.volume_share(
            None if since is None else month - since,
            p.qualification_ramp_months,
            p.qualification_steps,
        )
