"""The inspector's equations: the seed's formulas for a unit or a weight as rich text.

The numbers come from the controller (`session.explain_unit`, `session.explain_weight`,
i.e. `bpengine.explain`); this module only formats them. Every equation is built by a
small pure function returning HTML with real <sub>/<sup>, testable without a widget:
`unit_html`, `bias_html`, `weight_html`, `hint_html`, and the pieces they use (`z_html`,
`a_html`, `delta_html`, `grad_html`, `Delta_html`, `D_html`). Sections carry anchors
(`anchor`) the panel scrolls to.

Sizes are relative (title(), <small>) to the document's default font, which the panel
(app/inspector.py) sets large for the projector.
"""

from __future__ import annotations

import math
from html import escape

from bpengine.explain import UnitExplained, WeightExplained
from bpengine.notation import sup as usup

MINUS = "\u2212"
DIGITS = 4          # significant digits of every number shown
MAX_TERMS = 6       # up to this many terms are written out; more are elided
SHOWN_TERMS = 4     # ... showing this many, then "+ … (n more)"

HINT = "Click a unit or a weight on the canvas to see its equation with the numbers filled in."

STEP_NAMES = {"forward": "forward {l}", "output_error": "output error",
              "backward": "backward {l}", "accumulate": "accumulate",
              "gradient": "gradient", "update": "update"}


# ---- numbers ---------------------------------------------------------------------------

def num(v: float | None, digits: int = DIGITS) -> str:
    """A number with `digits` significant digits and the Unicode minus: 0.4 → "0.4000",
    −0.01302 → "−0.01302", 1.2e−7 → "1.200×10⁻⁷". None → "—"."""
    if v is None:
        return "—"
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else MINUS + "∞"
    if v == 0.0:
        v = 0.0  # no "−0"
    text = format(v, f"#.{digits}g")
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa.rstrip('.')}×10{usup(int(exponent))}"
    return text.rstrip(".").replace("-", MINUS)


def exact(v: float | None) -> str:
    """Whole numbers as whole numbers (targets y, the bias constant): 1.0 → "1"."""
    if v is not None and math.isfinite(v) and float(v).is_integer() and abs(v) < 1e15:
        return str(int(v)).replace("-", MINUS)
    return num(v)


def paren(v: float | None) -> str:
    return f"({num(v)})"


# ---- notation --------------------------------------------------------------------------

def _idx(*indices) -> str:
    """Subscript text: "12" for (1, 2), "1,12" when an index has two digits."""
    parts = [str(i) for i in indices]
    return ("," if any(len(p) > 1 for p in parts) else "").join(parts)


def sym(base: str, sub: object = "", layer: object = None) -> str:
    """`base` with subscript `sub` and the seed's parenthesised layer superscript:
    sym("a", 2, 3) is a₂⁽³⁾ as HTML."""
    out = base
    if sub != "":
        out += f"<sub>{sub}</sub>"
    if layer is not None:
        out += f"<sup>({layer})</sup>"
    return out


def theta(i, j, l) -> str:
    return sym("Θ", _idx(i, j), l)


def step_name(kind: str, layer: int | None = None) -> str:
    """"forward 3", "output error", "backward 2", ... (the micro-step that computes it)."""
    return STEP_NAMES[kind].format(l=layer)


def pending(next_step: str) -> str:
    return f"<i>not yet computed for this example (next: {escape(next_step)})</i>"


WJ = "\u2060"       # word joiner: Qt would otherwise wrap between ")" and "("


def g_of(z: str) -> str:
    """g′(z) that never wraps inside: Qt broke "g′" from "(z₁⁽²⁾)" in the README's
    screenshot (a prime may end a line before an opening parenthesis)."""
    return f"g′{WJ}({WJ}{z}{WJ})"


def nobreak(html: str) -> str:
    """Keep a term on one line when the equation wraps (`html` has no tag attributes)."""
    return html.replace(" ", "&nbsp;").replace(")(", f"){WJ}(")


