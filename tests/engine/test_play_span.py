"""A frame of fast play stops at the same moment of training every time (Schedule.
boundary_before, Timeline.play_span): right after a batch's gradient step if one is in
reach, else right after an example's backward pass (before its accumulate step).

Step numbers are counted by hand from the lecture's loop (see test_lecture_steps.py):
2-2-2-1 on XOR in one batch is E = 7 micro-steps an example, a batch of 4 is 4·7 + 2 = 30:
the state after k = 6, 13, 20, 27 steps ends an example's backward pass (its accumulate
step follows: 7, 14, 21, 28), after 29 the gradient D is
computed, after 30 Θ is updated and batch 2 begins (its gradient state is 59, and so on).
"""

import pytest

from bpengine.config import StudioConfig
from bpengine.schedule import Schedule
from bpengine.studio import StudioModel

XOR = Schedule(m=4, batch_size=4, L=4)


@pytest.mark.parametrize("k, reach, stop", [
    (0, 45, 29),     # batch 1's gradient state, 29, is in reach; batch 2's, 59, is not
    (0, 29, 29),     # exactly there
    (29, 61, 59),    # a frame later: batch 2's
    (29, 89, 89),    # three batches later: batch 3's
    (3, 23, 20),     # no gradient state in (3, 23]: example 3's backward pass ends at 20
    (3, 5, 5),       # nor an example's δ: every micro-step is shown
    (22, 28, 27),    # example 4's
    (29, 31, 31),    # the update and batch 2's first forward step: nothing between
])
def test_the_last_gradient_step_else_example_end_in_reach(k, reach, stop):
    assert XOR.boundary_before(k, reach) == stop


def test_a_short_last_batch_ends_with_its_one_example():
    # m = 5 in batches of 2, 2, 1, L = 3: E = 5; batches start at 0, 12, 24 and the next
    # epoch at 31; their gradient states are 11, 23 and 24 + 5 + 1 = 30
    s = Schedule(m=5, batch_size=2, L=3)
    assert s.boundary_before(24, 29) == 28     # the third batch's one example's δ
    assert s.boundary_before(24, 30) == 30     # its gradient
    assert s.boundary_before(20, 40) == 30     # the next epoch's first batch: 42, too far
    assert s.boundary_before(12, 22) == 21     # batch 2's examples' δ at 16 and 21


def test_the_model_takes_the_span_to_the_same_moment_every_frame():
    model = StudioModel(StudioConfig())            # XOR, 2-2-2-1, one batch
    assert model.play_span(45) == 29
    model.run_steps(29)
    assert model.stepper.last.kind == "gradient"
    assert model.play_span(40) == 30               # to 59, batch 2's gradient state
    model.run_steps(4)                             # at 33, in batch 2's first example
    assert model.play_span(20) == 17               # example 3's δ at 30 + 3·7 − 1 = 50
    assert model.play_span(4) == 3 and model.play_span(3) == 3   # example 1's at 36
    assert model.play_span(2) == 2
    model.run_steps(3)
    assert model.stepper.last.kind == "backward"


def test_an_earlier_segment_plays_its_steps_unrounded():
    # α changed at step 45: play from step 10 crosses into the new segment, so the span is
    # not rounded within the old one
    model = StudioModel(StudioConfig())
    model.run_steps(45)
    model.set_settings(alpha=0.5)
    model.seek(10)
    assert model.play_span(40) == 40              # rounded, it would be 29 - 10 = 19
