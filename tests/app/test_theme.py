"""Themes: light, dark and high contrast from one theme object, following the system by
default, switched from the View menu and remembered; every view recolours (read back from
what is painted)."""

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from app import appearance as appearance_module
from app.main_window import MainWindow
from app.theme import THEMES


def make_window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1024, 740)
    w.show()
    qtbot.waitExposed(w)
    QApplication.processEvents()
    return w


def pixel(widget, x=3, y=3) -> str:
    return widget.grab().toImage().pixelColor(x, y).name()


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (computed here, independently of the app)."""
    def lum(name):
        c = QColor(name)
        def lin(u):
            return u / 12.92 if u <= 0.04045 else ((u + 0.055) / 1.055) ** 2.4
        return 0.2126 * lin(c.redF()) + 0.7152 * lin(c.greenF()) + 0.0722 * lin(c.blueF())
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", list(THEMES))
def test_text_contrasts_with_its_background_in_every_theme(name):
    t = THEMES[name]
    least = 7.0 if name == "high-contrast" else 4.5       # WCAG AAA / AA for body text
    for ink, back in ((t.ink, t.background), (t.soft_ink, t.background),
                      (t.plot_ink, t.plot_background), (t.text, t.base),
                      (t.error[1], t.error[0]), (t.info[1], t.info[0])):
        assert contrast(ink, back) >= least, (name, ink, back)


def test_switching_the_theme_recolours_canvas_legend_plots_and_inspector(qtbot):
    w = make_window(qtbot)
    views = {"canvas": w.canvas.viewport(), "legend": w.canvas.legend_widget,
             "plots": w.plots, "inspector": w.inspector.browser.viewport()}
    assert {k: pixel(v) for k, v in views.items()} == {
        "canvas": "#ffffff", "legend": "#ffffff", "plots": "#ffffff", "inspector": "#ffffff"}
    w.theming.theme_actions["dark"].trigger()                   # View ▸ Theme ▸ Dark
    QApplication.processEvents()
    dark = THEMES["dark"]
    assert pixel(views["canvas"]) == dark.background
    assert pixel(w.canvas.legend_widget) == dark.background
    assert pixel(w.plots) == dark.plot_background
    assert pixel(w.inspector.browser.viewport()) == dark.base
    header = w.canvas.items_for_tests["headers"][1]
    assert header.line1.brush().color().name() == dark.ink
    assert w.plots.colours["axis"] == dark.plot_ink and w.plots.colours["J"] == dark.cost
    assert w.inspector.colours["text"] == dark.text
    assert w.palette().color(w.palette().ColorRole.Window).name() == dark.window
    assert w.theming.theme_actions["dark"].isChecked()
    w.theming.theme_actions["light"].trigger()
    QApplication.processEvents()
    assert pixel(w.canvas.viewport()) == "#ffffff"
    assert w.plots.colours["J"] == THEMES["light"].cost


def test_the_theme_is_remembered(qtbot):
    w = make_window(qtbot)
    w.appearance.set_theme("high-contrast")
    again = make_window(qtbot)
    assert again.appearance.choice == "high-contrast"
    assert pixel(again.canvas.viewport()) == THEMES["high-contrast"].background
    assert again.canvas.items_for_tests["headers"][2].line1.font().bold()


def test_a_stored_theme_of_the_wrong_kind_falls_back_to_following_the_system(qtbot):
    QSettings().setValue("appearance/theme", "purple")
    assert make_window(qtbot).appearance.choice == "system"
    QSettings().setValue("appearance/theme", 3)
    assert make_window(qtbot).appearance.choice == "system"


class FakeHints(QObject):
    """The system's style hints, as a desktop switching to dark would report them."""

    colorSchemeChanged = Signal(object)
    scheme = Qt.ColorScheme.Light

    def colorScheme(self):
        return self.scheme


class FakeApp:
    hints = None

    @classmethod
    def styleHints(cls):
        return cls.hints


def test_by_default_the_theme_follows_the_system_colour_scheme(qtbot, monkeypatch):
    FakeApp.hints = FakeHints()
    monkeypatch.setattr(appearance_module, "QGuiApplication", FakeApp)
    w = make_window(qtbot)
    assert w.appearance.choice == "system" and w.appearance.theme_name == "light"
    FakeApp.hints.scheme = Qt.ColorScheme.Dark
    FakeApp.hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)   # the desktop went dark
    QApplication.processEvents()
    assert w.appearance.theme_name == "dark"
    assert pixel(w.canvas.viewport()) == THEMES["dark"].background
    w.appearance.set_theme("light")                              # a choice of one's own
    FakeApp.hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert w.appearance.theme_name == "light"


def test_high_contrast_shows_every_sign_without_colour(qtbot):
    """Greyscale-readable: every computed value printed with its sign, and a negative
    value's unit outlined with dashes (edges: dashed when negative, in every theme)."""
    w = make_window(qtbot)
    w.appearance.set_theme("high-contrast")
    s = w.session
    for _ in range(6):                                 # forward 2–4, δ⁽⁴⁾, δ⁽³⁾, δ⁽²⁾
        s.step()
    signs = set()
    for (l, j), node in w.canvas.items_for_tests["nodes"].items():
        if l == 1:
            continue
        v = s.stepper.delta[l - 1][j - 1]
        assert node.text.startswith("−" if v < 0 else "+"), (l, j, node.text)
        assert node.pen().style() == (Qt.DashLine if v < 0 else Qt.SolidLine), (l, j)
        signs.add(v < 0)
    assert signs == {True, False}                      # both kinds were seen
    for (l, i, j), edge in w.canvas.items_for_tests["edges"].items():
        negative = s.stepper.thetas[l - 1][i - 1, j] < 0
        assert (edge.pen().style() == Qt.CustomDashLine) == negative
