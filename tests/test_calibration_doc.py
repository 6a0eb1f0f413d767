"""docs/calibration.md: generated from `Params.fields()` and the stored Morris ranking, current.

The calibration table must show every default with its unit, range, prior and sources (or
"assumption"), put conflicting sources side by side with the chosen default and why, and carry
the global sensitivity summary that marks the assumptions among the most influential fields.
"""

from __future__ import annotations

import json
import re

import pytest

from ecosystem import resolve_source
from ecosystem.params import Params
from experiments import calibration_doc as caldoc
from experiments import refdocs as docs

ROOT = docs.ROOT
CALIBRATION = ROOT / caldoc.CALIBRATION_MD
RANKING = ROOT / caldoc.MORRIS_RANKING_JSON


@pytest.fixture(scope="module")
def text() -> str:
    return CALIBRATION.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def ranking() -> dict:
    return json.loads(RANKING.read_text(encoding="utf-8"))


def test_calibration_doc_is_current(text):
    expected = docs.expected_files(ROOT)[CALIBRATION]
    assert text == expected, "docs/calibration.md is out of date: run `make docs`"


def test_check_mode_covers_the_calibration_doc():
    assert CALIBRATION in docs.expected_files(ROOT)
    assert CALIBRATION not in docs.stale_files(ROOT)


def test_generation_is_deterministic(ranking):
    assert caldoc.calibration_markdown(ranking=ranking) == caldoc.calibration_markdown(
        ranking=ranking
    )
    assert not re.search(r"\d\d:\d\d:\d\d", caldoc.calibration_markdown(ranking=ranking))


def test_every_parameter_has_a_row_with_default_unit_range_prior_and_source(text):
    body = text.split("## Every parameter", 1)[1]
    for name, spec in Params.fields().items():
        row = next(line for line in body.splitlines() if line.startswith(f"| `{name}` |"))
        assert docs.cell(caldoc.default_text(spec)) in row
        assert docs.cell(spec.range_text) in row
        assert docs.cell(docs.prior_text(spec)) in row
        if spec.assumption:
            assert "| assumption" in row
        else:
            for source in spec.sources:
                # each source links to its entry of docs/sources.md, with what it says
                assert f"](sources.md#{resolve_source(source.ref).anchor})" in row
                assert not source.value or docs.cell(source.value) in row


def test_conflicting_sources_are_side_by_side_with_the_reason(text):
    section = text.split("## Conflicting sources", 1)[1].split("\n## ", 1)[0]
    row = next(line for line in section.splitlines() if "`irel_oxide_capacity_t_per_yr`" in line)
    assert "400 t/yr" in row and "500 t/yr" in row and "‖" in row
    assert "450.0" in row  # the chosen default
    assert "Sources conflict" in row  # and why (the field's note)


def test_sensitivity_summary_marks_assumptions_in_the_top_of_the_ranking(text, ranking):
    section = text.split("## Global sensitivity", 1)[1].split("\n## ", 1)[0]
    specs = Params.fields()
    top = ranking["factors"][: caldoc.TOP_RANKED]
    for f in top:
        row = next(line for line in section.splitlines() if f"| `{f['factor']}` |" in line)
        expected = "**assumption**" if specs[f["factor"]].assumption else "sourced"
        assert expected in row
    n_assumed = sum(1 for f in top if specs[f["factor"]].assumption)
    assert f"{n_assumed} of the top {len(top)} are assumptions" in section


def test_stored_ranking_covers_the_current_uncertain_fields(ranking):
    ranked = [f["factor"] for f in ranking["factors"]]
    uncertain = {n for n, s in Params.fields().items() if s.role == "uncertainty"}
    assert len(ranked) == len(set(ranked))
    stale = set(ranked) - uncertain
    assert not stale, f"ranked fields no longer uncertain parameters: {sorted(stale)}"
    mu = [f["mu_star"] for f in ranking["factors"]]
    assert mu == sorted(mu, reverse=True)
    assert [f["rank"] for f in ranking["factors"]] == list(range(1, len(ranked) + 1))


def test_missing_ranking_is_said_not_invented():
    out = caldoc.calibration_markdown(ranking=None)
    assert "No Morris screening is stored" in out
