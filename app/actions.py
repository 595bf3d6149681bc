"""Every command of the window as a QAction, with slide-software keys and a menu home.

PageDown/→/Space next micro-step, PageUp/← back, Shift+PageDown next example,
Ctrl+PageDown next batch, P play/pause, Home reset, Ctrl+Z/Ctrl+Y undo/redo, F11 full
screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenuBar

import bpengine as bp

NODE_MODES = (("auto", "Auto (a forward, δ backward)"), ("delta", "δ (error)"),
              ("a", "a (activation)"), ("z", "z (input)"))
EDGE_MODES = (("auto", "Auto (Θ, Δ when accumulating, D at the gradient)"),
              ("theta", "Θ (weights)"), ("Delta", "Δ (accumulators)"), ("D", "D (gradients)"))
SCALE_MODES = (("fixed", "Fixed for the batch (largest |value| so far)"),
               ("step", "Follow each step's values"))


def _keys(*names) -> list[QKeySequence]:
    return [QKeySequence(n) if isinstance(n, str) else QKeySequence(n) for n in names]


class StackButton(QAction):
    """"Undo" / "Redo" for the toolbar. Its slots are methods of a QObject, so Qt drops
    the connections when the window and its actions go away."""

    def follow_enabled(self, enabled: bool) -> None:
        self.setEnabled(enabled)
        if not enabled:
            self.setToolTip(f"Nothing to {self.text().lower()}")

    def follow_text(self, text: str) -> None:
        if text:
            self.setToolTip(f"{self.text()}: {text}")


class StudioActions:
    """Builds the actions once; MainWindow places them in menus and the toolbar."""

    def __init__(self, window, session, player, canvas):
        self.window, self.session, self.player, self.canvas = window, session, player, canvas
        s = session
        self.step = self._act("Next step", s.step, ["PgDown", "Right", "Space"],
                              "Next micro-step: one line of the lecture's algorithm")
        self.back = self._act("Step back", s.back, ["PgUp", "Left"], "Undo one micro-step")
        self.next_example = self._act("Next example", s.next_example, ["Shift+PgDown"],
                                      "Finish the current example")
        self.next_batch = self._act("Next batch", s.next_batch, ["Ctrl+PgDown"],
                                    "Finish the batch: gradient D and update Θ := Θ − αD")
        self.next_epoch = self._act("Next epoch", s.next_epoch, ["Ctrl+Shift+PgDown"],
                                    "Finish the epoch")
        self.play = self._act("Play", player.toggle, ["P"], "Play / pause")
        self.play.setCheckable(True)
        s.sigPlaying.connect(self._on_playing)
        self.reset = self._act("Reset", s.reset, ["Home"],
                               "Back to the initial weights (same seed)")
        self.undo = s.undo_stack.createUndoAction(window, "Undo:")
        self.undo.setShortcuts(QKeySequence.Undo)
        self.redo = s.undo_stack.createRedoAction(window, "Redo:")
        redo_keys = QKeySequence.keyBindings(QKeySequence.Redo)
        if QKeySequence("Ctrl+Y") not in redo_keys:
            redo_keys.append(QKeySequence("Ctrl+Y"))
        self.redo.setShortcuts(redo_keys)
        # the toolbar's buttons: a short word, the whole "Undo: λ = 1" in the tooltip (the
        # stack's own actions would print every edit's name across the toolbar)
        self.undo_button = self._short(self.undo, "Undo", s.undo_stack.undo)
        self.redo_button = self._short(self.redo, "Redo", s.undo_stack.redo)
        self.add_layer = self._act("Add layer", self._add_layer, ["Ctrl+L"],
                                   "Add a hidden layer after the selected layer")
        self.remove_layer = self._act("Remove layer", self._remove_layer, ["Ctrl+Shift+L"],
                                      "Remove the selected hidden layer")
        self.add_unit = self._act("Add unit", self._add_unit, ["Ctrl+U"],
                                  "Add a unit to the selected hidden layer")
        self.remove_unit = self._act("Remove unit", self._remove_unit, ["Ctrl+Shift+U"],
                                     "Remove a unit from the selected hidden layer")
        self.activation = {name: self._act(name, lambda n=name: self._set_act(n))
                           for name in bp.ACTIVATIONS}
        self.zoom_in = self._act("Zoom in", canvas.zoom_in, ["Ctrl+=", "Ctrl++"])
        self.zoom_out = self._act("Zoom out", canvas.zoom_out, ["Ctrl+-"])
        self.fit = self._act("Fit network", canvas.fit, ["Ctrl+0"])
        self.node_modes = self._modes(NODE_MODES, canvas.set_node_mode, canvas.node_mode,
                                      canvas.sigNodeModeChanged)
        self.edge_modes = self._modes(EDGE_MODES, canvas.set_edge_mode, canvas.edge_mode,
                                      canvas.sigEdgeModeChanged)
        self.scale_modes = self._modes(SCALE_MODES, canvas.set_scale_mode, canvas.scale_mode,
                                       canvas.sigScaleModeChanged)
        screen_keys = QKeySequence.keyBindings(QKeySequence.FullScreen)
        if QKeySequence("F11") not in screen_keys:   # macOS binds Ctrl+Meta+F only
            screen_keys.insert(0, QKeySequence("F11"))
        self.full_screen = self._act("Full screen", self._toggle_full_screen, screen_keys,
                                     "Fill the projector: the window without its frame")
        self.full_screen.setCheckable(True)
        self.quit = self._act("Quit", window.close, [QKeySequence.Quit])

    def _act(self, text, slot, keys=(), tip="") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts(_keys(*keys))
            shown = ", ".join(k.toString(QKeySequence.NativeText) for k in action.shortcuts())
            tip = f"{tip} ({shown})" if tip else shown
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # shortcuts work even with menus hidden
        return action

    def _short(self, full: QAction, word: str, slot) -> QAction:
        """A toolbar twin of the undo stack's action `full` that shows `word` and carries
        the whole "Undo: λ = 1" as its tooltip."""
        button = StackButton(word, self.window)
        button.triggered.connect(lambda _c=False: slot())
        stack = self.session.undo_stack
        if word == "Undo":
            stack.canUndoChanged.connect(button.follow_enabled)
            stack.undoTextChanged.connect(button.follow_text)
            button.follow_enabled(stack.canUndo())
        else:
            stack.canRedoChanged.connect(button.follow_enabled)
            stack.redoTextChanged.connect(button.follow_text)
            button.follow_enabled(stack.canRedo())
        return button

    def _modes(self, modes, setter, current, changed) -> dict[str, QAction]:
        """One exclusive, checkable action per colouring mode. Triggering one calls
        `setter`; the canvas's `changed` signal moves the check however the mode changed
        (context menu, code), through setChecked, which never emits `triggered`."""
        group = QActionGroup(self.window)
        group.setExclusive(True)
        out = {}
        for key, text in modes:
            action = QAction(text, self.window, checkable=True, checked=key == current)
            action.triggered.connect(lambda _c=False, k=key: setter(k))
            group.addAction(action)
            out[key] = action
        changed.connect(lambda mode: out[mode].setChecked(True))
        return out

    def _toggle_full_screen(self) -> None:
        # flip only the full-screen bit: a maximized window comes back maximized
        w = self.window
        w.setWindowState(w.windowState() ^ Qt.WindowFullScreen)
        self.full_screen.setChecked(w.isFullScreen())

    def _on_playing(self, playing: bool) -> None:
        self.play.setChecked(playing)
        self.play.setText("Pause" if playing else "Play")

    # the layer an edit applies to: the selected unit's layer, else the last hidden layer
    def _target(self) -> int:
        sel = self.session.selection
        if sel and sel[0] == "unit":
            return sel[1]
        if sel and sel[0] == "edge":
            return sel[1] + 1
        return max(2, self.session.L - 1) if self.session.L > 2 else 2

    def _add_layer(self) -> None:
        sel = self.session.selection
        after = min(self._target(), self.session.L - 1) if sel else self.session.L - 1
        self.session.add_layer(after)

    def _remove_layer(self) -> None:
        self.session.remove_layer(self._target())

    def _add_unit(self) -> None:
        self.session.add_unit(self._target())

    def _remove_unit(self) -> None:
        self.session.remove_unit(self._target())

    def _set_act(self, name: str) -> None:
        self.session.set_activation(self._target(), name)

    def build_menus(self, bar: QMenuBar, files=None, window=None, exports=None,
                    weights=None, help_actions=(), panel_actions=()) -> None:
        """The menus; `window` (a MainWindow) adds its lessons, themes and presentation."""
        file = bar.addMenu("&File")
        if files is not None:
            file.addActions([files.new_action, files.open_action])
            file.addMenu(files.recent_menu)
            file.addActions([files.save_action, files.save_as_action])
            if window is not None:
                file.addAction(window.lessons.save_action)
            file.addSeparator()
            file.addAction(files.import_action)
        if weights is not None:
            file.addActions(weights.actions)
        file.addSeparator()
        if exports is not None:
            file.addActions(exports.file_actions)
            file.addSeparator()
        file.addAction(self.quit)
        self.file_menu = file
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        if exports is not None:
            edit.addSeparator()
            edit.addActions(exports.edit_actions)
        step = bar.addMenu("&Step")
        step.addActions([self.step, self.back, self.next_example, self.next_batch,
                         self.next_epoch])
        step.addSeparator()
        step.addActions([self.play, self.reset])
        if window is not None:
            step.addActions([window.training.train_action, window.training.epochs_action])
        net = bar.addMenu("&Network")
        net.addActions([self.add_layer, self.remove_layer, self.add_unit, self.remove_unit])
        acts = net.addMenu("Activation of selected layer")
        acts.setToolTipsVisible(True)   # each g says what it is and what its g′ is
        acts.addActions(list(self.activation.values()))
        view = bar.addMenu("&View")
        nodes = view.addMenu("Colour units by")
        nodes.addActions(list(self.node_modes.values()))
        edges = view.addMenu("Colour weights by")
        edges.addActions(list(self.edge_modes.values()))
        scale = view.addMenu("Colour scale")
        scale.addActions(list(self.scale_modes.values()))
        if window is not None:
            window.theming.theme_menu(view)
        view.addSeparator()
        view.addActions([self.zoom_in, self.zoom_out, self.fit])
        view.addSeparator()
        view.addAction(self.full_screen)
        if window is not None:
            window.presentation.menu(view)
        self.view_menu = view
        if panel_actions:
            view.addMenu("Panels").addActions(list(panel_actions))
        if help_actions:
            help_menu = bar.addMenu("&Help")
            help_menu.setToolTipsVisible(True)
            help_menu.addActions(list(help_actions))
