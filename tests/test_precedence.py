"""Findings precedence in the engine: one finding per cause, the most specific, and
only among the rules that ran (defects 1 and 2 of issue 16), through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from archlint.cli import main
from gate_helpers import run_archlint

SINGLE_AZ_DB = "users: users\napp: ec2 { count = 2, azs = 2 }\ndb: rds\nusers -> app -> db\n"
SHARED_NAT = """vpc prod {
  cidr = "10.0.0.0/16"
  az a { subnet public_a { nat: natgateway }  subnet private_a { app_a: ec2 } }
  az b { subnet private_b { app_b: ec2 } }
  igw: internetgateway
}
lb: alb
users: users
users -> lb -> [app_a, app_b]
app_a -> nat
app_b -> nat
nat -> igw
"""


def rules_on(output: str, element: str) -> list[str]:
    """Rule ids of the text output's findings on `element` (`... REL001 [error] 'db' ...`)."""
    return [line.split()[1] for line in output.splitlines()
            if len(line.split()) > 2 and f"'{element}'" in line]


def check(tmp_path: Path, text: str, *flags: str) -> tuple[int, str]:
    path = tmp_path / "design.arch"
    path.write_text(text)
    result = CliRunner().invoke(main, ["check", "--no-cache", *flags, str(path)])
    return result.exit_code, result.output


def test_the_more_specific_rule_alone_reports_a_single_az_database(tmp_path: Path) -> None:
    code, output = check(tmp_path, SINGLE_AZ_DB)
    assert code == 1 and rules_on(output, "db") == ["REL001"]


@pytest.mark.parametrize("flags", [("--ignore", "REL001"), ("--select", "REL004")])
def test_a_rule_switched_off_silences_nothing(tmp_path: Path, flags: tuple[str, str]) -> None:
    """Defect 1: with REL001 off, REL004 reports the single-AZ database (it used to say
    "All checks passed")."""
    code, output = check(tmp_path, SINGLE_AZ_DB, *flags)
    assert code == 0, output                      # a warning; fail-on is error
    assert rules_on(output, "db") == ["REL004"]
    assert "All checks passed" not in output


def test_one_finding_for_a_zonal_nat_gateway_serving_two_azs(tmp_path: Path) -> None:
    """Defect 2: REL003 names the cause (a zonal NAT gateway serving other AZs);
    REL001's "1 instance" on the same gateway is dropped."""
    code, output = check(tmp_path, SHARED_NAT)
    assert rules_on(output, "nat") == ["REL003"], output
    code, output = check(tmp_path, SHARED_NAT, "--ignore", "REL003")
    assert rules_on(output, "nat") == ["REL001"], output


def test_the_old_defer_option_is_accepted_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "design.arch").write_text(SINGLE_AZ_DB)
    (tmp_path / ".archlint.yaml").write_text("rules:\n  REL004:\n    defer_to_rel001: false\n")
    result = run_archlint("check", "--no-cache", "design.arch", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "defer_to_rel001" in result.stderr and "deprecated" in result.stderr
