"""Walk the element tree of a MATLAB v5 MAT-file before scipy reads it.

scipy's v5 reader (1.17) trusts the data-type code in each element's tag and uses it to index
a table of 20 dtypes: a damaged or crafted file with a code outside 1…7, 9, 12, 13, 16…18
in a numeric or character element crashes the interpreter (a segmentation fault, not an
exception; scipy PR 25349). So the tree is walked here first, the way scipy will read it
(MathWorks, "MAT-File Format", chapter 1; scipy/io/matlab/_mio5_utils.pyx), and any element
that is not what the format allows at its place makes a DataError. Compressed variables
(miCOMPRESSED, MATLAB's -v7) are inflated here once and handed to scipy uncompressed;
the values of uncompressed matrices are left in the file for scipy to read
(`bpengine.matstream`), so a plain file is read once, as by loadmat alone.

Layout: a 128-byte header, then one element per variable. An element is a tag (uint32 data
type, uint32 byte count) and its data padded to 8 bytes, or, when the tag's upper 16 bits
are set, a small element of at most 4 bytes packed in the tag. A variable is an miMATRIX
whose data is: array flags (class, complex/logical bits), dimensions, name, then by class
the real (and imaginary) part, a character array, the sparse indices, or nested miMATRIX
elements (the cells of a cell array, the fields of a struct or object).
"""

from __future__ import annotations

import math
import os
import struct
import zlib
from typing import BinaryIO, NoReturn

import numpy as np

from bpengine.errors import DataError
from bpengine.matstream import Broken, MatStream, Reader

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
_DEFLATE_RATIO = 1032  # deflate never inflates more than this many bytes per byte
_MAX_MATRICES = 10**7  # cells and fields in all: a walk through more would take minutes


class _Unsupported(Broken):
    """A variable is valid but of a kind not read here: the argument says which and why."""


