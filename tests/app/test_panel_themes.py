"""The teaching panels, the data and settings panels and the import preview follow the
window's theme: read back from what they paint (pyqtgraph backgrounds, axis pens, label
colours, table cells, grabbed pixels) and held to WCAG 2.x with a relative-luminance
function written here, independently of the app: text at least 4.5 : 1 against what it is
written on, markers and lines at least 3 : 1, dark pages dark (luminance < 0.2) and light
pages light (> 0.7)."""

import re

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.main_window import MainWindow

THEMES = ("light", "dark", "high-contrast")


# ---- WCAG 2.x, from its definitions ------------------------------------------------------

def luminance(c) -> float:
    """Relative luminance: sRGB channels linearised, weighted 0.2126 / 0.7152 / 0.0722."""
    c = QColor(c)

    def lin(u: int) -> float:
        s = u / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * lin(c.red()) + 0.7152 * lin(c.green()) + 0.0722 * lin(c.blue())


def contrast(a, b) -> float:
    """(L_lighter + 0.05) / (L_darker + 0.05)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_contrast_function_against_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)   # WebAIM
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


def page_is_themed(colour, theme: str) -> None:
    y = luminance(colour)
    if theme == "dark":
        assert y < 0.2, f"{QColor(colour).name()} is not a dark page (luminance {y:.2f})"
    else:
        assert y > 0.7, f"{QColor(colour).name()} is not a light page (luminance {y:.2f})"


def text_reads(ink, page, what: str, least: float = 4.5) -> None:
    r = contrast(ink, page)
    assert r >= least, f"{what}: {QColor(ink).name()} on {QColor(page).name()} is {r:.2f} : 1"


def pixel_counts(widget) -> dict[int, int]:
    img = widget.grab().toImage()
    counts: dict[int, int] = {}
    for y in range(0, img.height()):
        for x in range(0, img.width()):
            rgb = img.pixel(x, y)
            counts[rgb] = counts.get(rgb, 0) + 1
    return counts


def most_common_pixel(widget) -> QColor:
    counts = pixel_counts(widget)
    return QColor(max(counts, key=counts.get))


def grabbed_text_contrast(widget) -> tuple[QColor, float]:
    """The page (the most common pixel of a grab) and the best contrast of any pixel with
    it: the core of a glyph is drawn in the text's own colour."""
    counts = pixel_counts(widget)
    page = QColor(max(counts, key=counts.get))
    return page, max(contrast(QColor(rgb), page) for rgb in counts)


# ---- the window ---------------------------------------------------------------------------

def make_window(qtbot, theme: str | None = None) -> MainWindow:
    if theme is not None:           # chosen in an earlier run: read at start
        QSettings().setValue("appearance/theme", theme)
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def raise_dock(w, title: str) -> None:
    docks = {"Data": w.data_dock, "Settings": w.settings_dock,
             "Lecture": w.teaching.lecture_dock, **w.teaching.docks}
    docks[title].show()
    docks[title].raise_()
    for _ in range(3):
        QApplication.processEvents()


def themed_window(qtbot, theme: str) -> MainWindow:
    """A light window switched to `theme` from the View menu, stepped into the forward pass."""
    w = make_window(qtbot, "light")
    for _ in range(9):
        w.session.step()
    w.theming.theme_actions[theme].trigger()
    QApplication.processEvents()
    return w


def check_plot(plot: pg.PlotWidget, theme: str, what: str) -> QColor:
    """A plot's background is the theme's page; its axes' lines, numbers and labels read."""
    bg = plot.backgroundBrush().color()
    page_is_themed(bg, theme)
    page_is_themed(most_common_pixel(plot), theme)       # as painted, not only as set
    item = plot.getPlotItem()
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        text_reads(axis.textPen().color(), bg, f"{what}: {side} axis numbers")
        text_reads(axis.pen().color(), bg, f"{what}: {side} axis line", 3.0)
        if axis.labelText:
            text_reads(QColor(axis.labelStyle["color"]), bg, f"{what}: {side} axis label")
    return bg


def marker_shows(scatter: pg.ScatterPlotItem, page, what: str) -> None:
    """A marker stands out from the page by its fill or by its rim (WCAG 1.4.11: 3 : 1)."""
    fill = scatter.opts["brush"].color()
    rim = scatter.opts["pen"].color()
    best = max(contrast(fill, page), contrast(rim, page))
    assert best >= 3.0, f"{what}: fill {fill.name()}, rim {rim.name()} on {QColor(page).name()}"


