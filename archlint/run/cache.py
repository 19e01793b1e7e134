"""A per-file result cache, so that re-checking an unchanged repository is cheap.

An entry holds what checking one file produced (its documents' findings and the
file's own errors) under a key made of everything that can change that result:
the file's bytes, its place under the configuration root (which `per-file-ignores`
and `exclude` match) and its path as shown (which the findings name), the effective
settings, the archlint version, the selected rules, and a hash of the content of
archlint's own files, the grammar and data files included (so an edited checkout
never serves stale results). The run-wide part of the key is computed once per run.

Decisions worth knowing:
- The bytes are read once: the key is made from them and, on a miss, the check
  decodes those same bytes (`archlint.run.pool`), so a file saved during the run
  cannot leave one content's result under another content's key.
- The code hash is of file contents, not of `marshal`ed code objects (which change
  with how the code was compiled); a memo spares re-reading files whose `stat`
  (ctime included) did not change (`archlint.run.fingerprint`). Rules from outside
  archlint (plugins) add the files of their top-level package (the helpers a rule
  module imports beside it), or the module's own file when it is a top-level module.
- The rules themselves are not imported for the key: their ids and check functions
  come from the catalogue kept beside the entries (`archlint.catalogue`), so a run
  whose files are all cached imports no rule and no parser.
- Files whose text mentions `include` are never cached: their result depends on
  other files, and a missed invalidation would hide findings. This is simpler and
  safer than tracking included files, and costs only those (rare) files a re-check.
- Entries are JSON, never pickle: a cache directory is data that another person
  may have planted (e.g. committed to a repository), and loading it must not be
  able to run code. Anything unexpected in an entry makes it a miss, never a crash.
- The default location is outside the project, `$XDG_CACHE_HOME/archlint`
  (`~/.cache/archlint`), so a pull request cannot ship entries; `--cache-dir` or
  `ARCHLINT_CACHE_DIR` choose another. Writes go to a temporary file that is then
  renamed, so readers see a whole entry or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, NamedTuple

from archlint import __version__
from archlint.language import sources
from archlint.run.cache_codec import decode, encode
from archlint.run.cache_files import write_whole
from archlint.run.cache_index import RunIndex, Signature, signature
from archlint.run.fingerprint import code_fingerprint, source_files

if TYPE_CHECKING:
    from archlint.model.findings import Finding
    from archlint.run.results import DocumentResult
    from archlint.catalogue import RuleEntry
    from archlint.registry import Rule
    from archlint.config.settings import Settings

FORMAT = 6   # 6: findings keep their fix (edits, safe or not)


def default_directory() -> Path:
    """`$ARCHLINT_CACHE_DIR`, else `$XDG_CACHE_HOME/archlint`, else `~/.cache/archlint`."""
    explicit = os.environ.get("ARCHLINT_CACHE_DIR")
    if explicit:   # a quoted '~/x' reaches us unexpanded: expand it, never make a folder '~'
        return Path(os.path.expanduser(explicit))
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(os.path.expanduser(base)) / "archlint"


def _rules_fingerprint(rules: Iterable["Rule | RuleEntry"]) -> str:
    """Which rules run (id and check function), and the files of any that live outside
    archlint (plugins: their whole package), which the code fingerprint does not cover."""
    from archlint.catalogue import RuleEntry

    ours: set[str] | None = None
    hashed: set[str] = set()   # top-level packages of plugins already hashed
    digest = hashlib.sha256()
    for rule in rules:
        entry = rule if isinstance(rule, RuleEntry) else RuleEntry.of(rule)
        digest.update(f"{entry.id}:{entry.module}.{entry.qualname}\n".encode())
        file = getattr(sys.modules.get(entry.module), "__file__", None)
        if file is None:
            continue   # not imported: a built-in rule known from the catalogue
        ours = ours if ours is not None else {str(p) for p in source_files()}
        if file not in ours and entry.module.partition(".")[0] not in hashed:
            hashed.add(entry.module.partition(".")[0])
            for name, path in _plugin_files(entry.module, file):
                digest.update(f"{name}\0".encode("utf-8", "surrogateescape"))
                try:
                    digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
                except OSError:
                    digest.update(b"unreadable")
    return digest.hexdigest()


def _plugin_files(module: str, file: str) -> list[tuple[str, str]]:
    """(name, path) of every file of the package a plugin's rule module is in, the
    helpers it imports included (editing one changes the findings); just the module's
    file when it is a top-level module. Sorted by name, so the key is the same wherever
    the plugin is installed."""
    top = sys.modules.get(module.partition(".")[0])
    folders = list(getattr(top, "__path__", None) or [])
    if not folders:
        return [(os.path.basename(file), file)]
    found: dict[str, str] = {}
    for folder in folders:
        for directory, subfolders, names in os.walk(folder):
            subfolders[:] = [d for d in subfolders if d != "__pycache__"]
            for name in names:
                if not name.endswith((".pyc", ".pyo")):
                    path = os.path.join(directory, name)
                    found.setdefault(os.path.relpath(path, folder).replace(os.sep, "/"), path)
    return sorted(found.items())


class Lookup(NamedTuple):
    """What `ResultCache.find` learnt about one file: its result when cached, else
    the bytes and key to check and store it with (key None: not to be cached)."""

    result: "tuple[list[Finding], list[DocumentResult]] | None"
    key: str | None
    data: bytes | None
    shown: str
    place: str
    signature: Signature | None


class ResultCache:
    """Results of checking files, by content and everything else that matters."""

    def __init__(self, directory: Path, settings: "Settings", rules: "Iterable[Rule | RuleEntry]") -> None:
        self.directory = directory
        self.settings = settings
        self.hits = self.misses = 0
        self.salt = "\n".join([
            f"archlint {__version__} cache {FORMAT}",
            code_fingerprint(directory),
            _rules_fingerprint(rules),
            json.dumps(_plain(settings), sort_keys=True, default=str),
        ])
        self._writable = True
        self.index: RunIndex | None = None
        self._salted = hashlib.sha256(self.salt.encode())   # copied for each key
        self._folder = os.fspath(directory)                # plain strings: one entry read per file

    def read(self, path: Path, shown: str) -> bytes | None:
        """The bytes to key and check, or None when the file must not be cached:
        pipes and devices (`/dev/stdin`) can be read only once (the safe read refuses
        them here), and a file that cannot be read is left to the check to report."""
        data, _ = sources.read_bytes(path, shown)
        return data

    def key(self, data: bytes, path: Path, shown: str, real: str | Path | None = None) -> str | None:
        """The entry name for `data`, the content of `path` shown as `shown` (`real`:
        `path` resolved); None for files that must not be cached (see above)."""
        if b"include" in data:
            return None
        digest = self._salted.copy()
        for part in (self.settings.relative(path, real), shown):
            digest.update(b"\0" + part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0" + data)
        return digest.hexdigest()

    def get(self, key: str, path: Path | None = None) -> "tuple[list[Finding], list[DocumentResult]] | None":
        """The entry for `key`; its documents point at `path`, the file checked now."""
        return self._decoded(self._entry(key), path)

    def _entry(self, key: str) -> list | None:
        """[file errors, results] as stored under `key`, not yet checked."""
        try:
            with open(os.path.join(self._folder, key[:2], key + ".json"), "rb") as file:
                entry = json.loads(file.read())   # JSON is UTF-8: bytes are decoded as such
            if entry.get("key") != key:
                raise ValueError("entry for another key")
            return [entry["file_errors"], entry["results"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def _decoded(self, stored: list | None, path: Path | None) -> "tuple[list[Finding], list[DocumentResult]] | None":
        """`stored` as results (a hit), or None (a miss) when absent or not well formed."""
        try:
            if stored is None:
                raise ValueError("no entry")
            result = decode(stored, path)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def find(self, path: Path, shown: str, real: str | None, status: os.stat_result | None) -> Lookup:
        """The cached result of `path`, or what checking it needs (its bytes and key).
        `real`: `path` resolved; `status`: its `lstat` (None: it has none).

        With a run index (`use_index`), a file whose `lstat` signature is the recorded
        one is served without being read; any other is read and keyed as usual."""
        index, sig = self.index, None
        place = f"{shown}\0{self.settings.relative(path, real)}"   # the names a key is made with
        if index is not None:
            sig = signature(status)
            served = index.served(place, sig)
            if served is not None:
                result = self._decoded(served[1], path)
                if result is not None:
                    return Lookup(result, served[0], None, shown, place, sig)
        data = self.read(path, shown)
        key = None if data is None else self.key(data, path, shown, real)
        if key is None:
            return Lookup(None, None, data, shown, place, sig)
        stored = index.matching(place, key) if index is not None else None
        result = self._decoded(stored, path) if stored is not None else None
        if result is None:
            stored = self._entry(key)
            result = self._decoded(stored, path)
        if result is not None and index is not None:
            index.record(place, sig, key, stored)   # type: ignore[arg-type]
        return Lookup(result, key, data, shown, place, sig)

    def use_index(self) -> None:
        """Serve this run's unchanged files from one index (`archlint.run.cache_index`)."""
        self.index = RunIndex(self.directory, self.salt)

    def put(self, key: str, file_errors: list[Finding], results: list["DocumentResult"],
            lookup: Lookup | None = None) -> None:
        """Store an entry atomically; a cache that cannot be written is simply not used."""
        stored = encode(file_errors, results)
        if self.index is not None and lookup is not None:
            self.index.record(lookup.place, lookup.signature, key, stored)
        if not self._writable:
            return
        entry = {"key": key, "file_errors": stored[0], "results": stored[1]}
        text = json.dumps(entry, separators=(",", ":"))
        self._writable = write_whole(self.directory, self.directory / key[:2] / f"{key}.json", text)

    def save(self) -> None:
        """Write the run index, when this run changed it."""
        if self.index is not None and self._writable:
            self.index.save()


def _plain(settings: "Settings") -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings._fields
            if name not in ("sources", "discovery")}   # where values came from, not what
