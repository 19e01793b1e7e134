"""Help while typing: hover text, completion candidates and quick fixes.

All from the model's own tables (kinds, attributes, rules), so the editor says
what `archlint kinds`, docs/kinds.md and `archlint explain` say. 1-based positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archlint.model import kinds, values
from archlint.model.applicability import EDGE, attributes_for, kinds_for, values_for
from archlint.model.attributes import ATTRIBUTES, DOCUMENT_ATTRIBUTES
from archlint.model.findings import Finding

SUPPRESS = "# archlint: ignore[{rule}] "


@dataclass
class Candidate:
    label: str
    kind: str          # "kind", "group", "attribute", "value", "id", "unit"
    detail: str


@dataclass
class Change:
    """Replace (line, column)-(end_line or line, end_column) with `text`."""

    line: int
    column: int
    end_column: int
    text: str
    end_line: int | None = None


@dataclass
class Fix:
    """A quick fix: all its changes are applied together (a fix of two edits offered
    as two actions would leave the design half fixed)."""

    title: str
    changes: list[Change]
    preferred: bool = False


def kind_hover(word: str) -> str | None:
    kind = kinds.lookup(word)
    if kind is None:
        group = kinds.GROUP_KINDS.get(word)
        return f"**{word}** (group): {group.title}" if group is not None else None
    traits = [t for t, on in (("managed across AZs by AWS", kind.managed_ha),
                              ("stateful", kind.stateful), ("entry point", kind.entry),
                              ("asynchronous", kind.asynchronous)) if on]
    text = f"**{kind.name}**: {kind.title} ({kind.category})"
    if traits:
        text += "\n\nTraits: " + ", ".join(traits)
    if kind.aliases:
        text += "\n\nAlso written: " + ", ".join(kind.aliases)
    return text


def units_of(types: tuple[type, ...]) -> list[str]:
    """The units a value of these types is written in."""
    table = {values.Duration: list(values.SECONDS_PER_UNIT),
             values.Size: list(values.BYTES_PER_UNIT),
             values.Throughput: [f"{u}/s" for u in values.BYTES_PER_UNIT],
             values.Rate: list(values.RATE_UNITS), values.Percent: [values.PERCENT_UNIT]}
    return [u for t in types for u in table.get(t, [])]


def attribute_hover(word: str) -> str | None:
    """Type, units, meaning and the kinds it applies to."""
    spec = ATTRIBUTES.get(word) or DOCUMENT_ATTRIBUTES.get(word)
    if spec is None:
        return None
    text = f"**{word}**: {spec.description}\n\nType: {spec.expected}"
    units = units_of(spec.types)
    if units:
        text += "\n\nUnits: " + ", ".join(units)
    where = [k for k in kinds_for(word) if k != EDGE]
    said = []
    if set(kinds.KINDS) <= set(where):
        nodes = "every node kind"
        said.append(nodes + (" and group kind" if set(kinds.GROUP_KINDS) <= set(where) else ""))
    elif where:
        said.append(", ".join(where))
    if EDGE in kinds_for(word):
        said.append("edges")
    if word in DOCUMENT_ATTRIBUTES:
        said.append("the document")
    return text + ("\n\nApplies to: " + "; ".join(said) if said else "")


def finding_hover(finding: Finding) -> str:
    """The finding with its rule's title and the first paragraph of why (explain)."""
    from archlint.registry import all_rules, find_rule

    text = f"**{finding.rule_id}** {finding.message}"
    rule = find_rule(finding.rule_id, all_rules()) if not finding.is_input_error else None
    if rule is not None:
        why = rule.why.strip().split("\n\n")[0]
        text += f"\n\n{rule.title}: {why}\n\n`archlint explain {rule.id}`"
    return text


