"""The lecture page as HTML: the bundled text (resources/help/lecture.html) with the
equations of the network on the canvas filled in, each with a link to its micro-step, and
the notes on the lecture's misprints (DESIGN.md section 2), each with its evidence.

Links: "step:KIND" or "step:KIND:LAYER" (KIND as bpengine.lecture_steps: forward,
output_error, backward, accumulate, batch_start, gradient, update), "check:corrected" and
"check:seed" (run the gradient check, with the printed D for "seed"), "set:lam=1".
Anchors: top, cost, forward, output_error, backward, eq3, accumulate, gradient, update,
check, intuition, errata and erratum-NAME.
"""

from __future__ import annotations

from app.help.pages import read

# the section F1 opens for the micro-step just taken (None: before the first)
SECTION_OF = {"forward": "forward", "output_error": "output_error", "backward": "backward",
              "accumulate": "accumulate", "gradient": "gradient", "update": "update",
              None: "top"}


def L_(l) -> str:
    return f"<sup>({l})</sup>"


def link(kind: str, layer: int | None = None, text: str = "▸&nbsp;step") -> str:
    href = f"step:{kind}" + (f":{layer}" if layer is not None else "")
    return f"<a href='{href}'>{text}</a>"


def _rows(rows: list[tuple[str, str]]) -> str:
    """Equations with their links, one a row, the links in a column of their own."""
    cells = "".join(f"<tr><td style='padding-right:18px'>{eq}</td><td>{ln}</td></tr>"
                    for eq, ln in rows)
    return f"<table cellspacing='0' cellpadding='3' style='margin-left:24px'>{cells}</table>"


def forward_html(L: int, acts: list[str]) -> str:
    rows = [(f"a{L_(1)} = x", "")]
    for l in range(2, L + 1):
        bias = f"; &nbsp;add a<sub>0</sub>{L_(l)} = 1" if l < L else " = h<sub>Θ</sub>(x)"
        rows.append((f"z{L_(l)} = Θ{L_(l - 1)}a{L_(l - 1)}, &nbsp; a{L_(l)} = g(z{L_(l)})"
                     f"{bias} &nbsp;<small>(g = {acts[l - 2]})</small>", link("forward", l)))
    return _rows(rows)


def output_html(L: int, loss: str) -> str:
    if loss == "mse":
        eq = (f"δ{L_(L)} = (a{L_(L)} − y) ⊙ g′(z{L_(L)}) &nbsp;<small>(the squared-error "
              "cost chosen in Settings; with the lecture's cross-entropy it is a − y)</small>")
    else:
        eq = f"δ{L_(L)} = a{L_(L)} − y"
    return _rows([(eq, link("output_error"))])


def backward_html(L: int) -> str:
    if L < 3:
        return "<p style='margin-left:24px'><i>This network has no hidden layer: there is " \
               "nothing to back-propagate.</i></p>"
    return _rows([(f"δ{L_(l)} = (Θ{L_(l)})<sup>T</sup>δ{L_(l + 1)} ⊙ g′(z{L_(l)})",
                   link("backward", l)) for l in range(L - 1, 1, -1)])


ERRATUM_FILL = "#fff4e0"     # behind a note on a misprint (light page; the page may pass
#                              its theme's own, a dark page a dark one)


def _box(name: str, title: str, printed: str, corrected: str, evidence: str,
         fill: str = ERRATUM_FILL) -> str:
    """A note on one misprint; `corrected` is "formula: why" (the formula set in bold)."""
    formula, _, why = corrected.partition(": ")
    why = f": {why}" if why else ""
    return (f"<a name='erratum-{name}'></a>"
            f"<table width='100%' cellpadding='8' style='background-color:{fill}; "
            "margin-top:6px; margin-bottom:10px'><tr><td>"
            f"<b>⚠ Misprint in the notes: {title}</b><br>"
            f"Printed: {printed}<br>Corrected: <b>{formula}</b>{why}<br>"
            f"<small>Evidence: {evidence}</small></td></tr></table>")


