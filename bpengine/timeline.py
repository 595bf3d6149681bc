"""The run as the user made it: segments of training, each continuing the one before.

Changing α, λ, the batch size or shuffling mid-run continues from the weights reached: a
new segment begins at the current global step K with a Stepper that starts at the
current batch with those weights (Stepper's start_batch), while the old segment still
holds every step before K. So the global step number K is piecewise: in segment s,
K = K_begin + (k − k_begin), k being that segment's own Stepper step. With an unchanged
batch size the new Stepper numbers its steps as the old one did and replays the current
batch up to the same micro-step (α and λ act only at the batch's end); with a new batch
size it starts the current epoch's batch that holds the examples already used.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from .config import StudioConfig, schedule_for, stepper_for
from .history import History
from .network import Network
from .schedule import Schedule
from .stepper import Stepper


@dataclass(frozen=True, eq=False)
class Segment:
    """config: the settings training used in this segment; stepper: its Stepper; from
    global step K_begin on, which is the stepper's own step k_begin."""

    config: StudioConfig
    stepper: Stepper
    K_begin: int
    k_begin: int

    def local(self, K: int) -> int:
        return self.k_begin + (K - self.K_begin)


def target(schedule: Schedule, k: int, kind: str) -> int:
    """The step number after finishing the current example, batch or epoch from step k
    (at least one step on): what Shift, Ctrl and Ctrl+Shift+PageDown go to."""
    w = schedule.locate(k)
    if kind == "batch":
        return schedule.batch_start(w.global_batch + 1)
    if kind == "epoch":
        return schedule.batch_start((w.epoch + 1) * schedule.n_batches)
    if kind != "example":
        raise ValueError(f"kind is example, batch or epoch, not {kind!r}")
    start, E = schedule.batch_start(w.global_batch), schedule.per_example
    if w.kind in ("gradient", "update"):        # the next batch's first example
        return schedule.batch_start(w.global_batch + 1) + E
    return start + (w.pos + 1) * E


