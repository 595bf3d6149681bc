"""The window's export commands: File ▸ Export diagram…, Export plots…, Export step as
LaTeX…; Edit ▸ Copy diagram (Ctrl+Shift+C) and Copy step as LaTeX.

Every question goes through app.prompts.DIALOGS (export_options, export_path); the last
options and folder are remembered (QSettings "export/…"). The work is done by
app/export_diagram.py, app/export_plots.py and app/latex.py; this module only asks, writes
and says what happened in the message bar.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from app.export_diagram import DiagramOptions, copy_diagram, write_diagram
from app.export_plots import write_panel
from app.latex import step_fragment, write_latex
from app.prompts import DIALOGS

COPY_KEYS = "Ctrl+Shift+C"


class ExportActions:
    """`panels`: name → a function making a fresh plot panel (a QGraphicsView) to export;
    one file per panel (named after it when there are several)."""

    def __init__(self, window, session, panels: dict):
        self.window, self.session, self.panels = window, session, dict(panels)
        self.export_diagram = self._act("Export diagram…", self.ask_diagram,
                                        tip="The network as PNG, SVG or PDF, without the "
                                            "editing buttons, with its colour legend")
        self.export_plots = self._act("Export plots…", self.ask_plots,
                                      tip="The cost and accuracy plots as PNG, SVG or PDF")
        self.export_latex = self._act("Export step as LaTeX…", self.ask_latex,
                                      tip="This step's equations with their numbers, as a "
                                          "LaTeX document (pdflatex, amsmath)")
        self.copy = self._act("Copy diagram", self.copy_diagram, COPY_KEYS,
                              "The network on the clipboard, as PNG and SVG")
        self.copy_latex = self._act("Copy step as LaTeX", self.copy_step,
                                    tip="This step's equations as LaTeX for slides")

    @property
    def file_actions(self) -> list[QAction]:
        return [self.export_diagram, self.export_plots, self.export_latex]

    @property
    def edit_actions(self) -> list[QAction]:
        return [self.copy, self.copy_latex]

    def _act(self, text: str, slot, keys: str = "", tip: str = "") -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            tip += f" ({QKeySequence(keys).toString(QKeySequence.NativeText)})"
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)
        return action

    # ---- remembered choices ------------------------------------------------------------

    def _options(self, kind: str) -> DiagramOptions:
        raw = QSettings().value(f"export/{kind}", "")
        try:
            return DiagramOptions.from_dict(json.loads(raw)) if raw else DiagramOptions()
        except (TypeError, ValueError):
            return DiagramOptions()

    def _remember(self, kind: str, options: DiagramOptions, path: str) -> None:
        settings = QSettings()
        settings.setValue(f"export/{kind}", json.dumps(options.to_dict()))
        settings.setValue("export/folder", str(Path(path).parent))

    def suggested(self, ext: str, what: str = "") -> str:
        """"xor-2-2-2-1-step5.svg" in the last export folder (or the session's)."""
        s = self.session
        source = s.config.source
        data = Path(source.name).stem if source.imported else source.name
        slug = re.sub(r"[^A-Za-z0-9]+", "-", data).strip("-").lower() or "data"
        name = f"{slug}-{'-'.join(map(str, s.sizes))}-step{s.k}{what}.{ext}"
        folder = QSettings().value("export/folder", "")
        files = getattr(self.window, "files", None)
        if not folder and files is not None and files.path is not None:
            folder = str(files.path.parent)
        return str(Path(folder) / name) if folder else name

    # ---- the commands ------------------------------------------------------------------

    def ask_diagram(self) -> None:
        options = DIALOGS.export_options(self.window, "diagram", self._options("diagram"))
        if options is None:
            return
        path = DIALOGS.export_path(self.window, options.format, self.suggested(options.format))
        if path is None:
            return
        self._remember("diagram", options, path)
        self._done(lambda: write_diagram(self.session, path, options, self._look()),
                   "the diagram", path)

    def ask_plots(self) -> None:
        options = DIALOGS.export_options(self.window, "plots", self._options("plots"))
        if options is None:
            return
        path = DIALOGS.export_path(self.window, options.format, self.suggested(options.format))
        if path is None:
            return
        self._remember("plots", options, path)
        for name, make in self.panels.items():
            target = path
            if len(self.panels) > 1:
                p = Path(path)
                target = str(p.with_name(f"{p.stem}-{name}{p.suffix}"))
            self._done(lambda m=make, t=target: write_panel(
                m, t, options.format, options.scale, options.transparent), "the plots", target)

    def ask_latex(self) -> None:
        path = DIALOGS.export_path(self.window, "tex", self.suggested("tex"))
        if path is None:
            return
        QSettings().setValue("export/folder", str(Path(path).parent))
        self._done(lambda: write_latex(self.session, path), "this step as LaTeX", path)

    def _look(self):
        """The window's theme at the figure's own text size (not presentation's)."""
        appearance = getattr(self.window, "appearance", None)
        if appearance is None:
            return None
        from app.theme import Look
        return Look(appearance.look.theme)

    def copy_diagram(self) -> None:
        self.session.hold_still()
        options = replace(self._options("diagram"), format="png")
        copy_diagram(self.session, QGuiApplication.clipboard(), options, self._look())
        self.session.say("Copied the diagram (PNG and SVG).")

    def copy_step(self) -> None:
        self.session.hold_still()
        QGuiApplication.clipboard().setText(step_fragment(self.session))
        self.session.say("Copied this step's equations as LaTeX (it needs amsmath).")

    def _done(self, write, what: str, path: str) -> None:
        self.session.hold_still()      # what is written must not move while it is read
        try:
            write()
        except OSError as exc:
            self.session.say(f"Could not export {what} to {path}: {exc.strerror or exc}",
                             "error")
            return
        self.session.say(f"Exported {what} to {Path(path).name}.")
