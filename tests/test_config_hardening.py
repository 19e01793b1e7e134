"""Configuration and baselines that must stop the run, never pass it (issue 11):
a configuration that cannot be hijacked from above the project, a broken pyproject
that is never skipped, and hostile files that end in a positioned exit 2, never
a traceback. Every test goes through the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main

FINDINGS = "web: ec2\ndb: rds\nweb -> db\n"      # errors: exit 1 with the defaults
HIJACK = "ignore: [ALL]\n"


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", "--no-cache", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# -- which configuration applies ----------------------------------------------------

def test_a_project_marker_stops_the_search(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pyproject.toml without [tool.archlint] still marks the project: a stray file
    above it does not apply."""
    write(tmp_path / ".archlint.yaml", HIJACK)
    write(tmp_path / "proj" / "pyproject.toml", "[project]\nname = 'x'\n")
    write(tmp_path / "proj" / "design.arch", FINDINGS)
    monkeypatch.chdir(tmp_path / "proj")
    code, _ = check("design.arch")
    assert code == 1
    shown = check("--show-settings")[1]
    assert "# configuration file: none" in shown and "pyproject.toml" in shown


def test_nothing_above_the_home_directory_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".archlint.yaml", HIJACK)
    home = tmp_path / "home"
    write(home / "designs" / "design.arch", FINDINGS)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home / "designs")
    assert check("design.arch")[0] == 1
    assert "home" in check("--show-settings")[1]
    write(home / ".archlint.yaml", "fail-on: never\n")     # the user's own file still counts
    assert check("design.arch")[0] == 0


