"""The national labour pool: finite unskilled and trained workers, fed by universities and labs."""

from __future__ import annotations

from ecosystem.mechanisms.bounds import min2
from ecosystem.params import Params


class LabourPool:
    """Workers available to hire (stocks, not agents)."""

    def __init__(self, params: Params) -> None:
        self.p = params
        self.novices = params.labour_pool_novices
        self.trained = params.labour_pool_trained0
        self.experts = 0.0

    def add_graduates(self) -> float:
        """Universities add a month's trained workers; returns how many."""
        added = self.p.university_trained_per_yr / 12.0
        self.trained += added
        return added

    def hire(self, wanted: float) -> tuple[float, float, float]:
        """Hire up to ``wanted`` workers: experts first, then trained, then novices."""
        e = min2(wanted, self.experts)
        t = min2(wanted - e, self.trained)
        n = min2(wanted - e - t, self.novices)
        self.experts -= e
        self.trained -= t
        self.novices -= n
        return n, t, e

    def release(self, novices: float, trained: float, experts: float) -> None:
        """Workers who leave a firm return to the pool."""
        self.novices += novices
        self.trained += trained
        self.experts += experts
