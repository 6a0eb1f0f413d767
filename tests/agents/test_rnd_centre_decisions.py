"""Public R&D centres research, license and train (DESIGN.md §3)."""

from __future__ import annotations

import pytest

from ecosystem import MagnetModel, Params
from ecosystem.agents.rnd_centre import trainees


def test_a_centres_knowledge_grows_with_its_researchers_and_funding_not_the_calendar():
    fixed = {
        "rnd_researchers_per_centre": 20.0,
        "rnd_base_funding_cr_per_yr": 15.0,
        "rnd_half_pace_cr_per_researcher": 0.75,
        "rnd_productivity_per_researcher": 0.003,
        "rnd_skilling_pool_cr": 0.0,
        "knowhow_public_lab": 0.35,
    }

    def gained(months=24, **values):
        m = MagnetModel(Params(**{**fixed, **values}), rng=1)
        centre = m.rnd_centres[0]
        before = centre.knowledge
        for _ in range(months):
            centre.step()
        return centre.knowledge - before

    base = gained()
    assert base > 0.0
    assert gained(rnd_researchers_per_centre=0.0) == 0.0  # nobody researching: no growth
    assert gained(rnd_base_funding_cr_per_yr=0.0) == 0.0  # no money: no growth
    assert gained(rnd_researchers_per_centre=40.0) > base
    assert gained(rnd_base_funding_cr_per_yr=30.0) > base
    month = gained(1)  # 20 researchers at ₹15 cr/yr, half pace at ₹0.75 cr: 10 researcher-years
    assert month == pytest.approx(0.003 * 10.0 / 12.0 * (1.0 - 0.35))
    assert gained(1, rnd_productivity_per_researcher=0.006) == pytest.approx(2 * month)


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
