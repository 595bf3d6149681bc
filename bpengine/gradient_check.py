"""The lecture's gradient check as an instrument: D from backpropagation against central
differences of J, weight by weight, runnable in slices (progress, Cancel) off the GUI thread.

    res = gradient_check(thetas, X, Y, lam=1.0, formula="corrected" | "seed", eps=1e-4)
    res.D, res.numerical, res.rel_diff   per weight, shaped like thetas
    res.overall = ‖D − num‖ / ‖D + num‖ over the checked weights;  res.passed: overall < 1e-7

D, by `formula`:
    "corrected"  the engine's D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾ (j ≠ 0), from `cost_and_gradients`
    "seed"       the lecture's printed D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + λΘ⁽ˡ⁾ (j ≠ 0): (1/m)Δ is the engine's D
                 at λ = 0 (`cost_and_gradients(..., lam=0)`), and λΘ is added to it
The numerical gradient is always that of the cost J with its λ/(2m) ΣΘ² term
(`central_diff`), so "seed" fails for λ > 0 and m > 1, and agrees at λ = 0.

Which weights (`weights`):
    "auto" (default)  all of them for a network of at most AUTO_LIMIT = 2000 weights, else a
                      seeded random sample of AUTO_SAMPLE = 200
    None or "all"     all of them (the full check)
    an int n          a seeded random sample of n distinct weights (all of them if n ≥ their
                      number), drawn uniformly with numpy.random.default_rng(seed)
    a list of (l, i, j) seed indices: Θᵢⱼ⁽ˡ⁾ with l, i 1-based and j = 0 the bias column
Unchecked weights have NaN in `numerical` and `rel_diff`; `checked` masks the checked ones.

Runs: `gradient_check(...)` does everything at once. `GradientCheck(...)` computes D and
chooses the weights at once, then does the numerical part (2 evaluations of J per weight)
in slices: `.steps()` yields the fraction done after each slice (a row of one Θ⁽ˡ⁾, or part
of a wide row), and may be stopped and resumed, from any one thread at a time; `.run(progress,
cancelled)` loops over it. A GUI runs the first slices on its own thread for ~100 ms and the
rest, if any, on a worker thread (QThread) with a progress bar; Cancel = stop iterating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from . import instrument_args as args
from . import losses
from .backprop import cost_and_gradients
from .central_diff import CentralDifferences
from .check_result import GradientCheckResult
from .network import layer_activations

AUTO_LIMIT = 2000
AUTO_SAMPLE = 200
FORMULAS = ("corrected", "seed")


def gradient_check(thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                   loss="cross_entropy", formula: str = "corrected", eps: float = 1e-4,
                   weights="auto", seed: int = 0) -> GradientCheckResult:
    """The whole check at once (see the module docstring for every argument)."""
    return GradientCheck(thetas, X, Y, lam, hidden, output, loss, formula, eps, weights,
                         seed).run()


class GradientCheck:
    """A gradient check in progress: D is known, the numerical gradient is filled in slices.

    Attributes: thetas (copies), m, n_weights, n_checked, cost_evaluations (2 per checked
    weight), n_slices, fraction (done, 0 … 1), done. It keeps copies of what it needs from
    thetas, X and Y, so the caller may change those while it runs on another thread.
    """

    def __init__(self, thetas, X, Y, lam: float = 0.0, hidden="sigmoid", output="sigmoid",
                 loss="cross_entropy", formula: str = "corrected", eps: float = 1e-4,
                 weights="auto", seed: int = 0):
        self.thetas = args.thetas(thetas)
        X, Y = args.data(X, Y, self.thetas)
        self.lam = args.number(lam, "the regularisation strength λ")
        self.eps = args.number(eps, "the step ε of the numerical gradient", positive=True)
        if formula not in FORMULAS:
            raise ValueError(f"the formula for D must be 'corrected' ((λ/m)Θ) or 'seed' "
                             f"(the lecture's printed λΘ), not {formula!r}")
        seed = args.integer(seed, "the seed of the weight sample", 0)
        acts = layer_activations(len(self.thetas) + 1, hidden, output)
        losses.check(loss, acts[-1])
        self.formula, self.m, self.seed, self.acts = formula, X.shape[0], seed, acts
        self.n_weights = sum(t.size for t in self.thetas)
        self.checked = select_weights(self.thetas, weights, seed)
        self.n_checked = int(sum(c.sum() for c in self.checked))
        self.sampled = self.n_checked < self.n_weights
        self.J, self.D = self._backprop_D(X, Y, hidden, output, loss)
        self.numerical = [np.full(t.shape, np.nan) for t in self.thetas]
        self._diff = CentralDifferences(self.thetas, X, Y, self.lam, acts, loss, self.eps)
        self._slices = list(self._plan())
        self._next = 0
        self._done_weights = 0

    @property
    def cost_evaluations(self) -> int:
        return 2 * self.n_checked

    @property
    def n_slices(self) -> int:
        """How many slices `steps()` computes in all (one yield each)."""
        return len(self._slices)

    @property
    def done(self) -> bool:
        return self._next == len(self._slices)

    @property
    def fraction(self) -> float:
        return self._done_weights / self.n_checked if self.n_checked else 1.0

    def _backprop_D(self, X, Y, hidden, output, loss):
        if self.formula == "corrected":
            return cost_and_gradients(self.thetas, X, Y, self.lam, hidden, output, loss)
        # the seed's printed formula: (1/m)Δ, which is D at λ = 0, plus λΘ off the bias column
        J, D = cost_and_gradients(self.thetas, X, Y, 0.0, hidden, output, loss)
        for d, t in zip(D, self.thetas):
            d[:, 1:] += self.lam * t[:, 1:]
        return J + losses.regularization(self.thetas, self.lam, self.m), D  # J with its λ term

    def _plan(self) -> Iterator[tuple[int, int, np.ndarray]]:
        """The slices: (k, i, js) for each row i of Θ[k] with checked weights, in batches."""
        for k, mask in enumerate(self.checked):
            size = self._diff.batch_size(k)
            for i in range(mask.shape[0]):
                js = np.flatnonzero(mask[i])
                for start in range(0, len(js), size):
                    yield k, i, js[start:start + size]

    def steps(self) -> Iterator[float]:
        """Compute the remaining slices one by one, yielding the fraction done after each.
        Stopping the iteration leaves the check resumable by a new call."""
        while not self.done:
            k, i, js = self._slices[self._next]
            self.numerical[k][i, js] = self._diff.gradient(k, i, js)
            self._next += 1
            self._done_weights += len(js)
            yield self.fraction

    def run(self, progress: Callable[[float], None] | None = None,
            cancelled: Callable[[], bool] | None = None) -> GradientCheckResult | None:
        """Finish the check; progress(fraction) after each slice; returns the result, or
        None when cancelled() turned true (checked before each slice)."""
        it = self.steps()
        while not self.done:
            if cancelled is not None and cancelled():
                return None
            fraction = next(it)
            if progress is not None:
                progress(fraction)
        return self.result()

    def result(self) -> GradientCheckResult:
        """The result of a finished check (RuntimeError before)."""
        if not self.done:
            raise RuntimeError(f"the gradient check is not finished ({self.fraction:.0%} done)")
        return GradientCheckResult(
            D=self.D, numerical=[n.copy() for n in self.numerical], checked=self.checked,
            formula=self.formula, lam=self.lam, m=self.m, eps=self.eps, J=self.J,
            thetas=self.thetas, n_weights=self.n_weights, seed=self.seed, acts=self.acts)


def select_weights(thetas, weights, seed: int = 0) -> list[np.ndarray]:
    """Boolean masks shaped like thetas: which weights a check with `weights` looks at."""
    n = sum(t.size for t in thetas)
    if isinstance(weights, str) and weights == "auto":
        weights = None if n <= AUTO_LIMIT else AUTO_SAMPLE
    if weights is None or (isinstance(weights, str) and weights == "all"):
        return [np.ones(t.shape, dtype=bool) for t in thetas]
    if isinstance(weights, (int, np.integer)) and not isinstance(weights, bool):
        count = args.integer(weights, "the number of weights to check", 1)
        flat = np.zeros(n, dtype=bool)
        flat[np.random.default_rng(seed).choice(n, size=min(count, n), replace=False)] = True
        return _split(flat, thetas)
    if isinstance(weights, str):
        raise ValueError(f"the weights to check must be 'auto', 'all', a number of weights or a "
                         f"list of (l, i, j), not {weights!r}")
    return _masks_of(thetas, weights)


def _split(flat: np.ndarray, thetas) -> list[np.ndarray]:
    """A flat mask (layer by layer, each Θ row by row) as masks shaped like thetas."""
    ends = np.cumsum([t.size for t in thetas])[:-1]
    return [part.reshape(t.shape) for part, t in zip(np.split(flat, ends), thetas)]


def _masks_of(thetas, indices) -> list[np.ndarray]:
    masks = [np.zeros(t.shape, dtype=bool) for t in thetas]
    try:
        items = [tuple(ix) for ix in indices]
    except TypeError:
        raise ValueError("the weights to check must be 'auto', 'all', a number of weights or a "
                         f"list of (l, i, j), not {indices!r}") from None
    if not items:
        raise ValueError("the list of weights to check is empty")
    L = len(thetas) + 1
    for ix in items:
        ok = len(ix) == 3 and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                                  for v in ix)
        if ok:
            l, i, j = (int(v) for v in ix)
            ok = 1 <= l < L and 1 <= i <= thetas[l - 1].shape[0] \
                and 0 <= j < thetas[l - 1].shape[1]
        if not ok:
            raise ValueError(f"weight {ix!r} does not exist: the weights are Θᵢⱼ⁽ˡ⁾ given as "
                             f"(l, i, j) with l = 1 … {L - 1}, i = 1 … s_(l+1) and "
                             "j = 0 (bias) … s_l")
        masks[l - 1][i - 1, j] = True
    return masks