def _terms(pairs: list[tuple[float | None, float | None]], first_is_bias: bool = False) -> str:
    """"(x)(y) + (u)(v) + …" for the value pairs, eliding all but the first few of many
    terms (only those are formatted: a unit fed by 400 inputs costs 4 terms, not 400). With
    `first_is_bias` the first pair's second factor is the bias unit's (1). A long sum wraps
    before a "+", never inside a product."""
    head = pairs if len(pairs) <= MAX_TERMS else pairs[:SHOWN_TERMS]
    shown = [f"{paren(a)}{'(1)' if first_is_bias and k == 0 else paren(b)}"
             for k, (a, b) in enumerate(head)]
    if len(pairs) > MAX_TERMS:
        shown.append(f"… ({len(pairs) - SHOWN_TERMS} more)")
    return plus(shown)


def plus(terms: list[str]) -> str:
    """Terms joined by " + ", each kept on one line with the "+" before it."""
    return " ".join(nobreak(t if n == 0 else "+ " + t) for n, t in enumerate(terms))


def _rows(lhs: str, rhs: list[str], caption: str = "", note: str = "",
          more: list[tuple[str, list[str]]] = ()) -> str:
    """An equation as a table: lhs = rhs[0] on the first row, "= rhs[k]" below it. `more`
    adds further equations to the same table (their "=" signs line up)."""
    html = f"<p style='margin-top:10px; margin-bottom:2px'><small>{caption}</small></p>" \
        if caption else ""
    html += "<table cellspacing='0' cellpadding='2'>"
    for left_side, rows in [(lhs, rhs), *more]:
        for n, r in enumerate(rows):
            left = left_side if n == 0 else ""
            html += (f"<tr><td style='white-space:nowrap' align='right'>{left}</td>"
                     f"<td>&nbsp;=&nbsp;</td><td>{r}</td></tr>")
    html += "</table>"
    if note:
        html += f"<p style='margin-top:2px'><small>{note}</small></p>"
    return html


def title(main: str, *details: str) -> str:
    """The heading: `main` bold and a little larger, the details on a line below it."""
    html = f"<p style='margin-bottom:0px'><big><b>{main}</b></big>"
    if details:
        html += "<br>" + " · ".join(nobreak(d) for d in details)
    return html + "</p>"


def _result(v: float | None) -> str:
    return f"<b>{num(v)}</b>"


# ---- a unit ----------------------------------------------------------------------------

G_NAMES = {"sigmoid": "sigmoid({z})", "tanh": "tanh({z})", "relu": "max(0, {z})"}


def unit_title(ex: UnitExplained, feature: str | None = None) -> str:
    """"Hidden unit a₂⁽³⁾ · layer 3 · sigmoid"."""
    l, j = ex.layer, ex.unit
    if l == 1:
        name = f" ({escape(feature)})" if feature and feature != f"x{j}" else ""
        return title(f"Input unit {sym('a', j, 1)} = {sym('x', j)}{name}", "layer 1")
    kind = "Output unit" if ex.y is not None else "Hidden unit"
    return title(f"{kind} {sym('a', j, l)}", f"layer {l}", escape(ex.act or ""))


def z_html(ex: UnitExplained) -> str:
    """zⱼ⁽ˡ⁾ = Θⱼ₀⁽ˡ⁻¹⁾·1 + Σₖ Θⱼₖ⁽ˡ⁻¹⁾aₖ⁽ˡ⁻¹⁾ = (Θ)(1) + (Θ)(a) + … = z (seed eq. 4)."""
    l, j, p = ex.layer, ex.unit, ex.layer - 1
    n_prev = len(ex.z_terms) - 1 if ex.z_terms is not None else None
    if n_prev is not None and n_prev + 1 <= MAX_TERMS:
        symbolic = plus([f"{theta(j, 0, p)}·1"] + [
            f"{theta(j, k, p)}{sym('a', k, p)}" for k in range(1, n_prev + 1)])
    else:
        top = "" if n_prev is None else f"…{n_prev}"
        symbolic = plus([f"{theta(j, 0, p)}·1", f"Σ<sub>k=1{top}</sub> "
                         f"{sym('Θ', _idx(j, 'k'), p)}{sym('a', 'k', p)}"])
    rows = [symbolic]
    if ex.z is None or ex.z_terms is None:
        rows.append(pending(step_name("forward", l)))
    else:
        rows += [_terms(ex.z_terms, first_is_bias=True), _result(ex.z)]
    return _rows(sym("z", j, l), rows, caption="Forward propagation: weighted input")


