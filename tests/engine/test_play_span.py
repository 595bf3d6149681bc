"""A frame of fast play stops at the same moment of training every time (Schedule.
boundary_before, Timeline.play_span): a frame of two batches or more right after the last
gradient step in reach, one of an example or more right after the last example's backward
pass in reach (before its accumulate step), a shorter one where it ends.

Step numbers are counted by hand from the lecture's loop (see test_lecture_steps.py):
2-2-2-1 on XOR in one batch is E = 7 micro-steps an example, a batch of 4 is 4·7 + 2 = 30:
the state after k = 6, 13, 20, 27 steps ends an example's backward pass (its accumulate
step follows: 7, 14, 21, 28), after 29 the gradient D is computed, after 30 Θ is updated
and batch 2 begins (its examples' δ at 36, 43, 50, 57, its gradient state at 59, ...).
"""

import pytest

from bpengine.config import StudioConfig
from bpengine.schedule import Schedule
from bpengine.studio import StudioModel

XOR = Schedule(m=4, batch_size=4, L=4)


@pytest.mark.parametrize("k, reach, stop", [
    (29, 89, 89),    # 60 steps, two batches: batch 3's gradient state
    (0, 60, 59),     # batch 2's (batch 3's, 89, is out of reach)
    (0, 45, 43),     # 45 steps, under two batches: batch 2's second example's δ
    (0, 29, 27),     # example 4's δ: the gradient state 29 is not a stop at this length
    (29, 61, 57),    # the last δ in reach is batch 2's last example's, 60 − 3
    (3, 23, 20),     # example 3's δ
    (22, 29, 27),    # example 4's
    (22, 28, 28),    # six steps, under an example: every micro-step is shown
    (29, 31, 31),
    (27, 34, 29),    # 7 steps from example 4's δ: the next δ, 36, is e + 2 away across
    (28, 35, 29),    # the batch's end; its gradient state (29) is the stop between
])
def test_the_last_stop_in_reach_of_the_frames_length(k, reach, stop):
    assert XOR.boundary_before(k, reach) == stop


def test_a_short_last_batch_ends_with_its_one_example():
    # m = 5 in batches of 2, 2, 1, L = 3: E = 5, a whole batch 12 steps; batches start at
    # 0, 12, 24 and the next epoch at 31; the third batch's one example's δ is at 28, its
    # gradient state at 24 + 5 + 1 = 30
    s = Schedule(m=5, batch_size=2, L=3)
    assert s.boundary_before(24, 29) == 28
    assert s.boundary_before(24, 30) == 28
    assert s.boundary_before(0, 40) == 30      # 40 steps, over two batches: a gradient
    assert s.boundary_before(20, 40) == 40     # 20: the next epoch's second example's δ
    assert s.boundary_before(12, 22) == 21     # batch 2's examples' δ at 16 and 21


def test_batches_of_one_stop_at_each_example_or_gradient():
    # m = 3 in batches of 1, L = 3: E = 5, a batch 7 steps; δ at 4, 11, 18 and gradient
    # states at 6, 13, 20: any frame of 5 steps or more holds one of them
    s = Schedule(m=3, batch_size=1, L=3)
    assert s.boundary_before(4, 9) == 6
    assert s.boundary_before(6, 11) == 11
    assert s.boundary_before(0, 12) == 11
    # and for every start: a stop is a state whose next step is an accumulate (after the
    # δ) or an update (after the gradient), read from locate (counted by hand elsewhere)
    for k in range(40):
        stop = s.boundary_before(k, k + 5)
        assert k < stop <= k + 5 and s.locate(stop).kind in ("accumulate", "update"), k


def test_the_model_takes_the_span_to_the_same_moment_every_frame():
    model = StudioModel(StudioConfig())            # XOR, 2-2-2-1, one batch
    assert model.play_span(60) == 59
    model.run_steps(59)
    assert model.stepper.last.kind == "gradient"
    assert model.play_span(45) == 44               # batch 4's second example's δ, 90 + 13
    model.run_steps(44)
    assert model.stepper.last.kind == "backward"
    assert model.play_span(6) == 6


def test_an_earlier_segment_is_rounded_but_not_across_its_end():
    # α changed at step 45: a frame from step 10 that crosses into the new segment is not
    # rounded (the new segment counts with its own schedule); one within the old one is
    model = StudioModel(StudioConfig())
    model.run_steps(45)
    model.set_settings(alpha=0.5)
    model.seek(10)
    assert model.play_span(38) == 38              # to 48, past the segment's end at 45
    assert model.play_span(20) == 17              # within it: example 4's δ at 27
