"""Which micro-step computes an equation of the lecture, for the example the stepper is on.

The lecture's page links each equation to the line of the algorithm that computes it
(forward l, output error, backward l, accumulate, gradient, update, and "Δ := 0" at the
start of the batch); a click sends the stepper there. The arithmetic is the schedule's
(see schedule.py): one example takes E = 2L − 1 micro-steps, in the order

    sub = 0 … L − 2    forward l = sub + 2
    sub = L − 1        output error (δ⁽ᴸ⁾)
    sub = L … 2L − 3   backward l = 2L − 1 − sub   (l = L − 1 … 2)
    sub = 2L − 2       accumulate

so the state right after "kind" for the example at position p of global batch B is
    K = batch_start(B) + p·E + sub + 1
and after the batch's gradient and update K = batch_start(B) + n·E + 1 and + 2 (n examples
in the batch); "batch_start" is K = batch_start(B) itself (Δ⁽ˡ⁾ = 0, nothing done yet).

"The current example" is that of the last micro-step taken (the one on the canvas); after a
batch's gradient it is the batch's last example, and after an update, or before the first
step, the example the stepper has loaded next.
"""

from __future__ import annotations

from .schedule import Schedule

EXAMPLE_KINDS = ("forward", "output_error", "backward", "accumulate")
BATCH_KINDS = ("batch_start", "gradient", "update")
LINK_KINDS = EXAMPLE_KINDS + BATCH_KINDS


def current_position(schedule: Schedule, k: int, k0: int = 0) -> tuple[int, int]:
    """(global batch B, example position p in it) of the example the stepper is on after
    k micro-steps (see the module docstring); k0 is the stepper's first step."""
    if k > k0:
        last = schedule.locate(k - 1)
        if last.kind != "update":
            pos = last.pos if last.kind in EXAMPLE_KINDS else last.pos - 1
            return last.global_batch, pos
    where = schedule.locate(k)
    return where.global_batch, min(where.pos, schedule.batch_len(where.batch) - 1)


def step_of(schedule: Schedule, k: int, kind: str, layer: int | None = None,
            k0: int = 0) -> int:
    """The step count K after which micro-step `kind` (of layer `layer` for forward and
    backward) of the current example has just been done; see the module docstring.

    schedule: the stepper's; k: steps taken now; k0: the stepper's first step. ValueError
    for a kind or layer this network has not."""
    L = schedule.L
    if kind not in LINK_KINDS:
        raise ValueError(f"there is no micro-step called {kind!r}; the steps are "
                         f"{', '.join(LINK_KINDS)}")
    if kind == "forward" and not (isinstance(layer, int) and 2 <= layer <= L):
        raise ValueError(f"forward propagation computes layers 2 … {L}, not {layer!r}")
    if kind == "backward" and not (isinstance(layer, int) and 2 <= layer <= L - 1):
        which = f"layers 2 … {L - 1}" if L > 2 else "no layer (there is no hidden layer)"
        raise ValueError(f"back-propagation computes {which}, not layer {layer!r}")
    B, p = current_position(schedule, k, k0)
    start = schedule.batch_start(B)
    E = schedule.per_example
    if kind == "batch_start":
        return start
    if kind in ("gradient", "update"):
        n = schedule.batch_len(B % schedule.n_batches)
        return start + n * E + (1 if kind == "gradient" else 2)
    sub = {"forward": (layer or 0) - 2, "output_error": L - 1,
           "backward": 2 * L - 1 - (layer or 0), "accumulate": 2 * L - 2}[kind]
    return start + p * E + sub + 1


def equation_step(model, kind: str, layer: int | None = None) -> int:
    """The global step K (what StudioModel.seek takes) of `kind` for the current example of
    `model` (a StudioModel), computed in the schedule of the segment it is in."""
    seg = model.timeline.segment
    st = seg.stepper
    local = step_of(st.schedule, st.k, kind, layer, st.k0)
    return max(0, seg.K_begin + (local - seg.k_begin))
