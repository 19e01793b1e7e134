"""Every configuration key, one row each: the one place that drives validation,
`--show-settings` and the key table in docs/configuration.md (a test compares them;
`python -m archlint.config.schema` prints the table).

A row names the key as written in the file, the `Settings` field it sets, how the
docs describe its value, default and meaning, how a raw value is checked and
converted (`parse`), and how the effective value is shown. Adding a key is adding
a row (and the `Settings` field it sets).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from archlint.config.context import Context
from archlint.config.options import parse_options
from archlint.config.settings import compile_glob
from archlint.model.findings import Severity
from archlint.registry import FAMILIES, matches

FAIL_LEVELS = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class Key:
    name: str                               # as written in the file
    field: str                              # the Settings attribute it sets
    value: str                              # docs: what it holds
    default: str                            # docs: the default, as written
    meaning: str                            # docs: what it does (Markdown)
    parse: Callable[[Any, Context], Any]    # raw value -> Settings value, or ConfigError
    show: Callable[[Any], Any] = lambda value: value   # Settings value -> JSON for display


# -- value checkers ------------------------------------------------------------------

def _strings(value: Any, ctx: Context, *key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.fail(f"{'.'.join(key)} must be a list of non-empty strings, not {value!r}", *key)
    return [v.strip() for v in value]


def _mapping(value: Any, ctx: Context, name: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ctx.fail(f"{name} must be a mapping, not {value!r}", name)
    return value


def _glob(pattern: str, ctx: Context, *key: str) -> str:
    try:
        compile_glob(pattern)
    except ValueError as error:
        raise ctx.fail(f"{'.'.join(key)}: bad glob {pattern!r}: {error}", *key) from None
    segments = pattern.strip().split("/")
    if ".." in segments or "." in segments[1:]:   # matched paths have neither: it would never match
        raise ctx.fail(f"{'.'.join(key)}: glob {pattern!r} never matches: paths are matched relative "
                       "to the configuration file's directory, without '.' or '..' steps", *key)
    return pattern


def check_selector(selector: str, ctx: Context, *key: str) -> None:
    """A selector must mean something: ALL, a family, a rule id or name, or an id prefix."""
    if selector.upper() == "ALL" or selector.upper() in FAMILIES:
        return
    if any(matches(selector, r) for r in ctx.rules):
        return
    known = sorted({k for r in ctx.rules for k in (r.id, r.name)} | set(FAMILIES))
    from archlint.spelling import closest

    close = closest(selector, known)
    hint = f"; did you mean {close!r}?" if close else "; `archlint rules` lists them"
    raise ctx.fail(f"{ctx.label(*key)}unknown rule or family {selector!r}{hint}", *key)


def _selectors(name: str) -> Callable[[Any, Context], list[str]]:
    def parse(value: Any, ctx: Context) -> list[str]:
        values = _strings(value, ctx, name)
        for selector in values:
            check_selector(selector, ctx, name)
        return values
    return parse


def _globs(name: str) -> Callable[[Any, Context], list[str]]:
    def parse(value: Any, ctx: Context) -> list[str]:
        return [_glob(p, ctx, name) for p in _strings(value, ctx, name)]
    return parse


def _per_file_ignores(value: Any, ctx: Context) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for pattern, selectors in _mapping(value, ctx, "per-file-ignores").items():
        key = ("per-file-ignores", str(pattern))
        _glob(str(pattern), ctx, *key)
        values = _strings(selectors, ctx, *key)
        for selector in values:
            check_selector(selector, ctx, *key)
        result[str(pattern)] = values
    return result


def _params(value: Any, ctx: Context) -> dict[str, str]:
    table = _mapping(value, ctx, "params")
    for name, given in table.items():
        if not isinstance(given, (str, int, float, bool)) or isinstance(given, bool):
            raise ctx.fail(f"params.{name} must be a string or a number, not {given!r}", "params", str(name))
    return {str(k): str(v) for k, v in table.items()}


def _specificity(selector: str) -> int:
    s = selector.strip()
    if s.upper() == "ALL":
        return 0
    if s.isalpha() and s.upper() in FAMILIES:
        return 1
    return 3 if re.fullmatch(r"[A-Za-z]+[0-9]{3}", s) or "-" in s or s.islower() else 2


def _severities(value: Any, ctx: Context) -> dict[str, Severity]:
    """`severity: {OBS: info, REL001: warning}`: families first, exact rules win."""
    result: dict[str, Severity] = {}
    table = _mapping(value, ctx, "severity")
    for key, level in sorted(table.items(), key=lambda item: _specificity(str(item[0]))):
        where = ("severity", str(key))
        check_selector(str(key), ctx, *where)
        if level not in ("error", "warning", "info"):
            raise ctx.fail(f"severity.{key} must be error, warning or info, not {level!r}"
                           f"{_closest(level, ('error', 'warning', 'info'))}", *where)
        for r in ctx.rules:
            if matches(str(key), r):
                result[r.id] = Severity.parse(level)
    return result


def _fail_on(value: Any, ctx: Context) -> Severity | None:
    if value not in FAIL_LEVELS:
        raise ctx.fail(f"fail-on must be one of {', '.join(FAIL_LEVELS)}, not {value!r}"
                       f"{_closest(value, FAIL_LEVELS)}", "fail-on")
    return None if value == "never" else Severity.parse(value)


def _closest(value: Any, levels: tuple[str, ...]) -> str:
    """`; did you mean 'warning'?` for a misspelt or upper-case level, else nothing."""
    from archlint.spelling import closest

    close = closest(value.lower(), levels) if isinstance(value, str) else None
    return f"; did you mean {close!r}?" if close else ""


def _boolean(name: str) -> Callable[[Any, Context], bool]:
    def parse(value: Any, ctx: Context) -> bool:
        if not isinstance(value, bool):
            raise ctx.fail(f"{name} must be true or false, not {value!r}", name)
        return value
    return parse


def _rule_options(value: Any, ctx: Context) -> dict[str, dict[str, Any]]:
    return parse_options(_mapping(value, ctx, "rules"), ctx)


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


# -- the rows ---------------------------------------------------------------------------

KEYS: dict[str, Key] = {row.name: row for row in (
    Key("include", "include", "list of globs", "`[]` (all `.arch` and `.md` files)",
        "which files to check when a **directory** is given. Files named explicitly on the "
        "command line (as pre-commit does) are checked even if they match no `include` glob.",
        _globs("include")),
    Key("exclude", "exclude", "list of globs", "`[]`",
        "files never checked, even when named explicitly. Put include-only fragments here: "
        "checked alone, their references to the including file's ids would be errors.",
        _globs("exclude")),
    Key("templates", "templates", "list of globs", "`[]`",
        "CloudFormation/SAM templates and Terraform files in a **directory** to import and "
        "check like design docs (see [import.md](import.md)); files that do not look like "
        "templates are skipped. Template files named on the command line are always checked.",
        _globs("templates")),
    Key("params", "params", "mapping", "`{}`",
        "template parameter values (`MultiAZ: \"true\"`) used when templates are checked; "
        "`--param KEY=VALUE` adds to them. Parameters not given take their `Default`.",
        _params),
    Key("select", "select", "list of selectors", '`["ALL"]`', "the rules to run",
        _selectors("select")),
    Key("ignore", "ignore", "list of selectors", "`[]`", "rules not to run (wins over `select`)",
        _selectors("ignore")),
    Key("per-file-ignores", "per_file_ignores", "mapping glob → list of selectors", "`{}`",
        "rules not to run on matching files", _per_file_ignores),
    Key("severity", "severity", "mapping selector → `error` \\| `warning` \\| `info`", "`{}`",
        "change a rule's severity, for every finding of that rule. The most specific selector "
        "wins: an id or name beats an id prefix, which beats a family, which beats `ALL`.",
        _severities, lambda value: {k: str(v) for k, v in sorted(value.items())}),
    Key("rules", "options", "mapping rule (id or name) → mapping option → value", "`{}`",
        "per-rule options; `archlint explain RULE` lists a rule's options and their defaults. "
        "An unknown option, a value of the wrong type, a quota, threshold or ratio of 0 or "
        "less, a value above the option's hard maximum (NET001 `quota`: at most 125), or an "
        "entry the option's own check refuses (AVL001 `sla`: a known kind → a percent above "
        "0 and at most 100) is an error. Durations and sizes are "
        "written as in the language (`5m`, `100MB`).",
        _rule_options,
        lambda value: {k: {n: _plain(v) for n, v in o.items()} for k, o in sorted(value.items())}),
    Key("fail-on", "fail_on", "`error` \\| `warning` \\| `info` \\| `never`", "`error`",
        "the lowest severity that makes the run fail (exit 1); see [Exit codes](#exit-codes)",
        _fail_on, lambda value: "never" if value is None else str(value)),
    Key("require-reason", "require_reason", "`true` \\| `false`", "`false`",
        "a suppression comment without a reason becomes a finding, SUP002",
        _boolean("require-reason")),
)}


def docs_table() -> str:
    """The key table of docs/configuration.md."""
    lines = ["| key | value | default | meaning |", "| --- | --- | --- | --- |"]
    lines += [f"| `{k.name}` | {k.value} | {k.default} | {k.meaning} |" for k in KEYS.values()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(docs_table(), end="")
