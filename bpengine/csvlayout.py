"""What the CSV reader decided about a file: `Layout`, and resolving the user's column
choices (an index, negative from the end, or a header name) into 0-based indices."""

from __future__ import annotations

from dataclasses import dataclass

from bpengine.csvtext import fail


@dataclass(frozen=True)
class Layout:
    """Where things are in a CSV file, and why.

    Columns are numbered 0-based here and 1-based in messages. ``width`` counts the
    fields of every line; it is ``ncols + 1`` when each line ends with an empty field
    (a trailing delimiter), which is then no column of the data.
    """

    src: str
    delimiter: str
    sep: bytes
    width: int
    ncols: int
    names: tuple[str, ...]  # header cells, "" where there is none (all "" without a header)
    first_line: int  # the first non-blank line: the model for the field count
    header_line: int | None
    body_offset: int  # byte offset and line number where the data rows start
    body_line: int
    label: int
    ignored: tuple[int, ...]
    label_kind: str | None  # "number" or "text", from the first non-missing label
    label_line: int | None  # the line of that label
    text_columns: frozenset[int]  # columns holding only text in the sampled rows
    suggested_ignore: tuple[int, ...]
    delimiter_reason: str
    header_reason: str
    label_reason: str
    notes: tuple[str, ...]
    sample: tuple[tuple[int, tuple[str, ...]], ...]  # (line, fields) of the first data rows

    @property
    def features(self) -> list[int]:
        """0-based indices of the feature columns, in file order."""
        return [j for j in range(self.ncols) if j != self.label and j not in self.ignored]

    @property
    def feature_names(self) -> list[str]:
        """One name per feature: its header cell, or x1, x2, … counted over the features."""
        return [self.names[j] or f"x{k + 1}" for k, j in enumerate(self.features)]

    def col_name(self, j: int) -> str:
        """A short description of 0-based column j for messages, e.g. "'petal_width'"."""
        if self.names[j]:
            return repr(self.names[j])
        return f"x{self.features.index(j) + 1}" if j in self.features else "label"

    def name_words(self, j: int) -> str:
        """Column j's name to follow "column" in a sentence: " ('diagnosis')", or ""."""
        return f" ({self.names[j]!r})" if self.names[j] else ""

    def column_words(self, j: int) -> str:
        """Column j for a sentence: "column 2 ('diagnosis')" or "column 2"."""
        return f"column {j + 1}" + (f" ({self.names[j]!r})" if self.names[j] else "")


def resolve_column(spec, names: tuple[str, ...], what: str, src: str, line: int) -> int:
    """Return the 0-based column that ``spec`` (an int, negative from the end, or a header
    name) picks among ``len(names)`` columns; DataError naming ``what`` if there is none."""
    ncols = len(names)
    if isinstance(spec, str):
        hits = [j for j, f in enumerate(names) if f == spec.strip()]
        if not hits:
            listed = ", ".join(repr(f) for f in names)
            raise fail(src, f"no column named {spec!r}; columns are {listed}", line)
        if len(hits) > 1:
            raise fail(src, f"more than one column is named {spec!r}", line)
        return hits[0]
    if not isinstance(spec, int) or isinstance(spec, bool):
        raise TypeError(f"{what} must be a column number or a header name, "
                        f"not {type(spec).__name__}")
    j = spec + ncols if spec < 0 else spec
    if not 0 <= j < ncols:
        raise fail(src, f"{what} {spec} is out of range for a file with {ncols} columns", line)
    return j


def resolve_ignored(specs, names: tuple[str, ...], src: str, line: int) -> tuple[int, ...]:
    """Return the sorted distinct 0-based columns named by ``ignore_columns``."""
    if isinstance(specs, (str, int)):
        specs = (specs,)
    try:
        items = list(specs)
    except TypeError:
        raise TypeError("ignore_columns must be a list of column numbers or header names, "
                        f"not {type(specs).__name__}") from None
    return tuple(sorted({resolve_column(s, names, "ignored column", src, line) for s in items}))
