"""A guard for panels that show the session in their widgets: while a panel writes the
session's values into its boxes, the boxes' change signals must not edit the session."""

from __future__ import annotations


class Syncing:
    """`with guard:` marks a sync under way, and ends it even when the body raises (a
    flag set by hand would stay set after an exception and silence every later edit);
    `if guard:` tells whether one is under way. Nests."""

    def __init__(self) -> None:
        self._depth = 0

    def __enter__(self) -> Syncing:
        self._depth += 1
        return self

    def __exit__(self, *exc) -> bool:
        self._depth -= 1
        return False

    def __bool__(self) -> bool:
        return self._depth > 0
