"""Whether a pyproject.toml could hold a `[tool.archlint]` table, without parsing it.

Most pyproject.toml files archlint meets configure other tools, and many name
archlint (a dependency, a script). Parsing one costs tomllib's import (with
datetime and its regular expressions) and the parse: about 17 M instructions, a
tenth of what a check of one small file adds to Python's start. This reads the
text line by line and answers False only when no key in it can be `tool.archlint`:
every place where the word stands as a key (bare, or quoted exactly) is on a
key/value line of a table whose first key is not `tool` (or, above every header, on
a line whose first key is not `tool`). Whatever it does not follow exactly makes it
answer True, and the file is parsed: multi-line strings, escapes (which could spell
the word), a string left open, brackets that do not balance, a header it cannot
read, the word in a header or on a line continuing an array.
"""

from __future__ import annotations

import re

# After any whitespace: a comment, a basic string (with escapes), a literal string,
# a bare key or value word, or any other character (an unclosed quote among them).
_TOKEN = re.compile(r"""\s*(#.*|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_-]+|\S)""")
_QUOTED_NAME = ('"archlint"', "'archlint'")
_TOOL = ("tool", '"tool"', "'tool'")
_KEY_ENDS = (".", "=", "]")
_BARE = re.compile(r"[A-Za-z0-9_-]+")


def may_configure_archlint(text: str) -> bool:
    """False only when `text` (a pyproject.toml) has no key that could be
    `tool.archlint`, valid TOML or not; see the module's docstring."""
    if "archlint" not in text and "\\u" not in text and "\\U" not in text:
        return False
    if "\\u" in text or "\\U" in text or '"""' in text or "'''" in text:
        return True
    depth = 0          # open arrays at the start of the line
    table: str | None = ""   # the current table's first key; "" above every header
    for line in text.split("\n"):
        mentions = "archlint" in line
        if not mentions and "[" not in line and "]" not in line:
            continue   # no header, no bracket, no key of that name (strings stay on their line)
        words = _TOKEN.findall(line)
        if words and words[-1][0] == "#":
            words.pop()
        if not words:
            continue
        if '"' in words or "'" in words:
            return True   # a string left open on its line
        names_it = mentions and any(
            w == "archlint" or (w in _QUOTED_NAME and following in _KEY_ENDS)
            for w, following in zip(words, [*words[1:], ""]))
        if depth == 0 and words[0] == "[":
            if names_it:
                return True
            first = words[2] if words[1:2] == ["["] and len(words) > 2 else words[1] if len(words) > 1 else ""
            table = (first if _BARE.fullmatch(first)
                     else first[1:-1] if first[:1] in ('"', "'") else None)
        elif names_it and (depth != 0 or table is None or table == "tool"
                           or (table == "" and words[0] in _TOOL)):
            return True
        depth += words.count("[") - words.count("]")
        if depth < 0:
            return True
    return depth != 0
