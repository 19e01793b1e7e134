"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure).

One `<testsuite>` per file; in it one `<testcase>` per finding, named after the
rule and the element. A finding at or above the failure level is a `<failure>`,
an input error (E1xx) an `<error>`, and a finding below the failure level a
passing test case whose `<system-out>` carries the message, so it is visible
without turning the report red. A file without findings gets one passing test
case, so the report shows everything that was checked. Built with
xml.etree, so text is always escaped and the document always well formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from archlint.model.findings import Finding

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.output.reporters import RunInfo


def _text(finding: Finding) -> str:
    s = finding.span
    text = f"{s.file}:{s.line}:{s.column}: {finding.rule_id} [{finding.severity}] {finding.shown_message}"
    return text + (f"\nFix: {finding.fix}" if finding.fix else "")


def _xml_safe(text: str) -> str:
    """XML 1.0 cannot carry most control characters, even escaped."""
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02x}" for c in text)


def report(report: "Report", info: "RunInfo") -> str:
    by_file: dict[str, list[Finding]] = {r.document.path: [] for r in report.results}
    for finding in report.findings:
        by_file.setdefault(finding.span.file, []).append(finding)

    root = ET.Element("testsuites", name="archlint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file in sorted(by_file):
        findings = by_file[file]
        suite = ET.SubElement(root, "testsuite", name=_xml_safe(file))
        counts = {"tests": max(1, len(findings)), "failures": 0, "errors": 0}
        if not findings:
            ET.SubElement(suite, "testcase", classname=_xml_safe(file), name="archlint")
        for finding in findings:
            name = f"{finding.rule_id} {finding.element_id or finding.rule_name or ''}".strip()
            case = ET.SubElement(suite, "testcase", classname=_xml_safe(file),
                                 name=_xml_safe(f"{name} (line {finding.span.line})"),
                                 file=_xml_safe(file), line=str(finding.span.line))
            text = _xml_safe(_text(finding))
            if finding.is_input_error:
                tag = "error"
            elif info.fail_on is not None and finding.severity >= info.fail_on:
                tag = "failure"
            else:
                ET.SubElement(case, "system-out").text = text
                continue
            counts["failures" if tag == "failure" else "errors"] += 1
            failure = ET.SubElement(case, tag, type=finding.rule_id,
                                    message=_xml_safe(finding.message))
            failure.text = text
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
