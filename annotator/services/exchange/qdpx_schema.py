"""Check a ``project.qde`` against the shipped REFI-QDA Project schema."""

from __future__ import annotations

from functools import lru_cache

from lxml import etree

from annotator.resources import resource_path
from annotator.services.exchange.safe_xml import parse_xml


@lru_cache(maxsize=1)
def project_schema() -> etree.XMLSchema:
    path = resource_path("refi-qda", "Project.xsd")
    return etree.XMLSchema(parse_xml(path.read_bytes(), what="Project.xsd"))


def element_problems(root: etree._Element, limit: int = 20) -> list[str]:
    """Schema violations of an already parsed document (empty when valid)."""
    schema = project_schema()
    if schema.validate(root):
        return []
    return [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:limit]]


def schema_problems(data: bytes, limit: int = 20) -> list[str]:
    """Schema violations of ``project.qde`` bytes (empty when valid)."""
    return element_problems(parse_xml(data, what="project.qde"), limit)
