"""The inspector panel: the equation of the selected unit or weight, following the stepper.

The rich text comes from app/equations.py; the panel picks the page for the selection,
renders it without losing the scroll position, scrolls to the section the current step is
about, and fits its type to its width (large, 16 pt, for the projector).
"""

from __future__ import annotations

from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.equations import WJ, bias_html, context_html, hint_html, unit_html, weight_html
from app.theme import Look

# The section of a unit's / a weight's page that the last micro-step's kind is about.
FOLLOW = {"forward": ("z", "top"), "output_error": ("delta", "grad"),
          "backward": ("delta", "grad"), "accumulate": ("delta", "Delta"),
          "gradient": ("delta", "D"), "update": ("delta", "D")}



def fitted_point_size(pt: float, width: int) -> float:
    """`pt`, or less in a panel narrower than 26 px a point (16 pt needs 416 px), in half
    points and not below 12 pt (the window gives the panel at least 380 px: 14.5 pt)."""
    return max(12.0, min(float(pt), round(width / 26 * 2) / 2))


class InspectorPanel(QWidget):
    """Follows session.sigSelection and sigStepped; reads explain_unit / explain_weight."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.browser = QTextBrowser(objectName="inspectorText")
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QTextBrowser.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser.document().setDocumentMargin(12)
        self.browser.document().setUndoRedoEnabled(False)
        layout.addWidget(self.browser)
        self._html = None
        self._dirty = False
        self._followed: tuple | None = None   # (selection, step kind) last scrolled to
        self._point_size = 16.0
        self.set_look(self.look)
        session.sigSelection.connect(self.refresh)
        session.sigStepped.connect(self.refresh)
        session.sigConfig.connect(self.refresh)
        session.sigPlaying.connect(lambda _playing: self.refresh())   # on pause: follow

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # A narrow dock (a 1024-px projector) gets smaller type: an equation row wider than
        # the panel would otherwise be broken inside a number.
        pt = fitted_point_size(self._point_size, event.size().width())
        if pt != self.browser.document().defaultFont().pointSizeF():
            self._apply_point_size(pt)

    def set_look(self, look: Look) -> None:
        """The theme's page and text colours; the look's type size (16 pt, scaled)."""
        self.look = look
        t = look.theme
        pal = self.browser.palette()
        for group in (QPalette.Active, QPalette.Inactive):
            pal.setColor(group, QPalette.Base, look.color("base"))
            pal.setColor(group, QPalette.Text, look.color("text"))
        self.browser.setPalette(pal)
        font = self.browser.font()
        font.setWeight(look.weight())
        self.browser.setFont(font)
        self.browser.document().setDefaultStyleSheet(
            f"body {{ color: {t.text}; }}" + (" b, big { font-weight: 800; }" if t.bold else ""))
        self.set_point_size(look.pt("inspector_pt"))

    @property
    def colours(self) -> dict[str, str]:
        """The page and text colours in use (for tests)."""
        pal = self.browser.palette()
        return {"page": pal.color(QPalette.Base).name(), "text": pal.color(QPalette.Text).name()}

    def set_point_size(self, pt: float) -> None:
        """Base size of the equations (headings and notes scale with it); a narrow panel
        uses less, down to 11 pt."""
        self._point_size = float(pt)
        self._apply_point_size(fitted_point_size(pt, self.width()) if self.isVisible() else pt)

    def _apply_point_size(self, pt: float) -> None:
        font = self.browser.font()
        font.setPointSizeF(pt)
        self.browser.document().setDefaultFont(font)
        self._html = None
        self._render()

    def text(self) -> str:
        """The plain text currently shown."""
        self._catch_up()
        return self.browser.toPlainText().replace(WJ, "").replace("\xa0", " ")

    def html(self) -> str:
        """The rich text currently shown (as generated, before Qt normalises it)."""
        self._catch_up()
        return self._html or ""

    def showEvent(self, event) -> None:
        self._catch_up()
        super().showEvent(event)

    def _catch_up(self) -> None:
        if self._dirty:
            self._render()

    def refresh(self) -> None:
        """Rebuild the text; while the panel is hidden (a tabbed-away dock during play) the
        work waits until it is shown or read."""
        if not self.isVisible():
            self._dirty = True
        else:
            self._render()

    def _render(self) -> None:
        self._dirty = False
        html = self._build()
        if html != self._html:
            self._html = html
            bar = self.browser.verticalScrollBar()
            at = bar.value()
            # one edit block instead of setHtml: setHtml lays the page out twice when it
            # needs a scroll bar (cleared, then filled), twice the cost of a step
            cursor = QTextCursor(self.browser.document())
            cursor.beginEditBlock()
            cursor.select(QTextCursor.Document)
            cursor.insertHtml(html)
            cursor.endEditBlock()
            bar.setValue(at)
        self._follow()

    def _follow(self) -> None:
        """When the selection or the phase of training changes, scroll to the section the
        step is about (δ while back-propagating, Δ while accumulating, …); in between, the
        page stays where the user scrolled it."""
        s = self.session
        if s.playing:   # during play the step kind is a new one each frame: the page would jump
            return
        sel, kind = s.selection, s.status()["kind"]
        key = (sel, kind)
        if key == self._followed:
            return
        self._followed = key
        if sel is None or kind is None or FOLLOW.get(kind) is None:
            self.browser.verticalScrollBar().setValue(0)
            return
        target = FOLLOW[kind][0 if sel[0] == "unit" else 1]
        if target == "top":
            self.browser.verticalScrollBar().setValue(0)
        else:
            self.browser.scrollToAnchor(target)

    def _build(self) -> str:
        s = self.session
        sel, status = s.selection, s.status()
        html = None
        if sel and sel[0] == "unit" and len(sel) == 3:
            html = self._unit(*sel[1:])
        elif sel and sel[0] == "edge" and len(sel) == 4:
            html = self._edge(*sel[1:])
        if html is None:        # nothing selected, or no such unit / weight (any more)
            return hint_html(status["label"])
        return html + context_html(status)

    def _unit(self, l: int, j: int) -> str | None:
        s = self.session
        sizes = s.sizes
        if not 1 <= l <= len(sizes) or not 0 <= j <= sizes[l - 1]:
            return None
        if j == 0:
            return bias_html(l, s.L)
        names = getattr(s.dataset, "feature_names", None)
        feature = names[j - 1] if l == 1 and names and j <= len(names) else None
        return unit_html(s.explain_unit(l, j), s.stepper.loss, feature=feature)

    def _edge(self, l: int, i: int, j: int) -> str | None:
        s = self.session
        sizes = s.sizes
        if not 1 <= l < len(sizes) or not 1 <= i <= sizes[l] or not 0 <= j <= sizes[l - 1]:
            return None
        last = s.stepper.last
        current = last is not None and last.kind == "gradient"
        return weight_html(s.explain_weight(l, i, j), L=s.L, D_current=current)
