"""The words on a picture: node and group labels as Graphviz text.

Labels are user text: never taken for HTML, backslashes kept literal. Node
labels wrap to the width of an icon; group titles name their kind.
"""

from __future__ import annotations

import re
import textwrap

from archlint.model.graph import Element, Group
from archlint.model.kinds import GROUP_KINDS
from archlint.output.render.marks import Marks

WRAP = 14
"""Characters per line of a node label: what fits under a 1.4 inch icon at 13 pt
(about 0.1 inch a character); longer lines ran over the borders of groups."""


def text(value: str, left: bool = False) -> str:
    """User text as a Graphviz label: backslashes literal, real newlines kept,
    never taken for an HTML label (`<b>` stays the four characters it is).
    `left` justifies every line left (`\\l`), as a group's title sits."""
    from graphviz import nohtml

    end = "\\l" if left and "\n" in value else "\\n"
    escaped = value.replace("\\", "\\\\").replace("\n", end)
    return nohtml(escaped + end if end == "\\l" else escaped)


def node_label(element: Element, marks: Marks, wrap: int | None = WRAP) -> str:
    """Label, `xN` for copies, then the rule ids of findings on a line of their own.

    Node labels are wrapped (`wrap` characters a line): nodes have a fixed
    width, and Graphviz lets a longer label run over its neighbours.
    """
    label = element.display
    if element.count > 1:
        # a no-break space keeps the count with the last word: "Auth" / "service x3"
        label += f"\u00a0x{element.count}"
    if wrap:
        # a word longer than a line stays whole: "recipes.example.com", not "...co" / "m"
        label = "\n".join(textwrap.wrap(label, wrap, break_on_hyphens=False,
                                          break_long_words=False)) or label
    label = label.replace("\u00a0", " ")
    if element.id in marks:
        label += "\n" + marks.ids(element.id)
    return label


def group_label(group: Group, marks: Marks) -> str:
    """`VPC: Production x4`: the kind unless the label names it, and the count;
    below it the CIDR block if given, then the rule ids of findings.

    The CIDR has a line of its own: a wider title widens the box, and
    Graphviz then places edge labels over it."""
    label = group.display
    # Colours alone do not tell a region from an AZ or a VPC from a subnet.
    kind = GROUP_KINDS.get(group.kind)
    if kind and kind.short and not any(re.search(rf"\b{re.escape(word)}\b", label, re.I)
                                       for word in kind.words):
        label = f"{kind.short}: {label}"
    if group.count > 1:
        label += f" x{group.count}"
    cidr = group.get("cidr")
    if isinstance(cidr, str) and cidr:
        label += f"\n{cidr}"
    if group.id in marks:
        label += "\n" + marks.ids(group.id)
    return label
