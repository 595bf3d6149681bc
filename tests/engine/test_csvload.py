"""load_csv: good files load exactly; every malformed file raises DataError naming
the file, the 1-based line and column, and the problem.

Expected lines and columns are counted by hand from the text written in each test.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpengine.csvload import load_csv
from bpengine.dataset import Dataset
from bpengine.errors import DataError


def write(tmp_path: Path, content: str | bytes, name: str = "data.csv") -> Path:
    """Write ``content`` byte for byte (str is encoded as UTF-8, newlines untouched)."""
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def error_of(path: Path, **kw) -> str:
    """Return the message of the DataError that load_csv(path, **kw) must raise."""
    with pytest.raises(DataError) as info:
        load_csv(path, **kw)
    return str(info.value)


def assert_where(msg: str, path: Path, line: int | None, col: int | None = None) -> None:
    """The message names the file, and exactly this line and column (when given)."""
    assert path.name in msg, msg
    if line is not None:
        assert re.search(rf"\bline {line}\b", msg), msg
    if col is not None:
        assert re.search(rf"\bcolumn {col}\b", msg), msg


# --------------------------------------------------------------------------- good files


def test_header_and_text_labels(tmp_path):
    p = write(tmp_path, "len,width,kind\n1.5,2,cat\n3,4.25,dog\n5,6,cat\n")
    ds = load_csv(p)
    assert isinstance(ds, Dataset)
    assert ds.feature_names == ["len", "width"]
    assert ds.class_names == ["cat", "dog"]
    np.testing.assert_array_equal(ds.X, [[1.5, 2], [3, 4.25], [5, 6]])
    np.testing.assert_array_equal(ds.labels, [0, 1, 0])
    assert ds.X.dtype == np.float64 and ds.Y.dtype == np.float64
    assert (ds.m, ds.n, ds.K, ds.n_classes) == (3, 2, 1, 2)
    assert ds.name == "data.csv" and ds.attribution == ""


def test_no_header_gives_x_names(tmp_path):
    p = write(tmp_path, "1,2,3,0\n4,5,6,1\n")
    ds = load_csv(p)
    assert ds.feature_names == ["x1", "x2", "x3"]
    np.testing.assert_array_equal(ds.X, [[1, 2, 3], [4, 5, 6]])


def test_name_argument(tmp_path):
    p = write(tmp_path, "1,2,0\n4,5,1\n")
    assert load_csv(p, name="My data").name == "My data"
    assert load_csv(str(p)).name == "data.csv"


def test_integer_labels_binary_is_one_output(tmp_path):
    p = write(tmp_path, "0.5,1\n1.5,0\n2.5,1\n3.5,1\n")
    ds = load_csv(p)
    assert ds.class_names == ["0", "1"]
    assert ds.Y.shape == (4, 1)
    np.testing.assert_array_equal(ds.Y[:, 0], [1, 0, 1, 1])


def test_second_sorted_class_is_y1(tmp_path):
    p = write(tmp_path, "1,1\n2,-1\n3,1\n")
    ds = load_csv(p)
    assert ds.class_names == ["-1", "1"]
    np.testing.assert_array_equal(ds.Y[:, 0], [1, 0, 1])


def test_integral_float_labels_are_integers(tmp_path):
    p = write(tmp_path, "1,1.0\n2,0\n3,1\n4,0.0\n5,2e0\n")
    ds = load_csv(p)
    assert ds.class_names == ["0", "1", "2"]
    np.testing.assert_array_equal(ds.labels, [1, 0, 1, 0, 2])


def test_numeric_classes_sort_numerically(tmp_path):
    p = write(tmp_path, "1,10\n2,2\n3,1\n")
    assert load_csv(p).class_names == ["1", "2", "10"]


def test_three_classes_one_hot(tmp_path):
    p = write(tmp_path, "a,b,y\n0,0,2\n0,1,0\n1,0,1\n1,1,2\n")
    ds = load_csv(p)
    assert ds.K == 3 and ds.n_classes == 3
    np.testing.assert_array_equal(ds.Y, np.eye(3)[[2, 0, 1, 2]])


def test_text_classes_sorted(tmp_path):
    p = write(tmp_path, "1,virginica\n2,setosa\n3,versicolor\n4,setosa\n")
    ds = load_csv(p)
    assert ds.class_names == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(ds.labels, [2, 0, 1, 0])


@pytest.mark.parametrize("label_column", [0, -3, "y"])
def test_label_column_first(tmp_path, label_column):
    p = write(tmp_path, "y,a,b\nno,1,2\nyes,3,4\n")
    ds = load_csv(p, label_column=label_column)
    assert ds.feature_names == ["a", "b"]
    assert ds.class_names == ["no", "yes"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])


def test_label_column_by_name_in_middle(tmp_path):
    p = write(tmp_path, "a,species,b\n1,x,2\n3,y,4\n5,z,6\n")
    ds = load_csv(p, label_column="species")
    assert ds.feature_names == ["a", "b"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(ds.Y, np.eye(3))


def test_label_column_by_index_without_header(tmp_path):
    p = write(tmp_path, "1,0,2\n3,1,4\n")
    ds = load_csv(p, label_column=1)
    assert ds.feature_names == ["x1", "x2"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    np.testing.assert_array_equal(ds.labels, [0, 1])


def test_header_detected_from_label_cell_only(tmp_path):
    # every feature cell numeric; the label cell is text above a numeric label
    p = write(tmp_path, "1,2,label\n3,4,0\n5,6,1\n")
    ds = load_csv(p)
    assert ds.m == 2 and ds.feature_names == ["1", "2"]


def test_text_label_in_first_two_rows_is_data(tmp_path):
    p = write(tmp_path, "1,2,a\n3,4,b\n")
    ds = load_csv(p)
    assert ds.m == 2 and ds.feature_names == ["x1", "x2"]


@pytest.mark.parametrize("labels", [("0", "1"), ("no", "yes")])
@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_blank_lines_skipped(tmp_path, labels, eol):
    lines = ["", "", "a,b,y", "", f"1,2,{labels[0]}", "   ", "\t", f"3,4,{labels[1]}", "", "", ""]
    ds = load_csv(write(tmp_path, eol.join(lines)))
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    assert ds.feature_names == ["a", "b"] and ds.class_names == list(labels)


def test_blank_lines_without_whitespace(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,x\n\n\n3,4,y\n\n5,6,x\n"))
    np.testing.assert_array_equal(ds.labels, [0, 1, 0])


def test_bom_accepted(tmp_path):
    p = write(tmp_path, b"\xef\xbb\xbfa,b,y\n1,2,0\n3,4,1\n")
    assert load_csv(p).feature_names == ["a", "b"]


def test_bom_without_header(tmp_path):
    p = write(tmp_path, b"\xef\xbb\xbf1,2,0\n3,4,1\n")
    np.testing.assert_array_equal(load_csv(p).X, [[1, 2], [3, 4]])


@pytest.mark.parametrize("eol", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends(tmp_path, eol):
    p = write(tmp_path, eol.join(["a,b,y", "1,2,x", "3,4,y", ""]))
    ds = load_csv(p)
    assert ds.class_names == ["x", "y"] and ds.feature_names == ["a", "b"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])


def test_spaces_around_cells(tmp_path):
    p = write(tmp_path, " a , b , y \n 1.5 , 2 , cat \n3,4,dog\n")
    ds = load_csv(p)
    assert ds.feature_names == ["a", "b"] and ds.class_names == ["cat", "dog"]
    np.testing.assert_array_equal(ds.X, [[1.5, 2], [3, 4]])


def test_quoted_fields(tmp_path):
    p = write(tmp_path, '"a","b","kind"\n"1",2,"x, y"\n3,"4",z\n')
    ds = load_csv(p)
    assert ds.feature_names == ["a", "b"] and ds.class_names == ["x, y", "z"]
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])


def test_no_final_newline(tmp_path):
    p = write(tmp_path, "1,2,0\n3,4,1")
    assert load_csv(p).m == 2


def test_arrays_are_read_only(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,0\n3,4,1\n"))
    with pytest.raises(ValueError):
        ds.X[0, 0] = 5.0


def test_large_file_values_exact(tmp_path):
    rng = np.random.default_rng(1)
    X = rng.standard_normal((3000, 5)) * 10.0 ** rng.integers(-5, 5, (3000, 5))
    y = rng.integers(0, 4, 3000)
    lines = [",".join(map(repr, row)) + f",{c}" for row, c in zip(X.tolist(), y, strict=True)]
    ds = load_csv(write(tmp_path, "\n".join(lines) + "\n"))
    np.testing.assert_array_equal(ds.X, X)
    np.testing.assert_array_equal(ds.labels, y)


# --------------------------------------------------------------------------- malformed files


def test_missing_file(tmp_path):
    p = tmp_path / "nothere.csv"
    msg = error_of(p)
    assert_where(msg, p, None)
    assert "not found" in msg


def test_directory(tmp_path):
    d = tmp_path / "folder.csv"
    d.mkdir()
    assert_where(error_of(d), d, None)


def test_empty_file(tmp_path):
    p = write(tmp_path, "")
    msg = error_of(p)
    assert_where(msg, p, None)
    assert "empty" in msg


@pytest.mark.parametrize("content", ["\n\n  \n", b"\xef\xbb\xbf", "\r\n\r\n"])
def test_only_blank_lines(tmp_path, content):
    p = write(tmp_path, content)
    assert_where(error_of(p), p, None)


@pytest.mark.parametrize(("content", "line"), [("a,b,y\n", 1), ("\n\na,b,y\n\n", 3)])
def test_header_only(tmp_path, content, line):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line)
    assert "no data" in msg


@pytest.mark.parametrize(
    ("content", "line", "col"),
    [
        ("1,2,0\n3,4,1\n5,6\n", 3, 3),  # one field short: column 3 is missing
        ("1,2,0\n3,4,1,7\n", 2, 4),  # one too many: column 4 is extra
        ("a,b,y\n1,2\n", 2, 3),
        ("1,2,0\n\n\n3,4\n", 4, 3),
        ("1,2,0\n3,4,1,\n", 2, 4),  # trailing comma
        ("a,b,y\n1,2,0\n3,4,1\n5\n", 4, 2),
        ("a,b,y\n1,2,x\n3,4,y,z\n", 3, 4),  # text labels
    ],
)
def test_ragged_rows(tmp_path, content, line, col):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert "fields" in msg


@pytest.mark.parametrize(
    ("content", "line", "col", "bad"),
    [
        ("1,2,0\n3,abc,1\n", 2, 2, "abc"),
        ("a,b,y\n1,2,0\n3,4,1\n5,x,0\n", 4, 2, "x"),
        ("a,b,y\n1,2,cat\n3,?,dog\n", 3, 2, "?"),
        ("1,2,0\n3,1_000,1\n", 2, 2, "1_000"),
        ("1,2,0\n0x10,2,1\n", 2, 1, "0x10"),
        ('1,2,0\n"3",four,1\n', 2, 2, "four"),
        ("1,2,0\n3,4 5,1\n", 2, 2, "4 5"),
    ],
)
def test_non_numeric_feature(tmp_path, content, line, col, bad):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert repr(bad) in msg


@pytest.mark.parametrize("cell", ["nan", "NaN", "inf", "-inf", "+inf", "Infinity", "1e999"])
@pytest.mark.parametrize(
    ("template", "line", "col"),
    [
        ("1,2,0\n3,{},1\n", 2, 2),
        ("{},2,0\n3,4,1\n", 1, 1),  # first row: a NaN is a number, not a header
        ("a,b,y\n1,2,0\n\n3,4,1\n5,{},0\n", 5, 2),
        ("a,b,y\n1,2,cat\n{},4,dog\n", 3, 1),
    ],
)
def test_non_finite_feature(tmp_path, cell, template, line, col):
    p = write(tmp_path, template.format(cell))
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert "finite" in msg and repr(cell) in msg


@pytest.mark.parametrize(
    ("content", "line", "col"),
    [
        ("1,,0\n3,4,1\n", 1, 2),
        ("1,2,0\n3, ,1\n", 2, 2),
        ("a,b,y\n1,2,x\n,4,y\n", 3, 1),
    ],
)
def test_missing_feature(tmp_path, content, line, col):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert "missing" in msg


@pytest.mark.parametrize(
    ("content", "kw", "line", "col"),
    [
        ("1,2,0\n3,4,\n", {}, 2, 3),
        ("1,2,0\n3,4,  \n", {}, 2, 3),
        ("a,b,y\n1,2,x\n3,4,\n", {}, 3, 3),
        ("0,1,2\n,3,4\n1,5,6\n", {"label_column": 0}, 2, 1),
        ('1,2,0\n3,4,""\n', {}, 2, 3),
    ],
)
def test_missing_label(tmp_path, content, kw, line, col):
    p = write(tmp_path, content)
    msg = error_of(p, **kw)
    assert_where(msg, p, line, col)
    assert "missing label" in msg


@pytest.mark.parametrize(
    ("content", "line", "col"),
    [
        (b"a,b,y\n1,2,0\n3,4\xff,1\n", 3, 2),
        (b"a,\xe9,y\n1,2,0\n", 1, 2),  # Latin-1 e-acute in the header
        (b"1,2,caf\xe9\n3,4,tea\n", 1, 3),
        (b"1,2,0\n3,4,\xc3", 2, 3),  # truncated two-byte sequence at the end
        (b"1,2,0\r\n3,\xff,1\r\n", 2, 2),
        (b"\xef\xbb\xbf1,\xff,0\n", 1, 2),
        (b"\xc3\xa9,b,y\n1,2,0\n\n3,4,\x80\n", 4, 3),  # valid UTF-8 before, bad byte later
        (b'"x,y",\xff,0\n', 1, 2),  # a quoted comma does not start a new column
    ],
)
def test_not_utf8(tmp_path, content, line, col):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert "UTF-8" in msg


def test_not_utf8_names_the_character(tmp_path):
    p = write(tmp_path, b"1,2,0\n33,4\xff,1\n")
    msg = error_of(p)
    assert "0xff" in msg and "character 5" in msg


@pytest.mark.parametrize(
    ("content", "kw", "col"),
    [
        ("1,2,a\n3,4,a\n", {}, 3),
        ("a,b,y\n1,2,0\n3,4,0.0\n", {}, 3),
        ("y,a\nk,1\nk,2\n", {"label_column": 0}, 1),
        ("1,2,0\n", {}, 3),
    ],
)
def test_single_class(tmp_path, content, kw, col):
    p = write(tmp_path, content)
    msg = error_of(p, **kw)
    assert_where(msg, p, None, col)
    assert "2 classes" in msg


@pytest.mark.parametrize("content", ["1\n2\n", "y\na\nb\n", "\n0\n1\n"])
def test_no_feature_column(tmp_path, content):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, content.index(content.strip()[0]) + 1)
    assert "feature column" in msg


@pytest.mark.parametrize(
    ("content", "line", "col", "bad"),
    [
        ("1,2,0\n3,4,0.5\n", 2, 3, "0.5"),
        ("1,2,0\n3,4,1\n5,6,nan\n", 3, 3, "nan"),
        ("1,2,0\n3,4,inf\n", 2, 3, "inf"),
        ("a,b,y\n1,2,1\n\n3,4,1.25\n", 4, 3, "1.25"),
    ],
)
def test_fractional_label(tmp_path, content, line, col, bad):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line, col)
    assert repr(bad) in msg


@pytest.mark.parametrize(
    ("content", "line", "col"),
    [
        ("1,2,0\n3,4,cat\n", 2, 3),
        ("1,2,cat\n3,4,dog\n5,6,7\n", 3, 3),
        ("a,b,y\n1,2,0\n3,4,1\n5,6,?\n", 4, 3),
    ],
)
def test_mixed_number_and_text_labels(tmp_path, content, line, col):
    p = write(tmp_path, content)
    assert_where(error_of(p), p, line, col)


@pytest.mark.parametrize(("content", "line"), [('1,"2,0\n3,4,1\n', 1), ('1,2,0\n3,"4"x,1\n', 2)])
def test_broken_quotes(tmp_path, content, line):
    p = write(tmp_path, content)
    msg = error_of(p)
    assert_where(msg, p, line)
    assert "quot" in msg


def test_unknown_label_name(tmp_path):
    p = write(tmp_path, "a,b,y\n1,2,0\n3,4,1\n")
    msg = error_of(p, label_column="species")
    assert_where(msg, p, 1)
    assert "'species'" in msg and "'y'" in msg


@pytest.mark.parametrize("label_column", [3, -4])
def test_label_index_out_of_range(tmp_path, label_column):
    p = write(tmp_path, "1,2,0\n3,4,1\n")
    msg = error_of(p, label_column=label_column)
    assert_where(msg, p, 1)
    assert "out of range" in msg


def test_late_error_in_large_file(tmp_path):
    """The fast path fails on row 5000; the message still names the true line."""
    rows = [f"{i}.5,{i % 7},{i % 2}" for i in range(6000)]
    rows[4999] = "1,nan,0"
    p = write(tmp_path, "a,b,y\n\n" + "\n".join(rows) + "\n")
    assert_where(error_of(p), p, 5002, 2)  # header, blank, then rows[k] on line k + 3


def test_late_ragged_row_with_text_labels(tmp_path):
    rows = [f"{i},{i},{'ab'[i % 2]}" for i in range(3000)]
    rows[2000] += ",extra"
    p = write(tmp_path, "\n".join(rows) + "\n")
    assert_where(error_of(p), p, 2001, 4)


def test_message_has_no_traceback_noise(tmp_path):
    p = write(tmp_path, "1,2,0\n3,x,1\n")
    msg = error_of(p)
    assert msg.startswith(str(p))
    assert "\n" not in msg


# --------------------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """A directory of this module's own (hypothesis re-runs a test body many times)."""
    return tmp_path_factory.mktemp("csv_properties")


