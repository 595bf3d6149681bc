"""Built-in datasets: the logic gates, four 2-D toy problems, Iris and 8×8 digits.

Every 2-D generator is deterministic given ``seed`` (``np.random.default_rng``)
and returns its examples shuffled. Iris and digits are read from the files under
``resources/datasets/`` (see ATTRIBUTION.md there).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from bpengine.csvload import load_csv
from bpengine.dataset import Dataset
from bpengine.errors import DataError

__all__ = [
    "DATA_DIR",
    "blobs",
    "builtin_names",
    "circles",
    "digits",
    "iris",
    "load_builtin",
    "logic_gate",
    "moons",
    "spiral",
]

# a source checkout (and an editable install) has resources/ beside bpengine/; a wheel
# installs the same folder as bpengine/resources (see pyproject.toml)
_HERE = Path(__file__).resolve().parent
DATA_DIR = next((d for d in (_HERE.parent / "resources" / "datasets",
                             _HERE / "resources" / "datasets") if d.is_dir()),
                _HERE.parent / "resources" / "datasets")

IRIS_ATTRIBUTION = (
    "Iris: R. A. Fisher (1936), UCI Machine Learning Repository, CC BY 4.0; "
    "obtained via scikit-learn's bundled copy (BSD-3-Clause)."
)
DIGITS_ATTRIBUTION = (
    "Optical Recognition of Handwritten Digits: E. Alpaydin, C. Kaynak (1998), "
    "UCI Machine Learning Repository, CC BY 4.0; "
    "obtained via scikit-learn's bundled copy (BSD-3-Clause)."
)

_GATES = {
    "xor": ("XOR", [0, 1, 1, 0]),
    "and": ("AND", [0, 0, 0, 1]),
    "or": ("OR", [0, 1, 1, 1]),
    "nand": ("NAND", [1, 1, 1, 0]),
    "nor": ("NOR", [1, 0, 0, 0]),
    "xnor": ("XNOR", [1, 0, 0, 1]),
}
_XY = ["x1", "x2"]


# --------------------------------------------------------------------------- helpers


def _check_args(m: int, noise: float, min_m: int) -> None:
    """DataError unless m is an integer ≥ min_m and noise a finite number ≥ 0."""
    if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or m < min_m:
        raise DataError(f"m must be an integer ≥ {min_m}, got {m!r}")
    if not isinstance(noise, (int, float, np.number)) or not np.isfinite(noise) or noise < 0:
        raise DataError(f"noise must be a finite number ≥ 0, got {noise!r}")


def _split_counts(m: int, k: int) -> list[int]:
    """Return k class sizes summing to m, as equal as possible (earlier classes get the extra)."""
    return [m // k + (1 if c < m % k else 0) for c in range(k)]


def _shuffled(X: np.ndarray, labels: np.ndarray, rng: np.random.Generator):
    """Return (X, labels) with rows in one random order."""
    order = rng.permutation(len(labels))
    return X[order], labels[order]


def _two_d(X, labels, class_names, name, rng) -> Dataset:
    """Shuffle X (m, 2) and labels (m,) and wrap them as a Dataset with features x1, x2."""
    X, labels = _shuffled(X, labels, rng)
    return Dataset.from_labels(X, labels, class_names, _XY, name)


# --------------------------------------------------------------------------- generators


def logic_gate(gate: str = "xor") -> Dataset:
    """The truth table of a 2-input gate: X (4, 2) = (0,0), (0,1), (1,0), (1,1); Y (4, 1)."""
    key = gate.strip().lower()
    if key not in _GATES:
        raise DataError(f"unknown logic gate {gate!r}; valid: {', '.join(_GATES)}")
    title, y = _GATES[key]
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return Dataset.from_labels(X, np.array(y), ["0", "1"], _XY, f"{title} gate")


def circles(m: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two concentric rings: radius 1 (class 0) around radius 0.5 (class 1), Gaussian noise.

    Returns X (m, 2), Y (m, 1).
    """
    _check_args(m, noise, 2)
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for c, (k, r) in enumerate(zip(_split_counts(m, 2), (1.0, 0.5), strict=True)):
        t = np.linspace(0, 2 * np.pi, k, endpoint=False)
        parts.append(r * np.column_stack([np.cos(t), np.sin(t)]))
        labels.append(np.full(k, c))
    X = np.vstack(parts) + noise * rng.standard_normal((m, 2))
    return _two_d(X, np.concatenate(labels), ["outer", "inner"], "Circles", rng)