# ---- the teaching panels ------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_boundary_panel_follows_the_theme(qtbot, theme):
    w = themed_window(qtbot, theme)
    raise_dock(w, "Boundary")
    panel = w.teaching.boundary
    plane = panel.plane
    assert panel.kind == "plane"
    bg = check_plot(plane.plot, theme, "boundary")
    assert plane.scatters
    for sc in plane.scatters:
        marker_shows(sc, bg, "boundary marker")
    text_reads(plane.ring.opts["pen"].color(), bg, "current-example ring", 3.0)
    # the boundary h = 0.5 runs where the surface has the map's centre colour, laid over
    # the page at the surface's alpha: the line must stand out there
    lut = pg.colormap.get("CET-CBD1").getLookupTable(0.0, 1.0, 256, alpha=False)
    centre = QColor(*(int(v) for v in lut[128]))
    a = 150 / 255
    seen = QColor(*(round(a * c1 + (1 - a) * c2) for c1, c2 in
                    zip(centre.getRgb()[:3], bg.getRgb()[:3])))
    text_reads(plane.contour.pen.color(), seen, "the h = 0.5 line on the surface", 3.0)
    for label in (panel.caption, plane.legend):
        page, best = grabbed_text_contrast(label)
        page_is_themed(page, theme)
        assert best >= 4.5, f"{label.objectName()}: best text contrast {best:.2f}"


@pytest.mark.parametrize("theme", THEMES)
def test_matrices_panel_follows_the_theme(qtbot, theme):
    w = themed_window(qtbot, theme)
    raise_dock(w, "Matrices")
    panel = w.teaching.matrices
    bg = panel.view.backgroundBrush().color()
    page_is_themed(bg, theme)
    page_is_themed(panel.view.grab().toImage().pixelColor(1, 1), theme)
    cmap = pg.colormap.get("CET-CBD1").getLookupTable(0.0, 1.0, 256, alpha=False)
    checked = 0
    for (l, q), mp in panel.plots.items():
        for side in ("left", "bottom"):
            axis = mp.plot.getAxis(side)
            text_reads(axis.textPen().color(), bg, f"{q}{l} {side} ticks")
        title = mp.plot.title.opts["color"]
        text_reads(QColor(title), bg, f"{q}{l} title")
        M = panel.values(l, q)
        if M is None or mp.texts is None:
            continue
        lo, hi = panel.bars[q].levels()
        for (r, c), value in np.ndenumerate(M):
            # the cell's colour from the map itself: value on [−s, s] → entry 0 … 255
            t = (value - lo) / (hi - lo)
            cell = QColor(*(int(v) for v in cmap[int(np.clip(round(t * 255), 0, 255))]))
            ink = QColor(mp.texts.inks[r * M.shape[1] + c])
            text_reads(ink, cell, f"{q}{l}[{r},{c}] = {value:.3f}")
            checked += 1
    assert checked > 0
    for bar in panel.bars.values():
        text_reads(bar.getAxis("bottom").textPen().color(), bg, "colour bar numbers")
    page, best = grabbed_text_contrast(panel.readout)
    page_is_themed(page, theme)
    assert best >= 4.5


@pytest.mark.parametrize("theme", THEMES)
def test_gradient_check_panel_follows_the_theme(qtbot, theme):
    w = themed_window(qtbot, theme)
    raise_dock(w, "Gradient check")
    panel = w.teaching.check
    panel.run()
    qtbot.waitUntil(lambda: panel.worker is None and panel.result is not None, timeout=20000)
    panel.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    bg = check_plot(panel.scatter_plot, theme, "gradient check")
    for points in (panel.points, panel.bias_points):
        marker_shows(points.scatter, bg, "checked weight")
    text_reads(panel.diagonal.opts["pen"].color(), bg, "the diagonal", 3.0)
    page, best = grabbed_text_contrast(panel.verdict)
    page_is_themed(page, theme)
    assert best >= 4.5, f"the verdict: {best:.2f}"


@pytest.mark.parametrize("theme", THEMES)
def test_accuracy_panel_cells_read(qtbot, theme):
    w = themed_window(qtbot, theme)
    raise_dock(w, "Accuracy")
    table = w.teaching.accuracy.table
    assert table.rowCount() == 2
    for r in range(table.rowCount()):
        for c in range(table.columnCount()):
            item = table.item(r, c)
            fill = item.background().color()
            assert fill.alpha() == 255        # what the text is read against, opaque
            text_reads(item.foreground().color(), fill, f"confusion cell ({r}, {c})")
    page_is_themed(table.palette().color(QPalette.Base), theme)


