"""Where micro-step k falls: epoch, batch, example position and the seed line it runs.

The sequence is fixed by m, the batch size and L, so the position of any step is pure
arithmetic; the Stepper never stores the sequence. One example takes E = 2L − 1
micro-steps: forward l = 2 … L (L − 1), output error (1), backward l = L−1 … 2 (L − 2),
accumulate (1). A batch of b examples then adds `gradient` and `update`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from .notation import layer as sl

KINDS = ("forward", "output_error", "backward", "accumulate", "gradient", "update")


@dataclass(frozen=True)
class Position:
    """Micro-step k in coordinates. `layer` is the seed's 1-based layer, or None."""

    epoch: int
    batch: int          # index of the batch within its epoch
    global_batch: int   # batches begun before this one, over all epochs
    pos: int            # position of the example within the batch (== batch size at its end)
    kind: str
    layer: int | None


@dataclass(frozen=True)
class Schedule:
    """The step arithmetic of m examples in batches of batch_size for an L-layer network.
    The derived counts are cached: batch_start and locate run on every batch and step."""

    m: int
    batch_size: int
    L: int

    @cached_property
    def per_example(self) -> int:
        return 2 * self.L - 1

    @cached_property
    def n_batches(self) -> int:
        return -(-self.m // self.batch_size)

    def batch_len(self, batch: int) -> int:
        """Examples in batch `batch` of an epoch (the last may be short)."""
        return min(self.batch_size, self.m - batch * self.batch_size)

    def batch_steps(self, batch: int) -> int:
        return self.batch_len(batch) * self.per_example + 2

    @cached_property
    def per_epoch(self) -> int:
        return self.m * self.per_example + 2 * self.n_batches

    @cached_property
    def _full(self) -> int:
        """Micro-steps of a whole (not the last, short) batch."""
        return self.batch_size * self.per_example + 2

    def batch_start(self, global_batch: int) -> int:
        """Step index at which global batch B begins."""
        epoch, batch = divmod(global_batch, self.n_batches)
        return epoch * self.per_epoch + batch * self._full

    def boundary_before(self, k: int, reach: int) -> int:
        """The last place in (k, reach] where a frame of play may stop so that every frame
        shows the same moment of training. A frame that holds two whole batches or more
        stops right after a batch's gradient step (D⁽ˡ⁾ just computed, the batch's last δ
        still shown); one that holds an example or more, right after an example's backward
        pass (its δ all computed, Θ unchanged: Δ has not taken it in yet) or, when none is in
        reach across a batch's end, after that batch's gradient step; a shorter one at
        `reach` itself (each micro-step is shown). Two batches, not one: a frame of one to
        two batches stopping at the one gradient step in reach took as little as 2 steps.

        With e = per_example, b the start of the batch that holds step `reach` and n its
        examples: example j's backward pass ends at b + j·e − 1 (its accumulate step is
        the e-th), the batch's gradient state is b + n·e + 1; the batch before it has its
        gradient state at b − 1 and its last example's δ at b − 3."""
        w = self.locate(reach)
        start = self.batch_start(w.global_batch)
        e, n = self.per_example, self.batch_len(w.batch)
        if reach - k >= 2 * self._full:
            after_gradient = start + n * e + 1
            return after_gradient if after_gradient <= reach else start - 1
        if reach - k >= e:
            done = min((reach - start + 1) // e, n)
            last_delta = start + done * e - 1 if done else start - 3
            if last_delta > k:
                return last_delta
            if k < start - 1:     # across a batch's end the δ stops are e + 2 apart: its
                return start - 1  # gradient state (its last δ still shown) is between
        return reach

    def locate(self, k: int) -> Position:
        """The position of micro-step k (0-based: the (k+1)-th step taken)."""
        epoch, r = divmod(k, self.per_epoch)
        full = self._full
        batch = min(r // full, self.n_batches - 1)
        r -= batch * full
        pos, sub = divmod(r, self.per_example)
        n = self.batch_len(batch)
        gb = epoch * self.n_batches + batch
        if pos >= n:
            kind = "gradient" if r == n * self.per_example else "update"
            return Position(epoch, batch, gb, n, kind, None)
        L = self.L
        if sub < L - 1:
            return Position(epoch, batch, gb, pos, "forward", sub + 2)
        if sub == L - 1:
            return Position(epoch, batch, gb, pos, "output_error", L)
        if sub < 2 * L - 2:
            return Position(epoch, batch, gb, pos, "backward", L - 1 - (sub - L))
        return Position(epoch, batch, gb, pos, "accumulate", None)


# label and touched are cached: the Stepper describes every micro-step it takes, the same
# few (kind, layer) over and over, and formatting these strings was ~20% of a micro-step

@lru_cache(maxsize=1024)
def label(kind: str, layer: int | None, L: int, loss: str = "cross_entropy") -> str:
    """The seed's line for a micro-step, in its notation (1-based layers)."""
    if kind == "forward":
        text = f"z{sl(layer)} = Θ{sl(layer - 1)}a{sl(layer - 1)},  a{sl(layer)} = g(z{sl(layer)})"
        if layer == 2:
            text = f"a{sl(1)} = x⁽ⁱ⁾;  " + text
        return text + (f";  add a₀{sl(layer)} = 1" if layer < L else "")
    if kind == "output_error":
        if loss == "mse":
            return f"δ{sl(L)} = (a{sl(L)} − y⁽ⁱ⁾) ⊙ g′(z{sl(L)})"
        return f"δ{sl(L)} = a{sl(L)} − y⁽ⁱ⁾"
    if kind == "backward":
        return f"δ{sl(layer)} = (Θ{sl(layer)})ᵀδ{sl(layer + 1)} ⊙ g′(z{sl(layer)})"
    if kind == "accumulate":
        return f"Δ⁽ˡ⁾ := Δ⁽ˡ⁾ + δ⁽ˡ⁺¹⁾(a⁽ˡ⁾)ᵀ  for l = 1 … {L - 1}"
    if kind == "gradient":
        return "D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ + (λ/m)Θ⁽ˡ⁾ (j ≠ 0),  D⁽ˡ⁾ = (1/m)Δ⁽ˡ⁾ (j = 0)"
    if kind == "update":
        return "Θ⁽ˡ⁾ := Θ⁽ˡ⁾ − αD⁽ˡ⁾"
    raise ValueError(f"unknown step kind {kind!r}")


@lru_cache(maxsize=1024)
def touched(kind: str, layer: int | None, L: int) -> tuple[tuple[str, ...], tuple[int, ...]]:
    """(quantities written, seed layers l whose Θ⁽ˡ⁾ edges carry the values) for a step.

    forward l reads Θ⁽ˡ⁻¹⁾ (edges into layer l); backward l reads Θ⁽ˡ⁾ (edges out of layer
    l, as the seed's intuition figure colours Θ₁₂δ₁ and Θ₂₂δ₂); the batch-wide steps touch
    every Θ⁽ˡ⁾.
    """
    every = tuple(range(1, L))
    if kind == "forward":
        return (f"z{sl(layer)}", f"a{sl(layer)}"), (layer - 1,)
    if kind == "output_error":
        return (f"δ{sl(L)}",), ()
    if kind == "backward":
        return (f"δ{sl(layer)}",), (layer,)
    symbol = {"accumulate": "Δ", "gradient": "D", "update": "Θ"}[kind]
    return tuple(f"{symbol}{sl(l)}" for l in every), every
