"""Check many files: select them, then check each (cached, pooled or in this process)
and gather one report. The single-document work is in `archlint.run.engine`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from archlint.config.settings import TEMPLATE_SUFFIXES, Settings
from archlint.registry import selected
from archlint.language import sources
from archlint.model.findings import Finding, file_refused
from archlint.printable import printable
from archlint.run.results import DocumentResult, Report

if TYPE_CHECKING:
    from archlint.catalogue import Known


def check_paths(paths: list[Path], settings: Settings | None = None,
                rules: "tuple[Known, ...] | None" = None, *, jobs: int | None = 1,
                cache_dir: Path | None = None, keep_graphs: bool = True) -> Report:
    """Check every document in `paths` (files and directories).

    `rules`: the rules to choose from (default: every rule; entries of the catalogue
    are loaded as real rules only if a file is not served from the cache).
    `jobs`: worker processes (None: a pool only for many files, see
    archlint/run/pool.py). `cache_dir`: keep per-file results there (archlint/run/cache.py).
    `keep_graphs`: results keep their graphs (for pictures); without, memory holds
    one document's graph at a time. Pooled and cached results never have one.
    """
    from archlint.catalogue import Selection, known_rules

    settings = settings or Settings()
    table = rules if rules is not None else known_rules(cache_dir)
    active = Selection(selected(table, settings.select, settings.ignore))
    report = Report()
    # `-` (standard input) is read here, in this process: a worker has no stdin
    reads_stdin = any(str(p) == sources.STDIN for p in paths)
    paths = [p for p in paths if str(p) != sources.STDIN]
    explicit = {p for p in paths if not p.is_dir()}
    skipped: list[tuple[Path, str]] = []
    files = [path for path in sources.iter_files(paths, skipped)
             if settings.wants_file(path, explicit=path in explicit)]
    for path, reason in skipped:
        shown = printable(path.as_posix())   # as found: resolving would show the link's target
        if path in explicit:   # named on the command line: an error, never a quiet pass
            report.file_errors.append(file_refused(shown, reason))
        else:
            report.notes.append(f"skipped {shown}: {reason}")
    templates: list[Path] = []
    if settings.templates or any(p.suffix.lower() in TEMPLATE_SUFFIXES for p in explicit):
        from archlint.importers.select import split_templates   # only when a template is checked

        files, templates = split_templates(paths, files, explicit, settings)
    report.files = len(files) + len(templates) + reads_stdin
    report.inputs = files + templates
    if jobs == 1 and cache_dir is None:
        from archlint.run.engine import check_file

        outcomes: Iterable[tuple[list[Finding], list[DocumentResult]]] = (
            check_file(path, active.rules, settings, keep_graphs=keep_graphs) for path in files)
    else:
        from archlint.run.pool import check_files

        cache = None
        if cache_dir is not None:
            from archlint.run.cache import ResultCache

            cache = ResultCache(cache_dir, settings, active.chosen)
        outcomes = check_files(files, active, settings, jobs, cache)
    if templates:
        from archlint.importers.check import check_template

        outcomes = (*outcomes, *(check_template(t, active.rules, settings) for t in templates))
    if reads_stdin:
        from archlint.run.engine import check_file

        outcomes = (*outcomes, check_file(Path(sources.STDIN), active.rules, settings))
    for errors, results in outcomes:
        report.file_errors.extend(errors)
        report.results.extend(results)
    return report