class _Walker:
    """Checks one miMATRIX element, read through a `Reader`, the way scipy will read it."""

    def __init__(self, reader: Reader, endian: str):
        self.r = reader
        self.pair = struct.Struct(endian + "II")
        self.endian = endian
        self.who = "a variable"  # "variable X" once the name of the variable is read
        self.matrices = 0  # nested matrices walked through so far

    def element(self, p: int, end: int, allowed, what: str, keep: bool = True):
        """Check the data element at p has a data type in ``allowed``; read its data if
        ``keep``, else leave it. Return (its data, or b"" if left; the next offset)."""
        if p + 8 > end:
            raise Broken("an element is cut off")
        tag = self.r.take(p, 8)
        first, second = self.pair.unpack_from(tag)
        if first >> 16:  # a small data element: byte count in the upper half of the type
            mtype, count, nxt = first & 0xFFFF, first >> 16, p + 8
            if count > 4:
                raise Broken("a small data element claims more than 4 bytes")
        else:
            mtype, count, nxt = first, second, p + 8 + second + (-second % 8)
            if nxt > end:
                raise Broken("an element runs past the end of its variable")
        if mtype not in allowed:
            raise Broken(f"unknown data type {mtype} in the {what} of {self.who}")
        if first >> 16:
            return tag[4:4 + count], nxt
        if keep:
            return self.r.take(p + 8, nxt - p - 8)[:count], nxt
        self.r.leave(p + 8, nxt - p - 8)
        return b"", nxt

    def ints(self, p: int, end: int, what: str) -> tuple[list[int], int]:
        """An int32 (or uint32) element: its values and the next offset."""
        data, nxt = self.element(p, end, (MI_INT32, MI_UINT32), what)
        if len(data) % 4 or len(data) // 4 > _MAX_DIMS:
            raise Broken(f"malformed {what} in {self.who}")
        values = list(struct.unpack(f"{self.endian}{len(data) // 4}i", data))
        if any(v < 0 for v in values):
            raise Broken(f"negative {what} in {self.who}")
        return values, nxt

    def matrix(self, p: int, end: int, depth: int) -> None:
        """Check the data of an miMATRIX element, which fills exactly [p, end)."""
        if p == end:  # an empty nested matrix: scipy reads it as []
            return
        if depth > _MAX_DEPTH:
            raise Broken("cells or structs are nested too deeply")
        flags = self.r.take(p, 16) if p + 16 <= end else b""
        if len(flags) != 16 or self.pair.unpack_from(flags) != (MI_UINT32, 8):
            raise Broken(f"{self.who} has no array flags")
        flags = self.pair.unpack_from(flags, 8)[0]
        cls, parts = flags & 0xFF, 1 + (flags >> 11 & 1)  # real, and imaginary if complex
        if cls == MX_OPAQUE:  # which has no dimensions or name
            self.unsupported(cls)
        dims, p = self.ints(p + 16, end, "dimensions")
        name, p = self.element(p, end, (MI_INT8, MI_UTF8), "name")
        if depth == 0:
            self.who = f"variable {bytes(name).decode('latin-1')}"
        if cls == MX_FUNCTION:
            self.unsupported(cls)
        if cls in _NUMERIC or cls == MX_CHAR:
            for _ in range(parts if cls != MX_CHAR else 1):
                p = self.element(p, end, _DATA_TYPES, "values", keep=False)[1]
        elif cls == MX_SPARSE:
            for _ in range(2 + parts):  # row indices, column starts, values (real, imag)
                p = self.element(p, end, _DATA_TYPES, "sparse values", keep=False)[1]
        elif cls == MX_CELL:
            p = self.nested(p, end, math.prod(dims), depth)
        elif cls in (MX_STRUCT, MX_OBJECT):
            if cls == MX_OBJECT:
                p = self.element(p, end, (MI_INT8, MI_UTF8), "class name")[1]
            (name_len, *rest), p = self.ints(p, end, "field name length")
            names, p = self.element(p, end, (MI_INT8, MI_UTF8), "field names")
            if rest or name_len == 0:
                raise Broken(f"malformed field names in {self.who}")
            p = self.nested(p, end, math.prod(dims) * (len(names) // name_len), depth)
        else:
            raise Broken(f"{self.who} has an unknown MATLAB class ({cls})")
        if p != end:
            raise Broken(f"{self.who} is longer than its contents")

    def unsupported(self, cls: int) -> NoReturn:
        raise _Unsupported(f"{self.who} holds {_UNSUPPORTED[cls]}, which is not read here; "
                           "save only the matrices in the file")

    def nested(self, p: int, end: int, k: int, depth: int) -> int:
        """Check k consecutive miMATRIX elements from p; return the offset after them."""
        self.matrices += k
        if self.matrices > _MAX_MATRICES:
            raise Broken(f"{self.who} holds more than {_MAX_MATRICES:,} cells or fields")
        for _ in range(k):
            if p + 8 > end:
                raise Broken(f"a cell or field of {self.who} is missing")
            mtype, count = self.pair.unpack_from(self.r.take(p, 8))
            if mtype != MI_MATRIX or p + 8 + count > end:
                raise Broken(f"a cell or field of {self.who} is malformed")
            self.matrix(p + 8, p + 8 + count, depth + 1)
            p += 8 + count
        return p


def _inflate(raw: bytes, pair: struct.Struct, budget: int) -> memoryview:
    """The miMATRIX element that one miCOMPRESSED element's zlib stream holds.

    The stream is fed 64 kB at a time, the output never allowed past the element: first its
    8-byte tag, which gives its size, then the rest, straight into a buffer of that size
    (zlib's own growing output would allocate and copy it once more). The stream must end
    there: its checksum is verified at the end.
    """
    d = zlib.decompressobj()
    view = memoryview(raw)
    out, pos, sized = memoryview(bytearray(8)), 0, False
    try:
        for start in range(0, len(view), 2**16):
            data = view[start:start + 2**16]
            while data and not d.eof:  # (past the end, zlib keeps handing data back)
                # the tag exactly; then up to one byte past the element, which is an error
                chunk = d.decompress(data, len(out) - pos + sized)
                if pos + len(chunk) > len(out):
                    raise Broken("a compressed variable holds more than one matrix")
                out[pos:pos + len(chunk)] = chunk
                pos += len(chunk)
                data = d.unconsumed_tail
                if pos == 8 and not sized:  # the tag: now the size of the element is known
                    out, sized = _element_buffer(out, len(raw), pair, budget), True
    except zlib.error as e:
        raise Broken(f"a compressed variable is corrupt ({e})") from None
    if pos < len(out) or not sized or not d.eof:
        raise Broken("a compressed variable is cut off")
    return out


def _element_buffer(tag: memoryview, packed: int, pair: struct.Struct,
                    budget: int) -> memoryview:
    """A buffer for the miMATRIX element whose tag is ``tag``, inflated from ``packed`` bytes.

    Left uninitialised (np.empty): pages are only touched as the stream fills them, so the
    size a damaged tag claims costs nothing until the stream fails to deliver it.
    """
    mtype, count = pair.unpack(tag)
    if mtype != MI_MATRIX:
        raise Broken("a compressed variable is not a matrix")
    size = 8 + count
    if size > budget:
        raise Broken("a compressed variable inflates to more than 2 GB")
    if size > _DEFLATE_RATIO * packed + 1024:
        raise Broken("a compressed variable claims more than its compressed bytes can hold")
    out = memoryview(np.empty(size, dtype=np.uint8))
    out[:8] = tag
    return out


def _variable(f: BinaryIO, size: int, p: int, w: _Walker, parts: list, budget: int):
    """Check the variable at offset p of the file, adding its parts to ``parts``.

    Returns (the offset of the next variable, the bytes inflated).
    """
    if p + 8 > size:
        raise Broken("the file ends inside an element")
    f.seek(p)
    tag = f.read(8)
    if len(tag) != 8:
        raise Broken("the file is cut off")
    mtype, count = w.pair.unpack(tag)
    if p + 8 + count > size:
        raise Broken("the file is cut off")
    if mtype == MI_MATRIX:
        w.r = Reader(parts, file=f)
        parts.append(tag)  # these very bytes: read twice, the file might have changed
        if count == 0:
            raise Broken("a variable is empty")
        w.matrix(p + 8, p + 8 + count, 0)
        return p + 8 + count, 0
    if mtype != MI_COMPRESSED:
        raise Broken(f"an element of type {mtype} stands where a variable should")
    element = _inflate(f.read(count), w.pair, budget)
    w.r = Reader(parts, buf=element)
    w.r.take(0, 8)
    w.matrix(8, len(element), 0)
    return p + 8 + count, len(element)


def checked_v5(f: BinaryIO, header: bytes, src: str) -> MatStream:
    """The open v5 file ``f`` as scipy should read it: ``header`` (its first 128 bytes, as
    checked), then every variable checked, compressed ones inflated.

    Raises DataError naming ``src`` if any element is not what the format allows where it is,
    or a variable holds what is not read here (function handles, opaque objects).
    """
    endian = "<" if header[126:128] == b"IM" else ">"
    size = os.fstat(f.fileno()).st_size
    parts: list = [header[:128]]
    w = _Walker(Reader(parts, file=f), endian)
    p, budget = 128, _MAX_INFLATED
    try:
        while p < size:
            w.who = "a variable"
            p, inflated = _variable(f, size, p, w, parts, budget)
            budget -= inflated
    except _Unsupported as e:
        raise DataError(f"{src}: {e}") from None
    except Broken as e:
        raise DataError(f"{src}: the MAT-file is damaged and cannot be read ({e})") from None
    return MatStream(parts)
