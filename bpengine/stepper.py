"""The per-example state machine: the seed's algorithm one line (micro-step) at a time.

Going back is deterministic replay: the weights at the start of a batch are stored as
checkpoints (thinned so memory stays bounded), and any earlier step k is reached by
restoring the nearest checkpoint at or before it (found by bisection) and replaying
forward. The example order of epoch e depends only on (seed, e), so replay reproduces
every value exactly.
"""

from __future__ import annotations

import bisect
import sys
from array import array
from dataclasses import dataclass

import numpy as np

from . import losses, seedloop
from .backprop import gradients
from .network import Network
from .notation import layer as sl
from .schedule import Position, Schedule, label, touched


class TrainingHalted(ArithmeticError):
    """Training cannot go on from here; the step was not applied, earlier ones remain."""

    def __init__(self, message: str, step: int):
        super().__init__(message)
        self.step = step


class NonFiniteError(TrainingHalted):
    """A micro-step produced inf or NaN."""


class DivergenceError(TrainingHalted):
    """The batch cost J rose far above the first batch's: the learning rate is too large."""


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


def _spacing(age: int, window: int) -> int:
    """2^⌊log₂(1 + ⌊age / window⌋)⌋: 1 for the newest `window` batches, then 2, 4, …"""
    return 1 << ((age // window + 1).bit_length() - 1)


def _frozen(x: np.ndarray) -> np.ndarray:
    x.setflags(write=False)
    return x


class _NotFinite(Exception):
    """Internal: raised by a micro-step before it commits anything."""


class _Diverged(Exception):
    """Internal: the gradient step saw J far above the first batch's J."""


def _finite(name: str, *arrays) -> None:
    for a in arrays:
        if not np.all(np.isfinite(a)):
            raise _NotFinite(name)


class Stepper:
    """Step through training one seed line at a time, and back.

    X: (m, n) inputs; Y: (m, K) targets. batch_size None or ≥ m means the full batch (the
    seed's algorithm). State is read through attributes whose arrays are read-only:
    thetas, Deltas, D (None before the first gradient), and for the current example
    a, z, delta (lists of length L, 0-based: a[0] is a⁽¹⁾; None where not yet computed).
    In the current batch, `seen` examples have had their cost(i) counted (output error) and
    `accumulated` have had δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ added to Δ⁽ˡ⁾ (accumulate); they differ by one
    between those two micro-steps of an example.

    checkpoint_bytes bounds the memory the checkpoints hold, headers and bookkeeping
    included (tracemalloc's count); at least 16 are kept however small it is.

    start_batch B > 0 starts the stepper part-way through a run: the network's Θ are the
    weights at the start of global batch B (D, if given, the gradient that produced them),
    and k begins at k0 = schedule.batch_start(B), so a stepper that continues another with
    new settings numbers its steps and orders its examples as the first one would have.
    Steps before k0 are not this stepper's: seeking there is refused. history_J[i] is the
    cost of global batch B + i.
    """

    def __init__(self, network: Network, X, Y, *, alpha: float = 1.0, lam: float = 0.0,
                 batch_size: int | None = None, shuffle: bool = False, seed: int = 0,
                 loss: str = "cross_entropy", checkpoint_bytes: int = 32 * 2**20,
                 stop_on_divergence: bool = True, start_batch: int = 0, initial_D=None):
        self.acts = list(network.acts)
        self.loss = losses.check(loss, self.acts[-1])
        self.X = _frozen(np.array(X, dtype=np.float64))
        Y = np.array(Y, dtype=np.float64)
        self.Y = _frozen(Y[:, None] if Y.ndim == 1 else Y)
        m = self.X.shape[0]
        if m == 0 or self.X.shape[1] != network.sizes[0] or self.Y.shape[1] != network.sizes[-1]:
            raise ValueError(f"data of shape {self.X.shape} → {self.Y.shape} does not fit a "
                             f"network of sizes {network.sizes}")
        if not (np.isfinite(alpha) and alpha > 0) or not (np.isfinite(lam) and lam >= 0):
            raise ValueError("α must be a positive number and λ a number ≥ 0")
        self.alpha, self.lam, self.shuffle, self.seed = float(alpha), float(lam), shuffle, seed
        self.stop_on_divergence = stop_on_divergence
        b = m if batch_size is None else max(1, min(int(batch_size), m))
        self.schedule = Schedule(m, b, network.L)
        if isinstance(start_batch, bool) or not isinstance(start_batch, (int, np.integer)) \
                or start_batch < 0:
            raise ValueError(f"start_batch must be a whole number ≥ 0, not {start_batch!r}")
        self.start_batch = int(start_batch)
        self.initial = [_frozen(t.astype(np.float64, copy=True)) for t in network.thetas]
        self.initial_D = None if initial_D is None else [
            _frozen(np.array(d, dtype=np.float64)) for d in initial_D]
        self._sizes = [t.size for t in self.initial]
        self._cap = max(16, checkpoint_bytes // self._checkpoint_cost())
        self._order_cache: tuple[int, np.ndarray] | None = None
        self.reset()

    # ---- public API -------------------------------------------------------------------

    @property
    def L(self) -> int:
        return self.schedule.L

    @property
    def k0(self) -> int:
        """The first step number this stepper holds (0 unless it continues another)."""
        return self.schedule.batch_start(self.start_batch)

    @property
    def m(self) -> int:
        return self.schedule.m

    @property
    def batch_size(self) -> int:
        return self.schedule.batch_size

    def reset(self) -> None:
        """Back to step 0 with the initial weights (same seed, same example order)."""
        # two aligned lists, not a dict: bisect needs the batches sorted anyway, and two list
        # slots cost ~11 B a checkpoint where a dict entry cost ~55 B (tracemalloc, 2-2-1)
        self._batches: list[int] = []   # global batch numbers, ascending; [0] is batch 0
        self._checkpoints: list[tuple[np.ndarray, np.ndarray | None]] = []  # (flat Θ, flat D)
        self._window = max(1, self._cap // 2)   # W of _thin: recent batches kept at every start
        self.history_J = array("d")
        self.history_acc = array("d")
        self._restore_batch(self.start_batch, list(self.initial), self.initial_D)
        self._save_checkpoint(self.start_batch)

    def peek(self) -> Position:
        """Where the next micro-step falls."""
        return self.schedule.locate(self.k)

    def step(self) -> Step:
        """Do the next micro-step. Raises NonFiniteError (state unchanged) on inf/NaN."""
        k = self.k
        where = self.schedule.locate(k)
        try:
            # inf/NaN are detected and reported by _finite; numpy's warnings would only echo it
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                getattr(self, "_do_" + where.kind)(where)
        except _NotFinite as exc:
            raise NonFiniteError(self._nonfinite_message(str(exc), where), k + 1) from None
        except _Diverged as exc:
            raise DivergenceError(str(exc), k + 1) from None
        self.k = k + 1  # set, not incremented: an update's batch restore already moved k
        self.last = self._describe(k, where)
        return self.last

    def back(self) -> Step | None:
        """Undo one micro-step; returns the step that produced the new state (None at 0)."""
        if self.k > 0:
            self.seek(self.k - 1)
        return self.last

    def seek(self, k: int) -> None:
        """Jump to the state after k micro-steps, earlier or later, deterministically."""
        if k < 0:
            raise ValueError("step numbers start at 0")
        if k < self.k0:
            raise ValueError(f"step {k} comes before this stepper's first step {self.k0}")
        if k < self.k:
            target = self.schedule.locate(k).global_batch
            # the last checkpoint at or before target; the first batch is never thinned: i ≥ 0
            i = bisect.bisect_right(self._batches, target) - 1
            flat_t, flat_d = self._checkpoints[i]
            self._restore_batch(self._batches[i], self._unflatten(flat_t),
                                None if flat_d is None else self._unflatten(flat_d))
        while self.k < k:
            self.step()

    def checkpoint_list(self) -> list[tuple[int, list[np.ndarray], list[np.ndarray] | None]]:
        """The stored batch starts, oldest first: (global batch, Θ list, D list or None)."""
        return [(b, self._unflatten(t), None if d is None else self._unflatten(d))
                for b, (t, d) in zip(self._batches, self._checkpoints)]

    def restore_position(self, global_batch: int, thetas, D, history_J, history_acc,
                         checkpoints=()) -> None:
        """Put the stepper at the start of `global_batch` as if it had trained there: Θ and
        D (None before any gradient) at that batch start, the costs and accuracies of the
        batches before it (global_batch − start_batch of each), and any further stored
        batch starts (global batch, Θ, D) to seek back to. What a session file restores
        without replaying the run; ValueError when the pieces do not fit this stepper."""
        n = global_batch - self.start_batch
        if n < 0 or len(history_J) != n or len(history_acc) != n:
            raise ValueError(f"batch {global_batch} needs {max(n, 0)} recorded costs and "
                             f"accuracies, got {len(history_J)} and {len(history_acc)}")
        for b, t, d in [*checkpoints, (global_batch, thetas, D)]:
            if not self.start_batch <= b <= global_batch:
                raise ValueError(f"a stored batch start {b} lies outside this run")
            flat_t, flat_d = self._flatten(t), None if d is None else self._flatten(d)
            i = bisect.bisect_left(self._batches, b)
            if i < len(self._batches) and self._batches[i] == b:
                self._checkpoints[i] = (flat_t, flat_d)
            else:
                self._batches.insert(i, b)
                self._checkpoints.insert(i, (flat_t, flat_d))
        self._restore_batch(global_batch, self._unflatten(self._flatten(thetas)),
                            None if D is None else self._unflatten(self._flatten(D)))
        self.history_J = array("d", history_J)
        self.history_acc = array("d", history_acc)
        if len(self._batches) > self._cap:
            self._thin()

    def _flatten(self, arrays) -> np.ndarray:
        """Θ or D as one flat float64 array; ValueError unless shaped like this network's."""
        arrays = [np.asarray(a, dtype=np.float64) for a in arrays]
        if [a.shape for a in arrays] != [t.shape for t in self.initial]:
            raise ValueError(f"matrices of shapes {[a.shape for a in arrays]} do not fit a "
                             f"network whose Θ have shapes {[t.shape for t in self.initial]}")
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise ValueError("stored weights hold infinite or NaN values")
        return np.concatenate([a.ravel() for a in arrays])

    def run_until(self, kinds: tuple[str, ...], limit: int | None = None) -> int:
        """Step at least once, until a step of one of `kinds` is done. Returns steps taken."""
        n = 0
        while True:
            self.step()
            n += 1
            if self.last.kind in kinds or (limit is not None and n >= limit):
                return n

    def next_example(self) -> int:
        """Finish the current example (through its accumulate step)."""
        return self.run_until(("accumulate",))

    def next_batch(self) -> int:
        """Finish the current batch (through the update Θ := Θ − αD)."""
        return self.run_until(("update",))

    def next_epoch(self) -> int:
        """Finish the current epoch."""
        epoch = self.peek().epoch
        n = 0
        while self.peek().epoch == epoch:
            self.step()
            n += 1
        return n

    @property
    def J_so_far(self) -> float | None:
        """(1/n) Σ cost(i) over the n examples of this batch seen so far (no λ term)."""
        return self.J_sum / self.seen if self.seen else None

    def order(self, epoch: int) -> np.ndarray:
        """Example order of `epoch`: 0 … m−1, or a permutation fixed by (seed, epoch)."""
        if self._order_cache is None or self._order_cache[0] != epoch:
            if self.shuffle:
                perm = np.random.default_rng([self.seed, epoch]).permutation(self.m)
            else:
                perm = np.arange(self.m)
            self._order_cache = (epoch, perm)
        return self._order_cache[1]

    def example_at(self, where: Position) -> int:
        """Dataset row of the example at `where`."""
        return int(self.order(where.epoch)[where.batch * self.batch_size + where.pos])

    # ---- the six kinds of micro-step ------------------------------------------------------

    def _do_forward(self, where: Position):
        l = where.layer
        if l == 2:
            self._clear_example(self.example_at(where))
        z, a = seedloop.forward_layer(self.thetas[l - 2], self.a[l - 2], self.acts[l - 2])
        _finite(f"z{sl(l)}", z, a)
        self.z[l - 1], self.a[l - 1] = _frozen(z), _frozen(a)

    def _do_output_error(self, where: Position):
        y = self.Y[self.example]
        delta = losses.output_error(self.a[-1], self.z[-1], y, self.acts[-1], self.loss)
        cost_i = losses.data_cost(self.a[-1], self.z[-1], y, self.loss)
        _finite(f"δ{sl(self.L)}", delta, cost_i)
        self.delta[-1], self.cost_i = _frozen(delta), cost_i
        self.J_sum += cost_i
        self.correct += int(self._is_correct(self.a[-1], y))
        self.seen += 1

    def _do_backward(self, where: Position):
        l = where.layer
        d = seedloop.backward_layer(self.thetas[l - 1], self.delta[l], self.z[l - 1],
                                    self.a[l - 1], self.acts[l - 2])
        _finite(f"δ{sl(l)}", d)
        self.delta[l - 1] = _frozen(d)

    def _do_accumulate(self, where: Position):
        new = [seedloop.accumulate_layer(D, self.delta[i + 1], self.a[i])
               for i, D in enumerate(self.Deltas)]
        _finite("Δ", *new)
        self.Deltas = [_frozen(D) for D in new]
        self.accumulated += 1

    def _do_gradient(self, where: Position):
        n = where.pos
        D = gradients(self.Deltas, self.thetas, n, self.lam)
        J = self.J_sum / n + losses.regularization(self.thetas, self.lam, n)
        _finite("D", *D, J)
        self._check_divergence(J, where)
        self.D, self.J_batch = [_frozen(d) for d in D], J

    def _do_update(self, where: Position):
        new = [t - self.alpha * d for t, d in zip(self.thetas, self.D)]
        _finite("Θ", *new)
        self.history_J.append(self.J_batch)
        self.history_acc.append(self.correct / where.pos)
        self._restore_batch(where.global_batch + 1, new, self.D)
        self._save_checkpoint(where.global_batch + 1)

    # ---- state, checkpoints --------------------------------------------------------------

    def _clear_example(self, row: int) -> None:
        L = self.L
        self.example = row
        self.a = [self.X[row]] + [None] * (L - 1)
        self.z = [None] * L
        self.delta = [None] * L
        self.cost_i = None

    def _restore_batch(self, global_batch: int, thetas, D) -> None:
        """Put the state at the start of `global_batch`: Δ = 0, first example's x loaded."""
        self.k = self.schedule.batch_start(global_batch)
        self.thetas = [_frozen(t) for t in thetas]
        self.D = None if D is None else [_frozen(d) for d in D]
        self.Deltas = [_frozen(np.zeros_like(t)) for t in self.thetas]
        self.J_sum, self.correct, self.seen, self.J_batch = 0.0, 0, 0, None
        self.accumulated = 0
        del self.history_J[global_batch - self.start_batch:]
        del self.history_acc[global_batch - self.start_batch:]
        self._clear_example(self.example_at(self.schedule.locate(self.k)))
        self.last = None if self.k == self.k0 else self._describe(self.k - 1)

    def _describe(self, k: int, w: Position | None = None) -> Step:
        """The Step record of micro-step k (0-based), from its position alone."""
        w = w or self.schedule.locate(k)
        example = self.example_at(w) if w.kind in ("forward", "output_error", "backward",
                                                   "accumulate") else None
        quantities, edges = touched(w.kind, w.layer, self.L)
        return Step(k + 1, w.kind, w.layer, w.epoch, w.batch, w.pos, example,
                    label(w.kind, w.layer, self.L, self.loss), quantities, edges)

    def _checkpoint_cost(self) -> int:
        """Bytes one checkpoint holds, measured on real objects rather than assumed: two
        flat float64 arrays of Σ s_{l+1}(s_l + 1) values (sys.getsizeof counts numpy's
        header, ~112 B, with the data an array owns), the tuple pairing them, the int batch
        number (ints above 256 are objects of their own), and a slot in each of the two
        lists, 8 B counted as 16 for over-allocation and the copies `_thin` builds. Last,
        4 × 16 B: malloc adds ~16 B to each of an array's two buffers (data, shape), which
        RSS shows and tracemalloc does not. For 2-2-1: 548 B; tracemalloc counts ~470 B
        held per checkpoint and RSS ~530 B (the old estimate said 400)."""
        flat = np.empty(sum(self._sizes))
        return (2 * sys.getsizeof(flat) + sys.getsizeof((flat, flat)) + sys.getsizeof(2**20)
                + 2 * 16 + 4 * 16)

    def _save_checkpoint(self, global_batch: int) -> None:
        """Store Θ and D at the start of `global_batch`, flat, unless already stored: a
        replay after a seek passes the same batch starts again, with the same values."""
        i = bisect.bisect_left(self._batches, global_batch)
        if i < len(self._batches) and self._batches[i] == global_batch:
            return
        flat_d = None if self.D is None else np.concatenate([d.ravel() for d in self.D])
        self._batches.insert(i, global_batch)
        self._checkpoints.insert(i, (np.concatenate([t.ravel() for t in self.thetas]), flat_d))
        if len(self._batches) > self._cap:
            self._thin()

    def _thin(self) -> None:
        """Thin by age: with n the newest batch stored, batch b stays while b is a multiple
        of its spacing 2^⌊log₂(1 + ⌊(n − b)/W⌋)⌋. The newest W batch starts all stay, the 2W
        before them every 2nd, the 4W before those every 4th, …: a seek d batches back
        replays at most about d/W batches, however long the run. That leaves about
        W(1 + log₂(n/W)) checkpoints; W halves whenever they would still fill more than
        3/4 of the cap, so each thinning frees a quarter of it (amortised O(1) a batch).
        Spacings only grow as n grows and W shrinks, so a batch once dropped is not
        needed again (a replay may store it anew; the next thinning drops it again)."""
        while True:
            n = self._batches[-1]
            keep = [i for i, b in enumerate(self._batches)
                    if (b - self.start_batch) % _spacing(n - b, self._window) == 0]
            if len(keep) <= 3 * self._cap // 4 or self._window == 1:
                break
            self._window //= 2
        if len(keep) > self._cap:   # W = 1 and an astronomically long run: oldest go first
            keep = keep[:1] + keep[len(keep) - self._cap + 1:]
        self._batches = [self._batches[i] for i in keep]
        self._checkpoints = [self._checkpoints[i] for i in keep]

    def _unflatten(self, flat: np.ndarray) -> list[np.ndarray]:
        out, at = [], 0
        for t, size in zip(self.initial, self._sizes):
            out.append(flat[at:at + size].reshape(t.shape).copy())
            at += size
        return out

    def _check_divergence(self, J: float, where: Position) -> None:
        """J above max(10·J₀, J₀ + 10), J₀ the first batch's cost, means divergence: with
        sigmoid units the weights stay finite however large α is, so inf never comes."""
        if not self.stop_on_divergence or not self.history_J:
            return
        J0 = self.history_J[0]
        if J > max(10.0 * J0, J0 + 10.0):
            raise _Diverged(
                f"Training is diverging: the cost J rose from {J0:.4g} (first batch) to "
                f"{J:.4g} at batch {where.batch + 1} of epoch {where.epoch + 1}. "
                f"Lower the learning rate α = {self.alpha:g}; every earlier step is still "
                "reachable.")

    def _is_correct(self, h: np.ndarray, y: np.ndarray) -> bool:
        if h.size == 1:
            return bool((h[0] >= 0.5) == (y[0] >= 0.5))
        return bool(np.argmax(h) == np.argmax(y))

    def _nonfinite_message(self, name: str, where: Position) -> str:
        return (f"{name} became infinite or NaN at micro-step {self.k + 1} ({where.kind}, "
                f"epoch {where.epoch + 1}, example {where.pos + 1} of batch {where.batch + 1}). "
                f"Training stopped; every earlier step is still reachable. The learning rate "
                f"α = {self.alpha:g} is probably too large.")
