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
