"""Honest speed: the rate play reaches, measured by the player and shown beside the one asked.

The player's clock is a fake one the test moves by hand (no wall-clock time is measured):
each frame comes 100 ms after the last and each micro-step costs 10 ms, a machine far too
slow for 20,000 steps a second. The expected rate is computed from session.k and the fake
clock, independently of the player's own bookkeeping.
"""

import pytest

from app.controls import SettingsPanel
from app.player import FRAME_MS, Player
from tests.app.conftest import shown

FRAME_S, STEP_S = 0.100, 0.010
T = FRAME_MS / 1000        # the player's frame, seconds: periods below are multiples of it


class SlowMachine:
    """A clock in seconds, advanced by each frame's wait and by each micro-step's cost."""

    def __init__(self, session, monkeypatch):
        self.t = 1000.0
        run = session.run_steps

        def run_steps(n, announce=True):
            self.t += STEP_S * n
            return run(n, announce)

        monkeypatch.setattr(session, "run_steps", run_steps)

    def __call__(self) -> float:
        return self.t


def play_frames(session, player, clock, frames: int) -> list[tuple[float, int]]:
    """Run `frames` timer ticks by hand; (time, k) after each."""
    player.timer.stop()                     # no real timer: the test ticks
    out = []
    for _ in range(frames):
        clock.t += FRAME_S
        player._tick()
        out.append((clock.t, session.k))
    return out


@pytest.fixture
def slow(session, monkeypatch):
    player = Player(session)
    clock = SlowMachine(session, monkeypatch)
    player.clock = clock
    player.set_speed(20000)
    return player, clock


def test_achieved_is_the_steps_taken_over_the_time_and_below_the_speed_asked(session, slow):
    player, clock = slow
    said = []
    player.sigAchieved.connect(said.append)
    session.set_playing(True)
    samples = play_frames(session, player, clock, 80)
    session.set_playing(False)
    (t0, k0), (t1, k1) = samples[-31], samples[-1]    # the last 30 frames: steady by then
    expected = (k1 - k0) / (t1 - t0)
    assert player.achieved == pytest.approx(expected, rel=1e-9)
    # steady: one step a frame (the budget, 2 ms, is below one 10 ms step), so one step
    # every 100 ms + 10 ms: 1 / 0.11 s
    assert expected == pytest.approx(1 / (FRAME_S + STEP_S), rel=1e-9)
    assert player.achieved < player.speed / 1000
    # said about twice a second of (fake) time, the last figure the measured one
    seconds = samples[-1][0] - samples[0][0]
    assert seconds / 0.5 - 2 <= len(said) <= seconds / 0.5 + 1
    assert said[-1] == pytest.approx(expected, rel=1e-9)


def test_achieved_counts_the_last_second_only(session, slow):
    """A fast start (the first frame runs 160 steps) is forgotten a second later."""
    player, clock = slow
    session.set_playing(True)
    samples = play_frames(session, player, clock, 3)
    first = (samples[-1][1] - 0) / (samples[-1][0] - (samples[0][0] - FRAME_S))
    assert samples[0][1] > 10                            # the first frame's many steps …
    samples += play_frames(session, player, clock, 40)
    (t0, k0), (t1, k1) = samples[-10], samples[-1]
    assert player.achieved < first / 10                  # … no longer count
    assert player.achieved == pytest.approx((k1 - k0) / (t1 - t0), rel=1e-9)


def test_the_settings_panel_says_asked_and_achieved_while_playing(qtbot, session, slow):
    player, clock = slow
    panel = shown(qtbot, SettingsPanel(session, player), 520, 600)
    panel.speed.setValue(100)                            # 20,000 steps/s
    assert panel.speed_label.text() == "20,000 steps/s"
    assert panel.achieved_label.text() == ""             # not playing: nothing to say
    height = panel.achieved_label.height()
    session.set_playing(True)
    play_frames(session, player, clock, 80)
    # 1 step every 0.11 s: 9.0909… steps/s, said with one decimal
    assert panel.achieved_label.text() == "20,000 steps/s asked · 9.1 achieved"
    assert panel.achieved_label.shown()[0] == panel.achieved_label.text()   # fits: whole
    assert panel.achieved_label.height() == height       # the panel does not move
    session.set_playing(False)
    assert panel.achieved_label.text() == ""
    assert panel.speed_label.text() == "20,000 steps/s"


def test_a_narrow_dock_shows_a_shorter_wording_on_one_line(qtbot, session, slow):
    player, clock = slow
    panel = shown(qtbot, SettingsPanel(session, player), 520, 600)
    panel.speed.setValue(100)
    session.set_playing(True)
    play_frames(session, player, clock, 30)
    height = panel.achieved_label.height()
    panel.achieved_label.resize(150, height)             # narrower than the long wording
    text, _font = panel.achieved_label.shown()
    assert text in ("9.1 of 20,000 steps/s", "20,000 asked · 9.1 achieved") or text.endswith("…")
    assert panel.achieved_label.height() == height


