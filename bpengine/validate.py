"""Argument checks at the engine's public boundary, shared by every entry point.

A public function (`cost_and_gradients`, `forward`, `Network.create`, …) calls these once,
before it computes; the unchecked functions of the per-example path (seedloop's
forward_layer, backward_layer, accumulate_layer, the losses, backprop._gradients) never do:
the Stepper calls those at every micro-step. A bad
argument raises ValueError, bad data X or Y raises DataError (a ValueError). Every message
starts with the argument's name and says in words what is wrong and what is needed:

    thetas: Θ⁽²⁾ has shape (3, 4) but layer 2 has 2 units, so it needs (3, 3)
    X: row 3, column 2 (X[2, 1]) is NaN; every input must be a finite number

Layers, rows and columns are counted from 1 in the words (the seed's notation; the 0-based
index follows in brackets). Arrays come back as float64 ndarrays: nested lists, ints,
bools and float32 are converted, a float64 array is passed through without a copy.
The array checks live in validate_arrays and are re-exported here.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

from . import activations, losses
from .errors import DataError
from .notation import layer
from .validate_arrays import (  # noqa: F401  (re-exported: validate.thetas, validate.array, …)
    _ij,
    array,
    count,
    finite,
    inputs,
    layer_values,
    matrices,
    probabilities,
    show,
    targets,
    thetas,
)
from .workspace import sizes_of

# ---- scalars ---------------------------------------------------------------------------


def _scalar(value):
    """A 0-d numeric ndarray as its Python scalar (np.array(0.5) works like 0.5)."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return value.item()
    return value


def real(value, arg: str, what: str) -> float:
    """`value` as a float; refuses bools, strings and anything that is not a real number."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ValueError(f"{arg}: {what} must be a number, not {show(value)}")
    try:
        return float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{arg}: {what} must be a finite number, not {value}") from None


def integer(value, arg: str, what: str, minimum: int | None = None) -> int:
    """`value` as an int (≥ minimum if given); numpy ints are fine, bools and floats (even
    3.0) are not."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{arg}: {what} must be a whole number, not {show(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{arg}: {what} must be {minimum} or more, not {value}")
    return int(value)


def lam(value) -> float:
    """λ, the regularisation strength: a finite number ≥ 0."""
    x = real(value, "lam", "the regularisation λ")
    if not (math.isfinite(x) and x >= 0.0):
        raise ValueError(f"lam: the regularisation λ must be a finite number ≥ 0, not {show(x)}")
    return x


def seed(value) -> int:
    """A random seed: a whole number ≥ 0 (what numpy's default_rng takes)."""
    return integer(value, "seed", "the random seed", 0)


def sizes(value) -> list[int]:
    """[s₁, …, s_L]: at least two layers, each a whole number ≥ 1 of units."""
    if isinstance(value, (str, bytes)) or not isinstance(value, (Sequence, np.ndarray)):
        raise ValueError(f"sizes: the layer sizes must be a list of unit counts such as "
                         f"[2, 3, 1], not {show(value)}")
    if len(value) < 2:
        raise ValueError("sizes: a network needs at least an input and an output layer, "
                         f"got {len(value)} layer{'' if len(value) == 1 else 's'}")
    out = [integer(s, "sizes", f"the number of units of layer {l}")
           for l, s in enumerate(value, start=1)]
    for l, s in enumerate(out, start=1):
        if s < 1:
            raise ValueError(f"sizes: every layer needs at least one unit, but layer {l} "
                             f"has {s} (sizes {out})")
    return out


# ---- names -----------------------------------------------------------------------------


def activation(name, arg: str) -> str:
    """One activation name; the error names the argument and lists the choices."""
    if not isinstance(name, str) or name not in activations.ACTIVATIONS:
        raise ValueError(f"{arg}: unknown activation {show(name)}; choose one of "
                         f"{', '.join(activations.ACTIVATIONS)}")
    return name


def activation_names(n_layers: int, hidden, output) -> list[str]:
    """Activation names for layers 2 … L (L − 1 names), from `hidden` (one name for every
    hidden layer, or one per hidden layer: L − 2 names) and `output`."""
    n_hidden = n_layers - 2
    if isinstance(hidden, str):  # checked even with no hidden layer: a typo is still one
        names = [activation(hidden, "hidden")] * n_hidden
    elif isinstance(hidden, (Sequence, np.ndarray)):
        names = list(hidden)
        if len(names) != n_hidden:
            one = n_hidden == 1
            raise ValueError(f"hidden: {n_hidden} hidden layer{'' if one else 's'} "
                             f"need{'s' if one else ''} {n_hidden} activation"
                             f"{'' if one else 's'}, got {len(names)}")
    else:
        raise ValueError(f"hidden: the hidden activation must be a name (one of "
                         f"{', '.join(activations.ACTIVATIONS)}) or a list of names, one per "
                         f"hidden layer, not {show(hidden)}")
    return [activation(h, "hidden") for h in names] + [activation(output, "output")]


