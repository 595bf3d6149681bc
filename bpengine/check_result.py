"""The result of a gradient check: per-weight figures, the overall verdict, and the reason in
words (`explanation`), all computed from the numbers.

Per weight (arrays shaped like thetas; NaN where a weight was not checked):
    rel_diff = |D − num| / max(|D| + |num|, τ),   τ = 1e-8 · max over the checked weights of
               (|D| + |num|)  (the smallest positive float if every checked one is 0)
τ keeps a weight whose gradient is ~0 (a dead unit, a cancelling sum) from showing the
central difference's own error, ≈ ε²J‴/6, as a huge relative difference: such a weight is
measured against the scale of the largest gradient instead.
Overall, over the checked weights (the lecture's check):
    overall = ‖D − num‖ / ‖D + num‖   (‖D − num‖ if D + num = 0);   passed: overall < 1e-7
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .check_explain import THRESHOLD, explain

_FLOOR = 1e-8


@dataclass
class GradientCheckResult:
    """D (the formula's, `formula`), numerical and checked: lists shaped like thetas.

    Derived at construction: rel_diff (list of arrays), overall, passed, indices (the
    checked (l, i, j), seed notation: l and i 1-based, j = 0 the bias column, in the order
    layer, row, column), n_checked, sampled.
    """

    D: list[np.ndarray]
    numerical: list[np.ndarray]
    checked: list[np.ndarray]
    formula: str
    lam: float
    m: int
    eps: float
    J: float
    thetas: list[np.ndarray]
    n_weights: int
    seed: int
    acts: list[str] = field(default_factory=list)
    rel_diff: list[np.ndarray] = field(init=False)
    overall: float = field(init=False)
    passed: bool = field(init=False)
    indices: list[tuple[int, int, int]] = field(init=False)

    def __post_init__(self) -> None:
        d, n = self._flat(self.D), self._flat(self.numerical)
        scale = np.max(np.abs(d) + np.abs(n)) if d.size else 0.0
        tau = _FLOOR * scale if scale > 0 else np.finfo(float).tiny
        self.rel_diff = []
        for D, num, mask in zip(self.D, self.numerical, self.checked):
            r = np.full(D.shape, np.nan)
            r[mask] = np.abs(D[mask] - num[mask]) / np.maximum(
                np.abs(D[mask]) + np.abs(num[mask]), tau)
            self.rel_diff.append(r)
        denom = np.linalg.norm(d + n)
        gap = np.linalg.norm(d - n)
        self.overall = float(gap / denom) if denom else float(gap)
        self.passed = bool(self.overall < THRESHOLD)
        self.indices = [(k + 1, int(i) + 1, int(j)) for k, mask in enumerate(self.checked)
                        for i, j in np.argwhere(mask)]

    def _flat(self, arrays, bias: bool | None = None) -> np.ndarray:
        """The checked entries of arrays, flat; bias True/False: only j = 0 / only j ≠ 0."""
        parts = []
        for a, mask in zip(arrays, self.checked):
            mask = mask.copy()
            if bias is True:
                mask[:, 1:] = False
            elif bias is False:
                mask[:, 0] = False
            parts.append(a[mask])
        return np.concatenate(parts)

    @property
    def n_checked(self) -> int:
        return len(self.indices)

    @property
    def sampled(self) -> bool:
        return self.n_checked < self.n_weights

    def worst(self, n: int = 10) -> list[tuple[int, int, int, float, float, float]]:
        """The n checked weights with the largest rel_diff, largest first:
        (l, i, j, D, numerical, rel_diff), seed indices as in `indices`."""
        rows = [(l, i, j, float(self.D[l - 1][i - 1, j]), float(self.numerical[l - 1][i - 1, j]),
                 float(self.rel_diff[l - 1][i - 1, j])) for l, i, j in self.indices]
        rows.sort(key=lambda r: (-r[5], -abs(r[3] - r[4])))
        return rows[:max(0, int(n))]

    @property
    def lambda_factor(self) -> float | None:
        """How many times the cost's λ-term, (λ/m)Θ, D's λ-term is, measured: D − num on the
        checked j ≠ 0 weights fitted (least squares) as (c − 1)(λ/m)Θ, c returned.
        ≈ 1 for the corrected formula, ≈ m for the seed's; None for λ = 0 or Θ = 0 there."""
        v = self.lam / self.m * self._flat(self.thetas, bias=False)
        vv = float(v @ v)
        if self.lam == 0 or vv == 0:
            return None
        r = self._flat(self.D, bias=False) - self._flat(self.numerical, bias=False)
        return 1.0 + float(r @ v) / vv

    @property
    def explanation(self) -> str:
        """What the check found, in words, for the panel (see check_explain.explain)."""
        return explain(self)
