"""Accuracy and the confusion matrix of the network's predictions, per part of the data.

Prediction, as the lecture's output units read: with one output unit (two classes) class 1
when h ≥ 0.5, else class 0; with K ≥ 3 output units the class of the largest hₖ. The
confusion matrix C (classes × classes, ints) counts Cᵣ꜀ = the examples of true class r
predicted as class c, so its diagonal holds the right answers and accuracy = trace C / m.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backprop import predict


def classes_of(H: np.ndarray) -> np.ndarray:
    """Class indices (m,) of outputs or one-hot/0-1 targets H (m, K): H ≥ 0.5 for K = 1,
    else the column of the largest value."""
    H = np.asarray(H, dtype=np.float64)
    if H.ndim != 2 or H.shape[1] < 1:
        raise ValueError(f"outputs must be a matrix (m, K), not shape {H.shape}")
    if H.shape[1] == 1:
        return (H[:, 0] >= 0.5).astype(np.intp)
    return np.argmax(H, axis=1)


def confusion_matrix(H: np.ndarray, Y: np.ndarray) -> np.ndarray:
    """C (n_classes, n_classes) int64: rows the true class (from Y), columns the predicted
    class (from the outputs H); H and Y (m, K), K = 1 meaning two classes."""
    H, Y = np.asarray(H), np.asarray(Y)
    if H.shape != Y.shape:
        raise ValueError(f"the outputs have shape {H.shape} but the targets {Y.shape}")
    n = 2 if Y.shape[1] == 1 else Y.shape[1]
    C = np.zeros((n, n), dtype=np.int64)
    np.add.at(C, (classes_of(Y), classes_of(H)), 1)
    return C


@dataclass(frozen=True)
class PartConfusion:
    """matrix: C of one part; m: its examples; accuracy: trace C / m (NaN for m = 0)."""

    matrix: np.ndarray
    m: int
    accuracy: float


def part_confusion(thetas, X, Y, hidden, output) -> PartConfusion:
    """The confusion matrix of the network with weights thetas on inputs X, targets Y."""
    C = confusion_matrix(predict(thetas, X, hidden, output), Y)
    m = int(C.sum())
    return PartConfusion(C, m, float(np.trace(C) / m) if m else float("nan"))


def confusion(model) -> dict:
    """{"train": PartConfusion, "validation": PartConfusion | None} of a StudioModel at its
    current Θ (None without a validation split)."""
    c, d = model.config, model.data
    thetas = list(model.stepper.thetas)
    hidden, output = list(c.acts[:-1]), c.acts[-1]
    val = part_confusion(thetas, d.X_val, d.Y_val, hidden, output) if len(d.val) else None
    return {"train": part_confusion(thetas, d.X, d.Y, hidden, output), "validation": val}