@pytest.mark.parametrize("theme", THEMES)
def test_lecture_page_follows_the_theme(qtbot, theme):
    w = themed_window(qtbot, theme)
    raise_dock(w, "Lecture")
    browser = w.teaching.lecture.browser
    pal = browser.palette()
    page, text = pal.color(QPalette.Base), pal.color(QPalette.Text)
    page_is_themed(page, theme)
    text_reads(text, page, "lecture text")
    text_reads(pal.color(QPalette.Link), page, "lecture links")
    links = []                      # the colour each link is painted in, as laid out
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isAnchor() and fmt.anchorHref():
                links.append(fmt.foreground().color())
            it += 1
        block = block.next()
    assert links
    for colour in links:
        text_reads(colour, page, "a link on the lecture page")
    html = browser.toHtml()
    # Qt writes a table's background back as bgcolor="#…"
    fills = {QColor(f).name() for f in re.findall(r'bgcolor="(#[0-9a-fA-F]{6})"', html)}
    assert fills, "the notes on misprints have a tinted box"
    for fill in fills:
        text_reads(text, fill, "a note on a misprint")
    page_is_themed(browser.viewport().grab().toImage().pixelColor(2, 2), theme)


# ---- data, settings, import ---------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
def test_data_and_settings_panels_follow_the_theme(qtbot, theme):
    w = themed_window(qtbot, theme)
    for title, panel in (("Data", w.data_panel), ("Settings", w.settings_panel)):
        raise_dock(w, title)
        pal = panel.palette()
        page_is_themed(pal.color(QPalette.Window), theme)
        text_reads(pal.color(QPalette.WindowText), pal.color(QPalette.Window), title)
        page_is_themed(panel.grab().toImage().pixelColor(2, 2), theme)
    raise_dock(w, "Data")
    table = w.data_panel.example.table
    text_reads(table.palette().color(QPalette.Text), table.palette().color(QPalette.Base),
               "example table")
    w.data_panel.show_error("The file has no rows.")
    QApplication.processEvents()
    page, best = grabbed_text_contrast(w.data_panel.error)
    page_is_themed(page, theme)
    assert best >= 4.5, f"the data panel's error line: {best:.2f}"


@pytest.mark.parametrize("theme", THEMES)
def test_import_preview_follows_the_theme(qtbot, tmp_path, theme):
    w = themed_window(qtbot, theme)
    path = tmp_path / "points.csv"
    path.write_text("id,x1,x2,label\n1,0.5,1.5,a\n2,1.0,,b\n3,2.0,0.1,a\n")
    assert w.importer.import_path(path)
    dialog = w.importer.dialog
    qtbot.addWidget(dialog)
    dialog.ignore.item(0).setCheckState(Qt.Checked)       # "id": shown softer
    QApplication.processEvents()
    pal = dialog.palette()
    page_is_themed(pal.color(QPalette.Window), theme)
    text_reads(pal.color(QPalette.WindowText), pal.color(QPalette.Window), "dialog text")
    text_reads(dialog.table.palette().color(QPalette.Text),
               dialog.table.palette().color(QPalette.Base), "preview table")
    page_is_themed(dialog.grab().toImage().pixelColor(2, 2), theme)
    softer = [dialog.table.item(r, c) for r in range(dialog.table.rowCount())
              for c in range(dialog.table.columnCount())]
    softer = [item for item in softer
              if item is not None and item.foreground().style() != Qt.NoBrush]
    assert softer, "the ignored column is shown softer"
    for item in softer:                              # an ignored column: softer, legible
        text_reads(item.foreground().color(), dialog.table.palette().color(QPalette.Base),
                   "an ignored column")
    dialog.error.setText("⚠  a missing value in row 2")
    dialog.error.show()
    QApplication.processEvents()
    page, best = grabbed_text_contrast(dialog.error)
    assert best >= 4.5, f"the preview's error line: {best:.2f}"
    dialog.reject()


# ---- panels shown or made after the switch ------------------------------------------------

def test_a_panel_shown_after_the_switch_is_in_the_new_look(qtbot):
    w = make_window(qtbot, "light")
    raise_dock(w, "Settings")            # Boundary, Matrices … are tabbed away
    w.theming.theme_actions["dark"].trigger()
    QApplication.processEvents()
    raise_dock(w, "Boundary")
    raise_dock(w, "Matrices")
    plane = w.teaching.boundary.plane
    page_is_themed(plane.plot.grab().toImage().pixelColor(1, 1), "dark")
    for sc in plane.scatters:
        marker_shows(sc, plane.plot.backgroundBrush().color(), "boundary marker")
    page_is_themed(w.teaching.matrices.view.grab().toImage().pixelColor(1, 1), "dark")
    for mp in w.teaching.matrices.plots.values():
        text_reads(QColor(mp.plot.title.opts["color"]), QColor("#1b1d21"), "matrix title")
    # and back: the light look again, after the dark one was shown
    w.theming.theme_actions["light"].trigger()
    QApplication.processEvents()
    page_is_themed(plane.plot.grab().toImage().pixelColor(1, 1), "light")


