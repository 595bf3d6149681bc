"""Where the CSV reader puts rows: X grown in place, class ids, the lines dropped."""

from __future__ import annotations

import numpy as np

from bpengine.errors import DataError


class Sink:
    """Collects m rows of n features and their classes, chunk by chunk.

    X (capacity, n) float64 is allocated from an estimate of the row count (its pages
    cost memory only once written) and grown in place when the estimate falls short;
    ``ids`` (capacity,) int16 holds each row's class in order of first appearance.
    ``keep=False`` (the import preview) counts rows and classes but keeps no X.
    """

    MAX_CLASSES = 1000

    def __init__(self, n: int, expected: int, keep: bool, too_many: str) -> None:
        self.n, self.keep, self.too_many = n, keep, too_many
        cap = max(int(expected), 16)
        self.X = np.empty((cap if keep else 0, n), dtype=np.float64)
        self.ids = np.empty(cap, dtype=np.int16)
        self.m = 0
        self.classes: dict = {}  # class key (int or str) -> id
        self.dropped: list[int] = []  # lines of the rows dropped for a missing value

    def _grow(self, rows: int) -> None:
        cap = max(rows, int(len(self.ids) * 1.5))
        # resize in place: realloc moves large blocks by remapping pages, not copying
        if self.keep:
            self.X.resize((cap, self.n), refcheck=False)
        self.ids.resize(cap, refcheck=False)

    def block(self, k: int) -> np.ndarray:
        """Return the (k, n) array to write the next k rows into (uncommitted)."""
        if self.m + k > len(self.ids):
            self._grow(self.m + k)
        if not self.keep:
            return np.empty((k, self.n), dtype=np.float64)
        return self.X[self.m: self.m + k]

    def commit(self, k: int, keys: list, inverse: np.ndarray) -> None:
        """Accept the k rows written to `block`; row i has class ``keys[inverse[i]]``."""
        lut = np.fromiter((self._id(key) for key in keys), dtype=np.int16, count=len(keys))
        self.ids[self.m: self.m + k] = lut[inverse]
        self.m += k

    def _id(self, key) -> int:
        i = self.classes.get(key)
        if i is None:
            if len(self.classes) >= self.MAX_CLASSES:
                raise DataError(self.too_many)
            i = self.classes[key] = len(self.classes)
        return i

    def drop(self, lineno: int) -> None:
        """Record that the row on ``lineno`` was left out for a missing value."""
        self.dropped.append(lineno)

    def class_counts(self) -> list[tuple[str, int]]:
        """(class name, number of rows) for each class so far, in class order."""
        keys = list(self.classes)
        counts = np.bincount(self.ids[: self.m], minlength=len(keys))
        return [(str(keys[i]), int(counts[i])) for i in sorted(range(len(keys)),
                                                              key=keys.__getitem__)]

    def result(self) -> tuple[np.ndarray, np.ndarray, list, np.ndarray]:
        """Return X (m, n), labels (m,) int64 indexing the sorted class keys, those keys and
        each class's count (K,). Class keys sort numerically (ints) or by code point (text)."""
        m = self.m
        if self.keep:
            self.X.resize((m, self.n), refcheck=False)  # give back the unused estimate
        keys = list(self.classes)
        order = sorted(range(len(keys)), key=keys.__getitem__)
        rank = np.empty(len(keys), dtype=np.int64)
        rank[order] = np.arange(len(keys))
        labels = rank[self.ids[:m]]
        counts = np.bincount(labels, minlength=len(keys))
        return self.X, labels, [keys[i] for i in order], counts
