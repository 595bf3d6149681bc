"""Odd values at the window's boundary are refused in words, never raised or hung on: the
seed box at its largest, Session methods called with the wrong kinds of value."""

import numpy as np
import pytest

from app.controls import SEED_LIMIT, SettingsPanel
from app.player import Player
from tests.app.conftest import shown


@pytest.fixture
def said(session):
    messages = []
    session.sigMessage.connect(lambda text, level: messages.append((level, text)))
    return messages


def test_the_largest_seed_then_new_seed_wraps_and_the_panel_keeps_working(qtbot, session):
    panel = shown(qtbot, SettingsPanel(session, Player(session)), 400, 600)
    panel.seed.setValue(SEED_LIMIT - 1)
    panel.seed.editingFinished.emit()
    assert session.config.seed == 2**31 - 1
    panel.new_seed.click()                      # used to overflow, leaving edits ignored
    assert session.config.seed == 0 and panel.seed.value() == 0
    panel.alpha.setValue(0.25)                  # the panel still edits the session
    assert session.config.alpha == 0.25 and not panel.syncing


def test_a_raising_sync_does_not_leave_the_panel_deaf(qtbot, session, monkeypatch):
    panel = shown(qtbot, SettingsPanel(session, Player(session)), 400, 600)

    def broken(config):
        raise RuntimeError("a view failed while showing the config")
    monkeypatch.setattr(panel, "_show", broken)
    with pytest.raises(RuntimeError):
        panel.sync()
    monkeypatch.undo()
    assert not panel.syncing
    panel.lam.setValue(0.5)
    assert session.config.lam == 0.5


@pytest.mark.parametrize("call, needle", [
    (lambda s: s.set_settings(seed=2.5), "the seed must be a whole number"),
    (lambda s: s.set_settings(batch_size="8"), "a mini-batch holds a whole number"),
    (lambda s: s.set_settings(speed=3), "There is no setting called speed"),
    (lambda s: s.set_settings(alpha=float("inf")), "learning rate α must be a positive"),
    (lambda s: s.select(("edge", 1, 5, 0)), "There is no weight Θ⁽¹⁾ with i = 5"),
    (lambda s: s.select(("unit", 2, "1")), "a unit or a weight is needed"),
    (lambda s: s.seek(float("nan")), "steps are whole numbers from 0"),
    (lambda s: s.seek(10**9), "lies more than 10,000 epochs ahead"),
    (lambda s: s.set_activation(2, "swish"), "swish"),
    (lambda s: s.add_layer(2.0), "Cannot add a layer after layer 2.0"),
])
def test_odd_values_are_refused_with_a_message(session, said, call, needle):
    session.step()
    before = (session.k, session.config, [np.array(t) for t in session.model.thetas])
    call(session)                               # nothing raises
    assert said and said[-1][0] == "error" and needle in said[-1][1], said
    assert (session.k, session.config) == before[:2]
    assert all(np.array_equal(a, b) for a, b in zip(session.model.thetas, before[2]))
    assert session.undo_stack.count() == 0


def test_explaining_a_unit_that_is_not_there_is_a_value_error(session):
    with pytest.raises(ValueError, match="There is no unit 9 in layer 2"):
        session.explain_unit(2, 9)
    with pytest.raises(ValueError, match="no weight"):
        session.explain_weight(3, 1, 7)
