"""The command line: output format, exit codes, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint import registry
from archlint.cli import main
from archlint.registry import rule

CLEAN = "users: users\nweb: ec2 { count = 2, azs = 2 }\nusers -> web\n"


@rule(
    id="TST001", name="no-lonely-ec2", title="test rule: an EC2 with count 1", severity="warning",
    why="test", fix="add a twin", sources=["https://example.com/doc"],
    failing=["a: ec2"], passing=["a: ec2 { count = 2 }"],
)
def _lonely(graph, ctx):
    for node in graph.of_kind("ec2"):
        if node.count < 2:
            yield ctx.finding(node, f"'{node.id}' runs 1 instance")


@pytest.fixture
def test_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "builtin_rules", lambda: (_lonely,))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_clean_file_exits_0(tmp_path: Path, test_rules: None) -> None:
    result = run("check", str(write(tmp_path, "ok.arch", CLEAN)))
    assert result.exit_code == 0
    assert result.output == "All checks passed: 1 document in 1 file.\n"


def test_findings_exit_1_with_positions(tmp_path: Path, test_rules: None, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "bad.arch", "x: ec2 { count = 2 }\nsolo: ec2\n")
    result = run("check", "bad.arch", "--fail-on", "warning")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "bad.arch:2:1: TST001 [warning] 'solo' runs 1 instance",
        "Found 1 problem (1 warning) in 1 document in 1 file.",
    ]


@pytest.mark.parametrize("level, code", [("error", 0), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_levels(tmp_path: Path, test_rules: None, level: str, code: int) -> None:
    result = run("check", str(write(tmp_path, "w.arch", "solo: ec2\n")), "--fail-on", level)
    assert result.exit_code == code


def test_input_errors_exit_2_even_with_fail_on_never(tmp_path: Path, test_rules: None) -> None:
    result = run("check", str(write(tmp_path, "e.arch", "a: ec3\n")), "--fail-on", "never")
    assert result.exit_code == 2
    assert "E101 [error] unknown kind 'ec3'; did you mean 'ec2'?" in result.output


def test_select_and_ignore(tmp_path: Path, test_rules: None) -> None:
    path = str(write(tmp_path, "w.arch", "solo: ec2\n"))
    assert "TST001" in run("check", path, "--select", "TST").output
    assert "TST001" not in run("check", path, "--ignore", "no-lonely-ec2").output
    assert "TST001" not in run("check", path, "--select", "REL,NET").output


def test_directories_are_searched_for_arch_and_markdown(tmp_path: Path, test_rules: None) -> None:
    write(tmp_path, "a.arch", CLEAN)
    (tmp_path / "docs").mkdir()
    write(tmp_path / "docs", "d.md", "# Doc\n\n```archlint\nsolo: ec2\n```\n")
    write(tmp_path / "docs", "plain.md", "# nothing\n")
    write(tmp_path, "ignored.txt", "solo: ec2\n")
    result = run("check", str(tmp_path), "--fail-on", "warning")
    assert result.exit_code == 1
    assert "d.md:4:1: TST001" in result.output
    assert result.output.endswith("in 2 documents in 3 files.\n")


def test_json_format(tmp_path: Path, test_rules: None) -> None:
    result = run("check", str(write(tmp_path, "w.arch", "solo: ec2\n")), "--format", "json")
    document = json.loads(result.output)
    assert document["version"] == 1
    (finding,) = document["findings"]
    assert finding["rule"] == "TST001" and finding["severity"] == "warning"
    assert (finding["line"], finding["column"], finding["element"]) == (1, 1, "solo")
    assert finding["fix"] == "add a twin"
    assert document["summary"]["warnings"] == 1


def test_quiet_prints_nothing_when_clean(tmp_path: Path, test_rules: None) -> None:
    assert run("check", "-q", str(write(tmp_path, "ok.arch", CLEAN))).output == ""


@pytest.mark.parametrize("option, value", [("--select", ""), ("--select", " , "), ("--ignore", "")])
def test_a_selector_naming_no_rule_is_a_usage_error(tmp_path: Path, option: str, value: str) -> None:
    """`--select "$RULES"` with an empty variable used to run every rule and pass."""
    path = write(tmp_path, "ok.arch", CLEAN)
    result = CliRunner().invoke(main, ["check", option, value, str(path)])
    assert result.exit_code == 2
    assert f"{option} {value!r} names no rule" in result.output
    assert run("check", option, "REL001,", str(path)).exit_code == 0   # a trailing comma is fine


@pytest.mark.parametrize("command", [["check"], ["fmt"], ["export", "--to", "d2"]])
def test_standard_input_named_twice_is_a_usage_error(command: list[str]) -> None:
    """The second `-` used to read an exhausted stream: one document checked, no word."""
    result = CliRunner().invoke(main, [*command, "-", "-"], input="web: ec2\n")
    assert result.exit_code == 2
    assert "'-' (standard input) is given more than once" in result.output


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path / "nope.arch")])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--format", "xml", str(tmp_path)])
    assert result.exit_code == 2 and "Invalid value for '--format'" in result.output


def test_kinds_command_lists_kinds_and_groups() -> None:
    result = run("kinds")
    assert result.exit_code == 0
    assert "lambda" in result.output and "groups: " in result.output


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archlint", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def test_subprocess_syntax_error_has_caret_and_no_traceback(tmp_path: Path) -> None:
    write(tmp_path, "bad.arch", "vpc prod {\n  web: ec2 {{\n}\n")
    result = cli("check", "bad.arch", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[:3] == [
        "bad.arch:2:13: E100 [error] syntax error: unexpected '{'; expected a name, "
        "a group keyword (region, az, vpc, subnet, account, asg, group), 'include', '}' or '['",
        "      web: ec2 {{",
        "                ^",
    ]


def test_subprocess_clean_and_version(tmp_path: Path) -> None:
    write(tmp_path, "ok.arch", CLEAN)
    assert cli("check", "ok.arch", cwd=tmp_path).returncode in (0, 1)
    version = cli("--version", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("archlint, version ")


def test_subprocess_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "x.arch").write_bytes(b"a: ec2\n\xff\xfe garbage\n")
    result = cli("check", "x.arch", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stdout.startswith("x.arch:2:1: E107 [error] not valid UTF-8 (byte 0xff)")


def test_subprocess_reads_a_pipe_once_even_with_the_cache(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "archlint", "check", "/dev/stdin"], cwd=tmp_path,
                            input="a: ec3\n", capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "/dev/stdin:1:4: E101 [error] unknown kind 'ec3'" in result.stdout


def test_an_unexpected_os_error_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """The last line of defence let every OSError but a full disk through: a traceback,
    and exit 1, the code for findings (`archlint init` into a read-only folder did so)."""
    from archlint import cli as module

    def fail(**_: object) -> None:
        raise PermissionError(13, "Permission denied", "/somewhere")

    monkeypatch.setattr(module, "main", fail)
    with pytest.raises(SystemExit) as stopped:
        module.run()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err == "archlint: error: Permission denied: /somewhere\n"   # one line, no "bug"
