"""Baselines keyed on (file, element, rule) with counts, surviving edits elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main

from gate_helpers import run_archlint, use_test_rules

OLD = """\
a: ec2 { flag = error }
b: ec2 { flag = warning }
vpc v {
  c: ec2 { flag = error }
}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    use_test_rules(monkeypatch)
    (tmp_path / "arch").mkdir()
    (tmp_path / "arch" / "main.arch").write_text(OLD)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "design.md").write_text(
        "# Design\n\n```archlint\nd: ec2 { flag = error }\n```\n")
    return tmp_path


def check(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["check", "--fail-on", "warning", *args])


def test_write_baseline_records_sorted_keys_with_counts(project: Path) -> None:
    result = check("--write-baseline", "archlint-baseline.json", "arch", "docs")
    assert result.exit_code == 0, result.output
    assert "recorded 4 findings in archlint-baseline.json" in result.output
    document = json.loads((project / "archlint-baseline.json").read_text())
    assert document == {"archlint-baseline": 1, "findings": [
        {"file": "arch/main.arch", "element": "a", "rule": "TST001", "count": 1},
        {"file": "arch/main.arch", "element": "b", "rule": "TST002", "count": 1},
        {"file": "arch/main.arch", "element": "c", "rule": "TST001", "count": 1},
        {"file": "docs/design.md", "block": "block1", "element": "d", "rule": "TST001", "count": 1},
    ]}
    # stable: writing again gives the same bytes
    first = (project / "archlint-baseline.json").read_bytes()
    check("--write-baseline", "archlint-baseline.json", "arch", "docs")
    assert (project / "archlint-baseline.json").read_bytes() == first


def test_baseline_drops_known_findings_and_survives_edits(project: Path) -> None:
    check("--write-baseline", "baseline.json", "arch")
    assert check("--baseline", "baseline.json", "arch").exit_code == 0
    # lines move: comments and new clean elements above every finding
    edited = "# new header\n\nz: ec2\n\n" + OLD.replace("vpc v {", "vpc v {\n  y: ec2\n")
    (project / "arch" / "main.arch").write_text(edited)
    result = check("--baseline", "baseline.json", "arch")
    assert result.exit_code == 0, result.output
    assert "All checks passed" in result.output
    # a new finding on another element is reported
    (project / "arch" / "main.arch").write_text(edited + "e: ec2 { flag = error }\n")
    result = check("--baseline", "baseline.json", "arch")
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith("arch/main.arch:12:1: TST001 [error] 'e'")


def test_same_rule_on_another_element_or_another_rule_is_new(project: Path) -> None:
    check("--write-baseline", "baseline.json", "arch")
    (project / "arch" / "main.arch").write_text(OLD.replace("flag = warning", "flag = error"))
    result = check("--baseline", "baseline.json", "arch")
    assert result.exit_code == 1
    assert "TST001 [error] 'b' is flagged error" in result.output


def test_counts_report_only_the_excess(project: Path) -> None:
    (project / "arch" / "main.arch").write_text("a: ec2 { flag = error }\n")
    check("--write-baseline", "baseline.json", "arch")
    # a Markdown file with two blocks defining the same id: one key per block
    (project / "docs" / "design.md").write_text(
        "```archlint\nd: ec2 { flag = error }\n```\n\n```archlint\nd: ec2 { flag = error }\n```\n")
    check("--write-baseline", "two.json", "docs")
    entries = json.loads((project / "two.json").read_text())["findings"]
    assert entries == [
        {"file": "docs/design.md", "block": f"block{n}", "element": "d", "rule": "TST001", "count": 1}
        for n in (1, 2)]
    (project / "docs" / "design.md").write_text(
        "```archlint\nd: ec2 { flag = error }\n```\n\n```archlint\nd: ec2 { flag = error }\n```\n"
        "\n```archlint\nd: ec2 { flag = error }\n```\n")
    result = check("--baseline", "two.json", "docs")
    assert result.exit_code == 1
    assert [line.split(": ")[0] for line in result.output.splitlines()[:-1]] == ["docs/design.md:10:1"]


def test_paths_are_relative_to_the_baseline_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check("--write-baseline", "baseline.json", "arch")
    monkeypatch.chdir(project / "arch")
    result = CliRunner().invoke(main, ["check", "--baseline", "../baseline.json", "main.arch"])
    assert result.exit_code == 0, result.output


def test_input_errors_are_never_baselined(project: Path) -> None:
    (project / "arch" / "broken.arch").write_text("x: ec2 {\n")
    result = check("--write-baseline", "baseline.json", "arch")
    assert result.exit_code == 2
    assert "E100" in result.output
    entries = json.loads((project / "baseline.json").read_text())["findings"]
    assert all(e["rule"].startswith("TST") for e in entries)
    assert check("--baseline", "baseline.json", "arch").exit_code == 2


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "baseline is not valid JSON"),
    ('{"findings": []}', "not an archlint baseline"),
    ('{"archlint-baseline": 1, "findings": [{"file": "a", "rule": "X", "count": 0}]}',
     "baseline entry 0 must have"),
    ('{"archlint-baseline": 1, "findings": [{"file": "a", "element": 3, "rule": "X", "count": 1}]}',
     "baseline entry 0 must have"),
    # these two were tracebacks ("internal error") before
    ('{"archlint-baseline": 1, "findings": 5}', '"findings" must be a list'),
    ('{"archlint-baseline": 1, "findings": [{"file": "a", "rule": "X", "count": 1}]}',
     "baseline entry 0 must have"),
    # a baseline without its findings, or with a misspelt key, is not an empty one
    ('{"archlint-baseline": 1}', 'baseline has no "findings"'),
    ('{"archlint-baseline": 1, "finding": []}',
     "keys are archlint-baseline, findings, not 'finding'; did you mean 'findings'?"),
    ('{"archlint-baseline": true, "findings": []}', "not an archlint baseline"),
])
def test_malformed_baseline_exits_2(project: Path, content: str, expected: str) -> None:
    (project / "bad.json").write_text(content)
    result = check("--baseline", "bad.json", "arch")
    assert result.exit_code == 2
    assert expected in result.output and "bad.json" in result.output


