"""What a studio session trains: the dataset's name, the hidden layers and the settings.

A `StudioConfig` is immutable; every edit makes a new one, which is what the app's undo
stack stores. `build` turns one (plus the loaded dataset) into a Network and a Stepper,
raising ValueError with a readable message when the combination is impossible.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import activations, losses
from .network import Network
from .stepper import Stepper

MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 512


@dataclass(frozen=True)
class StudioConfig:
    """dataset: a built-in name or a loaded file's name; hidden: units per hidden layer;
    acts: activations of layers 2 … L (len(hidden) + 1 names, the output's last);
    batch_size None = all m (the seed's algorithm)."""

    dataset: str = "xor"
    hidden: tuple[int, ...] = (2, 2)
    acts: tuple[str, ...] = ("sigmoid", "sigmoid", "sigmoid")
    alpha: float = 1.0
    lam: float = 0.0
    batch_size: int | None = None
    shuffle: bool = False
    seed: int = 0
    loss: str = "cross_entropy"

    def with_(self, **changes) -> StudioConfig:
        return replace(self, **changes)

    def sizes(self, n_features: int, n_outputs: int) -> list[int]:
        """[s₁, …, s_L]: the input and output layers follow the dataset."""
        return [n_features, *self.hidden, n_outputs]

    def validate(self) -> None:
        """Raise ValueError naming what is wrong with these settings."""
        if len(self.acts) != len(self.hidden) + 1:
            raise ValueError("one activation per layer 2 … L is needed")
        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers are supported")
        for l, s in enumerate(self.hidden, start=2):
            if not 1 <= s <= MAX_UNITS:
                raise ValueError(f"layer {l} needs between 1 and {MAX_UNITS} units, not {s}")
        for name in self.acts:
            activations.check(name)
        losses.check(self.loss, self.acts[-1])
        if not (self.alpha > 0 and self.alpha < float("inf")):
            raise ValueError(f"the learning rate α must be a positive number, not {self.alpha}")
        if not (0 <= self.lam < float("inf")):
            raise ValueError(f"the regularisation λ must be 0 or more, not {self.lam}")
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError("a mini-batch holds at least one example")


def build(config: StudioConfig, X, Y) -> tuple[Network, Stepper]:
    """The network (weights from config.seed) and a Stepper at step 0.

    X: (m, n) inputs, Y: (m, K) targets; raises ValueError for an impossible config.
    """
    config.validate()
    sizes = config.sizes(X.shape[1], Y.shape[1])
    net = Network.create(sizes, hidden=list(config.acts[:-1]), output=config.acts[-1],
                         seed=config.seed)
    stepper = Stepper(net, X, Y, alpha=config.alpha, lam=config.lam,
                      batch_size=config.batch_size, shuffle=config.shuffle, seed=config.seed,
                      loss=config.loss)
    return net, stepper
