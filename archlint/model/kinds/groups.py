"""The group kinds of the DSL (`vpc prod { ... }`): what each stands for in rules,
and how the renderer styles it."""

from __future__ import annotations

from archlint.model.kinds.base import GroupKind


def _group(name: str, title: str, traits: tuple[str, ...] = (), acts_as: str | None = None,
           short: str = "", words: tuple[str, ...] = (), **style: str) -> GroupKind:
    return GroupKind(name=name, title=title, style=dict(style), traits=frozenset(traits),
                     acts_as=acts_as, short=short, words=words or ((name,) if short else ()))


# Colours follow the AWS architecture icon guidelines for groups. The grammar's
# GROUP_KIND terminal lists the same names (tests/test_vocabulary.py compares them).
GROUP_KINDS: dict[str, GroupKind] = {
    g.name: g
    for g in (
        _group("region", "AWS Region", ("network",), short="Region",
               style="dashed", pencolor="#00A4A6", bgcolor="#FFFFFF"),
        _group("az", "Availability Zone", ("network",), short="AZ",
               words=("az", "availability zone"),
               style="dashed", pencolor="#007CBC", bgcolor="#F2F8FC"),
        _group("vpc", "VPC", ("network",), short="VPC",
               style="solid", pencolor="#8C4FFF", bgcolor="#FFFFFF"),
        _group("subnet", "Subnet", ("network", "replicating"), short="Subnet",
               style="solid", pencolor="#7AA116", bgcolor="#F2F6E8"),
        _group("account", "AWS account", ("network",), short="Account",
               style="rounded", pencolor="#E7157B", bgcolor="#FFFFFF"),
        _group("asg", "Auto Scaling group", ("replicating", "instance_host"), acts_as="ec2",
               short="Auto Scaling group", words=("asg", "auto scaling"),
               style="dashed", pencolor="#ED7100", bgcolor="#FFFFFF"),
        _group("group", "Group", ("replicating",),
               style="dotted", pencolor="#7D8998", bgcolor="#FFFFFF"),
    )
}
