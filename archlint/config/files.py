"""Reading a configuration file into a plain table, bounded and safe.

A configuration decides what fails a CI build and may come from a pull request, so
reading it must never crash, hang or run code: YAML goes through PyYAML's safe
loader only, after cheap linear passes over its event stream that refuse alias
bombs ("billion laughs"), nesting deeper than MAX_DEPTH (PyYAML's scanner is slow
on deep flow collections and its composer then overflows the stack) and numbers
longer than MAX_NUMBER_DIGITS (Python refuses to convert 4,300 digits). TOML has
the same depth and number bounds. Every problem is a `ConfigError` positioned at
`file:line` when the line is known.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from archlint.spelling import ratio_reaches
from archlint.model.record import Record
from archlint.safe_read import decode_text

YAML_NAMES = (".archlint.yaml", ".archlint.yml")
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024
MAX_YAML_ALIASES = 100        # a real configuration needs a handful at most
MAX_YAML_NODES = 100_000      # after expanding aliases
MAX_DEPTH = 32                # a real configuration nests four levels
MAX_NUMBER_DIGITS = 100
_LONG_NUMBER = re.compile(r"[-+]?[0-9][0-9_:]{%d,}" % MAX_NUMBER_DIGITS)


class ConfigError(Exception):
    """A problem in a configuration (or baseline) file, positioned as `file:line: message`."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        self.message, self.file, self.line = message, file, line
        where = "" if file is None else f"{shown(file)}:{line}: " if line else f"{shown(file)}: "
        super().__init__(where + message)


