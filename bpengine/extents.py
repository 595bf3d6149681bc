"""How far each quantity has reached in the current batch: the end of a fixed colour scale.

A colour scale that followed each step's values would give one colour a new meaning at
every step (±0.5, then ±0.04). A fixed scale instead ends at the largest |value| of the
quantity over every micro-step of the current batch so far, so within a batch it only
grows and a colour means the same value from one step to the next.

Within a batch Θ is fixed (the update comes at its end), so the values of the batch's
finished examples follow from one vectorised pass over its rows: a⁽ˡ⁾, z⁽ˡ⁾, δ⁽ˡ⁾ for
l = 2 … L, and the running accumulators Δ⁽ˡ⁾ after each example (a cumulative sum in the
stepper's own order of addition). Those per-example maxima are computed once a batch and
cached; a step then only looks at the current example's arrays.
"""

from __future__ import annotations

import numpy as np

from . import losses
from .backprop import forward, hidden_errors

NODE_QUANTITIES = ("a", "z", "delta")
QUANTITIES = NODE_QUANTITIES + ("theta", "Delta", "D")
_CHUNK = 64    # examples per block of the Δ running sum (bounds its memory: 5 MB at 400-25)


def _amax(arrays) -> float | None:
    found = [float(np.max(np.abs(a))) for a in arrays if a is not None and a.size]
    return max(found) if found else None


class BatchExtents:
    """The running maxima of one batch of `stepper`, from its current Θ.

    prefix[q][t] is the largest |value| of quantity q (a, z, δ over layers 2 … L; Δ over
    every Δ⁽ˡ⁾) over the batch's first t examples (t = 0 … b); prefix[q][0] = 0.
    """

    def __init__(self, stepper):
        where = stepper.peek()
        self.global_batch = where.global_batch
        self.thetas = stepper.thetas          # identity: a new Θ means a new batch cache
        self.stepper = stepper
        b = stepper.schedule.batch_len(where.batch)
        start = where.batch * stepper.batch_size
        rows = stepper.order(where.epoch)[start:start + b]
        X, Y = stepper.X[rows], stepper.Y[rows]
        thetas, acts = stepper.thetas, stepper.acts
        zs, As = forward(thetas, X, acts)
        delta_L = losses.output_error(As[-1], zs[-1], Y, acts[-1], stepper.loss)
        deltas = hidden_errors(thetas, zs, As, delta_L, acts)
        per = {"a": _per_example(As[1:]), "z": _per_example(zs[1:]),
               "delta": _per_example(deltas[1:]), "Delta": _running_delta(deltas, As, b)}
        self.prefix = {q: np.concatenate(([0.0], np.maximum.accumulate(v)))
                       for q, v in per.items()}

    def matches(self, stepper) -> bool:
        """Still the batch of `stepper`: the same stepper, batch and Θ (a seek restores Θ
        as new arrays of the same values)."""
        if stepper is not self.stepper or stepper.peek().global_batch != self.global_batch:
            return False
        return stepper.thetas is self.thetas or all(
            np.array_equal(a, b) for a, b in zip(stepper.thetas, self.thetas))


def _per_example(arrays) -> np.ndarray:
    """max over the layers and units of |value|, per example: (b,)."""
    return np.max(np.stack([np.max(np.abs(a), axis=1) for a in arrays]), axis=0)


def _running_delta(deltas, As, b: int) -> np.ndarray:
    """max |Δ⁽ˡ⁾| over every l after each of the b examples, Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾[1; a⁽ˡ⁾]ᵀ
    summed in example order (the carry enters each block's first term, so the additions
    happen in the stepper's order)."""
    out = np.zeros(b)
    for l in range(len(As) - 1):
        d, a = deltas[l + 1], As[l]
        ab = np.concatenate((np.ones((b, 1)), a), axis=1)
        carry = np.zeros((d.shape[1], ab.shape[1]))
        for s in range(0, b, _CHUNK):
            terms = d[s:s + _CHUNK, :, None] * ab[s:s + _CHUNK, None, :]   # (n, s_{l+1}, s_l+1)
            terms[0] += carry
            run = np.cumsum(terms, axis=0)
            carry = run[-1]
            np.maximum(out[s:s + _CHUNK], np.max(np.abs(run), axis=(1, 2)),
                       out=out[s:s + _CHUNK])
    return out


class ExtentTracker:
    """Largest |value| of a quantity over every micro-step of the current batch so far,
    for a view to put at the end of its colour scale. Keeps one batch's cache."""

    def __init__(self):
        self._cache: BatchExtents | None = None

    def extent(self, stepper, quantity: str) -> float | None:
        """max |v| of `quantity` ("a", "z", "delta": layers 2 … L; "theta", "Delta", "D")
        over the batch so far; None when none of it has been computed in this batch (a, z,
        δ before the batch's first forward step; D before any gradient)."""
        if quantity not in QUANTITIES:
            raise ValueError(f"quantity must be one of {', '.join(QUANTITIES)}, "
                             f"not {quantity!r}")
        if quantity == "theta":       # fixed within the batch
            return _amax(stepper.thetas)
        if quantity == "D":           # written once, at the batch's gradient step
            return None if stepper.D is None else _amax(stepper.D)
        done = stepper.accumulated    # the batch's finished examples
        if quantity == "Delta":
            return self._prefix(stepper, "Delta", done) if done else 0.0
        current = _amax(getattr(stepper, quantity)[1:])
        before = self._prefix(stepper, quantity, done) if done else None
        if before is None:
            return current
        return before if current is None else max(before, current)

    def _prefix(self, stepper, quantity: str, done: int) -> float:
        if self._cache is None or not self._cache.matches(stepper):
            self._cache = BatchExtents(stepper)
        self._cache.thetas = stepper.thetas   # the next look is an identity check
        return float(self._cache.prefix[quantity][done])
