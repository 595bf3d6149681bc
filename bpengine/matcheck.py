"""Walk the element tree of a MATLAB v5 MAT-file before scipy reads it.

scipy's v5 reader (1.17) trusts the data-type code in each element's tag and uses it to index
a table of 20 dtypes: a damaged or crafted file with a code outside 1…7, 9, 12, 13, 16…18
in a numeric or character element crashes the interpreter (a segmentation fault, not an
exception; scipy PR 25349). So the tree is walked here first, the way scipy will read it
(MathWorks, "MAT-File Format", chapter 1; scipy/io/matlab/_mio5_utils.pyx), and any element
that is not what the format allows at its place makes a DataError. Compressed variables
(miCOMPRESSED, MATLAB's -v7) are inflated here once and handed to scipy uncompressed.

Layout: a 128-byte header, then one element per variable. An element is a tag (uint32 data
type, uint32 byte count) and its data padded to 8 bytes, or, when the tag's upper 16 bits
are set, a small element of at most 4 bytes packed in the tag. A variable is an miMATRIX
whose data is: array flags (class, complex/logical bits), dimensions, name, then by class
the real (and imaginary) part, a character array, the sparse indices, or nested miMATRIX
elements (the cells of a cell array, the fields of a struct or object).
"""

from __future__ import annotations

import math
import struct
import zlib
from typing import NoReturn

from bpengine.errors import DataError

__all__ = ["checked_v5"]

MI_INT8, MI_INT32, MI_UINT32, MI_MATRIX, MI_COMPRESSED, MI_UTF8 = 1, 5, 6, 14, 15, 16
# data types scipy has a dtype for: int8 … uint32, single, double, int64, uint64, utf8/16/32
_DATA_TYPES = frozenset({1, 2, 3, 4, 5, 6, 7, 9, 12, 13, 16, 17, 18})
MX_CELL, MX_STRUCT, MX_OBJECT, MX_CHAR, MX_SPARSE = 1, 2, 3, 4, 5
_NUMERIC = range(6, 16)  # double, single, int8, uint8, …, uint64
MX_FUNCTION, MX_OPAQUE = 16, 17
_UNSUPPORTED = {MX_FUNCTION: "a function handle",
                MX_OPAQUE: "an opaque object (a string, table, … object)"}
_MAX_DIMS = 32  # numpy's limit, and scipy's
_MAX_DEPTH = 64  # cells in cells in cells …
_MAX_INFLATED = 2**31  # bytes: a compressed variable larger than this is refused


class _Broken(Exception):
    """The element tree is not a valid v5 file: the argument says what is wrong."""


class _Unsupported(_Broken):
    """A variable is valid but of a kind not read here: the argument says which and why."""


