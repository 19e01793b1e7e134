"""Rules: declared once with their documentation, found in one place.

A rule is a function from a `Graph` to findings, wrapped with everything a person
needs to trust it: why it exists (with the AWS page), how to fix it, and examples
that fail and pass (tests run them all). `archlint rules`, `archlint explain` and
docs/rules.md are all generated from these declarations.

Built-in rules are found in the `archlint.checks` package (one rule per module)
through its generated list of modules (`checks/_modules.py`, written by
archlint/rule_modules.py). Other packages may add rules through the
`archlint.rules` entry-point group (archlint/plugins.py).

The records here are frozen `Record`s, defined at every start in a fraction of a
NamedTuple's time (docs/architecture.md); `SuppressionUse` is a NamedTuple for `_replace`.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from typing import Any, Callable, Iterable, NamedTuple

from archlint.model.findings import Edit, Finding, Severity
from archlint.model.graph import Edge, Element, Graph, Span, Suppression
from archlint.model.record import Record, assign
from archlint.plugins import PluginError, entry_point_items

RULE_ID = re.compile(r"^[A-Z]{2,4}[0-9]{3}$")
RULE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FAMILIES: dict[str, str] = {
    "REL": "reliability and single points of failure",
    "NET": "network limits",
    "CMP": "compute limits",
    "INT": "integration and decoupling",
    "STO": "storage",
    "DB": "databases",
    "OBS": "observability",
    "AVL": "availability budget",
    "SUP": "suppressions",
}


class OptionError(ValueError):
    """An option's `check` refusing a value; `key` names the entry at fault when the
    value is a mapping (so the error points at that entry's line)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


class Option(Record, frozen=True):
    """A per-rule setting users may change in the configuration.

    The configuration converts a value to the type of `default`; `maximum` bounds a
    number (a hard limit no quota increase passes); `check` names a function
    ("module:function", a name so that the rule catalogue can carry it without
    importing the rule) that gets the converted value and returns it, normalised,
    or raises `OptionError`."""

    __slots__ = ("name", "default", "description", "maximum", "check")
    name: str
    default: Any
    description: str
    maximum: float | None
    check: str | None

    def __init__(self, name: str, default: Any, description: str, maximum: float | None = None,
                 check: str | None = None) -> None:
        for field, value in (("name", name), ("default", default), ("description", description),
                             ("maximum", maximum), ("check", check)):
            assign(self, field, value)

    def validate(self, value: Any) -> Any:
        """`value` as `check` returns it (imported only when the option is set)."""
        if self.check is None:
            return value
        module, _, function = self.check.partition(":")
        return getattr(importlib.import_module(module), function)(value)


GRAPH = "graph"
BEFORE_SUPPRESSIONS = "before-suppressions"
AFTER_SUPPRESSIONS = "after-suppressions"
STAGES = (GRAPH, BEFORE_SUPPRESSIONS, AFTER_SUPPRESSIONS)
"""When the engine runs a rule, in this order. Almost every rule judges the design
(`GRAPH`: `check(graph, ctx)`). Rules about the suppression comments themselves
cannot be decided from the graph alone, so they run later, as post-steps with a
third argument, `SuppressionUse`: `BEFORE_SUPPRESSIONS` rules run after the design
rules and their findings can be suppressed (and so use a suppression) like any
other; `AFTER_SUPPRESSIONS` rules run once the suppressions were applied and see
which ids each comment did not use; their own findings can still be suppressed."""


class SuppressionUse(NamedTuple):
    """What a post-step rule knows besides the graph: the run on this document."""

    selected: tuple["Rule", ...] = ()
    """The rules selected for this document (by `--select`, `--ignore`, the config)."""
    ran: tuple["Rule", ...] = ()
    """Those of them that ran (`per-file-ignores` left out), post-steps included."""
    require_reason: bool = False
    """The `require-reason` setting: a suppression must say why."""
    unused: tuple[Suppression, ...] = ()
    """Each suppression with only its ids that suppressed no finding (a suppression
    whose ids were all used is absent). Empty before the suppressions are applied."""
    yielded: tuple[tuple[Finding, str], ...] = ()
    """Findings dropped by precedence, each with the id of the rule it gave way to."""


class Autofix(Record, frozen=True):
    """What a rule's mechanical fix writes (for `explain` and docs/rules.md), and its
    applicability, as in ruff: `archlint check --fix` applies safe fixes, which change
    the design exactly as far as the finding asks; unsafe ones (a guess between
    alternatives, a change of semantics or cost the finding does not name) only with
    `--unsafe-fixes` as well."""

    __slots__ = ("writes", "safe")
    writes: str
    safe: bool

    def __init__(self, writes: str, safe: bool = True) -> None:
        assign(self, "writes", writes)
        assign(self, "safe", safe)

    @property
    def applicability(self) -> str:
        return "safe" if self.safe else "unsafe"


class Rule(Record, frozen=True):
    """A rule as declared with `@rule`: its documentation, examples and check function."""

    __slots__ = ("id", "name", "title", "severity", "why", "fix", "sources", "failing", "passing",
                 "check", "options", "stage", "autofix")
    id: str
    name: str
    title: str
    severity: Severity
    why: str
    fix: str
    sources: tuple[str, ...]
    failing: tuple[str, ...]
    passing: tuple[str, ...]
    check: Callable[..., Iterable[Finding]]
    options: tuple[Option, ...]
    stage: str
    autofix: Autofix | None

    def __init__(self, id: str, name: str, title: str, severity: Severity, why: str, fix: str,  # noqa: A002
                 sources: tuple[str, ...], failing: tuple[str, ...], passing: tuple[str, ...],
                 check: Callable[..., Iterable[Finding]], options: tuple[Option, ...] = (),
                 stage: str = GRAPH, autofix: Autofix | None = None) -> None:
        for field, value in (("id", id), ("name", name), ("title", title), ("severity", severity),
                             ("why", why), ("fix", fix), ("sources", sources), ("failing", failing),
                             ("passing", passing), ("check", check), ("options", options),
                             ("stage", stage), ("autofix", autofix)):
            assign(self, field, value)

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.id)[0]  # type: ignore[index]

    def default_options(self) -> dict[str, Any]:
        return {o.name: o.default for o in self.options}

    def run(self, graph: Graph, options: dict[str, Any] | None = None,
            severity: Severity | None = None, use: SuppressionUse | None = None) -> list[Finding]:
        """The rule's findings on `graph`; a post-step also gets `use` (by default,
        a run with no suppression to judge)."""
        context = RuleContext(self, {**self.default_options(), **(options or {})},
                              severity or self.severity)
        if self.stage == GRAPH:
            return list(self.check(graph, context))
        return list(self.check(graph, context, use or SuppressionUse()))


