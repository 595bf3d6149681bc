"""The import preview: what `load_csv` would decide about a file and what it would find,
without loading it — for a dialog that shows the first rows and lets the user change
the delimiter, the header, the label column and the columns to ignore."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bpengine.csvload import check_missing, dropped_note, finish, lines_words
from bpengine.csvscan import CHUNK_BYTES, Scanner
from bpengine.csvsniff import HEAD_ROWS, choose_delimiter, sniff
from bpengine.csvtext import DELIMITERS, Head, Source, fail
from bpengine.errors import DataError

__all__ = ["CsvPreview", "csv_preview"]


@dataclass(frozen=True)
class CsvPreview:
    """What `load_csv` would do with a file and these choices.

    Columns are 0-based. ``columns`` are display names (header cells, or "column 1", …);
    ``rows`` the first data rows as text, ``ncols`` cells each; ``n_rows`` the data rows
    in the whole file (blank lines not counted); ``classes`` each class with its number
    of rows; ``missing`` the rows with a missing value (which ``missing="drop"`` leaves
    out); ``error`` the message of the DataError `load_csv` would raise, or None.
    ``complete`` is False when reading stopped at that error, so that ``classes`` and
    ``missing`` count only the rows before it (``n_rows`` still counts them all).
    """

    path: str
    delimiter: str
    delimiter_name: str  # "comma", "semicolon" or "tab"
    has_header: bool
    header_reason: str
    columns: list[str]
    rows: list[list[str]]
    n_rows: int
    label_column: int  # -1 only when the file has no columns at all
    label_reason: str
    suggested_ignore: tuple[int, ...]
    classes: list[tuple[str, int]]
    missing: int
    notes: tuple[str, ...]
    error: str | None
    ignore_columns: tuple[int, ...] = ()
    complete: bool = True


def count_rows(source: Source, offset: int, sep: bytes) -> int:
    """Count the non-blank lines from byte ``offset`` to the end of the file."""
    n = 0
    for data in source.chunks(offset, sep, CHUNK_BYTES):
        n += sum(1 for line in data.split(sep) if line.strip())
    return n


def csv_preview(
    path: str | os.PathLike[str],
    label_column: int | str | None = None,
    *,
    delimiter: str | None = None,
    header: bool | None = None,
    rows: int = 10,
    ignore_columns=(),
    missing: str = "error",
) -> CsvPreview:
    """Preview how `load_csv` with the same choices would read ``path``.

    The whole file is read (at `load_csv`'s speed, keeping no data) to count rows,
    classes and missing values. A malformed file is reported in ``error``; DataError is
    raised only when the file cannot be read as text (missing, a directory, binary).
    """
    check_missing(missing)
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 0:
        raise ValueError(f"rows must be a whole number ≥ 0, not {rows!r}")
    source = Source(path)
    head = source.head(max(rows, HEAD_ROWS) + 2)
    if b"\x00" in head.raw:
        raise fail(source.src, "is not a text file (it holds zero bytes); is it a CSV file?")
    try:
        lay = sniff(head, source.src, label_column, delimiter, header, ignore_columns)
    except DataError as e:
        return _unsniffed(source, head, delimiter, rows, str(e))
    scan = Scanner(source, lay, "drop", keep=False)
    error, complete = None, True
    try:
        scan.run()
    except DataError as e:
        error, complete = str(e), False
    if complete:
        try:
            finish(scan, lay)
        except DataError as e:
            error = str(e)
    if missing == "error" and scan.first_missing:
        error = scan.first_missing  # it comes before any other problem in the file
    sink = scan.sink
    n_rows = sink.m + len(sink.dropped) if complete else count_rows(
        source, lay.body_offset, lay.sep)
    notes = list(lay.notes)
    n = len(sink.dropped)
    if n and missing == "drop":
        notes.append(dropped_note(sink.dropped, "Would drop"))
    elif n:
        notes.append(f"{n:,} row{'s have' if n != 1 else ' has'} missing values "
                     f"({lines_words(sink.dropped)}); dropping the rows with missing values "
                     f"would leave {'them' if n != 1 else 'it'} out")
    if not complete:
        notes.append("Reading stopped at the error: classes and missing values are counted "
                     "over the rows before it")
    table = [list(f) + [""] * (lay.ncols - len(f)) for _, f in lay.sample[:rows]]
    return CsvPreview(
        path=source.src, delimiter=lay.delimiter, delimiter_name=DELIMITERS[lay.delimiter],
        has_header=lay.header_line is not None, header_reason=lay.header_reason,
        columns=[n or f"column {j + 1}" for j, n in enumerate(lay.names)], rows=table,
        n_rows=n_rows, label_column=lay.label, label_reason=lay.label_reason,
        suggested_ignore=lay.suggested_ignore, classes=sink.class_counts(),
        missing=len(sink.dropped), notes=tuple(notes), error=error,
        ignore_columns=lay.ignored, complete=complete,
    )


def _unsniffed(source: Source, head: Head, delimiter: str | None, rows: int,
               error: str) -> CsvPreview:
    """A preview of a file whose layout could not be worked out: its lines split plainly."""
    lines = [ln.text for ln in head.lines]
    if not lines:  # nothing decodable before the first bad byte: show it with U+FFFD
        text = head.raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        lines = [s for s in text.split(head.sep.decode()) if s.strip()]
    d = delimiter if delimiter in DELIMITERS else ","
    if delimiter is None and head.lines:
        d, _ = choose_delimiter(head.lines, None)
    table = [[c.strip() for c in s.split(d)] for s in lines[:rows]]
    ncols = max((len(r) for r in table), default=0)
    return CsvPreview(
        path=source.src, delimiter=d, delimiter_name=DELIMITERS[d], has_header=False,
        header_reason="", columns=[f"column {j + 1}" for j in range(ncols)],
        rows=[r + [""] * (ncols - len(r)) for r in table],
        n_rows=count_rows(source, head.start, head.sep), label_column=ncols - 1,
        label_reason="", suggested_ignore=(), classes=[], missing=0, notes=(), error=error,
        complete=False,
    )
