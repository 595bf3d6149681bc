"""load_mat and mat_variables: MATLAB v5 files of the course's kind load as a Dataset; every
bad file raises DataError naming the file and what was found.

Files are written either by scipy.io.savemat from a dict built in the test, or byte by byte
by `mat_v5` below, from the published format (MathWorks, "MAT-File Format", chapter 1), so
that the column-major reading is checked against a writer independent of scipy.
"""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import scipy.io
import scipy.sparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpengine as bp
from bpengine.errors import DataError
from bpengine.matcheck import checked_v5

# MAT-file v5 data types and array classes (MAT-File Format, tables 1-1 and 1-3)
MI_INT8, MI_UINT8, MI_UINT16, MI_INT32, MI_UINT32, MI_DOUBLE, MI_MATRIX = 1, 2, 4, 5, 6, 9, 14
MX_CHAR, MX_DOUBLE, MX_UINT8 = 4, 6, 9
LOGICAL = 0x02  # array flag bit (in the flags byte, next to the class byte)


def _element(e: str, mtype: int, data: bytes) -> bytes:
    """A data element: 8-byte tag (type, byte count), then the data padded to 8 bytes."""
    return struct.pack(e + "II", mtype, len(data)) + data + b"\0" * (-len(data) % 8)


def _matrix(e: str, name: str, a: np.ndarray, logical: bool = False) -> bytes:
    """One miMATRIX element: array flags, dimensions, name, real part in column-major order."""
    if a.dtype.kind == "U":
        mclass, mtype, fmt = MX_CHAR, MI_UINT16, "H"
        values = [ord(c) for c in a.T.reshape(-1)]
    elif a.dtype == np.uint8:
        mclass, mtype, fmt, values = MX_UINT8, MI_UINT8, "B", a.T.reshape(-1).tolist()
    else:
        mclass, mtype, fmt, values = MX_DOUBLE, MI_DOUBLE, "d", a.T.reshape(-1).tolist()
    flags = mclass | ((LOGICAL if logical else 0) << 8)
    body = (_element(e, MI_UINT32, struct.pack(e + "II", flags, 0))
            + _element(e, MI_INT32, struct.pack(e + f"{a.ndim}i", *a.shape))
            + _element(e, MI_INT8, name.encode("ascii"))
            + _element(e, mtype, struct.pack(e + f"{len(values)}{fmt}", *values)))
    return struct.pack(e + "II", MI_MATRIX, len(body)) + body


def mat_v5(variables: dict[str, np.ndarray], big_endian: bool = False,
           logical: tuple[str, ...] = ()) -> bytes:
    """A v5 MAT-file built byte by byte: the 128-byte header, then one miMATRIX per variable.

    Header: 116 bytes of text, 8 bytes of subsystem offset, version 0x0100 and the endian
    indicator, both written as 16-bit integers in the file's byte order ("IM" on disk for a
    little-endian file, "MI" for a big-endian one).
    """
    e = ">" if big_endian else "<"
    text = b"MATLAB 5.0 MAT-file, written by hand for a test".ljust(116, b" ")
    header = text + b"\0" * 8 + struct.pack(e + "H", 0x0100) + struct.pack(e + "H", 0x4D49)
    return header + b"".join(_matrix(e, k, np.asarray(v), k in logical)
                             for k, v in variables.items())


def v73_header(with_text: bool = True) -> bytes:
    """The start of a MATLAB v7.3 file: a 128-byte MAT header, user block up to 512, then
    the HDF5 signature where an HDF5 reader looks for it."""
    text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 "
    text = (text + b"schema 1.00 .") if with_text else b"some user block"
    header = text.ljust(116, b" ") + b"\0" * 8 + struct.pack("<H", 0x0200) + b"IM"
    return header.ljust(512, b"\0") + b"\x89HDF\r\n\x1a\n" + bytes(range(64))


def write(tmp_path: Path, content: bytes | dict, name: str = "data.mat") -> Path:
    """Write bytes as they are, or a dict of variables with scipy.io.savemat."""
    path = tmp_path / name
    if isinstance(content, dict):
        scipy.io.savemat(path, content)
    else:
        path.write_bytes(content)
    return path


def error_of(path: Path, *args, **kw) -> str:
    """The message of the DataError load_mat must raise; it names the file."""
    with pytest.raises(DataError) as info:
        bp.load_mat(path, *args, **kw)
    msg = str(info.value)
    assert path.name in msg, msg
    return msg


