"""Tests for the kind vocabulary: names, traits, lookup, and the diagrams class paths."""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archlint.model.kinds import (
    CATEGORIES,
    GROUP_KINDS,
    KINDS,
    GroupKind,
    Kind,
    lookup,
    suggest,
)
from archlint.output.kinds_doc import render_kinds_markdown

REPO = Path(__file__).resolve().parent.parent
NAME_RE = re.compile(r"[a-z][a-z0-9_]*")


def _import_class(dotted: str) -> type:
    module_name, _, class_name = dotted.rpartition(".")
    module = importlib.import_module(module_name)
    return getattr(module, class_name)


@pytest.mark.parametrize("kind", list(KINDS.values()), ids=list(KINDS))
def test_diagram_class_imports_and_is_a_node(kind: Kind) -> None:
    diagrams = pytest.importorskip("diagrams")
    cls = _import_class(kind.diagram)
    assert isinstance(cls, type) and issubclass(cls, diagrams.Node), kind.diagram
    # The renderer needs the icon file too: diagrams resolves it relative to its package.
    icon = Path(diagrams.__file__).resolve().parent.parent / cls._icon_dir / cls._icon
    assert icon.is_file(), f"{kind.diagram}: missing icon {icon}"


def test_enough_kinds() -> None:
    assert len(KINDS) >= 45


def test_required_kinds_present() -> None:
    required = """
        ec2 lambda ecs fargate eks batch elasticbeanstalk alb nlb elb apigateway route53
        cloudfront globalaccelerator natgateway internetgateway transitgateway vpcendpoint
        privatelink directconnect vpn sqs sns eventbridge stepfunctions kinesis firehose msk mq
        s3 efs ebs fsx storagegateway glacier backup rds aurora dynamodb dax elasticache
        memorydb redshift opensearch documentdb neptune athena glue emr cloudwatch xray
        cloudtrail waf shield cognito kms secretsmanager rdsproxy users internet client onprem
        generic
    """.split()
    assert [name for name in required if name not in KINDS] == []


def test_names_and_aliases_are_lowercase_identifiers() -> None:
    for name, kind in KINDS.items():
        assert name == kind.name
        assert NAME_RE.fullmatch(name), name
        for alias in kind.aliases:
            assert NAME_RE.fullmatch(alias), alias
    for name, group in GROUP_KINDS.items():
        assert name == group.name
        assert NAME_RE.fullmatch(name), name


def test_no_alias_collides() -> None:
    seen: dict[str, str] = {}
    for kind in KINDS.values():
        for alias in kind.aliases:
            assert alias not in KINDS, f"alias {alias!r} of {kind.name} is a canonical name"
            assert alias not in seen, f"alias {alias!r} used by {seen.get(alias)} and {kind.name}"
            seen[alias] = kind.name


def test_node_kinds_do_not_shadow_group_kinds() -> None:
    spellings = set(KINDS) | {a for k in KINDS.values() for a in k.aliases}
    assert spellings.isdisjoint(GROUP_KINDS)


def test_categories() -> None:
    assert len(set(CATEGORIES)) == len(CATEGORIES)
    for kind in KINDS.values():
        assert kind.category in CATEGORIES, (kind.name, kind.category)
        assert kind.title


def test_group_kinds_are_exactly_the_seven() -> None:
    assert set(GROUP_KINDS) == {"region", "az", "vpc", "subnet", "account", "asg", "group"}
    for group in GROUP_KINDS.values():
        assert isinstance(group, GroupKind) and group.title
        assert group.style and all(
            isinstance(k, str) and isinstance(v, str) for k, v in group.style.items()
        )
        hash(group)  # usable as a dict key / set member despite the style dict


def test_lookup_names_and_aliases() -> None:
    assert lookup("ec2") is KINDS["ec2"]
    assert lookup("apigw") is KINDS["apigateway"]
    assert lookup("sfn") is KINDS["stepfunctions"]
    assert lookup("elb_application") is KINDS["alb"]
    assert lookup("nope") is None
    assert lookup("EC2") is None  # exact match only: DSL names are lowercase
    for kind in KINDS.values():
        assert lookup(kind.name) is kind
        for alias in kind.aliases:
            assert lookup(alias) is kind


def test_suggest() -> None:
    assert suggest("ec3") == "ec2"
    assert suggest("lamda") == "lambda"
    assert suggest("rdss") == "rds"
    assert suggest("dynamdb") == "dynamodb"
    assert suggest("cloudfrnt") == "cloudfront"
    assert suggest("zzzzqqq") is None
    assert suggest("") is None


def test_trait_spot_checks() -> None:
    s3, rds = KINDS["s3"], KINDS["rds"]
    assert s3.managed_ha and s3.stateful
    assert rds.stateful and not rds.managed_ha
    assert KINDS["users"].entry
    assert not KINDS["natgateway"].managed_ha
    assert KINDS["sqs"].asynchronous


def test_traits_match_aws_practice() -> None:
    def names(trait: str) -> set[str]:
        return {n for n, k in KINDS.items() if getattr(k, trait)}

    managed, stateful = names("managed_ha"), names("stateful")
    entry, asynchronous = names("entry"), names("asynchronous")
    # Redundancy of these is declared by the architect (count/azs/multi_az/replicas/nodes).
    assert not {"ec2", "ecs", "eks", "fargate", "natgateway", "ebs", "emr"} & managed
    declared_stores = {
        "rds", "aurora", "elasticache", "memorydb", "redshift",
        "documentdb", "neptune", "opensearch", "dax", "ebs",
    }  # fmt: skip
    assert declared_stores <= stateful
    assert not declared_stores & managed
    assert {
        "s3", "dynamodb", "efs", "sqs", "sns", "kinesis", "lambda", "alb", "nlb",
        "apigateway", "route53", "cloudfront", "stepfunctions", "eventbridge", "firehose",
        "cognito", "globalaccelerator", "transitgateway", "waf", "shield", "cloudwatch",
    } <= managed  # fmt: skip
    assert {"s3", "dynamodb", "efs"} <= stateful
    assert {"users", "internet", "client", "onprem", "route53", "cloudfront"} <= entry
    assert {"route53", "cloudfront", "globalaccelerator"} <= entry & managed
    assert {"sqs", "sns", "kinesis", "eventbridge", "msk", "firehose"} <= asynchronous
    assert not {"lambda", "ec2", "alb", "rds", "s3"} & asynchronous
    assert not {"ec2", "lambda", "rds", "s3", "alb"} & entry


def test_import_is_light() -> None:
    """The lint path imports kinds; it must not drag in diagrams (or difflib) at import."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import archlint.model.kinds, sys; print('diagrams' in sys.modules); "
            "print('difflib' in sys.modules)",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=True,
    ).stdout.split()
    assert out == ["False", "False"]


def test_docs_are_generated() -> None:
    doc = REPO / "docs" / "kinds.md"
    expected = render_kinds_markdown()
    assert doc.is_file(), "docs/kinds.md missing: run `python -m archlint.output.kinds_doc > docs/kinds.md`"
    assert doc.read_text(encoding="utf-8") == expected, (
        "docs/kinds.md is out of date: run `python -m archlint.output.kinds_doc > docs/kinds.md`"
    )
    for name in KINDS:
        assert f"| `{name}` |" in expected
