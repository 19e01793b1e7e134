"""Defaults, then the configuration file, then flags: the effective `Settings`.

The configuration decides what fails a CI build, so a typo must never be ignored
silently: an unknown key, a rule that does not exist or a value of the wrong type
stops the run with exit 2 and a message naming the file, the line (when known) and
the key. Which file: `archlint.config.discovery`; reading it safely:
`archlint.config.files`; what each key accepts: `archlint.config.schema`.
If one directory holds both, `.archlint.yaml` wins and the pyproject table is
ignored, as ruff does with `ruff.toml`. The schema (and the rule options it checks)
is imported only when a file or a flag sets a key: a run with neither, the usual
one-file check, does not build its table (about 2 ms of start-up).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from archlint.config.discovery import Discovery, discover, find_config
from archlint.config.files import (MAX_CONFIG_BYTES, MAX_YAML_ALIASES, PYPROJECT, YAML_NAMES,
                                   ConfigError, RawConfig, read_config, shown)
from archlint.config.settings import Settings
from archlint.registry import Rule, all_rules

__all__ = ["ConfigError", "MAX_CONFIG_BYTES", "MAX_YAML_ALIASES", "apply_config", "describe",
           "find_config", "load_settings"]

COMMAND_LINE = "command line"


def apply_config(settings: Settings, raw: RawConfig, rules: tuple[Rule, ...]) -> None:
    """Validate every key of `raw` and set it on `settings`."""
    from archlint.config.context import Context
    from archlint.config.schema import KEYS

    def fail(message: str, *key: str) -> ConfigError:
        return ConfigError(message, raw.path, raw.line(*key))

    for key in raw.data:
        if key not in KEYS:
            from archlint.spelling import closest

            close = closest(str(key).replace("_", "-"), KEYS)
            hint = f"; did you mean {close!r}?" if close else f"; known keys: {', '.join(KEYS)}"
            raise fail(f"unknown key {key!r}{hint}", str(key))
    context = Context(rules, fail)
    for key, value in raw.data.items():
        row = KEYS[key]
        setattr(settings, row.field, row.parse(value, context))
        settings.sources[key] = shown(raw.path)
    settings.config_file = raw.path
    settings.root = raw.path.resolve().parent


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
    if config is not None:
        if not config.exists():
            raise ConfigError("no such configuration file", config)
        found = Discovery(config, config.parent)
    else:
        found = discover(paths)
    settings.discovery = found
    if found.path is not None:
        raw = read_config(found.path, named=config is not None)
        if found.path.name in YAML_NAMES:
            sibling = found.path.parent / PYPROJECT
            if sibling.is_file() and _pyproject_configures(sibling):
                raw.shadowed = sibling
        apply_config(settings, raw, rules)
        if raw.shadowed is not None:
            settings.sources["(ignored)"] = f"{shown(raw.shadowed)} [tool.archlint]"
    for flag, value in (("select", select), ("ignore", ignore), ("fail-on", fail_on)):
        if value is not None:
            from archlint.config.context import Context
            from archlint.config.schema import KEYS

            row = KEYS[flag]
            setattr(settings, row.field, row.parse(value, Context(rules, _flag_error(f"--{flag}"), False)))
            settings.sources[flag] = COMMAND_LINE
    return settings


def _pyproject_configures(pyproject: Path) -> bool:
    from archlint.config.discovery import _has_archlint_table

    try:
        return _has_archlint_table(pyproject)
    except ConfigError:
        return True   # a broken table beside the YAML is still worth mentioning


def _flag_error(flag: str) -> Any:
    """Command-line values are checked like the file's, and named by their flag."""
    def fail(message: str, *key: str) -> ConfigError:
        return ConfigError(f"{flag}: {message}")
    return fail


def describe(settings: Settings, rules: Iterable[Rule] = ()) -> str:
    """`--show-settings`: which file and why, every key with its effective value and
    where it came from, and the rules that run."""
    import json   # only here: a check does not need it

    from archlint.config.schema import KEYS

    values = {name: json.dumps(row.show(getattr(settings, row.field))) for name, row in KEYS.items()}
    # align the `# source` comments, but a long value (a family's severity expands
    # to every rule in it) must not push every other comment far to the right
    width = max((n for k, v in values.items() if (n := len(k) + len(v) + 3) <= 60), default=0)
    discovery = settings.discovery
    lines = discovery.explain() if discovery is not None else [
        f"# configuration file: {shown(settings.config_file) if settings.config_file else 'none'}"]
    if "(ignored)" in settings.sources:
        lines.append(f"# ignored (a .archlint.yaml beside it wins): {settings.sources['(ignored)']}")
    lines += [f"{f'{k} = {v}':<{width}}  # {settings.source(k)}" for k, v in values.items()]
    active = [r.id for r in rules]
    lines.append(f"# rules that run ({len(active)}): {', '.join(active) if active else 'none'}")
    return "\n".join(lines) + "\n"
