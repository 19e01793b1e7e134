"""The vocabulary of archlint: which node kinds and group kinds the DSL knows.

Each node kind carries what the checks need to reason about an architecture
(is it redundant on its own? does it hold data? is it where traffic enters?
are calls into it asynchronous?) and the dotted path of the ``diagrams``
class that draws it.

This module sits on the lint path, so it imports nothing heavy: the diagrams
classes are referred to by string and only the renderer imports them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archlint.model import cluster_facts
from archlint.model.cluster_facts import Redundancy


@dataclass(frozen=True)
class Kind:
    """A node kind of the DSL: what it is, how to draw it, and traits the checks use."""

    name: str
    """DSL keyword, lowercase, e.g. ``"ec2"``."""
    title: str
    """Human name, e.g. ``"Amazon EC2 instance"``."""
    category: str
    """One of :data:`CATEGORIES`."""
    diagram: str
    """Dotted path of the diagrams class, e.g. ``"diagrams.aws.compute.EC2"``."""
    managed_ha: bool = False
    """AWS runs it redundantly across AZs for you; no count/azs/multi_az needed."""
    stateful: bool = False
    """Holds data (a data store or sink): losing it loses data."""
    entry: bool = False
    """Where traffic comes from (users, the internet, DNS/edge front doors)."""
    asynchronous: bool = False
    """Queue, topic, stream or event bus: edges into it are asynchronous."""
    aliases: tuple[str, ...] = ()
    """Other accepted spellings; kept few so typos are caught, not guessed."""
    redundancy: Redundancy | None = None
    """For managed clusters: what AWS runs across AZs, with its source and date."""
    sla: bool = False
    """A dependency outside AWS: judged by its declared `sla`, never told to add copies."""
    traits: frozenset[str] = frozenset()
    """More traits rules read, from :data:`TRAITS` (e.g. ``"read_cache"``)."""


@dataclass(frozen=True)
class GroupKind:
    """A container in the DSL (``vpc prod { ... }``) and how the renderer styles it."""

    name: str
    title: str
    style: dict = field(hash=False)
    """Graphviz ``graph_attr`` hints (bgcolor, style, pencolor), plain strings."""
    traits: frozenset[str] = frozenset()
    """Traits from :data:`TRAITS` that rules read (e.g. ``"replicating"``)."""
    acts_as: str | None = None
    """The node kind a group of this kind stands for in rules (an asg is an EC2 fleet)."""
    short: str = ""
    """What a picture writes before a group's label (`VPC: Production`); empty: nothing."""
    words: tuple[str, ...] = ()
    """Words that already name the kind in a label (`Legacy VPC` stays as written)."""


TRAITS: dict[str, str] = {
    # the four traits every kind has a field for
    "managed_ha": "AWS runs it redundantly across Availability Zones for you; no `count`, "
                  "`azs`, `multi_az` or replicas are needed",
    "stateful": "holds data (a data store or sink); losing it loses data",
    "entry": "where traffic comes from (users, the internet, DNS and edge front doors)",
    "asynchronous": "a queue, topic, stream or event bus; edges into it are asynchronous",
    # traits in `Kind.traits` / `GroupKind.traits`
    "multi_az_option": "offers Multi-AZ: `multi_az = true` keeps a standby in another AZ",
    "replica_cluster": "a writer with readers: its `replicas` are automatic failover targets",
    "node_cluster": "a cluster whose `nodes` are copies",
    "connection": "a link to on-premises: a second connection is its redundancy; it has no AZ",
    "multi_subnet": "one resource with a network interface in each subnet it is given, so "
                    "`azs = 2` makes it redundant",
    "instance_host": "runs on EC2 instances: an EBS volume can attach to it",
    "async_invoker": "invokes Lambda functions asynchronously",
    "vpc_gateway": "a VPC's way out (internet, NAT, VPN, Direct Connect): a peered VPC "
                   "cannot route through it",
    "tgw_attachment": "attaches to a transit gateway itself, not through a VPC",
    "read_cache": "a cache that serves reads in front of a data store",
    "read_store": "a database whose reads can move to replicas or a cache",
    "compute": "runs the application's code (a tier of workers)",
    "server_fleet": "long-running servers or containers: a front tier behind a load balancer",
    "request_router": "takes requests and passes them on to a tier (load balancer, API)",
    "load_balancer": "an Elastic Load Balancing load balancer",
    "internet": "the public internet, or the gateway to it",
    "db_connections": "each client holds its own database connection (RDS Proxy pools them)",
    "network": "a network container: an edge between two of them is plumbing, not traffic",
    "replicating": "its `count` and `azs` spread its members",
}
"""Every trait a kind can have, and what it means (docs/kinds.md lists them)."""


