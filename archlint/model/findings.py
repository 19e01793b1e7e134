"""What archlint reports: findings from rules and errors in the input, one type.

Both kinds print the same way (`path:line:col: ID [severity] message`) so that
editors, CI annotations and SARIF treat them alike; input errors have ids
starting with `E` and always make the run exit 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from enum import IntEnum

from archlint.model.graph import Span
from archlint.model.record import Record, assign


UNNAMED_BLOCK = re.compile(r"block[0-9]+")   # how an unnamed block is keyed; not a name


class Severity(IntEnum):
    """Ordered so that `finding.severity >= fail_on` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> "Severity":
        try:
            return cls[text.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected error, warning or info)"
            ) from None


class Edit(Record, frozen=True):
    """Replace the text at `span` with `text` (an empty span inserts): a mechanical
    fix that `archlint check --fix` and the language server apply the same way."""

    __slots__ = ("span", "text")
    span: Span
    text: str

    def __init__(self, span: Span, text: str) -> None:
        assign(self, "span", span)
        assign(self, "text", text)


@dataclass(frozen=True, init=False)   # __init__ below: the generated one is 3x slower
class Finding:
    """One problem at one place, with what to do about it."""

    rule_id: str
    severity: Severity
    message: str
    span: Span
    element_id: str | None = None
    fix: str | None = None
    rule_name: str | None = None
    source_line: str | None = None  # for a caret excerpt under syntax errors
    block: str | None = None  # the Markdown block: its name, else `block2`; None for a file
    properties: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    """Structured detail for JSON and SARIF (e.g. AVL001's arithmetic), JSON values only."""
    edits: tuple[Edit, ...] = field(default=(), compare=False)
    """The rule's own fix as text edits, when it is mechanical (see model/edits.py)."""
    fix_safe: bool = field(default=True, compare=False)
    """Whether `--fix` applies `edits` (safe), or only `--fix --unsafe-fixes` (unsafe)."""
    yields_to: tuple[str, ...] = field(default=(), compare=False)
    """Rules that say the same thing more precisely: when one of them reports this
    element (or, for a group, a member) in the same run, the engine drops this finding."""
    about: tuple[str, ...] = field(default=(), compare=False)
    """For a finding on a group, the members whose cause it states: it then gives way
    only when a rule it yields to reported every one of them, so that a member the
    other rule does not report is still spoken for."""

    def __init__(self, rule_id: str, severity: Severity, message: str, span: Span,
                 element_id: str | None = None, fix: str | None = None,
                 rule_name: str | None = None, source_line: str | None = None,
                 block: str | None = None, properties: dict[str, Any] | None = None,
                 edits: tuple[Edit, ...] = (), fix_safe: bool = True,
                 yields_to: tuple[str, ...] = (), about: tuple[str, ...] = ()) -> None:
        """The fields above, in their order (a test holds the two lists equal).

        Written out because a frozen dataclass's generated __init__ sets each field
        through object.__setattr__, about 2.5 us a finding; a large graph makes tens
        of thousands (REL001 on 50k nodes: 37,500). Only what differs from a field's
        default is stored: the rest reads the default from the class (dataclass puts
        it there), so a finding is a small dict written in a few stores, and the
        instance stays frozen to assignment. Equality, hash, repr, replace and pickle
        all read through getattr and see every field."""
        values = self.__dict__
        values["rule_id"], values["severity"] = rule_id, severity
        values["message"], values["span"] = message, span
        if element_id is not None:
            values["element_id"] = element_id
        if fix is not None:
            values["fix"] = fix
        if rule_name is not None:
            values["rule_name"] = rule_name
        if source_line is not None:
            values["source_line"] = source_line
        if block is not None:
            values["block"] = block
        if properties is not None:
            values["properties"] = properties
        if edits != ():
            values["edits"] = edits
        if fix_safe is not True:
            values["fix_safe"] = fix_safe
        if yields_to != ():
            values["yields_to"] = yields_to
        if about != ():
            values["about"] = about

    @property
    def named_block(self) -> str | None:
        """The block's own name (```archlint name=x), which outputs show; None when
        the block is unnamed (its line already places it) or for a whole file."""
        return None if self.block is None or UNNAMED_BLOCK.fullmatch(self.block) else self.block

    @property
    def shown_message(self) -> str:
        """The message as people read it: with the block's name when it has one."""
        return f"block '{self.named_block}': {self.message}" if self.named_block else self.message

    @property
    def is_input_error(self) -> bool:
        """Syntax and semantic errors in the input (ids E100-E199)."""
        return self.rule_id.startswith("E")

    def sort_key(self) -> tuple:
        s = self.span
        return (s.file, s.line, s.column, self.rule_id, self.message)


# Input error ids: stable, documented in docs/language.md#errors.
SYNTAX_ERROR = "E100"
UNKNOWN_KIND = "E101"
DUPLICATE_ID = "E102"
UNDEFINED_REFERENCE = "E103"
STATEMENT_IN_NODE = "E104"
INVALID_VALUE = "E105"
INCLUDE_ERROR = "E106"
INPUT_ERROR = "E107"
INVALID_EDGE = "E108"

INPUT_ERROR_TITLES: dict[str, str] = {
    SYNTAX_ERROR: "syntax error",
    UNKNOWN_KIND: "unknown node kind",
    DUPLICATE_ID: "duplicate id",
    UNDEFINED_REFERENCE: "reference to an undefined id",
    STATEMENT_IN_NODE: "statement inside a node body",
    INVALID_VALUE: "invalid attribute value",
    INCLUDE_ERROR: "include outside the project, missing or cyclic",
    INPUT_ERROR: "unreadable input (encoding, size, nesting)",
    INVALID_EDGE: "invalid edge",
}


def input_error(
    rule_id: str, message: str, span: Span, source_line: str | None = None
) -> Finding:
    """An error in the input itself; always severity error."""
    return Finding(
        rule_id, Severity.ERROR, message, span,
        rule_name=INPUT_ERROR_TITLES[rule_id].replace(" ", "-"), source_line=source_line,
    )


def file_refused(shown: str, reason: str) -> Finding:
    """A file named on the command line that is not read (a link out of the project, a
    FIFO...): an input error at its first column, as check, fmt and diff all report it."""
    return input_error(INPUT_ERROR, reason, Span(shown, 1, 1, 1, 2))
