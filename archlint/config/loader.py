"""Reading `.archlint.yaml` or `[tool.archlint]` into `Settings`, strictly.

The configuration decides what fails a CI build, so a typo must never be
ignored silently: an unknown key, a rule that does not exist or a value of the
wrong type stops the run with exit 2 and a message naming the file, the line
(when known) and the key. Precedence: defaults < configuration file < command line.

Which file: the nearest `.archlint.yaml` (or `.archlint.yml`) or `pyproject.toml`
holding a `[tool.archlint]` table, searching upward from the checked paths'
common directory (or the working directory) and stopping at the repository root
(a directory holding `.git`). If one directory holds both, `.archlint.yaml` wins
and the pyproject table is ignored, as ruff does with `ruff.toml`.

YAML is untrusted input (a pull request may change it): it is read with PyYAML's
safe loader only, at most 1 MiB, and documents that would expand into a huge
structure through aliases ("billion laughs") are refused before being built.
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any, Iterable

from archlint.model.findings import Severity
from archlint.registry import FAMILIES, Rule, all_rules
from archlint.config.settings import Settings, matches

YAML_NAMES = (".archlint.yaml", ".archlint.yml")
PYPROJECT = "pyproject.toml"
MAX_CONFIG_BYTES = 1024 * 1024
MAX_YAML_ALIASES = 100        # a real configuration needs a handful at most
MAX_YAML_NODES = 100_000      # after expanding aliases
FAIL_LEVELS = ("error", "warning", "info", "never")
COMMAND_LINE = "command line"
DEFAULT = "default"

# key -> what it holds, for messages and `--show-settings`
KEYS: dict[str, str] = {
    "include": "globs of files to check when a directory is given",
    "exclude": "globs of files never to check",
    "select": "rules to run: ids, names, families or ALL",
    "ignore": "rules not to run",
    "per-file-ignores": "glob -> rules not to run on matching files",
    "severity": "rule -> error | warning | info",
    "rules": "rule -> {option: value}",
    "fail-on": "lowest severity that fails the run: error | warning | info | never",
    "require-reason": "suppression comments must give a reason (SUP002)",
}


class ConfigError(Exception):
    """A problem in a configuration file, positioned as `file:line: message`."""

    def __init__(self, message: str, file: Path | str | None = None, line: int | None = None):
        self.message, self.file, self.line = message, file, line
        where = "" if file is None else f"{_shown(file)}:{line}: " if line else f"{_shown(file)}: "
        super().__init__(where + message)


@dataclass
class RawConfig:
    """A configuration file's table as read, with the line of each key when known."""

    path: Path
    data: dict[str, Any]
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)
    shadowed: Path | None = None   # a pyproject.toml table ignored in favour of `path`

    def line(self, *key: str) -> int | None:
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def _shown(path: Path | str) -> str:
    from archlint.language.sources import display_path

    return display_path(Path(path)) if isinstance(path, Path) else path


# -- finding the file -------------------------------------------------------

def find_config(paths: Iterable[Path] = ()) -> Path | None:
    """The configuration that applies to `paths` (see the module docstring)."""
    directory = _common_directory(list(paths))
    for candidate in (directory, *directory.parents):
        for name in YAML_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_archlint_table(pyproject):
            return pyproject
        if (candidate / ".git").exists():
            return None
    return None


def _common_directory(paths: list[Path]) -> Path:
    if not paths:
        return Path.cwd().resolve()
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    return Path(os.path.commonpath([str(d) for d in dirs]))


def _has_archlint_table(pyproject: Path) -> bool:
    try:
        if pyproject.stat().st_size > MAX_CONFIG_BYTES:
            return False
        text = pyproject.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    if "archlint" not in text:
        return False
    try:
        tool = _toml_module().loads(text).get("tool")
    except ValueError:  # TOMLDecodeError: a [tool.archlint] header still counts, to report it
        return re.search(r"^\s*\[\s*tool\s*\.\s*archlint\s*[\].]", text, re.M) is not None
    # parsed, so dotted keys (`[tool]` + `archlint.fail-on = ...`) count too
    return isinstance(tool, dict) and "archlint" in tool


def _toml_module():  # type: ignore[no-untyped-def]
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


# -- reading ------------------------------------------------------------------

