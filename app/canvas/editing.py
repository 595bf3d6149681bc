"""Editing on the canvas: the +/− and "+ layer" buttons, the layer menu (right click) and
the activation menu (a header click, or the layer menu's submenu).

Every entry calls a Session method (add_unit, remove_unit, add_layer, remove_layer,
set_activation); the session validates, pushes one undo command and reports refusals.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

import bpengine as bp

from . import layout
from .items import ButtonItem, Text


class EditingMixin:
    """CanvasView's edit controls and menus.

    Needs from the view: session, _scene, _buttons, _chrome, _chrome_visible, _headers,
    hit() and the QGraphicsView API.
    """

    # ---- buttons ----

    def _add_buttons(self, geo: layout.Geometry) -> None:
        """"− units +" under each hidden layer; "+ layer" between each pair of layers, on
        a row of its own (layers stand too close for both on one row)."""
        L = len(geo.layers)
        for g in geo.layers:
            if 2 <= g.l <= L - 1:
                self._add_unit_buttons(g.l, g.x, geo.button_y)
            if g.l < L:
                self._add_layer_button(g.l, g.x + geo.dx / 2, geo.layer_button_y)

    def _add_unit_buttons(self, l: int, x: float, y: float) -> None:
        s, sty = self.session, self.style_
        label = Text(None, sty.button_label_font, sty.soft_ink, x, y)
        label.set("units")
        self._scene.addItem(label)
        self._chrome.append(label)
        dx = sty.UNIT_BUTTON_DX
        for text, sign, tip, slot in (
                ("−", -1, f"Remove a unit from layer {l}", s.remove_unit),
                ("+", 1, f"Add a unit to layer {l}", s.add_unit)):
            button = ButtonItem(sty, text, tip, lambda f=slot, n=l: f(n), x + sign * dx, y,
                                sty.BUTTON_H)
            self._scene.addItem(button)
            self._buttons.append(button)

    def _add_layer_button(self, l: int, x: float, y: float) -> None:
        s = self.session
        tip = f"Add a hidden layer between layers {l} and {l + 1}"
        button = ButtonItem(self.style_, "+ layer", tip, lambda n=l: s.add_layer(n), x, y)
        self._scene.addItem(button)
        self._buttons.append(button)

    def set_edit_controls_visible(self, visible: bool) -> None:
        """Show or hide the on-canvas editing buttons (e.g. while exporting a figure, or
        presenting). Without them the figure closes up (no empty button rows): the scene
        is laid out again."""
        visible = bool(visible)
        if visible != self._chrome_visible:
            self._chrome_visible = visible
            self.rebuild()

    # ---- menus ----

    def contextMenuEvent(self, event) -> None:
        """Right click on a unit, header, "… more" or edge: the menu of its layer (an edge
        belongs to the layer it feeds)."""
        key = self.hit(event.pos())
        if key is None or key[0] not in ("unit", "header", "more", "edge"):
            event.ignore()
            return
        if key[0] == "unit":
            self.session.select(key)
        l = key[1] + 1 if key[0] == "edge" else key[1]
        self._popup(self.layer_menu(l), event.globalPos())
        event.accept()

    def _open_activation_menu(self, l: int) -> None:
        """The activation menu of layer l, just under its header."""
        header = self._headers[l]
        at = self.mapFromScene(header.sceneBoundingRect().bottomLeft())
        self._popup(self.activation_menu(l), self.viewport().mapToGlobal(at))

    def _popup(self, menu: QMenu, at: QPoint) -> None:
        """Show `menu` without blocking; it deletes itself once closed (after its action)."""
        menu.aboutToHide.connect(menu.deleteLater)
        self._menu = menu          # the last menu opened (tests look at it)
        menu.popup(at)

    def layer_menu(self, l: int) -> QMenu:
        """Add unit, Remove unit, Add layer before/after, Remove layer, Activation ▸ for layer
        l. Entries that can never apply to this layer (the input's units…) are disabled; the
        session reports any other refusal itself."""
        s, L = self.session, self.session.L
        hidden = 2 <= l <= L - 1
        menu = QMenu(self)
        menu.setTitle(f"Layer {l}")
        entries = (("Add unit", lambda: s.add_unit(l), hidden),
                   ("Remove unit", lambda: s.remove_unit(l), hidden),
                   (None, None, None),
                   ("Add layer before", lambda: s.add_layer(l - 1), l >= 2),
                   ("Add layer after", lambda: s.add_layer(l), l <= L - 1),
                   ("Remove layer", lambda: s.remove_layer(l), hidden))
        for text, slot, enabled in entries:
            if text is None:
                menu.addSeparator()
                continue
            action = menu.addAction(text)
            action.triggered.connect(lambda _c=False, f=slot: f())
            action.setEnabled(enabled)
        menu.addSeparator()
        acts = self.activation_menu(l, menu)
        menu.addMenu(acts)
        acts.setEnabled(l >= 2)
        return menu

    def activation_menu(self, l: int, parent=None) -> QMenu:
        """The checkable list of activations g for layer l (≥ 2)."""
        menu = QMenu("Activation", parent or self)
        group = QActionGroup(menu)
        group.setExclusive(True)
        acts = self.session.acts
        current = acts[l - 2] if 2 <= l <= len(acts) + 1 else None
        for name in bp.ACTIVATIONS:
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name == current)
            group.addAction(action)
            # re-choosing the current g would push an undo command that changes nothing
            action.triggered.connect(
                lambda _c=False, n=name: n != current and self.session.set_activation(l, n))
        return menu
