"""Property (issue 9): a valid problem with one random thing broken makes every public
entry point raise ValueError (DataError exactly when the data X or Y is what is broken),
with a message that starts with the argument's name; never another exception, never a
warning (warnings are errors in this suite). And finite numbers of any size either give a
finite J or a ValueError: a non-finite J is never returned."""

import math
import re

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpengine as bp
from tests.engine.problems import random_problem

NAMES = ("thetas", "X", "Y", "lam", "hidden", "output", "loss", "acts", "eps")
PREFIX = re.compile(r"^(thetas|X|Y|lam|hidden|output|loss|acts|eps)(, X and Y| and X)?: \S")
# the arguments each entry point reads (forward's acts come from hidden and output)
USES = {"cost_and_gradients": {"thetas", "X", "Y", "lam", "hidden", "output", "loss"},
        "cost_only": {"thetas", "X", "Y", "lam", "hidden", "output", "loss"},
        "loop_cost_and_gradients": {"thetas", "X", "Y", "lam", "hidden", "output", "loss"},
        "numerical_gradient": {"thetas", "X", "Y", "lam", "hidden", "output", "loss", "eps"},
        "predict": {"thetas", "X", "hidden", "output"},
        "forward": {"thetas", "X", "hidden", "output"}}
NONFINITE = st.sampled_from([np.nan, np.inf, -np.inf])
JUNK = st.one_of(st.none(), st.booleans(), st.text(max_size=4),
                 st.lists(st.integers(0, 2), max_size=2), st.just(1j), st.just({}))


def call(entry, a):
    """Call `entry` with the argument dict `a`; returns the values that must be finite."""
    th, X, Y = a["thetas"], a["X"], a["Y"]
    kw = dict(lam=a["lam"], hidden=a["hidden"], output=a["output"], loss=a["loss"])
    if entry == "predict":
        return [bp.predict(th, X, a["hidden"], a["output"])]
    if entry == "forward":
        hidden = a["hidden"]
        hid = [hidden] * (a["L"] - 2) if isinstance(hidden, str) else (
            list(hidden) if isinstance(hidden, list) else [hidden])
        return [bp.forward(th, X, hid + [a["output"]])[1][-1]]
    if entry == "numerical_gradient":
        return bp.numerical_gradient(th, X, Y, eps=a["eps"], **kw)
    out = getattr(bp, entry)(th, X, Y, **kw)
    return [out] if entry == "cost_only" else [out[0], *out[1]]


def cell(draw, a):
    return tuple(draw(st.integers(0, n - 1)) for n in a.shape)


# Each breaks one argument of a valid problem in place and returns (its name, the error
# class expected: bp.DataError, ValueError (but not DataError), or None for either).
def x_value(draw, a):
    a["X"][cell(draw, a["X"])] = draw(NONFINITE)
    return "X", bp.DataError


def y_value(draw, a):
    bad = draw(st.one_of(NONFINITE, st.sampled_from([-0.5, 1.5, 7.0])))
    a["Y"][cell(draw, a["Y"])] = bad
    return "Y", bp.DataError


def theta_value(draw, a):
    th = a["thetas"][draw(st.integers(0, len(a["thetas"]) - 1))]
    th[cell(draw, th)] = draw(NONFINITE)
    return "thetas", ValueError


def theta_shape(draw, a):
    th, l = a["thetas"], draw(st.integers(0, len(a["thetas"]) - 1))
    how = draw(st.sampled_from(["column", "ravel", "3-D", "empty", "ragged", "text", "drop all",
                                "array", "none"]))
    if how == "column":  # breaks the chain with Θ⁽ˡ⁻¹⁾, or X's column count (l = 1)
        th[l] = np.hstack([th[l], th[l][:, :1]])
        return "thetas", None
    if how in ("drop all", "array", "none"):
        a["thetas"] = {"drop all": [], "array": th[0], "none": None}[how]
        return "thetas", ValueError
    th[l] = {"ravel": th[l].ravel(), "3-D": th[l][None], "empty": np.zeros((0, 2)),
             "ragged": [[0.0, 1.0], [2.0]], "text": [["a", "b"]]}[how]
    return "thetas", ValueError


def x_shape(draw, a):
    X = a["X"]
    a["X"] = draw(st.sampled_from([X[:0], np.hstack([X, X[:, :1]]), X.ravel()[:-1] if X.size > 1
                                   else X.ravel(), None, "1 2", [[0.0, None]], X[None]]))
    return "X", bp.DataError


