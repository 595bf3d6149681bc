"""One core left for the window: how many threads the BLAS library under numpy starts.

OpenBLAS starts a thread per core and keeps them spinning between calls. On a machine with
few cores they then compete with the window's own thread (painting, keys) and, when
anything else runs, with each other: on 2 shared cores, with another process busy, the
digits network's full-batch gradient ran 22 times a second with 2 BLAS threads and 645
with 1 (bench_window_train.py, same minute). Unless the user chose, the app uses one
thread fewer than the cores, at least one. It must run before numpy is first imported:
the library reads these variables once, when it loads.
"""

from __future__ import annotations

import os

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def leave_a_core(cores: int | None = None) -> int | None:
    """Set the BLAS thread count to cores − 1 (≥ 1) unless one is set; returns the count
    set, or None when the user's own setting stands."""
    if any(v in os.environ for v in VARIABLES):
        return None
    n = max(1, (cores or os.cpu_count() or 1) - 1)
    for v in VARIABLES:
        os.environ[v] = str(n)
    return n
