"""CSV text, cell by cell: messages that say where, reading a file in whole-line
chunks, strict UTF-8 with the place of a bad byte, the fields of one line, numbers
and missing-value markers.

Lines are counted as the user's editor counts them: 1-based, "\\n" ends a line
("\\r\\n" is one line end); a file with no "\\n" at all in its first part uses
old-Mac "\\r" line ends.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
from dataclasses import dataclass
from pathlib import Path

from bpengine.errors import DataError

DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}

# Cells that mean "no value" (compared stripped and lower-cased). "nan" is here because
# numpy and pandas write a missing number as "nan"; an empty cell is missing too.
MISSING = frozenset({"", "?", "na", "n/a", "nan", "null"})

_INT = re.compile(r"[+-]?[0-9]+\Z")
HEAD_BYTES = 1 << 16  # the first read; enough for ~500 typical lines
MAX_HEAD_BYTES = 16 << 20  # longest head read while looking for a few whole lines


def fail(src: str, what: str, line: int | None = None, col: int | None = None) -> DataError:
    """Return a DataError whose message reads "src, line L, column C: what"."""
    where = src
    if line is not None:
        where += f", line {line}"
    if col is not None:
        where += f", column {col}"
    return DataError(f"{where}: {what}")


def delimiter_words(d: str) -> str:
    """Return the delimiter in words: "comma (,)", "semicolon (;)", "tab"."""
    return "tab" if d == "\t" else f"{DELIMITERS[d]} ({d})"


# --------------------------------------------------------------------------- cells


def number(cell: str) -> float | None:
    """Return the float written in ``cell`` (already stripped), or None if it is not one.

    Stricter than ``float``: ASCII only, no digit-group underscores (np.loadtxt agrees).
    NaN and infinities are returned; callers reject them with a precise message.
    """
    if not cell or not cell.isascii() or "_" in cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def is_missing(cell: str) -> bool:
    """True if the stripped ``cell`` is a missing-value marker (NA, ?, N/A, null, nan, empty)."""
    return cell.lower() in MISSING


def is_int_literal(cell: str) -> bool:
    """True if ``cell`` is written as a whole number in decimal digits: "42", "-7", "+0"."""
    return _INT.match(cell) is not None


def split_fields(line: str, d: str, src: str, lineno: int) -> list[str]:
    """Return the stripped fields of one line; DataError on broken quoting."""
    if '"' not in line:
        return [f.strip() for f in line.split(d)]
    try:
        fields = next(csv.reader([line], delimiter=d, strict=True, skipinitialspace=True))
    except csv.Error as e:
        raise fail(src, f"malformed quoting: {e}", lineno) from None
    except StopIteration:  # a line of only whitespace after csv's own newline handling
        return [""]
    return [f.strip() for f in fields]


def count_fields(prefix: str, d: str) -> int:
    """Return how many fields ``prefix`` (the start of a line) has begun."""
    quoted, n = False, 1
    for ch in prefix:
        if ch == '"':
            quoted = not quoted
        elif ch == d and not quoted:
            n += 1
    return n


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class HeadLine:
    """A non-blank line of the head: its 1-based number, its text, the byte offset past it."""

    lineno: int
    text: str
    end: int


@dataclass(frozen=True)
class Head:
    """The first lines of a file.

    ``lines`` are the non-blank lines read (all of them when ``eof``); ``bad_at`` is the
    offset in ``raw`` of an invalid UTF-8 byte met just after them (the lines stop
    there); ``sep`` is the line end; ``raw`` the bytes read, after any byte-order mark.
    """

    lines: list[HeadLine]
    eof: bool
    sep: bytes
    start: int  # 3 with a byte-order mark, else 0
    bad_at: int | None
    raw: bytes

    def bad_error(self, d: str, src: str) -> DataError | None:
        """The DataError for the bad byte, columns counted with delimiter ``d``; None if none."""
        if self.bad_at is None:
            return None
        return bad_byte(self.raw, self.bad_at, 1, self.sep, d, src)


class Source:
    """A CSV file being read: its name for messages, its size and its stamp."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.src = str(path)
        try:
            st = self.path.stat()
        except FileNotFoundError:
            raise fail(self.src, "file not found") from None
        except OSError as e:
            raise fail(self.src, f"cannot read the file ({e.strerror or e})") from None
        if self.path.is_dir():
            raise fail(self.src, "is a directory, not a CSV file")
        self.size = st.st_size
        self.stamp = (st.st_size, st.st_mtime_ns)

    def _open(self):
        try:
            return open(self.path, "rb")  # the callers close it
        except OSError as e:
            raise fail(self.src, f"cannot read the file ({e.strerror or e})") from None

    def changed(self) -> bool:
        """True if the file's size or modification time differ from when it was opened."""
        try:
            st = self.path.stat()
        except OSError:
            return True
        return (st.st_size, st.st_mtime_ns) != self.stamp

    def head(self, min_lines: int) -> Head:
        """Read whole lines from the start: at least ``min_lines`` of them, or all."""
        with self._open() as f:
            data = f.read(HEAD_BYTES)
            while data.count(b"\n") + data.count(b"\r") < min_lines + 1:
                more = f.read(max(len(data), HEAD_BYTES))
                if not more or len(data) > MAX_HEAD_BYTES:
                    data += more
                    break
                data += more
            eof = not f.read(1)
        return _make_head(data, eof, self.src)

    def chunks(self, offset: int, sep: bytes, size: int):
        """Yield the file from byte ``offset`` on as runs of whole lines of ~``size`` bytes."""
        with self._open() as f:
            f.seek(offset)
            pending: list[bytes] = []  # the start of a line not ended yet
            while block := f.read(size):
                cut = block.rfind(sep) + 1
                if cut == 0:  # one line longer than the block: keep reading
                    pending.append(block)
                    continue
                yield b"".join([*pending, block[:cut]]) if pending else block[:cut]
                pending = [block[cut:]] if cut < len(block) else []
            if pending:
                yield b"".join(pending)