def act_list(acts, n: int) -> list[str]:
    """`acts` of forward(): one activation name per layer 2 … L, n = number of Θ."""
    if isinstance(acts, str) or not isinstance(acts, (Sequence, np.ndarray)):
        raise ValueError(f"acts: the activations must be a list of {n} names, one per layer "
                         f"2 … {n + 1}, not {show(acts)}")
    if len(acts) != n:
        need = ("1 weight matrix needs 1 activation (layer 2)" if n == 1 else
                f"{n} weight matrices need {n} activations (layers 2 … {n + 1})")
        raise ValueError(f"acts: {need}, got {len(acts)}")
    return [activation(a, "acts") for a in acts]


def loss(name, output: str) -> str:
    """A loss name that suits the output activation (cross-entropy needs sigmoid outputs)."""
    if not isinstance(name, str):
        raise ValueError(f"loss: the loss must be a name, one of {', '.join(losses.LOSSES)}, "
                         f"not {show(name)}")
    try:
        return losses.check(name, output)
    except ValueError as exc:
        raise ValueError(f"loss: {exc}") from None


def epsilon(value, thetas: Sequence[np.ndarray]) -> float:
    """ε of the numerical gradient: a finite number in (0, 1) that moves every weight
    (θ + ε ≠ θ and θ − ε ≠ θ in float64, or the difference quotient would be 0)."""
    eps = real(value, "eps", "the step ε of the numerical gradient")
    if not (0.0 < eps < 1.0):  # also refuses nan and inf
        raise ValueError(f"eps: the step ε of the numerical gradient must be a small positive "
                         f"number such as 1e-5, not {show(eps)}")
    for l, t in enumerate(thetas, start=1):
        stuck = (t + eps == t) | (t - eps == t)
        if stuck.any():
            r, c = np.unravel_index(np.argmax(stuck), t.shape)
            raise ValueError(f"eps: ε = {show(eps)} is too small to move the weight "
                             f"Θ{_ij(r, c)}{layer(l)} = {show(t[r, c])} (θ ± ε rounds to θ); "
                             "use a step such as 1e-5")
    return eps


# ---- whole calls -----------------------------------------------------------------------


def problem(thetas_, X, Y, lam_, hidden, output, loss_name, check_X: bool = True):
    """The arguments of cost_and_gradients, cost_only, loop_cost_and_gradients and
    numerical_gradient. Returns (thetas, X, Y, λ, acts), arrays float64, acts the names of
    layers 2 … L. check_X False: X's entries are not scanned (see finite_result)."""
    th = thetas(thetas_)
    lam_ = lam(lam_)
    acts = activation_names(len(th) + 1, hidden, output)
    loss(loss_name, acts[-1])
    X = inputs(X, th[0].shape[1] - 1, check_X)
    Y = targets(Y, X.shape[0], th[-1].shape[0], loss_name == "cross_entropy")
    return th, X, Y, lam_, acts


def finite_result(what: str, values, th, X, Y=None) -> None:
    """After a computation from checked arguments (X perhaps unscanned): raise unless every
    value (floats or arrays) is finite; `what` names them ("the cost J"). The blame goes to
    X's first NaN or ±inf if it has one (a DataError), else to an overflow of finite
    numbers (a ValueError): either way, J is never returned infinite or NaN."""
    if all(np.isfinite(v).all() for v in values):
        return
    finite(X, "X", "X", "input", DataError)
    sizes = [f"the largest |Θ| is {max(float(np.abs(t).max()) for t in th):.3g}",
             f"the largest |x| {float(np.abs(X).max()):.3g}"]
    if Y is not None:
        sizes.append(f"the largest |y| {float(np.abs(Y).max()):.3g}")
    raise ValueError(f"thetas{', X and Y' if Y is not None else ' and X'}: {what} came out "
                     f"infinite or NaN from finite numbers: they overflowed ({', '.join(sizes)}); "
                     "smaller weights, or data scaled to about −1 … 1, are needed")


def _one(value, arg: str, name: str, shape: tuple, noun: str, error=ValueError) -> np.ndarray:
    """One array of a known shape, every entry finite."""
    a = array(value, arg, name, error)
    if a.shape != shape:
        raise error(f"{arg}: {name} has shape {a.shape} but needs {shape}")
    return finite(a, arg, arg, noun, error)


