"""Help: the lecture page's links move the stepper, F1 opens the section of the current
step, Keys lists every shortcut of the window, About names version, licence and sources;
and the symbols' tooltips."""

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor

from app.main_window import MainWindow
from app.symbols import SYMBOLS, symbol_at, symbols_in, tip, tips_for
from app.tooltips import ACTIVATION_TIPS, LOSS_TIPS, SymbolTips
from tests.app.conftest import shown


@pytest.fixture
def window(qtbot):
    w = shown(qtbot, MainWindow(), 1280, 800)
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.canvas.setFocus()
    return w


def anchor_position(browser, href: str) -> QPoint:
    """Scroll the link `href` into view and return its centre in the viewport."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().anchorHref() == href:
                cursor = QTextCursor(doc)
                cursor.setPosition(frag.position() + 1)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError(f"no link {href} on the page")


def open_lecture(qtbot, window):
    qtbot.keyClick(window.canvas, Qt.Key_F1)
    page = window.teaching.lecture
    qtbot.waitUntil(lambda: window.teaching.lecture_dock.isVisible() and page.on_screen())
    return page


def test_a_link_on_the_lecture_page_moves_the_stepper_to_its_step(qtbot, window):
    s = window.session
    for _ in range(10):
        s.step()                                  # example 2 of XOR, forward 4
    page = open_lecture(qtbot, window)
    links = page.links()
    for href in ("step:forward:2", "step:forward:4", "step:output_error", "step:backward:3",
                 "step:backward:2", "step:accumulate", "step:gradient", "step:update",
                 "step:batch_start", "check:seed", "check:corrected"):
        assert href in links
    pos = anchor_position(page.browser, "step:backward:2")
    qtbot.mouseClick(page.browser.viewport(), Qt.LeftButton, pos=pos)
    # 2-2-2-1: example 2 is steps 8-14; backward 2 is its sixth, step 13
    assert s.k == 13
    assert (s.stepper.last.kind, s.stepper.last.layer, s.stepper.last.pos) == ("backward", 2, 1)
    pos = anchor_position(page.browser, "step:gradient")
    qtbot.mouseClick(page.browser.viewport(), Qt.LeftButton, pos=pos)
    assert s.k == 29 and s.stepper.last.kind == "gradient"


def test_the_page_follows_the_network_and_names_each_misprint(qtbot, window):
    page = open_lecture(qtbot, window)
    text = page.text()
    assert "2-2-2-1" in text and "δ(3) = (Θ(3))Tδ(4) ⊙ g′(z(3))" in text
    for printed in ("0 − y", "λΘ", "δi(l+i)", "Θ12(i)"):
        assert printed in text
    assert "(1/m)Δij(l) + (λ/m)Θij(l)" in text
    window.session.add_layer(3)                           # 2-2-2-2-1
    text = page.text()
    assert "2-2-2-2-1" in text and "δ(4) = (Θ(4))Tδ(5)" in text
    assert "step:backward:4" in page.links()


def test_the_check_links_run_the_gradient_check(qtbot, window):
    window.session.set_settings(lam=1.0)
    page = open_lecture(qtbot, window)
    page.follow("check:seed")
    panel = window.teaching.check
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    assert panel.result.formula == "seed" and not panel.result.passed
    assert window.teaching.docks["Gradient check"].isVisible()


def test_f1_opens_the_section_of_the_current_step(qtbot, window):
    s = window.session
    page = open_lecture(qtbot, window)
    bar = page.browser.verticalScrollBar()
    at_start = bar.value()
    for _ in range(5):
        s.step()                                           # backward 3
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key_F1)
    at_backward = bar.value()
    s.seek(1)                                              # forward 2
    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key_F1)
    at_forward = bar.value()
    assert at_start < at_forward < at_backward
    top = page.browser.cursorForPosition(QPoint(10, 10)).block().text()
    assert "Forward propagation" in top or bar.value() == bar.maximum()


def test_keys_lists_every_shortcut_of_the_window(qtbot, window):
    window.teaching.help.keys.trigger()
    text = window.teaching.help.keys_window.text()
    actions = [a for a in window.findChildren(QAction) if a.shortcuts()]
    assert len(actions) > 20
    for action in actions:
        for key in action.shortcuts():
            assert key.toString(QKeySequence.NativeText) in text, action.text()
    assert not window.teaching.help.keys_window.isModal()


def test_about_names_the_version_the_licence_and_the_sources(qtbot, window):
    window.teaching.help.about.trigger()
    text = window.teaching.help.about_window.text()
    for words in ("Backprop Studio 0.1.0", "MIT", "Fisher", "Alpaydin", "CC BY 4.0",
                  "Neural Networks – Backpropagation", "PySide6"):
        assert words in text


def test_the_help_menu_holds_the_three_pages(window):
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    texts = [a.text() for a in menus["&Help"].actions()]
    assert texts == ["&Backpropagation (the lecture)", "&Keys", "&About Backprop Studio"]

# ---- symbols and their tooltips ----------------------------------------------------------


def test_symbols_are_found_as_symbols_not_as_letters_of_words():
    assert symbols_in("δ⁽³⁾ = (Θ⁽³⁾)ᵀδ⁽⁴⁾ ⊙ g′(z⁽³⁾)") == ["δ", "Θ", "g′", "z"]
    assert symbols_in("D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾") == ["D", "m", "Δ", "λ", "Θ"]
    assert symbols_in("a unit of Data and a zebra") == []
    assert symbols_in("Hidden unit a1(2)") == ["a"]
    assert symbol_at("Θ10(1)·1 + Θ11(1)a1(1)", 17) == "a"
    assert symbol_at("Θ10(1)·1 + Θ11(1)a1(1)", 12) == "Θ"
    assert symbol_at("a unit", 0) is None
    assert tips_for("no symbols here") == ""
    for sym in ("a", "z", "δ", "Δ", "D", "Θ", "λ", "m", "α", "g′"):
        assert sym in SYMBOLS and tip(sym).startswith(sym)


def test_canvas_banner_settings_and_legend_explain_their_symbols(qtbot, window):
    canvas, s = window.canvas, window.session
    assert tip("δ") in canvas.node_item(2, 1).toolTip()
    assert "x₁" in canvas.node_item(1, 1).toolTip()
    assert tip("Δ") in canvas.edge_item(1, 2, 0).toolTip()
    assert "bias" in canvas.node_item(2, 0).toolTip()
    s.add_unit(2)                                          # rebuilt items get theirs too
    assert tip("z") in window.canvas.node_item(2, 3).toolTip()
    for _ in range(5):
        s.step()
    assert tip("δ") in window.banner.label.toolTip() and tip("g′") in window.banner.label.toolTip()
    panel = window.settings_panel
    assert panel.alpha.toolTip() == tip("α") and panel.lam.toolTip() == tip("λ")
    assert panel.hidden_act.itemData(panel.hidden_act.findText("relu"), Qt.ToolTipRole) == \
        ACTIVATION_TIPS["relu"]
    assert panel.loss.itemData(0, Qt.ToolTipRole) == LOSS_TIPS[panel.loss.itemData(0)]
    assert "steps a second" in panel.speed.toolTip()
    labels = {label.text: label.toolTip() for _, label in window.plots.legend.items}
    assert all(labels.values()) and "λ term" in labels["cost(i), no λ"]


def test_hovering_a_symbol_in_the_inspector_explains_it(qtbot, window, monkeypatch):
    shown_tips = []
    monkeypatch.setattr("app.tooltips.QToolTip.showText",
                        lambda pos, text, *a: shown_tips.append(text))
    window.session.select(("unit", 2, 1))
    browser = window.inspector.browser
    tips_filter = window.inspector_tips
    assert isinstance(tips_filter, SymbolTips)
    doc = browser.document()
    found = doc.find("δ")                                   # the δ section's symbol
    rect = browser.cursorRect(found)
    browser.ensureCursorVisible()
    from PySide6.QtGui import QHelpEvent
    pos = browser.cursorRect(found).center() - QPoint(rect.width() // 2 + 2, 0)
    tips_filter.eventFilter(browser.viewport(),
                            QHelpEvent(QEvent.ToolTip, pos, browser.viewport().mapToGlobal(pos)))
    assert shown_tips and shown_tips[-1] == tip("δ")
