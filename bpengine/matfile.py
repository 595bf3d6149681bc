"""Read MATLAB v5 MAT-files: their variables by name, and what each is (MATLAB's class).

Only the v5 format is read (what MATLAB writes with ``save -v6`` or ``-v7`` and Octave with
``-v6``, ``-v7`` or ``-mat``), through ``scipy.io.whosmat`` (each variable's MATLAB class)
and ``scipy.io.loadmat`` (the values). Reading never executes anything from the file:
loadmat only builds arrays (MATLAB objects come back as inert arrays; scipy never
unpickles), and `bpengine.matcheck` walks the file first, because scipy crashes on some
damaged files instead of raising. A v7.3 file is an HDF5 container, which loadmat
cannot read; it gets a DataError saying how to save it again.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass

from bpengine.errors import DataError
from bpengine.matcheck import checked_v5
from bpengine.matstream import MatStream

__all__ = ["MatContents", "MatVariable", "dims", "mat_variables", "read_mat"]

_HDF5 = b"\x89HDF\r\n\x1a\n"  # the HDF5 signature; a v7.3 MAT-file has it at offset 512
_RESAVE = "load it in Octave or MATLAB and save it again with  save -v7 file.mat"


@dataclass(frozen=True)
class MatVariable:
    """One variable of a MAT-file: its name, MATLAB shape and class ("double", "cell", …)."""

    name: str
    shape: tuple[int, ...]
    kind: str

    def __str__(self) -> str:
        return f"{self.name} ({dims(self.shape)} {self.kind})"


def dims(shape: tuple[int, ...]) -> str:
    """MATLAB's way of writing a size: (5000, 400) → "5000×400"."""
    return "×".join(str(s) for s in shape)


# --------------------------------------------------------------------------- reading


def _found(head: bytes) -> str:
    """Describe the first bytes of a file that is not a MAT-file, for a message."""
    start = head[:40]
    if start.isascii() and all(c.isprintable() or c in "\t\r\n" for c in start.decode()):
        return f"it begins with the text {start.decode().splitlines()[0][:32]!r}"
    return "its first bytes are " + " ".join(f"{b:02x}" for b in head[:8])


def _check_header(head: bytes, src: str) -> None:
    """DataError unless ``head`` (the first 520 bytes) starts a v5 MAT-file.

    The v5 header is 128 bytes: 116 of text, 8 of subsystem offset, the version 0x0100 and
    the endian indicator "IM" (little-endian writer) or "MI" (big-endian), both as 2 bytes.
    """
    if not head:
        raise DataError(f"{src}: the file is empty")
    if head.startswith(b"MATLAB 7.3") or head[512:520] == _HDF5:
        raise DataError(f"{src} is a MATLAB v7.3 MAT-file (an HDF5 container), which cannot be "
                        f"read here; {_RESAVE}")
    if head.startswith(_HDF5):
        raise DataError(f"{src} is an HDF5 file, not a MATLAB MAT-file")
    endian = head[126:128]
    # scipy takes a file with a zero among its first 4 bytes for the older v4 format
    if len(head) < 128 or endian not in (b"IM", b"MI") or 0 in head[:4]:
        raise DataError(f"{src} is not a MATLAB v5 MAT-file ({_found(head)}); if it is "
                        f"an older or newer MAT-file, {_RESAVE}")
    version = int.from_bytes(head[124:126], "little" if endian == b"IM" else "big")
    if version != 0x0100:
        raise DataError(f"{src} is a MAT-file of an unknown version (0x{version:04x}); "
                        f"{_RESAVE}")


@dataclass(frozen=True)
class MatContents:
    """What a MAT-file holds, in file order.

    values: each variable as ``scipy.io.loadmat`` builds it, unconverted (a double that
        MATLAB stored as uint8 bytes comes back as uint8; a logical as uint8).
    variables: each variable's MATLAB description (its class as MATLAB names it).
    """

    values: dict[str, object]
    variables: dict[str, MatVariable]

    def listing(self) -> str:
        """"A (5000×400 double), b (5000×1 uint8)" for a message; "no variables" if none."""
        return ", ".join(map(str, self.variables.values())) or "no variables"


def read_mat(path: str | os.PathLike[str]) -> MatContents:
    """Read every variable of a v5 MAT-file.

    DataError, naming the file, for a missing, unreadable, empty, v7.3, non-MAT or damaged
    file.
    """
    src = str(path)
    try:
        with open(path, "rb") as f:  # open until scipy has read the values left there
            head = f.read(520)
            _check_header(head, src)
            return _loadmat(checked_v5(f, head, src), src)
    except FileNotFoundError:
        raise DataError(f"{src}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{src} is a folder, not a MAT-file") from None
    except OSError as e:
        raise DataError(f"{src}: cannot read the file ({e.strerror or e})") from None


def _loadmat(f: MatStream, src: str) -> MatContents:
    """whosmat (the classes) and loadmat (the values) over a checked, uncompressed v5 file.

    loadmat runs with mat_dtype=False because mat_dtype=True copies every matrix (12 ms for
    the course's 5000×400 X) just to relabel its dtype; whosmat reads only the headers and
    gives the classes. Every failure of scipy's reader means a damaged file.
    """
    import scipy.io  # here, not at the top: importing scipy.io costs ~0.2 s at start-up
    from scipy.io.matlab import MatReadWarning

    try:
        with warnings.catch_warnings():
            # scipy warns about a repeated variable name (the last one wins) or a variable it
            # skips; neither makes the variables it returns wrong, so they are not errors.
            warnings.simplefilter("ignore", MatReadWarning)
            f.seek(0)
            whos = scipy.io.whosmat(f, chars_as_strings=False)
            f.seek(0)
            found = scipy.io.loadmat(f, chars_as_strings=False)
    except Exception as e:  # noqa: BLE001 - damaged bytes fail in scipy's reader with many
        # types (ValueError, zlib.error, struct.error, TypeError, …): each means the same
        reason = str(e).strip() or type(e).__name__
        raise DataError(f"{src}: the MAT-file is damaged and cannot be read ({reason})") from None
    classes = {name: cls for name, _, cls in whos}
    values = {k: v for k, v in found.items() if not k.startswith("__")}
    described = {k: MatVariable(k, tuple(int(s) for s in getattr(v, "shape", ())),
                                _kind(classes.get(k, "unknown"), v))
                 for k, v in values.items()}
    return MatContents(values, described)


def _kind(cls: str, value: object) -> str:
    """MATLAB's name for a value of MATLAB class ``cls``: "double", "complex double",
    "sparse logical", "inline object", …"""
    from scipy.sparse import issparse

    complex_ = getattr(getattr(value, "dtype", None), "kind", "") == "c"
    if issparse(value):
        inner = "logical" if cls == "logical" or value.dtype.kind == "b" else "double"
        return "sparse " + ("complex " if complex_ else "") + inner
    if cls == "object":
        return f"{getattr(value, 'classname', '')} object".lstrip()
    return ("complex " if complex_ else "") + cls


def mat_variables(path: str | os.PathLike[str]) -> list[MatVariable]:
    """The variables of a v5 MAT-file, in file order, for the import dialog's choice.

    DataError for a file that cannot be read (see `read_mat`).
    """
    return list(read_mat(path).variables.values())
