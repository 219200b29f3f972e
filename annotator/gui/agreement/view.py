"""The Agreement view: choices on top; codes x statistics (colour-graded, with intervals), a bar
chart of the main statistic per code, the coder matrix, per-document results, and the reading.

The computation runs on the worker pool; the view only shows the report it gets back.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHeaderView, QLabel, QScrollArea,
                               QSplitter, QTableView, QTabWidget, QTextBrowser, QVBoxLayout,
                               QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.gui.agreement.chart import Bar, BarChart
from annotator.gui.agreement.controls import AgreementControls
from annotator.gui.agreement.results_model import ReportRowsModel
from annotator.gui.agreement.widgets import PairMatrix
from annotator.gui.workers import Runner, Task
from annotator.services.agreement import AgreementReport, AgreementRequest, stat_label
from annotator.services.agreement.wording import main_statistic
from annotator.services.project import Project


def _table(model: ReportRowsModel) -> QTableView:
    t = QTableView()
    t.setModel(model)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setAlternatingRowColors(False)
    t.setShowGrid(False)
    t.setWordWrap(False)  # long code names elide ("Physical integ…"), rows keep one height
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(24)
    h = t.horizontalHeader()
    h.setHighlightSections(False)
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return t


def fit_columns(t: QTableView) -> None:
    """Size the figures' columns to their contents; the first (names) column takes the rest of
    the width, and long names elide rather than push the statistics out of view."""
    t.resizeColumnsToContents()
    h = t.horizontalHeader()
    if not h.count():
        return
    figures = sum(h.sectionSize(c) for c in range(1, h.count()))
    room = t.viewport().width() - figures
    h.resizeSection(0, max(room, min(h.sectionSize(0), 140)))


class AgreementView(QWidget):
    report_ready = Signal(object)  # AgreementReport

    def __init__(self, project: Project, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner = runner or Runner(self)
        self.report: AgreementReport | None = None
        self._task: Task | None = None
        self.controls = AgreementControls(project)
        self.status = QLabel("Choose coders and a unit, then Compute.")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.codes_model = ReportRowsModel("codes", self)
        self.docs_model = ReportRowsModel("documents", self)
        self.codes_table = _table(self.codes_model)
        self.docs_table = _table(self.docs_model)
        self.pairs = PairMatrix()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.codes_table, "By code")
        self.tabs.addTab(self.docs_table, "By document")
        self.tabs.addTab(self.pairs, "Coder pairs")
        self.chart = BarChart()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.reading = QTextBrowser()
        self.reading.setOpenExternalLinks(False)
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.tabs)
        upper.addWidget(scroll)
        upper.setStretchFactor(0, 2)  # the table's figures first; the chart repeats them
        upper.setStretchFactor(1, 1)
        upper.setSizes([700, 300])
        self._upper = upper
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(upper)
        main.addWidget(self.reading)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 1)
        main.setSizes([560, 200])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.controls)
        lay.addWidget(self.status)
        lay.addWidget(main, 1)
        self.status.setContentsMargins(10, 0, 10, 2)
        for t in (self.codes_table, self.docs_table):
            t.viewport().installEventFilter(self)
        self.controls.compute_requested.connect(self.compute)
        self.controls.export_requested.connect(self.export_matrix)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and self.report is not None:
            for t in (self.codes_table, self.docs_table):
                if obj is t.viewport():
                    fit_columns(t)
        return super().eventFilter(obj, event)

    # --- computing --------------------------------------------------------------------------
    def compute(self, background: bool = True) -> AgreementReport | None:
        """Compute for the current choices; ``background=False`` blocks (tests, scripts)."""
        from annotator.services.agreement import compute_agreement

        try:
            req = self.controls.request()
        except AnnotatorError as exc:
            self._fail(exc)
            return None
        if not background:
            try:
                report = compute_agreement(self.project, req)
            except AnnotatorError as exc:
                self._fail(exc)
                return None
            self.set_report(report)
            return report
        if self._task is not None and not self._task.is_done:
            self._task.cancel()
        self.status.setText("Computing…")
        self.controls.compute.setEnabled(False)
        task = self.runner.start(lambda progress, cancelled: compute_agreement(
            self.project, req, progress, cancelled))
        task.progress.connect(lambda d, t, m: self.status.setText(f"Computing… {m}"))
        task.finished.connect(self._done)
        task.failed.connect(lambda exc, tb: self._fail(exc, tb))
        self._task = task
        return None

    def _done(self, report: AgreementReport) -> None:
        self.controls.compute.setEnabled(True)
        self.set_report(report)

    def _fail(self, exc: Any, details: str = "") -> None:
        self.controls.compute.setEnabled(True)
        from annotator.services.agreement.compute import ComputationCancelled

        if isinstance(exc, ComputationCancelled):
            return
        msg = str(exc) if isinstance(exc, AnnotatorError) else f"Internal error: {exc!r}"
        self.status.setText(f"<span style='color:#b3261e'>{html.escape(msg)}</span>")

    def request(self) -> AgreementRequest:
        return self.controls.request()

    # --- showing ----------------------------------------------------------------------------
    def set_report(self, report: AgreementReport) -> None:
        self.report = report
        self.codes_model.set_report(report)
        self.docs_model.set_report(report)
        fit_columns(self.codes_table)
        fit_columns(self.docs_table)
        self.pairs.set_report(report)
        self.tabs.setTabEnabled(2, bool(report.pairwise))
        stat = main_statistic(report.request)
        name = stat_label(stat, len(report.coders))
        bars = [Bar(r.label.rsplit("/", 1)[-1], r.value(stat),
                    r.results[stat].ci if stat in r.results else None, r.depth)
                for r in report.codes]
        bars.append(Bar(report.overall.label, report.overall.value(stat),
                        report.overall.results[stat].ci if stat in report.overall.results
                        else None, emphasis=True))
        self.chart.set_bars(bars, f"{name} per code")
        n_units = sum(d["units"] for d in report.documents)
        noun = report.unit + ("s" if n_units != 1 else "")
        self.status.setText(f"{', '.join(report.coders)} · {len(report.documents)} document(s), "
                            f"{n_units:,} {noun} · {len(report.excluded)} left out · "
                            f"{report.seconds:.2f} s")
        self.reading.setHtml(reading_html(report))
        self.report_ready.emit(report)

    def export_matrix(self, path: str | None = None) -> int | None:
        """Write the reliability matrix of the current choices to CSV (asks where when
        ``path`` is None); returns the number of lines written."""
        from annotator.services.agreement import export_matrix

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export reliability matrix",
                                                  "reliability-matrix.csv", "CSV (*.csv)")
            if not path:
                return None
        try:
            n = export_matrix(self.project, self.controls.request(), path)
        except AnnotatorError as exc:
            self._fail(exc)
            return None
        self.status.setText(f"Matrix: {n:,} lines written to {path}")
        return n


def reading_html(report: AgreementReport) -> str:
    """The reading, the excluded documents, notes and definitions as simple HTML."""
    esc = html.escape
    parts = ["<h3 style='margin:4px 0'>Reading</h3>"]
    parts += [f"<p style='margin:2px 0 6px 0'>{esc(p)}</p>" for p in report.reading]
    if report.excluded:
        items = "".join(f"<li>{esc(d['title'])}: {esc(str(d['reason']))}</li>"
                        for d in report.excluded[:30])
        more = (f"<li>… and {len(report.excluded) - 30} more</li>"
                if len(report.excluded) > 30 else "")
        parts.append(f"<p style='margin:6px 0 2px 0'><b>Left out</b></p><ul style='margin:0'>"
                     f"{items}{more}</ul>")
    for note in report.notes:
        parts.append(f"<p style='margin:2px 0'><i>Note:</i> {esc(note)}</p>")
    parts.append("<h3 style='margin:10px 0 4px 0'>Definitions used</h3>")
    names = {s: stat_label(s, len(report.coders)) for s in report.statistics}
    for key, text in report.definitions.items():
        if key in names or key not in ("alpha", "kappa", "pi", "fleiss", "ac1", "bp", "percent",
                                       "alpha_u", "char_kappa"):
            label = names.get(key, key.capitalize())
            parts.append(f"<p style='margin:2px 0 6px 0'><b>{esc(label)}.</b> {esc(text)}</p>")
    return "".join(parts)
