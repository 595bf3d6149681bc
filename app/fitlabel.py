"""A one-line label that never wraps and never changes its height.

Given alternatives (longest first), it shows the first that fits at its point size; if none
does, the shortest at a smaller size (down to a floor), elided at the end if it still does
not fit. The whole first alternative is its text() and its tooltip. Its height is fixed by
its largest font, so a window laid out around it never moves when the text changes.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

SHRINK_STEP = 0.5   # points


class FitLabel(QWidget):
    def __init__(self, pt: float = 12.0, min_pt: float = 10.0,
                 weight: QFont.Weight = QFont.Normal, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        self._texts: tuple[str, ...] = ("",)
        self._shown, self._shown_font = "", QFont(self.font())
        self.set_font_size(pt, min_pt, weight)

    def set_font_size(self, pt: float, min_pt: float,
                      weight: QFont.Weight = QFont.Normal) -> None:
        self._pt, self._min_pt = float(pt), float(min(min_pt, pt))
        self._weight = weight
        self._base = QFont(self.font())
        self._base.setWeight(weight)
        self._base.setPointSizeF(self._pt)
        self.setFixedHeight(int(QFontMetricsF(self._base).height() + 4))
        self._fit()

    def set_texts(self, *alternatives: str) -> None:
        """What to say, longest first; the later ones are shorter ways of saying it."""
        texts = tuple(t for t in alternatives if t) or ("",)
        if texts != self._texts:
            self._texts = texts
            self.setToolTip(texts[0])
            self._fit()

    def text(self) -> str:
        """The whole text (the first alternative), whatever is shown."""
        return self._texts[0]

    def shown(self) -> tuple[str, QFont]:
        """(the text shown, its font)."""
        return self._shown, QFont(self._shown_font)

    def sizeHint(self) -> QSize:
        return QSize(200, self.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def _fit(self) -> None:
        width = self.width() - 2
        font = QFont(self._base)
        pick = None
        for text in self._texts:
            if QFontMetricsF(font).horizontalAdvance(text) <= width:
                pick = text
                break
        if pick is None:
            pick = self._texts[-1]
            pt = self._pt
            while pt > self._min_pt and QFontMetricsF(font).horizontalAdvance(pick) > width:
                pt = max(self._min_pt, pt - SHRINK_STEP)
                font.setPointSizeF(pt)
            pick = QFontMetricsF(font).elidedText(pick, Qt.ElideRight, max(width, 10))
        if (pick, font.pointSizeF()) != (self._shown, self._shown_font.pointSizeF()):
            self._shown, self._shown_font = pick, font
            self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setFont(self._shown_font)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRectF(self.rect()).adjusted(1, 0, -1, 0),
                         Qt.AlignLeft | Qt.AlignVCenter, self._shown)
