"""Legible from the back row: on-screen text sizes of the canvas measured from the items'
rendered font metrics (QFontMetricsF of each item's font × the view's scale), how much of
the canvas the network fills, and that nothing moves from one step to the next."""

import pytest
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem

from app.canvas.items import Caption, HeaderItem, NodeItem
from app.main_window import MainWindow
from app.session import Session
from bpengine.config import DataSource, StudioConfig


def window_at(qtbot, width, height, session=None):
    """A window of width × height as if full screen on such a display: the docks placed for
    that width (the offscreen screen is 800 × 800, so the size is set after the first show,
    as a window made full screen on a projector gets it)."""
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    qtbot.wait(20)                       # the first-show placement has run
    w.resize(width, height)
    QApplication.processEvents()
    w._place_docks()
    QApplication.processEvents()
    return w


def texts(canvas):
    """(kind, text, cap height in screen pixels) of every visible text on the canvas."""
    scale = canvas.transform().m11()
    out = []
    for item in canvas.scene().items():
        if not (isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text()):
            continue
        cap = QFontMetricsF(item.font()).capHeight() * scale * item.sceneTransform().m11()
        parent = item.parentItem()
        kind = ("value" if isinstance(parent, NodeItem) else
                "caption" if isinstance(parent, Caption) else
                "header" if isinstance(parent, HeaderItem) else "other")
        out.append((kind, item.text(), cap))
    return out


def empty_above_and_below(canvas) -> tuple[float, float]:
    """Shares of the canvas's height left empty above and below the drawn items."""
    rect = canvas.scene().itemsBoundingRect()
    shown = canvas.mapFromScene(rect).boundingRect()
    height = canvas.viewport().height()
    return shown.top() / height, (height - shown.bottom()) / height


@pytest.mark.parametrize("steps", [0, 5])
def test_at_1024_by_768_the_default_network_reads_from_the_back_row(qtbot, steps):
    w = window_at(qtbot, 1024, 768)
    for _ in range(steps):
        w.session.step()
    found = texts(w.canvas)
    caps = {kind: min(c for k, _, c in found if k == kind) for kind in
            ("value", "caption", "header")}
    print("cap heights at 1024 × 768 (px):", {k: round(v, 1) for k, v in caps.items()},
          "smallest of all:", round(min(c for *_, c in found), 1))
    assert caps["value"] >= 18
    assert caps["caption"] >= 16 and caps["header"] >= 16
    assert min(c for *_, c in found) >= 14, min(found, key=lambda t: t[2])
    assert {"x₁", "a₁⁽²⁾" if steps == 0 else "δ₁⁽²⁾", "Layer 1"} <= {t for _, t, _ in found}
    above, below = empty_above_and_below(w.canvas)
    print(f"empty above {above:.1%}, below {below:.1%}")
    assert 0 <= above <= 0.10 and 0 <= below <= 0.10


def test_at_1280_by_800_the_text_is_larger_still(qtbot):
    w = window_at(qtbot, 1280, 800)
    found = texts(w.canvas)
    assert min(c for k, _, c in found if k == "value") >= 18
    assert min(c for *_, c in found) >= 14
    above, below = empty_above_and_below(w.canvas)
    assert above <= 0.10 and below <= 0.10


def snapshot(w):
    c = w.canvas
    positions = {key: item.scenePos() for key, item in
                 {**c.items_for_tests["nodes"], **c.items_for_tests["headers"]}.items()}
    return (positions, c.transform(), c.sceneRect(), c.viewport().size(), w.banner.height(),
            c.legend_widget.height(), c.geometry())


def test_nothing_moves_from_one_step_to_the_next(qtbot):
    """Item positions, the canvas's fit and size, and the banner's and legend's heights stay
    put while stepping through one network, through every kind of step, a step back, and a
    message that comes and goes."""
    w = window_at(qtbot, 1024, 768)
    s = w.session
    before = snapshot(w)
    s.back()                                       # at step 0: "Already at the first step."
    assert w.messages.isVisible()
    assert snapshot(w) == before
    for _ in range(40):                            # forward, δ, Δ, D, update, next epoch
        s.step()
        QApplication.processEvents()
        assert snapshot(w) == before, s.stepper.last.kind
    s.set_view(node_mode="z")
    s.back()
    QApplication.processEvents()
    assert snapshot(w) == before


