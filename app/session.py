"""Session: the Qt adapter over the Qt-free StudioModel.

It owns the QUndoStack (each model Edit becomes one undo command) and turns the model's
changes into signals: sigNetworkChanged (structure or dataset changed: rebuild),
sigStepped (values changed: recolour), sigSelection, sigView (colour modes and view
options), sigMessage(text, level), sigConfig (settings changed), sigPlaying(bool),
sigModelReplaced (File ▸ New / Open put another model in place). Views read state through
it and call its methods; they never touch the engine directly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import bpengine as bp
from bpengine import explain
from bpengine.config import DataSource, StudioConfig
from bpengine.edits import EditRefused
from bpengine.notation import layer as sl
from bpengine.studio import StudioModel

UNDO_LIMIT = 200   # every command keeps its Steppers' checkpoints alive


class EditCommand(QUndoCommand):
    """One model Edit on the undo stack. The model made the change already: the first
    redo(), which QUndoStack.push calls, does nothing."""

    def __init__(self, edit):
        super().__init__(edit.text)
        self.edit, self._pushed = edit, False

    def redo(self) -> None:
        if self._pushed:
            self.edit.redo()
        self._pushed = True

    def undo(self) -> None:
        self.edit.undo()


class Session(QObject):
    sigNetworkChanged = Signal()
    sigStepped = Signal()
    sigSelection = Signal()
    sigView = Signal()
    sigMessage = Signal(str, str)   # text, level: "info" | "error"
    sigConfig = Signal()
    sigPlaying = Signal(bool)
    sigModelReplaced = Signal()

    def __init__(self, config: StudioConfig | None = None, parent: QObject | None = None,
                 model: StudioModel | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.playing = False
        self.model = model or StudioModel(config)
        self._listen(self.model)

    def _listen(self, model: StudioModel) -> None:
        # a replaced model may still speak (an old undo command): only the current one counts
        model.listen(lambda event, *args: model is self.model and self._on_model(event, *args))

    def replace_model(self, model: StudioModel) -> None:
        """Put another model in place (New, Open): undo history starts afresh."""
        self.set_playing(False)
        self.model = model
        self._listen(model)
        self.undo_stack.clear()
        self.sigModelReplaced.emit()
        for sig in (self.sigNetworkChanged, self.sigConfig, self.sigSelection, self.sigView,
                    self.sigStepped):
            sig.emit()

    def _on_model(self, event: str, *args) -> None:
        if event == "halted":
            self.set_playing(False)
            self.sigMessage.emit(args[0], "error")
        elif event == "message":
            self.sigMessage.emit(*args)
        else:
            {"structure": self.sigNetworkChanged, "config": self.sigConfig,
             "stepped": self.sigStepped, "selection": self.sigSelection,
             "view": self.sigView}[event].emit()

    # ---- reading ----------------------------------------------------------------------

    @property
    def config(self) -> StudioConfig:
        return self.model.config

    @property
    def dataset(self) -> bp.Dataset:
        return self.model.dataset

    @property
    def stepper(self) -> bp.Stepper:
        return self.model.stepper

    @property
    def k(self) -> int:
        return self.model.k

    @property
    def sizes(self) -> list[int]:
        return self.model.sizes

    @property
    def acts(self) -> list[str]:
        return self.model.acts

    @property
    def L(self) -> int:
        return self.model.L

    @property
    def selection(self) -> tuple | None:
        return self.model.selection

    @property
    def view(self):
        return self.model.view

    def history(self):
        """(J, accuracy) per update so far, numpy arrays."""
        return self.model.history()

    def history_token(self) -> tuple:
        """Changes whenever history() would: (which run, which segment, updates so far)."""
        t = self.model.timeline
        return (id(t), t.i, t.n_updates())

    def explain_unit(self, l: int, j: int) -> explain.UnitExplained:
        return self.model.explain_unit(l, j)

    def explain_weight(self, l: int, i: int, j: int) -> explain.WeightExplained:
        return self.model.explain_weight(l, i, j)

    def status(self) -> dict:
        return self.model.status()

    # ---- stepping ---------------------------------------------------------------------

    def step(self) -> None:
        self.model.step()

    def back(self) -> None:
        self.model.back()

    def next_example(self) -> None:
        self.model.next_example()

    def next_batch(self) -> None:
        self.model.next_batch()

    def next_epoch(self) -> None:
        self.model.next_epoch()

    def seek(self, k) -> None:
        self.model.seek(k)

    def reset(self) -> None:
        """Back to the initial weights (same seed, same example order)."""
        self.set_playing(False)
        self.model.reset()

    def run_steps(self, n: int, announce: bool = True) -> bool:
        return self.model.run_steps(n, announce)

    def announce(self) -> None:
        self.model.announce()

    def say(self, text: str, level: str = "info") -> None:
        """Show a message (for the panels and controllers that are not the model)."""
        self.sigMessage.emit(text, level)

    def set_playing(self, playing: bool) -> None:
        if playing != self.playing:
            self.playing = playing
            self.sigPlaying.emit(playing)

    # ---- selection and view -------------------------------------------------------------

    def select(self, selection: tuple | None) -> None:
        """("unit", l, j) with j = 0 the bias unit, ("edge", l, i, j) for Θ⁽ˡ⁾ᵢⱼ, or None."""
        self.model.select(selection)

    def set_view(self, **changes) -> None:
        self.model.set_view(**changes)

    # ---- editing (each edit is one undo command) ------------------------------------------

    def add_layer(self, after: int) -> None:
        self._edit(self.model.add_layer, after)

    def remove_layer(self, l: int) -> None:
        self._edit(self.model.remove_layer, l)

    def add_unit(self, l: int) -> None:
        self._edit(self.model.add_unit, l)

    def remove_unit(self, l: int) -> None:
        self._edit(self.model.remove_unit, l)

    def set_activation(self, l: int, name: str) -> None:
        self._edit(self.model.set_activation, l, name)

    def set_dataset(self, source: DataSource | str, dataset: bp.Dataset | None = None) -> None:
        """Switch data: a DataSource (with its loaded Dataset for an imported file), or a
        built-in's name."""
        if isinstance(source, str):
            source = DataSource("builtin", source)
        self._edit(self.model.set_dataset, source, dataset)

    def set_weights(self, thetas, name: str) -> bool:
        """Train from imported weights (training starts again from them)."""
        return self._edit(self.model.set_weights, thetas, name)

    def set_settings(self, **changes) -> None:
        """α, λ, batch size, shuffle continue from the current weights; others restart."""
        self._edit(self.model.set_settings, **changes)

    def _edit(self, method, *args, **kwargs) -> bool:
        self.set_playing(False)
        try:
            edit = method(*args, **kwargs)
        except EditRefused as exc:
            if str(exc) != "Nothing changed.":
                self.sigMessage.emit(str(exc), "error")
            return False
        self.undo_stack.push(EditCommand(edit))
        return True


def layer_title(session: Session, l: int) -> str:
    """"Layer 2 · a⁽²⁾ · sigmoid" (input: "Layer 1 · x = a⁽¹⁾")."""
    if l == 1:
        return f"Layer 1 · x = a{sl(1)}"
    return f"Layer {l} · a{sl(l)} · {session.acts[l - 2]}"
