"""Whether a word is a likely misspelling of another, by difflib's ratio.

Asked on the start-up path (a Markdown fence word, a pyproject table name), where
importing difflib would cost more than the check: the letters the two words share
bound the ratio from above (difflib's own `quick_ratio`), so difflib is imported
only when that bound reaches the cutoff."""

from __future__ import annotations

from collections import Counter


def ratio_reaches(name: str, word: str, cutoff: float) -> bool:
    """`difflib.SequenceMatcher(None, name, word).ratio() >= cutoff`."""
    shared = sum((Counter(name) & Counter(word)).values())
    if 2 * shared < cutoff * (len(name) + len(word)):
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, name, word).ratio() >= cutoff
