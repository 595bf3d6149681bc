"""Load a labelled CSV file into a `Dataset`, or say exactly what is wrong with it.

Format: comma-separated, UTF-8 (a BOM is accepted), LF or CRLF line ends,
blank lines ignored, an optional header row (detected automatically), one
label column (the last by default), every other column a finite number.

Two paths read the rows. A fast path hands the whole text to ``np.loadtxt``
and checks the result with vectorised tests; it only ever accepts files the
careful path would accept, with the same result. Whenever it declines, the
careful path parses row by row and raises a `DataError` naming the file, the
1-based line and column, and the first problem it meets.
"""

from __future__ import annotations

import codecs
import csv
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bpengine.dataset import Dataset
from bpengine.errors import DataError

__all__ = ["load_csv"]


@dataclass(frozen=True)
class _Row:
    """A non-blank line: its 1-based number, its stripped fields, the offset just past it."""

    lineno: int
    fields: list[str]
    end: int


@dataclass(frozen=True)
class _Layout:
    """Where things are: column count, label column index, header row, feature names."""

    ncols: int
    label: int
    header: _Row | None
    feature_names: list[str]

    @property
    def features(self) -> list[int]:
        """0-based indices of the feature columns, in file order."""
        return [j for j in range(self.ncols) if j != self.label]

    def col_name(self, j: int) -> str:
        """A short description of 0-based column j for messages, e.g. "'petal_width'"."""
        if self.header is not None and self.header.fields[j]:
            return repr(self.header.fields[j])
        return f"x{self.features.index(j) + 1}" if j != self.label else "label"


def _fail(src: str, what: str, line: int | None = None, col: int | None = None) -> DataError:
    """Return a DataError whose message reads "src, line L, column C: what"."""
    where = src
    if line is not None:
        where += f", line {line}"
    if col is not None:
        where += f", column {col}"
    return DataError(f"{where}: {what}")


# --------------------------------------------------------------------------- reading


def _read_bytes(path: Path, src: str) -> bytes:
    """Return the file's bytes; DataError if it is missing or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _fail(src, "file not found") from None
    except IsADirectoryError:
        raise _fail(src, "is a directory, not a CSV file") from None
    except OSError as e:
        raise _fail(src, f"cannot read the file ({e.strerror or e})") from None


def _stamp(p: Path) -> tuple[int, int] | None:
    """Return (size, mtime in ns) of the file, or None if it cannot be read."""
    try:
        st = p.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _count_fields(prefix: str) -> int:
    """Return how many CSV fields ``prefix`` (the start of a line) has begun."""
    quoted, n = False, 1
    for ch in prefix:
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            n += 1
    return n


def _bad_byte(data: bytes, start: int, src: str) -> DataError:
    """Return the DataError for the invalid UTF-8 byte at ``data[start]``."""
    nl = b"\n" if b"\n" in data else b"\r"
    line = data.count(nl, 0, start) + 1
    line_start = data.rfind(nl, 0, start) + 1
    prefix = data[line_start:start].decode("utf-8")
    what = (
        f"byte 0x{data[start]:02x} (character {len(prefix) + 1} of the line) is not valid "
        "UTF-8; save the file as UTF-8"
    )
    return _fail(src, what, line, _count_fields(prefix))


def _decode(data: bytes, src: str) -> str:
    """Return the file's text: strict UTF-8, BOM dropped, line ends normalised to "\\n"."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _bad_byte(data, e.start, src) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\n" not in text:  # old Mac line ends
            text = text.replace("\r", "\n")
    return text


def _split(line: str, src: str, lineno: int) -> list[str]:
    """Return the stripped fields of one line; DataError on broken quoting."""
    if '"' not in line:
        return [f.strip() for f in line.split(",")]
    try:
        fields = next(csv.reader([line], strict=True, skipinitialspace=True))
    except csv.Error as e:
        raise _fail(src, f"malformed quoting: {e}", lineno) from None
    return [f.strip() for f in fields]


