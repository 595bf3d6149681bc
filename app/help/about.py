"""Help ▸ About: version, licence, the lecture the app follows, the datasets' attribution and
the libraries it runs on, as Markdown for a QTextBrowser."""

from __future__ import annotations

import importlib.metadata
import platform

import numpy as np
import pyqtgraph as pg
import PySide6
from PySide6.QtCore import qVersion

from app.help.pages import attribution


def version() -> str:
    """The installed package's version, or "unknown" from a bare source tree."""
    try:
        return importlib.metadata.version("backprop-studio")
    except importlib.metadata.PackageNotFoundError:
        return "unknown (not installed)"


def about_markdown() -> str:
    data = attribution().replace("# Bundled datasets", "## Datasets", 1)
    return f"""# Backprop Studio {version()}

Backpropagation, made visible: step through the lecture's algorithm one line at a time —
activations a, errors δ, accumulators Δ, gradients D and the cost J — forward and back.

**Licence:** MIT (see the LICENSE file). © 2026 the Backprop Studio authors.

## The lecture

The app follows the notation, the algorithm and the equation numbers of the lecture notes
*Neural Networks – Backpropagation* (ML15). Help ▸ Backpropagation retells them in our own
words, with the notes' misprints corrected (each one shown with its evidence, the gradient
check).

{data}

## Runs on

Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PySide6.__version__} ·
pyqtgraph {pg.__version__} · NumPy {np.__version__}
"""
