"""SUP001 unused-suppression: a suppression comment that suppresses nothing."""

from __future__ import annotations

from typing import Iterable, Iterator

from archlint.checks.suppressions._shared import (
    SOURCE, active, context, covered_lines, fulfilled_by_engine, subject,
)
from archlint.config.settings import Settings, matches
from archlint.model.findings import Finding
from archlint.model.graph import Graph, Suppression
from archlint.registry import Rule, RuleContext, rule


@rule(
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
)
def unused_suppression(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    """Reported by the engine through `unused` below."""
    return fulfilled_by_engine(graph, ctx)


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
    if not unused_suppressions or not active(unused_suppression, rules, settings, path):
        return []
    from archlint.run.engine import apply_suppressions
    from archlint.registry import all_rules

    known = list(all_rules()) + [r for r in rules if r not in all_rules()]
    ran = [r for r in rules if not any(matches(s, r) for s in settings.file_ignores(path))]
    ctx = context(unused_suppression, settings)
    covered = covered_lines(graph)
    findings = []
    for suppression in unused_suppressions:
        stale, unknown = [], []
        for key in suppression.rule_ids:
            targets = [r for r in known if matches(key, r)]  # an id, a name, a family or ALL
            if not targets:
                unknown.append(key)
            elif any(t.id != unused_suppression.id and any(r.id == t.id for r in ran)
                     for t in targets):
                stale.append(key)
        parts = []
        if stale:
            parts.append(f"{', '.join(stale)} reported nothing here")
        if unknown:
            parts.append(f"no rule is called {', '.join(unknown)}{_did_you_mean(unknown, known)}")
        if parts:
            findings.append(ctx.finding(
                subject(suppression, covered),  # type: ignore[arg-type]
                "unused suppression: " + "; ".join(parts)))
    kept, _ = apply_suppressions(graph, findings)
    return kept
