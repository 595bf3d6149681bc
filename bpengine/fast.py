"""Whole batches at engine speed, under the rule of record shared with the micro-steps.

A mixin of the Stepper. One batch b from Θ_b (its start, the "anchor"):

    J, D, correct = the vectorised pass over batch b's rows in batch order (its order(epoch)
                    slice: a view of X when unshuffled, a gathered copy when shuffled)
    Θ_{b+1} = Θ_b − αD            (elementwise on the flat array: the checkpoint to be)

The micro-steps' `gradient` and `update` call the same two functions, so both ways of
crossing a batch give the same bits. Failures: a batch whose per-example values could
overflow (the a-priori `Bound` below says so) or whose J, D or Θ_{b+1} is not finite, or
whose J diverges, is not taken fast: it is micro-stepped from where the stepper stands, and
raises at exactly the micro-step that fails, leaving every earlier step reachable.
"""

from __future__ import annotations

import math
import time
from typing import NamedTuple

import numpy as np

from . import backprop
from .microsteps import frozen

LIMIT = 1e300   # far below float64's 1.8e308: rounding can never carry a bound past it


class Bound:
    """Whether every value a micro-step computes in a batch must stay finite, from any
    M ≥ max |Θ| alone (the fast path passes ‖Θ‖₂, one BLAS call). With |a⁽¹⁾| ≤ max |X|
    and s_l + 1 terms a row (bias included):

        |z⁽ˡ⁺¹⁾| ≤ (s_l + 1) M max(1, |a⁽ˡ⁾|),   |a⁽ˡ⁺¹⁾| ≤ 1 (sigmoid, tanh) or |z⁽ˡ⁺¹⁾|
        |δ⁽ᴸ⁾| ≤ |a⁽ᴸ⁾| + max |Y|,   |δ⁽ˡ⁾| ≤ s_{l+1} M |δ⁽ˡ⁺¹⁾|   (every g′ ≤ 1)
        |Δ⁽ˡ⁾| ≤ n |δ⁽ˡ⁺¹⁾| max(1, |a⁽ˡ⁾|),   Σ cost(i) ≤ n K (log 2 + |z⁽ᴸ⁾|(1 + max |Y|))

    (mse: cost(i) ≤ K (|a⁽ᴸ⁾| + max |Y|)² / 2). When all stay below 1e300 neither path can
    meet inf or NaN before the gradient step, where both compute the same J and D; the
    sigmoid and tanh layers, which would quietly absorb an infinite z, are covered too."""

    def __init__(self, sizes, acts, loss: str, X: np.ndarray, Y: np.ndarray, n: int):
        self.fan_in = [s + 1 for s in sizes[:-1]]
        self.fan_out = list(sizes[1:])
        self.squashed = [a in ("sigmoid", "tanh") for a in acts]
        self.mse = loss == "mse"
        self.x_max = float(np.abs(X).max())
        self.y_max = float(np.abs(Y).max())
        self.n, self.K = n, sizes[-1]

        self.threshold = self._threshold()

    def _threshold(self) -> float:
        """The largest M (to a factor 2^(1/64)) with safe(M): every bound grows with M, so
        the per-batch test is M < threshold, one comparison (safe() itself takes ~3 µs)."""
        lo, hi = -1000.0, 1020.0          # log₂ M: safe(2^lo) holds, safe(2^hi) does not
        if not self.safe(2.0 ** lo):
            return 0.0
        while hi - lo > 1 / 64:
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if self.safe(2.0 ** mid) else (lo, mid)
        return 2.0 ** lo

    def safe(self, M: float) -> bool:
        if not M < LIMIT:   # also False for NaN
            return False
        A, peak, a_max = self.x_max, 0.0, [self.x_max]
        for fan, squashed in zip(self.fan_in, self.squashed):
            Z = fan * M * max(1.0, A)
            A = 1.0 if squashed else Z
            peak = max(peak, Z)
            a_max.append(A)
        d = A + self.y_max
        cost = 0.5 * d * d if self.mse else math.log(2.0) + Z * (1.0 + self.y_max)
        peak = max(peak, self.n * self.K * cost)
        for l in range(len(self.fan_in) - 1, -1, -1):   # δ⁽ˡ⁺²⁾ (0-based l) and Δ⁽ˡ⁺¹⁾
            peak = max(peak, d, self.n * d * max(1.0, a_max[l]))
            d = self.fan_out[l] * M * d
        return peak < LIMIT


class FastResult(NamedTuple):
    """One batch b crossed on the fast path, before it is committed: its J and accuracy,
    Θ_{b+1} (flat, read-only), the D that made it and ‖Θ_{b+1}‖₂."""
    b: int
    J: float
    acc: float
    flat: np.ndarray
    D: list
    size: float


