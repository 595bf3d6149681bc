"""Why training stopped: the exceptions the Stepper raises, and their messages in words.

A halted step was not applied; every earlier step stays reachable. The message says which
setting to change: the learning rate α, or the regularisation λ when the weight-decay part
of the update, Θ := Θ(1 − αλ/n) − α(1/n)Δ (j ≠ 0), is what overshoots (αλ/n > 2 flips and
grows the weights on every update, whatever α alone would do).
"""

from __future__ import annotations


class TrainingHalted(ArithmeticError):
    """Training cannot go on from here; the step was not applied, earlier ones remain."""

    def __init__(self, message: str, step: int):
        super().__init__(message)
        self.step = step


class NonFiniteError(TrainingHalted):
    """A micro-step produced inf or NaN."""


class DivergenceError(TrainingHalted):
    """The batch cost J rose far above the first batch's: α (or λ) is too large."""


def culprit(alpha: float, lam: float, n: int) -> str:
    """The advice: which of α and λ to lower for a batch of n examples."""
    decay = alpha * lam / n
    if decay > 2.0:
        return (f"The regularisation λ = {lam:g} is too large for the learning rate "
                f"α = {alpha:g}: each update multiplies the weights by 1 − αλ/n = "
                f"{1.0 - decay:.3g} (n = {n} examples a batch), so they grow without bound. "
                f"Lower λ (or α) until αλ/n is below 2.")
    return f"The learning rate α = {alpha:g} is probably too large; lower it."


def nonfinite_message(name: str, step: int, kind: str, epoch: int, pos: int, batch: int,
                      advice: str) -> str:
    """`name` (e.g. "z⁽³⁾") became inf or NaN at 1-based micro-step `step`; 0-based place."""
    return (f"{name} became infinite or NaN at micro-step {step} ({kind}, epoch {epoch + 1}, "
            f"example {pos + 1} of batch {batch + 1}). Training stopped; every earlier step "
            f"is still reachable. {advice}")


def divergence_message(J0: float, J: float, epoch: int, batch: int, advice: str) -> str:
    return (f"Training is diverging: the cost J rose from {J0:.4g} (first batch) to {J:.4g} "
            f"at batch {batch + 1} of epoch {epoch + 1}; every earlier step is still "
            f"reachable. {advice}")
