"""The layout of `checks/`: one rule per module, named after it, all of them found.

Rules are loaded from the package's generated list of modules (`checks/_modules.py`),
which must be what walking the package finds, so a new rule is a new file plus a
regenerated list. These tests keep that promise honest: a file the list misses (or
a listed one that is gone), a module with two rules, a rule whose file or function
has another name, or a rule declared where discovery cannot see it (in a list,
inside a function) fails here instead of being silently dropped.
"""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Iterator

import pytest

import archlint.checks
from archlint import registry
from archlint.registry import Rule, builtin_rules
from archlint.rule_modules import discover, walked
from archlint.rule_modules import source

CHECKS = Path(archlint.checks.__file__).parent


def declared_calls(path: Path) -> list[ast.Call]:
    """Every `rule(...)` call written in a module (as a decorator or not)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name) and node.func.id == "rule"]


def unregistered(package: ModuleType) -> list[Rule]:
    """Rules declared by the package's modules that discovery does not return."""
    found = {id(r) for r in discover(package)}
    prefix = package.__name__ + "."
    return [r for r in registry.DECLARED
            if r.check.__module__.startswith(prefix) and id(r) not in found]


def test_the_module_list_is_what_walking_the_package_finds() -> None:
    listed = (CHECKS / "_modules.py").read_text(encoding="utf-8")
    assert listed == source(walked(archlint.checks)), (
        "checks/_modules.py is out of date; regenerate it with "
        "`python -m archlint.rule_modules > checks/_modules.py` and commit it")


def test_a_stale_module_list_is_caught(hidden_rules: ModuleType) -> None:
    """The list test can fail: a new rule file changes what the walk finds."""
    before = source(walked(hidden_rules))
    (Path(hidden_rules.__file__).parent / "added.py").write_text("")
    importlib.invalidate_caches()
    after = source(walked(hidden_rules))
    assert '"hidden_rules.kept",' in before and '"hidden_rules.added",' in after and before != after


def test_every_declared_rule_is_registered() -> None:
    rules = builtin_rules()
    assert rules == discover(archlint.checks)   # the list finds what walking finds
    assert unregistered(archlint.checks) == []
    written = sum(len(declared_calls(p)) for p in CHECKS.rglob("*.py"))
    assert written == len(rules) == len({r.id for r in rules})


@pytest.mark.parametrize("path", sorted(CHECKS.rglob("*.py")), ids=lambda p: p.relative_to(CHECKS).as_posix())
def test_one_rule_per_module_named_after_it(path: Path) -> None:
    calls = declared_calls(path)
    if path.name.startswith("_") or path.parent == CHECKS:
        assert calls == [], "shared modules and package files declare no rule"
        return
    assert len(calls) == 1, "one rule per module"
    keywords = {k.arg: k.value for k in calls[0].keywords}
    name = keywords["name"].value  # type: ignore[attr-defined]
    assert path.stem == name.replace("-", "_"), "the file is named after the rule"
    module = importlib.import_module(f"archlint.checks.{path.parent.name}.{path.stem}")
    rule = getattr(module, path.stem)
    assert isinstance(rule, Rule) and rule.check.__name__ == path.stem, \
        "the rule's function is named after the rule"


def test_each_family_has_one_folder() -> None:
    folders: dict[str, set[str]] = {}
    for rule in builtin_rules():
        folder = rule.check.__module__.split(".")[2]
        folders.setdefault(rule.family, set()).add(folder)
    assert all(len(f) == 1 for f in folders.values()), folders
    assert len({next(iter(f)) for f in folders.values()}) == len(folders)


@pytest.fixture
def hidden_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """A package `hidden_rules` with one module, `kept` (HIDDEN below)."""
    package = tmp_path / "hidden_rules"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "kept.py").write_text(HIDDEN)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "DECLARED", list(registry.DECLARED))
    yield importlib.import_module("hidden_rules")
    for name in [n for n in sys.modules if n.startswith("hidden_rules")]:
        del sys.modules[name]


def test_a_rule_hidden_from_discovery_is_caught(hidden_rules: ModuleType) -> None:
    """The registration test can fail: a rule kept in a tuple, not at the top
    level of its module, is declared but not discovered."""
    assert [r.id for r in discover(hidden_rules)] == ["TST101"]
    assert [r.id for r in unregistered(hidden_rules)] == ["TST102"]


HIDDEN = '''
from archlint.registry import rule

def _example(id, name):
    return rule(id=id, name=name, title="t", severity="info", why="w", fix="f",
                sources=["https://example.com"], failing=["a: ec2"], passing=["a: ec2"])

def _nothing(graph, ctx):
    return iter(())

found_rule = _example("TST101", "found-rule")(_nothing)
LIST = (_example("TST102", "hidden-rule")(_nothing),)
'''
