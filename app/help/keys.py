"""Help ▸ Keys: every shortcut of the window, generated from its actions (so the page cannot
drift from what the keys do), grouped by the menu that holds each action."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu


def _shortcuts(action: QAction) -> list[str]:
    return [k.toString(QKeySequence.NativeText) for k in action.shortcuts() if not k.isEmpty()]


def _walk(menu: QMenu, path: str, out: list, seen: set) -> None:
    for action in menu.actions():
        sub = action.menu()
        if sub is not None:
            _walk(sub, f"{path} ▸ {action.text().replace('&', '')}", out, seen)
        elif not action.isSeparator():
            seen.add(action)
            if _shortcuts(action):
                out.append((path, action))


def shortcut_rows(window) -> list[tuple[str, str, list[str], str]]:
    """(menu, action text, its shortcuts, what it does) for every action with a shortcut:
    the menus' in menu order, then any other action of the window's."""
    found, seen = [], set()
    for action in window.menuBar().actions():
        if action.menu() is not None:
            _walk(action.menu(), action.text().replace("&", ""), found, seen)
    others = [a for a in window.findChildren(QAction) if a not in seen and _shortcuts(a)]
    found += [("Other", a) for a in others]
    rows = []
    for path, a in found:
        text = a.text().replace("&", "")
        what = a.statusTip() or a.toolTip() or text
        rows.append((path, text, _shortcuts(a), what.split(" (")[0]))
    return rows


def keys_html(window) -> str:
    html = ["<h2>Keys</h2><p>Every shortcut of the window, read from its actions. Slide "
            "software keys: a presenter remote's PageDown and PageUp step forward and back."
            "</p><table cellspacing='0' cellpadding='4' width='100%'>"]
    last = None
    for path, text, keys, what in shortcut_rows(window):
        if path != last:
            html.append(f"<tr><td colspan='3'><h3>{escape(path)}</h3></td></tr>")
            last = path
        shown = ", ".join(f"<b>{escape(k)}</b>" for k in keys)
        html.append(f"<tr><td style='padding-right:16px'>{shown}</td><td>{escape(text)}</td>"
                    f"<td><small>{escape(what) if what != text else ''}</small></td></tr>")
    html.append("</table>")
    return "".join(html)
