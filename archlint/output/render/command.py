"""`archlint render`: pick the documents (as `archlint check` does), draw each,
and write it next to its source or into -o, atomically and never over an input."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from archlint.model.graph import Graph
from archlint.output.atomic import write_atomic
from archlint.output.render.dot import build_dot
from archlint.output.render.graphviz import render
from archlint.output.render.options import GraphvizMissing, RenderError, RenderOptions
from archlint.output.render.stamp import fingerprint, read_fingerprint

if TYPE_CHECKING:
    from archlint.config.settings import Settings
    from archlint.language.document import Document
    from archlint.model.findings import Finding
    from archlint.run.results import DocumentResult


def output_name(document: "Document", fmt: str) -> str:
    """`<source stem>.<fmt>`, plus `-<block name>` or `-block<N>` for a Markdown block
    (names are letters, digits, _ and -: they cannot leave the directory).

    Taken from the source's own file name, never from its contents (a title such
    as `../../etc/x` must not choose where files go).
    """
    source = document.real_path or Path(document.path)
    stem = source.name[: -len(source.suffix)] if source.suffix else source.name
    suffix = f"-{document.block_key}" if document.block is not None else ""
    return f"{stem}{suffix}.{fmt}"


def block_caption(document: "Document") -> str:
    """What a picture says about its block: its name, and that it was skipped."""
    parts = [f"block {document.block_name}"] if document.block_name else []
    if document.skip:
        parts.append("skipped: a rejected alternative, not checked")
    return "; ".join(parts)


def output_path(document: "Document", fmt: str, outdir: Path | None = None) -> Path:
    """Where a document's picture goes: OUTDIR if given, else next to its source."""
    source = document.real_path or Path(document.path)
    directory = outdir if outdir is not None else source.parent
    return directory / output_name(document, fmt)


def documents(paths: list[Path], settings: "Settings | None" = None, findings: bool = True
              ) -> tuple[list["DocumentResult"], list["Finding"], list[str], set[Path]]:
    """The documents under `paths` that can be drawn, each with its findings, the
    input errors of the others, sorted, notes on files skipped, and every file the
    run read (resolved; the files it checked and their includes: never an output);
    the files are chosen and checked by the runner, exactly as `archlint check` does."""
    from archlint.config.settings import Settings
    from archlint.run.runner import check_paths

    report = check_paths(paths, settings or Settings(), None if findings else ())
    drawable = [r for r in report.results
                if r.graph is not None and not any(f.is_input_error for f in r.findings)]
    problems = [f for f in report.findings if f.is_input_error]
    return drawable, problems, report.notes, {Path(os.path.realpath(p)) for p in report.read_files()}


@dataclass
class _Job:
    document: "Document"
    graph: Graph
    findings: list["Finding"]
    target: Path


def render_paths(paths: list[Path], options: RenderOptions, outdir: Path | None = None,
                 check_only: bool = False, out: Callable[[str], None] = print,
                 err: Callable[[str], None] = print, settings: "Settings | None" = None,
                 update_markdown: bool = False) -> int:
    """`archlint render`: one picture per document; returns the exit code.

    0 done (or, with `check_only`, every picture current); 1 some picture missing
    or out of date (`check_only`); 2 input errors, output clashes or Graphviz
    problems. `update_markdown`: also keep an image link after each Markdown
    block (see render/markdown.py); with `check_only`, a missing or stale link
    counts as stale too. Documents with input errors are reported like `archlint check`
    does and not drawn; the others still are. `settings` (the configuration:
    rule selection, severities, options, include/exclude) decides which
    findings are drawn, as it decides what `archlint check` reports.
    """
    from archlint.language import sources
    from archlint.output.reporters.text import format_finding

    try:
        import diagrams  # noqa: F401 - fail early with a clear message
    except ImportError:
        err("archlint: render needs the 'diagrams' package: pip install 'archlint[render]'")
        return 2
    drawable, problems, notes, inputs = documents(paths, settings, options.findings != "none")
    for note in notes:
        err(f"archlint: note: {note}")
    for problem in problems:
        err(format_finding(problem))
    status = 2 if problems else 0
    jobs = [_Job(r.document, r.graph, r.findings, output_path(r.document, options.format, outdir))
            for r in drawable if r.graph is not None]

    clash = find_clash([(job.document, job.target) for job in jobs], "drawn", "render", inputs)
    if clash:
        err(f"archlint: {clash}")
        return 2
    stale = links = 0
    drawn: list[tuple["Document", Path, str]] = []
    for job in jobs:
        shown = sources.display_path(job.target)
        try:
            dot_source = build_dot(job.graph, job.findings, options, caption=block_caption(job.document))
            if check_only:
                problem = _staleness(job.target, fingerprint(dot_source, options))
                if problem:
                    stale += 1
                    err(f"{shown}: {problem} (source: {job.document.name})")
                drawn.append((job.document, job.target, _title(job.graph)))
                continue
            picture = render(dot_source, options, shown)
            job.target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(job.target, picture.data, keep_mode=True)
        except GraphvizMissing as error:
            err(f"archlint: {error}")
            return 2
        except RenderError as error:
            err(f"archlint: {job.document.name}: {error}")
            status = 2
            continue
        except OSError as error:
            err(f"archlint: cannot write {shown}: {error.strerror or error}")
            status = 2
            continue
        for warning in picture.warnings:
            err(f"archlint: warning: {warning}")
        out(f"{job.document.name} -> {shown}")
        drawn.append((job.document, job.target, _title(job.graph)))
    if update_markdown:
        from archlint.output.render.markdown import update_files

        links, failed = update_files(drawn, check_only, out, err)
        status = status or (2 if failed else 0)
    if check_only:
        if stale:
            err(f"{stale} of {len(jobs)} picture{'s' * (len(jobs) != 1)} missing or out of date; "
                "run 'archlint render' with the same options to update")
        if links:
            err(f"{links} Markdown file{'s' * (links != 1)} with image links missing or out of "
                "date; run 'archlint render --update-markdown' with the same options to update")
        if jobs and not stale and not links:
            out(f"All {len(jobs)} picture{'s' * (len(jobs) != 1)} up to date.")
        return status or (1 if stale or links else 0)
    return status


def _title(graph: Graph) -> str:
    value = graph.get("title")
    return value if isinstance(value, str) else ""


def _staleness(target: Path, wanted: str) -> str | None:
    """Why the picture at `target` does not match `wanted`, or None if it does."""
    if not target.is_file():
        return "picture missing"
    recorded = read_fingerprint(target)
    if recorded is None:
        return "picture has no archlint fingerprint (not made by archlint render?)"
    if recorded != wanted:
        return "picture out of date"
    return None


def find_clash(targets: list[tuple["Document", Path]], verb: str, command: str,
               inputs: set[Path]) -> str | None:
    """Two documents aimed at one file, or an output that would overwrite its source
    or another of the run's `inputs` (resolved) (`render` and `export` name their
    files alike, so both refuse the same way)."""
    seen: dict[Path, "Document"] = {}
    for document, target in targets:
        key = Path(os.path.realpath(target))   # no error for a symlink loop: it is replaced
        source = document.real_path
        if source is not None and key == source.resolve():
            return f"{document.name}: the output would overwrite its own source {target}"
        if key in inputs:
            return f"{document.name}: the output would overwrite {target}, a file this run read"
        if key in seen:
            return (f"{seen[key].name} and {document.name} would both be {verb} to {target}; "
                    f"{command} them into different directories with -o")
        seen[key] = document
    return None
