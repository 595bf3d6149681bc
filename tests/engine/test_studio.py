"""The StudioModel without Qt: edits and their undo, settings that continue training from
the current weights, rewind across a change, data preparation, events."""

import numpy as np
import pytest

import bpengine as bp
from bpengine.config import DataSource, StudioConfig
from bpengine.edits import EditRefused
from bpengine.prepare import prepare
from bpengine.studio import StudioModel


def same(xs, ys) -> bool:
    return len(xs) == len(ys) and all(np.array_equal(x, y) for x, y in zip(xs, ys))


@pytest.fixture
def model():
    m = StudioModel()
    m.events = []
    m.listen(lambda event, *args: m.events.append((event, *args)))
    return m


def full_batch_run(thetas, X, Y, plan, lam=0.0):
    """The reference: J and Θ after each full-batch update, from the vectorised path, for
    a plan [(α, number of updates), …]."""
    Js, thetas = [], [np.array(t) for t in thetas]
    for alpha, n in plan:
        for _ in range(n):
            J, D = bp.cost_and_gradients(thetas, X, Y, lam=lam)
            Js.append(J)
            thetas = [t - alpha * d for t, d in zip(thetas, D)]
    return Js, thetas


def test_the_default_is_the_seeds_network_on_xor(model):
    assert model.sizes == [2, 2, 2, 1] and model.acts == ["sigmoid"] * 3
    assert model.title() == "XOR (4 examples, 2 features)"
    assert same(model.thetas, bp.Network.create([2, 2, 2, 1], seed=0).thetas)


def test_thetas_are_the_current_weights_not_the_initial_ones(model):
    start = model.thetas
    model.next_batch()
    model.next_batch()
    _, expected = full_batch_run(start, model.data.X, model.data.Y, [(1.0, 2)])
    assert all(np.allclose(t, e, rtol=0, atol=1e-14) for t, e in zip(model.thetas, expected))
    assert same(model.network.thetas, model.thetas) and not same(model.thetas, start)


def test_structural_edits_undo_to_where_they_were_made(model):
    for _ in range(5):
        model.step()
    edit = model.add_unit(2)
    assert model.sizes == [2, 3, 2, 1] and model.k == 0
    assert same(model.thetas, bp.Network.create([2, 3, 2, 1], seed=0).thetas)
    assert ("structure",) in model.events
    assert model.events[-3:] == [("config",), ("stepped",), (
        "message", "Add a unit to layer 2: training starts again from fresh weights (seed 0).",
        "info")]
    edit.undo()
    assert model.sizes == [2, 2, 2, 1] and model.k == 5
    edit.redo()
    assert model.sizes == [2, 3, 2, 1] and model.k == 0


@pytest.mark.parametrize("call, args, message", [
    ("add_unit", (1,), "it is the input, and its 2 units are the 2 features of “XOR gate”"),
    ("remove_unit", (4,), "it is the output"),
    ("remove_layer", (7,), "There is no layer 7: layers are 1 … 4."),
    ("set_activation", (4, "relu"), "cross-entropy"),
    ("add_layer", (9,), "Cannot add a layer after layer 9"),
])
def test_impossible_edits_are_refused_in_words_and_change_nothing(model, call, args, message):
    model.step()
    with pytest.raises(EditRefused, match=message):
        getattr(model, call)(*args)
    assert model.sizes == [2, 2, 2, 1] and model.k == 1


@pytest.mark.parametrize("changes, message", [
    (dict(alpha=-1.0), "the learning rate α must be a positive number, not -1.0"),
    (dict(lam=float("nan")), "the regularisation λ must be 0 or more, not nan"),
    (dict(batch_size=0), "at least one, not 0"),
    (dict(seed=1.5), "the seed must be a whole number"),
    (dict(colour="red"), "There is no setting called colour"),
    (dict(scaling="log"), "feature scaling is one of"),
])
def test_bad_settings_are_refused(model, changes, message):
    with pytest.raises(EditRefused, match=message):
        model.set_settings(**changes)
    assert model.config == StudioConfig()