_finite = st.floats(allow_nan=False, allow_infinity=False, width=64)


@st.composite
def _tables(draw):
    """A random table: X (m, n) finite floats and labels, as ints or strings."""
    m = draw(st.integers(2, 12))
    n = draw(st.integers(1, 4))
    X = draw(st.lists(st.lists(_finite, min_size=n, max_size=n), min_size=m, max_size=m))
    texts = draw(st.booleans())
    pool = ["a", "b b", "c,d", "é"] if texts else [-3, 0, 1, 2, 10]
    labels = draw(st.lists(st.sampled_from(pool), min_size=m, max_size=m))
    if len(set(labels)) < 2:
        labels[0], labels[1] = pool[0], pool[1]
    return X, labels


def _csv_text(header, X, labels, quote) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n", quoting=quote)
    if header:
        w.writerow([f"f{j}" for j in range(len(X[0]))] + ["label"])
    for row, lab in zip(X, labels, strict=True):
        w.writerow([repr(v) for v in row] + [lab])
    return buf.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=_tables(), header=st.booleans())
def test_round_trip_fast_and_careful_agree(scratch, table, header):
    """Values survive exactly, and quoted (careful path) equals minimal quoting (fast path)."""
    X, labels = table
    a = load_csv(write(scratch, _csv_text(header, X, labels, csv.QUOTE_MINIMAL), "min.csv"))
    b = load_csv(write(scratch, _csv_text(header, X, labels, csv.QUOTE_ALL), "all.csv"))
    np.testing.assert_array_equal(a.X, np.array(X, dtype=np.float64))
    for field in ("X", "Y", "labels"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.class_names == b.class_names == sorted({str(v) for v in labels}, key=_sort_key)
    assert a.feature_names == b.feature_names


def _sort_key(s: str):
    try:
        return (0, int(s), "")
    except ValueError:
        return (1, 0, s)


_cells = st.sampled_from(["1", "0", "2.5", "-1e3", "a", "b", "", " ", "nan", "inf", '"', "x,y"])
_lines = st.lists(st.lists(_cells, min_size=0, max_size=4).map(",".join), max_size=6)


@settings(max_examples=200, deadline=None)
@given(lines=_lines, eol=st.sampled_from(["\n", "\r\n"]), tail=st.binary(max_size=3))
def test_any_input_gives_dataset_or_data_error(scratch, lines, eol, tail):
    """Whatever the bytes, load_csv returns a valid Dataset or raises DataError."""
    p = write(scratch, eol.join(lines).encode() + tail, "fuzz.csv")
    try:
        ds = load_csv(p)
    except DataError as e:
        assert "fuzz.csv" in str(e)
        return
    assert np.isfinite(ds.X).all() and ds.n_classes >= 2
    assert ds.X.shape == (ds.m, len(ds.feature_names))