def course_like(m: int = 60, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """X m×400 in the course's range and y m×1 with every label 1…10."""
    rng = np.random.default_rng(seed)
    y = np.concatenate([np.arange(1, 11), rng.integers(1, 11, m - 10)]).astype(float)
    return rng.uniform(-0.13, 1.13, (m, 400)), y.reshape(-1, 1)


# --------------------------------------------------------------------------- good files


def test_course_file_digits_with_ten_for_zero(tmp_path):
    X, y = course_like()
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": y}, "ex4data1.mat"))
    assert (ds.m, ds.n, ds.K) == (60, 400, 10)
    np.testing.assert_array_equal(ds.X, X)
    # the course's order is kept (output unit k ↔ label k); label 10 is named "0"
    assert ds.class_names == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
    np.testing.assert_array_equal(ds.labels, y.ravel() - 1)
    digits = [ds.class_names[i] for i in ds.labels]
    assert digits == [str(int(v) % 10) for v in y.ravel()]  # 10 ↦ "0", k ↦ "k"
    np.testing.assert_array_equal(ds.Y, np.eye(10)[(y.ravel() - 1).astype(int)])
    assert ds.image_shape == (20, 20) and ds.image_order == "F"
    assert ds.name == "ex4data1.mat"
    assert ds.notes[0] == "Variables X (60×400 double) and y (60×1 double)"
    assert "Labels 1…10: 10 stands for the digit 0" in ds.notes


def test_20x20_images_are_read_column_by_column_as_matlab_stores_them(tmp_path):
    # an "L": a vertical bar down column 3 and a foot along row 18 (1-based)
    img = np.zeros((20, 20))
    img[2:18, 2] = 1.0
    img[17, 2:12] = 0.5
    X, y = course_like(10)
    X[0] = img.reshape(-1, order="F")  # MATLAB's X(1,:) = img(:)'
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": y}))
    shown = ds.X[0].reshape(ds.image_shape, order=ds.image_order)
    np.testing.assert_array_equal(shown, img)
    assert shown[10, 2] == 1.0 and shown[2, 10] == 0.0  # the bar is vertical, not transposed


@pytest.mark.parametrize("big_endian", [False, True])
def test_hand_built_file_is_read_column_major(tmp_path, big_endian):
    X = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]])
    data = mat_v5({"X": X, "y": np.array([[1], [2]], dtype=np.uint8)}, big_endian)
    # column-major on disk: the doubles of X follow in the order 1, 4, 2, 5, 3, 6.5
    assert struct.pack((">" if big_endian else "<") + "6d", 1, 4, 2, 5, 3, 6.5) in data
    ds = bp.load_mat(write(tmp_path, data))
    np.testing.assert_array_equal(ds.X, [[1, 2, 3], [4, 5, 6.5]])
    assert ds.class_names == ["1", "2"]
    np.testing.assert_array_equal(ds.Y, [[0.0], [1.0]])
    assert ds.notes == ("Variables X (2×3 double) and y (2×1 uint8)",
                        "Two classes: label 2 is y = 1, label 1 is y = 0")
    assert ds.image_shape is None


def test_labels_from_zero_keep_their_values_as_names(tmp_path):
    X = np.arange(12.0).reshape(6, 2)
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": np.array([0, 2, 1, 2, 0, 1])}))
    assert ds.class_names == ["0", "1", "2"]
    np.testing.assert_array_equal(ds.labels, [0, 2, 1, 2, 0, 1])


def test_other_integer_labels_are_sorted_names(tmp_path):
    X = np.arange(10.0).reshape(5, 2)
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": np.array([[7], [-1], [3], [7], [-1]])}))
    assert ds.class_names == ["-1", "3", "7"]
    np.testing.assert_array_equal(ds.labels, [2, 0, 1, 2, 0])


def test_labels_1_to_10_without_image_size_are_still_digits(tmp_path):
    X = np.arange(20.0).reshape(10, 2)
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": np.arange(1, 11)}))
    assert ds.class_names[-1] == "0" and ds.image_shape is None


def test_logical_labels_and_a_row_vector(tmp_path):
    data = mat_v5({"X": np.array([[0.0], [1.0], [2.0]]),
                   "y": np.array([[1, 0, 1]], dtype=np.uint8)}, logical=("y",))
    path = write(tmp_path, data)
    assert [str(v) for v in bp.mat_variables(path)] == ["X (3×1 double)", "y (1×3 logical)"]
    ds = bp.load_mat(path)
    assert ds.class_names == ["0", "1"]
    np.testing.assert_array_equal(ds.Y, [[1.0], [0.0], [1.0]])


