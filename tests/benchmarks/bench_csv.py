"""Benchmark: load_csv against np.loadtxt on ~200 MB CSV files, valid and not.

Run as ``python tests/benchmarks/bench_csv.py [--mb SIZE] [--runs N] [--case NAME ...]``.

Cases (files written to a temporary directory):
  numeric    10 float features and an integer label (3 classes), comma, no header
  na-last    the same with "NA" in a feature on the last line (both raise: time to the error)
  quoted     10 features and a quoted text label, quoted header
  semicolon  the UCI wine-quality layout: ";" and a quoted header, 11 features, quality 3–8

Each load runs in a fresh Python process that reports the call's wall time and the
process's peak resident memory (VmHWM, which includes the interpreter and numpy, the
same for both). The reference is ``np.loadtxt`` reading the same numbers from the same
file (the features only for the quoted file: it cannot turn text labels into classes).
Reference and load_csv alternate so machine noise hits both alike; the best time and
the lowest peak of each are compared. Targets: time ≤ 2× and peak memory ≤ 2×. The CPU
time (user + system) is printed too: on a shared machine wall time includes waiting.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
TARGET = 2.0
N_FEATURES = 10

# Runs in the child: time one load, then report seconds and peak RSS in MB as JSON.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, REPO)
import numpy as np
import bpengine.csvload as csvload
from bpengine.csvload import load_csv
from bpengine.errors import DataError
args = json.loads(sys.argv[1])
spent = {"dataset": 0.0}  # the time Dataset takes to build and check Y (not the reader's)
build = csvload.Dataset.from_labels
def timed_build(*a, **k):
    t = time.perf_counter()
    try:
        return build(*a, **k)
    finally:
        spent["dataset"] += time.perf_counter() - t
csvload.Dataset.from_labels = timed_build
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
c0, t0 = cpu(), time.perf_counter()
err = None
try:
    if args["who"] == "loadtxt":
        np.loadtxt(args["path"], **args["ref"])
    else:
        ds = load_csv(args["path"])
except (ValueError, DataError) as e:
    err = str(e)
dt, dc = time.perf_counter() - t0, cpu() - c0
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM")][0]
print(json.dumps({"s": dt, "cpu": dc, "mb": int(hwm.split()[1]) / 1024, "err": err,
                  "dataset": spent["dataset"]}))
"""


def _rows(m: int, rng: np.random.Generator, case: str) -> str:
    """Return m distinct CSV lines for ``case`` (the file repeats them to its size)."""
    X = rng.standard_normal((m, N_FEATURES + (case == "semicolon")))
    body = [",".join(f"{v:.6f}" for v in row) for row in X.tolist()]
    if case == "semicolon":
        q = rng.integers(3, 9, m)
        return "\n".join(b.replace(",", ";") + f";{c}" for b, c in zip(body, q)) + "\n"
    if case == "quoted":
        names = ["setosa", "versicolor", "virginica"]
        y = rng.integers(0, 3, m)
        return "\n".join(b + f',"{names[c]}"' for b, c in zip(body, y)) + "\n"
    y = rng.integers(0, 3, m)
    return "\n".join(b + f",{c}" for b, c in zip(body, y)) + "\n"


def _header(case: str) -> str:
    if case == "semicolon":
        return ";".join(f'"feature {j + 1}"' for j in range(N_FEATURES + 1)) + ';"quality"\n'
    if case == "quoted":
        return ",".join(f'"x{j + 1}"' for j in range(N_FEATURES)) + ',"species"\n'
    return ""


def write_case(path: Path, case: str, megabytes: float, seed: int = 0) -> int:
    """Write the file for ``case`` of about ``megabytes`` MB; return its number of data rows."""
    rng = np.random.default_rng(seed)
    block = _rows(20000, rng, case).encode()
    copies = max(int(megabytes * 1e6 // len(block)), 1)
    last = block
    if case == "na-last":  # the first feature of the last line becomes "NA"
        lines = block.split(b"\n")
        lines[-2] = b"NA" + lines[-2][lines[-2].index(b","):]
        last = b"\n".join(lines)
    with open(path, "wb") as f:
        f.write(_header(case).encode())
        for _ in range(copies - 1):
            f.write(block)
        f.write(last)
    return copies * 20000


def reference_args(case: str) -> dict:
    """The np.loadtxt keywords that read the same numbers as load_csv."""
    if case == "semicolon":
        return {"delimiter": ";", "skiprows": 1}
    if case == "quoted":
        return {"delimiter": ",", "skiprows": 1, "quotechar": '"',
                "usecols": list(range(N_FEATURES))}
    return {"delimiter": ","}


def measure(who: str, path: Path, case: str) -> dict:
    """Run one load in a fresh process; return {"s": seconds, "mb": peak MB, "err": ...}."""
    args = json.dumps({"who": who, "path": str(path), "ref": reference_args(case)})
    code = CHILD.replace("REPO", repr(str(REPO)))
    out = subprocess.run([sys.executable, "-c", code, args], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def check(path: Path, case: str) -> str:
    """Compare load_csv with np.loadtxt once (untimed); return a short verdict."""
    sys.path.insert(0, str(REPO))
    from bpengine.csvload import load_csv
    from bpengine.errors import DataError

    if case == "na-last":
        try:
            load_csv(path)
        except DataError as e:
            return "DataError: " + str(e).split(": ", 1)[0].rsplit("/", 1)[-1]
        return "NO ERROR (wrong)"
    ds = load_csv(path)
    ref = np.loadtxt(path, **reference_args(case))
    same = np.array_equal(ds.X, ref[:, :ds.n] if case != "quoted" else ref)
    return f"X equal to loadtxt: {same}, m = {ds.m}, classes {ds.class_names}"


def main() -> int:
    """Write the files, measure each case alternately, print ratios; exit 1 if over target."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--case", nargs="*", default=["numeric", "na-last", "quoted", "semicolon"])
    args = ap.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for case in args.case:
            path = Path(tmp) / f"{case}.csv"
            m = write_case(path, case, args.mb)
            print(f"{case}: {path.stat().st_size / 1e6:.0f} MB, {m:,} rows; {check(path, case)}")
            res = {"loadtxt": [], "load_csv": []}
            for _ in range(max(args.runs, 1)):
                for who in res:
                    res[who].append(measure(who, path, case))
            t = {w: min(r["s"] for r in rs) for w, rs in res.items()}
            ds_s = min(r["dataset"] for r in res["load_csv"])
            c = {w: min(r["cpu"] for r in rs) for w, rs in res.items()}
            mb = {w: min(r["mb"] for r in rs) for w, rs in res.items()}
            rt, rm = t["load_csv"] / t["loadtxt"], mb["load_csv"] / mb["loadtxt"]
            worst = max(worst, rt, rm)
            print(f"  time   loadtxt {t['loadtxt']:6.2f} s   load_csv {t['load_csv']:6.2f} s"
                  f"   ratio {rt:.2f}  (target <= {TARGET});  of which Dataset() {ds_s:.2f} s")
            print(f"  cpu    loadtxt {c['loadtxt']:6.2f} s   load_csv {c['load_csv']:6.2f} s"
                  f"   ratio {c['load_csv'] / c['loadtxt']:.2f}  (user + system time)")
            print(f"  memory loadtxt {mb['loadtxt']:6.0f} MB  load_csv {mb['load_csv']:6.0f} MB"
                  f"  ratio {rm:.2f}  (target <= {TARGET})")
            path.unlink()
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