def _head(text: str, src: str, k: int = 2) -> list[_Row]:
    """Return the first ``k`` non-blank lines of ``text`` as rows (fewer if the file is short)."""
    rows: list[_Row] = []
    pos, lineno = 0, 1
    while pos < len(text) and len(rows) < k:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl + 1
        line = text[pos:end].rstrip("\n")
        if line.strip():
            rows.append(_Row(lineno, _split(line, src, lineno), end))
        pos, lineno = end, lineno + 1
    return rows


# --------------------------------------------------------------------------- numbers


def _number(cell: str) -> float | None:
    """Return the float written in ``cell`` (already stripped), or None if it is not one.

    Stricter than ``float``: ASCII only, no digit-group underscores.
    NaN and infinities are returned (the caller rejects them with a precise message).
    """
    if not cell or not cell.isascii() or "_" in cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def _is_numeric(cell: str) -> bool:
    """True if ``cell`` reads as a number (finite or not)."""
    return _number(cell) is not None


# --------------------------------------------------------------------------- layout


def _label_index(first: _Row, label_column: int | str, src: str) -> int:
    """Return the 0-based label column chosen by ``label_column`` (an index or a header name)."""
    ncols = len(first.fields)
    if isinstance(label_column, str):
        hits = [j for j, f in enumerate(first.fields) if f == label_column.strip()]
        if not hits:
            names = ", ".join(repr(f) for f in first.fields)
            raise _fail(src, f"no column named {label_column!r}; columns are {names}", first.lineno)
        if len(hits) > 1:
            raise _fail(src, f"more than one column is named {label_column!r}", first.lineno)
        return hits[0]
    if not isinstance(label_column, int) or isinstance(label_column, bool):
        raise TypeError(f"label_column must be an int or a str, not {type(label_column).__name__}")
    j = label_column + ncols if label_column < 0 else label_column
    if not 0 <= j < ncols:
        what = f"label column {label_column} is out of range for a file with {ncols} columns"
        raise _fail(src, what, first.lineno)
    return j


def _is_header(rows: list[_Row], label: int) -> bool:
    """True if the first row is a header.

    It is when one of its feature cells is text, or its label cell is text while
    the next row's label cell is a number. Empty cells are no evidence either way.
    """
    first = rows[0].fields
    if any(c and not _is_numeric(c) for j, c in enumerate(first) if j != label):
        return True
    if len(rows) < 2 or label >= len(rows[1].fields):
        return False
    cell = first[label]
    return bool(cell) and not _is_numeric(cell) and _is_numeric(rows[1].fields[label])


def _layout(rows: list[_Row], label_column: int | str, src: str) -> _Layout:
    """Work out the column count, label column, header and feature names from the first rows."""
    first = rows[0]
    ncols = len(first.fields)
    if ncols < 2:
        what = "found 1 column; need at least one feature column and a label column"
        raise _fail(src, what, first.lineno)
    label = _label_index(first, label_column, src)
    header = first if isinstance(label_column, str) or _is_header(rows, label) else None
    n = ncols - 1
    names = [f"x{k + 1}" for k in range(n)]
    if header is not None:
        cells = [c for j, c in enumerate(header.fields) if j != label]
        names = [c or names[k] for k, c in enumerate(cells)]
    return _Layout(ncols, label, header, names)


# --------------------------------------------------------------------------- classes


def _numeric_classes(y: np.ndarray, src: str, col: int) -> tuple[np.ndarray, list[str]]:
    """Map integral label values (m,) to class indices (m,) and names sorted numerically."""
    uniq, idx = np.unique(y, return_inverse=True)
    names = [str(int(v)) for v in uniq]
    return _check_two(idx, names, src, col)


def _text_classes(labels: list[str], src: str, col: int) -> tuple[np.ndarray, list[str]]:
    """Map m text labels to class indices (m,) and names sorted by code point."""
    names = sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    idx = np.fromiter((index[s] for s in labels), dtype=np.int64, count=len(labels))
    return _check_two(idx, names, src, col)


def _check_two(idx: np.ndarray, names: list[str], src: str, col: int):
    """Return (idx, names) unchanged; DataError if there are fewer than 2 classes."""
    if len(names) < 2:
        what = f"every example has the same label {names[0]!r}; need at least 2 classes"
        raise _fail(src, what, col=col)
    return idx.reshape(-1).astype(np.int64), names