class FastBatches:
    """order, _batch_gradient, _updated, _fast_batch (= _fast_result, then _take_fast) and
    _commit_batch (the stepper commits a batch through it whichever way it was crossed).
    _fast_result reads only X, Y, the settings (acts, lam, loss, alpha, shuffle, seed,
    batch_size, schedule) and what _setup_fast derives: a child process that has those
    computes the same bits (trainchild.py)."""

    def _setup_fast(self) -> None:
        Y = self.Y
        self._y_class = Y[:, 0] >= 0.5 if Y.shape[1] == 1 else Y.argmax(axis=1)
        self._bound = Bound(self._sizes_all, self.acts, self.loss, self.X, self.Y,
                            self.batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """Example order of `epoch`: 0 … m−1, or a permutation fixed by (seed, epoch)."""
        if self._order_cache is None or self._order_cache[0] != epoch:
            self._order_cache = (epoch, self.permutation(epoch))
        return self._order_cache[1]

    def permutation(self, epoch: int) -> np.ndarray:
        """order(epoch) computed afresh (read-only), touching no state: any thread may."""
        if self.shuffle:
            return frozen(np.random.default_rng([self.seed, epoch]).permutation(self.schedule.m))
        return frozen(np.arange(self.schedule.m))

    def _rows(self, global_batch: int, order=None):
        """Batch `global_batch`'s rows in batch order: a slice when unshuffled. order: the
        epoch's example order (default self.order; a worker passes its own, since
        self.order keeps a cache the GUI thread reads)."""
        epoch, batch = divmod(global_batch, self.schedule.n_batches)
        start = batch * self.batch_size
        stop = start + self.schedule.batch_len(batch)
        return (order or self.order)(epoch)[start:stop] if self.shuffle else slice(start, stop)

    def _batch_gradient(self, global_batch: int, thetas, order=None):
        """(J, D, correct) of batch `global_batch` at Θ = thetas: the rule of record."""
        rows = self._rows(global_batch, order)
        return backprop._gradient_pass(thetas, self.X[rows], self.Y[rows], self.acts,
                                       self.lam, self.loss, self._y_class[rows])

    def _updated(self, flat: np.ndarray, D) -> np.ndarray:
        """Θ − αD as a new flat read-only array: elementwise, so the same bits as
        t − α·d layer by layer."""
        out = np.concatenate([d.ravel() for d in D])
        np.multiply(out, self.alpha, out=out)
        np.subtract(flat, out, out=out)
        return frozen(out)

    def _fast_batch(self, light: bool = False) -> None:
        """Finish the current batch from its start Θ, wherever in it the stepper stands.
        Call inside microsteps.quiet() (the caller's loop enters it once). light: leave
        the inside of the next batch stale (Stepper._settle), for train's loop."""
        if not self._anchor_size() < self._bound.threshold:
            return self._micro_batch()
        self._take_fast(self._fast_result(self._anchor_batch, self._anchor_thetas,
                                          self._anchor_flat), light)

    def _fast_result(self, b: int, thetas, flat: np.ndarray, order=None) -> FastResult:
        """Batch b from Θ_b (thetas, and `flat` the same values flat), not committed. Reads
        only the data, the settings and the schedule, so a worker thread may call it
        (pipeline.py) while the stepper stands still."""
        start = time.perf_counter()
        J, D, correct = self._batch_gradient(b, thetas, order)
        new = self._updated(flat, D)
        n = self.schedule.batch_len(b % self.schedule.n_batches)
        # what a row of this network costs on this machine, for the jobs' choice between a
        # GUI slice and a worker thread (jobs.batch_seconds): a guess from flops alone was
        # 2× off on a slower machine
        self.row_s = (time.perf_counter() - start) / n
        return FastResult(b, J, correct / n, new, [frozen(d) for d in D], _size(new))

    def _results_ahead(self, b: int, flat: np.ndarray, size: float, order=None):
        """FastResults of batch b, b + 1, … from Θ_b = flat (‖flat‖₂ = size), each from
        the last, while the fast path is safe; the first that is not finite is the last.
        Commits nothing (a worker thread, or a child process, computes ahead with it)."""
        while size < self._bound.threshold:
            r = self._fast_result(b, self._store.unflatten(flat), flat, order)
            yield r
            if not (math.isfinite(r.J) and math.isfinite(r.size)):
                return
            b, flat, size = b + 1, r.flat, r.size

    def _take_fast(self, r: FastResult, light: bool = False) -> bool:
        """Commit r, batch r.b = the current batch, computed from its start: True. If its J
        or Θ_{b+1} is not finite, or J diverges, micro-step the batch instead (which raises
        at the micro-step that fails): False."""
        if not self._fast_ok(r):
            self._micro_batch()
            return False
        self._commit_batch(r.b, r.J, r.acc, r.flat, r.D, r.size, light)
        return True

    def _fast_ok(self, r: FastResult) -> bool:
        """r may be committed: its J and Θ_{b+1} are finite (D finite follows from Θ − αD
        finite) and J does not diverge."""
        return math.isfinite(r.J) and math.isfinite(r.size) and not self._diverges(r.J)

    def _micro_batch(self) -> None:
        """Micro-step to the end of the current batch (raises where the seed's loop fails)."""
        self._settle()
        end = self.schedule.batch_start(self._anchor_batch + 1)
        while self.k < end:
            self._step()

    def _commit_batch(self, b: int, J: float, acc: float, flat, D, flat_size=None,
                      light: bool = False) -> None:
        """Batch b is done: record J and the accuracy, stand at the start of b + 1."""
        self.history_J.append(J)      # at index b − start_batch: the history shows up to b
        self.history_acc.append(acc)
        if light:
            self._move_anchor(b + 1, flat, D, flat_size)
        else:
            self._enter_batch(b + 1, flat, D, flat_size)
        self._store.extend(b + 1, flat)

    def _anchor_size(self) -> float:
        """‖Θ‖₂ at the current batch start (computed once a batch), ≥ max |Θ|."""
        if self._flat_size is None:
            self._flat_size = _size(self._anchor_flat)
        return self._flat_size

    def _diverges(self, J: float) -> bool:
        if not self.stop_on_divergence or not len(self.history_J):
            return False
        J0 = self.history_J[0]
        return J > max(10.0 * J0, J0 + 10.0)


def _size(flat: np.ndarray) -> float:
    """‖x‖₂ = √(x·x), an upper bound on max |x| for Bound, in one BLAS call (~1 µs, where
    max and min take two reductions); inf or NaN when some x is, or x·x overflows (|x|
    beyond ~1e154: such a batch is then micro-stepped, which is exact, only slower)."""
    return math.sqrt(float(np.dot(flat, flat))) if flat.size else 0.0
