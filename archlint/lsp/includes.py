"""Which documents share ids through `include`, in both directions: the files the
current one includes and the files of the project that include it (and, through them,
the other files they include). Definition, references and rename read all of them.

Only the project root (`sources.project_root`) is searched, with archlint's own file
walk (symlinks out of the project and special files are skipped), its bounded read and
its include resolution (`sources.resolve_include`), so the editor follows exactly the
includes `archlint check` follows and never reads a file `check` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from archlint.language import sources
from archlint.language.markdown import markdown_blocks
from archlint.language.parser import GroupStmt, IncludeStmt, NodeStmt, ParseError, Statement, parse
from archlint.language.document import Document

MAX_FILES = 5000          # files of one project searched for includes of the current one
Read = Callable[[Path], "str | None"]   # a file's text: the editor's if open, else the disk's


@dataclass(frozen=True)
class Source:
    """One document and the file it is written in (a Markdown block maps into its .md)."""

    document: Document
    path: Path


def documents(path: Path, text: str) -> list[Document]:
    """The documents of a file, as `archlint check` reads them."""
    shown = sources.display_path(path)
    if path.suffix.lower() in (".md", ".markdown"):
        return markdown_blocks(text, shown, path)
    return [Document(shown, text, real_path=path)]


def _statements(items: list[Statement]) -> Iterator[Statement]:
    for item in items:
        yield item
        if isinstance(item, (GroupStmt, NodeStmt)) and item.body:
            yield from _statements(item.body)


def included(document: Document, path: Path, root: Path) -> list[Path]:
    """The files `document` includes directly, where the engine would find them."""
    if "include" not in document.text:
        return []
    try:
        tree = parse(document.text, document.path, document.line_offset, document.column_offset)
    except (ParseError, RecursionError):
        return []
    found = []
    for statement in _statements(tree.statements):
        if isinstance(statement, IncludeStmt):
            target, error = sources.resolve_include(path, statement.path, root, (path,),
                                                    statement.span)
            if target is not None and error is None:
                found.append(target)
    return found


class Project:
    """The documents of one project root, read on demand through `read` (one request:
    files edited meanwhile are read again by the next)."""

    def __init__(self, root: Path, read: Read) -> None:
        self.root = root.resolve()
        self.read = read
        self._documents: dict[Path, list[Document]] = {}
        self._edges: list[tuple[Source, Path]] | None = None

    def documents_of(self, path: Path) -> list[Document]:
        if path not in self._documents:
            text = self.read(path)
            self._documents[path] = [] if text is None else documents(path, text)
        return self._documents[path]

    def closure(self, start: list[Source]) -> list[Source]:
        """`start` and every file its documents include, however deeply."""
        found, seen, waiting = list(start), {s.path for s in start}, list(start)
        while waiting:
            source = waiting.pop()
            for target in included(source.document, source.path, self.root):
                if target in seen:
                    continue
                seen.add(target)
                more = [Source(d, target) for d in self.documents_of(target)]
                found += more
                waiting += more
        return found

    def edges(self) -> list[tuple[Source, Path]]:
        """(document, file it includes) for every include in the project, read once."""
        if self._edges is None:
            self._edges = []
            for index, file in enumerate(sources.iter_files([self.root])):
                if index >= MAX_FILES:
                    break
                resolved = file.resolve()
                for document in self.documents_of(resolved):
                    self._edges += [(Source(document, resolved), t)
                                    for t in included(document, resolved, self.root)]
        return self._edges

    def includers(self, path: Path) -> list[Source]:
        """The documents of the project that include `path`, directly or through others."""
        found: list[Source] = []
        targets, seen = [path], {path}
        while targets:
            target = targets.pop()
            for source, included_path in self.edges():
                if included_path == target and source not in found:
                    found.append(source)
                    if source.path not in seen:
                        seen.add(source.path)
                        targets.append(source.path)
        return found

    def sharing(self, path: Path, own: list[Document] | None = None) -> list[Source]:
        """Every document whose ids include those of `path` (`own`: its documents, default
        all of them): its own, the files they include, the documents that include it, and
        the files those include in turn; each once."""
        own = self.documents_of(path) if own is None else own
        start = [Source(d, path) for d in own] + self.includers(path)
        unique: dict[tuple[Path, int, int], Source] = {}
        for source in self.closure(start):
            unique.setdefault((source.path, source.document.line_offset,
                               source.document.column_offset), source)
        return list(unique.values())


def project_of(path: Path, own: list[Document], read: Read) -> Project:
    """The project `path` belongs to, with `own` (the editor's text) as its documents."""
    path = path.resolve()
    project = Project(sources.project_root(path), read)
    project._documents[path] = own
    return project
