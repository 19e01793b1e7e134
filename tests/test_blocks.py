"""Markdown blocks that are skipped (a rejected alternative) or named, and baselines
keyed per block, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main

SPOF = "users: users\ndb: rds\nusers -> db\n"
CLEAN = "users: users\nweb: ec2 { count = 2, azs = 2 }\nusers -> web\n"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def doc(tmp_path: Path, *blocks: tuple[str, str]) -> str:
    text = "# Design\n" + "".join(f"\n```archlint{info}\n{body}```\n" for info, body in blocks)
    path = tmp_path / "design.md"
    path.write_text(text)
    return str(path)


def test_skipped_block_is_not_judged_but_must_read(tmp_path: Path) -> None:
    path = doc(tmp_path, ("", CLEAN), (" skip", SPOF))
    result = run("check", "--no-cache", path)
    assert result.exit_code == 0, result.output
    assert result.output.endswith(": 2 documents in 1 file (1 skipped block not checked).\n")
    broken = doc(tmp_path, ("", CLEAN), (" skip", "db: rdss\n"))
    assert run("check", "--no-cache", broken).exit_code == 2


def test_named_block_is_named_in_text_json_and_sarif(tmp_path: Path) -> None:
    path = doc(tmp_path, (" name=current", SPOF), ("", SPOF))
    text = run("check", "--no-cache", "--select", "REL001", path).output
    assert "REL001 [error] block 'current': 'db' (rds)" in text
    assert "REL001 [error] 'db' (rds)" in text  # the unnamed block: its line says where
    findings = json.loads(run("check", "--no-cache", "--format", "json", path).output)["findings"]
    assert {f["block"] for f in findings} == {"current", "block2"}
    sarif = json.loads(run("check", "--no-cache", "--format", "sarif", path).output)
    assert {r["properties"]["block"] for r in sarif["runs"][0]["results"]} == {"current", "block2"}


def test_rendered_picture_is_named_after_its_block(tmp_path: Path) -> None:
    path = doc(tmp_path, (" name=current", CLEAN), (" skip name=rejected", SPOF))
    result = run("render", "--format", "dot", path)
    assert result.exit_code == 0, result.output
    assert "block current" in (tmp_path / "design-current.dot").read_text()
    assert "skipped: a rejected alternative" in (tmp_path / "design-rejected.dot").read_text()


def test_info_string_mistakes_are_positioned_errors(tmp_path: Path) -> None:
    result = run("check", "--no-cache", doc(tmp_path, (" skp", CLEAN)))
    assert result.exit_code == 2
    assert "design.md:3:13: E100 [error] unknown word 'skp' after ```archlint; did you mean 'skip'?" \
        in result.output
    twice = run("check", "--no-cache", doc(tmp_path, (" name=a", CLEAN), (" name=a", CLEAN)))
    assert "block name 'a' is already used by the block on line 3" in twice.output
    reserved = run("check", "--no-cache", doc(tmp_path, (" name=block1", CLEAN)))
    assert "reserved for unnamed blocks" in reserved.output


def test_baseline_in_one_block_does_not_hide_a_new_finding_in_another(tmp_path: Path) -> None:
    baseline = str(tmp_path / "baseline.json")
    before = doc(tmp_path, (" name=old", SPOF), (" name=new", CLEAN))
    assert run("check", "--no-cache", "--write-baseline", baseline, before).exit_code == 0
    entries = json.loads(Path(baseline).read_text())["findings"]
    assert {e["block"] for e in entries} == {"old"}
    after = doc(tmp_path, (" name=old", SPOF), (" name=new", SPOF))
    result = run("check", "--no-cache", "--select", "REL001", "--baseline", baseline, after)
    assert result.exit_code == 1
    assert "block 'new': 'db' (rds)" in result.output and "block 'old'" not in result.output


def test_a_baseline_entry_without_block_still_matches_its_file(tmp_path: Path) -> None:
    path = doc(tmp_path, ("", SPOF))
    baseline = tmp_path / "baseline.json"
    baseline.write_text(json.dumps({"archlint-baseline": 1, "findings": [
        {"file": "design.md", "element": "db", "rule": rule, "count": 1}
        for rule in ("REL001", "REL004")]}))
    result = run("check", "--no-cache", "--select", "REL001,REL004", "--baseline", str(baseline), path)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("language", ["archlnt", "Archlint", "ARCHLINT", "arclint", "arch",
                                      "arch-lint", "{.archlint}", "{archlint}"])   # Pandoc's {.lang}
def test_a_misspelt_fence_language_is_an_error_not_an_unchecked_design(
        tmp_path: Path, language: str) -> None:
    doc = tmp_path / "design.md"
    text = f"# Design\n\n```{language}\ndb: rds\nu: users\nu -> db\n```\n"
    doc.write_text(text)
    result = CliRunner().invoke(main, ["check", "--no-cache", str(doc)])
    assert result.exit_code == 2, result.output
    assert f"design.md:3:4: E100 [error] unknown fence language '{language}'; did you mean " \
           "'archlint'?" in result.output
    formatted = CliRunner().invoke(main, ["fmt", str(doc)])
    assert formatted.exit_code == 2 and doc.read_text() == text   # reported, never rewritten


@pytest.mark.parametrize("language", ["archlint-error", "architecture", "python", "text", "arm"])
def test_other_languages_are_still_not_designs(tmp_path: Path, language: str) -> None:
    doc = tmp_path / "design.md"
    doc.write_text(f"# Design\n\n```{language}\nnot: a design at all\n```\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(doc)])
    assert result.exit_code == 0, result.output
    assert "0 documents" in result.output
