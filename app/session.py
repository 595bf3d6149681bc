"""Session: the Qt adapter over the Qt-free StudioModel.

It owns the QUndoStack (each model Edit becomes one undo command) and turns the model's
changes into signals: sigNetworkChanged (structure or dataset changed: rebuild),
sigStepped (values changed: recolour), sigSelection, sigView (colour modes and view
options), sigMessage(text, level), sigConfig (settings changed), sigPlaying(bool),
sigModelReplaced (File ▸ New / Open put another model in place), sigMoving(bool) (playing or
a job under way: views may draw coarser). Views read state through
it and call its methods; they never touch the engine directly. Long moves (next batch and
epoch, seek, reset, Train) run as jobs of its JobRunner `jobs` (app/jobs.py).
"""

from __future__ import annotations

import numbers

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

import bpengine as bp
from app.jobs import JobRunner
from bpengine import explain
from bpengine.config import DataSource, StudioConfig
from bpengine.edits import EditRefused
from bpengine.notation import layer as sl
from bpengine.studio import StudioModel

UNDO_LIMIT = 200   # every command keeps its Steppers' checkpoints alive


class EditCommand(QUndoCommand):
    """One model Edit on the undo stack. The model made the change already: the first
    redo(), which QUndoStack.push calls, does nothing."""

    def __init__(self, edit, before=lambda: None):
        super().__init__(edit.text)
        self.edit, self._pushed, self._before = edit, False, before

    def redo(self) -> None:
        if self._pushed:
            self._before()
            self.edit.redo()
        self._pushed = True

    def undo(self) -> None:
        self._before()         # a job under way stops before the state it moves is replaced
        self.edit.undo()


