"""load_csv on CSV files as people have them (issue 9): other delimiters, labels not in the
last column, no header, missing values, trailing delimiters, huge integer labels, an ID
taken for the label. Each layout has a fixture in csv_fixtures/ (see its README).

Expected arrays come from np.loadtxt with the layout spelled out by hand, expected
classes, lines and columns from reading the fixture by eye.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bpengine.csvload import load_csv
from bpengine.errors import DataError

FIX = Path(__file__).parent / "csv_fixtures"


def error_of(path: Path, **kw) -> str:
    with pytest.raises(DataError) as info:
        load_csv(path, **kw)
    return str(info.value)


def write(tmp_path: Path, text: str, name: str = "data.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8"))
    return p


# --------------------------------------------------------------------------- delimiter


def test_wine_quality_layout():
    p = FIX / "winequality_like.csv"
    ds = load_csv(p)
    ref = np.loadtxt(p, delimiter=";", skiprows=1)
    np.testing.assert_array_equal(ds.X, ref[:, :11])
    assert ds.feature_names[0] == "fixed acidity" and ds.feature_names[-1] == "alcohol"
    assert ds.class_names == ["5", "6", "7"]
    np.testing.assert_array_equal(np.bincount(ds.labels), [8, 2, 2])
    assert "Delimiter: semicolon (;)" in ds.notes
    assert ("The first row is a header: it holds text where the rest of the file holds "
            "numbers") in ds.notes
    assert "Label: the last column, column 12 ('quality')" in ds.notes


def test_wine_quality_forced_comma():
    msg = error_of(FIX / "winequality_like.csv", delimiter=",")
    assert "line 1" in msg and "quoting" in msg  # "fixed acidity";… is no comma-separated field


def test_one_column_with_every_delimiter(tmp_path):
    p = write(tmp_path, "1.5\n2.5\n")
    for d in (None, ",", ";", "\t"):
        msg = error_of(p, delimiter=d)
        assert "line 1" in msg and "found 1 column" in msg


def test_tab_separated():
    p = FIX / "tab_separated.csv"
    ds = load_csv(p)
    np.testing.assert_array_equal(ds.X, [[5.1, 3.5], [7.0, 3.2], [6.3, 3.3], [4.9, 3.0]])
    assert ds.feature_names == ["sepal length", "sepal width"]
    assert ds.class_names == ["Iris-setosa", "Iris-versicolor", "Iris-virginica"]
    assert "Delimiter: tab" in ds.notes


def test_semicolon_with_text_and_quotes(tmp_path):
    p = write(tmp_path, 'a;b;kind\n1,5;2;"x; y"\n')  # decimal commas are not numbers
    msg = error_of(p)
    assert "line 2, column 1" in msg and "'1,5'" in msg and "decimal comma" in msg
    p = write(tmp_path, 'a;b;kind\n1.5;2;"x; y"\n3;4;z\n')
    ds = load_csv(p)
    assert ds.class_names == ["x; y", "z"] and "Delimiter: semicolon (;)" in ds.notes


@pytest.mark.parametrize("bad", ["|", ",,", "", 5])
def test_delimiter_argument_checked(tmp_path, bad):
    p = write(tmp_path, "1,2,0\n3,4,1\n")
    with pytest.raises(ValueError, match="delimiter"):
        load_csv(p, delimiter=bad)


# --------------------------------------------------------------------------- label, header


def test_wdbc_layout_label_is_the_text_column():
    p = FIX / "wdbc_like.csv"
    ds = load_csv(p)
    assert ds.m == 12  # the first row, 842302,M,…, is data
    assert ds.class_names == ["B", "M"]
    np.testing.assert_array_equal(ds.labels, [1, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0])
    ref = np.loadtxt(p, delimiter=",", usecols=[0, *range(2, 32)])
    np.testing.assert_array_equal(ds.X, ref)  # the ID stays a feature unless ignored
    assert "Label: column 2, the only column holding text (the last column holds numbers)" \
        in ds.notes
    assert any(n.startswith("Column 1 looks like an ID") for n in ds.notes)
    assert any(n.startswith("The first row is data, not a header") for n in ds.notes)


@pytest.mark.parametrize("ignore", [[0], (0,), 0, [-32]])
def test_wdbc_ignore_the_id(ignore):
    p = FIX / "wdbc_like.csv"
    ds = load_csv(p, ignore_columns=ignore)
    np.testing.assert_array_equal(ds.X, np.loadtxt(p, delimiter=",", usecols=range(2, 32)))
    assert ds.feature_names == [f"x{k}" for k in range(1, 31)]
    assert "Ignored: column 1" in ds.notes
    assert not any("looks like an ID" in n for n in ds.notes)


def test_wdbc_label_given_by_index():
    ds = load_csv(FIX / "wdbc_like.csv", label_column=1, ignore_columns=[0])
    assert ds.n == 30 and ds.class_names == ["B", "M"]
    assert "Label: column 2, as chosen" in ds.notes


def test_wdbc_id_as_label_is_refused_as_a_feature_error():
    # with column 1 as the label, the M/B column is a feature: the message says what to do
    msg = error_of(FIX / "wdbc_like.csv", label_column=0)
    assert "line 1, column 2" in msg and "'M'" in msg
    assert "ignore it, or choose it as the label" in msg


def test_wdbc_last_column_as_label_suggests_the_text_column():
    msg = error_of(FIX / "wdbc_like.csv", label_column=-1)
    assert "line 1, column 2" in msg and "'M'" in msg
    assert "column 2 holds text: ignore it, or choose it as the label" in msg


def test_headerless_numeric_first_row_is_data():
    ds = load_csv(FIX / "headerless_numeric.csv")
    np.testing.assert_array_equal(ds.X, [[1, 2], [4, 5], [7, 8], [10, 11]])
    assert ds.class_names == ["3", "6"] and ds.feature_names == ["x1", "x2"]
    assert ("The first row is data, not a header: it holds numbers like the rest of the "
            "file") in ds.notes


def test_headerless_numeric_forced_header():
    ds = load_csv(FIX / "headerless_numeric.csv", header=True)
    assert ds.m == 3 and ds.feature_names == ["1", "2"]
    assert "The first row is a header, as chosen" in ds.notes


def test_numeric_header_over_text_labels():
    ds = load_csv(FIX / "numeric_header.csv")
    assert ds.m == 4 and ds.feature_names == ["0", "1", "2"]
    assert ds.class_names == ["setosa", "versicolor"]
    assert ("The first row is a header: it holds numbers where the rest of the file holds "
            "text") in ds.notes


def test_numeric_header_forced_data_is_a_mixed_label_error():
    msg = error_of(FIX / "numeric_header.csv", header=False)
    assert "line 2, column 4" in msg and "line 1 is a number" in msg


def test_text_first_row_over_text_column_is_data(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,a\n3,4,b\n5,6,a\n"))
    assert ds.m == 3
    assert any("its text is in columns that hold text further down too" in n for n in ds.notes)


def test_several_text_columns_label_has_fewest_values(tmp_path):
    rows = [f"{i},name{i},{'ab'[i % 2]}" for i in range(12)]
    p = write(tmp_path, "\n".join(rows) + "\n")
    msg = error_of(p)  # the label is column 3 (ab); column 2 cannot be a feature
    assert "line 1, column 2" in msg
    ds = load_csv(p, ignore_columns=[1])
    assert ds.class_names == ["a", "b"] and ds.n == 1


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"ignore_columns": [5]}, "out of range"),
        ({"ignore_columns": ["nope"]}, "no column named 'nope'"),
        ({"ignore_columns": [2], "label_column": -1}, "both the label and ignored"),
        ({"ignore_columns": [0, 1]}, "no feature columns"),
        ({"label_column": "y", "header": False}, "header"),
    ],
)
def test_bad_column_choices(tmp_path, kw, words):
    p = write(tmp_path, "a,b,y\n1,2,0\n3,4,1\n")
    msg = error_of(p, **kw)
    assert words in msg and "line 1" in msg


def test_ignore_by_header_name(tmp_path):
    p = write(tmp_path, "id,a,b,y\n7,1,2,0\n9,3,4,1\n")
    ds = load_csv(p, ignore_columns=["id"])
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4]])
    assert ds.feature_names == ["a", "b"] and "Ignored: column 1 ('id')" in ds.notes


# --------------------------------------------------------------------------- missing values


def test_missing_values_error_names_first_one():
    msg = error_of(FIX / "missing_values.csv")
    assert "line 3, column 2" in msg and "'NA'" in msg and "'width'" in msg


def test_missing_values_dropped_and_counted():
    ds = load_csv(FIX / "missing_values.csv", missing="drop")
    np.testing.assert_array_equal(ds.X, [[5.1, 3.5], [6.9, 3.1], [6.5, 2.8], [6.3, 3.3],
                                         [5.8, 2.7]])
    assert ds.class_names == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(ds.labels, [0, 1, 1, 2, 2])
    assert "Dropped 6 rows with missing values (lines 3, 4, 6, 7, 9, 10)" in ds.notes


@pytest.mark.parametrize("marker", ["NA", "?", "N/A", "null", "", "na", "NULL", "nan", "NaN"])
def test_missing_label_markers(tmp_path, marker):
    p = write(tmp_path, f"1,2,cat\n3,4,{marker}\n5,6,dog\n7,8,cat\n")
    msg = error_of(p)
    assert "line 2, column 3" in msg and "missing label" in msg
    ds = load_csv(p, missing="drop")
    assert ds.class_names == ["cat", "dog"] and ds.m == 3
    assert "Dropped 1 row with missing values (line 2)" in ds.notes


@pytest.mark.parametrize("marker", ["NA", "?", "N/A", "null", " ", "nan"])
def test_missing_feature_markers(tmp_path, marker):
    p = write(tmp_path, f"1,2,0\n3,{marker},1\n5,6,1\n")
    msg = error_of(p)
    assert "line 2, column 2" in msg and "missing" in msg
    np.testing.assert_array_equal(load_csv(p, missing="drop").X, [[1, 2], [5, 6]])


def test_all_rows_missing(tmp_path):
    msg = error_of(write(tmp_path, "a,b,y\n1,NA,0\n?,2,1\n"), missing="drop")
    assert "every data row has a missing value" in msg and "lines 2, 3" in msg


def test_drop_still_reports_other_problems(tmp_path):
    msg = error_of(write(tmp_path, "1,2,0\n3,NA,x\n5,6,1\n7,z,0\n"), missing="drop")
    assert "line 2, column 3" in msg  # a text label among numbers is no missing value
    msg = error_of(write(tmp_path, "1,2,0\n3,NA,1\n5,6,1\n7,z,0\n"), missing="drop")
    assert "line 4, column 2" in msg and "'z'" in msg


def test_missing_argument_checked(tmp_path):
    with pytest.raises(ValueError, match="missing"):
        load_csv(write(tmp_path, "1,2,0\n3,4,1\n"), missing="skip")


# --------------------------------------------------------------------------- odd columns


def test_trailing_comma_is_no_column():
    ds = load_csv(FIX / "trailing_comma.csv")
    np.testing.assert_array_equal(ds.X, [[1.5, 2], [3, 4.25], [5, 6]])
    assert ds.feature_names == ["a", "b"] and ds.class_names == ["cat", "dog"]
    assert "Every line ends with a comma: the empty last field is no column" in ds.notes


def test_trailing_comma_without_header(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,0,\n3,4,1,\n5,6,1,\n"))
    np.testing.assert_array_equal(ds.X, [[1, 2], [3, 4], [5, 6]])
    assert ds.class_names == ["0", "1"]


def test_trailing_field_that_is_not_empty(tmp_path):
    # far enough down (past the first 64 KB) that the layout is decided without it
    msg = error_of(write(tmp_path, "1,2,0,\n3,4,1,\n5,6,1,\n" * 5000 + "7,8,0,x\n"))
    assert "line 15001, column 4" in msg and "'x'" in msg


def test_ignored_label_auto_takes_the_last_other_column(tmp_path):
    ds = load_csv(write(tmp_path, "1,2,0,9\n3,4,1,9\n"), ignore_columns=[3])
    assert ds.class_names == ["0", "1"] and ds.n == 2


def test_big_integer_labels_stay_distinct():
    ds = load_csv(FIX / "big_int_labels.csv")
    assert ds.class_names == ["9007199254740992", "9007199254740993", "18446744073709551617"]
    np.testing.assert_array_equal(ds.labels, [1, 0, 1, 2])


def test_big_integer_labels_in_a_long_file(tmp_path):
    labels = [2**53 + (i % 3) for i in range(5000)]  # float64 merges 2**53 and 2**53 + 1
    p = write(tmp_path, "".join(f"{i},{c}\n" for i, c in enumerate(labels)))
    ds = load_csv(p)
    assert ds.class_names == [str(2**53), str(2**53 + 1), str(2**53 + 2)]
    np.testing.assert_array_equal(ds.labels, [i % 3 for i in range(5000)])


@pytest.mark.parametrize("text", [False, True])
def test_id_taken_for_label_is_refused(tmp_path, text):
    rows = [f"{i * 0.5},{'id' if text else ''}{100000 + i}" for i in range(1001)]
    msg = error_of(write(tmp_path, "\n".join(rows) + "\n"))
    assert "more than 1,000 distinct values" in msg and "column 2" in msg


def test_one_thousand_classes_load(tmp_path):
    rows = [f"{i},{i}" for i in range(1000)]
    ds = load_csv(write(tmp_path, "\n".join(rows) + "\n"))
    assert ds.K == 1000 and ds.class_names[-1] == "999"
