"""The small readouts of the teaching panels: Δ cells an accumulate step changes, the
confusion matrix, the running cost with its λ term, the decision boundary's pictures."""

import numpy as np
import pytest

import bpengine as bp
from bpengine.boundary import curve_extent, fitted_curve, plot_kind, surface_classes
from bpengine.config import DataSource, StudioConfig
from bpengine.confusion import classes_of, confusion, confusion_matrix
from bpengine.increments import changed_cells, current_increments, increments
from bpengine.running_cost import J_so_far, running_J
from bpengine.studio import StudioModel

# ---- Δ increments ---------------------------------------------------------------------


def test_an_increment_by_hand():
    # δ⁽²⁾ = (2, 0), a⁽¹⁾ = (0, 3): the increment is δ [1, 0, 3]ᵀ
    inc = increments([None, np.array([2.0, 0.0])], [np.array([0.0, 3.0]), np.array([0.5, 1])])
    assert np.array_equal(inc[0], [[2.0, 0.0, 6.0], [0.0, 0.0, 0.0]])


@pytest.mark.parametrize("hidden", ["sigmoid", "relu"])
def test_the_cells_an_accumulate_step_changes_are_where_the_increment_is_not_zero(hidden):
    stepper = bp.Stepper(bp.Network.create([2, 4, 3, 1], hidden=hidden, seed=3),
                         np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]),
                         np.array([0.0, 1.0, 1.0, 0.0]))
    seen_zero = False
    for _ in range(4):
        while stepper.peek().kind != "accumulate":
            stepper.step()
            assert changed_cells(stepper) is None
        before = [np.array(D) for D in stepper.Deltas]
        stepper.step()
        changed = [D != b for D, b in zip(stepper.Deltas, before)]   # what really changed
        masks = changed_cells(stepper)
        assert all(np.array_equal(c, m) for c, m in zip(changed, masks))
        seen_zero |= not all(m.all() for m in masks)
    assert seen_zero          # x = (0, 0) leaves Δ⁽¹⁾'s columns j = 1, 2 alone
    stepper.step()            # the gradient: nothing accumulated on this step
    assert changed_cells(stepper) is None


def test_no_increment_before_the_example_is_back_propagated():
    stepper = bp.Stepper(bp.Network.create([2, 2, 1], seed=0), np.eye(2), np.array([0, 1]))
    stepper.step()
    assert current_increments(stepper) is None

# ---- confusion --------------------------------------------------------------------------


def test_a_confusion_matrix_counted_by_hand():
    # true classes 0 0 1 2 2 2, predicted 0 1 1 2 0 2
    Y = np.eye(3)[[0, 0, 1, 2, 2, 2]]
    H = np.eye(3)[[0, 1, 1, 2, 0, 2]] * 0.6 + 0.1
    assert np.array_equal(confusion_matrix(H, Y), [[1, 1, 0], [0, 1, 0], [1, 0, 2]])


def test_one_output_unit_means_two_classes_split_at_one_half():
    Y = np.array([[0.0], [0.0], [1.0], [1.0]])
    H = np.array([[0.2], [0.5], [0.49], [0.9]])
    assert np.array_equal(classes_of(H), [0, 1, 0, 1])
    assert np.array_equal(confusion_matrix(H, Y), [[1, 1], [1, 1]])


def test_confusion_per_part_agrees_with_the_accuracy_of_the_data_panel():
    model = StudioModel(StudioConfig(source=DataSource("builtin", "iris"), hidden=(5,),
                                     acts=("sigmoid", "sigmoid"), validation=0.2,
                                     scaling="standardise"))
    model.next_epoch()
    model.next_epoch()
    parts, evaluated = confusion(model), model.evaluate()
    for name in ("train", "validation"):
        C = parts[name].matrix
        assert C.sum() == parts[name].m == (len(model.data.train) if name == "train"
                                            else len(model.data.val))
        assert parts[name].accuracy == pytest.approx(evaluated[name][1], abs=1e-12)
    labels = model.dataset.labels[model.data.train]
    assert np.array_equal(parts["train"].matrix.sum(axis=1), np.bincount(labels, minlength=3))


def test_no_validation_part_no_validation_matrix():
    assert confusion(StudioModel())["validation"] is None

# ---- the running cost -------------------------------------------------------------------


def test_the_running_cost_is_the_batch_cost_with_its_lambda_term():
    # XOR with λ = 1: at the batch's last example "J so far" must read what J(Θ) per batch
    # reads, the vectorised cost with the λ/(2m) term
    model = StudioModel(StudioConfig(lam=1.0))
    st = model.stepper
    assert running_J(st) is None
    thetas = [np.array(t) for t in st.thetas]
    while st.seen < 4:
        model.step()
    expected = bp.cost_only(thetas, model.data.X, model.data.Y, lam=1.0)
    assert J_so_far(st) == pytest.approx(expected, rel=1e-12)
    data_part, lam_part = running_J(st)
    assert data_part == pytest.approx(bp.cost_only(thetas, model.data.X, model.data.Y), 1e-12)
    assert lam_part == pytest.approx(
        1.0 / 8 * sum(float(np.sum(t[:, 1:] ** 2)) for t in thetas), rel=1e-12)
    while st.last.kind != "gradient":            # back-propagate, accumulate, D
        model.step()
    assert st.J_batch == pytest.approx(J_so_far(st), rel=1e-12)

# ---- the decision boundary's pictures -------------------------------------------------


def test_which_picture_fits_the_data():
    assert plot_kind(2) == "plane" and plot_kind(1) == "curve" and plot_kind(4) == "none"
    assert plot_kind(64, (8, 8)) == "image" and plot_kind(2, (1, 2)) == "image"


def test_surface_classes_by_hand():
    grid = np.array([[[0.2, 0.7, 0.1], [0.5, 0.3, 0.2]]])       # (1, 2, 3)
    cls, strength = surface_classes(grid)
    assert np.array_equal(cls, [[1, 0]]) and np.allclose(strength, [[0.7, 0.5]])
    cls, strength = surface_classes(np.array([[[0.2], [0.5], [0.9]]]))
    assert np.array_equal(cls, [[0, 1, 1]]) and np.allclose(strength, [[0.8, 0.5, 0.9]])


def test_the_fitted_curve_is_the_network_at_those_x():
    net = bp.Network.create([1, 3, 1], seed=2)
    xs, h = fitted_curve(net.thetas, net.acts, (-2.0, 2.0), n=5)
    assert np.allclose(xs, [-2, -1, 0, 1, 2])
    a1 = 1 / (1 + np.exp(-(net.thetas[0] @ np.vstack([np.ones(5), xs]))))   # by hand
    h_hand = 1 / (1 + np.exp(-(net.thetas[1] @ np.vstack([np.ones(5), a1]))))
    assert np.allclose(h[:, 0], h_hand[0], rtol=1e-12)
    with pytest.raises(ValueError, match="1 input"):
        fitted_curve(bp.Network.create([2, 1], seed=0).thetas, ["sigmoid"], (0, 1))
    assert curve_extent(np.array([0.0, 10.0])) == (-1.0, 11.0)
    assert curve_extent(np.array([3.0, 3.0])) == pytest.approx((1.2, 4.8))   # range 3
