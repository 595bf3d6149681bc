"""The `Dataset` container: inputs, targets in the lecture's encoding, and names.

Targets follow the seed: a binary problem has one output unit, y ∈ {0, 1}
(Y has shape (m, 1)); K ≥ 3 classes use K one-hot outputs (Y has shape (m, K)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bpengine.errors import DataError


def targets_from_labels(labels: np.ndarray, n_classes: int) -> np.ndarray:
    """Encode class indices as the lecture's targets.

    Returns Y, float64: shape (m, 1) holding 0/1 when ``n_classes == 2``,
    otherwise the one-hot matrix of shape (m, n_classes).
    Raises DataError if ``n_classes < 2`` or a label is outside 0 … n_classes−1.
    """
    idx = as_int_labels(labels)
    if n_classes < 2:
        raise DataError(f"need at least 2 classes, got {n_classes}")
    if idx.ndim != 1:
        raise DataError(f"labels must be 1-D, got shape {idx.shape}")
    if idx.size and (idx.min() < 0 or idx.max() >= n_classes):
        raise DataError(f"labels must lie in 0…{n_classes - 1}")
    if n_classes == 2:
        return idx.astype(np.float64).reshape(-1, 1)
    return np.eye(n_classes, dtype=np.float64)[idx]


def as_int_labels(labels: np.ndarray) -> np.ndarray:
    """Return ``labels`` as an int64 array of the same shape.

    Raises DataError if a value is not an integer (0.5, NaN, …).
    """
    a = np.asarray(labels)
    if a.dtype.kind in "iu":
        return a.astype(np.int64)
    if a.dtype.kind not in "bf" or not np.array_equal(a, np.round(a)):
        raise DataError("class labels must be integers")
    return a.astype(np.int64)


def _readonly(a: np.ndarray) -> np.ndarray:
    """Return a read-only view of ``a`` (the caller's array keeps its flags)."""
    v = a.view()
    v.flags.writeable = False
    return v


@dataclass(frozen=True, eq=False, repr=False)
class Dataset:
    """m examples with n features each, labelled with one of ``n_classes`` classes.

    Fields:
        X: (m, n) float64 inputs, finite.
        Y: (m, K) float64 targets; K = 1 (0/1) for two classes, else one-hot.
        labels: (m,) int class indices into ``class_names``.
        class_names: one name per class (at least 2).
        feature_names: n names, one per column of X.
        name: a human name for the dataset.
        attribution: credit for the data ("" if none).
        image_shape: e.g. (8, 8) when each row of X is an image, else None.
        image_order: how a row fills the image: "C" row by row (the 8×8 digits), "F"
            column by column (MATLAB's layout: the course's 20×20 digits).
        notes: what the loader decided on the user's behalf, in words ("Delimiter: ';'
            (semicolon)", "Dropped 3 rows with missing values"); shown beside the data.

    The arrays are stored as read-only views; construct a new Dataset
    (``dataclasses.replace``) rather than editing one.
    """

    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    feature_names: list[str]
    name: str
    attribution: str = ""
    image_shape: tuple[int, ...] | None = field(default=None)
    image_order: str = "C"
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        X = np.asarray(self.X, dtype=np.float64)
        Y = np.asarray(self.Y, dtype=np.float64)
        labels = as_int_labels(self.labels)
        self._check_shapes(X, Y, labels)
        self._check_values(X, Y, labels)
        shape = None if self.image_shape is None else tuple(int(s) for s in self.image_shape)
        if shape is not None and int(np.prod(shape)) != X.shape[1]:
            raise DataError(f"{self.name}: image shape {shape} does not hold {X.shape[1]} features")
        object.__setattr__(self, "X", _readonly(X))
        object.__setattr__(self, "Y", _readonly(Y))
        object.__setattr__(self, "labels", _readonly(labels))
        object.__setattr__(self, "class_names", [str(c) for c in self.class_names])
        object.__setattr__(self, "feature_names", [str(f) for f in self.feature_names])
        object.__setattr__(self, "image_shape", shape)
        if self.image_order not in ("C", "F"):
            raise DataError(f"{self.name}: image order must be 'C' or 'F', "
                            f"not {self.image_order!r}")
        object.__setattr__(self, "notes", tuple(str(n) for n in self.notes))

    def _check_shapes(self, X: np.ndarray, Y: np.ndarray, labels: np.ndarray) -> None:
        """Raise DataError unless X (m, n), Y (m, K), labels (m,) and the names agree."""
        who = self.name or "dataset"
        if X.ndim != 2 or X.shape[0] < 1 or X.shape[1] < 1:
            raise DataError(f"{who}: X must be (m, n) with m, n ≥ 1, got shape {X.shape}")
        m, n = X.shape
        k = len(self.class_names)
        if k < 2:
            raise DataError(f"{who}: need at least 2 classes, got {k}")
        want_k = 1 if k == 2 else k
        if Y.shape != (m, want_k):
            raise DataError(f"{who}: Y must have shape {(m, want_k)}, got {Y.shape}")
        if labels.shape != (m,):
            raise DataError(f"{who}: labels must have shape {(m,)}, got {labels.shape}")
        if len(self.feature_names) != n:
            raise DataError(f"{who}: {len(self.feature_names)} feature names for {n} features")
        if len(set(self.class_names)) != k:
            raise DataError(f"{who}: class names are not distinct: {self.class_names}")

    def _check_values(self, X: np.ndarray, Y: np.ndarray, labels: np.ndarray) -> None:
        """Raise DataError unless X is finite and Y encodes ``labels``."""
        who = self.name or "dataset"
        if not np.isfinite(X).all():
            i, j = np.argwhere(~np.isfinite(X))[0]
            raise DataError(f"{who}: X[{i}, {j}] is not finite ({X[i, j]})")
        if not np.array_equal(Y, targets_from_labels(labels, len(self.class_names))):
            raise DataError(f"{who}: Y does not encode the labels")

    @property
    def m(self) -> int:
        """Number of examples (rows of X)."""
        return int(self.X.shape[0])

    @property
    def n(self) -> int:
        """Number of input features (columns of X)."""
        return int(self.X.shape[1])

    @property
    def K(self) -> int:
        """Number of output units: 1 for a binary problem, else the number of classes."""
        return int(self.Y.shape[1])

    @property
    def n_classes(self) -> int:
        """Number of classes (≥ 2)."""
        return len(self.class_names)

    @classmethod
    def from_labels(
        cls,
        X: np.ndarray,
        labels: np.ndarray,
        class_names: list[str],
        feature_names: list[str],
        name: str,
        attribution: str = "",
        image_shape: tuple[int, ...] | None = None,
        image_order: str = "C",
        notes: tuple[str, ...] = (),
    ) -> Dataset:
        """Build a Dataset whose targets Y are ``targets_from_labels(labels, len(class_names))``."""
        Y = targets_from_labels(np.asarray(labels), len(class_names))
        return cls(X, Y, labels, class_names, feature_names, name, attribution, image_shape,
                   image_order, notes)

    def __repr__(self) -> str:
        return (
            f"Dataset(name={self.name!r}, m={self.m}, n={self.n}, K={self.K}, "
            f"classes={self.class_names!r})"
        )