def test_missing_baseline_exits_2(project: Path) -> None:
    result = check("--baseline", "nope.json", "arch")
    assert result.exit_code == 2 and "cannot read baseline" in result.output


def test_baseline_in_a_real_process(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "a.arch").write_text("fn: lambda { timeout = 20m }\n")
    (tmp_path / ".archlint.yaml").write_text("select: [CMP001]\n")
    assert run_archlint("check", "a.arch", cwd=tmp_path).returncode == 1
    done = run_archlint("check", "--write-baseline", ".archlint-baseline.json", "a.arch", cwd=tmp_path)
    assert done.returncode == 0 and "recorded 1 finding in" in done.stderr
    (tmp_path / "a.arch").write_text("# moved down\n\nfn: lambda { timeout = 20m }\n")
    assert run_archlint("check", "--baseline", ".archlint-baseline.json", "a.arch",
                        cwd=tmp_path).returncode == 0
    (tmp_path / "a.arch").write_text("fn: lambda { timeout = 20m }\ng: lambda { timeout = 16m }\n")
    done = run_archlint("check", "--baseline", ".archlint-baseline.json", "a.arch", cwd=tmp_path)
    assert done.returncode == 1 and "a.arch:2:" in done.stdout and "a.arch:1:" not in done.stdout


def _entry(**fields: object) -> dict:
    return {"file": "arch/main.arch", "element": "a", "rule": "TST001", "count": 1, **fields}


@pytest.mark.parametrize("entry, message", [
    (_entry(rule="TST01"), "baseline entry 1: rule must be a known rule id, not 'TST01'; "
                           "did you mean 'TST001'?"),
    ({**_entry(), "blok": "design"}, "baseline entry 1: keys are file, block, element, rule, "
                                     "count, not 'blok'; did you mean 'block'?"),
    (_entry(file="../x.arch"), "baseline entry 1: file must be a path relative to the "
                               "baseline's directory, inside it, not '../x.arch'"),
    (_entry(file="/etc/x.arch"), "not '/etc/x.arch'"),
    (_entry(file="C:/x.arch"), "not 'C:/x.arch'"),
    (_entry(rule="E101"), "baseline entry 1: E101 is an input error, which is never baselined: "
                          "a file that does not read always fails the run"),
    # paths never written in this form match nothing: the entry would silently hide nothing
    (_entry(file="./arch/main.arch"), "baseline entry 1: file must be written as "
                                      "'arch/main.arch', not './arch/main.arch'"),
    (_entry(file="arch//main.arch"), "written as 'arch/main.arch', not 'arch//main.arch'"),
])
def test_a_wrong_baseline_entry_is_a_positioned_error(project: Path, entry: dict,
                                                      message: str) -> None:
    document = {"archlint-baseline": 1, "findings": [_entry(element="b"), entry]}
    (project / "baseline.json").write_text(json.dumps(document, indent=2))
    result = check("--baseline", "baseline.json", "arch")
    assert result.exit_code == 2, result.output
    assert "archlint: error: baseline.json:10: baseline entry 1: " in result.output
    assert message in result.output


def test_a_written_baseline_reads_back(project: Path) -> None:
    written = check("--write-baseline", "baseline.json", "arch", "docs")
    assert written.exit_code == 0, written.output
    rewritten = check("--baseline", "baseline.json", "--write-baseline", "baseline.json", "arch", "docs")
    assert rewritten.exit_code == 0, rewritten.output
    assert check("--baseline", "baseline.json", "arch", "docs").exit_code == 0


@pytest.mark.parametrize("link", ["loop", "elsewhere"])
def test_a_baseline_written_over_a_symlink_replaces_it_and_reads_back(project: Path, link: str) -> None:
    """Its folder was taken by resolving the link: a loop was an internal error
    (RuntimeError), and a link to another folder made paths relative to that folder
    while the file was written here, so it did not read back."""
    (project / "elsewhere").mkdir()
    (project / "baseline.json").symlink_to("baseline.json" if link == "loop" else "elsewhere/b.json")
    written = check("--write-baseline", "baseline.json", "arch", "docs")
    assert written.exit_code == 0, written.output
    assert not (project / "baseline.json").is_symlink()
    assert check("--baseline", "baseline.json", "arch", "docs").exit_code == 0


def test_a_baseline_outside_the_checked_files_is_refused(project: Path) -> None:
    (project / "sub").mkdir()
    result = check("--write-baseline", "sub/baseline.json", "arch")
    assert result.exit_code == 2, result.output
    assert "is outside the baseline's directory" in result.output
    assert not (project / "sub" / "baseline.json").exists()


def test_report_and_baseline_to_one_file_is_a_usage_error(project: Path) -> None:
    """The report would replace the baseline just written ("recorded 2 findings" and a
    file holding the report): refused before anything is written."""
    result = check("--write-baseline", "out.json", "--output", "./out.json", "arch")
    assert result.exit_code == 2, result.output
    assert "--output and --write-baseline name the same file" in result.output
    assert not (project / "out.json").exists()
