"""ruff (configured in pyproject.toml) passes on the whole code base."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ruff_is_clean():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "bpengine", "app", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
