"""Load a labelled CSV file into a `Dataset`, or say exactly what is wrong with it.

Format: UTF-8 (a BOM is accepted), LF, CRLF or CR line ends, blank lines ignored;
the delimiter (comma, semicolon or tab), a header row and the label column are
detected unless given (`csvsniff`), and what was decided is written in the Dataset's
``notes``. Every column other than the label and the ignored ones is a feature and
holds finite numbers. Cells written NA, ?, N/A, null, nan or left empty are missing
values: an error naming line and column, or (``missing="drop"``) their rows are left
out and counted. The rows are read chunk by chunk (`csvscan`), at about the speed and
memory of ``np.loadtxt``, valid file or not.
"""

from __future__ import annotations

import os

import numpy as np

from bpengine.csvlayout import Layout
from bpengine.csvscan import Scanner
from bpengine.csvsniff import HEAD_ROWS, sniff
from bpengine.csvtext import Source, fail
from bpengine.dataset import Dataset

__all__ = ["load_csv"]

ONE_HOT_LIMIT = 1 << 30  # bytes of one-hot targets Y (m, K) we are willing to allocate


def check_missing(missing: str) -> None:
    """ValueError unless ``missing`` is "error" or "drop"."""
    if missing not in ("error", "drop"):
        raise ValueError(f'missing must be "error" or "drop", not {missing!r}')


def open_csv(path, label_column, delimiter, header, ignore_columns, min_rows=HEAD_ROWS):
    """Open the file and work out its layout: (Source, Head, Layout)."""
    source = Source(path)
    head = source.head(min_rows + 2)
    return source, head, sniff(head, source.src, label_column, delimiter, header,
                               ignore_columns)


def lines_words(lines: list[int]) -> str:
    """ "line 5", or "lines 5, 9, 12", the first ten listed: "… and 40 more"."""
    n = len(lines)
    shown = ", ".join(map(str, lines[:10])) + (f" and {n - 10:,} more" if n > 10 else "")
    return f"line{'s' if n != 1 else ''} {shown}"


def dropped_note(lines: list[int], verb: str = "Dropped") -> str:
    """ "Dropped 3 rows with missing values (lines 5, 9, 12)"."""
    n = len(lines)
    return f"{verb} {n:,} row{'s' if n != 1 else ''} with missing values ({lines_words(lines)})"


def finish(scan: Scanner, lay: Layout):
    """Return (X, labels, class names, counts) of a finished scan; DataError if unusable."""
    src, sink = lay.src, scan.sink
    X, labels, keys, counts = sink.result()
    m, k = len(labels), len(keys)
    if m == 0:
        if sink.dropped:
            raise fail(src, f"every data row has a missing value ({dropped_note(sink.dropped)})")
        raise fail(src, "found a header row but no data rows", lay.header_line)
    names = [str(key) for key in keys]
    if k < 2:
        what = f"every example has the same label {names[0]!r}; need at least 2 classes"
        raise fail(src, what, col=lay.label + 1)
    if k > 2 and m * k * 8 > ONE_HOT_LIMIT:
        what = (f"the label column{lay.name_words(lay.label)} has {k:,} classes; for "
                f"{m:,} examples their one-hot targets would take {m * k * 8 / 1e9:.1f} GB. "
                "Choose a label column with fewer classes")
        raise fail(src, what, col=lay.label + 1)
    return X, labels, names, counts


def load_csv(
    path: str | os.PathLike[str],
    label_column: int | str | None = None,
    *,
    delimiter: str | None = None,
    header: bool | None = None,
    missing: str = "error",
    ignore_columns=(),
    name: str | None = None,
) -> Dataset:
    """Read a labelled CSV file.

    Args:
        path: the file.
        label_column: None to choose (the last column, or the one text column when
            the last holds numbers), an index (negative counts from the end) or a
            header name.
        delimiter: None to detect among ",", ";" and "\\t", or one of them.
        header: None to detect whether the first row is a header, or True / False.
        missing: "error" (a DataError naming line and column) or "drop" (rows with a
            missing value are left out; ``notes`` says how many and which lines).
        ignore_columns: columns (indices or header names) that are neither features
            nor the label, e.g. an ID column.
        name: the Dataset's name; default the file name.

    Returns a `Dataset` with X (m, n) float64 features in file order, labels (m,)
    indexing ``class_names`` (distinct labels sorted, numerically if numeric; for
    two classes the second is y = 1), Y (m, 1) for two classes else (m, K) one-hot,
    and ``notes``: the sentences saying what was decided.

    Raises DataError naming the file, line and column for any malformed file.
    """
    check_missing(missing)
    source, _, lay = open_csv(path, label_column, delimiter, header, ignore_columns)
    scan = Scanner(source, lay, missing, keep=True)
    scan.run()
    if source.changed():
        raise fail(source.src, "the file changed while it was being read; load it again")
    X, labels, names, _ = finish(scan, lay)
    notes = lay.notes + ((dropped_note(scan.sink.dropped),) if scan.sink.dropped else ())
    del scan  # (its class ids are in ``labels`` now)
    return Dataset.from_labels(X, np.asarray(labels), names, lay.feature_names,
                               name or source.path.name, notes=notes)
