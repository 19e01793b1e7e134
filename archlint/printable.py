"""Text from the input made safe to print on a terminal.

File names and source lines come from the repository being checked: a raw ESC
byte would let a file rewrite the reader's terminal (colors, titles, hidden
lines), and a file name that is not UTF-8 cannot be written to a UTF-8 report
at all. Each control character becomes its one-column Unicode picture (ESC ->
U+241B) so that carets under an excerpt stay aligned; bytes that are not UTF-8
(kept by Python as surrogates) become `\\xff`.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def printable(text: str) -> str:
    """`text` without control characters (except tab and LF) or undecodable bytes."""
    if text.isprintable():
        return text
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return _CONTROL.sub(_picture, text)
