"""Rule options in the configuration (`rules: {NET001: {quota: 125}}`), checked against
each rule's declared options and converted to the type of the option's default."""

from __future__ import annotations

import sys
from typing import Any

from archlint.config.context import Context
from archlint.config.files import ConfigError
from archlint.registry import DEPRECATED_OPTIONS, Option, OptionError, Rule, find_rule


def parse_options(table: dict[str, Any], ctx: Context) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for key, options in table.items():
        rule = _rule(key, ctx, "rules", str(key))
        if not isinstance(options, dict):
            raise ctx.fail(f"rules.{key} must be a mapping of option names to values", "rules", str(key))
        declared = {o.name: o for o in rule.options}
        for name, given in options.items():
            where = ("rules", str(key), str(name))
            if name not in declared and name in DEPRECATED_OPTIONS:
                print(f"archlint: warning: {ctx.label(*where)}option {name!r} is deprecated "
                      f"and {DEPRECATED_OPTIONS[name]}", file=sys.stderr)
                continue
            if name not in declared:
                listed = ", ".join(declared) if declared else "none"
                raise ctx.fail(f"rules.{key}: unknown option {name!r} for {rule.id} "
                               f"(its options: {listed})", *where)
            result.setdefault(rule.id, {})[name] = _checked(
                declared[name], given, f"rules.{key}.{name}", ctx, where)
    return result


def _checked(option: Option, given: Any, name: str, ctx: Context, where: tuple[str, ...]) -> Any:
    """`given` converted to the option's type, within its maximum, and as its own check
    accepts it (an error there names the mapping entry at fault, at its line)."""
    value = option_value(given, option.default, name, ctx, where)
    if option.maximum is not None and value > option.maximum:
        raise ctx.fail(f"{name} must be at most {option.maximum:g} (a hard limit: no quota "
                       f"increase goes beyond it), not {given!r}", *where)
    try:
        return option.validate(value)
    except OptionError as error:
        entry = () if error.key is None else (str(error.key),)
        raise ctx.fail(f"{'.'.join((name, *entry))}: {error}", *where, *entry) from None


def _rule(key: Any, ctx: Context, *where: str) -> Rule:
    found = find_rule(str(key), ctx.rules)
    if found is None:
        known = sorted({k for r in ctx.rules for k in (r.id, r.name)})
        from archlint.spelling import closest

        close = closest(str(key), known)
        hint = f"; did you mean {close!r}?" if close else "; `archlint rules` lists them"
        raise ctx.fail(f"{'.'.join(where)}: unknown rule {key!r}{hint}", *where)
    return found


def option_value(given: Any, default: Any, name: str, ctx: Context, where: tuple[str, ...]) -> Any:
    """Coerce/validate `given` to the type of the option's default."""
    from archlint.model import values

    def wrong(expected: str) -> ConfigError:
        return ctx.fail(f"{name} must be {expected}, not {given!r}", *where)

    if default is None:
        return given
    if isinstance(default, bool):
        if not isinstance(given, bool):
            raise wrong("true or false")
        return given
    if isinstance(default, (int, float)):
        integer = isinstance(default, int)
        if isinstance(given, bool) or not isinstance(given, int if integer else (int, float)):
            raise wrong("an integer" if integer else "a number")
        if default > 0 and not given > 0:   # a quota, threshold or ratio: 0 or less is a typo
            raise wrong(f"a positive {'integer' if integer else 'number'} (the default is {default})")
        return given if integer else float(given)
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
