"""The plots' min/max envelope: every bin's figures are exactly its values' min and max.

Expected values come from a brute-force numpy min/max over each bin's slice of the series,
never from the envelope's own incremental arithmetic.
"""

import numpy as np
import pytest

from app.envelope import Envelope


def brute(v: np.ndarray, width: int, b0: int, b1: int) -> tuple[np.ndarray, np.ndarray]:
    """min and max of bins b0 … b1 − 1 of `width` values, each from its slice alone."""
    lo, hi = [], []
    for b in range(b0, b1):
        part = v[b * width:(b + 1) * width]
        part = part[np.isfinite(part)]
        lo.append(part.min() if len(part) else np.nan)
        hi.append(part.max() if len(part) else np.nan)
    return np.array(lo), np.array(hi)


def check_all_levels(env: Envelope, v: np.ndarray) -> None:
    """Every stored bin of every level against the brute force (NaN where no value)."""
    assert env.n == len(v)
    for level in env.levels:
        nb = -(-len(v) // level.width)
        if level.nb == 0:
            continue
        assert level.nb == nb, f"level of width {level.width}"
        lo, hi = brute(v, level.width, 0, nb)
        np.testing.assert_array_equal(level.lo[:nb], lo)
        np.testing.assert_array_equal(level.hi[:nb], hi)


def grown(env: Envelope, v: np.ndarray, chunks) -> None:
    """Feed v to env in growing prefixes (as a history grows between frames)."""
    n = 0
    for c in chunks:
        n = min(len(v), n + c)
        env.update(v[:n])
    env.update(v)


def test_bins_grown_in_odd_chunks_equal_a_brute_force_min_max():
    rng = np.random.default_rng(1)
    v = np.cumsum(rng.normal(size=5000))
    env = Envelope(base=8)
    grown(env, v, rng.integers(1, 40, 400))
    check_all_levels(env, v)


def test_a_single_spike_is_never_lost_at_any_zoom():
    v = np.exp(-np.arange(100_000) / 20_000.0)       # a smooth falling cost …
    v[61_237] = 50.0                                  # … with one spike up
    v[83_001] = -3.0                                  # … and one down
    env = Envelope()
    grown(env, v, [1] * 100 + [997] * 200)
    for bins in (10, 333, 1000, 4000):
        width, lo, hi = env.bins(0, len(v), bins, values=v)
        assert len(lo) <= bins + 1
        assert hi.max() == 50.0 and lo.min() == -3.0
        assert hi[61_237 // width] == 50.0 and lo[83_001 // width] == -3.0
    x, y = env.points(0, len(v), 500)
    assert 50.0 in y and -3.0 in y and len(x) <= 2 * 501


def test_rewind_then_a_different_continuation_equals_an_envelope_built_from_scratch():
    rng = np.random.default_rng(2)
    first = rng.random(30_000)
    env = Envelope(base=16)
    grown(env, first, [1234] * 30)
    cut = 11_111                                      # inside a bin of every level
    env.update(first[:cut])                           # the rewind: shorter than before
    other = np.concatenate([first[:cut], 10 + rng.random(25_000)])  # higher: visible
    grown(env, other, [cut + 1] + [777] * 40)
    fresh = Envelope(base=16)
    fresh.update(other)
    check_all_levels(env, other)
    check_all_levels(fresh, other)
    for a, b in zip(env.levels, fresh.levels):
        np.testing.assert_array_equal(a.lo[:a.nb], b.lo[:b.nb])


def test_changed_from_recomputes_values_that_changed_without_a_shorter_history():
    v = np.arange(1000.0)
    env = Envelope(base=4)
    env.update(v)
    w = v.copy()
    w[500:] = -w[500:]                                # same length, other values from 500
    env.update(w, changed_from=500)
    check_all_levels(env, w)


def test_a_rewind_to_a_short_history_keeps_the_levels_exact():
    v = np.sin(np.arange(4096) / 50.0)
    env = Envelope(base=8)
    env.update(v)
    for cut in (4095, 1000, 9, 1, 0, 3):
        env.update(v[:cut])
        check_all_levels(env, v[:cut])


def test_infinite_and_nan_values_are_skipped_not_drawn():
    v = np.array([1.0, np.inf, 3.0, np.nan, -np.inf, 2.0, np.nan, np.nan])
    env = Envelope(base=2)
    env.update(v)
    assert env.extremes() == (1.0, 3.0)
    width, lo, hi = env.bins(0, 8, 4)
    assert width == 2
    np.testing.assert_array_equal(lo, [1.0, 3.0, 2.0, np.nan])
    np.testing.assert_array_equal(hi, [1.0, 3.0, 2.0, np.nan])


def test_a_zoomed_range_narrower_than_the_base_is_binned_from_the_values():
    rng = np.random.default_rng(3)
    v = rng.random(100_000)
    env = Envelope()                                  # base 64
    env.update(v)
    i0, i1 = 40_003, 42_003                           # 2000 values over 1000 bins: width 2
    width, lo, hi = env.bins(i0, i1, 1000, values=v)
    assert width == 2
    b0, b1 = i0 // 2, -(-i1 // 2)
    exp_lo, exp_hi = brute(v, 2, b0, b1)
    np.testing.assert_array_equal(lo, exp_lo)
    np.testing.assert_array_equal(hi, exp_hi)
    with pytest.raises(ValueError, match="need the values"):
        env.bins(i0, i1, 1000)


def test_points_put_each_bins_max_then_min_at_its_first_index():
    v = np.array([3.0, 1.0, 2.0, 5.0, 4.0, 0.0, 7.0])
    env = Envelope(base=2)
    env.update(v)
    x, y = env.points(0, 7, 4)
    np.testing.assert_array_equal(x, [0, 0, 2, 2, 4, 4, 6, 6])
    np.testing.assert_array_equal(y, [3, 1, 5, 2, 4, 0, 7, 7])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="1-D series"):
        Envelope().update(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="at least 1 value"):
        Envelope(base=0)
