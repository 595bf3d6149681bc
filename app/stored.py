"""Reading QSettings defensively: a value of the wrong type falls back to the default.

Settings files outlive versions of the app and can be edited by hand; an INI file hands
numbers back as text ("1.25") and a hand-edited one anything at all ("wide"). Start-up must
never fail on them (issue 9: a non-integer window/screen_width crashed it).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSettings


def stored(key: str, default, valid=None):
    """QSettings()'s `key` as the type of `default` (bool, int, float or str), or `default`
    when it is missing, cannot be read as that type, or fails `valid(value)`."""
    raw = QSettings().value(key)
    if raw is None:
        return default
    value = _as(type(default), raw)
    if value is None or (valid is not None and not valid(value)):
        return default
    return value


def _as(kind, raw):
    try:
        if kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            return {"true": True, "1": True, "false": False, "0": False}.get(text)
        if kind is int:
            if isinstance(raw, bool):
                return None
            number = float(raw) if isinstance(raw, (int, float, str)) else None
            return int(number) if number is not None and number.is_integer() else None
        if kind is float:
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                return None
            number = float(raw)
            return number if math.isfinite(number) else None
        if kind is str:
            return raw if isinstance(raw, str) else None
    except (TypeError, ValueError, OverflowError):
        return None
    return None
