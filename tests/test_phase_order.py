"""Agents act in a phase in the order (and with the draws) of Mesa's ``AgentSet.shuffle_do``."""

from __future__ import annotations

import pytest
from mesa.agent import AgentSet

from ecosystem import MagnetModel
from ecosystem.agents.manufacturer import Manufacturer
from ecosystem.agents.partner import TechnologyPartner
from ecosystem.agents.rnd_centre import RnDCentre


@pytest.mark.parametrize("kind", [Manufacturer, RnDCentre, TechnologyPartner])
def test_shuffled_is_mesa_shuffle_do(kind):
    model = MagnetModel(rng=3)
    model.run_for(84)
    agents = {Manufacturer: model.firms, RnDCentre: model.rnd_centres}.get(kind, model.partners)
    active = [a for a in agents if not getattr(a, "exited", False)]
    assert kind is not Manufacturer or len(active) < len(agents)  # a firm has left (seed 3)
    state = model.random.getstate()
    ours = [a.unique_id for a in model._shuffled(active)]
    after_ours = model.random.getstate()
    model.random.setstate(state)
    mesa_order: list[int] = []
    model.agents_by_type[kind].shuffle_do(lambda a: mesa_order.append(a.unique_id))
    assert ours == mesa_order
    assert model.random.getstate() == after_ours
    assert len(ours) > 1


def test_shuffled_list_is_an_agentset_from_it():
    model = MagnetModel(rng=8)
    sellers = model.firms[::2]
    state = model.random.getstate()
    ours = [f.unique_id for f in model._shuffled(sellers)]
    model.random.setstate(state)
    mesa_order: list[int] = []
    AgentSet(sellers, random=model.random).shuffle_do(lambda a: mesa_order.append(a.unique_id))
    assert ours == mesa_order
