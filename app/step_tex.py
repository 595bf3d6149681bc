"""The current micro-step as LaTeX: the seed's line in vector form with the current layer's
matrices as bmatrix, numbers filled in.

forward l: z⁽ˡ⁾ = Θ⁽ˡ⁻¹⁾a⁽ˡ⁻¹⁾ (a₀ = 1), a⁽ˡ⁾ = g(z⁽ˡ⁾); output error: δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y;
backward l: δ⁽ˡ⁾ = (Θ⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ g′(z⁽ˡ⁾), bias row dropped; accumulate: Δ⁽ˡ⁾ :=
Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ; gradient: D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾ (j ≠ 0); update:
Θ⁽ˡ⁾ := Θ⁽ˡ⁾ − αD⁽ˡ⁾. Vectors and matrices are read from the session's stepper, the
per-unit Σ and g′ from bpengine.explain; nothing is computed here.
"""

from __future__ import annotations

import numpy as np

from app.latex import align, bmatrix, exact, text, vec

THETA, DELTA, ACC = "\\Theta", "\\delta", "\\Delta"
KIND_TITLES = {None: "before the first step", "forward": "forward propagation, layer {l}",
               "output_error": "the output error", "backward": "back-propagation, layer {l}",
               "accumulate": "accumulating the gradients",
               "gradient": "the gradient of the batch", "update": "the update of the weights"}


def _lam(v: float) -> str:
    return f"{v:g}"


def header_tex(session) -> str:
    """\\section*{Step k: …} and a line saying where: epoch, batch, example, settings."""
    st, s = session.status(), session.stepper
    kind = st["kind"]
    layer = s.last.layer if s.last is not None else None
    title = KIND_TITLES[kind].format(l=layer)
    sizes = "-".join(map(str, session.sizes))
    acts = ", ".join(dict.fromkeys(session.acts))
    data = text(getattr(session.dataset, "name", "") or "the data")
    where = (f"Epoch {st['epoch']}, batch {st['batch']} of {st['n_batches']}, example "
             f"{st['example_pos']} of {st['batch_len']} (row {st['example']} of {data}).")
    if kind is None:
        where = f"Initial weights; the first example is row {st['example']} of {data}."
    settings = (f"Network {sizes} ({text(acts)}); $\\alpha = {_lam(s.alpha)}$, "
                f"$\\lambda = {_lam(s.lam)}$.")
    return (f"\\section*{{Step {st['k']}: {title}}}\n{where} {settings}\n\n")


def step_tex(session) -> str:
    """The equations of the last micro-step (the initial Θ before the first one)."""
    s = session.stepper
    last = s.last
    if last is None:
        return "Weights:\n" + _matrices(session, THETA, s.thetas)
    kind, l = last.kind, last.layer
    if kind == "forward":
        return _forward(session, l)
    if kind == "output_error":
        return _output_error(session)
    if kind == "backward":
        return _backward(session, l)
    if kind == "accumulate":
        return _accumulate(session)
    if kind == "gradient":
        return _gradient(session)
    return _update(session)


def _matrices(session, name: str, arrays) -> str:
    rows = []
    for l, a in enumerate(arrays, start=1):
        rows += [None, (vec(name, l), bmatrix(a))]
    return align(rows[1:])


def _with_bias(a: np.ndarray) -> np.ndarray:
    """[1; a]: the layer's activations with the bias unit a₀ = 1 the seed adds."""
    return np.concatenate(([1.0], a))


def _forward(session, l: int) -> str:
    s = session.stepper
    rows = []
    if l == 2:
        rows.append((vec("a", 1), f"x^{{(i)}} = {bmatrix(s.a[0], exact)}"))
    rows += [(vec("z", l), f"{vec(THETA, l - 1)}{vec('a', l - 1)}"),
             ("", f"{bmatrix(s.thetas[l - 2])}{bmatrix(_with_bias(s.a[l - 2]), exact)}"),
             ("", bmatrix(s.z[l - 1])),
             (vec("a", l), f"g\\left({vec('z', l)}\\right) = {bmatrix(s.a[l - 1])}")]
    note = (f"with the bias unit $a_0^{{({l - 1})}} = 1$ first; "
            f"$g$ is {text(s.acts[l - 2])}.")
    return align(rows) + note + "\n\n"


