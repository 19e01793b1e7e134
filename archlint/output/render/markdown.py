"""Image links kept beside their ```archlint blocks (`render --update-markdown`).

Right after a block's closing fence archlint keeps two lines of its own:

    <!-- archlint-render: block 2 -->
    ![Orders](design-block2.png)

(with one blank line before them). The comment marks them, so a later run
finds and refreshes them instead of adding more; nothing else in the file is
ever changed: every other line is kept byte for byte, line endings included.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from archlint.language.document import Document

_MARK = re.compile(r"^<!-- archlint-render: block (\d+) -->$")
_IMAGE = re.compile(r"^!\[[^\n]*\]\([^\n]*\)$")


def link_lines(document: "Document", picture: Path, title: str) -> list[str]:
    """The marker and the image link for one block's picture."""
    source = document.real_path or Path(document.path)
    href = Path(os.path.relpath(picture.resolve(), source.resolve().parent)).as_posix()
    alt = (title or f"Architecture of block {document.block}").replace("\n", " ")
    alt = re.sub(r"([\[\]\\])", r"\\\1", alt)
    href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return [f"<!-- archlint-render: block {document.block} -->", f"![{alt}]({href})"]


def closing_fence(lines: list[str], document: "Document") -> int:
    """Index of the line that closes the block (len(lines) if it is unclosed)."""
    body = document.text.split("\n")
    for end in (document.line_offset + len(body), document.line_offset):
        if end < len(lines) and lines[end].strip()[:3] in ("```", "~~~"):
            return end
    return len(lines)


def with_links(text: str, links: list[tuple["Document", list[str]]]) -> str:
    """`text` with each block's link lines inserted or refreshed after it."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    # from the last block up, so earlier insertions do not move later blocks
    for document, wanted in sorted(links, key=lambda item: -item[0].line_offset):
        end = closing_fence(lines, document)
        start, stop = _existing(lines, end + 1, document.block)
        if start is None:
            # a blank line after too, or text right after the block would join the link's paragraph
            following = end + 1 < len(lines) and lines[end + 1].strip()
            lines[end + 1:end + 1] = ["", *wanted, *([""] if following else [])]
        else:
            lines[start:stop] = wanted
    return newline.join(lines)


def _existing(lines: list[str], after: int, block: int | None) -> tuple[int | None, int]:
    """Where this block's marker and link are (after at most one blank line)."""
    index = after + 1 if after < len(lines) and not lines[after].strip() else after
    if index < len(lines) and (found := _MARK.match(lines[index].strip())) \
            and int(found.group(1)) == block:
        has_image = index + 1 < len(lines) and _IMAGE.match(lines[index + 1].strip())
        return index, index + (2 if has_image else 1)
    return None, 0


def update_files(drawn: list[tuple["Document", Path, str]], check_only: bool,
                 out: Callable[[str], None], err: Callable[[str], None]) -> tuple[int, int]:
    """Insert or refresh the links of each Markdown file's drawn blocks
    (`(document, picture, title)`); with `check_only`, only report files whose
    links are missing or stale. Returns (files stale or changed, files failed)."""
    from archlint.language import sources
    from archlint.language.sources import MAX_FILE_BYTES
    from archlint.output.atomic import write_atomic
    from archlint.safe_read import ReadRefused, read_bytes

    by_file: dict[Path, list[tuple["Document", list[str]]]] = {}
    for document, picture, title in drawn:
        if document.block is not None and document.real_path is not None:
            by_file.setdefault(document.real_path, []).append(
                (document, link_lines(document, picture, title)))
    changed = failed = 0
    for path, links in by_file.items():
        shown = sources.display_path(path)
        try:
            text = read_bytes(path, MAX_FILE_BYTES).decode("utf-8")
        except (ReadRefused, OSError, UnicodeDecodeError) as error:
            err(f"archlint: cannot update {shown}: {error}")
            failed += 1
            continue
        lines = text.replace("\r\n", "\n").split("\n")
        unclosed = [d.block for d, _ in links if closing_fence(lines, d) >= len(lines)]
        for block in unclosed:
            err(f"archlint: {shown}: block {block} has no closing fence; no image link added")
        updated = with_links(text, [(d, link) for d, link in links if d.block not in unclosed])
        if updated == text:
            continue
        changed += 1
        if check_only:
            err(f"{shown}: image links missing or out of date")
            continue
        try:
            # at the link's target (inside the project: the runner saw to it); the link stays
            write_atomic(Path(os.path.realpath(path)), updated.encode("utf-8"), keep_mode=True)
        except OSError as error:
            err(f"archlint: cannot write {shown}: {error.strerror or error}")
            failed += 1
            continue
        out(f"{shown}: image links updated")
    return changed, failed
