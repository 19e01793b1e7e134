"""The rule registry as users see it: `archlint rules`, `archlint explain`, docs/rules.md."""

from __future__ import annotations

import re
from urllib.parse import urlparse
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.registry import RULE_ID, RULE_NAME, all_rules, find_rule
from archlint.output.rule_doc import rules_markdown

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_docs_rules_md_is_current() -> None:
    expected = rules_markdown(all_rules())
    actual = DOCS.read_text(encoding="utf-8") if DOCS.exists() else ""
    assert actual == expected, (
        "docs/rules.md is out of date; regenerate it with "
        "`python -m archlint.output.rule_doc > docs/rules.md` and commit it")


def test_rules_lists_every_rule() -> None:
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "NAME", "SEVERITY", "TITLE"]
    for r in all_rules():
        row = next((line for line in lines if line.startswith(r.id + " ")), None)
        assert row is not None, f"{r.id} missing from `archlint rules`"
        assert r.name in row and str(r.severity) in row and r.title in row


@pytest.mark.parametrize("key", ["REL001", "rel001", "single-point-of-failure"])
def test_explain_prints_the_full_doc(key: str) -> None:
    result = CliRunner().invoke(main, ["explain", key])
    assert result.exit_code == 0, result.output
    rule = find_rule("REL001")
    assert rule is not None
    out = result.output
    assert out.startswith("REL001 (single-point-of-failure)")
    for section in ("Why", "How to fix", "Fails", "Passes", "Sources"):
        assert re.search(rf"^{section}$", out, re.M), section
    assert "dominator" in out
    assert rule.sources[0] in out
    assert rule.failing[0].splitlines()[0].strip() in out


def test_explain_shows_options() -> None:
    result = CliRunner().invoke(main, ["explain", "NET001"])
    assert result.exit_code == 0
    assert "quota = 50" in result.output


def test_explain_unknown_rule_exits_2() -> None:
    result = CliRunner().invoke(main, ["explain", "NOPE"])
    assert result.exit_code == 2
    assert "no rule 'NOPE'" in result.output


def test_explain_suggests_close_names() -> None:
    result = CliRunner().invoke(main, ["explain", "single-point-of-failur"])
    assert result.exit_code == 2
    assert "single-point-of-failure" in result.output


def test_registry_is_valid() -> None:
    rules = all_rules()
    ids = [r.id for r in rules]
    names = [r.name for r in rules]
    assert len(ids) == len(set(ids)), "duplicate rule ids"
    assert len(names) == len(set(names)), "duplicate rule names"
    assert ids == sorted(ids)
    for r in rules:
        assert RULE_ID.match(r.id), r.id
        assert RULE_NAME.match(r.name), r.name
        assert r.sources and all(s.startswith("https://") for s in r.sources), r.id
        assert r.failing and r.passing, r.id
        assert r.why.strip() and r.fix.strip() and r.title.strip(), r.id
        for option in r.options:
            assert option.description, (r.id, option.name)


CHECKED = re.compile(r"\bchecked\b[^.]{0,60}?\b20\d\d-\d\d\b", re.IGNORECASE | re.DOTALL)
ADVICE = re.compile(r"\bA design (principle|heuristic)\b")


def test_every_rule_citing_aws_says_when_its_facts_were_checked() -> None:
    """AWS limits and behaviour change: a rule citing AWS service documentation says
    when its facts were checked (`explain` and docs/rules.md show it), unless it
    declares itself a design principle or heuristic, citing AWS for guidance only.
    The Well-Architected framework (cited by the suppression rules) is guidance."""
    def states_aws_facts(source: str) -> bool:
        url = urlparse(source)
        return url.hostname in ("docs.aws.amazon.com", "aws.amazon.com") and not url.path.startswith("/wellarchitected/")

    undated = [r.id for r in all_rules()
               if any(states_aws_facts(s) for s in r.sources)
               and not CHECKED.search(r.why) and not ADVICE.search(r.why)]
    assert undated == []


def test_find_rule_by_id_and_name() -> None:
    assert find_rule("net001").id == "NET001"  # type: ignore[union-attr]
    assert find_rule("vpc-peering-limit").id == "NET001"  # type: ignore[union-attr]
    assert find_rule("NET999") is None
