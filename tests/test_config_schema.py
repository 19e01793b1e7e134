"""One row per configuration key drives validation, --show-settings and the docs
(issue 16: a key used to be written in four places)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from archlint.config.schema import KEYS, docs_table
from archlint.config.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs" / "configuration.md"
BOOKKEEPING = {"sources", "root", "config_file", "discovery"}   # where values came from


def test_every_settings_field_has_exactly_one_row() -> None:
    settable = set(Settings._fields) - BOOKKEEPING
    assert sorted(row.field for row in KEYS.values()) == sorted(settable)


def test_the_docs_table_is_the_schema() -> None:
    """Regenerate with `python -m archlint.config.schema` and paste over the table."""
    text = DOCS.read_text(encoding="utf-8")
    assert docs_table() in text
    for name in KEYS:
        assert f"| `{name}` |" in text, name


def test_show_settings_lists_every_key_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    output = CliRunner().invoke(main, ["check", "--show-settings"]).output
    shown = [line.split(" = ")[0] for line in output.splitlines() if " = " in line]
    assert shown == list(KEYS)


@pytest.mark.parametrize("name", sorted(KEYS))
def test_every_key_is_validated(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A value of the wrong shape for any key is a positioned exit 2 naming the key."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".archlint.yaml").write_text(f"# a comment\n{name}: 3.5\n")
    (tmp_path / "a.arch").write_text("a: ec2\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-cache", "a.arch"])
    assert result.exit_code == 2
    assert result.output.startswith(f"archlint: error: .archlint.yaml:2: {name}")
