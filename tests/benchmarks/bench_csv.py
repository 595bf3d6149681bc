"""Benchmark: load_csv against np.loadtxt on a ~20 MB numeric CSV.

Run as ``python tests/benchmarks/bench_csv.py [--runs N] [--mb SIZE]``.
Prints the best time of each and the ratio load_csv / loadtxt (target ≤ 2.0).
The two are timed alternately so that machine noise hits both alike.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bpengine.csvload import load_csv  # noqa: E402

TARGET = 2.0


def write_csv(path: Path, megabytes: float, n_features: int = 10, seed: int = 0) -> int:
    """Write a numeric CSV of about ``megabytes`` MB: float features, then an integer label.

    Returns the number of rows written.
    """
    rng = np.random.default_rng(seed)
    row_bytes = n_features * 10 + 2  # "%.6f" of N(0, 1) is ~9 characters plus a comma
    m = int(megabytes * 1e6 / row_bytes)
    X = rng.standard_normal((m, n_features))
    y = rng.integers(0, 3, size=(m, 1))
    fmt = ["%.6f"] * n_features + ["%d"]
    np.savetxt(path, np.hstack([X, y]), fmt=fmt, delimiter=",")
    return m


def timed(fn) -> float:
    """Return the wall time in seconds of one call of ``fn``."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    """Write the file, time both loaders alternately, print the ratio; exit 1 if over target."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mb", type=float, default=20.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.csv"
        m = write_csv(path, args.mb)
        size = path.stat().st_size / 1e6
        ref = np.loadtxt(path, delimiter=",")
        ds = load_csv(path)
        assert ds.m == ref.shape[0] and np.array_equal(ds.X, ref[:, :-1]), "results differ"
        t_np, t_bp = [], []
        for _ in range(max(args.runs, 1)):
            t_np.append(timed(lambda: np.loadtxt(path, delimiter=",")))
            t_bp.append(timed(lambda: load_csv(path)))
    ratio = min(t_bp) / min(t_np)
    print(f"file: {size:.1f} MB, {m} rows x 11 columns; best of {len(t_np)} runs each")
    print(f"np.loadtxt : {min(t_np):.3f} s")
    print(f"load_csv   : {min(t_bp):.3f} s")
    print(f"ratio load_csv / loadtxt = {ratio:.2f}   (target <= {TARGET})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
