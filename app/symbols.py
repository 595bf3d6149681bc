"""What each symbol of the lecture means, in one sentence: the one place every tooltip takes
its explanation from (canvas units and weights, the banner, the inspector, the settings,
the plot legends, the matrices, the gradient check, the lecture page).

`tip(symbol)` is the sentence; `symbols_in(text)` finds the symbols a piece of text uses
(in order, once each); `tips_for(text)` joins their sentences; `symbol_at(text, i)` is the
symbol written at character i (for hovering over rich text).

Greek symbols count wherever they appear. A Latin one (a, z, D, J, m, g, x, y, h) counts
only when written as a symbol: followed by an index or a bracket (a⁽²⁾, a1(2), g(z), g′, x₁)
or as "/m" — so the "a" of "a unit" and the "D" of "Data" do not.
"""

from __future__ import annotations

SYMBOLS: dict[str, str] = {
    "a": "a — activation: what a unit outputs, a = g(z). a⁽¹⁾ = x is the input; "
         "a₀⁽ˡ⁾ = 1 is the bias unit every layer but the last adds.",
    "z": "z — weighted input of a unit: z⁽ˡ⁺¹⁾ = Θ⁽ˡ⁾a⁽ˡ⁾, the sum of its inputs times "
         "their weights, before the activation g.",
    "δ": "δ — error of a unit: δ = ∂cost/∂z, how much this example's cost changes with the "
         "unit's z. At the output δ⁽ᴸ⁾ = a⁽ᴸ⁾ − y; back-propagated, "
         "δ⁽ˡ⁾ = (Θ⁽ˡ⁾)ᵀδ⁽ˡ⁺¹⁾ ⊙ g′(z⁽ˡ⁾).",
    "Δ": "Δ — accumulator: Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ sums each example's aⱼδᵢ over "
         "the batch; it starts at 0 with every batch.",
    "D": "D — gradient: D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾ (bias column j = 0 without the λ "
         "term), equal to ∂J/∂Θ⁽ˡ⁾ — the gradient check measures it.",
    "Θ": "Θ — weights: Θᵢⱼ⁽ˡ⁾ multiplies unit j of layer l on its way into unit i of "
         "layer l + 1; Θ⁽ˡ⁾ is s_(l+1) × (s_l + 1), column j = 0 the bias.",
    "λ": "λ — regularisation strength: J adds λ/(2m) ΣΘ² and D adds (λ/m)Θ (the bias "
         "weights j = 0 excluded). The lecture prints + λΘ in D: a misprint.",
    "m": "m — the number of examples the sums run over: the whole training set in the "
         "lecture's algorithm, else the batch.",
    "α": "α — learning rate: every update does Θ := Θ − αD.",
    "g′": "g′ — the derivative of the activation g at z: a(1 − a) for the sigmoid, "
          "1 − a² for tanh, 0 or 1 for ReLU, 1 for linear units.",
    "g": "g — the activation function of a layer (sigmoid, tanh, ReLU or linear): "
         "a = g(z).",
    "J": "J — the cost J(Θ): the average over the m examples of cost(i) (cross-entropy in "
         "the lecture, eq. 1), plus the regularisation term λ/(2m) ΣΘ².",
    "x": "x — the input of one example: a⁽¹⁾ = x, one unit per feature.",
    "y": "y — the target of one example: 0 or 1 with one output unit, else one-hot over "
         "the K classes.",
    "h": "h — the network's output h_Θ(x) = a⁽ᴸ⁾ for an input x.",
}

GREEK = ("δ", "Δ", "Θ", "λ", "α")
# what may follow a Latin letter written as a symbol: an index, a bracket, a prime
_DECORATION = set("⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹ⁱˡᴸ⁺⁻₀₁₂₃₄₅₆₇₈₉ᵢⱼₖ₊₋()′'ᵀ0123456789_")
_WORD = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def tip(symbol: str) -> str:
    """The sentence for `symbol` (KeyError for a symbol that has none)."""
    return SYMBOLS[symbol]


def tips(*symbols: str) -> str:
    """The sentences of several symbols, one a line."""
    return "\n".join(SYMBOLS[s] for s in symbols)


def _occurrences(text: str):
    """(start, end, symbol) of each symbol written in text; end is past its decoration."""
    n, i = len(text), 0
    while i < n:
        c = text[i]
        sym = None
        if c == "g" and i + 1 < n and text[i + 1] in "′'":
            sym = "g′"
        elif c in GREEK:
            sym = c
        elif c in SYMBOLS and c not in GREEK:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if before not in _WORD and after not in _WORD and (
                    after in _DECORATION or before == "/"):
                sym = c
        if sym is None:
            i += 1
            continue
        end = i + len(sym)
        while end < n and text[end] in _DECORATION and text[end] not in "()":
            end += 1
        yield i, end, sym
        i = i + len(sym)


def symbols_in(text: str) -> list[str]:
    """The symbols `text` writes, in order of first appearance, each once."""
    seen: list[str] = []
    for _, _, sym in _occurrences(text):
        if sym not in seen:
            seen.append(sym)
    return seen


def tips_for(text: str) -> str:
    """The sentences of every symbol in `text` ("" when there is none)."""
    return tips(*symbols_in(text))


def symbol_at(text: str, i: int) -> str | None:
    """The symbol written at character i of text (its letter or its indices), or None."""
    for start, end, sym in _occurrences(text):
        if start <= i < end:
            return sym
        if start > i:
            break
    return None