def read_config(path: Path) -> RawConfig:
    """Read a YAML file or a pyproject's `[tool.archlint]` table, bounded and safe."""
    try:
        size = path.stat().st_size
        if size > MAX_CONFIG_BYTES:
            raise ConfigError(f"configuration file is {size} bytes, over the "
                              f"{MAX_CONFIG_BYTES // 1024} KiB limit", path)
        raw = path.read_bytes()[: MAX_CONFIG_BYTES + 1]
    except OSError as error:
        raise ConfigError(f"cannot read configuration: {error.strerror or error}", path) from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"configuration file is over the {MAX_CONFIG_BYTES // 1024} KiB limit", path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ConfigError("configuration file is not valid UTF-8", path) from None
    if path.name == PYPROJECT or path.suffix == ".toml":
        return _read_toml(path, text)
    return _read_yaml(path, text)


def _read_toml(path: Path, text: str) -> RawConfig:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found[1]) if found else (
            len(text.splitlines()) or 1 if "end of document" in str(error) else None)
        raise ConfigError(f"invalid TOML: {error}", path, line) from None
    table = document.get("tool", {}).get("archlint")
    if table is None:
        raise ConfigError("no [tool.archlint] table in this file", path)
    if not isinstance(table, dict):
        raise ConfigError("tool.archlint must be a table", path)
    return RawConfig(path, table, _toml_lines(text))


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
            if prefix:
                lines.setdefault(prefix, number)
        elif prefix is not None and (found := assignment.match(line)) is not None:
            key = tuple(p.strip().strip("\"'") for p in re.findall(r"""("[^"]*"|'[^']*'|[^.]+)""", found[1]))
            lines.setdefault(prefix + key, number)
    return lines


def _read_yaml(path: Path, text: str) -> RawConfig:
    """Read YAML with `yaml.safe_load` only, after two cheap linear passes that refuse
    alias bombs before anything is expanded: count the alias events, then measure
    the composed node graph (shared nodes are not expanded when composing)."""
    import yaml

    try:
        aliases = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise ConfigError(f"more than {MAX_YAML_ALIASES} YAML aliases; "
                                      "refusing to expand them", path, event.start_mark.line + 1)
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
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys to values", path, 1)
    return RawConfig(path, data, lines)


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
    """Line of every mapping key down to three levels; duplicate keys are an error."""
    import yaml

    lines: dict[tuple[str, ...], int] = {}
    if not isinstance(node, yaml.MappingNode) or len(prefix) >= 3:
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


# -- validating and applying --------------------------------------------------

