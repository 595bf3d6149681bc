"""Working out a CSV file's layout from its first lines: the delimiter, whether the first
row is a header, a trailing empty column, the label column and columns worth ignoring,
each decision with the sentence that says why (it becomes one of the Dataset's notes).
"""

from __future__ import annotations

import re
from collections import Counter

from bpengine.csvlayout import Layout, resolve_column, resolve_ignored
from bpengine.csvtext import (
    DELIMITERS,
    Head,
    HeadLine,
    delimiter_words,
    fail,
    is_int_literal,
    is_missing,
    number,
    split_fields,
)

HEAD_ROWS = 200  # data rows looked at
# a header name that says "ID": "id", "ID", "patient_id", "Sample ID", "patientId", "index"
_ID_NAME = re.compile(r"(^|[^A-Za-z])(id|ID|Id|index|Index)($|[^A-Za-z])|[a-z]Id$")
_MIN_ID_ROWS = 10


def _numeric(cell: str) -> bool:
    return number(cell) is not None


def _evidence(cell: str) -> bool:
    """A cell says something about its column unless it is a missing-value marker."""
    return not is_missing(cell)


# --------------------------------------------------------------------------- delimiter


def _score(lines: list[HeadLine], d: str) -> tuple:
    """How well ``d`` splits the lines: (≥ 2 fields, share of lines with the usual count,
    share of numeric cells)."""
    counts, numeric, cells = [], 0, 0
    for ln in lines[:50]:
        try:
            fields = split_fields(ln.text, d, "", ln.lineno)
        except ValueError:
            counts.append(-1)
            continue
        counts.append(len(fields))
        numeric += sum(_numeric(c) for c in fields)
        cells += len(fields)
    mode, n = Counter(counts).most_common(1)[0]
    return (mode >= 2, round(n / len(counts), 1), numeric / max(cells, 1), mode)


