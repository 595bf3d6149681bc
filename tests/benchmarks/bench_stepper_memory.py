"""Benchmark: the rewind store's memory against its budget, and seek latency back and
forward, for the smallest network over a long run and the largest the app allows.

Run as ``python tests/benchmarks/bench_stepper_memory.py [--steps N] [--batches B]
[--reps R] [--only xor|big]``.

xor: a 2-2-1 sigmoid network learns XOR (full batch of 4, 22 micro-steps a batch) with
    step() for N micro-steps (default 1,000,000). Reported: peak and current RSS before
    and after (target: peak < 200 MB), the store's bytes counted by sys.getsizeof against
    its budget (64 MiB), micro-steps/s; then seeks back to 999,990, 500,000 and 10 (latest
    first) and forward again from 10 to 999,990 and 500,000 (the issue's 34 s case), each
    state compared with np.array_equal to a fresh Stepper micro-stepped to the same k.
big: 64-512-512-512-512-512-512-10 on digits (m = 1797, full batch; 1.35 M weights,
    10.8 MB a checkpoint), B batches trained fast (default 12; ~0.3 s each). Reported:
    RSS, the store's bytes by sys.getsizeof and tracemalloc's count of what the training
    left held (store + live state) against the budget, and seeks: back to batch 2 and
    forward to batch B again (batch starts), and back one micro-step 40 steps into a batch.

Each case runs in its own subprocess (the script re-invoked with --worker CASE) so that
peak RSS is that case's. No wall-clock assert: the exit status is 1 only if a rewound state
differs from the fresh one, or a store holds more than its budget.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import bpengine as bp  # noqa: E402

BUDGET = 64 * 2**20
TARGET_MB = 200.0
FIELDS = ("thetas", "a", "z", "delta", "Deltas", "D")


def memory_mb() -> dict:
    """{"peak": VmHWM, "rss": VmRSS} of this process in MB."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            out["peak" if key == "VmHWM" else "rss"] = int(value.split()[0]) / 1024
    return out


def store_bytes(s: bp.Stepper) -> int:
    """What the store holds, counted by sys.getsizeof (numpy headers and data included)."""
    st = s._store
    return (sys.getsizeof(st.batches) + sys.getsizeof(st.arrays)
            + sum(sys.getsizeof(a) for a in st.arrays))


def snapshot(s: bp.Stepper) -> dict:
    def arrays(xs):
        return None if xs is None else [None if x is None else np.array(x) for x in xs]
    snap = {f: arrays(getattr(s, f)) for f in FIELDS}
    snap.update(k=s.k, example=s.example, J_sum=s.J_sum, history_J=list(s.history_J),
                history_acc=list(s.history_acc), last=s.last)
    return snap


def same(u: dict, v: dict) -> bool:
    def eq(x, y):
        if isinstance(x, list) and x and isinstance(x[0], (np.ndarray, type(None))):
            return len(x) == len(y) and all(
                (p is None and q is None) or (p is not None and q is not None
                                              and np.array_equal(p, q)) for p, q in zip(x, y))
        return x == y
    return all(eq(u[key], v[key]) for key in u)


def timed(f) -> float:
    t0 = time.perf_counter()
    f()
    return time.perf_counter() - t0


