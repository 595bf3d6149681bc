"""The numbers behind one unit or one weight, for the inspector's substituted equations.

Indices follow the seed: layer l is 1-based, unit j is 1-based (j = 0 is the bias unit),
Θ⁽ˡ⁾ᵢⱼ connects unit j of layer l to unit i of layer l + 1. A value not yet computed for
the current example is None.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations


@dataclass(frozen=True)
class UnitExplained:
    """z⁽ˡ⁾ⱼ = Σₖ Θ⁽ˡ⁻¹⁾ⱼₖ aₖ⁽ˡ⁻¹⁾ (k = 0 … s_{l−1}, a₀ = 1), aⱼ = g(zⱼ),
    δⱼ⁽ˡ⁾ = (Σᵢ Θ⁽ˡ⁾ᵢⱼ δᵢ⁽ˡ⁺¹⁾) · g′(zⱼ⁽ˡ⁾)  (output: δⱼ = aⱼ − yⱼ).

    The bias unit j = 0 of a layer l < L is the constant a₀⁽ˡ⁾ = 1 the seed adds after
    computing a⁽ˡ⁾: a is 1 and everything else None (no z, no g, and no δ, since the bias
    row of (Θ⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ is dropped)."""

    layer: int
    unit: int
    act: str | None            # None for the input layer and for a bias unit
    z_terms: list[tuple[float, float]] | None   # (Θⱼₖ, aₖ) pairs, k = 0 … s_{l−1}
    z: float | None
    a: float | None
    back_terms: list[tuple[float, float]] | None  # (Θᵢⱼ⁽ˡ⁾, δᵢ⁽ˡ⁺¹⁾), i = 1 … s_{l+1}
    back_sum: float | None
    g_prime: float | None
    delta: float | None
    y: float | None            # the target, for an output unit

    @property
    def bias(self) -> bool:
        return self.unit == 0


def _val(vec, j):
    return None if vec is None else float(vec[j])


def _check_unit(stepper, l: int, j: int) -> None:
    L = stepper.L
    if not 1 <= l <= L:
        raise ValueError(f"layer {l} does not exist: layers are 1 … {L}")
    if j == 0 and l == L:
        raise ValueError(f"layer {L} is the output layer: it has no bias unit")
    s_l = stepper.thetas[0].shape[1] - 1 if l == 1 else stepper.thetas[l - 2].shape[0]
    if not 0 <= j <= s_l:
        raise ValueError(f"layer {l} has units 1 … {s_l} (and the bias unit 0), not {j}")


def unit(stepper, l: int, j: int) -> UnitExplained:
    """Explain unit j (1-based; 0 is the bias unit, a₀⁽ˡ⁾ = 1) of seed layer l of the
    stepper's current example. ValueError for a unit the network does not have."""
    _check_unit(stepper, l, j)
    if j == 0:
        # a = 1; no g, z terms, z, back terms, Σ, g′, δ or y
        return UnitExplained(l, 0, None, None, None, 1.0, None, None, None, None, None)
    L, i0 = stepper.L, l - 1
    a_vec, z_vec, d_vec = stepper.a[i0], stepper.z[i0], stepper.delta[i0]
    act = stepper.acts[l - 2] if l >= 2 else None
    z_terms = back_terms = back_sum = g_prime = None
    if l >= 2 and stepper.a[i0 - 1] is not None:
        row = stepper.thetas[i0 - 1][j - 1]
        prev = np.concatenate(([1.0], stepper.a[i0 - 1]))
        z_terms = [(float(t), float(p)) for t, p in zip(row, prev)]
    if l >= 2 and z_vec is not None:
        g_prime = float(activations.derivative(act, z_vec[j - 1:j], a_vec[j - 1:j])[0])
    if 2 <= l < L and stepper.delta[i0 + 1] is not None:
        col = stepper.thetas[i0][:, j]
        nxt = stepper.delta[i0 + 1]
        back_terms = [(float(t), float(d)) for t, d in zip(col, nxt)]
        back_sum = float(col @ nxt)
    y = float(stepper.Y[stepper.example][j - 1]) if l == L else None
    return UnitExplained(l, j, act, z_terms, _val(z_vec, j - 1), _val(a_vec, j - 1),
                         back_terms, back_sum, g_prime, _val(d_vec, j - 1), y)


@dataclass(frozen=True)
class WeightExplained:
    """Θ⁽ˡ⁾ᵢⱼ with this example's ∂cost/∂Θᵢⱼ = aⱼ⁽ˡ⁾δᵢ⁽ˡ⁺¹⁾ (eq. 3), Δᵢⱼ and Dᵢⱼ."""

    layer: int
    i: int
    j: int
    theta: float
    a_j: float | None
    delta_i: float | None
    product: float | None
    Delta: float
    D: float | None
    batch_n: int      # examples of this batch in Δ so far (their accumulate step is done)
    batch_m: int      # the examples of the current batch
    lam: float
    D_m: int | None = None   # the examples of the batch D was computed from: its m


def weight(stepper, l: int, i: int, j: int) -> WeightExplained:
    """Explain Θ⁽ˡ⁾ᵢⱼ (i 1-based unit of layer l + 1, j = 0 … s_l) in the current state."""
    t = stepper.thetas[l - 1]
    a_vec, d_vec = stepper.a[l - 1], stepper.delta[l]
    a_j = None if a_vec is None else (1.0 if j == 0 else float(a_vec[j - 1]))
    d_i = _val(d_vec, i - 1)
    product = None if a_j is None or d_i is None else a_j * d_i
    D = None if stepper.D is None else float(stepper.D[l - 1][i - 1, j])
    where = stepper.peek()
    return WeightExplained(l, i, j, float(t[i - 1, j]), a_j, d_i, product,
                           float(stepper.Deltas[l - 1][i - 1, j]), D, stepper.accumulated,
                           stepper.schedule.batch_len(where.batch), stepper.lam,
                           _D_batch_size(stepper, where))


def _D_batch_size(stepper, where) -> int | None:
    """m of the batch D came from: this batch's once its gradient step is done, else the
    batch before (after a short last batch of an epoch, that is its few examples, not the
    next batch's size)."""
    if stepper.D is None:
        return None
    sched = stepper.schedule
    if where.kind == "update":
        return sched.batch_len(where.batch)
    return sched.batch_len((where.global_batch - 1) % sched.n_batches)