class RawConfig(Record, eq=True):
    """A configuration file's table as read, with the line of each key when known."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int]
    shadowed: Path | None   # a pyproject.toml table ignored in favour of `path`

    def __init__(self, path: Path, data: dict[str, Any],
                 lines: dict[tuple[str, ...], int] | None = None, shadowed: Path | None = None) -> None:
        self.path, self.data, self.shadowed = path, data, shadowed
        self.lines = {} if lines is None else lines

    def line(self, *key: str) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def shown(path: Path | str) -> str:
    from archlint.language.sources import display_path

    return display_path(Path(path)) if isinstance(path, Path) else path


def read_limited(path: Path, limit: int, what: str = "configuration file", *,
                 named: bool = False) -> bytes:
    """At most `limit` bytes of `path` through the project's one safe read (regular
    files only unless the user `named` it), or a ConfigError saying why not."""
    from archlint.safe_read import ReadRefused, TooLarge, read_bytes

    try:
        return read_bytes(path, limit, special_ok=named)
    except TooLarge as refused:
        raise ConfigError(f"{what} is {refused}", path) from None
    except ReadRefused as refused:
        raise ConfigError(f"cannot read {what}: {refused}", path) from None


def read_config(path: Path, named: bool = False) -> RawConfig:
    """Read a YAML file or a pyproject's `[tool.archlint]` table, bounded and safe;
    `named`: given with --config (it may then be a pipe, as in `--config <(...)`)."""
    try:
        text = decode_text(read_limited(path, MAX_CONFIG_BYTES, named=named))
    except UnicodeDecodeError:
        raise ConfigError("configuration file is not valid UTF-8", path) from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        raw = pyproject_table(path, text, required=True)
        assert raw is not None
        return raw
    return _read_yaml(path, text)


def pyproject_table(path: Path, text: str, required: bool = False) -> RawConfig | None:
    """The [tool.archlint] table of a TOML text; None when it has none (an error
    when `required`, for a file named with --config)."""
    document = _parse_toml(path, text)
    misspelled = misspelled_table(text)
    if misspelled is not None:
        raise ConfigError(f"[{misspelled[0]}] is not read by archlint, so its settings would be "
                          "ignored; did you mean [tool.archlint]?", path, misspelled[1])
    tool = document.get("tool")
    if not isinstance(tool, dict) or "archlint" not in tool:
        if not required:
            return None
        if tool is not None and not isinstance(tool, dict):
            raise ConfigError(f"tool must be a table holding [tool.archlint], not {tool!r}",
                              path, _line_of(text, r"^\s*tool\s*="))
        raise ConfigError("no [tool.archlint] table in this file", path)
    table = tool["archlint"]
    lines = _toml_lines(text)
    if not isinstance(table, dict):
        raise ConfigError("tool.archlint must be a table", path, lines.get(()))
    _check_values(table, path, lines)
    return RawConfig(path, table, lines)


_HEADER = re.compile(r"^[ \t]*\[\[?([^\]\n]+)\]", re.M)


def misspelled_table(text: str) -> tuple[str, int] | None:
    """A table header that looks meant for archlint but is not `[tool.archlint]`
    (`[tool.archlnt]`, `[tool.arch-lint]`, `[tools.archlint]`, `[archlint]`), with its
    line: such a table would be skipped, and the settings in it silently not applied."""
    for found in _HEADER.finditer(text):
        parts = [p.strip().strip("\"'").lower() for p in found[1].split(".")]
        if (len(parts) > 1 and parts[0] == "tool" and like_archlint(parts[1])) or \
                (len(parts) > 1 and parts[0] != "tool" and _like(parts[0], "tool") and
                 (parts[1] == "archlint" or like_archlint(parts[1]))) or \
                parts[0] == "archlint" or like_archlint(parts[0]):
            return found[1].strip(), text.count("\n", 0, found.start()) + 1
    return None


def like_archlint(name: str) -> bool:
    """A misspelt `archlint` (`archlnt`, `arch-lint`, `arch_lint`), not the word itself."""
    return name != "archlint" and (name.replace("-", "").replace("_", "") == "archlint"
                                   or _like(name, "archlint"))


def _like(name: str, word: str) -> bool:
    """Close to `word` but not it: names that share a piece of it (`[tool.pylint]`
    shares "lin") and a difflib ratio of 0.8."""
    if name == word or not any(word[i:i + 3] in name for i in range(len(word) - 2)):
        return False
    return ratio_reaches(name, word, 0.8)


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else (
            len(text.splitlines()) or 1 if "end of document" in str(error) else None)
        raise ConfigError(f"invalid TOML: {error}", path, line) from None
    except RecursionError:
        deep = (n for n, line in enumerate(text.splitlines(), 1)
                if line.count("[") + line.count("{") > MAX_DEPTH)
        raise ConfigError(f"invalid TOML: nested more than {MAX_DEPTH} levels deep", path,
                          next(deep, None)) from None
    except ValueError:   # Python's limit on converting very long integers
        raise ConfigError(f"a number with more than {MAX_NUMBER_DIGITS} digits",
                          path, _line_of(text, _LONG_NUMBER.pattern)) from None


def _line_of(text: str, pattern: str) -> int | None:
    found = re.search(pattern, text, re.M)
    return None if found is None else text.count("\n", 0, found.start()) + 1


def _toml_lines(text: str) -> dict[tuple[str, ...], int]:
    """Best-effort line of each key under [tool.archlint] (tomllib keeps no positions)."""
    lines: dict[tuple[str, ...], int] = {}
    prefix: tuple[str, ...] | None = None
    header = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(#.*)?$")
    assignment = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.\-]+)\s*=""")
    for number, line in enumerate(text.splitlines(), 1):
        if (found := header.match(line)) is not None:
            parts = tuple(p.strip().strip("\"'") for p in re.findall(r"""("[^"]*"|'[^']*'|[^.]+)""", found[1]))
            prefix = parts[2:] if parts[:2] == ("tool", "archlint") else None
            if prefix is not None:
                lines.setdefault(prefix, number)
        elif prefix is not None and (found := assignment.match(line)) is not None:
            key = tuple(p.strip().strip("\"'") for p in re.findall(r"""("[^"]*"|'[^']*'|[^.]+)""", found[1]))
            lines.setdefault(prefix + key, number)
    return lines


