"""The inspector's equations as LaTeX: the LaTeX counterparts of app/equations.py.

For the selected unit: z, a, δ and g′ with the numbers substituted (seed eq. 4 and the
back-propagation step); for a weight Θ⁽ˡ⁾ᵢⱼ: its value, this example's ∂cost/∂Θ = aⱼδᵢ
(eq. 3), Δ and D. The numbers are those of bpengine.explain (UnitExplained,
WeightExplained), read through the session, exactly as the inspector reads them.
"""

from __future__ import annotations

from app.equations import MAX_TERMS, SHOWN_TERMS, step_name
from app.latex import bold, exact, idx, num, paren, sym, text, theta
from bpengine.explain import UnitExplained, WeightExplained

THETA, DELTA, ACC = "\\Theta", "\\delta", "\\Delta"
G_NAMES = {"sigmoid": "\\operatorname{{sigmoid}}({z})", "tanh": "\\tanh({z})",
           "relu": "\\max(0, {z})"}


def _pending(next_step: str) -> str:
    return f"\\text{{not yet computed for this example (next: {text(next_step)})}}"


def _plus(terms: list[str]) -> str:
    return " + ".join(terms)


def _terms(pairs, first_is_bias: bool = False) -> str:
    """"(x)(y) + (u)(v) + …", all but the first few of many terms elided."""
    head = pairs if len(pairs) <= MAX_TERMS else pairs[:SHOWN_TERMS]
    shown = [f"{paren(a)}{'(1)' if first_is_bias and k == 0 else paren(b)}"
             for k, (a, b) in enumerate(head)]
    if len(pairs) > MAX_TERMS:
        shown.append(f"\\cdots\\ \\text{{({len(pairs) - SHOWN_TERMS} more)}}")
    return _plus(shown)


def _block(caption: str, lhs: str, rhs: list[str], note: str = "") -> str:
    """A caption, then lhs = rhs[0], = rhs[1], … with the "=" signs lined up."""
    lines = [f"{lhs if n == 0 else ''} &= {r}" for n, r in enumerate(rhs)]
    out = f"\\emph{{{caption}}}\n\\begin{{align*}}\n" + " \\\\\n".join(lines) + \
        "\n\\end{align*}\n"
    return out + (f"{note}\n\n" if note else "")


# ---- a unit ----------------------------------------------------------------------------

def unit_tex(ex: UnitExplained, loss: str = "cross_entropy", feature: str | None = None) -> str:
    l, j = ex.layer, ex.unit
    if l == 1:
        name = f" ({text(feature)})" if feature and feature != f"x{j}" else ""
        return (f"\\subsection*{{Input unit ${sym('a', j, 1)} = {sym('x', j)}${name}}}\n"
                + _block("Input: a feature of this example", sym("a", j, 1),
                         [sym("x", j), bold(ex.a)]))
    kind = "Output unit" if ex.y is not None else "Hidden unit"
    head = f"\\subsection*{{{kind} ${sym('a', j, l)}$ (layer {l}, {text(ex.act or '')})}}\n"
    return head + z_tex(ex) + a_tex(ex) + delta_tex(ex, loss)


def z_tex(ex: UnitExplained) -> str:
    """z_j^{(l)} = Θ_{j0}^{(l−1)}·1 + Σ_k Θ_{jk}^{(l−1)} a_k^{(l−1)} (seed eq. 4)."""
    l, j, p = ex.layer, ex.unit, ex.layer - 1
    n_prev = len(ex.z_terms) - 1 if ex.z_terms is not None else None
    if n_prev is not None and n_prev + 1 <= MAX_TERMS:
        symbolic = _plus([f"{theta(j, 0, p)}\\cdot 1"]
                         + [f"{theta(j, k, p)}{sym('a', k, p)}" for k in range(1, n_prev + 1)])
    else:
        top = "" if n_prev is None else f"^{{{n_prev}}}"
        symbolic = _plus([f"{theta(j, 0, p)}\\cdot 1",
                          f"\\sum_{{k=1}}{top} {sym(THETA, idx(j, 'k'), p)}"
                          f"{sym('a', 'k', p)}"])
    rows = [symbolic]
    if ex.z is None or ex.z_terms is None:
        rows.append(_pending(step_name("forward", l)))
    else:
        rows += [_terms(ex.z_terms, first_is_bias=True), bold(ex.z)]
    return _block("Forward propagation: weighted input", sym("z", j, l), rows)