def test_a_wide_or_tall_canvas_is_filled_by_reshaping_the_figure(qtbot):
    """The layout follows the canvas's shape: the pitch grows on a wide canvas, the layer
    distance on a tall one, so the network is never a band in the middle."""
    s = Session()
    from app.canvas import CanvasView
    view = CanvasView(s)
    qtbot.addWidget(view)
    qtbot.addWidget(view.legend_widget)
    for size in ((1100, 520), (700, 760), (900, 600)):
        view.resize(*size)
        view.show()
        QApplication.processEvents()
        above, below = empty_above_and_below(view)
        rect = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
        left, right = rect.left() / size[0], (size[0] - rect.right()) / size[0]
        assert max(above, below) <= 0.10 or max(left, right) <= 0.10, (size, above, left)
        assert min(above, below, left, right) >= 0


def test_a_large_network_draws_dense_edges_thin_and_light_and_names_the_classes(qtbot):
    """Digits 64-25-10: between layers with more than 40 drawn edges they are thinner and
    lighter than a small network's, the strongest on top; output units carry 0–9."""
    s = Session(StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                             acts=("sigmoid", "sigmoid")))
    w = window_at(qtbot, 1280, 800, s)
    c = w.canvas
    groups = c._groups
    assert all(g.dense for g in groups) and all(len(g.items) > 40 for g in groups)
    widths = [e.pen().widthF() for g in groups for e in g.items]
    assert max(widths) <= c.style_.DENSE_MAX_W < c.style_.EDGE_MAX_W
    for g in groups:                      # a wider (stronger) edge is never under a thinner
        order = sorted(g.items, key=lambda e: e.zValue())
        assert [e.pen().widthF() for e in order] == sorted(e.pen().widthF() for e in order)
    # lighter: closer to the background than the same colour at full strength
    edge = max(groups[0].items, key=lambda e: e.pen().widthF())
    key = groups[0].keys[groups[0].items.index(edge)]
    full = c.palette_.colors[key[0]]
    bg = c.style_.background
    shown = edge.pen().color()
    dist = lambda a, b: sum(abs(x - y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))  # noqa
    assert dist(shown, bg) < dist(full, bg)
    captions = [c.node_item(3, j).caption.label.text() for j in range(1, 11)
                if c.node_item(3, j) is not None]
    assert captions[0].endswith(" 0") and captions[-1].endswith(" 9")


def test_iris_output_units_carry_the_species(qtbot):
    s = Session(StudioConfig(source=DataSource("builtin", "iris"), hidden=(4,),
                             acts=("sigmoid", "sigmoid")))
    w = window_at(qtbot, 1024, 768, s)
    names = [w.canvas.node_item(3, j).caption.label.text() for j in (1, 2, 3)]
    assert names == ["a₁⁽³⁾ setosa", "a₂⁽³⁾ versicolor", "a₃⁽³⁾ virginica"]
    w.session.set_view(node_mode="delta")
    assert w.canvas.node_item(3, 2).caption.label.text() == "δ₂⁽³⁾ versicolor"


@pytest.mark.parametrize("size, presenting", [((1024, 768), False), ((1920, 1080), False),
                                              ((1024, 768), True)],
                         ids=["1024x768", "1920x1080", "presenting at 1024x768"])
def test_the_message_bar_covers_none_of_the_network(qtbot, size, presenting):
    """Train mode's rate with its Stop button lies over the canvas's top edge for as long
    as it trains: every item (the layer titles and their activation menus among them) is
    drawn below it, and nothing moved when it came (fails with no band kept clear)."""
    w = window_at(qtbot, *size)
    if presenting:
        w.presentation.enter()
        QApplication.processEvents()
    c, bar = w.canvas, w.messages
    drawn = c.mapFromScene(c.scene().itemsBoundingRect()).boundingRect()
    bar.show_progress("Training · 7,969 batches/s", -1.0, "Stop", lambda: None)
    QApplication.processEvents()
    bottom = c.viewport().mapFrom(w, bar.mapTo(w, bar.rect().bottomLeft())).y()
    assert bottom > 10                                    # the bar is shown, over the canvas
    assert drawn.top() > bottom, (drawn.top(), bottom)
    assert c.mapFromScene(c.scene().itemsBoundingRect()).boundingRect() == drawn