def test_alpha_mid_batch_keeps_the_micro_step_and_the_next_update_uses_it(model):
    start = model.thetas
    for _ in range(9):                 # inside the first batch: forward, δ, accumulate…
        model.step()
    a_before = [None if a is None else np.array(a) for a in model.stepper.a]
    Deltas = [np.array(d) for d in model.stepper.Deltas]
    model.set_settings(alpha=0.5)
    assert model.k == 9 and model.stepper.alpha == 0.5
    assert same([a for a in model.stepper.a if a is not None],
                [a for a in a_before if a is not None])
    assert same(model.stepper.Deltas, Deltas)
    model.next_batch()
    model.next_batch()
    Js, expected = full_batch_run(start, model.data.X, model.data.Y, [(0.5, 2)])
    assert all(np.allclose(t, e, rtol=0, atol=1e-14) for t, e in zip(model.thetas, expected))
    assert np.allclose(model.history()[0], Js, rtol=0, atol=1e-14)


def test_rewind_crosses_a_change_and_finds_every_earlier_step(model):
    reference = StudioModel()          # the same run with no change: before K they agree
    model.next_batch()
    model.next_batch()
    K = model.k
    model.set_settings(alpha=3.0, lam=0.5)
    for _ in range(3):
        model.next_batch()
    X, Y = model.data.X, model.data.Y
    J2, expected2 = full_batch_run(bp.Network.create([2, 2, 2, 1], seed=0).thetas, X, Y,
                                   [(1.0, 2)])
    J3, expected3 = full_batch_run(expected2, X, Y, [(3.0, 3)], lam=0.5)
    assert np.allclose(model.history()[0], J2 + J3, rtol=0, atol=1e-13)
    assert all(np.allclose(t, e, rtol=0, atol=1e-13) for t, e in zip(model.thetas, expected3))
    for target in (K + 7, K, K - 1, 13, 0):
        model.seek(target)
        if target < K:
            reference.seek(target)
            assert same(model.thetas, reference.thetas)
            assert same(model.stepper.Deltas, reference.stepper.Deltas)
            assert model.config.alpha == 1.0
        else:
            assert model.config.alpha == 3.0 and model.config.lam == 0.5
    model.seek(K + 3 * model.stepper.schedule.per_epoch)     # forward again, into the change
    assert all(np.allclose(t, e, rtol=0, atol=1e-13) for t, e in zip(model.thetas, expected3))


def test_a_new_batch_size_restarts_the_current_batch_from_the_current_weights():
    model = StudioModel(StudioConfig(batch_size=2))
    model.next_batch()
    for _ in range(4):
        model.step()                   # part-way through the second batch
    K, theta = model.k, model.thetas
    model.set_settings(batch_size=1)
    assert model.k == K and same(model.thetas, theta)
    assert model.stepper.batch_size == 1
    where = model.stepper.peek()
    assert (where.epoch, where.batch, where.pos) == (0, 2, 0)   # example 3 of 4, its batch
    model.step()
    assert model.k == K + 1
    model.seek(K - 1)
    assert model.stepper.batch_size == 2


def test_history_and_status_span_the_segments(model):
    model.next_batch()
    model.set_settings(lam=1.0)
    model.next_batch()
    model.next_batch()
    assert len(model.history()[0]) == 3 and model.status()["updates"] == 3
    assert model.status()["J_last"] == model.history()[0][-1]
    assert model.status()["k"] == model.k == 3 * model.stepper.schedule.per_epoch


def test_seek_refuses_what_is_not_a_step_or_is_out_of_reach(model):
    for bad in (3.7, -1, "3", True, float("nan"), 10**9):
        assert model.seek(bad) is False
        assert model.events[-1][0] == "message" and model.events[-1][2] == "error"
    assert model.k == 0
    # XOR's epoch: 4 examples × 7 micro-steps (2L − 1, L = 4) + gradient + update = 30
    # micro-steps, so 10,000 epochs reach step 300,000
    assert model.events[-1][1] == ("Step 1,000,000,000 lies more than 10,000 epochs ahead; "
                                   "the furthest a jump goes from here is step 300,000.")


