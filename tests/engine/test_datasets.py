"""Dataset validation and the built-in datasets (logic gates, 2-D toys, Iris, digits)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bpengine.csvload import load_csv
from bpengine.dataset import Dataset, targets_from_labels
from bpengine.datasets import DATA_DIR, builtin_names, load_builtin
from bpengine.errors import DataError

REPO = Path(__file__).resolve().parents[2]
GATES = {
    "xor": [0, 1, 1, 0],
    "and": [0, 0, 0, 1],
    "or": [0, 1, 1, 1],
    "nand": [1, 1, 1, 0],
    "nor": [1, 0, 0, 0],
    "xnor": [1, 0, 0, 1],
}
GENERATED = {"circles": (200, 2), "moons": (200, 2), "spiral": (300, 3), "blobs": (300, 3)}


# --------------------------------------------------------------------------- Dataset


def test_targets_binary_is_one_column():
    Y = targets_from_labels(np.array([0, 1, 1, 0]), 2)
    assert Y.shape == (4, 1) and Y.dtype == np.float64
    np.testing.assert_array_equal(Y[:, 0], [0, 1, 1, 0])


def test_targets_three_classes_one_hot():
    Y = targets_from_labels(np.array([2, 0, 1]), 3)
    np.testing.assert_array_equal(Y, [[0, 0, 1], [1, 0, 0], [0, 1, 0]])


@given(st.lists(st.integers(0, 9), min_size=1, max_size=30), st.integers(3, 10))
def test_targets_one_hot_property(labels, k):
    labels = [v % k for v in labels]
    Y = targets_from_labels(np.array(labels), k)
    assert Y.shape == (len(labels), k)
    np.testing.assert_array_equal(Y.sum(axis=1), 1)
    np.testing.assert_array_equal(Y.argmax(axis=1), labels)


@pytest.mark.parametrize(
    ("labels", "k"), [([0, 1], 1), ([0, 2], 2), ([-1, 0], 3), ([0.5, 1], 2), ([np.nan], 2)]
)
def test_targets_reject_bad_labels(labels, k):
    with pytest.raises(DataError):
        targets_from_labels(np.array(labels), k)


def _ds(**kw):
    base = {
        "X": np.zeros((3, 2)),
        "labels": np.array([0, 1, 1]),
        "class_names": ["a", "b"],
        "feature_names": ["u", "v"],
        "name": "t",
    }
    base.update(kw)
    return Dataset.from_labels(**base)


def test_dataset_properties():
    ds = _ds()
    assert (ds.m, ds.n, ds.K, ds.n_classes) == (3, 2, 1, 2)
    assert ds.image_shape is None and ds.attribution == ""
    assert "m=3" in repr(ds)


def test_dataset_is_read_only_and_frozen():
    X = np.zeros((3, 2))
    ds = _ds(X=X)
    with pytest.raises(ValueError):
        ds.X[0, 0] = 1.0
    with pytest.raises(AttributeError):
        ds.name = "other"
    X[0, 0] = 1.0  # the caller's own array stays writeable


def test_dataset_replace_revalidates():
    ds = _ds()
    assert replace(ds, name="new").name == "new"
    with pytest.raises(DataError):
        replace(ds, feature_names=["only one"])


@pytest.mark.parametrize(
    "kw",
    [
        {"X": np.zeros((2, 2))},  # m disagrees with labels
        {"X": np.zeros(3)},  # not 2-D
        {"X": np.zeros((3, 0)), "feature_names": []},  # no features
        {"X": np.array([[0, 0], [np.nan, 0], [0, 0]])},
        {"X": np.array([[0, 0], [np.inf, 0], [0, 0]])},
        {"class_names": ["a"], "labels": np.array([0, 0, 0])},
        {"class_names": ["a", "a"]},
        {"feature_names": ["u"]},
        {"labels": np.array([0, 1, 2])},  # label outside the classes
        {"labels": np.array([0, 1, 0.5])},
        {"image_shape": (3, 3)},
    ],
)
def test_dataset_rejects(kw):
    with pytest.raises(DataError):
        _ds(**kw)


def test_dataset_rejects_inconsistent_y():
    with pytest.raises(DataError):
        Dataset(
            np.zeros((2, 1)), np.array([[1.0], [1.0]]), np.array([0, 1]), ["a", "b"], ["x"], "t"
        )
    with pytest.raises(DataError):
        Dataset(np.zeros((2, 1)), np.eye(2), np.array([0, 1]), ["a", "b"], ["x"], "t")


# --------------------------------------------------------------------------- registry


def test_builtin_names():
    names = builtin_names()
    assert names == [*GATES, *GENERATED, "iris", "digits"]


def test_unknown_name_lists_valid_names():
    with pytest.raises(DataError) as info:
        load_builtin("mnist")
    msg = str(info.value)
    assert "mnist" in msg
    assert all(n in msg for n in builtin_names())


def test_names_case_insensitive():
    np.testing.assert_array_equal(load_builtin(" XOR ").Y, load_builtin("xor").Y)


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_is_well_formed(name):
    ds = load_builtin(name)
    assert isinstance(ds, Dataset)
    assert ds.name and len(ds.feature_names) == ds.n and all(ds.feature_names)
    assert ds.X.dtype == np.float64 and np.isfinite(ds.X).all()
    assert ds.Y.shape == (ds.m, 1 if ds.n_classes == 2 else ds.n_classes)
    np.testing.assert_array_equal(ds.Y, targets_from_labels(ds.labels, ds.n_classes))
    assert set(np.unique(ds.labels)) == set(range(ds.n_classes))  # every class occurs


# --------------------------------------------------------------------------- gates


@pytest.mark.parametrize(("name", "y"), GATES.items())
def test_logic_gates(name, y):
    ds = load_builtin(name)
    np.testing.assert_array_equal(ds.X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    assert ds.K == 1 and ds.class_names == ["0", "1"]
    np.testing.assert_array_equal(ds.Y[:, 0], y)
    assert name.upper() in ds.name


def test_gates_ignore_m_noise_seed():
    a = load_builtin("xor")
    b = load_builtin("xor", m=50, noise=3.0, seed=9)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.Y, b.Y)


# --------------------------------------------------------------------------- 2-D generators


@pytest.mark.parametrize(("name", "shape"), GENERATED.items())
def test_generated_defaults(name, shape):
    m, k = shape
    ds = load_builtin(name)
    assert ds.X.shape == (m, 2) and ds.n_classes == k
    assert ds.K == (1 if k == 2 else k)
    np.testing.assert_array_equal(np.bincount(ds.labels), [m // k] * k)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_deterministic(name):
    a, b = load_builtin(name, seed=3), load_builtin(name, seed=3)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.labels, b.labels)
    c = load_builtin(name, seed=4)
    assert not np.array_equal(a.X, c.X)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_m_and_noise(name):
    ds = load_builtin(name, m=31, noise=0.05, seed=1)
    assert ds.m == 31
    counts = np.bincount(ds.labels)
    assert counts.max() - counts.min() <= 1


@pytest.mark.parametrize("name", GENERATED)
def test_generated_shuffled(name):
    labels = load_builtin(name).labels
    assert not np.all(np.diff(labels) >= 0)


@pytest.mark.parametrize("name", GENERATED)
@pytest.mark.parametrize("kw", [{"m": 1}, {"m": 2.5}, {"noise": -0.1}, {"noise": float("nan")}])
def test_generated_bad_arguments(name, kw):
    with pytest.raises(DataError):
        load_builtin(name, **kw)


def test_circles_geometry_without_noise():
    ds = load_builtin("circles", noise=0.0)
    r = np.hypot(ds.X[:, 0], ds.X[:, 1])
    np.testing.assert_allclose(r[ds.labels == 0], 1.0)
    np.testing.assert_allclose(r[ds.labels == 1], 0.5)


def test_moons_geometry_without_noise():
    ds = load_builtin("moons", noise=0.0)
    up, low = ds.X[ds.labels == 0], ds.X[ds.labels == 1]
    np.testing.assert_allclose(np.hypot(up[:, 0], up[:, 1]), 1.0)
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1.0, low[:, 1] - 0.5), 1.0)
    assert (up[:, 1] >= -1e-12).all() and (low[:, 1] <= 0.5 + 1e-12).all()


def test_spiral_within_unit_disc():
    ds = load_builtin("spiral")
    assert (np.hypot(ds.X[:, 0], ds.X[:, 1]) <= 1.0 + 1e-12).all()


def test_blobs_centres_and_spread():
    ds = load_builtin("blobs", m=3000)
    centres = np.array([ds.X[ds.labels == c].mean(axis=0) for c in range(3)])
    np.testing.assert_allclose(np.hypot(centres[:, 0], centres[:, 1]), 3.0, atol=0.15)
    assert abs(ds.X[ds.labels == 0].std(axis=0).mean() - 1.0) < 0.1


# --------------------------------------------------------------------------- real data


def test_iris():
    ds = load_builtin("iris")
    assert ds.X.shape == (150, 4) and ds.K == 3
    assert ds.class_names == ["setosa", "versicolor", "virginica"]
    assert ds.feature_names == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    np.testing.assert_array_equal(np.bincount(ds.labels), [50, 50, 50])
    assert 0 < ds.X.min() and ds.X.max() < 8
    np.testing.assert_array_equal(ds.X[0], [5.1, 3.5, 1.4, 0.2])
    assert "Fisher" in ds.attribution and "CC BY 4.0" in ds.attribution
    assert ds.image_shape is None


def test_iris_file_loads_with_load_csv():
    ds = load_csv(DATA_DIR / "iris.csv")
    np.testing.assert_array_equal(ds.X, load_builtin("iris").X)
    assert ds.class_names == ["setosa", "versicolor", "virginica"]


def test_digits():
    ds = load_builtin("digits")
    assert ds.X.shape == (1797, 64) and ds.K == 10
    assert ds.class_names == [str(d) for d in range(10)]
    assert set(ds.labels.tolist()) == set(range(10))
    assert ds.X.min() == 0 and ds.X.max() == 16
    np.testing.assert_array_equal(ds.X, np.round(ds.X))
    assert ds.image_shape == (8, 8)
    assert ds.X[0].reshape(ds.image_shape).shape == (8, 8)
    assert "Alpaydin" in ds.attribution and "CC BY 4.0" in ds.attribution
    assert np.bincount(ds.labels).min() >= 170


def test_attribution_file():
    text = (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for needle in ("Fisher", "Alpaydin", "Kaynak", "CC BY 4.0", "BSD-3-Clause", "scikit-learn"):
        assert needle in text
    assert DATA_DIR == REPO / "resources" / "datasets"


def test_no_gui_or_sklearn_imports():
    code = (
        "import sys, bpengine.csvload, bpengine.datasets, bpengine.dataset\n"
        "bpengine.datasets.load_builtin('digits'); bpengine.datasets.load_builtin('iris')\n"
        "banned = ('PySide6', 'pyqtgraph', 'app', 'scipy', 'sklearn')\n"
        "bad = [m for m in banned if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)
