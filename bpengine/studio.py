"""StudioModel: what the user has built, without Qt.

The configuration (with the dataset's source), the datasets loaded so far, the prepared
training data, the Timeline of training (its Steppers and position), the view state worth
saving. Session files, the headless command line, off-thread work and the Qt `Session`
adapter all use it; it is tested without a QApplication.

Changes are announced to listeners as (event, *args): "structure" (layers or data
changed: rebuild), "config" (settings), "stepped" (values moved), "selection", "view",
"message" (text, level "info" | "error"), "halted" (text: training stopped). Every edit
returns an `Edit`, already applied, whose undo()/redo() the app's undo stack calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import edits, explain, moves, readouts
from .config import TRAINING_FIELDS, DataSource, StudioConfig, network_for
from .dataset import Dataset
from .edits import EditRefused
from .network import Network
from .notation import layer as sl
from .prepare import TITLES, Prepared, describe, load_source, prepare
from .stepper import Stepper, TrainingHalted
from .timeline import Timeline

NODE_MODES = ("auto", "delta", "a", "z")
MAX_SEEK_EPOCHS = 10_000   # a jump forward goes at most this far past the current epoch
EDGE_MODES = ("auto", "theta", "Delta", "D")


@dataclass
class ViewState:
    """What the views show that is worth saving: colour modes, the selection (("unit", l,
    j) with j = 0 the bias, ("edge", l, i, j) for Θ⁽ˡ⁾ᵢⱼ, or None) and any further
    per-feature options (JSON-able values)."""

    node_mode: str = "auto"
    edge_mode: str = "auto"
    selection: tuple | None = None
    options: dict = field(default_factory=dict)


@dataclass(frozen=True, eq=False)
class _Snapshot:
    timeline: Timeline
    data: Prepared
    K: int


class Edit:
    """One change, already made: undo() goes back to the state before, redo() to the
    state right after (at the step it was made)."""

    def __init__(self, model: StudioModel, text: str, note: str, before, after):
        self.model, self.text, self.note = model, text, note
        self._before, self._after = before, after

    def undo(self) -> None:
        self.model._restore(self._before)

    def redo(self) -> None:
        self.model._restore(self._after)


class StudioModel:
    """See the module docstring. `config` defaults to the seed's 2-2-2-1 on XOR; `dataset`
    is the data of config.source (loaded from the source when not given)."""

    def __init__(self, config: StudioConfig | None = None, dataset: Dataset | None = None):
        config = config or StudioConfig()
        self._datasets: dict[str, Dataset] = {}
        self._listeners: list = []
        self.view = ViewState()
        if dataset is not None:
            self._datasets[config.source.key] = dataset
        self.data = self._prepared(config)
        self.timeline = self._fresh_timeline(config, self.data)

    @classmethod
    def restored(cls, source: DataSource, dataset: Dataset, data: Prepared,
                 timeline: Timeline, view: ViewState) -> StudioModel:
        """A model from its parts, as a session file holds them (see sessionfile.py)."""
        model = cls.__new__(cls)
        model._datasets = {source.key: dataset}
        model._listeners = []
        model.view, model.data, model.timeline = view, data, timeline
        return model

    # ---- listening ----

    def listen(self, callback) -> None:
        """callback(event, *args) on every change (see the module docstring)."""
        self._listeners.append(callback)

    def _emit(self, event: str, *args) -> None:
        for callback in list(self._listeners):
            callback(event, *args)

    # ---- reading ----

    @property
    def config(self) -> StudioConfig:
        """The settings of the current position (training settings may differ by segment)."""
        return self.timeline.segment.config

    @property
    def dataset(self) -> Dataset:
        return self.data.dataset

    @property
    def stepper(self) -> Stepper:
        return self.timeline.stepper

    @property
    def thetas(self) -> list[np.ndarray]:
        """The current Θ (never the initial weights): thetas[l-1] is Θ⁽ˡ⁾."""
        return list(self.stepper.thetas)

    @property
    def k(self) -> int:
        """Micro-steps taken to reach the current state, across setting changes."""
        return self.timeline.K

    @property
    def sizes(self) -> list[int]:
        return self.config.sizes(self.data.X.shape[1], self.data.Y.shape[1])

    @property
    def acts(self) -> list[str]:
        return list(self.config.acts)

    @property
    def L(self) -> int:
        return len(self.sizes)

    @property
    def network(self) -> Network:
        """The network with the current weights (copies): what an export writes."""
        return Network(self.sizes, self.acts, [np.array(t) for t in self.stepper.thetas],
                       self.config.seed)

    @property
    def selection(self) -> tuple | None:
        return self.view.selection

    def history(self) -> tuple[np.ndarray, np.ndarray]:
        """(J, accuracy) per update so far, across setting changes."""
        return self.timeline.history()

    def title(self) -> str:
        """"XOR (4 examples, 2 features)"."""
        return title_of(self.config.source, self.dataset)

    def explain_unit(self, l: int, j: int) -> explain.UnitExplained:
        """The numbers behind unit j of layer l; ValueError for a unit there is not."""
        problem = self._selection_problem(("unit", l, j))
        if problem:
            raise ValueError(problem)
        return explain.unit(self.stepper, l, j)

    def explain_weight(self, l: int, i: int, j: int) -> explain.WeightExplained:
        """The numbers behind Θ⁽ˡ⁾ᵢⱼ; ValueError for a weight there is not."""
        problem = self._selection_problem(("edge", l, i, j))
        if problem:
            raise ValueError(problem)
        return explain.weight(self.stepper, l, i, j)

    def status(self) -> dict:
        """Epoch, example i of m, batch, the step label, J: ready for a status line."""
        return readouts.status(self)

    def evaluate(self) -> dict:
        """J and accuracy at the current Θ on the training part and (with a split) the
        validation part: {"train": (J, accuracy), "validation": (J, accuracy) | None}."""
        return readouts.evaluate(self)

    def current_example(self) -> readouts.Example:
        """The example the stepper is on, as the data panel shows it."""
        return readouts.example(self)

    # ---- stepping ----

    def step(self) -> bool:
        return self._move(self.timeline.step)

    def back(self) -> bool:
        if self.k == 0:
            self._emit("message", "Already at the first step.", "info")
            return False
        return self._move(lambda: self.timeline.seek(self.k - 1))

    def next_example(self) -> bool:
        return self._move(lambda: self.timeline.finish("example"))

    def next_batch(self) -> bool:
        return self._move(lambda: self.timeline.finish("batch"))

    def next_epoch(self) -> bool:
        return self._move(lambda: self.timeline.finish("epoch"))

    def seek(self, K) -> bool:
        """Go to global step K, earlier or later. A K that is not a whole number ≥ 0, or
        more than MAX_SEEK_EPOCHS ahead, is refused with a message."""
        if not self._seekable(K):
            return False
        return self._move(lambda: self.timeline.seek(int(K)))

    def _seekable(self, K) -> bool:
        if isinstance(K, bool) or not isinstance(K, (int, np.integer)) or K < 0:
            self._emit("message", f"Cannot go to step {K!r}: steps are whole numbers from 0.",
                       "error")
            return False
        reach = self.k + MAX_SEEK_EPOCHS * self.stepper.schedule.per_epoch
        if K > reach:
            self._emit("message", f"Step {K:,} lies more than {MAX_SEEK_EPOCHS:,} epochs "
                       f"ahead; the furthest a jump goes from here is step {reach:,}.",
                       "error")
            return False
        return True

    # ---- long moves as jobs (moves.py): the caller runs them in slices ----

    def move_to(self, K) -> moves.Move | None:
        """A job going to global step K (None, with a message, where seek would refuse)."""
        return moves.Move(self, int(K)) if self._seekable(K) else None

    def finishing(self, kind: str, n: int = 1, start: int | None = None) -> moves.Move | None:
        """A job finishing the current example, batch or epoch n times over; counted from
        global step `start` instead of the current one if given (a move asked for while
        another is under way goes on from its goal)."""
        K = self._finish_goal(kind, n, start)
        return None if K is None else moves.Move(self, K)

    def train_epochs(self, n: int, start: int | None = None):
        """Step ▸ Train N epochs: a job going where finishing("epoch", n, start) goes; Train
        mode's, stopping there (framed, and ahead in a child process), when that is a batch
        start of the segment the model stands on, the last; else that move."""
        K = self._finish_goal("epoch", n, start)
        if K is None:
            return None
        tl = self.timeline
        k, schedule = tl.segment.local(K), tl.stepper.schedule
        if tl._end(tl.i) is None and K > tl.K and schedule.batch_start(
                schedule.locate(k).global_batch) == k:
            return moves.Training(self, target=K)
        return moves.Move(self, K)

    def _finish_goal(self, kind: str, n, start: int | None) -> int | None:
        """finishing()'s goal, or None with a message for an n that cannot be."""
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            self._emit("message", f"Cannot train {n!r} times: give a whole number from 1.",
                       "error")
            return None
        if n > MAX_SEEK_EPOCHS:
            self._emit("message", f"At most {MAX_SEEK_EPOCHS:,} epochs at a time, not "
                       f"{n:,}.", "error")
            return None
        # n epochs are the bound, whatever the schedules of the segments they cross (the
        # seek's bound counts this segment's epochs: a later one's may be longer)
        return self.timeline.goal(kind, int(n), start)

    def training(self) -> moves.Training:
        """A job training whole batches until cancelled."""
        return moves.Training(self)

    def reset(self) -> bool:
        """Back to step 0: the initial weights (same seed, same example order)."""
        return self._move(lambda: self.timeline.seek(0))

    def run_steps(self, n: int, announce: bool = True) -> bool:
        """Up to n micro-steps (play); one "stepped" after them unless announce is False
        (the caller then calls announce()). False if training halted."""
        return self._move(lambda: self.timeline.run(n), announce)

    def play_span(self, n: int) -> int:
        """The micro-steps of a frame of play of at most n (Timeline.play_span)."""
        return self.timeline.play_span(n)

    def announce(self) -> None:
        self._emit("stepped")

    def _move(self, action, announce: bool = True) -> bool:
        ok = True
        try:
            action()
        except TrainingHalted as exc:
            ok = False
            self._emit("halted", str(exc))
        if announce:
            self._emit("stepped")
        return ok

    # ---- selection and view ----

    def select(self, selection: tuple | None) -> bool:
        """Select a unit or a weight (see ViewState), or None. A unit or weight this
        network does not have is refused with a message."""
        if selection is not None:
            problem = self._selection_problem(tuple(selection))
            if problem:
                self._emit("message", problem, "error")
                return False
            selection = tuple(selection)
        if selection != self.view.selection:
            self.view.selection = selection
            self._emit("selection")
        return True

    def set_view(self, **changes) -> None:
        """node_mode, edge_mode, or any option of ViewState.options."""
        for key, value in changes.items():
            if key == "node_mode" and value not in NODE_MODES or \
                    key == "edge_mode" and value not in EDGE_MODES:
                raise ValueError(f"{key} must be one of "
                                 f"{NODE_MODES if key == 'node_mode' else EDGE_MODES}")
            if key in ("node_mode", "edge_mode"):
                setattr(self.view, key, value)
            else:
                self.view.options[key] = value
        self._emit("view")

    def _selection_problem(self, sel: tuple) -> str | None:
        sizes, L = self.sizes, self.L
        whole = all(isinstance(v, (int, np.integer)) and not isinstance(v, bool)
                    for v in sel[1:])
        if sel[:1] == ("unit",) and len(sel) == 3 and whole:
            l, j = sel[1:]
            if 1 <= l <= L and 0 <= j <= sizes[l - 1] and not (j == 0 and l == L):
                return None
            return f"There is no unit {j} in layer {l}."
        if sel[:1] == ("edge",) and len(sel) == 4 and whole:
            l, i, j = sel[1:]
            if 1 <= l < L and 1 <= i <= sizes[l] and 0 <= j <= sizes[l - 1]:
                return None
            return f"There is no weight Θ{sl(l)} with i = {i}, j = {j} in this network."
        return f"Cannot select {sel!r}: a unit or a weight is needed."

    # ---- edits ----

    def add_layer(self, after: int) -> Edit:
        return self._restart(*edits.add_layer(self.config, self.sizes, after))

    def remove_layer(self, l: int) -> Edit:
        return self._restart(*edits.remove_layer(self.config, self.sizes, l, self._names()))

    def add_unit(self, l: int) -> Edit:
        return self._restart(*edits.resize(self.config, self.sizes, l, +1, self._names()))

    def remove_unit(self, l: int) -> Edit:
        return self._restart(*edits.resize(self.config, self.sizes, l, -1, self._names()))

    def set_activation(self, l: int, name: str) -> Edit:
        return self._restart(*edits.set_activation(self.config, self.sizes, l, name))

    def set_dataset(self, source: DataSource, dataset: Dataset | None = None) -> Edit:
        """Switch to the data of `source` (given as `dataset`, or loaded from the source);
        the input and output layers follow it, the hidden layers stay."""
        if dataset is not None:
            self._datasets[source.key] = dataset
        text = f"Dataset: {title_of(source, self._load(source))}"
        return self._restart(text, self.config.with_(source=source))

    def set_weights(self, thetas, name: str) -> Edit:
        """Train from these weights (imported from `name`): thetas[l-1] is Θ⁽ˡ⁾, shaped
        for this network. Training starts again at step 0 from them."""
        sizes = self.sizes
        if len(thetas) != len(sizes) - 1:
            raise EditRefused(f"The weights of {name} do not fit this network: it has "
                              f"{len(sizes) - 1} matrices Θ⁽¹⁾ … Θ{sl(len(sizes) - 1)}, the "
                              f"file holds {len(thetas)}.")
        arrays = [np.array(t, dtype=np.float64) for t in thetas]
        if not all(np.all(np.isfinite(t)) for t in arrays):
            raise EditRefused(f"The weights of {name} hold infinite or NaN values.")
        try:
            net = Network(sizes, self.acts, arrays, self.config.seed)
        except ValueError as exc:
            raise EditRefused(f"The weights of {name} do not fit this network: {exc}") from None
        before = self._snapshot()
        timeline = Timeline.fresh(self.config, net, self.data.X, self.data.Y)
        return self._commit(f"Weights from {name}", "training starts again from them",
                            before, _Snapshot(timeline, self.data, 0))

    def set_settings(self, **changes) -> Edit:
        """Any StudioConfig fields. α, λ, the batch size and shuffling continue training
        from the current weights; anything else starts again from fresh weights."""
        unknown = set(changes) - set(StudioConfig.__dataclass_fields__)
        if unknown:
            raise EditRefused(f"There is no setting called {', '.join(sorted(unknown))}.")
        try:
            new = self.config.with_(**changes)
        except (TypeError, ValueError) as exc:
            raise EditRefused(str(exc)) from None
        changed = {k: v for k, v in changes.items() if getattr(self.config, k) != v}
        if not changed:
            raise EditRefused("Nothing changed.")
        text = edits.settings_text(changed)
        if set(changed) <= set(TRAINING_FIELDS):
            return self._continue(text, new)
        return self._restart(text, new)

    def _names(self):
        return (self.dataset.name, self.dataset.n, self.dataset.K)

    def _continue(self, text: str, config: StudioConfig) -> Edit:
        _validated(config)
        before = self._snapshot()
        timeline, note = self.timeline.continued(config, self.data.X, self.data.Y)
        after = _Snapshot(timeline, self.data, self.k)
        return self._commit(text, f"{note} (step {self.k})", before, after)

    def _restart(self, text: str, config: StudioConfig) -> Edit:
        _validated(config)
        try:
            data = self._prepared(config)
            timeline = self._fresh_timeline(config, data)
        except ValueError as exc:          # DataError too: it is a ValueError
            raise EditRefused(f"{text}: {exc}") from None
        before = self._snapshot()
        note = f"training starts again from fresh weights (seed {config.seed})"
        return self._commit(text, note, before, _Snapshot(timeline, data, 0))

    def _commit(self, text: str, note: str, before, after) -> Edit:
        edit = Edit(self, text, note, before, after)
        self._restore(after)
        self._emit("message", f"{text}: {note}.", "info")
        return edit

    # ---- state ----

    def _snapshot(self) -> _Snapshot:
        return _Snapshot(self.timeline, self.data, self.k)

    def _restore(self, snap: _Snapshot) -> None:
        old_shape = (self.sizes, self.acts, self.dataset)
        self.timeline, self.data = snap.timeline, snap.data
        self.timeline.seek(snap.K)
        if (self.sizes, self.acts, self.dataset) != old_shape:
            self.view.selection = None     # a unit's meaning changes with the structure
            self._emit("structure")
            self._emit("selection")
        self._emit("config")
        self._emit("stepped")

    def _load(self, source: DataSource) -> Dataset:
        if source.key not in self._datasets:
            try:
                self._datasets[source.key] = load_source(source)
            except ValueError as exc:
                raise EditRefused(str(exc)) from None
        return self._datasets[source.key]

    def _prepared(self, config: StudioConfig) -> Prepared:
        return prepare(self._load(config.source), config.scaling, config.validation,
                       config.split_seed)

    @staticmethod
    def _fresh_timeline(config: StudioConfig, data: Prepared) -> Timeline:
        net = network_for(config, data.X.shape[1], data.Y.shape[1])
        return Timeline.fresh(config, net, data.X, data.Y)


def title_of(source: DataSource, dataset: Dataset) -> str:
    """"XOR (4 examples, 2 features)", "data.csv (150 examples, 4 features)"."""
    title = TITLES.get(source.name) if not source.imported else source.name
    return describe(dataset, title)


def _validated(config: StudioConfig) -> None:
    try:
        config.validate()
    except ValueError as exc:
        raise EditRefused(str(exc)) from None