class RuleContext(Record, frozen=True):
    """What a check needs besides the graph: its options and a finding factory.
    What `finding` needs of the rule beyond its fields is worked out once per run:
    it runs for every finding, tens of thousands on a large graph."""

    __slots__ = ("rule", "options", "severity", "_configured", "_safe")
    rule: Rule
    options: dict[str, Any]
    severity: Severity
    _configured: Severity | None   # a configured severity: it wins over a graded level
    _safe: bool                    # the rule's autofix is safe (or there is none)

    def __init__(self, rule: Rule, options: dict[str, Any], severity: Severity) -> None:
        assign(self, "rule", rule)
        assign(self, "options", options)
        assign(self, "severity", severity)
        assign(self, "_configured", severity if severity != rule.severity else None)
        assign(self, "_safe", rule.autofix is None or rule.autofix.safe)

    def finding(
        self,
        subject: Element | Edge,
        message: str,
        *,
        span: Span | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
        properties: dict[str, Any] | None = None,
        edits: tuple[Edit, ...] = (),
        yields_to: tuple[str, ...] = (),
        about: tuple[str, ...] = (),
        safe: bool | None = None,
    ) -> Finding:
        """A finding about `subject` at `span` (default: where `subject` is written).

        `severity` is for rules with graded levels (e.g. over the default quota:
        warning, over the hard maximum: error). A configured override of the rule's
        severity replaces both. `properties`: structured detail (JSON values) that
        would make the message long, shown in JSON and SARIF output. `edits`: the
        fix as text edits when it is mechanical (archlint/model/edits.py), safe as the
        rule's `autofix` declares unless `safe` says otherwise. `yields_to`:
        rules whose finding on the same element states the same cause (the engine keeps
        theirs and drops this one, only when they ran: see run/engine.apply_precedence);
        `about`: on a group, the members it speaks for (it yields only if all are reported).
        """
        rule = self.rule   # positional: rules make tens of thousands of findings on big graphs
        return Finding(rule.id, self._configured or severity or rule.severity, message,
                       span or subject.span, subject.id, fix or rule.fix, rule.name, None,
                       None, properties, edits, self._safe if safe is None else safe,
                       yields_to, about)


DEPRECATED_OPTIONS: dict[str, str] = {
    "defer_to_rel001": "ignored: the engine now drops a finding that an enabled, more "
                       "specific rule reports on the same element (findings precedence)",
}
"""Options rules no longer have, still accepted in configurations with a warning."""

DECLARED: list[Rule] = []
"""Every rule declared so far, in declaration order (tests compare it with discovery)."""


def rule(
    *,
    id: str,
    name: str,
    title: str,
    severity: str,
    why: str,
    fix: str,
    sources: Iterable[str],
    failing: Iterable[str],
    passing: Iterable[str],
    options: Iterable[Option] = (),
    stage: str = GRAPH,
    autofix: Autofix | None = None,
) -> Callable[[Callable[..., Iterable[Finding]]], Rule]:
    """Declare a rule: `@rule(id="CMP001", ...)` over `def check(graph, ctx)` (a
    post-step, `stage=AFTER_SUPPRESSIONS` for example, over `def check(graph, ctx, use)`)."""

    def declare(check: Callable[..., Iterable[Finding]]) -> Rule:
        declared = Rule(
            id=id, name=name, title=title, severity=Severity.parse(severity),
            why=_dedent(why), fix=_dedent(fix), sources=tuple(sources),
            failing=tuple(_dedent(x) for x in failing),
            passing=tuple(_dedent(x) for x in passing),
            check=check, options=tuple(options), stage=stage, autofix=autofix,
        )
        _validate(declared)
        DECLARED.append(declared)
        return declared

    return declare


