"""A stable JSON document: a version, the findings, and a summary.

Keys are fixed and documented (docs/output.md); positions are 1-based like the
text output, and `fix` carries the rule's advice so tools can show it.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from archlint import __version__
from archlint.model.findings import Finding, Severity

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.output.reporters import RunInfo

SCHEMA_VERSION = 1


def finding_dict(finding: Finding) -> dict[str, Any]:
    s = finding.span
    return {
        "rule": finding.rule_id,
        "name": finding.rule_name,
        "severity": str(finding.severity),
        "message": finding.message,
        "file": s.file,
        "line": s.line,
        "column": s.column,
        "end_line": s.end_line,
        "end_column": s.end_column,
        "element": finding.element_id,
        "block": finding.block,
        "properties": finding.properties,
        "fix": finding.fix,
    }


def report(report: "Report", info: "RunInfo") -> str:
    findings = report.findings
    document = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "archlint", "version": __version__},
        "findings": [finding_dict(f) for f in findings],
        "summary": {
            "files": report.files,
            "documents": len(report.results),
            "errors": sum(f.severity == Severity.ERROR for f in findings),
            "warnings": sum(f.severity == Severity.WARNING for f in findings),
            "infos": sum(f.severity == Severity.INFO for f in findings),
            "input_errors": sum(f.is_input_error for f in findings),
        },
    }
    return json.dumps(document, indent=2) + "\n"