def test_8x8_digits_are_images_when_they_look_like_the_uci_digits(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.integers(0, 17, (20, 64)).astype(float)
    y = np.arange(20) % 10
    ds = bp.load_mat(write(tmp_path, {"X": X, "y": y}))
    assert ds.image_shape == (8, 8) and ds.image_order == "C"
    ds = bp.load_mat(write(tmp_path, {"X": X + 0.5, "y": y}, "other.mat"))
    assert ds.image_shape is None  # not values 0…16: cannot tell it is an image


def test_other_names_when_only_one_matrix_and_label_vector_fit(tmp_path):
    X, y = course_like(12)
    path = write(tmp_path, {"pixels": X, "digit": y.astype(np.uint8), "title": "digits"})
    ds = bp.load_mat(path)
    np.testing.assert_array_equal(ds.X, X)
    assert ds.notes[0] == ("Variables pixels (12×400 double) and digit (12×1 uint8) "
                           "(the only matrix and label vector that fit)")


def test_ambiguous_names_list_what_was_found_then_a_choice_loads(tmp_path):
    rng = np.random.default_rng(2)
    A, C = rng.random((5, 4)), rng.random((5, 3))
    b = np.array([[1], [2], [1], [2], [2]], dtype=np.uint8)
    path = write(tmp_path, {"A": A, "b": b, "C": C}, "ex.mat")
    msg = error_of(path)
    assert "has no variable X or y" in msg
    assert "found: A (5×4 double), b (5×1 uint8), C (5×3 double)" in msg
    assert "x=" in msg and "y=" in msg
    ds = bp.load_mat(path, x="C", y="b")
    np.testing.assert_array_equal(ds.X, C)
    assert ds.notes[0] == "Variables C (5×3 double) and b (5×1 uint8)"


def test_a_variable_named_that_is_not_there(tmp_path):
    path = write(tmp_path, {"X": np.eye(3), "y": np.array([1.0, 2, 1])})
    msg = error_of(path, x="Q")
    assert "has no variable Q" in msg and "found: X (3×3 double), y (1×3 double)" in msg


def test_mat_variables_names_shapes_and_classes(tmp_path):
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0], cell[0, 1] = np.eye(2), "a"
    path = write(tmp_path, {
        "d": np.zeros((2, 3)), "s": np.ones((4, 1), dtype=np.float32),
        "i": np.zeros((1, 2), dtype=np.int16), "u": np.zeros((3, 3), dtype=np.uint8),
        "b": np.array([[True, False]]), "c": np.array([[1 + 2j]]), "t": "hello",
        "k": cell, "st": {"a": 1.0}, "sp": scipy.sparse.eye(3, format="csc"),
    })
    found = bp.mat_variables(path)
    assert all(isinstance(v, bp.MatVariable) for v in found)
    assert [(v.name, v.shape, v.kind) for v in found] == [
        ("d", (2, 3), "double"), ("s", (4, 1), "single"), ("i", (1, 2), "int16"),
        ("u", (3, 3), "uint8"), ("b", (1, 2), "logical"), ("c", (1, 1), "complex double"),
        ("t", (1, 5), "char"), ("k", (1, 2), "cell"), ("st", (1, 1), "struct"),
        ("sp", (3, 3), "sparse double"),
    ]


# --------------------------------------------------------------------------- bad files


def test_v73_hdf5_file_says_how_to_resave(tmp_path):
    for with_text in (True, False):
        msg = error_of(write(tmp_path, v73_header(with_text), "big.mat"))
        assert "v7.3" in msg and "HDF5" in msg and "save -v7" in msg, msg
    assert "v7.3" in str(pytest.raises(DataError, bp.mat_variables, tmp_path / "big.mat").value)


@pytest.mark.parametrize("content, found", [
    (b"", "the file is empty"),
    (b"x1,x2,label\n1,2,0\n" * 20, "begins with the text 'x1,x2,label"),
    (bytes(np.random.default_rng(3).integers(1, 256, 700, dtype=np.uint8)), "first bytes are"),
    (b"MATLAB 5.0 MAT-file".ljust(100, b" "), "not a MATLAB v5 MAT-file"),
    (b"\x89HDF\r\n\x1a\n" + bytes(600), "HDF5 file, not a MATLAB MAT-file"),
])
def test_files_that_are_not_mat_files(tmp_path, content, found):
    msg = error_of(write(tmp_path, content))
    assert found in msg, msg


