"""Export and import a network's weight matrices Θ⁽¹⁾ … Θ⁽ᴸ⁻¹⁾ as .npz, JSON or .mat.

Every format names the matrices Theta1, Theta2, … (Θ⁽¹⁾ first) and lays each out as the
course's Octave code expects: Theta_l is s_{l+1} × (s_l + 1), float64, the bias weights in
its first column (MATLAB's column 1, numpy's column 0). The course's ex4weights.mat, for the
400-25-10 network, holds Theta1 25×401 and Theta2 10×26.

Formats, chosen by the file's suffix:
  .npz   numpy archive with arrays "Theta1", "Theta2", …; read with allow_pickle=False, so
         an array of Python objects is refused, never unpickled.
  .mat   MATLAB v5 MAT-file with matrices Theta1, Theta2, … (Octave: ``load file.mat``).
  .json  UTF-8 text::

             {"format": "backprop-studio-weights", "version": 1,
              "thetas": [Theta1, Theta2, …]}

         each Theta a list of its rows, each row a list of numbers: Theta1 of the 2-2-1
         XOR network is [[b1, w11, w12], [b2, w21, w22]]. Only finite numbers (no NaN,
         Infinity); every row of a matrix as long as its first.

Files are written atomically (a temporary file in the same folder, then os.replace), so a
failed export never leaves half a file. Importing checks that consecutive matrices fit
(Theta_{l+1} has one column more than Theta_l has rows) and, given the layer sizes, that
every matrix fits that network, naming the layer that does not.
"""

from __future__ import annotations

import json
import os
import re
import uuid
import zipfile
import zlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from bpengine.errors import DataError
from bpengine.matfile import dims, read_mat

__all__ = ["load_weights", "save_weights"]

FORMAT = "backprop-studio-weights"
VERSION = 1
_SUFFIXES = (".npz", ".json", ".mat")
_NAME = re.compile(r"Theta([1-9][0-9]*)")


# --------------------------------------------------------------------------- checks


def _matrix(a: object, name: str, src: str) -> np.ndarray:
    """``a`` as a new C-contiguous float64 2-D array; DataError unless it is a finite matrix."""
    if type(a) is not np.ndarray or a.dtype.kind not in "iuf":
        raise DataError(f"{src}: {name} is {_describe(a)}, not a matrix of real numbers")
    if a.ndim != 2 or a.size == 0:
        shape = {0: "a single number", 1: f"a list of {a.size} numbers"}.get(a.ndim,
                                                                             dims(a.shape))
        raise DataError(f"{src}: {name} is {shape}; a weight matrix has two dimensions, "
                        "rows × columns, none of them 0")
    t = np.array(a, dtype=np.float64, order="C")
    if not np.isfinite(t).all():
        i, j = np.argwhere(~np.isfinite(t))[0]
        bad = "NaN" if np.isnan(t[i, j]) else "infinite"
        raise DataError(f"{src}: {name} row {i + 1}, column {j + 1} is {bad}; weights must be "
                        "finite numbers")
    return t


def _describe(a: object) -> str:
    """What a value that is not a real numeric array is, in words."""
    if not isinstance(a, np.ndarray):
        return type(a).__name__
    dt = a.dtype
    if dt.names:
        return "a struct"
    return {"O": "an array of objects (a cell)", "U": "text", "S": "text", "b": "logical",
            "c": "complex"}.get(dt.kind, f"of type {dt.name}")


def _check_chain(thetas: Sequence[np.ndarray], src: str) -> None:
    """DataError unless each Theta_{l+1} has one column more (the bias) than Theta_l has rows."""
    for l in range(1, len(thetas)):
        units = thetas[l - 1].shape[0]
        if thetas[l].shape[1] != units + 1:
            raise DataError(
                f"{src}: Theta{l + 1} is {dims(thetas[l].shape)}, but Theta{l} gives layer "
                f"{l + 1} {_units(units)}, so Theta{l + 1} needs {units + 1} columns "
                f"({_units(units)} + bias)")


def _units(n: int) -> str:
    return f"{n} unit" if n == 1 else f"{n} units"


def _names(k: int) -> str:
    """"Theta1", "Theta1 and Theta2", "Theta1 … Theta4"."""
    return {1: "Theta1", 2: "Theta1 and Theta2"}.get(k, f"Theta1 … Theta{k}")