def a_html(ex: UnitExplained, feature: str | None = None) -> str:
    """aⱼ⁽ˡ⁾ = g(zⱼ⁽ˡ⁾) = sigmoid(z) = a; for the input layer aⱼ⁽¹⁾ = xⱼ = value."""
    l, j = ex.layer, ex.unit
    if l == 1:
        return _rows(sym("a", j, 1), [sym("x", j), _result(ex.a)],
                     caption="Input: feature " + (f"“{escape(feature)}” " if feature else "")
                     + "of this example",
                     note="Layer 1 holds the observed features: there is no δ<sup>(1)</sup>.")
    rows = [f"g({sym('z', j, l)})" + (f" = {sym('z', j, l)}" if ex.act == "linear" else "")]
    if ex.z is None or ex.a is None:
        rows.append(pending(step_name("forward", l)))
    else:
        if ex.act in G_NAMES:
            rows.append(G_NAMES[ex.act].format(z=num(ex.z)))
        rows.append(_result(ex.a))
    return _rows(sym("a", j, l), rows, caption=f"Activation (g = {escape(ex.act or '')})")


def g_prime_rows(ex: UnitExplained) -> tuple[str, list[str]]:
    """g′(zⱼ⁽ˡ⁾) in the activation's own form: sigmoid a(1 − a), tanh 1 − a², ..."""
    l, j = ex.layer, ex.unit
    a, z = sym("a", j, l), sym("z", j, l)
    lhs = g_of(z)
    if ex.g_prime is None or ex.a is None:
        return lhs, [pending(step_name("forward", l))]
    av = paren(ex.a)
    forms = {
        "sigmoid": [f"{a}(1 − {a})", f"{av}(1 − {num(ex.a)})"],
        "tanh": [f"1 − ({a})<sup>2</sup>", f"1 − {av}<sup>2</sup>"],
        "relu": ["1 if " + z + " &gt; 0, else 0"],
    }
    return lhs, forms.get(ex.act or "", []) + [f"<b>{g_prime_text(ex)}</b>"]


def g_prime_text(ex: UnitExplained) -> str:
    """g′ as a number; relu's and linear's are exactly 0 or 1 and are written so."""
    return exact(ex.g_prime) if ex.act in ("relu", "linear") else num(ex.g_prime)


def delta_html(ex: UnitExplained, loss: str = "cross_entropy") -> str:
    """Output: δⱼ⁽ᴸ⁾ = aⱼ⁽ᴸ⁾ − yⱼ (cross-entropy) or (aⱼ − yⱼ)·g′(zⱼ) (mse).
    Hidden: δⱼ⁽ˡ⁾ = (Σᵢ Θᵢⱼ⁽ˡ⁾δᵢ⁽ˡ⁺¹⁾) · g′(zⱼ⁽ˡ⁾), numbers substituted."""
    l, j = ex.layer, ex.unit
    d, a, y = sym("δ", j, l), sym("a", j, l), sym("y", j)
    if ex.y is not None:                                   # the output layer L
        mse = loss == "mse"
        rows = [f"({a} − {y}) · {g_of(sym('z', j, l))}" if mse else f"{a} − {y}"]
        if ex.delta is None:
            rows.append(pending(step_name("output_error")))
        elif mse:
            rows += [f"({num(ex.a)} − {exact(ex.y)}) · {g_prime_text(ex)}", _result(ex.delta)]
        else:
            rows += [f"{num(ex.a)} − {exact(ex.y)}", _result(ex.delta)]
        if mse:
            return _rows(d, rows, caption="Output error (squared-error cost)",
                         more=[g_prime_rows(ex)])
        return _rows(d, rows, caption="Output error",
                     note="Erratum: the seed's step 3 prints “Δ = 0 − y”; it is "
                          "δ<sup>(L)</sup> = a<sup>(L)</sup> − y.")
    n_next = len(ex.back_terms) if ex.back_terms is not None else None
    gz = g_of(sym('z', j, l))
    if n_next is not None and n_next <= MAX_TERMS:
        inner = plus([f"{theta(i, j, l)}{sym('δ', i, l + 1)}" for i in range(1, n_next + 1)])
    else:
        top = "" if n_next is None else f"…{n_next}"
        inner = f"Σ<sub>i=1{top}</sub> {sym('Θ', _idx('i', j), l)}{sym('δ', 'i', l + 1)}"
    rows = [f"({inner}) · {gz}"]
    if ex.delta is None or ex.back_terms is None or ex.g_prime is None:
        rows.append(pending(step_name("backward", l)))
    else:
        gp = g_prime_text(ex)
        rows.append(f"({_terms(ex.back_terms)}) · {gp}")
        if len(ex.back_terms) > 1:
            rows.append(f"{paren(ex.back_sum)} · {gp}")
        rows.append(_result(ex.delta))
    note = (f"Erratum: the seed's intuition figure leaves out the factor {g_of('z')} and "
            "writes Θ<sub>12</sub><sup>(i)</sup> for Θ<sub>12</sub><sup>(2)</sup>.")
    return _rows(d, rows, caption="Back-propagated error", note=note, more=[g_prime_rows(ex)])