# --------------------------------------------------------------------------- fast path

# np.loadtxt decompresses files with these suffixes on its own; never hand it those.
_COMPRESSED = {".gz", ".bz2", ".xz", ".lzma", ".zip", ".zst"}

Feed = Callable[..., np.ndarray]


def _feeder(p: Path, text: str, body: str, skip: int) -> Feed:
    """Return ``feed(**kw)``: np.loadtxt over the body, comma-delimited, no comments, 2-D.

    It reads the file itself (loadtxt's fastest input; ``skip`` physical lines
    before the body) when that yields the same lines as ``text``, that is when
    no lone carriage return remains; otherwise it reads the body's lines.
    """
    opts = {"delimiter": ",", "comments": None, "ndmin": 2}
    if "\r" not in text and p.suffix.lower() not in _COMPRESSED:
        fname = os.fspath(p)
        return lambda **kw: np.loadtxt(fname, encoding="utf-8-sig", skiprows=skip, **opts, **kw)
    lines = body.split("\n")
    return lambda **kw: np.loadtxt(lines, **opts, **kw)


def _fast_numeric(feed: Feed, lay: _Layout, src: str):
    """Return (X, labels, class_names) for an all-numeric body, or None to decline."""
    arr = feed(dtype=np.float64)
    if arr.shape[1] != lay.ncols or not np.isfinite(arr).all():
        return None
    y = arr[:, lay.label]
    if not np.array_equal(y, np.round(y)):
        return None
    X = np.ascontiguousarray(arr[:, lay.features])
    return (X, *_numeric_classes(y, src, lay.label + 1))


def _fast_text(feed: Feed, body: str, lay: _Layout, src: str):
    """Return (X, labels, class_names) for numeric features and text labels, or None."""
    X = feed(dtype=np.float64, usecols=lay.features)
    rows = [line for line in body.split("\n") if line.strip()]
    m = X.shape[0]
    # usecols does not notice extra fields; with no quotes, commas count them exactly.
    if len(rows) != m or body.count(",") != m * (lay.ncols - 1) or not np.isfinite(X).all():
        return None
    labels = _cut_labels(rows, lay)
    if any(not u or _is_numeric(u) for u in set(labels)):
        return None
    return (X, *_text_classes(labels, src, lay.label + 1))


def _cut_labels(rows: list[str], lay: _Layout) -> list[str]:
    """Return the stripped label cell of each row (rows hold exactly ``lay.ncols`` fields).

    (loadtxt's dtype=str path warns about blank lines, so the labels are cut out here.)
    """
    if lay.label == lay.ncols - 1:
        return [row.rpartition(",")[2].strip() for row in rows]
    if lay.label == 0:
        return [row.partition(",")[0].strip() for row in rows]
    return [row.split(",")[lay.label].strip() for row in rows]


def _fast(feed: Feed, body: str, first: _Row, lay: _Layout, src: str):
    """Try the loadtxt path; return (X, labels, class_names) or None if it declines."""
    if '"' in body or len(first.fields) != lay.ncols:
        return None
    try:
        if _is_numeric(first.fields[lay.label]):
            return _fast_numeric(feed, lay, src)
        return _fast_text(feed, body, lay, src)
    except (ValueError, OSError, EOFError):
        return None


# --------------------------------------------------------------------------- careful path


