"""Rule options checked beyond their type: NET001's hard maximum and AVL001's `sla`
table (known kinds, percents in (0, 100]), each a positioned exit-2 error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.catalogue import RuleEntry, _decode, _encode
from archlint.cli import main
from archlint.registry import all_rules

DESIGN = """\
availability = 99.99%
users: users
lb: alb
web: ec2 { count = 2, azs = 2 }
nat: natgateway
users -> lb -> web -> nat
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "main.arch").write_text(DESIGN)
    return tmp_path


def check(project: Path, config: str, *flags: str):  # type: ignore[no-untyped-def]
    (project / ".archlint.yaml").write_text(config)
    return CliRunner().invoke(main, ["check", *flags, "main.arch"])


SLA_ERRORS = [
    ("natgatway: 99.9", "rules.AVL001.sla.natgatway: unknown kind 'natgatway'; "
                        "did you mean 'natgateway'?"),
    ("natgateway: high", "rules.AVL001.sla.natgateway: expected a percent such as 99.9"),
    ("natgateway: 150", "rules.AVL001.sla.natgateway: expected a percent above 0 and at "
                        "most 100, not 150"),
    ("natgateway: 0", "rules.AVL001.sla.natgateway: expected a percent above 0 and at most "
                      "100, not 0"),
    ('natgateway: "101%"', "rules.AVL001.sla.natgateway: expected a percent above 0 and at "
                           "most 100, not '101%'"),
]


@pytest.mark.parametrize("entry, message", SLA_ERRORS)
@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_a_wrong_sla_entry_is_a_positioned_error(project: Path, entry: str, message: str,
                                                 cache: list[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHLINT_CACHE_DIR", str(project / "cache"))
    config = f"rules:\n  AVL001:\n    sla:\n      alb: 99.99\n      {entry}\n"
    for _ in range(2):   # the second run reads the rule catalogue from the cache
        result = check(project, config, *cache)
        assert result.exit_code == 2, result.output
        assert f".archlint.yaml:5: {message}" in result.output
    assert (project / "cache" / "rules").is_dir() == (not cache)


def test_sla_entries_in_pyproject_are_positioned_too(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[tool.archlint.rules.AVL001.sla]\nalb = 99.99\nnatgatway = 99.9\n")
    result = CliRunner().invoke(main, ["check", "main.arch"])
    assert result.exit_code == 2, result.output
    assert "pyproject.toml:3: rules.AVL001.sla.natgatway: unknown kind" in result.output


@pytest.mark.parametrize("value", ["99.9", '"99.9%"', "99.5"])
def test_a_valid_sla_table_is_used(project: Path, value: str) -> None:
    without = CliRunner().invoke(main, ["check", "main.arch"])
    assert "AVL001" in without.output and "weakest component: 'nat'" not in without.output
    result = check(project, f"rules:\n  AVL001:\n    sla: {{NatGateway: {value}}}\n")
    assert result.exit_code == 0, result.output   # a warning, under the default fail-on
    assert "weakest component: 'nat'" in result.output


def test_a_quota_above_the_hard_maximum_is_an_error(project: Path) -> None:
    result = check(project, "rules:\n  NET001:\n    quota: 500\n")
    assert result.exit_code == 2, result.output
    assert ".archlint.yaml:3: rules.NET001.quota must be at most 125" in result.output
    assert "not 500" in result.output
    assert check(project, "rules:\n  NET001:\n    quota: 125\n").exit_code == 0
    zero = check(project, "rules:\n  NET001:\n    quota: 0\n")
    assert zero.exit_code == 2 and "must be a positive integer" in zero.output


def test_the_catalogue_carries_maximum_and_check() -> None:
    entries = tuple(RuleEntry.of(r) for r in all_rules())
    assert _decode(_encode(entries)) == entries
    options = {o.name: o for e in entries if e.id in ("NET001", "AVL001") for o in e.options}
    assert options["quota"].maximum == 125
    assert options["sla"].check == "archlint.checks.availability._sla:check_sla_option"
    assert options["sla"].validate({"NatGateway": "99.5%"}) == {"natgateway": 99.5}


def test_a_cached_catalogue_never_imports_a_check_outside_archlint() -> None:
    text = ('{"format": 1, "rules": [["X001", "x", "m", "f", '
            '[["o", {}, "d", null, "os:system"]]]]}')
    with pytest.raises(TypeError):
        _decode(text)
