"""Effective settings of a run: which rules, at which severity, with which options.

Built from defaults, then the configuration file, then command-line flags
(`archlint.config` reads the file). Kept separate from reading so that the engine
depends only on this plain value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archlint.findings import Severity
from archlint.registry import Rule


@dataclass
class Settings:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity | None = Severity.ERROR   # None: never fail on findings ("never")
    severity: dict[str, Severity] = field(default_factory=dict)      # rule id -> level
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> options
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)  # glob -> selectors
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    require_reason: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # key -> where its value came from


def matches(selector: str, rule: Rule) -> bool:
    """A selector is ALL, a family prefix (REL), an id (REL001) or a name."""
    s = selector.strip()
    return (
        s.upper() == "ALL"
        or s.upper() == rule.id
        or s.lower() == rule.name
        or (s.isalpha() and s.upper() == rule.family)
        or (s.isalnum() and rule.id.startswith(s.upper()) and not s.isalpha())
    )


def selected(rules: tuple[Rule, ...], select: list[str], ignore: list[str]) -> list[Rule]:
    """Rules that some `select` entry matches and no `ignore` entry does."""
    return [r for r in rules
            if any(matches(s, r) for s in select) and not any(matches(i, r) for i in ignore)]
