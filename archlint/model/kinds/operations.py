"""Operations: observability, analytics, machine learning, developer tools.

Rows of the kinds table: one `k(...)` per kind (the fields and traits are in
`archlint.model.kinds.base`).
"""

from __future__ import annotations

from archlint.model import cluster_facts
from archlint.model.kinds.base import AWS, Kind, k

ROWS: tuple[Kind, ...] = (
    # observability
    k("cloudwatch", "Amazon CloudWatch", "observability", AWS + "management.Cloudwatch", ha=True),
    k("xray", "AWS X-Ray", "observability", AWS + "devtools.XRay", ha=True),
    k("cloudtrail", "AWS CloudTrail", "observability", AWS + "management.Cloudtrail", ha=True),
    # analytics
    k("athena", "Amazon Athena", "analytics", AWS + "analytics.Athena", ha=True),
    k("glue", "AWS Glue", "analytics", AWS + "analytics.Glue", ha=True),
    k("emr", "Amazon EMR cluster", "analytics", AWS + "analytics.EMR",
      redundancy=cluster_facts.EMR,
      traits=("instance_host",)),
    k(
        "redshift",
        "Amazon Redshift cluster",
        "analytics",
        AWS + "analytics.Redshift",
        stateful=True,
        redundancy=cluster_facts.REDSHIFT,
        traits=("multi_az_option", "node_cluster"),
    ),
    k(
        "opensearch",
        "Amazon OpenSearch Service domain",
        "analytics",
        AWS + "analytics.AmazonOpensearchService",
        stateful=True,
        redundancy=cluster_facts.OPENSEARCH,
        aliases=("elasticsearch",),
        traits=("multi_az_option", "node_cluster"),
    ),
    k("quicksight", "Amazon QuickSight", "analytics", AWS + "analytics.Quicksight", ha=True),
    # ml
    k("sagemaker", "Amazon SageMaker endpoint", "ml", AWS + "ml.Sagemaker", traits=("compute",)),
    k("bedrock", "Amazon Bedrock", "ml", AWS + "ml.Bedrock", ha=True),
    # devtools
    k("codepipeline", "AWS CodePipeline", "devtools", AWS + "devtools.Codepipeline", ha=True),
    k("codebuild", "AWS CodeBuild", "devtools", AWS + "devtools.Codebuild", ha=True),
)