def test_missing_file_and_folder(tmp_path):
    assert "file not found" in error_of(tmp_path / "nope.mat")
    (tmp_path / "dir.mat").mkdir()
    assert "is a folder" in error_of(tmp_path / "dir.mat")


@pytest.mark.parametrize("variables, found", [
    ({"t": "some text"}, "found: t (1×9 char); none is a 2-D numeric matrix"),
    ({"k": np.array([[1.0, "a"]], dtype=object)}, "found: k (1×2 cell); none is"),
    ({"st": {"X": np.eye(2)}}, "found: st (1×1 struct); none is"),
    ({}, "found: no variables"),
    ({"A": np.eye(3), "b": np.array([0.5, 1.5, 1.0])}, "no vector holds one whole-number"),
])
def test_files_without_usable_examples(tmp_path, variables, found):
    msg = error_of(write(tmp_path, variables))
    assert found in msg, msg


@pytest.mark.parametrize("variables, found", [
    ({"X": np.zeros((5, 4, 3)), "y": np.arange(5)}, "X (5×4×3 double) is 3-D"),
    ({"X": {"a": 1.0}, "y": np.arange(5)}, "X (1×1 struct) is not a numeric matrix"),
    ({"X": "text", "y": np.arange(5)}, "X (1×4 char) is not a numeric matrix"),
    ({"X": np.array([[1 + 1j, 2]]), "y": np.arange(1)}, "X (1×2 complex double) is not"),
    ({"X": scipy.sparse.eye(3, format="csc"), "y": np.arange(3)}, "full(X)"),
    ({"X": np.zeros((0, 3)), "y": np.arange(0)}, "X (0×3 double) is empty"),
    ({"X": np.array([[1.0, 2, 3], [4, 5, np.nan]]), "y": np.arange(2)}, "X(2, 3) is NaN"),
    ({"X": np.array([[1.0, -np.inf]]), "y": np.arange(1)}, "X(1, 2) is -Inf"),
    ({"X": np.eye(4), "y": np.array([1, 2, 3, 1.5])}, "y(4) is 1.5; the labels must be whole"),
    ({"X": np.eye(4), "y": np.array([1, np.nan, 3, 1])}, "y(2) is NaN"),
    ({"X": np.eye(4), "y": np.arange(5)}, "y has 5 labels but X has 4 rows"),
    ({"X": np.eye(4), "y": np.ones((4, 2))}, "y (4×2 double) is not a vector"),
    ({"X": np.eye(4), "y": "abcd"}, "y (1×4 char) is not numeric"),
    ({"X": np.eye(4), "y": np.full(4, 3.0)}, "every label in y is 3; need at least 2 classes"),
    ({"X": np.zeros((1001, 1)), "y": np.arange(1001)}, "1001 different values"),
])
def test_bad_x_or_y(tmp_path, variables, found):
    msg = error_of(write(tmp_path, variables))
    assert found in msg, msg