def y_shape(draw, a):
    Y = a["Y"]
    a["Y"] = draw(st.sampled_from([Y[1:], np.hstack([Y, Y[:, :1]]), Y[None], None, "0 1"]))
    return "Y", bp.DataError


def lam_value(draw, a):
    a["lam"] = draw(st.one_of(NONFINITE, st.floats(max_value=-1e-300), st.integers(max_value=-1),
                              JUNK))
    return "lam", ValueError


def name_value(draw, a):
    name = draw(st.sampled_from(["hidden", "output", "loss"]))
    known = bp.LOSSES if name == "loss" else bp.ACTIVATIONS
    a[name] = draw(st.one_of(JUNK, st.integers()).filter(lambda v: v not in known and not (
        name == "hidden" and isinstance(v, list) and len(v) == a["L"] - 2 and not v)))
    return name, ValueError


def eps_value(draw, a):
    a["eps"] = draw(st.one_of(NONFINITE, st.floats(max_value=0.0), st.floats(min_value=1.0),
                              st.just(1e-300), st.integers(), JUNK))
    return "eps", ValueError


BREAKS = [x_value, y_value, theta_value, theta_shape, x_shape, y_shape, lam_value, name_value,
          eps_value]


def problem(draw):
    sizes = draw(st.lists(st.integers(1, 3), min_size=2, max_size=4))
    thetas, X, Y = random_problem(sizes, draw(st.integers(0, 2**16)), m=draw(st.integers(1, 4)))
    return dict(thetas=thetas, X=X, Y=Y, lam=0.5, hidden="sigmoid", output="sigmoid",
                loss="cross_entropy", eps=1e-5, L=len(sizes))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), entry=st.sampled_from(sorted(USES)), breaks=st.sampled_from(BREAKS))
def test_one_broken_argument_raises_a_value_error_that_names_it(data, entry, breaks):
    a = problem(data.draw)
    arg, expected = breaks(data.draw, a)
    uses = USES[entry]
    if entry == "forward" and a["L"] == 2 and isinstance(a["hidden"], str):
        uses = uses - {"hidden"}  # no hidden layer: hidden does not reach forward's acts
    if arg not in uses:  # e.g. Y for predict: the call must simply work
        assert all(np.isfinite(v).all() for v in call(entry, a))
        return
    try:
        call(entry, a)
    except ValueError as exc:
        assert PREFIX.match(str(exc)), str(exc)
        if expected is bp.DataError:
            assert isinstance(exc, bp.DataError), str(exc)
        elif expected is ValueError:
            assert not isinstance(exc, bp.DataError), str(exc)
    else:
        raise AssertionError(f"{entry} accepted a broken {arg}")


BIG = st.floats(allow_nan=False, allow_infinity=False)  # any finite float, 1e308 included
ACT_LOSS = st.sampled_from([(h, o, loss) for h in bp.ACTIVATIONS
                            for o, loss in (("sigmoid", "cross_entropy"), ("sigmoid", "mse"),
                                            ("linear", "mse"), ("relu", "mse"), ("tanh", "mse"))])


@settings(max_examples=300, deadline=None)
@given(data=st.data(), entry=st.sampled_from(sorted(USES)), names=ACT_LOSS,
       lam=st.one_of(st.just(0.0), st.floats(0.0, 1e300)), n_big=st.integers(1, 4))
def test_finite_numbers_of_any_size_never_give_a_non_finite_result(data, entry, names, lam,
                                                                   n_big):
    a = problem(data.draw)
    a["hidden"], a["output"], a["loss"] = names
    a["lam"] = lam
    for _ in range(n_big):  # a few weights, inputs or targets of any size
        where = data.draw(st.sampled_from(["thetas", "X"] + (["Y"] if names[2] == "mse" else [])))
        arr = a[where][data.draw(st.integers(0, len(a[where]) - 1))] if where == "thetas" \
            else a[where]
        arr[cell(data.draw, arr)] = data.draw(BIG)
    try:
        values = call(entry, a)
    except ValueError as exc:  # only an overflow, or ε too small for a huge weight
        assert re.match(r"^(thetas(, X and Y| and X): .* overflowed|eps: ε = 1e-05 is too "
                        r"small)", str(exc)), str(exc)
    else:
        assert all(np.isfinite(v).all() for v in values)
        if entry != "predict" and entry != "forward" and entry != "numerical_gradient":
            assert math.isfinite(values[0])
