"""From a dataset's source to the arrays training sees: load, split, scale.

`load_source` reads a built-in by name and parameters, or re-reads an imported file
(refusing one whose content changed since it was imported). `prepare` holds out a seeded
share of the examples for validation and scales the features with statistics of the
training part only, as a held-out part must not leak into training.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .config import DataSource
from .dataset import Dataset
from .datasets import builtin_names, load_builtin
from .errors import DataError

TITLES = {"xor": "XOR", "and": "AND", "or": "OR", "nand": "NAND", "nor": "NOR",
          "xnor": "XNOR", "circles": "Circles", "moons": "Moons", "spiral": "Spiral",
          "blobs": "Blobs", "iris": "Iris flowers", "digits": "Handwritten digits (8×8)"}
GENERATED = ("circles", "moons", "spiral", "blobs")   # the ones with noise, size and seed


def generator_defaults(name: str) -> dict:
    """{"m": …, "noise": …}: the defaults of a generated built-in's parameters."""
    import inspect

    from . import datasets
    params = inspect.signature(getattr(datasets, name)).parameters
    return {k: params[k].default for k in ("m", "noise")}


def describe(dataset: Dataset, title: str | None = None) -> str:
    """"XOR (4 examples, 2 features)": what a person reads in a list of datasets."""
    ex = "example" if dataset.m == 1 else "examples"
    ft = "feature" if dataset.n == 1 else "features"
    return f"{title or dataset.name} ({dataset.m:,} {ex}, {dataset.n:,} {ft})"


def builtin_choices() -> list[tuple[str, str]]:
    """(key, readable title) of every built-in, in menu order."""
    return [(key, TITLES.get(key, key)) for key in builtin_names()]


def file_hash(path: str | Path) -> str:
    """SHA-256 of a file's bytes, hex: an imported dataset's identity."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load_source(source: DataSource) -> Dataset:
    """The dataset `source` names. DataError when it cannot be had: an unknown built-in, or
    an imported file that is gone or whose content changed since it was imported."""
    if not source.imported:
        return load_builtin(source.name, m=source.m, noise=source.noise, seed=source.seed)
    path = Path(source.path)
    if not path.is_file():
        raise DataError(f"{source.path}: the imported file is not there any more")
    if source.sha256 and file_hash(path) != source.sha256:
        raise DataError(f"{source.path}: the file changed since it was imported")
    if source.kind == "csv":
        from .csvload import load_csv
        return load_csv(path, **_csv_options(source))
    from .matload import load_mat
    return load_mat(path, x=source.option("x"), y=source.option("y"))


def _csv_options(source: DataSource) -> dict:
    """The import choices load_csv takes, from the source's options."""
    return {k: v for k, v in source.options
            if k in ("label_column", "delimiter", "header", "missing", "ignore_columns")}


@dataclass(frozen=True, eq=False)
class Prepared:
    """The arrays training sees.

    dataset: as loaded. train, val: 0-based rows of the dataset (ascending) in the
    training and validation parts (val empty without a split). shift, scale: (n,), the
    scaling x′ = (x − shift) / scale. X (m_train, n), Y (m_train, K): the training part,
    scaled; X_val, Y_val likewise for validation (0 rows without a split).
    """

    dataset: Dataset
    train: np.ndarray
    val: np.ndarray
    shift: np.ndarray
    scale: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    X_val: np.ndarray
    Y_val: np.ndarray

    def scaled(self, X: np.ndarray) -> np.ndarray:
        """x′ = (x − shift) / scale for rows of raw features X (r, n)."""
        return (np.asarray(X, dtype=np.float64) - self.shift) / self.scale


def split_rows(m: int, validation: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train rows, validation rows), each ascending: round(validation · m) rows held out
    at random (seeded), at least one on each side when validation > 0."""
    if validation <= 0:
        return np.arange(m), np.arange(0)
    if m < 2:
        raise DataError(f"a validation part needs at least 2 examples; this dataset has {m}")
    n_val = min(m - 1, max(1, round(validation * m)))
    perm = np.random.default_rng(seed).permutation(m)
    return np.sort(perm[n_val:]), np.sort(perm[:n_val])


def scaling_of(X: np.ndarray, how: str) -> tuple[np.ndarray, np.ndarray]:
    """(shift, scale) of the columns of X (r, n): none (0, 1), standardise (mean, standard
    deviation) or minmax (min, max − min). A constant column keeps scale 1: dividing by
    its zero spread would make every value NaN."""
    n = X.shape[1]
    if how == "none":
        return np.zeros(n), np.ones(n)
    if how == "standardise":
        shift, spread = X.mean(axis=0), X.std(axis=0)
    elif how == "minmax":
        shift = X.min(axis=0)
        spread = X.max(axis=0) - shift
    else:
        raise ValueError(f"feature scaling is none, standardise or minmax, not {how!r}")
    return shift, np.where(spread > 0, spread, 1.0)


def prepare(dataset: Dataset, scaling: str = "none", validation: float = 0.0,
            split_seed: int = 0) -> Prepared:
    """Split `dataset` and scale it with the training part's statistics."""
    train, val = split_rows(dataset.m, validation, split_seed)
    shift, scale = scaling_of(dataset.X[train], scaling)
    X = (dataset.X - shift) / scale
    arrays = [_frozen(a) for a in (X[train], dataset.Y[train], X[val], dataset.Y[val])]
    return Prepared(dataset, _frozen(train), _frozen(val), _frozen(shift), _frozen(scale),
                    *arrays)


def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.setflags(write=False)
    return a
