"""What one accumulate micro-step adds to the accumulators Δ⁽ˡ⁾, cell by cell.

    Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾ (a⁽ˡ⁾)ᵀ        (a⁽ˡ⁾ with its bias unit a₀⁽ˡ⁾ = 1 in front)

The increment of cell (i, j) is aⱼ⁽ˡ⁾ δᵢ⁽ˡ⁺¹⁾ (the lecture's eq. 3 for one example): it is
zero wherever the input aⱼ is 0 (a 0 pixel, XOR's x = 0, a ReLU unit that is off) or the
error δᵢ is 0, and those cells of Δ do not change. The Matrices panel marks the others.
"""

from __future__ import annotations

import numpy as np

from .seedloop import with_bias


def increments(deltas, activations) -> list[np.ndarray]:
    """δ⁽ˡ⁺¹⁾ [1; a⁽ˡ⁾]ᵀ for l = 1 … L − 1: list of (s_{l+1}, s_l + 1) arrays.

    deltas, activations: lists of length L, 0-based like the Stepper's (deltas[l] is
    δ⁽ˡ⁺¹⁾, activations[l] is a⁽ˡ⁺¹⁾ without its bias unit); deltas[0] is unused."""
    L = len(activations)
    if len(deltas) != L:
        raise ValueError(f"need one δ per layer ({L}), got {len(deltas)}")
    return [np.outer(deltas[l + 1], with_bias(activations[l])) for l in range(L - 1)]


def current_increments(stepper) -> list[np.ndarray] | None:
    """The increments of the stepper's current example (what its accumulate step adds, or
    added), or None while some δ⁽ˡ⁺¹⁾ or a⁽ˡ⁾ of it is not computed yet."""
    a, d = stepper.a, stepper.delta
    if any(x is None for x in a) or any(x is None for x in d[1:]):
        return None
    return increments(d, a)


def changed_cells(stepper) -> list[np.ndarray] | None:
    """Boolean masks (s_{l+1}, s_l + 1): the Δ⁽ˡ⁾ cells the last micro-step changed, when it
    was an accumulate step (cells whose increment aⱼδᵢ is not zero); else None."""
    last = stepper.last
    if last is None or last.kind != "accumulate":
        return None
    inc = current_increments(stepper)
    return None if inc is None else [x != 0 for x in inc]
