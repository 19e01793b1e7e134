"""`archlint init`: the starter checks clean, its configuration explains every key,
its pre-commit configuration names shipped hooks, and nothing is overwritten."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from archlint.cli import main
from archlint.config.loader import load_settings
from archlint.config.schema import KEYS
from archlint.format.layout import format_text

REPO = Path(__file__).resolve().parent.parent


def test_starter_checks_clean_with_every_rule(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0, result.output
    design = tmp_path / "architecture.arch"
    assert design.is_file()
    check = subprocess.run([sys.executable, "-m", "archlint", "check", "--no-cache", "--select",
                            "ALL", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "All checks passed: 1 document in 1 file." in check.stdout
    assert format_text(design.read_text()) == design.read_text()   # already formatted


def test_config_has_every_key_with_a_comment(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path)])
    config = tmp_path / ".archlint.yaml"
    data = yaml.safe_load(config.read_text())
    assert set(data) == set(KEYS)
    lines = config.read_text().splitlines()
    for key in KEYS:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
        assert lines[at - 1].startswith("#"), f"{key} has no comment above it"
    settings = load_settings([tmp_path], None)   # valid for the strict loader
    assert settings.fail_on is not None


def test_precommit_config_uses_shipped_hooks(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["init", str(tmp_path)])
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    shipped = {h["id"] for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    used = {h["id"] for repo in config["repos"] for h in repo["hooks"]}
    assert used and used <= shipped


def test_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "architecture.arch").write_text("mine: ec2\n")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "architecture.arch").read_text() == "mine: ec2\n"
    assert (tmp_path / ".pre-commit-config.yaml").read_text() == "repos: []\n"
    assert "kept" in result.output and "- id: archlint-fmt" in result.output
    assert (tmp_path / ".archlint.yaml").is_file()
    again = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert again.output.count("kept") == 3


def test_an_existing_configuration_is_not_shadowed(tmp_path: Path) -> None:
    """A .archlint.yaml written beside a pyproject [tool.archlint] table (or a
    .archlint.yml) wins over it: init used to write one, and the project's own
    settings (here fail-on = warning) silently stopped applying."""
    pyproject, yml = tmp_path / "py", tmp_path / "yml"
    pyproject.mkdir()
    (pyproject / "pyproject.toml").write_text('[tool.archlint]\nfail-on = "warning"\n')
    yml.mkdir()
    (yml / ".archlint.yml").write_text("fail-on: warning\n")
    for directory, kept in ((pyproject, "pyproject.toml"), (yml, ".archlint.yml")):
        result = CliRunner().invoke(main, ["init", str(directory)])
        assert result.exit_code == 0, result.output
        assert f"kept {directory / kept} (it configures archlint here)" in result.output
        assert not (directory / ".archlint.yaml").exists()
        assert (directory / "architecture.arch").is_file()
        assert load_settings([directory], None).source("fail-on").endswith(kept)


def test_an_unreadable_pyproject_stops_init(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.archlint\n")
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2 and "invalid TOML" in result.output
    assert not (tmp_path / ".archlint.yaml").exists()


def test_a_place_that_cannot_be_written_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """A folder that cannot be made (under /proc, even as root) or written was a full
    traceback and exit 1, the code for findings."""
    done = subprocess.run([sys.executable, "-m", "archlint", "init", "/proc/archlint-init"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("archlint: error: cannot write /proc/archlint-init: ")
    assert "Traceback" not in done.stderr


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("archlint.output.atomic.tempfile.mkstemp", refuse)
    done = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert done.exit_code == 2
    assert done.output == f"archlint: error: cannot write {tmp_path / 'architecture.arch'}: Permission denied\n"
