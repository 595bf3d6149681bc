"""Opening a session saved at step 1,000,000 (target: under 0.5 s).

Each open runs in a fresh process (as a user opening the file does): the time of
`python -c "import bpengine; bpengine.load_session(FILE)"` minus that of
`python -c "import bpengine"`, alternated in the same run so machine noise hits both.
Also: the time a fresh replay to the same step takes (what the file saves the user), and
that the reopened state equals the saved one bit for bit.

Run: python tests/benchmarks/bench_session.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import bpengine as bp  # noqa: E402
from bpengine.config import DataSource, StudioConfig  # noqa: E402

CASES = [("2-2-2-1 on XOR, full batch", StudioConfig()),
         ("64-25-10 on digits, mini-batches of 32, shuffled",
          StudioConfig(source=DataSource("builtin", "digits"), hidden=(25,),
                       acts=("sigmoid", "sigmoid"), batch_size=32, shuffle=True,
                       alpha=0.5))]
STEP = 1_000_000


def timed(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp())
    for name, config in CASES:
        model = bp.StudioModel(config)
        start = time.perf_counter()
        while model.k < STEP:     # one jump goes at most 10,000 epochs ahead
            assert model.seek(min(STEP, model.k + 200_000))
        replay = time.perf_counter() - start
        path = folder / "run.bpstudio"
        bp.save_session(path, model)
        again = bp.load_session(path)
        same = again.k == model.k and all(
            np.array_equal(a, b) for a, b in zip(again.thetas, model.thetas)) and all(
            np.array_equal(a, b) for a, b in zip(again.stepper.Deltas, model.stepper.Deltas))
        opened, bare = [], []
        for _ in range(args.runs):
            bare.append(timed("import bpengine"))
            opened.append(timed(f"import bpengine; bpengine.load_session({str(path)!r})"))
        net = [o - b for o, b in zip(opened, bare)]
        med = statistics.median(net)
        print(f"{name}: step {model.k:,}, {len(model.history()[0]):,} updates, file "
              f"{path.stat().st_size / 2**20:.2f} MiB, reopened bit for bit: {same}")
        print(f"  open (load − import), median of {args.runs}: {1000 * med:.0f} ms "
              f"(min {1000 * min(net):.0f}, max {1000 * max(net):.0f}); target < 500 ms: "
              f"{med / 0.5:.2f} of it")
        print(f"  a fresh replay to that step: {replay:.2f} s in this process "
              f"(opening is {replay / med:.0f}× faster)")


if __name__ == "__main__":
    main()
