"""Marks inside the current batch: stepping back within a large batch replays a few
examples, not the whole batch.

A mixin of the Stepper. The state inside a batch (Δ accumulated example by example, J so
far, the last example's a, z, δ) is the seed's loop, so reaching step k inside batch t
means replaying the micro-steps from t's start: for a full batch of 5,000 examples, up to
25,000 micro-steps (about a second) for one PageUp. So while the stepper works in a batch
it keeps a mark every E examples, after each E-th accumulate: references to the arrays of
that state, no copies (every accumulate makes new Δ arrays anyway). A seek inside the batch
starts from the nearest mark at or before it, and replays at most E examples.

The batch before. Stepping back over an update (PageUp at a batch start) lands at the end
of the previous batch, so the stepper also keeps, for the batch it stood in before this
one, its start (Θ, shared with the store, and D) and its marks: such a PageUp replays at
most E examples. Entering any other batch forgets the older one.

Memory: a mark holds one Δ, Σ s_{l+1}(s_l + 1) floats. The marks of one batch get at most
an eighth of the stepper's checkpoint budget, at most 64 of them, and E is at least 8
examples: 79 examples a mark for 400-25-10 at m = 5000 (82 KB each), 29 for 64-25-10 on
digits. What two batches' marks and one D can take is reserved out of the budget (the store
gets the rest). No marks for small batches, nor for networks whose Δ alone exceeds the
eighth (6 × 512: 10.8 MB): those replay from the batch start.
"""

from __future__ import annotations

MAX_MARKS = 64
MIN_EVERY = 8


def mark_plan(budget: int, weights: int, batch: int) -> tuple[int | None, int]:
    """(E, bytes reserved): a mark every E examples (None: no marks) and the budget share:
    two batches' marks and the previous batch's D."""
    per_mark = 8 * weights + 400        # one Δ, and the small vectors and lists around it
    n = min(MAX_MARKS, budget // 8 // per_mark)
    if n < 1 or batch < 2 * MIN_EVERY:
        return None, 0
    every = max(MIN_EVERY, -(-batch // n))
    return every, 2 * (batch // every) * per_mark + 8 * weights + 200


class ExampleMarks:
    def _clear_marks(self, b: int | None) -> None:
        """Entering batch b (None: forget everything, the run was replaced). The batch
        left behind becomes the previous one; b's own marks come back if it was."""
        if b is None or self._mark_every is None:
            self._marks, self._marks_batch, self._previous = [], b, {}
            return
        current = self._marks_batch
        if current == b:
            return
        marks = self._previous[b][2] if b in self._previous else []
        self._previous = {} if current is None or not self._anchor_known else {
            current: (self._anchor_flat, self._anchor_D, self._marks)}
        self._marks, self._marks_batch = marks, b

    def _kept_start(self, t: int):
        """(flat Θ, D) at the start of batch t if the stepper holds them without replay:
        its own batch, the previous one, or its first; else None."""
        if t == self._anchor_batch:
            return (self._anchor_flat, self._anchor_D) if self._anchor_known else None
        if t in self._previous:
            return self._previous[t][:2]
        if t == self.start_batch:
            return self._store.flatten(self.initial), self.initial_D
        return None

    def _maybe_mark(self) -> None:
        """After an accumulate: keep a mark if this is an E-th example not marked yet."""
        n = self.accumulated
        if self._mark_every and n % self._mark_every == 0 and (
                not self._marks or self._marks[-1][1] < n):
            self._marks.append((self.k + 1, n, self.Deltas, self.J_sum, self.correct,
                                self.seen, self.example, list(self.a), list(self.z),
                                list(self.delta), self.cost_i))

    def _mark_before(self, k: int, t: int):
        """The last mark of batch t (the current or the previous one) at or before step k,
        or None."""
        marks = self._marks if t == self._marks_batch else (
            self._previous[t][2] if t in self._previous else [])
        best = None
        for mark in marks:
            if mark[0] > k:
                break
            best = mark
        return best

    def _restore_mark(self, mark) -> None:
        """Stand at the mark's state: its batch's start Θ and D, its Δ and its example."""
        (self.k, _, self.Deltas, self.J_sum, self.correct, self.seen, self.example, a, z,
         delta, self.cost_i) = mark
        self.a, self.z, self.delta = list(a), list(z), list(delta)
        self.accumulated = self.seen
        self.thetas = list(self._anchor_thetas)
        self.D, self.J_batch, self._batch_correct = self._anchor_D, None, None
        self._last_at = None