def test_rates_read_as_a_person_writes_them():
    from app.controls import rate
    assert rate(0.5) == "0.5" and rate(9.0909) == "9.1" and rate(250) == "250"
    assert rate(20000) == "20,000" and rate(14287.6, digits=3) == "14,300"
    assert rate(1020.4, digits=3) == "1,020" and rate(99.96, digits=3) == "100"


def ticks_with_periods(session, player, clock, periods) -> None:
    player.timer.stop()
    for p in periods:
        clock.t += p
        player._tick()


def test_a_timer_that_catches_up_does_not_ratchet_the_budget_down(session, monkeypatch):
    """Frames 1.2 and 0.8 frames apart in turn (a late tick, then the timer catching up:
    one frame on average) are on time: the stepping budget stays whole. Reacting to each late frame
    alone (× 0.8) against each early one (× 1.05) shrank it by 16 % a pair, to the floor:
    the decay of steps/s over a long play."""
    from app.player import MIN_BUDGET_S, WORK_BUDGET_S
    player = Player(session)
    clock = SlowMachine(session, monkeypatch)
    player.clock = clock
    player.set_speed(1.0)                        # a step now and then: the budget is the point
    session.set_playing(True)
    ticks_with_periods(session, player, clock, [1.2 * T, 0.8 * T] * 200)
    assert player.budget == WORK_BUDGET_S
    ticks_with_periods(session, player, clock, [1.5 * T] * 60)   # really late, frame after frame
    assert player.budget == MIN_BUDGET_S
    ticks_with_periods(session, player, clock, [T] * 200)  # on time again: grows back
    assert player.budget == WORK_BUDGET_S
    session.set_playing(False)


def test_a_stray_late_tick_now_and_then_does_not_ratchet_the_budget_down(session, monkeypatch):
    """Four frames on time and one 0.6 of a frame late, over and over: a shared machine's
    timer (measured over a long play with 30 ms frames: median period 30.0 ms, 90th
    percentile 35-38 ms, a tick's work 11-13 ms). The frames are on time; the budget stays
    whole. A running mean of the periods (p := 0.8 p + 0.2 period: 1.12 frames after the
    late one) shrank it by 20 % each fifth frame and grew it back by 5 % only while under
    1.05 frames: 4-8 ms of its 20 ms over a long play."""
    from app.player import MIN_BUDGET_S, WORK_BUDGET_S
    player = Player(session)
    clock = SlowMachine(session, monkeypatch)
    player.clock = clock
    player.set_speed(1.0)
    session.set_playing(True)
    ticks_with_periods(session, player, clock, [T, T, T, T, 1.6 * T] * 100)
    assert player.budget == WORK_BUDGET_S
    ticks_with_periods(session, player, clock, [1.33 * T, 1.33 * T, 1.33 * T, T, 1.6 * T] * 60)
    assert player.budget == MIN_BUDGET_S           # most frames late: the budget gives way
    session.set_playing(False)


class FastMachine(SlowMachine):
    """As SlowMachine, but a micro-step costs 1 µs: a frame's budget holds 20,000 of them."""

    def __init__(self, session, monkeypatch):
        self.t = 1000.0
        run = session.run_steps

        def run_steps(n, announce=True):
            self.t += 1e-6 * n
            return run(n, announce)

        monkeypatch.setattr(session, "run_steps", run_steps)


def test_fast_play_shows_the_same_moment_of_training_in_every_frame(session, monkeypatch):
    """At 20,000 steps/s a frame (28 ms) holds 560-odd micro-steps of XOR, 18 and a bit of
    its 30-step batches: each frame stops right after a gradient step, where the canvas shows
    the batch's last δ and its D, instead of at a random micro-step. The steps left
    over are taken in the next frames: the rate is still the one asked."""
    player = Player(session)
    player.clock = clock = FastMachine(session, monkeypatch)
    player.set_speed(20000)
    session.set_playing(True)
    player.timer.stop()
    ends = []
    k0, t0 = session.k, clock.t
    for _ in range(100):
        clock.t += T
        player._tick()
        ends.append((session.k % 30, session.stepper.last.kind))   # 29, 59, 89, …
    session.set_playing(False)
    assert set(ends) == {(29, "gradient")}
    expected = 20000 * (clock.t - t0)
    assert expected - 31 <= session.k - k0 <= expected + 1   # at most a batch still owed


def test_slow_play_still_shows_every_micro_step(session, monkeypatch):
    """At 60 steps/s a frame holds 1.7 micro-steps, less than an example (7): nothing
    to round to, each frame moves on by the steps due, forward passes and δ alike."""
    player = Player(session)
    player.clock = clock = FastMachine(session, monkeypatch)
    player.set_speed(60)
    session.set_playing(True)
    player.timer.stop()
    moves, kinds = [], set()
    for _ in range(60):
        k = session.k
        clock.t += T
        player._tick()
        moves.append(session.k - k)
        kinds.add(session.stepper.last.kind)
    session.set_playing(False)
    assert max(moves) <= 3 and sum(moves) == pytest.approx(1 + 60 * 60 * T, abs=1)
    assert {"forward", "output_error", "backward", "accumulate"} <= kinds
