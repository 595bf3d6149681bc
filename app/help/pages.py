"""Where the bundled help texts are: resources/help/ beside the packages in a source checkout
or an editable install, bpengine/resources/help/ in a wheel (see pyproject.toml), as
bpengine.datasets finds the datasets."""

from __future__ import annotations

from bpengine.datasets import DATA_DIR

HELP_DIR = DATA_DIR.parent / "help"


def read(name: str) -> str:
    """The text of resources/help/<name> (UTF-8); FileNotFoundError names the file."""
    path = HELP_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"the help text {path} is missing from this installation")
    return path.read_text(encoding="utf-8")


def attribution() -> str:
    """The datasets' attribution (resources/datasets/ATTRIBUTION.md), as Markdown."""
    return (DATA_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
