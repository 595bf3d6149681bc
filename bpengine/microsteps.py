"""The six kinds of micro-step: the seed's lines for one example, and a batch's end.

A mixin of the Stepper (stepper.py), which owns the attributes written here: for the
current example a, z, delta (lists of length L, 0-based, None where not yet computed),
example, cost_i; for the batch Deltas, J_sum, seen, correct, accumulated; and at its end
D, J_batch. Every kind computes first and commits only once all its values are finite,
so a step that raises has changed nothing.

The rule of record. The `gradient` step does not divide the Δ accumulated here: D, J_batch
and the accuracy recorded at the update come from the vectorised pass over the batch's rows
in batch order (`fast.FastBatches._batch_gradient`), the same call the fast path makes, so
Θ, D and the history after a batch are bit-identical whether it was micro-stepped or
trained fast. The per-example Δ shown during the batch is the seed's loop (its sums are
taken in another order, and agree with the vectorised (1/n)Δ to ~1e-15, not bit for bit).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import losses, seedloop
from .notation import layer as sl
from .schedule import Position, label, touched


@dataclass(frozen=True)
class Step:
    """What micro-step number `index` (1-based) did. `layer` is the seed's layer or None;
    `quantities` names what it wrote, e.g. ("z⁽³⁾", "a⁽³⁾"); `edges` are the seed layers l
    whose Θ⁽ˡ⁾ edges carried the values (forward l: l − 1; backward l: l)."""

    index: int
    kind: str
    layer: int | None
    epoch: int
    batch: int
    pos: int
    example: int | None
    label: str
    quantities: tuple[str, ...]
    edges: tuple[int, ...]


class NotFinite(Exception):
    """Internal: raised by a micro-step before it commits anything; args[0] names what."""


class Diverged(Exception):
    """Internal: the gradient step saw J far above the first batch's J; args = (J0, J)."""


def quiet():
    """inf/NaN are detected and reported by finite() and the fast path's checks; numpy's
    warnings would only echo them (and are errors in the test suite)."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def frozen(x: np.ndarray) -> np.ndarray:
    x.setflags(write=False)
    return x


def finite(name: str, *arrays) -> None:
    for a in arrays:
        if not np.all(np.isfinite(a)):
            raise NotFinite(name)


class MicroSteps:
    """_do_<kind>(where) for the six kinds; `where` is the step's schedule.Position."""

    def _do_forward(self, where: Position):
        l = where.layer
        if l == 2:
            self._clear_example(self.example_at(where))
        z, a = seedloop.forward_layer(self.thetas[l - 2], self.a[l - 2], self.acts[l - 2])
        finite(f"z{sl(l)}", z, a)
        self.z[l - 1], self.a[l - 1] = frozen(z), frozen(a)

    def _do_output_error(self, where: Position):
        y = self.Y[self.example]
        delta = losses.output_error(self.a[-1], self.z[-1], y, self.acts[-1], self.loss)
        cost_i = losses.data_cost(self.a[-1], self.z[-1], y, self.loss)
        finite(f"δ{sl(self.L)}", delta, cost_i)
        self.delta[-1], self.cost_i = frozen(delta), cost_i
        self.J_sum += cost_i
        self.correct += int(self._is_correct(self.a[-1], y))
        self.seen += 1

    def _do_backward(self, where: Position):
        l = where.layer
        d = seedloop.backward_layer(self.thetas[l - 1], self.delta[l], self.z[l - 1],
                                    self.a[l - 1], self.acts[l - 2])
        finite(f"δ{sl(l)}", d)
        self.delta[l - 1] = frozen(d)

    def _do_accumulate(self, where: Position):
        new = [seedloop.accumulate_layer(D, self.delta[i + 1], self.a[i])
               for i, D in enumerate(self.Deltas)]
        finite("Δ", *new)
        self.Deltas = [frozen(D) for D in new]
        self.accumulated += 1
        self._maybe_mark()

    def _do_gradient(self, where: Position):
        J, D, correct = self._batch_gradient(where.global_batch, self.thetas)
        finite("D", *D, J)
        self._check_divergence(J)
        self.D, self.J_batch, self._batch_correct = [frozen(d) for d in D], J, correct

    def _do_update(self, where: Position):
        flat = self._updated(self._anchor_flat, self.D)
        finite("Θ", flat)
        self._commit_batch(where.global_batch, self.J_batch, self._batch_correct / where.pos,
                           flat, self.D)

    # ---- the current example ---------------------------------------------------------

    def _clear_example(self, row: int) -> None:
        L = self.L
        self.example = row
        self.a = [self.X[row]] + [None] * (L - 1)
        self.z = [None] * L
        self.delta = [None] * L
        self.cost_i = None

    def _describe(self, k: int, w: Position | None = None) -> Step:
        """The Step record of micro-step k (0-based), from its position alone."""
        w = w or self.schedule.locate(k)
        example = self.example_at(w) if w.kind in ("forward", "output_error", "backward",
                                                   "accumulate") else None
        quantities, edges = touched(w.kind, w.layer, self.L)
        return Step(k + 1, w.kind, w.layer, w.epoch, w.batch, w.pos, example,
                    label(w.kind, w.layer, self.L, self.loss), quantities, edges)

    def _is_correct(self, h: np.ndarray, y: np.ndarray) -> bool:
        if h.size == 1:
            return bool((h[0] >= 0.5) == (y[0] >= 0.5))
        return bool(np.argmax(h) == np.argmax(y))

    def _check_divergence(self, J: float) -> None:
        """J above max(10·J₀, J₀ + 10), J₀ the first batch's cost, means divergence: with
        sigmoid units the weights stay finite however large α is, so inf never comes."""
        if not self.stop_on_divergence or not len(self.history_J):
            return
        J0 = self.history_J[0]
        if J > max(10.0 * J0, J0 + 10.0):
            raise Diverged(J0, J)