CATEGORIES: tuple[str, ...] = (
    "compute",
    "containers",
    "serverless",
    "integration",
    "storage",
    "database",
    "cache",
    "network",
    "edge",
    "security",
    "observability",
    "analytics",
    "ml",
    "devtools",
    "external",
    "generic",
)


def _k(
    name: str,
    title: str,
    category: str,
    diagram: str,
    *,
    ha: bool = False,
    stateful: bool = False,
    entry: bool = False,
    asynchronous: bool = False,
    aliases: tuple[str, ...] = (),
    redundancy: Redundancy | None = None,
    sla: bool = False,
    traits: tuple[str, ...] = (),
) -> Kind:
    """Short constructor so the table below reads as one line per kind."""
    return Kind(
        name=name,
        title=title,
        category=category,
        diagram=diagram,
        managed_ha=ha,
        stateful=stateful,
        entry=entry,
        asynchronous=asynchronous,
        aliases=aliases,
        redundancy=redundancy,
        sla=sla,
        traits=frozenset(traits),
    )


_AWS = "diagrams.aws."

# Trait notes for reviewers:
# - managed_ha means redundancy is AWS's job. Things whose redundancy the
#   architect declares (instance counts, subnets/AZs, multi_az, replicas,
#   broker/node counts, second connections) are NOT managed_ha, even when the
#   control plane is managed (ecs, eks, fargate, rds, msk, emr, sagemaker...).
# - Zonal resources (ebs, natgateway, interface endpoints, emr clusters,
#   network firewall endpoints) are never managed_ha.
# - Queues/streams buffer data but are not "stateful": stateful marks the
#   places where data lives (stores and sinks), which need backups/replicas.
_KIND_LIST: tuple[Kind, ...] = (
    # compute
    _k("ec2", "Amazon EC2 instance", "compute", _AWS + "compute.EC2",
       traits=("instance_host", "compute", "server_fleet")),
    _k("batch", "AWS Batch", "compute", _AWS + "compute.Batch",
       traits=("instance_host", "compute")),
    _k("lightsail", "Amazon Lightsail instance", "compute", _AWS + "compute.Lightsail",
       traits=("compute", "server_fleet")),
    _k(
        "elasticbeanstalk",
        "AWS Elastic Beanstalk environment",
        "compute",
        _AWS + "compute.ElasticBeanstalk",
        aliases=("beanstalk",),
        traits=("instance_host", "compute", "server_fleet"),
    ),
    # containers
    _k("ecs", "Amazon ECS service", "containers", _AWS + "compute.ElasticContainerService",
       redundancy=cluster_facts.ECS,
       traits=("instance_host", "compute", "server_fleet")),
    _k("fargate", "AWS Fargate task", "containers", _AWS + "compute.Fargate",
       traits=("compute", "server_fleet")),
    _k("eks", "Amazon EKS cluster", "containers", _AWS + "compute.ElasticKubernetesService",
       redundancy=cluster_facts.EKS,
       traits=("instance_host", "compute", "server_fleet")),
    _k(
        "ecr",
        "Amazon ECR registry",
        "containers",
        _AWS + "compute.EC2ContainerRegistry",
        ha=True,
    ),
    # serverless
    _k("lambda", "AWS Lambda function", "serverless", _AWS + "compute.Lambda", ha=True,
       aliases=("aws_lambda",),
       traits=("compute",)),
    _k("apprunner", "AWS App Runner service", "serverless", _AWS + "compute.AppRunner", ha=True,
       traits=("compute",)),
    # integration: messaging, streaming, orchestration
    _k(
        "sqs",
        "Amazon SQS queue",
        "integration",
        _AWS + "integration.SimpleQueueServiceSqs",
        ha=True,
        asynchronous=True,
    ),
    _k(
        "sns",
        "Amazon SNS topic",
        "integration",
        _AWS + "integration.SimpleNotificationServiceSns",
        ha=True,
        asynchronous=True,
        traits=("async_invoker",),
    ),
    _k(
        "eventbridge",
        "Amazon EventBridge event bus",
        "integration",
        _AWS + "integration.Eventbridge",
        ha=True,
        asynchronous=True,
        traits=("async_invoker",),
    ),
    _k(
        "kinesis",
        "Amazon Kinesis Data Streams",
        "integration",
        _AWS + "analytics.KinesisDataStreams",
        ha=True,
        asynchronous=True,
    ),
    _k(
        "firehose",
        "Amazon Data Firehose",
        "integration",
        _AWS + "analytics.KinesisDataFirehose",
        ha=True,
        asynchronous=True,
    ),
    _k(
        "msk",
        "Amazon MSK (Kafka) cluster",
        "integration",
        _AWS + "analytics.ManagedStreamingForKafka",
        asynchronous=True,
        redundancy=cluster_facts.MSK,
        traits=("node_cluster",),
    ),
    _k("mq", "Amazon MQ broker", "integration", _AWS + "integration.MQ", asynchronous=True,
       traits=("multi_az_option",)),
    _k(
        "stepfunctions",
        "AWS Step Functions state machine",
        "integration",
        _AWS + "integration.StepFunctions",
        ha=True,
        aliases=("sfn",),
    ),
    _k("appsync", "AWS AppSync GraphQL API", "integration", _AWS + "integration.Appsync", ha=True),
    _k(
        "ses",
        "Amazon SES",
        "integration",
        _AWS + "engagement.SimpleEmailServiceSes",
        ha=True,
        traits=("async_invoker",),
    ),
    # storage
    _k(
        "s3",
        "Amazon S3 bucket",
        "storage",
        _AWS + "storage.SimpleStorageServiceS3",
        ha=True,
        stateful=True,
        traits=("async_invoker",),
    ),
    _k(
        "efs",
        "Amazon EFS file system",
        "storage",
        _AWS + "storage.ElasticFileSystemEFS",
        ha=True,
        stateful=True,
    ),
    _k(
        "ebs",
        "Amazon EBS volume",
        "storage",
        _AWS + "storage.ElasticBlockStoreEBS",
        stateful=True,
    ),
    _k("fsx", "Amazon FSx file system", "storage", _AWS + "storage.Fsx", stateful=True,
       traits=("multi_az_option",)),
    _k(
        "glacier",
        "Amazon S3 Glacier",
        "storage",
        _AWS + "storage.S3Glacier",
        ha=True,
        stateful=True,
    ),
    _k("backup", "AWS Backup vault", "storage", _AWS + "storage.Backup", ha=True, stateful=True),
    _k(
        "storagegateway",
        "AWS Storage Gateway appliance",
        "storage",
        _AWS + "storage.StorageGateway",
    ),
    # database
    _k("rds", "Amazon RDS database", "database", _AWS + "database.RDS", stateful=True,
       traits=("multi_az_option", "read_store", "db_connections")),
    _k("aurora", "Amazon Aurora cluster", "database", _AWS + "database.Aurora", stateful=True,
       traits=("multi_az_option", "replica_cluster", "read_store", "db_connections")),
    _k(
        "dynamodb",
        "Amazon DynamoDB table",
        "database",
        _AWS + "database.Dynamodb",
        ha=True,
        stateful=True,
        aliases=("dynamo",),
        traits=("read_store",),
    ),
    _k(
        "documentdb",
        "Amazon DocumentDB cluster",
        "database",
        _AWS + "database.DocumentdbMongodbCompatibility",
        stateful=True,
        aliases=("docdb",),
        traits=("multi_az_option", "replica_cluster", "read_store"),
    ),
    _k("neptune", "Amazon Neptune cluster", "database", _AWS + "database.Neptune", stateful=True,
       traits=("multi_az_option", "replica_cluster", "read_store")),
    # diagrams 0.25.1 has no MemoryDB icon; MemoryDB is Redis-compatible.
    _k(
        "memorydb",
        "Amazon MemoryDB cluster",
        "database",
        _AWS + "database.ElasticacheForRedis",
        stateful=True,
        traits=("multi_az_option", "node_cluster", "read_cache"),
    ),
    _k(
        "keyspaces",
        "Amazon Keyspaces (Cassandra) table",
        "database",
        _AWS + "database.KeyspacesManagedApacheCassandraService",
        ha=True,
        stateful=True,
    ),
    _k(
        "timestream",
        "Amazon Timestream database",
        "database",
        _AWS + "database.Timestream",
        ha=True,
        stateful=True,
    ),
    # diagrams 0.25.1 has no RDS Proxy icon; the RDS one is the closest.
    # RDS Proxy itself is deployed across AZs by AWS and holds no data.
    _k("rdsproxy", "Amazon RDS Proxy", "database", _AWS + "database.RDS", ha=True),
    # cache
    _k(
        "elasticache",
        "Amazon ElastiCache cluster",
        "cache",
        _AWS + "database.Elasticache",
        stateful=True,
        traits=("multi_az_option", "node_cluster", "read_cache"),
    ),
    _k(
        "dax",
        "Amazon DynamoDB Accelerator (DAX) cluster",
        "cache",
        _AWS + "database.DynamodbDax",
        stateful=True,
        traits=("node_cluster", "read_cache"),
    ),
    # network: load balancers, gateways, connectivity
    _k(
        "alb",
        "Application Load Balancer",
        "network",
        _AWS + "network.ElbApplicationLoadBalancer",
        ha=True,
        aliases=("elb_application", "application_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    _k(
        "nlb",
        "Network Load Balancer",
        "network",
        _AWS + "network.ElbNetworkLoadBalancer",
        ha=True,
        aliases=("elb_network", "network_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    _k(
        "elb",
        "Elastic Load Balancing load balancer (type not stated)",
        "network",
        _AWS + "network.ElasticLoadBalancing",
        ha=True,
        aliases=("load_balancer",),
        traits=("request_router", "load_balancer"),
    ),
    _k(
        "clb",
        "Classic Load Balancer",
        "network",
        _AWS + "network.ElbClassicLoadBalancer",
        ha=True,
        aliases=("elb_classic", "classic_load_balancer"),
        traits=("request_router", "load_balancer"),
    ),
    _k(
        "apigateway",
        "Amazon API Gateway",
        "network",
        _AWS + "network.APIGateway",
        ha=True,
        aliases=("apigw", "api_gateway"),
        traits=("request_router",),
    ),
    _k(
        "natgateway",
        "NAT gateway",
        "network",
        _AWS + "network.NATGateway",
        aliases=("nat", "nat_gateway"),
        traits=("vpc_gateway",),
    ),
    _k(
        "internetgateway",
        "Internet gateway",
        "network",
        _AWS + "network.InternetGateway",
        ha=True,
        aliases=("igw",),
        traits=("vpc_gateway", "internet"),
    ),
    _k(
        "transitgateway",
        "AWS Transit Gateway",
        "network",
        _AWS + "network.TransitGateway",
        ha=True,
        aliases=("tgw",),
        traits=("tgw_attachment",),
    ),
    _k(
        "vpcendpoint",
        "VPC interface endpoint (PrivateLink)",
        "network",
        _AWS + "network.Endpoint",
        aliases=("vpce",),
        traits=("multi_subnet",),
    ),
    _k("privatelink", "AWS PrivateLink service", "network", _AWS + "network.Privatelink",
       traits=("multi_subnet",)),
    _k(
        "directconnect",
        "AWS Direct Connect connection",
        "network",
        _AWS + "network.DirectConnect",
        aliases=("dx",),
        traits=("connection", "vpc_gateway", "tgw_attachment"),
    ),
    _k("vpn", "AWS Site-to-Site VPN connection", "network", _AWS + "network.VpnConnection",
       traits=("connection", "vpc_gateway", "tgw_attachment")),
    # edge: global front doors
    _k(
        "route53",
        "Amazon Route 53",
        "edge",
        _AWS + "network.Route53",
        ha=True,
        entry=True,
    ),
    _k(
        "cloudfront",
        "Amazon CloudFront distribution",
        "edge",
        _AWS + "network.CloudFront",
        ha=True,
        entry=True,
    ),
    _k(
        "globalaccelerator",
        "AWS Global Accelerator",
        "edge",
        _AWS + "network.GlobalAccelerator",
        ha=True,
        entry=True,
    ),
    # security
    _k("waf", "AWS WAF web ACL", "security", _AWS + "security.WAF", ha=True),
    _k("shield", "AWS Shield", "security", _AWS + "security.Shield", ha=True),
    _k("cognito", "Amazon Cognito user pool", "security", _AWS + "security.Cognito", ha=True),
    _k(
        "iam",
        "AWS IAM",
        "security",
        _AWS + "security.IdentityAndAccessManagementIam",
        ha=True,
    ),
    _k("kms", "AWS KMS key", "security", _AWS + "security.KeyManagementService", ha=True),
    _k(
        "secretsmanager",
        "AWS Secrets Manager",
        "security",
        _AWS + "security.SecretsManager",
        ha=True,
    ),
    _k(
        "acm",
        "AWS Certificate Manager",
        "security",
        _AWS + "security.CertificateManager",
        ha=True,
    ),
    _k(
        "networkfirewall",
        "AWS Network Firewall",
        "security",
        _AWS + "network.NetworkFirewall",
    ),
    # observability
    _k("cloudwatch", "Amazon CloudWatch", "observability", _AWS + "management.Cloudwatch", ha=True),
    _k("xray", "AWS X-Ray", "observability", _AWS + "devtools.XRay", ha=True),
    _k("cloudtrail", "AWS CloudTrail", "observability", _AWS + "management.Cloudtrail", ha=True),
    # analytics
    _k("athena", "Amazon Athena", "analytics", _AWS + "analytics.Athena", ha=True),
    _k("glue", "AWS Glue", "analytics", _AWS + "analytics.Glue", ha=True),
    _k("emr", "Amazon EMR cluster", "analytics", _AWS + "analytics.EMR",
       redundancy=cluster_facts.EMR,
       traits=("instance_host",)),
    _k(
        "redshift",
        "Amazon Redshift cluster",
        "analytics",
        _AWS + "analytics.Redshift",
        stateful=True,
        redundancy=cluster_facts.REDSHIFT,
        traits=("multi_az_option", "node_cluster"),
    ),
    _k(
        "opensearch",
        "Amazon OpenSearch Service domain",
        "analytics",
        _AWS + "analytics.AmazonOpensearchService",
        stateful=True,
        redundancy=cluster_facts.OPENSEARCH,
        aliases=("elasticsearch",),
        traits=("multi_az_option", "node_cluster"),
    ),
    _k("quicksight", "Amazon QuickSight", "analytics", _AWS + "analytics.Quicksight", ha=True),
    # ml
    _k("sagemaker", "Amazon SageMaker endpoint", "ml", _AWS + "ml.Sagemaker", traits=("compute",)),
    _k("bedrock", "Amazon Bedrock", "ml", _AWS + "ml.Bedrock", ha=True),
    # devtools
    _k("codepipeline", "AWS CodePipeline", "devtools", _AWS + "devtools.Codepipeline", ha=True),
    _k("codebuild", "AWS CodeBuild", "devtools", _AWS + "devtools.Codebuild", ha=True),
    # external: where traffic comes from
    _k(
        "users",
        "End users",
        "external",
        "diagrams.onprem.client.Users",
        entry=True,
        aliases=("user",),
    ),
    _k("internet", "The internet", "external", "diagrams.onprem.network.Internet", entry=True,
       traits=("internet",)),
    _k("client", "Client application", "external", "diagrams.onprem.client.Client", entry=True),
    _k("mobile", "Mobile app", "external", "diagrams.generic.device.Mobile", entry=True),
    _k(
        "onprem",
        "On-premises data center",
        "external",
        "diagrams.generic.place.Datacenter",
        entry=True,
        aliases=("datacenter",),
    ),
    # generic
    # dependencies outside AWS (payment providers, SaaS APIs, on-premises systems):
    # their redundancy is the provider's, judged by the `sla` the design declares
    _k("external", "Third-party service or API", "external", "diagrams.saas.Saas", sla=True,
       aliases=("third_party",)),
    _k("saas", "SaaS dependency", "external", "diagrams.saas.Saas", sla=True),
    _k("onprem_system", "On-premises system (a dependency)", "external",
       "diagrams.onprem.compute.Server", sla=True, aliases=("on_prem",)),
    _k("generic", "Generic component", "generic", "diagrams.generic.Generic"),
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in _KIND_LIST}
"""Canonical name -> Kind. Aliases are not keys here; use :func:`lookup`."""

_BY_SPELLING: dict[str, Kind] = {
    **{alias: kind for kind in _KIND_LIST for alias in kind.aliases},
    **KINDS,
}


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


def has_trait(kind: str, trait: str) -> bool:
    """Whether the node or group kind named `kind` has `trait` (see :data:`TRAITS`)."""
    found = KINDS.get(kind) or GROUP_KINDS.get(kind)
    return found is not None and (trait in found.traits or getattr(found, trait, None) is True)


def kinds_with(trait: str) -> tuple[str, ...]:
    """Names of the node kinds with `trait`, in table order (for `Graph.of_kind`)."""
    return tuple(k.name for k in _KIND_LIST if trait in k.traits)


def lookup(name: str) -> Kind | None:
    """Return the Kind for a canonical name or alias, or None (exact match)."""
    return _BY_SPELLING.get(name)


_SUGGEST_CUTOFF = 0.6  # difflib's default: "ec3"/"ec2" scores 0.67, "zzzzqqq" nothing


def _shape(text: str) -> str:
    """Letters -> 'a', digits -> '9': lets "ec3" prefer "ec2" over "ecs"."""
    return "".join("9" if c.isdigit() else "a" if c.isalpha() else c for c in text)


def suggest(name: str) -> str | None:
    """Closest canonical name or alias for a typo, or None if nothing is close.

    difflib is imported here, not at module level, to keep lint startup lean.
    Ties on similarity are broken by digit/letter shape, then canonical names
    over aliases, then alphabetically, so answers are stable.
    """
    import difflib

    wanted = name.strip().lower()
    if not wanted:
        return None
    shape = _shape(wanted)
    scored: list[tuple[float, float, bool, str]] = []
    for spelling in _BY_SPELLING:
        ratio = difflib.SequenceMatcher(None, spelling, wanted).ratio()
        if ratio >= _SUGGEST_CUTOFF:
            shape_ratio = difflib.SequenceMatcher(None, _shape(spelling), shape).ratio()
            scored.append((-ratio, -shape_ratio, spelling not in KINDS, spelling))
    return min(scored)[3] if scored else None
