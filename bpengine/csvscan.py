"""Reading the data rows of a CSV file whose `Layout` is known, fast and exactly.

The file is read in whole-line chunks of a few MB. Each chunk goes to ``np.loadtxt``
with a structured dtype (a float64 field per feature, a text field for the label, a
one-character field for each ignored column), which also checks that every line has
the same number of fields. Vectorised checks follow (finite features, labels of the
expected kind, well-placed quotes). A chunk that fails any of them is split in eight
and each part retried, down to 64 KB pieces, which the careful reader parses line by
line: it accepts exactly what the fast reader accepts, with the same result, and
otherwise raises a `DataError` naming the line and column of the first problem. So a
problem costs one extra pass over its chunk, and memory stays near the size of X.
"""

from __future__ import annotations

import io
import math
import re

import numpy as np

from bpengine.csvchunk import parts, quotes_ok, small_unique
from bpengine.csvlayout import Layout
from bpengine.csvsink import Sink
from bpengine.csvtext import (
    DELIMITERS,
    Source,
    decode,
    fail,
    is_int_literal,
    is_missing,
    number,
    split_fields,
    split_lines,
)

CHUNK_BYTES = 1 << 20  # small enough that the heap reuses its memory chunk after chunk
MIN_PIECE = 1 << 16  # pieces this small are parsed line by line
_MISSING = object()  # a cell holding a missing-value marker
_RETRY = "retry"  # the label field was too narrow or too lossy: read the chunk again
_EXACT = 2.0**53  # float64 holds every integer up to here exactly
_str_len = getattr(np, "strings", np.char).str_len  # np.strings since numpy 2.0
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]*,[0-9]+\Z")


def _data_lines(a: np.ndarray) -> int:
    """The number of lines of the bytes ``a`` that are not empty ("\\n" or "\\r\\n" alone)."""
    nl = np.flatnonzero(a == 10)
    starts = np.concatenate(([0], nl[:-1] + 1)) if nl.size else nl
    size = nl - starts
    empty = (size == 0) | ((size == 1) & (a[np.minimum(starts, len(a) - 1)] == 13))
    return int(nl.size - np.count_nonzero(empty) + (nl.size == 0 or nl[-1] + 1 < len(a)))


