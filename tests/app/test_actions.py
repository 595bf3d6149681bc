"""The View menu's colour-by actions follow the canvas's modes, however they change."""

import pytest
from PySide6.QtWidgets import QMainWindow, QMenuBar

from app.actions import EDGE_MODES, NODE_MODES, StudioActions
from app.canvas import EDGE_MODES as CANVAS_EDGE
from app.canvas import NODE_MODES as CANVAS_NODE
from app.canvas import CanvasView
from app.player import Player


@pytest.fixture
def parts(qtbot, session):
    """A bare window with the canvas and the actions (no MainWindow layout involved)."""
    window = QMainWindow()
    qtbot.addWidget(window)
    canvas = CanvasView(session)
    window.setCentralWidget(canvas)
    qtbot.addWidget(canvas.legend_widget)
    actions = StudioActions(window, session, Player(session, window), canvas)
    return canvas, actions


def checked(actions: dict) -> list[str]:
    return [key for key, action in actions.items() if action.isChecked()]


def test_the_mode_actions_cover_the_canvas_modes():
    assert {k for k, _ in NODE_MODES} == set(CANVAS_NODE)
    assert {k for k, _ in EDGE_MODES} == set(CANVAS_EDGE)


def test_checkmarks_start_on_the_canvas_modes(parts):
    canvas, actions = parts
    assert checked(actions.node_modes) == [canvas.node_mode] == ["auto"]
    assert checked(actions.edge_modes) == [canvas.edge_mode] == ["auto"]
    group = actions.node_modes["auto"].actionGroup()
    assert group is not None and group.isExclusive()
    assert all(a.actionGroup() is group for a in actions.node_modes.values())


def test_a_mode_set_through_the_canvas_moves_the_checkmark(parts):
    canvas, actions = parts
    triggered = []
    for action in [*actions.node_modes.values(), *actions.edge_modes.values()]:
        action.triggered.connect(lambda _c=False, a=action: triggered.append(a.text()))
    canvas.set_node_mode("z")
    assert checked(actions.node_modes) == ["z"]
    canvas.set_edge_mode("Delta")
    assert checked(actions.edge_modes) == ["Delta"]
    canvas.set_node_mode("delta")
    canvas.set_edge_mode("auto")
    assert checked(actions.node_modes) == ["delta"] and checked(actions.edge_modes) == ["auto"]
    assert triggered == []              # the check moved; no action was re-triggered


def test_triggering_an_action_sets_the_canvas_mode(parts):
    canvas, actions = parts
    node_changes, edge_changes = [], []
    canvas.sigNodeModeChanged.connect(node_changes.append)
    canvas.sigEdgeModeChanged.connect(edge_changes.append)
    actions.node_modes["a"].trigger()
    assert canvas.node_mode == "a" and checked(actions.node_modes) == ["a"]
    actions.edge_modes["D"].trigger()
    assert canvas.edge_mode == "D" and checked(actions.edge_modes) == ["D"]
    actions.edge_modes["D"].trigger()   # already checked: stays, and nothing changes
    assert canvas.edge_mode == "D" and checked(actions.edge_modes) == ["D"]
    assert node_changes == ["a"] and edge_changes == ["D"]


def test_the_signals_fire_only_on_a_change(parts):
    canvas, _ = parts
    changes = []
    canvas.sigNodeModeChanged.connect(changes.append)
    canvas.set_node_mode("auto")
    canvas.set_node_mode("a")
    canvas.set_node_mode("a")
    with pytest.raises(ValueError):
        canvas.set_node_mode("nope")
    assert changes == ["a"] and canvas.node_mode == "a"


def test_the_view_menu_holds_the_same_actions(parts):
    _, actions = parts
    bar = QMenuBar()
    actions.build_menus(bar)
    view = next(a.menu() for a in bar.actions() if a.text() == "&View")
    units = next(a.menu() for a in view.actions() if a.text() == "Colour units by")
    assert units.actions() == list(actions.node_modes.values())
