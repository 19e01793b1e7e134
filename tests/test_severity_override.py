"""A configured severity applies to every finding of the rule, whatever level the
rule chose for it (issue 16, defect 3: `severity: {NET001: error}` did nothing,
because an override equal to the declared default was dropped while NET001 emits
warnings between the quota and the hard maximum)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main

# 60 consumer VPCs peered with one: over the default quota of 50 (a warning), under 125
OVER_QUOTA = "vpc consumers { count = 60 }\nvpc shared { }\nconsumers -> shared\n"


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str) -> tuple[int, str]:
    (tmp_path / ".git").mkdir(exist_ok=True)
    (tmp_path / ".archlint.yaml").write_text(config)
    (tmp_path / "net.arch").write_text(OVER_QUOTA)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "NET001", "net.arch"])
    return result.exit_code, result.output


def test_default_is_a_warning_over_the_quota(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run(tmp_path, monkeypatch, "{}\n")
    assert code == 0 and "NET001 [warning]" in output


def test_override_equal_to_the_declared_default_applies(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    code, output = run(tmp_path, monkeypatch, "severity:\n  NET001: error\n")
    assert "NET001 [error]" in output and "[warning]" not in output
    assert code == 1


def test_override_by_family_or_name_applies_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for config in ("severity:\n  NET: error\n", "severity:\n  vpc-peering-limit: error\n"):
        code, output = run(tmp_path, monkeypatch, config)
        assert (code, "NET001 [error]" in output) == (1, True), config


def test_cached_result_honours_the_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = str(tmp_path / "cache")
    for config, expected in (("{}\n", 0), ("severity:\n  NET001: error\n", 1), ("{}\n", 0)):
        (tmp_path / ".git").mkdir(exist_ok=True)
        (tmp_path / ".archlint.yaml").write_text(config)
        (tmp_path / "net.arch").write_text(OVER_QUOTA)
        monkeypatch.chdir(tmp_path)
        result = CliRunner().invoke(main, ["check", "--cache-dir", cache, "--select", "NET001", "net.arch"])
        assert result.exit_code == expected, (config, result.output)
