"""Which configuration file applies, by a rule that a stray file cannot hijack.

The search starts in the directory holding every checked path (the working
directory when none is given) and goes up, taking the nearest `.archlint.yaml`
(or `.yml`) or `pyproject.toml` with a `[tool.archlint]` table. It stops:
- at the first folder with a project marker (`.git`, `.hg`, `pyproject.toml`,
  `.archlint.yaml`), the same root that includes may not leave: a configuration
  above the project never applies to it;
- at the user's home directory, when the search started inside it;
- before a folder that other users can write to (`/tmp`, `/var/tmp`): anyone
  could have planted a file there.
A `pyproject.toml` that could hold the table (`config/toml_probe.py`) but is not
valid TOML stops the run (exit 2) rather than being skipped: it may be the
configuration; so does a configuration file that is a symlink out of the project
root includes stay in, a `pyproject.toml` too, unread (nothing is read from outside
the project, not even to see whether it configures archlint): a link to a shared
file elsewhere in the project (a monorepo's `svc/a/.archlint.yaml ->
../../common/.archlint.yaml`) is read, and a `pyproject.toml` there without the
table is ignored. `--config FILE`
names the file and searches nothing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from archlint.config.files import (MAX_CONFIG_BYTES, PYPROJECT, YAML_NAMES, ConfigError,
                                   misspelled_table, pyproject_table, read_limited)
from archlint.config.toml_probe import may_configure_archlint
from archlint.language.sources import ROOT_MARKERS as MARKERS   # the root includes stay in
from archlint.language.sources import display_path, project_root
from archlint.model.record import Record
from archlint.safe_read import decode_text
from archlint.spelling import one_edit


class Discovery(Record, eq=True):
    """The file that applies (or None) and why the search ended where it did."""

    path: Path | None
    start: Path
    stop: Path | None
    reason: str

    def __init__(self, path: Path | None, start: Path, stop: Path | None = None,
                 reason: str = "") -> None:
        self.path, self.start, self.stop, self.reason = path, start, stop, reason

    def explain(self) -> list[str]:
        """Lines for `--show-settings`."""
        from archlint.config.files import shown

        if self.path is not None and self.stop is None:
            return [f"# configuration file: {shown(self.path)} (given with --config)"]
        first = (f"# configuration file: {shown(self.path)} (the nearest one to the checked paths)"
                 if self.path is not None else "# configuration file: none")
        return [first, f"# searched from {shown(self.start)} up to {shown(self.stop or self.start)}: "
                       f"{self.reason}"]


def discover(paths: Iterable[Path] = ()) -> Discovery:
    """The configuration that applies to `paths` (see the module docstring)."""
    start = common_directory(list(paths))
    home = _home()
    searched = start
    for candidate in (start, *start.parents):
        if _writable_by_others(candidate):
            return Discovery(None, start, searched,
                             f"stopped below {candidate}, a folder writable by other users")
        searched = candidate
        _refuse_misnamed(candidate)
        found = configuration_in(candidate)
        if found is not None:
            return Discovery(found, start, candidate, "the nearest configuration file")
        marker = next((m for m in MARKERS if (candidate / m).exists()), None)
        if marker is not None:
            return Discovery(None, start, candidate, f"stopped at the project root (it has {marker})")
        if candidate == home:
            return Discovery(None, start, candidate, "stopped at the home directory")
    return Discovery(None, start, searched, "reached the top of the file system")


def configuration_in(directory: Path) -> Path | None:
    """The configuration file of this directory itself, if any: a `.archlint.yaml`
    (or `.yml`) first, else a `pyproject.toml` with a `[tool.archlint]` table."""
    for name in YAML_NAMES:
        if (directory / name).is_file():
            return _inside(directory / name, directory)
    pyproject = directory / PYPROJECT
    if pyproject.is_file() and _inside(pyproject, directory) and _has_archlint_table(pyproject):
        return pyproject
    return None


def _refuse_misnamed(directory: Path) -> None:
    """A file here surely meant as the configuration but not read under its name
    (`archlint.yaml`, `.archlnt.yml`, `.archlint.YAML`: see `_near_miss`), or a `.archlint.yml` beside
    the `.archlint.yaml` that wins: its settings (a stricter fail-on) would silently
    not apply. An error, as a misspelt `[tool.archlint]` table is."""
    try:
        names = sorted(os.listdir(directory))
    except OSError:
        return
    if all(name in names for name in YAML_NAMES):
        raise ConfigError(f"a second configuration file beside {YAML_NAMES[0]}, which would win "
                          "and leave it ignored; keep one", directory / YAML_NAMES[1])
    for name in names:
        stem, _, suffix = name.rpartition(".")
        meant = f".archlint.{suffix.lower()}"
        if not stem or meant not in YAML_NAMES or name in YAML_NAMES \
                or (directory / meant).is_file():   # a case-insensitive file system reads it
            continue
        if _near_miss(stem):
            raise ConfigError("not read by archlint, so its settings would be "
                              f"ignored; did you mean {meant}?", directory / name)


def _near_miss(stem: str) -> bool:
    """Whether `stem` (the name before `.yaml`/`.yml`) is `.archlint` without its
    dot, in another case, or with the dot and one typo (`.archlnt`): not any name
    with "archlint" in it (`archlint-ci.yml`, `searchlint.yaml` are other files)."""
    lowered = stem.lower()
    return lowered in ("archlint", ".archlint") or \
        (lowered.startswith(".") and one_edit(lowered[1:], "archlint"))


def _inside(path: Path, directory: Path) -> Path:
    """`path`, unless it is a symlink to a file out of the project root (as includes
    use, the link itself not counted as its marker; `.archlint.yaml -> ~/.aws/credentials`):
    then an error, as for any input; skipped, its settings would be silently lost.
    `--config` may still name such a file."""
    if path.is_symlink() and not path.resolve().is_relative_to(
            project_root(directory, ignoring=directory.resolve() / path.name)):
        folder = display_path(directory)   # the link, not its target
        raise ConfigError("a symlink to a file outside the project; not read (name it with "
                          "--config to use it)", path.name if folder == "." else f"{folder}/{path.name}")
    return path


def find_config(paths: Iterable[Path] = ()) -> Path | None:
    return discover(paths).path


def common_directory(paths: list[Path]) -> Path:
    if not paths:
        return Path.cwd().resolve()
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return Path(os.path.commonpath([str(d) for d in dirs]))


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError, KeyError):
        return None


def _writable_by_others(directory: Path) -> bool:
    try:
        return bool(directory.stat().st_mode & stat.S_IWOTH)
    except OSError:
        return False


def _has_archlint_table(pyproject: Path) -> bool:
    """Whether this pyproject configures archlint. One that could (toml_probe.py)
    but cannot be read or parsed is an error, never a quiet "no"."""
    data = read_limited(pyproject, MAX_CONFIG_BYTES)
    text = decode_text(data, errors="replace")
    if not may_configure_archlint(text) and misspelled_table(text) is None:
        return False
    return pyproject_table(pyproject, text) is not None
