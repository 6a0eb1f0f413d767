"""Public R&D centre with magnet work (DESIGN.md §3; facts §3)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mesa import Agent

from ecosystem.mechanisms.bounds import max2, min2
from ecosystem.mechanisms.research import lab_knowledge_gain, research_effort

if TYPE_CHECKING:
    from ecosystem.agents.manufacturer import Manufacturer
    from ecosystem.model import MagnetModel


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
        self.researchers = model.p.rnd_researchers_per_centre
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
        effort = research_effort(
            self.researchers, self.funding_cr_per_yr, p.rnd_half_pace_cr_per_researcher
        )
        self.knowledge = min2(
            1.0,
            self.knowledge
            + lab_knowledge_gain(self.knowledge, effort, p.rnd_productivity_per_researcher),
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
        gained = max2(0.0, self.knowledge - firm.knowhow)
        firm.knowhow = max2(firm.knowhow, self.knowledge)
        self.model.record_flow(self.unique_id, firm.unique_id, "licence", gained)
