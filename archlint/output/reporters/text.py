"""`path:line:col: ID [severity] message`, one per line, then a summary.

The format editors and CI log matchers already understand (ruff, cfn-lint, gcc).
Syntax errors add the offending line and a caret, so a person sees the mistake
without opening the file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archlint.model.findings import Finding, Severity
from archlint.printable import printable

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.output.reporters import RunInfo

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def format_finding(finding: Finding, color: bool = False) -> str:
    s = finding.span
    level = str(finding.severity)
    file = printable(s.file)   # input text never reaches the terminal raw
    if color:
        level = f"{_COLORS[finding.severity]}{level}{_RESET}"
        where = f"{_BOLD}{file}:{s.line}:{s.column}:{_RESET}"
    else:
        where = f"{file}:{s.line}:{s.column}:"
    line = f"{where} {finding.rule_id} [{level}] {printable(finding.shown_message)}"
    if finding.source_line is not None:
        excerpt = printable(finding.source_line.expandtabs(1).rstrip())
        width = max(1, s.end_column - s.column) if s.end_line == s.line else 1
        line += f"\n    {excerpt}\n    {' ' * (s.column - 1)}{'^' * width}"
    return line


def summary(report: "Report") -> str:
    findings = report.unordered()   # counted, not listed
    documents = len(report.results)
    files = report.files
    where = f"{documents} document{'s' * (documents != 1)} in {files} file{'s' * (files != 1)}"
    skipped = sum(r.document.skip for r in report.results)
    if skipped:
        where += f" ({skipped} skipped block{'s' * (skipped != 1)} not checked)"
    if not findings:
        return f"All checks passed: {where}."
    counts = {level: sum(f.severity == level for f in findings) for level in Severity}
    parts = [f"{n} {str(level)}{'s' * (n != 1)}" for level, n in sorted(counts.items(), reverse=True) if n]
    total = len(findings)
    return f"Found {total} problem{'s' * (total != 1)} ({', '.join(parts)}) in {where}."


def report(report: "Report", info: "RunInfo") -> str:
    findings = report.findings
    lines = [format_finding(f, info.color) for f in findings]
    if not (info.quiet and not findings):
        lines.append(summary(report))
    return "".join(line + "\n" for line in lines)
