"""Human-readable reports (the analysis report as one self-contained HTML file)."""

from __future__ import annotations

from annotator.services.reporting.content import ReportContent, ReportOptions, build_content
from annotator.services.reporting.html_report import (SECTIONS, ReportResult, render_html,
                                                      write_html_report)

__all__ = ["SECTIONS", "ReportContent", "ReportOptions", "ReportResult", "build_content",
           "render_html", "write_html_report"]
