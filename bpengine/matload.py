"""Load a MATLAB v5 MAT-file of examples and labels into a `Dataset`: the course's data.

The course's ex3/ex4 files hold X (5000×400 double: one 20×20 grey image per row, stored
column by column as MATLAB keeps matrices) and y (5000×1, labels 1…10, where 10 stands for
the digit 0, because MATLAB counts from 1). Reading the file is `bpengine.matfile`'s job.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from bpengine.dataset import Dataset
from bpengine.errors import DataError
from bpengine.matfile import MatContents, read_mat

__all__ = ["load_mat"]

_MAX_CLASSES = 1000  # more distinct labels than this is a feature chosen as y, not classes


# --------------------------------------------------------------------------- choosing X and y


def _is_numeric(v: object) -> bool:
    """A plain real numeric or logical array (not sparse, cell, struct, char or object)."""
    return type(v) is np.ndarray and v.dtype.kind in "biuf"


def _whole(v: np.ndarray) -> np.ndarray:
    """True where a numeric array holds a whole number (NaN and ±Inf are not)."""
    if v.dtype.kind in "biu":
        return np.ones(v.shape, dtype=bool)
    return np.isfinite(v) & (v == np.round(v))


def _is_matrix(v: object) -> bool:
    return _is_numeric(v) and v.ndim == 2 and v.size > 0


def _fits(X: object, y: object) -> bool:
    """Could y be the labels of X: a vector of whole numbers, one per row of the matrix X?"""
    return (_is_matrix(X) and _is_numeric(y) and y.ndim == 2 and min(y.shape) == 1
            and y.size == X.shape[0] and bool(_whole(y).all()))


def _choose(mat: MatContents, x: str | None, y: str | None, src: str):
    """Return (name of X, name of y, whether a name was guessed rather than given or default).

    A name given is used; else "X" and "y" when present; else the only pair of a 2-D numeric
    matrix and a vector of as many whole-number labels as it has rows.
    """
    found, listing = mat.values, mat.listing()
    for arg in (x, y):
        if arg is not None and arg not in found:
            raise DataError(f"{src} has no variable {arg}; found: {listing}")
    xs = [x] if x is not None else ["X"] if "X" in found else list(found)
    ys = [y] if y is not None else ["y"] if "y" in found else list(found)
    if len(xs) == 1 and len(ys) == 1 and xs != ys:
        return xs[0], ys[0], False
    pairs = [(a, b) for a in xs for b in ys if a != b and _fits(found[a], found[b])]
    if len(pairs) == 1:
        a, b = pairs[0]
        return a, b, (x is None and a != "X") or (y is None and b != "y")
    missing = [n for n, arg in (("X", x), ("y", y)) if arg is None and n not in found]
    head = f"{src} has no variable {' or '.join(missing)}" if missing else src
    if not any(_is_matrix(found[a]) for a in xs):
        why = "none is a 2-D numeric matrix to take the examples from"
    elif not pairs:
        why = "no vector holds one whole-number label per row of a matrix"
    else:
        why = "more than one fits: " + "; ".join(f"{a} with {b}" for a, b in pairs)
    raise DataError(f"{head}; found: {listing}; {why}; choose the variable of the examples (x=) "
                    "and the variable of the labels (y=)")


# --------------------------------------------------------------------------- checking X and y


def _num(v: float) -> str:
    """A number as MATLAB prints it: NaN, Inf, -Inf, 0.5, 3."""
    v = float(v)
    if np.isnan(v):
        return "NaN"
    if np.isinf(v):
        return "Inf" if v > 0 else "-Inf"
    return str(int(v)) if v == int(v) else repr(v)


def _examples(mat: MatContents, name: str, src: str) -> np.ndarray:
    """X as float64 (m, n), not copied when it is a double matrix; DataError saying what's wrong."""
    v, what = mat.values[name], mat.variables[name]
    if not _is_numeric(v):
        hint = "; save it as a full matrix, full(X)" if what.kind.startswith("sparse") else ""
        raise DataError(f"{src}: {what} is not a numeric matrix{hint}")
    if v.ndim != 2:
        raise DataError(f"{src}: {what} is {v.ndim}-D; the examples must be a 2-D "
                        "matrix, one example per row")
    if v.size == 0:
        raise DataError(f"{src}: {what} is empty")
    X = np.asarray(v, dtype=np.float64)
    # the sum is finite when every value is (or overflows: then the search finds nothing and
    # Dataset checks again); a sum needs no (m, n) temporary, unlike isfinite(X).all()
    if not np.isfinite(X.sum()) and not np.isfinite(X).all():
        i, j = np.argwhere(~np.isfinite(X))[0]
        raise DataError(f"{src}: {name}({i + 1}, {j + 1}) is {_num(X[i, j])}; the examples "
                        "must be finite numbers")
    return X


