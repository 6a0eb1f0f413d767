"""Prior distributions (ecosystem.fieldspec.Prior): median, inverse CDF, shaping by a median."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from ecosystem import Prior


@pytest.mark.parametrize(
    ("low", "mode", "high"), [(0, 0.3, 1), (1, 9, 36), (45, 65, 125), (0, 0, 0.5), (0, 1, 1)]
)
def test_triangular_median_matches_scipy(low, mode, high):
    prior = Prior("triangular", low, high, mode)
    expected = stats.triang((mode - low) / (high - low), loc=low, scale=high - low).median()
    assert prior.median() == pytest.approx(expected, rel=1e-12)


def test_uniform_and_discrete_median_is_the_middle():
    assert Prior("uniform", 2, 10).median() == 6
    assert Prior("discrete", 0, 50).median() == 25


@pytest.mark.parametrize("median", [0.3, 0.45, 0.5, 0.62, 0.7])
def test_with_median_gives_a_triangular_prior_with_that_median(median):
    prior = Prior.with_median(0, median, 1)
    assert prior.kind == "triangular"
    assert 0 <= prior.mode <= 1
    assert prior.median() == pytest.approx(median, abs=1e-12)
    # the sampler's inverse CDF puts half the mass below it
    assert float(prior.ppf(np.array([0.5]))[0]) == pytest.approx(median, abs=1e-12)


def test_with_median_refuses_a_median_no_triangle_can_have():
    with pytest.raises(ValueError, match="no triangular prior over 0-1 has median 0.9"):
        Prior.with_median(0, 0.9, 1)


def test_ppf_matches_scipy_and_is_monotone():
    prior = Prior("triangular", 3, 30, 7)
    u = np.linspace(0, 0.999, 101)
    x = prior.ppf(u)
    assert np.all(np.diff(x) >= 0)
    ref = stats.triang((7 - 3) / 27, loc=3, scale=27).ppf(u)
    np.testing.assert_allclose(x, ref, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(Prior("uniform", 2, 4).ppf(u), 2 + 2 * u)
