"""Which micro-step a link on the lecture page goes to: hand-counted step numbers, and the
stepper's own record of the step it lands on."""

import pytest

import bpengine as bp
from bpengine.config import StudioConfig
from bpengine.lecture_steps import current_position, equation_step, step_of
from bpengine.schedule import Schedule
from bpengine.studio import StudioModel

# 2-2-2-1 on XOR, full batch: L = 4, E = 7 steps an example, a batch of 4 is 30 steps.
# Example 1 (position 0) is steps 1-7: forward 2, 3, 4, output error, backward 3, 2,
# accumulate; example 2 is steps 8-14, ..., example 4 steps 22-28; gradient 29, update 30.
XOR = Schedule(m=4, batch_size=4, L=4)


@pytest.mark.parametrize("k, kind, layer, K", [
    (0, "forward", 2, 1), (0, "output_error", None, 4), (0, "accumulate", None, 7),
    (10, "forward", 2, 8), (10, "forward", 4, 10), (10, "backward", 3, 12),
    (10, "backward", 2, 13), (10, "accumulate", None, 14), (14, "forward", 3, 9),
    (10, "batch_start", None, 0), (10, "gradient", None, 29), (10, "update", None, 30),
    (29, "backward", 2, 27),          # after the gradient: the batch's last example
    (30, "forward", 2, 31),           # after the update: the next batch's first example
    (45, "output_error", None, 48),   # epoch 2, example 3: steps 45-51
    (45, "batch_start", None, 30), (45, "update", None, 60),
])
def test_step_numbers_counted_by_hand(k, kind, layer, K):
    assert step_of(XOR, k, kind, layer) == K


def test_a_short_last_batch():
    # m = 5 in batches of 2 (2, 2, 1), L = 3: E = 5; batches start at 0, 12, 24; the
    # third batch has one example: steps 25-29, gradient 30, update 31
    s = Schedule(m=5, batch_size=2, L=3)
    assert step_of(s, 26, "gradient") == 30 and step_of(s, 26, "update") == 31
    assert step_of(s, 26, "backward", 2) == 28
    assert current_position(s, 26) == (2, 0)


@pytest.mark.parametrize("kind, layer", [("forward", 1), ("forward", 5), ("backward", 4),
                                         ("backward", None), ("sideways", None)])
def test_steps_this_network_has_not_are_refused_in_words(kind, layer):
    with pytest.raises(ValueError, match="layer|step"):
        step_of(XOR, 3, kind, layer)


def test_no_backward_step_without_a_hidden_layer():
    with pytest.raises(ValueError, match="no hidden layer"):
        step_of(Schedule(4, 4, 2), 0, "backward", 2)


@pytest.mark.parametrize("batch_size, shuffle", [(None, False), (2, True), (1, False)])
def test_the_stepper_lands_on_that_step_of_the_same_example(batch_size, shuffle):
    model = StudioModel(StudioConfig(hidden=(3, 2), batch_size=batch_size, shuffle=shuffle))
    L = model.L
    for start in (0, 5, 23, 37, 61):
        model.seek(start)
        st = model.stepper
        ref = st.last if st.last is not None and st.last.kind != "update" else None
        example = st.example
        for kind, layer in [("forward", l) for l in range(2, L + 1)] + \
                [("output_error", None), ("accumulate", None)] + \
                [("backward", l) for l in range(2, L)]:
            model.seek(start)
            model.seek(equation_step(model, kind, layer))
            last = model.stepper.last
            assert (last.kind, last.layer if kind != "output_error" else None) == (kind, layer)
            assert model.stepper.example == example
            if ref is not None and ref.kind != "gradient":
                assert (last.epoch, last.batch, last.pos) == (ref.epoch, ref.batch, ref.pos)
        model.seek(start)
        model.seek(equation_step(model, "gradient"))
        assert model.stepper.last.kind == "gradient"
        model.seek(equation_step(model, "batch_start"))
        assert model.stepper.last is None or model.stepper.last.kind == "update"
        assert model.stepper.accumulated == 0


def test_after_a_change_of_alpha_the_link_stays_in_the_same_example():
    model = StudioModel()
    model.seek(10)                               # example 2, forward 4
    model.set_settings(alpha=0.5)                # a new segment from here on
    model.seek(equation_step(model, "forward", 2))
    assert model.k == 8 and model.stepper.last.kind == "forward"
    model.seek(equation_step(model, "accumulate"))
    assert model.k == 14 and model.stepper.accumulated == 2
    assert bp.Step is type(model.stepper.last)
