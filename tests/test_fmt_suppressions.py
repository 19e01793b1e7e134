"""`archlint fmt` never changes what a suppression covers.

Generated documents are valid architectures that have findings (single points of
failure, databases in one zone...), with comments and suppressions between any two
tokens, written on a line of their own or trailing one: after a header, after a
closing brace, inside a body, in the middle of a statement, in Markdown blocks.
The properties: fmt(fmt(x)) == fmt(x), and the graph, suppressions and findings of
fmt(x) equal those of x. The old line-based scope failed them (the examples below).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from archlint.format.files import format_source
from archlint.format.layout import format_text
from archlint.language.markdown import markdown_blocks
from archlint.run.engine import check_document, check_text, rules_for
from archlint.config.settings import Settings
from archlint.model.scope import covering, scope_of
from test_fmt import meaning

SUPPRESSIONS = ["# archlint: ignore[REL001] accepted", "# archlint: ignore[REL004, SUP001] dev",
                "# archlint: ignore[reliability] lab", "# archlint: ignore[REL001]",
                "# note", "// other"]
KINDS = {"ec2": ["count = 2", "count = 1"], "rds": ["multi_az = false", "multi_az = true"],
         "lambda": ["timeout = 30s"], "sqs": [], "alb": [], "s3": []}
EXAMPLES = int(os.environ.get("ARCHLINT_FMT_EXAMPLES", "60"))


@st.composite
def architectures(draw: st.DrawFn) -> list[str]:
    """The tokens of a valid document: nodes (some in groups, some with a body) and
    edges between them, so that rules report findings for suppressions to cover."""
    ids: list[str] = []

    def node() -> list[str]:
        kind = draw(st.sampled_from(sorted(KINDS)))
        ids.append(f"n{len(ids)}")
        head = [ids[-1], ":", kind, *draw(st.sampled_from([[], ['"Label"']]))]
        attrs = draw(st.lists(st.sampled_from(KINDS[kind]), max_size=1, unique=True)) if KINDS[kind] else []
        return head + (["{", *" ".join(attrs).split(), "}"] if attrs or draw(st.booleans()) else [])

    def statements(depth: int) -> list[str]:
        out: list[str] = []
        for _ in range(draw(st.integers(1, 3))):
            if depth < 2 and draw(st.integers(0, 3)) == 0:
                kind = draw(st.sampled_from(["vpc", "region", "az", "group"]))
                out += [kind, f"g{depth}{len(ids)}", "{", *statements(depth + 1), "}"]
            else:
                out += node()
        return out

    tokens = ["u", ":", "users", *statements(0)]
    ids.insert(0, "u")
    for _ in range(draw(st.integers(1, 4))):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        tokens += [pair[0], "->", pair[1], *draw(st.sampled_from([[], [":", '"calls"']]))]
    return tokens


GAP = st.one_of(st.sampled_from([" ", "\n", "\n\n", "  "]),
                st.tuples(st.sampled_from(["  ", "\n  ", "\n\n"]), st.sampled_from(SUPPRESSIONS),
                          st.sampled_from(["\n", "\n\n"])).map("".join))


@st.composite
def documents(draw: st.DrawFn) -> str:
    """A valid architecture with a space, a line break or a comment between any two tokens
    (and before the first): own-line or trailing, before, inside and after bodies."""
    out = [draw(st.sampled_from(["", "# archlint: ignore[REL001] top\n"]))]
    for token in draw(architectures()):
        out += [token, draw(GAP)]
    return "".join(out)


def markdown_meaning(text: str) -> list:
    settings_ = Settings()
    rules = rules_for(settings_)
    return [meaning_of(check_document(block, rules, settings_)) for block in markdown_blocks(text, "doc.md")]


def meaning_of(result) -> tuple:  # type: ignore[no-untyped-def]
    return sorted((f.rule_id, f.element_id or "", f.message) for f in result.findings)


# The bug: `}` moved onto the group's line took the comment with it, and with it
# the scope (the group instead of the line below).
@example("u: users\nvpc g0\n{ }  # archlint: ignore[REL001] accepted\nn0: ec2\nn1: ec2\nu -> n0 -> n1\n")
@example("u: users\nn0: ec2\n# archlint: ignore[REL001] accepted\n# note\nn1: ec2\nu -> n0 -> n1\n")
@example("u: users, n0: ec2  # archlint: ignore[REL001] x\n\"Label\" u -> n0")
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_fmt_keeps_what_is_suppressed(text: str) -> None:
    formatted = format_text(text)
    assert format_text(formatted) == formatted
    assert meaning(formatted) == meaning(text)


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=2), st.sampled_from(["", "> "]))
def test_fmt_keeps_what_is_suppressed_in_markdown(blocks: list[str], quote: str) -> None:
    text = "# Design\n\n" + "\nProse.\n\n".join(
        "".join(f"{quote}{line}\n" for line in f"```archlint\n{b}```".split("\n")) for b in blocks)
    formatted = format_source(text, "doc.md").after
    assert format_source(formatted, "doc.md").after == formatted
    assert markdown_meaning(formatted) == markdown_meaning(text)


@pytest.mark.parametrize("text,covered", [
    ("vpc g\n{ a: rds }  # archlint: ignore[REL004] r\n", {"a"}),     # ends the group
    ("a: rds  # archlint: ignore[REL004] r\nb: rds\n", {"a"}),        # trailing: that line's statement
    ("a: rds\n# archlint: ignore[REL004] r\nb: rds\n", {"b"}),        # own line: the next statement
    ("# archlint: ignore[REL004] r\n# note\na: rds\nb: rds\n", {"a"}),  # stacked comments
    ("a: rds, b: rds  # archlint: ignore[REL004] r\n", {"b"}),        # the statement it ends
    ("vpc g {  # archlint: ignore[REL004] r\n  a: rds\n}\nb: rds\n", {"a"}),   # trailing a header
    ("a: rds {\n  # archlint: ignore[REL004] r\n  multi_az = false\n}\n", {"a"}),  # the attribute
    ("a: rds {\n  engine = \"postgres\"\n}  # archlint: ignore[REL004] r\nb: rds\n", {"a"}),
    ("a: rds\nb: rds\n# archlint: ignore[REL004] r\n", set()),        # nothing follows
])
def test_scope(text: str, covered: set[str]) -> None:
    def suppressed(doc: str) -> set[str]:
        every = {f.element_id for f in check_text(doc.replace("# archlint: ignore[REL004] r", ""),
                                                   "doc.arch").findings if f.rule_id == "REL004"}
        left = {f.element_id for f in check_text(doc, "doc.arch").findings if f.rule_id == "REL004"}
        return every - left
    assert suppressed(text) == covered
    assert suppressed(format_text(text)) == covered


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_the_index_finds_what_the_definition_says(text: str) -> None:
    """`covering` (bisect over nested statements) against its definition, comment by comment:
    the statement holds the finding's place, or writes its element or an enclosing group."""
    result = check_text(text, "doc.arch")
    graph = result.graph
    assert graph is not None
    for finding in result.findings:
        at = (finding.span.line, finding.span.column)
        own = next((s for s in graph.suppressions if s.span == finding.span), None)  # SUP001's
        about = scope_of(graph, own) if own is not None else None
        if about is not None:
            at = about.start
        element = graph.element(finding.element_id) if finding.element_id else None
        ids = {finding.element_id, *(g.id for g in element.ancestors())} if element else {finding.element_id}
        expected = {id(s) for s in graph.suppressions if (scope := scope_of(graph, s)) is not None
                    and (scope.start <= at < scope.end and scope.file == finding.span.file
                         or not ids.isdisjoint(scope.elements))}
        assert {id(s) for s in covering(graph, finding.span, finding.element_id)} == expected
