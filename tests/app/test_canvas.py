"""The network canvas, driven through a real Session: items, values, colours, highlight,
clicks, edits on the canvas, collapsed layers."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import (  # noqa: E402
    QColor,
    QContextMenuEvent,
    QFontMetricsF,
    QImage,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QGraphicsSimpleTextItem  # noqa: E402

from app.canvas import CanvasView  # noqa: E402
from app.canvas import style as st  # noqa: E402
from app.scales import nice_ceiling  # noqa: E402
from app.session import Session, layer_title  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402

DIGITS = StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                      acts=("sigmoid", "sigmoid"))


def make_view(qtbot, session=None, size=(1100, 620)):
    session = session or Session()
    view = CanvasView(session)
    qtbot.addWidget(view)
    qtbot.addWidget(view.legend_widget)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot):
    return make_view(qtbot)


def click(qtbot, view, item, button=Qt.LeftButton):
    pos = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), button, pos=pos)


def edge_key(view, edge):
    group = view._groups[edge.l - 1]
    return group.keys[group.items.index(edge)]


def steps(session, n):
    for _ in range(n):
        session.step()


def full_opacity_layers(view):
    """Seed layers l whose Θ⁽ˡ⁾ edges are drawn at full strength (the others are washed
    out towards the background)."""
    edges = view.items_for_tests["edges"]
    return sorted({l for (l, _, _), e in edges.items() if not e.faded})


def test_items_for_every_unit_bias_and_edge_of_2_2_2_1(view):
    s = view.session
    assert s.sizes == [2, 2, 2, 1]
    items = view.items_for_tests
    assert set(items["nodes"]) == {(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2), (4, 1)}
    assert set(items["bias"]) == {1, 2, 3}          # no bias unit on the output layer
    assert view.node_item(4, 0) is None
    expected = {(l, i, j) for l in (1, 2, 3) for i in range(1, s.sizes[l] + 1)
                for j in range(0, s.sizes[l - 1] + 1)}
    assert set(items["edges"]) == expected and len(expected) == 15
    for (l, i, j), edge in items["edges"].items():
        assert view.edge_item(l, i, j) is edge
    assert items["more"] == {}
    # two short lines a 1024-px projector fits side by side; the whole title in the tooltip
    lines = {1: ("Layer 1", "x = a⁽¹⁾"), 2: ("Layer 2", "sigmoid ▾"),
             3: ("Layer 3", "sigmoid ▾"), 4: ("Layer 4", "sigmoid ▾")}
    for l in range(1, 5):
        header = items["headers"][l]
        assert (header.line1.text(), header.line2.text()) == lines[l]
        assert header.toolTip().startswith(layer_title(s, l))
    assert view.node_item(2, 0).value.text() == "+1"
    assert view.node_item(2, 1).caption.label.text() == "a₁⁽²⁾"
    assert view.node_item(1, 2).caption.label.text() == "x₂"


def test_values_after_a_forward_step_are_the_engines(view):
    s = view.session
    assert [view.node_item(2, j).text for j in (1, 2)] == ["·", "·"]
    s.step()                                        # forward 2: z⁽²⁾, a⁽²⁾
    a2 = s.stepper.a[1]
    for j in (1, 2):
        assert view.node_item(2, j).text == st.fmt(a2[j - 1])
    assert view.node_item(2, 1).text == f"{a2[0]:+.3f}".replace("-", "−")
    assert view.node_item(3, 1).text == "·"         # not computed yet
    assert view.node_item(3, 1).fill == view.style_.pending_fill
    assert view.node_item(2, 1).fill != view.style_.pending_fill


def test_number_format_is_signed_and_short():
    assert st.fmt(0.7312) == "+0.731"
    assert st.fmt(-0.2041) == "−0.204"
    assert st.fmt(0.0) == "0.000"
    assert st.fmt(12.345) == "+12.35" or st.fmt(12.345) == "+12.34"
    assert st.fmt(-1234.0) == "−1.2e3"
    assert all(len(st.fmt(v)) <= 6 for v in (1e-9, -9.9999, 99.9, -999.9, 5e12, -3e-17, 1e100))


def test_node_colours_follow_the_node_mode(view):
    s = view.session
    steps(s, 5)                                     # through backward 3: a, z, δ of layer 3
    node = view.node_item(3, 1)
    view.set_node_mode("a")
    fill_a, text_a = QColor(node.fill), node.text
    assert text_a == st.fmt(s.stepper.a[2][0]) and node.caption.label.text() == "a₁⁽³⁾"
    view.set_node_mode("z")
    fill_z = QColor(node.fill)
    assert node.text == st.fmt(s.stepper.z[2][0]) and node.caption.label.text() == "z₁⁽³⁾"
    view.set_node_mode("delta")
    fill_d = QColor(node.fill)
    assert node.text == st.fmt(s.stepper.delta[2][0]) and node.caption.label.text() == "δ₁⁽³⁾"
    assert len({fill_a.name(), fill_z.name(), fill_d.name()}) == 3
    # the input layer has no z and no δ: its x is shown on a neutral fill
    assert view.node_item(1, 1).fill == view.style_.input_fill
    assert view.node_mode == "delta"
    with pytest.raises(ValueError):
        view.set_node_mode("b")
    with pytest.raises(ValueError):
        view.set_edge_mode("theta2")


def test_fill_is_the_diverging_map_on_a_symmetric_scale(view):
    s = view.session
    steps(s, 5)
    view.set_node_mode("delta")
    shown = [d for d in s.stepper.delta[1:] if d is not None]
    top = max(float(np.max(np.abs(d))) for d in shown)
    scale = nice_ceiling(top)                       # checked by hand in test_scales.py
    assert top <= scale < 1.7 * top
    lut = view.style_.colormap().getLookupTable(0.0, 1.0, 256, alpha=False)
    for j in (1, 2):
        v = s.stepper.delta[2][j - 1]
        k = int(np.clip(np.rint((v / scale + 1) / 2 * 255), 0, 255))
        assert view.node_item(3, j).fill == QColor(*map(int, lut[k]))
    # the legend shows the round scale; text contrasts with the fill
    assert view.legend_widget.levels[0] == pytest.approx((-scale, scale))


def test_auto_modes_follow_the_step_kind(view):
    s = view.session
    assert view.shown_node_mode() == "a" and view.shown_edge_mode() == "theta"
    steps(s, 3)                                     # forward 2, 3, 4
    assert view.shown_node_mode() == "a"
    s.step()                                        # output error
    assert view.shown_node_mode() == "delta"
    assert view.node_item(4, 1).text == st.fmt(s.stepper.delta[3][0])
    steps(s, 3)                                     # backward 3, 2, accumulate
    assert s.stepper.last.kind == "accumulate"
    assert view.shown_edge_mode() == "Delta" and view.shown_node_mode() == "delta"
    assert "Δ⁽ˡ⁾" in view.legend_widget.titles[1]
    s.next_example()
    s.next_example()
    s.next_example()
    s.step()                                        # gradient
    assert s.stepper.last.kind == "gradient" and view.shown_edge_mode() == "D"
    assert "D⁽ˡ⁾" in view.legend_widget.titles[1]
    s.step()                                        # update
    assert view.shown_edge_mode() == "theta"
    view.set_edge_mode("D")                         # D exists now: coloured, not neutral
    assert view.edge_item(1, 1, 1).pen().color() != view.style_.neutral_edge


def test_edges_width_and_dash_follow_theta(view):
    thetas = view.session.stepper.thetas
    scale = nice_ceiling(max(float(np.max(np.abs(t))) for t in thetas))
    widths = []
    for (l, i, j), edge in view.items_for_tests["edges"].items():
        theta = thetas[l - 1][i - 1, j]
        pen = edge.pen()
        if theta < 0:
            assert pen.style() == Qt.CustomDashLine
        else:
            assert pen.style() == Qt.SolidLine
        lo, hi = view.style_.EDGE_MIN_W, view.style_.EDGE_MAX_W
        expected = lo + (hi - lo) * abs(theta) / scale
        assert pen.widthF() == pytest.approx(expected, abs=0.15)
        widths.append((abs(theta), pen.widthF()))
    widths.sort()
    assert [w for _, w in widths] == sorted(w for _, w in widths)
    hi = view.style_.EDGE_MAX_W
    assert hi / 1.7 < widths[-1][1] <= hi   # the round scale's end
    assert view.legend_widget.levels[1] == pytest.approx((-scale, scale))


def test_delta_edges_are_neutral_before_the_first_gradient(view):
    view.set_edge_mode("D")
    pens = {e.pen().color().name() for e in view.items_for_tests["edges"].values()}
    assert pens == {view.style_.neutral_edge.name()}
    assert "none before the first gradient" in view.legend_widget.titles[1]


def test_highlight_follows_forward_and_backward_steps(view):
    s = view.session
    bands = view.items_for_tests["bands"]
    assert full_opacity_layers(view) == [1, 2, 3] and not any(b.isVisible() for b in bands.values())
    s.step()                                        # forward 2 reads Θ⁽¹⁾
    assert full_opacity_layers(view) == [1]
    assert [l for l, b in bands.items() if b.isVisible()] == [2]
    assert view.node_item(2, 1).pen().widthF() == view.style_.ACTIVE_PEN_WIDTH
    assert view.node_item(3, 1).pen().widthF() == view.style_.NODE_PEN_WIDTH
    hot, faded = view.edge_item(1, 1, 1), view.edge_item(2, 1, 1)
    theta = s.stepper.thetas
    scale = nice_ceiling(max(float(np.max(np.abs(t))) for t in theta))
    lut = view.palette_.colors
    k = int(view.palette_.indices(np.array([theta[1][0, 1]]), scale)[0])
    assert faded.pen().color() == view.style_.washed(lut[k]) != lut[k]
    k = int(view.palette_.indices(np.array([theta[0][0, 1]]), scale)[0])
    assert hot.pen().color() == lut[k]
    assert hot.zValue() > faded.zValue()
    s.step()                                        # forward 3 reads Θ⁽²⁾
    assert full_opacity_layers(view) == [2]
    s.step()
    s.step()                                        # output error: layer 4, no edges
    assert full_opacity_layers(view) == []
    assert [l for l, b in bands.items() if b.isVisible()] == [4]
    s.step()                                        # backward 3 reads Θ⁽³⁾ (out of layer 3)
    assert full_opacity_layers(view) == [3]
    assert [l for l, b in bands.items() if b.isVisible()] == [3]
    s.step()                                        # backward 2 reads Θ⁽²⁾
    assert full_opacity_layers(view) == [2]
    s.step()                                        # accumulate: every Δ⁽ˡ⁾
    assert full_opacity_layers(view) == [1, 2, 3]
    assert not any(b.isVisible() for b in bands.values())
    s.back()                                        # going back restores the highlight
    assert full_opacity_layers(view) == [2]
    assert view.items_for_tests["headers"][2].line1.brush().color() == view.style_.accent


def test_clicking_units_edges_and_empty_canvas_selects(qtbot, view):
    s = view.session
    click(qtbot, view, view.node_item(2, 1))
    assert s.selection == ("unit", 2, 1)
    assert view._ring.isVisible() and view._ring.pos() == view.node_item(2, 1).pos()
    click(qtbot, view, view.node_item(3, 0))       # the bias unit
    assert s.selection == ("unit", 3, 0)
    edge = view.edge_item(3, 1, 2)                  # Θ⁽³⁾₁₂: its midpoint crosses no other edge
    click(qtbot, view, edge)
    assert s.selection == ("edge", 3, 1, 2)
    assert view._glow.isVisible() and not view._ring.isVisible()
    s.step()                                        # forward 2: Θ⁽³⁾ edges fade, but not
    assert edge.faded and edge.pen() == view._edge_pen(edge_key(view, edge), faded=False)
    assert edge.zValue() > view.edge_item(1, 1, 1).zValue()     # the selected one
    click(qtbot, view, view.edge_item(1, 1, 0))
    assert s.selection == ("edge", 1, 1, 0)
    corner = view.mapFromScene(view.sceneRect().topLeft()) + QPoint(5, 5)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=corner)
    assert s.selection is None and not view._glow.isVisible()


def test_thin_edges_have_a_wide_hit_shape(qtbot, view):
    edge = view.edge_item(3, 1, 0)
    p = edge.line().center()
    line = edge.line()
    normal = line.normalVector().unitVector()
    off = (normal.p2() - normal.p1()) * 6            # 6 scene units beside the line
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=view.mapFromScene(p + off))
    assert view.session.selection == ("edge", 3, 1, 0)


def test_selection_from_elsewhere_is_marked(view):
    s = view.session
    s.select(("unit", 1, 2))
    assert view._ring.isVisible() and view._ring.pos() == view.node_item(1, 2).pos()
    s.select(("unit", 2, 0))
    assert view._square.isVisible() and not view._ring.isVisible()
    s.select(None)
    assert not view._square.isVisible()


def test_add_unit_rebuilds_and_undo_restores(view):
    s = view.session
    s.step()
    s.add_unit(2)
    assert s.sizes == [2, 3, 2, 1]
    assert view.node_item(2, 3) is not None
    assert len(view.items_for_tests["edges"]) == 3 * 3 + 2 * 4 + 3
    s.undo_stack.undo()
    assert s.sizes == [2, 2, 2, 1]
    assert view.node_item(2, 3) is None and len(view.items_for_tests["edges"]) == 15
    # undo goes back to where the edit was made: after the first step, a⁽²⁾ computed
    assert s.k == 1 and view.node_item(2, 1).text == f"{s.stepper.a[1][0]:+.3f}"
    s.undo_stack.redo()
    assert s.k == 0 and view.node_item(2, 1).text == "·"    # the edit restarted training


def test_steps_create_no_items(view):
    s = view.session
    before = len(view.scene().items())
    steps(s, 20)
    view.set_node_mode("z")
    view.set_edge_mode("Delta")
    s.select(("edge", 2, 1, 1))
    assert len(view.scene().items()) == before


def test_buttons_on_the_canvas_edit_the_network(qtbot, view):
    s = view.session
    buttons = {b.toolTip(): b for b in view.items_for_tests["buttons"]}
    click(qtbot, view, buttons["Add a unit to layer 3"])
    assert s.sizes == [2, 2, 3, 1]
    buttons = {b.toolTip(): b for b in view.items_for_tests["buttons"]}
    click(qtbot, view, buttons["Remove a unit from layer 2"])
    assert s.sizes == [2, 1, 3, 1]
    buttons = {b.toolTip(): b for b in view.items_for_tests["buttons"]}
    click(qtbot, view, buttons["Add a hidden layer between layers 1 and 2"])
    assert s.sizes == [2, 2, 1, 3, 1]
    assert s.undo_stack.count() == 3 and s.undo_stack.undoText().startswith("Add layer")


def test_removing_the_last_unit_is_refused_by_the_session(qtbot, view):
    s = view.session
    messages = []
    s.sigMessage.connect(lambda text, level: messages.append(level))
    s.remove_unit(2)
    buttons = {b.toolTip(): b for b in view.items_for_tests["buttons"]}
    click(qtbot, view, buttons["Remove a unit from layer 2"])
    # the first removal is made (and said), the second refused
    assert s.sizes == [2, 1, 2, 1] and messages == ["info", "error"]


def test_layer_menu_and_activation_menu(view):
    s = view.session
    menu = view.layer_menu(2)
    actions = {a.text(): a for a in menu.actions() if a.text()}
    assert {"Add unit", "Remove unit", "Add layer before", "Add layer after", "Remove layer",
            "Activation"} <= set(actions)
    assert all(a.isEnabled() for a in actions.values())
    actions["Add layer after"].trigger()
    assert s.sizes == [2, 2, 2, 2, 1]
    first = {a.text(): a for a in view.layer_menu(1).actions() if a.text()}
    assert not first["Add unit"].isEnabled() and not first["Remove layer"].isEnabled()
    assert not first["Add layer before"].isEnabled() and first["Add layer after"].isEnabled()
    assert not first["Activation"].isEnabled()
    acts = {a.text(): a for a in view.activation_menu(3).actions()}
    assert acts["sigmoid"].isChecked() and not acts["tanh"].isChecked()
    acts["tanh"].trigger()
    assert s.acts[1] == "tanh"
    assert "tanh" in view.items_for_tests["headers"][3].line2.text()
    s.undo_stack.undo()
    s.undo_stack.undo()
    assert s.sizes == [2, 2, 2, 1] and s.acts == ["sigmoid"] * 3


def test_clicking_a_header_opens_its_activation_menu(qtbot, view):
    header = view.items_for_tests["headers"][3]
    click(qtbot, view, header)
    menu = view._menu
    assert menu.isVisible() and [a.text() for a in menu.actions()] == [
        "sigmoid", "tanh", "relu", "linear"]
    next(a for a in menu.actions() if a.text() == "relu").trigger()
    menu.hide()
    assert view.session.acts == ["sigmoid", "relu", "sigmoid"]
    view._menu = None
    click(qtbot, view, view.items_for_tests["headers"][1])     # the input has no g
    assert view._menu is None


def test_right_click_on_a_unit_opens_the_layer_menu(qtbot, view):
    node = view.node_item(2, 2)
    pos = view.mapFromScene(node.sceneBoundingRect().center())
    event = QContextMenuEvent(QContextMenuEvent.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    menu = view._menu
    assert view.session.selection == ("unit", 2, 2)
    assert menu.isVisible() and menu.title() == "Layer 2"
    next(a for a in menu.actions() if a.text() == "Add unit").trigger()
    menu.hide()
    assert view.session.sizes == [2, 3, 2, 1]


def test_ctrl_wheel_zooms(qtbot, view):
    before = view.transform().m11()
    center = QPointF(view.viewport().rect().center())
    event = QWheelEvent(center, view.viewport().mapToGlobal(center), QPoint(0, 0),
                        QPoint(0, 240), Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase,
                        False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.transform().m11() > before * 1.3


def test_large_layers_collapse(qtbot):
    view = make_view(qtbot, Session(DIGITS))
    s = view.session
    assert s.sizes == [64, 25, 10]
    items = view.items_for_tests
    assert items["more"][1].label.text() == "… 54 more"
    assert items["more"][2].label.text() == "… 15 more"
    assert 3 not in items["more"]                   # 10 outputs are all shown
    assert [j for (l, j) in items["nodes"] if l == 1] == [1, 2, 3, 4, 5, 60, 61, 62, 63, 64]
    assert view.node_item(1, 6) is None and view.edge_item(1, 1, 6) is None
    assert view.edge_item(1, 25, 64) is not None and view.edge_item(2, 10, 25) is not None
    assert len(items["edges"]) == 10 * 11 + 10 * 11
    assert view.node_item(1, 64).caption.label.text() == "x₆₄"
    s.step()
    for j in (1, 5, 21, 25):
        assert view.node_item(2, j).text == st.fmt(s.stepper.a[1][j - 1])
    # the fitted view shows the whole figure
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.scene().itemsBoundingRect().adjusted(1, 1, -1, -1))


def test_zoom_and_fit(view):
    fitted = view.transform().m11()
    view.zoom_in()
    assert view.transform().m11() == pytest.approx(fitted * 1.25)
    view.zoom_out()
    view.zoom_out()
    assert view.transform().m11() < fitted
    view.zoom_reset()
    assert view.transform().m11() == pytest.approx(fitted)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.scene().itemsBoundingRect().adjusted(1, 1, -1, -1))


def visible_texts(view):
    return {i.text() for i in view.scene().items()
            if isinstance(i, QGraphicsSimpleTextItem) and i.isVisible()}


def test_edit_controls_can_be_hidden_and_stay_hidden_after_a_rebuild(view):
    """Hidden controls (export, presentation) leave no buttons and no empty rows: the figure
    closes up."""
    assert len(view.items_for_tests["buttons"]) == 7 and "+ layer" in visible_texts(view)
    view.fit()
    lowest = view.node_item(2, 2).caption.sceneBoundingRect().bottom()
    assert view.sceneRect().bottom() > lowest + 60           # room for the button rows
    view.set_edit_controls_visible(False)
    assert view.items_for_tests["buttons"] == []
    assert not {"+ layer", "units", "+", "−"} & visible_texts(view)
    lowest = view.node_item(2, 2).caption.sceneBoundingRect().bottom()
    assert view.sceneRect().bottom() < lowest + 30           # no empty rows below
    view.session.add_unit(2)
    assert view.items_for_tests["buttons"] == []
    view.set_edit_controls_visible(True)
    assert len(view.items_for_tests["buttons"]) == 7
    assert all(b.isVisible() for b in view.items_for_tests["buttons"])


def test_the_scene_renders_on_its_own(view):
    """Everything visible is a scene item: rendering the scene alone (as an export will)
    draws the network."""
    view.session.step()
    rect = view.scene().sceneRect()
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    view.scene().render(painter)
    painter.end()
    center = view.node_item(2, 1).scenePos() - rect.topLeft()
    assert image.pixelColor(int(center.x()) - 12, int(center.y()) - 12) == view.node_item(2, 1).fill


@pytest.mark.parametrize("width", [450, 560, 900])
def test_the_legend_keeps_its_height_and_bars_in_view_whatever_the_title(qtbot, view, width):
    """Titles stay on one line (a shorter wording, else elided), so the legend's height never
    changes and the canvas above it never moves."""
    legend = view.legend_widget
    qtbot.addWidget(legend)
    legend.resize(width, legend.height())
    legend.show()
    QApplication.processEvents()
    height = legend.height()
    widths = [bar.geometry().width() for bar in (legend.node_bar, legend.edge_bar)]
    assert widths[0] == pytest.approx(widths[1])      # half the strip each
    for mode in ("D", "Delta", "theta"):              # D: the longest title (no D yet)
        view.set_edge_mode(mode)
        QApplication.processEvents()
        assert legend.height() == height
        # the bars stay put: they followed the titles' widths (169 ↔ 181 px), and their
        # re-rendering made a title change cost 12 ms instead of 0.6
        assert [bar.geometry().width() for bar in (legend.node_bar, legend.edge_bar)] == \
            pytest.approx(widths)
        if mode == "D":
            assert "none before the first gradient" in view.legend_widget.titles[1]
        for label in (legend.node_title, legend.edge_title):
            assert label.item.boundingRect().width() <= legend.column_width() + 10
            assert label.item.boundingRect().height() < 2 * QFontMetricsF(
                legend.title_font).lineSpacing()          # one line
        for bar in (legend.node_bar, legend.edge_bar):
            rect = bar.mapRectToScene(bar.boundingRect())
            assert rect.bottom() <= legend.height() and rect.right() <= legend.width()


def test_a_shrinking_legend_keeps_both_bars_inside(qtbot, view):
    legend = view.legend_widget
    qtbot.addWidget(legend)
    legend.resize(900, legend.height())
    legend.show()
    QApplication.processEvents()
    legend.resize(620, legend.height())              # a wide window made narrow (F11 on 1024)
    QApplication.processEvents()
    for bar in (legend.node_bar, legend.edge_bar):
        assert bar.mapRectToScene(bar.boundingRect()).right() <= legend.width()


def test_the_fixed_scale_keeps_a_colours_meaning_through_the_batch(view):
    """Fixed (the default): the units' scale is the largest |δ| of the batch so far, rounded
    up, so it never shrinks within the batch; "step" follows each step's values and the
    legend says which is in use."""
    s = view.session
    assert view.scale_mode == "fixed" and "fixed" in view.legend_widget.titles[0]
    view.set_node_mode("delta")
    seen, scales = 0.0, []
    for _ in range(4 * 7):                          # the four examples of XOR's batch
        s.step()
        arrays = [d for d in s.stepper.delta[1:] if d is not None]
        if arrays:
            seen = max(seen, max(float(np.max(np.abs(d))) for d in arrays))
        if seen:
            scales.append(view.legend_widget.levels[0][1])
            assert scales[-1] == nice_ceiling(seen)   # the watched maximum, rounded up
    assert scales == sorted(scales)                   # only grows within the batch
    view.set_scale_mode("step")
    assert "this step" in view.legend_widget.titles[0]
    now = max(float(np.max(np.abs(d))) for d in s.stepper.delta[1:] if d is not None)
    assert view.legend_widget.levels[0][1] == nice_ceiling(now)
    with pytest.raises(ValueError, match="colour scale"):
        view.set_scale_mode("log")


def test_the_fixed_scale_of_a_step_is_the_same_however_it_is_reached(view):
    s = view.session
    for _ in range(17):
        s.step()
    levels = view.legend_widget.levels
    fill = view.node_item(3, 1).fill
    s.reset()
    s.seek(17)                                       # straight there, no steps watched
    assert view.legend_widget.levels == levels and view.node_item(3, 1).fill == fill
