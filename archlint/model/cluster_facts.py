"""What AWS actually runs for managed clusters, with the page that says so.

REL001 used to call an EKS or MSK node "1 instance". A managed cluster's
redundancy is neither "AWS does it all" (`managed_ha`) nor "count your copies":
each service draws the line somewhere else. These facts are referenced from the
kinds table (`Kind.redundancy`) and read by the redundancy policy
(archlint/analysis/redundancy.py), so the message names the real reason.
"""

from __future__ import annotations

from archlint.model.record import Record, assign

CHECKED = "2026-11"   # when the pages below were read; MSK, OpenSearch (zone awareness
                      # off by default, per the CloudFormation reference) and Redshift
                      # (Multi-AZ for RA3 only) re-read against the pages on 2026-11-30


class Redundancy(Record, frozen=True):
    """How a managed service is redundant, and what the design must still say."""

    __slots__ = ("judged", "aws_runs", "source", "checked")
    judged: str   # "nodes": count/azs of what runs on it; "spread": AWS spreads it over AZs;
                  # "multi_az": single-AZ unless multi_az = true; "one_az": always one AZ
    aws_runs: str  # what AWS runs across AZs for you (or not), in words, for messages and docs
    source: str
    checked: str

    def __init__(self, judged: str, aws_runs: str, source: str, checked: str = CHECKED) -> None:
        assign(self, "judged", judged)
        assign(self, "aws_runs", aws_runs)
        assign(self, "source", source)
        assign(self, "checked", checked)


EKS = Redundancy(
    "nodes", "EKS runs the cluster's control plane across three AZs; the workloads run only on "
    "the worker nodes you declare",
    "https://docs.aws.amazon.com/eks/latest/userguide/disaster-recovery-resiliency.html")
ECS = Redundancy(
    "nodes", "the ECS service scheduler spreads a service's tasks over the AZs of its subnets; "
    "a single task has nothing to spread",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-placement-strategies.html")
MSK = Redundancy(
    "spread", "MSK spreads the brokers of a provisioned cluster evenly over the subnets it is "
    "given, which must be in two or three different AZs (three for Express brokers)",
    "https://docs.aws.amazon.com/msk/latest/developerguide/msk-create-cluster.html")
OPENSEARCH = Redundancy(
    "multi_az", "an OpenSearch Service domain is in one AZ unless zone awareness (Multi-AZ, "
    "optionally with standby) is enabled",
    "https://docs.aws.amazon.com/opensearch-service/latest/developerguide/managedomains-multiaz.html")
EMR = Redundancy(
    "one_az", "an EMR cluster runs all its nodes in one AZ (one subnet), even with three "
    "primary nodes",
    "https://docs.aws.amazon.com/emr/latest/ManagementGuide/emr-plan-ha.html")
REDSHIFT = Redundancy(
    "multi_az", "a provisioned Redshift cluster is in one AZ unless a Multi-AZ deployment is set "
    "(RA3 node types only)",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/managing-cluster-multi-az.html")
