"""Public R&D centre with magnet work (DESIGN.md §3; facts §3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa import Agent

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.model import MagnetModel


def research_gain(knowledge: float, funding_cr_per_yr: float, productivity: float) -> float:
    """Monthly knowledge gain: ``productivity * funding/10 / 12 * (1 - knowledge)``."""
    return productivity * funding_cr_per_yr / 10.0 / 12.0 * max(0.0, 1.0 - knowledge)


def trainees(skilling_cr_per_month: float, per_cr: float) -> float:
    """Trained workers added to the labour pool by a month's skilling funding."""
    return skilling_cr_per_month * per_cr


class RnDCentre(Agent):
    """Researches, licenses domestic technology, trains workers, spills know-how to firms."""

    model: MagnetModel

    def __init__(self, model: MagnetModel, index: int, name: str) -> None:
        super().__init__(model)
        self.index = index
        self.name = name
        self.account = model.ledger.open(f"rnd:{index}")
        self.knowledge = model.p.knowhow_public_lab
        self.researchers = 20.0
        self.funding_cr_per_yr = model.p.rnd_base_funding_cr_per_yr
        self.trained_cum = 0.0

    def step(self) -> None:
        """Spend the month's funding on research and skilling."""
        m, p = self.model, self.model.p
        base = p.rnd_base_funding_cr_per_yr / 12.0
        m.ledger.transfer("treasury", self.account, base, "rnd_base")
        extra = m.government.rnd_grant(self)
        research = base + extra * p.rnd_share_of_pool
        skilling = extra * (1.0 - p.rnd_share_of_pool)
        self.funding_cr_per_yr = research * 12.0
        self.knowledge = min(
            1.0,
            self.knowledge
            + research_gain(self.knowledge, self.funding_cr_per_yr, p.rnd_productivity),
        )
        added = trainees(skilling, p.rnd_trainees_per_cr)
        m.labour.trained += added
        self.trained_cum += added
        if added > 0.0:
            m.record_flow(self.unique_id, m.LABOUR_POOL_ID, "training", added)
        m.ledger.transfer(
            self.account, "researchers_and_trainers", research + skilling, "rnd_spend"
        )

    def license_to(self, firm: Manufacturer) -> None:
        """License the lab's process technology to a firm without a partner."""
        firm.licensed_domestic = True
        gained = max(0.0, self.knowledge - firm.knowhow)
        firm.knowhow = max(firm.knowhow, self.knowledge)
        self.model.record_flow(self.unique_id, firm.unique_id, "licence", gained)
