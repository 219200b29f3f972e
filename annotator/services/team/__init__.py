"""Team projects, distributed: per-coder coding packages and a deterministic merge.

* :func:`make_package` writes a package (an ordinary project file) for one coder;
* :func:`merge_packages` previews or applies packages: documents match by text hash, codes,
  codings and memos by uuid; idempotent and independent of the order of packages; conflicts
  are listed, never resolved silently;
* :func:`diff_projects` lists what one project has that another lacks.
"""

from __future__ import annotations

from annotator.services.team.diff import ProjectDiff, diff_projects
from annotator.services.team.merge import merge_packages
from annotator.services.team.package_format import SUFFIX, PackageInfo, read_info
from annotator.services.team.package_make import PackageSummary, make_package
from annotator.services.team.report import (
    CodebookChange, Conflict, MergeReport, PackageReport, Pending,
)

__all__ = ["SUFFIX", "CodebookChange", "Conflict", "MergeReport", "PackageInfo",
           "PackageReport", "PackageSummary", "Pending", "ProjectDiff", "diff_projects",
           "make_package", "merge_packages", "read_info"]