def _labels(mat: MatContents, name: str, X_name: str, m: int, src: str) -> np.ndarray:
    """The m labels as a 1-D array of whole numbers; DataError saying what is wrong."""
    v, what = mat.values[name], mat.variables[name]
    if not _is_numeric(v):
        raise DataError(f"{src}: {what} is not numeric; the labels must be whole "
                        "numbers")
    if v.ndim != 2 or min(v.shape) != 1:
        raise DataError(f"{src}: {what} is not a vector; the labels must be "
                        f"{m}×1, one per example")
    if v.size != m:
        raise DataError(f"{src}: {name} has {v.size} labels but {X_name} has {m} rows "
                        "(one per example)")
    flat = v.reshape(-1)
    whole = _whole(flat)
    if not whole.all():
        i = int(np.argmin(whole))
        raise DataError(f"{src}: {name}({i + 1}) is {_num(flat[i])}; the labels must be whole "
                        "numbers")
    return flat


def _classes(labels: np.ndarray, name: str, src: str):
    """Return (class indices (m,), class names, whether these are the course's 1…10 digits).

    Classes are the distinct labels in increasing order, named by their values; for the
    course's labels 1…10 the name of 10 is "0", keeping its order (output unit k ↔ label k,
    as its Octave code and weights expect).
    """
    uniq, idx = np.unique(labels, return_inverse=True)
    if len(uniq) < 2:
        raise DataError(f"{src}: every label in {name} is {_num(uniq[0])}; need at least 2 "
                        "classes")
    if len(uniq) > _MAX_CLASSES:
        raise DataError(f"{src}: {name} has {len(uniq)} different values, too many to be class "
                        f"labels (at most {_MAX_CLASSES}); choose the labels (y=)")
    names = [str(int(u)) for u in uniq]
    digits = names == [str(k) for k in range(1, 11)]
    if digits:
        names[-1] = "0"
    return idx.reshape(-1), names, digits


def _image(X: np.ndarray, names: list[str], digits: bool):
    """Return (image shape, order, note) when each row of X is an image we can tell, else None."""
    n = X.shape[1]
    if digits and n == 400:
        return (20, 20), "F", "Each example is a 20×20 image stored column by column (MATLAB's)"
    if (n == 64 and names == [str(k) for k in range(10)] and X.min() >= 0 and X.max() <= 16
            and _whole(X).all()):
        return (8, 8), "C", "Each example is an 8×8 image (values 0…16, as the UCI digits)"
    return None


def load_mat(path: str | os.PathLike[str], x: str | None = None,
             y: str | None = None) -> Dataset:
    """Read a MATLAB v5 MAT-file of examples and labels, such as the course's ex3/ex4 data.

    Args:
        path: the file.
        x, y: names of the variables holding the examples (an m×n numeric matrix, one example
            per row) and the labels (m×1 or 1×m whole numbers); None picks "X" and "y" when
            present, else the only matrix and label vector that fit.

    Returns a `Dataset`: X (m, n) float64; classes the distinct labels in increasing order,
    named by value, except that the course's labels 1…10 are named "1" … "9", "0" (10 stands
    for the digit 0); Y (m, 1) for two classes, else (m, K) one-hot. The course's 400-feature
    digits get image_shape (20, 20) with image_order "F". ``notes`` say what was decided.

    Raises DataError naming the file and what was found.
    """
    src = str(path)
    mat = read_mat(path)
    x_name, y_name, guessed = _choose(mat, x, y, src)
    X = _examples(mat, x_name, src)
    labels = _labels(mat, y_name, x_name, X.shape[0], src)
    idx, names, digits = _classes(labels, y_name, src)
    notes = [f"Variables {mat.variables[x_name]} and {mat.variables[y_name]}"
             + (" (the only matrix and label vector that fit)" if guessed else "")]
    if digits:
        notes.append("Labels 1…10: 10 stands for the digit 0")
    elif len(names) == 2:
        notes.append(f"Two classes: label {names[1]} is y = 1, label {names[0]} is y = 0")
    shape, order = None, "C"
    image = _image(X, names, digits)
    if image is not None:
        shape, order, note = image
        notes.append(note)
    features = [f"x{k + 1}" for k in range(X.shape[1])]
    return Dataset.from_labels(X, idx, names, features, Path(path).name, image_shape=shape,
                               image_order=order, notes=tuple(notes))
