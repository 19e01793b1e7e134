"""Effective settings of a run: which rules, at which severity, with which options.

Built from defaults, then the configuration file, then command-line flags
(`archlint.config.loader` reads the file). Kept separate from reading so that the engine
depends only on this plain value.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from archlint.model.findings import Severity
from archlint.model.record import Record
from archlint.paths import under

if TYPE_CHECKING:
    from archlint.config.discovery import Discovery


def _own(given: Any, empty: Any) -> Any:
    return empty if given is None else given


class Settings(Record, eq=True):
    """The effective settings of a run: defaults, then the configuration, then flags."""

    select: list[str]
    ignore: list[str]
    fail_on: Severity | None   # None: never fail on findings ("never")
    severity: dict[str, Severity]      # rule id -> level
    options: dict[str, dict[str, Any]]  # rule id -> options
    per_file_ignores: dict[str, list[str]]  # glob -> selectors
    include: list[str]
    exclude: list[str]
    templates: list[str]  # globs of IaC files to import and check
    params: dict[str, str]  # template parameters (--param K=V)
    require_reason: bool
    sources: dict[str, str]  # key -> where its value came from
    root: Path | None         # globs are relative to it (the config file's directory)
    config_file: Path | None  # the file the settings came from, if any
    discovery: "Discovery | None"  # how that file was chosen, for --show-settings

    def __init__(self, select: list[str] | None = None, ignore: list[str] | None = None,
                 fail_on: Severity | None = Severity.ERROR,
                 severity: dict[str, Severity] | None = None,
                 options: dict[str, dict[str, Any]] | None = None,
                 per_file_ignores: dict[str, list[str]] | None = None,
                 include: list[str] | None = None, exclude: list[str] | None = None,
                 templates: list[str] | None = None, params: dict[str, str] | None = None,
                 require_reason: bool = False, sources: dict[str, str] | None = None,
                 root: Path | None = None, config_file: Path | None = None,
                 discovery: "Discovery | None" = None) -> None:
        # each list and dict its own when not given, as a dataclass's default_factory
        self.select, self.ignore = _own(select, ["ALL"]), _own(ignore, [])
        self.fail_on, self.require_reason = fail_on, require_reason
        self.severity, self.options = _own(severity, {}), _own(options, {})
        self.per_file_ignores, self.params = _own(per_file_ignores, {}), _own(params, {})
        self.include, self.exclude = _own(include, []), _own(exclude, [])
        self.templates, self.sources = _own(templates, []), _own(sources, {})
        self.root, self.config_file, self.discovery = root, config_file, discovery

    def source(self, key: str) -> str:
        """Where the value of `key` came from: 'default', a file path or 'command line'."""
        return self.sources.get(key, "default")

    def relative(self, path: str | Path, real: str | Path | None = None) -> str:
        """`path` (as shown, relative to the working directory) relative to `root`:
        the file's place in the project, which globs match and the cache keys on.
        `real`: `path` already resolved (each resolution costs a system call per folder)."""
        path = path if isinstance(path, PurePath) else Path(path)
        if self.root is None:
            return path.as_posix()
        resolved = os.fspath(real) if real is not None else str(path.resolve())
        place = under(resolved, _resolved(self.root))
        return place if place is not None else path.as_posix()

    def path_matches(self, pattern: str, path: str | Path) -> bool:
        """Glob match against the path relative to `root` (see `glob_matches`)."""
        return glob_matches(pattern, self.relative(path))

    def file_ignores(self, path: str | Path) -> list[str]:
        """Selectors that `per-file-ignores` turns off for `path`."""
        if not self.per_file_ignores:
            return []
        place = self.relative(path)
        return [s for pattern, selectors in self.per_file_ignores.items()
                if glob_matches(pattern, place) for s in selectors]

    def wants_file(self, path: Path, explicit: bool) -> bool:
        """`exclude` always wins; `include` (if set) filters files found in directories.

        Files named explicitly (as pre-commit does) are checked unless excluded,
        so that an include list never silently skips a file the user asked for.
        """
        if not self.exclude and (explicit or not self.include):
            return True   # no pattern to match: no need to place the file
        place = self.relative(path)   # once per file, not once per pattern
        if any(glob_matches(p, place) for p in self.exclude):
            return False
        return explicit or not self.include or any(glob_matches(p, place) for p in self.include)


def _resolved(root: Path) -> str:
    """`root` resolved; an absolute root (as the loader sets it) only once per run."""
    return _resolved_absolute(root) if root.is_absolute() else str(root.resolve())


@functools.lru_cache(maxsize=8)
def _resolved_absolute(root: Path) -> str:
    return str(root.resolve())


# Files `archlint check` imports (CloudFormation, SAM, Terraform) when named or opted in.
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".tf")


def glob_matches(pattern: str, path: str) -> bool:
    """gitignore-like globs: `*` stays inside one directory, `**/` spans any number.

    A pattern without `/` matches the file name at any depth (`*.md`); a pattern
    ending with `/` or naming a directory matches everything below it.
    """
    return compile_glob(pattern).match(path) is not None


@functools.lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """The regular expression of a glob; ValueError for one that is not valid
    (`[z-a]`), which the configuration reports when it is read."""
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[1:]           # `./drafts`: anchored here, as `/drafts`
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern       # a name: at any depth
    try:
        return _glob_regex(pattern.lstrip("/"))
    except re.error as error:
        raise ValueError(error.msg) from None


def _glob_regex(pattern: str) -> re.Pattern[str]:
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 1:]:
            end = pattern.index("]", i + 1)
            body = pattern[i + 1:end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    # a directory pattern covers what is below it
    return re.compile("".join(out).rstrip("/") + "(?:/.*)?$")
