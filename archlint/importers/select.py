"""Which files of a `check` run are templates to import (opt-in, never a surprise).

A template is checked when it is named on the command line with a template suffix
(`archlint check template.yaml main.tf`) or matches a `templates` glob (config key,
or `--templates`). In a directory scan, a YAML or JSON file that does not look
like a template is skipped, not reported. The Terraform files of one directory
are one configuration: it is checked once, through its first `.tf` file.
"""

from __future__ import annotations

import os
from pathlib import Path

from archlint.config.settings import TEMPLATE_SUFFIXES, Settings
from archlint.importers import looks_like_template
from archlint.language.sources import SKIP_DIRS, not_an_input, project_root


def split_templates(paths: list[Path], files: list[Path], explicit: set[Path],
                    settings: Settings) -> tuple[list[Path], list[Path]]:
    """(design files, templates), each in a stable order."""
    designs = [f for f in files if not (f in explicit and f.suffix.lower() in TEMPLATE_SUFFIXES)]
    chosen = [f for f in files if f not in designs]
    if settings.templates:
        for directory in (p for p in paths if p.is_dir()):
            for found in _walk(directory):
                if any(settings.path_matches(g, found) for g in settings.templates) \
                        and settings.wants_file(found, explicit=True) and looks_like_template(found):
                    chosen.append(found)
    templates: list[Path] = []
    terraform_dirs: set[Path] = set()
    for path in chosen:
        if path.suffix.lower() == ".tf":
            if path.parent.resolve() in terraform_dirs:
                continue
            terraform_dirs.add(path.parent.resolve())
        if path not in templates:
            templates.append(path)
    return designs, templates


def _walk(directory: Path) -> list[Path]:
    """Template-suffixed regular files under `directory`, never through a link that
    leaves the project (the same rule as for design files)."""
    root = project_root(directory)
    found = []
    for folder, subdirs, names in os.walk(directory):
        subdirs[:] = sorted(d for d in subdirs if d not in SKIP_DIRS and not d.startswith("."))
        found.extend(Path(folder) / n for n in names if n.lower().endswith(TEMPLATE_SUFFIXES))
    return sorted(f for f in found if not_an_input(f, root, named=False) is None)
