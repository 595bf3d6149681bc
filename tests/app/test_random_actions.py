"""2,000 random user actions with a fixed seed: keys, edits, clicks, colour-by switches,
settings that continue training.

Nothing may reach sys.excepthook, and after every action the stepper's state must agree
with the engine recomputed independently from Θ (vectorised path): the running cost of
the batch, the current example's activations, and D at a gradient step. Every 250 actions
the weights and the cost history must equal a replay of every update so far by the
vectorised path, segment by segment.
"""

import random
import sys

import numpy as np
import pytest
from PySide6.QtCore import Qt

import bpengine as bp
from app.main_window import MainWindow

KEYS = [(Qt.Key_PageDown, Qt.NoModifier), (Qt.Key_Right, Qt.NoModifier),
        (Qt.Key_Space, Qt.NoModifier), (Qt.Key_PageUp, Qt.NoModifier),
        (Qt.Key_Left, Qt.NoModifier), (Qt.Key_PageDown, Qt.ShiftModifier),
        (Qt.Key_PageDown, Qt.ControlModifier), (Qt.Key_Home, Qt.NoModifier),
        (Qt.Key_Z, Qt.ControlModifier), (Qt.Key_Y, Qt.ControlModifier)]


def check_consistent(session):
    s = session.stepper
    acts = s.acts
    thetas = [np.array(t) for t in s.thetas]
    where = s.peek()
    if s.seen:
        start = where.batch * s.batch_size
        rows = s.order(where.epoch)[start:start + s.seen]
        J = bp.cost_only(thetas, s.X[rows], s.Y[rows], lam=0.0, hidden=acts[:-1],
                         output=acts[-1], loss=s.loss)
        assert s.J_sum / s.seen == pytest.approx(J, rel=1e-10, abs=1e-12)
    zs, As = bp.forward(thetas, s.X[s.example][None, :], acts)
    for l in range(1, s.L):
        if s.a[l] is not None:
            np.testing.assert_allclose(s.a[l], As[l][0], rtol=1e-10, atol=1e-12)
    if s.last is not None and s.last.kind == "gradient":
        start = where.batch * s.batch_size
        rows = s.order(where.epoch)[start:start + where.pos]
        J, D = bp.cost_and_gradients(thetas, s.X[rows], s.Y[rows], lam=s.lam,
                                     hidden=acts[:-1], output=acts[-1], loss=s.loss)
        assert s.J_batch == pytest.approx(J, rel=1e-10)
        for got, want in zip(s.D, D):
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def batches_done(seg, K: int) -> int:
    """Updates segment `seg` made before global step K: its batch starts passed."""
    st, k = seg.stepper, seg.local(K)
    b = st.batch_size
    per_batch, per_epoch = b * (2 * st.L - 1) + 2, st.m * (2 * st.L - 1) + 2 * -(-st.m // b)
    epoch, r = divmod(k, per_epoch)
    return epoch * -(-st.m // b) + min(r // per_batch, -(-st.m // b)) - st.start_batch


def replay_by_engine(session):
    """Θ and the cost of every update, recomputed with the vectorised path from the
    network's fresh weights, batch by batch in each segment's settings and example order:
    an independent account of where training should be."""
    model = session.model
    t, X, Y = model.timeline, model.data.X, model.data.Y
    first = t.segments[0].config
    thetas = bp.Network.create(model.sizes, hidden=list(first.acts[:-1]),
                               output=first.acts[-1], seed=first.seed).thetas
    Js = []
    for s in range(t.i + 1):
        seg, c = t.segments[s], t.segments[s].config
        end = t.K if s == t.i else t.segments[s + 1].K_begin
        m = X.shape[0]
        b = m if c.batch_size is None else min(c.batch_size, m)
        per_epoch = -(-m // b)
        for n in range(batches_done(seg, end)):
            epoch, j = divmod(seg.stepper.start_batch + n, per_epoch)
            order = np.random.default_rng([c.seed, epoch]).permutation(m) if c.shuffle \
                else np.arange(m)
            rows = order[j * b:(j + 1) * b]
            J, D = bp.cost_and_gradients(thetas, X[rows], Y[rows], lam=c.lam,
                                         hidden=list(c.acts[:-1]), output=c.acts[-1],
                                         loss=c.loss)
            Js.append(J)
            thetas = [th - c.alpha * d for th, d in zip(thetas, D)]
    return thetas, Js


def click_random_item(qtbot, window, rng):
    view, session = window.canvas, window.session
    sizes = session.sizes
    if rng.random() < 0.5:
        l = rng.randrange(1, len(sizes) + 1)
        j = rng.randrange(0 if l < len(sizes) else 1, sizes[l - 1] + 1)
        item = view.node_item(l, j)
    else:
        l = rng.randrange(1, len(sizes))
        item = view.edge_item(l, rng.randrange(1, sizes[l] + 1), rng.randrange(0, sizes[l - 1] + 1))
    if item is None:
        return
    pos = view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=pos)


def test_two_thousand_random_actions(qtbot, monkeypatch):
    hooked = []
    monkeypatch.setattr(sys, "excepthook", lambda *exc: hooked.append(exc))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)     # shortcuts need the active window
    window.canvas.setFocus()
    session, rng = window.session, random.Random(20261127)
    edits = [lambda: session.add_unit(rng.randrange(1, session.L + 1)),
             lambda: session.remove_unit(rng.randrange(1, session.L + 1)),
             lambda: session.add_layer(rng.randrange(1, session.L + 1)),
             lambda: session.remove_layer(rng.randrange(1, session.L + 1)),
             lambda: session.set_activation(rng.randrange(2, session.L + 1),
                                            rng.choice(bp.ACTIVATIONS)),
             lambda: session.set_settings(batch_size=rng.choice([None, 1, 3])),
             lambda: session.set_settings(shuffle=rng.random() < 0.5),
             lambda: session.set_settings(alpha=rng.choice([0.3, 1.0, 2.0])),
             lambda: session.set_settings(lam=rng.choice([0.0, 0.1, 1.0]))]
    modes = [lambda: window.canvas.set_node_mode(rng.choice(["auto", "delta", "a", "z"])),
             lambda: window.canvas.set_edge_mode(rng.choice(["auto", "theta", "Delta", "D"]))]
    most, moved = 0, False
    for n in range(2000):
        r = rng.random()
        if r < 0.65:
            key, mod = rng.choice(KEYS)
            qtbot.keyClick(window.canvas, key, mod)
        elif r < 0.78:
            rng.choice(edits)()
        elif r < 0.92:
            click_random_item(qtbot, window, rng)
        else:
            rng.choice(modes)()
        check_consistent(session)
        assert not hooked, (n, hooked)
        moved = moved or session.k > 0
        most = max(most, len(session.model.timeline.segments))
        if n % 250 == 249:
            thetas, Js = replay_by_engine(session)
            for got, want in zip(session.model.thetas, thetas):
                np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)
            np.testing.assert_allclose(session.history()[0], Js, rtol=1e-9, atol=1e-12)
    assert moved          # the keys reached the window (they did not before: a test of
    assert most >= 3      # nothing); and the run went through several changes of settings