def a_tex(ex: UnitExplained) -> str:
    l, j = ex.layer, ex.unit
    z = sym("z", j, l)
    rows = [f"g({z})" + (f" = {z}" if ex.act == "linear" else "")]
    if ex.z is None or ex.a is None:
        rows.append(_pending(step_name("forward", l)))
    else:
        if ex.act in G_NAMES:
            rows.append(G_NAMES[ex.act].format(z=num(ex.z)))
        rows.append(bold(ex.a))
    return _block(f"Activation ($g$ = {text(ex.act or '')})", sym("a", j, l), rows)


def g_prime_rows(ex: UnitExplained) -> tuple[str, list[str]]:
    """g′(z_j^{(l)}) in the activation's form: sigmoid a(1 − a), tanh 1 − a², ..."""
    l, j = ex.layer, ex.unit
    a, z = sym("a", j, l), sym("z", j, l)
    lhs = f"g'({z})"
    if ex.g_prime is None or ex.a is None:
        return lhs, [_pending(step_name("forward", l))]
    forms = {"sigmoid": [f"{a}(1 - {a})", f"{paren(ex.a)}(1 - {num(ex.a)})"],
             "tanh": [f"1 - ({a})^2", f"1 - {paren(ex.a)}^2"],
             "relu": [f"1 \\text{{ if }} {z} > 0, \\text{{ else }} 0"]}
    return lhs, forms.get(ex.act or "", []) + [f"\\mathbf{{{g_prime_value(ex)}}}"]


def g_prime_value(ex: UnitExplained) -> str:
    """g′ as a number; relu's and linear's are exactly 0 or 1 and are written so."""
    return exact(ex.g_prime) if ex.act in ("relu", "linear") else num(ex.g_prime)


def delta_tex(ex: UnitExplained, loss: str = "cross_entropy") -> str:
    """Output: δ_j^{(L)} = a_j − y_j (cross-entropy) or (a_j − y_j)·g′(z_j) (mse); hidden:
    δ_j^{(l)} = (Σ_i Θ_{ij}^{(l)} δ_i^{(l+1)}) · g′(z_j^{(l)})."""
    l, j = ex.layer, ex.unit
    d, a, y, gz = sym(DELTA, j, l), sym("a", j, l), sym("y", j), f"g'({sym('z', j, l)})"
    g_lhs, g_rows = g_prime_rows(ex)
    g_block = _block("with", g_lhs, g_rows)
    if ex.y is not None:
        mse = loss == "mse"
        rows = [f"({a} - {y})\\cdot {gz}" if mse else f"{a} - {y}"]
        if ex.delta is None:
            rows.append(_pending(step_name("output_error")))
        else:
            gp = f"\\cdot {g_prime_value(ex)}" if mse else ""
            rows += [f"({num(ex.a)} - {exact(ex.y)}){gp}", bold(ex.delta)]
        return _block("Output error", d, rows) + (g_block if mse else "")
    n_next = len(ex.back_terms) if ex.back_terms is not None else None
    if n_next is not None and n_next <= MAX_TERMS:
        inner = _plus([f"{theta(i, j, l)}{sym(DELTA, i, l + 1)}"
                       for i in range(1, n_next + 1)])
    else:
        top = "" if n_next is None else f"^{{{n_next}}}"
        inner = (f"\\sum_{{i=1}}{top} {sym(THETA, idx('i', j), l)}"
                 f"{sym(DELTA, 'i', l + 1)}")
    rows = [f"\\left({inner}\\right)\\cdot {gz}"]
    if ex.delta is None or ex.back_terms is None or ex.g_prime is None:
        rows.append(_pending(step_name("backward", l)))
    else:
        gp = g_prime_value(ex)
        rows.append(f"\\left({_terms(ex.back_terms)}\\right)\\cdot {gp}")
        if len(ex.back_terms) > 1:
            rows.append(f"{paren(ex.back_sum)}\\cdot {gp}")
        rows.append(bold(ex.delta))
    return _block("Back-propagated error", d, rows) + g_block


def bias_tex(l: int, L: int) -> str:
    if l >= L:
        return f"\\subsection*{{Layer {l} is the output: it has no bias unit.}}\n"
    return (f"\\subsection*{{Bias unit ${sym('a', 0, l)}$ (layer {l})}}\n"
            f"\\[ {sym('a', 0, l)} = 1 \\]\nIt multiplies the bias weights ${theta('i', 0, l)}$ "
            f"of every unit $i$ of layer {l + 1}; it has no $\\delta$, and $D_{{i0}}$ is not "
            "regularised.\n\n")


