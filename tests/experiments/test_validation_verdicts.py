"""Every verdict word of the validation report comes from the numbers (no fixed strings).

Fast: the verdict functions and the "Matches / Disagrees" sorting on made-up numbers, no runs.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest

from experiments.validation import Range, agreement, interval_verdict, position_in_range
from experiments.validation.findings import claims
from experiments.validation.statistics import slower


def test_agreement_counts_the_checks_inside():
    assert agreement(0, 3) == "disagrees"
    assert agreement(3, 3) == "agrees"
    assert agreement(1, 3) == "partly agrees"
    assert agreement(0, 0) == "is not tested"


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0.05, "below 10%-30%"),
        (0.12, "inside 10%-30% but near its low end"),
        (0.20, "well inside 10%-30%"),
        (0.28, "inside 10%-30% but near its high end"),
        (0.35, "above 10%-30%"),
        (math.nan, "below 10%-30%"),
    ],
)
def test_position_in_range_says_where_the_value_lies(value, words):
    assert position_in_range(value, 0.10, 0.30) == words


def test_interval_verdict_names_the_side_and_the_speed():
    assert interval_verdict(12.0, 10.0, 20.0, duration=True) == (True, "inside")
    assert interval_verdict(8.0, 10.0, 20.0, duration=True) == (
        False,
        "observed below (model slower)",
    )
    assert interval_verdict(25.0, 10.0, 20.0, duration=True) == (
        False,
        "observed above (model faster)",
    )
    assert interval_verdict(25.0, 10.0, 20.0, duration=False) == (False, "observed above")
    assert interval_verdict(math.nan, 10.0, 20.0, duration=True)[0] is False


def test_slower_treats_never_as_slowest():
    assert slower(math.inf, 30.0) and not slower(12.0, 30.0) and not slower(12.0, 12.0)


def numbers(**changes):
    """Findings in which the model matches the record on every claim."""
    base = dict(
        in_prior=4,
        n_exp=5,
        novices_slower=True,
        learning_inside=True,
        lr=Range(0.10, 0.20, 0.30),
        first_as_claimed=True,
        first_years=2.0,
        rho=-0.2,
        at_once=False,
        world_plate=(30.0, 20.0, 40.0),
        learning_low=False,
        v=SimpleNamespace(learning_rates=np.array([0.15, 0.25])),
        lasting=True,
        smco_slow=False,
        smco_default=20.0,
        smco=SimpleNamespace(first_output_months=Range(18.0, 24.0, 30.0)),
        lever_short=False,
        irel_years=7.0,
    )
    base.update(changes)
    return SimpleNamespace(**base)


def test_claims_all_match_when_the_numbers_agree():
    found = claims(numbers())
    assert all(holds for holds, _ in found)
    assert len(found) == 10


@pytest.mark.parametrize(
    ("change", "phrase"),
    [
        ({"in_prior": 0}, "Construction to first output"),
        ({"novices_slower": False}, "Novices"),
        ({"learning_inside": False}, "outside the 10%-30%"),
        ({"first_as_claimed": False, "first_years": 3.4}, "3.4 years after the award"),
        ({"rho": 0.9}, "Small plants build faster"),
        ({"at_once": True}, "reach nameplate at once"),
        ({"learning_low": True}, "low end of the evidence"),
        ({"lasting": False}, "no lasting shortage"),
        ({"smco_slow": True, "smco_default": 40.0}, "takes 40 months"),
        ({"lever_short": True, "irel_years": 3.0}, "(3 years) is about half"),
    ],
)
def test_a_claim_moves_under_disagrees_when_its_number_says_so(change, phrase):
    found = claims(numbers(**change))
    disagrees = [text for holds, text in found if not holds]
    assert len(disagrees) == 1
    assert phrase in disagrees[0]