class _Labels:
    """Collects labels row by row; the first data row decides numbers vs text."""

    def __init__(self, src: str, col: int) -> None:
        self.src, self.col = src, col
        self.first: tuple[int, bool] | None = None  # (line, is_numeric)
        self.values: list = []

    def add(self, cell: str, lineno: int) -> None:
        """Record one label; DataError if it is missing, fractional or of the other kind."""
        if not cell:
            raise _fail(self.src, "missing label", lineno, self.col)
        v = _number(cell)
        if self.first is None:
            self.first = (lineno, v is not None)
        elif (v is not None) != self.first[1]:
            this, other = ("a number", "text") if v is not None else ("text", "a number")
            what = f"label {cell!r} is {this} but the label on line {self.first[0]} is {other}"
            raise _fail(self.src, what, lineno, self.col)
        if v is not None and not (math.isfinite(v) and v == round(v)):
            what = f"label {cell!r} is not a whole number; class labels are integers or names"
            raise _fail(self.src, what, lineno, self.col)
        self.values.append(cell if v is None else v)

    def classes(self) -> tuple[np.ndarray, list[str]]:
        """Return class indices (m,) and sorted class names."""
        if self.first is not None and self.first[1]:
            return _numeric_classes(np.array(self.values, dtype=np.float64), self.src, self.col)
        return _text_classes(self.values, self.src, self.col)


def _feature(cell: str, j: int, lineno: int, lay: _Layout, src: str) -> float:
    """Return the finite number in a feature cell; DataError naming line and column if not."""
    name = lay.col_name(j)
    if not cell:
        raise _fail(src, f"missing value for feature {name}", lineno, j + 1)
    v = _number(cell)
    if v is None:
        raise _fail(src, f"feature {name} is not a number: {cell!r}", lineno, j + 1)
    if not math.isfinite(v):
        raise _fail(src, f"feature {name} is {cell!r}; values must be finite", lineno, j + 1)
    return v


def _check_width(fields: list[str], lineno: int, lay: _Layout, ref: int, src: str) -> None:
    """DataError unless the row has exactly ``lay.ncols`` fields (``ref`` is the model line)."""
    k = len(fields)
    if k != lay.ncols:
        what = f"expected {lay.ncols} fields like line {ref}, found {k}"
        raise _fail(src, what, lineno, min(k, lay.ncols) + 1)


def _careful(body: str, first_lineno: int, ref: int, lay: _Layout, src: str):
    """Parse row by row; return (X, labels, class_names) or raise at the first problem."""
    rows: list[list[float]] = []
    labels = _Labels(src, lay.label + 1)
    for lineno, line in enumerate(body.split("\n"), first_lineno):
        if not line.strip():
            continue
        fields = _split(line, src, lineno)
        _check_width(fields, lineno, lay, ref, src)
        row = []
        for j, cell in enumerate(fields):  # left to right, so the first problem is reported
            if j == lay.label:
                labels.add(cell, lineno)
            else:
                row.append(_feature(cell, j, lineno, lay, src))
        rows.append(row)
    X = np.array(rows, dtype=np.float64).reshape(len(rows), lay.ncols - 1)
    return (X, *labels.classes())


# --------------------------------------------------------------------------- entry point


def load_csv(
    path: str | os.PathLike[str], label_column: int | str = -1, name: str | None = None
) -> Dataset:
    """Read a labelled CSV file.

    Args:
        path: the file.
        label_column: index of the label column (negative counts from the end)
            or its name in the header row.
        name: the Dataset's name; default the file name.

    Returns a `Dataset` with X (m, n) float64 features in file order, labels (m,)
    indexing ``class_names`` (distinct labels sorted, numerically if numeric; for
    two classes the second is y = 1), Y (m, 1) for two classes else (m, K) one-hot.

    Raises DataError naming the file, line and column for any malformed file.
    """
    p = Path(path)
    src = str(path)
    stamp = _stamp(p)
    text = _decode(_read_bytes(p, src), src)
    head = _head(text, src)
    if not head:
        raise _fail(src, "the file is empty" if not text else "the file has only blank lines")
    lay = _layout(head, label_column, src)
    if lay.header is not None:
        if len(head) < 2:
            raise _fail(src, "found a header row but no data rows", lay.header.lineno)
        body, skip, first = text[lay.header.end :], lay.header.lineno, head[1]
    else:
        body, skip, first = text, 0, head[0]
    parsed = _fast(_feeder(p, text, body, skip), body, first, lay, src)
    if parsed is None or _stamp(p) != stamp:  # the file changed under us: trust only `text`
        parsed = _careful(body, skip + 1, head[0].lineno, lay, src)
    X, labels, class_names = parsed
    return Dataset.from_labels(X, labels, class_names, lay.feature_names, name or p.name)
