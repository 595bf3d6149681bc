"""Session files: save → load in a fresh process gives the same state bit for bit; every
corrupt, hostile or future file raises SessionError and nothing else; saves are atomic."""

import base64
import hashlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bpengine as bp
from bpengine.config import DataSource, StudioConfig
from bpengine.studio import StudioModel

ROOT = Path(__file__).resolve().parents[2]

FINGERPRINT = """
import hashlib, sys
import numpy as np
import bpengine as bp

def fingerprint(model):
    h = hashlib.sha256()
    st = model.stepper
    for group in (st.thetas, st.Deltas, st.D or [], st.a, st.z, st.delta, model.history()):
        for a in group:
            h.update(b"-" if a is None else np.ascontiguousarray(a, dtype=float).tobytes())
    h.update(repr((model.k, st.example, st.J_sum, st.seen, model.config, model.view)).encode())
    return h.hexdigest()
"""
namespace: dict = {}
exec(FINGERPRINT, namespace)
fingerprint = namespace["fingerprint"]


def in_fresh_process(path: Path) -> str:
    code = FINGERPRINT + f"\nprint(fingerprint(bp.load_session({str(path)!r})))\n"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return done.stdout.strip()


def imported_model(tmp_path) -> StudioModel:
    csv = tmp_path / "points.csv"
    rng = np.random.default_rng(5)
    rows = [f"{a:.6f},{b:.6f},{'yes' if a * b > 0 else 'no'}"
            for a, b in rng.normal(size=(23, 2))]
    csv.write_text("p,q,label\n" + "\n".join(rows) + "\n", encoding="utf-8")
    source = DataSource("csv", "points.csv", path=str(csv),
                        sha256=hashlib.sha256(csv.read_bytes()).hexdigest())
    config = StudioConfig(source=source, hidden=(3,), acts=("tanh", "sigmoid"),
                          batch_size=5, shuffle=True, seed=3)
    return StudioModel(config, bp.load_csv(csv))


def walk(model: StudioModel) -> StudioModel:
    """A run with a settings change part-way: two segments, mid-batch at the end."""
    for _ in range(3):
        model.next_batch()
    for _ in range(4):
        model.step()
    model.set_settings(alpha=0.3, lam=0.5)
    model.next_batch()
    model.next_example()
    model.step()
    model.select(("edge", 1, 1, 0))
    model.set_view(node_mode="delta", edge_mode="D", scale="fixed")
    return model


@pytest.mark.parametrize("make", [
    lambda tmp: walk(StudioModel()),
    lambda tmp: walk(imported_model(tmp)),
    lambda tmp: walk(StudioModel(StudioConfig(source=DataSource("builtin", "spiral", m=60,
                                                                noise=0.1, seed=4),
                                              hidden=(4,), acts=("relu", "sigmoid"),
                                              batch_size=1, validation=0.25))),
], ids=["xor full batch", "imported csv, shuffled mini-batches", "spiral, batch 1, split"])
def test_a_session_reopens_bit_for_bit_in_a_fresh_process(tmp_path, make):
    model = make(tmp_path)
    path = tmp_path / "run.bpstudio"
    bp.save_session(path, model)
    assert in_fresh_process(path) == fingerprint(model)
    again = bp.load_session(path)
    for target in (model.k - 1, 11, 0):        # and every earlier step is still there
        model.seek(target)
        again.seek(target)
        assert fingerprint(again) == fingerprint(model)


def test_imported_data_travels_inline_and_the_file_is_text(tmp_path):
    model = imported_model(tmp_path)
    path = tmp_path / "run.bpstudio"
    bp.save_session(path, model)
    (tmp_path / "points.csv").unlink()          # the session does not need the file
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["format"] == "backprop-studio-session" and doc["version"] == 1
    assert doc["dataset"]["class_names"] == ["no", "yes"]
    again = bp.load_session(path)
    assert np.array_equal(again.dataset.X, model.dataset.X)
    assert again.config.source == model.config.source


def valid_doc(tmp_path) -> dict:
    path = tmp_path / "ok.bpstudio"
    bp.save_session(path, walk(StudioModel()))
    return json.loads(path.read_text(encoding="utf-8"))


def corrupt(doc, edit):
    doc = json.loads(json.dumps(doc))
    edit(doc)
    return json.dumps(doc)


def _nan_weights(doc):
    doc["position"]["thetas"][0]["base64"] = base64.b64encode(
        np.full(6, np.nan).tobytes()).decode()


def _absurd(doc):
    doc["dataset"] = None
    doc["position"]["thetas"][0]["shape"] = [10**9, 10**9]


