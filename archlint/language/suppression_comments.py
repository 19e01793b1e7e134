"""Reading `# archlint: ignore[ID, ...] reason` comments into Suppression records.

Only the reading lives here; what a suppression covers is decided in
archlint/model/scope.py and applied by the engine.
"""

from __future__ import annotations

import re

from archlint.language.parser import Comment
from archlint.model.graph import Suppression

MALFORMED = "malformed suppression comment; expected '# archlint: ignore[RULE-ID, ...] reason'"
_SUPPRESSION = re.compile(r"archlint\s*:\s*ignore\s*\[(?P<ids>[^\]]*)\]\s*(?P<reason>.*)$")
# ids, names, families and ALL; an unknown one is SUP001's, with "did you mean"
_SUPPRESSION_ID = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")


def read_suppressions(comments: list[Comment]) -> tuple[list[Suppression], list[Comment]]:
    """The suppressions among `comments`, and the comments that start with `archlint`
    but are not well-formed suppressions (an input error each: never silently ignored)."""
    suppressions: list[Suppression] = []
    malformed: list[Comment] = []
    for comment in comments:
        text = comment.text.lstrip("#/").strip()
        if not text.startswith("archlint"):
            continue
        match = _SUPPRESSION.match(text)
        ids = [i.strip() for i in match["ids"].split(",")] if match else []
        if not match or not ids or not all(_SUPPRESSION_ID.match(i) for i in ids):
            malformed.append(comment)
            continue
        suppressions.append(Suppression(tuple(ids), match["reason"].strip(), comment.span,
                                        comment.own_line, comment.next_token,
                                        comment.text.rstrip(), comment.space_before))
    return suppressions, malformed
