"""Benchmark: memory and speed of 1,000,000 Stepper micro-steps, and rewinding by replay.

Run as ``python tests/benchmarks/bench_stepper_memory.py [--steps N] [--rewind K,K,...]
[--reps R]``.

A 2-2-1 sigmoid network (``bp.Network.create([2, 2, 1], seed=0)``) learns XOR with
``bp.Stepper(net, X, Y, alpha=1.0)`` (full batch of 4: 22 micro-steps per batch). A
subprocess (the script re-invoked with ``--worker``) takes the micro-steps and reports its
peak resident memory (VmHWM, else ru_maxrss) before and after them, against the target
"under 200 MB", and the micro-steps per second. It then rewinds with ``stepper.seek(k)``
to earlier points (latest first, each a jump back from where it stands) and checks, with
``np.array_equal``, that the state there is identical to that of a fresh Stepper stepped
forward to k: thetas, a, z, delta and Deltas (and D, the example, J_sum, history_J and the
last Step record too). Each seek is timed once as the first jump back from the end, then
R more times as a jump back from 30 steps further on.

No wall-clock assert: the exit status is 1 only if a rewound state differs, or the
Stepper stopped early.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import bpengine as bp  # noqa: E402

STEPS = 1_000_000
REWIND = (10, 500_000, 999_990)
TARGET_MB = 200.0
LIST_FIELDS = ("thetas", "a", "z", "delta", "Deltas")  # compared first (the brief's list)
MORE_FIELDS = ("D", "example", "J_sum", "history_J", "last")


def memory_mb() -> dict:
    """{"peak": VmHWM, "rss": VmRSS} of this process in MB (ru_maxrss where no /proc)."""
    out = {}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                out["peak" if key == "VmHWM" else "rss"] = int(value.split()[0]) / 1024
    except OSError:
        pass
    if "peak" not in out:  # ru_maxrss is in kB on Linux (bytes on macOS)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        out["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    return out


def xor_stepper() -> bp.Stepper:
    net = bp.Network.create([2, 2, 1], seed=0)
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    return bp.Stepper(net, X, Y, alpha=1.0)


def snapshot(s: bp.Stepper) -> dict:
    """Copies of everything compared (arrays copied so later steps cannot touch them)."""
    def arrays(xs):
        return None if xs is None else [None if x is None else np.array(x) for x in xs]

    snap = {f: arrays(getattr(s, f)) for f in LIST_FIELDS + ("D",)}
    snap.update(k=s.k, example=s.example, J_sum=s.J_sum, history_J=list(s.history_J),
                last=s.last)
    return snap


def same(u, v) -> bool:
    """Exact equality: lists of arrays (entries may be None) by np.array_equal, else ==."""
    if isinstance(u, list) and isinstance(v, list) and all(
            x is None or isinstance(x, np.ndarray) for x in u + v):
        return len(u) == len(v) and all(
            (x is None and y is None) or (x is not None and y is not None
                                          and np.array_equal(x, y))
            for x, y in zip(u, v))
    return u == v


# ---- the worker (a fresh process) ---------------------------------------------------------


def worker(steps: int, rewind: list[int], reps: int) -> dict:
    mem_before = memory_mb()
    s = xor_stepper()
    halted = None
    t0 = time.perf_counter()
    try:
        for _ in range(steps):
            s.step()
    except bp.TrainingHalted as exc:  # not expected at α = 1
        halted = f"{type(exc).__name__} at micro-step {exc.step}: {exc}"
    t_steps = time.perf_counter() - t0
    done = s.k
    mem_after = memory_mb()
    ckpt_bytes = sum(t.nbytes + (0 if d is None else d.nbytes) for t, d in s._checkpoints)
    info = {"steps": done, "seconds": t_steps, "mem_before": mem_before, "mem_after": mem_after,
            "halted": halted, "checkpoints": len(s._checkpoints), "cap": s._cap,
            "checkpoint_cost": s._checkpoint_cost(),
            "checkpoint_array_bytes": ckpt_bytes, "batches": len(s.history_J),
            "J_first": s.history_J[0] if s.history_J else None,
            "J_last": s.history_J[-1] if s.history_J else None}

    # rewind, latest first: each first seek is a jump back from where the stepper stands
    targets = sorted((k for k in rewind if 0 <= k < done), reverse=True)
    snaps, seeks = {}, {}
    for k in targets:
        t0 = time.perf_counter()
        s.seek(k)
        first = time.perf_counter() - t0
        assert s.k == k
        snaps[k] = snapshot(s)
        again = []
        for _ in range(reps):
            s.seek(min(k + 30, done))
            t0 = time.perf_counter()
            s.seek(k)
            again.append(time.perf_counter() - t0)
        seeks[k] = {"first": first, "again": again}
        assert same(snapshot(s)["thetas"], snaps[k]["thetas"])

    # a fresh Stepper stepped forward to each k, compared with the rewound state
    fresh = xor_stepper()
    checks = {}
    t0 = time.perf_counter()
    for k in sorted(targets):
        while fresh.k < k:
            fresh.step()
        ref = snapshot(fresh)
        checks[k] = {f: same(snaps[k][f], ref[f]) for f in LIST_FIELDS + MORE_FIELDS}
    t_fresh = time.perf_counter() - t0
    info.update(seeks={str(k): v for k, v in seeks.items()},
                checks={str(k): v for k, v in checks.items()},
                fresh_seconds=t_fresh, fresh_steps=fresh.k, mem_end=memory_mb())
    return info


# ---- the parent ---------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=STEPS, help="micro-steps to take")
    ap.add_argument("--rewind", default=",".join(map(str, REWIND)),
                    help="comma-separated step numbers k to seek back to")
    ap.add_argument("--reps", type=int, default=5, help="repeats of each seek")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    rewind = [int(k) for k in args.rewind.split(",") if k.strip()]
    if args.worker:
        print(json.dumps(worker(args.steps, rewind, max(args.reps, 1))))
        return 0

    cmd = [sys.executable, __file__, "--worker", "--steps", str(args.steps),
           "--rewind", args.rewind, "--reps", str(args.reps)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stdout, done.stderr, sep="\n")
        return 1
    r = json.loads(done.stdout.strip().splitlines()[-1])
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    per_batch = xor_stepper().schedule.batch_steps(0)
    rate = r["steps"] / r["seconds"]
    print(f"bp.Stepper, 2-2-1 sigmoid network on XOR, alpha = 1, full batch of 4 "
          f"({per_batch} micro-steps per batch); numpy {np.__version__}")
    print(f"micro-steps taken   : {r['steps']:,} in {r['seconds']:.1f} s "
          f"= {rate:,.0f} micro-steps/s ({1e6 / rate:.1f} us each), one run")
    if r["halted"]:
        print(f"STOPPED EARLY       : {r['halted']}")
    print(f"batches (epochs)    : {r['batches']:,}; J from {r['J_first']:.4f} "
          f"to {r['J_last']:.3g}")
    b, a = r["mem_before"], r["mem_after"]
    verdict = "met" if a["peak"] < TARGET_MB else "MISSED"
    print(f"peak RSS (VmHWM)    : {b['peak']:.1f} MB before the steps (numpy loaded), "
          f"{a['peak']:.1f} MB after   target < {TARGET_MB:.0f} MB  {verdict}")
    print(f"RSS                 : {b['rss']:.1f} MB before, {a['rss']:.1f} MB after "
          f"(+{a['rss'] - b['rss']:.1f} MB held by the stepper)")
    print(f"checkpoints held    : {r['checkpoints']:,} (len(stepper._checkpoints); cap "
          f"{r['cap']:,} before thinning), arrays {r['checkpoint_array_bytes'] / 1e6:.1f} MB; "
          f"{r['checkpoint_cost']} B each with their overhead, "
          f"{r['checkpoints'] * r['checkpoint_cost'] / 1e6:.1f} MB in all")
    print(f"peak RSS at the end : {r['mem_end']['peak']:.1f} MB (after the rewinds and a "
          f"second, fresh Stepper stepped to {r['fresh_steps']:,}); "
          f"child's ru_maxrss {child_peak:.1f} MB")
    print()

    fields = LIST_FIELDS + MORE_FIELDS
    print(f"rewind by seek(k), latest first; each then repeated {args.reps}x as a jump back "
          f"from k + 30")
    print(f"{'k':>9s} {'first ms':>9s} {'best ms':>8s} {'median ms':>10s}   "
          f"identical to a fresh Stepper stepped to k")
    ok = r["halted"] is None
    for k in sorted(r["seeks"], key=int, reverse=True):
        sk, ck = r["seeks"][k], r["checks"][k]
        ok &= all(ck.values())
        flags = " ".join(f"{f}={'yes' if ck[f] else 'NO'}" for f in fields)
        print(f"{int(k):9,d} {sk['first'] * 1e3:9.3f} {min(sk['again']) * 1e3:8.3f} "
              f"{statistics.median(sk['again']) * 1e3:10.3f}   {flags}")
    print(f"(the fresh Stepper took {r['fresh_seconds']:.1f} s to step to "
          f"{r['fresh_steps']:,})")
    print("all rewound states identical" if ok else "SOME REWOUND STATE DIFFERS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
