"""The network edits a user makes, as new configurations with a name a person reads.

Each function takes the current StudioConfig and the layer sizes [s₁, …, s_L] and returns
(text, new config), or raises EditRefused saying in words why the edit cannot be made.
Layer numbers are the seed's, 1-based.
"""

from __future__ import annotations

from .config import MAX_HIDDEN_LAYERS, SCALINGS, StudioConfig

LOSS_NAMES = {"cross_entropy": "cross-entropy", "mse": "squared error"}


class EditRefused(ValueError):
    """An edit that cannot be made; the message says why, in words."""


def add_layer(c: StudioConfig, sizes: list[int], after: int) -> tuple[str, StudioConfig]:
    """Insert a hidden layer after seed layer `after` (1 … L − 1): as wide as the layer
    before it (or up to 8 after the input), with its activation."""
    L = len(sizes)
    if len(c.hidden) >= MAX_HIDDEN_LAYERS:
        raise EditRefused(f"At most {MAX_HIDDEN_LAYERS} hidden layers are supported.")
    if _not_whole(after) or not 1 <= after <= L - 1:
        raise EditRefused(f"Cannot add a layer after layer {after}: layers are 1 … {L}.")
    size = c.hidden[after - 2] if after >= 2 else max(2, min(sizes[0], 8))
    act = c.acts[after - 2] if 2 <= after and after - 2 < len(c.hidden) else "sigmoid"
    return (f"Add layer {after + 1}",
            c.with_(hidden=c.hidden[:after - 1] + (size,) + c.hidden[after - 1:],
                    acts=c.acts[:after - 1] + (act,) + c.acts[after - 1:]))


def remove_layer(c: StudioConfig, sizes: list[int], l: int, names) -> tuple[str, StudioConfig]:
    _hidden(sizes, l, "remove", names)
    return (f"Remove layer {l}", c.with_(hidden=c.hidden[:l - 2] + c.hidden[l - 1:],
                                         acts=c.acts[:l - 2] + c.acts[l - 1:]))


def resize(c: StudioConfig, sizes: list[int], l: int, by: int, names) -> tuple[str, StudioConfig]:
    """One unit more (by = +1) or fewer (−1) in hidden layer l."""
    verb = "add a unit to" if by > 0 else "remove a unit from"
    _hidden(sizes, l, verb, names)
    hidden = list(c.hidden)
    if hidden[l - 2] + by < 1:
        raise EditRefused(f"Layer {l} has only one unit; remove the layer instead.")
    hidden[l - 2] += by
    return f"{verb[0].upper()}{verb[1:]} layer {l}", c.with_(hidden=tuple(hidden))


def set_activation(c: StudioConfig, sizes: list[int], l: int, name: str):
    if _not_whole(l) or not 2 <= l <= len(sizes):
        raise EditRefused("Layer 1 is the input: it has no activation." if l == 1 else
                          f"There is no layer {l}.")
    acts = list(c.acts)
    acts[l - 2] = name
    return f"Layer {l}: {name}", c.with_(acts=tuple(acts))


def settings_text(changes: dict) -> str:
    """"α = 0.5, λ = 1": the changed settings in the lecture's symbols and in words."""
    return ", ".join(_setting(k, v) for k, v in changes.items())


def _setting(key: str, v) -> str:
    if key == "alpha":
        return f"α = {v:g}"
    if key == "lam":
        return f"λ = {v:g}"
    if key == "batch_size":
        return ("Batch: all m examples" if v is None else
                "Batch: one example at a time" if v == 1 else f"Batch: mini-batches of {v}")
    if key == "shuffle":
        return f"Shuffle each epoch: {'on' if v else 'off'}"
    if key == "seed":
        return f"Seed = {v}"
    if key == "loss":
        return f"Cost: {LOSS_NAMES.get(v, v)}"
    if key == "acts":
        return f"Activations: {', '.join(dict.fromkeys(v))}"
    if key == "hidden":
        return f"Hidden layers: {'-'.join(map(str, v)) or 'none'}"
    if key == "scaling":
        return f"Feature scaling: {SCALINGS.get(v, v)}"
    if key == "validation":
        return f"Validation: {v:.0%} held out" if v else "Validation: none"
    if key == "split_seed":
        return f"Split seed = {v}"
    return f"{key} = {v}"


def _not_whole(x) -> bool:
    return isinstance(x, bool) or not isinstance(x, int)


def _hidden(sizes: list[int], l, verb: str, names) -> None:
    """EditRefused unless l is a hidden layer; `names` = (dataset name, its n, K)."""
    L = len(sizes)
    if not _not_whole(l) and 2 <= l <= L - 1:
        return
    name = names[0]
    if l == 1:
        raise EditRefused(f"Cannot {verb} layer 1: it is the input, and its {sizes[0]} units "
                          f"are the {sizes[0]} features of “{name}”.")
    if l == L:
        raise EditRefused(f"Cannot {verb} layer {l}: it is the output, and its {sizes[-1]} "
                          f"units follow the classes of “{name}”.")
    raise EditRefused(f"There is no layer {l}: layers are 1 … {L}.")