def test_a_dataset_change_resizes_the_input_and_output_layers_only():
    model = StudioModel(StudioConfig(hidden=(3, 2), acts=("tanh", "sigmoid", "sigmoid")))
    edit = model.set_dataset(DataSource("builtin", "iris"))
    assert model.sizes == [4, 3, 2, 3] and model.acts == ["tanh", "sigmoid", "sigmoid"]
    assert model.title() == "Iris flowers (150 examples, 4 features)"
    edit.undo()
    assert model.sizes == [2, 3, 2, 1] and model.dataset.name == "XOR gate"


def test_two_files_with_one_name_do_not_collide(tmp_path):
    a = bp.Dataset.from_labels(np.eye(2), [0, 1], ["no", "yes"], ["p", "q"], "data.csv")
    b = bp.Dataset.from_labels(np.ones((3, 3)) * [[1], [2], [3]], [0, 1, 1], ["no", "yes"],
                               ["p", "q", "r"], "data.csv")
    sa = DataSource("csv", "data.csv", path=str(tmp_path / "a" / "data.csv"), sha256="aa")
    sb = DataSource("csv", "data.csv", path=str(tmp_path / "b" / "data.csv"), sha256="bb")
    model = StudioModel()
    ea = model.set_dataset(sa, a)
    model.set_dataset(sb, b)
    assert model.dataset is b and model.sizes[0] == 3
    model.set_dataset(sa)                    # by its source alone: the first file's data
    assert model.dataset is a and model.sizes[0] == 2
    ea.undo()
    assert model.dataset.name == "XOR gate"


def test_standardising_uses_the_training_part_only():
    ds = bp.load_builtin("iris")
    p = prepare(ds, "standardise", validation=0.2, split_seed=3)
    assert len(p.train) == 120 and len(p.val) == 30
    assert set(p.train) | set(p.val) == set(range(150)) and not set(p.train) & set(p.val)
    raw = np.asarray(ds.X)
    mean, std = raw[p.train].mean(axis=0), raw[p.train].std(axis=0)
    assert np.allclose(p.X, (raw[p.train] - mean) / std, rtol=0, atol=1e-12)
    assert np.allclose(p.X_val, (raw[p.val] - mean) / std, rtol=0, atol=1e-12)
    assert np.allclose(p.X.mean(axis=0), 0, atol=1e-12)


def test_min_max_scales_training_columns_to_the_unit_interval():
    ds = bp.Dataset.from_labels(np.array([[1.0, 5.0], [3.0, 5.0], [2.0, 5.0]]), [0, 1, 0],
                                ["a", "b"], ["x", "c"], "t")
    p = prepare(ds, "minmax")
    # by hand: column 1 spans 1 … 3; column 2 is constant and keeps its scale 1
    assert np.array_equal(p.X, [[0.0, 0.0], [1.0, 0.0], [0.5, 0.0]])


def test_a_split_or_scaling_change_restarts_training(model):
    model = StudioModel(StudioConfig(source=DataSource("builtin", "iris"), hidden=(3,),
                                     acts=("sigmoid", "sigmoid")))
    model.next_batch()
    model.set_settings(validation=0.2, scaling="standardise")
    assert model.k == 0 and model.stepper.m == 120 and model.data.X_val.shape == (30, 4)


def test_imported_weights_restart_training_from_them(model):
    model.next_batch()
    thetas = [np.full((2, 3), 0.5), np.full((2, 3), -0.25), np.full((1, 3), 1.0)]
    edit = model.set_weights(thetas, "course.mat")
    assert model.k == 0 and same(model.thetas, thetas)
    model.next_batch()
    Js, expected = full_batch_run(thetas, model.data.X, model.data.Y, [(1.0, 1)])
    assert all(np.allclose(t, e, rtol=0, atol=1e-14) for t, e in zip(model.thetas, expected))
    edit.undo()
    assert model.k == model.stepper.schedule.per_epoch
    with pytest.raises(EditRefused, match="do not fit this network"):
        model.set_weights(thetas[:2], "short.npz")
    with pytest.raises(EditRefused, match="infinite or NaN"):
        model.set_weights([t * np.nan for t in thetas], "nan.npz")
