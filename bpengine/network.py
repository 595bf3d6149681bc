"""The network: layer sizes, per-layer activations and the weight matrices Θ⁽ˡ⁾."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import validate


def layer_activations(n_layers: int, hidden: str | Sequence[str], output: str) -> list[str]:
    """Activation names for layers 2 … L (a list of L − 1 names).

    `hidden` is one name for every hidden layer or one name per hidden layer (L − 2 names).
    ValueError names the argument (hidden, output) and the choices.
    """
    return validate.activation_names(n_layers, hidden, output)


def init_epsilon(s_in: int, s_out: int) -> float:
    """The lecture's ε for symmetry breaking: ε = √6 / √(s_l + s_{l+1})."""
    return float(np.sqrt(6.0) / np.sqrt(s_in + s_out))


def random_thetas(sizes: Sequence[int], seed: int) -> list[np.ndarray]:
    """Θ⁽ˡ⁾ uniform in [−ε, ε], shape (s_{l+1}, s_l + 1), reproducible from `seed`.

    sizes: at least two whole numbers ≥ 1; seed: a whole number ≥ 0 (ValueError otherwise).
    """
    sizes, seed = validate.sizes(sizes), validate.seed(seed)
    rng = np.random.default_rng(seed)
    thetas = []
    for s_in, s_out in zip(sizes[:-1], sizes[1:]):
        eps = init_epsilon(s_in, s_out)
        thetas.append(rng.uniform(-eps, eps, size=(s_out, s_in + 1)))
    return thetas


@dataclass
class Network:
    """A layered network in the seed's notation.

    sizes:  [s₁, …, s_L], units per layer without the bias unit.
    acts:   activation names for layers 2 … L (len L − 1); acts[-1] is the output's.
    thetas: thetas[l-1] is Θ⁽ˡ⁾, shape (s_{l+1}, s_l + 1), column 0 multiplies a₀⁽ˡ⁾ = 1.

    All are checked on creation (ValueError naming the argument): sizes whole numbers ≥ 1,
    known activation names, one Θ per layer of exactly that shape with finite entries
    (nested lists and ints become float64 arrays), seed a whole number ≥ 0.
    """

    sizes: list[int]
    acts: list[str]
    thetas: list[np.ndarray]
    seed: int = 0
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sizes = validate.sizes(self.sizes)
        self.acts = validate.act_list(self.acts, len(self.sizes) - 1)
        self.thetas = validate.thetas(self.thetas, self.sizes)
        self.seed = validate.seed(self.seed)
        if not isinstance(self.meta, dict):
            raise ValueError(f"meta: the notes about a network must be a dict, not "
                             f"{validate.show(self.meta)}")

    @classmethod
    def create(
        cls,
        sizes: Sequence[int],
        hidden: str | Sequence[str] = "sigmoid",
        output: str = "sigmoid",
        seed: int = 0,
    ) -> Network:
        """A network with the lecture's random initialisation, reproducible from `seed`."""
        sizes, seed = validate.sizes(sizes), validate.seed(seed)
        acts = validate.activation_names(len(sizes), hidden, output)
        return cls(sizes, acts, random_thetas(sizes, seed), seed)

    @property
    def L(self) -> int:
        """Number of layers, input and output included."""
        return len(self.sizes)

    @property
    def hidden(self) -> list[str]:
        """Activation names of the hidden layers 2 … L − 1."""
        return self.acts[:-1]

    @property
    def output(self) -> str:
        """Activation name of the output layer L."""
        return self.acts[-1]

    def copy(self) -> Network:
        """A deep copy (weights copied)."""
        return Network(list(self.sizes), list(self.acts), [t.copy() for t in self.thetas],
                       self.seed, dict(self.meta))