def xor_case(steps: int, reps: int) -> dict:
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])

    def make():
        return bp.Stepper(bp.Network.create([2, 2, 1], seed=0), X, Y, alpha=1.0)

    s = make()
    for _ in range(1000):                    # BLAS's buffers and the modules are loaded now
        s.step()
    before = memory_mb()
    def run():
        for _ in range(steps - 1000):
            s.step()

    t = timed(run)
    info = dict(steps=s.k - 1000, seconds=t, before=before, after=memory_mb(), held=store_bytes(s),
                checkpoints=len(s._store), cap=s._store.cap, cost=s._store.cost,
                batches=len(s.history_J))
    end = s.k
    plan = [(end - 10, "back"), (end // 2, "back"), (10, "back"), (end - 10, "forward"),
            (end // 2, "back, from near the end"), (10, "back"), (end // 2, "forward")]
    seeks, snaps = [], {}
    for k, way in plan:
        seeks.append((k, way, timed(lambda k=k: s.seek(k)) * 1e3))
        snaps.setdefault(k, snapshot(s))
        assert same(snapshot(s), snaps[k])
    again = []
    for _ in range(reps):                    # PageUp near the end: back one micro-step
        s.seek(end - 10)
        again.append(timed(s.back) * 1e3)
    fresh, checks = make(), {}
    for k in sorted(snaps):
        while fresh.k < k:
            fresh.step()
        checks[k] = same(snaps[k], snapshot(fresh))
    info.update(seeks=seeks, back_one=again, checks=checks, end=memory_mb())
    return info


def big_case(batches: int) -> dict:
    d = bp.load_builtin("digits")
    sizes = [64] + [512] * 6 + [10]

    def make():
        return bp.Stepper(bp.Network.create(sizes, seed=0), d.X, d.Y, alpha=0.5)

    s = make()
    s.train(n_batches=1)                     # BLAS's buffers and the modules are loaded now
    before = memory_mb()
    tracemalloc.start()
    start = tracemalloc.get_traced_memory()[0]
    t = timed(lambda: s.train(n_batches=batches - 1))
    traced = tracemalloc.get_traced_memory()[0] - start
    tracemalloc.stop()
    info = dict(batches=batches, seconds=t, before=before, after=memory_mb(),
                held=store_bytes(s), traced=traced, checkpoints=len(s._store),
                kept=list(s._store.batches), cap=s._store.cap, cost=s._store.cost)
    start_of = s.schedule.batch_start
    plan = [(start_of(2), "back to batch 2"), (start_of(batches), f"forward to batch {batches}"),
            (start_of(batches - 1) + 40, "back into the last batch, step 40"),
            (start_of(batches - 1) + 39, "back one micro-step (PageUp)")]
    seeks, snaps = [], {}
    for k, way in plan:
        seeks.append((k, way, timed(lambda k=k: s.seek(k)) * 1e3))
        snaps[k] = snapshot(s)
    fresh, checks = make(), {}
    for k in sorted(snaps):
        fresh.seek(k)
        checks[k] = same(snaps[k], snapshot(fresh))
    info.update(seeks=seeks, checks=checks, end=memory_mb())
    return info


def report_xor(r: dict) -> bool:
    rate = r["steps"] / r["seconds"]
    print(f"xor: 2-2-1 on XOR, step() x {r['steps']:,}: {rate:,.0f} micro-steps/s; "
          f"{r['batches']:,} batches")
    b, a = r["before"], r["after"]
    print(f"  peak RSS {b['peak']:.1f} MB after 1,000 steps, {a['peak']:.1f} MB at the end (< "
          f"{TARGET_MB:.0f} MB: {'met' if a['peak'] < TARGET_MB else 'MISSED'}); RSS "
          f"+{a['rss'] - b['rss']:.1f} MB")
    print(f"  store: {r['checkpoints']:,} checkpoints (cap {r['cap']:,}, {r['cost']} B each), "
          f"{r['held'] / 2**20:.2f} MiB by sys.getsizeof = {r['held'] / BUDGET:.2f} of the "
          f"64 MiB budget")
    for k, way, ms in r["seeks"]:
        print(f"  seek {way:24s} to {k:>9,d}: {ms:9.3f} ms")
    print(f"  back() one micro-step near the end: median "
          f"{sorted(r['back_one'])[len(r['back_one']) // 2]:.3f} ms")
    ok = all(r["checks"].values())
    print(f"  states identical to a fresh micro-stepped Stepper: {'yes' if ok else 'NO'}")
    return ok and r["held"] <= BUDGET


def report_big(r: dict) -> bool:
    print(f"\nbig: 64-512x6-10 on digits, full batch, {r['batches'] - 1} batches fast in "
          f"{r['seconds']:.1f} s ({r['seconds'] / (r['batches'] - 1) * 1e3:.0f} ms a batch)")
    b, a = r["before"], r["after"]
    print(f"  RSS {b['rss']:.1f} -> {a['rss']:.1f} MB (+{a['rss'] - b['rss']:.1f}), peak "
          f"{a['peak']:.1f} MB")
    print(f"  store: {r['checkpoints']} checkpoints {r['kept']} (cap {r['cap']}, "
          f"{r['cost'] / 1e6:.2f} MB each): {r['held'] / 2**20:.1f} MiB by sys.getsizeof = "
          f"{r['held'] / BUDGET:.2f} of the budget; tracemalloc: training left "
          f"{r['traced'] / 2**20:.1f} MiB held (store + live Θ, D, Δ)")
    for _k, way, ms in r["seeks"]:
        print(f"  seek {way:36s}: {ms:9.1f} ms")
    ok = all(r["checks"].values())
    print(f"  states identical to a fresh Stepper: {'yes' if ok else 'NO'}")
    return ok and r["held"] <= BUDGET


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=1_000_000)
    ap.add_argument("--batches", type=int, default=12)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--only", choices=("xor", "big"))
    ap.add_argument("--worker", choices=("xor", "big"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        r = xor_case(a.steps, a.reps) if a.worker == "xor" else big_case(a.batches)
        r["checks"] = {str(k): v for k, v in r["checks"].items()}
        print(json.dumps(r))
        return 0
    ok = True
    for case in ("xor", "big"):
        if a.only and case != a.only:
            continue
        cmd = [sys.executable, __file__, "--worker", case, "--steps", str(a.steps),
               "--batches", str(a.batches), "--reps", str(a.reps)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout, done.stderr, sep="\n")
            return 1
        r = json.loads(done.stdout.strip().splitlines()[-1])
        ok &= report_xor(r) if case == "xor" else report_big(r)
    print("\nall states identical, stores within budget" if ok else "\nA CHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
