"""No pickle anywhere: no module imports pickle (or its relatives), and every numpy load
says allow_pickle=False."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PICKLERS = ("pickle", "cPickle", "dill", "shelve", "marshal", "joblib")


def sources():
    for folder in ("bpengine", "app"):
        yield from (ROOT / folder).rglob("*.py")


def test_no_module_imports_a_pickler():
    offenders = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            offenders += [f"{path.name}:{node.lineno}" for n in names
                          if n.split(".")[0] in PICKLERS]
    assert offenders == []


def test_every_numpy_load_refuses_pickles():
    offenders = []
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr == "load" and getattr(node.func.value, "id", "") in (
                        "np", "numpy"):
                safe = any(k.arg == "allow_pickle" and isinstance(k.value, ast.Constant)
                           and k.value.value is False for k in node.keywords)
                if not safe:
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
