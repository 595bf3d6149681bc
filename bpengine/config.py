"""What a studio session trains: where the data came from, the hidden layers, the settings.

A `StudioConfig` is immutable; every edit makes a new one. Its dataset is a `DataSource`:
a built-in's name with its generator's parameters, or an imported file's path, content
hash and the choices made when importing it, so two files both called data.csv never
collide. `build` turns a config (plus the prepared data) into a Network and a Stepper,
raising ValueError with a readable message when the combination is impossible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from . import activations, losses
from .network import Network
from .schedule import Schedule
from .stepper import Stepper

MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 512
SCALINGS = {"none": "none", "standardise": "standardise (mean 0, standard deviation 1)",
            "minmax": "min–max (to 0 … 1)"}
# the settings that continue training from the current weights when changed; every other
# field (structure, loss, seed, data) starts again from fresh weights
TRAINING_FIELDS = ("alpha", "lam", "batch_size", "shuffle")


@dataclass(frozen=True)
class DataSource:
    """Where a dataset comes from.

    kind "builtin": `name` is a bpengine.datasets key; m, noise and seed are the
    generator's parameters (None: its default; the gates, Iris and digits ignore them).
    kind "csv" or "mat": `name` is the file's name, `path` where it was imported from,
    `sha256` its content hash, `options` the import choices as sorted (key, value) pairs
    (csv: label_column, delimiter, header, missing, ignore_columns; mat: x, y).
    """

    kind: str = "builtin"
    name: str = "xor"
    m: int | None = None
    noise: float | None = None
    seed: int = 0
    path: str = ""
    sha256: str = ""
    options: tuple[tuple[str, object], ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in ("builtin", "csv", "mat"):
            raise ValueError(f"a dataset comes from a built-in, a CSV or a .mat file, "
                             f"not {self.kind!r}")
        object.__setattr__(self, "options", tuple(sorted(
            (str(k), tuple(v) if isinstance(v, list) else v) for k, v in self.options)))

    @property
    def imported(self) -> bool:
        return self.kind != "builtin"

    @property
    def key(self) -> str:
        """One string per distinct dataset: a file by its content and import choices."""
        if self.imported:
            return f"{self.kind}:{self.sha256}:{self.options!r}"
        return f"builtin:{self.name}:{self.m}:{self.noise}:{self.seed}"

    def option(self, key: str, default=None):
        return dict(self.options).get(key, default)


@dataclass(frozen=True)
class StudioConfig:
    """source: where the data comes from; hidden: units per hidden layer; acts: activations
    of layers 2 … L (len(hidden) + 1 names, the output's last); batch_size None = all m
    (the seed's algorithm); scaling of the features ("none", "standardise", "minmax", its
    statistics from the training part only); validation: the share of examples held out
    (0 = none), chosen by split_seed."""

    source: DataSource = DataSource()
    hidden: tuple[int, ...] = (2, 2)
    acts: tuple[str, ...] = ("sigmoid", "sigmoid", "sigmoid")
    alpha: float = 1.0
    lam: float = 0.0
    batch_size: int | None = None
    shuffle: bool = False
    seed: int = 0
    loss: str = "cross_entropy"
    scaling: str = "none"
    validation: float = 0.0
    split_seed: int = 0

    def with_(self, **changes) -> StudioConfig:
        return replace(self, **changes)

    def sizes(self, n_features: int, n_outputs: int) -> list[int]:
        """[s₁, …, s_L]: the input and output layers follow the dataset."""
        return [n_features, *self.hidden, n_outputs]

    def changed(self, other: StudioConfig) -> set[str]:
        """The names of the fields that differ from `other`."""
        return {f for f in self.__dataclass_fields__ if getattr(self, f) != getattr(other, f)}

    def validate(self) -> None:
        """Raise ValueError naming what is wrong with these settings."""
        if len(self.acts) != len(self.hidden) + 1:
            raise ValueError("one activation per layer 2 … L is needed")
        if len(self.hidden) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers are supported")
        for l, s in enumerate(self.hidden, start=2):
            if isinstance(s, bool) or not isinstance(s, int) or not 1 <= s <= MAX_UNITS:
                raise ValueError(f"layer {l} needs between 1 and {MAX_UNITS} units, not {s}")
        for name in self.acts:
            activations.check(name)
        losses.check(self.loss, self.acts[-1])
        _number(self.alpha, "the learning rate α", lambda v: v > 0, "a positive number")
        _number(self.lam, "the regularisation λ", lambda v: v >= 0, "0 or more")
        if self.batch_size is not None and (
                isinstance(self.batch_size, bool) or not isinstance(self.batch_size, int)
                or self.batch_size < 1):
            raise ValueError(f"a mini-batch holds a whole number of examples, at least one, "
                             f"not {self.batch_size!r}")
        _whole(self.seed, "the seed")
        _whole(self.split_seed, "the split's seed")
        if self.scaling not in SCALINGS:
            raise ValueError(f"feature scaling is one of {', '.join(SCALINGS)}, "
                             f"not {self.scaling!r}")
        _number(self.validation, "the validation share", lambda v: 0 <= v < 1,
                "at least 0 and below 1")


def _number(value, what: str, ok, need: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or not math.isfinite(value) or not ok(value):
        raise ValueError(f"{what} must be {need}, not {value!r}")


def _whole(value, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise ValueError(f"{what} must be a whole number from 0 to 2⁶³ − 1, not {value!r}")


def network_for(config: StudioConfig, n_features: int, n_outputs: int) -> Network:
    """The network of `config` with fresh weights drawn from config.seed."""
    config.validate()
    sizes = config.sizes(n_features, n_outputs)
    return Network.create(sizes, hidden=list(config.acts[:-1]), output=config.acts[-1],
                          seed=config.seed)


def schedule_for(config: StudioConfig, m: int, L: int) -> Schedule:
    """The micro-step schedule a Stepper with config's batch size follows on m examples
    (a batch larger than m, or None, is the full batch)."""
    b = m if config.batch_size is None else max(1, min(config.batch_size, m))
    return Schedule(m, b, L)


def stepper_for(config: StudioConfig, network: Network, X, Y, *, start_batch: int = 0,
                initial_D=None) -> Stepper:
    """A Stepper training `network` (its Θ: the weights at global batch `start_batch`) on
    X (m, n), Y (m, K) with config's settings."""
    return Stepper(network, X, Y, alpha=config.alpha, lam=config.lam,
                   batch_size=config.batch_size, shuffle=config.shuffle, seed=config.seed,
                   loss=config.loss, start_batch=start_batch, initial_D=initial_D)


def build(config: StudioConfig, X, Y) -> tuple[Network, Stepper]:
    """The network (weights from config.seed) and a Stepper at step 0.

    X: (m, n) inputs, Y: (m, K) targets; raises ValueError for an impossible config.
    """
    net = network_for(config, X.shape[1], Y.shape[1])
    return net, stepper_for(config, net, X, Y)
