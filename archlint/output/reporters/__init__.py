"""Output formats. Each reporter is a function `(Report, RunInfo) -> str`.

Reporters are looked up by name and imported lazily, so that `--format text`
never pays for building SARIF.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Callable, Iterable

from archlint.model.findings import Severity
from archlint.model.record import Record

if TYPE_CHECKING:
    from archlint.run.results import Report
    from archlint.registry import Rule

FORMATS: dict[str, str] = {
    "text": "archlint.output.reporters.text:report",
    "json": "archlint.output.reporters.json_report:report",
    "sarif": "archlint.output.reporters.sarif:report",
    "github": "archlint.output.reporters.github:report",
    "junit": "archlint.output.reporters.junit:report",
}


class RunInfo(Record, eq=True):
    """What a reporter needs besides the findings."""

    fail_on: Severity | None
    color: bool
    quiet: bool
    # the rules that ran, for formats that describe them (SARIF); the check passes a
    # catalogue Selection, which imports the rules only when iterated
    rules: Iterable["Rule"]

    def __init__(self, fail_on: Severity | None = Severity.ERROR, color: bool = False,
                 quiet: bool = False, rules: Iterable["Rule"] = ()) -> None:
        self.fail_on, self.color, self.quiet, self.rules = fail_on, color, quiet, rules


def reporter(name: str) -> Callable[["Report", RunInfo], str]:
    module, _, attr = FORMATS[name].partition(":")
    return getattr(import_module(module), attr)
