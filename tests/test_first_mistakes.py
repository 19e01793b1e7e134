"""Mistakes a new user makes in a first design doc: each is a positioned error or a
warning through the CLI, never a silent pass (issue: no silent passes)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), catch_exceptions=False, env=env)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_node_written_as_a_document_attribute_is_an_error_with_the_fix(tmp_path: Path) -> None:
    path = write(tmp_path, "a.arch", "web = ec2\nusers: users\nusers -> web\n")
    result = run("check", "--no-cache", path)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if ": E1" in line]
    # one error, on line 1, and no second "'web' is not defined" for the edge
    assert len(lines) == 1 and lines[0].endswith(
        ":1:1: E105 [error] unknown document attribute 'web'; did you mean 'web: ec2' "
        "(a node of kind ec2)?")


@pytest.mark.parametrize("text, expected", [
    ('titel = "Shop"', "did you mean 'title'?"),
    ('owner = "team"', "a document knows title, availability, direction; write free-form "
                       "metadata as 'x_owner = ...'"),
    ("direction = up", "invalid value for document attribute 'direction': up; expected one of "
                       "LR, RL, TB, BT"),
])
def test_unknown_document_attributes(tmp_path: Path, text: str, expected: str) -> None:
    result = run("check", "--no-cache", write(tmp_path, "a.arch", text + "\nweb: ec2\n"))
    assert result.exit_code == 2 and expected in result.output


def test_free_form_document_metadata_and_direction_are_accepted(tmp_path: Path) -> None:
    text = 'x_owner = "payments"\ndirection = TB\nusers: users\nweb: ec2 { count = 2, azs = 2 }\nusers -> web\n'
    result = run("check", "--no-cache", write(tmp_path, "a.arch", text))
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value, line, column, glued", [
    ("15 minutes", 2, 16, "15m"), ("15 m", 2, 16, "15m"), ("15 min", 2, 16, "15min"),
])
def test_spaced_duration_points_at_its_unit(tmp_path: Path, value: str, line: int, column: int,
                                            glued: str) -> None:
    text = f"job: lambda {{\n  timeout = {value}\n  memory = 512MB\n}}\n"
    result = run("check", "--no-cache", write(tmp_path, "a.arch", text))
    assert result.exit_code == 2
    assert f"a.arch:{line}:{column}: E100 [error] syntax error: space between the number and its unit" \
        in result.output
    assert f"(write the unit right after the number: '{glued}')" in result.output
    assert "memory" not in result.output.splitlines()[0]


def test_spaced_size_in_a_body_points_at_its_unit(tmp_path: Path) -> None:
    text = "job: lambda {\n  memory = 512 MB\n  timeout = 1m\n}\n"
    result = run("check", "--no-cache", write(tmp_path, "a.arch", text))
    assert ":2:16: E100" in result.output and "'512MB'" in result.output
    caret = result.output.splitlines()[2]
    assert caret.strip() == "^^"


def test_long_unit_glued_to_the_number_gets_the_short_form(tmp_path: Path) -> None:
    result = run("check", "--no-cache", write(tmp_path, "a.arch", "f: lambda { timeout = 15minutes }\n"))
    assert result.exit_code == 2 and "(write '15m')" in result.output


def test_empty_archlint_block_warns(tmp_path: Path) -> None:
    doc = write(tmp_path, "doc.md", "# Design\n\n```archlint\n```\n\n```archlint\n# todo\n```\n")
    result = CliRunner().invoke(main, ["check", "--no-cache", doc])
    assert result.exit_code == 0
    assert re.findall(r"doc\.md:(\d+): empty archlint block", result.stderr) == ["3", "6"]
    quiet = CliRunner().invoke(main, ["check", "--no-cache", "-q", doc])
    assert quiet.stderr == ""


@pytest.mark.parametrize("error_id", [f"E10{i}" for i in range(9)])
def test_explain_covers_input_errors(error_id: str) -> None:
    result = run("explain", error_id.lower())
    assert result.exit_code == 0
    assert result.output.startswith(f"{error_id} (")
    assert "How to fix" in result.output and "exit status 2" in result.output


def test_explain_input_error_examples_are_true() -> None:
    from archlint.output.input_error_doc import DOCS
    from archlint.run.engine import check_text

    for doc in DOCS.values():
        if doc.wrong is not None:
            assert doc.id in {f.rule_id for f in check_text(doc.wrong).findings}, doc.id
        assert not [f for f in check_text(doc.right).findings if f.is_input_error], doc.id


@pytest.mark.parametrize("comment", [
    "ignore[REL] family", "ignore[ALL] everything", "ignore[single-point-of-failure] by name",
    "ignore[rel001] any case",
])
def test_suppressions_take_families_names_and_all(tmp_path: Path, comment: str) -> None:
    text = f"users: users\nweb: ec2  # archlint: {comment}\nusers -> web\n"
    result = run("check", "--no-cache", "--select", "REL001,SUP", write(tmp_path, "a.arch", text))
    assert result.exit_code == 0, result.output


def test_unknown_id_in_a_suppression_gets_did_you_mean(tmp_path: Path) -> None:
    text = "users: users\nweb: ec2  # archlint: ignore[RELL001] typo\nusers -> web\n"
    result = run("check", "--no-cache", write(tmp_path, "a.arch", text))
    assert "malformed" not in result.output
    assert "SUP001 [warning] unused suppression: no rule is called RELL001 (did you mean REL001?)" \
        in result.output


def test_version_short_flag() -> None:
    assert re.fullmatch(r"archlint, version \S+\n", run("-V").output)


def _colored(*args: str, env: dict[str, str]) -> str:
    """Run as a subprocess with stdout a pipe (as in CI logs)."""
    import os

    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run([sys.executable, "-m", "archlint", *args], capture_output=True,
                          text=True, env={**clean, **env}, check=False)
    return done.stdout


@pytest.mark.parametrize("flags, env, colored", [
    (["--color"], {}, True),
    ([], {}, False),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"NO_COLOR": "1", "FORCE_COLOR": ""}, False),
    (["--color"], {"NO_COLOR": "1"}, True),
    (["--no-color"], {"FORCE_COLOR": "1"}, False),
])
def test_colour_in_a_pipe(tmp_path: Path, flags: list[str], env: dict[str, str], colored: bool) -> None:
    path = write(tmp_path, "a.arch", "f: lambda { timeout = 20m }\n")
    out = _colored("check", "--no-cache", *flags, path, env=env)
    assert "CMP001" in out
    assert ("\x1b[" in out) is colored


def test_sarif_help_uri_is_the_rules_own_documentation(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from archlint.output.reporters import sarif

    path = write(tmp_path, "a.arch", "users: users\nweb: ec2\nusers -> web\n")
    rules = lambda out: {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    plain = rules(run("check", "--no-cache", "--format", "sarif", path).output)
    assert "helpUri" not in plain["REL001"]  # never the RDS Multi-AZ page
    monkeypatch.setattr(sarif, "_project_urls",
                        lambda: {"documentation": "https://archlint.example/docs/"})
    declared = rules(run("check", "--no-cache", "--format", "sarif", path).output)
    assert declared["REL001"]["helpUri"] == "https://archlint.example/docs/rules.md#rel001"


@pytest.mark.parametrize("flags, rankdir", [([], "TB"), (["--direction", "rl"], "RL")])
def test_document_direction_draws_top_to_bottom(tmp_path: Path, flags: list[str], rankdir: str) -> None:
    path = write(tmp_path, "d.arch", "direction = TB\nusers: users\nweb: ec2\nusers -> web\n")
    result = run("render", "--format", "dot", *flags, path)
    assert result.exit_code == 0, result.output
    assert re.search(r"\brankdir=(\w+)", (tmp_path / "d.dot").read_text())[1] == rankdir


def test_force_color_never_colours_a_report_file(tmp_path: Path) -> None:
    path = write(tmp_path, "a.arch", "f: lambda { timeout = 20m }\n")
    out = tmp_path / "report.txt"
    _colored("check", "--no-cache", "--output", str(out), path, env={"FORCE_COLOR": "1"})
    assert "CMP001" in out.read_text() and "\x1b[" not in out.read_text()


def test_node_with_a_misspelt_kind_written_as_a_document_attribute(tmp_path: Path) -> None:
    result = run("check", "--no-cache", write(tmp_path, "a.arch", "fn = lamda\n"))
    assert "did you mean 'fn: lambda' (a node of kind lambda)?" in result.output
