"""SUP001 unused-suppression: a suppression comment that suppresses nothing."""

from __future__ import annotations

import re
from typing import Iterator

from archlint.checks.suppressions._shared import SOURCE, covered_lines, subject
from archlint.model.findings import INPUT_ERROR_TITLES, Edit, Finding
from archlint.model.graph import Graph, Span, Suppression
from archlint.registry import (
    AFTER_SUPPRESSIONS, FAMILIES, Autofix, Rule, RuleContext, SuppressionUse, all_rules, covers, matches,
    rule,
)


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
        add SUP001 to it: `# archlint: ignore[REL001, SUP001] reason`. When the
        finding names another rule that reports the element instead (a more
        specific rule takes precedence), suppress that rule if you accept it.
        """,
    sources=(SOURCE,),
    failing=("""
        db: rds { multi_az = true }  # archlint: ignore[CMP001] no Lambda here
        """,),
    passing=("""
        db: rds { multi_az = true }
        """,),
    stage=AFTER_SUPPRESSIONS,
    autofix=Autofix("the ids that reported nothing are taken out of the comment; a comment "
                    "left with none is deleted (with its line when it stood alone)"),
)
def unused_suppression(graph: Graph, ctx: RuleContext, use: SuppressionUse) -> Iterator[Finding]:
    """Every id that suppressed nothing (the engine then applies suppressions to these)."""
    if not use.unused:
        return
    known = list(all_rules()) + [r for r in use.selected if r not in all_rules()]
    covered = covered_lines(graph)
    for suppression in use.unused:
        stale, unknown, inputs = [], [], []
        for key in suppression.rule_ids:
            targets = [r for r in known if matches(key, r)]  # an id, a name, a family or ALL
            if not targets and key.upper() in INPUT_ERROR_TITLES:
                inputs.append(key)
            elif not targets:
                unknown.append(key)
            elif any(t.id != unused_suppression.id and any(r.id == t.id for r in use.ran)
                     for t in targets):
                stale.append(key)
        parts = []
        if stale:
            parts.append(f"{', '.join(stale)} reported nothing here{_gave_way(graph, suppression, stale, use)}")
        if unknown:
            parts.append(f"no rule is called {', '.join(unknown)}{_did_you_mean(unknown, known)}")
        if inputs:
            what = "is an input error" if len(inputs) == 1 else "are input errors"
            parts.append(f"{', '.join(inputs)} {what}, which cannot be suppressed: fix the input")
        if parts:
            yield ctx.finding(subject(suppression, covered),  # type: ignore[arg-type]
                              "unused suppression: " + "; ".join(parts),
                              edits=() if unknown or inputs else _without(graph, suppression, stale))


def _gave_way(graph: Graph, suppression: Suppression, stale: list[str], use: SuppressionUse) -> str:
    """` (REL001 reports 'db' instead ...)` when a stale id's finding was there but gave
    way to a more specific rule's (precedence, archlint/run/engine.py): the comment
    then aims at the wrong rule, and the finding it meant to hide is still shown."""
    from archlint.model.scope import covering

    for finding, winner in use.yielded:
        if any(covers(key, finding.rule_id, finding.rule_name) for key in stale) and any(
                s.span == suppression.span
                for s in covering(graph, finding.span, finding.element_id)):
            return (f" ({winner} reports '{finding.element_id}' instead and takes precedence: "
                    f"to accept that finding, suppress {winner})")
    return ""


def _without(graph: Graph, unused: Suppression, stale: list[str]) -> tuple[Edit, ...]:
    """The comment without its `stale` ids; deleted when none is left (with the blanks
    before it, or its whole line when it stood alone). A misspelt id is no stale one:
    what it meant is a guess, so a finding that names one gets no fix."""
    written = next((s for s in graph.suppressions if s.span == unused.span), None)
    if written is None or not written.text:
        return ()
    kept = [i for i in written.rule_ids if i not in stale]
    s = written.span
    if kept:
        return (Edit(s, re.sub(r"\[[^\]]*\]", "[" + ", ".join(kept) + "]", written.text, count=1)),)
    if written.own_line:
        return (Edit(Span(s.file, s.line, 1, s.line + 1, 1), ""),)
    return (Edit(Span(s.file, s.line, s.column - written.space_before, s.end_line, s.end_column), ""),)


def _did_you_mean(unknown: list[str], known: list[Rule]) -> str:
    """` (did you mean REL001?)` for the first unknown id that is close to a real one."""
    from difflib import get_close_matches

    words = ["ALL", *FAMILIES] + [k for r in known for k in (r.id, r.name)]
    for key in unknown:
        close = get_close_matches(key.upper() if key[:1].isupper() else key, words, n=1)
        if close:
            return f" (did you mean {close[0]}?)"
    return ""
