"""REL001 single-point-of-failure:
Component that every path to the data passes through, without redundancy.
"""

from __future__ import annotations

from archlint.analysis.dominators import critical_components
from archlint.analysis.redundancy import JUDGES
from archlint.model.findings import Finding
from archlint.model.graph import Graph
from archlint.model import cluster_facts
from archlint.model.kinds import KINDS
from archlint.registry import RuleContext, rule


MULTI_AZ_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html"
AURORA_SOURCE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Aurora.Overview.html"
DAX_SOURCE = "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DAX.consistency.html"
EC2_SLA = "https://aws.amazon.com/compute/sla/"
YIELDS_TO = ("REL003",)


@rule(
    id="REL001",
    name="single-point-of-failure",
    title="Component that every path to the data passes through, without redundancy",
    severity="error",
    why="""
        If every request path from where traffic enters to where data lives passes
        through one component, and that component is one instance, or several in a
        single Availability Zone, or a database without a standby, its failure (or its
        AZ's) stops the whole flow. archlint finds these components as dominators of the
        flow graph: from the entries (users, internet, client, mobile, onprem, Route 53,
        CloudFront, Global Accelerator; if there are none, every node that only sends)
        to each data store (`stateful` kinds such as rds, s3, dynamodb) and each sink
        (a node that sends nothing), using the Lengauer-Tarjan algorithm, so the check
        stays near-linear on graphs of tens of thousands of components.

        Redundant, and so not reported: services AWS runs across AZs for you (S3,
        DynamoDB, SQS, SNS, Lambda, ALB/NLB, API Gateway, Route 53, CloudFront...);
        `count` of 2 or more copies (counts of enclosing groups multiply) over 2 or
        more AZs (`azs` on the component or on an enclosing asg/group/subnet, or an
        enclosing `az` group, which is one AZ); `multi_az = true` on RDS, ElastiCache,
        MemoryDB and other databases that offer it; ElastiCache Serverless
        (`type = serverless`); Memcached nodes over 2 or more AZs; Aurora, DocumentDB and Neptune
        clusters with `replicas` of 1 or more not pinned to one AZ; a regional NAT
        gateway (`type = regional`); an interface endpoint or PrivateLink service with
        `azs` of 2 or more (one endpoint, a network interface per AZ); 2 or more VPN or
        Direct Connect connections (`count = 2`: links have no AZ). RDS read replicas
        are not a failover target, so they do not make an instance redundant; a
        replica drawn as its own node (`replica_of = db`) is judged with its primary,
        not as a database of its own.

        Managed clusters are judged by what AWS runs for them, recorded with its source
        and date in the kinds table (docs/kinds.md): EKS runs its control plane across
        AZs, so its worker nodes are what count; an ECS service spreads its tasks over
        AZs, so its task count is what counts; MSK spreads brokers over AZs by itself;
        OpenSearch and Redshift are single-AZ unless `multi_az = true`; an EMR cluster
        is always in one AZ. The message names that reason. Dependencies outside AWS
        (`external`, `saas`, `onprem_system`, and users, clients, on-premises
        entries) are never told to add copies: their redundancy is the provider's, and
        AVL001 counts the `sla` they declare.

        Edges: `--` is an association (a volume attached) and carries no traffic; an
        edge between two VPCs (peering) is network plumbing and carries none either.
        An edge to or from a group (`lb -> web_asg`) is traffic to or from its members:
        it enters the members that nothing else in the group calls and leaves from the
        members that call nothing else in the group, so the members are what is judged,
        never the group itself. This is a design principle of the Well-Architected
        reliability pillar and the AWS SLAs (which cover EC2 instances deployed across
        two or more AZs), not a quota; checked against AWS documentation in 2026-11.
    """,
    fix="""
        Run the component as at least two copies in at least two AZs (an Auto Scaling
        group over two AZs behind a load balancer), turn on Multi-AZ for databases and
        caches, add an Aurora replica in another AZ, or replace the component with a
        managed service that is redundant across AZs.
    """,
    sources=[MULTI_AZ_SOURCE, AURORA_SOURCE, EC2_SLA, DAX_SOURCE,
             *(f.source for f in (cluster_facts.EKS, cluster_facts.ECS, cluster_facts.MSK,
                                  cluster_facts.OPENSEARCH, cluster_facts.EMR,
                                  cluster_facts.REDSHIFT))],
    failing=[
        """
        users: users
        lb:  alb
        web: ec2 { count = 2, azs = 2 }
        db:  rds { engine = "postgres" }
        users -> lb -> web -> db
        """,
        """
        users: users
        app: ec2
        db:  dynamodb
        users -> app -> db
        """,
    ],
    passing=[
        """
        users: users
        lb:  alb
        web: ec2 { count = 2, azs = 2 }
        db:  rds { engine = "postgres", multi_az = true }
        users -> lb -> web -> db
        """,
        """
        users: users
        lb: alb
        az a { web_a: ec2 }
        az b { web_b: ec2 }
        db: aurora { replicas = 1 }
        users -> lb -> [web_a, web_b] -> db
        """,
    ],
)
def single_point_of_failure(graph: Graph, ctx: RuleContext) -> list[Finding]:
    """A list rather than a generator: tens of thousands of findings on a large graph."""
    findings, finding, judges = [], ctx.finding, JUDGES   # assess(), the judge at hand
    for node, entry, sink in critical_components(graph):
        judged = judges[node.kind](node)
        if judged is None:
            continue
        reason, fix = judged
        # one f-string per case: a large graph has tens of thousands of these
        if node is sink:
            target = "the data" if KINDS[node.kind].stateful else "this flow"
            message = (f"'{node.id}' ({node.kind}) is a single point of failure: every path "
                       f"from '{entry.id}' to {target} ends at it, and it is not "
                       f"redundant: {reason}")
        elif node is entry:
            message = (f"'{node.id}' ({node.kind}) is a single point of failure: every path "
                       f"to '{sink.id}' starts here, and it is not redundant: {reason}")
        else:
            message = (f"'{node.id}' ({node.kind}) is a single point of failure: every path "
                       f"from '{entry.id}' to '{sink.id}' passes through it, and "
                       f"it is not redundant: {reason}")
        findings.append(finding(node, message, fix=fix,
                                yields_to=YIELDS_TO))   # a zonal NAT gateway: REL003 names the cause
    return findings
