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


def test_a_nat_gateway_is_not_called_one_instance(tmp_path: Path) -> None:
    """With REL003 off, REL001 reports the shared NAT gateway; its reason fits the kind
    (a zonal NAT gateway lives in one AZ), not the "1 instance" of a server."""
    code, output = check(tmp_path, SHARED_NAT, "--ignore", "REL003")
    (line,) = [line for line in output.splitlines() if "'nat'" in line]
    assert "REL001" in line and "1 instance" not in line, line
    assert line.endswith("not redundant: a zonal NAT gateway lives in one AZ, inside az 'a'"), line


# One single-AZ group, two members: `front` is on every path (REL001), `worker` is not.
SINGLE_AZ_GROUP = """users: users
lb: alb
sessions: dynamodb
orders: dynamodb
fallback: lambda
az a {
  group pool { count = 2
    front: ec2
    worker: ec2 { count = 2 }
  }
}
users -> lb -> front -> sessions
lb -> [worker, fallback] -> orders
"""


def test_a_single_az_group_keeps_its_finding_for_the_members_rel001_does_not_report(
        tmp_path: Path) -> None:
    """REL001 on one member used to swallow the group's REL002 finding, and with it the
    only word on `worker`'s four copies in one AZ (its own finding defers to the group's)."""
    code, output = check(tmp_path, SINGLE_AZ_GROUP)
    assert rules_on(output, "front") == ["REL001"], output
    assert rules_on(output, "pool") == ["REL002"], output
    assert rules_on(output, "worker") == [], output     # the group's finding speaks for it
    code, output = check(tmp_path, SINGLE_AZ_GROUP, "--ignore", "REL001")
    assert rules_on(output, "pool") == ["REL002"] and rules_on(output, "front") == [], output


def test_a_single_az_group_whose_members_rel001_all_reports_gives_way(tmp_path: Path) -> None:
    """When REL001 reports every member the group's copies are, one finding per cause stays."""
    text = SINGLE_AZ_GROUP.replace("lb -> [worker, fallback] -> orders", "front -> worker -> orders")
    code, output = check(tmp_path, text)
    assert rules_on(output, "front") == ["REL001"] and rules_on(output, "worker") == ["REL001"], output
    assert rules_on(output, "pool") == [], output


def test_suppressing_the_rule_that_gave_way_names_the_rule_to_suppress(tmp_path: Path) -> None:
    """`ignore[REL004]` on a single-AZ database that REL001 reports: SUP001 says the
    comment suppresses nothing and which rule reports the element instead."""
    text = SINGLE_AZ_DB.replace("db: rds\n", "db: rds  # archlint: ignore[REL004] staging only\n")
    code, output = check(tmp_path, text)
    assert code == 1 and rules_on(output, "db") == ["REL001", "SUP001"]
    (sup,) = [line for line in output.splitlines() if " SUP001 " in line]
    assert sup.endswith("unused suppression: REL004 reported nothing here (REL001 reports 'db' "
                        "instead and takes precedence: to accept that finding, suppress REL001)")
    code, output = check(tmp_path, text.replace("ignore[REL004]", "ignore[REL001]"))
    assert code == 0 and "SUP001" not in output


def test_an_unused_suppression_elsewhere_gets_no_precedence_hint(tmp_path: Path) -> None:
    """The hint is only for the comment that covers the finding that gave way."""
    text = SINGLE_AZ_DB.replace("app: ec2 { count = 2, azs = 2 }",
                                "app: ec2 { count = 2, azs = 2 }  # archlint: ignore[REL004] no")
    code, output = check(tmp_path, text)
    (sup,) = [line for line in output.splitlines() if " SUP001 " in line]
    assert sup.endswith("unused suppression: REL004 reported nothing here")
