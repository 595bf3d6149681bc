"""The Gradient check panel: the lecture's check of D at the current Θ, on a button.

D from backpropagation against the central difference (J(Θ + ε) − J(Θ − ε)) / 2ε of the
cost, weight by weight (bp.GradientCheck, run by app/check_worker.py off the GUI thread),
over the whole training part. Shown: the verdict ‖D − num‖ / ‖D + num‖ against 1e-7, in
words and colour (✓ / ✗ as well), the engine's explanation, a scatter of D against the
numerical gradient (one point per checked weight, bias weights as squares, the diagonal
D = numerical drawn) and a table of the worst weights (a click selects the weight).

"The lecture's printed formula" computes D with + λΘ instead of + (λ/m)Θ: for λ > 0 the
check fails and the explanation says which term is wrong and by how much. Networks above
2,000 weights check a seeded sample of 200 unless "all weights" is ticked. A check still
running after SHOW_PROGRESS_MS shows a progress bar and Cancel; the window stays usable.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import panel_style as ps
from app.check_worker import CheckWorker
from app.gradcheck_plot import CheckScatter
from app.symbols import tip
from app.theme import Look
from bpengine.check_explain import THRESHOLD, weight_name
from bpengine.gradient_check import AUTO_LIMIT, AUTO_SAMPLE

SHOW_PROGRESS_MS = 100
WORST_ROWS = 10


def sci(x: float) -> str:
    """2 significant digits, exponents as a person writes them: 3.2e−11, 1e−7, 0.56."""
    text = f"{x:.2g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}e{int(exp)}"
    return text.replace("-", "−")


class GradientCheckPanel(QWidget):
    """See the module docstring. run() starts a check (formula from the toggle); result is
    the last GradientCheckResult; worker the running CheckWorker or None."""

    def __init__(self, session, parent: QWidget | None = None, look: Look | None = None):
        super().__init__(parent)
        self.session = session
        self.look = look or Look()
        self.st = ps.style(self.look)
        self.result = None
        self._verdict: bool | None = None         # the verdict's colour: passed, failed, none
        self.worker: CheckWorker | None = None
        self._checked_at: tuple | None = None     # (step K, Θ objects) of the last check
        self._widgets()
        self._layout()
        self.set_look(self.look)
        session.sigNetworkChanged.connect(self._structure_changed)
        session.sigStepped.connect(self._note_staleness)
        session.sigConfig.connect(self._note_staleness)
        self._structure_changed()

    def sizeHint(self) -> QSize:
        return QSize(380, 420)

    def set_look(self, look: Look) -> None:
        """The verdict, the explanation, the legend and the scatter in `look`."""
        self.look = look
        st = self.st = ps.style(look)
        self.verdict.setFont(st.font(ps.VERDICT_PT, bold=True))
        self.explanation.setFont(st.font(ps.TEXT_PT))
        self.legend.setText(
            f"<span style='color:{st.class_color(0).name()}'>●</span> weights (j ≥ 1) &nbsp; "
            f"<span style='color:{st.class_color(1).name()}'>■</span> bias weights (j = 0) "
            f"&nbsp; <span style='color:{st.soft_ink.name()}'>╌╌</span> D = numerical")
        self.legend.setFont(st.font(ps.TEXT_PT - 1))
        self.scatter_plot.set_style(st)
        self._colour_verdict(self._verdict)
        # new fonts, new heights: the row is taken from the tabs again
        self._show_all_weights(self.all_weights.isVisibleTo(self))

    def _colour_verdict(self, ok: bool | None) -> None:
        """The verdict in the pass or fail colour; None: in the panel's text colour."""
        self._verdict = ok
        ps.tint(self.verdict, None if ok is None else self.st.passed if ok else self.st.failed)

    # ---- building ----

    def _widgets(self) -> None:
        self.run_button = QPushButton("Check the gradient", objectName="checkRun")
        self.run_button.setToolTip(
            "Compare D from backpropagation with the numerical gradient "
            "(J(Θ + ε) − J(Θ − ε)) / 2ε of every weight, at the current Θ\n\n" + tip("D"))
        self.run_button.clicked.connect(self.run)
        self.seed_formula = QCheckBox("with the lecture's printed D = (1/m)Δ + λΘ",
                                      objectName="checkSeedFormula")
        self.seed_formula.setToolTip(
            "The lecture prints + λΘ in D; the cost's λ/(2m) ΣΘ² differentiates to (λ/m)Θ. "
            "Tick to check the printed formula: for λ > 0 it fails.\n\n" + tip("λ"))
        self.seed_formula.toggled.connect(self._formula_toggled)
        self.all_weights = QCheckBox()
        self.all_weights.toggled.connect(lambda _on: self.result is not None and self.run())
        self.progress = QProgressBar(minimum=0, maximum=1000, textVisible=True)
        self.cancel_button = QPushButton("Cancel", objectName="checkCancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.verdict = QLabel("Press “Check the gradient”.", objectName="checkVerdict",
                              wordWrap=True)
        self.explanation = QTextBrowser(objectName="checkExplanation")
        self.explanation.setFrameShape(QTextBrowser.NoFrame)
        self.explanation.setPlaceholderText(
            "The check compares, weight by weight, D from backpropagation with the slope of "
            "J measured by nudging that weight by ±ε. They agree to about 1e−7 when "
            "backpropagation is right.")
        self.legend = QLabel(wordWrap=True, objectName="checkLegend")
        self.stale = QLabel("", objectName="checkStale", wordWrap=True)
        self.stale.hide()
        self.scatter_plot = CheckScatter(self.st)
        sp = self.scatter_plot
        self.points, self.bias_points, self.diagonal = sp.points, sp.bias_points, sp.diagonal
        self.table = QTableWidget(0, 4, objectName="checkWorst")
        self.table.setHorizontalHeaderLabels(["weight", "D", "numerical", "rel. diff."])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.table.setEditTriggers(QTableWidget.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectRows)
        self.table.setToolTip("The checked weights whose D and numerical gradient differ "
                              "most; click one to select it on the canvas")
        self.table.cellClicked.connect(self._row_clicked)

    def _layout(self) -> None:
        """Button and progress on one row (the progress bar keeps its room while hidden:
        showing it must not lay the panel out again, a GUI pause of ~50 ms mid-check), the
        formula toggle, the verdict, then the explanation, the scatter and the worst
        weights as tabs: the panel stays usable in a short dock (minimum ~200 px)."""
        top = QHBoxLayout()
        top.addWidget(self.run_button)
        for w in (self.progress, self.cancel_button):
            policy = w.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            w.setSizePolicy(policy)
            w.hide()
        top.addWidget(self.progress, 1)
        top.addWidget(self.cancel_button)
        plot_box = QWidget()
        plot_layout = QVBoxLayout(plot_box)
        plot_layout.setContentsMargins(0, 0, 0, 0)
        plot_layout.addWidget(self.scatter_plot, 1)
        plot_layout.addWidget(self.legend)
        self.tabs = QTabWidget(objectName="checkTabs")
        self.tabs.addTab(self.explanation, "Why")
        self.tabs.addTab(plot_box, "D against numerical")
        self.tabs.addTab(self.table, "Worst weights")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.seed_formula)
        layout.addWidget(self.all_weights)
        layout.addWidget(self.verdict)
        layout.addWidget(self.stale)
        layout.addWidget(self.tabs, 1)

    # ---- running ----

    def arguments(self) -> dict:
        """What the check gets from the session: the current Θ, the training part, λ, the
        activations and the cost, the formula and which weights."""
        s = self.session
        c, d = s.config, s.model.data
        return dict(thetas=list(s.stepper.thetas), X=d.X, Y=d.Y, lam=c.lam,
                    hidden=list(c.acts[:-1]), output=c.acts[-1], loss=c.loss,
                    formula="seed" if self.seed_formula.isChecked() else "corrected",
                    weights="all" if self.all_weights.isChecked() else "auto")

    def run(self) -> None:
        """Start a check at the current Θ (cancelling one still running)."""
        self.cancel()
        s = self.session
        self._checked_at = (s.k, tuple(id(t) for t in s.stepper.thetas), s.config.lam)
        self._thetas_held = list(s.stepper.thetas)    # keeps those ids from being reused
        worker = CheckWorker(self.arguments())
        worker.sigProgress.connect(self._progress)
        worker.sigResult.connect(self._finished)
        worker.sigFailed.connect(self._failed)
        self.worker = worker
        self.progress.setValue(0)
        self.progress.setFormat("checking … %p%")
        self.run_button.setEnabled(False)
        self.verdict.setText("Checking …")
        self._colour_verdict(None)
        worker.start()
        QTimer.singleShot(SHOW_PROGRESS_MS, self, self._show_progress)

    def cancel(self) -> None:
        """Stop a running check (its thread ends after the slice it is in)."""
        if self.worker is not None:
            self.worker.cancel()
            self._detach()
            self.verdict.setText("Cancelled.")
            self._colour_verdict(None)

    def _detach(self) -> None:
        w, self.worker = self.worker, None
        for sig in (w.sigProgress, w.sigResult, w.sigFailed):
            sig.disconnect()
        self.progress.hide()
        self.cancel_button.hide()
        self.run_button.setEnabled(True)

    def _show_progress(self) -> None:
        if self.worker is not None:
            self.progress.show()
            self.cancel_button.show()

    def _progress(self, fraction: float) -> None:
        self.progress.setValue(round(1000 * fraction))

    def _failed(self, text: str) -> None:
        self._detach()
        self.verdict.setText("The check could not run.")
        self.explanation.setText(text)

    def _finished(self, result) -> None:
        self._detach()
        if result is None:
            return
        self.result = result
        self.show_result(result)

    def _formula_toggled(self, _on: bool) -> None:
        if self.result is not None or self.worker is not None:
            self.run()

    # ---- showing ----

    def show_result(self, res) -> None:
        ok = res.passed
        mark, word = ("✓ Passes", "<") if ok else ("✗ Fails", "≥")
        which = "the lecture's printed D" if res.formula == "seed" else "D from backpropagation"
        self.verdict.setText(f"{mark}: {sci(res.overall)} {word} {sci(THRESHOLD)}  ({which})")
        self._colour_verdict(ok)
        self.explanation.setText(res.explanation)
        self._note_staleness()
        self.scatter_plot.show_result(res)
        self._fill_table(res)

    def _fill_table(self, res) -> None:
        rows = res.worst(WORST_ROWS)
        self.table.setRowCount(len(rows))
        self._rows = rows
        for r, (l, i, j, D, num, rel) in enumerate(rows):
            for c, text in enumerate((weight_name(l, i, j), f"{D:.6g}", f"{num:.6g}",
                                      f"{rel:.1e}")):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter if c else Qt.AlignLeft
                                      | Qt.AlignVCenter)
                self.table.setItem(r, c, item)

    def _row_clicked(self, row: int, _column: int) -> None:
        l, i, j = self._rows[row][:3]
        self.session.select(("edge", l, i, j))

    def _show_all_weights(self, shown: bool) -> None:
        """The "check all" row of a large network, taken from the tabs' minimum height (the
        scatter's legend may then be clipped in the shortest dock): the row raised the
        window's minimum height, and opening a 400-25-10 or 6 × 512 network grew the window
        off the bottom of a 1024 × 768 projector."""
        row = self.all_weights.sizeHint().height() + self.layout().spacing()
        natural = self.tabs.minimumSizeHint().height()    # their own: the set one aside
        if shown:    # the tabs give way first: a row shown lays the window out at once
            self.tabs.setMinimumHeight(max(1, natural - row))
            self.all_weights.setVisible(True)
        else:
            self.all_weights.setVisible(False)
            self.tabs.setMinimumHeight(0)            # 0: their own minimum again

    def _structure_changed(self) -> None:
        """A new network or dataset: the old result no longer applies."""
        self.cancel()
        n = sum(a * (b + 1) for a, b in zip(self.session.sizes[1:], self.session.sizes[:-1]))
        big = n > AUTO_LIMIT
        # short: at its full wording ("… (slower; else a random 200 of them)") the row set
        # the window's minimum width past a 1024 × 768 projector's column
        self.all_weights.setText(f"check all {n:,} weights")
        self.all_weights.setToolTip(f"Slower; unticked, a random {AUTO_SAMPLE} of the "
                                    f"{n:,} weights are checked")
        self._show_all_weights(big)
        if self.result is not None:
            self.result = None
            self.scatter_plot.clear_points()
            self.table.setRowCount(0)
            self.verdict.setText("Press “Check the gradient”.")
            self._colour_verdict(None)
            self.explanation.clear()
        self._note_staleness()

    def _note_staleness(self) -> None:
        """Say when Θ or λ changed since the result shown was computed."""
        s, at = self.session, self._checked_at
        same = self.result is None or at is None or (
            at[1] == tuple(id(t) for t in s.stepper.thetas) and at[2] == s.config.lam)
        if same == self.stale.isHidden():
            return
        self.stale.setText("" if same else f"Checked at step {at[0]:,}; Θ or λ changed "
                           "since. Press “Check the gradient” again.")
        self.stale.setVisible(not same)