CASES = {
    "future version": (lambda d: d.update(version=7), "newer Backprop Studio"),
    "not a session": (lambda d: d.update(format="something"), "not a Backprop Studio"),
    "wrong type": (lambda d: d["segments"][0]["config"].update(alpha="fast"),
                   "config.alpha has the wrong type"),
    "bad setting": (lambda d: d["segments"][0]["config"].update(alpha=-2),
                    "learning rate α must be a positive number"),
    "missing part": (lambda d: d.pop("position"), "has no 'position'"),
    "unknown part": (lambda d: d.update(extra=1), "unknown entry 'extra'"),
    "absurd size": (_absurd, "more than the"),
    "NaN weights": (_nan_weights, "infinite or NaN"),
    "shape off the architecture": (
        lambda d: [s["config"].update(hidden=[3, 2]) for s in d["segments"]],
        "this network's Θ⁽¹⁾ is"),
    "object dtype": (lambda d: d["position"]["thetas"][0].update(dtype="object"),
                     "only float64 and int64"),
    "short data": (lambda d: d["position"]["thetas"][0].update(base64="AAAA"),
                   "does not hold"),
    "position outside": (lambda d: d["position"].update(segment=0), "outside segment 1"),
    "position off its batch": (lambda d: d["position"].update(K=10**12), "is not in batch"),
    "segments out of order": (lambda d: d["segments"][1].update(K_begin=0), "out of order"),
    "mixed networks": (lambda d: d["segments"][1]["config"].update(seed=9),
                       "another network"),
    "bad selection": (lambda d: d["view"].update(selection=["unit", 7, 1]),
                      "no unit 1 in layer 7"),
    "built-in unknown": (lambda d: [s["config"]["source"].update(name="nope")
                                    for s in d["segments"]], "unknown dataset"),
    "history too short": (lambda d: d["position"]["history_J"].update(
        shape=[0], base64=""), "recorded costs"),
}


@pytest.mark.parametrize("case", CASES)
def test_every_corrupt_file_raises_session_error_naming_the_problem(tmp_path, case):
    edit, needle = CASES[case]
    path = tmp_path / "bad.bpstudio"
    path.write_text(corrupt(valid_doc(tmp_path), edit), encoding="utf-8")
    with pytest.raises(bp.SessionError, match=needle) as err:
        bp.load_session(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("content, needle", [
    (b"", "line 1, column 1"),
    (b'{"format": "backprop-studio-session",\n "version": 1,\n "segments": [}',
     "line 3, column 15"),
    (b"\xff\xfe binary", "not UTF-8"),
    (b'{"format": "backprop-studio-session", "version": NaN}', "NaN is not a number"),
    (b"[" * 100000 + b"]" * 100000, "bad.bpstudio"),
    (b"[1, 2, 3]", "not a Backprop Studio session"),
], ids=["empty", "syntax", "binary", "NaN", "deep", "a list"])
def test_malformed_json_is_refused_with_line_and_column(tmp_path, content, needle):
    path = tmp_path / "bad.bpstudio"
    path.write_bytes(content)
    with pytest.raises(bp.SessionError, match=needle):
        bp.load_session(path)


def test_a_truncated_file_is_refused(tmp_path):
    good = tmp_path / "good.bpstudio"
    bp.save_session(good, walk(StudioModel()))
    data = good.read_bytes()
    for cut in (1, len(data) // 3, len(data) - 2):
        bad = tmp_path / "cut.bpstudio"
        bad.write_bytes(data[:cut])
        with pytest.raises(bp.SessionError, match="not valid JSON"):
            bp.load_session(bad)


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_a_file_that_would_run_code_if_unpickled_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    blob = pickle.dumps(_Payload(str(marker)))
    path = tmp_path / "evil.bpstudio"
    path.write_bytes(blob)
    with pytest.raises(bp.SessionError):
        bp.load_session(path)
    doc = valid_doc(tmp_path)          # the same bytes hidden in an array of the file
    doc["position"]["thetas"][0] = {"dtype": "object", "shape": [1],
                                    "base64": base64.b64encode(blob).decode()}
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(bp.SessionError):
        bp.load_session(path)
    assert not marker.exists()


FULL_DISK = """
import resource, signal, sys
import bpengine as bp
from bpengine.studio import StudioModel
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
model = StudioModel()
for _ in range(50):
    model.next_batch()
try:
    bp.save_session(sys.argv[1], model)
except bp.SessionError as exc:
    print("refused:", exc)
"""


def test_a_save_onto_a_full_disk_leaves_the_previous_file_loadable(tmp_path):
    path = tmp_path / "run.bpstudio"
    bp.save_session(path, StudioModel())
    before = path.read_bytes()
    assert len(before) < 2000 < len(json.dumps(json.loads(before)) * 3)
    done = subprocess.run([sys.executable, "-c", FULL_DISK, str(path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert done.stdout.startswith("refused: Could not save") and "unchanged" in done.stdout
    assert path.read_bytes() == before
    assert bp.load_session(path).k == 0
    assert [p.name for p in tmp_path.iterdir()] == ["run.bpstudio"]   # no temp file left


def test_saving_replaces_the_file_atomically(tmp_path):
    path = tmp_path / "run.bpstudio"
    model = StudioModel()
    bp.save_session(path, model)
    model.next_batch()
    bp.save_session(path, model)
    assert bp.load_session(path).k == model.k
    assert os.listdir(tmp_path) == ["run.bpstudio"]
