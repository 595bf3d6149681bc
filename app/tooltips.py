"""Tooltips that explain the lecture's symbols wherever they appear, from app/symbols.py.

SymbolTips(browser): hovering a symbol in rich text (the inspector, the lecture page)
shows its sentence. install(window) puts the sentences on the canvas's units, bias units
and weights (after every rebuild), the step banner (following its text), the settings'
fields, the cost and activation choices (item by item), the speed slider and the plot
legends. Nothing else about those widgets changes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QTextBrowser, QToolTip

from app.symbols import symbol_at, tip, tips, tips_for
from bpengine.notation import layer as sl
from bpengine.notation import sub

ACTIVATION_TIPS = {
    "sigmoid": "sigmoid: g(z) = 1 / (1 + e^(−z)), between 0 and 1; g′(z) = a(1 − a). "
               "The lecture's choice.",
    "tanh": "tanh: g(z) = tanh z, between −1 and 1; g′(z) = 1 − a².",
    "relu": "ReLU: g(z) = max(0, z); g′(z) = 1 for z > 0, else 0 (a unit that is off "
            "passes no error back).",
    "linear": "linear: g(z) = z; g′(z) = 1. A network of linear units is one linear map.",
}
LOSS_TIPS = {
    "cross_entropy": "Cross-entropy, the lecture's eq. (1): J = −(1/m) Σ [y log h + "
                     "(1 − y) log(1 − h)] + λ/(2m) ΣΘ²; δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y.",
    "mse": "Squared error: J = (1/m) Σ ½‖h − y‖² + λ/(2m) ΣΘ²; δ⁽ᴸ⁾ = (a⁽ᴸ⁾ − y) ⊙ "
           "g′(z⁽ᴸ⁾).",
}


class SymbolTips(QObject):
    """Show a symbol's sentence when the mouse rests on it in a QTextBrowser."""

    def __init__(self, browser: QTextBrowser):
        super().__init__(browser)
        self.browser = browser
        browser.viewport().installEventFilter(self)

    def symbol_under(self, pos) -> str | None:
        cursor = self.browser.cursorForPosition(pos)
        block, at = cursor.block(), cursor.positionInBlock()
        text = block.text()
        for i in (at, at - 1):
            if 0 <= i < len(text):
                sym = symbol_at(text, i)
                if sym is not None:
                    return sym
        return None

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.ToolTip:
            sym = self.symbol_under(event.pos())
            if sym is not None:
                QToolTip.showText(event.globalPos(), tip(sym), self.browser.viewport())
            else:
                QToolTip.hideText()
            return True
        return False


def unit_tip(session, l: int, j: int) -> str:
    L = session.L
    if j == 0:
        return (f"a₀{sl(l)} = 1: the bias unit of layer {l}. Its weights Θ{sl(l)}ᵢ₀ are "
                f"column j = 0 of Θ{sl(l)} and are not regularised.")
    name = f"a{sub(j)}{sl(l)}"
    if l == 1:
        names = session.dataset.feature_names
        feature = f" (“{names[j - 1]}”)" if j <= len(names) else ""
        return f"{name} = x{sub(j)}: input {j}{feature}.\n" + tips("a", "x")
    role = "output unit" if l == L else "hidden unit"
    return f"{name}: {role} {j} of layer {l}.\n" + tips("a", "z", "δ", "g′")


def edge_tip(l: int, i: int, j: int) -> str:
    head = (f"Θ{sl(l)}{sub(i)}{sub(j)}: the weight from "
            + (f"the bias unit of layer {l}" if j == 0 else f"unit {j} of layer {l}")
            + f" to unit {i} of layer {l + 1}.")
    return head + "\n" + tips("Θ", "Δ", "D")


class CanvasTips(QObject):
    """Puts the tooltips on the canvas's items after each rebuild (a child of the canvas, so
    the connection goes with it)."""

    def __init__(self, canvas, session):
        super().__init__(canvas)
        self.canvas, self.session = canvas, session
        canvas.sigRebuilt.connect(self.refresh)    # a structure change, or a new aspect
        self.refresh()

    def refresh(self) -> None:
        canvas_tips(self.canvas, self.session)


