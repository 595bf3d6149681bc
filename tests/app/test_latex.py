"""Export the current step as LaTeX: the equations hold the engine's numbers (checked
against numpy computed here, and the batch path's gradients), the document uses amsmath
only and compiles with pdflatex (when it is installed), the fragment pastes into slides."""

import re
import shutil
import subprocess

import numpy as np
import pytest

import bpengine as bp
from app.latex import bmatrix, num, step_document, step_fragment, write_latex
from app.session import Session


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(thetas, x):
    """a⁽¹⁾ … a⁽ᴸ⁾ of one example, by hand (the bias unit 1 prepended at each layer)."""
    a = [np.asarray(x, dtype=float)]
    for t in thetas:
        a.append(sigmoid(t @ np.concatenate(([1.0], a[-1]))))
    return a


def tex_num(v) -> str:
    """Four significant digits, as the inspector writes them."""
    return format(float(v), "#.4g").rstrip(".")


@pytest.fixture
def xor(qapp):
    return Session(model=bp.StudioModel(bp.StudioConfig(lam=0.5)))


def test_forward_step_holds_z_and_a_and_the_layers_matrix(xor):
    xor.step()
    xor.step()                       # forward 3
    xor.select(("unit", 3, 2))
    tex = step_document(xor)
    s = xor.stepper
    x = xor.model.data.X[s.example]
    a = forward(s.thetas, x)
    z3 = s.thetas[1] @ np.concatenate(([1.0], a[1]))
    assert "\\section*{Step 2: forward propagation, layer 3}" in tex
    assert "z^{(3)} &= \\Theta^{(2)}a^{(2)}" in tex
    for v in list(s.thetas[1].ravel()) + list(z3) + list(a[2]):
        assert tex_num(v) in tex
    # the selected unit's substituted equation, as in the inspector
    t = s.thetas[1][1]
    assert (f"({tex_num(t[0])})(1) + ({tex_num(t[1])})({tex_num(a[1][0])}) + "
            f"({tex_num(t[2])})({tex_num(a[1][1])})") in tex
    assert f"\\mathbf{{{tex_num(z3[1])}}}" in tex
    assert f"\\operatorname{{sigmoid}}({tex_num(z3[1])})" in tex


def test_backward_step_holds_the_deltas(xor):
    for _ in range(5):               # forward 2, 3, 4, output error, backward 3
        xor.step()
    s = xor.stepper
    a = forward(s.thetas, xor.model.data.X[s.example])
    d4 = a[3] - xor.model.data.Y[s.example]
    back = (s.thetas[2].T @ d4)[1:]
    d3 = back * a[2] * (1 - a[2])
    tex = step_fragment(xor)
    assert "\\delta^{(3)} &= \\left(\\Theta^{(3)}\\right)^T \\delta^{(4)}" in tex
    for v in list(d4) + list(back) + list(d3):
        assert tex_num(v) in tex


def test_gradient_step_holds_D_of_the_batch_path(xor):
    xor.model.seek(xor.model.stepper.schedule.batch_start(1) - 1)   # just after "gradient"
    assert xor.stepper.last.kind == "gradient"
    X, Y = xor.model.data.X, xor.model.data.Y
    _, D = bp.cost_and_gradients(list(xor.stepper.thetas), X, Y, lam=0.5)
    xor.select(("edge", 2, 1, 2))
    tex = step_fragment(xor)
    for d in D:
        for v in d.ravel():
            assert tex_num(v) in tex
    assert "D^{(2)} &= \\frac{1}{m}\\Delta^{(2)} + \\frac{\\lambda}{m}\\Theta^{(2)}" in tex
    assert f"\\frac{{0.5}}{{4}}({tex_num(xor.stepper.thetas[1][0, 2])})" in tex


