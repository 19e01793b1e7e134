"""Every example in every rule's documentation is a test.

A failing example must produce at least one finding of its rule, a passing one
none; neither may contain input errors (an example that does not parse proves
nothing). Parametrized over the whole registry, so rules added later by anyone
are covered without touching this file.
"""

from __future__ import annotations

import pytest

from archlint.run.engine import check_text
from archlint.registry import Rule, all_rules
from archlint.config.settings import Settings

RULES = all_rules()

# Rules whose findings exist only under a setting (not a rule option): the settings
# their examples are checked with. Keep this short; prefer rule options.
EXAMPLE_SETTINGS: dict[str, dict] = {"SUP002": {"require_reason": True}}


def _examples(kind: str) -> list[tuple[Rule, int, str]]:
    return [(r, i, text) for r in RULES for i, text in enumerate(getattr(r, kind))]


def _ids(items: list[tuple[Rule, int, str]]) -> list[str]:
    return [f"{r.id}-{i}" for r, i, _ in items]


def _run(rule: Rule, text: str) -> list:
    settings = Settings(**EXAMPLE_SETTINGS.get(rule.id, {}))
    result = check_text(text, path=f"<{rule.id} example>", settings=settings)
    errors = [f for f in result.findings if f.is_input_error]
    assert not errors, "example has input errors:\n" + "\n".join(
        f"{f.span}: {f.rule_id} {f.message}" for f in errors)
    return [f for f in result.findings if f.rule_id == rule.id]


FAILING = _examples("failing")
PASSING = _examples("passing")


def test_registry_has_the_mission_rules() -> None:
    ids = {r.id for r in RULES}
    assert {"REL001", "REL002", "NET001", "NET002", "NET003", "CMP001", "CMP002",
            "STO001", "STO002", "STO003"} <= ids


@pytest.mark.parametrize(("rule", "index", "text"), FAILING, ids=_ids(FAILING))
def test_failing_example_fires(rule: Rule, index: int, text: str) -> None:
    assert _run(rule, text), f"{rule.id} failing example {index} produced no {rule.id}:\n{text}"


@pytest.mark.parametrize(("rule", "index", "text"), PASSING, ids=_ids(PASSING))
def test_passing_example_is_clean(rule: Rule, index: int, text: str) -> None:
    found = _run(rule, text)
    assert not found, f"{rule.id} passing example {index} produced:\n" + "\n".join(
        f.message for f in found)