def errata(lam: float, fill: str = ERRATUM_FILL) -> dict[str, str]:
    """The notes on each misprint, by the place they go on the page (on `fill`)."""
    set_lam = "" if lam > 0 else " (λ is 0 now: <a href='set:lam=1'>set λ = 1</a> first)"

    def box(*args: str) -> str:
        return _box(*args, fill=fill)
    return {
        "output": box(
            "output", "the output error (step 3)",
            f"δ{L_('L')} = Δ<sub>ij</sub>{L_('l')} = 0 − y<sup>(i)</sup>",
            f"δ{L_('L')} = a{L_('L')} − y<sup>(i)</sup>: as the notes write it for one "
            "example",
            "D computed from a − y agrees with the numerical gradient: "
            "<a href='check:corrected'>run the gradient check</a>."),
        "eq3": box(
            "eq3", "equation (3)",
            f"∂J/∂Θ<sub>ij</sub>{L_('l')} = a<sub>j</sub>{L_('l')}δ<sub>i</sub>{L_('l+i')}",
            f"a<sub>j</sub>{L_('l')}δ<sub>i</sub>{L_('l+1')}: the error of the unit the "
            "weight feeds, one layer on (the notes' step 5 has it right)",
            "the accumulators built from it give a D that passes the "
            "<a href='check:corrected'>gradient check</a>."),
        "lambda": box(
            "lambda", "the regularisation term of D",
            f"D<sub>ij</sub>{L_('l')} = (1/m)Δ<sub>ij</sub>{L_('l')} + "
            f"λΘ<sub>ij</sub>{L_('l')} for j ≠ 0",
            f"(1/m)Δ<sub>ij</sub>{L_('l')} + (λ/m)Θ<sub>ij</sub>{L_('l')}: the cost's "
            "(λ/2m)ΣΘ² differentiates to (λ/m)Θ; the printed term is m times too large",
            f"<a href='check:seed'>check the printed formula</a>{set_lam}: it fails for "
            "every λ > 0 with more than one example, and the panel measures its λ-term as m "
            "times the cost's, while the bias weights (no λ-term) still agree."),
        "intuition": box(
            "intuition", "the figure of back-propagation",
            f"δ<sub>2</sub>{L_(2)} = Θ<sub>12</sub>{L_('i')}δ<sub>1</sub>{L_(3)} + "
            f"Θ<sub>22</sub>{L_(3)}δ<sub>2</sub>{L_(3)}",
            f"(Θ<sub>12</sub>{L_(2)}δ<sub>1</sub>{L_(3)} + "
            f"Θ<sub>22</sub>{L_(2)}δ<sub>2</sub>{L_(3)}) · g′(z<sub>2</sub>{L_(2)}): the "
            "weights from layer 2 to layer 3 are Θ⁽²⁾, and the slope g′ multiplies the sum, "
            "as in the vector formula",
            "the stepper's backward step computes it this way and its D passes the "
            "<a href='check:corrected'>gradient check</a>."),
        "cost": box(
            "cost", "the cost of one example, equation (5)",
            "cost(i) = y<sup>(i)</sup> log h<sub>Θ</sub>(x<sup>(i)</sup>) + "
            "(1 − y<sup>(i)</sup>) log(1 − h<sub>Θ</sub>(x<sup>(i)</sup>))",
            "cost(i) = −[ … ]: the minus sign of equation (1); without it cost(i) is "
            "≤ 0 and grows as the prediction gets better",
            "J = (1/m) Σ cost(i) (+ the λ term) is what the Cost plot shows falling, and "
            "δ⁽ᴸ⁾ = a − y is the derivative of the signed cost."),
    }


def lecture_html(sizes: list[int], acts: list[str], loss: str, lam: float,
                 title: str, fill: str = ERRATUM_FILL) -> str:
    """The page for a network of `sizes` (layers 1 … L) with `acts` (layers 2 … L); the
    notes on misprints on `fill`."""
    L = len(sizes)
    html = read("lecture.html")
    notes = errata(lam, fill)
    network = (f"<b>{'-'.join(str(s) for s in sizes)}</b> (L = {L} layers; "
               f"{', '.join(dict.fromkeys(acts))} units) on {title}")
    fills = {
        "<!--NETWORK-->": network,
        "<!--FORWARD-->": forward_html(L, acts),
        "<!--OUTPUT-->": output_html(L, loss),
        "<!--BACKWARD-->": backward_html(L),
        "<!--LINK batch_start-->": link("batch_start"),
        "<!--LINK forward-->": link("forward", 2),
        "<!--LINK output_error-->": link("output_error"),
        "<!--LINK backward-->": link("backward", L - 1) if L >= 3 else "",
        "<!--LINK backward2-->": link("backward", 2) if L >= 3 else "",
        "<!--LINK accumulate-->": link("accumulate"),
        "<!--LINK gradient-->": link("gradient"),
        "<!--LINK update-->": link("update"),
        "<!--ERRATA-->": _summary(),
    }
    for name, box in notes.items():
        fills[f"<!--ERRATUM {name}-->"] = box
    html = html.replace("<!--ERRATUM intuition-->", "<!--ERRATUM intuition-->"
                        "<!--ERRATUM cost-->")
    for marker, text in fills.items():
        html = html.replace(marker, text)
    return html


def _summary() -> str:
    items = (("output", "the output error: a − y, not 0 − y"),
             ("eq3", "equation (3): δ⁽ˡ⁺¹⁾, not δ⁽ˡ⁺ⁱ⁾"),
             ("lambda", "D: + (λ/m)Θ, not + λΘ"),
             ("intuition", "the figure: Θ⁽²⁾ and the factor g′(z₂⁽²⁾)"),
             ("cost", "equation (5): the minus sign"))
    return "<ul>" + "".join(f"<li><a href='#erratum-{n}'>{t}</a></li>" for n, t in items) \
        + "</ul>"