def _check_sizes(thetas: Sequence[np.ndarray], sizes: Sequence[int], src: str) -> None:
    """DataError unless there is one Theta_l of shape s_{l+1} × (s_l + 1) per layer l < L."""
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"a network has at least two layers of at least one unit each, "
                         f"not the layer sizes {sizes}")
    net = f"this network ({'-'.join(map(str, sizes))})"
    need = len(sizes) - 1
    if len(thetas) < need:
        have = "only Theta1" if len(thetas) == 1 else _names(len(thetas))
        raise DataError(f"{src} has {have}, but {net} needs {_names(need)}: "
                        f"Theta{len(thetas) + 1} is missing")
    if len(thetas) > need:
        raise DataError(f"{src} has {_names(len(thetas))}, but {net} has {len(sizes)} layers "
                        f"and takes {'only ' if need == 1 else ''}{_names(need)}")
    for l, (t, s_in, s_out) in enumerate(zip(thetas, sizes[:-1], sizes[1:]), start=1):
        want = (s_out, s_in + 1)
        if t.shape != want:
            hint = " (it looks transposed)" if t.shape == want[::-1] else ""
            raise DataError(
                f"{src}: Theta{l} is {dims(t.shape)}{hint}, but {net} needs {dims(want)} for "
                f"layer {l} → {l + 1} ({_units(s_in)} + bias → {_units(s_out)})")


def _from_named(arrays: Mapping[str, object], src: str, listing: str) -> list[np.ndarray]:
    """Theta1, Theta2, … from a name → array mapping; other names are ignored."""
    numbers = sorted(int(m.group(1)) for k in arrays if (m := _NAME.fullmatch(k)))
    if not numbers:
        raise DataError(f"{src} has no weight matrices Theta1, Theta2, …; found: {listing}")
    if numbers != list(range(1, len(numbers) + 1)):
        gap = next(k for k, n in enumerate(numbers, start=1) if k != n)
        raise DataError(f"{src} has Theta{numbers[-1]} but no Theta{gap}")
    return [_matrix(arrays[f"Theta{k}"], f"Theta{k}", src) for k in numbers]


# --------------------------------------------------------------------------- reading


