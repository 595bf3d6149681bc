"""The cost of the batch so far, as the same quantity as the batch's J(Θ).

The stepper sums the examples' cost(i) as it goes (J_so_far = (1/n) Σ cost(i) over the n
examples seen, no λ term); the batch's J(Θ) at the gradient step adds the λ term:

    J(Θ) = (1/b) Σᵢ cost(i) + λ/(2b) Σₗ Σᵢ Σ_{j≥1} (Θᵢⱼ⁽ˡ⁾)²      (b examples in the batch)

Plotting the first beside the second put two different quantities on one axis (XOR,
λ = 1: 0.741 and 1.711 at the end of a batch). `running_J` adds the same λ term (Θ does not
change within a batch) to the data part, so at the batch's last example it equals J(Θ).
"""

from __future__ import annotations

from . import losses


def running_J(stepper) -> tuple[float, float] | None:
    """(data part (1/n) Σ cost(i) over the n examples seen, λ term λ/(2b) ΣΘ² of this
    batch) or None before the batch's first output error; their sum is "J so far"."""
    if not stepper.seen:
        return None
    b = stepper.schedule.batch_len(stepper.peek().batch)
    return stepper.J_sum / stepper.seen, losses.regularization(stepper.thetas, stepper.lam, b)


def J_so_far(stepper) -> float | None:
    """Data part + λ term of running_J (None before the batch's first output error)."""
    parts = running_J(stepper)
    return None if parts is None else parts[0] + parts[1]
