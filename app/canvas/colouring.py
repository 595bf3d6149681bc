"""Colour modes and recolouring: which quantity nodes and edges show, and how.

Nodes show a, z or δ; edges Θ, Δ or D; "auto" follows the current micro-step. Values are
read from the session's stepper and mapped onto a symmetric diverging scale; nothing here
computes the network's math. The scale is "fixed" by default: it ends at the largest
|value| of the quantity over the batch so far (bpengine.extents), rounded up, so a colour
keeps its meaning from step to step; "step" follows each step's own values. Recolouring
only touches existing items (brushes, pens, texts), and edge pens are cached by key so an
unchanged edge costs one comparison.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QPen

from app.scales import nice_ceiling
from bpengine.extents import ExtentTracker

from . import labels
from . import style as st
from .items import Z_EDGE, Z_EDGE_HOT, EdgeItem

NODE_MODES = ("auto", "delta", "a", "z")
EDGE_MODES = ("auto", "theta", "Delta", "D")
NODE_TEXT = {"a": ("a", "activation"), "z": ("z", "weighted input"), "delta": ("δ", "error")}
EDGE_TEXT = {"theta": ("Θ", "weights"), "Delta": ("Δ", "accumulators"),
             "D": ("D", "gradients")}
SCALE_MODES = ("fixed", "step")
DENSE_Z = 0.3     # a dense group's edges stack by width within this much above the group's


def nice(m: float | None) -> float:
    """max |value| rounded up to a round number (1, 1.5, 2, 3, 5, 7.5 × 10ᵏ), so the legend
    reads ±0.5, not ±0.4873, and stays put while the values move a little; 1 when all are
    (near) zero, so zeros sit mid-scale and the legend reads ±1, not ±1e-12."""
    return nice_ceiling(m) if m is not None and m > st.SCALE_FLOOR else 1.0


def value_scale(arrays) -> float:
    """nice() of max |value| over the arrays."""
    return nice(max((float(np.max(np.abs(a))) for a in arrays if a.size), default=0.0))


class EdgeGroup:
    """The drawn edges of one Θ⁽ˡ⁾, in row-major order of arr[np.ix_(rows, cols)]. A dense
    group (more than DENSE_EDGES edges) draws them thinner and lighter, the strongest on
    top."""

    def __init__(self, l: int, rows: np.ndarray, cols: np.ndarray, items: list[EdgeItem],
                 dense: bool = False):
        self.l, self.rows, self.cols, self.items = l, rows, cols, items
        self.dense = dense
        self.keys: list[tuple | None] = [None] * len(items)   # pen keys last applied
        self.z = Z_EDGE


class ColouringMixin:
    """CanvasView's colour modes and recolouring.

    Needs from the view: session, style_, legend_widget, _layer_units, _groups, _nodes,
    _selected_edge, _emphasize (highlight), refresh() and the mode-changed signals.
    """

    def _init_colouring(self) -> None:
        self._shown_modes = (self.node_mode, self.edge_mode, self.scale_mode)
        self._extents = ExtentTracker()
        self._style_pens()

    def _style_pens(self) -> None:
        """Pens and brushes made once a style: a step only picks among them."""
        sty = self.style_
        self.palette_ = sty.palette
        dashed = Qt.DashLine if sty.dash_negative_units else Qt.SolidLine
        self._pens = {
            "normal": QPen(sty.node_outline, sty.NODE_PEN_WIDTH),
            "negative": QPen(sty.node_outline, sty.NODE_PEN_WIDTH * 1.5, dashed),
            "active": QPen(sty.accent, sty.ACTIVE_PEN_WIDTH),
            "active_negative": QPen(sty.accent, sty.ACTIVE_PEN_WIDTH, dashed),
            "pending": QPen(sty.pending_ink, sty.NODE_PEN_WIDTH, Qt.DashLine),
        }
        self._brushes = {"pending": QBrush(sty.pending_fill), "input": QBrush(sty.input_fill),
                         "pending_ink": QBrush(sty.pending_ink), "soft_ink": QBrush(sty.ink)}
        self._neutral_edge = {f: st.edge_pen(sty.washed(sty.neutral_edge) if f
                                             else sty.neutral_edge, sty.EDGE_MIN_W, False)
                              for f in (False, True)}

    # ---- modes ----

    @property
    def node_mode(self) -> str:
        """What nodes are coloured by: "auto", "delta", "a" or "z" (the model's view state)."""
        return self.session.view.node_mode

    @property
    def edge_mode(self) -> str:
        """What edges are coloured by: "auto", "theta", "Delta" or "D"."""
        return self.session.view.edge_mode

    @property
    def scale_mode(self) -> str:
        """"fixed" (the largest |value| of the batch so far) or "step" (this step's)."""
        mode = self.session.view.options.get("colour_scale", "fixed")
        return mode if mode in SCALE_MODES else "fixed"

    def set_scale_mode(self, mode: str) -> None:
        if mode not in SCALE_MODES:
            raise ValueError(f"the colour scale must be one of {', '.join(SCALE_MODES)}, "
                             f"not {mode!r}")
        self.session.set_view(colour_scale=mode)

    def set_node_mode(self, mode: str) -> None:
        """Colour nodes by "auto", "delta", "a" or "z"."""
        if mode not in NODE_MODES:
            raise ValueError(f"node mode must be one of {', '.join(NODE_MODES)}, not {mode!r}")
        self.session.set_view(node_mode=mode)

    def set_edge_mode(self, mode: str) -> None:
        """Colour edges by "auto", "theta", "Delta" or "D"."""
        if mode not in EDGE_MODES:
            raise ValueError(f"edge mode must be one of {', '.join(EDGE_MODES)}, not {mode!r}")
        self.session.set_view(edge_mode=mode)

    def view_changed(self) -> None:
        """The model's view state changed (slot of sigView): recolour, and say which mode
        changed (sigNodeModeChanged / sigEdgeModeChanged) for the menus' check marks."""
        before, now = self._shown_modes, (self.node_mode, self.edge_mode, self.scale_mode)
        self._shown_modes = now
        self.refresh()
        if before[0] != now[0]:
            self.sigNodeModeChanged.emit(now[0])
        if before[1] != now[1]:
            self.sigEdgeModeChanged.emit(now[1])
        if before[2] != now[2]:
            self.sigScaleModeChanged.emit(now[2])

    def shown_node_mode(self) -> str:
        """What nodes show now: "auto" is a in the forward steps (and at step 0), δ from the
        output error on."""
        if self.node_mode != "auto":
            return self.node_mode
        last = self.session.stepper.last
        return "a" if last is None or last.kind == "forward" else "delta"

    def shown_edge_mode(self) -> str:
        """What edges show now: "auto" is Θ, except Δ right after an accumulate step and D
        right after a gradient step."""
        if self.edge_mode != "auto":
            return self.edge_mode
        last = self.session.stepper.last
        kind = last.kind if last is not None else None
        return {"accumulate": "Delta", "gradient": "D"}.get(kind, "theta")

    # ---- nodes ----

    def _node_arrays(self, stepper, nm: str) -> list[np.ndarray | None]:
        """One array per layer; None where the quantity does not exist (yet)."""
        source = {"a": stepper.a, "z": stepper.z, "delta": stepper.delta}[nm]
        return [stepper.a[0] if nm == "a" else None] + list(source[1:])

    def _node_scale(self, stepper, nm: str, arrays) -> float | None:
        """The scale of the computed layers (fixed: over the batch so far); the input's x
        only when nothing else is; None when the quantity is not computed yet."""
        computed = [a for a in arrays[1:] if a is not None]
        if self.scale_mode == "fixed":
            m = self._extents.extent(stepper, nm)
            if m is not None:
                return nice(m)
        elif computed:
            return value_scale(computed)
        return value_scale([arrays[0]]) if arrays[0] is not None else None

    def _refresh_nodes(self, stepper, nm: str, active: int | None) -> float | None:
        """Fill and text of every shown unit; the active layer gets the accent outline."""
        arrays = self._node_arrays(stepper, nm)
        scale = self._node_scale(stepper, nm, arrays)
        for l, ((idx, items), arr) in enumerate(zip(self._layer_units, arrays), start=1):
            pen = self._pens["active"] if l == active else None
            if arr is None and l == 1:          # the input has no z and no δ: show x plainly
                self._paint_input(items, stepper.a[0][idx], pen)
            elif arr is None:
                self._paint_pending(items, pen)
            else:
                self._paint_values(items, arr[idx], scale, l == active)
        return scale

    def _paint_input(self, items, values, pen) -> None:
        brushes = self._brushes
        for item, v in zip(items, values):
            item.set_value(st.fmt(v), brushes["input"], brushes["soft_ink"])
            item.setPen(pen or self._pens["normal"])

    def _paint_pending(self, items, pen) -> None:
        brushes = self._brushes
        for item in items:
            item.set_value("·", brushes["pending"], brushes["pending_ink"])
            item.setPen(pen or self._pens["pending"])

    def _paint_values(self, items, values: np.ndarray, scale, active: bool) -> None:
        """Fill by value; the outline is dashed for a negative value in a theme that shows
        signs without colour (high contrast)."""
        pal, pens = self.palette_, self._pens
        plain = ("active", "active_negative") if active else ("normal", "negative")
        for item, v, c in zip(items, values.tolist(), pal.indices(values, scale).tolist()):
            item.set_value(st.fmt(v), pal.brushes[c], pal.ink[c])
            item.setPen(pens[plain[v < 0]])

    def _set_captions(self, nm: str) -> None:
        """x₁ on the input, then the shown quantity's symbol (a₁⁽²⁾, δ₁⁽²⁾…); output units
        add their class names when the dataset has them."""
        names, L = labels.class_names(self.session), self.session.L
        for (l, j), node in self._nodes.items():
            node.caption.set(labels.caption(l, j, nm, L, names))
        self._caption_mode = nm

    # ---- edges ----

    def _edge_arrays(self, stepper, em: str):
        return {"theta": stepper.thetas, "Delta": stepper.Deltas, "D": stepper.D}[em]

    def _refresh_edges(self, stepper, em: str, hot: set[int] | None) -> float | None:
        """Colour, width and dash by value; edges not carrying the current step's values are
        washed out towards the background (opaque: much cheaper to paint than opacity)."""
        arrays = self._edge_arrays(stepper, em)
        scale = None
        if arrays is not None:
            scale = nice(self._extents.extent(stepper, em)) if self.scale_mode == "fixed" \
                else value_scale(arrays)
        for group in self._groups:
            on = hot is None or group.l in hot
            self._set_group_z(group, Z_EDGE_HOT if on and hot else Z_EDGE)
            self._apply_keys(group, self._edge_keys(group, arrays, scale, not on), not on)
        if self._selected_edge is not None:
            self._emphasize(self._selected_edge, True)
        return scale

    def _edge_keys(self, group: EdgeGroup, arrays, scale, faded: bool) -> list[tuple]:
        """Pen keys (colour index, width step, negative, faded), or ("neutral", faded) when
        the quantity does not exist yet."""
        if arrays is None:
            return [("neutral", faded)] * len(group.items)
        vals = arrays[group.l - 1][np.ix_(group.rows, group.cols)].ravel()
        pal = self.palette_
        return list(zip(pal.indices(vals, scale).tolist(), pal.width_steps(vals, scale).tolist(),
                        (vals < 0).tolist(), [faded] * len(group.items)))

    def _apply_keys(self, group: EdgeGroup, keys: list[tuple], faded: bool) -> None:
        """Set pens only where the key changed (most edges keep theirs from step to step);
        a dense group's edges stack by width, the strongest on top."""
        selected = self._selected_edge
        for n, item in enumerate(group.items):
            if group.keys[n] != keys[n]:
                group.keys[n] = keys[n]
                item.faded = faded
                if item is not selected:       # the selection keeps its full-strength pen
                    item.setPen(self._edge_pen(keys[n], dense=group.dense))
                    if group.dense:
                        item.setZValue(self._dense_z(group, keys[n]))

    @staticmethod
    def _dense_z(group: EdgeGroup, key: tuple) -> float:
        ws = key[1] if key[0] != "neutral" else 0
        return group.z + DENSE_Z * ws / (st.EDGE_W_STEPS + 1)

    def _set_group_z(self, group: EdgeGroup, z: float) -> None:
        """Hot edges above the washed-out ones, so crossings show the live values."""
        if z == group.z:
            return
        group.z = z
        for n, item in enumerate(group.items):
            if item is not self._selected_edge:
                key = group.keys[n]
                item.setZValue(self._dense_z(group, key) if group.dense and key else z)

    def _edge_pen(self, key: tuple, faded: bool | None = None, dense: bool = False) -> QPen:
        """The pen for an edge key (ci, width step, negative, faded) or ("neutral", faded);
        `faded` overrides the key's."""
        faded = key[-1] if faded is None else faded
        if key[0] == "neutral":
            return self._neutral_edge[faded]
        return self.palette_.edge_pen(key[0], key[1], key[2], faded, dense)

    # ---- legend ----

    def _refresh_legend(self, nm, em, node_scale, edge_scale) -> None:
        """Titles name the shown quantities, "auto", and the scale in use (shorter wordings
        for a narrow legend); the bars show the scales."""
        fixed = self.scale_mode == "fixed"
        self.legend_widget.set_nodes(
            labels.node_legend(NODE_TEXT[nm], self.node_mode == "auto", fixed,
                               node_scale is not None), node_scale or 1.0)
        self.legend_widget.set_edges(
            labels.edge_legend(EDGE_TEXT[em], self.edge_mode == "auto", fixed,
                               edge_scale is not None), edge_scale or 1.0)
