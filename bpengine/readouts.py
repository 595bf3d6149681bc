"""What the panels read off a StudioModel: the status line, J and accuracy on the training
and validation parts, the current example with its names and its picture."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .backprop import cost, forward
from .running_cost import J_so_far


def status(model) -> dict:
    """Epoch, example i of m, batch, the step label, J: ready for a status line."""
    s = model.stepper
    where, last = s.peek(), s.last
    ref = last if last is not None else where
    return {
        "k": model.k,
        "epoch": ref.epoch + 1,
        "batch": ref.batch + 1,
        "n_batches": s.schedule.n_batches,
        "example_pos": min(ref.pos + 1, s.schedule.batch_len(ref.batch)),
        "batch_len": s.schedule.batch_len(ref.batch),
        "example": int(model.data.train[s.example]) + 1,   # the dataset's row, 1-based
        "m": model.dataset.m,
        "label": last.label if last else "Ready: press PageDown for the first step",
        "kind": last.kind if last else None,
        "next": where.kind,
        "J_so_far": J_so_far(s),   # with the batch's λ term: the same quantity as J_last
        "J_last": model.timeline.last_J(),
        "updates": model.timeline.n_updates(),
        "per_epoch": s.schedule.per_epoch,
    }


def accuracy(h: np.ndarray, Y: np.ndarray) -> float:
    """Share of rows classified right: h ≥ 0.5 against y for one output unit, the largest
    output against the one-hot target otherwise. h, Y: (m, K)."""
    if h.shape[1] == 1:
        return float(np.mean((h[:, 0] >= 0.5) == (Y[:, 0] >= 0.5)))
    return float(np.mean(np.argmax(h, axis=1) == np.argmax(Y, axis=1)))


def evaluate(model) -> dict:
    """{"train": (J, accuracy), "validation": (J, accuracy) or None} at the current Θ,
    J with the λ term, over each whole part (vectorised path)."""
    c, d = model.config, model.data
    thetas = list(model.stepper.thetas)
    # the stepper's Θ arrays are read-only and replaced, never changed, at an update: the
    # same objects (held here, so never recycled) mean the same weights
    key = (*thetas, d, c.lam, c.loss)
    cached = getattr(model, "_evaluated", None)
    if cached is not None and len(cached[0]) == len(key) and all(
            a is b for a, b in zip(cached[0][:-2], key[:-2])) and cached[0][-2:] == key[-2:]:
        return cached[1]
    hidden, output = list(c.acts[:-1]), c.acts[-1]

    def part(X, Y):     # one forward pass for both (a window shows them after every move)
        zs, As = forward(thetas, X, [*hidden, output])
        J = cost(As[-1], zs[-1], Y, thetas, c.lam, c.loss)
        return float(J), accuracy(As[-1], Y)

    result = {"train": part(d.X, d.Y),
              "validation": part(d.X_val, d.Y_val) if len(d.val) else None}
    model._evaluated = (key, result)
    return result


@dataclass(frozen=True)
class Example:
    """row: 0-based row of the dataset; features: its raw values (n,) with `names`;
    scaled: what the network sees (n,); target: its class name; image: (rows, cols)
    pixel values for image data (row 0 at the top), else None."""

    row: int
    features: np.ndarray
    names: list[str]
    scaled: np.ndarray
    target: str
    image: np.ndarray | None


def example(model) -> Example:
    d, ds = model.data, model.dataset
    i = int(d.train[model.stepper.example])
    x = np.asarray(ds.X[i])
    image = None
    if ds.image_shape is not None and len(ds.image_shape) == 2:
        image = x.reshape(ds.image_shape, order=ds.image_order)
    return Example(i, x, list(ds.feature_names), np.asarray(d.X[model.stepper.example]),
                   ds.class_names[int(ds.labels[i])], image)
