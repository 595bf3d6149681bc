"""csv_preview: what load_csv would decide and find, for the import dialog (issue 7).

Expected rows, counts, lines and columns are read off the fixtures by eye, or taken
from Python's own str.split of the file's lines.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import bpengine as bp
from bpengine.csvpreview import CsvPreview, csv_preview
from bpengine.errors import DataError

FIX = Path(__file__).parent / "csv_fixtures"


def write(tmp_path: Path, content: str | bytes, name: str = "data.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


def load_error(path: Path, **kw) -> str:
    with pytest.raises(DataError) as info:
        bp.load_csv(path, **kw)
    return str(info.value)


def test_exported_and_frozen():
    assert bp.csv_preview is csv_preview and bp.CsvPreview is CsvPreview
    pv = csv_preview(FIX / "headerless_numeric.csv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        pv.n_rows = 3


def test_wdbc_preview():
    p = FIX / "wdbc_like.csv"
    pv = csv_preview(p, rows=3)
    lines = p.read_text().splitlines()
    assert pv.rows == [ln.split(",") for ln in lines[:3]]
    assert pv.columns == [f"column {j}" for j in range(1, 33)]
    assert (pv.delimiter, pv.delimiter_name, pv.has_header) == (",", "comma", False)
    assert pv.header_reason.startswith("The first row is data, not a header")
    assert pv.n_rows == 12 and pv.missing == 0 and pv.error is None and pv.complete
    assert pv.label_column == 1 and "only column holding text" in pv.label_reason
    assert pv.suggested_ignore == (0,)
    assert pv.classes == [("B", 6), ("M", 6)]  # MMMBMBBMBBMB
    assert pv.notes[0] == "Delimiter: comma (,)"


def test_wdbc_preview_with_the_id_as_label():
    pv = csv_preview(FIX / "wdbc_like.csv", label_column=0)
    assert pv.label_column == 0 and not pv.complete
    assert pv.error == load_error(FIX / "wdbc_like.csv", label_column=0)
    assert pv.n_rows == 12  # counted even though reading stopped at line 1


def test_wine_preview():
    pv = csv_preview(FIX / "winequality_like.csv", rows=2)
    assert (pv.delimiter, pv.delimiter_name, pv.has_header) == (";", "semicolon", True)
    assert pv.columns[0] == "fixed acidity" and pv.columns[-1] == "quality"
    assert pv.rows[0] == "10.1;0.35;0.19;2.7;0.1;6;31;0.9953;3.17;0.61;9.3;5".split(";")
    assert len(pv.rows) == 2 and pv.n_rows == 12
    assert pv.label_column == 11 and pv.classes == [("5", 8), ("6", 2), ("7", 2)]
    assert pv.header_reason == ("The first row is a header: it holds text where the rest of "
                                "the file holds numbers")
    assert pv.suggested_ignore == ()


def test_missing_values_preview():
    p = FIX / "missing_values.csv"
    pv = csv_preview(p)
    assert pv.missing == 6 and pv.n_rows == 11 and pv.complete
    assert pv.error == load_error(p)
    assert "line 3, column 2" in pv.error
    assert pv.classes == [("setosa", 1), ("versicolor", 2), ("virginica", 2)]
    assert any(n.startswith("6 rows have missing values (lines 3, 4, 6, 7, 9, 10)")
               for n in pv.notes)
    dropped = csv_preview(p, missing="drop")
    assert dropped.error is None
    assert "Would drop 6 rows with missing values (lines 3, 4, 6, 7, 9, 10)" in dropped.notes


def test_trailing_comma_preview():
    pv = csv_preview(FIX / "trailing_comma.csv")
    assert pv.columns == ["a", "b", "label"] and pv.rows[0] == ["1.5", "2", "cat"]
    assert pv.label_column == 2 and pv.classes == [("cat", 2), ("dog", 1)]


def test_choices_are_applied():
    p = FIX / "headerless_numeric.csv"
    pv = csv_preview(p, label_column=0, header=True)
    assert pv.has_header and pv.columns == ["1", "2", "3"] and pv.n_rows == 3
    assert pv.label_column == 0 and pv.classes == [("4", 1), ("7", 1), ("10", 1)]
    pv = csv_preview(FIX / "wdbc_like.csv", ignore_columns=[0])
    assert pv.ignore_columns == (0,) and pv.suggested_ignore == () and pv.error is None


def test_malformed_file_is_reported_not_raised(tmp_path):
    rows = ["1,2,0", "3,4,1"] * 50 + ["5,6"] + ["7,8,1"] * 20
    p = write(tmp_path, "\n".join(rows) + "\n")
    pv = csv_preview(p)
    assert pv.error == load_error(p)
    assert "line 101, column 3" in pv.error
    assert not pv.complete and pv.n_rows == 121
    assert pv.classes == [("0", 50), ("1", 50)]  # counted up to the error


def test_errors_after_reading_are_reported(tmp_path):
    p = write(tmp_path, "1,2,a\n3,4,a\n")
    pv = csv_preview(p)
    assert pv.complete and pv.error == load_error(p) and "2 classes" in pv.error
    assert pv.classes == [("a", 2)]


@pytest.mark.parametrize(
    "content",
    [b"", b"\n\n", b"a,b,y\n", b"1\n2\n", b'1,"2,0\n3,4,1\n', b"caf\xe9,1\n2,3\n"],
)
def test_unusable_layouts_are_reported(tmp_path, content):
    p = write(tmp_path, content)
    pv = csv_preview(p)
    assert pv.error == load_error(p)
    assert pv.delimiter == ","


def test_bad_first_byte_still_shows_the_line(tmp_path):
    pv = csv_preview(write(tmp_path, b"caf\xe9,1,x\n2,3,y\n"))
    assert pv.rows[0] == ["caf\ufffd", "1", "x"] and pv.n_rows == 2
    assert "UTF-8" in pv.error and "line 1, column 1" in pv.error


def test_unreadable_files_raise(tmp_path):
    with pytest.raises(DataError, match="not found"):
        csv_preview(tmp_path / "nothere.csv")
    (tmp_path / "dir.csv").mkdir()
    with pytest.raises(DataError, match="directory"):
        csv_preview(tmp_path / "dir.csv")
    with pytest.raises(DataError, match="not a text file"):
        csv_preview(write(tmp_path, b"PK\x03\x04\x00\x00binary", "zip.csv"))


@pytest.mark.parametrize("rows", [0, 1, 5, 500])
def test_rows_argument(tmp_path, rows):
    lines = [f"{i},{i % 2}" for i in range(300)]
    pv = csv_preview(write(tmp_path, "\n".join(lines) + "\n"), rows=rows)
    assert pv.rows == [ln.split(",") for ln in lines[:rows]] and pv.n_rows == 300


@pytest.mark.parametrize("kw", [{"rows": -1}, {"rows": 2.5}, {"missing": "keep"}])
def test_bad_arguments(tmp_path, kw):
    with pytest.raises(ValueError):
        csv_preview(write(tmp_path, "1,0\n2,1\n"), **kw)
