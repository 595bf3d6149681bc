"""Session files (.bpstudio): the whole StudioModel as UTF-8 JSON, never pickle.

    {"format": "backprop-studio-session", "version": 1, "saved_by": "Backprop Studio …",
     "segments": [{"config": {…}, "K_begin": 0, "k_begin": 0, "start_batch": 0,
                   "initial": [Θ⁽¹⁾, …], "initial_D": null | [D⁽¹⁾, …],
                   "past": null | {"J": …, "acc": …}}, …],
     "dataset": null | {"name", "X", "labels", "class_names", "feature_names", …},
     "position": {"K", "segment", "batch", "thetas", "D", "history_J", "history_acc",
                  "checkpoints": {"batches", "thetas", "D", "has_D"}},
     "view": {"node_mode", "edge_mode", "selection", "options"}}

Arrays are jsonarrays objects (little-endian base64, bit-exact). A segment is one stretch
of training with one set of settings (see timeline.py); "past" holds what an earlier
segment recorded before the next took over. Built-in data travels by name and parameters
(config.source); imported data travels inline in "dataset". "position" is the checkpoint
at the start of the current batch with the histories up to it, so opening a file saved at
step 10⁶ replays at most the current batch, plus up to MAX_CHECKPOINTS earlier batch starts
to rewind to. Loading validates everything and raises SessionError naming what is wrong;
it never executes anything from the file.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .atomic import write_atomic
from .config import network_for, stepper_for
from .jsonarrays import encode
from .network import Network
from .notation import layer as sl
from .prepare import load_source, prepare
from .sessioncodec import (
    SessionError,
    array,
    config_from_json,
    config_to_json,
    dataset_from_json,
    dataset_to_json,
    fields,
    view_from_json,
    view_to_json,
)
from .timeline import Segment, Timeline, batch_start_weights

FORMAT, VERSION = "backprop-studio-session", 1
MAX_FILE_BYTES = 2**30
MAX_CHECKPOINTS = 256
STRUCTURE = ("source", "hidden", "acts", "loss", "seed", "scaling", "validation", "split_seed")

__all__ = ["SessionError", "load_session", "model_from_json", "model_to_json",
           "save_session"]


def save_session(path: str | Path, model) -> None:
    """Write `model` to `path` atomically (temp file, fsync, os.replace). SessionError
    when the file cannot be written; the previous file is then intact."""
    data = json.dumps(model_to_json(model), ensure_ascii=False, allow_nan=False,
                      separators=(",", ":")).encode("utf-8")
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise SessionError(f"Could not save {path}: {exc.strerror or exc}. "
                           "The previous file is unchanged.") from None


def load_session(path: str | Path):
    """The StudioModel saved in `path`; SessionError (a ValueError) naming what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SessionError(f"{path}: {path.stat().st_size:,} bytes is too large for a "
                               "session file")
        raw = path.read_bytes()
    except OSError as exc:
        raise SessionError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SessionError(f"{path}: not a session file (not UTF-8 text at byte "
                           f"{exc.start})") from None
    try:
        doc = json.loads(text, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise SessionError(f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}"
                           f": {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise SessionError(f"{path}: {exc}") from None
    try:
        return model_from_json(doc)
    except SessionError as exc:
        raise SessionError(f"{path}: {exc}") from None


def _no_constants(name: str):
    raise ValueError(f"{name} is not a number a session file may hold")


# ---- writing ----

def model_to_json(model) -> dict:
    t = model.timeline
    segments = []
    for s, seg in enumerate(t.segments):
        st = seg.stepper
        past = t.past[s] if s < len(t.past) else None
        segments.append({
            "config": config_to_json(seg.config), "K_begin": seg.K_begin,
            "k_begin": seg.k_begin, "start_batch": st.start_batch,
            "initial": [encode(a) for a in st.initial],
            "initial_D": None if st.initial_D is None else [encode(d) for d in st.initial_D],
            "past": None if past is None else {"J": encode(past[0]), "acc": encode(past[1])}})
    source = model.config.source
    return {"format": FORMAT, "version": VERSION, "saved_by": "Backprop Studio",
            "segments": segments,
            "dataset": dataset_to_json(model.dataset) if source.imported else None,
            "position": _position(t), "view": view_to_json(model.view)}


def _position(t: Timeline) -> dict:
    st = t.stepper
    gb = st.peek().global_batch
    thetas, D = batch_start_weights(st, gb)
    n_hist = gb - st.start_batch
    older = [c for c in st.checkpoint_list() if c[0] < gb]
    if len(older) > MAX_CHECKPOINTS:   # an even spread, the first (never thinned) kept
        pick = np.unique(np.linspace(0, len(older) - 1, MAX_CHECKPOINTS).round().astype(int))
        older = [older[i] for i in pick]
    flat = [np.concatenate([a.ravel() for a in c[1]]) for c in older]
    size = sum(a.size for a in st.initial)
    flat_D = [np.zeros(size) if c[2] is None else np.concatenate([a.ravel() for a in c[2]])
              for c in older]
    return {"K": t.K, "segment": t.i, "batch": gb,
            "thetas": [encode(a) for a in thetas],
            "D": None if D is None else [encode(d) for d in D],
            "history_J": encode(np.asarray(st.history_J)[:n_hist]),
            "history_acc": encode(np.asarray(st.history_acc)[:n_hist]),
            "checkpoints": {"batches": encode(np.array([c[0] for c in older], dtype=np.int64)),
                            "thetas": encode(np.array(flat).reshape(len(older), size)),
                            "D": encode(np.array(flat_D).reshape(len(older), size)),
                            "has_D": encode(np.array([c[2] is not None for c in older],
                                                     dtype=np.int64))}}


# ---- reading ----

def model_from_json(doc):
    """The StudioModel a parsed session document describes; SessionError otherwise."""
    from .studio import StudioModel
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionError("not a Backprop Studio session file")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SessionError(f"the format version {version!r} is not a version number")
    if version > VERSION:
        raise SessionError(f"written by a newer Backprop Studio (format version {version}); "
                           f"this one reads version {VERSION}")
    fields(doc, "the file", {"format": str, "version": int, "saved_by": str,
                             "segments": list, "dataset": (dict, type(None)),
                             "position": dict, "view": dict})
    if not doc["segments"]:
        raise SessionError("the file holds no training segment")
    configs = [config_from_json(_seg(s, i)["config"], f"segment {i + 1}'s config")
               for i, s in enumerate(doc["segments"])]
    first = configs[0]
    for i, c in enumerate(configs[1:], start=2):
        if any(getattr(c, f) != getattr(first, f) for f in STRUCTURE):
            raise SessionError(f"segment {i} trains another network or dataset than segment 1")
    dataset = _dataset(first, doc["dataset"])
    try:
        data = prepare(dataset, first.scaling, first.validation, first.split_seed)
    except ValueError as exc:
        raise SessionError(f"the dataset cannot be prepared: {exc}") from None
    timeline = _timeline(doc, configs, data)
    view = view_from_json(doc["view"], "view")
    model = StudioModel.restored(first.source, dataset, data, timeline, view)
    if view.selection is not None and model._selection_problem(view.selection):
        raise SessionError(f"view: {model._selection_problem(view.selection)}")
    return model


def _seg(obj, i: int) -> dict:
    return fields(obj, f"segment {i + 1}", {
        "config": dict, "K_begin": int, "k_begin": int, "start_batch": int,
        "initial": list, "initial_D": (list, type(None)), "past": (dict, type(None))})


def _dataset(config, obj):
    if config.source.imported:
        if obj is None:
            raise SessionError(f"the imported dataset {config.source.name} is missing")
        return dataset_from_json(obj, "dataset")
    if obj is not None:
        raise SessionError("a built-in dataset travels by name, yet data is inline")
    try:
        return load_source(config.source)
    except ValueError as exc:
        raise SessionError(str(exc)) from None


def _matrices(items, what: str, shapes) -> list[np.ndarray]:
    if not isinstance(items, list) or len(items) != len(shapes):
        raise SessionError(f"{what} must list {len(shapes)} matrices, one per Θ⁽ˡ⁾")
    out = [array(a, f"{what} {l}", ndim=2, finite=True) for l, a in enumerate(items, 1)]
    for l, (a, want) in enumerate(zip(out, shapes), start=1):
        if a.shape != want:
            raise SessionError(f"{what} {l} has shape {a.shape}, but this network's "
                               f"Θ{sl(l)} is {want}")
    return out


def _timeline(doc, configs, data) -> Timeline:
    shapes = [t.shape for t in network_for(configs[0], data.X.shape[1], data.Y.shape[1]).thetas]
    segments, past = [], []
    n = len(configs)
    for i, (obj, config) in enumerate(zip(doc["segments"], configs)):
        what = f"segment {i + 1}"
        thetas = _matrices(obj["initial"], f"{what}'s initial Θ", shapes)
        D = None if obj["initial_D"] is None else _matrices(obj["initial_D"],
                                                            f"{what}'s initial D", shapes)
        sizes = config.sizes(data.X.shape[1], data.Y.shape[1])
        net = Network(sizes, list(config.acts), thetas, config.seed)
        try:
            st = stepper_for(config, net, data.X, data.Y, start_batch=obj["start_batch"],
                             initial_D=D)
        except ValueError as exc:
            raise SessionError(f"{what}: {exc}") from None
        K0 = segments[-1].K_begin if segments else -1
        if obj["K_begin"] <= K0 or (i == 0 and obj["K_begin"] != 0) or obj["k_begin"] < st.k0:
            raise SessionError(f"{what} begins at step {obj['K_begin']}, out of order")
        segments.append(Segment(config, st, obj["K_begin"], obj["k_begin"]))
        if (obj["past"] is None) != (i == n - 1):
            raise SessionError(f"{what}: only the last segment has no recorded past")
        if obj["past"] is not None:
            p = fields(obj["past"], f"{what}'s past", {"J": dict, "acc": dict})
            past.append((array(p["J"], f"{what}'s past J", ndim=1),
                         array(p["acc"], f"{what}'s past accuracy", ndim=1)))
    timeline = Timeline(tuple(segments), tuple(past))
    _restore_position(timeline, doc["position"], shapes)
    return timeline


def _restore_position(timeline: Timeline, obj, shapes) -> None:
    p = fields(obj, "position", {"K": int, "segment": int, "batch": int, "thetas": list,
                                 "D": (list, type(None)), "history_J": dict,
                                 "history_acc": dict, "checkpoints": dict})
    i, K = p["segment"], p["K"]
    if not 0 <= i < len(timeline.segments):
        raise SessionError(f"position: there is no segment {i + 1}")
    seg = timeline.segments[i]
    end = timeline.segments[i + 1].K_begin if i + 1 < len(timeline.segments) else None
    st, k = seg.stepper, seg.local(K)
    if K < seg.K_begin or (end is not None and K >= end) or k < st.k0:
        raise SessionError(f"position: step {K} lies outside segment {i + 1}")
    if st.schedule.locate(k).global_batch != p["batch"]:
        raise SessionError(f"position: step {K} is not in batch {p['batch']}")
    thetas = _matrices(p["thetas"], "position Θ", shapes)
    D = None if p["D"] is None else _matrices(p["D"], "position D", shapes)
    c = fields(p["checkpoints"], "position.checkpoints",
               {"batches": dict, "thetas": dict, "D": dict, "has_D": dict})
    batches = array(c["batches"], "checkpoint batches", ndim=1)
    flat_t = array(c["thetas"], "checkpoint Θ", ndim=2, finite=True)
    flat_d = array(c["D"], "checkpoint D", ndim=2, finite=True)
    has_D = array(c["has_D"], "checkpoint has_D", ndim=1)
    size = sum(r * c for r, c in shapes)
    if not (len(batches) == len(flat_t) == len(flat_d) == len(has_D)) or \
            (len(batches) and (flat_t.shape[1] != size or flat_d.shape[1] != size)):
        raise SessionError("position.checkpoints: its parts do not match")
    checkpoints = [(int(b), _split(t, shapes), _split(d, shapes) if h else None)
                   for b, t, d, h in zip(batches, flat_t, flat_d, has_D)]
    try:
        st.restore_position(p["batch"], thetas, D,
                            array(p["history_J"], "history_J", ndim=1),
                            array(p["history_acc"], "history_acc", ndim=1), checkpoints)
        timeline.i = i
        st.seek(k)
    except (ValueError, ArithmeticError) as exc:
        raise SessionError(f"position: {exc}") from None


def _split(flat: np.ndarray, shapes) -> list[np.ndarray]:
    out, at = [], 0
    for r, c in shapes:
        out.append(flat[at:at + r * c].reshape(r, c))
        at += r * c
    return out