def apply_config(settings: Settings, raw: RawConfig, rules: tuple[Rule, ...]) -> None:
    """Validate every key of `raw` and set it on `settings`."""
    source = _shown(raw.path)

    def fail(message: str, *key: str) -> ConfigError:
        return ConfigError(message, raw.path, raw.line(*key))

    for key in raw.data:
        if key not in KEYS:
            close = get_close_matches(str(key).replace("_", "-"), list(KEYS), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            raise fail(f"unknown key {key!r}{hint}", str(key))

    data = raw.data
    for key in ("include", "exclude"):
        if key in data:
            setattr(settings, key, _strings(data[key], key, fail))
    for key in ("select", "ignore"):
        if key in data:
            values = _strings(data[key], key, fail)
            for value in values:
                _check_selector(value, rules, fail, key)
            setattr(settings, key, values)
    if "per-file-ignores" in data:
        table = _mapping(data["per-file-ignores"], "per-file-ignores", fail)
        settings.per_file_ignores = {}
        for pattern, selectors in table.items():
            values = _strings(selectors, f"per-file-ignores.{pattern}", fail, "per-file-ignores", pattern)
            for value in values:
                _check_selector(value, rules, fail, "per-file-ignores", pattern)
            settings.per_file_ignores[str(pattern)] = values
    if "severity" in data:
        settings.severity = _severities(data["severity"], rules, fail)
    if "rules" in data:
        settings.options = _options(data["rules"], rules, fail)
    if "fail-on" in data:
        value = data["fail-on"]
        if value not in FAIL_LEVELS:
            raise fail(f"fail-on must be one of {', '.join(FAIL_LEVELS)}, not {value!r}", "fail-on")
        settings.fail_on = None if value == "never" else Severity.parse(value)
    if "require-reason" in data:
        value = data["require-reason"]
        if not isinstance(value, bool):
            raise fail(f"require-reason must be true or false, not {value!r}", "require-reason")
        settings.require_reason = value
    for key in data:
        settings.sources[key] = source
    settings.config_file = raw.path
    settings.root = raw.path.resolve().parent


def _strings(value: Any, name: str, fail: Any, *key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(f"{name} must be a list of non-empty strings, not {value!r}", *(key or (name,)))
    return [v.strip() for v in value]


def _mapping(value: Any, name: str, fail: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(f"{name} must be a mapping, not {value!r}", name)
    return value


def _check_selector(selector: str, rules: tuple[Rule, ...], fail: Any, *key: str) -> None:
    """A selector must mean something: ALL, a family, a rule id or name, or an id prefix."""
    if selector.upper() == "ALL" or selector.upper() in FAMILIES:
        return
    if any(matches(selector, r) for r in rules):
        return
    known = sorted({k for r in rules for k in (r.id, r.name)} | set(FAMILIES))
    close = get_close_matches(selector, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; `archlint rules` lists them"
    prefix = f"{'.'.join(key)}: " if key else ""
    raise fail(f"{prefix}unknown rule or family {selector!r}{hint}", *key)


def _rule(key: Any, rules: tuple[Rule, ...], fail: Any, *where: str) -> Rule:
    from archlint.registry import find_rule

    found = find_rule(str(key), rules)
    if found is None:
        known = sorted({k for r in rules for k in (r.id, r.name)})
        close = get_close_matches(str(key), known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; `archlint rules` lists them"
        raise fail(f"{'.'.join(where)}: unknown rule {key!r}{hint}", *where)
    return found


def _specificity(selector: str) -> int:
    s = selector.strip()
    if s.upper() == "ALL":
        return 0
    if s.isalpha() and s.upper() in FAMILIES:
        return 1
    return 3 if re.fullmatch(r"[A-Za-z]+[0-9]{3}", s) or "-" in s or s.islower() else 2


def _severities(value: Any, rules: tuple[Rule, ...], fail: Any) -> dict[str, Severity]:
    """`severity: {OBS: info, REL001: warning}`: families first, exact rules win."""
    table = _mapping(value, "severity", fail)
    result: dict[str, Severity] = {}
    for key, level in sorted(table.items(), key=lambda item: _specificity(str(item[0]))):
        where = ("severity", str(key))
        _check_selector(str(key), rules, fail, *where)
        if level not in ("error", "warning", "info"):
            raise fail(f"severity.{key} must be error, warning or info, not {level!r}", *where)
        for r in rules:
            if matches(str(key), r):
                result[r.id] = Severity.parse(level)
    return result


def _options(value: Any, rules: tuple[Rule, ...], fail: Any) -> dict[str, dict[str, Any]]:
    """`rules: {NET001: {quota: 125}}`, checked against each rule's declared options."""
    table = _mapping(value, "rules", fail)
    result: dict[str, dict[str, Any]] = {}
    for key, options in table.items():
        rule = _rule(key, rules, fail, "rules", str(key))
        if not isinstance(options, dict):
            raise fail(f"rules.{key} must be a mapping of option names to values", "rules", str(key))
        declared = {o.name: o for o in rule.options}
        for name, given in options.items():
            where = ("rules", str(key), str(name))
            if name not in declared:
                listed = ", ".join(declared) if declared else "none"
                raise fail(f"rules.{key}: unknown option {name!r} for {rule.id} "
                           f"(its options: {listed})", *where)
            result.setdefault(rule.id, {})[name] = _option_value(
                given, declared[name].default, f"rules.{key}.{name}", fail, where)
    return result


def _option_value(given: Any, default: Any, name: str, fail: Any, where: tuple[str, ...]) -> Any:
    """Coerce/validate `given` to the type of the option's default."""
    from archlint.model import values

    def wrong(expected: str) -> ConfigError:
        return fail(f"{name} must be {expected}, not {given!r}", *where)

    if default is None:
        return given
    if isinstance(default, bool):
        if not isinstance(given, bool):
            raise wrong("true or false")
        return given
    if isinstance(default, int):
        if isinstance(given, bool) or not isinstance(given, int):
            raise wrong("an integer")
        return given
    if isinstance(default, float):
        if isinstance(given, bool) or not isinstance(given, (int, float)):
            raise wrong("a number")
        return float(given)
    if isinstance(default, str):
        if not isinstance(given, str):
            raise wrong("a string")
        return given
    if isinstance(default, (list, tuple)):
        if not isinstance(given, list):
            raise wrong("a list")
        return type(default)(given)
    if isinstance(default, dict):
        if not isinstance(given, dict):
            raise wrong("a mapping")
        return given
    quantity_types = (values.Duration, values.Size, values.Percent, values.Throughput, values.Rate)
    if isinstance(default, quantity_types):
        if isinstance(given, str):
            try:
                parsed = values.parse_quantity(given.strip())
            except ValueError:
                parsed = None
            if isinstance(parsed, type(default)):
                return parsed
        raise wrong(f"{values.type_name(default)} such as {str(default)!r}")
    if not isinstance(given, type(default)):
        raise wrong(values.type_name(default))
    return given


# -- the whole chain ------------------------------------------------------------

def load_settings(
    paths: Iterable[Path] = (),
    config: Path | None = None,
    *,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
    rules: tuple[Rule, ...] | None = None,
) -> Settings:
    """Defaults, then the configuration file (given or found), then flags."""
    rules = rules if rules is not None else all_rules()
    settings = Settings()
    path = config if config is not None else find_config(paths)
    if config is not None and not config.is_file():
        raise ConfigError("no such configuration file", config)
    if path is not None:
        raw = read_config(path)
        if path.name in YAML_NAMES:
            sibling = path.parent / PYPROJECT
            if sibling.is_file() and _has_archlint_table(sibling):
                raw.shadowed = sibling
        apply_config(settings, raw, rules)
        if raw.shadowed is not None:
            settings.sources["(ignored)"] = f"{_shown(raw.shadowed)} [tool.archlint]"
    if select is not None:
        for value in select:
            _check_selector(value, rules, _flag_error("--select"))
        settings.select = select
        settings.sources["select"] = COMMAND_LINE
    if ignore is not None:
        for value in ignore:
            _check_selector(value, rules, _flag_error("--ignore"))
        settings.ignore = ignore
        settings.sources["ignore"] = COMMAND_LINE
    if fail_on is not None:
        if fail_on not in FAIL_LEVELS:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_LEVELS)}")
        settings.fail_on = None if fail_on == "never" else Severity.parse(fail_on)
        settings.sources["fail-on"] = COMMAND_LINE
    return settings


def _flag_error(flag: str) -> Any:
    """Command-line selectors are checked like the file's, and named by their flag."""
    def fail(message: str, *key: str) -> ConfigError:
        return ConfigError(f"{flag}: {message}")
    return fail


def describe(settings: Settings, rules: Iterable[Rule] = ()) -> str:
    """`--show-settings`: every key, its effective value, and where it came from."""
    values: dict[str, Any] = {
        "include": settings.include,
        "exclude": settings.exclude,
        "select": settings.select,
        "ignore": settings.ignore,
        "per-file-ignores": settings.per_file_ignores,
        "severity": {k: str(v) for k, v in sorted(settings.severity.items())},
        "rules": {k: {n: _plain(v) for n, v in o.items()} for k, o in sorted(settings.options.items())},
        "fail-on": "never" if settings.fail_on is None else str(settings.fail_on),
        "require-reason": settings.require_reason,
    }
    shown = {k: json.dumps(v) for k, v in values.items()}
    # align the `# source` comments, but a long value (a family's severity expands
    # to every rule in it) must not push every other comment far to the right
    width = max((n for k, v in shown.items() if (n := len(k) + len(v) + 3) <= 60), default=0)
    lines = [f"# configuration file: {_shown(settings.config_file) if settings.config_file else 'none'}"]
    if "(ignored)" in settings.sources:
        lines.append(f"# ignored (a .archlint.yaml beside it wins): {settings.sources['(ignored)']}")
    lines += [f"{f'{k} = {v}':<{width}}  # {settings.source(k)}" for k, v in shown.items()]
    active = [r.id for r in rules]
    lines.append(f"# rules that run ({len(active)}): {', '.join(active) if active else 'none'}")
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)
