"""What the Decision boundary panel draws, computed without Qt.

Which picture fits the data (`plot_kind`): the plane of 2 inputs (the decision surface of
surface.py behind a scatter of the examples), the curve h_Θ(x) over 1 input, the image of
the current example, or none. For the plane with K ≥ 3 output units `surface_classes`
turns the surface into the class of each point and how sure the network is (the largest
hₖ); with one output unit the panel shows h itself (the probability of class 1).
"""

from __future__ import annotations

import numpy as np

from . import instrument_args as args
from .backprop import predict


def plot_kind(n_inputs: int, image_shape=None) -> str:
    """"image" for image data, "plane" for 2 inputs, "curve" for 1, else "none"."""
    if image_shape is not None and len(image_shape) == 2:
        return "image"
    return {1: "curve", 2: "plane"}.get(int(n_inputs), "none")


def surface_classes(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class (res, res) int, strength (res, res) in 0 … 1) of a decision surface
    (res, res, K). K ≥ 3: the class of the largest hₖ and that hₖ; K = 1: class 1 where
    h ≥ 0.5, strength max(h, 1 − h), the probability of the class chosen."""
    grid = np.asarray(grid, dtype=np.float64)
    if grid.ndim != 3:
        raise ValueError(f"a decision surface is (rows, columns, K), not shape {grid.shape}")
    if grid.shape[2] == 1:
        h = grid[:, :, 0]
        return (h >= 0.5).astype(np.intp), np.maximum(h, 1.0 - h)
    cls = np.argmax(grid, axis=2)
    return cls, np.take_along_axis(grid, cls[:, :, None], axis=2)[:, :, 0]


def fitted_curve(thetas, acts, xlim, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """(xs (n,), h (n, K)): h_Θ(x) at n evenly spaced x from xlim[0] to xlim[1], for a
    network of one input; acts are the activation names of layers 2 … L."""
    ths = args.thetas(thetas)
    if ths[0].shape[1] != 2:
        raise ValueError(f"the fitted curve needs a network with 1 input; this one has "
                         f"{ths[0].shape[1] - 1}")
    x0, x1 = args.interval(xlim, "the x range")
    n = args.integer(n, "the number of points of the curve", 2, 100_000)
    xs = np.linspace(x0, x1, n)
    acts = list(acts)
    return xs, predict(ths, xs[:, None], acts[:-1], acts[-1])


def curve_extent(x: np.ndarray, margin: float = 0.1) -> tuple[float, float]:
    """[min, max] of the 1-D inputs x widened by margin × their range (a range of
    max(1, |x|) when all are equal), like surface_extent for one column."""
    x = np.asarray(x, dtype=np.float64).ravel()
    if x.size == 0:
        raise ValueError("there are no inputs to draw the curve around")
    lo, hi = float(x.min()), float(x.max())
    if hi == lo:
        lo, hi = lo - max(1.0, abs(lo)) / 2, hi + max(1.0, abs(hi)) / 2
    pad = margin * (hi - lo)
    return lo - pad, hi + pad