# ---- a weight --------------------------------------------------------------------------

def weight_tex(ex: WeightExplained, L: int | None = None, D_current: bool = True) -> str:
    """Θ^{(l)}_{ij}: its value, this example's a_j δ_i (eq. 3), Δ so far and D."""
    l, i, j = ex.layer, ex.i, ex.j
    src = f"the bias unit ${sym('a', 0, l)}$" if j == 0 else f"unit ${sym('a', j, l)}$"
    out = (f"\\subsection*{{Weight ${theta(i, j, l)}$ from {src} to "
           f"${sym('a', i, l + 1)}$}}\n")
    out += _block("Current value", theta(i, j, l), [bold(ex.theta)])
    prod = [f"{sym('a', j, l)}{sym(DELTA, i, l + 1)}"]
    if ex.a_j is None:
        prod.append(_pending(step_name("forward", l)))
    elif ex.delta_i is None or ex.product is None:
        nxt = "output_error" if l + 1 == L else "backward"
        prod.append(_pending(step_name(nxt, l + 1)))
    else:
        prod += [f"{'(1)' if j == 0 else paren(ex.a_j)}{paren(ex.delta_i)}", bold(ex.product)]
    out += _block("This example's gradient (eq. 3)", f"\\frac{{\\partial\\,\\mathrm{{cost}}}}"
                  f"{{\\partial {theta(i, j, l)}}}", prod)
    out += _block(f"Accumulated over {ex.batch_n} of the batch's {ex.batch_m} examples",
                  sym(ACC, idx(i, j), l),
                  [f"\\sum_{{\\text{{examples}}}} {prod[0]}", bold(ex.Delta)])
    return out + _D_tex(ex, D_current)


def _D_tex(ex: WeightExplained, current: bool) -> str:
    """D_{ij}^{(l)} = (1/m)Δ_{ij}^{(l)} + (λ/m)Θ_{ij}^{(l)} (j ≠ 0), (1/m)Δ_{ij}^{(l)} (j = 0)."""
    l, i, j = ex.layer, ex.i, ex.j
    Dl, T, m, lam = sym(ACC, idx(i, j), l), theta(i, j, l), ex.batch_m, f"{ex.lam:g}"
    rows = [_plus([f"\\frac{{1}}{{m}}{Dl}"] + ([f"\\frac{{\\lambda}}{{m}}{T}"] if j else []))]
    if ex.D is None:
        rows.append("\\text{computed at the gradient step, after the batch's last example}")
    elif current:
        rows += [_plus([f"\\frac{{1}}{{{m}}}{paren(ex.Delta)}"]
                       + ([f"\\frac{{{lam}}}{{{m}}}{paren(ex.theta)}"] if j else [])),
                 bold(ex.D)]
    else:
        rows.append(bold(ex.D) + "\\quad\\text{(from the last gradient step)}")
    note = "$j = 0$: a bias weight is not regularised." if j == 0 else ""
    return _block(f"Gradient ($m = {m}$, $\\lambda = {lam}$)",
                  sym("D", idx(i, j), l), rows, note)


def selection_tex(session) -> str:
    """The selected unit's or weight's equations ("" when nothing valid is selected)."""
    sel, sizes = session.selection, session.sizes
    if sel and sel[0] == "unit" and len(sel) == 3:
        l, j = sel[1:]
        if not 1 <= l <= len(sizes) or not 0 <= j <= sizes[l - 1]:
            return ""
        if j == 0:
            return bias_tex(l, session.L)
        names = getattr(session.dataset, "feature_names", None)
        feature = names[j - 1] if l == 1 and names and j <= len(names) else None
        return unit_tex(session.explain_unit(l, j), session.stepper.loss, feature)
    if sel and sel[0] == "edge" and len(sel) == 4:
        l, i, j = sel[1:]
        if not 1 <= l < len(sizes) or not 1 <= i <= sizes[l] or not 0 <= j <= sizes[l - 1]:
            return ""
        last = session.stepper.last
        current = last is not None and last.kind == "gradient"
        return weight_tex(session.explain_weight(l, i, j), session.L, current)
    return ""