def output_step(a_L, z_L, Y, loss_name, output=None, batch=False):
    """a⁽ᴸ⁾, z⁽ᴸ⁾ and y of output_error and cost: a⁽ᴸ⁾ (K,) for one example or (m, K) (batch:
    (m, K) only), z⁽ᴸ⁾ and Y of the same shape (a 1-D Y may be a column of m targets). Every
    entry finite; Y between 0 and 1 for the cross-entropy. output None: the loss is checked
    by name only (cost() has no output activation to pair it with)."""
    if output is None:
        loss(loss_name, "sigmoid")  # any known loss suits a sigmoid output: the name alone
    else:
        loss(loss_name, activation(output, "output"))
    a = array(a_L, "a_L", "a⁽ᴸ⁾")
    if a.ndim != 2 and (batch or a.ndim != 1) or a.size == 0:
        raise ValueError(f"a_L: a⁽ᴸ⁾ must hold the output layer's activations, one row (of K) "
                         f"per example{'' if batch else ' or one vector (K,)'}, not an array "
                         f"of shape {a.shape}")
    finite(a, "a_L", "a_L", "activation")
    z = _one(z_L, "z_L", "z⁽ᴸ⁾", a.shape, "value")
    if a.ndim == 2:
        return a, z, targets(Y, a.shape[0], a.shape[1], loss_name == "cross_entropy")
    y = _one(Y, "Y", "the target y", a.shape, "target", DataError)
    return a, z, probabilities(y) if loss_name == "cross_entropy" else y


def backward_step(thetas_, zs, As, delta_L, acts):
    """The arguments of hidden_errors: thetas, zs and As as forward returns them (zs[0]
    unused), δ⁽ᴸ⁾ (m, K), one activation per layer 2 … L."""
    th = thetas(thetas_)
    s = sizes_of(th)
    acts = act_list(acts, len(th))
    As = layer_values(As, "As", "a", s, None, 0)
    zs = layer_values(zs, "zs", "z", s, As[0].shape[0], 1)
    delta = _one(delta_L, "delta_L", "δ⁽ᴸ⁾", As[-1].shape, "value")
    return th, zs, As, delta, acts


def accumulate_step(Deltas, deltas, As):
    """The arguments of accumulate: Δ⁽¹⁾ … Δ⁽ᴸ⁻¹⁾ (float64 ndarrays it adds to in place),
    deltas as hidden_errors returns them (deltas[0] unused), As as forward returns them."""
    D = matrices(Deltas, "Deltas", "Δ")
    for l, (given, d) in enumerate(zip(Deltas, D), start=1):
        if given is not d or not d.flags.writeable:
            raise ValueError(f"Deltas: Δ{layer(l)} is added to in place, so it must be a "
                             f"writeable float64 numpy array (np.zeros_like(Θ{layer(l)})), not "
                             f"{_what(given, d)}")
    s = sizes_of(D)
    As = layer_values(As, "As", "a", s, None, 0)
    return D, layer_values(deltas, "deltas", "δ", s, As[0].shape[0], 1), As


def _what(given, converted) -> str:
    if given is converted:
        return "a read-only one"
    return f"an array of {given.dtype}" if isinstance(given, np.ndarray) else show(given)


def gradient_step(Deltas, thetas_, m, lam_):
    """The arguments of gradients: Δ⁽ˡ⁾ shaped like Θ⁽ˡ⁾, m ≥ 1 examples, λ ≥ 0."""
    th = thetas(thetas_)
    D = matrices(Deltas, "Deltas", "Δ", sizes_of(th))
    return D, th, integer(m, "m", "the number of examples m", 1), lam(lam_)


def gradient_pair(D, num) -> tuple[list, list]:
    """relative_difference's arguments: two equally long lists of arrays, pairwise of the
    same shape, every entry finite."""
    out = []
    for arg, value in (("D", D), ("num", num)):
        if isinstance(value, (str, bytes, np.ndarray)) or not isinstance(value, Sequence):
            raise ValueError(f"{arg}: the gradients must come as a list of arrays, one per Θ, "
                             f"not {show(value)}")
        if not value:
            raise ValueError(f"{arg}: the list of gradients is empty")
        out.append([finite(array(v, arg, f"{arg}[{i}]"), arg, f"{arg}[{i}]", "entry")
                    for i, v in enumerate(value)])
    if len(out[0]) != len(out[1]):
        raise ValueError(f"D and num: D has {count(len(out[0]), 'array')} but num has "
                         f"{len(out[1])}; "
                         "they must be the gradients of the same weights")
    for i, (d, n) in enumerate(zip(*out)):
        if d.shape != n.shape:
            raise ValueError(f"D and num: D[{i}] has shape {d.shape} but num[{i}] has "
                             f"{n.shape}; they must be the gradients of the same weights")
    return out[0], out[1]
