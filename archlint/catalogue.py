"""What a run must know about the rules before it checks anything: their ids and
names (to validate `--select`, `--ignore` and the configuration), their options
(to validate `rules:`), and which function checks (for the cache key).

Importing the ~66 rule modules to learn this costs about a fifth of a cached run,
which then never runs a rule. So the first run writes these facts, taken from the
discovered rules, to the cache directory under the fingerprint of archlint's own
files (`archlint.run.fingerprint`; the rules are among those files): an entry can
only be out of date if the files changed, and then its name changes too. The rule
modules are imported only when a document must really be checked (`Selection`).

The catalogue describes rules found by discovery only. When a plugin declares
rules (they live outside archlint's files) or the registry's rules were replaced in
this process (an embedding program, a test), the real rules are loaded instead,
as they are without a cache directory. An entry that does not read back exactly
(an option default JSON cannot carry) is not written: those runs load the rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence, Union

from archlint import registry
from archlint.model.record import Record, assign
from archlint.plugins import declares_plugins
from archlint.registry import Option
from archlint.run.cache_files import write_whole

if TYPE_CHECKING:
    from archlint.registry import Rule

FORMAT = 1


class RuleEntry(Record, frozen=True):
    """The facts about a rule that settings and cache keys need (a `Rule` has the same
    `id`, `name` and `options`, so validation takes either)."""

    __slots__ = ("id", "name", "module", "qualname", "options")
    id: str
    name: str
    module: str                  # where its check function is defined
    qualname: str
    options: tuple[Option, ...]

    def __init__(self, id: str, name: str, module: str, qualname: str,  # noqa: A002
                 options: tuple[Option, ...] = ()) -> None:
        assign(self, "id", id)
        assign(self, "name", name)
        assign(self, "module", module)
        assign(self, "qualname", qualname)
        assign(self, "options", options)

    @classmethod
    def of(cls, rule: "Rule") -> "RuleEntry":
        return cls(rule.id, rule.name, rule.check.__module__, rule.check.__qualname__, rule.options)


Known = Union["Rule", RuleEntry]


def known_rules(cache_dir: Path | None) -> "tuple[Known, ...]":
    """Every rule, as catalogue entries when the cache directory has them for this
    exact code, else as the real rules (which then fill the catalogue)."""
    if cache_dir is None or not _discovered_only():
        return registry.all_rules()
    from archlint.run.fingerprint import code_fingerprint

    path = cache_dir / "rules" / f"{code_fingerprint(cache_dir)}.json"
    entries = _read(path)
    if entries is not None:
        return entries
    rules = registry.all_rules()
    _write(cache_dir, path, tuple(RuleEntry.of(r) for r in rules))
    return rules


def _discovered_only() -> bool:
    """No plugin declares rules, and nobody replaced the registry's discovery."""
    return registry.builtin_rules is registry.DISCOVERY and not declares_plugins()


def _encode(entries: tuple[RuleEntry, ...]) -> str:
    import json   # only with a cache directory

    return json.dumps({"format": FORMAT, "rules": [
        [e.id, e.name, e.module, e.qualname,
         [[o.name, o.default, o.description, o.maximum, o.check] for o in e.options]]
        for e in entries]})


def _decode(text: str) -> tuple[RuleEntry, ...]:
    import json

    data = json.loads(text)
    if data["format"] != FORMAT:
        raise ValueError("another format")
    entries = []
    for rid, name, module, qualname, options in data["rules"]:
        if not all(isinstance(v, str) for v in (rid, name, module, qualname)):
            raise TypeError("expected strings")
        if any(c is not None and not str(c).startswith("archlint.") for *_, c in options):
            raise TypeError("an option check outside archlint's own rules")   # never imported
        entries.append(RuleEntry(rid, name, module, qualname,
                                 tuple(Option(str(n), d, str(text), m, c) for n, d, text, m, c in options)))
    return tuple(entries)


def _read(path: Path) -> tuple[RuleEntry, ...] | None:
    try:
        return _decode(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None


def _write(cache_dir: Path, path: Path, entries: tuple[RuleEntry, ...]) -> None:
    """Only an exact record: an option whose default JSON would change (a tuple, a
    duration, a plugin's own type) keeps this code from having a catalogue."""
    try:
        text = _encode(entries)
        if not _same(_decode(text), entries):
            return
    except (TypeError, ValueError):
        return
    write_whole(cache_dir, path, text)


def _same(read: tuple[RuleEntry, ...], written: tuple[RuleEntry, ...]) -> bool:
    """Equal, and every option default of the same type (JSON makes 1.0 and 1 equal)."""
    def typed(value: Any) -> Any:
        if isinstance(value, dict):
            return dict, tuple((typed(k), typed(v)) for k, v in value.items())
        if isinstance(value, (list, tuple)):
            return type(value), tuple(typed(v) for v in value)
        return type(value), value

    def facts(entries: tuple[RuleEntry, ...]) -> list:
        return [(e.id, e.name, e.module, e.qualname,
                 [(o.name, typed(o.default), o.description, typed(o.maximum), o.check)
                  for o in e.options]) for e in entries]

    return facts(read) == facts(written)


class Selection:
    """The rules a run selected: known at once as entries (for keys and messages), and
    as the real `Rule`s, imported on first use, when a document must be checked.
    Iterating gives the real rules (reporters that describe them, such as SARIF)."""

    def __init__(self, chosen: "Sequence[Known]") -> None:
        self.chosen = tuple(chosen)
        self._rules: list[Rule] | None = None

    @property
    def rules(self) -> "list[Rule]":
        if self._rules is None:
            if all(isinstance(r, RuleEntry) for r in self.chosen):
                by_id = {r.id: r for r in registry.all_rules()}
                self._rules = [by_id[e.id] for e in self.chosen if e.id in by_id]
                if [RuleEntry.of(r) for r in self._rules] != list(self.chosen):   # never, by the key
                    raise RuntimeError("the rule catalogue does not match the installed rules")
            else:
                self._rules = list(self.chosen)   # type: ignore[arg-type]
        return self._rules

    def __iter__(self) -> "Iterator[Rule]":
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.chosen)
