"""Public R&D centres research, license and train (DESIGN.md §3)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem import MagnetModel, Params
from ecosystem.agents.rnd_centre import research_gain, trainees


@settings(deadline=None, max_examples=100)
@given(k=st.floats(0.0, 0.999), funding=st.floats(0.1, 200.0), productivity=st.floats(0.001, 0.1))
def test_research_adds_knowledge_with_funding_and_never_passes_the_frontier(
    k, funding, productivity
):
    gain = research_gain(k, funding, productivity)
    assert 0.0 < gain <= 1.0 - k
    assert research_gain(k, 2 * funding, productivity) == pytest.approx(2 * gain)
    assert research_gain(1.0, funding, productivity) == 0.0
    assert research_gain(k, 0.0, productivity) == 0.0


def test_skilling_money_trains_workers_in_proportion():
    assert trainees(2.0, 40.0) == pytest.approx(80.0)
    assert trainees(0.0, 40.0) == 0.0


def test_licensing_lifts_a_firm_to_the_labs_know_how_but_never_lowers_it():
    m = MagnetModel(Params(), rng=1)
    centre, behind, ahead = m.rnd_centres[0], m.firms[0], m.firms[1]
    centre.knowledge = 0.4
    behind.knowhow, ahead.knowhow = 0.15, 0.7
    centre.license_to(behind)
    centre.license_to(ahead)
    assert behind.knowhow == pytest.approx(0.4) and behind.licensed_domestic
    assert ahead.knowhow == pytest.approx(0.7)


def test_skilling_funds_add_trained_workers_to_the_labour_pool():
    funded = MagnetModel(Params(rnd_skilling_pool_cr=500.0, rnd_share_of_pool=0.0), rng=1)
    plain = MagnetModel(Params(), rng=1)
    for m in (funded, plain):
        for centre in m.rnd_centres:
            centre.step()
    assert funded.labour.trained > plain.labour.trained
    assert sum(c.trained_cum for c in plain.rnd_centres) == 0.0