def _check_values(data: Any, path: Path, lines: dict[tuple[str, ...], int]) -> None:
    """Depth and number bounds on a parsed table, without recursion."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(data, ())]
    while stack:
        value, key = stack.pop()
        if len(key) > MAX_DEPTH:
            raise ConfigError(f"nested more than {MAX_DEPTH} levels deep", path, _line(lines, key))
        if isinstance(value, dict):
            stack.extend((v, (*key, str(k))) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, (*key, "[]")) for v in value)
        elif isinstance(value, int) and not isinstance(value, bool) \
                and abs(value) >= 10 ** MAX_NUMBER_DIGITS:
            raise ConfigError(f"a number with more than {MAX_NUMBER_DIGITS} digits",
                              path, _line(lines, key))


def _line(lines: dict[tuple[str, ...], int], key: tuple[str, ...]) -> int | None:
    while key:
        if key in lines:
            return lines[key]
        key = key[:-1]
    return None


def _read_yaml(path: Path, text: str) -> RawConfig:
    """Read YAML with `yaml.safe_load` only, after the linear event pass (`_scan_yaml`)
    and a measure of the composed node graph (shared nodes are not expanded)."""
    import yaml

    try:
        _scan_yaml(text, path)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        if node is None:
            return RawConfig(path, {})
        _check_expansion(node, path)
        lines = _yaml_lines(node, path)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or str(error)
        raise ConfigError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as error:
        raise ConfigError(f"invalid YAML: {error}", path) from None
    except (RecursionError, ValueError) as error:  # a backstop: the scan refuses these first
        raise ConfigError(f"invalid YAML: {type(error).__name__}: {error}", path) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", path, 1)
    _check_values(data, path, lines)   # aliases can nest what the scan saw as shallow
    return RawConfig(path, data, lines)


def _scan_yaml(text: str, path: Path) -> None:
    """One pass over the events, stopping at the first too many aliases, too deep a
    collection or too long a number, before PyYAML builds anything. The parser reads
    lazily, so a hostile file costs only what was read up to that point."""
    import yaml

    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                raise ConfigError(f"more than {MAX_YAML_ALIASES} YAML aliases; "
                                  "refusing to expand them", path, line)
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ConfigError(f"YAML nested more than {MAX_DEPTH} levels deep", path, line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent) and event.style is None \
                and _LONG_NUMBER.fullmatch(event.value):
            raise ConfigError(f"a number with more than {MAX_NUMBER_DIGITS} digits", path, line)


def _check_expansion(root: Any, path: Path) -> None:
    """Refuse alias bombs: count the nodes the document would expand to, memoized
    per shared node so that the count itself stays linear in the document."""
    import yaml

    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Any) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in in_progress:
            raise ConfigError("recursive YAML alias", path, node.start_mark.line + 1)
        in_progress.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        in_progress.discard(key)
        if total > MAX_YAML_NODES:
            raise ConfigError(f"the YAML expands to over {MAX_YAML_NODES} values through "
                              "aliases; refusing it", path, node.start_mark.line + 1)
        sizes[key] = total
        return total

    size(root)


def _yaml_lines(node: Any, path: Path, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line of every mapping key down to four levels (an entry of a rule option such as
    `rules.AVL001.sla.natgateway`); duplicate keys are an error."""
    import yaml

    lines: dict[tuple[str, ...], int] = {}
    if not isinstance(node, yaml.MappingNode) or len(prefix) >= 4:
        return lines
    for key_node, value_node in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
        line = key_node.start_mark.line + 1
        if prefix + (key,) in lines:
            where = ".".join(prefix + (key,))
            raise ConfigError(f"duplicate key {where!r}", path, line)
        lines[prefix + (key,)] = line
        lines.update(_yaml_lines(value_node, path, prefix + (key,)))
    return lines
