"""The decision surface: the network's outputs h_Θ(x) over a grid of the 2-D input plane.

    grid = decision_surface(thetas, acts, xlim, ylim, resolution=200)    # (res, res, K)

Orientation: grid[r, c] = h_Θ(x_c, y_r) with
    x_c = xlim[0] + c·Δx,  Δx = (xlim[1] − xlim[0]) / (res − 1)      c = 0 … res − 1
    y_r = ylim[0] + r·Δy,  Δy = (ylim[1] − ylim[0]) / (res − 1)      r = 0 … res − 1
so both ends of each range are grid points, rows go up in y (row 0 is y = ylim[0], the
bottom of a plot whose y axis points up) and columns go right in x: numpy's row-major
(y, x) image order. In pyqtgraph: ImageItem(grid[:, :, k], axisOrder="row-major") and
item.setRect(*surface_rect(xlim, ylim, res)), which puts each pixel's centre on its point.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from . import activations
from . import instrument_args as args
from .backprop import _forward
from .workspace import Workspace, sizes_of

MAX_RESOLUTION = 2000


def grid_axes(xlim, ylim, resolution: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """The grid's coordinates (x_c for the columns, y_r for the rows), each (res,)."""
    (x0, x1), (y0, y1) = args.interval(xlim, "the x range"), args.interval(ylim, "the y range")
    res = args.integer(resolution, "the resolution of the decision surface", 2, MAX_RESOLUTION)
    return np.linspace(x0, x1, res), np.linspace(y0, y1, res)


def decision_surface(thetas: Sequence[np.ndarray], acts: Sequence[str], xlim, ylim,
                     resolution: int = 200) -> np.ndarray:
    """h_Θ over the plane: (res, res, K) float64, grid[r, c] = h_Θ(x_c, y_r) (see above).

    thetas: Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ of a network with s₁ = 2 inputs; acts: the activation names of
    layers 2 … L (like Network.acts); xlim, ylim: (low, high); resolution: 2 … 2000.
    The batch forward pass of `backprop` over the res² points, point r·res + c being
    (x_c, y_r), in batches of a few thousand (see _chunks).
    """
    ths = args.thetas(thetas)
    if ths[0].shape[1] != 3:
        raise ValueError(f"the decision surface needs a network with 2 inputs; this one has "
                         f"{ths[0].shape[1] - 1}")
    names = [acts] if isinstance(acts, str) else list(acts)
    if len(names) != len(ths):
        raise ValueError(f"a network of {len(ths) + 1} layers needs {len(ths)} activation "
                         f"names (layers 2 … {len(ths) + 1}), got {len(names)}")
    names = [activations.check(a) for a in names]
    xs, ys = grid_axes(xlim, ylim, resolution)
    res = len(xs)
    n_chunks, chunk = _chunks(res * res, sizes_of(ths))
    points = np.zeros((n_chunks * chunk, 2))  # the grid, then padding to whole chunks
    grid = points[:res * res].reshape(res, res, 2)
    grid[:, :, 0] = xs          # x varies along a row
    grid[:, :, 1] = ys[:, None]  # y is constant along a row
    h = np.empty((n_chunks * chunk, ths[-1].shape[0]))
    ws = _checkout(chunk, sizes_of(ths))
    try:
        for start in range(0, len(points), chunk):
            h[start:start + chunk] = _forward(ths, points[start:start + chunk], names, ws)[1][-1]
    finally:
        _checkin(ws)
    return h[:res * res].reshape(res, res, -1)


def _chunks(n: int, sizes) -> tuple[int, int]:
    """(number, size) of the equal batches the n points go through the network in.

    Why batches: their work arrays (≤ ~8 MB, at most 4096 points) stay in cache and are
    reused from call to call; one pass over 40,000 points allocates ~12 MB of fresh pages
    for 2-8-8-1 and took 3-4x as long (6.7 ms against 1.5-2.3 ms; bench_instruments.py).
    """
    target = max(256, min(4096, 2**19 // sum(s + 1 for s in sizes[1:])))
    count = -(-n // target)
    return count, -(-n // count)


# One idle workspace, for the shapes of the last call (the plot refreshes with the same ones)
_idle: list[Workspace] = []
_idle_lock = threading.Lock()


def _checkout(m: int, sizes) -> Workspace:
    with _idle_lock:
        if _idle and _idle[0].key == (m, tuple(sizes)):
            return _idle.pop()
    return Workspace(m, sizes, backward=False)


def _checkin(ws: Workspace) -> None:
    with _idle_lock:
        _idle[:] = [ws]


def surface_rect(xlim, ylim, resolution: int = 200) -> tuple[float, float, float, float]:
    """(x, y, width, height) of the image whose pixel centres are the grid's points: the
    ranges widened by half a step Δ on each side (for pyqtgraph's ImageItem.setRect)."""
    xs, ys = grid_axes(xlim, ylim, resolution)
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    return (float(xs[0] - dx / 2), float(ys[0] - dy / 2), float(len(xs) * dx),
            float(len(ys) * dy))


def surface_extent(X, margin: float = 0.1) -> tuple[tuple[float, float], tuple[float, float]]:
    """(xlim, ylim) around 2-D data X (m, 2): each column's [min, max] widened by margin × its
    range on both sides. A column whose values are all equal (range 0) gets a range of
    max(1, |value|) before the margin, so that low < high."""
    X = args.matrix(X, "the points around which to draw the surface")
    if X.shape[1] != 2:
        raise ValueError(f"the points around which to draw the surface must have 2 columns "
                         f"(x, y), not {X.shape[1]}")
    margin = args.number(margin, "the margin around the data")
    out = []
    for col in X.T:
        lo, hi = float(col.min()), float(col.max())
        if hi == lo:
            lo, hi = lo - max(1.0, abs(lo)) / 2, hi + max(1.0, abs(hi)) / 2
        pad = margin * (hi - lo)
        out.append((lo - pad, hi + pad))
    return out[0], out[1]
