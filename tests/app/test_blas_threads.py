"""The app leaves a core for its window: BLAS threads = cores − 1 unless the user chose."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import os, sys
from app.blas_threads import leave_a_core
print(leave_a_core(int(sys.argv[1])))
import numpy as np
a = np.ones((600, 600))
a @ a                                   # OpenBLAS starts its threads on a first product
print(os.environ.get("OPENBLAS_NUM_THREADS"), len(os.listdir("/proc/self/task")))
"""


def run(cores: int, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    done = subprocess.run([sys.executable, "-c", CHILD, str(cores)], cwd=ROOT, text=True,
                          capture_output=True, env={**clean, **env}, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux's /proc")
def test_on_two_cores_numpy_runs_one_blas_thread():
    chosen, variable, threads = run(2)
    assert chosen == "1" and variable == "1"
    assert threads == "1"                   # the interpreter's own thread, no BLAS workers


def test_the_users_own_setting_stands():
    chosen, variable, _threads = run(8, OPENBLAS_NUM_THREADS="3")
    assert chosen == "None" and variable == "3"


def test_many_cores_leave_exactly_one():
    chosen, variable, _threads = run(8)
    assert chosen == "7" and variable == "7"
