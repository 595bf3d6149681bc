"""The canvas's words: layer headers and unit captions (no geometry, no values)."""

from __future__ import annotations

from app.session import layer_title
from bpengine.notation import layer as sl
from bpengine.notation import sub

NODE_SYMBOLS = {"a": "a", "z": "z", "delta": "δ"}


def header_lines(session, l: int) -> tuple[str, str]:
    """Two short lines a header can stand in between its neighbours on a 1024-px
    projector: ("Layer 1", "x = a⁽¹⁾"), ("Layer 2", "sigmoid"). The unit captions name
    a⁽ˡ⁾; layer_title (the tooltip) says it all in one line."""
    if l == 1:
        return "Layer 1", f"x = a{sl(1)}"
    return f"Layer {l}", session.acts[l - 2]


def class_names(session) -> list[str] | None:
    """The output units' class names when the dataset has one per output unit (0–9 for
    the digits, the Iris species); None for a single output unit."""
    K = session.sizes[-1]
    names = list(getattr(session.dataset, "class_names", []) or [])
    return names if K >= 2 and len(names) == K else None


def caption(l: int, j: int, mode: str, L: int, names: list[str] | None = None) -> str:
    """x₁ on the input, a₁⁽²⁾ / z₁⁽²⁾ / δ₁⁽²⁾ elsewhere; output units add their class."""
    if l == 1:
        return f"x{sub(j)}"
    text = f"{NODE_SYMBOLS[mode]}{sub(j)}{sl(l)}"
    if l == L and names is not None:
        text += f" {names[j - 1]}"
    return text


def title(session, l: int) -> str:
    return layer_title(session, l)


def _scale_words(fixed: bool) -> tuple[str, str]:
    return ("scale fixed for this batch", "fixed scale") if fixed else \
        ("scale of this step", "step's scale")


def node_legend(text: tuple[str, str], auto: bool, fixed: bool, computed: bool) -> tuple:
    """The units' legend title, longest wording first: the quantity, "auto", the scale."""
    name, q = text[1], f"{text[0]}⁽ˡ⁾"
    scale, short = _scale_words(fixed)
    auto_ = " (auto)" if auto else ""
    if not computed:
        return (f"units: {q} {name}{auto_}: not computed yet for this example",
                f"units: {q} not computed yet", f"{q} not computed yet")
    return (f"units: {q} {name}{auto_} · {scale}", f"units: {q} {name} · {short}",
            f"units: {q} · {short}", f"{q} · {short}")


def edge_legend(text: tuple[str, str], auto: bool, fixed: bool, computed: bool) -> tuple:
    """The edges' legend title, longest wording first (D: none before the first gradient)."""
    name, q = text[1], f"{text[0]}⁽ˡ⁾"
    scale, short = _scale_words(fixed)
    auto_ = " (auto)" if auto else ""
    if not computed:
        return (f"edges: {q} {name}{auto_}: none before the first gradient step",
                f"edges: {q} none before the first gradient", f"{q}: none yet")
    return (f"edges: {q} {name}{auto_} · {scale} · dashed = negative, width ∝ |v|",
            f"edges: {q} {name} · {short} · dashed < 0",
            f"edges: {q} · {short} · dashed < 0", f"{q} · {short} · dashed < 0")
