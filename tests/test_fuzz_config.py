"""Property-based robustness of configuration files and baselines (issue 11): whatever
their content, reading them ends in settings or a `ConfigError` naming the file,
never another exception; and settings that were accepted can be shown, cached and
matched against paths without an error either.

Bounded for CI like tests/test_fuzz.py: no deadline, tens of examples each.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from archlint.config.loader import ConfigError, describe, load_settings
from archlint.run import baseline
from archlint.run.cache import ResultCache
from archlint.run.engine import rules_for

FUZZ = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KEYS = ["include", "exclude", "select", "ignore", "per-file-ignores", "severity", "rules",
        "fail-on", "require-reason", "fail_on", "tool", "archlint"]
WORDS = ["ALL", "REL", "NET001", "vpc-peering-limit", "NOPE", "error", "warning", "never",
         "quota", "*.md", "drafts/", "a/[z-a]", "[!x]*.arch", "**/x", "[", "]", "{", "}",
         "1" * 120, "9" * 5000, "true", "5m", "100MB", "", "~", "\\u0061", "&a", "*a"]
SCALARS = st.one_of(st.sampled_from(WORDS), st.integers(-10**6, 10**6), st.booleans(),
                    st.floats(allow_nan=False), st.text(max_size=8))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(WORDS + KEYS), inner, max_size=4)),
    max_leaves=12)
TABLES = st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=5)


def accepted_or_config_error(path: Path) -> None:
    try:
        found = load_settings([path.parent], path)
    except ConfigError as error:
        assert str(error).startswith(path.name) or path.name in str(error), str(error)
        return
    describe(found, rules_for(found))
    ResultCache(path.parent / "cache", found, rules_for(found))   # the key serialises it
    for candidate in ("a.arch", "drafts/x/y.md", "a/[z-a]"):
        found.wants_file(path.parent / candidate, explicit=False)
        found.file_ignores(candidate)


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(text)))
        piece = data.draw(st.sampled_from(["[", "]", "{", "}", ":", "\n", " ", "'", '"', "#",
                                           "- ", "=", "9" * 5000, "[" * 200, "!!python/name:os.system"]))
        text = text[:at] + piece + text[at + data.draw(st.integers(0, 3)):]
    return text


@FUZZ
@given(TABLES, st.data())
def test_yaml_configuration_never_crashes(tmp_path: Path, table: dict, data: st.DataObject) -> None:
    import yaml

    path = tmp_path / ".archlint.yaml"
    path.write_text(mutate(yaml.safe_dump(table, default_flow_style=data.draw(st.booleans())), data),
                    encoding="utf-8")
    accepted_or_config_error(path)


@FUZZ
@given(TABLES, st.data())
def test_toml_configuration_never_crashes(tmp_path: Path, table: dict, data: st.DataObject) -> None:
    lines = ["[tool.archlint]"] + [f"{json.dumps(k)} = {json.dumps(v)}" for k, v in table.items()]
    path = tmp_path / "pyproject.toml"
    path.write_text(mutate("\n".join(lines) + "\n", data), encoding="utf-8")
    accepted_or_config_error(path)


@FUZZ
@given(st.binary(max_size=300))
def test_configuration_of_any_bytes_never_crashes(tmp_path: Path, content: bytes) -> None:
    for name in (".archlint.yaml", "pyproject.toml"):
        path = tmp_path / name
        path.write_bytes(content)
        accepted_or_config_error(path)
        path.unlink()


ENTRY = st.fixed_dictionaries({}, optional={
    "file": st.one_of(st.text(max_size=6), st.integers()), "element": st.one_of(st.none(), st.text(max_size=4)),
    "rule": st.sampled_from(["REL001", "", 5]), "count": st.one_of(st.integers(-2, 10**40), st.booleans(), st.text(max_size=3))})
BASELINES = st.one_of(
    st.fixed_dictionaries({"archlint-baseline": st.sampled_from([1, 2, "1"]),
                           "findings": st.one_of(st.lists(ENTRY, max_size=4), VALUES)}),
    VALUES)


@FUZZ
@given(BASELINES, st.data())
def test_baseline_never_crashes(tmp_path: Path, document: object, data: st.DataObject) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(mutate(json.dumps(document), data), encoding="utf-8")
    try:
        counts = baseline.load(path)
    except ConfigError as error:
        assert "baseline.json" in str(error)
        return
    assert all(n > 0 for n in counts.values())
