"""The Analysis view: a coder filter, four tabs (frequencies, co-occurrence, code x country /
year, passages) and "Print report to PDF…".

Data is loaded on the worker pool; the tabs then work on the loaded selection. Activating a
passage anywhere emits ``jump_requested(document_id, start, end)``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QTabWidget, QToolButton, QVBoxLayout, QWidget)

from annotator.domain.errors import AnnotatorError
from annotator.gui.analysis.cooccurrence_tab import CooccurrenceTab
from annotator.gui.analysis.frequencies_tab import FrequenciesTab
from annotator.gui.analysis.matrix_tab import MatrixTab
from annotator.gui.analysis.retrieval_tab import RetrievalTab
from annotator.gui.workers import Runner, Task
from annotator.services.analysis import (AnalysisData, CooccurrenceMatrix, FrequencyTable,
                                         code_frequencies, coded_share, cooccurrence,
                                         load_analysis)
from annotator.services.exporting.filters import ExportFilter
from annotator.services.project import Project


@dataclass
class Loaded:
    data: AnalysisData
    frequencies: FrequencyTable
    matrix: CooccurrenceMatrix
    share: float


class AnalysisView(QWidget):
    jump_requested = Signal(int, int, int)
    loaded = Signal(object)  # Loaded
    pdf_written = Signal(str)

    def __init__(self, project: Project, runner: Runner | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.runner = runner or Runner(self)
        self.data: AnalysisData | None = None
        self._task: Task | None = None
        self._excluded: set[str] = set()
        self.coders_button = QToolButton()
        self.coders_button.setText("Coders: all")
        self.coders_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.coders_menu = QMenu(self.coders_button)
        self.coders_button.setMenu(self.coders_menu)
        self.coders_menu.aboutToShow.connect(self._fill_coders_menu)
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.clicked.connect(lambda: self.load())
        self.print_action = QAction("Print report to PDF…", self)
        self.print_action.triggered.connect(lambda: self.print_pdf())
        self.print_button = QPushButton(self.print_action.text())
        self.print_button.clicked.connect(self.print_action.trigger)
        self.status = QLabel("Loading…")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)  # wraps in a narrow dock instead of widening it
        self.frequencies = FrequenciesTab()
        self.cooccurrence = CooccurrenceTab()
        self.matrix = MatrixTab()
        self.retrieval = RetrievalTab()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.frequencies, "Frequencies")
        self.tabs.addTab(self.cooccurrence, "Co-occurrence")
        self.tabs.addTab(self.matrix, "Code × country / year")
        self.tabs.addTab(self.retrieval, "Passages")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.addWidget(self.coders_button)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addLayout(bar)
        lay.addWidget(self.tabs, 1)
        self.cooccurrence.passages.jump_requested.connect(self.jump_requested)
        self.retrieval.passages.jump_requested.connect(self.jump_requested)
        self.cooccurrence.options_changed.connect(self._recompute_matrix)
        self.matrix.cell_opened.connect(self._open_matrix_cell)

    # --- selection --------------------------------------------------------------------------
    def selection(self) -> ExportFilter:
        """The coders chosen in the Coders menu (all when none is excluded)."""
        names = [c.name for c in self.project.coders()]
        chosen = tuple(n for n in names if n not in self._excluded)
        return ExportFilter(coders=chosen if self._excluded and chosen else ())

    def set_coders(self, names: list[str] | None) -> None:
        """Analyse only these coders (``None``: all) and reload."""
        every = [c.name for c in self.project.coders()]
        self._excluded = set() if names is None else {n for n in every if n not in names}
        self._update_coders_label()
        self.load()

    def _update_coders_label(self) -> None:
        if not self._excluded:
            self.coders_button.setText("Coders: all")
        else:
            chosen = [c for c in (x.name for x in self.project.coders())
                      if c not in self._excluded]
            self.coders_button.setText("Coders: " + (", ".join(chosen) or "none"))

    def _fill_coders_menu(self) -> None:
        self.coders_menu.clear()
        for coder in self.project.coders():
            act = self.coders_menu.addAction(coder.name + (" (gold)" if coder.is_gold else ""))
            act.setCheckable(True)
            act.setChecked(coder.name not in self._excluded)
            act.toggled.connect(lambda on, n=coder.name: self._toggle_coder(n, on))

    def _toggle_coder(self, name: str, on: bool) -> None:
        (self._excluded.discard if on else self._excluded.add)(name)
        self._update_coders_label()
        self.load()

    # --- loading ----------------------------------------------------------------------------
    def _compute(self, flt: ExportFilter, rule: str, same_coder: bool) -> Loaded:
        """Runs on a worker: no widget is touched here."""
        data = load_analysis(self.project, flt)
        return Loaded(data, code_frequencies(data), cooccurrence(data, rule,
                                                                 same_coder=same_coder),
                      coded_share(data).share)

    def load(self, background: bool = True) -> Loaded | None:
        """(Re)load the selection; ``background=False`` blocks (tests, scripts)."""
        flt = self.selection()
        rule, same = self.cooccurrence.options()
        if not background:
            try:
                loaded = self._compute(flt, rule, same)
            except AnnotatorError as exc:
                self._fail(exc)
                return None
            self._show(loaded)
            return loaded
        if self._task is not None and not self._task.is_done:
            self._task.cancel()
        self.status.setText("Loading…")
        task = self.runner.start(lambda progress, cancelled: self._compute(flt, rule, same))
        task.finished.connect(self._show)
        task.failed.connect(lambda exc, tb: self._fail(exc))
        self._task = task
        return None

    def _show(self, loaded: Loaded) -> None:
        self.data = loaded.data
        self.frequencies.set_frequencies(loaded.frequencies)
        self.cooccurrence.set_result(loaded.data, loaded.matrix)
        self.matrix.set_data(loaded.data)
        self.retrieval.set_data(loaded.data)
        d = loaded.data
        self.status.setText(f"{len(d.documents):,} documents · {len(d.codings):,} codings · "
                            f"{len(d.coder_ids)} coder(s) · {loaded.share:.1%} of the text "
                            "coded")
        self.loaded.emit(loaded)

    def _fail(self, exc: Any) -> None:
        msg = str(exc) if isinstance(exc, AnnotatorError) else f"Internal error: {exc!r}"
        self.status.setText(f"<span style='color:#b3261e'>{html.escape(msg)}</span>")

    def _recompute_matrix(self) -> None:
        data = self.data
        if data is None:
            return
        self.status.setText("Computing co-occurrence…")
        rule, same = self.cooccurrence.options()
        task = self.runner.start(lambda progress, cancelled: cooccurrence(data, rule,
                                                                          same_coder=same))
        task.finished.connect(lambda m: (self.cooccurrence.set_result(data, m),
                                         self.status.setText("Co-occurrence updated.")))
        task.failed.connect(lambda exc, tb: self._fail(exc))

    def _open_matrix_cell(self, code_uuid: str, dimension: str, value: str) -> None:
        if dimension == "country":
            self.retrieval.choose(code_uuid, country=value)
        else:
            self.retrieval.choose(code_uuid, year=value)
        self.tabs.setCurrentWidget(self.retrieval)

    # --- report -----------------------------------------------------------------------------
    def print_pdf(self, path: str | None = None, background: bool = True) -> str | None:
        """Compute the analysis report for the current coders and print it to a PDF file
        (asks where when ``path`` is None)."""
        from annotator.services.reporting import ReportOptions, build_content

        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Print report to PDF",
                                                  f"{self.project.name}-report.pdf",
                                                  "PDF (*.pdf)")
            if not path:
                return None
        options = ReportOptions(filter=self.selection())
        if not background:
            try:
                self._write_pdf(build_content(self.project, options), path)
            except AnnotatorError as exc:
                self._fail(exc)
                return None
            return path
        self.status.setText("Preparing the report…")
        self.print_action.setEnabled(False)
        self.print_button.setEnabled(False)
        task = self.runner.start(lambda progress, cancelled: build_content(
            self.project, options, progress))
        task.progress.connect(lambda d, t, m: self.status.setText(f"Preparing the report… {m}"))
        task.finished.connect(lambda content: self._write_pdf(content, path))
        task.failed.connect(lambda exc, tb: (self._enable_print(), self._fail(exc)))
        return None

    def _enable_print(self) -> None:
        self.print_action.setEnabled(True)
        self.print_button.setEnabled(True)

    def _write_pdf(self, content: Any, path: str) -> None:
        from annotator.gui.analysis.pdf import write_pdf

        self._enable_print()
        try:
            write_pdf(content, path)
        except AnnotatorError as exc:
            self._fail(exc)
            return
        self.status.setText(f"Report printed to {path}")
        self.pdf_written.emit(path)