def _dedent(text: str) -> str:
    """`textwrap.dedent(text).strip("\\n")`, the same text (tests/test_registry_texts.py)
    in a fifth of the time: 228 texts at every start cost textwrap's three regular
    expressions 4 ms."""
    lines = [line if line.strip(" \t") else "" for line in text.split("\n")]
    if "\t" in text:
        cut = len(os.path.commonprefix([line[:len(line) - len(line.lstrip(" \t"))]
                                        for line in lines if line]))
    else:   # margins of spaces only: their common prefix is the shortest
        cut = min([len(line) - len(line.lstrip(" ")) for line in lines if line], default=0)
    return "\n".join([line[cut:] for line in lines] if cut else lines).strip("\n")


def _validate(r: Rule) -> None:
    problems = []
    if not RULE_ID.match(r.id):
        problems.append(f"id {r.id!r} is not FAMILY + 3 digits")
    if not RULE_NAME.match(r.name):
        problems.append(f"name {r.name!r} is not kebab-case")
    if not r.sources or not all(s.startswith("https://") for s in r.sources):
        problems.append("needs at least one https:// source")
    if not r.failing or not r.passing:
        problems.append("needs a failing and a passing example")
    if r.stage not in STAGES:
        problems.append(f"stage {r.stage!r} is not one of {', '.join(STAGES)}")
    if problems:
        raise ValueError(f"rule {r.id}: " + "; ".join(problems))


def declared_in(modules: Iterable[str]) -> tuple[Rule, ...]:
    """The rules declared at the top level of these modules, in their order."""
    found: list[Rule] = []
    for name in modules:
        module = importlib.import_module(name)
        found.extend(value for value in vars(module).values()
                     if isinstance(value, Rule) and value.check.__module__ == name)
    return tuple(found)


@functools.lru_cache(maxsize=None)
def builtin_rules() -> tuple[Rule, ...]:
    """The rules of `archlint.checks`, from its generated list of modules (the same
    as `rule_modules.discover(archlint.checks)`, without walking the folders at
    every start)."""
    from archlint.checks._modules import MODULES

    return declared_in(MODULES)


DISCOVERY = builtin_rules
"""The discovering function itself: code that replaces `builtin_rules` (a test, an
embedding program) is told apart by it, and its rules never fill the catalogue."""


@functools.lru_cache(maxsize=None)
def plugin_rules() -> tuple[Rule, ...]:
    """Rules from installed packages' `archlint.rules` entry points (archlint/plugins.py).
    Loaded by every command, so a plugin's rules are listed, selected, configured and
    run like built-in ones."""
    found: list[Rule] = []
    for where, item in entry_point_items():
        if not isinstance(item, Rule):
            raise PluginError(f"{where} gave {item!r}, not a Rule")
        found.append(item)
    return tuple(found)


def all_rules(plugins: bool = True) -> tuple[Rule, ...]:
    """Every rule (built-in and, unless `plugins` is false, from plugins), sorted by id.

    Two rules sharing an id or a name is an error: a built-in pair is a programming
    error (ValueError), a plugin clashing with anything is the user's (PluginError).
    """
    rules = list(builtin_rules())
    if plugins:
        rules.extend(plugin_rules())
    seen: dict[str, Rule] = {}
    for r in rules:
        for key in (r.id, r.name):
            if key in seen and seen[key] is not r:
                message = f"two rules share {key!r}"
                if r.check.__module__.split(".")[:2] != ["archlint", "checks"]:
                    raise PluginError(f"{message}: a plugin rule from {r.check.__module__} "
                                      "clashes with an installed rule")
                raise ValueError(message)
            seen[key] = r
    return tuple(sorted(rules, key=lambda r: r.id))


def matches(selector: str, rule: Rule) -> bool:
    """A selector is ALL, a family prefix (REL), an id (REL001) or a name."""
    s = selector.strip()
    return covers(s, rule.id, rule.name) or (
        s.isalnum() and rule.id.startswith(s.upper()) and not s.isalpha())


def covers(selector: str, rule_id: str, rule_name: str | None) -> bool:
    """Whether a suppression's ALL, family (REL), id or name covers a finding's rule."""
    s = selector.strip()
    family = re.match(r"[A-Z]+", rule_id)
    return (s.upper() == "ALL" or s.upper() == rule_id or s.lower() == rule_name
            or (s.isalpha() and family is not None and s.upper() == family[0]))


def selected(rules: Iterable[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    """Rules that some `select` entry matches and no `ignore` entry does."""
    return [r for r in rules
            if any(matches(s, r) for s in select) and not any(matches(i, r) for i in ignore)]


def find_rule(key: str, rules: Iterable[Rule] | None = None) -> Rule | None:
    """A rule by id (case-insensitive) or kebab-case name."""
    wanted = key.strip()
    for r in rules if rules is not None else all_rules():
        if r.id == wanted.upper() or r.name == wanted.lower():
            return r
    return None
