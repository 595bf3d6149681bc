"""The gradient check's verdict in words, computed from its numbers (check_result says what
they are). For the lecture's printed formula D = (1/m)Δ + λΘ at λ > 0 it says which term is
wrong, why, and by how much, as measured on the checked weights."""

from __future__ import annotations

import numpy as np

from .notation import layer, sub

THRESHOLD = 1e-7


def weight_name(l: int, i: int, j: int) -> str:
    """Θᵢⱼ⁽ˡ⁾ as text (seed indices): weight_name(2, 1, 3) == 'Θ⁽²⁾₁,₃'."""
    return f"Θ{layer(l)}{sub(i)},{sub(j)}"


def explain(res) -> str:
    """One paragraph for the check `res` (a GradientCheckResult): the verdict, then why."""
    verdict = _verdict(res)
    if res.formula == "seed":
        return f"{verdict} {_seed_formula(res)}"
    if res.passed:
        return f"{verdict} D from backpropagation agrees with the numerical gradient."
    return f"{verdict} {_worst(res)}{_hints(res)}"


def _verdict(res) -> str:
    which = (f"a random sample of {res.n_checked:,} of the {res.n_weights:,} weights "
             f"(seed {res.seed})" if res.sampled else f"all {res.n_weights:,} weights")
    cmp = "<" if res.passed else "≥"
    return (f"The check {'passes' if res.passed else 'fails'}: ‖D − numerical‖ / "
            f"‖D + numerical‖ = {res.overall:.2g} {cmp} {_sci(THRESHOLD)} over {which} "
            f"(ε = {res.eps:g}).")


def _sci(x: float) -> str:
    """1e-07 → '1e-7'."""
    mant, _, exp = f"{x:.0e}".partition("e")
    return f"{mant}e{int(exp)}"


def _seed_formula(res) -> str:
    printed = "The lecture prints D = (1/m)Δ + λΘ for j ≠ 0"
    if res.lam == 0:
        return (f"{printed}; the corrected formula is (1/m)Δ + (λ/m)Θ. At λ = 0 there is no "
                "λ-term and the two agree; choose λ > 0 to see the printed one fail.")
    if res.m == 1:
        return (f"{printed}; the corrected formula is (1/m)Δ + (λ/m)Θ. With one example "
                "(m = 1) λΘ and (λ/m)Θ are the same, so the printed formula cannot be told "
                "apart here; use more examples to see it fail.")
    c = res.lambda_factor
    text = (f"{printed}, but the cost's λ/(2m) ΣΘ² differentiates to (λ/m)Θ, so the printed "
            f"formula is off by a factor m on the regularisation term: here m = {res.m:,}, "
            f"so D's λ-term is {res.m:,}× too large.")
    if c is None:
        return text + " (Every checked weight with j ≠ 0 is 0, so that term vanishes here.)"
    text += (f" Measured on the checked weights with j ≠ 0: D − numerical = "
             f"{c - 1:.6g} · (λ/m)Θ, so D's λ-term is {c:.6g}× the cost's.")
    bias = res._flat(res.rel_diff, bias=True)
    if bias.size:
        text += (" The bias weights (j = 0) are not regularised, and there D agrees with the "
                 f"numerical gradient (largest relative difference {np.max(bias):.1g}).")
    return text + " The fix: D = (1/m)Δ + (λ/m)Θ."


def _worst(res) -> str:
    l, i, j, D, num, r = res.worst(1)[0]
    return (f"D from backpropagation and the numerical gradient disagree most at "
            f"{weight_name(l, i, j)}: D = {D:.6g}, numerical = {num:.6g} (relative difference "
            f"{r:.1e}).")


def _hints(res) -> str:
    hints = []
    c = res.lambda_factor
    if c is not None and abs(c - 1) > 0.05:  # a gap shaped like the λ-term: say so
        hints.append(f"D − numerical looks like a wrong λ-term: D's measures {c:.4g}× the "
                     "(λ/m)Θ the cost differentiates to.")
    if "relu" in res.acts[:-1] or res.acts[-1] == "relu":
        hints.append("The network has ReLU units: where a unit's z is within the step's reach "
                     "of 0 the central difference straddles the kink, where g′ jumps, and "
                     "cannot match there; a smaller ε avoids it.")
    if res.eps > 1e-2:
        hints.append(f"ε = {res.eps:g} is large: the central difference's own error grows "
                     "as ε²; 1e-4 is usual.")
    return "".join(" " + h for h in hints)
