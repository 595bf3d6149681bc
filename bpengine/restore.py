"""Putting a Stepper at a stored batch start: its own checkpoints, or a session file's.

A mixin of the Stepper. The store (checkpoints.py) holds Θ only; the D standing at a batch
start comes from the batch before, so a checkpoint c is restored by entering c and training
batch c at once (one unit of a jump: no state with an unknown D is ever left standing).
"""

from __future__ import annotations

import numpy as np

from . import stepper_args as args
from .history import History
from .microsteps import frozen


class Restore:
    def _restore_checkpoint(self, c: int, flat) -> None:
        """From checkpoint c (c < the target batch): Θ_c, then batch c fast, to c + 1."""
        shown = c - self.start_batch          # recorded: every stored batch was trained
        self.history_J.reveal(shown)           # past, or restored with its history
        self.history_acc.reveal(shown)
        self._enter_batch(c, flat, None, known=False)
        self._fast_batch()

    def batch_start_weights(self) -> tuple[list, list | None]:
        """(Θ, D) at the start of the batch the stepper is in, as copies: the weights the
        batch trains from and the D that produced them (None before any gradient), what a
        session file stores to restore this batch without replaying the run. Θ is the
        current one until the update; D is the current one until the gradient step, and
        afterwards still known to the stepper (no checkpoint holds D)."""
        D = self._anchor_D
        return ([t.copy() for t in self._anchor_thetas],
                None if D is None else [d.copy() for d in D])

    def checkpoint_list(self) -> list[tuple[int, list, None]]:
        """The stored batch starts, oldest first: (global batch, Θ list (copies), None).
        The third item was D, which the store no longer keeps (a seek recomputes it from
        the batch before); it stays in the tuple, always None, for session files written
        by this and earlier versions. restore_position takes this list back."""
        return [(b, [t.copy() for t in self._store.unflatten(flat)], None)
                for b, flat in self._store.items()]

    def restore_position(self, global_batch: int, thetas, D, history_J, history_acc,
                         checkpoints=()) -> None:
        """Put the stepper at the start of `global_batch` as if it had trained there: Θ and
        D (None before any gradient) at that batch start, the costs and accuracies of the
        batches before it (global_batch − start_batch of each), and any further stored
        batch starts (global batch, Θ, D or None; D is checked and not kept) to seek back
        to. The store is emptied first but for this stepper's first batch. What a session
        file restores without replaying the run; ValueError, with the stepper unchanged,
        when the pieces do not fit this stepper."""
        B = args.whole(global_batch, "the batch to restore")
        n = B - self.start_batch
        if n < 0 or len(history_J) != n or len(history_acc) != n:
            raise ValueError(f"batch {global_batch} needs {max(n, 0)} recorded costs and "
                             f"accuracies, got {len(history_J)} and {len(history_acc)}")
        shapes = self._store.shapes
        try:
            hist_J, hist_acc = History(history_J), History(history_acc)
        except (TypeError, ValueError):
            hist_J = hist_acc = None
        if hist_J is None or not (np.isfinite(hist_J.view()).all()
                                  and np.isfinite(hist_acc.view()).all()):
            raise ValueError("the recorded costs and accuracies must be finite numbers")
        flat = self._store.flatten(args.matrices(thetas, shapes, "the stored weights Θ"))
        D = None if D is None else args.matrices(D, shapes, "the stored gradient D")
        stored = self._stored(checkpoints, B)
        self._store.clear()
        self._store.extend(self.start_batch, self._store.flatten(self.initial))
        for b, f in [*stored, (B, flat)]:
            self._store.put(b, f)
        self.history_J, self.history_acc = hist_J, hist_acc
        self._clear_marks(None)
        self._enter_batch(B, flat, None if D is None else [frozen(d) for d in D])

    def _stored(self, checkpoints, B: int) -> list[tuple[int, np.ndarray]]:
        """(batch, flat Θ) of each stored batch start (global batch, Θ, D or None), checked:
        within this run up to batch B, Θ- (and D-) shaped, finite. Finite is one test on
        all of them together (a session at step 10⁶ holds hundreds: one by one, layer by
        layer, it was half the time of opening it); only when that fails are they checked
        layer by layer, for the message that names the layer."""
        shapes, stored = self._store.shapes, []
        for b, t, d in checkpoints:
            b = args.whole(b, "a stored batch number")
            if not self.start_batch <= b <= B:
                raise ValueError(f"a stored batch start {b} lies outside this run "
                                 f"(batches {self.start_batch} … {B})")
            if d is not None:
                args.matrices(d, shapes, "a stored gradient D")
            stored.append((b, self._store.flatten(args.shaped(t, shapes,
                                                              "the stored weights Θ"))))
        if stored and not np.isfinite(np.concatenate([f for _, f in stored])).all():
            for _, f in stored:
                args.finite(self._store.unflatten(f), "the stored weights Θ")
        return stored
