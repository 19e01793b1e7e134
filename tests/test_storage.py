"""STO004-STO005: EBS size and IOPS ranges by volume type, growth past the maximum."""

from __future__ import annotations

import pytest

from rule_sets import rule_range
from archlint.run.engine import check_text
from archlint.model.findings import Finding, Severity


EBS_RULES = rule_range("STO004", "STO005")


def run(text: str, rule_id: str) -> list[Finding]:
    result = check_text(text, rules=EBS_RULES)
    assert not [f for f in result.findings if f.is_input_error], result.findings
    return [f for f in result.findings if f.rule_id == rule_id]


def volume(attrs: str) -> str:
    return f"app: ec2\nvol: ebs {{ {attrs} }}\napp -- vol"


@pytest.mark.parametrize(("attrs", "fires"), [
    # gp3: 1-65,536 GiB
    ("type = gp3, size = 1GiB", False),
    ("type = gp3, size = 1023MiB", True),
    ("type = gp3, size = 65536GiB", False),
    ("type = gp3, size = 64TiB", False),
    ("type = gp3, size = 65537GiB", True),
    # gp2: 1-16,384 GiB; decimal TB are smaller than TiB
    ("type = gp2, size = 16384GiB", False),
    ("type = gp2, size = 16385GiB", True),
    ("type = gp2, size = 16TB", False),        # 14,901 GiB
    ("type = gp2, size = 17.5TB", False),      # 16,298 GiB
    ("type = gp2, size = 18TB", True),         # 16,764 GiB
    # io1: 4-16,384 GiB; io2: 4-65,536 GiB
    ("type = io1, size = 4GiB, iops = 100", False),
    ("type = io1, size = 3GiB, iops = 100", True),
    ("type = io1, size = 16385GiB, iops = 100", True),
    ("type = io2, size = 65536GiB, iops = 100", False),
    ("type = io2, size = 65537GiB, iops = 100", True),
    # st1 / sc1: 125-16,384 GiB
    ("type = st1, size = 125GiB", False),
    ("type = st1, size = 124GiB", True),
    ("type = sc1, size = 16384GiB", False),
    ("type = sc1, size = 16385GiB", True),
    # no type: only the largest size any type allows
    ("size = 65536GiB", False),
    ("size = 65537GiB", True),
    ("size = 1MiB", False),
    ('type = "GP2", size = 20TiB', True),      # type written as a string, any case
    ("type = standard, size = 5TiB", False),   # types archlint does not know are not judged
])
def test_ebs_size_ranges(attrs: str, fires: bool) -> None:
    found = run(volume(attrs), "STO004")
    assert bool(found) is fires, [f.message for f in found]
    if fires:
        assert found[0].severity is Severity.ERROR and "GiB" in found[0].message


@pytest.mark.parametrize(("attrs", "fires"), [
    ("type = gp3, iops = 2999", True),
    ("type = gp3, iops = 3000", False),
    ("type = gp3, iops = 80000", False),
    ("type = gp3, iops = 80001", True),
    ("type = io1, iops = 99", True),
    ("type = io1, iops = 100", False),
    ("type = io1, iops = 64000", False),
    ("type = io1, iops = 64001", True),
    ("type = io2, iops = 256000", False),
    ("type = io2, iops = 256001", True),
    ("type = gp2, iops = 3000", True),         # not provisionable
    ("type = st1, iops = 500", True),
    ("iops = 500000", False),                  # no type: nothing to compare with
])
def test_ebs_iops_ranges(attrs: str, fires: bool) -> None:
    found = run(volume(attrs), "STO004")
    assert bool(found) is fires, [f.message for f in found]


def test_size_and_iops_both_wrong_give_two_findings_at_their_attributes() -> None:
    found = run(volume("type = io1, size = 2GiB, iops = 70000"), "STO004")
    assert len(found) == 2
    assert found[0].span.column != found[1].span.column


def test_iops_message_says_which_types_take_it() -> None:
    found = run(volume("type = gp2, iops = 3000"), "STO004")
    assert "only on gp3, io1 and io2" in found[0].message


@pytest.mark.parametrize(("attrs", "fires"), [
    ("type = gp2, size = 3TB, growth = 16384GiB", False),
    ("type = gp2, size = 3TB, growth = 16385GiB", True),
    ("type = gp3, size = 3TB, growth = 65536GiB", False),
    ("type = gp3, size = 3TB, growth = 65537GiB", True),
    ("size = 3TB, growth = 64TiB", False),
    ("size = 3TB, growth = 65TiB", True),
    ("type = gp2, growth = 100TB", True),
    ("type = gp2, size = 3TB", False),
])
def test_ebs_growth(attrs: str, fires: bool) -> None:
    found = run(volume(attrs), "STO005")
    assert bool(found) is fires
    if fires:
        assert found[0].severity is Severity.WARNING


def test_growth_fix_depends_on_whether_a_larger_type_fits() -> None:
    fits = run(volume("type = gp2, size = 3TB, growth = 40TiB"), "STO005")
    assert "gp3 or io2" in (fits[0].fix or "")
    too_big = run(volume("type = gp2, size = 3TB, growth = 100TB"), "STO005")
    assert "gp3" not in (too_big[0].fix or "") and "EFS or S3" in (too_big[0].fix or "")


def test_volume_already_too_large_is_reported_once() -> None:
    text = volume("type = gp2, size = 20TiB, growth = 100TiB")
    result = check_text(text, rules=EBS_RULES)
    assert [f.rule_id for f in result.findings] == ["STO004"]


def test_clean_volumes_are_quiet() -> None:
    text = """
    app: ec2 { count = 2, azs = 2 }
    root: ebs { count = 2, type = gp3, size = 100GiB, iops = 3000 }
    data: ebs { count = 2, type = io2, size = 2TiB, iops = 64000, growth = 8TiB }
    logs: ebs { count = 2, type = st1, size = 500GiB }
    app -- [root, data, logs]
    """
    assert check_text(text, rules=EBS_RULES).findings == []
