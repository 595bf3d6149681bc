"""The parent side of Train mode's child process (trainchild.py holds the child and the
wire): start it, feed it the data, hand it Θ_b, and turn what it sends into FastResults.

The child loads numpy and the data (~0.4 s); meanwhile `loaded` is False and the caller
trains in slices as before. Once it is loaded, `begin` hands it the stepper's batch start
as it is then. An I/O thread writes the data and reads the records (blocking reads release
the GIL); each record becomes a FastResult given to `put`, the end record (or the stream
ending: a child that died) None.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from .fast import FastResult
from .microsteps import frozen
from .trainchild import HEAD, NICENESS, READY, START, spec_of

PACKAGE_ROOT = str(Path(__file__).resolve().parents[1])
# The child's first lines: this bpengine, not one in the current folder (`-m` would put
# that first on the path, and a copy there would compute other bits), and a lower priority
# before numpy starts BLAS threads (on Linux each thread has its own niceness)
BOOT = ("import os, runpy, sys\n"
        "sys.path[0] = sys.argv[1]\n"
        f"hasattr(os, 'nice') and os.nice({NICENESS})\n"
        "runpy.run_module('bpengine.trainchild', run_name='__main__')\n")
CHUNK = 1 << 20          # bytes a read takes at most
NAP_S = 0.003            # between reads: records gather in the pipe, and the I/O thread
                         # takes the GIL ~300 times a second, not once a record (7,000 a
                         # second on the spiral, each a switch away from the GUI thread)
PIPE_BYTES = 1 << 20     # what the pipe from the child holds (Linux's default: 64 KiB, two
                         # records of 64-25-10, and the child waited on the GIL's turns)


def can_spawn() -> bool:
    """A child interpreter can be started: a Python program (not a frozen one) on a machine
    with a core to spare for it."""
    return not getattr(sys, "frozen", False) and bool(sys.executable) and (
        os.cpu_count() or 1) >= 2


class ChildTrainer:
    """One child process computing batches (trainchild.py) and the thread that talks to
    it. put(result or None) -> bool (False: stop reading) is called on that thread."""

    def __init__(self, stepper, put, thread_name: str):
        self.s, self._put = stepper, put
        self._loaded = threading.Event()
        self.failed = False          # the child died, or never loaded
        # the environment is the parent's (its BLAS thread count, so the same bits)
        self._proc = subprocess.Popen([sys.executable, "-c", BOOT, PACKAGE_ROOT],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.DEVNULL, bufsize=0,
                                      creationflags=getattr(subprocess,
                                                            "BELOW_NORMAL_PRIORITY_CLASS", 0))
        widen(self._proc.stdout.fileno())
        self._thread = threading.Thread(target=self._io, daemon=True, name=thread_name)
        self._thread.start()

    @property
    def loaded(self) -> bool:
        return self._loaded.is_set()

    def begin(self, b: int, flat: np.ndarray, size: float) -> None:
        """Start from batch b at Θ_b = flat (‖flat‖₂ = size). Once, after `loaded`."""
        try:
            send(self._proc.stdin, START.pack(b, size))
            send(self._proc.stdin, np.ascontiguousarray(flat).data)
        except OSError:              # it died meanwhile: the I/O thread says so with None
            self.failed = True

    def close(self) -> None:
        """End the child (what it computes is dropped) and the I/O thread."""
        self._proc.kill()
        self._proc.wait()
        self._thread.join()
        for pipe in (self._proc.stdin, self._proc.stdout):
            try:
                pipe.close()
            except OSError:
                pass             # a write buffer the dead child can no longer take

    def _io(self) -> None:
        try:
            self._send_data()
            fd, buf = self._proc.stdout.fileno(), bytearray()
            while True:
                chunk = os.read(fd, CHUNK)     # what has come, up to CHUNK: one GIL turn
                if not chunk:                  # parses many records (the GUI thread keeps
                    raise EOFError             # the GIL for milliseconds at a time)
                buf += chunk
                if not self._loaded.is_set():
                    if len(buf) < len(READY):
                        continue
                    if buf[:len(READY)] != READY:
                        raise EOFError
                    del buf[:len(READY)]
                    self._loaded.set()
                for r in self._records(buf):
                    if not self._put(r) or r is None:
                        return
                time.sleep(NAP_S)
        except Exception:  # noqa: BLE001 -- it died, close() killed it, or a record could
            self.failed = True        # not be read (MemoryError): the caller takes over
            self._loaded.set()
            self._put(None)

    def _send_data(self) -> None:
        s, stdin = self.s, self._proc.stdin
        send(stdin, json.dumps(spec_of(s)).encode() + b"\n")
        for a in (s.X, s.Y):
            send(stdin, np.ascontiguousarray(a, dtype=np.float64).data)

    def _records(self, buf: bytearray) -> list:
        """The whole records at the start of buf, taken out of it: FastResults, and None
        for the end record. Each array is a copy in numpy's own memory (the rewind store
        keeps Θ_{b+1}; a view would pin buf)."""
        n = self.s._anchor_flat.size
        size, pos, out = HEAD.size + 16 * n, 0, []
        while len(buf) - pos >= HEAD.size:
            b, J, acc, norm = HEAD.unpack_from(buf, pos)
            if b < 0:
                out.append(None)
                break
            if len(buf) - pos < size:
                break
            flat = np.frombuffer(buf, np.float64, n, pos + HEAD.size).copy()
            D = np.frombuffer(buf, np.float64, n, pos + HEAD.size + 8 * n).copy()
            out.append(FastResult(b, J, acc, frozen(flat),
                                  [frozen(d) for d in self.s._store.unflatten(D)], norm))
            pos += size
        del buf[:pos]
        return out


def send(pipe, data) -> None:
    """All of data into an unbuffered pipe (a raw write may take only part of it)."""
    view = memoryview(data).cast("B")
    while view:
        view = view[pipe.write(view):]


def widen(fd: int) -> None:
    """Let the pipe hold PIPE_BYTES (Linux; elsewhere its default): the child runs on while
    the I/O thread waits for the GIL."""
    try:
        import fcntl
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass
