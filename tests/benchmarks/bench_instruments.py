"""Benchmark: the teaching instruments, bp.decision_surface and bp.gradient_check.

Run as ``python tests/benchmarks/bench_instruments.py [--reps N] [--gc-runs R] [--no-plain]``.

Decision surface: one refresh, ``decision_surface(thetas, acts, xlim, ylim, 200)`` (40,000
points), for 2-8-8-1 (target < 10 ms) and 2-64-64-3 sigmoid networks, against one bare
``bp.predict`` on the same 40,000 points (built once beforehand), the two timed alternately.

Gradient check: 64-25-10 sigmoid on the digits (m = 1797, λ = 1, ε = 1e-4), the full check
(all 1,885 weights) and a sampled one (200 weights), against the reference "2 calls of
``cost_only`` per checked weight" (the plain check's work, from the best time of one call
measured in the same run) and, unless --no-plain, the plain check itself
(``bp.numerical_gradient``, timed once). Also the longest single slice of ``steps()`` (what a
GUI running slices on its own thread would block for), and the default ("auto": a 200-weight
sample) check of a 400-25-10 network on m = 5000 random examples.

Best and median of each; ratios of best times. No wall-clock assert: the exit status is 1
only if a result disagrees (surface vs predict beyond 1e-12, the full check not passing, or
its numerical gradient vs the plain loop's beyond 1e-9). The load average is printed before
and after: on a shared machine a busy run gives slower, noisier figures (best-of suffer least).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import bpengine as bp  # noqa: E402

TARGET_SURFACE_MS = 10.0
RES = 200
LIM = (-1.5, 1.5)


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def stats(ts) -> str:
    return f"best {min(ts) * 1e3:8.2f} ms, median {statistics.median(ts) * 1e3:8.2f} ms"


def bench_surface(sizes, reps: int) -> bool:
    net = bp.Network.create(sizes, seed=0)
    xs = np.linspace(*LIM, RES)
    P = np.column_stack([np.tile(xs, RES), np.repeat(xs, RES)])  # point r·RES + c = (x_c, y_r)
    grid = bp.decision_surface(net.thetas, net.acts, LIM, LIM, RES)
    ok = np.allclose(grid.reshape(RES * RES, -1), bp.predict(net.thetas, P), rtol=0, atol=1e-12)
    t_s, t_p = [], []
    for _ in range(reps):
        t_s.append(timed(lambda: bp.decision_surface(net.thetas, net.acts, LIM, LIM, RES)))
        t_p.append(timed(lambda: bp.predict(net.thetas, P)))
    name = "-".join(map(str, sizes))
    print(f"{name:>10} decision_surface : {stats(t_s)}")
    print(f"{name:>10} bare predict     : {stats(t_p)}")
    target = f"; target < {TARGET_SURFACE_MS:g} ms" if sizes == [2, 8, 8, 1] else ""
    print(f"{'':>10} surface / predict = {min(t_s) / min(t_p):.2f}{target}"
          f"{'' if ok else '   RESULTS DIFFER'}")
    return ok


def bench_check(runs: int, plain: bool) -> bool:
    ds = bp.load_builtin("digits")
    X, Y, thetas = ds.X, ds.Y, bp.Network.create([64, 25, 10], seed=0).thetas
    t_cost = min(timed(lambda: bp.cost_only(thetas, X, Y, 1.0)) for _ in range(300))
    n = sum(t.size for t in thetas)
    print(f"64-25-10 on the digits, m = {X.shape[0]}, {n} weights; one cost_only: "
          f"{t_cost * 1e3:.3f} ms (best of 300)")
    ok = True
    for label, weights, count in (("sampled", 200, 200), ("full", "all", n)):
        ts, res = [], None
        for _ in range(runs):
            t0 = time.perf_counter()
            res = bp.gradient_check(thetas, X, Y, lam=1.0, weights=weights)
            ts.append(time.perf_counter() - t0)
        ref = 2 * count * t_cost
        print(f"  gradient check, {label:7} ({count:4} weights): {stats(ts)};  "
              f"/ (2 × {count} × cost_only) = {min(ts) / ref:.2f}   overall {res.overall:.1e}")
        ok &= res.passed
    check = bp.GradientCheck(thetas, X, Y, lam=1.0, weights="all")
    steps = iter(check.steps())
    longest = max(timed(lambda: next(steps)) for _ in range(check.n_slices))
    print(f"  longest slice of steps(): {longest * 1e3:.1f} ms (of {check.n_slices})")
    if plain:
        t0 = time.perf_counter()
        num = bp.numerical_gradient(thetas, X, Y, 1.0, eps=1e-4)
        t_plain = time.perf_counter() - t0
        diff = bp.relative_difference(res.numerical, num)
        print(f"  plain bp.numerical_gradient (one run): {t_plain * 1e3:.0f} ms;  full check / "
              f"plain = {min(ts) / t_plain:.2f};  their numerical gradients differ by "
              f"{diff:.1e}")
        ok &= diff < 1e-9
    return ok


def bench_auto(runs: int) -> None:
    rng = np.random.default_rng(0)
    thetas = bp.Network.create([400, 25, 10], seed=0).thetas
    X = rng.random((5000, 400))
    Y = np.eye(10)[rng.integers(0, 10, 5000)]
    ts = [timed(lambda: bp.gradient_check(thetas, X, Y, lam=1.0)) for _ in range(runs)]
    t_cost = min(timed(lambda: bp.cost_only(thetas, X, Y, 1.0)) for _ in range(30))
    print(f"400-25-10, m = 5000, 10,285 weights, 'auto' (200 sampled): {stats(ts)};  "
          f"/ (2 × 200 × cost_only) = {min(ts) / (400 * t_cost):.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--reps", type=int, default=200, help="surface refreshes per network")
    ap.add_argument("--gc-runs", type=int, default=5, help="runs of each gradient check")
    ap.add_argument("--no-plain", action="store_true", help="skip the plain loop (~1-2 s)")
    args = ap.parse_args()
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    ok = all([bench_surface([2, 8, 8, 1], args.reps), bench_surface([2, 64, 64, 3], args.reps)])
    ok &= bench_check(max(1, args.gc_runs), not args.no_plain)
    bench_auto(max(1, args.gc_runs))
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
