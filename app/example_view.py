"""The current example: its features by name (or its picture) and its target's class."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from app.theme import Look

MAX_ROWS = 12            # more features: the first 12, then "… n more"
IMAGE_PX = 160           # the picture's side on screen, where the column has the room
MIN_IMAGE_PX = 48        # and the least it shrinks to


def grey_image(pixels: np.ndarray, dark: bool = False) -> QImage:
    """Pixels (rows, cols), any range, as an 8-bit grey image: the largest value black, the
    smallest white (ink on paper, as a digit is written); with dark=True the other way
    round (chalk on a board: no white box in the dark theme)."""
    lo, hi = float(np.min(pixels)), float(np.max(pixels))
    span = hi - lo if hi > lo else 1.0
    level = np.round(255 * (pixels - lo) / span)
    grey = np.ascontiguousarray(level if dark else 255 - level).astype(np.uint8)
    rows, cols = grey.shape
    return QImage(grey.data, cols, rows, cols, QImage.Format_Grayscale8).copy()


class Picture(QLabel):
    """An image drawn at up to IMAGE_PX a side, smaller when its column is short: at its
    full size it raised the window's minimum height, and opening the digits grew the
    window past the bottom of a 1024 × 768 projector. Where there is room for a screen
    pixel an image pixel, each image pixel stays a square of whole screen pixels (nearest
    neighbour), so a digit's cells stay even; a larger image is shrunk smoothly."""

    def __init__(self):
        super().__init__(alignment=Qt.AlignCenter)
        self._image: QImage | None = None

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(IMAGE_PX, IMAGE_PX)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_IMAGE_PX, MIN_IMAGE_PX)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._image is None:
            return
        n = max(self._image.width(), self._image.height(), 1)
        side = max(1, min(self.width(), self.height(), IMAGE_PX))
        whole = side // n * n                     # whole screen pixels per image pixel
        how = Qt.FastTransformation if whole else Qt.SmoothTransformation   # else shrunk
        self.setPixmap(QPixmap.fromImage(self._image).scaled(
            whole or side, whole or side, Qt.KeepAspectRatio, how))


class ExampleView(QWidget):
    """Reads session.model.current_example() on every step; computes nothing itself."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.caption = QLabel(objectName="exampleCaption")
        self.caption.setWordWrap(True)
        self.picture = Picture()
        self.picture.setToolTip("The current example drawn as the image it is")
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["feature", "value"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setFocusPolicy(Qt.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.picture)
        layout.addWidget(self.table)
        self._shown = None
        self.look = Look()
        session.sigStepped.connect(self.refresh)
        session.sigNetworkChanged.connect(self.refresh)
        self.refresh()

    def set_look(self, look: Look) -> None:
        """The picture in the look's tones (light strokes on the dark theme's page)."""
        self.look = look
        self._shown = None
        self.refresh()

    def refresh(self) -> None:
        ex = self.session.model.current_example()
        key = (id(self.session.model.data), ex.row)
        if key == self._shown:
            return
        self._shown = key
        m = self.session.dataset.m
        self.caption.setText(f"Current example: row {ex.row + 1} of {m:,} · target: "
                             f"class “{ex.target}”")
        if ex.image is not None:
            self.picture.set_image(grey_image(ex.image, dark=self.look.theme.name == "dark"))
            self.picture.show()
            self.table.hide()
            return
        self.picture.hide()
        self.table.show()
        self._fill(ex)

    def _fill(self, ex) -> None:
        n = len(ex.names)
        shown = min(n, MAX_ROWS)
        self.table.setRowCount(shown + (1 if n > shown else 0))
        for r in range(shown):
            value = f"{ex.features[r]:.4g}"
            if ex.scaled[r] != ex.features[r]:
                value += f"  (scaled {ex.scaled[r]:+.3f})"
            self.table.setItem(r, 0, QTableWidgetItem(ex.names[r]))
            self.table.setItem(r, 1, QTableWidgetItem(value))
        if n > shown:
            self.table.setItem(shown, 0, QTableWidgetItem(f"… {n - shown} more"))
            self.table.setItem(shown, 1, QTableWidgetItem(""))
        self.table.resizeColumnToContents(0)
