"""The parts of a session file: configuration, inline dataset, view state, to and from JSON.

Every reader checks types before building anything and raises SessionError saying which
part of the file is wrong and how ("config.alpha must be a number, not "fast"").
"""

from __future__ import annotations

from .config import DataSource, StudioConfig
from .dataset import Dataset
from .errors import DataError
from .jsonarrays import ArrayFormatError, decode, encode


class SessionError(ValueError):
    """A session file that cannot be opened (or saved); the message says what is wrong."""


_NUMBER = (int, float)
CONFIG_TYPES = {"hidden": list, "acts": list, "alpha": _NUMBER, "lam": _NUMBER,
                "batch_size": (int, type(None)), "shuffle": bool, "seed": int, "loss": str,
                "scaling": str, "validation": _NUMBER, "split_seed": int, "source": dict}
SOURCE_TYPES = {"kind": str, "name": str, "m": (int, type(None)),
                "noise": (int, float, type(None)), "seed": int, "path": str, "sha256": str,
                "options": list}
DATASET_TYPES = {"name": str, "X": dict, "labels": dict, "class_names": list,
                 "feature_names": list, "attribution": str, "image_shape": (list, type(None)),
                 "image_order": str, "notes": list}


def fields(obj, what: str, types: dict) -> dict:
    """obj as a dict with exactly the keys of `types`, each of its type (bool is not a
    number here); SessionError naming the first that is missing, extra or mistyped."""
    if not isinstance(obj, dict):
        raise SessionError(f"{what} must be a JSON object")
    missing = [k for k in types if k not in obj]
    extra = [k for k in obj if k not in types]
    if missing or extra:
        part = f"has no {missing[0]!r}" if missing else f"has an unknown entry {extra[0]!r}"
        raise SessionError(f"{what} {part}")
    for key, want in types.items():
        value = obj[key]
        wants = want if isinstance(want, tuple) else (want,)
        if isinstance(value, bool) and bool not in wants or not isinstance(value, wants):
            raise SessionError(f"{what}.{key} has the wrong type ({type(value).__name__})")
    return obj


def array(obj, what: str, **checks):
    try:
        return decode(obj, what, **checks)
    except ArrayFormatError as exc:
        raise SessionError(str(exc)) from None


# ---- configuration ----

def config_to_json(c: StudioConfig) -> dict:
    s = c.source
    source = {"kind": s.kind, "name": s.name, "m": s.m, "noise": s.noise, "seed": s.seed,
              "path": s.path, "sha256": s.sha256,
              "options": [[k, list(v) if isinstance(v, tuple) else v] for k, v in s.options]}
    return {"hidden": list(c.hidden), "acts": list(c.acts), "alpha": c.alpha, "lam": c.lam,
            "batch_size": c.batch_size, "shuffle": c.shuffle, "seed": c.seed, "loss": c.loss,
            "scaling": c.scaling, "validation": c.validation, "split_seed": c.split_seed,
            "source": source}


def config_from_json(obj, what: str) -> StudioConfig:
    d = fields(obj, what, CONFIG_TYPES)
    s = fields(d["source"], f"{what}.source", SOURCE_TYPES)
    options = []
    for item in s["options"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise SessionError(f"{what}.source.options must be [name, value] pairs")
        options.append((item[0], tuple(item[1]) if isinstance(item[1], list) else item[1]))
    if not all(isinstance(h, int) and not isinstance(h, bool) for h in d["hidden"]) or \
            not all(isinstance(a, str) for a in d["acts"]):
        raise SessionError(f"{what}: hidden must list whole numbers and acts names")
    try:
        source = DataSource(s["kind"], s["name"], s["m"], s["noise"], s["seed"], s["path"],
                            s["sha256"], tuple(options))
        config = StudioConfig(source, tuple(d["hidden"]), tuple(d["acts"]), d["alpha"],
                              d["lam"], d["batch_size"], d["shuffle"], d["seed"], d["loss"],
                              d["scaling"], d["validation"], d["split_seed"])
        config.validate()
    except ValueError as exc:
        raise SessionError(f"{what}: {exc}") from None
    return config


# ---- an imported dataset, inline ----

def dataset_to_json(ds: Dataset) -> dict:
    return {"name": ds.name, "X": encode(ds.X), "labels": encode(ds.labels),
            "class_names": list(ds.class_names), "feature_names": list(ds.feature_names),
            "attribution": ds.attribution,
            "image_shape": None if ds.image_shape is None else list(ds.image_shape),
            "image_order": ds.image_order, "notes": list(ds.notes)}


def dataset_from_json(obj, what: str) -> Dataset:
    d = fields(obj, what, DATASET_TYPES)
    X = array(d["X"], f"{what}.X", ndim=2, finite=True)
    labels = array(d["labels"], f"{what}.labels", ndim=1)
    for key in ("class_names", "feature_names", "notes"):
        if not all(isinstance(v, str) for v in d[key]):
            raise SessionError(f"{what}.{key} must list text")
    shape = d["image_shape"]
    try:
        return Dataset.from_labels(X, labels, d["class_names"], d["feature_names"], d["name"],
                                   d["attribution"], None if shape is None else tuple(shape),
                                   d["image_order"], tuple(d["notes"]))
    except (DataError, TypeError, ValueError) as exc:
        raise SessionError(f"{what}: {exc}") from None


# ---- view state ----

def view_to_json(view) -> dict:
    sel = None if view.selection is None else list(view.selection)
    return {"node_mode": view.node_mode, "edge_mode": view.edge_mode, "selection": sel,
            "options": dict(view.options)}


def view_from_json(obj, what: str):
    from .studio import EDGE_MODES, NODE_MODES, ViewState
    d = fields(obj, what, {"node_mode": str, "edge_mode": str,
                           "selection": (list, type(None)), "options": dict})
    if d["node_mode"] not in NODE_MODES or d["edge_mode"] not in EDGE_MODES:
        raise SessionError(f"{what}: unknown colour mode {d['node_mode']!r} / "
                           f"{d['edge_mode']!r}")
    sel = d["selection"]
    return ViewState(d["node_mode"], d["edge_mode"], None if sel is None else tuple(sel),
                     dict(d["options"]))