def test_the_document_is_ascii_and_loads_amsmath_only(xor, tmp_path):
    xor.step()
    xor.select(("unit", 1, 1))
    doc = step_document(xor)
    doc.encode("ascii")
    assert doc.startswith("\\documentclass")
    assert re.findall(r"\\usepackage(?:\[[^]]*\])?\{([^}]*)\}", doc) == ["amsmath"]
    assert doc.count("\\begin{") == doc.count("\\end{")
    fragment = step_fragment(xor)
    assert "\\documentclass" not in fragment and "\\begin{document}" not in fragment
    assert "section" not in fragment                     # a beamer frame takes none
    assert "\\textbf{Step 1: forward propagation, layer 2}\\par" in fragment
    assert "\\subsection*{Input unit $a_{1}^{(1)} = x_{1}$}" in doc
    assert "\\textbf{Input unit $a_{1}^{(1)} = x_{1}$}\\par" in fragment
    path = write_latex(xor, tmp_path / "step.tex", fragment=True)
    assert path.read_text(encoding="ascii") == fragment


def test_a_large_matrix_is_elided_within_bmatrix_limits():
    tex = bmatrix(np.arange(300.0).reshape(10, 30))
    rows = tex.split("\\\\")
    assert len(rows) == 7                                   # 4, the dots, 2
    assert all(r.count("&") == 6 for r in rows)             # 7 columns ≤ amsmath's 10
    assert "\\cdots" in tex and "\\vdots" in tex and "\\ddots" in tex
    assert "10\\times 30" in tex
    assert num(-1.2e-7) == "-1.200\\times 10^{-7}" and num(0.4) == "0.4000"


STEP_CASES = {
    "seed network, every kind of step": (bp.StudioConfig(lam=1.0), range(0, 31)),
    "tanh and relu with the squared error": (
        bp.StudioConfig(acts=("tanh", "relu", "sigmoid"), loss="mse"), range(0, 9)),
}


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize("case", list(STEP_CASES))
def test_the_document_compiles_with_pdflatex(qapp, tmp_path, case):
    config, steps = STEP_CASES[case]
    model = bp.StudioModel(config)
    session = Session(model=model)
    picks = [None, ("unit", 1, 1), ("unit", 2, 1), ("unit", 4, 1), ("unit", 2, 0),
             ("edge", 1, 1, 0), ("edge", 3, 1, 2)]
    for k in steps:
        model.seek(k)
        model.select(picks[k % len(picks)])
        path = write_latex(session, tmp_path / f"step{k}.tex")
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode",
                               path.name], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:]
        assert (tmp_path / f"step{k}.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
def test_a_large_network_compiles(qapp, tmp_path):
    model = bp.StudioModel(bp.StudioConfig(bp.DataSource("builtin", "digits"), hidden=(25,),
                                           acts=("sigmoid", "sigmoid")))
    session = Session(model=model)
    for k, sel in ((1, ("unit", 2, 3)), (3, ("unit", 2, 1)), (4, None)):
        model.seek(k)
        model.select(sel)
        path = write_latex(session, tmp_path / f"digits{k}.tex")
        done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode",
                               path.name], cwd=tmp_path, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout[-2000:]


def _has_beamer() -> bool:
    if shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None:
        return False
    found = subprocess.run(["kpsewhich", "beamer.cls", "pgfmath.sty"], capture_output=True,
                           text=True).stdout.split()
    return len(found) == 2


@pytest.mark.skipif(not _has_beamer(), reason="pdflatex with beamer is not installed")
def test_the_fragment_compiles_in_a_beamer_frame(xor, tmp_path):
    xor.model.seek(5)
    xor.select(("unit", 3, 1))
    slides = ("\\documentclass{beamer}\n\\begin{document}\n"
              "\\begin{frame}[allowframebreaks]{This step}\n" + step_fragment(xor)
              + "\\end{frame}\n\\end{document}\n")
    (tmp_path / "slides.tex").write_text(slides, encoding="ascii")
    done = subprocess.run(["pdflatex", "-halt-on-error", "-interaction=nonstopmode",
                           "slides.tex"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-2000:]