class Scanner:
    """Reads the rows of ``source`` into a `Sink`; ``missing`` is "error" or "drop"."""

    def __init__(self, source: Source, lay: Layout, missing: str, keep: bool) -> None:
        self.source, self.lay, self.src, self.missing = source, lay, lay.src, missing
        self.kind, self.kind_line = lay.label_kind, lay.label_line
        self.used = [j for j in range(lay.ncols) if j not in lay.ignored]
        self.features = lay.features
        self.feature_fields = [f"f{j}" for j in self.features]
        longest = max((len(f[lay.label]) for _, f in lay.sample if lay.label < len(f)),
                      default=0)
        self.width = longest + 8  # characters of the label field (wider costs time)
        self.float_labels = lay.label_kind == "number"  # else labels are read as text
        self.first_missing: str | None = None
        self.sink = Sink(len(lay.features), self._expected_rows(), keep, self._too_many())

    def _expected_rows(self) -> int:
        """An estimate of the number of rows, from the sample's bytes per line."""
        size = self.source.size - self.lay.body_offset
        sample = [len(self.lay.delimiter.join(f)) + 1 for _, f in self.lay.sample]
        per_line = max(sum(sample) / max(len(sample), 1), 1.0)
        return int(size / per_line * 1.25) + 64

    def _too_many(self) -> str:
        lay = self.lay
        what = (f"the label column{lay.name_words(lay.label)} has more than "
                f"{Sink.MAX_CLASSES:,} distinct values: an ID or a measurement rather than a "
                "class; choose another label column")
        return str(fail(self.src, what, col=lay.label + 1))

    def run(self) -> None:
        """Read every row after the header; DataError at the first problem."""
        lay = self.lay
        lineno = lay.body_line
        for data in self.source.chunks(lay.body_offset, lay.sep, CHUNK_BYTES):
            lineno += self._piece(data, lineno)

    def _piece(self, data: bytes, lineno: int) -> int:
        """Read whole lines starting on line ``lineno``; return how many line ends they hold."""
        for _ in range(4):
            done = self._fast(data)
            if isinstance(done, int) and not isinstance(done, bool):
                return done
            if done != _RETRY:
                break
        pieces = list(parts(data, lineno, self.lay.sep)) if len(data) > MIN_PIECE else []
        if len(pieces) < 2:  # small, or one very long line
            return self._careful(data, lineno)
        return sum(self._piece(part, ln) for part, ln in pieces)

    # ----------------------------------------------------------------------- fast

    def _dtype(self) -> np.dtype:
        lay, fields, feats = self.lay, [], set(self.features)
        for j in range(lay.width):
            if j == lay.label:
                fields.append(("y", "f8" if self.float_labels else f"U{self.width}"))
            elif j in feats:
                fields.append((f"f{j}", "f8"))
            else:  # ignored, or the empty field after a trailing delimiter
                fields.append((f"i{j}", "U1"))
        return np.dtype(fields)

    def _fast(self, data: bytes):
        """Parse whole lines with np.loadtxt. If they are accepted and stored, return the
        number of line ends; else False, or _RETRY to read them again (the label field
        was made wider, or text to keep integers above 2**53 exact)."""
        lay, sep = self.lay, self.lay.sep
        a = np.frombuffer(data, np.uint8)
        ends = int(np.count_nonzero(a == sep[0]))  # (bytes.count is 7x slower)
        if not data or data.isspace():
            return ends
        if self.kind is None or b"\x00" in data:  # (a text field drops NULs; csv keeps them)
            return False
        if sep == b"\r":
            if b"\n" in data:
                return False
            data = data.replace(b"\r", b"\n")
            a = np.frombuffer(data, np.uint8)
        elif b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
            return False  # a lone carriage return: editors disagree where its line ends
        quoted = b'"' in data
        if quoted and not quotes_ok(data, lay.delimiter):
            return False
        try:  # lines one at a time from a BytesIO: no list of lines, no copy of the text
            r = np.loadtxt(io.BytesIO(data), delimiter=lay.delimiter, comments=None, ndmin=1,
                           quotechar='"' if quoted else None, dtype=self._dtype(),
                           encoding="utf-8")
        except (ValueError, TypeError, OverflowError, UserWarning):
            return False  # (UnicodeDecodeError is a ValueError)
        lines = ends + (not data.endswith(b"\n"))  # when none is blank, every line is a row
        if quoted and len(r) != lines and len(r) != _data_lines(a):
            return False  # a quoted field ran over a line end
        labels = self._fast_labels(r["y"])
        if labels is None or labels == _RETRY:
            return labels
        if lay.width > lay.ncols and (r[f"i{lay.width - 1}"] != "").any():
            return False
        out = self.sink.block(len(r))
        for k, f in enumerate(self.feature_fields):  # column by column: a copy of the
            out[:, k] = r[f]  # fields' 2-D view measured slower into fresh pages
        if not np.isfinite(out).all():
            return False
        self.sink.commit(len(r), *labels)
        return ends

    def _fast_labels(self, y: np.ndarray):
        """Return (keys, inverse) for a parsed label field, None to decline, or _RETRY."""
        if self.float_labels:
            if not np.isfinite(y).all() or not (y == np.round(y)).all():
                return None
            if np.abs(y).max(initial=0.0) >= _EXACT:
                self.float_labels = False
                return _RETRY
            uniq, inv = small_unique(y)
            return [int(v) for v in uniq.tolist()], inv
        uniq, inv = small_unique(y)
        if uniq.size and _str_len(uniq).max() >= self.width:
            if self.width >= 1024:
                return None
            self.width *= 4
            return _RETRY  # a label may have been cut short
        keys = []
        for u in uniq.tolist():
            cell = u.strip()
            if is_missing(cell) or (self.kind == "text" and '"' in cell):
                return None
            v = number(cell)
            if (v is not None) != (self.kind == "number"):
                return None
            if v is not None:
                if not is_int_literal(cell) and not (math.isfinite(v) and v == round(v)):
                    return None
                cell = int(cell) if is_int_literal(cell) else int(v)
            keys.append(cell)
        return keys, inv.reshape(-1)

    # ----------------------------------------------------------------------- careful

    def _careful(self, data: bytes, lineno: int) -> int:
        """Parse line by line; raise at the first problem, or drop rows with missing values.
        Return the number of line ends."""
        lay = self.lay
        lines, _ = split_lines(decode(data, lineno, lay.sep, lay.delimiter, self.src), lay.sep)
        rows, keys, inv = [], {}, []
        try:
            for ln, line in enumerate(lines, lineno):
                if not line.strip():
                    continue
                row = self._row(split_fields(line, lay.delimiter, self.src, ln), ln)
                if row is not None:
                    rows.append(row[0])
                    inv.append(keys.setdefault(row[1], len(keys)))
        finally:  # keep the rows before a problem: the preview counts their classes
            if rows:
                self.sink.block(len(rows))[...] = rows
                self.sink.commit(len(rows), list(keys), np.array(inv, dtype=np.int64))
        return len(lines) - 1

    def _row(self, fields: list[str], ln: int):
        """Return (features, label key) of one line, or None if it is dropped."""
        lay = self.lay
        if len(fields) != lay.width:
            what = f"expected {lay.width} fields like line {lay.first_line}, found {len(fields)}"
            raise fail(self.src, what, ln, min(len(fields), lay.width) + 1)
        feats, key, miss = [], None, False
        for j in self.used:
            cell = fields[j]
            v = self._label(cell, ln) if j == lay.label else self._feature(cell, j, ln)
            if v is _MISSING:
                err = self._missing_error(cell, j, ln)
                if self.missing == "error":
                    raise err
                self.first_missing = self.first_missing or str(err)
                miss = True
            elif j == lay.label:
                key = v
            else:
                feats.append(v)
        if lay.width > lay.ncols and fields[-1]:
            what = (f"the last field holds {fields[-1]!r}, but every line should end with an "
                    f"empty field after a {DELIMITERS[lay.delimiter]}, as line "
                    f"{lay.first_line} does")
            raise fail(self.src, what, ln, lay.width)
        if miss:
            self.sink.drop(ln)
            return None
        return feats, key

    def _label(self, cell: str, ln: int):
        """Return the class key of a label cell (an int or a str), or _MISSING."""
        if is_missing(cell):
            return _MISSING
        v = number(cell)
        if self.kind is None:
            self.kind, self.kind_line = ("number" if v is not None else "text"), ln
        elif (v is not None) != (self.kind == "number"):
            this, other = ("a number", "text") if v is not None else ("text", "a number")
            what = f"label {cell!r} is {this} but the label on line {self.kind_line} is {other}"
            raise fail(self.src, what, ln, self.lay.label + 1)
        if v is None:
            return cell
        if is_int_literal(cell):
            return int(cell)  # exact, however large (a float64 merges labels above 2**53)
        if not (math.isfinite(v) and v == round(v)):
            what = f"label {cell!r} is not a whole number; class labels are integers or names"
            raise fail(self.src, what, ln, self.lay.label + 1)
        return int(v)

    def _feature(self, cell: str, j: int, ln: int):
        """Return the finite number in a feature cell, or _MISSING; DataError otherwise."""
        if is_missing(cell):
            return _MISSING
        name = self.lay.col_name(j)
        v = number(cell)
        if v is None:
            what = f"feature {name} is not a number: {cell!r}"
            if self.lay.delimiter == ";" and _DECIMAL_COMMA.match(cell):
                what += "; a decimal comma? Write numbers with a point, like 1.5"
            elif j in self.lay.text_columns:
                what += (f"; {self.lay.column_words(j)} holds text: ignore it, or choose it as "
                         "the label")
            raise fail(self.src, what, ln, j + 1)
        if not math.isfinite(v):
            raise fail(self.src, f"feature {name} is {cell!r}; values must be finite", ln, j + 1)
        return v

    def _missing_error(self, cell: str, j: int, ln: int):
        lay = self.lay
        if j == lay.label:
            what = "missing label" + (f" {cell!r}" if cell else "")
        elif cell.lower() == "nan":
            what = f"feature {lay.col_name(j)} is {cell!r}, a missing value; values must be finite"
        else:
            what = "missing value" + (f" {cell!r}" if cell else "") + \
                f" for feature {lay.col_name(j)}"
        what += "; the rows with missing values can be dropped instead"
        return fail(self.src, what, ln, j + 1)
