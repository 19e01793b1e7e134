"""`archlint export`: each document as Mermaid or D2 text, on standard output
or as files in -o DIR (named like pictures: doc.md block 2 -> doc-block2.mmd)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archlint.output.export.formats import SUFFIXES, export

if TYPE_CHECKING:
    from archlint.config.settings import Settings


def export_paths(paths: list[Path], fmt: str, *, direction: str | None = None, findings: str = "all",
                 outdir: Path | None = None, out: Callable[[str], None] = print,
                 err: Callable[[str], None] = print, settings: "Settings | None" = None) -> int:
    """Exit code: 0 done, 2 input errors (reported as `archlint check` does;
    those documents are skipped), a file that cannot be written, or two documents
    aimed at one file or at their own source (then nothing is written)."""
    from archlint.language import sources
    from archlint.output.atomic import write_atomic
    from archlint.output.render.command import documents, find_clash, output_path
    from archlint.output.reporters.text import format_finding

    drawable, problems, notes, inputs = documents(paths, settings, findings != "none")
    for note in notes:
        err(f"archlint: note: {note}")
    for problem in problems:
        err(format_finding(problem))
    status = 2 if problems else 0
    if outdir is not None:
        clash = find_clash([(r.document, output_path(r.document, SUFFIXES[fmt], outdir))
                            for r in drawable], "written", "export", inputs)
        if clash:
            err(f"archlint: {clash}")
            return 2
    for result in drawable:
        assert result.graph is not None
        body = export(fmt, result.graph, result.findings, direction, findings)
        if outdir is None:
            comment = "%%" if fmt == "mermaid" else "#"
            out(f"{comment} {result.document.name}\n{body}" if len(drawable) > 1 else body)
            continue
        target = output_path(result.document, SUFFIXES[fmt], outdir)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, body)
        except OSError as error:
            err(f"archlint: cannot write {sources.display_path(target)}: {error.strerror or error}")
            status = 2
            continue
        out(f"{result.document.name} -> {sources.display_path(target)}")
    return status