def unit_html(ex: UnitExplained, loss: str = "cross_entropy", *,
              feature: str | None = None) -> str:
    """All of a unit's equations (input: a = x; others: z, a, δ with g′)."""
    html = unit_title(ex, feature)
    if ex.layer == 1:
        return html + a_html(ex, feature)
    return html + anchor("z") + z_html(ex) + a_html(ex) + anchor("delta") + delta_html(ex, loss)


def bias_html(l: int, L: int | None = None) -> str:
    """The bias unit a₀⁽ˡ⁾ = 1 (no equation to fill in: it is a constant)."""
    if L is not None and l >= L:
        return title(f"Layer {l} is the output: it has no bias unit.")
    html = title(f"Bias unit {sym('a', 0, l)}", f"layer {l}")
    html += _rows(sym("a", 0, l), ["<b>1</b>"], caption="A constant, added after layer "
                  f"{l} is computed")
    return html + (f"<p><small>It multiplies the bias weights {theta('i', 0, l)} of every unit "
                   f"i of layer {l + 1}. It has no δ: the bias row is dropped when the "
                   "error is propagated back, and D<sub>i0</sub> is not regularised."
                   "</small></p>")


# ---- a weight --------------------------------------------------------------------------

def _delta_step(l_next: int, L: int | None) -> str:
    if L is None:
        return f"δ({l_next})".replace("(", "⁽").replace(")", "⁾")
    return step_name("output_error") if l_next == L else step_name("backward", l_next)


def weight_title(ex: WeightExplained) -> str:
    l, i, j = ex.layer, ex.i, ex.j
    src = f"bias unit {sym('a', 0, l)}" if j == 0 else f"unit {sym('a', j, l)}"
    return title(f"Weight {theta(i, j, l)}", f"from {src} to {sym('a', i, l + 1)}")


def grad_html(ex: WeightExplained, L: int | None = None) -> str:
    """∂cost/∂Θᵢⱼ⁽ˡ⁾ = aⱼ⁽ˡ⁾δᵢ⁽ˡ⁺¹⁾ = (a)(δ) = product for this example (seed eq. 3)."""
    l, i, j = ex.layer, ex.i, ex.j
    rows = [f"{sym('a', j, l)}{sym('δ', i, l + 1)}"]
    if ex.a_j is None:
        rows.append(pending(step_name("forward", l)))
    elif ex.delta_i is None or ex.product is None:
        rows.append(pending(_delta_step(l + 1, L)))
    else:
        rows += [f"{'(1)' if j == 0 else paren(ex.a_j)}{paren(ex.delta_i)}",
                 _result(ex.product)]
    return _rows(f"∂cost/∂{theta(i, j, l)}", rows, caption="This example's gradient (eq. 3)",
                 note="Erratum: the seed prints δ<sup>(l+i)</sup>; it is "
                      "δ<sup>(l+1)</sup>.")


