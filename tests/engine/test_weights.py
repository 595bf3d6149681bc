"""save_weights / load_weights: Theta1, Theta2, … in .npz, JSON and .mat, laid out as the
course's Octave code expects (s_{l+1} × (s_l + 1), bias in the first column), read back by
independent readers (numpy, scipy, json) and read from files written without bpengine
(scipy.io.savemat from a dict, a v5 file built byte by byte, JSON text typed here).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
import pytest
import scipy.io

import bpengine as bp
from bpengine.errors import DataError
from tests.engine.test_matload import mat_v5, v73_header


def thetas_for(sizes: list[int], seed: int = 0) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.normal(size=(b, a + 1)) for a, b in zip(sizes[:-1], sizes[1:])]


def error_of(path: Path, sizes=None) -> str:
    """The message of the DataError load_weights must raise; it names the file."""
    with pytest.raises(DataError) as info:
        bp.load_weights(path, sizes)
    msg = str(info.value)
    assert path.name in msg, msg
    return msg


def savemat(tmp_path: Path, variables: dict, name: str = "w.mat") -> Path:
    path = tmp_path / name
    scipy.io.savemat(path, variables)
    return path


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("suffix", [".npz", ".json", ".mat"])
def test_round_trip_is_exact(tmp_path, suffix):
    thetas = thetas_for([4, 3, 5, 2])
    thetas[0][1, 2] = 1e-300  # extremes survive as well
    thetas[1][0, 0] = -1.2345678901234567e300
    path = tmp_path / f"weights{suffix}"
    bp.save_weights(path, thetas)
    back = bp.load_weights(path, sizes=[4, 3, 5, 2])
    assert len(back) == 3
    for t, b in zip(thetas, back):
        assert b.dtype == np.float64 and b.flags.c_contiguous and b.flags.writeable
        np.testing.assert_array_equal(b, t)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary left


def test_npz_holds_theta_arrays_numpy_reads(tmp_path):
    thetas = thetas_for([2, 3, 1])
    bp.save_weights(tmp_path / "w.npz", thetas)
    with np.load(tmp_path / "w.npz", allow_pickle=False) as z:
        assert sorted(z.files) == ["Theta1", "Theta2"]
        np.testing.assert_array_equal(z["Theta1"], thetas[0])
        np.testing.assert_array_equal(z["Theta2"], thetas[1])


def test_mat_holds_octave_shaped_thetas_scipy_reads(tmp_path):
    thetas = thetas_for([400, 25, 10])
    bp.save_weights(tmp_path / "w.mat", thetas)
    found = scipy.io.loadmat(tmp_path / "w.mat")
    assert sorted(k for k in found if not k.startswith("__")) == ["Theta1", "Theta2"]
    # ex4.m: Theta1 is hidden × (input + 1) = 25×401, Theta2 10×26
    assert found["Theta1"].shape == (25, 401) and found["Theta2"].shape == (10, 26)
    assert found["Theta1"].dtype == np.float64
    np.testing.assert_array_equal(found["Theta1"], thetas[0])


def test_json_document_layout(tmp_path):
    thetas = [np.array([[0.5, -1.0, 2.0], [3.0, 0.25, -0.125]]), np.array([[1.0, 2.0, 3.0]])]
    bp.save_weights(tmp_path / "w.json", thetas)
    text = (tmp_path / "w.json").read_text(encoding="utf-8")
    assert json.loads(text) == {"format": "backprop-studio-weights", "version": 1,
                                "thetas": [[[0.5, -1.0, 2.0], [3.0, 0.25, -0.125]],
                                           [[1.0, 2.0, 3.0]]]}
    assert "      [0.5, -1.0, 2.0],\n" in text  # one row of a matrix per line


# --------------------------------------------------------------------------- files from elsewhere


def test_hand_built_v5_file_is_read_column_major(tmp_path):
    path = tmp_path / "hand.mat"
    path.write_bytes(mat_v5({"Theta1": np.array([[1.0, 2, 3], [4, 5, 6]]),
                             "Theta2": np.array([[7.0, 8, 9]])}))
    t1, t2 = bp.load_weights(path, sizes=[2, 2, 1])
    np.testing.assert_array_equal(t1, [[1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(t2, [[7, 8, 9]])


def test_course_shaped_file_written_by_scipy(tmp_path):
    rng = np.random.default_rng(4)
    t1, t2 = rng.normal(size=(25, 401)), rng.normal(size=(10, 26))
    path = savemat(tmp_path, {"Theta1": t1, "Theta2": t2, "note": "ex4 weights"})
    back = bp.load_weights(path, sizes=[400, 25, 10])
    np.testing.assert_array_equal(back[0], t1)
    np.testing.assert_array_equal(back[1], t2)


def test_course_xnor_network_computes_xnor(tmp_path):
    # The course's XNOR network (lecture "Examples and intuitions II"): hidden units
    # x1 AND x2 (−30, +20, +20) and (NOT x1) AND (NOT x2) (10, −20, −20), output OR
    # (−10, +20, +20); the first column multiplies the bias unit.
    path = tmp_path / "xnor.mat"
    path.write_bytes(mat_v5({"Theta1": np.array([[-30.0, 20, 20], [10, -20, -20]]),
                             "Theta2": np.array([[-10.0, 20, 20]])}))
    thetas = bp.load_weights(path, sizes=[2, 2, 1])
    X = np.array([[0.0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(np.round(bp.predict(thetas, X)), [[1], [0], [0], [1]])


# --------------------------------------------------------------------------- shapes


def test_theta1_only_for_a_three_layer_network(tmp_path):
    path = savemat(tmp_path, {"Theta1": np.ones((2, 3))})
    msg = error_of(path, sizes=[2, 2, 1])
    assert "has only Theta1, but this network (2-2-1) needs Theta1 and Theta2" in msg
    assert "Theta2 is missing" in msg


def test_more_matrices_than_layers(tmp_path):
    path = savemat(tmp_path, {"Theta1": np.ones((2, 3)), "Theta2": np.ones((1, 3))})
    msg = error_of(path, sizes=[2, 1])
    assert "has Theta1 and Theta2, but this network (2-1) has 2 layers and takes only Theta1" \
        in msg


@pytest.mark.parametrize("sizes, expected", [
    ([2, 4, 1], "Theta1 is 3×3, but this network (2-4-1) needs 4×3 for layer 1 → 2 "
                "(2 units + bias → 4 units)"),
    ([2, 3, 2], "Theta2 is 1×4, but this network (2-3-2) needs 2×4 for layer 2 → 3 "
                "(3 units + bias → 2 units)"),
    ([3, 3, 1], "Theta1 is 3×3, but this network (3-3-1) needs 3×4"),
])
def test_a_matrix_that_does_not_fit_names_the_layer(tmp_path, sizes, expected):
    path = savemat(tmp_path, {"Theta1": np.ones((3, 3)), "Theta2": np.ones((1, 4))})
    assert expected in error_of(path, sizes)


def test_a_transposed_matrix_is_pointed_out(tmp_path):
    path = savemat(tmp_path, {"Theta1": np.ones((2, 3))})
    assert ("Theta1 is 2×3 (it looks transposed), but this network (1-3) needs 3×2 for "
            "layer 1 → 2 (1 unit + bias → 3 units)") in error_of(path, [1, 3])


def test_matrices_that_do_not_chain(tmp_path):
    path = savemat(tmp_path, {"Theta1": np.ones((3, 3)), "Theta2": np.ones((1, 3))})
    assert ("Theta2 is 1×3, but Theta1 gives layer 2 3 units, so Theta2 needs 4 columns "
            "(3 units + bias)") in error_of(path)


def test_a_gap_in_the_names(tmp_path):
    path = savemat(tmp_path, {"Theta1": np.ones((2, 3)), "Theta3": np.ones((1, 3))})
    assert "has Theta3 but no Theta2" in error_of(path)
    np.savez(tmp_path / "w.npz", Theta1=np.ones((2, 3)), Theta99999999999=np.ones((1, 3)))
    assert "has Theta99999999999 but no Theta2" in error_of(tmp_path / "w.npz")


def test_no_thetas_lists_what_was_found(tmp_path):
    path = savemat(tmp_path, {"X": np.eye(2), "theta": np.eye(2)})
    assert ("has no weight matrices Theta1, Theta2, …; found: X (2×2 double), "
            "theta (2×2 double)") in error_of(path)
    np.savez(tmp_path / "w.npz", W1=np.eye(2))
    assert "found: W1" in error_of(tmp_path / "w.npz")


@pytest.mark.parametrize("theta, expected", [
    ("text", "Theta1 is text, not a matrix of real numbers"),
    ({"a": 1.0}, "Theta1 is a struct"),
    (np.array([[1 + 1j, 2]]), "Theta1 is complex"),
    (np.zeros((2, 2, 2)), "Theta1 is 2×2×2; a weight matrix has two dimensions"),
    (np.zeros((0, 3)), "Theta1 is 0×3"),
    (np.array([[1.0, 2], [3, np.nan]]), "Theta1 row 2, column 2 is NaN"),
    (np.array([[1.0, -np.inf]]), "Theta1 row 1, column 2 is infinite"),
])
def test_mat_matrices_that_are_not_weights(tmp_path, theta, expected):
    assert expected in error_of(savemat(tmp_path, {"Theta1": theta}))


def test_v73_weights_file(tmp_path):
    (tmp_path / "w.mat").write_bytes(v73_header())
    msg = error_of(tmp_path / "w.mat")
    assert "v7.3" in msg and "save -v7" in msg


# --------------------------------------------------------------------------- .npz


def test_npz_object_array_is_refused_unread(tmp_path):
    # a member whose header declares Python objects; its payload would be a pickle, so
    # none is written: refusing must not depend on reading it
    path = tmp_path / "w.npz"
    with zipfile.ZipFile(path, "w") as z, z.open("Theta1.npy", "w") as f:
        np.lib.format.write_array_header_1_0(
            f, {"descr": "|O", "fortran_order": False, "shape": (2, 3)})
        f.write(b"not a pickle")
    assert "Theta1 is an array of Python objects" in error_of(path)


@pytest.mark.parametrize("content, expected", [
    (b"", "is not an .npz archive"),
    (b"\x93NUMPY\x01\x00" + bytes(100), "is not an .npz archive"),
    (b"PK\x03\x04" + bytes(60), "the .npz archive is damaged"),
])
def test_npz_that_is_not_an_archive(tmp_path, content, expected):
    (tmp_path / "w.npz").write_bytes(content)
    assert expected in error_of(tmp_path / "w.npz")


def test_npz_cut_short(tmp_path):
    bp.save_weights(tmp_path / "w.npz", thetas_for([2, 2, 1]))
    data = (tmp_path / "w.npz").read_bytes()
    (tmp_path / "w.npz").write_bytes(data[: len(data) // 2])
    assert "damaged" in error_of(tmp_path / "w.npz")


# --------------------------------------------------------------------------- JSON


def _doc(thetas: str, head: str = '"format": "backprop-studio-weights", "version": 1') -> str:
    return f'{{{head}, "thetas": {thetas}}}'


@pytest.mark.parametrize("text, expected", [
    ('{"format": ', "line 1, column 12: not valid JSON"),
    (_doc("[[[1, NaN, 2]]]"), "Theta1 row 1, column 2 is NaN"),
    (_doc("[[[1, 2]], [[Infinity, 2, 3]]]"), "Theta2 row 1, column 1 is infinite"),
    (_doc("[[[1e999]]]"), "Theta1 row 1, column 1 is infinite"),
    (_doc(f"[[[{10**400}]]]"), "Theta1 row 1, column 1 is too large"),
    (_doc("[[[1, 2, 3], [4, 5]]]"), "Theta1 row 2 has 2 numbers but row 1 has 3"),
    (_doc('[[[1, "2", 3]]]'), 'Theta1 row 1, column 2 is the text "2", not a number'),
    (_doc("[[[1, true]]]"), "Theta1 row 1, column 2 is true, not a number"),
    (_doc("[[[null]]]"), "Theta1 row 1, column 1 is null, not a number"),
    (_doc("[[[1, 2, 3]], [[1], {}]]"), "Theta2 row 2 is an object"),
    (_doc("[[1, 2, 3]]"), "Theta1 row 1 is a number, not a list of numbers"),
    (_doc("[[[]]]"), "Theta1 row 1 is an empty list"),
    (_doc("[5]"), "Theta1 must be a list of rows, each a list of numbers, not a number"),
    (_doc("[]"), '"thetas" must be a list of weight matrices'),
    (_doc("[[[1]]]", '"version": 1'), "is not a Backprop Studio weights file"),
    ("[1, 2]", "is not a Backprop Studio weights file"),
    (_doc("[[[1]]]", '"format": "backprop-studio-weights", "version": 2'),
     "newer Backprop Studio (weights format version 2); this one reads version 1"),
    (_doc("[[[1]]]", '"format": "backprop-studio-weights", "version": "1"'),
     '"version" must be a whole number from 1, not the text "1"'),
])
def test_json_that_is_not_weights(tmp_path, text, expected):
    (tmp_path / "w.json").write_text(text, encoding="utf-8")
    assert expected in error_of(tmp_path / "w.json")


def test_json_that_is_not_utf8(tmp_path):
    (tmp_path / "w.json").write_bytes(_doc("[[[1]]]").encode() + b"\xff")
    assert "is not UTF-8 text" in error_of(tmp_path / "w.json")


def test_json_typed_by_hand_loads(tmp_path):
    (tmp_path / "w.json").write_text(_doc("[[[0, 1.5, -2], [3, 4e-1, 5]], [[6, 7, 8]]]"),
                                     encoding="utf-8")
    t1, t2 = bp.load_weights(tmp_path / "w.json", sizes=[2, 2, 1])
    np.testing.assert_array_equal(t1, [[0, 1.5, -2], [3, 0.4, 5]])
    np.testing.assert_array_equal(t2, [[6, 7, 8]])


# --------------------------------------------------------------------------- files and saving


def test_suffixes_and_missing_files(tmp_path):
    assert "weights are read from .npz, .json or .mat files, not .txt" in \
        error_of(tmp_path / "w.txt")
    assert "file not found" in error_of(tmp_path / "none.json")
    with pytest.raises(DataError, match="weights are saved as .npz, .json or .mat files, not "
                                        "a file without a suffix"):
        bp.save_weights(tmp_path / "weights", thetas_for([2, 1]))


@pytest.mark.parametrize("thetas, expected", [
    ([np.array([[1.0, np.nan]])], "Theta1 row 1, column 2 is NaN"),
    ([np.ones((3, 3)), np.ones((1, 3))], "Theta2 needs 4 columns"),
    ([np.ones(3)], "Theta1 is a list of 3 numbers; a weight matrix has two dimensions"),
    ([], "there are no weight matrices"),
])
def test_save_refuses_what_is_not_weights_and_keeps_the_old_file(tmp_path, thetas, expected):
    path = tmp_path / "w.json"
    bp.save_weights(path, thetas_for([2, 1]))
    before = path.read_bytes()
    with pytest.raises(DataError) as info:
        bp.save_weights(path, thetas)
    assert f"cannot save {path}" in str(info.value) and expected in str(info.value)
    assert path.read_bytes() == before


def test_save_into_a_missing_folder(tmp_path):
    with pytest.raises(DataError, match="cannot save .*No such file or directory"):
        bp.save_weights(tmp_path / "no" / "w.npz", thetas_for([2, 1]))


def test_save_replaces_a_file(tmp_path):
    path = tmp_path / "w.mat"
    bp.save_weights(path, thetas_for([2, 3, 1], seed=1))
    new = thetas_for([3, 1], seed=2)
    bp.save_weights(path, new)
    np.testing.assert_array_equal(bp.load_weights(path, [3, 1])[0], new[0])
    assert [p.name for p in tmp_path.iterdir()] == ["w.mat"]
