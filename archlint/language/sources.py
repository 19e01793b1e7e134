"""Where documents come from: `.arch` files, ```archlint blocks in Markdown, includes.

Everything that touches the file system for reading input lives here, so that
the safety rules are in one place: a size limit, strict UTF-8 (a BOM is fine),
no NUL bytes, and includes that stay inside the project root, with bounded depth
and no cycles.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from archlint.model.findings import (
    INCLUDE_ERROR, INPUT_ERROR, SYNTAX_ERROR, UNNAMED_BLOCK, Finding, input_error,
)
from archlint.model.graph import Span
from archlint import safe_read
from archlint.paths import under
from archlint.printable import printable

MAX_FILE_BYTES = 10 * 1024 * 1024
STDIN, STDIN_NAME = "-", "<stdin>"   # `archlint check -`
MAX_INCLUDE_DEPTH = 16
MARKDOWN_SUFFIXES = (".md", ".markdown")   # read as Markdown (archlint blocks), never as .arch text
ROOT_MARKERS = (".git", ".hg", "pyproject.toml", ".archlint.yaml", ".archlint.yml")  # a project root
SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}

_QUOTE = re.compile(r" {0,3}> ?")
_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\n]*)$")


@dataclass
class Document:
    """One architecture to check: a whole `.arch` file or one Markdown block."""

    path: str              # as shown in messages (relative to the working directory)
    text: str
    line_offset: int = 0   # lines before the document's first line in its file
    column_offset: int = 0
    block: int | None = None  # 1-based index of the archlint block in a Markdown file
    real_path: Path | None = None
    block_name: str | None = None  # ```archlint name=current
    skip: bool = False             # ```archlint skip: parsed, not checked by rules
    error: Finding | None = None   # a mistake in the block's info string
    language: str = "archlint"     # the fence's word: a misspelt one is an error, never formatted

    @property
    def block_key(self) -> str | None:
        """How outputs and baselines tell the blocks of one file apart: the block's
        name, else `block2`; None for a whole file."""
        if self.block is None:
            return None
        return self.block_name or f"block{self.block}"

    @property
    def name(self) -> str:
        return self.path if self.block is None else f"{self.path}#{self.block_key}"


@dataclass
class LoadResult:
    """The documents read from one file, and the errors that kept others from being read."""

    documents: list[Document] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)


def display_path(path: Path, real: str | Path | None = None) -> str:
    """Relative to the working directory when inside it, with forward slashes,
    and printable (archlint/printable.py). `real`: `path` already resolved."""
    try:
        resolved = os.fspath(real) if real is not None else str(path.resolve())
        shown = under(resolved, _resolved_cwd(os.getcwd()))
    except (OSError, RuntimeError):   # RuntimeError: a symlink loop
        shown = None
    # printable: a name that is not UTF-8 must still fit in a report
    return printable(shown if shown is not None else path.as_posix())


@functools.lru_cache(maxsize=8)
def _resolved_cwd(cwd: str) -> str:
    """The working directory resolved once (not once per file); keyed on `os.getcwd()`
    so that a `chdir` is still noticed."""
    return str(Path(cwd).resolve())


def read_text(path: Path, shown: str, *, special_ok: bool = False) -> tuple[str | None, Finding | None]:
    """Read a file as UTF-8 text, or explain precisely why it cannot be read."""
    data, error = read_bytes(path, shown, special_ok=special_ok)
    return (None, error) if data is None else decode(data, shown)


def read_bytes(path: Path, shown: str, *, special_ok: bool = False) -> tuple[bytes | None, Finding | None]:
    """A file's bytes, read once: the result cache keys on exactly these bytes and the
    check decodes the same ones, so an edit during the run cannot split them.

    `special_ok`: the user named this path, so a pipe or device is read too
    (`archlint check /dev/stdin`); files archlint finds itself must be regular."""
    try:
        return safe_read.read_bytes(path, MAX_FILE_BYTES, special_ok=special_ok), None
    except safe_read.ReadRefused as refused:
        hint = "; split a large architecture with include" if isinstance(refused, safe_read.TooLarge) else ""
        return None, input_error(INPUT_ERROR, f"cannot read file: {refused}{hint}",
                                 Span(shown, 1, 1, 1, 2))


def decode(data: bytes, shown: str) -> tuple[str | None, Finding | None]:
    """Bytes to text with LF line ends, or the positioned reason they are not text."""
    def fail(message: str, line: int = 1, column: int = 1) -> tuple[None, Finding]:
        return None, input_error(INPUT_ERROR, message, Span(shown, line, column, line, column + 1))

    if len(data) > MAX_FILE_BYTES:
        return fail(f"file is over the {MAX_FILE_BYTES // 2**20} MiB limit")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
                    line, column)
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return fail("NUL byte in a text file; is this a binary file?", line, column)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def markdown_blocks(text: str, path: str, real_path: Path | None = None) -> list[Document]:
    """Every fenced block whose info string is `archlint`, with its line offset.

    Follows CommonMark: the closing fence uses the same character, is at least as
    long as the opening one, and an unclosed block runs to the end of the file
    (or of the `>` quote it is in). Blocks inside quotes are checked too: their
    `>` markers become spaces, so every column stays the column in the file. Only
    the indentation common to all lines is removed (never more than the fence's),
    so a line indented less than its fence keeps its true column.
    """
    documents: list[Document] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        depth, prefix = _quote_prefix(lines[i])
        match = _FENCE.match(lines[i][prefix:])
        if not match:
            i += 1
            continue
        fence = match["fence"]
        info = match["info"].strip().split()
        start = end = i + 1
        body: list[str] = []
        while end < len(lines):
            line = _unquote(lines[end], depth)
            if line is None:   # the quote ended, and the block with it
                break
            close = _FENCE.match(line.lstrip(" ")) if len(line) - len(line.lstrip(" ")) - prefix <= 3 else None
            if close and close["fence"][0] == fence[0] and len(close["fence"]) >= len(fence) \
                    and not close["info"].strip():
                break
            body.append(line)
            end += 1
        if info and (info[0] == "archlint" or _meant_archlint(info[0])):
            common = min((len(b) - len(b.lstrip(" ")) for b in body if b.strip()), default=0)
            strip = min(common, prefix + len(match["indent"]))
            document = Document(path, "\n".join(b[strip:] for b in body), line_offset=start,
                                column_offset=strip, block=len(documents) + 1, real_path=real_path)
            if info[0] == "archlint":
                _block_options(document, info[1:], lines[i], documents)
            else:
                document.language = info[0]
                _refuse_language(document, info[0], lines[i])
            documents.append(document)
        i = end + 1
    return documents


_BLOCK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
_NEAR_MISSES = frozenset({"arch", "archlint-dsl", "arch-lint", "archlint.arch"})


def _meant_archlint(language: str) -> bool:
    """A fence language that is surely a misspelt `archlint` (```Archlint, ```archlnt,
    ```arch): checked as an error, not skipped as "another language", which would
    pass a whole design unchecked. `archlint-error` (docs' own examples) is not one."""
    word = language.lower()
    if word in _NEAR_MISSES or word == "archlint":
        return True
    if word.startswith("archlint-") or abs(len(word) - 8) > 2:
        return False
    from difflib import SequenceMatcher   # only for fence words of about this length

    return SequenceMatcher(None, word, "archlint").ratio() >= 0.85


def _refuse_language(document: Document, language: str, fence_line: str) -> None:
    column = fence_line.find(language) + 1
    span = Span(document.path, document.line_offset, column, document.line_offset,
                column + len(language))
    document.error = input_error(
        SYNTAX_ERROR, f"unknown fence language '{language}'; did you mean "
        "'archlint'? (blocks in other languages are not checked; use 'text' for "
        "a block that is not a design)", span, fence_line)


def _block_options(document: Document, words: list[str], fence_line: str,
                   earlier: list[Document]) -> None:
    """```` ```archlint skip name=rejected ````: `skip` keeps a rejected alternative
    out of the rules; `name=` names the block in outputs, pictures and baselines.
    Anything else is an error on the fence line, never silently ignored."""
    def refuse(message: str, word: str) -> None:
        column = fence_line.find(word) + 1
        span = Span(document.path, document.line_offset, column, document.line_offset,
                    column + len(word))
        document.error = input_error(SYNTAX_ERROR, message, span, fence_line)

    for word in words:
        key, equals, value = word.partition("=")
        if word == "skip":
            document.skip = True
        elif key == "name" and equals and UNNAMED_BLOCK.fullmatch(value):
            refuse(f"block name '{value}' is reserved for unnamed blocks; choose another", word)
        elif key == "name" and equals and _BLOCK_NAME.fullmatch(value):
            taken = [d for d in earlier if d.block_name == value]
            if taken:
                refuse(f"block name '{value}' is already used by the block on line "
                       f"{taken[0].line_offset}; names tell the blocks of a file apart", word)
            document.block_name = value
        elif key == "name":
            refuse(f"invalid block name '{value}': letters, digits, _ and -, starting with a "
                   "letter or digit", word)
        else:
            from difflib import get_close_matches

            close = get_close_matches(key, ["skip", "name"], n=1, cutoff=0.6)
            hint = f"did you mean '{'name=...' if close == ['name'] else 'skip'}'? " if close else ""
            refuse(f"unknown word '{word}' after ```archlint; {hint}a block takes 'skip' "
                   "and 'name=NAME'", word)


def _quote_prefix(line: str) -> tuple[int, int]:
    """How many `>` quote markers open `line`, and where its content starts."""
    depth = position = 0
    while (marker := _QUOTE.match(line, position)) is not None:
        depth, position = depth + 1, marker.end()
    return depth, position


def _unquote(line: str, depth: int) -> str | None:
    """`line` with its first `depth` quote markers blanked out (columns kept), or
    None when it has fewer: then it is outside the quote."""
    position = 0
    for _ in range(depth):
        marker = _QUOTE.match(line, position)
        if marker is None:
            return None
        position = marker.end()
    return " " * position + line[position:]


def project_root(start: Path) -> Path:
    """The nearest ancestor holding .archlint.yaml, pyproject.toml or .git.

    Includes may not leave it. Without any marker, the file's own directory is
    the root, which is the safest choice.
    """
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        if any((candidate / marker).exists() for marker in ROOT_MARKERS):
            return candidate
    return directory


def iter_files(paths: list[Path], skipped: list[tuple[Path, str]] | None = None) -> Iterator[Path]:
    """Files named on the command line, then `.arch`/`.md` files under directories,
    sorted so that output order never depends on the file system.

    Only regular files inside the project are yielded: a symlink that leaves the
    project (`x.arch -> ~/.aws/credentials`), a broken link or a symlink loop, a
    FIFO or a device is not, and lands in `skipped` with the reason. A named path
    may be a pipe or device (`/dev/stdin`), but not a symlink that leaves the project.
    """
    seen: set[str] = set()
    for path in paths:
        if path.is_dir():
            root = project_root(path)
            found = _walk(path)
            found.sort(key=lambda item: item[0].split(os.sep))   # by folder, then name: as Paths sort
            candidates = [(Path(file), root, False, plain) for file, plain in found]
        else:
            candidates = [(path, None, True, False)]
        for file, within, named, plain in candidates:
            name = os.path.normcase(file)
            if name in seen:
                continue
            seen.add(name)
            reason = None if plain else _not_an_input(file, within, named=named)
            if reason is None:
                yield file
            elif skipped is not None:
                skipped.append((file, reason))


def _walk(top: Path) -> list[tuple[str, bool]]:
    """The `.arch` and `.md` files under `top`, as plain strings (a Path per file, and
    sorting Paths, cost more than the walk), each with whether its directory entry
    already tells a regular file that is no link (then it needs no `lstat`). As
    `os.walk`: folders in SKIP_DIRS or hidden are passed over, a link to a folder is
    not followed, and a folder that cannot be listed is skipped."""
    found: list[tuple[str, bool]] = []
    folders = [os.fspath(top)]
    while folders:
        try:
            with os.scandir(folders.pop()) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            try:
                folder = entry.is_dir()
            except OSError:
                folder = False
            if folder:
                if not entry.is_symlink() and entry.name not in SKIP_DIRS and not entry.name.startswith("."):
                    folders.append(entry.path)
            elif entry.name.endswith((".arch", ".md")):
                found.append((entry.path, entry.is_file(follow_symlinks=False)))
    return found


def _not_an_input(path: Path, root: Path | None, named: bool) -> str | None:
    """Why `path` must not be read as an input, or None when it may.

    A named pipe or device is the user's choice (`/dev/stdin` is a symlink to
    one); a regular file reached through a symlink must be inside the project."""
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            mode = os.stat(path).st_mode
            if stat.S_ISREG(mode):
                inside = root if root is not None else project_root(path.parent)
                if not path.resolve(strict=True).is_relative_to(inside.resolve()):
                    return "a symlink to a file outside the project; not read"
    except (OSError, RuntimeError) as error:   # RuntimeError: a symlink loop (Python < 3.13)
        loop = isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP
        return "a symlink loop; not read" if loop else "a broken symlink; not read"
    if named or stat.S_ISREG(mode):
        return None
    return "not a regular file (a FIFO, device or socket); not read"


def load(path: Path, data: bytes | None = None, shown: str | None = None) -> LoadResult:
    """The documents in one file. A Markdown file without archlint blocks simply
    has none: most docs in a design repo hold no architecture.

    `data`: the file's bytes when the caller already read them (the cache did).
    `-` is standard input, one `.arch` document shown as `<stdin>` (for editors
    and pipes); it has no directory, so it cannot `include`."""
    if str(path) == STDIN:
        text, error = _read_stdin()
        return LoadResult([Document(STDIN_NAME, text)] if text is not None else [],
                          [error] if error else [])
    shown = shown if shown is not None else display_path(path)
    result = LoadResult()
    text, error = read_text(path, shown, special_ok=True) if data is None else decode(data, shown)
    if error:
        result.errors.append(error)
        return result
    assert text is not None
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        result.documents = markdown_blocks(text, shown, path)
    else:
        result.documents = [Document(shown, text, real_path=path)]
    return result


def _read_stdin() -> tuple[str | None, Finding | None]:
    """Standard input, bounded; closed or unreadable stdin is an input error."""
    try:
        if sys.stdin is None:
            raise OSError("standard input is closed")
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    except (OSError, ValueError) as error:   # ValueError: a closed file object
        message = getattr(error, "strerror", None) or str(error)
        return None, input_error(INPUT_ERROR, f"cannot read standard input: {message}",
                                 Span(STDIN_NAME, 1, 1, 1, 2))
    return decode(data, STDIN_NAME)


def resolve_include(
    including: Path, target: str, root: Path, chain: tuple[Path, ...], span: Span
) -> tuple[Path | None, Finding | None]:
    """Where `include "target"` in `including` points, if it is allowed.

    Refused: absolute paths, anything resolving (symlinks followed) outside
    `root`, directories, Markdown files (their prose is not .arch: parsed whole, it
    failed at the first fence), missing files, cycles (`chain` is the stack of
    including files) and chains deeper than MAX_INCLUDE_DEPTH.
    """
    def refuse(message: str) -> tuple[None, Finding]:
        return None, input_error(INCLUDE_ERROR, message, span)

    if not target:
        return refuse("include needs a file path")
    if os.path.isabs(target) or re.match(r"^[A-Za-z]:[\\/]", target):
        return refuse(f"include \"{target}\": absolute paths are not allowed; "
                      "use a path relative to the including file")
    if len(chain) >= MAX_INCLUDE_DEPTH:
        return refuse(f"include \"{target}\": includes nested deeper than {MAX_INCLUDE_DEPTH}")
    candidate = (including.parent / target).resolve()
    if not candidate.is_relative_to(root.resolve()):
        shown = display_path(root)
        where = "the current directory" if shown == "." else shown
        return refuse(f"include \"{target}\" resolves outside the project root ({where}); "
                      "includes must stay inside the project")
    if candidate.is_dir():
        return refuse(f"'{target}' is a directory; include names a .arch file")
    if candidate.suffix.lower() in MARKDOWN_SUFFIXES:
        return refuse(f"include reads .arch files; '{target}' is Markdown (put the shared part "
                      "in a .arch file and include that from the block)")
    if not candidate.is_file():
        return refuse(f"include \"{target}\": no such file")
    if candidate in chain:
        cycle = " -> ".join(display_path(p) for p in (*chain[chain.index(candidate):], candidate))
        return refuse(f"include cycle: {cycle}")
    return candidate, None
