"""The seed's notation as text: superscript layer indices and subscripts.

Code indexes layers from 0 (`thetas[0]` is Θ⁽¹⁾); the lecture and the UI count from 1.
This module is the one place that converts between them.
"""

from __future__ import annotations

_SUP = str.maketrans("0123456789+-−()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾")
_SUB = str.maketrans("0123456789+-()", "₀₁₂₃₄₅₆₇₈₉₊₋₍₎")


def sup(text: object) -> str:
    """Superscript digits: sup(2) == '²'."""
    return str(text).translate(_SUP)


def sub(text: object) -> str:
    """Subscript digits: sub(12) == '₁₂'."""
    return str(text).translate(_SUB)


def layer(l: int) -> str:
    """The seed's parenthesised layer superscript: layer(3) == '⁽³⁾'."""
    return sup(f"({l})")


def seed_layer(index: int) -> int:
    """1-based seed layer number of a 0-based list index (thetas[0] → Θ⁽¹⁾)."""
    return index + 1
