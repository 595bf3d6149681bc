"""The per-batch history: a growing float64 array with a zero-copy view for plots."""

import numpy as np
import pytest

import bpengine as bp
from bpengine.history import History


def test_it_reads_like_the_list_it_replaces():
    values = [0.5, 0.25, 0.125, 2.0]
    h = History()
    for v in values:
        h.append(v)
    assert len(h) == 4 and list(h) == values and h[0] == 0.5 and h[-1] == 2.0
    assert h[1:3] == [0.25, 0.125] and max(h) == 2.0
    assert np.array_equal(np.array(h, dtype=float), values)
    with pytest.raises(IndexError):
        h[4]
    with pytest.raises(IndexError):
        h[-5]


def test_appends_are_amortised_and_the_view_copies_nothing():
    h = History()
    buffers = set()
    for i in range(100_000):
        h.append(float(i))
        buffers.add(id(h._buf))
    assert len(buffers) <= 12                      # 64 · 2^11 > 100,000: doublings only
    v = h.view()
    assert v.shape == (100_000,) and v[-1] == 99_999.0 and not v.flags.writeable
    assert np.shares_memory(v, h._buf) and np.shares_memory(np.asarray(h), h._buf)
    assert not np.shares_memory(np.array(h), h._buf)   # np.array still copies
    h.append(1.0)                                  # a view taken before keeps its values
    assert len(v) == 100_000 and v[-1] == 99_999.0


def test_truncation_hides_and_reveal_shows_again():
    h = History([1.0, 2.0, 3.0, 4.0])
    del h[2:]
    assert list(h) == [1.0, 2.0] and h.known == 4
    h.reveal(3)
    assert list(h) == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match="only 4 values are recorded"):
        h.reveal(5)
    h.truncate(1)
    h.append(9.0)
    assert list(h) == [1.0, 9.0] and h.known == 4


def test_the_stepper_history_shrinks_on_rewind_and_its_view_follows(xor):
    s = bp.Stepper(bp.Network.create([2, 2, 1], seed=0), *xor, alpha=1.0)
    s.train(n_batches=50)
    J = list(s.history_J)
    assert len(J) == 50 and s.history_J.view().tolist() == J
    s.seek(s.schedule.batch_start(20) + 3)
    assert list(s.history_J) == J[:20] and len(s.history_acc) == 20
    s.train(until_batch=50)
    assert list(s.history_J) == J


def test_extend_appends_many_values_and_grows_like_append():
    h = History([1.0, 2.0], capacity=2)
    h.extend(np.arange(3.0, 40.0))
    assert list(h) == [float(v) for v in range(1, 40)] and h.known == 39
    h.truncate(5)
    h.extend([-1.0])
    assert list(h) == [1.0, 2.0, 3.0, 4.0, 5.0, -1.0]


def test_a_later_segments_history_joins_the_past_as_a_fresh_concatenation_would():
    """After a setting change mid-run the history is the earlier segment's past then the
    new stepper's, through growth, rewinds inside the segment and a visit to the first."""
    from bpengine.studio import StudioModel

    def expected(m):
        t = m.timeline
        past = [p for p in t.past[:t.i]]
        return (np.concatenate([p[0] for p in past] + [np.array(t.stepper.history_J)]),
                np.concatenate([p[1] for p in past] + [np.array(t.stepper.history_acc)]))

    m = StudioModel()
    m.stepper.train(n_batches=40)
    m.set_settings(alpha=0.5)                       # a second segment from update 40 on
    assert m.timeline.i == 1
    for moves in ([("batches", 7)], [("back", 35)], [("batches", 3)], [("seek", 600)],
                  [("batches", 12)], [("seek", 2000)], [("batches", 2)]):
        for kind, n in moves:
            if kind == "batches":
                for _ in range(n):
                    m.next_batch()
            elif kind == "back":
                for _ in range(n):
                    m.back()
            else:
                m.seek(n)
        J, acc = m.history()
        eJ, eacc = expected(m)
        assert len(J) == m.timeline.n_updates()
        np.testing.assert_array_equal(J, eJ)
        np.testing.assert_array_equal(acc, eacc)
    assert m.timeline.i == 1 and len(m.history()[0]) > 40
    m.seek(30)                                      # back into the first segment
    assert m.timeline.i == 0 and len(m.history()[0]) == 1
