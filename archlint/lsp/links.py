"""Where a diagnostic's code links (LSP `codeDescription.href`): the section of the
documentation, for the running archlint, that explains the rule or input error.

In a source checkout (the editable install the repository is developed and tested
with) that is docs/rules.md, or docs/language.md for an input error, at the heading's
own anchor. A wheel ships no docs/, so there the same sections are generated from the
registry by the generators of those pages (`rule_doc.rules_markdown`, `input_error_doc`)
into the user's archlint cache directory, once per content, written atomically: a file
URI works offline and always describes the installed version, which a link to a web
page of the repository could not promise.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent.parent   # the repository, if this is one
_HEADING = re.compile(r"^#{2,4} ([A-Z]+[0-9]{3}\b[^\n]*)$", re.M)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub and VS Code's Markdown preview make it."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _checkout_page(code: str) -> Path | None:
    if not ((CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "checks").is_dir()):
        return None
    page = CHECKOUT / "docs" / ("language.md" if code.startswith("E") else "rules.md")
    return page if page.is_file() else None


def generated_pages(directory: Path) -> dict[str, Path]:
    """The rules page and the input errors page, generated into `directory` (each file
    named by a digest of its text, so a new version or plugin gets a new file)."""
    from archlint.output.atomic import write_atomic
    from archlint.output.input_error_doc import explain_text, find
    from archlint.model.findings import INPUT_ERROR_TITLES
    from archlint.output.rule_doc import rules_markdown
    from archlint.registry import all_rules

    errors = ["# Input errors", ""]
    for code in sorted(INPUT_ERROR_TITLES):
        doc = find(code)
        errors += [f"## {code} {INPUT_ERROR_TITLES[code]}", "", explain_text(doc) if doc else "", ""]
    pages = {"rules": rules_markdown(all_rules()), "errors": "\n".join(errors)}
    found = {}
    for name, text in pages.items():
        path = directory / f"{name}-{hashlib.sha256(text.encode()).hexdigest()[:16]}.md"
        if not path.is_file():
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(path, text)
        found[name] = path
    return found


@lru_cache(maxsize=1)
def _generated() -> dict[str, Path]:
    user = os.getuid() if hasattr(os, "getuid") else "u"
    return generated_pages(Path(tempfile.gettempdir()) / f"archlint-{user}" / "docs")


@lru_cache(maxsize=None)
def anchors(page: Path) -> dict[str, str]:
    """Code -> anchor of its heading in `page` (`## REL004`, `### E105 invalid ...`)."""
    text = page.read_text(encoding="utf-8")
    return {match.group(1).split()[0]: slug(match.group(1)) for match in _HEADING.finditer(text)}


@lru_cache(maxsize=None)
def href(code: str) -> str | None:
    """The link for a rule id or input error code, None if it has no section."""
    try:
        page = _checkout_page(code) or _generated()["errors" if code.startswith("E") else "rules"]
        anchor = anchors(page).get(code)
    except OSError:
        return None
    return f"{page.as_uri()}#{anchor}" if anchor else None
