"""The controller alone: edits, undo/redo, refusals, stepping, errors."""

import numpy as np
import pytest

import bpengine as bp
from app.session import Session, layer_title


@pytest.fixture
def session(qapp):
    s = Session()
    s.messages = []
    s.sigMessage.connect(lambda text, level: s.messages.append((level, text)))
    return s


def test_default_is_the_seeds_network_on_xor(session):
    assert session.sizes == [2, 2, 2, 1]
    assert session.dataset.m == 4 and session.stepper.k == 0
    assert layer_title(session, 3) == "Layer 3 · a⁽³⁾ · sigmoid"
    assert layer_title(session, 1) == "Layer 1 · x = a⁽¹⁾"


def test_edits_are_undoable_and_reinitialise_from_the_seed(session):
    initial = [np.array(t) for t in session.stepper.thetas]
    session.add_unit(2)
    assert session.sizes == [2, 3, 2, 1]
    session.add_layer(3)
    assert session.sizes == [2, 3, 2, 2, 1]
    session.set_activation(4, "tanh")
    assert session.acts == ["sigmoid", "sigmoid", "tanh", "sigmoid"]
    session.remove_layer(2)
    assert session.sizes == [2, 2, 2, 1]
    assert session.acts == ["sigmoid", "tanh", "sigmoid"]
    for _ in range(4):
        session.undo_stack.undo()
    assert session.sizes == [2, 2, 2, 1] and session.acts == ["sigmoid"] * 3
    assert all(np.array_equal(a, b) for a, b in zip(session.stepper.thetas, initial))
    session.undo_stack.redo()
    assert session.sizes == [2, 3, 2, 1]
    # the new weights are the session seed's: the same as a fresh network of that shape
    fresh = bp.Network.create([2, 3, 2, 1], seed=session.config.seed)
    assert all(np.array_equal(a, b) for a, b in zip(session.stepper.thetas, fresh.thetas))


@pytest.mark.parametrize("edit,args,needle", [
    ("add_unit", (1,), "it is the input, and its 2 units are the 2 features"),
    ("remove_unit", (4,), "it is the output"),
    ("remove_layer", (1,), "it is the input"),
    ("set_activation", (4, "relu"), "cross-entropy cost needs a sigmoid output"),
    ("set_activation", (1, "tanh"), "Layer 1 is the input"),
    ("add_layer", (9,), "Cannot add a layer after layer 9"),
])
def test_impossible_edits_are_refused_with_a_message(session, edit, args, needle):
    getattr(session, edit)(*args)
    assert session.sizes == [2, 2, 2, 1]
    assert session.undo_stack.count() == 0
    assert session.messages and session.messages[-1][0] == "error"
    assert needle in session.messages[-1][1]


def test_removing_the_last_unit_of_a_layer_is_refused(session):
    session.remove_unit(2)
    assert session.sizes == [2, 1, 2, 1]
    session.remove_unit(2)
    assert session.sizes == [2, 1, 2, 1]
    assert "only one unit" in session.messages[-1][1]


def test_dataset_sets_the_input_and_output_layers(session):
    session.set_dataset("iris")
    assert session.sizes == [4, 2, 2, 3]
    session.undo_stack.undo()
    assert session.sizes == [2, 2, 2, 1]


def test_training_settings_continue_from_the_current_weights_and_are_undoable(session):
    session.next_batch()
    k, theta = session.k, [np.array(t) for t in session.stepper.thetas]
    session.set_settings(alpha=0.5, lam=1.0)
    assert session.undo_stack.undoText() == "α = 0.5, λ = 1"
    assert session.k == k and session.stepper.alpha == 0.5 and session.stepper.lam == 1.0
    assert all(np.array_equal(a, b) for a, b in zip(session.stepper.thetas, theta))
    assert session.messages[-1] == ("info", "α = 0.5, λ = 1: training goes on from this "
                                    f"step (step {k}).")
    session.next_batch()      # the next update uses the new α and λ (vectorised path)
    X, Y = session.dataset.X, session.dataset.Y
    _, D = bp.cost_and_gradients(theta, X, Y, lam=1.0)
    for t, t0, d in zip(session.stepper.thetas, theta, D):
        assert np.allclose(t, t0 - 0.5 * d, rtol=0, atol=1e-14)
    session.seek(k - 1)       # back across the change: the first settings again
    assert session.stepper.alpha == 1.0 and session.config.alpha == 1.0
    session.undo_stack.undo()
    assert session.k == k and session.config.alpha == 1.0 and session.config.lam == 0.0


def test_stepping_back_and_forth_and_reset(session):
    session.step()
    session.step()
    assert session.stepper.k == 2
    session.back()
    assert session.stepper.k == 1
    session.next_example()
    assert session.stepper.last.kind == "accumulate"
    session.next_batch()
    assert session.stepper.last.kind == "update" and len(session.stepper.history_J) == 1
    session.reset()
    assert session.stepper.k == 0
    session.back()
    assert session.messages[-1] == ("info", "Already at the first step.")


def test_a_diverging_run_stops_with_a_message_and_back_still_works(session):
    session.set_settings(alpha=100.0)
    session.set_playing(True)
    for _ in range(5):
        session.next_batch()
    assert not session.playing
    level, text = session.messages[-1]
    assert level == "error" and "diverging" in text and "α = 100" in text
    k = session.stepper.k
    session.back()
    assert session.stepper.k == k - 1


def test_huge_lambda_is_reported_not_crashed(session):
    session.set_settings(lam=1e9)
    assert session.run_steps(5000) is False
    assert session.messages[-1][0] == "error"
    session.seek(3)
    assert session.stepper.k == 3


def test_selection_signal(session, qtbot):
    with qtbot.waitSignal(session.sigSelection):
        session.select(("unit", 2, 1))
    assert session.selection == ("unit", 2, 1)
    assert session.explain_unit(2, 1).layer == 2
