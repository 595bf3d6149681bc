"""The stream scipy reads a checked MAT-file from: the bytes that were checked, kept, and
the values of large matrices, left in the file until scipy reads them.

`bpengine.matcheck` reads a file through a `Reader` while it checks its structure, and
hands scipy a `MatStream` of the parts. Every byte scipy parses for structure (tags,
flags, dimensions, names) is one that was checked; the bytes of a matrix's values are only
ever copied into an array, so reading them later is safe even if the file changed: a file
cut short meanwhile makes scipy raise ("could not read bytes").
"""

from __future__ import annotations

import bisect
from typing import BinaryIO

__all__ = ["Broken", "MatStream", "Reader"]


class Broken(Exception):
    """The element tree is not a valid v5 file: the argument says what is wrong."""


class _Span:
    """Bytes [offset, offset + size) of an open file, left unread: a matrix's values."""

    def __init__(self, file: BinaryIO, offset: int, size: int):
        self.file, self.offset, self.size = file, offset, size

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, s: slice) -> bytes:
        self.file.seek(self.offset + s.start)
        return self.file.read(s.stop - s.start)  # short if the file shrank: scipy then raises


class Reader:
    """Reads one buffer (an inflated variable) or one open file forward, while its structure
    is checked. The bytes read (tags, flags, dimensions, names) are kept, so that scipy reads
    exactly the bytes that were checked; the values of a matrix, whose bytes are never
    parsed, are left in the file (in a buffer they are only sliced)."""

    _SMALL = 4096  # values shorter than this are kept, not left: fewer, longer parts

    def __init__(self, parts: list, buf: memoryview | None = None, file: BinaryIO | None = None):
        self.parts, self.buf, self.file = parts, buf, file

    def take(self, p: int, n: int) -> bytes | memoryview:
        """Bytes [p, p + n), kept as the next part of the stream."""
        if self.buf is not None:
            got = self.buf[p:p + n]
        else:
            self.file.seek(p)
            got = self.file.read(n)
            if len(got) != n:
                raise Broken("the file is cut off")
        self.parts.append(got)
        return got

    def leave(self, p: int, n: int) -> None:
        """Bytes [p, p + n) are the next part of the stream, read only when scipy reads them."""
        if self.buf is not None or n < self._SMALL:
            self.take(p, n)
        else:
            self.parts.append(_Span(self.file, p, n))


class MatStream:
    """A read-only binary file (read, seek, tell) over parts laid end to end: bytes kept in
    memory, and spans of the file still to be read. What scipy reads of the checked file."""

    def __init__(self, parts: list):
        self._parts = parts
        self._starts = [0]
        for part in parts:
            self._starts.append(self._starts[-1] + len(part))
        self._pos = 0

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._starts[-1])[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def read(self, n: int = -1) -> bytes:
        """Up to n bytes from the current position (all that is left if n < 0)."""
        end = self._starts[-1] if n is None or n < 0 else min(self._pos + n, self._starts[-1])
        chunks = []
        while self._pos < end:
            k = bisect.bisect_right(self._starts, self._pos) - 1
            start = self._pos - self._starts[k]
            take = min(end - self._pos, len(self._parts[k]) - start)
            chunk = self._parts[k][start:start + take]
            chunks.append(chunk)
            self._pos += take
            if len(chunk) < take:  # the file shrank since it was checked
                break
        return bytes(chunks[0]) if len(chunks) == 1 else b"".join(chunks)