class Session(QObject):
    sigNetworkChanged = Signal()
    sigStepped = Signal()
    sigSelection = Signal()
    sigView = Signal()
    sigMessage = Signal(str, str)   # text, level: "info" | "error"
    sigConfig = Signal()
    sigPlaying = Signal(bool)
    sigMoving = Signal(bool)        # playing or a job under way: views may draw coarser
    sigModelReplaced = Signal()

    def __init__(self, config: StudioConfig | None = None, parent: QObject | None = None,
                 model: StudioModel | None = None):
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.playing = False
        self.jobs = JobRunner(self, self)
        self.jobs.sigBusy.connect(self._on_busy)
        self._held: list[str] = []     # view/selection changes made while a worker moves
        self.model = model or StudioModel(config)
        self._listen(self.model)

    def _listen(self, model: StudioModel) -> None:
        # a replaced model may still speak (an old undo command): only the current one counts
        model.listen(lambda event, *args: model is self.model and self._on_model(event, *args))

    def replace_model(self, model: StudioModel) -> None:
        """Put another model in place (New, Open): undo history starts afresh."""
        self.set_playing(False)
        self.jobs.stop()
        self.model = model
        self._listen(model)
        self.undo_stack.clear()
        self.sigModelReplaced.emit()
        for sig in (self.sigNetworkChanged, self.sigConfig, self.sigSelection, self.sigView,
                    self.sigStepped):
            sig.emit()

    def _on_busy(self, busy: bool) -> None:
        if not busy:             # the worker is done: the views may read the model again
            held, self._held = self._held, []
            for event in held:
                self._on_model(event)
        self.sigMoving.emit(self.moving)

    def hold_still(self) -> None:
        """Stop a job that runs on the worker thread (at a state a replay reproduces): the
        caller is about to read the model (save, export, copy), which must not move."""
        if self.jobs.on_worker:
            self.jobs.stop()

    def _on_model(self, event: str, *args) -> None:
        if event in ("view", "selection") and self.jobs.on_worker:
            # a colour mode or a selection changed while a worker moves the model: the views
            # that follow them read the stepper, so they hear of it when the worker is done
            if event not in self._held:
                self._held.append(event)
            return
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

    # A relative move asked for while another is under way counts from that one's goal,
    # as if it had been instant: Next epoch twice goes two epochs, PageUp after it one step
    # before its end. Train mode has no goal: it stops where it stands.

    def step(self) -> None:
        goal = self._goal()
        if goal is None:
            self.jobs.stop()
            self.model.step()
        else:
            self._long(lambda: self.model.move_to(goal + 1), "Stepping")

    def back(self) -> None:
        """One micro-step back: a job, since stepping back over a batch's start replays
        that batch (the first slice runs at once: a short step back is over at the key);
        during play, at once, and play goes on."""
        goal = self._goal()
        K = self.k if goal is None else goal
        if self.playing or K == 0:
            self.jobs.stop()
            self.model.back()
        else:
            self._long(lambda: self.model.move_to(K - 1), "Stepping back")

    def next_example(self) -> None:
        goal = self._goal()
        if goal is None:                  # a few micro-steps: at once (and play goes on)
            self.jobs.stop()
            self.model.next_example()
        else:
            self._long(lambda: self.model.finishing("example", start=goal),
                       "Finishing the example")

    def next_batch(self) -> None:
        goal = self._goal()
        self._long(lambda: self.model.finishing("batch", start=goal), "Finishing the batch")

    def next_epoch(self) -> None:
        goal = self._goal()
        self._long(lambda: self.model.finishing("epoch", start=goal), "Finishing the epoch")

    def train_epochs(self, n: int) -> None:
        """Step ▸ Train N epochs: whole batches on the fast path, n epochs on."""
        goal = self._goal()
        self._long(lambda: self.model.train_epochs(n, start=goal),
                   f"Training {n:,} epoch{'s' if n != 1 else ''}")

    def _goal(self) -> int | None:
        """The global step the move under way is going to (None: none, or Train)."""
        job = self.jobs.job
        return job.target if self.jobs.busy and not self.jobs.endless else None

    def seek(self, k) -> None:
        whole = isinstance(k, numbers.Integral) and not isinstance(k, bool)   # numpy's too
        self._long(lambda: self.model.move_to(k), f"Going to step {int(k):,}" if whole
                   else "Going to a step")

    def reset(self) -> None:
        """Back to the initial weights (same seed, same example order)."""
        self._long(lambda: self.model.move_to(0), "Back to the start")

    @property
    def moving(self) -> bool:
        """Playing, or a long move or Train under way."""
        return self.playing or self.jobs.busy

    @property
    def moving_in_slices(self) -> bool:
        """A long move on the GUI thread whose views follow in ticks of their own, about ten
        times a second (app/jobs.py); not Train mode (framed), not a worker's move."""
        jobs = self.jobs
        return jobs.busy and not jobs.framed and not jobs.on_worker

    @property
    def training(self) -> bool:
        """Train mode: whole batches at engine speed until stopped."""
        return self.jobs.busy and self.jobs.endless

    def set_training(self, on: bool) -> None:
        if on == self.training:
            return
        if on:
            self._long(self.model.training, "Training", endless=True)
        else:
            self.jobs.stop()

    def _long(self, make_job, text: str, endless: bool = False) -> None:
        """A move that may take long: as a job (app/jobs.py), after stopping play and any
        job under way (so the new job is planned from where they left the model)."""
        self.set_playing(False)
        self.jobs.stop()
        self.jobs.start(make_job(), text, endless)

    def run_steps(self, n: int, announce: bool = True) -> bool:
        return self.model.run_steps(n, announce)

    def play_span(self, n: int) -> int:
        return self.model.play_span(n)

    def announce(self) -> None:
        self.model.announce()

    def say(self, text: str, level: str = "info") -> None:
        """Show a message (for the panels and controllers that are not the model)."""
        self.sigMessage.emit(text, level)

    def set_playing(self, playing: bool) -> None:
        if playing:
            self.jobs.stop()
        if playing != self.playing:
            self.playing = playing
            self.sigPlaying.emit(playing)
            self.sigMoving.emit(self.moving)

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

    def _stop_moving(self) -> None:
        self.set_playing(False)
        self.jobs.stop()

    def _edit(self, method, *args, **kwargs) -> bool:
        self.set_playing(False)
        self.jobs.stop()
        try:
            edit = method(*args, **kwargs)
        except EditRefused as exc:
            if str(exc) != "Nothing changed.":
                self.sigMessage.emit(str(exc), "error")
            return False
        self.undo_stack.push(EditCommand(edit, self._stop_moving))
        return True


def layer_title(session: Session, l: int) -> str:
    """"Layer 2 · a⁽²⁾ · sigmoid" (input: "Layer 1 · x = a⁽¹⁾")."""
    if l == 1:
        return f"Layer 1 · x = a{sl(1)}"
    return f"Layer {l} · a{sl(l)} · {session.acts[l - 2]}"
