"""REL010 ebs-cross-az:
EBS volume in another AZ than its instance, or shared by a multi-AZ group.
"""

from __future__ import annotations

from typing import Iterator

from archlint.analysis.placement import Placement, zones_of
from archlint.model.findings import Finding, Severity
from archlint.model.graph import Graph
from archlint.model.kinds import has_trait
from archlint.registry import RuleContext, rule


EBS_SOURCE = (
    "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-instance-volume.html"
)


@rule(
    id="REL010",
    name="ebs-cross-az",
    title="EBS volume in another AZ than its instance, or shared by a multi-AZ group",
    severity="error",
    why="""
        An EBS volume lives in one Availability Zone and attaches only to instances in
        that same AZ (a hard constraint). A volume drawn in one AZ and attached to an
        instance in another cannot work (error). A single volume used as the shared state
        of instances spread over several AZs cannot work either (warning: the design
        needs a shared file system): Amazon EFS is regional, mounted from every AZ. One
        volume per instance (`count` on the volume matching the instances) is fine. When
        REL001 already reports the shared volume as a single point of failure (it sits
        on every request path), the warning is left to it when REL001 runs.
        Checked against the AWS documentation in 2026-11.
    """,
    fix="""
        Put the volume in its instance's AZ (restore a snapshot there to move it). For
        state shared across AZs, use Amazon EFS (or S3), not one EBS volume.
    """,
    sources=[EBS_SOURCE],
    failing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { app: ec2 }
          az b { data: ebs { type = gp3, size = 100GiB } }
        }
        app -- data : "attached"
        """,
        """
        web: ec2 { count = 4, azs = 2 }
        shared: ebs { type = gp3, size = 500GiB }
        web -- shared : "uploads mounted"
        """,
    ],
    passing=[
        """
        vpc prod {
          cidr = "10.0.0.0/16"
          az a { app: ec2  data: ebs { type = gp3, size = 100GiB } }
        }
        app -- data : "attached"
        """,
        """
        web: ec2 { count = 4, azs = 2 }
        shared: efs
        web -- shared : "uploads mounted"
        """,
    ],
)
def ebs_cross_az(graph: Graph, ctx: RuleContext) -> Iterator[Finding]:
    volumes = graph.of_kind("ebs")
    for volume in volumes:
        home = zones_of(graph, volume).single_zone
        mismatched = False
        hosts = Placement()
        for edge in graph.touching(volume.id):
            host = graph.element(edge.other_end(volume.id))
            if host is None or not has_trait(host.kind, "instance_host"):
                continue
            where = zones_of(graph, host, deep=True)
            hosts = hosts | where
            there = where.single_zone
            if home and there and there != home:
                mismatched = True
                yield ctx.finding(
                    edge, f"EBS volume '{volume.id}' is in AZ {home} but attached to "
                    f"'{host.id}' in AZ {there}; a volume attaches only to instances in "
                    "its own AZ")
        if not mismatched and volume.count == 1 and hosts.count >= 2:
            yield ctx.finding(
                volume, f"one EBS volume '{volume.id}' is shared by instances in "
                f"{hosts.describe()}; a volume attaches only within one AZ: use EFS for "
                "state shared across AZs", severity=Severity.WARNING, yields_to=("REL001",),
                fix="Use Amazon EFS (regional, mounted from every AZ) or S3 for shared "
                    "state, or give each instance its own volume (`count` on the volume).")
