"""Round scale ends: values worked out by hand from the ladder 1, 1.5, 2, 3, 5, 7.5 × 10ᵏ."""

import math

import pytest

from app.scales import nice_ceiling


@pytest.mark.parametrize("v, expected", [
    (1.0, 1.0), (1.01, 1.5), (1.5, 1.5), (1.6, 2.0), (2.2, 3.0), (4.0, 5.0), (5.1, 7.5),
    (7.6, 10.0), (0.4873, 0.5), (0.3, 0.3), (0.0031, 0.005), (12.0, 15.0), (999.0, 1000.0),
    (6.0e-7, 7.5e-7),
])
def test_the_smallest_ladder_value_at_or_above(v, expected):
    assert nice_ceiling(v) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("v", [0.0, -2.0, math.inf, math.nan])
def test_no_positive_finite_value_gives_one(v):
    assert nice_ceiling(v) == 1.0