def test_a_folder_other_users_can_write_is_never_searched(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Like /tmp: anyone can plant a .archlint.yaml there."""
    shared = tmp_path / "shared"
    write(shared / ".archlint.yaml", HIJACK)
    shared.chmod(0o1777)
    write(shared / "mine" / "design.arch", FINDINGS)
    monkeypatch.setenv("HOME", str(tmp_path / "elsewhere"))
    monkeypatch.chdir(shared / "mine")
    assert check("design.arch")[0] == 1
    settings = check("--show-settings")[1]
    assert "writable by other users" in settings
    assert check("design.arch", "--config", str(shared / ".archlint.yaml"))[0] == 0  # named: used


def test_show_settings_says_which_file_won_and_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "repo" / ".git" / "HEAD", "")
    write(tmp_path / "repo" / ".archlint.yaml", "fail-on: info\n")
    write(tmp_path / "repo" / "docs" / "design.arch", FINDINGS)
    monkeypatch.chdir(tmp_path / "repo" / "docs")
    shown = check("--show-settings")[1]
    assert "repo/.archlint.yaml (the nearest one to the checked paths)" in shown
    assert "up to" in shown and "repo: the nearest configuration file" in shown


def test_pyproject_with_a_quoted_table_name_and_a_syntax_error_stops_the_run(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / "pyproject.toml", '[tool."archlint"]\nignore = ["ALL"]\n\n[project\nname = "x"\n')
    write(tmp_path / "design.arch", FINDINGS)
    monkeypatch.chdir(tmp_path)
    code, output = check("design.arch")
    assert code == 2
    assert "pyproject.toml:4:" in output and "invalid TOML" in output


def test_pyproject_naming_archlint_by_escapes_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / "pyproject.toml", '[tool."\\u0061rchlint"]\nfail-on = "never"\n')
    write(tmp_path / "design.arch", FINDINGS)
    monkeypatch.chdir(tmp_path)
    assert check("design.arch")[0] == 0


# -- hostile configuration files: exit 2 with a position, never a traceback -------------

def deep_yaml_map(levels: int) -> str:
    return "".join(" " * i + "k:\n" for i in range(levels)) + " " * levels + "v\n"


CONFIGS = {
    "deep-map.yaml": ("rules:\n  NET001:\n    quota:\n" + "".join(
        " " * (6 + i) + "k:\n" for i in range(600)), "nested"),
    "deep-flow.yaml": ("select: " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
    "deep-flow-map.yaml": ("select: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n", "nested"),
    "big-int.yaml": ("rules:\n  NET001:\n    quota: " + "9" * 5000 + "\n", "digits"),
    "deep-array.toml": ("[tool.archlint]\nselect = " + "[" * 5000 + "]" * 5000 + "\n", "nested"),
    "big-int.toml": ("[tool.archlint.rules.NET001]\nquota = " + "9" * 5000 + "\n", "digits"),
    "tool-int.toml": ("tool = 5\n", "tool"),
    "bad-exclude.yaml": ('exclude: ["a/[z-a]"]\n', "a/[z-a]"),
    "bad-ignore-glob.yaml": ('per-file-ignores:\n  "a/[z-a]": [ALL]\n', "a/[z-a]"),
    "bad-name-glob.yaml": ('per-file-ignores:\n  "[z-a].arch": [ALL]\n', "[z-a]"),
}


def test_deep_flow_yaml_is_refused_quickly_in_a_real_process(tmp_path: Path) -> None:
    """PyYAML's scanner is quadratic in flow nesting and then overflows the stack;
    the depth bound stops it at once (a coarse bound: CI catches minutes, not 10%)."""
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / ".archlint.yaml", "select: " + "[" * 200_000 + "\n")
    write(tmp_path / "design.arch", FINDINGS)
    done = subprocess.run([sys.executable, "-m", "archlint", "check", "--no-cache", "design.arch"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "nested" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


# -- hostile baselines --------------------------------------------------------------

BASELINES = {
    "big-count.json": ('{"archlint-baseline": 1, "findings": [{"file": "design.arch", '
                       '"element": "db", "rule": "REL001", "count": ' + "9" * 5000 + "}]}\n",
                       "digits"),
    "deep.json": ("[" * 100_000 + "]" * 100_000 + "\n", "nested"),
    "deep-object.json": ('{"a":' * 50_000 + "1" + "}" * 50_000 + "\n", "nested"),
}


HOSTILE = [("--config", name, *CONFIGS[name]) for name in sorted(CONFIGS)] + \
          [("--baseline", name, *BASELINES[name]) for name in sorted(BASELINES)]


@pytest.mark.parametrize(("flag", "name", "text", "expected"), HOSTILE)
def test_hostile_configuration_or_baseline_is_a_clean_exit_2(
        flag: str, name: str, text: str, expected: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / name, text)
    write(tmp_path / "design.arch", FINDINGS)
    monkeypatch.chdir(tmp_path)
    code, output = check("design.arch", flag, name)
    assert code == 2, output
    position = f"{name}:1:" if flag == "--baseline" else f"{name}:"   # JSON: always a line
    assert output.startswith(f"archlint: error: {position}"), output
    assert expected in output and "internal error" not in output


@pytest.mark.parametrize("name, text", [
    (".archlint.yaml", "select: SECRETxyz\n"),
    ("pyproject.toml", '[tool.archlint]\nselect = "SECRETxyz"\n'),
])
def test_a_configuration_linked_out_of_the_project_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               name: str, text: str) -> None:
    """It was read and applied, and its values quoted in errors: a committed
    `.archlint.yaml -> ~/.aws/credentials` printed the secret in the CI log."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "a.arch").write_text("a: ec2\n")
    (tmp_path / "outside").write_text(text)
    (repo / name).symlink_to(tmp_path / "outside")
    monkeypatch.chdir(repo)
    done = CliRunner().invoke(main, ["check", "--no-cache", "a.arch"])
    assert done.exit_code == 2
    assert done.output == (f"archlint: error: {name}: a symlink to a file outside the project; "
                           "not read (name it with --config to use it)\n")
    named = CliRunner().invoke(main, ["check", "--no-cache", "--config", name, "a.arch"])
    assert named.exit_code == 2 and "SECRETxyz" in named.output   # named: the user's choice
    (repo / name).unlink()
    (repo / "shared.yaml").write_text("select: [ALL]\n" if name.endswith("yaml") else "")
    (repo / name).symlink_to("shared.yaml")   # a link inside the project is read
    assert CliRunner().invoke(main, ["check", "--no-cache", "a.arch"]).exit_code == 0


def test_a_linked_pyproject_without_an_archlint_table_is_ignored_in_the_project(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`pkg/pyproject.toml -> ../shared/pyproject.toml` holding only `[tool.ruff]`
    made every run exit 2: inside the project it is read, and is no configuration.
    Linked out of the project it is refused unread, whatever it holds: nothing is
    read from outside the project, not even to see whether it configures archlint."""
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / "shared" / "pyproject.toml", '[tool.ruff]\nline-length = 100\n')
    write(tmp_path / "pkg" / "a.arch", "a: ec2\n")
    (tmp_path / "pkg" / "pyproject.toml").symlink_to("../shared/pyproject.toml")
    monkeypatch.chdir(tmp_path / "pkg")
    done = CliRunner().invoke(main, ["check", "--no-cache", "a.arch"])
    assert done.exit_code == 0, done.output
    write(tmp_path / "pkg" / ".git" / "HEAD", "")   # now pkg is the project, shared/ outside it
    refused = CliRunner().invoke(main, ["check", "--no-cache", "a.arch"])
    assert refused.exit_code == 2
    assert refused.output == ("archlint: error: pyproject.toml: a symlink to a file outside the "
                              "project; not read (name it with --config to use it)\n")


@pytest.mark.parametrize("name", [".archlint.yaml", "pyproject.toml"])
def test_a_configuration_linked_within_the_project_root_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                name: str) -> None:
    """A monorepo's `svc/a/.archlint.yaml -> ../../common/.archlint.yaml` was refused
    as "outside the project": only a target outside the project root is."""
    text = "fail-on: warning\n" if name.endswith("yaml") else '[tool.archlint]\nfail-on = "warning"\n'
    write(tmp_path / ".git" / "HEAD", "")
    write(tmp_path / "common" / name, text)
    write(tmp_path / "svc" / "a" / "a.arch", "a: ec2\n")
    (tmp_path / "svc" / "a" / name).symlink_to(f"../../common/{name}")
    monkeypatch.chdir(tmp_path / "svc" / "a")
    shown = CliRunner().invoke(main, ["check", "--no-cache", "--show-settings", "a.arch"])
    assert shown.exit_code == 0, shown.output
    assert f"svc/a/{name} (the nearest one" in shown.output and "fail-on = \"warning\"" in shown.output