@pytest.mark.parametrize("theme", ("dark", "high-contrast"))
def test_panels_made_in_a_remembered_theme_start_in_it(qtbot, theme):
    w = make_window(qtbot, theme)
    for panel in (*w.teaching.panels(), w.data_panel, w.settings_panel, w.importer):
        assert panel.look.theme.name == theme, type(panel).__name__
    raise_dock(w, "Boundary")
    check_plot(w.teaching.boundary.plane.plot, theme, "boundary at start")
    raise_dock(w, "Gradient check")
    check_plot(w.teaching.check.scatter_plot, theme, "gradient check at start")


@pytest.mark.parametrize("theme", THEMES)
def test_high_contrast_heatmaps_show_the_sign_by_a_dash(qtbot, theme):
    """Blue and olive are one grey in greyscale: in high contrast a negative cell too small
    for its number gets a dash (the canvas's dash-for-sign), in the other themes none."""
    w = themed_window(qtbot, theme)
    raise_dock(w, "Matrices")
    mp = w.teaching.matrices.plot_of(1, "theta")
    assert not mp.texts.shown()           # 2 × 3 cells in a 1280 × 800 window: no numbers
    Theta = w.session.stepper.thetas[0]
    negative = [k for k, v in enumerate(np.asarray(Theta).ravel()) if v < 0]
    assert negative and len(negative) < Theta.size     # the seed's Θ⁽¹⁾ has both signs
    assert mp.texts.sign_marks() == (negative if theme == "high-contrast" else [])


def best_contrast_in(img, rect, page) -> float:
    return max(contrast(img.pixelColor(x, y), page)
               for x in range(max(0, rect.left()), min(img.width(), rect.right() + 1))
               for y in range(max(0, rect.top()), min(img.height(), rect.bottom() + 1)))


@pytest.mark.parametrize("theme", THEMES)
def test_check_boxes_show_their_box(qtbot, tmp_path, theme):
    """An unticked box is seen against its page (WCAG 1.4.11: 3 : 1), in the settings, the
    gradient check and the import preview's list of columns to ignore."""
    from PySide6.QtWidgets import QStyle, QStyleOptionButton
    w = themed_window(qtbot, theme)
    raise_dock(w, "Settings")
    for box in (w.settings_panel.shuffle, w.teaching.check.seed_formula):
        if box is w.teaching.check.seed_formula:
            raise_dock(w, "Gradient check")
        assert not box.isChecked()
        opt = QStyleOptionButton()
        box.initStyleOption(opt)
        rect = box.style().subElementRect(QStyle.SE_CheckBoxIndicator, opt, box)
        page = box.parentWidget().palette().color(QPalette.Window)
        best = best_contrast_in(box.grab().toImage(), rect, page)
        assert best >= 3.0, f"{box.text()}: its box at {best:.2f} : 1"
    path = tmp_path / "points.csv"
    path.write_text("id,x1,x2,label\n1,0.5,1.5,a\n2,1.0,2.0,b\n")
    assert w.importer.import_path(path)
    dialog = w.importer.dialog
    qtbot.addWidget(dialog)
    QApplication.processEvents()
    rows = dialog.ignore
    row = rows.visualItemRect(rows.item(1))          # "x1", not ignored
    assert rows.item(1).checkState() == Qt.Unchecked
    row.setWidth(row.height() + 4)                   # the box sits at the row's start
    best = best_contrast_in(rows.viewport().grab().toImage(), row,
                            rows.palette().color(QPalette.Base))
    assert best >= 3.0, f"a column's box at {best:.2f} : 1"
    dialog.reject()


def test_an_open_import_preview_follows_a_switch(qtbot, tmp_path):
    w = make_window(qtbot, "light")
    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0.5,1.5,a\n1.0,2.0,b\n")
    assert w.importer.import_path(path)
    dialog = w.importer.dialog
    qtbot.addWidget(dialog)
    page_is_themed(dialog.palette().color(QPalette.Window), "light")
    w.theming.theme_actions["dark"].trigger()
    QApplication.processEvents()
    page_is_themed(dialog.palette().color(QPalette.Window), "dark")
    page_is_themed(dialog.grab().toImage().pixelColor(2, 2), "dark")
    text_reads(dialog.palette().color(QPalette.WindowText),
               dialog.palette().color(QPalette.Window), "dialog text after the switch")
    dialog.reject()