def Delta_html(ex: WeightExplained, in_Delta: int | None = None) -> str:
    """Δᵢⱼ⁽ˡ⁾ = the sum of aⱼ⁽ˡ⁾δᵢ⁽ˡ⁺¹⁾ over the examples of this batch accumulated so far."""
    l, i, j = ex.layer, ex.i, ex.j
    n = ex.batch_n if in_Delta is None else in_Delta
    return _rows(sym("Δ", _idx(i, j), l),
                 [f"Σ<sub>examples</sub> {sym('a', j, l)}{sym('δ', i, l + 1)}",
                  _result(ex.Delta)],
                 caption=f"Accumulated over {n} of the batch's {ex.batch_m} examples")


def D_html(ex: WeightExplained, current: bool = True) -> str:
    """Dᵢⱼ⁽ˡ⁾ = (1/m)Δᵢⱼ⁽ˡ⁾ + (λ/m)Θᵢⱼ⁽ˡ⁾ (j ≠ 0) or (1/m)Δᵢⱼ⁽ˡ⁾ (j = 0).

    current: Δ and Θ are the ones D was computed from (right after the gradient step), so
    the numbers can be substituted; otherwise only D's value is shown."""
    l, i, j = ex.layer, ex.i, ex.j
    D, Dl, T = sym("D", _idx(i, j), l), sym("Δ", _idx(i, j), l), theta(i, j, l)
    # m of the batch D came from (after a short last batch: its size, not the next one's)
    m = ex.D_m if ex.D_m is not None else ex.batch_m
    lam = f"{ex.lam:g}".replace("-", MINUS)   # λ as the user typed it
    rows = [plus([f"(1/m){Dl}"] + ([f"(λ/m){T}"] if j != 0 else []))]
    note = ("j = 0 (bias weight): not regularised." if j == 0 else
            "Erratum: the seed prints “+ λΘ”; only λ/m matches the λ/(2m) of J (the "
            "gradient check confirms it).")
    if ex.D is None:
        rows.append("<i>computed at the gradient step, after the batch's last example</i>")
    elif current:
        sub = plus([f"(1/{m}){paren(ex.Delta)}"]
                   + ([f"({lam}/{m}){paren(ex.theta)}"] if j else []))
        rows += [sub, _result(ex.D)]
    else:
        rows.append(_result(ex.D))
        note = ("From the last gradient step (Θ has been updated since: Θ := Θ − αD). "
                + note)
    return _rows(D, rows, caption=f"Gradient (m = {m}, λ = {lam})", note=note)


def weight_html(ex: WeightExplained, *, L: int | None = None, in_Delta: int | None = None,
                D_current: bool = True) -> str:
    """Θ⁽ˡ⁾ᵢⱼ: its value, this example's aδ, Δ so far and D.

    L names the step that computes a missing δ; in_Delta overrides the count of examples in
    Δ (ex.batch_n: those whose accumulate step is done); D_current says whether Δ and
    Θ are still those D was computed from."""
    html = weight_title(ex)
    html += _rows(theta(ex.i, ex.j, ex.layer), [_result(ex.theta)], caption="Current value")
    return (html + anchor("grad") + grad_html(ex, L) + anchor("Delta") + Delta_html(ex, in_Delta)
            + anchor("D") + D_html(ex, D_current))


def anchor(name: str) -> str:
    """A place the panel scrolls to when the stepper reaches the matching phase."""
    return f"<a name='{name}'></a>"


def label_html(label: str) -> str:
    """A step label from the engine; its double spaces separate clauses, so keep them, and
    g′(z⁽ˡ⁾) stays whole (see g_of)."""
    return escape(label).replace("  ", "&nbsp; ").replace("′(", f"′{WJ}(")


def hint_html(label: str) -> str:
    return f"<p>{HINT}</p><p><small>Last step:</small><br>{label_html(label)}</p>"


def context_html(status: dict) -> str:
    """A small line: which example the numbers belong to and the last step."""
    return (f"<p style='margin-top:14px'><small>Example: row {status['example']} of "
            f"{status['m']} · last step: {label_html(status['label'])}</small></p>")