def choose_delimiter(lines: list[HeadLine], given: str | None) -> tuple[str, str]:
    """Return the delimiter and the sentence saying which it is."""
    if given is not None:
        if given not in DELIMITERS:
            names = ", ".join(repr(d) for d in DELIMITERS)
            raise ValueError(f"the delimiter must be one of {names}, not {given!r}")
        return given, f"Delimiter: {delimiter_words(given)}, as chosen"
    scores = {d: _score(lines, d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: scores[d])  # ties go to the first: comma
    if not scores[best][0]:
        best = ","
    return best, f"Delimiter: {delimiter_words(best)}"


def split_head(lines: list[HeadLine], d: str, src: str) -> list[tuple[int, list[str]]]:
    """Split the head lines into fields; stop before a line with broken quoting (the
    reader reports it when it gets there) unless it is the first line."""
    rows = []
    for ln in lines:
        try:
            rows.append((ln.lineno, split_fields(ln.text, d, src, ln.lineno)))
        except ValueError:
            if not rows:
                raise
            break
    return rows


# --------------------------------------------------------------------------- header


def _column_cells(rows, j: int) -> list[str]:
    return [f[j] for _, f in rows if j < len(f) and _evidence(f[j])]


def detect_header(rows, ncols: int) -> tuple[bool, str]:
    """Decide whether the first of ``rows`` is a header, from the rows after it."""
    first, rest = rows[0][1], rows[1: HEAD_ROWS + 1]
    cells = list(first[:ncols])
    if not rest:
        text = any(_evidence(c) and not _numeric(c) for c in cells)
        if text:
            return True, "The first row is a header: it holds text and no rows follow it"
        return False, "The first row is data, not a header: it holds numbers"
    for j, c in enumerate(cells):
        col = _column_cells(rest, j)
        if _evidence(c) and not _numeric(c) and col and all(map(_numeric, col)):
            return True, ("The first row is a header: it holds text where the rest of the "
                          "file holds numbers")
    if all(is_int_literal(c) or not _evidence(c) for c in cells):
        for j, c in enumerate(cells):
            col = _column_cells(rest, j)
            if _evidence(c) and len(col) >= 2 and not any(map(_numeric, col)):
                return True, ("The first row is a header: it holds numbers where the rest "
                              "of the file holds text")
    if all(_numeric(c) or not _evidence(c) for c in cells):
        return False, ("The first row is data, not a header: it holds numbers like the rest "
                       "of the file")
    return False, ("The first row is data, not a header: its text is in columns that hold "
                   "text further down too")


def decide_header(rows, ncols: int, header: bool | None, label_column, src: str):
    """Return (is_header, sentence) from the user's choice or from the rows."""
    if header is not None and not isinstance(header, bool):
        raise TypeError(f"header must be True, False or None, not {header!r}")
    if isinstance(label_column, str):
        if header is False:
            raise fail(src, f"the label column is given by name ({label_column!r}), "
                            "which needs a header row, but header=False says there is none",
                       rows[0][0])
        if header is None:
            return True, f"The first row is a header: it names the label column {label_column!r}"
    if header is not None:
        return header, f"The first row is {'a header' if header else 'data'}, as chosen"
    return detect_header(rows, ncols)


# --------------------------------------------------------------------------- columns


def _kinds(data, ncols: int) -> list[str]:
    """Per column: "number", "text", "mixed" or "empty" over the sampled data rows."""
    kinds = []
    for j in range(ncols):
        col = _column_cells(data, j)
        nums = sum(map(_numeric, col))
        kinds.append("empty" if not col else "number" if nums == len(col) else
                     "text" if nums == 0 else "mixed")
    return kinds


def _auto_label(data, kinds, names, ignored) -> tuple[int, str]:
    """The last column; or, if it holds numbers, the text column with fewest values."""
    usable = [j for j in range(len(kinds)) if j not in ignored]
    last = usable[-1]
    texts = [j for j in usable if kinds[j] == "text"]

    if kinds[last] != "number" or not texts:
        return last, f"Label: the last column, {_words(names, last)}"
    best = min(texts, key=lambda j: (len(set(_column_cells(data, j))), j))
    why = "the only column holding text" if len(texts) == 1 else \
        "the text column with the fewest distinct values"
    return best, f"Label: {_words(names, best)}, {why} (the last column holds numbers)"


def _id_columns(data, kinds, names, skip) -> list[int]:
    """Columns that look like an ID: a different whole number on every sampled row."""
    out = []
    for j, kind in enumerate(kinds):
        if j in skip or kind != "number" or not (j == 0 or _ID_NAME.search(names[j])):
            continue
        col = _column_cells(data, j)
        if len(col) >= _MIN_ID_ROWS and all(map(is_int_literal, col)) and \
                len(set(col)) == len(col):
            out.append(j)
    return out


def _label_start(data, label: int) -> tuple[str | None, int | None]:
    """The kind ("number"/"text") and line of the first non-missing label, if any."""
    for lineno, fields in data:
        if label < len(fields) and _evidence(fields[label]):
            return ("number" if _numeric(fields[label]) else "text"), lineno
    return None, None


# --------------------------------------------------------------------------- layout


def _trailing(rows) -> bool:
    """True if every row has the same width ≥ 2 and ends with an empty field."""
    w = len(rows[0][1])
    return w >= 2 and all(len(f) == w and not f[-1] for _, f in rows)


def _choose_columns(data, kinds, names, label_column, ignore_columns, src, line):
    """Return (label, ignored columns, the sentence saying which column is the label)."""
    ignored = resolve_ignored(ignore_columns, names, src, line)
    if len(ignored) >= len(names):
        raise fail(src, "every column is ignored", line)
    if label_column is None:
        label, reason = _auto_label(data, kinds, names, ignored)
    else:
        label = resolve_column(label_column, names, "label column", src, line)
        reason = f"Label: {_words(names, label)}, as chosen"
    if label in ignored:
        raise fail(src, f"column {label + 1} cannot be both the label and ignored", line)
    if len(ignored) + 1 >= len(names):
        raise fail(src, "no feature columns are left once the ignored columns are left out",
                   line)
    return label, ignored, reason


def _suggestion_notes(names, ids, texts, n_rows: int) -> list[str]:
    """Sentences suggesting to ignore ID-like columns and text columns that are no label."""
    notes = [f"{_column_cap(names, j)} looks like an ID (a different whole number on each "
             f"of the first {n_rows} rows): you may want to ignore it" for j in ids]
    notes += [f"{_column_cap(names, j)} holds text, so it cannot be a feature: ignore it "
              "or choose it as the label" for j in texts]
    return notes


def sniff(head: Head, src: str, label_column=None, delimiter=None, header=None,
          ignore_columns=()) -> Layout:
    """Work out the `Layout` from the head of the file and the user's choices."""
    if not head.lines:
        bad = head.bad_error(delimiter or ",", src)
        raise bad or fail(src, "the file is empty" if not head.raw else
                          "the file has only blank lines")
    d, d_reason = choose_delimiter(head.lines, delimiter)
    rows = split_head(head.lines, d, src)
    first_line, width, trailing = rows[0][0], len(rows[0][1]), _trailing(rows)
    ncols = width - trailing
    if ncols < 2:
        what = "found 1 column; need at least one feature column and a label column"
        raise fail(src, what, first_line)
    is_header, h_reason = decide_header(rows, ncols, header, label_column, src)
    names = ("",) * ncols
    if is_header:
        names = tuple(rows[0][1][:ncols]) + ("",) * max(ncols - len(rows[0][1]), 0)
    sample = [(n, f[:ncols]) for n, f in (rows[1:] if is_header else rows)]
    data, kinds = sample[:HEAD_ROWS], _kinds(sample[:HEAD_ROWS], ncols)
    label, ignored, l_reason = _choose_columns(data, kinds, names, label_column,
                                               ignore_columns, src, first_line)
    notes = [d_reason, h_reason]
    if trailing:
        notes.append(f"Every line ends with a {DELIMITERS[d]}: the empty last field is no "
                     "column")
    notes.append(l_reason)
    if ignored:
        notes.append("Ignored: " + ", ".join(_words(names, j) for j in ignored))
    texts = frozenset(j for j, k in enumerate(kinds) if k == "text")
    other_text = [j for j in sorted(texts) if j != label and j not in ignored]
    ids = _id_columns(data, kinds, names, {label, *ignored})
    notes += _suggestion_notes(names, ids, other_text, len(data))
    kind, kline = _label_start(data, label)
    hline = first_line if is_header else None
    return Layout(
        src=src, delimiter=d, sep=head.sep, width=width, ncols=ncols, names=names,
        first_line=first_line, header_line=hline,
        body_offset=head.lines[0].end if is_header else head.start,
        body_line=(hline + 1) if hline else 1, label=label, ignored=ignored,
        label_kind=kind, label_line=kline, text_columns=texts,
        suggested_ignore=tuple(sorted({*ids, *other_text})), delimiter_reason=d_reason,
        header_reason=h_reason, label_reason=l_reason, notes=tuple(notes),
        sample=tuple((n, tuple(f)) for n, f in sample),
    )


def _words(names, j: int) -> str:
    """Column j for a sentence: "column 2 ('diagnosis')", or "column 2" without a header."""
    return f"column {j + 1}" + (f" ({names[j]!r})" if names[j] else "")


def _column_cap(names, j: int) -> str:
    """`_words` at the start of a sentence: "Column 2 ('diagnosis')"."""
    return "C" + _words(names, j)[1:]