def test_damaged_files(tmp_path):
    X, y = course_like(20)
    whole = write(tmp_path, {"X": X, "y": y}).read_bytes()
    assert "damaged" in error_of(write(tmp_path, whole[: len(whole) // 2], "cut.mat"))
    scipy.io.savemat(tmp_path / "z.mat", {"X": X, "y": y}, do_compression=True)
    z = bytearray((tmp_path / "z.mat").read_bytes())
    z[400:420] = bytes(20)  # inside the compressed stream of X
    assert "damaged" in error_of(write(tmp_path, bytes(z), "zbad.mat"))


def test_compressed_file_with_cells_and_structs(tmp_path):
    X, y = course_like(30)
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0], cell[0, 1] = np.eye(2), "ab"
    path = tmp_path / "v7.mat"
    scipy.io.savemat(path, {"X": X, "y": y, "c": cell, "s": {"a": 1.0}}, do_compression=True)
    assert [str(v) for v in bp.mat_variables(path)] == [
        "X (30×400 double)", "y (30×1 double)", "c (1×2 cell)", "s (1×1 struct)"]
    np.testing.assert_array_equal(bp.load_mat(path).X, X)


def test_a_bad_data_type_code_is_an_error_not_a_crash(tmp_path):
    # scipy 1.17 indexes a 20-entry table with this code unchecked: a segmentation fault.
    # Run in a child process so that a crash fails this test instead of ending the run.
    data = bytearray(mat_v5({"X": np.eye(2), "y": np.array([[1], [2]], dtype=np.uint8)}))
    y_values_tag = len(data) - 16  # y's last element: an 8-byte tag, 2 bytes padded to 8
    assert struct.unpack_from("<II", data, y_values_tag) == (MI_UINT8, 2)
    data[y_values_tag] = 154  # not a MAT-file data type
    path = write(tmp_path, bytes(data), "crafted.mat")
    code = ("import sys, bpengine as bp\n"
            "try:\n    bp.load_mat(sys.argv[1])\n"
            "except bp.DataError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert "crafted.mat" in done.stdout and "unknown data type 154" in done.stdout
    assert "damaged" in done.stdout and "variable y" in done.stdout


def test_function_handles_are_refused_by_name(tmp_path):
    data = bytearray(mat_v5({"f": np.zeros((1, 1))}))
    assert data[128 + 16] == MX_DOUBLE  # the class byte of the first variable's array flags
    data[128 + 16] = 16  # mxFUNCTION_CLASS
    msg = error_of(write(tmp_path, bytes(data)))
    assert "variable f holds a function handle, which is not read here" in msg


def _compressed(element: bytes, tail: bytes = b"") -> bytes:
    """A miCOMPRESSED element (data type 15) holding the zlib stream of ``element``."""
    packed = zlib.compress(element) + tail
    return struct.pack("<II", 15, len(packed)) + packed


def test_compressed_variables_built_by_hand(tmp_path):
    plain = mat_v5({"X": np.arange(6.0).reshape(3, 2), "y": np.array([[1], [2], [1]], np.uint8)})
    x_end = 128 + 8 + struct.unpack_from("<I", plain, 132)[0]
    header, x, y = plain[:128], plain[128:x_end], plain[x_end:]
    # junk after the end of a zlib stream is ignored (zlib hands it back forever if fed again)
    ds = bp.load_mat(write(tmp_path, header + _compressed(x, b"junk") + _compressed(y)))
    np.testing.assert_array_equal(ds.X, [[0, 1], [2, 3], [4, 5]])
    # a tag claiming 4 GB from a few bytes is refused before anything is allocated
    huge = struct.pack("<II", MI_MATRIX, 2**32 - 8) + x[8:]
    msg = error_of(write(tmp_path, header + _compressed(huge), "huge.mat"))
    assert "inflates to more than 2 GB" in msg
    huge = struct.pack("<II", MI_MATRIX, 2**30) + x[8:]
    msg = error_of(write(tmp_path, header + _compressed(huge), "claims.mat"))
    assert "claims more than its compressed bytes can hold" in msg


def test_a_file_that_shrinks_while_read_is_an_error_not_a_crash(tmp_path):
    # the values of a large matrix are left in the file after the check and read by scipy
    # later; if the file has been cut short meanwhile, scipy finds too few bytes and raises
    X, y = course_like(50)
    path = write(tmp_path, {"X": X, "y": y})
    with open(path, "rb") as f:
        stream = checked_v5(f, f.read(520), str(path))
        with open(path, "r+b") as g:
            g.truncate(path.stat().st_size // 2)
        with pytest.raises(OSError, match="could not read bytes"):
            scipy.io.loadmat(stream)


def _good_files() -> list[bytes]:
    """A hand-built file, and a scipy-written one with a cell, a struct, text and a sparse
    matrix, plain and compressed: the seeds of the damage test."""
    cell = np.empty((1, 2), dtype=object)
    cell[0, 0], cell[0, 1] = np.eye(2), "ab"
    rich = {"X": np.arange(6.0).reshape(3, 2), "y": np.array([1.0, 2, 1]), "c": cell,
            "s": {"a": 1.0}, "t": "hi", "sp": scipy.sparse.eye(2, format="csc")}
    files = [mat_v5({"X": np.arange(6.0).reshape(3, 2), "y": np.array([[1], [2], [1]], np.uint8)})]
    for compress in (False, True):
        out = io.BytesIO()
        scipy.io.savemat(out, rich, do_compression=compress)
        files.append(out.getvalue())
    return files


_GOOD = _good_files()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, len(_GOOD) - 1), cut=st.floats(0, 1),
       changes=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), min_size=1, max_size=4))
def test_any_damage_is_a_data_error_or_a_dataset(tmp_path, which, cut, changes):
    data = bytearray(_GOOD[which])
    for where, byte in changes:
        data[int(where * (len(data) - 1))] = byte
    path = write(tmp_path, bytes(data[:max(1, round(cut * len(data)))]), "fuzz.mat")
    try:
        ds = bp.load_mat(path)
    except DataError as e:
        assert "fuzz.mat" in str(e)
    else:
        assert isinstance(ds, bp.Dataset)