def _make_head(data: bytes, eof: bool, src: str) -> Head:
    """Split the first bytes of a file into decoded non-blank lines (see `Head`)."""
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    sep = b"\n" if b"\n" in data or b"\r" not in data else b"\r"
    end = len(data) if eof else data.rfind(sep) + 1
    if end <= start and not eof:
        raise fail(src, f"the first line is longer than {MAX_HEAD_BYTES >> 20} MB; "
                        "is this a CSV file?", 1)
    raw = data[start:end]
    bad_at = None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        bad_at = e.start
        text = raw[: raw.rfind(sep, 0, e.start) + 1].decode("utf-8")
    lines, pos = [], start
    s = sep.decode()
    for lineno, piece in enumerate(text.split(s), 1):
        pos += len(piece.encode("utf-8")) + 1
        line = piece[:-1] if s == "\n" and piece.endswith("\r") else piece
        if line.strip():
            lines.append(HeadLine(lineno, line, min(pos, end)))
    return Head(lines, eof, sep, start, bad_at, raw)


def bad_byte(data: bytes, at: int, lineno: int, sep: bytes, d: str, src: str) -> DataError:
    """Return the DataError for the invalid UTF-8 byte at ``data[at]``; ``data`` starts at
    line ``lineno``; the column is counted with delimiter ``d``."""
    line = lineno + data.count(sep, 0, at)
    line_start = data.rfind(sep, 0, at) + 1
    prefix = data[line_start:at].decode("utf-8", errors="replace")
    what = (
        f"byte 0x{data[at]:02x} (character {len(prefix) + 1} of the line) is not valid "
        "UTF-8; save the file as UTF-8"
    )
    return fail(src, what, line, count_fields(prefix, d))


def decode(data: bytes, lineno: int, sep: bytes, d: str, src: str) -> str:
    """Return ``data`` (whole lines from line ``lineno``) as text; DataError at a bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise bad_byte(data, e.start, lineno, sep, d, src) from None


def split_lines(text: str, sep: bytes) -> tuple[list[str], bool]:
    """Return the lines of ``text`` and whether a stray line-end character is left inside one.

    With "\\n" line ends a "\\r" before "\\n" is dropped; a lone "\\r" stays in its line
    (editors disagree about it, so the fast reader leaves such text to the careful one).
    """
    if sep == b"\r":
        return text.split("\r"), "\n" in text
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        return text.split("\n"), "\r" in text
    return text.split("\n"), False