def moons(m: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaving half circles (upper: class 0, lower: class 1), Gaussian noise.

    Returns X (m, 2), Y (m, 1).
    """
    _check_args(m, noise, 2)
    rng = np.random.default_rng(seed)
    k0, k1 = _split_counts(m, 2)
    t0, t1 = np.linspace(0, np.pi, k0), np.linspace(0, np.pi, k1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((m, 2))
    labels = np.repeat([0, 1], [k0, k1])
    return _two_d(X, labels, ["upper", "lower"], "Moons", rng)


def spiral(m: int = 300, noise: float = 0.2, seed: int = 0) -> Dataset:
    """Three spiral arms from the origin, one class each; ``noise`` perturbs the angle.

    Returns X (m, 2) within the unit disc, Y (m, 3) one-hot.
    """
    _check_args(m, noise, 3)
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for c, k in enumerate(_split_counts(m, 3)):
        r = np.linspace(0.0, 1.0, k)
        t = np.linspace(4.0 * c, 4.0 * (c + 1), k) + noise * rng.standard_normal(k)
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(k, c))
    X, y = np.vstack(parts), np.concatenate(labels)
    return _two_d(X, y, ["arm 1", "arm 2", "arm 3"], "Spiral", rng)


def blobs(m: int = 300, noise: float = 1.0, seed: int = 0) -> Dataset:
    """Three Gaussian blobs of standard deviation ``noise``, centred 3 from the origin.

    Returns X (m, 2), Y (m, 3) one-hot.
    """
    _check_args(m, noise, 3)
    rng = np.random.default_rng(seed)
    angles = np.pi / 2 + 2 * np.pi / 3 * np.arange(3)
    centres = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    labels = np.repeat(np.arange(3), _split_counts(m, 3))
    X = centres[labels] + noise * rng.standard_normal((m, 2))
    return _two_d(X, labels, ["blob 1", "blob 2", "blob 3"], "Blobs", rng)


# --------------------------------------------------------------------------- real data


def _resource(name: str) -> Path:
    """Return the path of a bundled data file; DataError if it is missing."""
    path = DATA_DIR / name
    if not path.is_file():
        raise DataError(f"{path}: bundled data file not found (incomplete installation?)")
    return path


@lru_cache(maxsize=1)
def iris() -> Dataset:
    """Fisher's Iris: X (150, 4) in cm, Y (150, 3) one-hot; setosa, versicolor, virginica."""
    ds = load_csv(_resource("iris.csv"), label_column="species")
    # a bundled file: what the CSV reader decided about it is not news to the user
    return replace(ds, name="Iris", attribution=IRIS_ATTRIBUTION, notes=())


@lru_cache(maxsize=1)
def digits() -> Dataset:
    """UCI 8×8 handwritten digits: X (1797, 64) pixels 0–16 row by row, Y (1797, 10) one-hot.

    ``image_shape`` is (8, 8); class i is the digit i.
    """
    path = _resource("digits.csv.gz")
    try:
        with gzip.open(path, "rt", encoding="ascii") as f:
            arr = np.loadtxt(f, delimiter=",", dtype=np.float64, ndmin=2)
    except (OSError, EOFError, ValueError) as e:
        raise DataError(f"{path}: cannot read bundled digits ({e})") from None
    if arr.shape[1] != 65:
        raise DataError(f"{path}: expected 65 columns, found {arr.shape[1]}")
    X, labels = arr[:, :64], arr[:, 64]
    names = [f"pixel ({r}, {c})" for r in range(8) for c in range(8)]
    classes = [str(d) for d in range(10)]
    name = "Handwritten digits (8×8)"
    X = np.ascontiguousarray(X)
    return Dataset.from_labels(X, labels, classes, names, name, DIGITS_ATTRIBUTION, (8, 8))


# --------------------------------------------------------------------------- registry

_GENERATED: dict[str, Callable[..., Dataset]] = {
    "circles": circles,
    "moons": moons,
    "spiral": spiral,
    "blobs": blobs,
}
_FILES: dict[str, Callable[[], Dataset]] = {"iris": iris, "digits": digits}


def builtin_names() -> list[str]:
    """Return the names ``load_builtin`` accepts, in menu order."""
    return [*_GATES, *_GENERATED, *_FILES]


def load_builtin(
    name: str, m: int | None = None, noise: float | None = None, seed: int = 0
) -> Dataset:
    """Return the built-in dataset ``name`` (see ``builtin_names()``).

    ``m`` (examples) and ``noise`` override the defaults of the generated 2-D
    sets; the logic gates, Iris and digits are fixed and ignore them. ``seed``
    makes a generated set reproducible. Raises DataError for an unknown name.
    """
    key = name.strip().lower() if isinstance(name, str) else name
    if key in _GATES:
        return logic_gate(key)
    if key in _FILES:
        return _FILES[key]()
    if key in _GENERATED:
        kw = {k: v for k, v in (("m", m), ("noise", noise)) if v is not None}
        return _GENERATED[key](seed=seed, **kw)
    raise DataError(f"unknown dataset {name!r}; valid names: {', '.join(builtin_names())}")
