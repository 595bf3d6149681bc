"""Random problems for the engine tests."""

import numpy as np


def random_problem(sizes, seed, m=7, binary_targets=True):
    """Random weights (larger than the init, so that every unit works) and data."""
    rng = np.random.default_rng(seed)
    thetas = [rng.normal(0, 0.8, size=(b, a + 1)) for a, b in zip(sizes[:-1], sizes[1:])]
    X = rng.normal(0, 1.0, size=(m, sizes[0]))
    if binary_targets:
        Y = (rng.random((m, sizes[-1])) < 0.5).astype(float)
    else:
        Y = rng.normal(0, 1.0, size=(m, sizes[-1]))
    return thetas, X, Y
