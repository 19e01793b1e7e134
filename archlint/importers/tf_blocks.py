"""The labelled blocks of a Terraform file (`resource "type" "name"`, `module "name"`,
`variable "name"`), checked as Terraform checks them.

python-hcl2 nests a block's labels as quoted keys over a body marked `__is_block__`,
and accepts any number of them: `module {}` or `resource "aws_instance" {}` is no
error to it. Terraform refuses such a block, and one declared twice, so both are
positioned input errors here, not a node named `__is_block__` or a crash.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

LABELS = {"variable": ('"name"',), "resource": ('"type"', '"name"'), "module": ('"name"',)}
_LABEL = re.compile(r'"[^"\n]*"|[A-Za-z_][\w-]*')


class Block(NamedTuple):
    labels: tuple[str, ...]   # unquoted
    body: dict[str, Any]
    line: int                 # where the block's keyword is; 1 when it cannot be told
    column: int


class BlockError(Exception):
    """A block Terraform would refuse: the message and where (line, column)."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def blocks(data: dict[str, Any], kind: str, text: str) -> list[Block]:
    """The `kind` blocks of one file (`data`: python-hcl2's reading of `text`), in order.
    Raises BlockError for a block with the wrong number of labels."""
    written = data.get(kind, [])
    heads = _heads(text, kind)
    aligned = len(heads) == len(written)   # else a keyword in a heredoc or comment: no places
    found: list[Block] = []
    for index, block in enumerate(written):
        one: list[tuple[tuple[str, ...], dict[str, Any]]] = []
        if not _collect(block, len(LABELS[kind]), (), one):
            wrong = [h for h in heads if h[2] != len(LABELS[kind])]
            line, column, _ = heads[index] if aligned else (wrong or [(1, 1, 0)])[0]
            raise BlockError(f"a {kind} block takes {len(LABELS[kind])} label"
                             f"{'s' * (len(LABELS[kind]) != 1)}: {kind} {' '.join(LABELS[kind])} {{ ... }}",
                             line, column)
        line, column, _ = heads[index] if aligned else (1, 1, 0)
        found += [Block(labels, body, line, column) for labels, body in one]
    return found


def _collect(value: Any, left: int, labels: tuple[str, ...],
             found: list[tuple[tuple[str, ...], dict[str, Any]]]) -> bool:
    if not isinstance(value, dict) or not value:
        return False
    if left == 0:
        if value.get("__is_block__") is not True:
            return False
        found.append((labels, value))
        return True
    if "__is_block__" in value:
        return False
    return all(_collect(inner, left - 1, (*labels, str(key).strip('"')), found)
               for key, inner in value.items())


def _heads(text: str, kind: str) -> list[tuple[int, int, int]]:
    """(line, column, number of labels) of each `kind` block's first line."""
    heads = []
    for match in re.finditer(rf'^[ \t]*({kind})((?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*)[ \t]*\{{',
                             text, re.M):
        at = match.start(1)
        line = text.count("\n", 0, at) + 1
        heads.append((line, at - (text.rfind("\n", 0, at) + 1) + 1, len(_LABEL.findall(match.group(2)))))
    return heads
