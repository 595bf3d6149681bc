"""Benchmark: fast training against the engine's bare gradient loop, and micro-step rate
over a long run.

Run as ``python tests/benchmarks/bench_train.py [--rounds R] [--decay-steps N]
[--chunk C] [--skip-decay]``.

1. Full-batch updates per second of ``Stepper.train(n_batches=n)`` against the bare loop
   ``J, D = bp.cost_and_gradients(Θ, X, Y, λ); Θ = [t − αd]`` in the same process, for
   2-8-8-3 on spiral (m = 300; the issue's "2-8-8-1": spiral has 3 classes), 64-25-10 on
   digits (m = 1797) and 400-25-10 on m = 5000 (X uniform in [0, 1], one-hot Y, λ = 1, as
   bench_gradients.py). The contenders alternate for R short rounds (~20-150 ms each:
   machine noise hits both alike, and the best round of each is one the machine left
   alone); each round times n updates from the same start; the figure is the best round
   of each, and the ratio fast ÷ bare (target ≥ 0.8). The bare calls alone (no update)
   are printed too.
2. Epochs per second on spiral with 2-4-2-3, fast (train) and micro-stepped (step()), for
   the full batch, mini-batches of 32 (shuffled) and batch 1 (shuffled).
4. Micro-steps per second over a long run: 2-2-2-1 on XOR, N micro-steps (default 2 M)
   with step() in chunks of C, each chunk's rate in wall and in CPU time (process_time:
   what this process got of the shared cores), the last chunk ÷ the first, and each
   chunk against as many steps of a young stepper run right after it.
3. The stall of one thinning of a full store, numpy against the old Python loop.

No wall-clock assert; the exit status is 1 only if the fast path and the bare loop end
with different weights (they compute the same updates; they must agree to 1e-12), or the
two thinnings keep different batches.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import bpengine as bp  # noqa: E402

TARGET = 0.8


def problems():
    rng = np.random.default_rng(0)
    X = rng.random((5000, 400))
    Y = np.eye(10)[rng.integers(0, 10, 5000)]
    spiral, digits = bp.load_builtin("spiral"), bp.load_builtin("digits")
    return [("2-8-8-3 spiral", [2, 8, 8, 3], spiral.X, spiral.Y, 0.0, 1.0, 300),
            ("64-25-10 digits", [64, 25, 10], digits.X, digits.Y, 0.0, 0.5, 40),
            ("400-25-10 m=5000", [400, 25, 10], X, Y, 1.0, 0.5, 8)]


def clocks():
    return time.perf_counter(), time.process_time()


def since(t0):
    return tuple(b - a for a, b in zip(t0, clocks()))


def bare(thetas, X, Y, lam, alpha, n):
    t0 = clocks()
    for _ in range(n):
        J, D = bp.cost_and_gradients(thetas, X, Y, lam)
        thetas = [t - alpha * d for t, d in zip(thetas, D)]
    return since(t0), thetas


def calls_only(thetas, X, Y, lam, n):
    t0 = clocks()
    for _ in range(n):
        bp.cost_and_gradients(thetas, X, Y, lam)
    return since(t0)


def fast(net, X, Y, lam, alpha, n):
    s = bp.Stepper(net, X, Y, alpha=alpha, lam=lam, stop_on_divergence=False)
    t0 = clocks()
    s.train(n_batches=n)
    return since(t0), s.thetas


def updates(rounds: int) -> bool:
    print(f"1. full-batch updates/s, best of {rounds} alternating rounds "
          f"(target fast ÷ bare ≥ {TARGET})")
    print("  (wall: best round of each; CPU: process_time, what this process got of the "
          "shared cores;\n   BLAS threads count twice in CPU time, alike for both)")
    print(f"{'network':18s} {'bare upd/s':>11s} {'fast upd/s':>11s} {'fast÷bare':>9s} "
          f"{'median':>7s} {'CPU ratio':>9s} {'calls only/s':>13s}   max |ΔΘ| fast vs bare")
    ok = True
    for name, sizes, X, Y, lam, alpha, n in problems():
        net = bp.Network.create(sizes, seed=0)
        th0 = [t.copy() for t in net.thetas]
        fast(net, X, Y, lam, alpha, 3), bare(th0, X, Y, lam, alpha, 3)    # warm up
        tb, tf, tc = [], [], []
        for _ in range(rounds):
            dt, th_bare = bare(th0, X, Y, lam, alpha, n)
            tb.append(dt)
            dt, th_fast = fast(net, X, Y, lam, alpha, n)
            tf.append(dt)
            tc.append(calls_only(th0, X, Y, lam, n))
        diff = max(float(np.max(np.abs(a - b))) for a, b in zip(th_fast, th_bare))
        ok &= diff <= 1e-12
        wall_b, wall_f = min(w for w, _ in tb), min(w for w, _ in tf)
        cpu = min(c for _, c in tb) / min(c for _, c in tf)
        ratios = sorted(b[0] / f[0] for b, f in zip(tb, tf))
        print(f"{name:18s} {n / wall_b:11,.0f} {n / wall_f:11,.0f} {wall_b / wall_f:9.2f} "
              f"{ratios[len(ratios) // 2]:7.2f} {cpu:9.2f} {n / min(w for w, _ in tc):13,.0f}"
              f"   {diff:.1e}")
    return ok


def epochs():
    spiral = bp.load_builtin("spiral")
    print("\n2. epochs/s on spiral (m = 300), 2-4-2-3, α = 1")
    print(f"{'batch':>10s} {'fast epochs/s':>14s} {'micro-stepped epochs/s':>23s} "
          f"{'fast ÷ micro':>12s}")
    for batch, shuffle in ((None, False), (32, True), (1, True)):
        def make(batch=batch, shuffle=shuffle):
            return bp.Stepper(bp.Network.create([2, 4, 2, 3], seed=0), spiral.X, spiral.Y,
                              alpha=1.0, batch_size=batch, shuffle=shuffle)
        s, n_ep = make(), (400 if batch is None else 40 if batch == 32 else 4)
        t0 = time.perf_counter()
        s.train(n_batches=n_ep * s.schedule.n_batches)
        t_fast = (time.perf_counter() - t0) / n_ep
        s = make()
        steps = s.schedule.per_epoch
        t0 = time.perf_counter()
        for _ in range(steps):
            s.step()
        t_micro = time.perf_counter() - t0
        label = "full" if batch is None else f"{batch}, shuf."
        print(f"{label:>10s} {1 / t_fast:14,.1f} {1 / t_micro:23,.2f} {t_micro / t_fast:12,.0f}")


def decay(total: int, chunk: int):
    """The long run's steps/s chunk by chunk, each chunk followed by as many steps of a
    young stepper (new every chunk, so never more than one chunk old): their ratio is what
    the long run's own age costs, whatever the machine was doing meanwhile."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])

    def make():
        return bp.Stepper(bp.Network.create([2, 2, 2, 1], seed=0), X, Y, alpha=1.0)

    def rate(s, n):
        w, p = time.perf_counter(), time.process_time()
        for _ in range(n):
            s.step()
        return n / (time.perf_counter() - w), n / (time.process_time() - p)

    s = make()
    print(f"\n4. micro-steps/s over {total:,} steps of 2-2-2-1 on XOR, in chunks of {chunk:,}, "
          f"each against a young stepper (load average {os.getloadavg()[0]:.1f})")
    print(f"{'chunk':>6s} {'steps done':>11s} {'wall steps/s':>13s} {'CPU steps/s':>12s} "
          f"{'young, CPU':>11s} {'old ÷ young (CPU)':>18s} {'checkpoints':>12s}")
    rows = []
    for c in range(total // chunk):
        old = rate(s, chunk)
        young = rate(make(), chunk)
        rows.append((old, young, old[1] / young[1]))
        print(f"{c + 1:6d} {s.k:11,d} {old[0]:13,.0f} {old[1]:12,.0f} {young[1]:11,.0f} "
              f"{rows[-1][2]:18.2f} {len(s._store):12,d}")
    first, last = rows[0], rows[-1]
    ratios = sorted(r[2] for r in rows)
    print(f"last chunk ÷ first: {last[0][0] / first[0][0]:.2f} (wall), "
          f"{last[0][1] / first[0][1]:.2f} (CPU); old ÷ young (CPU): first {first[2]:.2f}, last "
          f"{last[2]:.2f}, median {ratios[len(ratios) // 2]:.2f} (1.00: no cost of age); "
          f"load average {os.getloadavg()[0]:.1f}")


def old_thin(batches: list, cap: int, window: int) -> list:
    """The rule as the store applied it before, a Python loop over the kept batches."""
    def spacing(age, w):
        return 1 << ((age // w + 1).bit_length() - 1)
    while True:
        n = batches[-1]
        keep = [b for b in batches if b % spacing(n - b, window) == 0]
        if len(keep) <= 3 * cap // 4 or window == 1:
            return keep
        window //= 2


def thinning():
    """One thinning pass of a full store (2-2-2-1: 64 MiB hold ~240,000 checkpoints), the
    stall a play sees when the cap is reached, against the old pure-Python pass."""
    X = np.zeros((4, 2))
    s = bp.Stepper(bp.Network.create([2, 2, 2, 1], seed=0), X, np.zeros((4, 1)))
    store = s._store
    flat = s._anchor_flat
    for b in range(1, store.cap):
        store.extend(b, flat)
    assert len(store) == store.cap
    batches, window = list(store.batches) + [store.cap], store.window
    t0 = time.perf_counter()
    store.extend(store.cap, flat)               # one over the cap: thins
    t_new = time.perf_counter() - t0
    t0 = time.perf_counter()
    kept = old_thin(batches, store.cap, window)
    t_old = time.perf_counter() - t0
    same = kept == list(store.batches)
    print(f"\n3. one thinning of a full store ({store.cap:,} checkpoints of 2-2-2-1): "
          f"{t_new * 1e3:.1f} ms (numpy) against {t_old * 1e3:.1f} ms (the old Python loop), "
          f"{t_old / t_new:.0f}x; same batches kept: {'yes' if same else 'NO'}")
    return same


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--decay-steps", type=int, default=2_000_000)
    ap.add_argument("--chunk", type=int, default=100_000)
    ap.add_argument("--skip-decay", action="store_true")
    a = ap.parse_args()
    print(f"numpy {np.__version__}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}\n")
    ok = updates(a.rounds)
    epochs()
    ok &= thinning()
    if not a.skip_decay:
        decay(a.decay_steps, a.chunk)
    print("\nfast path and bare loop agree" if ok else "\nFAST PATH AND BARE LOOP DIFFER")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
