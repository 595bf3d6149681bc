"""Central differences of J(Θ) for many weights, reusing the forward pass: the gradient
check's numerical side.

    ∂J/∂Θᵢⱼ⁽ˡ⁾ ≈ (J(Θ + εeᵢⱼ) − J(Θ − εeᵢⱼ)) / 2ε

Each J(Θ ± εeᵢⱼ) is evaluated honestly (no derivative is used), but not from scratch: moving
one weight Θᵢⱼ⁽ˡ⁾ leaves a⁽¹⁾ … a⁽ˡ⁾ and every unit of layer l + 1 except unit i as they
were. So, with the unperturbed forward pass cached (Z⁽ˡ⁾ and [1, A⁽ˡ⁾], rows = examples):

    z⁽ˡ⁺¹⁾ᵢ ± ε ā⁽ˡ⁾ⱼ               the one column of layer l + 1 that moves, (m,)
    Z⁽ˡ⁺²⁾ + (Δaᵢ⁽ˡ⁺¹⁾) Θ⁽ˡ⁺¹⁾[:, i]ᵀ  a rank-1 change of the next layer (ā₀ = 1)

and only the layers after that are computed in full. The weights of one row i of Θ⁽ˡ⁾
(several j) are done as one batch: B perturbations as a (B, m, s) stack. Terms of J that
cannot change cancel exactly in J(Θ + εe) − J(Θ − εe) and are not computed: when Θ⁽ᴸ⁻¹⁾ is
perturbed only output unit i's cost terms are summed, and of the λ/(2m) ΣΘ² term only
λ/(2m) ((Θᵢⱼ + ε)² − (Θᵢⱼ − ε)²) remains (none for a bias weight, j = 0).

tests/benchmarks/bench_instruments.py times it against 2 calls of `cost_only` per weight.
"""

from __future__ import annotations

import numpy as np

from . import activations, losses
from .backprop import forward

# Elements of one (B, m, s) batch array: at most 16 MB, so a batch of a wide layer is split
_BATCH_ELEMENTS = 2**21


class CentralDifferences:
    """The cached forward pass of Θ on (X, Y) and the central differences of J around it.

    thetas: Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ (float64, not modified); X (m, s₁); Y (m, K); acts: the
    activation names of layers 2 … L; loss and λ as in `cost_only`; eps: ε > 0.
    """

    def __init__(self, thetas, X, Y, lam: float, acts, loss: str, eps: float):
        # copies of Y (and of X, in A_bar[0]): a check may run on another thread while the
        # caller's arrays change
        self.thetas, self.Y, self.acts, self.loss = thetas, Y.copy(), list(acts), loss
        self.lam, self.eps, self.m = float(lam), float(eps), X.shape[0]
        zs, As = forward(thetas, X, self.acts)
        self.Z = [None] + [np.ascontiguousarray(z) for z in zs[1:]]  # (m, s_{l+1})
        self.A = [None] + [np.ascontiguousarray(a) for a in As[1:]]  # (m, s_{l+1})
        # [1, a⁽ˡ⁾] with the bias column first: column j is what Θᵢⱼ⁽ˡ⁾ multiplies
        self.A_bar = [np.hstack([np.ones((self.m, 1)), a]) for a in As[:-1]]

    def batch_size(self, k: int) -> int:
        """How many weights of one row of Θ⁽ᵏ⁺¹⁾ (0-based k) to perturb in one batch."""
        widest = max(t.shape[0] for t in self.thetas[k + 1:]) if k + 1 < len(self.thetas) else 1
        return max(1, _BATCH_ELEMENTS // (self.m * widest))

    def gradient(self, k: int, i: int, js: np.ndarray) -> np.ndarray:
        """(J(Θ + εeᵢⱼ) − J(Θ − εeᵢⱼ)) / 2ε for the weights Θ[k][i, j], j in js (0-based k
        and i: the seed's Θᵢ₊₁,ⱼ⁽ᵏ⁺¹⁾; j = 0 is the bias column). Returns (len(js),)."""
        js = np.asarray(js, dtype=np.intp)
        eps, m = self.eps, self.m
        step = eps * self.A_bar[k][:, js]  # (m, B): how z⁽ᵏ⁺²⁾ᵢ moves, example by example
        z = self.Z[k + 1][:, i:i + 1]
        data = self._data_cost(k, i, z + step) - self._data_cost(k, i, z - step)
        theta = self.thetas[k][i, js]
        reg = np.where(js > 0, self.lam / (2 * m) * ((theta + eps) ** 2 - (theta - eps) ** 2),
                       0.0)
        return (data / m + reg) / (2 * eps)

    def _data_cost(self, k: int, i: int, z: np.ndarray) -> np.ndarray:
        """Σ over examples (and outputs) of the cost terms that depend on z⁽ᵏ⁺²⁾ᵢ, for each of
        the B columns of z (m, B), the values that unit takes under B perturbations."""
        if k == len(self.thetas) - 1:  # an output unit: only its own cost terms move
            return self._sums(z.T, self.Y[:, i])
        # the next layer's z moves by Δaᵢ times column i of the next Θ (column 0 is the bias)
        da = (activations.apply(self.acts[k], z) - self.A[k + 1][:, i:i + 1]).T  # (B, m)
        Z = np.multiply(da[:, :, None], self.thetas[k + 1][:, 1 + i])  # (B, m, s)
        Z += self.Z[k + 2]
        for l in range(k + 2, len(self.thetas)):  # the layers after it, in full
            A = activations.apply(self.acts[l - 1], Z, out=Z)
            Z = np.matmul(A, self.thetas[l][:, 1:].T)
            Z += self.thetas[l][:, 0]
        return self._sums(Z, self.Y)

    def _sums(self, Z: np.ndarray, Y: np.ndarray) -> np.ndarray:
        """The data cost Σ cost(i) (without 1/m) of each of the B outputs Z[b] against Y."""
        if self.loss == "cross_entropy":  # from z alone, with no a⁽ᴸ⁾ = g(z) needed
            return np.array([losses.cross_entropy_sum(z, Y) for z in Z])
        A = activations.apply(self.acts[-1], Z)
        return np.array([losses.data_cost(a, z, Y, self.loss) for a, z in zip(A, Z)])
