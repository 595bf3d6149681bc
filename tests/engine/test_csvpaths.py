"""The CSV reader's two paths agree: np.loadtxt on chunks (fast) and line by line
(careful) give the same Dataset, or the same DataError, on any input; chunk boundaries
and the bisection of a failing chunk change nothing; errors far down name their line.

The careful path is forced by making the fast one decline every chunk; tiny chunks are
forced by shrinking the chunk size, so small files exercise what big files do.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpengine.csvscan as csvscan
from bpengine.csvchunk import quotes_ok, small_unique
from bpengine.csvload import load_csv
from bpengine.csvscan import Scanner, _data_lines
from bpengine.csvtext import Source
from bpengine.errors import DataError


def write(tmp_path: Path, content: str | bytes, name: str = "data.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return p


def careful_only():
    """Every chunk declined by the fast path: the careful reader does it all."""
    return mock.patch.object(Scanner, "_fast", lambda self, data: False)


def tiny_chunks(chunk: int = 7, piece: int = 3):
    """Chunks of about one line, and bisection down to single lines."""
    stack = contextlib.ExitStack()
    stack.enter_context(mock.patch.object(csvscan, "CHUNK_BYTES", chunk))
    stack.enter_context(mock.patch.object(csvscan, "MIN_PIECE", piece))
    return stack


def outcome(path: Path, **kw):
    """What load_csv does: ("error", message) or ("ok", everything the Dataset holds)."""
    try:
        ds = load_csv(path, **kw)
    except DataError as e:
        return ("error", str(e))
    return ("ok", ds.X.tobytes(), ds.X.shape, ds.labels.tolist(), ds.class_names,
            ds.feature_names, ds.notes)


# --------------------------------------------------------------------------- pieces


@pytest.mark.parametrize(
    ("data", "d", "ok"),
    [
        (b'1,"a"\n', ",", True),
        (b'1,"a,b"\n2,"c"\n', ",", True),
        (b'"x","y"\r\n"1",2\r\n', ",", True),
        (b'1;"a;b"\n', ";", True),
        (b'1,"",2\n', ",", True),
        (b'1,"a""b"\n', ",", False),  # an escaped quote
        (b'1, "a"\n', ",", False),  # a space before the quote
        (b'1,"a" \n', ",", False),  # a space after it
        (b'1,"a"x\n', ",", False),
        (b'1,a"b\n', ",", False),
        (b'1,"a\n', ",", False),
        (b'1,"a";2\n', ";", False),
    ],
)
def test_quotes_ok(data, d, ok):
    assert quotes_ok(data, d) is ok


@pytest.mark.parametrize(
    "text", ['1,"a\n2",c\n', '1,"a\nb"\n2,c\n', '1,"a\n2,b"\n3,c\n', '1,"a,\n2,"b\n']
)
def test_quoted_line_ends_are_errors(tmp_path, text):
    p = write(tmp_path, text)
    with pytest.raises(DataError, match="line 1: malformed quoting"):
        load_csv(p)


@pytest.mark.parametrize(
    ("data", "n"),
    [(b"a\nb\n", 2), (b"a\nb", 2), (b"\na\n\n\nb\r\n\r\n", 2), (b"a", 1), (b"\n", 0),
     (b"\r\n", 0), (b"a\r\n\r\nb", 2), (b"\n\nx", 1)],
)
def test_data_lines(data, n):
    assert _data_lines(np.frombuffer(data, np.uint8)) == n


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "cc", "", "a b", "é"]), min_size=1, max_size=60),
       st.integers(1, 8))
def test_small_unique_is_unique(values, most):
    y = np.array(values)
    uniq, inv = small_unique(y, most)
    np.testing.assert_array_equal(uniq[inv], y)
    assert sorted(uniq.tolist()) == sorted(set(values))


# --------------------------------------------------------------------------- agreement


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("csv_paths")


_CELLS = ["1", "0", "2", "-3", "2.5", " 1.5 ", "+4", "1e3", "-0", "1.0", "9007199254740993",
          "cat", "dog", "x y", "é", "NA", "?", "", " ", "null", "nan", "inf", "1_0", "0x1",
          '"7"', '"cat"', '"a""b"', ' "q"', '"', '"ab"c', "a\x00"]


@st.composite
def _files(draw):
    d = draw(st.sampled_from([",", ";", "\t"]))
    ncols = draw(st.integers(2, 4))
    label_pool = draw(st.sampled_from([["0", "1", "2", "1.0"], ["cat", "dog", '"x,y;z"']]))
    lines = []
    if draw(st.booleans()):
        lines.append(d.join(f"h{j}" for j in range(ncols)))
    for _ in range(draw(st.integers(1, 8))):
        odd = draw(st.integers(0, 5)) == 0  # most rows are good ones
        feats = draw(st.lists(st.sampled_from(_CELLS if odd else ["1", "2.5", "-0", " 3"]),
                              min_size=ncols - 1, max_size=ncols - 1))
        label = draw(st.sampled_from(_CELLS if odd and draw(st.booleans()) else label_pool))
        lines.append(d.join([*feats, label]))
        if draw(st.integers(0, 9)) == 0:
            lines.append(draw(st.sampled_from(["", "  ", d * ncols, "1" + d + "2"])))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return eol.join(lines) + draw(st.sampled_from(["", eol]))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_files(), missing=st.sampled_from(["error", "drop"]))
def test_fast_careful_and_tiny_chunks_agree(scratch, text, missing):
    p = write(scratch, text, "agree.csv")
    fast = outcome(p, missing=missing)
    with careful_only():
        careful = outcome(p, missing=missing)
    with tiny_chunks():
        tiny = outcome(p, missing=missing)
    assert fast == careful == tiny


def test_quoted_labels_take_the_fast_path(tmp_path):
    rows = [f'{i},{i % 7}.5,"{["setosa", "x, y"][i % 2]}"' for i in range(2000)]
    p = write(tmp_path, "\n".join(rows) + "\n")
    with mock.patch.object(Scanner, "_careful", side_effect=AssertionError("careful")):
        ds = load_csv(p)
    assert ds.class_names == ["setosa", "x, y"] and ds.m == 2000


def test_a_late_problem_sends_only_its_piece_to_the_careful_path(tmp_path):
    rows = [f"{i},{i % 3}" for i in range(20000)]
    rows[-1] = "NA,1"
    p = write(tmp_path, "\n".join(rows) + "\n")
    seen = []
    real = Scanner._careful

    def spy(self, data, lineno):
        seen.append(len(data))
        return real(self, data, lineno)

    with mock.patch.object(Scanner, "_careful", spy), pytest.raises(DataError) as info:
        load_csv(p)
    assert "line 20000, column 1" in str(info.value)
    assert seen and max(seen) <= csvscan.MIN_PIECE


# --------------------------------------------------------------------------- far down


@pytest.mark.parametrize("k", [0, 1, 999, 1000, 1500, 2999])
@pytest.mark.parametrize("chunk", [4096, 1 << 20])
def test_error_line_anywhere(tmp_path, k, chunk):
    rows = [f"{i}.25,{i % 5},{'ab'[i % 2]}" for i in range(3000)]
    rows[k] = f"{k}.25,oops,a"
    p = write(tmp_path, "a,b,y\n" + "\n".join(rows) + "\n")
    with tiny_chunks(chunk, 256), pytest.raises(DataError) as info:
        load_csv(p)
    assert f"line {k + 2}, column 2" in str(info.value) and "'oops'" in str(info.value)


def test_drop_across_chunks(tmp_path):
    rows = [f"{i},{i % 2}" for i in range(5000)]
    bad = [0, 17, 2048, 2049, 4999]
    for k in bad:
        rows[k] = f"?,{k % 2}"
    p = write(tmp_path, "\n".join(rows) + "\n")
    with tiny_chunks(1000, 100):
        ds = load_csv(p, missing="drop")
    keep = [i for i in range(5000) if i not in bad]
    np.testing.assert_array_equal(ds.X[:, 0], keep)
    assert "Dropped 5 rows with missing values (lines 1, 18, 2049, 2050, 5000)" in ds.notes


def test_long_lines_longer_than_a_chunk(tmp_path):
    rows = [",".join(str(j + i) for j in range(3000)) + f",{i % 2}" for i in range(20)]
    p = write(tmp_path, "\n".join(rows) + "\n")
    with tiny_chunks(1000, 100):
        ds = load_csv(p)
    np.testing.assert_array_equal(ds.X, np.loadtxt(p, delimiter=",")[:, :-1])


def test_long_labels_widen_the_field(tmp_path):
    names = ["a" * 3, "b" * 200]
    rows = [f"{i},{names[i > 2500]}" for i in range(3000)]
    ds = load_csv(write(tmp_path, "\n".join(rows) + "\n"))
    assert ds.class_names == names
    np.testing.assert_array_equal(np.bincount(ds.labels), [2501, 499])


def test_file_changed_while_reading(tmp_path):
    p = write(tmp_path, "".join(f"{i},{i % 2}\n" for i in range(10000)))
    real = Source.chunks

    def chunks_then_append(self, offset, sep, size):
        for k, data in enumerate(real(self, offset, sep, size)):
            if k == 1:
                with open(p, "ab") as f:
                    f.write(b"1,0\n")
            yield data

    with tiny_chunks(4096, 256), mock.patch.object(Source, "chunks", chunks_then_append), \
            pytest.raises(DataError, match="changed while it was being read"):
        load_csv(p)


def test_large_numeric_file_equals_loadtxt(tmp_path):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((60000, 4))
    y = rng.integers(0, 3, 60000)
    lines = [",".join(map(repr, r)) + f",{c}" for r, c in zip(X.tolist(), y.tolist())]
    p = write(tmp_path, "\n".join(lines) + "\n")  # ~ 5 MB: two chunks
    ds = load_csv(p)
    np.testing.assert_array_equal(ds.X, X)
    np.testing.assert_array_equal(ds.labels, y)