def complete(line_text: str, column: int, ids: list[str], owner: str | None) -> list[Candidate]:
    """Candidates for the cursor at 1-based `column` of `line_text`, inside the braces of
    `owner` (a node or group kind, EDGE, or None at the top level)."""
    before = line_text[:column - 1]
    number = re.search(r"([A-Za-z_]\w*)\s*=\s*[0-9][0-9_.]*$", before)
    if re.search(r"[0-9]$", before):
        spec = ATTRIBUTES.get(number.group(1)) if number else None
        units = units_of(spec.types) if spec else sorted(values.all_units())
        return [Candidate(u, "unit", "unit") for u in units]
    if re.search(r"(^|[\s{,;])[A-Za-z_][A-Za-z0-9_]*\s*:\s*[A-Za-z_0-9]*$", before) and \
            not re.search(r"(->|<-|--)", before):
        return ([Candidate(k.name, "kind", k.title) for k in kinds.KINDS.values()]
                + [Candidate(a, "kind", f"alias of {k.name}")
                   for k in kinds.KINDS.values() for a in k.aliases])
    value = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\[?[^=]*$", before)
    if value and re.search(r"=\s*\[?(\s*[\w\"-]+\s*,)*\s*[\w\"-]*$", before):
        name = value.group(1)
        return [Candidate(v, "value", name) for v in values_for(owner, name)]
    if re.search(r"(->|<-|--|<->)\s*\[?[\w,\s]*$", before) or re.search(r"^\s*\[[\w,\s]*$", before):
        return [Candidate(i, "id", "id") for i in ids]
    if owner is not None and owner not in kinds.GROUP_KINDS:   # a node's or an edge's braces
        names = attributes_for(owner) or tuple(ATTRIBUTES)     # an unknown kind: every one
        return [Candidate(n, "attribute", ATTRIBUTES[n].description) for n in names]
    here = attributes_for(owner) if owner else tuple(DOCUMENT_ATTRIBUTES)
    table = {**ATTRIBUTES, **DOCUMENT_ATTRIBUTES}
    return ([Candidate(g, "group", "group") for g in kinds.GROUP_KINDS]
            + [Candidate(i, "id", "id") for i in ids]
            + [Candidate(n, "attribute", table[n].description) for n in here])


_HEADS = (  # what stands before a `{`: a node, a group, or an edge (ends with an id or list)
    (re.compile(r"([A-Za-z_]\w*)\s*:\s*([A-Za-z_]\w*)\s*(\"[^\"]*\"\s*)?$"), 2),
    (re.compile(r"\b(region|az|vpc|subnet|account|asg|group)\s+[A-Za-z_]\w*\s*(\"[^\"]*\"\s*)?$"), 1),
    (re.compile(r"(->|<-|--|<->)\s*(\[[\w,\s]*\]|[A-Za-z_]\w*)\s*(:\s*\"[^\"]*\"\s*)?$"), 0),
)


def enclosing_kind(text: str, line: int, column: int) -> str | None:
    """Whose `{ }` holds the cursor: a node's kind, a group's kind, EDGE, or None."""
    offset = sum(len(l) + 1 for l in text.split("\n")[:line - 1]) + column - 1
    clean = re.sub(r'"(?:[^"\\\n]|\\.)*"|(#|//)[^\n]*', lambda m: " " * len(m.group()), text[:offset])
    depth = 0
    for index in range(len(clean) - 1, -1, -1):
        char = clean[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                head = text[:index]
                for pattern, group in _HEADS:
                    found = pattern.search(head)
                    if found:
                        return found.group(group) if group else EDGE
                return None
            depth -= 1
    return None


_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_UNKNOWN_ATTRIBUTE = re.compile(r"unknown attribute '([^']+)'")


def fixes(finding: Finding, line_text: str) -> list[Fix]:
    """Quick fixes for one finding: the rule's own edits, its "did you mean", and a
    suppression comment."""
    out = []
    if finding.edits and not finding.is_input_error:   # those: "Replace with" below
        written = ", ".join(e.text.strip(" ,{}") for e in finding.edits)
        unsafe = "" if finding.fix_safe else " (unsafe: check the intent)"
        out.append(Fix(f"Fix {finding.rule_id}: write '{written}'{unsafe}",
                       [Change(e.span.line, e.span.column, e.span.end_column, e.text,
                               e.span.end_line) for e in finding.edits],
                       preferred=finding.fix_safe))
    s = finding.span
    suggestion = _DID_YOU_MEAN.search(finding.message)
    if suggestion:
        old = _UNKNOWN_ATTRIBUTE.search(finding.message)
        end = s.column + len(old.group(1)) if old else (s.end_column if s.end_line == s.line
                                                        else s.column + 1)
        if old is None:  # the span covers the misspelt word itself
            word = re.match(r"[A-Za-z_0-9]+", line_text[s.column - 1:])
            end = s.column + len(word.group()) if word else end
        out.append(Fix(f"Replace with '{suggestion.group(1)}'",
                       [Change(s.line, s.column, end, suggestion.group(1))], preferred=True))
    if not finding.is_input_error:
        out.append(Fix(f"Suppress {finding.rule_id} here (with a reason)",
                       [_suppression(finding, line_text)]))
    return out


def _suppression(finding: Finding, line_text: str) -> Change:
    """A comment that covers this finding (archlint/model/scope.py): trailing the line
    covers the line's last statement, so a finding on an earlier statement of a line
    such as `a: rds, b: rds` gets a comment of its own on the line above instead."""
    s = finding.span
    comment = SUPPRESS.format(rule=finding.rule_id) + "TODO: reason"
    indent = len(line_text) - len(line_text.lstrip())
    if s.column - 1 == indent and _more_statements_after(line_text, s.column - 1):
        return Change(s.line, 1, 1, " " * indent + comment + "\n")
    end = len(line_text.rstrip()) + 1
    return Change(s.line, end, len(line_text) + 1, "  " + comment)


def _more_statements_after(line_text: str, start: int) -> bool:
    """Whether a `,` or `;` outside braces, brackets and strings separates the
    statement at `start` from another one later on the line."""
    depth, quoted = 0, False
    for at in range(start, len(line_text)):
        char = line_text[at]
        if quoted:
            quoted = char != '"' or line_text[at - 1] == "\\"
        elif char == '"':
            quoted = True
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
        elif char in "#/" and line_text.startswith(("#", "//"), at):
            return False
        elif char in ",;" and depth == 0 and line_text[at + 1:].split("#")[0].strip():
            return True
    return False
