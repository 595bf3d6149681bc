"""The current step as LaTeX: a document that compiles with plain pdflatex (amsmath only)
and a fragment to paste into slides.

What it holds is what the inspector shows, in the lecture's notation (Θ^{(l)}_{ij},
a^{(l)}_j, δ^{(l)}, Δ^{(l)}, D^{(l)}): the equations of the current micro-step with the
current layer's matrices as bmatrix (app/step_tex.py) and, when a unit or a weight is
selected, its equations with the numbers filled in (app/equations_tex.py). The numbers come
from the engine (bpengine.explain and the stepper's arrays); nothing is computed here.

This module holds the pieces both use: numbers (`num`, `exact`), text (`text`), symbols
(`sym`, `theta`), matrices (`bmatrix`, elided beyond MAX_ROWS × MAX_COLS), `align`, and the
assembly (`step_fragment`, `step_document`, `write_latex`). The output is plain ASCII.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import numpy as np

DIGITS = 4          # significant digits, as the inspector shows them
MAX_ROWS = 8        # a matrix with more rows shows the first HEAD and last TAIL of them
MAX_COLS = 7        # (amsmath's bmatrix takes at most 10 columns without settings)
HEAD, TAIL = 4, 2

# the characters of the app's own words, as TeX (anything else is left out)
_TEXT = {"−": "-", "–": "--", "—": "---", "…": "\\ldots{}", "·": "$\\cdot$", "’": "'",
         "‘": "`", "“": "``", "”": "''", "×": "$\\times$", "λ": "$\\lambda$",
         "α": "$\\alpha$", "≠": "$\\neq$", "\u2060": "", "\xa0": "~"}
_SPECIAL = {"\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "$": "\\$", "&": "\\&",
            "#": "\\#", "^": "\\^{}", "_": "\\_", "%": "\\%", "~": "\\~{}"}


# ---- numbers and text ------------------------------------------------------------------

def num(v: float | None, digits: int = DIGITS) -> str:
    """A number in math mode with `digits` significant digits: 0.4 → "0.4000",
    −0.01302 → "-0.01302", 1.2e−7 → "1.200\\times 10^{-7}"; None → "\\text{--}"."""
    if v is None:
        return "\\text{--}"
    v = float(v)
    if math.isnan(v):
        return "\\mathrm{NaN}"
    if math.isinf(v):
        return "\\infty" if v > 0 else "-\\infty"
    if v == 0.0:
        v = 0.0   # no "-0"
    s = format(v, f"#.{digits}g")
    if "e" in s:
        mantissa, exponent = s.split("e")
        return f"{mantissa.rstrip('.')}\\times 10^{{{int(exponent)}}}"
    return s.rstrip(".")


def exact(v: float | None) -> str:
    """Whole numbers as whole numbers (targets y, the bias constant): 1.0 → "1"."""
    if v is not None and math.isfinite(v) and float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return num(v)


def paren(v: float | None) -> str:
    return f"({num(v)})"


def text(s: str) -> str:
    """`s` for TeX's text mode: specials escaped, the app's symbols as TeX, accents
    dropped to their letters, and any other non-ASCII character left out."""
    out = []
    for ch in str(s):
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _TEXT:
            out.append(_TEXT[ch])
        elif ord(ch) < 128:
            out.append(ch)
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append("".join(_SPECIAL.get(c, c) for c in plain))
    return "".join(out)


# ---- symbols ---------------------------------------------------------------------------

def idx(*indices) -> str:
    """Subscript text: "12" for (1, 2), "1,12" when an index has two digits."""
    parts = [str(i) for i in indices]
    return ("," if any(len(p) > 1 for p in parts) else "").join(parts)


def sym(base: str, sub: object = "", layer: object = None) -> str:
    """The lecture's a_2^{(3)}: `base` with subscript `sub` and layer superscript (l)."""
    out = base
    if sub != "":
        out += f"_{{{sub}}}"
    if layer is not None:
        out += f"^{{({layer})}}"
    return out


def theta(i, j, l) -> str:
    return sym("\\Theta", idx(i, j), l)