def _units(session, l: int, field: str) -> np.ndarray:
    """A per-unit number of layer l (field of bpengine.explain.UnitExplained) as a vector."""
    size = session.sizes[l - 1]
    return np.array([getattr(session.explain_unit(l, j), field) for j in range(1, size + 1)],
                    dtype=np.float64)


def _output_error(session) -> str:
    s, L = session.stepper, session.L
    a, d, y = s.a[L - 1], s.delta[L - 1], s.Y[s.example]
    if s.loss == "mse":
        gp = _units(session, L, "g_prime")
        rows = [(vec(DELTA, L), f"\\left({vec('a', L)} - y^{{(i)}}\\right) \\odot "
                 f"g'\\left({vec('z', L)}\\right)"),
                ("", f"\\left({bmatrix(a)} - {bmatrix(y, exact)}\\right) \\odot {bmatrix(gp)}"),
                ("", bmatrix(d))]
        return align(rows)
    rows = [(vec(DELTA, L), f"{vec('a', L)} - y^{{(i)}}"),
            ("", f"{bmatrix(a)} - {bmatrix(y, exact)}"), ("", bmatrix(d))]
    return align(rows)


def _backward(session, l: int) -> str:
    s = session.stepper
    sums, gp = _units(session, l, "back_sum"), _units(session, l, "g_prime")
    rows = [(vec(DELTA, l), f"\\left({vec(THETA, l)}\\right)^T {vec(DELTA, l + 1)}"
             f" \\odot g'\\left({vec('z', l)}\\right)"),
            ("", f"{bmatrix(s.thetas[l - 1])}^T {bmatrix(s.delta[l])} \\odot "
                 f"g'\\left({vec('z', l)}\\right)"),
            ("", f"{bmatrix(sums)} \\odot {bmatrix(gp)}"),
            ("", bmatrix(s.delta[l - 1]))]
    note = (f"The bias row of $\\left({vec(THETA, l)}\\right)^T{vec(DELTA, l + 1)}$ "
            f"is dropped; $g'\\left({vec('z', l)}\\right)$ is the derivative of "
            f"{text(s.acts[l - 2])}.")
    return align(rows) + note + "\n\n"


def _accumulate(session) -> str:
    s = session.stepper
    rows = []
    for l in range(1, session.L):
        rows += [None, (vec(ACC, l), f"{vec(ACC, l)} + {vec(DELTA, l + 1)}"
                        f"\\left({vec('a', l)}\\right)^T"),
                 ("", f"{vec(ACC, l)} + {bmatrix(s.delta[l])}"
                      f"{bmatrix(_with_bias(s.a[l - 1])[None, :], exact)}"),
                 ("", bmatrix(s.Deltas[l - 1]))]
    st = session.status()
    return align(rows[1:], ":=") + (f"$\\Delta$ now holds {s.accumulated} of the batch's "
                                    f"{st['batch_len']} examples.\n\n")


def _gradient(session) -> str:
    s, m = session.stepper, session.status()["batch_len"]
    rows = []
    for l in range(1, session.L):
        reg = f" + \\frac{{\\lambda}}{{m}}{vec(THETA, l)}" if s.lam else ""
        reg_n = (f" + \\frac{{{_lam(s.lam)}}}{{{m}}}{bmatrix(s.thetas[l - 1])}"
                 if s.lam else "")
        rows += [None, (vec("D", l), f"\\frac{{1}}{{m}}{vec(ACC, l)}{reg}"),
                 ("", f"\\frac{{1}}{{{m}}}{bmatrix(s.Deltas[l - 1])}{reg_n}"),
                 ("", bmatrix(s.D[l - 1]))]
    note = ("The bias column $j = 0$ is not regularised." if s.lam else
            "$\\lambda = 0$: no regularisation.")
    return align(rows[1:]) + f"$m = {m}$. {note}\n\n"


def _update(session) -> str:
    s = session.stepper
    rows = []
    for l in range(1, session.L):
        rows += [None, (vec(THETA, l), f"{vec(THETA, l)} - \\alpha {vec('D', l)}, \\quad "
                        f"{vec('D', l)} = {bmatrix(s.D[l - 1])}"),
                 ("", bmatrix(s.thetas[l - 1]))]
    return align(rows[1:], ":=") + (f"$\\alpha = {_lam(s.alpha)}$; $\\Delta$ starts again "
                                    "from 0.\n\n")
