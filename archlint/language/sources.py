"""Where documents come from: `.arch` files, Markdown files (their blocks: markdown.py), includes.

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
from pathlib import Path
from typing import Iterator

from archlint.language.document import Document, LoadResult
from archlint.language.markdown import markdown_blocks
from archlint.model.findings import INCLUDE_ERROR, INPUT_ERROR, Finding, input_error
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
        text = safe_read.decode_text(data)
    except UnicodeDecodeError as error:
        raw = error.object   # what was decoded: without a byte-order mark, as error.start counts
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return fail(f"not valid UTF-8 (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
                    line, column)
    nul = text.find("\0")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return fail("NUL byte in a text file; is this a binary file?", line, column)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def project_root(start: Path, ignoring: Path | None = None) -> Path:
    """The nearest ancestor holding .archlint.yaml, pyproject.toml or .git.

    Includes may not leave it. Without any marker, the file's own directory is
    the root, which is the safest choice. `ignoring` (resolved folder / name) is a
    marker not counted: a configuration file linked elsewhere does not make its
    own folder the root it is checked against.
    """
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for candidate in (directory, *directory.parents):
        if any((candidate / marker).exists() and candidate / marker != ignoring for marker in ROOT_MARKERS):
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
            unlisted: list[tuple[str, str]] = []
            found = _walk(path, unlisted)
            found.sort(key=lambda item: item[0].split(os.sep))   # by folder, then name: as Paths sort
            candidates = [(Path(file), root, False, plain) for file, plain in found]
            if skipped is not None:
                skipped.extend((Path(folder), reason) for folder, reason in sorted(unlisted))
        else:
            candidates = [(path, None, True, False)]
        for file, within, named, plain in candidates:
            name = os.path.normcase(file)
            if name in seen:
                continue
            seen.add(name)
            reason = None if plain else not_an_input(file, within, named=named)
            if reason is None:
                yield file
            elif skipped is not None:
                skipped.append((file, reason))


def _walk(top: Path, unlisted: list[tuple[str, str]]) -> list[tuple[str, bool]]:
    """The `.arch` and `.md` files under `top`, as plain strings (a Path per file, and
    sorting Paths, cost more than the walk), each with whether its directory entry
    already tells a regular file that is no link (then it needs no `lstat`). As
    `os.walk`: folders in SKIP_DIRS or hidden are passed over, and a link to a folder
    is not followed. A folder that cannot be listed lands in `unlisted` with the
    reason: it may hold designs, so it is never passed over in silence."""
    found: list[tuple[str, bool]] = []
    folders = [os.fspath(top)]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            unlisted.append((folder, f"cannot list the folder ({error.strerror or error}); "
                                     "its files were not checked"))
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


def not_an_input(path: Path, root: Path | None, named: bool) -> str | None:
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
    try:
        candidate = (including.parent / target).resolve()
    except (OSError, RuntimeError):   # RuntimeError: a symlink loop (Python < 3.13)
        return refuse(f"include \"{target}\": a symlink loop")
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
        if candidate.exists():
            return refuse(f"include \"{target}\": not a regular file (a FIFO, device or socket)")
        return refuse(f"include \"{target}\": no such file")
    if candidate in chain:
        cycle = " -> ".join(display_path(p) for p in (*chain[chain.index(candidate):], candidate))
        return refuse(f"include cycle: {cycle}")
    return candidate, None