def vec(base: str, l: int) -> str:
    """A whole layer's vector or matrix: a^{(l)}, \\Theta^{(l)}."""
    return f"{base}^{{({l})}}"


# ---- matrices and equations ---------------------------------------------------------------

def _kept(n: int, most: int) -> list[int | None]:
    """Indices shown of n: all when n ≤ most, else the first HEAD, None (dots), the last TAIL."""
    if n <= most:
        return list(range(n))
    return list(range(HEAD)) + [None] + list(range(n - TAIL, n))


def cell(v: float) -> str:
    """A matrix entry: an exact zero as "0" (an untouched Δ, an input of 0), else num."""
    return "0" if v == 0 else num(v)


def bmatrix(a, fmt=cell) -> str:
    """A vector (as a column) or a matrix as \\begin{bmatrix}…\\end{bmatrix}, each entry
    through `fmt`; beyond MAX_ROWS rows or MAX_COLS columns the middle is elided with
    \\vdots, \\cdots, \\ddots (the shape is then written under it)."""
    m = np.asarray(a, dtype=np.float64)
    m = m.reshape(-1, 1) if m.ndim == 1 else m
    rows, cols = _kept(m.shape[0], MAX_ROWS), _kept(m.shape[1], MAX_COLS)
    lines = []
    for i in rows:
        cells = []
        for j in cols:
            if i is None:
                cells.append("\\ddots" if j is None else "\\vdots")
            else:
                cells.append("\\cdots" if j is None else fmt(m[i, j]))
        lines.append(" & ".join(cells))
    body = " \\\\ ".join(lines)
    out = f"\\begin{{bmatrix}} {body} \\end{{bmatrix}}"
    if None in rows or None in cols:
        out = f"\\underset{{{m.shape[0]}\\times {m.shape[1]}}}{{{out}}}"
    return out


def align(rows: list[tuple[str, str] | None], sign: str = "=") -> str:
    """An align* block: each (lhs, rhs) a line "lhs &= rhs" (or `sign`); an empty lhs
    continues the equation above (its "=" lines up); None leaves some room between two
    equations."""
    out = "\\begin{align*}\n"
    for n, row in enumerate(rows):
        if row is None:
            continue
        out += f"{row[0]} &{sign} {row[1]}" if row[0] else f" &= {row[1]}"
        if n < len(rows) - 1:
            out += " \\\\[1.5ex]\n" if rows[n + 1] is None else " \\\\\n"
    return out + "\n\\end{align*}\n"


def bold(v: float | None) -> str:
    """A result, in bold: an exact zero as "0"."""
    return f"\\mathbf{{{'0' if v == 0 else num(v)}}}"


# ---- assembly -------------------------------------------------------------------------------

PREAMBLE = ("\\documentclass[11pt]{article}\n\\usepackage{amsmath}\n"
            "\\setlength{\\parindent}{0pt}\n")


_HEADING = re.compile(r"^\\(?:sub)?section\*\{(.*)\}$", re.M)


def _body(session) -> str:
    from app.equations_tex import selection_tex
    from app.step_tex import header_tex, step_tex
    return header_tex(session) + step_tex(session) + selection_tex(session)


def step_fragment(session) -> str:
    """The equations of the current micro-step and of the selection, for pasting into
    slides (or a document) that load amsmath: headings as bold lines, since a beamer
    frame takes no \\section."""
    body = _HEADING.sub(lambda m: f"\\textbf{{{m.group(1)}}}\\par", _body(session))
    return "% Backprop Studio: the current step (it needs the amsmath package)\n" + body


def step_document(session) -> str:
    """The same as a whole document, with sections, that compiles with plain pdflatex."""
    return PREAMBLE + "\\begin{document}\n" + _body(session) + "\\end{document}\n"


def write_latex(session, path: str | Path, fragment: bool = False) -> Path:
    """Write the document (or the fragment) to `path` as ASCII. OSError when it cannot."""
    path = Path(path)
    path.write_text(step_fragment(session) if fragment else step_document(session),
                    encoding="ascii")
    return path
