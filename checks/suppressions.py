"""SUP: suppression hygiene (unused suppressions, suppressions without a reason).

These two rules are about other rules' findings, so no function of the graph
alone can decide them: whether `ignore[REL001]` is used depends on whether
REL001 reported something there. They are declared here like every rule (so
they are listed, explained, selected, ignored and re-levelled the same way),
their `check` yields nothing, and the engine fulfils them after the other
rules ran, through `reasonless` and `unused` below:

1. the engine runs the selected rules;
2. `reasonless` adds SUP002 findings (only with `require-reason: true`);
3. suppressions are applied to all of those findings;
4. `unused` turns the ids no finding used into SUP001 findings, which can in
   turn be suppressed (`ignore[SUP001]` on the same comment, the line above,
   or a group's line).

An id is reported unused only if its rule ran on that document (a rule left out
by `--select`, `ignore` or `per-file-ignores` cannot be used), or if it names
no rule at all. An `ignore[SUP001]` is itself never reported unused: it is the
way to say "keep this suppression even when it matches nothing".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

from archlint.model.findings import Finding
from archlint.model.graph import Graph, Span, Suppression
from archlint.registry import Rule, RuleContext, rule
from archlint.config.settings import Settings, matches

SOURCE = "https://docs.aws.amazon.com/wellarchitected/latest/framework/oe-design-principles.html"


def _fulfilled_by_engine(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    """Nothing from the graph alone; `archlint.run.engine` reports these (see above)."""
    return iter(())


UNUSED_SUPPRESSION = rule(
    id="SUP001",
    name="unused-suppression",
    title="Suppression comment that suppresses nothing",
    severity="warning",
    why="""
        A `# archlint: ignore[...]` comment that no longer matches a finding hides
        nothing today but will silently hide a real problem the day one appears
        there. Stale suppressions also make a design look riskier than it is.
        """,
    fix="""
        Delete the suppression (or the unused ids in it). To keep it on purpose,
        add SUP001 to it: `# archlint: ignore[REL001, SUP001] reason`.
        """,
    sources=(SOURCE,),
    failing=("""
        db: rds { multi_az = true }  # archlint: ignore[CMP001] no Lambda here
        """,),
    passing=("""
        db: rds { multi_az = true }
        """,),
    options=(),
)(_fulfilled_by_engine)

SUPPRESSION_WITHOUT_REASON = rule(
    id="SUP002",
    name="suppression-without-reason",
    title="Suppression comment without a reason (with require-reason)",
    severity="warning",
    why="""
        A suppression is a decision someone made about a risk; without a reason,
        reviewers cannot audit it and nobody knows when it can go. Reported only
        when the configuration sets `require-reason: true`.
        """,
    fix="""
        Write why after the brackets: `# archlint: ignore[REL001] cache is rebuilt
        from S3 in 5 minutes, accepted by the design review`.
        """,
    sources=(SOURCE,),
    failing=("""
        db: rds  # archlint: ignore[REL001]
        """,),
    passing=("""
        db: rds  # archlint: ignore[REL001] dev environment, data is disposable
        """,),
)(_fulfilled_by_engine)

RULES: tuple[Rule, ...] = (UNUSED_SUPPRESSION, SUPPRESSION_WITHOUT_REASON)


@dataclass(frozen=True)
class _Subject:
    """What a finding is about: the element a suppression comment covers, if any."""

    id: str | None
    span: Span


def _active(rule: Rule, rules: Iterable[Rule], settings: Settings, path: str) -> bool:
    ran = any(r.id == rule.id for r in rules)
    return ran and not any(matches(s, rule) for s in settings.file_ignores(path))


def _context(rule: Rule, settings: Settings) -> RuleContext:
    return RuleContext(rule, rule.default_options(), settings.severity.get(rule.id, rule.severity))


def _covered(graph: Graph) -> dict[tuple[str, int], str]:
    """(file, line) -> id of the element written there, to name a comment's subject."""
    lines: dict[tuple[str, int], str] = {}
    for element in [*graph.groups.values(), *graph.nodes.values()]:
        lines.setdefault((element.span.file, element.span.line), element.id)
    return lines


def _subject(suppression: Suppression, covered: dict[tuple[str, int], str]) -> _Subject:
    s = suppression.span
    element = covered.get((s.file, s.line)) or covered.get((s.file, s.line + 1))
    return _Subject(element, s)


def reasonless(graph: Graph, rules: Iterable[Rule], settings: Settings, path: str) -> list[Finding]:
    """SUP002 for every suppression without a reason, when `require-reason` is on."""
    rules = list(rules)
    if not settings.require_reason or not _active(SUPPRESSION_WITHOUT_REASON, rules, settings, path):
        return []
    ctx = _context(SUPPRESSION_WITHOUT_REASON, settings)
    covered = _covered(graph)
    return [ctx.finding(_subject(s, covered),  # type: ignore[arg-type]
                        f"suppression of {', '.join(s.rule_ids)} gives no reason; "
                        "say why after the brackets")
            for s in graph.suppressions if not s.reason.strip()]


def _did_you_mean(unknown: list[str], known: list[Rule]) -> str:
    """` (did you mean REL001?)` for the first unknown id that is close to a real one."""
    from difflib import get_close_matches

    from archlint.registry import FAMILIES

    words = ["ALL", *FAMILIES] + [k for r in known for k in (r.id, r.name)]
    for key in unknown:
        close = get_close_matches(key.upper() if key[:1].isupper() else key, words, n=1)
        if close:
            return f" (did you mean {close[0]}?)"
    return ""


def unused(graph: Graph, unused_suppressions: list[Suppression], rules: Iterable[Rule],
           settings: Settings, path: str) -> list[Finding]:
    """SUP001 for every id that suppressed nothing, itself subject to suppression."""
    rules = list(rules)
    if not unused_suppressions or not _active(UNUSED_SUPPRESSION, rules, settings, path):
        return []
    from archlint.run.engine import apply_suppressions
    from archlint.registry import all_rules

    known = list(all_rules()) + [r for r in rules if r not in all_rules()]
    ran = [r for r in rules if not any(matches(s, r) for s in settings.file_ignores(path))]
    ctx = _context(UNUSED_SUPPRESSION, settings)
    covered = _covered(graph)
    findings = []
    for suppression in unused_suppressions:
        stale, unknown = [], []
        for key in suppression.rule_ids:
            targets = [r for r in known if matches(key, r)]  # an id, a name, a family or ALL
            if not targets:
                unknown.append(key)
            elif any(t.id != UNUSED_SUPPRESSION.id and any(r.id == t.id for r in ran)
                     for t in targets):
                stale.append(key)
        parts = []
        if stale:
            parts.append(f"{', '.join(stale)} reported nothing here")
        if unknown:
            parts.append(f"no rule is called {', '.join(unknown)}{_did_you_mean(unknown, known)}")
        if parts:
            findings.append(ctx.finding(
                _subject(suppression, covered),  # type: ignore[arg-type]
                "unused suppression: " + "; ".join(parts)))
    kept, _ = apply_suppressions(graph, findings)
    return kept