def canvas_tips(canvas, session) -> None:
    """Tooltips on the canvas's units and weights (after the canvas rebuilt its items: the
    canvas connected to sigNetworkChanged first)."""
    items = canvas.items_for_tests
    for (l, j), node in items["nodes"].items():
        node.setToolTip(unit_tip(session, l, j))
    for l, bias in items["bias"].items():
        bias.setToolTip(unit_tip(session, l, 0))
    for (l, i, j), edge in items["edges"].items():
        edge.setToolTip(edge_tip(l, i, j))


class BannerTips(QObject):
    """The banner's tooltip: the sentences of the symbols its current line writes."""

    def __init__(self, banner, session):
        super().__init__(banner)
        self.banner, self._text = banner, None
        session.sigStepped.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        text = self.banner.label.text()
        if text != self._text:
            self._text = text
            self.banner.label.setToolTip(tips_for(text) or "The next micro-step's line of "
                                         "the lecture's algorithm")
            self.banner.where.setToolTip(
                "Where training is: epoch, batch, example and micro-step.\n"
                "J so far: the cost of this batch's examples seen so far, with its λ term "
                "(the same quantity as J(Θ) per batch).\n" + tips("J", "m"))


def settings_tips(panel) -> None:
    panel.alpha.setToolTip(tip("α"))
    panel.lam.setToolTip(tip("λ"))
    panel.batch_kind.setToolTip("How many examples go into one gradient D:\n" + tip("m"))
    panel.batch_size.setToolTip(tip("m"))
    for combo in (panel.hidden_act, panel.output_act):
        combo.setToolTip(tip("g") + "\n" + tip("g′"))
        for k in range(combo.count()):
            combo.setItemData(k, ACTIVATION_TIPS.get(combo.itemText(k), ""), Qt.ToolTipRole)
    panel.loss.setToolTip("The cost J(Θ) training makes small:\n" + tip("J"))
    for k in range(panel.loss.count()):
        panel.loss.setItemData(k, LOSS_TIPS.get(panel.loss.itemData(k), ""), Qt.ToolTipRole)
    panel.seed.setToolTip("The seed of the initial weights Θ (random, in ±ε, the lecture's "
                          "symmetry breaking): the same seed gives the same run")
    tip_speed = ("Play speed: micro-steps a second (a logarithmic scale, from 0.5 to "
                 "20,000). The window repaints about 30 times a second whatever the speed.")
    panel.speed.setToolTip(tip_speed)
    panel.speed_label.setToolTip(tip_speed)


def plot_tips(plots) -> None:
    """The cost plot's legend entries say what each series is."""
    text = {
        "J(Θ)": "J(Θ) of each batch, at its gradient step: the average cost(i) over the "
                "batch plus the λ term λ/(2m) ΣΘ².\n" + tip("J"),
        "J so far": "J so far: the same quantity over the examples of this batch seen so "
                    "far (cost(i) averaged, plus the same λ term); at the batch's last "
                    "example it equals that batch's J(Θ).",
        "cost(i)": "cost(i): the cost of the current example alone, without the λ term "
                   "(the lecture's eq. 5).",
    }
    for sample, label in plots.legend.items:
        for key, sentence in text.items():
            if label.text.startswith(key):
                label.setToolTip(sentence)
                sample.setToolTip(sentence)


def install(window) -> None:
    """Every tooltip above on the window's widgets."""
    canvas, session = window.canvas, window.session
    window.canvas_tips = CanvasTips(canvas, session)
    window.banner_tips = BannerTips(window.banner, session)
    settings_tips(window.settings_panel)
    plot_tips(window.plots)
    window.inspector_tips = SymbolTips(window.inspector.browser)
    for action in window.actions_.activation.values():
        action.setToolTip(ACTIVATION_TIPS.get(action.text(), action.text()))
