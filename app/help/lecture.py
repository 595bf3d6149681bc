"""Help ▸ Backpropagation: the lecture page (lecture_html.py) in a browser tied to the stepper.

A link ▸ step moves the stepper to the micro-step computing that equation, for the example
on the canvas (bpengine.lecture_steps.equation_step → session.seek); "check:…" links ask
for the gradient check (sigCheck(formula)); "set:lam=1" sets λ (one undoable edit). The
page follows the network: it is rebuilt when the structure, the activations, the cost or λ
change. show_step_section() scrolls to the section of the micro-step just taken (F1).
Hovering a symbol explains it (app/tooltips.SymbolTips).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from app.help.lecture_html import SECTION_OF, lecture_html
from app.on_screen import OnScreen
from app.theme import Look
from app.tooltips import SymbolTips
from bpengine.lecture_steps import equation_step

# behind the notes on misprints: a warm tint of each theme's page
ERRATUM_FILLS = {"light": "#fff4e0", "dark": "#3a2e1a", "high-contrast": "#fff4e0"}


class LecturePage(OnScreen, QWidget):
    sigCheck = Signal(str)     # "corrected" or "seed": run the gradient check

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.browser = QTextBrowser(objectName="lecturePage")
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.document().setDocumentMargin(14)
        self.browser.document().setDefaultFont(self.browser.font())
        self.browser.anchorClicked.connect(self.follow)
        self.tips = SymbolTips(self.browser)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._key = None
        for sig in (session.sigNetworkChanged, session.sigConfig):
            sig.connect(self.rebuild)
        self.set_look(self.look)

    def set_look(self, look: Look) -> None:
        """The page, text and link colours of `look`, its weight; the page is built anew
        (its notes on misprints are on a tint of the page)."""
        self.look = look
        pal = self.browser.palette()
        for group in (QPalette.Active, QPalette.Inactive):
            for role, colour in ((QPalette.Base, "base"), (QPalette.Text, "text"),
                                 (QPalette.Link, "link")):
                pal.setColor(group, role, look.color(colour))
        self.browser.setPalette(pal)
        font = self.browser.document().defaultFont()
        font.setPointSizeF(look.pt("lecture_pt"))
        font.setWeight(look.weight())
        self.browser.document().setDefaultFont(font)
        # Qt colours a link when it reads the HTML, from the application's palette, not the
        # browser's: a dark page would get the light theme's dark blue
        self.browser.document().setDefaultStyleSheet(f"a {{ color: {look.theme.link}; }}")
        self._key = None
        self.rebuild()

    def catch_up(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        """The page for the network of now (while hidden: when next shown)."""
        if not self.on_screen():
            return
        s = self.session
        key = (tuple(s.sizes), tuple(s.acts), s.config.loss, s.config.lam > 0, s.model.title())
        if key == self._key:
            return
        self._key = key
        at = self.browser.verticalScrollBar().value()
        self.browser.setHtml(lecture_html(s.sizes, s.acts, s.config.loss, s.config.lam,
                                          s.model.title(),
                                          ERRATUM_FILLS.get(self.look.theme.name,
                                                            ERRATUM_FILLS["light"])))
        self.browser.verticalScrollBar().setValue(at)

    def text(self) -> str:
        return self.browser.toPlainText()

    def links(self) -> list[str]:
        """Every link target on the page, in order (for tests and the keys page)."""
        doc, out = self.browser.document(), []
        block = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isAnchor() and fmt.anchorHref() and (not out or out[-1] != fmt.anchorHref()):
                    out.append(fmt.anchorHref())
                it += 1
            block = block.next()
        return out

    def follow(self, url) -> None:
        """Act on a link (a QUrl or its text)."""
        href = url if isinstance(url, str) else url.toString()
        scheme, _, rest = href.partition(":")
        if href.startswith("#"):
            self.browser.scrollToAnchor(href[1:])
        elif scheme == "step":
            kind, _, layer = rest.partition(":")
            self.go_to_step(kind, int(layer) if layer else None)
        elif scheme == "check":
            self.sigCheck.emit(rest)
        elif scheme == "set" and rest == "lam=1":
            self.session.set_settings(lam=1.0)

    def go_to_step(self, kind: str, layer: int | None = None) -> None:
        s = self.session
        s.set_playing(False)
        try:
            K = equation_step(s.model, kind, layer)
        except ValueError as exc:
            s.say(str(exc).capitalize() + ".", "error")
            return
        s.seek(K)

    def show_section(self, name: str) -> None:
        self.browser.scrollToAnchor(name)

    def show_step_section(self) -> None:
        """The section of the micro-step just taken (the top before the first step)."""
        last = self.session.stepper.last
        self.show_section(SECTION_OF.get(last.kind if last else None, "top"))