class Timeline:
    """Segments in order of K_begin, and the histories the earlier ones left.

    past[s] (for every segment but the last) holds (J, accuracy) of the updates segment s
    made before segment s + 1 took over. A Timeline's segments never change; an edit makes
    a new Timeline (the old one stays valid for undo). `i` is the segment the current
    position lies in.
    """

    def __init__(self, segments: tuple[Segment, ...], past: tuple = ()):
        self.segments = tuple(segments)
        self.past = tuple(past)
        self.i = len(self.segments) - 1
        # the earlier segments' past joined with the current stepper's history, for
        # history(): [segment i, its stepper's History of J, J, accuracy (History), past
        # length, stepper values copied]
        self._joined: list | None = None

    @classmethod
    def fresh(cls, config: StudioConfig, network: Network, X, Y) -> Timeline:
        return cls((Segment(config, stepper_for(config, network, X, Y), 0, 0),))

    # ---- where we are ----

    @property
    def segment(self) -> Segment:
        return self.segments[self.i]

    @property
    def stepper(self) -> Stepper:
        return self.segments[self.i].stepper

    @property
    def K(self) -> int:
        s = self.segment
        return s.K_begin + (s.stepper.k - s.k_begin)

    def _end(self, i: int) -> int | None:
        """The global step at which segment i hands over (None for the last)."""
        return self.segments[i + 1].K_begin if i + 1 < len(self.segments) else None

    # ---- moving ----

    def seek(self, K: int) -> None:
        """Go to global step K (0 ≤ K), in whichever segment holds it."""
        self.i = self.index(K)
        self.segment.stepper.seek(self.segment.local(K))

    def step(self) -> None:
        """One micro-step; at a segment's end the next segment takes over."""
        self.stepper.step()
        end = self._end(self.i)
        if end is not None and self.K >= end:
            self.seek(end)

    def index(self, K: int) -> int:
        """The segment that holds global step K (the later one at a hand-over)."""
        return max(bisect.bisect_right([s.K_begin for s in self.segments], K) - 1, 0)

    def jump(self, K: int):
        """A job (jobs.Jump) taking the position to global step K in slices: the position
        moves to K's segment now, and that segment's stepper moves as the job runs."""
        self.i = self.index(K)
        return self.stepper.jump(self.segment.local(K))

    def goal(self, kind: str, n: int = 1, K: int | None = None) -> int:
        """The global step that finishing the current example, batch or epoch n times
        reaches (what finish() goes to, n times over), without moving; from global step K
        instead of the current one if given."""
        i, K = (self.i, self.K) if K is None else (self.index(K), K)
        for _ in range(n):
            while True:
                s = self.segments[i]
                g = s.K_begin + (target(s.stepper.schedule, s.local(K), kind) - s.k_begin)
                end = self._end(i)
                if end is None or g < end:
                    K = g
                    break
                i, K = i + 1, end      # the next segment finishes it, with its own schedule
                if end == g:
                    break
        return K

    def run(self, n: int) -> None:
        """n micro-steps (play). Raises TrainingHalted where one cannot be taken."""
        if self._end(self.i) is None:          # the last segment: nothing to hand over
            step = self.stepper.step
            for _ in range(n):
                step()
            return
        for _ in range(n):
            self.step()

    def play_span(self, n: int) -> int:
        """How many of up to n micro-steps a frame of play takes: to the last gradient step
        or the last example's backward pass in reach, by the frame's length, else n
        (Schedule.boundary_before), so that at speed each frame shows the same moment of
        training, not a random one. In an earlier segment (a rewound run whose settings
        changed later) the frame that reaches the segment's end is not rounded: the next
        segment counts its steps with a schedule of its own."""
        if n <= 1:
            return n
        s, end = self.stepper, self._end(self.i)
        if end is not None and self.K + n >= end:
            return n
        return s.schedule.boundary_before(s.k, s.k + n) - s.k

    def finish(self, kind: str) -> None:
        """Finish the current example, batch or epoch, across segment ends."""
        goal = None
        while True:
            s = self.segment
            goal = s.K_begin + (target(s.stepper.schedule, s.stepper.k, kind) - s.k_begin)
            end = self._end(self.i)
            if end is None or goal < end:
                return self.seek(goal)
            self.seek(end)       # the next segment finishes it, with its own schedule
            if end == goal:
                return

    # ---- histories ----

    def n_updates(self) -> int:
        """Updates Θ := Θ − αD made before the current position."""
        return sum(len(p[0]) for p in self.past[:self.i]) + len(self.stepper.history_J)

    def last_J(self) -> float | None:
        """The cost J of the last update's batch, or None before the first."""
        if len(self.stepper.history_J):
            return float(self.stepper.history_J[-1])
        return next((float(p[0][-1]) for p in reversed(self.past[:self.i]) if len(p[0])), None)

    def history(self) -> tuple[np.ndarray, np.ndarray]:
        """(J, accuracy) of every update before the current position: the earlier
        segments' past, then the current segment's stepper history (read-only float64
        views, valid like History.view()). Past a first segment the two are joined in
        buffers that only copy the stepper's values not copied before: O(new updates) a
        call, not O(history) (a stepper's values never change, only how many it shows)."""
        st = self.stepper
        J, acc = st.history_J.view(), st.history_acc.view()     # read-only, no copy
        if self.i == 0:
            return J, acc
        if (self._joined is None or self._joined[0] != self.i
                or self._joined[1] is not st.history_J):   # restored: other values
            past = self.past[:self.i]
            hJ = History(np.concatenate([p[0] for p in past]))
            hacc = History(np.concatenate([p[1] for p in past]))
            self._joined = [self.i, st.history_J, hJ, hacc, len(hJ), 0]
        _i, _own, hJ, hacc, n_past, copied = self._joined
        start = min(copied, len(J))           # a rewind shows fewer: cut there, then copy
        for joined, own in ((hJ, J), (hacc, acc)):
            joined.truncate(n_past + start)
            joined.extend(own[start:])
        self._joined[5] = len(J)
        return hJ.view(), hacc.view()

    # ---- continuing with new settings ----

    def continued(self, config: StudioConfig, X, Y) -> tuple[Timeline, str]:
        """A new Timeline in which training goes on from the current position with
        `config`'s training settings; later segments are dropped (a new branch). Returns it
        with a sentence saying where training goes on from."""
        seg, st = self.segment, self.stepper
        K, w = self.K, st.peek()
        gb = w.global_batch
        thetas, D = batch_start_weights(st, gb)
        net = Network(list(_sizes(st)), list(st.acts), thetas)
        sched = schedule_for(config, st.m, st.L)
        if sched == st.schedule:
            new = stepper_for(config, net, X, Y, start_batch=gb, initial_D=D)
            if config.shuffle == seg.config.shuffle:
                new.seek(st.k)         # α and λ act at the batch's end: replay up to here
                note = "training goes on from this step"
            else:
                note = "the current batch starts again, in the new order"
        else:
            done = w.batch * st.batch_size          # examples of this epoch already used
            start = w.epoch * sched.n_batches + done // sched.batch_size
            new = stepper_for(config, net, X, Y, start_batch=start, initial_D=D)
            note = "the current batch starts again with the new size"
        new_seg = Segment(config, new, K, new.k)
        if K == seg.K_begin:                     # the segment made no step: replace it
            segments, past = self.segments[:self.i] + (new_seg,), self.past[:self.i]
        else:
            J, acc = self.history()
            n_before = sum(len(p[0]) for p in self.past[:self.i])
            frozen = (J[n_before:].copy(), acc[n_before:].copy())
            segments = self.segments[:self.i + 1] + (new_seg,)
            past = self.past[:self.i] + (frozen,)
        return Timeline(segments, past), note




def _sizes(st: Stepper) -> list[int]:
    return [st.initial[0].shape[1] - 1] + [t.shape[0] for t in st.initial]


def batch_start_weights(st: Stepper, gb: int):
    """Θ and D at the start of global batch gb, the batch the stepper is in."""
    return st.batch_start_weights()
