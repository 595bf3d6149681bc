"""The step banner's short line names the J worth reading where it stands."""

from __future__ import annotations

import bpengine as bp
from app.timeline import StepBanner


def test_the_short_line_shows_the_last_batch_j_at_a_batch_start(qtbot, session):
    """After a whole batch (as after Train) there is no J so far: the line at projector
    width read "J —"; it gives the last batch's J, here J(Θ⁽⁰⁾) on all four XOR examples
    from the engine's vectorised cost (λ = 0)."""
    banner = StepBanner(session)
    qtbot.addWidget(banner)
    st = session.stepper
    J0, _D = bp.cost_and_gradients([t.copy() for t in st.thetas], st.X, st.Y, 0.0,
                                   hidden=st.acts[0], output=st.acts[-1])
    assert banner.where._texts[2].endswith("· J —")             # nothing computed yet
    session.next_batch()
    session.jobs.wait()
    assert banner.where._texts[2].endswith(f"· last J {J0:.4f}")
    session.next_example()                        # example 1 of batch 2: a J so far
    assert "last J" not in banner.where._texts[2] and "· J 0." in banner.where._texts[2]


def test_counts_are_grouped_by_thousands(qtbot, session):
    """After 1,000 XOR epochs of 30 micro-steps each (the step count is checked), every
    wording of the banner, which names the step just done (epoch 1,000's update), says
    "Epoch 1,000" and "step 30,000", not "1000" and "30000"."""
    banner = StepBanner(session)
    qtbot.addWidget(banner)
    session.model.stepper.train(1000)
    session.announce()
    assert session.k == 30_000
    for text in banner.where._texts:
        assert text.startswith("Epoch 1,000 ·") and "step 30,000" in text
    assert "updates 1,000" in banner.where._texts[0]