class _Walker:
    """Checks the miMATRIX elements of one buffer (the file, or an inflated variable)."""

    def __init__(self, buf: bytes | memoryview, endian: str):
        self.buf = buf
        self.pair = struct.Struct(endian + "II")
        self.endian = endian
        self.who = "a variable"  # "variable X" once the name of the variable is read

    def tag(self, p: int, end: int) -> tuple[int, int, int, int]:
        """Return (data type, byte count, data offset, next offset) of the element at p."""
        if p + 8 > end:
            raise _Broken("an element is cut off")
        first, second = self.pair.unpack_from(self.buf, p)
        if first >> 16:  # a small data element: byte count in the upper half of the type
            if first >> 16 > 4:
                raise _Broken("a small data element claims more than 4 bytes")
            return first & 0xFFFF, first >> 16, p + 4, p + 8
        nxt = p + 8 + second + (-second % 8)
        if nxt > end:
            raise _Broken("an element runs past the end of its variable")
        return first, second, p + 8, nxt

    def data(self, p: int, end: int, allowed: frozenset | tuple, what: str):
        """Check the element at p has a data type in ``allowed``; return (count, data, next)."""
        mtype, count, at, nxt = self.tag(p, end)
        if mtype not in allowed:
            raise _Broken(f"unknown data type {mtype} in the {what} of {self.who}")
        return count, at, nxt

    def ints(self, p: int, end: int, what: str) -> tuple[list[int], int]:
        """An int32 (or uint32) element: its values and the next offset."""
        count, at, nxt = self.data(p, end, (MI_INT32, MI_UINT32), what)
        if count % 4 or count // 4 > _MAX_DIMS:
            raise _Broken(f"malformed {what} in {self.who}")
        values = list(struct.unpack_from(f"{self.endian}{count // 4}i", self.buf, at))
        if any(v < 0 for v in values):
            raise _Broken(f"negative {what} in {self.who}")
        return values, nxt

    def matrix(self, p: int, end: int, depth: int) -> None:
        """Check the data of an miMATRIX element, which fills exactly [p, end)."""
        if p == end:  # an empty nested matrix: scipy reads it as []
            return
        if depth > _MAX_DEPTH:
            raise _Broken("cells or structs are nested too deeply")
        if p + 16 > end or self.pair.unpack_from(self.buf, p) != (MI_UINT32, 8):
            raise _Broken(f"{self.who} has no array flags")
        flags = self.pair.unpack_from(self.buf, p + 8)[0]
        cls, parts = flags & 0xFF, 1 + (flags >> 11 & 1)  # real, and imaginary if complex
        if cls == MX_OPAQUE:  # which has no dimensions or name
            self.unsupported(cls)
        dims, p = self.ints(p + 16, end, "dimensions")
        count, at, p = self.data(p, end, (MI_INT8, MI_UTF8), "name")
        if depth == 0:
            self.who = f"variable {bytes(self.buf[at:at + count]).decode('latin-1')}"
        if cls == MX_FUNCTION:
            self.unsupported(cls)
        if cls in _NUMERIC or cls == MX_CHAR:
            for _ in range(parts if cls != MX_CHAR else 1):
                p = self.data(p, end, _DATA_TYPES, "values")[2]
        elif cls == MX_SPARSE:
            for _ in range(2 + parts):  # row indices, column starts, values (real, imag)
                p = self.data(p, end, _DATA_TYPES, "sparse values")[2]
        elif cls == MX_CELL:
            p = self.nested(p, end, math.prod(dims), depth)
        elif cls in (MX_STRUCT, MX_OBJECT):
            if cls == MX_OBJECT:
                p = self.data(p, end, (MI_INT8, MI_UTF8), "class name")[2]
            (name_len, *rest), p = self.ints(p, end, "field name length")
            count, _, p = self.data(p, end, (MI_INT8, MI_UTF8), "field names")
            if rest or name_len == 0:
                raise _Broken(f"malformed field names in {self.who}")
            p = self.nested(p, end, math.prod(dims) * (count // name_len), depth)
        else:
            raise _Broken(f"{self.who} has an unknown MATLAB class ({cls})")
        if p != end:
            raise _Broken(f"{self.who} is longer than its contents")

    def unsupported(self, cls: int) -> NoReturn:
        raise _Unsupported(f"{self.who} holds {_UNSUPPORTED[cls]}, which is not read here; "
                           "save only the matrices in the file")

    def nested(self, p: int, end: int, k: int, depth: int) -> int:
        """Check k consecutive miMATRIX elements from p; return the offset after them."""
        for _ in range(k):
            if p + 8 > end:
                raise _Broken(f"a cell or field of {self.who} is missing")
            mtype, count = self.pair.unpack_from(self.buf, p)
            if mtype != MI_MATRIX or p + 8 + count > end:
                raise _Broken(f"a cell or field of {self.who} is malformed")
            self.matrix(p + 8, p + 8 + count, depth + 1)
            p += 8 + count
        return p


def _inflate(raw: bytes, budget: int) -> bytes:
    """Decompress one miCOMPRESSED element's data (zlib), refusing more than ``budget`` bytes."""
    d = zlib.decompressobj()
    try:
        out = d.decompress(raw, budget + 1)
    except zlib.error as e:
        raise _Broken(f"a compressed variable is corrupt ({e})") from None
    if len(out) > budget:
        raise _Broken("a compressed variable inflates to more than 2 GB")
    if not d.eof:
        raise _Broken("a compressed variable is cut off")
    return out


def _variable(data: bytes, p: int, pair: struct.Struct, endian: str, budget: int):
    """Check the top-level element at p; return (its miMATRIX element, next offset)."""
    if p + 8 > len(data):
        raise _Broken("the file ends inside an element")
    mtype, count = pair.unpack_from(data, p)
    end = p + 8 + count
    if end > len(data):
        raise _Broken("the file is cut off")
    if mtype == MI_COMPRESSED:
        element = _inflate(data[p + 8:end], budget)
    elif mtype == MI_MATRIX:
        element = memoryview(data)[p:end]  # a view: copied only if the file is rebuilt
    else:
        raise _Broken(f"an element of type {mtype} stands where a variable should")
    if len(element) < 8 or pair.unpack_from(element, 0)[0] != MI_MATRIX:
        raise _Broken("a compressed variable is not a matrix")
    size = 8 + pair.unpack_from(element, 0)[1]
    if size > len(element) or size == 8:
        raise _Broken("a variable is cut off")
    element = element[:size]
    _Walker(element, endian).matrix(8, size, 0)
    return element, end


def checked_v5(data: bytes, src: str) -> bytes:
    """Return the v5 file ``data`` (header already checked) with every variable uncompressed.

    Raises DataError naming ``src`` if any element is not what the format allows where it is,
    or a variable holds what is not read here (function handles, opaque objects).
    Returns ``data`` itself when no variable was compressed.
    """
    endian = "<" if data[126:128] == b"IM" else ">"
    pair = struct.Struct(endian + "II")
    parts, p, budget, rebuilt = [memoryview(data)[:128]], 128, _MAX_INFLATED, False
    try:
        while p < len(data):
            element, p = _variable(data, p, pair, endian, budget)
            if not isinstance(element, memoryview):  # inflated
                budget -= len(element)
                rebuilt = True
            parts.append(element)
    except _Unsupported as e:
        raise DataError(f"{src}: {e}") from None
    except _Broken as e:
        raise DataError(f"{src}: the MAT-file is damaged and cannot be read ({e})") from None
    return b"".join(parts) if rebuilt else data
