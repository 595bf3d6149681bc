"""The controller: owns the dataset, the network, the Stepper and the undo stack.

Views read its state and call its methods; they never touch the engine directly. Every
state change is announced by a signal: sigNetworkChanged (the structure or the dataset
changed: rebuild), sigStepped (values changed: recolour), sigSelection, sigMessage,
sigConfig (settings changed), sigPlaying.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import bpengine as bp
from bpengine import explain
from bpengine.config import MAX_HIDDEN_LAYERS, StudioConfig, build
from bpengine.notation import layer as sl


class ConfigCommand(QUndoCommand):
    """One undoable edit: the whole configuration before and after (both immutable)."""

    def __init__(self, session: Session, text: str, old: StudioConfig, new: StudioConfig):
        super().__init__(text)
        self.session, self.old, self.new = session, old, new

    def redo(self) -> None:
        self.session._apply(self.new)

    def undo(self) -> None:
        self.session._apply(self.old)


class Session(QObject):
    sigNetworkChanged = Signal()
    sigStepped = Signal()
    sigSelection = Signal()
    sigMessage = Signal(str, str)   # text, level: "info" | "error"
    sigConfig = Signal()
    sigPlaying = Signal(bool)

    def __init__(self, config: StudioConfig | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._datasets: dict[str, bp.Dataset] = {}
        self.selection: tuple | None = None
        self.playing = False
        self.config = config or StudioConfig()
        self.dataset = self._dataset(self.config.dataset)
        self.network, self.stepper = build(self.config, self.dataset.X, self.dataset.Y)

    # ---- reading ----------------------------------------------------------------------

    @property
    def sizes(self) -> list[int]:
        return self.network.sizes

    @property
    def L(self) -> int:
        return self.network.L

    def explain_unit(self, l: int, j: int) -> explain.UnitExplained:
        return explain.unit(self.stepper, l, j)

    def explain_weight(self, l: int, i: int, j: int) -> explain.WeightExplained:
        return explain.weight(self.stepper, l, i, j)

    # ---- stepping ---------------------------------------------------------------------

    def step(self) -> None:
        """Next micro-step."""
        self._advance(self.stepper.step)

    def back(self) -> None:
        """Undo one micro-step (PageUp)."""
        if self.stepper.k == 0:
            self.sigMessage.emit("Already at the first step.", "info")
            return
        self.stepper.back()
        self.sigStepped.emit()

    def next_example(self) -> None:
        self._advance(self.stepper.next_example)

    def next_batch(self) -> None:
        self._advance(self.stepper.next_batch)

    def next_epoch(self) -> None:
        self._advance(self.stepper.next_epoch)

    def seek(self, k: int) -> None:
        self._advance(lambda: self.stepper.seek(max(0, int(k))))

    def reset(self) -> None:
        """Back to the initial weights (same seed, same example order)."""
        self.set_playing(False)
        self.stepper.reset()
        self.sigStepped.emit()

    def run_steps(self, n: int, announce: bool = True) -> bool:
        """Up to n micro-steps without announcing each (play); one sigStepped after them
        unless `announce` is False (the caller then calls announce()). False if halted."""
        ok = True
        try:
            for _ in range(n):
                self.stepper.step()
        except bp.TrainingHalted as exc:
            ok = False
            self._halted(exc)
        if announce:
            self.sigStepped.emit()
        return ok

    def announce(self) -> None:
        """Tell the views the stepper moved (after run_steps(..., announce=False))."""
        self.sigStepped.emit()

    def set_playing(self, playing: bool) -> None:
        if playing != self.playing:
            self.playing = playing
            self.sigPlaying.emit(playing)

    def _advance(self, action) -> None:
        try:
            action()
        except bp.TrainingHalted as exc:
            self._halted(exc)
        self.sigStepped.emit()

    def _halted(self, exc: bp.TrainingHalted) -> None:
        self.set_playing(False)
        self.sigMessage.emit(str(exc), "error")

    # ---- selection ----------------------------------------------------------------------

    def select(self, selection: tuple | None) -> None:
        """("unit", l, j) with j = 0 the bias unit, ("edge", l, i, j) for Θ⁽ˡ⁾ᵢⱼ, or None."""
        if selection != self.selection:
            self.selection = selection
            self.sigSelection.emit()

    # ---- editing (each edit is one undo command) ------------------------------------------

    def add_layer(self, after: int) -> None:
        """Insert a hidden layer after seed layer `after` (1 … L − 1)."""
        c = self.config
        if len(c.hidden) >= MAX_HIDDEN_LAYERS:
            return self._refuse(f"At most {MAX_HIDDEN_LAYERS} hidden layers are supported.")
        if not 1 <= after <= self.L - 1:
            return self._refuse(f"Cannot add a layer after layer {after}.")
        size = c.hidden[after - 2] if after >= 2 else max(2, min(self.sizes[0], 8))
        hidden = c.hidden[: after - 1] + (size,) + c.hidden[after - 1:]
        act = c.acts[after - 2] if after >= 2 and after - 2 < len(c.hidden) else "sigmoid"
        acts = c.acts[: after - 1] + (act,) + c.acts[after - 1:]
        self._edit(f"Add layer {after + 1}", c.with_(hidden=hidden, acts=acts))

    def remove_layer(self, l: int) -> None:
        if not self._is_hidden(l, "remove"):
            return
        c = self.config
        self._edit(f"Remove layer {l}", c.with_(hidden=c.hidden[: l - 2] + c.hidden[l - 1:],
                                                acts=c.acts[: l - 2] + c.acts[l - 1:]))

    def add_unit(self, l: int) -> None:
        if self._is_hidden(l, "add a unit to"):
            self._resize(l, +1)

    def remove_unit(self, l: int) -> None:
        if not self._is_hidden(l, "remove a unit from"):
            return
        if self.config.hidden[l - 2] == 1:
            return self._refuse(f"Layer {l} has only one unit; remove the layer instead.")
        self._resize(l, -1)

    def set_activation(self, l: int, name: str) -> None:
        if not 2 <= l <= self.L:
            return self._refuse("Layer 1 is the input: it has no activation.")
        acts = list(self.config.acts)
        acts[l - 2] = name
        self._edit(f"Layer {l}: {name}", self.config.with_(acts=tuple(acts)))

    def set_dataset(self, name: str, dataset: bp.Dataset | None = None) -> None:
        """Switch data (a built-in name, or a loaded Dataset under its name)."""
        if dataset is not None:
            self._datasets[name] = dataset
        self._edit(f"Dataset: {name}", self.config.with_(dataset=name))

    def set_settings(self, **changes) -> None:
        """α, λ, batch_size, shuffle, seed, loss: training restarts from the initial weights."""
        new = self.config.with_(**changes)
        if new != self.config:
            text = ", ".join(f"{k} = {v}" for k, v in changes.items())
            self._edit(f"Set {text}", new)

    def _resize(self, l: int, by: int) -> None:
        hidden = list(self.config.hidden)
        hidden[l - 2] += by
        verb = "Add a unit to" if by > 0 else "Remove a unit from"
        self._edit(f"{verb} layer {l}", self.config.with_(hidden=tuple(hidden)))

    def _is_hidden(self, l: int, verb: str) -> bool:
        if 2 <= l <= self.L - 1:
            return True
        if l == 1:
            n = self.sizes[0]
            self._refuse(f"Cannot {verb} layer 1: it is the input, and its {n} units are the "
                         f"{n} features of “{self.dataset.name}”.")
        elif l == self.L:
            self._refuse(f"Cannot {verb} layer {l}: it is the output, and its {self.sizes[-1]} "
                         f"units follow the classes of “{self.dataset.name}”.")
        else:
            self._refuse(f"There is no layer {l}.")
        return False

    def _edit(self, text: str, new: StudioConfig) -> None:
        """Validate first (so a refused edit never reaches the undo stack), then push."""
        try:
            self._check(new)
        except (ValueError, bp.DataError) as exc:
            return self._refuse(f"{text}: {exc}")
        self.undo_stack.push(ConfigCommand(self, text, self.config, new))

    def _check(self, config: StudioConfig) -> None:
        dataset = self._dataset(config.dataset)
        build(config, dataset.X[:1], dataset.Y[:1])

    def _apply(self, config: StudioConfig) -> None:
        """Rebuild network and stepper from `config` (called by the undo stack only)."""
        self.set_playing(False)
        dataset = self._dataset(config.dataset)
        self.network, self.stepper = build(config, dataset.X, dataset.Y)
        structure = (config.dataset, config.hidden, config.acts) != (
            self.config.dataset, self.config.hidden, self.config.acts)
        self.config, self.dataset = config, dataset
        if structure:
            self.selection = None
            self.sigNetworkChanged.emit()
            self.sigSelection.emit()
        self.sigConfig.emit()
        self.sigStepped.emit()

    def _dataset(self, name: str) -> bp.Dataset:
        if name not in self._datasets:
            self._datasets[name] = bp.load_builtin(name)
        return self._datasets[name]

    def _refuse(self, text: str) -> None:
        self.sigMessage.emit(text, "error")

    # ---- text for views -------------------------------------------------------------------

    def status(self) -> dict:
        """Epoch, example i of m, batch, the step label, J: ready for a status line."""
        s = self.stepper
        where = s.peek()
        last = s.last
        ref = last if last is not None else where
        return {
            "k": s.k,
            "epoch": ref.epoch + 1,
            "batch": ref.batch + 1,
            "n_batches": s.schedule.n_batches,
            "example_pos": min(ref.pos + 1, s.schedule.batch_len(ref.batch)),
            "batch_len": s.schedule.batch_len(ref.batch),
            "example": s.example + 1,
            "m": s.m,
            "label": last.label if last else "Ready: press PageDown for the first step",
            "kind": last.kind if last else None,
            "next": s.peek().kind,
            "J_so_far": s.J_so_far,
            "J_last": s.history_J[-1] if len(s.history_J) else None,
            "updates": len(s.history_J),
            "per_epoch": s.schedule.per_epoch,
        }


def layer_title(session: Session, l: int) -> str:
    """"Layer 2 · a⁽²⁾ · sigmoid" (input: "Layer 1 · x = a⁽¹⁾")."""
    if l == 1:
        return f"Layer 1 · x = a{sl(1)}"
    return f"Layer {l} · a{sl(l)} · {session.network.acts[l - 2]}"
