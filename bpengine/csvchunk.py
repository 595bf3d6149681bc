"""Vectorised looks at one chunk of a CSV file: are its quotes simple, what distinct
labels does it hold, and where to cut it into parts when it must be read again."""

from __future__ import annotations

import numpy as np

_PARTS = 8


def quotes_ok(data: bytes, d: str) -> bool:
    """True if the '"' in ``data`` pair up in order, each pair quoting a whole field.

    An opening quote starts a field (line start or after the delimiter), a closing one
    ends it (the delimiter or a line end follows). Then csv and np.loadtxt split a line
    alike, provided no pair spans a line end, which the caller checks by counting rows.
    Anything else ("a""b", a space before or after the quotes, text after the closing
    quote) goes to the careful reader.
    """
    a = np.frombuffer(data, np.uint8)
    q = np.flatnonzero(a == 34)
    if q.size % 2:
        return False
    edge = np.zeros(256, dtype=bool)  # the bytes that may stand beside a quote
    edge[[ord(d), 10, 13]] = True
    o, c = q[0::2], q[1::2]
    # a quote at the very start or end of the chunk stands beside a line end
    opened = edge[a[o[o > 0] - 1]].all()
    return bool(opened and edge[a[c[c + 1 < len(a)] + 1]].all())


def small_unique(y: np.ndarray, most: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(y, return_inverse=True) for an array with few distinct values, in order
    of first appearance: one vectorised comparison per distinct value instead of sorting
    the strings (4x faster for a handful of classes); past ``most`` it calls np.unique."""
    inv = np.full(len(y), -1, dtype=np.int64)
    uniq, i = [], 0
    while i < len(y):
        if len(uniq) == most:
            return np.unique(y, return_inverse=True)
        inv[y == y[i]] = len(uniq)
        uniq.append(y[i])
        free = inv < 0
        i = int(free.argmax()) if free.any() else len(y)
    return np.array(uniq, dtype=y.dtype), inv


def parts(data: bytes, lineno: int, sep: bytes):
    """Yield (bytes, first line) for about eight runs of whole lines covering ``data``."""
    step, start = max(len(data) // _PARTS, 1), 0
    while start < len(data):
        cut = data.find(sep, start + step) + 1 if start + step < len(data) else 0
        end = cut or len(data)
        yield data[start:end], lineno
        lineno += data.count(sep, start, end)
        start = end
