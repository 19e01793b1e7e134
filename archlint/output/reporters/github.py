"""GitHub Actions workflow commands: findings become annotations on the pull request.

`::error file=F,line=L,col=C,endColumn=E,title=T::message`. Messages escape
`%`, CR and LF; property values also escape `:` and `,`, which would otherwise
end the value. GitHub shows at most 10 annotations of each level per step, so
CI should also upload SARIF (docs/ci.md). Nothing is printed when all is clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archlint.model.findings import Finding, Severity

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.output.reporters import RunInfo

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    s = finding.span
    props = [("file", s.file), ("line", str(s.line)), ("col", str(s.column))]
    if s.end_line > s.line:
        props.append(("endLine", str(s.end_line)))
    else:   # GitHub's endColumn is inclusive, ours exclusive
        props += [("endLine", str(s.line)), ("endColumn", str(max(s.column, s.end_column - 1)))]
    title = f"{finding.rule_id} {finding.rule_name}" if finding.rule_name else finding.rule_id
    props.append(("title", title))
    message = finding.shown_message
    if finding.fix and not finding.is_input_error:
        message += f"\n\nFix: {finding.fix}"
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(message)}"


def report(report: "Report", info: "RunInfo") -> str:
    lines = [annotation(f) for f in report.findings]
    return "".join(line + "\n" for line in lines)