def _npz_member(z, key: str, src: str) -> object:
    """One array of an open .npz archive; DataError for an array of Python objects.

    np.load(allow_pickle=False) refuses those too, with a message meant for programmers;
    reading the .npy header first lets this one say what it is.
    """
    member = key + ".npy" if key + ".npy" in z.zip.namelist() else key
    with z.zip.open(member) as fh:
        version = np.lib.format.read_magic(fh)
        header = {(1, 0): np.lib.format.read_array_header_1_0,
                  (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if header is not None and header(fh)[2].hasobject:
            raise DataError(f"{src}: {key} is an array of Python objects, which could only be "
                            "read by unpickling it; it is refused")
    return z[key]


def _load_npz(p: Path, src: str) -> list[np.ndarray]:
    """Theta1, Theta2, … from an .npz archive, read with allow_pickle=False."""
    with open(p, "rb") as f:
        if f.read(4) != b"PK\x03\x04":
            raise DataError(f"{src} is not an .npz archive (numpy's zip of arrays)")
        f.seek(0)
        try:
            with np.load(f, allow_pickle=False) as z:
                listing = ", ".join(z.files) or "nothing"
                arrays = {k: _npz_member(z, k, src) for k in z.files if _NAME.fullmatch(k)}
        except (ValueError, EOFError, KeyError, RuntimeError, NotImplementedError,
                zipfile.BadZipFile, zlib.error) as e:  # RuntimeError: an encrypted member
            raise DataError(f"{src}: the .npz archive is damaged ({e})") from None
    return _from_named(arrays, src, listing)


def _json_type(v: object) -> str:
    """A JSON value's kind, in words, for a message."""
    if isinstance(v, str):
        return f"the text {json.dumps(v)[:40]}"
    return {dict: "an object {…}", list: "a list", bool: json.dumps(v),
            type(None): "null"}.get(type(v), "a number")


def _json_matrix(rows: object, name: str, src: str) -> np.ndarray:
    """A list of equally long rows of numbers as a float64 matrix; DataError naming the row."""
    if not isinstance(rows, list) or not rows:
        raise DataError(f"{src}: {name} must be a list of rows, each a list of numbers, "
                        f"not {_json_type(rows)}")
    width = None
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, list) or not row:
            what = "an empty list" if row == [] else _json_type(row)
            raise DataError(f"{src}: {name} row {i} is {what}, not a list of numbers")
        if width is None:
            width = len(row)
        elif len(row) != width:
            raise DataError(f"{src}: {name} row {i} has {len(row)} numbers but row 1 has "
                            f"{width}")
        for j, v in enumerate(row, start=1):
            if type(v) not in (int, float) or (type(v) is int and abs(v) > 2**1023):
                what = "too large" if type(v) is int else _json_type(v)
                raise DataError(f"{src}: {name} row {i}, column {j} is {what}, not a number")
    return _matrix(np.array(rows, dtype=np.float64), name, src)


def _load_json(p: Path, src: str) -> list[np.ndarray]:
    """Theta1, Theta2, … from the JSON format described at the top of this module."""
    try:
        doc = json.loads(p.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise DataError(f"{src}: byte {e.start + 1} is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise DataError(f"{src}, line {e.lineno}, column {e.colno}: not valid JSON "
                        f"({e.msg})") from None
    except RecursionError:
        raise DataError(f"{src}: the JSON is nested too deeply to be weights") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DataError(f'{src} is not a Backprop Studio weights file (it lacks "format": '
                        f'"{FORMAT}")')
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise DataError(f'{src}: "version" must be a whole number from 1, not '
                        f"{_json_type(version)}")
    if version > VERSION:
        raise DataError(f"{src} was written by a newer Backprop Studio (weights format version "
                        f"{version}); this one reads version {VERSION}")
    thetas = doc.get("thetas")
    if not isinstance(thetas, list) or not thetas:
        raise DataError(f'{src}: "thetas" must be a list of weight matrices, Theta1 first')
    return [_json_matrix(t, f"Theta{l}", src) for l, t in enumerate(thetas, start=1)]


def _suffix(p: Path, src: str, verb: str) -> str:
    suffix = p.suffix.lower()
    if suffix not in _SUFFIXES:
        raise DataError(f"{src}: weights are {verb} .npz, .json or .mat files, not "
                        f"{suffix or 'a file without a suffix'}")
    return suffix


def load_weights(path: str | os.PathLike[str],
                 sizes: Sequence[int] | None = None) -> list[np.ndarray]:
    """Read Theta1, Theta2, … from an .npz, JSON or .mat file (by suffix).

    Returns [Θ⁽¹⁾, Θ⁽²⁾, …], new C-contiguous float64 arrays, Θ⁽ˡ⁾ of shape
    s_{l+1} × (s_l + 1) with the bias weights in column 0. With ``sizes`` = [s₁, …, s_L],
    the file must hold exactly L − 1 matrices of those shapes.

    Raises DataError naming the file, and the matrix, row or layer that is wrong.
    """
    p, src = Path(path), str(path)
    suffix = _suffix(p, src, "read from")
    try:
        if suffix == ".mat":
            mat = read_mat(p)
            thetas = _from_named(mat.values, src, mat.listing())
        elif suffix == ".npz":
            thetas = _load_npz(p, src)
        else:
            thetas = _load_json(p, src)
    except FileNotFoundError:
        raise DataError(f"{src}: file not found") from None
    except IsADirectoryError:
        raise DataError(f"{src} is a folder, not a weights file") from None
    except OSError as e:
        raise DataError(f"{src}: cannot read the file ({e.strerror or e})") from None
    if sizes is None:
        _check_chain(thetas, src)
    else:
        _check_sizes(thetas, sizes, src)
    return thetas


# --------------------------------------------------------------------------- writing


def _json_bytes(thetas: Sequence[np.ndarray]) -> bytes:
    """The JSON document, one row of a matrix per line; floats as repr (exact round trip)."""
    mats = [",\n".join("      " + json.dumps(row, allow_nan=False) for row in t.tolist())
            for t in thetas]
    body = ",\n".join(f"    [\n{m}\n    ]" for m in mats)
    head = f'  "format": "{FORMAT}",\n  "version": {VERSION},\n'
    return f'{{\n{head}  "thetas": [\n{body}\n  ]\n}}\n'.encode()


def _write_mat(f, named: dict[str, np.ndarray]) -> None:
    import scipy.io  # here, not at the top: importing scipy.io costs ~0.2 s at start-up

    scipy.io.savemat(f, named, format="5", oned_as="column")


def _write_atomic(p: Path, write: Callable) -> None:
    """Write through ``write(file)`` to a temporary file beside ``p``, then replace ``p``."""
    tmp = p.with_name(f".{p.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        with open(tmp, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    finally:
        if tmp.exists():
            tmp.unlink()


def save_weights(path: str | os.PathLike[str], thetas: Sequence[np.ndarray]) -> None:
    """Write [Θ⁽¹⁾, Θ⁽²⁾, …] as Theta1, Theta2, … to an .npz, JSON or .mat file (by suffix).

    Each Θ⁽ˡ⁾ is s_{l+1} × (s_l + 1), finite; they are written as float64. Raises DataError
    for another suffix, weights that are not such matrices, or a file that cannot be written.
    """
    p, src = Path(path), str(path)
    suffix = _suffix(p, src, "saved as")
    who = f"cannot save {src}"
    ts = [_matrix(np.asarray(t), f"Theta{l}", who) for l, t in enumerate(thetas, start=1)]
    if not ts:
        raise DataError(f"{who}: there are no weight matrices")
    _check_chain(ts, who)
    named = {f"Theta{l}": t for l, t in enumerate(ts, start=1)}
    writers = {".npz": lambda f: np.savez(f, **named), ".mat": lambda f: _write_mat(f, named),
               ".json": lambda f: f.write(_json_bytes(ts))}
    try:
        _write_atomic(p, writers[suffix])
    except OSError as e:
        raise DataError(f"{who} ({e.strerror or e})") from None
