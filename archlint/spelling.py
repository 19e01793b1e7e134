"""Whether a word is a likely misspelling of another, by difflib's ratio.

Asked on the start-up path (a Markdown fence word, a pyproject table name), where
importing difflib would cost more than the check: the letters the two words share
bound the ratio from above (difflib's own `quick_ratio`), so difflib is imported
only when that bound reaches the cutoff."""

from __future__ import annotations

from collections import Counter
from typing import Iterable


def ratio_reaches(name: str, word: str, cutoff: float) -> bool:
    """`difflib.SequenceMatcher(None, name, word).ratio() >= cutoff`."""
    shared = sum((Counter(name) & Counter(word)).values())
    if 2 * shared < cutoff * (len(name) + len(word)):
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, name, word).ratio() >= cutoff


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice `word` is most likely a misspelling of (difflib's best match), or
    None: the one home of every "did you mean". Asked only after a mistake, so
    difflib is imported here, never at start-up."""
    from difflib import get_close_matches

    close = get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


def one_edit(name: str, word: str) -> bool:
    """Whether `name` is `word` with one letter added, dropped or changed, or two
    neighbours swapped: a typo, where a ratio also takes a longer word (`archlinter`)."""
    if name == word or abs(len(name) - len(word)) > 1:
        return False
    same = next((i for i, (a, b) in enumerate(zip(name, word)) if a != b), min(len(name), len(word)))
    rest, meant = name[same:], word[same:]
    return rest[1:] in (meant[1:], meant) or rest == meant[1:] or \
        (rest[:2] == meant[1::-1] and rest[2:] == meant[2:])
