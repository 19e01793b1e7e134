"""Help while typing: hover text, completion candidates and quick fixes.

All from the model's own tables (kinds, attributes, rules), so the editor says
what `archlint kinds`, docs/kinds.md and `archlint explain` say. 1-based positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archlint.model import kinds
from archlint.model.attributes import ATTRIBUTES
from archlint.model.findings import Finding

UNITS = ["ms", "s", "m", "min", "h", "d", "w", "y", "B", "KB", "MB", "GB", "TB", "KiB", "MiB",
         "GiB", "TiB", "%", "/s", "rps", "MB/s", "GB/s", "KB/s"]
# Values the rules understand, from the attribute descriptions and the rules' tables.
VALUES: dict[str, list[str]] = {
    "protocol": ["https", "http", "tcp", "udp", "grpc", "websocket"],
    "routing": ["failover", "latency", "weighted", "geolocation", "path", "host"],
    "failover": ["primary", "secondary", "standby", "replica"],
    "endpoint": ["writer", "reader", "standby", "replica"],
    "type": ["rest", "http", "gp3", "gp2", "io2", "standard", "express"],
    "engine": ['"postgres"', '"mysql"', '"mariadb"', '"oracle-ee"', '"sqlserver"',
               '"aurora-postgresql"', '"aurora-mysql"', '"redis"', '"valkey"', '"memcached"'],
    "scaling": ["cpu", "memory", "requests", "queue"],
    "alarm": ["cpu", "memory", "errors", "latency"],
}
SUPPRESS = "# archlint: ignore[{rule}] "


@dataclass
class Candidate:
    label: str
    kind: str          # "kind", "group", "attribute", "value", "id", "unit"
    detail: str


@dataclass
class Fix:
    """A quick fix: replace (line, column)-(end_line or line, end_column) with `text`."""

    title: str
    line: int
    column: int
    end_column: int
    text: str
    preferred: bool = False
    end_line: int | None = None


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


def attribute_hover(word: str) -> str | None:
    spec = ATTRIBUTES.get(word)
    if spec is None:
        return None
    return f"**{word}**: {spec.description}\n\nType: {spec.expected}"


def finding_hover(finding: Finding) -> str:
    """The finding with its rule's title and the first paragraph of why (explain)."""
    from archlint.registry import all_rules, find_rule

    text = f"**{finding.rule_id}** {finding.message}"
    rule = find_rule(finding.rule_id, all_rules()) if not finding.is_input_error else None
    if rule is not None:
        why = rule.why.strip().split("\n\n")[0]
        text += f"\n\n{rule.title}: {why}\n\n`archlint explain {rule.id}`"
    return text


def complete(line_text: str, column: int, ids: list[str], node_kind: str | None) -> list[Candidate]:
    """Candidates for the cursor at 1-based `column` of `line_text`."""
    before = line_text[:column - 1]
    if re.search(r"[0-9]$", before):
        return [Candidate(u, "unit", "unit") for u in UNITS]
    if re.search(r"(^|[\s{,;])[A-Za-z_][A-Za-z0-9_]*\s*:\s*[A-Za-z_0-9]*$", before) and \
            not re.search(r"(->|<-|--)", before):
        return ([Candidate(k.name, "kind", k.title) for k in kinds.KINDS.values()]
                + [Candidate(a, "kind", f"alias of {k.name}")
                   for k in kinds.KINDS.values() for a in k.aliases])
    value = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*\[?[^=]*$", before)
    if value and re.search(r"=\s*\[?(\s*[\w\"-]+\s*,)*\s*[\w\"-]*$", before):
        name = value.group(1)
        options = VALUES.get(name, ["true", "false"] if _is_bool(name) else [])
        return [Candidate(v, "value", name) for v in options]
    if re.search(r"(->|<-|--|<->)\s*\[?[\w,\s]*$", before) or re.search(r"^\s*\[[\w,\s]*$", before):
        return [Candidate(i, "id", "id") for i in ids]
    if node_kind is not None:
        return [Candidate(n, "attribute", s.description) for n, s in ATTRIBUTES.items()]
    groups = list(kinds.GROUP_KINDS)
    return ([Candidate(g, "group", "group") for g in groups]
            + [Candidate(i, "id", "id") for i in ids]
            + [Candidate(n, "attribute", s.description) for n, s in ATTRIBUTES.items()])


def _is_bool(name: str) -> bool:
    spec = ATTRIBUTES.get(name)
    return spec is not None and bool in spec.types


def enclosing_node_kind(text: str, line: int, column: int) -> str | None:
    """The kind of the node whose `{ }` holds the cursor, if any (None in a group)."""
    offset = sum(len(l) + 1 for l in text.split("\n")[:line - 1]) + column - 1
    clean = re.sub(r'"(?:[^"\\\n]|\\.)*"|(#|//)[^\n]*', lambda m: " " * len(m.group()), text[:offset])
    depth = 0
    for index in range(len(clean) - 1, -1, -1):
        char = clean[index]
        if char == "}":
            depth += 1
        elif char == "{":
            if depth == 0:
                head = re.search(r"([A-Za-z_]\w*)\s*:\s*([A-Za-z_]\w*)\s*(\"[^\"]*\"\s*)?$",
                                 text[:index])
                return head.group(2) if head else None
            depth -= 1
    return None


_DID_YOU_MEAN = re.compile(r"did you mean '([^']+)'\?")
_UNKNOWN_ATTRIBUTE = re.compile(r"unknown attribute '([^']+)'")


def fixes(finding: Finding, line_text: str) -> list[Fix]:
    """Quick fixes for one finding: the rule's own edits, its "did you mean", and a
    suppression comment."""
    out = [Fix(f"Fix {finding.rule_id}: write '{e.text.strip(' ,{}')}'", e.span.line,
               e.span.column, e.span.end_column, e.text, True, e.span.end_line)
           for e in finding.edits]
    s = finding.span
    suggestion = _DID_YOU_MEAN.search(finding.message)
    if suggestion:
        old = _UNKNOWN_ATTRIBUTE.search(finding.message)
        end = s.column + len(old.group(1)) if old else (s.end_column if s.end_line == s.line
                                                        else s.column + 1)
        if old is None:  # the span covers the misspelt word itself
            word = re.match(r"[A-Za-z_0-9]+", line_text[s.column - 1:])
            end = s.column + len(word.group()) if word else end
        out.append(Fix(f"Replace with '{suggestion.group(1)}'", s.line, s.column, end,
                       suggestion.group(1), preferred=True))
    if not finding.is_input_error:
        end = len(line_text.rstrip()) + 1
        comment = SUPPRESS.format(rule=finding.rule_id) + "TODO: reason"
        out.append(Fix(f"Suppress {finding.rule_id} on this line (with a reason)", s.line, end,
                       len(line_text) + 1, "  " + comment))
    return out
